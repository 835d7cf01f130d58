//! Raw bytes → the 電子媒体 reader → every rule → every report format. Nothing may panic; every
//! diagnostic must point inside the input, and no output may show a number of personal-number
//! length (see `render_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "render_common.rs"]
mod render_common;
use todokede::diag::redact::has_digit_run;
use todokede::diag::Sink;
use todokede::rules::{CheckOptions, FileChecker, Profile};

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions {
        received_on: chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default(),
        profile: Profile::Society,
    };
    for name in ["SHFD0006.CSV", "KPFD0006.CSV"] {
        let mut sink = Sink::new(None);
        let mut checker = FileChecker::new("f", &opts);
        let _ = todokede::read::csv::read(data, "f", name, &mut sink, |record, sink| checker.check(record, sink));
        for d in &sink.diagnostics {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
            if let Some(s) = &d.snippet {
                assert!(!has_digit_run(&s.text, 10), "{} snippet shows a 10-digit run", d.code());
            }
        }
        render_common::render_all(sink);
    }
});
