//! Diagnostics: what went wrong, how bad it is, and exactly where in the source file.
//!
//! A [`Diagnostic`] never carries a personal number (My Number, 基礎年金番号, 被保険者記号・番号):
//! messages are written from item names and rule facts, and source snippets are redacted by the
//! reader that builds them (see [`redact`]).

mod as_miette;
pub mod cause;
mod flood;
mod place;
pub mod redact;
pub mod registry;
pub mod selection;

pub use as_miette::{InLang, RULES_DOC};
pub use flood::{LineCap, Slot, PER_LINE};
pub use place::{ItemRef, Place, PlaceFields, PlaceKind, Span};
pub use selection::RulePolicy;

use serde::Serialize;

use registry::Rule;

/// How serious a finding is. Only `Error` makes `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A fault the filing must not be submitted with: `check` exits with 1.
    Error,
    /// Probably a fault, or something the receiving office may query.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    /// The lowercase name used in every report format (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The language of messages and help texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    /// Japanese (the default: the users are society staff).
    Ja,
    /// English.
    En,
}

/// A text in both languages; the renderer picks one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The Japanese text.
    pub ja: String,
    /// The English text.
    pub en: String,
}

impl Text {
    /// A text from its Japanese and English wording.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// Which record a finding is about: the file of the run it was read from and its place in that
/// file's order of records. Unique within a [`crate::report::Report`], so `convert` can tell
/// which records carry errors without comparing paths or display numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RecordId {
    /// 0-based index of the input file in the run (its [`crate::report::FileSummary`]).
    pub file: u32,
    /// 1-based ordinal of the record among every record read from that input, in read order
    /// (an e-Gov package's forms and attached CSV records share one sequence).
    pub record: u32,
}

/// A window of the decoded source line a finding sits on, already redacted, with the character
/// columns to underline. Kept on the diagnostic because readers stream and do not keep the file;
/// only a window, so that thousands of findings on one long line do not copy it thousands of
/// times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The 1-based line of the source the window is taken from.
    pub line: u32,
    /// The redacted window of the line.
    pub text: String,
    /// The line column of the first character of `text` (1 when the window starts the line).
    pub first_column: u32,
    /// The line goes on after `text`.
    pub more_after: bool,
    /// 1-based character columns in the line, end exclusive; `start == end` marks a point.
    pub start_column: u32,
    /// The column after the last marked character.
    pub end_column: u32,
}

impl Snippet {
    /// Characters of context kept on each side of the marked span.
    pub const CONTEXT: usize = 120;

    /// A window of `line` (already redacted) around the 1-based columns `start..end`.
    pub fn window(line_no: u32, line: &str, start: u32, end: u32) -> Snippet {
        let s = (start as usize).saturating_sub(1);
        let e = (end as usize).saturating_sub(1).max(s);
        let from = s.saturating_sub(Self::CONTEXT);
        let to = e.saturating_add(Self::CONTEXT);
        let mut text = String::new();
        let mut more_after = false;
        for (i, c) in line.chars().enumerate() {
            if i < from {
                continue;
            }
            if i >= to {
                more_after = true;
                break;
            }
            text.push(c);
        }
        // A cut may split a public identifier the whole line showed (see `redact::cut`).
        if from > 0 || more_after {
            if let std::borrow::Cow::Owned(m) = redact::cut(&text) {
                text = m;
            }
        }
        Snippet {
            line: line_no,
            text,
            first_column: u32::try_from(from + 1).unwrap_or(u32::MAX),
            more_after,
            start_column: start,
            end_column: end,
        }
    }
}

