//! The check flow, the same for every input: find the files, open and read each once, detect
//! what it is, hand its records from the reader to the rule [`Engine`], and collect the
//! findings into a [`Report`].
//!
//! ```text
//! Input (path | bytes | folder) ──walk──▶ file ──open + head──▶ detect ──▶ reader (RecordSource)
//!        records one at a time ──▶ Engine (every rule) ──▶ Sink (policy, limit) ──▶ Report
//!                              └──▶ Filing (read_filing only)
//! ```
//!
//! Files are checked one after the other, each with its own engine and record numbering, so a
//! run over a directory is the concatenation of the runs over its files in walk order.

mod collect;
mod engine;
mod memory;
#[cfg(not(target_arch = "wasm32"))]
mod parallel;
#[cfg(not(target_arch = "wasm32"))]
mod split;

pub use collect::Outcome;
pub use engine::Engine;

use collect::{Collect, Streamer};

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::registry as r;
use crate::diag::{redact, Diagnostic, Place, RulePolicy, Sink, Text};
use crate::model::ocr::apply_certificate_states;
use crate::model::stream::FilingSink;
use crate::model::{Filing, FormRecord};
use crate::read::csv::CsvReader;
use crate::read::detect::{self, InputKind, HEAD_BYTES};
use crate::read::egov::{self, EgovReader};
use crate::read::ocr::profile::Profile;
use crate::read::ocr::{self, OcrFormat, OcrReader};
use crate::read::{io_error, ReadSummary, RecordIds, RecordSource};
use crate::report::{FileSummary, Report};
use crate::rules::ocr::Thresholds;
use crate::rules::CheckOptions;
use crate::source::walk;

/// The default [`Config::part_bytes`]: parts of a few megabytes, so that a file of a few
/// tens of megabytes keeps every core busy and a small file is not split at all.
pub const PART_BYTES: u64 = 4 << 20;

/// Settings of one `check` run.
#[derive(Debug, Clone)]
pub struct Config {
    /// What the rules accept: 受付日 and whose rules apply.
    pub options: CheckOptions,
    /// Stop keeping diagnostics after this many (all are still counted).
    pub max_diagnostics: Option<usize>,
    /// The input kind given with `--from`; detected from the content when `None`.
    pub from: Option<InputKind>,
    /// How paper read by OCR is judged.
    pub ocr: OcrOptions,
    /// Which findings are kept and at which severity.
    pub rules: RulePolicy,
    /// The password of encrypted media (`SHFD0006(CSV).ZIP`), when the society has it.
    pub password: Option<crate::read::medium::Password>,
    /// How many files are checked at once (`--jobs`): 0 for one per core, 1 for one after the
    /// other. The report is the same whatever the number.
    pub jobs: usize,
    /// A 電子媒体 CSV file of at least twice this many bytes is checked in parts of about this
    /// size on the `jobs` threads (at most two parts a thread); the report is the same.
    pub part_bytes: u64,
}

impl Config {
    /// The defaults (society profile, every rule, no limit) for a run against `received_on`.
    ///
    /// ```
    /// let config = todokede::Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
    /// assert_eq!(config.max_diagnostics, None);
    /// ```
    pub fn new(received_on: chrono::NaiveDate) -> Config {
        Config {
            options: CheckOptions {
                received_on,
                profile: crate::rules::Profile::default(),
                duplicates_memory: crate::rules::first_places::DEFAULT_MEMORY,
            },
            max_diagnostics: None,
            from: None,
            ocr: OcrOptions::default(),
            rules: RulePolicy::default(),
            password: None,
            jobs: 1,
            part_bytes: PART_BYTES,
        }
    }

    /// The configuration in effect, as the JSON report records it (`configuration`): every
    /// setting and where the rules came from. `file` is the `todokede.toml` the settings were
    /// read from, if any; `lang` the language of the messages. One home, so that `check` and
    /// the browser page ([`Report::configuration`]) record the same block for the same settings.
    ///
    /// ```
    /// let config = todokede::Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
    /// let block = config.effective(None, todokede::diag::Lang::Ja);
    /// assert_eq!(block["received_on"], "2024-12-10");
    /// assert_eq!(block["profile"], "society");
    /// assert!(block["file"].is_null());
    /// ```
    pub fn effective(&self, file: Option<&Path>, lang: crate::diag::Lang) -> serde_json::Value {
        use crate::diag::selection::{Rules, Selector};
        use serde_json::json;
        let codes =
            |v: &[Selector]| -> Vec<String> { v.iter().map(|s| s.as_str().to_string()).collect() };
        let severity = |v: &[(Selector, crate::diag::Severity)]| {
            let mut m = serde_json::Map::new();
            for (k, s) in v {
                m.insert(k.as_str().to_string(), json!(s.as_str()));
            }
            serde_json::Value::Object(m)
        };
        let rules = |r: &Rules| {
            json!({
                "select": r.select.as_deref().map(codes),
                "ignore": codes(&r.ignore),
                "severity": severity(&r.severity),
            })
        };
        let sel = &self.rules;
        let mut r = rules(&sel.rules);
        r["per_path"] = sel
            .per_path
            .iter()
            .map(|p| {
                let mut v = rules(&p.rules);
                v["path"] = json!(p.pattern);
                v
            })
            .collect();
        json!({
            "file": file.map(redact::path),
            "profile": match self.options.profile {
                crate::rules::Profile::Society => "society",
                crate::rules::Profile::Nenkin => "nenkin",
            },
            "lang": match lang {
                crate::diag::Lang::Ja => "ja",
                crate::diag::Lang::En => "en",
            },
            "received_on": self.options.received_on.to_string(),
            "from": self.from.map(|f| match f {
                InputKind::Csv => "csv",
                InputKind::Egov => "egov",
                InputKind::OcrFields => "ocr",
                InputKind::AzureOcr => "azure",
            }),
            "max_diagnostics": self.max_diagnostics,
            "rules": r,
        })
    }
}

/// Settings of the OCR readers and rules.
#[derive(Debug, Clone, Default)]
pub struct OcrOptions {
    /// Confidence below which a field is reported (per kind of box; default 0.80).
    pub thresholds: Thresholds,
    /// How Azure field names map to items (`--ocr-profile`); the embedded default when `None`.
    pub profile: Option<Arc<Profile>>,
}

