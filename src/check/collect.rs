//! Where the records of a file go when the model is wanted: into a [`Filing`] held whole
//! (`read_filing`, the issuance list, the HTML report), or on to a [`FilingSink`] record by
//! record (the streaming `convert`), each form with the codes of the errors found on it.
//!
//! A form is handed on one record late: the findings that name record N are pushed while N is
//! read and checked, or before N + 1 is handed out (a reader reports what it sees on a line
//! before the record it precedes). When N + 1 arrives, N is settled. A finding that names a
//! record already settled would make what was streamed wrong: it is noticed ([`Outcome::Late`])
//! so that the caller throws the output away and reads again whole. So is a head that changed
//! after the first form ([`Outcome::HeadChanged`]: a `[kanri]` after the data).

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, RecordId, Severity, Sink};
use crate::model::stream::{FilingSink, Start};
use crate::model::{Filing, FormRecord};
use crate::read::ReadSummary;

/// Takes the forms of one file as the driver builds them.
pub(crate) trait Collect {
    /// True when [`Collect::form`] needs the reader's head with the first form.
    fn wants_head(&self) -> bool {
        false
    }

    /// One form record, built after the rules ran on it; `head` is the reader's, when
    /// [`Collect::wants_head`].
    fn form(&mut self, form: FormRecord, head: Option<ReadSummary>, sink: &Sink);

    /// The end of the file.
    fn finish(&mut self, read: &ReadSummary, sink: &Sink);
}

/// The head fields of a filing from what the reader said.
fn set_head(f: &mut Filing, read: &ReadSummary) {
    f.format = read.format;
    f.sharoushi = read
        .sharoushi
        .clone()
        .or_else(|| read.medium.as_ref().and_then(|m| m.sharoushi()));
    f.medium = read.medium.clone();
    f.offices = read.offices.clone();
}

impl Collect for Filing {
    fn form(&mut self, form: FormRecord, _: Option<ReadSummary>, _: &Sink) {
        self.forms.push(form);
    }

    fn finish(&mut self, read: &ReadSummary, _: &Sink) {
        let format = self.format;
        set_head(self, read);
        // `check_one` and `read_filing` set the format from the file's summary afterwards.
        self.format = format;
    }
}

/// How a streamed read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The forms went to the sink one at a time, each with its findings.
    Streamed,
    /// The sink got the whole filing at the end.
    Whole,
    /// The head the sink started with is not the file's (事業所 after the data): what it made
    /// from the stream is wrong. Read again with `whole`.
    HeadChanged,
    /// A finding named a record already handed on (never expected): read again with `whole`.
    Late,
}

enum Mode {
    /// No form yet.
    Unstarted,
    Streaming(Filing),
    Buffering(Vec<FormRecord>),
}

/// Hands forms on to a [`FilingSink`] as they are settled.
pub(crate) struct Streamer<'s> {
    out: &'s mut dyn FilingSink,
    path: String,
    file: u32,
    mode: Mode,
    pending: Option<FormRecord>,
    /// How far `sink.diagnostics` was looked at.
    scanned: usize,
    /// Error codes of records not yet settled.
    open: BTreeMap<u32, Vec<&'static str>>,
    /// The last record settled.
    settled: u32,
    /// A finding named a settled record.
    late: bool,
    pub(crate) outcome: Option<Outcome>,
}

impl<'s> Streamer<'s> {
    /// A streamer of the file shown as `path`, the `file`-th of the run; `whole` buffers every
    /// form and hands the filing on at the end.
    pub(crate) fn new(out: &'s mut dyn FilingSink, path: String, file: u32, whole: bool) -> Self {
        Streamer {
            out,
            path,
            file,
            mode: if whole {
                Mode::Buffering(Vec::new())
            } else {
                Mode::Unstarted
            },
            pending: None,
            scanned: 0,
            open: BTreeMap::new(),
            settled: 0,
            late: false,
            outcome: None,
        }
    }

