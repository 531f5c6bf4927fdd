#!/usr/bin/env python3
"""Scale benchmark of the reconnection storm (make bench; not part of make test).

Usage: storm-bench.py --storm BIN --tls-bench BIN [--sizes 1000,10000,100000] [--out DIR]
                      [--cert rsa|ecdsa] [--duration S] [--resumption 0|1|0,1]
                      [--tls-sample N] [--rate-per-1000 R] [--progress 0|1]

For each fleet size, with full handshakes (--resumption=0) and with resumption
(--resumption=1), runs examples/reconnection-storm (the
outage from 120 s to 180 s) with one cell per 100 devices and RAT (the demo's
density, at most 1000) and a server farm that grows with the fleet: the storm's one
machine per 1000 devices, and an admission limit of R new connections/s per 1000
devices (--rate-per-1000, 500: the demo's 500/s at 1000 devices), so every size puts
the same load on each machine. It reports:
  wall_s          wall time of the run (host clock, measured here only)
  events_per_s    simulator events (summary.json "events") / wall_s
  peak_rss_mib    peak resident set size of the run (wait4 ru_maxrss)
  rss_per_device_kib  peak RSS / devices
  handshakes      server handshakes completed, full + resumed (summary.json)
  openssl_s       wall time of the same handshakes by an in-memory OpenSSL client/server pair
                  (tls-handshake-bench), measured in the same benchmark run; with
                  --tls-sample N (0: all) and more than N full handshakes, the pair does the
                  same mix of full and resumed handshakes scaled down to N full ones and the
                  time is scaled back up (openssl_scale, the fraction done: 1 when exact)
  ratio           wall_s / openssl_s: the simulation's cost per unit of pure TLS work
With --progress 1, each run's progress lines (simulated time, wall time, events/s, at most
once a second) go to its DIR/nN-rR.log as the run goes. Writes DIR/bench.csv and prints a
table. Only the Python standard library is used.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time


def run_measured(argv, stdout_path):
    """Run argv; return (wall seconds, peak RSS in KiB, exit code)."""
    with open(stdout_path, "w", encoding="utf-8") as out:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storm", required=True)
    parser.add_argument("--tls-bench", required=True)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--out", default="storm-bench-out")
    parser.add_argument("--cert", default="rsa", choices=["rsa", "ecdsa"])
    parser.add_argument("--duration", type=int, default=300)
    parser.add_argument("--resumption", default="0,1", choices=["0", "1", "0,1"],
                        help="which runs per size: full handshakes (0), resumption (1) or both")
    parser.add_argument("--tls-sample", type=int, default=0,
                        help="most full handshakes the OpenSSL pair does (0: all)")
    parser.add_argument("--rate-per-1000", type=float, default=500.0,
                        help="farm admission limit per 1000 devices, new connections/s")
    parser.add_argument("--progress", default="0", choices=["0", "1"],
                        help="write each run's progress lines to its log (0: none)")
    args = parser.parse_args(argv)
    if not args.rate_per_1000 > 0:
        raise SystemExit("storm-bench: --rate-per-1000: %r is not > 0" % args.rate_per_1000)
    if args.tls_sample < 0:
        raise SystemExit("storm-bench: --tls-sample: %d is negative" % args.tls_sample)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s]
    except ValueError:
        raise SystemExit("storm-bench: --sizes: %r is not a list of integers" % args.sizes)
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for devices in sizes:
        for resumption in [int(r) for r in args.resumption.split(",")]:
            name = "n%d-r%d" % (devices, resumption)
            out_dir = os.path.join(args.out, name)
            cells = min(1000, max(1, (devices + 99) // 100))
            rate = ("%.3f" % (args.rate_per_1000 * devices / 1000.0)).rstrip("0").rstrip(".")
            storm = [args.storm, "--devices=%d" % devices, "--cells=%d" % cells,
                     "--resumption=%d" % resumption, "--cert=%s" % args.cert,
                     "--rate-limit=%s" % rate,
                     "--duration=%d" % args.duration, "--outage-start=120",
                     "--outage-duration=60", "--progress=%s" % args.progress,
                     "--out-dir=%s" % out_dir]
            print("storm-bench: %s" % " ".join(storm[1:]), file=sys.stderr, flush=True)
            os.makedirs(out_dir, exist_ok=True)
            wall, rss_kib, code = run_measured(storm, os.path.join(args.out, name + ".log"))
            if code != 0:
                raise SystemExit("storm-bench: %s failed (exit %d), see %s.log"
                                 % (name, code, name))
            with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as handle:
                summary = json.load(handle)
            full = summary["handshakes"]["full"]
            resumed = summary["handshakes"]["resumed"]
            scale = 1.0
            if args.tls_sample and full > args.tls_sample:
                scale = args.tls_sample / full
            tls = subprocess.run([args.tls_bench, "--cert=%s" % args.cert,
                                  "--full=%d" % max(1, round(full * scale)),
                                  "--resumed=%d" % round(resumed * scale)],
                                 check=True, capture_output=True, text=True)
            openssl_s = json.loads(tls.stdout)["seconds"] / scale
            rows.append({
                "devices": devices,
                "resumption": resumption,
                "cells_per_rat": cells,
                "rate_limit_per_s": rate,
                "simulated_s": args.duration,
                "wall_s": "%.2f" % wall,
                "events": summary["events"],
                "events_per_s": "%.0f" % (summary["events"] / wall),
                "peak_rss_mib": "%.1f" % (rss_kib / 1024.0),
                "rss_per_device_kib": "%.1f" % (rss_kib / devices),
                "handshakes_full": full,
                "handshakes_resumed": resumed,
                "openssl_s": "%.3f" % openssl_s,
                "openssl_scale": "%.4f" % scale,
                "ratio": "%.1f" % (wall / openssl_s),
                "reconnected_fraction": summary["reconnected_fraction"],
            })
            print("storm-bench: " + json.dumps(rows[-1]), file=sys.stderr, flush=True)
    with open(os.path.join(args.out, "bench.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    keys = list(rows[0])
    print(" ".join("%s" % k for k in keys))
    for row in rows:
        print(" ".join(str(row[k]) for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
