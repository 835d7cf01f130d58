//! Bounded on every input: floods of one finding are summarised with exact counts, and the
//! limits of docs/safety.md hold.

mod support;

use std::collections::BTreeMap;

use support::{acquisition, check_paths, config, read_filing, shfd, write_temp};

/// 200 records with the same faults: 50 of each code are kept, the rest counted exactly.
#[test]
fn a_flood_of_one_finding_is_summarised_with_exact_counts() {
    let records: Vec<Vec<String>> = (0..200).map(|_| acquisition("123456789012")).collect();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
    // read_filing keeps every finding (convert needs each one).
    let (_, full) = read_filing(&path, &config("2024-12-10"));
    let report = check_paths(std::slice::from_ref(&path), &config("2024-12-10"));
    let mut kept: BTreeMap<&str, usize> = BTreeMap::new();
    for d in report.diagnostics() {
        *kept.entry(d.code()).or_default() += 1;
    }
    assert!(
        kept.values().all(|n| *n <= todokede::diag::Sink::PER_CODE),
        "{kept:?}"
    );
    assert_eq!(kept.get("MYN002"), Some(&todokede::diag::Sink::PER_CODE));
    // Every count stays exact: what the full sink saw is what the summary counts.
    assert_eq!(report.summary.errors, full.summary.errors);
    assert_eq!(report.summary.warnings, full.summary.warnings);
    assert_eq!(report.summary.total(), full.summary.total());
    let omitted: usize = report.omitted.iter().map(|o| o.count).sum();
    assert_eq!(report.diagnostics().len() + omitted, full.diagnostics.len());
    assert_eq!(report.summary.not_shown, omitted);
    let myn = report.omitted.iter().find(|o| o.code == "MYN002").unwrap();
    assert_eq!(myn.count, 200 - todokede::diag::Sink::PER_CODE);
    // --max-diagnostics caps what is kept, still counting everything.
    let mut capped = config("2024-12-10");
    capped.max_diagnostics = Some(5);
    let r = check_paths(&[path], &capped);
    assert_eq!(r.diagnostics().len(), 5);
    assert_eq!(r.summary.total(), full.summary.total());
    assert_eq!(r.summary.not_shown, full.summary.total() - 5);
}
