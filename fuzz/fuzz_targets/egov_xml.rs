//! Raw bytes as kousei.xml and as a form XML of one package → `todokede::read_filing` (the XML
//! reader, kousei and form mapping, every rule) → every report format. Nothing may panic; every
//! diagnostic of the XML points inside it, and no output shows a number of personal-number
//! length (see `render_common.rs`).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

#[path = "render_common.rs"]
mod render_common;
use todokede::diag::redact::has_digit_run;
use todokede::read::detect::InputKind;

/// A ZIP (stored, no compression) holding `data` under both names.
fn package(data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for name in ["4950013521019000/kousei.xml", "4950013521019000/495013521019030837_01.xml"] {
        if w.start_file(name, stored).is_err() || w.write_all(data).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some(report) = render_common::read("p.zip", &package(data), InputKind::Egov) else {
        return;
    };
    for d in &report.diagnostics {
        if d.primary.path().ends_with(".xml") {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
        }
        let mut m = d.message.en.clone();
        for p in todokede::layout::egov::procedures() {
            m = m.replace(&p.id, "");
            for f in &p.form {
                m = m.replace(&f.id, "");
            }
        }
        assert!(!has_digit_run(&m, 10), "{} message shows a 10-digit run", d.code());
    }
    render_common::render_all(&report);
});