/// A secondary place involved in a finding (`合計` ↔ `通貨`, the first of two duplicate numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where the other place is.
    pub place: Place,
    /// What that place has to do with the finding.
    pub message: Text,
    /// The redacted source around that place, when the reader had it.
    pub snippet: Option<Snippet>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule of the catalogue ([`registry`]) that found it: code, summary, help, sources.
    pub rule: &'static Rule,
    /// How serious it is (the rule's severity unless the run's policy changed it).
    pub severity: Severity,
    /// What is wrong, in both languages; never quotes a personal number.
    pub message: Text,
    /// Additions to the message, each on its own (rustc's notes): "probable misread: OCR
    /// confidence 0.42" on a finding about a doubtful OCR field.
    pub notes: Vec<Text>,
    /// How to fix it, when this finding has more to say than the rule's help.
    pub help: Option<Text>,
    /// Where the fault is.
    pub primary: Place,
    /// The redacted source around the primary place, when the reader had it.
    pub snippet: Option<Snippet>,
    /// The other places involved (`合計` ↔ `通貨`, the first of two duplicate numbers).
    pub secondary: Vec<Label>,
    /// The record the finding is about, when it is about one.
    pub record: Option<RecordId>,
    /// The file of the run the finding is about (its index in the report's files); set where
    /// the run collects findings, `None` for findings about no file of the run (a folder that
    /// cannot be read).
    pub file: Option<u32>,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: &'static Rule, primary: Place, message: Text) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            notes: Vec::new(),
            help: None,
            primary,
            snippet: None,
            secondary: Vec::new(),
            record: None,
            file: None,
        }
    }

    /// The rule's code (`STR001`).
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The same finding with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// The same finding with a help text of its own.
    pub fn with_help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }

    /// The same finding with a source window (or none).
    pub fn with_snippet(mut self, snippet: Option<Snippet>) -> Diagnostic {
        self.snippet = snippet;
        self
    }

    /// The same finding with one more secondary place.
    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    /// Adds a note (shown after the message, never merged into it).
    pub fn with_note(mut self, note: Text) -> Diagnostic {
        self.notes.push(note);
        self
    }

    /// Says which record the finding is about.
    pub fn with_record(mut self, record: Option<RecordId>) -> Diagnostic {
        self.record = record;
        self
    }

    /// The message followed by its notes in brackets, for one-line formats (SARIF, GitHub,
    /// JUnit) that have no place for notes of their own.
    pub fn message_with_notes(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        let message = self.message.get(lang);
        if self.notes.is_empty() {
            return std::borrow::Cow::Borrowed(message);
        }
        let mut s = message.to_string();
        for n in &self.notes {
            match lang {
                Lang::Ja => {
                    s.push('（');
                    s.push_str(n.get(lang));
                    s.push('）');
                }
                Lang::En => {
                    s.push_str(" (");
                    s.push_str(n.get(lang));
                    s.push(')');
                }
            }
        }
        std::borrow::Cow::Owned(s)
    }

    /// The help text: the diagnostic's own, else the rule's.
    pub fn help_text(&self, lang: Lang) -> &str {
        match &self.help {
            Some(h) => h.get(lang),
            None => self.rule.help(lang),
        }
    }
}

/// Findings of one code in one file that are not kept, only counted (a flood summarised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    /// The file, as shown in findings.
    pub path: String,
    /// The code of the findings counted.
    pub code: &'static str,
    /// Their severity.
    pub severity: Severity,
    /// How many were counted and not kept.
    pub count: usize,
}

impl Omitted {
    /// "and K more CODE in this file (not shown)", for every report format.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!(
                "このファイルの{}はほかに{}件あります（表示を省略）",
                self.code, self.count
            ),
            Lang::En => format!(
                "and {} more {} in this file (not shown)",
                self.count, self.code
            ),
        }
    }
}

/// How many findings of one code a file has in the sink.
#[derive(Debug)]
struct Kept {
    path: String,
    kept: usize,
    /// Index in [`Sink::omitted`] once some were not kept.
    omitted: Option<usize>,
}

/// Collects diagnostics up to a user-set limit, counting everything (also what it drops).
///
/// A summarising sink ([`Sink::summarising`]) also keeps at most [`Sink::PER_CODE`] findings of
/// one code in one file: the rest are counted (exactly, by severity) and listed in
/// [`Sink::omitted`], so that a file with a million identical faults costs a million counts, not a
/// million diagnostics.
///
/// Every finding passes the run's [`RulePolicy`] (rule selection and severities) and
/// [`redact::finding`] on its way in.
#[derive(Debug, Default)]
pub struct Sink {
    /// The findings kept, in the order they were pushed.
    pub diagnostics: Vec<Diagnostic>,
    limit: Option<usize>,
    policy: Option<RulePolicy>,
    /// The file findings are about, stamped on those that do not say.
    file: Option<u32>,
    per_code: Option<usize>,
    /// Findings kept per code and file (a short list of files per code).
    kept: std::collections::HashMap<&'static str, Vec<Kept>>,
    /// Errors counted, kept or not.
    pub errors: usize,
    /// Warnings counted, kept or not.
    pub warnings: usize,
    /// Infos counted, kept or not.
    pub infos: usize,
    /// Findings counted but not kept because the limit was reached.
    pub dropped: usize,
    /// Findings counted but not kept because their file already had [`Sink::PER_CODE`] of
    /// their code.
    pub omitted: Vec<Omitted>,
    /// For each entry of [`Sink::omitted`], how many findings were kept when it was added: where
    /// it comes among them, for [`Sink::append_part`].
    omitted_at: Vec<usize>,
    /// Every finding counted by code and severity (`--statistics`).
    pub by_code: std::collections::BTreeMap<(&'static str, Severity), usize>,
}

impl Sink {
    /// Findings of one code in one file a summarising sink keeps.
    pub const PER_CODE: usize = 50;

    /// A sink that keeps every finding up to `limit` (`convert` needs each one to know which
    /// records have errors).
    pub fn new(limit: Option<usize>) -> Sink {
        Sink {
            limit,
            ..Sink::default()
        }
    }

