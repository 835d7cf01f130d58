//! Readers: one per source format. A reader hands out the [`Record`]s of one input one at a
//! time ([`RecordSource`]) and reports what only it can see (bad bytes, wrong item counts,
//! missing header lines). It never runs a rule: the check driver gives every record to the
//! rule engine as it comes.

pub mod csv;
pub mod detect;
pub mod egov;
pub mod medium;
pub mod ocr;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, PlaceKind, RecordId, Sink, Text};
use crate::model::ocr::RecordMeta;
use crate::model::{Medium, Office, Record};
use crate::source::SourceFormat;

/// One record as a reader hands it out.
#[derive(Debug, Clone, Copy)]
pub struct ReadRecord<'a> {
    /// The path shown for the file the record is in (a member of a package has its own).
    pub path: &'a str,
    /// The record.
    pub record: &'a Record,
    /// What OCR said about each item, for paper read by OCR.
    pub ocr: Option<&'a RecordMeta>,
    /// A header record (a CSV file's 事業所情報) handed out so that the rules check its items
    /// like a data record's: it is no form record (not counted, not in the model, its findings
    /// name no record).
    pub header: bool,
}

/// What a reader learnt about its input besides the records.
#[derive(Debug, Clone, Default)]
pub struct ReadSummary {
    /// The shape the input was read as (`None`: it could not be read as a filing).
    pub format: Option<SourceFormat>,
    /// Form records read.
    pub records: u32,
    /// The 媒体管理 record, when the input has one.
    pub medium: Option<Medium>,
    /// The 事業所情報 records.
    pub offices: Vec<Office>,
    /// The 社会保険労務士 who submitted it, when the input names one.
    pub sharoushi: Option<String>,
    /// The input could not be read at all (it cannot be opened or read, an encrypted medium
    /// without its password): nothing in it was checked.
    pub unreadable: bool,
}

/// A reader: records one at a time, and the reader's own findings pushed to `sink` in the order
/// they belong (before the record they precede; the last ones when it returns `None`).
pub trait RecordSource {
    /// The next record, or `None` at the end.
    fn next_record(&mut self, sink: &mut Sink) -> Option<ReadRecord<'_>>;

    /// What was read besides the records (call after `next_record` returned `None`).
    fn finish(self) -> ReadSummary;

    /// What [`RecordSource::finish`] will say besides the records (format, 媒体管理, 事業所情報),
    /// when the reader knows it already, after handing out a form record; `None` when it learns
    /// it only at the end (the e-Gov and OCR readers gather 事業所 from the forms). A streaming
    /// consumer compares it with what `finish` says.
    fn head(&self) -> Option<ReadSummary> {
        None
    }
}

/// Numbers the records of one input: the input's index in the run and the records handed out
/// so far, so that every record has a [`RecordId`] unique in the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordIds {
    file: u32,
    last: u32,
}

impl RecordIds {
    /// The numbering of the input with index `file` in the run.
    pub fn new(file: u32) -> RecordIds {
        RecordIds { file, last: 0 }
    }

    /// The numbering of the input with index `file` going on after its record `last` (a part
    /// of a file checked on its own).
    pub fn after(file: u32, last: u32) -> RecordIds {
        RecordIds { file, last }
    }

    /// The id of the next record.
    pub fn next_id(&mut self) -> RecordId {
        self.last = self.last.saturating_add(1);
        RecordId {
            file: self.file,
            record: self.last,
        }
    }

    /// The index of the input in the run.
    pub fn file(&self) -> u32 {
        self.file
    }

    /// How many ids were handed out.
    pub fn count(&self) -> u32 {
        self.last
    }

    /// The id of the `n`-th record handed out (1-based).
    pub fn nth(&self, n: u32) -> RecordId {
        RecordId {
            file: self.file,
            record: n,
        }
    }
}

/// A file that could not be opened or read to the end.
pub fn io_error(shown: &str, ja: &str, en: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(&r::STR_NOT_FILING, Place::file(shown), {
        let why = crate::diag::cause::io(e);
        Text::new(format!("{ja}: {}", why.ja), format!("{en}: {}", why.en))
    })
}

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