impl OcrOptions {
    /// Loads an Azure mapping profile (TOML, see `schemas/ocr/`).
    pub fn load_profile(path: &Path) -> Result<Arc<Profile>, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Profile::parse(&text).map(Arc::new).map_err(|e| {
            let shown = redact::path(path);
            Error::Config(Text::new(
                format!("{shown}: {}", redact::name(&e.0.ja)),
                format!("{shown}: {}", redact::name(&e.0.en)),
            ))
        })
    }
}

/// Today in Asia/Tokyo (UTC+9, no daylight saving): the default 受付日.
pub fn today_in_tokyo() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}

/// What a run is given: a file or directory on disk, the bytes of one file, or a folder's
/// files in memory (no file system needed: tests, fuzzing, an in-browser build).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, a directory (a mounted CD, walked for filing files), or an unpacked e-Gov
    /// package folder.
    Path(PathBuf),
    /// The content of one file; `name` is shown in findings and its last `/`-separated part
    /// is used like a file name (`SHFD0006.CSV`, `CD/SHFD0006.CSV` are 電子媒体 files by
    /// their name).
    Bytes {
        /// The file name, or its path below a folder (`/`-separated).
        name: String,
        /// The whole content.
        data: Vec<u8>,
    },
    /// A folder whose files are in memory (a folder picked or dropped in the browser): checked
    /// as [`Input::Path`] checks the folder on disk — walked for filing files, an unpacked
    /// e-Gov package folder read as one package — and shown as it shows it
    /// (`name/sub/SHFD0006.CSV`).
    Folder {
        /// The folder as given (`CD`).
        name: String,
        /// Its files: the path below the folder (`/`-separated: `sub/SHFD0006.CSV`) and the
        /// whole content.
        files: Vec<(String, Vec<u8>)>,
    },
}

impl Input {
    /// A file or directory.
    pub fn path(path: impl Into<PathBuf>) -> Input {
        Input::Path(path.into())
    }

    /// The bytes of a file named `name`.
    pub fn bytes(name: impl Into<String>, data: impl Into<Vec<u8>>) -> Input {
        Input::Bytes {
            name: name.into(),
            data: data.into(),
        }
    }

    /// A folder named `name` holding `files` (path below it, content).
    pub fn folder(name: impl Into<String>, files: Vec<(String, Vec<u8>)>) -> Input {
        Input::Folder {
            name: name.into(),
            files,
        }
    }
}

/// Why a run could not be done: not a finding about a filing, but a problem with what the run
/// was asked to do. Its text shows paths as findings do (see [`crate::diag::redact`]).
#[derive(Debug)]
pub enum Error {
    /// An input path does not exist.
    NotFound(PathBuf),
    /// A settings file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A setting cannot be used: why, in both languages.
    Config(Text),
}

impl Error {
    /// What went wrong, in both languages.
    pub fn text(&self) -> Text {
        match self {
            Error::NotFound(p) => {
                let shown = redact::path(p);
                Text::new(
                    format!("{shown}: そのようなファイルもフォルダもありません"),
                    format!("{shown}: no such file or directory"),
                )
            }
            Error::Io { path, source } => {
                let (shown, why) = (redact::path(path), crate::diag::cause::io(source));
                Text::new(
                    format!("{shown}: {}", why.ja),
                    format!("{shown}: {}", why.en),
                )
            }
            Error::Config(m) => m.clone(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::NotFound(_) | Error::Config(_) => None,
        }
    }
}

/// Checks one input and returns every finding.
///
/// ```
/// use todokede::{check, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// // A 生年月日 that is no real day of its era.
/// let report = check(Input::path("testdata/invalid/dat001/SHFD0006.CSV"), &config)?;
/// assert!(report.has_errors());
/// assert!(report.diagnostics.iter().any(|d| d.code() == "DAT001"));
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn check(input: Input, config: &Config) -> Result<Report, Error> {
    check_all(vec![input], config)
}

/// Checks inputs one after the other (their files numbered through the run) and returns every
/// finding; a flood of one code in one file is summarised (see [`Sink::summarising`]). An
/// input path that does not exist is a file of the report that was not checked (STR019), so
/// that the report still shows it and [`Report::all_checked`] is false.
///
/// ```
/// use todokede::{check_all, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let inputs = vec![
///     Input::path("testdata/shfd/valid/SHFD0006.CSV"),
///     Input::path("testdata/kpfd/valid/KPFD0006.CSV"),
/// ];
/// let report = check_all(inputs, &config)?;
/// assert_eq!(report.files.len(), 2);
/// assert!(!report.has_errors());
///
/// let missing = check_all(vec![Input::path("no/such/SHFD0006.CSV")], &config)?;
/// assert!(!missing.all_checked());
/// assert_eq!(missing.diagnostics[0].code(), "STR019");
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn check_all(inputs: Vec<Input>, config: &Config) -> Result<Report, Error> {
    let sink = Sink::summarising(config.max_diagnostics).with_policy(&config.rules);
    run(&inputs, config, sink, None)
}

/// Like [`check_all`], and also the normalized model of every file read, in the order of the
/// report's files (for reports that need the persons behind the findings: the issuance list,
/// the HTML staff report). Every finding is kept (up to the limit): which records have errors
/// is decided from them.
///
/// ```
/// use todokede::{read_filings, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let inputs = vec![
///     Input::path("testdata/shfd/valid/SHFD0006.CSV"),
///     Input::path("testdata/egov/valid/shikaku-2024-12.zip"),
/// ];
/// let (filings, report) = read_filings(inputs, &config)?;
/// assert_eq!(filings.len(), report.files.len());
/// assert!(filings.iter().all(|f| !f.forms.is_empty()));
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn read_filings(inputs: Vec<Input>, config: &Config) -> Result<(Vec<Filing>, Report), Error> {
    let sink = Sink::new(config.max_diagnostics).with_policy(&config.rules);
    let mut filings = Vec::new();
    let report = run(&inputs, config, sink, Some(&mut filings))?;
    Ok((filings, report))
}

fn run(
    inputs: &[Input],
    config: &Config,
    mut sink: Sink,
    mut filings: Option<&mut Vec<Filing>>,
) -> Result<Report, Error> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = parallel::threads(config);
        if let Some(summaries) =
            parallel::run(inputs, config, &mut sink, filings.as_deref_mut(), threads)
        {
            return Ok(Report::from_sink(
                config.options.received_on,
                summaries,
                sink,
            ));
        }
    }
    let mut summaries: Vec<FileSummary> = Vec::new();
    // Each file is checked once, however often it is named (a path given twice, a file given
    // and also found in a folder given, `-` twice).
    let mut seen = Seen::default();
    for input in inputs {
        match input {
            Input::Path(p) if is_stdin(p) => {
                if !seen.first(p) {
                    continue;
                }
                let index = file_index(&summaries);
                let s = check_stdin(index, config, &mut sink, filings.as_deref_mut());
                summaries.push(s);
            }
            Input::Bytes { name, data } => {
                let src = Source::Bytes { name, data };
                let index = file_index(&summaries);
                summaries.extend(check_entries(
                    src,
                    false,
                    index,
                    config,
                    &mut sink,
                    filings.as_deref_mut(),
                ));
            }
            Input::Folder { name, files } => memory::check_folder(
                name,
                files,
                config,
                &mut sink,
                &mut summaries,
                filings.as_deref_mut(),
            ),
            Input::Path(root) if std::fs::metadata(root).is_err() => {
                if seen.first(root) {
                    missing(root, &mut sink, &mut summaries);
                }
            }
            Input::Path(root) => check_root(
                root,
                config,
                &mut sink,
                &mut summaries,
                &mut seen,
                filings.as_deref_mut(),
            ),
        }
    }
    Ok(Report::from_sink(
        config.options.received_on,
        summaries,
        sink,
    ))
}

