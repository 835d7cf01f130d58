#!/usr/bin/env bash
# The table of docs/architecture.md (conversion, --jobs, ocr-fields; issue 12): each command run
# RUNS times (default 3) under `/usr/bin/time -v`; the median wall time, CPU time (user + sys)
# and peak RSS are printed, with MB/s of the input per CPU second and the bytes written.
#
#   benches/median.sh BIN [BIN2 ...]      # each binary in turn, e.g. an old main and this branch
#
# Inputs go to DIR (default /tmp/todokede-bench-median), made once with the synth example:
# 1 MiB, 10 MiB and 100 MiB valid SHFD0006 files, a folder of 40 files of 1 MiB (distinct My
# Numbers) and 10 MB of ocr-fields/1 files (benches/readers.py). E-Gov of 10 MiB is slow: EGOV10=0
# leaves it out. Outputs are removed after each run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DIR=${DIR:-/tmp/todokede-bench-median}
EGOV10=${EGOV10:-1}
[ $# -ge 1 ] || { echo "usage: benches/median.sh BIN [BIN2 ...]" >&2; exit 2; }
cargo build --release --quiet --example synth
SYNTH=target/release/examples/synth
mkdir -p "$DIR"
for size in 1MiB 10MiB 100MiB; do
    [ -s "$DIR/$size/SHFD0006.CSV" ] || { mkdir -p "$DIR/$size"; "$SYNTH" "$size" "$DIR/$size/SHFD0006.CSV" >/dev/null; }
done
if [ ! -d "$DIR/folder40" ]; then
    for i in $(seq 1 40); do
        mkdir -p "$DIR/folder40/f$i"
        "$SYNTH" 1MiB "$DIR/folder40/f$i/SHFD0006.CSV" $((i * 100000)) >/dev/null
    done
fi
if [ ! -d "$DIR/ocr" ]; then
    python3 -c "import sys; sys.path.insert(0, 'benches'); import readers; from pathlib import Path; readers.ocr_fields(Path('$DIR/ocr'), 10_000_000)"
fi

# median LABEL INPUT_BYTES CMD...
median() {
    local label=$1 bytes=$2; shift 2
    local walls=() cpus=() rss=() t
    t=$(mktemp)
    for _ in $(seq "$RUNS"); do
        rm -rf "$DIR/out" && mkdir -p "$DIR/out"
        /usr/bin/time -v -o "$t" "$@" >/dev/null 2>&1 || true
        walls+=("$(awk -F': ' '/Elapsed \(wall/ {n=split($2,p,":"); print (n==3 ? p[1]*3600+p[2]*60+p[3] : p[1]*60+p[2])}' "$t")")
        cpus+=("$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$t")")
        rss+=("$(awk -F': ' '/Maximum resident/ {print $2}' "$t")")
    done
    local out mid
    out=$(du -sb "$DIR/out" | awk '{print $1}')
    mid=$(( (RUNS + 1) / 2 ))
    awk -v l="$label" -v b="$bytes" -v o="$out" \
        -v w="$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${mid}p")" \
        -v c="$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "${mid}p")" \
        -v r="$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "${mid}p")" \
        'BEGIN { printf "%-46s wall %7.2f s  cpu %7.2f s  %7.1f MB/s  rss %6.1f MB  out %9.1f MB\n", l, w, c, (c > 0 ? b / 1e6 / c : 0), r / 1024, o / 1e6 }'
    rm -f "$t"
}

size_of() { du -sb "$1" | awk '{print $1}'; }
median "iconv -f CP932 -t UTF-8 100MiB" "$(size_of "$DIR/100MiB/SHFD0006.CSV")" \
    sh -c "iconv -f CP932 -t UTF-8 '$DIR/100MiB/SHFD0006.CSV' >/dev/null"
for bin in "$@"; do
    name=$(basename "$bin")
    for size in 1MiB 10MiB 100MiB; do
        in="$DIR/$size/SHFD0006.CSV"
        median "$name $size convert --to json" "$(size_of "$in")" "$bin" convert "$in" --to json -o "$DIR/out/o.json"
        median "$name $size convert --to shfd-csv" "$(size_of "$in")" "$bin" convert "$in" --to shfd-csv -o "$DIR/out/o.csv"
    done
    median "$name 1MiB convert --to egov" "$(size_of "$DIR/1MiB/SHFD0006.CSV")" "$bin" convert "$DIR/1MiB/SHFD0006.CSV" --to egov -o "$DIR/out/p.zip"
    if [ "$EGOV10" = 1 ]; then
        median "$name 10MiB convert --to egov" "$(size_of "$DIR/10MiB/SHFD0006.CSV")" "$bin" convert "$DIR/10MiB/SHFD0006.CSV" --to egov -o "$DIR/out/p.zip"
    fi
    for jobs in "--jobs 1" ""; do
        # shellcheck disable=SC2086
        median "$name 100MiB check ${jobs:-(default jobs)}" "$(size_of "$DIR/100MiB/SHFD0006.CSV")" "$bin" check --format json --received-on 2024-12-10 $jobs "$DIR/100MiB/SHFD0006.CSV"
        # shellcheck disable=SC2086
        median "$name folder 40x1MiB check ${jobs:-(default jobs)}" "$(size_of "$DIR/folder40")" "$bin" check --format json --received-on 2024-12-10 $jobs "$DIR/folder40"
    done
    median "$name ocr-fields 10 MB check --jobs 1" "$(size_of "$DIR/ocr")" "$bin" check --format json --received-on 2024-12-10 --jobs 1 "$DIR/ocr"
done
