//! The check flow: find the files, pick a reader, run the rules, collect diagnostics.

mod ocr;

pub use ocr::check_bytes as check_ocr_bytes;

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::diag::registry as r;
use crate::diag::{redact, Diagnostic, Place, Sink, Text};
use crate::model::{Filing, FormRecord};
use crate::read::csv as csv_reader;
use crate::read::egov as egov_reader;
use crate::report::{FileSummary, Report};
use crate::rules::{CheckOptions, FileChecker};
use crate::source::{walk, SourceFormat};

/// Settings of one `check` run.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    pub options: CheckOptions,
    /// Stop keeping diagnostics after this many (all are still counted).
    pub max_diagnostics: Option<usize>,
    /// The input kind given with `--from`; detected from the content when `None`.
    pub from: Option<InputKind>,
    /// How paper read by OCR is judged.
    pub ocr: OcrOptions,
    /// The rules selected, ignored and re-ranked (`todokede.toml`, `--select`, …), applied to
    /// every finding where it is collected.
    pub rules: std::sync::Arc<crate::diag::selection::Selection>,
}

/// Settings of the OCR readers and rules.
#[derive(Debug, Clone, Default)]
pub struct OcrOptions {
    /// Confidence below which a field is reported (per kind of box; default 0.80).
    pub thresholds: crate::rules::ocr::Thresholds,
    /// How Azure field names map to items (`--ocr-profile`); the embedded default when `None`.
    pub profile: Option<std::sync::Arc<crate::read::ocr::profile::Profile>>,
}

/// Checks files, directories (walked for filing files) and returns every finding.
pub fn check_paths(paths: &[PathBuf], config: &CheckConfig) -> Report {
    walk_paths(paths, config, None)
}

/// Like [`check_paths`], and also the normalized model of every file read (for reports that
/// need the persons behind the findings: the issuance list, the HTML staff report).
pub fn read_filings(paths: &[PathBuf], config: &CheckConfig) -> (Vec<Filing>, Report) {
    let mut filings = Vec::new();
    let report = walk_paths(paths, config, Some(&mut filings));
    (filings, report)
}

fn walk_paths(
    paths: &[PathBuf],
    config: &CheckConfig,
    mut filings: Option<&mut Vec<Filing>>,
) -> Report {
    // A report summarises floods; whoever also takes the filings needs every finding (which
    // records have errors).
    let mut sink = if filings.is_some() {
        Sink::new(config.max_diagnostics)
    } else {
        Sink::summarising(config.max_diagnostics)
    }
    .with_selection(config.rules.clone());
    let mut summaries = Vec::new();
    for root in paths {
        let mut walk_errors = Vec::new();
        let files = walk::filing_files(root, &mut walk_errors);
        for (dir, e) in walk_errors {
            sink.push(Diagnostic::new(
                &r::STR_NO_FILES,
                Place::file(display(&dir)),
                Text::new(
                    format!("ディレクトリを読めません: {}", redact::error(&e)),
                    format!("cannot read the directory: {}", redact::error(&e)),
                ),
            ));
        }
        if files.is_empty() && root.is_dir() {
            sink.push(Diagnostic::new(
                &r::STR_NO_FILES,
                Place::file(display(root)),
                Text::new(
                    "SHFD0006 / KPFD0006 ファイルも、e-GovパッケージもOCR結果（.jsonl / .json）も見つかりません",
                    "no SHFD0006 / KPFD0006 file, no e-Gov package and no OCR result (.jsonl / .json) found",
                ),
            ));
        }
        for f in files {
            let summary = match filings.as_deref_mut() {
                None => check_file(&f, config, &mut sink, None),
                Some(all) => {
                    let mut filing = Filing::new(display(&f), None);
                    let summary = check_file(&f, config, &mut sink, Some(&mut filing));
                    filing.format = summary.format;
                    all.push(filing);
                    summary
                }
            };
            summaries.push(summary);
        }
    }
    Report::from_sink(config.options.received_on, summaries, sink)
}

