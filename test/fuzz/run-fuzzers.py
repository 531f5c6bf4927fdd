#!/usr/bin/env python3
"""Run every libFuzzer harness of test/fuzz/ for a fixed time and report what they reached.

Each harness starts from the seed corpus (seed-corpus.py, from the golden transcripts) plus
whatever earlier runs left in <out>/corpus/<harness>. The harnesses run side by side, one
process each. Per harness, <out>/<harness>.log keeps libFuzzer's output; <out>/fuzz.csv gets
one row per harness (and fuzz-history.csv one per harness and run, summed at the end):

  harness, seconds (wall time given), executions (libFuzzer's number_of_executed_units),
  inputs (command lines typed / malformed record streams, as the harness counts them),
  execs_per_second, findings (crash, leak, timeout, out-of-memory or abort artifacts written),
  slow (slow-unit artifacts: listed, not counted as findings)

Exits non-zero on any finding, on a harness that fails, or on one that ran nothing.

Usage: run-fuzzers.py --build build-sanitize --seconds 60 --out build-sanitize/fuzz-runs
"""

import argparse
import csv
import datetime
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESSES = {
    # name: (regex of the harness's own counter line, label of that counter, libFuzzer options)
    # The AT harness gets long inputs from the start (-len_control=0): one execution then types
    # hundreds of lines for one simulation set-up.
    "at-module-fuzzer": (r"lpwa-fuzz: at-module: (\d+) executions, (\d+) command lines typed",
                         "command lines", ["-max_len=16384", "-len_control=0"]),
    "tls-record-fuzzer": (r"lpwa-fuzz: tls-record: (\d+) executions, (\d+) malformed record "
                          r"streams", "malformed record streams", ["-max_len=1024"]),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="the LPWA_FUZZ=ON build folder")
    parser.add_argument("--seconds", type=int, required=True, help="run time per harness")
    parser.add_argument("--out", required=True)
    parser.add_argument("--supp", required=True, help="the LSan suppressions file")
    parser.add_argument("--only", help="run only this harness")
    parser.add_argument("--malloc-stack", type=int, default=8,
                        help="ASan malloc_context_size: allocation stack frames kept (0: none)")
    args = parser.parse_args()
    if args.seconds < 1:
        sys.exit("run-fuzzers.py: --seconds must be >= 1 (got %d)" % args.seconds)
    os.makedirs(args.out, exist_ok=True)
    seeds = os.path.join(args.out, "seeds")
    subprocess.run([sys.executable, os.path.join(HERE, "seed-corpus.py"), "--transcripts",
                    os.path.join(HERE, "..", "transcripts"), "--out", seeds], check=True)
    env = dict(os.environ)
    # A smaller quarantine and memory given back to the system keep a long run's RSS (which
    # -rss_limit_mb checks) down; detection is unchanged. Allocation stacks of 8 frames (not 30)
    # make each malloc cheaper (perf: ASan's stack depot took 13-16 % of a short run); a report
    # still shows the full stack of the bad access and 8 frames of where the memory came from.
    # Long campaigns pass --malloc-stack 0: in a 40-minute TLS run the depot's Put() grew to
    # 68 % of the time (and most of the RSS); without allocation stacks a finding is reported
    # all the same, and replaying its artifact with the defaults gives the stacks.
    env["ASAN_OPTIONS"] = ("detect_leaks=1:strict_string_checks=1:quarantine_size_mb=64:"
                           "allocator_release_to_os_interval_ms=1000:malloc_context_size=%d"
                           % args.malloc_stack)
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    env["LSAN_OPTIONS"] = "suppressions=%s:print_suppressions=0" % args.supp

    # -entropic=0: libFuzzer's older input scheduler. The entropic one recomputes feature
    # frequencies after every execution, 17-21 % of the run time here (perf), for harnesses
    # whose executions are whole simulations; without it both harnesses run 1.3-1.4 times as
    # many inputs in the same time (measured side by side from the same corpus).
    procs = {}
    for name in HARNESSES:
        if args.only and name != args.only:
            continue
        binary = os.path.join(args.build, "bin", "lpwa-" + name)
        if not os.access(binary, os.X_OK):
            sys.exit("run-fuzzers.py: %s is missing: build with make sanitize-build" % binary)
        corpus = os.path.join(args.out, "corpus", name)
        os.makedirs(corpus, exist_ok=True)
        for old in glob.glob(os.path.join(args.out, name + "-*")):
            os.remove(old)  # artifacts of an earlier run
        short = name.replace("-fuzzer", "")
        cmd = [binary, "-max_total_time=%d" % args.seconds, "-print_final_stats=1",
               "-timeout=120", "-rss_limit_mb=4096", "-entropic=0"] + HARNESSES[name][2] + [
               "-artifact_prefix=%s-" % os.path.join(args.out, name), corpus,
               os.path.join(seeds, short)]
        log = open(os.path.join(args.out, name + ".log"), "w")
        print("run-fuzzers.py: " + " ".join(cmd), flush=True)
        procs[name] = (subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env), log)

    rows = []
    failed = False
    for name, (proc, log) in procs.items():
        rc = proc.wait()
        log.close()
        text = open(os.path.join(args.out, name + ".log"), errors="replace").read()
        m = re.search(r"stat::number_of_executed_units: (\d+)", text)
        executions = int(m.group(1)) if m else 0
        own = re.findall(HARNESSES[name][0], text)
        inputs = int(own[-1][1]) if own else 0
        # libFuzzer's artifacts: crash-, leak-, timeout-, oom- are findings; slow-unit- only
        # says an input took over 10 s of wall time (a loaded machine does that; -timeout=120
        # is the hang limit), so it is reported, not counted.
        artifacts = glob.glob(os.path.join(args.out, name + "-*"))
        slow = [a for a in artifacts if os.path.basename(a).startswith(name + "-slow-unit-")]
        findings = len(artifacts) - len(slow)
        for a in slow:
            print("run-fuzzers.py: %s: slow input (not a finding): %s" % (name, a))
        rows.append({"harness": name, "seconds": args.seconds, "executions": executions,
                     "inputs": inputs, "execs_per_second": round(executions / args.seconds, 1),
                     "findings": findings, "slow": len(slow)})
        print("run-fuzzers.py: %s: %d executions, %d %s, %d findings (exit %d)"
              % (name, executions, inputs, HARNESSES[name][1], findings, rc))
        if rc != 0 or findings or executions == 0:
            failed = True
            print("run-fuzzers.py: %s FAILED; the end of its log:" % name)
            print("\n".join(text.splitlines()[-40:]))
    with open(os.path.join(args.out, "fuzz.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["harness"])
        writer.writeheader()
        writer.writerows(rows)
    # Every run of this output folder adds its rows to fuzz-history.csv (with the UTC time), so
    # a campaign made of several runs over the same corpus can be summed.
    history = os.path.join(args.out, "fuzz-history.csv")
    new = not os.path.exists(history)
    with open(history, "a", newline="") as f:
        fields = ["utc"] + (list(rows[0].keys()) if rows else [])
        writer = csv.DictWriter(f, fieldnames=fields)
        if new:
            writer.writeheader()
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for row in rows:
            writer.writerow(dict(row, utc=now))
    totals = {}
    with open(history, newline="") as f:
        for row in csv.DictReader(f):
            t = totals.setdefault(row["harness"], [0, 0, 0, 0])
            t[0] += int(row["seconds"])
            t[1] += int(row["executions"])
            t[2] += int(row["inputs"])
            t[3] += int(row["findings"])
    for name, (seconds, executions, inputs, findings) in sorted(totals.items()):
        print("run-fuzzers.py: %s, all runs in %s: %d s, %d executions, %d %s, %d findings"
              % (name, args.out, seconds, executions, inputs, HARNESSES[name][1], findings))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
