//! Bounded on every input: floods of one finding are summarised with exact counts, and the
//! limits of docs/safety.md hold.

mod support;

use std::collections::BTreeMap;

use support::{acquisition, config, shfd, write_temp};

/// 200 records with the same faults: 50 of each code are kept, the rest counted exactly.
#[test]
fn a_flood_of_one_finding_is_summarised_with_exact_counts() {
    let records: Vec<Vec<String>> = (0..200).map(|_| acquisition("123456789012")).collect();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
    let full = {
        let mut sink = todokede::diag::Sink::new(None);
        let f = std::fs::File::open(&path).unwrap();
        let shown = path.display().to_string();
        let opts = config("2024-12-10").options;
        let mut checker = todokede::rules::FileChecker::new(&shown, &opts);
        todokede::read::csv::read(f, &shown, "SHFD0006.CSV", &mut sink, |r, s| {
            checker.check(r, s)
        })
        .unwrap();
        sink
    };
    let report = todokede::check_paths(std::slice::from_ref(&path), &config("2024-12-10"));
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
    assert_eq!(report.summary.errors, full.errors);
    assert_eq!(report.summary.warnings, full.warnings);
    assert_eq!(report.summary.total(), full.total());
    let omitted: usize = report.omitted.iter().map(|o| o.count).sum();
    assert_eq!(report.diagnostics().len() + omitted, full.diagnostics.len());
    assert_eq!(report.summary.not_shown, omitted);
    let myn = report.omitted.iter().find(|o| o.code == "MYN002").unwrap();
    assert_eq!(myn.count, 200 - todokede::diag::Sink::PER_CODE);
    // --max-diagnostics caps what is kept, still counting everything.
    let mut capped = config("2024-12-10");
    capped.max_diagnostics = Some(5);
    let r = todokede::check_paths(&[path], &capped);
    assert_eq!(r.diagnostics().len(), 5);
    assert_eq!(r.summary.total(), full.total());
    assert_eq!(r.summary.not_shown, full.total() - 5);
}
