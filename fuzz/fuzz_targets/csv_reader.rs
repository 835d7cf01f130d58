//! Raw bytes → `todokede::check` as 電子媒体 CSV (the reader and every rule). Nothing may
//! panic; every diagnostic must point inside the input, and no snippet may carry a 12-digit run
//! (a My Number).
#![no_main]

use libfuzzer_sys::fuzz_target;
use todokede::diag::redact::has_digit_run;
use todokede::read::detect::InputKind;
use todokede::{Config, Input};

fuzz_target!(|data: &[u8]| {
    let mut config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default());
    config.from = Some(InputKind::Csv);
    config.max_diagnostics = Some(10_000);
    for name in ["SHFD0006.CSV", "KPFD0006.CSV"] {
        let Ok(report) = todokede::check(Input::bytes(name, data), &config) else {
            return;
        };
        for d in &report.diagnostics {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
            if let Some(s) = &d.snippet {
                assert!(!has_digit_run(&s.text, 12), "{} snippet shows a 12-digit run", d.code());
            }
        }
    }
});
