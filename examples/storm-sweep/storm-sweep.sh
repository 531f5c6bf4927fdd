#!/usr/bin/env bash
# Run a reconnection-storm parameter sweep over seeds with GNU parallel, locally or across
# machines, then aggregate every summary.json into one CSV with confidence intervals.
#
#   examples/storm-sweep/storm-sweep.sh --points FILE --out DIR [--runs N] [--jobs J]
#       [--sshlogin LOGIN]... [--binary PATH] [--confidence 0.90|0.95|0.99]
#
# FILE has one sweep point per line: options for reconnection-storm, e.g.
#   --devices=1000 --resumption=1
#   --devices=1000 --resumption=0
# Blank lines and lines starting with # are skipped. Each point runs with --run=1..N (the
# ns-3 RngRun; --seed stays whatever the line says, default 1), each run into
# DIR/point-<i>/run-<r>/. A run's outputs depend only on its options, never on how or where
# it was launched, so a sweep run equals a single run of the same options.
#
# Across machines: give --sshlogin once per machine (GNU parallel syntax, e.g. 4/user@host).
# DIR and the binary must be at the same path on every machine (a shared file system).
# The aggregate is DIR/aggregate.csv; GNU parallel's job log is DIR/joblog.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
points=""
out=""
runs=3
jobs=""
binary="$root/build/examples/reconnection-storm"
confidence=0.95
sshlogins=()

usage() {
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
}
die() {
    echo "storm-sweep: $*" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
    --points=*) points="${1#*=}" ;;
    --points) shift; points="${1:-}" ;;
    --out=*) out="${1#*=}" ;;
    --out) shift; out="${1:-}" ;;
    --runs=*) runs="${1#*=}" ;;
    --runs) shift; runs="${1:-}" ;;
    --jobs=*) jobs="${1#*=}" ;;
    --jobs) shift; jobs="${1:-}" ;;
    --sshlogin=*) sshlogins+=("${1#*=}") ;;
    --sshlogin) shift; sshlogins+=("${1:-}") ;;
    --binary=*) binary="${1#*=}" ;;
    --binary) shift; binary="${1:-}" ;;
    --confidence=*) confidence="${1#*=}" ;;
    --confidence) shift; confidence="${1:-}" ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done

[ -n "$points" ] || die "--points FILE is required"
[ -f "$points" ] || die "--points: no such file '$points'"
[ -n "$out" ] || die "--out DIR is required"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs: '$runs' is not a positive integer"
[ -z "$jobs" ] || [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs: '$jobs' is not a positive integer"
case "$confidence" in 0.90 | 0.95 | 0.99) ;; *) die "--confidence: '$confidence' is not 0.90, 0.95 or 0.99" ;; esac
[ -x "$binary" ] || die "--binary: '$binary' is not an executable (run make build first)"
command -v parallel >/dev/null 2>&1 ||
    die "GNU parallel is missing: sudo apt-get install parallel (make deps installs it)"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
jobfile="$out/jobs.txt"
: >"$jobfile"
index=0
while IFS= read -r line || [ -n "$line" ]; do
    line="${line%%#*}"
    line="$(echo "$line" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//')"
    [ -n "$line" ] || continue
    case " $line " in
    *" --run="* | *" --out-dir="*) die "$points: point '$line' must not set --run or --out-dir" ;;
    esac
    index=$((index + 1))
    for run in $(seq 1 "$runs"); do
        dir="$out/point-$index/run-$run"
        echo "mkdir -p '$dir' && '$binary' $line --run=$run --out-dir='$dir' --progress=0 >'$dir/stdout.txt' 2>'$dir/stderr.txt'" >>"$jobfile"
    done
done <"$points"
[ "$index" -gt 0 ] || die "$points: no sweep points"

args=(--joblog "$out/joblog.txt" --halt soon,fail=1)
[ -z "$jobs" ] || args+=(--jobs "$jobs")
for login in "${sshlogins[@]}"; do
    args+=(--sshlogin "$login")
done
echo "storm-sweep: $index point(s) x $runs run(s) = $((index * runs)) job(s) into $out" >&2
parallel "${args[@]}" <"$jobfile"
python3 "$here/storm-aggregate.py" "$out" --confidence "$confidence" --out "$out/aggregate.csv"
echo "storm-sweep: aggregate written to $out/aggregate.csv" >&2