    /// The same sink applying `policy` (rule selection and severities).
    pub fn with_policy(mut self, policy: &RulePolicy) -> Sink {
        self.policy = (!policy.is_default()).then(|| policy.clone());
        self
    }

    /// An unlimited buffer that summarises floods as this sink does: for a reader that works a
    /// file out before handing its findings on (an e-Gov package, an OCR file), so that what it
    /// holds stays bounded like the sink it feeds. What it counts but does not keep goes on with
    /// [`Sink::absorb`].
    pub fn buffer_like(sink: &Sink) -> Sink {
        Sink {
            per_code: sink.per_code,
            ..Sink::default()
        }
    }

    /// The findings a buffer counted but did not keep (see [`Sink::buffer_like`]).
    pub fn take_omitted(&mut self) -> Vec<Omitted> {
        self.kept.clear();
        self.omitted_at.clear();
        std::mem::take(&mut self.omitted)
    }

    /// Counts findings a buffer counted but did not keep, as if they had been pushed here (the
    /// run's policy applies to them as to every finding).
    pub fn absorb(&mut self, mut o: Omitted) {
        if let Some(p) = &self.policy {
            match p.apply(o.code, &o.path, o.severity) {
                Some(s) => o.severity = s,
                None => return,
            }
        }
        self.count(o.code, o.severity, o.count);
        if self.limit.is_some_and(|l| self.diagnostics.len() >= l) {
            self.dropped += o.count;
            return;
        }
        self.omit(o.path, o.code, o.severity, o.count);
    }

    /// Adds `count` findings of `code` in `path` (already redacted) to [`Sink::omitted`].
    fn omit(&mut self, path: String, code: &'static str, severity: Severity, count: usize) {
        if count == 0 {
            return;
        }
        match self
            .omitted
            .iter_mut()
            .find(|have| have.path == path && have.code == code)
        {
            Some(have) => have.count += count,
            None => {
                self.omitted_at.push(self.diagnostics.len());
                self.omitted.push(Omitted {
                    path,
                    code,
                    severity,
                    count,
                });
            }
        }
    }

    fn count(&mut self, code: &'static str, severity: Severity, n: usize) {
        *self.by_code.entry((code, severity)).or_insert(0) += n;
        match severity {
            Severity::Error => self.errors += n,
            Severity::Warning => self.warnings += n,
            Severity::Info => self.infos += n,
        }
    }

    /// Stamps the findings pushed from now on with the file of the run they are about.
    pub fn set_file(&mut self, file: Option<u32>) {
        self.file = file;
    }

    /// A sink for reports: up to `limit` findings, and at most [`Sink::PER_CODE`] of one code
    /// in one file.
    pub fn summarising(limit: Option<usize>) -> Sink {
        Sink {
            limit,
            per_code: Some(Self::PER_CODE),
            ..Sink::default()
        }
    }

    /// Counts `d` and keeps it unless a limit is reached (or the policy drops its rule). Every
    /// kept finding passes through [`redact::finding`] here, the last net under what readers and
    /// rules wrote.
    pub fn push(&mut self, d: Diagnostic) {
        self.push_with_more(d, 0);
    }

    /// Pushes `d` and counts `more` findings like it (same rule, file and severity) that were
    /// never built: the rest of a line past [`PER_LINE`] (see [`LineCap`]). They are counted
    /// exactly and listed in [`Sink::omitted`]; `d` says how many in a note.
    pub fn push_with_more(&mut self, mut d: Diagnostic, more: usize) {
        if let Some(p) = &self.policy {
            match p.apply(d.code(), d.primary.path(), d.severity) {
                Some(s) => d.severity = s,
                None => return,
            }
        }
        if d.file.is_none() {
            d.file = d.record.map(|r| r.file).or(self.file);
        }
        self.count(d.code(), d.severity, 1 + more);
        if self.limit.is_some_and(|l| self.diagnostics.len() >= l) {
            self.dropped += 1 + more;
            return;
        }
        if !self.admit(&d, more) {
            return;
        }
        redact::finding(&mut d);
        if more > 0 {
            let path = d.primary.path().to_string();
            self.omit(path, d.code(), d.severity, more);
        }
        self.diagnostics.push(d);
    }

