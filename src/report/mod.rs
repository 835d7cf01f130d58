//! The [`Report`] of a run, and its renderers: text for people or documents for machines.
//! Renderers never see source formats, and never print a personal number (diagnostics carry
//! none, and snippets are redacted by the reader).

pub mod artifact;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod issuance;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod sarif;
pub mod statistics;

use std::io::{self, Write};

use crate::diag::{Diagnostic, Lang, Omitted, Severity, Sink};
use crate::source::SourceFormat;

/// What was checked in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileSummary {
    /// The path as shown in findings.
    pub path: String,
    /// The shape the file was read as; `None` (`unknown` in reports) when it could not be read
    /// as a filing.
    #[serde(serialize_with = "crate::source::serialize_known")]
    pub format: Option<SourceFormat>,
    /// Form records read.
    pub records: u32,
    /// Findings of each severity about this file (all are counted, also those not kept).
    pub errors: usize,
    /// See `errors`.
    pub warnings: usize,
    /// See `errors`.
    pub infos: usize,
    /// False when the file could not be checked at all (it cannot be opened or read, a
    /// directory cannot be listed, an encrypted medium without its password): the findings say
    /// nothing about its content, and `check` exits with 2.
    pub checked: bool,
    /// How long reading and checking the file took (JUnit's `time`); not in the JSON report,
    /// which stays the same from run to run.
    #[serde(skip)]
    pub elapsed: Option<std::time::Duration>,
}

impl FileSummary {
    /// A summary of `path` before it is read: nothing found yet, checked unless told otherwise.
    pub fn new(path: impl Into<String>) -> FileSummary {
        FileSummary {
            path: path.into(),
            format: None,
            records: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            checked: true,
            elapsed: None,
        }
    }
}

/// The counts of a run: every finding is counted, also those beyond `--max-diagnostics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings counted but not kept (the limit).
    pub not_shown: usize,
}

impl Summary {
    /// Every finding counted.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Counts one finding of `severity`.
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

/// The result of a `check` run: what was read, what was found, and the counts. This is all a
/// renderer sees: no reader, no source format beyond its name.
#[derive(Debug, Clone)]
pub struct Report {
    /// 受付日 the dates were checked against.
    pub received_on: chrono::NaiveDate,
    /// The files checked, in order.
    pub files: Vec<FileSummary>,
    /// The findings kept, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts of every finding.
    pub summary: Summary,
    /// Findings of one code in one file beyond the first [`Sink::PER_CODE`]: counted, not
    /// kept (their count is part of `summary.not_shown`).
    pub omitted: Vec<Omitted>,
    /// How many findings of each code and severity were counted (kept or not), for
    /// `--statistics`.
    pub by_code: std::collections::BTreeMap<(&'static str, Severity), usize>,
    /// The configuration in effect (the JSON report records it); `None` for a library run
    /// that did not say.
    pub configuration: Option<serde_json::Value>,
}

impl Report {
    /// An empty report of a run against `received_on`.
    pub fn new(received_on: chrono::NaiveDate) -> Report {
        Report {
            received_on,
            files: Vec::new(),
            diagnostics: Vec::new(),
            summary: Summary::default(),
            omitted: Vec::new(),
            by_code: Default::default(),
            configuration: None,
        }
    }

    /// The report of `files` and what `sink` collected.
    pub fn from_sink(
        received_on: chrono::NaiveDate,
        files: Vec<FileSummary>,
        sink: Sink,
    ) -> Report {
        Report {
            received_on,
            files,
            summary: Summary {
                errors: sink.errors,
                warnings: sink.warnings,
                infos: sink.infos,
                not_shown: sink.dropped + sink.omitted.iter().map(|o| o.count).sum::<usize>(),
            },
            diagnostics: sink.diagnostics,
            omitted: sink.omitted,
            by_code: sink.by_code,
            configuration: None,
        }
    }

    /// The findings kept, in order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// True when at least one error was found (`check` exits with 1).
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// True when every input could be checked (else `check` exits with 2).
    pub fn all_checked(&self) -> bool {
        self.files.iter().all(|f| f.checked)
    }

    /// Form records read in every file.
    pub fn records(&self) -> u64 {
        self.files.iter().map(|f| u64::from(f.records)).sum()
    }

    /// The same report keeping at most `limit` findings (all still counted).
    pub fn limited(&self, limit: Option<usize>) -> Report {
        let mut sink = Sink::new(limit);
        for d in &self.diagnostics {
            sink.push(d.clone());
        }
        Report {
            received_on: self.received_on,
            files: self.files.clone(),
            summary: Summary {
                not_shown: self.summary.not_shown + sink.dropped,
                ..self.summary
            },
            diagnostics: sink.diagnostics,
            omitted: self.omitted.clone(),
            by_code: self.by_code.clone(),
            configuration: self.configuration.clone(),
        }
    }
}

/// Declares [`Format`] and [`Format::ALL`] from one list, so that a format cannot be added
/// without every test and fuzz target that walks `Format::ALL` covering it.
macro_rules! formats {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// Output formats of `check`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Format {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Format {
            /// Every format, in the order `--format` lists them: the leak tests, the corpus
            /// tests, the peak-heap test and the fuzz targets render each one.
            pub const ALL: &'static [Format] = &[$(Format::$variant),*];

            /// The name `--format` takes.
            pub fn name(self) -> &'static str {
                match self {
                    $(Format::$variant => $name,)*
                }
            }
        }
    };
}

formats! {
    /// For people: rustc-style blocks with the source line.
    Human => "human",
    /// `todokede-report/1`.
    Json => "json",
    /// SARIF 2.1.0.
    Sarif => "sarif",
    /// JUnit XML.
    Junit => "junit",
    /// GitHub Actions workflow commands.
    Github => "github",
    /// The staff report: one self-contained Japanese HTML page, printable per 事業所.
    Html => "html",
    /// GitLab Code Quality (a JSON array of issues).
    Gitlab => "gitlab",
    /// One JSON diagnostic per line, for streaming.
    JsonLines => "json-lines",
    /// One line per finding: `path:line:col: CODE message`.
    Concise => "concise",
}

/// Everything a renderer may use besides the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderContext {
    /// Language of messages.
    pub lang: Lang,
    /// Colour for terminals (human format only).
    pub color: bool,
}

/// Writes `report` in `format`.
///
/// ```
/// use todokede::report::{render, Format, RenderContext};
/// use todokede::{check, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let report = check(Input::path("testdata/invalid/dat001/SHFD0006.CSV"), &config)?;
/// let mut out = Vec::new();
/// render(Format::Json, &report, &RenderContext::default(), &mut out)?;
/// let json: serde_json::Value = serde_json::from_slice(&out)?;
/// assert_eq!(json["schema"], "todokede-report/1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(
    format: Format,
    report: &Report,
    ctx: &RenderContext,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, ctx, out),
        Format::Json => json::render(report, ctx, out),
        Format::Sarif => sarif::render(report, ctx, out),
        Format::Junit => junit::render(report, ctx, out),
        Format::Github => github::render(report, ctx, out),
        Format::Html => html::render(report, ctx, out),
        Format::Gitlab => gitlab::render(report, ctx, out),
        Format::JsonLines => json_lines::render(report, ctx, out),
        Format::Concise => concise::render(report, ctx, out),
    }
}
