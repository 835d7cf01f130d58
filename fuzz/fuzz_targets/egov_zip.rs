//! Raw bytes → `todokede::check` as an e-Gov ZIP package (every package check and rule).
//! Nothing may panic; every diagnostic of the ZIP itself points inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use todokede::read::detect::InputKind;
use todokede::{Config, Input};

fuzz_target!(|data: &[u8]| {
    let mut config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default());
    config.from = Some(InputKind::Egov);
    config.max_diagnostics = Some(10_000);
    let Ok(report) = todokede::check(Input::bytes("f.zip", data), &config) else {
        return;
    };
    for d in &report.diagnostics {
        if d.primary.path() == "f.zip" {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
        }
    }
});
