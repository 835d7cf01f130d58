//! Raw bytes → the ocr-fields/1 reader → assembly → every rule (see ocr_common.rs).
#![no_main]

#[path = "ocr_common.rs"]
mod ocr_common;
#[path = "render_common.rs"]
mod render_common;

use libfuzzer_sys::fuzz_target;
use todokede::read::detect::InputKind;

fuzz_target!(|data: &[u8]| ocr_common::run(data, InputKind::OcrFields));
