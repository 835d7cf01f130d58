//! Raw bytes → the Azure Document Intelligence reader (default profile) → assembly → every rule.
//! Nothing may panic; every diagnostic must point inside the input, and no message may carry a
//! 12-digit run (a My Number).
#![no_main]

use libfuzzer_sys::fuzz_target;
use todokede::check::{check_ocr_bytes, InputKind, OcrOptions};
use todokede::diag::redact::has_digit_run;
use todokede::diag::Sink;
use todokede::model::Filing;
use todokede::rules::{CheckOptions, Profile};

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions {
        received_on: chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default(),
        profile: Profile::Society,
    };
    let mut sink = Sink::new(Some(10_000));
    let mut filing = Filing::new("f", "azure-di");
    check_ocr_bytes(data, "f", InputKind::AzureOcr, &opts, &OcrOptions::default(), &mut sink, Some(&mut filing));
    for d in &sink.diagnostics {
        if let Some(end) = d.location.byte_end {
            assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
        }
        assert!(!has_digit_run(&d.message.en, 12), "{} shows a 12-digit run", d.code());
        assert!(!has_digit_run(&d.message.ja, 12), "{} shows a 12-digit run", d.code());
    }
});
