//! Readers: one per source format. A reader turns bytes into [`crate::model::Record`]s and reports
//! what only it can see (bad bytes, wrong item counts, missing header lines).

pub mod csv;
pub mod egov;
pub mod ocr;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, PlaceKind, Sink, Text};

/// Reports a file that is UTF-16 or binary (ENC006) once, naming what it is; true when it was
/// one (the reader then stops: nothing in it can be read as text).
pub fn refuse_not_text(head: &[u8], path: &str, expected: &str, sink: &mut Sink) -> bool {
    let Some(kind) = crate::source::sniff::not_text(head) else {
        return false;
    };
    let (ja, en) = kind.describe();
    sink.push(Diagnostic::new(
        &r::ENC_NOT_TEXT,
        Place::new(PlaceKind::File, path),
        Text::new(
            format!("このファイルは{ja}です（{expected}として読めません）"),
            format!("this file is {en}; it cannot be read as {expected}"),
        ),
    ));
    true
}
