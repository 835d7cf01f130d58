//! Raw bytes → the e-Gov ZIP reader → every package check and rule. Nothing may panic; every
//! diagnostic of the ZIP itself points inside the input; every report format is rendered and
//! checked (see `render_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "render_common.rs"]
mod render_common;
use todokede::diag::Sink;
use todokede::rules::{CheckOptions, Profile};

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions {
        received_on: chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default(),
        profile: Profile::Society,
    };
    let mut sink = Sink::new(None);
    let members = todokede::read::egov::zip::members(data, "f.zip", &mut sink);
    for d in &sink.diagnostics {
        if d.primary.path() == "f.zip" {
            if let Some(end) = d.primary.span().byte_end {
                assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
            }
        }
    }
    todokede::read::egov::read_members(&members, "f.zip", true, &opts, &mut sink, &mut |_| {});
    render_common::render_all(sink);
});
