//! Raw bytes → `todokede::read_filing` as an e-Gov ZIP package (every package check and rule) →
//! every report format. Nothing may panic; every diagnostic of the ZIP itself points inside the
//! input; every report format is rendered and checked (see `render_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "render_common.rs"]
mod render_common;
use todokede::read::detect::InputKind;

fuzz_target!(|data: &[u8]| {
    let Some(report) = render_common::read("f.zip", data, InputKind::Egov) else {
        return;
    };
    for d in &report.diagnostics {
        if d.primary.path() == "f.zip" {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
        }
    }
    render_common::render_all(&report);
});