    /// Notes the errors pushed since the last look.
    fn scan(&mut self, sink: &Sink) {
        let new = sink.diagnostics.get(self.scanned..).unwrap_or(&[]);
        for d in new
            .iter()
            .filter(|d| d.severity == Severity::Error && d.file == Some(self.file))
        {
            let Some(RecordId { record, .. }) = d.record else {
                continue;
            };
            if record <= self.settled {
                self.late = true;
                continue;
            }
            let codes = self.open.entry(record).or_default();
            if !codes.contains(&d.code()) {
                codes.push(d.code());
            }
        }
        self.scanned = sink.diagnostics.len();
    }

    /// Hands the pending form on, with its findings.
    fn settle(&mut self) {
        let Some(mut form) = self.pending.take() else {
            return;
        };
        self.settled = self.settled.max(form.id.record);
        // Findings on records before this one that were never forms (none expected) go.
        while let Some(entry) = self.open.first_entry() {
            if *entry.key() > form.id.record {
                break;
            }
            let (record, codes) = entry.remove_entry();
            if record == form.id.record {
                form.findings = codes;
            }
        }
        match &mut self.mode {
            Mode::Streaming(_) => self.out.form(form),
            Mode::Buffering(forms) => forms.push(form),
            Mode::Unstarted => {}
        }
    }

    fn head_of(&self, read: &ReadSummary) -> Filing {
        let mut f = Filing::new(self.path.clone(), None);
        f.file = self.file;
        set_head(&mut f, read);
        f
    }
}

impl Collect for Streamer<'_> {
    fn wants_head(&self) -> bool {
        matches!(self.mode, Mode::Unstarted)
    }

    fn form(&mut self, form: FormRecord, head: Option<ReadSummary>, sink: &Sink) {
        self.scan(sink);
        self.settle();
        if matches!(self.mode, Mode::Unstarted) {
            self.mode = match head {
                Some(read) => {
                    let head = self.head_of(&read);
                    match self.out.start(&head) {
                        Start::Stream => Mode::Streaming(head),
                        Start::Whole => Mode::Buffering(Vec::new()),
                    }
                }
                None => Mode::Buffering(Vec::new()),
            };
        }
        self.pending = Some(form);
    }

    fn finish(&mut self, read: &ReadSummary, sink: &Sink) {
        self.scan(sink);
        self.settle();
        self.scan(sink);
        let head = self.head_of(read);
        let mode = std::mem::replace(&mut self.mode, Mode::Unstarted);
        self.outcome = Some(match mode {
            Mode::Streaming(started) => {
                if started != head {
                    Outcome::HeadChanged
                } else if self.late {
                    Outcome::Late
                } else {
                    Outcome::Streamed
                }
            }
            Mode::Buffering(forms) => {
                self.whole(head, forms, sink);
                Outcome::Whole
            }
            Mode::Unstarted => {
                self.whole(head, Vec::new(), sink);
                Outcome::Whole
            }
        });
    }
}

impl Streamer<'_> {
    /// The whole filing, each form's findings from every error of the file.
    fn whole(&mut self, mut head: Filing, mut forms: Vec<FormRecord>, sink: &Sink) {
        set_findings(&mut forms, &sink.diagnostics, self.file);
        head.forms = forms;
        self.out.whole(head);
    }
}

/// Sets each form's `findings` to the codes of the errors of file `file` located on it, each
/// once, in report order (as `convert::with_findings` does).
pub(crate) fn set_findings(forms: &mut [FormRecord], diagnostics: &[Diagnostic], file: u32) {
    let mut errors: BTreeMap<RecordId, Vec<&'static str>> = BTreeMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == Some(file))
    {
        if let Some(id) = d.record {
            let codes = errors.entry(id).or_default();
            if !codes.contains(&d.code()) {
                codes.push(d.code());
            }
        }
    }
    for f in forms {
        f.findings = errors.remove(&f.id).unwrap_or_default();
    }
}