/// The file name of a name given with its path below a folder (`CD/SHFD0006.CSV`).
fn file_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// True for `-`, standard input.
fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// At most this many bytes are read from standard input.
pub const MAX_STDIN_BYTES: u64 = 1 << 30;

/// Standard input, read to its end once (up to [`MAX_STDIN_BYTES`]) and checked from memory
/// as `-`; its kind is detected from its bytes (or `--from`), never from a name.
fn check_stdin(
    index: u32,
    config: &Config,
    sink: &mut Sink,
    filings: Option<&mut Vec<Filing>>,
) -> FileSummary {
    let mut data = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(MAX_STDIN_BYTES + 1)
        .read_to_end(&mut data);
    let problem = match read {
        Err(e) => Some(io_error(
            "-",
            "標準入力を読めません",
            "cannot read standard input",
            &e,
        )),
        Ok(n) if n as u64 > MAX_STDIN_BYTES => Some(Diagnostic::new(
            &r::STR_NOT_FILING,
            Place::file("-"),
            Text::new(
                format!(
                    "標準入力が{}MiBを超えています（検査していません）",
                    MAX_STDIN_BYTES >> 20
                ),
                format!(
                    "standard input is larger than {} MiB (not checked)",
                    MAX_STDIN_BYTES >> 20
                ),
            ),
        )),
        Ok(_) => None,
    };
    if let Some(d) = problem {
        sink.set_file(Some(index));
        sink.push(d);
        sink.set_file(None);
        let mut summary = FileSummary::new("-");
        summary.checked = false;
        summary.errors = 1;
        return summary;
    }
    let src = Source::Stdin { data: &data };
    check_one(src, false, index, config, sink, filings).unwrap_or_else(|| FileSummary::new("-"))
}

/// True for a path that is neither a file nor a directory: a FIFO, `/dev/stdin`, a socket.
/// Such an input is opened once like any file (a second open would hang or see nothing).
fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The files of a run already checked, by identity: device and inode where the platform has
/// them (`./a`, `a` and a hard link of it are one file), else the canonical path.
#[derive(Default)]
struct Seen(std::collections::HashSet<(u64, u64, PathBuf)>);

impl Seen {
    /// True the first time `path` is met.
    fn first(&mut self, path: &Path) -> bool {
        self.0.insert(identity(path))
    }
}

fn identity(path: &Path) -> (u64, u64, PathBuf) {
    if is_stdin(path) {
        return (0, 0, PathBuf::from("-"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata(path) {
            return (m.dev(), m.ino(), PathBuf::new());
        }
    }
    let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    (0, 0, p)
}

/// [`check_file`], keeping the file's model in `filings` when they are wanted.
fn check_one(
    src: Source<'_>,
    only_if_ocr: bool,
    index: u32,
    config: &Config,
    sink: &mut Sink,
    filings: Option<&mut Vec<Filing>>,
) -> Option<FileSummary> {
    match filings {
        None => check_file(src, only_if_ocr, index, config, sink, None),
        Some(all) => {
            let mut filing = Filing::new(src.shown(), None);
            filing.file = index;
            let summary = check_file(
                src,
                only_if_ocr,
                index,
                config,
                sink,
                Some(&mut filing as _),
            )?;
            filing.format = summary.format;
            all.push(filing);
            Some(summary)
        }
    }
}

/// Reads one input into the normalized model, with every finding. A directory is read as an
/// unpacked e-Gov package.
///
/// ```
/// use todokede::{read_filing, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let (filing, report) = read_filing(Input::path("testdata/shfd/valid/SHFD0006.CSV"), &config)?;
/// assert!(!report.has_errors());
/// assert!(filing.medium.is_some(), "the 媒体管理 header");
/// assert!(filing.forms.iter().all(|f| f.layout.is_some()));
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn read_filing(input: Input, config: &Config) -> Result<(Filing, Report), Error> {
    if matches!(&input, Input::Path(p) if is_stdin(p)) {
        let (mut filings, report) = read_filings(vec![input], config)?;
        let filing = filings
            .pop()
            .unwrap_or_else(|| Filing::new("-".to_string(), None));
        return Ok((filing, report));
    }
    let mut sink = Sink::new(config.max_diagnostics).with_policy(&config.rules);
    let folder_files = match &input {
        Input::Folder { files, .. } => memory::all(files),
        _ => Vec::new(),
    };
    let src = source_of(&input, &folder_files)?;
    let mut filing = Filing::new(src.shown(), None);
    let summary = check_file(src, false, 0, config, &mut sink, Some(&mut filing as _));
    filing.format = summary.as_ref().and_then(|s| s.format);
    let report = Report::from_sink(
        config.options.received_on,
        summary.into_iter().collect(),
        sink,
    );
    Ok((filing, report))
}

/// The source one input names, for reading it as one filing: a path that names nothing is
/// [`Error::NotFound`]; a folder in memory (its files as [`memory::all`] lists them, in
/// `folder_files`) is read as a package, as a folder on disk is.
fn source_of<'a>(
    input: &'a Input,
    folder_files: &'a [(&'a str, &'a [u8])],
) -> Result<Source<'a>, Error> {
    Ok(match input {
        Input::Path(p) => {
            if !p.exists() {
                return Err(Error::NotFound(p.clone()));
            }
            Source::Path(p)
        }
        Input::Bytes { name, data } => Source::Bytes { name, data },
        Input::Folder { name, .. } => Source::Folder {
            name,
            files: folder_files,
        },
    })
}

