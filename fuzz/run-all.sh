#!/usr/bin/env bash
# Builds every fuzz target once and runs each through its seeds and corpus (see README.md).
#
# The targets are built by cargo itself with the instrumentation flags cargo-fuzz 0.13 passes
# (`cargo fuzz build --sanitizer none`), so a clean machine needs no cargo-fuzz: building it from
# crates.io took 3.5 minutes of a CI run. RUSTC_BOOTSTRAP lets the stable toolchain take them all.
#
# Without TODOKEDE_FUZZ_SECONDS each target runs a fixed seed for a fixed number of inputs (about
# 30 s each here): a red run is the same run again for the same commit, so its crash can be
# reproduced and fixed. The seeds directory holds every crash found so far, replayed first.
# TODOKEDE_FUZZ_SECONDS=N explores N seconds per target with a random seed instead.
set -euo pipefail
cd "$(dirname "$0")"

triple="$(rustc -vV | sed -n 's/^host: //p')"
flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table"
flags+=" -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
flags+=" -Cllvm-args=-simplifycfg-branch-fold-threshold=0"
case "$triple" in *-linux-*) flags+=" -Cllvm-args=-sanitizer-coverage-stack-depth" ;; esac
flags+=" -Cdebug-assertions -Ccodegen-units=1"
# Not --locked: fuzz/Cargo.lock follows the library's dependencies, which change without it (cargo
# resolves only what is new, keeping every version the lock file names).
RUSTC_BOOTSTRAP=1 RUSTFLAGS="$flags" cargo build --release --bins --target "$triple" \
    --config 'profile.release.debug="line-tables-only"'

for spec in csv_reader:300 egov_zip:6000 egov_xml:7000 ocr_fields_reader:800 azure_reader:10000; do
    t="${spec%%:*}"
    if [ -n "${TODOKEDE_FUZZ_SECONDS:-}" ]; then
        budget=(-max_total_time="$TODOKEDE_FUZZ_SECONDS")
    else
        budget=(-seed=1 -runs="${spec##*:}" -max_total_time=300)
    fi
    mkdir -p "corpus/$t" "artifacts/$t"
    echo "== fuzz $t ${budget[*]}"
    "target/$triple/release/$t" "corpus/$t" "seeds/$t" -dict=todokede.dict "${budget[@]}" \
        -max_len=65536 -rss_limit_mb=2048 -artifact_prefix="artifacts/$t/" -print_final_stats=1
done