/// Reads one file into the normalized model, with every finding.
pub fn read_filing(path: &Path, config: &CheckConfig) -> (Filing, Report) {
    let mut sink = Sink::new(config.max_diagnostics).with_selection(config.rules.clone());
    let mut filing = Filing::new(display(path), None);
    let summary = check_file(path, config, &mut sink, Some(&mut filing));
    filing.format = summary.format;
    let report = Report::from_sink(config.options.received_on, vec![summary], sink);
    (filing, report)
}

/// Checks what a writer made before it is written (`convert` never writes what `check` rejects):
/// an 電子媒体 CSV or an e-Gov package (ZIP), in memory, named `name` (the output's file name),
/// with every rule `check` runs on a file. Every finding is kept.
pub fn check_output(name: &str, bytes: &[u8], config: &CheckConfig) -> Report {
    let mut sink = Sink::new(None).with_selection(config.rules.clone());
    let before = (sink.errors, sink.warnings, sink.infos);
    let (format, records) = if egov_reader::is_zip(bytes) {
        let members = egov_reader::zip::members(bytes, name, &mut sink);
        let package = egov_reader::read_members(
            &members,
            name,
            true,
            &config.options,
            &mut sink,
            &mut |_| {},
        );
        (Some(SourceFormat::Egov), package.records)
    } else {
        let mut checker = FileChecker::new(name, &config.options);
        let read = csv_reader::read(
            std::io::Cursor::new(bytes),
            name,
            name,
            &mut sink,
            |r, s| checker.check(r, s),
        );
        match read {
            Ok(csv) => (
                Some(match csv.variant {
                    crate::layout::Variant::Shfd => SourceFormat::ShfdCsv,
                    crate::layout::Variant::Kpfd => SourceFormat::KpfdCsv,
                }),
                csv.records,
            ),
            Err(e) => {
                sink.push(io_error(
                    name,
                    "読み込み中にエラーが発生しました",
                    "read error",
                    &e,
                ));
                (None, 0)
            }
        }
    };
    let summary = FileSummary {
        format,
        records,
        errors: sink.errors - before.0,
        warnings: sink.warnings - before.1,
        infos: sink.infos - before.2,
        ..FileSummary::new(name)
    };
    Report::from_sink(config.options.received_on, vec![summary], sink)
}

/// A path as findings show it (see [`crate::diag::redact`]).
fn display(p: &Path) -> String {
    crate::diag::redact::path(p)
}

/// The shape of one input, detected from its content (or given with `--from`). Each reader adds
/// its kind here and an arm in [`check_file`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// 電子媒体 CSV: SHFD0006 / KPFD0006.
    Csv,
    /// An e-Gov package: a ZIP, an unpacked package folder, or a kousei.xml / form XML.
    Egov,
    /// Paper read by OCR, in our `ocr-fields/1` JSON Lines.
    OcrFields,
    /// Paper read by OCR: an Azure AI Document Intelligence `analyzeResult` (custom model).
    AzureOcr,
}

impl InputKind {
    /// True for paper read by OCR.
    pub fn is_ocr(self) -> bool {
        matches!(self, InputKind::OcrFields | InputKind::AzureOcr)
    }
}

/// What a reader reports back to the flow about one input.
#[derive(Debug, Clone, Default)]
pub struct ReadOutcome {
    /// The shape the input was read as (`None`: not read as a filing).
    pub format: Option<SourceFormat>,
    pub records: u32,
    /// The input could not be read at all (nothing in it was checked).
    pub unreadable: bool,
}

