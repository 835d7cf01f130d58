//! Diagnostics: what went wrong, how bad it is, and exactly where in the source file.
//!
//! A [`Diagnostic`] never carries a personal number (My Number, 基礎年金番号, 被保険者記号・番号):
//! messages are written from item names and rule facts, and source snippets are redacted by the
//! reader that builds them (see [`redact`]).

pub mod redact;
pub mod registry;

use serde::Serialize;

use registry::Rule;

/// How serious a finding is. Only `Error` makes `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
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
    Ja,
    En,
}

/// A text in both languages; the renderer picks one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// Where a finding is, in the source file and in the filing's own terms.
///
/// Every field is optional: a field the reader cannot know is `None` (and `null` in JSON), never
/// guessed. Lines and columns are 1-based; columns count Unicode scalar values of the decoded line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Location {
    /// Nested sources joined with `!/`: `pkg.zip!/4950013521019000/SHFD0006.CSV`.
    pub path: String,
    /// Offsets in the original bytes of that file (Shift_JIS stays Shift_JIS).
    pub byte_start: Option<u64>,
    pub byte_end: Option<u64>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    /// 1-based data record within `[data]` (CSV) or form record (XML, OCR).
    pub record: Option<u32>,
    /// 項番 of the item in the CSV layout of the form.
    pub item: Option<u16>,
    pub item_name: Option<&'static str>,
    pub xml_path: Option<String>,
    pub page: Option<u32>,
    /// Normalised 0–1 box on the page: `[x0, y0, x1, y1]`, origin top left.
    pub bbox: Option<[f64; 4]>,
    /// The same box in pixels of the scanned page, when the page size is known.
    pub bbox_px: Option<[u32; 4]>,
}

impl Location {
    pub fn file(path: impl Into<String>) -> Location {
        Location {
            path: path.into(),
            ..Location::default()
        }
    }
}

/// A window of the decoded source line a finding sits on, already redacted, with the character
/// columns to underline. Kept on the diagnostic because readers stream and do not keep the file;
/// only a window, so that thousands of findings on one long line do not copy it thousands of
/// times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub line: u32,
    pub text: String,
    /// The line column of the first character of `text` (1 when the window starts the line).
    pub first_column: u32,
    /// The line goes on after `text`.
    pub more_after: bool,
    /// 1-based character columns in the line, end exclusive; `start == end` marks a point.
    pub start_column: u32,
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
    pub location: Location,
    pub message: Text,
    pub snippet: Option<Snippet>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: Text,
    pub help: Option<Text>,
    pub location: Location,
    pub snippet: Option<Snippet>,
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: &'static Rule, location: Location, message: Text) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            help: None,
            location,
            snippet: None,
            labels: Vec::new(),
        }
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn with_help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }

    pub fn with_snippet(mut self, snippet: Option<Snippet>) -> Diagnostic {
        self.snippet = snippet;
        self
    }

    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.labels.push(label);
        self
    }

    /// The help text: the diagnostic's own, else the rule's.
    pub fn help_text(&self, lang: Lang) -> &str {
        match &self.help {
            Some(h) => h.get(lang),
            None => self.rule.help(lang),
        }
    }
}

/// Collects diagnostics up to a user-set limit, counting everything (also what it drops).
#[derive(Debug, Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
    limit: Option<usize>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings counted but not kept because the limit was reached.
    pub dropped: usize,
}

impl Sink {
    pub fn new(limit: Option<usize>) -> Sink {
        Sink {
            limit,
            ..Sink::default()
        }
    }

    /// Counts `d` and keeps it unless the limit is reached. Every finding passes through
    /// [`redact::finding`] here, the last net under what readers and rules wrote.
    pub fn push(&mut self, mut d: Diagnostic) {
        redact::finding(&mut d);
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        if self.limit.is_some_and(|l| self.diagnostics.len() >= l) {
            self.dropped += 1;
        } else {
            self.diagnostics.push(d);
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}
