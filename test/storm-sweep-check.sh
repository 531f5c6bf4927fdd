#!/usr/bin/env bash
# CTest checks of the reconnection-storm sweep (test/CMakeLists.txt, storm.sweep-*).
#   storm-sweep-check.sh sweep  BINARY WORKDIR   run a tiny sweep (2 points x 2 runs) through
#                                                examples/storm-sweep/storm-sweep.sh with GNU
#                                                parallel and check aggregate.csv
#   storm-sweep-check.sh single BINARY WORKDIR   run point 1, run 2 alone and compare its files
#                                                byte for byte with the sweep's
#   storm-sweep-check.sh sha256 BINARY WORKDIR   run the example twice with one seed and once with
#                                                another; compare the SHA-256 of every output file
set -euo pipefail
mode="$1"
binary="$2"
work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
sweep="$here/../examples/storm-sweep/storm-sweep.sh"
point1="--devices=6 --duration=120 --outage-start=40 --outage-duration=20 --attach-spread=5 --retry-base=5 --retry-cap=20 --resumption=0"
point2="--devices=6 --duration=120 --outage-start=40 --outage-duration=20 --attach-spread=5 --retry-base=5 --retry-cap=20 --resumption=1"
fail() {
    echo "storm-sweep-check: $*" >&2
    exit 1
}
case "$mode" in
sweep)
    rm -rf "$work"
    mkdir -p "$work"
    printf '# tiny sweep for CTest\n%s\n\n%s\n' "$point1" "$point2" >"$work/points.txt"
    "$sweep" --points "$work/points.txt" --out "$work/out" --runs 2 --jobs 2 --binary "$binary"
    agg="$work/out/aggregate.csv"
    [ -s "$agg" ] || fail "no aggregate.csv"
    head -1 "$agg" | grep -q '^attach-spread,.*,resumption,.*,metric,runs,mean,stddev,ci95_low,ci95_high$' ||
        fail "unexpected aggregate header: $(head -1 "$agg")"
    # Two points (resumption 0 and 1), each metric over 2 runs, with a confidence interval.
    python3 - "$agg" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
points = {r["resumption"] for r in rows}
assert points == {"0", "1"}, points
for r in rows:
    assert r["runs"] == "2", r
recon = {r["resumption"]: r for r in rows if r["metric"] == "reconnected_fraction"}
assert set(recon) == {"0", "1"}, recon
for r in recon.values():
    assert float(r["mean"]) == 1.0, r  # all 6 devices reconnect in both runs
res = {r["resumption"]: float(r["mean"]) for r in rows if r["metric"] == "handshakes.resumed"}
assert res["0"] == 0 and res["1"] >= 6, res
lo = [r for r in rows if r["metric"] == "attempts"]
for r in lo:
    assert float(r["ci95_low"]) <= float(r["mean"]) <= float(r["ci95_high"]), r
print("aggregate.csv: %d rows, points %s" % (len(rows), sorted(points)))
PY
    ;;
single)
    ref="$work/out/point-1/run-2"
    [ -d "$ref" ] || fail "no sweep output at $ref (run storm.sweep-aggregate first)"
    rm -rf "$work/single"
    # shellcheck disable=SC2086
    "$binary" $point1 --run=2 --out-dir="$work/single" --progress=0 >"$work/single.txt"
    for f in connections.csv timeline.csv energy.csv summary.json; do
        cmp "$ref/$f" "$work/single/$f" || fail "$f differs between the sweep's run and a single run"
    done
    # And another run number must differ (the check can fail).
    if cmp -s "$work/out/point-1/run-1/connections.csv" "$ref/connections.csv"; then
        fail "run 1 and run 2 gave identical connections.csv"
    fi
    echo "single run identical to the sweep's point 1 run 2"
    ;;
sha256)
    rm -rf "$work/sha"
    mkdir -p "$work/sha"
    for name in a b other; do
        seed=7
        [ "$name" = other ] && seed=8
        # shellcheck disable=SC2086
        "$binary" $point2 --seed=$seed --out-dir="$work/sha/$name" --progress=0 >"$work/sha/$name.txt"
        # Every regular file the run wrote (CSVs, summary.json, plot scripts, PNGs if gnuplot ran).
        (cd "$work/sha/$name" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$work/sha/$name.sha256"
        [ "$(wc -l <"$work/sha/$name.sha256")" -ge 7 ] || fail "run $name wrote fewer than 7 files"
    done
    diff "$work/sha/a.sha256" "$work/sha/b.sha256" || fail "same seed, different SHA-256 (above)"
    for f in connections.csv summary.json; do
        if [ "$(grep " ./$f\$" "$work/sha/a.sha256")" = "$(grep " ./$f\$" "$work/sha/other.sha256")" ]; then
            fail "seed 7 and seed 8 gave the same $f"
        fi
    done
    echo "same seed: $(wc -l <"$work/sha/a.sha256") files with identical SHA-256; another seed differs"
    ;;
*)
    fail "mode must be sweep, single or sha256"
    ;;
esac