/// Reads one input and hands its forms to `out` as they are read and checked (see
/// [`FilingSink`]), each with the codes of the errors on it; returns every finding (the limit
/// of `config` does not apply: which records have errors is decided from them) and how the
/// forms were handed on. A file is streamed: memory holds a record, not the filing. Standard
/// input and FIFOs (which cannot be read twice) and the e-Gov and OCR readers (which learn the
/// filing's head at the end) hand the filing on whole, as does `whole` (what to do after
/// [`Outcome::HeadChanged`] or [`Outcome::Late`]: the caller throws away what it made and reads
/// again).
///
/// ```
/// use todokede::check::{stream_filing, Outcome};
/// use todokede::model::stream::{FilingSink, Start};
/// use todokede::model::{Filing, FormRecord};
/// use todokede::{Config, Input};
/// #[derive(Default)]
/// struct Count(usize);
/// impl FilingSink for Count {
///     fn start(&mut self, _: &Filing) -> Start { Start::Stream }
///     fn form(&mut self, _: FormRecord) { self.0 += 1 }
///     fn whole(&mut self, f: Filing) { self.0 = f.forms.len() }
/// }
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let mut count = Count::default();
/// let input = Input::path("testdata/shfd/valid/SHFD0006.CSV");
/// let (report, outcome) = stream_filing(input, &config, &mut count, false)?;
/// assert_eq!(outcome, Outcome::Streamed);
/// assert_eq!(count.0 as u32, report.files[0].records);
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn stream_filing(
    input: Input,
    config: &Config,
    out: &mut dyn FilingSink,
    whole: bool,
) -> Result<(Report, Outcome), Error> {
    let mut config = config.clone();
    config.max_diagnostics = None;
    let config = &config;
    if matches!(&input, Input::Path(p) if is_stdin(p)) {
        let (mut filing, report) = read_filing(input, config)?;
        collect::set_findings(&mut filing.forms, &report.diagnostics, filing.file);
        out.whole(filing);
        return Ok((report, Outcome::Whole));
    }
    let mut sink = Sink::new(None).with_policy(&config.rules);
    let folder_files = match &input {
        Input::Folder { files, .. } => memory::all(files),
        _ => Vec::new(),
    };
    let src = source_of(&input, &folder_files)?;
    let whole = whole || matches!(src, Source::Path(p) if is_stream(p));
    let mut streamer = Streamer::new(out, src.shown(), 0, whole);
    let summary = check_file(src, false, 0, config, &mut sink, Some(&mut streamer as _));
    let outcome = streamer.outcome.unwrap_or(Outcome::Whole);
    if streamer.outcome.is_none() {
        // Not read as a filing at all (no reader ran): an empty filing.
        let mut empty = Filing::new(src.shown(), None);
        empty.format = summary.as_ref().and_then(|s| s.format);
        out.whole(empty);
    }
    let report = Report::from_sink(
        config.options.received_on,
        summary.into_iter().collect(),
        sink,
    );
    Ok((report, outcome))
}

/// Checks what a writer made before it is written (`convert` never writes what `check` rejects):
/// an 電子媒体 CSV or an e-Gov package (ZIP), in memory, named `name` (the output's file name),
/// with every rule `check` runs on a file. Every finding is kept. The name is not judged: it
/// is the user's choice of output file.
///
/// ```
/// let config = todokede::Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let bytes = std::fs::read("testdata/shfd/valid/SHFD0006.CSV")?;
/// assert!(!todokede::check::check_output("out.csv", &bytes, &config).has_errors());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn check_output(name: &str, bytes: &[u8], config: &Config) -> Report {
    let mut config = config.clone();
    config.from = Some(if detect::is_zip(bytes) {
        InputKind::Egov
    } else {
        InputKind::Csv
    });
    let mut sink = Sink::new(None).with_policy(&config.rules);
    let src = Source::Output { name, data: bytes };
    let summary = check_file(src, false, 0, &config, &mut sink, None);
    Report::from_sink(
        config.options.received_on,
        summary.into_iter().collect(),
        sink,
    )
}

/// [`check_output`] of a 電子媒体 CSV a writer wrote to a temporary file, read from `file`
/// (from its start) as it is read back, so that it need not be held in memory.
pub fn check_output_csv(name: &str, file: &File, config: &Config) -> Report {
    let mut config = config.clone();
    config.from = Some(InputKind::Csv);
    let mut sink = Sink::new(None).with_policy(&config.rules);
    let src = Source::OutputCsv { name, file };
    let summary = check_file(src, false, 0, &config, &mut sink, None);
    Report::from_sink(
        config.options.received_on,
        summary.into_iter().collect(),
        sink,
    )
}

/// The index the next file gets in the run.
fn file_index(summaries: &[FileSummary]) -> u32 {
    u32::try_from(summaries.len()).unwrap_or(u32::MAX)
}

/// An input path that names nothing (or whose folder cannot be searched): a file of the run
/// that was not checked (exit 2), with a finding, so that every report shows it — a JUnit
/// error, a SARIF notification — and the other inputs are still checked.
fn missing(root: &Path, sink: &mut Sink, summaries: &mut Vec<FileSummary>) {
    let index = file_index(summaries);
    let shown = redact::path(root);
    let text = match std::fs::metadata(root) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Text::new(
            format!(
                "入力を読めません（検査していません）: {}",
                crate::diag::cause::io(&e).ja
            ),
            format!(
                "cannot read the input (not checked): {}",
                crate::diag::cause::io(&e).en
            ),
        ),
        _ => Text::new(
            "そのようなファイルもフォルダもありません（検査していません）",
            "no such file or directory (not checked)",
        ),
    };
    summaries.push(not_checked(index, shown, &r::STR_NO_FILES, text, sink));
}

/// File `index` of the run, named `shown`, that was not checked (exit 2): its one finding
/// (`rule`, `text`) goes to the sink, and its summary counts it.
fn not_checked(
    index: u32,
    shown: String,
    rule: &'static r::Rule,
    text: Text,
    sink: &mut Sink,
) -> FileSummary {
    let before = (sink.errors, sink.warnings, sink.infos);
    sink.set_file(Some(index));
    sink.push(Diagnostic::new(rule, Place::file(&shown), text));
    sink.set_file(None);
    let mut summary = FileSummary::new(shown);
    summary.errors = sink.errors - before.0;
    summary.warnings = sink.warnings - before.1;
    summary.infos = sink.infos - before.2;
    summary.checked = false;
    summary
}

