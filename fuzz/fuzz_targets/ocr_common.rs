//! The body shared by the OCR fuzz targets: raw bytes → `todokede::read_filing` as one OCR
//! format (the reader, assembly, every rule and the model) → every report format
//! (`render_common.rs`). Nothing may panic; every diagnostic must point inside the input, and no
//! message may carry a 12-digit run (a My Number).

use todokede::diag::redact::has_digit_run;
use todokede::read::detect::InputKind;

pub fn run(data: &[u8], kind: InputKind) {
    let Some(report) = super::render_common::read("f", data, kind) else {
        return;
    };
    for d in &report.diagnostics {
        if let Some(end) = d.primary.span().byte_end {
            assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
        }
        assert!(!has_digit_run(&d.message.en, 12), "{} shows a 12-digit run", d.code());
        assert!(!has_digit_run(&d.message.ja, 12), "{} shows a 12-digit run", d.code());
    }
    super::render_common::render_all(&report);
}