/// Detects the kind of a file from its name and first bytes; `None` when it is no filing.
pub fn detect(path: &Path) -> Option<InputKind> {
    if path.is_dir() {
        return Some(InputKind::Egov);
    }
    let head = head_of(path);
    if egov_reader::is_zip(&head) || egov_reader::sniff_xml(&head).is_some() {
        return Some(InputKind::Egov);
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if walk::is_official_name(name) {
        return Some(InputKind::Csv);
    }
    if let Some(kind) = sniff_ocr(path) {
        return Some(kind);
    }
    sniff_filing(&head).then_some(InputKind::Csv)
}

/// The OCR kind of a file from its first bytes: JSON Lines whose first line is an ocr-fields
/// object (`"kind": "document"`, or a field when the header is missing), or JSON of an Azure
/// Document Intelligence analyze operation.
pub fn sniff_ocr(path: &Path) -> Option<InputKind> {
    use std::io::Read;
    let mut head = vec![0u8; 64 * 1024];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = head.get(..n).unwrap_or(&[]);
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let head = head.trim_ascii_start();
    if !head.starts_with(b"{") {
        return None;
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let kind = serde_json::from_slice::<serde_json::Value>(first_line)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string));
    match kind.as_deref() {
        Some("document" | "field") => Some(InputKind::OcrFields),
        _ => {
            let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
            // A finished result names `analyzeResult`; a bare one has `apiVersion` and
            // `modelId`; an unfinished operation has `status` and `lastUpdatedDateTime`.
            let azure = has(b"\"analyzeResult\"")
                || (has(b"\"apiVersion\"") && has(b"\"modelId\""))
                || (has(b"\"status\"") && has(b"\"lastUpdatedDateTime\""));
            azure.then_some(InputKind::AzureOcr)
        }
    }
}

fn check_file(
    path: &Path,
    config: &CheckConfig,
    sink: &mut Sink,
    filing: Option<&mut Filing>,
) -> FileSummary {
    let started = std::time::Instant::now();
    let shown = display(path);
    let before = (sink.errors, sink.warnings, sink.infos);
    let mut summary = FileSummary::new(shown.clone());
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let Some(artifact) = walk::medium_artifact(name).filter(|_| config.from.is_none()) {
        sink.push(medium_artifact(&shown, name, artifact));
        summary.warnings = sink.warnings - before.1;
        summary.errors = sink.errors - before.0;
        summary.infos = sink.infos - before.2;
        summary.elapsed = Some(started.elapsed());
        return summary;
    }
    let kind = config.from.or_else(|| detect(path));
    let outcome = match kind {
        Some(InputKind::Csv) => check_csv(path, &shown, config, sink, filing),
        Some(InputKind::Egov) => check_egov(path, &shown, config, sink, filing),
        Some(k @ (InputKind::OcrFields | InputKind::AzureOcr)) => {
            ocr::check_ocr(path, &shown, k, &config.options, &config.ocr, sink, filing)
        }
        None => match File::open(path) {
            Err(e) => {
                sink.push(io_error(
                    &shown,
                    "ファイルを開けません",
                    "cannot open the file",
                    &e,
                ));
                ReadOutcome {
                    unreadable: true,
                    ..ReadOutcome::default()
                }
            }
            Ok(_) => {
                sink.push(Diagnostic::new(
                    &r::STR_NOT_FILING,
                    Place::file(&shown),
                    Text::new(
                        "届書ファイルではありません（媒体管理レコードも既知の様式のレコードもありません）",
                        "not a filing: neither a medium header nor records of a known form",
                    ),
                ));
                ReadOutcome::default()
            }
        },
    };
    summary.checked = !outcome.unreadable;
    summary.elapsed = Some(started.elapsed());
    if outcome.format.is_some() {
        summary.format = outcome.format;
    }
    summary.records = outcome.records;
    summary.errors = sink.errors - before.0;
    summary.warnings = sink.warnings - before.1;
    summary.infos = sink.infos - before.2;
    summary
}