    /// Whether `d` is kept under the per-file cap of its code ([`Sink::PER_CODE`]); when it is
    /// not, it and `more` like it are added to [`Sink::omitted`].
    fn admit(&mut self, d: &Diagnostic, more: usize) -> bool {
        let mut keep = true;
        if let Some(cap) = self.per_code {
            // Keyed on the path as given (redaction is idempotent and does not merge paths).
            let files = self.kept.entry(d.code()).or_default();
            let path = d.primary.path();
            match files.iter_mut().find(|k| k.path == path) {
                Some(k) if k.kept >= cap => {
                    keep = false;
                    match k.omitted {
                        Some(i) => {
                            if let Some(o) = self.omitted.get_mut(i) {
                                o.count += 1 + more;
                            }
                        }
                        None => {
                            let mut shown = path.to_string();
                            redact::finding_text(&mut shown);
                            let code = d.code();
                            // Summarised lines of this file may have listed some already.
                            let at = self
                                .omitted
                                .iter()
                                .position(|o| o.path == shown && o.code == code);
                            match at.and_then(|i| self.omitted.get_mut(i)) {
                                Some(o) => o.count += 1 + more,
                                None => {
                                    self.omitted_at.push(self.diagnostics.len());
                                    self.omitted.push(Omitted {
                                        path: shown,
                                        code,
                                        severity: d.severity,
                                        count: 1 + more,
                                    });
                                }
                            }
                            k.omitted = Some(at.unwrap_or(self.omitted.len() - 1));
                        }
                    }
                }
                Some(k) => k.kept += 1,
                None => files.push(Kept {
                    path: path.to_string(),
                    kept: 1,
                    omitted: None,
                }),
            }
        }
        keep
    }

    /// An empty sink that decides as this one does (policy, summarising) but keeps every
    /// finding: one file's findings, checked on its own thread, to be [`Sink::append`]ed to this
    /// one in the run's order.
    pub fn for_one_file(&self) -> Sink {
        Sink {
            policy: self.policy.clone(),
            per_code: self.per_code,
            ..Sink::default()
        }
    }

    /// Adds what a sink made by [`Sink::for_one_file`] kept and counted, as if its findings had
    /// been pushed here. Exact for a sink without a limit: the policy and the per-file
    /// summarising decided the same in the other sink (a file's findings are about its own
    /// paths), and nothing is dropped.
    pub fn append(&mut self, other: Sink) {
        debug_assert!(self.limit.is_none(), "only a sink without a limit");
        for ((code, severity), n) in other.by_code {
            *self.by_code.entry((code, severity)).or_insert(0) += n;
        }
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.dropped += other.dropped;
        for o in other.omitted {
            self.omit(o.path, o.code, o.severity, o.count);
        }
        self.diagnostics.extend(other.diagnostics);
    }

    /// An empty sink for one part of the file this one is reading ([`Sink::for_one_file`], the
    /// file stamp too), to be [`Sink::append_part`]ed to this one in the file's order.
    pub fn for_part(&self) -> Sink {
        Sink {
            file: self.file,
            ..self.for_one_file()
        }
    }

    /// Adds what a sink made by [`Sink::for_part`] kept and counted as if its findings had been
    /// pushed here after those of the file's earlier parts: the per-file cap of each code
    /// ([`Sink::PER_CODE`]) is applied again across the parts (the part kept its own first 50,
    /// among which are all that the whole file keeps), and the part's entries of
    /// [`Sink::omitted`] are added where they came among its findings, so that the list has
    /// the serial run's order. For a sink without a limit (the policy and redaction were
    /// applied in the part).
    pub fn append_part(&mut self, part: Sink) {
        debug_assert!(self.limit.is_none(), "only a sink without a limit");
        let Sink {
            diagnostics,
            omitted,
            omitted_at,
            by_code,
            errors,
            warnings,
            infos,
            dropped,
            ..
        } = part;
        for ((code, severity), n) in by_code {
            *self.by_code.entry((code, severity)).or_insert(0) += n;
        }
        self.errors += errors;
        self.warnings += warnings;
        self.infos += infos;
        self.dropped += dropped;
        let mut omitted = omitted.into_iter().zip(omitted_at).peekable();
        for (i, d) in diagnostics.into_iter().enumerate() {
            while let Some((o, _)) = omitted.next_if(|(_, at)| *at <= i) {
                self.omit(o.path, o.code, o.severity, o.count);
            }
            if self.admit(&d, 0) {
                self.diagnostics.push(d);
            }
        }
        for (o, _) in omitted {
            self.omit(o.path, o.code, o.severity, o.count);
        }
    }

    /// True when this sink keeps at most some number of findings.
    pub fn is_limited(&self) -> bool {
        self.limit.is_some()
    }

    /// Every finding counted, of every severity.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Empties the sink (counts too), handing out what it kept.
    pub fn take(&mut self) -> Vec<Diagnostic> {
        self.reset_counts();
        std::mem::take(&mut self.diagnostics)
    }

    /// Empties the sink (counts too), keeping its buffer for reuse.
    pub fn drain(&mut self) -> std::vec::Drain<'_, Diagnostic> {
        self.reset_counts();
        self.diagnostics.drain(..)
    }

    fn reset_counts(&mut self) {
        self.errors = 0;
        self.warnings = 0;
        self.infos = 0;
        self.dropped = 0;
        self.by_code.clear();
    }
}
