//! Raw bytes as kousei.xml and as a form XML → the XML reader, kousei and form mapping and every
//! rule → every report format. Nothing may panic; every diagnostic points inside the input, and
//! no output shows a number of personal-number length (see `render_common.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "render_common.rs"]
mod render_common;
use todokede::diag::redact::has_digit_run;
use todokede::diag::Sink;
use todokede::read::egov::Member;
use todokede::rules::{CheckOptions, Profile};

fuzz_target!(|data: &[u8]| {
    let opts = CheckOptions {
        received_on: chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default(),
        profile: Profile::Society,
    };
    let mut sink = Sink::new(None);
    let members = vec![
        Member { name: "4950013521019000/kousei.xml".into(), shown: "k".into(), bytes: data.to_vec() },
        Member { name: "4950013521019000/495013521019030837_01.xml".into(), shown: "f".into(), bytes: data.to_vec() },
    ];
    todokede::read::egov::read_members(&members, "p", true, &opts, &mut sink, &mut |_| {});
    for d in &sink.diagnostics {
        if let Some(end) = d.primary.span().byte_end {
            assert!(end <= data.len() as u64, "{} ends beyond the input", d.code());
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
    render_common::render_all(sink);
});
