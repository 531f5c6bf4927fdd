#!/usr/bin/env bash
# CTest check of the scale benchmark's script (test/CMakeLists.txt, storm.bench-script):
#   storm-bench-check.sh STORM TLS_BENCH WORKDIR
# runs test/bench/storm-bench.py on 20 devices, both modes, with --rate-per-1000 250 and
# --progress 1, and checks bench.csv (two rows, the scaled admission limit, a ratio), that each
# storm ran with that limit (its summary.json) and that each log has the storm's progress output.
set -euo pipefail
storm="$1"
tls="$2"
work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$work"
python3 "$here/bench/storm-bench.py" --storm "$storm" --tls-bench "$tls" --sizes 20 \
    --duration 200 --rate-per-1000 250 --progress 1 --out "$work"
python3 - "$work" <<'PY'
import csv, json, os, sys
work = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(work, "bench.csv"))))
assert [r["resumption"] for r in rows] == ["0", "1"], rows
for r in rows:
    assert r["devices"] == "20" and r["rate_limit_per_s"] == "5", r
    assert float(r["ratio"]) > 0 and float(r["openssl_s"]) > 0, r
    assert r["openssl_scale"] == "1.0000", r
    name = "n20-r%s" % r["resumption"]
    summary = json.load(open(os.path.join(work, name, "summary.json")))
    assert summary["parameters"]["rate-limit"] == "5.000000", summary["parameters"]
    assert summary["parameters"]["duration"] == "200.000000", summary["parameters"]
    assert "storm: done in" in open(os.path.join(work, name + ".log")).read(), name
PY
echo "storm-bench-check: ok"