/// A file, or a directory walked for filing files.
fn check_root(
    root: &Path,
    config: &Config,
    sink: &mut Sink,
    summaries: &mut Vec<FileSummary>,
    seen: &mut Seen,
    mut filings: Option<&mut Vec<Filing>>,
) {
    let mut walk_errors = Vec::new();
    let files = walk::filing_files(root, &mut walk_errors);
    let root_unreadable = walk_errors.iter().any(|(d, _)| d == root);
    for (dir, e) in walk_errors {
        let index = file_index(summaries);
        summaries.push(walk_error(index, &dir, &e, sink));
    }
    // Candidates found by their name only (`.json`) are opened once, when they are checked:
    // those that are no OCR result are skipped.
    let mut checked: Vec<FileSummary> = Vec::new();
    let mut named_before = false;
    for f in &files {
        if !seen.first(&f.path) {
            named_before = true;
            continue;
        }
        let index = file_index(summaries) + file_index(&checked);
        let src = Source::Path(&f.path);
        checked.extend(check_entries(
            src,
            f.if_ocr,
            index,
            config,
            sink,
            filings.as_deref_mut(),
        ));
    }
    no_files(
        root,
        checked.is_empty(),
        root_unreadable,
        named_before,
        sink,
    );
    summaries.extend(checked);
}

/// A folder that cannot be listed: an input nothing of which was checked (exit 2), as file
/// `index` of the run.
fn walk_error(index: u32, dir: &Path, e: &std::io::Error, sink: &mut Sink) -> FileSummary {
    let text = Text::new(
        format!("ディレクトリを読めません: {}", crate::diag::cause::io(e).ja),
        format!(
            "cannot read the directory: {}",
            crate::diag::cause::io(e).en
        ),
    );
    not_checked(index, redact::path(dir), &r::STR_NO_FILES, text, sink)
}

/// Says that the folder `root` holds no filing, when none of its files was checked.
fn no_files(
    root: &Path,
    none_checked: bool,
    unreadable: bool,
    named_before: bool,
    sink: &mut Sink,
) {
    if none_checked && root.is_dir() && !unreadable && !named_before {
        sink.push(Diagnostic::new(
            &r::STR_NO_FILES,
            Place::file(redact::path(root)),
            Text::new(
                "SHFD0006 / KPFD0006 ファイルも、e-GovパッケージもOCR結果（.jsonl / .json）も見つかりません",
                "no SHFD0006 / KPFD0006 file, no e-Gov package and no OCR result (.jsonl / .json) found",
            ),
        ));
    }
}

/// One file to check.
#[derive(Debug, Clone, Copy)]
enum Source<'a> {
    Path(&'a Path),
    Bytes {
        name: &'a str,
        data: &'a [u8],
    },
    /// What a writer made, checked before it is written.
    Output {
        name: &'a str,
        data: &'a [u8],
    },
    /// Standard input (`-`), read once into memory.
    Stdin {
        data: &'a [u8],
    },
    /// An unpacked e-Gov package folder held in memory: the folder as given and its files by
    /// their path below it.
    Folder {
        name: &'a str,
        files: &'a [(&'a str, &'a [u8])],
    },
    /// A file read into memory that is shown as `shown` (a file of an encrypted medium:
    /// `E:\SHFD0006(CSV).ZIP!/KPFD0006.CSV`, or the medium itself, read once).
    Member {
        shown: &'a str,
        name: &'a str,
        data: &'a [u8],
    },
    /// A CSV a writer made, read back from its temporary file before it is committed.
    OutputCsv {
        name: &'a str,
        file: &'a File,
    },
}

impl Source<'_> {
    /// The path as findings show it.
    fn shown(&self) -> String {
        match self {
            Source::Path(p) => redact::path(p),
            Source::Bytes { name, .. }
            | Source::Output { name, .. }
            | Source::OutputCsv { name, .. }
            | Source::Folder { name, .. } => redact::name(name),
            Source::Stdin { .. } => "-".to_string(),
            Source::Member { shown, .. } => (*shown).to_string(),
        }
    }
}

/// Checks one file (or e-Gov folder); `None` when `only_if_ocr` and it is no OCR result.
fn check_file(
    src: Source<'_>,
    only_if_ocr: bool,
    index: u32,
    config: &Config,
    sink: &mut Sink,
    filing: Option<&mut dyn Collect>,
) -> Option<FileSummary> {
    let shown = src.shown();
    let name = match src {
        Source::Path(p) => p.file_name().and_then(|n| n.to_str()).unwrap_or(""),
        Source::Bytes { name, .. } | Source::Folder { name, .. } => file_name(name),
        Source::Output { name, .. }
        | Source::OutputCsv { name, .. }
        | Source::Member { name, .. } => name,
        Source::Stdin { .. } => "",
    };
    // No clock on wasm32-unknown-unknown (`Instant::now` panics there): the browser build
    // reports no time per file.
    #[cfg(not(target_arch = "wasm32"))]
    let started = Some(std::time::Instant::now());
    #[cfg(target_arch = "wasm32")]
    let started: Option<std::time::Instant> = None;
    let before = (sink.errors, sink.warnings, sink.infos);
    let mut summary = FileSummary::new(shown.clone());
    let ids = RecordIds::new(index);
    let engine = Engine::new(&config.options, &config.ocr.thresholds);
    sink.set_file(Some(index));
    // A file inside an encrypted medium is read by its content, never as a medium again (a ZIP
    // that holds itself would otherwise never end).
    let artifact = walk::medium_artifact(name)
        .filter(|_| config.from.is_none())
        .filter(|a| {
            !(matches!(src, Source::Member { .. }) && *a == walk::MediumArtifact::Encrypted)
        });
    let read = if artifact == Some(walk::MediumArtifact::Encrypted) {
        let run = Run {
            shown: &shown,
            name,
            name_matters: true,
            ids,
            config,
            engine,
            filing,
        };
        run.encrypted(src, sink)
    } else if let Some(artifact) = artifact {
        sink.push(medium_artifact(&shown, name, artifact));
        ReadSummary::default()
    } else {
        let run = Run {
            shown: &shown,
            name,
            name_matters: match src {
                Source::Output { .. } | Source::OutputCsv { .. } | Source::Stdin { .. } => false,
                // `/dev/stdin`, a FIFO (`<(…)`): a name no one chose.
                Source::Path(p) => !is_stream(p),
                Source::Bytes { .. } | Source::Member { .. } | Source::Folder { .. } => true,
            },
            ids,
            config,
            engine,
            filing,
        };
        match src {
            Source::Path(p) if p.is_dir() => run.folder(p, sink),
            Source::Folder { name, files } => run.memory_folder(name, files, sink),
            Source::Path(p) => match run.file(p, only_if_ocr, sink) {
                Some(read) => read,
                None => {
                    sink.set_file(None);
                    return None;
                }
            },
            Source::OutputCsv { file, .. } => run.csv(file, sink),
            Source::Bytes { data, .. }
            | Source::Output { data, .. }
            | Source::Stdin { data }
            | Source::Member { data, .. } => match run.bytes(data, only_if_ocr, sink) {
                Some(read) => read,
                None => {
                    sink.set_file(None);
                    return None;
                }
            },
        }
    };
    sink.set_file(None);
    summary.format = read.format;
    summary.records = read.records;
    summary.errors = sink.errors - before.0;
    summary.warnings = sink.warnings - before.1;
    summary.infos = sink.infos - before.2;
    summary.checked = !read.unreadable;
    summary.elapsed = started.map(|s| s.elapsed());
    Some(summary)
}

