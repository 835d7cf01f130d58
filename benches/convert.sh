#!/usr/bin/env bash
# Whole-process figures of `convert` and of `check --jobs` (issue 12, targets 4 and 6), beside
# `iconv -f CP932 -t UTF-8` (the decode floor), on generated valid SHFD0006 files
# (`cargo run --release --example synth`). Wall time around each process, CPU time (user+sys)
# and peak RSS from `/usr/bin/time`; the best wall time of RUNS runs (default 3) is kept.
#
#   benches/convert.sh                          # target/release/todokede; 1 MiB and 100 MiB
#   SIZES="1MiB 100MiB 1GiB" benches/convert.sh
#   TO="json shfd-csv" benches/convert.sh       # leave e-Gov out (it is slow: see the table)
#   FOLDER=40 benches/convert.sh                # also: a folder of 40 files, default --jobs vs 1
#   BIN=/tmp/old-todokede benches/convert.sh
#
# Each convert row also gives the bytes written (all packages of an e-Gov split) and the MB/s
# of the input. The files go to DIR (default /tmp/todokede-bench-convert); inputs are reused,
# outputs removed after each run. stderr of convert (the notes of items e-Gov has no element
# for: 50 per item, then a count) goes to /dev/null. benches/median.sh gives medians instead.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1MiB 100MiB"}
TO=${TO-"json shfd-csv egov"}
RUNS=${RUNS:-3}
DIR=${DIR:-/tmp/todokede-bench-convert}
BIN=${BIN:-target/release/todokede}
RECEIVED=2024-12-10

command -v iconv >/dev/null || { echo "convert.sh: iconv is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "convert.sh: /usr/bin/time is not installed" >&2; exit 2; }
cargo build --release --quiet --example synth
SYNTH=target/release/examples/synth
mkdir -p "$DIR"

# best "wall_s cpu_s peak_kb" of RUNS runs of the command (stdout and stderr to /dev/null);
# CLEAN (a glob) is removed before each run.
measure() {
    local best="" line out t0 t1
    out=$(mktemp)
    for _ in $(seq "$RUNS"); do
        [ -n "${CLEAN:-}" ] && rm -f $CLEAN
        t0=$(date +%s%N)
        /usr/bin/time -o "$out" -f "%U %S %M" "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        line="$(awk -v a="$t0" -v b="$t1" -v r="$(tail -1 "$out")" 'BEGIN{split(r,f," ");
            printf "%.4f %.2f %s", (b-a)/1e9, f[1]+f[2], f[3]}')"
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
            best=$line
        fi
    done
    rm -f "$out"
    echo "$best"
}

printf "%-8s %-26s %9s %7s %9s %8s %9s %10s\n" size what wall_s cpu_s MB/s x_iconv peak_MB out_MB
row() { # size what wall cpu kb mb floor out_bytes
    awk -v s="$1" -v w="$2" -v t="$3" -v c="$4" -v k="$5" -v mb="$6" -v f="$7" -v o="$8" 'BEGIN{
        printf "%-8s %-26s %9.4f %7.2f %9.1f %8.2f %9.1f %10.1f\n", s, w, t, c, (t>0?mb/t:0), (f>0?t/f:0), k/1024, o/1e6 }'
}
for size in $SIZES; do
    file="$DIR/$size/SHFD0006.CSV"
    if [ ! -s "$file" ]; then
        mkdir -p "$DIR/$size"
        "$SYNTH" "$size" "$file"
    fi
    mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN{printf "%.3f", b/1e6}')
    read -r floor cpu kb < <(CLEAN="" measure iconv -f CP932 -t UTF-8 "$file")
    row "$size" "iconv CP932→UTF-8" "$floor" "$cpu" "$kb" "$mb" "$floor" 0
    read -r t cpu kb < <(CLEAN="" measure "$BIN" check --format json --received-on "$RECEIVED" "$file")
    row "$size" "check --format json" "$t" "$cpu" "$kb" "$mb" "$floor" 0
    read -r t cpu kb < <(CLEAN="" measure "$BIN" check --jobs 1 --format json --received-on "$RECEIVED" "$file")
    row "$size" "check --jobs 1" "$t" "$cpu" "$kb" "$mb" "$floor" 0
    for to in $TO; do
        out="$DIR/$size/out.$to"
        read -r t cpu kb < <(CLEAN="$DIR/$size/out*" measure "$BIN" convert --to "$to" \
            --received-on "$RECEIVED" -o "$out" "$file")
        bytes=$(cat "$DIR/$size"/out* 2>/dev/null | wc -c)
        rm -f "$DIR/$size"/out*
        row "$size" "convert --to $to" "$t" "$cpu" "$kb" "$mb" "$floor" "$bytes"
    done
done

# A folder of FOLDER files (the 1 MiB file, copied), checked with the default --jobs (one per
# core) and with --jobs 1.
if [ -n "${FOLDER:-}" ]; then
    src="$DIR/1MiB/SHFD0006.CSV"
    [ -s "$src" ] || { mkdir -p "$DIR/1MiB"; "$SYNTH" 1MiB "$src"; }
    folder="$DIR/folder$FOLDER"
    if [ ! -d "$folder" ]; then
        for i in $(seq "$FOLDER"); do
            mkdir -p "$folder/$i" && cp "$src" "$folder/$i/SHFD0006.CSV"
        done
    fi
    mb=$(awk -v b="$(stat -c %s "$src")" -v n="$FOLDER" 'BEGIN{printf "%.3f", b*n/1e6}')
    read -r floor cpu kb < <(CLEAN="" measure sh -c 'cat "$@" | iconv -f CP932 -t UTF-8' sh "$folder"/*/SHFD0006.CSV)
    row "${FOLDER}x1MiB" "iconv (all files)" "$floor" "$cpu" "$kb" "$mb" "$floor" 0
    read -r t1 cpu kb < <(CLEAN="" measure "$BIN" check --jobs 1 --format json --received-on "$RECEIVED" "$folder")
    row "${FOLDER}x1MiB" "check --jobs 1" "$t1" "$cpu" "$kb" "$mb" "$floor" 0
    read -r t cpu kb < <(CLEAN="" measure "$BIN" check --format json --received-on "$RECEIVED" "$folder")
    row "${FOLDER}x1MiB" "check (default jobs)" "$t" "$cpu" "$kb" "$mb" "$floor" 0
    awk -v a="$t" -v b="$t1" 'BEGIN{printf "# default jobs / --jobs 1 = %.2f\n", a/b}'
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
