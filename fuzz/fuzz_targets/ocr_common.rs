//! The body shared by the OCR fuzz targets: raw bytes → one OCR reader → assembly → every rule →
//! every report format (`render_common.rs`).
//! Nothing may panic; every diagnostic must point inside the input, and no message may carry a
//! 12-digit run (a My Number).

use todokede::check::{check_ocr_bytes, InputKind, OcrOptions};
use todokede::diag::redact::has_digit_run;
use todokede::diag::Sink;
use todokede::model::Filing;
use todokede::rules::{CheckOptions, Profile};

pub fn run(data: &[u8], kind: InputKind, format: &str) {
    let opts = CheckOptions {
        received_on: chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default(),
        profile: Profile::Society,
    };
    let mut sink = Sink::new(None);
    let mut filing = Filing::new("f", todokede::source::SourceFormat::parse(format));
    check_ocr_bytes(data, "f", kind, &opts, &OcrOptions::default(), &mut sink, Some(&mut filing));
    for d in &sink.diagnostics {
        if let Some(end) = d.primary.span().byte_end {
            assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
        }
        assert!(!has_digit_run(&d.message.en, 12), "{} shows a 12-digit run", d.code());
        assert!(!has_digit_run(&d.message.ja, 12), "{} shows a 12-digit run", d.code());
    }
    super::render_common::render_all(sink);
}