/// What the finding of an encrypted medium `name` that was not opened says.
fn not_opened_text(name: &str, why: crate::read::medium::Opened) -> Text {
    use crate::read::medium::Opened;
    let name = redact::name(name);
    match why {
        Opened::NoPassword => Text::new(
            format!(
                "「{name}」は暗号化された媒体ファイルです。パスワードがないため検査していません"
            ),
            format!(
                "`{name}` is an encrypted medium file; without its password it was not checked"
            ),
        ),
        Opened::WrongPassword => Text::new(
            format!("「{name}」: パスワードが違います。検査していません"),
            format!("`{name}`: the password does not open it; not checked"),
        ),
        Opened::Unreadable(why) => Text::new(
            format!("「{name}」を開けません: {}。検査していません", why.ja),
            format!("`{name}` cannot be opened ({}); not checked", why.en),
        ),
        Opened::Entries(entries) if entries.is_empty() => Text::new(
            format!("「{name}」にファイルがありません。検査していません"),
            format!("`{name}` holds no file; not checked"),
        ),
        Opened::Entries(_) => Text::new(
            format!("「{name}」を開けません。検査していません"),
            format!("`{name}` cannot be opened; not checked"),
        ),
    }
}

/// [`check_one`]; an encrypted medium of several files (`SHFD0006(CSV).ZIP` holding
/// SHFD0006.CSV and KPFD0006.CSV) is instead read like a CD folder: each of its files is a file
/// of the run, shown `…(CSV).ZIP!/KPFD0006.CSV`, decrypted into memory one at a time and
/// never written anywhere.
fn check_entries(
    src: Source<'_>,
    only_if_ocr: bool,
    index: u32,
    config: &Config,
    sink: &mut Sink,
    mut filings: Option<&mut Vec<Filing>>,
) -> Vec<FileSummary> {
    use crate::read::medium::Medium;
    let name = match src {
        Source::Path(p) if !is_stream(p) => p.file_name().and_then(|n| n.to_str()),
        Source::Bytes { name, .. } => Some(file_name(name)),
        _ => None,
    };
    let medium_name = name.filter(|n| {
        !only_if_ocr
            && config.from.is_none()
            && walk::medium_artifact(n) == Some(walk::MediumArtifact::Encrypted)
    });
    let Some(name) = medium_name else {
        return check_one(src, only_if_ocr, index, config, sink, filings)
            .into_iter()
            .collect();
    };
    let bytes: std::borrow::Cow<'_, [u8]> = match src {
        Source::Path(p) => match File::open(p)
            .map_err(Some)
            .and_then(|f| read_capped(f, egov::MAX_FILE_BYTES))
        {
            Ok(b) => b.into(),
            // Read again, and reported, as one file.
            Err(_) => Vec::new().into(),
        },
        Source::Bytes { data, .. }
        | Source::Output { data, .. }
        | Source::Stdin { data }
        | Source::Member { data, .. } => data.into(),
        // A folder is no medium (not reached: it has no medium's name).
        Source::Folder { .. } => Vec::new().into(),
        // Never a medium: outputs are not named as one.
        Source::OutputCsv { .. } => Vec::new().into(),
    };
    let several = Medium::open(&bytes, config.password.as_ref())
        .ok()
        .filter(|m| m.len() > 1);
    let Some(mut medium) = several else {
        drop(bytes);
        return check_one(src, only_if_ocr, index, config, sink, filings)
            .into_iter()
            .collect();
    };
    let shown = src.shown();
    let mut out: Vec<FileSummary> = Vec::new();
    for n in 0..medium.len() {
        let at = index.saturating_add(file_index(&out));
        match medium.read(n) {
            Ok((member, data)) => {
                let inner = format!("{shown}!/{}", redact::name(&member));
                let file_name = member.rsplit('/').next().unwrap_or(&member);
                let src = Source::Member {
                    shown: &inner,
                    name: file_name,
                    data: &data,
                };
                out.extend(check_one(
                    src,
                    false,
                    at,
                    config,
                    sink,
                    filings.as_deref_mut(),
                ));
            }
            Err(why) => {
                // A wrong password or a damaged file: the medium's finding, once, and what is
                // left of it is not checked.
                out.push(not_checked(
                    at,
                    shown.clone(),
                    &r::STR_ENCRYPTED_MEDIUM,
                    not_opened_text(name, why),
                    sink,
                ));
                break;
            }
        }
    }
    out
}

/// Reading one file: where it is shown, its record numbering, the rules, and the model.
struct Run<'a, 'c, 'm> {
    shown: &'a str,
    name: &'a str,
    /// Whether the file name is judged (a file the official programs must recognise).
    name_matters: bool,
    ids: RecordIds,
    config: &'c Config,
    engine: Engine<'c>,
    /// Where the forms go, when the model is wanted.
    filing: Option<&'m mut (dyn Collect + 'm)>,
}

