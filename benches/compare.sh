#!/usr/bin/env bash
# Whole-process timings of the release binary beside `iconv -f CP932 -t UTF-8` (the decode floor)
# on generated valid SHFD0006 files (`cargo run --release --example synth`), wall time around each
# process and peak RSS from `/usr/bin/time`. One table:
#
#   benches/compare.sh                       # target/release/todokede, 1 MiB, 100 MiB, 1 GiB
#   SIZES="1MiB 100MiB" benches/compare.sh
#   CHECK_ARGS="--jobs 1" benches/compare.sh # extra arguments of every `check`
#   benches/compare.sh before=/tmp/old-todokede after=target/release/todokede
#
# Each argument is NAME=BINARY (or just BINARY); every binary runs `check --format json` on every
# size, RUNS times (default 3); the best wall time is kept. CONVERT=1 adds `convert --to json`,
# `--to shfd-csv` and `--to egov` rows. The files go to DIR (default /tmp/todokede-bench) and
# are reused when present. A size is bytes or 1KiB/1MiB/1GiB (300 bytes: one record). The wall
# time includes starting `time` itself (about 3 ms here: see iconv's row for a tiny file).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1MiB 100MiB 1GiB"}
# Word-split on purpose: several arguments.
CHECK_ARGS=${CHECK_ARGS:-}
RUNS=${RUNS:-3}
DIR=${DIR:-/tmp/todokede-bench}
RECEIVED=2024-12-10
[ $# -gt 0 ] || set -- "todokede=target/release/todokede"

command -v iconv >/dev/null || { echo "compare.sh: iconv is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet --example synth
SYNTH=target/release/examples/synth
mkdir -p "$DIR"

# best "wall_seconds peak_kb" of RUNS runs of the command; stdout to /dev/null.
measure() {
    local best="" line out
    out=$(mktemp)
    for _ in $(seq "$RUNS"); do
        # Wall time in nanoseconds around the run (`time`'s own %e has 10 ms steps), peak RSS
        # from `time` (it writes "Command exited with non-zero status N" first on failure).
        local t0 t1
        t0=$(date +%s%N)
        /usr/bin/time -o "$out" -f "%M" "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        line="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}') $(tail -1 "$out")"
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
            best=$line
        fi
    done
    rm -f "$out"
    echo "$best"
}

printf "%-8s %-22s %-10s %9s %9s %8s %10s\n" size what binary wall_s MB/s x_iconv peak_MB
for size in $SIZES; do
    file="$DIR/$size/SHFD0006.CSV"
    if [ ! -s "$file" ]; then
        mkdir -p "$DIR/$size"
        "$SYNTH" "$size" "$file"
    fi
    mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN{printf "%.3f", b/1e6}')
    read -r floor floor_kb < <(measure iconv -f CP932 -t UTF-8 "$file")
    row() { # what binary wall kb
        awk -v s="$size" -v w="$1" -v n="$2" -v t="$3" -v k="$4" -v mb="$mb" -v f="$floor" 'BEGIN{
            printf "%-8s %-22s %-10s %9.4f %9.1f %8.2f %10.1f\n", s, w, n, t, (t>0?mb/t:0), (f>0?t/f:0), k/1024 }'
    }
    row "iconv CP932→UTF-8" iconv "$floor" "$floor_kb"
    for arg in "$@"; do
        name=${arg%%=*}; bin=${arg#*=}
        # shellcheck disable=SC2086
        read -r t kb < <(measure "$bin" check --format json --received-on "$RECEIVED" $CHECK_ARGS "$file")
        row "check --format json${CHECK_ARGS:+ $CHECK_ARGS}" "$name" "$t" "$kb"
        if [ "${CONVERT:-0}" = 1 ]; then
            for to in json shfd-csv egov; do
                out="$DIR/$size/out.$to"
                read -r t kb < <(measure sh -c 'rm -f "$1"; exec "$2" convert --to "$3" --received-on "$4" -o "$1" "$5"' \
                    sh "$out" "$bin" "$to" "$RECEIVED" "$file")
                rm -f "$out"
                row "convert --to $to" "$name" "$t" "$kb"
            done
        fi
    done
done
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
