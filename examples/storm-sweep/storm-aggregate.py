#!/usr/bin/env python3
"""Aggregate reconnection-storm runs into one CSV with confidence intervals.

Usage: storm-aggregate.py SWEEP_DIR [--out FILE] [--confidence 0.95]

SWEEP_DIR holds one directory per run, each with the summary.json that
examples/reconnection-storm.cc writes. Runs are grouped by their "parameters"
object without "run" (the seed's run number), so every group is one point of
the sweep. For each numeric headline value the CSV gives the number of runs,
the mean, the sample standard deviation and the half-width of the two-sided
Student-t confidence interval of the mean.

Only the Python standard library is used (Debian's python3).
"""

import argparse
import csv
import json
import math
import os
import sys

# Two-sided Student-t critical values t_{1-a/2, df} for the supported levels.
_T_TABLE = {
    0.90: [6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812,
           1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725,
           1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697],
    0.95: [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
           2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
           2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042],
    0.99: [63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169,
           3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845,
           2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.750],
}
# Normal quantiles for df > 30.
_Z = {0.90: 1.645, 0.95: 1.960, 0.99: 2.576}


def t_critical(confidence, df):
    """Two-sided Student-t critical value for df degrees of freedom."""
    if df <= len(_T_TABLE[confidence]):
        return _T_TABLE[confidence][df - 1]
    return _Z[confidence]


def flatten(prefix, value, out):
    """Numeric leaves of a JSON object as dotted names ("time_to_fraction_s.p95")."""
    if isinstance(value, bool):
        out[prefix] = 1.0 if value else 0.0
    elif isinstance(value, (int, float)):
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            out[prefix] = float(value)
    elif isinstance(value, dict):
        for key in sorted(value):
            flatten(prefix + "." + key if prefix else key, value[key], out)


def load_runs(sweep_dir):
    """(parameters-without-run, numeric headline values) for every summary.json found."""
    runs = []
    for root, _dirs, files in os.walk(sweep_dir):
        if "summary.json" not in files:
            continue
        path = os.path.join(root, "summary.json")
        try:
            with open(path, encoding="utf-8") as handle:
                summary = json.load(handle)
        except (OSError, ValueError) as error:
            raise SystemExit("storm-aggregate: cannot read %s: %s" % (path, error))
        if not isinstance(summary, dict) or not isinstance(summary.get("parameters"), dict):
            raise SystemExit("storm-aggregate: %s has no \"parameters\" object" % path)
        parameters = dict(summary["parameters"])
        parameters.pop("run", None)
        values = {}
        for key, value in summary.items():
            if key != "parameters":
                flatten(key, value, values)
        runs.append((parameters, values))
    return runs


def aggregate(runs, confidence):
    """One row per (parameter point, metric)."""
    groups = {}
    for parameters, values in runs:
        key = json.dumps(parameters, sort_keys=True)
        groups.setdefault(key, []).append(values)
    rows = []
    for key in sorted(groups):
        parameters = json.loads(key)
        metrics = sorted({name for values in groups[key] for name in values})
        for metric in metrics:
            samples = [values[metric] for values in groups[key] if metric in values]
            n = len(samples)
            mean = sum(samples) / n
            if n > 1:
                stddev = math.sqrt(sum((x - mean) ** 2 for x in samples) / (n - 1))
                half = t_critical(confidence, n - 1) * stddev / math.sqrt(n)
            else:
                stddev = float("nan")
                half = float("nan")
            rows.append((parameters, metric, n, mean, stddev, half))
    return rows


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir")
    parser.add_argument("--out", default="-", help="output CSV (default: stdout)")
    parser.add_argument("--confidence", type=float, default=0.95, choices=sorted(_T_TABLE))
    args = parser.parse_args(argv)
    if not os.path.isdir(args.sweep_dir):
        raise SystemExit("storm-aggregate: %s is not a directory" % args.sweep_dir)
    runs = load_runs(args.sweep_dir)
    if not runs:
        raise SystemExit("storm-aggregate: no summary.json under %s" % args.sweep_dir)
    rows = aggregate(runs, args.confidence)
    names = sorted({name for parameters, *_ in rows for name in parameters})
    level = int(round(args.confidence * 100))
    header = names + ["metric", "runs", "mean", "stddev",
                      "ci%d_low" % level, "ci%d_high" % level]
    handle = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8")
    try:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for parameters, metric, n, mean, stddev, half in rows:
            def fmt(x):
                return "" if math.isnan(x) else "%.9g" % x
            writer.writerow([parameters.get(name, "") for name in names] +
                            [metric, n, fmt(mean), fmt(stddev),
                             fmt(mean - half), fmt(mean + half)])
    finally:
        if handle is not sys.stdout:
            handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
