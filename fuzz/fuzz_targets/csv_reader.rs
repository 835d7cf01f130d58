//! Raw bytes → `todokede::read_filing` as 電子媒体 CSV (the reader, every rule) → every report
//! format. Nothing may panic; every diagnostic must point inside the input, and no output may
//! show a number of personal-number length (see `render_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "render_common.rs"]
mod render_common;
use todokede::diag::redact::has_digit_run;
use todokede::read::detect::InputKind;

fuzz_target!(|data: &[u8]| {
    for name in ["SHFD0006.CSV", "KPFD0006.CSV"] {
        let Some(report) = render_common::read(name, data, InputKind::Csv) else {
            return;
        };
        for d in &report.diagnostics {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
            if let Some(s) = &d.snippet {
                assert!(!has_digit_run(&s.text, 10), "{} snippet shows a 10-digit run", d.code());
            }
        }
        render_common::render_all(&report);
    }
});
