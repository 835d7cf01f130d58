//! Duplicate My Numbers (MYN003) in bounded memory (issue 12, target 2): beyond its budget the
//! table writes sorted runs of fingerprints to an anonymous temporary file. A counting global
//! allocator shows that the peak heap of a check does not grow with the number of records once
//! the table is full, and the findings are those of a table that never spills.
//!
//! One test function: the allocator counts every thread.

mod counting;
mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use todokede::report::{self, Format, RenderContext};

use counting::{Counting, CURRENT, PEAK};

#[global_allocator]
static ALLOC: Counting = Counting;

/// A file of `n` 資格取得届 with distinct numbers, where record `n/2` repeats record 1's number
/// and the last record repeats record 2's: two MYN003, the second one long after record 2's
/// number has left the in-memory table.
fn file(dir: &Path, n: u64) -> PathBuf {
    let number = |i: u64| support::my_number(&format!("{:011}", 10_000_000_000 + i * 7_919));
    let records: Vec<Vec<String>> = (1..=n)
        .map(|i| {
            let mn = match i {
                i if i == n / 2 => number(1),
                i if i == n => number(2),
                i => number(i),
            };
            support::acquisition(&mn)
        })
        .collect();
    let path = dir.join(format!("{n}/SHFD0006.CSV"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, support::shfd(&records)).unwrap();
    path
}

/// The peak heap above what was in use before, and the report: its JSON rendering and the
/// records of its MYN003 findings.
fn check(path: &Path, memory: usize) -> (usize, (String, Vec<String>)) {
    let mut config = support::config("2024-12-10");
    config.options.duplicates_memory = memory;
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let report = support::check_paths(&[path.to_path_buf()], &config);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let ctx = RenderContext {
        lang: todokede::diag::Lang::En,
        color: false,
    };
    let mut json = Vec::new();
    report::render(Format::Json, &report, &ctx, &mut json).unwrap();
    let duplicates = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == "MYN003")
        .map(|d| format!("{:?}", d.record))
        .collect();
    (peak, (String::from_utf8(json).unwrap(), duplicates))
}

#[test]
fn duplicates_spill_to_disk_with_the_same_findings_and_a_flat_peak() {
    let dir = tempfile::tempdir().unwrap();
    // 256 KiB: 4,096 slots (3,072 numbers a run) and a 146 KiB filter.
    let budget = 256 << 10;
    let (small, large) = (file(dir.path(), 40_000), file(dir.path(), 80_000));

    // Once first: what a run allocates once (layouts, tables) is not counted below.
    check(&small, budget);
    let (peak_small, spilled) = check(&small, budget);
    let (_, in_memory) = check(&small, 64 << 20);
    assert!(spilled == in_memory, "the same report, spilled or not");
    assert_eq!(spilled.1.len(), 2, "{:?}", spilled.1);
    assert!(spilled.1[0].contains("20000"), "{:?}", spilled.1);
    assert!(spilled.1[1].contains("40000"), "{:?}", spilled.1);

    let (peak_large, _) = check(&large, budget);
    let (peak_large_in_memory, _) = check(&large, 64 << 20);
    eprintln!(
        "peak heap: 40k records {} KiB, 80k records {} KiB (spilling), 80k in memory {} KiB",
        peak_small >> 10,
        peak_large >> 10,
        peak_large_in_memory >> 10
    );
    // Twice the records: the sparse index grows by 8 bytes a 128 numbers, nothing else.
    assert!(
        peak_large < peak_small + (64 << 10),
        "{peak_small} → {peak_large}"
    );
    assert!(
        peak_large_in_memory > peak_large + (1 << 20),
        "the table in memory grows: {peak_large_in_memory} vs {peak_large}"
    );
}