impl Run<'_, '_, '_> {
    /// An unpacked e-Gov package folder.
    fn folder(self, dir: &Path, sink: &mut Sink) -> ReadSummary {
        let reader = EgovReader::folder(dir, self.shown, self.ids, sink);
        self.drive(reader, sink)
    }

    /// An unpacked e-Gov package folder held in memory.
    fn memory_folder(self, name: &str, files: &[(&str, &[u8])], sink: &mut Sink) -> ReadSummary {
        let reader = EgovReader::memory_folder(name, files, self.ids, sink);
        self.drive(reader, sink)
    }

    /// A file on disk: opened once; its head decides the reader, which reads on from there.
    fn file(self, path: &Path, only_if_ocr: bool, sink: &mut Sink) -> Option<ReadSummary> {
        let opened = File::open(path).and_then(|f| {
            let mut head = Vec::with_capacity(4096);
            let mut f = f;
            (&mut f).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
            Ok((head, f))
        });
        let (head, rest) = match opened {
            Ok(h) => h,
            Err(e) => {
                if only_if_ocr {
                    return None;
                }
                return Some(self.unopened(&e, sink));
            }
        };
        let kind = self
            .config
            .from
            .or_else(|| detect::detect(self.name, &head));
        if only_if_ocr && !kind.is_some_and(InputKind::is_ocr) {
            return None;
        }
        let short = head.get(..4096).unwrap_or(&head);
        // A package is a ZIP by its content, or by its name when it was given as one.
        let zip = detect::is_zip(short) || walk::is_package_name(self.name);
        let input = Cursor::new(head).chain(rest);
        #[cfg(not(target_arch = "wasm32"))]
        if kind == Some(InputKind::Csv) && self.filing.is_none() {
            // A large file in parts on every core (`split`), the report the same.
            let index = self.ids.file();
            if let Some(plan) = split::plan(path, self.name, index, self.config, sink) {
                self.check_name(sink);
                let (shown, name, config) = (self.shown, self.name, self.config);
                return Some(
                    match split::check(plan, path, shown, name, index, config, sink) {
                        Some(read) => read,
                        None => self.read_csv(input, sink),
                    },
                );
            }
        }
        Some(match kind {
            Some(InputKind::Csv) => self.csv(input, sink),
            Some(InputKind::Egov) => match read_capped(input, egov::MAX_FILE_BYTES) {
                Ok(bytes) if zip => self.egov_zip(&bytes, sink),
                Ok(bytes) => self.egov_xml(&bytes, Some(path), sink),
                Err(problem) => {
                    let unreadable = problem.is_some();
                    sink.push(match problem {
                        Some(e) => egov::unreadable(self.shown, &e),
                        None => egov::too_large(self.shown),
                    });
                    ReadSummary {
                        format: Some(crate::source::SourceFormat::Egov),
                        unreadable,
                        ..ReadSummary::default()
                    }
                }
            },
            // Streamed: the OCR reader bounds what it holds (see read::ocr).
            Some(k @ (InputKind::OcrFields | InputKind::AzureOcr)) => {
                self.ocr(k, std::io::BufReader::new(input), sink)
            }
            None => self.not_a_filing(sink),
        })
    }

    /// An encrypted medium (`SHFD0006(CSV).ZIP`): decrypted in memory with the run's password
    /// and its one 届書 file checked as `SHFD0006(CSV).ZIP!/SHFD0006.CSV` (a medium of several
    /// files is split into its files before: [`check_entries`]). Without the right password, or
    /// when it cannot be opened, a finding and the file is not checked (exit 2).
    fn encrypted(self, src: Source<'_>, sink: &mut Sink) -> ReadSummary {
        use crate::read::medium::{open, Opened};
        let bytes: std::borrow::Cow<'_, [u8]> = match src {
            Source::Path(p) => match File::open(p)
                .map_err(Some)
                .and_then(|f| read_capped(f, egov::MAX_FILE_BYTES))
            {
                Ok(b) => b.into(),
                Err(problem) => {
                    let why = match problem {
                        Some(e) => crate::diag::cause::io(&e),
                        None => Text::new(
                            format!("{} MiB を超えています", egov::MAX_FILE_BYTES >> 20),
                            format!("larger than {} MiB", egov::MAX_FILE_BYTES >> 20),
                        ),
                    };
                    return self.not_opened(Opened::Unreadable(why), sink);
                }
            },
            Source::Bytes { data, .. }
            | Source::Output { data, .. }
            | Source::Stdin { data }
            | Source::Member { data, .. } => data.into(),
            // A package folder with a medium's name: a folder cannot be opened as a file (as
            // on disk).
            Source::Folder { .. } => {
                let why = Text::new("フォルダです", "it is a folder");
                return self.not_opened(Opened::Unreadable(why), sink);
            }
            // Never encrypted: `from` is set for outputs.
            Source::OutputCsv { .. } => return ReadSummary::default(),
        };
        match open(&bytes, self.config.password.as_ref()) {
            Opened::Entries(mut entries) if entries.len() == 1 => {
                let Some((member, data)) = entries.pop() else {
                    return ReadSummary::default();
                };
                let inner = format!("{}!/{}", self.shown, redact::name(&member));
                let file_name = member.rsplit('/').next().unwrap_or(&member).to_string();
                let run = Run {
                    shown: &inner,
                    name: &file_name,
                    ..self
                };
                run.bytes(&data, false, sink).unwrap_or_default()
            }
            // No file (several are split before, by `check_entries`).
            other @ Opened::Entries(_) => self.not_opened(other, sink),
            other => self.not_opened(other, sink),
        }
    }

    /// The finding for an encrypted medium that was not opened.
    fn not_opened(self, why: crate::read::medium::Opened, sink: &mut Sink) -> ReadSummary {
        sink.push(Diagnostic::new(
            &r::STR_ENCRYPTED_MEDIUM,
            Place::file(self.shown),
            not_opened_text(self.name, why),
        ));
        ReadSummary {
            unreadable: true,
            ..ReadSummary::default()
        }
    }

    /// A file in memory.
    fn bytes(self, data: &[u8], only_if_ocr: bool, sink: &mut Sink) -> Option<ReadSummary> {
        let head = data.get(..HEAD_BYTES).unwrap_or(data);
        let kind = self.config.from.or_else(|| detect::detect(self.name, head));
        if only_if_ocr && !kind.is_some_and(InputKind::is_ocr) {
            return None;
        }
        let short = head.get(..4096).unwrap_or(head);
        Some(match kind {
            Some(InputKind::Csv) => self.csv(data, sink),
            Some(InputKind::Egov) if data.len() as u64 > egov::MAX_FILE_BYTES => {
                sink.push(egov::too_large(self.shown));
                ReadSummary {
                    format: Some(crate::source::SourceFormat::Egov),
                    ..ReadSummary::default()
                }
            }
            Some(InputKind::Egov) if detect::is_zip(short) || walk::is_package_name(self.name) => {
                self.egov_zip(data, sink)
            }
            Some(InputKind::Egov) => self.egov_xml(data, None, sink),
            Some(k @ (InputKind::OcrFields | InputKind::AzureOcr)) => self.ocr(k, data, sink),
            None => self.not_a_filing(sink),
        })
    }

    /// 電子媒体 CSV, streamed.
    fn csv(self, input: impl Read, sink: &mut Sink) -> ReadSummary {
        self.check_name(sink);
        self.read_csv(input, sink)
    }

    /// The finding on a 電子媒体 file's name that the official programs do not recognise.
    fn check_name(&self, sink: &mut Sink) {
        if self.name_matters && !walk::is_official_name(self.name) {
            let name = redact::name(self.name);
            sink.push(Diagnostic::new(
                &r::STR_FILE_NAME,
                Place::file(self.shown),
                Text::new(
                    format!("ファイル名「{name}」は公式プログラムに認識されません（内容は検査しました）"),
                    format!("the official programs will not recognise the name `{name}` (the content was checked)"),
                ),
            ));
        }
    }

    /// 電子媒体 CSV, streamed, its name already judged.
    fn read_csv(self, input: impl Read, sink: &mut Sink) -> ReadSummary {
        let reader = CsvReader::new(input, self.shown, self.name, self.ids);
        self.drive(reader, sink)
    }

    fn egov_zip(self, bytes: &[u8], sink: &mut Sink) -> ReadSummary {
        let reader = EgovReader::zip(bytes, self.shown, self.ids, sink);
        self.drive(reader, sink)
    }

    fn egov_xml(self, bytes: &[u8], path: Option<&Path>, sink: &mut Sink) -> ReadSummary {
        let reader = EgovReader::xml(bytes, path, self.shown, self.ids, sink);
        self.drive(reader, sink)
    }

    fn ocr(self, kind: InputKind, input: impl std::io::BufRead, sink: &mut Sink) -> ReadSummary {
        let profile = self.config.ocr.profile.as_deref();
        let format = ocr_format(kind).0;
        let reader = OcrReader::new(input, self.shown, format, profile, self.ids, sink);
        self.drive(reader, sink)
    }

    /// Every record from `reader` to the rules (and to the model, when one is built).
    fn drive(mut self, mut reader: impl RecordSource, sink: &mut Sink) -> ReadSummary {
        while let Some(r) = reader.next_record(sink) {
            self.engine.check(r, sink);
            if r.header {
                continue;
            }
            if let Some(f) = self.filing.as_deref_mut() {
                let mut form = FormRecord::from_record(r.record);
                if let (Some(meta), Some(layout)) = (r.ocr, r.record.layout) {
                    apply_certificate_states(&mut form, layout, meta);
                }
                let head = if f.wants_head() { reader.head() } else { None };
                f.form(form, head, sink);
            }
        }
        let read = reader.finish();
        if let Some(f) = self.filing {
            f.finish(&read, sink);
        }
        read
    }

    /// A file that could not be opened: reported as the reader its name (or `--from`) points
    /// to would.
    fn unopened(self, e: &std::io::Error, sink: &mut Sink) -> ReadSummary {
        let read = match self.config.from.or_else(|| detect::detect(self.name, &[])) {
            Some(InputKind::Csv) => {
                sink.push(io_error(
                    self.shown,
                    "ファイルを開けません",
                    "cannot open the file",
                    e,
                ));
                ReadSummary::default()
            }
            Some(InputKind::Egov) => {
                sink.push(egov::unreadable(self.shown, e));
                ReadSummary {
                    format: Some(crate::source::SourceFormat::Egov),
                    ..ReadSummary::default()
                }
            }
            Some(k @ (InputKind::OcrFields | InputKind::AzureOcr)) => {
                sink.push(ocr::unreadable(self.shown, e));
                ReadSummary {
                    format: Some(ocr_format(k).1),
                    ..ReadSummary::default()
                }
            }
            None => {
                sink.push(Diagnostic::new(
                    &r::STR_NOT_FILING,
                    Place::file(self.shown),
                    Text::new("ファイルを開けません", "cannot open the file"),
                ));
                ReadSummary::default()
            }
        };
        ReadSummary {
            unreadable: true,
            ..read
        }
    }

    fn not_a_filing(self, sink: &mut Sink) -> ReadSummary {
        sink.push(Diagnostic::new(
            &r::STR_NOT_FILING,
            Place::file(self.shown),
            Text::new(
                "届書ファイルではありません（媒体管理レコードも既知の様式のレコードもありません）",
                "not a filing: neither a medium header nor records of a known form",
            ),
        ));
        ReadSummary::default()
    }
}