/// Reads and checks one 電子媒体 CSV file.
fn check_csv(
    path: &Path,
    shown: &str,
    config: &CheckConfig,
    sink: &mut Sink,
    mut filing: Option<&mut Filing>,
) -> ReadOutcome {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            sink.push(io_error(
                shown,
                "ファイルを開けません",
                "cannot open the file",
                &e,
            ));
            return ReadOutcome {
                unreadable: true,
                ..ReadOutcome::default()
            };
        }
    };
    if !walk::is_official_name(file_name) {
        sink.push(Diagnostic::new(
            &r::STR_FILE_NAME,
            Place::file(shown),
            Text::new(
                format!("ファイル名「{}」は公式プログラムに認識されません（内容は検査しました）", redact::name(file_name)),
                format!("the official programs will not recognise the name `{}` (the content was checked)", redact::name(file_name)),
            ),
        ));
    }
    let mut checker = FileChecker::new(shown, &config.options);
    let result = csv_reader::read(file, shown, file_name, sink, |record, sink| {
        checker.check(record, sink);
        if let Some(f) = filing.as_deref_mut() {
            f.forms.push(FormRecord::from_record(record));
        }
    });
    match result {
        Ok(csv) => {
            if let Some(f) = filing {
                f.sharoushi = csv.medium.as_ref().and_then(|m| m.sharoushi());
                f.medium = csv.medium;
                f.offices = csv.offices;
            }
            ReadOutcome {
                format: Some(match csv.variant {
                    crate::layout::Variant::Shfd => SourceFormat::ShfdCsv,
                    crate::layout::Variant::Kpfd => SourceFormat::KpfdCsv,
                }),
                records: csv.records,
                unreadable: false,
            }
        }
        Err(e) => {
            sink.push(io_error(
                shown,
                "読み込み中にエラーが発生しました",
                "read error",
                &e,
            ));
            ReadOutcome::default()
        }
    }
}

/// Reads and checks one e-Gov package (ZIP, folder, or XML file).
fn check_egov(
    path: &Path,
    shown: &str,
    config: &CheckConfig,
    sink: &mut Sink,
    mut filing: Option<&mut Filing>,
) -> ReadOutcome {
    let shape = if path.is_dir() {
        egov_reader::Shape::Folder
    } else if egov_reader::is_zip(&head_of(path)) {
        egov_reader::Shape::Zip
    } else {
        egov_reader::Shape::Xml
    };
    let package = egov_reader::read(path, shape, shown, &config.options, sink, &mut |record| {
        if let Some(f) = filing.as_deref_mut() {
            f.forms.push(FormRecord::from_record(record));
        }
    });
    if let Some(f) = filing {
        f.sharoushi = package
            .sharoushi
            .or_else(|| package.medium.as_ref().and_then(|m| m.sharoushi()));
        f.medium = package.medium;
        f.offices = package.offices;
    }
    ReadOutcome {
        format: Some(SourceFormat::Egov),
        records: package.records,
        unreadable: false,
    }
}

/// The first 4 KiB of a file (empty when it cannot be read).
fn head_of(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    if let Ok(f) = File::open(path) {
        let _ = f.take(4096).read_to_end(&mut head);
    }
    head
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

/// A file that could not be opened or read to the end.
pub(crate) fn io_error(shown: &str, ja: &str, en: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        &r::STR_NOT_FILING,
        Place::file(shown),
        Text::new(
            format!("{ja}: {}", redact::error(e)),
            format!("{en}: {}", redact::error(e)),
        ),
    )
}

/// True when the start of a file looks like a 電子媒体 filing (for files with other names).
fn sniff_filing(head: &[u8]) -> bool {
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    let items: Vec<&[u8]> = first_line.split(|b| *b == b',').collect();
    let is_digits = |s: &[u8], n: usize| s.len() == n && s.iter().all(u8::is_ascii_digit);
    items.last().is_some_and(|l| *l == b"22223")
        || (items.len() >= 3 && is_digits(items[1], 3) && is_digits(items[2], 8))
        || items
            .first()
            .and_then(|c| std::str::from_utf8(c).ok())
            .is_some_and(crate::layout::load::knows_form)
}