/// The reader format and report name of an OCR kind.
fn ocr_format(kind: InputKind) -> (OcrFormat, crate::source::SourceFormat) {
    match kind {
        InputKind::AzureOcr => (OcrFormat::Azure, crate::source::SourceFormat::AzureDi),
        _ => (OcrFormat::Fields, crate::source::SourceFormat::OcrFields),
    }
}

/// All of `input` up to `cap` bytes; `Err(None)` when it is larger, `Err(Some(e))` when it
/// cannot be read.
fn read_capped(input: impl Read, cap: u64) -> Result<Vec<u8>, Option<std::io::Error>> {
    let mut bytes = Vec::new();
    input.take(cap + 1).read_to_end(&mut bytes).map_err(Some)?;
    if bytes.len() as u64 > cap {
        return Err(None);
    }
    Ok(bytes)
}

/// The finding for a medium file that is not a filing.
fn medium_artifact(shown: &str, name: &str, artifact: walk::MediumArtifact) -> Diagnostic {
    let loc = Place::file(shown);
    let name = redact::name(name);
    match artifact {
        walk::MediumArtifact::Encrypted => Diagnostic::new(
            &r::STR_ENCRYPTED_MEDIUM,
            loc,
            Text::new(
                format!("「{name}」は暗号化された媒体ファイルです。中身は検査していません"),
                format!("`{name}` is an encrypted medium file; its content was not checked"),
            ),
        ),
        walk::MediumArtifact::WorkingFile => Diagnostic::new(
            &r::STR_WORKING_FILE,
            loc,
            Text::new(
                format!("「{name}」は届書作成プログラムの作業ファイルです。媒体に入れないでください"),
                format!("`{name}` is a working file of the filing program; it does not belong on the medium"),
            ),
        ),
    }
}
