//! todokede in the browser (`todokede.html`): the library built for `wasm32-unknown-unknown`
//! and called from the page's script through `wasm-bindgen`. Files never leave the page: the
//! script reads them with the File API and hands their bytes here ([`todokede::Input::Bytes`]
//! for a file, [`todokede::Input::Folder`] for a folder picked or dropped), the same pipeline
//! `todokede check` runs on paths.
//!
//! The page's script (`web/page/app.js`) keeps no filing logic of its own: which files of a
//! folder are read ([`folder_files`]), how a name is shown ([`shown_name`]), the findings (the
//! JSON report), the staff report (the HTML report) and every conversion come from here.

use todokede::check::Outcome;
use todokede::convert::{Converter, Parts, Refusal, Target, WriteOptions};
use todokede::diag::{redact, Lang};
use todokede::issuance::{self, Calendar, ClosedDays};
use todokede::report::{self, Format, RenderContext};
use todokede::source::walk::{self, FoundPath};
use todokede::{Config, Input, Report};
use wasm_bindgen::prelude::*;

/// Which files of a folder (given by their `/`-separated paths below it) the folder's check
/// reads, as `todokede check DIR` chooses them by name ([`walk::filing_paths`]): 1 for each
/// filing file, `.zip`, OCR result candidate (`.json`/`.jsonl`: its content decides) and every
/// file of an unpacked e-Gov package folder; 0 for the rest (scans, notes), which the page
/// then need not read at all.
#[wasm_bindgen]
pub fn folder_files(paths: Vec<String>) -> Vec<u8> {
    let mut read = vec![0u8; paths.len()];
    let mut mark = |i: usize| {
        if let Some(r) = read.get_mut(i) {
            *r = 1;
        }
    };
    for found in walk::filing_paths(&paths) {
        match found {
            FoundPath::File { index, .. } => mark(index),
            FoundPath::Package { files, .. } => files.into_iter().for_each(&mut mark),
        }
    }
    read
}

/// A name the user gave (a file, a folder, a path below it) as every report shows it: through
/// the library's redaction ([`redact::name`]), so that a number in a file name is masked on the
/// page exactly as in the findings.
#[wasm_bindgen]
pub fn shown_name(name: &str) -> String {
    redact::name(name)
}

/// The version of todokede the page was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The files and folders the user gave the page, and the last check of them.
#[wasm_bindgen]
#[derive(Default)]
pub struct Session {
    given: Vec<Given>,
    checked: Option<Checked>,
}

/// One thing the user gave: a file, or a folder (picked or dropped) with the files of it the
/// check reads.
enum Given {
    File {
        name: String,
        data: Vec<u8>,
    },
    Folder {
        name: String,
        files: Vec<(String, Vec<u8>)>,
    },
}

impl Given {
    /// As an input of a run (copied: a run consumes its inputs, the page checks again with
    /// another 受付日).
    fn input(&self) -> Input {
        match self {
            Given::File { name, data } => Input::bytes(name.clone(), data.clone()),
            Given::Folder { name, files } => Input::folder(name.clone(), files.clone()),
        }
    }

    /// What `todokede convert IN` can be given of it, by name: the file itself, or every
    /// filing file and every unpacked e-Gov package folder the folder's check finds.
    fn convertible(&self) -> Vec<(String, Input)> {
        match self {
            Given::File { name, .. } => vec![(name.clone(), self.input())],
            Given::Folder { name, files } => {
                let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
                let mut out = Vec::new();
                for found in walk::filing_paths(&paths) {
                    match found {
                        FoundPath::File { index, .. } => {
                            if let Some((path, data)) = files.get(index) {
                                let full = format!("{name}/{path}");
                                out.push((full.clone(), Input::bytes(full, data.clone())));
                            }
                        }
                        FoundPath::Package { dir, files: these } => {
                            let members: Vec<(String, Vec<u8>)> = these
                                .iter()
                                .filter_map(|&i| files.get(i))
                                .filter_map(|(p, d)| Some((below(p, &dir)?.to_string(), d.clone())))
                                .collect();
                            let full = if dir.is_empty() {
                                name.clone()
                            } else {
                                format!("{name}/{dir}")
                            };
                            out.push((full.clone(), Input::folder(full, members)));
                        }
                    }
                }
                out
            }
        }
    }
}

/// `path` below the folder `dir` (`""`: the folder itself).
fn below<'p>(path: &'p str, dir: &str) -> Option<&'p str> {
    if dir.is_empty() {
        Some(path)
    } else {
        path.strip_prefix(dir)?.strip_prefix('/')
    }
}

/// One check of everything given: what the reports are rendered from.
struct Checked {
    config: Config,
    report: Report,
}

#[wasm_bindgen]
impl Session {
    /// An empty session.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session::default()
    }

    /// Adds a file picked or dropped on its own: its name and its bytes.
    pub fn add(&mut self, name: String, data: Vec<u8>) {
        self.given.push(Given::File { name, data });
        self.checked = None;
    }

    /// Adds a folder picked or dropped, named as the user sees it (`CD`); its files follow
    /// with [`Session::add_to_folder`]. It is checked as one folder, as `todokede check CD`
    /// checks it: the same files chosen, an unpacked e-Gov package folder in it read as one
    /// package, every file shown as `CD/…`.
    pub fn add_folder(&mut self, name: String) {
        self.given.push(Given::Folder {
            name,
            files: Vec::new(),
        });
        self.checked = None;
    }

    /// Adds a file to the folder added last: its `/`-separated path below the folder
    /// (`sub/SHFD0006.CSV`) and its bytes.
    pub fn add_to_folder(&mut self, path: String, data: Vec<u8>) -> Result<(), JsError> {
        match self.given.last_mut() {
            Some(Given::Folder { files, .. }) => {
                files.push((path, data));
                self.checked = None;
                Ok(())
            }
            _ => Err(JsError::new("フォルダがまだ追加されていません")),
        }
    }

    /// Forgets everything given.
    pub fn clear(&mut self) {
        self.given.clear();
        self.checked = None;
    }

    /// How many files and folders were added.
    pub fn len(&self) -> usize {
        self.given.len()
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
    }

    /// What can be converted (each file given, each filing file and package folder of each
    /// folder given), as the reports show their names; [`Session::convert`] takes an index of
    /// this list.
    pub fn convertible(&self) -> Vec<String> {
        self.given
            .iter()
            .flat_map(Given::convertible)
            .map(|(name, _)| redact::name(&name))
            .collect()
    }

    /// Checks every file against 受付日 `received_on` (`YYYY-MM-DD`), as `todokede check` does
    /// ([`todokede::check_all`]: at most [`todokede::diag::Sink::PER_CODE`] findings of one code
    /// in one file are listed, all are counted), and keeps the result for [`Session::report`].
    /// Returns the number of findings listed.
    pub fn check(&mut self, received_on: &str) -> Result<usize, JsError> {
        let config = Config::new(date(received_on)?);
        let mut report = todokede::check_all(self.inputs(), &config).map_err(js)?;
        // What `check --format json` records for the same settings: no todokede.toml (the
        // page reads none), messages in Japanese (the page's language).
        report.configuration = Some(config.effective(None, Lang::Ja));
        let n = report.diagnostics().len();
        self.checked = Some(Checked { config, report });
        Ok(n)
    }

    /// The last check's report: `json` (`todokede-report/1`, what `check --format json`
    /// writes), `sarif`, or `html` (the staff report of `check --format html`: per 事業所 and
    /// person, with the issuance list).
    pub fn report(&self, format: &str) -> Result<Vec<u8>, JsError> {
        let c = self
            .checked
            .as_ref()
            .ok_or_else(|| JsError::new("まだ検査していません"))?;
        let mut out = Vec::new();
        let ctx = RenderContext::default();
        match format {
            "json" => report::render(Format::Json, &c.report, &ctx, &mut out).map_err(js)?,
            "sarif" => report::render(Format::Sarif, &c.report, &ctx, &mut out).map_err(js)?,
            "html" => {
                // As `check --format html`: the model too, and every finding.
                let (filings, report) =
                    todokede::read_filings(self.inputs(), &c.config).map_err(js)?;
                let calendar = ClosedDays::society_default()
                    .and_then(Calendar::embedded)
                    .map_err(js)?;
                let opts = issuance::Options {
                    received_on: c.config.options.received_on,
                    issue_on: None,
                    calendar,
                };
                let list = issuance::build(&filings, report.diagnostics(), &opts).map_err(js)?;
                let staff = issuance::staff::build(&filings, &report, &list);
                report::html::render_staff(&staff, &mut out).map_err(js)?;
            }
            other => return Err(JsError::new(&format!("unknown report format {other:?}"))),
        }
        Ok(out)
    }

    /// Converts entry `index` of [`Session::convertible`] as `todokede convert` does, with
    /// the same library calls ([`todokede::check::stream_filing`] into a
    /// [`todokede::convert::Converter`], read again whole when the stream says so) and the same
    /// decisions: `to` is `json` (the model, every record with its findings' codes),
    /// `shfd-csv`, `kpfd-csv` or `egov`. A filing with errors is refused unless `allow_errors`
    /// (then the records without errors are written); what is written is checked first, as
    /// `convert` checks it. `today` (`YYYY-MM-DD`, Tokyo's day, as `convert` takes it) is the
    /// conversion date. The result holds real personal numbers: the page only makes it when
    /// the user asks.
    pub fn convert(
        &self,
        index: usize,
        to: &str,
        allow_errors: bool,
        society_office_number: Option<String>,
        today: &str,
    ) -> Result<Conversion, JsError> {
        let (_, input) = self
            .given
            .iter()
            .flat_map(Given::convertible)
            .nth(index)
            .ok_or_else(|| JsError::new("そのファイルはありません"))?;
        let to = match to {
            "json" => Target::Json,
            "shfd-csv" => Target::ShfdCsv,
            "kpfd-csv" => Target::KpfdCsv,
            "egov" => Target::Egov,
            other => return Err(JsError::new(&format!("unknown target {other:?}"))),
        };
        if let Some(n) = &society_office_number {
            if n.is_empty() || n.len() > 10 || !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(JsError::new("組合事業所番号は半角数字1〜10桁です"));
            }
        }
        let received_on = self.checked.as_ref().map(|c| c.config.options.received_on);
        let today = date(today)?;
        let config = Config::new(received_on.unwrap_or(today));
        let options = WriteOptions {
            society_office_number,
            today,
        };
        // The name the output is checked under, as `convert` checks the file it writes.
        let out_name = match to {
            Target::ShfdCsv => "SHFD0006.CSV",
            Target::KpfdCsv => "KPFD0006.CSV",
            Target::Json => "filing.json",
            Target::Egov => "package.zip",
        };
        let mut whole = false;
        let (report, mut parts, done) = loop {
            let mut parts = InMemory::new(&config, out_name);
            let mut conv = Converter::new(to, options.clone(), allow_errors, &mut parts);
            let (report, outcome) =
                todokede::check::stream_filing(input.clone(), &config, &mut conv, whole)
                    .map_err(js)?;
            conv.finish();
            if matches!(outcome, Outcome::HeadChanged | Outcome::Late) && !whole {
                whole = true;
                continue;
            }
            let done = Done {
                left_out: std::mem::take(&mut conv.left_out).len(),
                kept: conv.kept,
                refusal: conv.refusal.take(),
                io_error: conv.io_error.take().map(|e| e.to_string()),
                dropped: std::mem::take(&mut conv.dropped),
            };
            drop(conv);
            break (report, parts, done);
        };
        let unplaced = todokede::convert::unplaced_errors(report.diagnostics(), 0);
        let complete = done.left_out == 0 && unplaced.is_empty() && !report.has_errors();
        let mut notes = Vec::new();
        if let Some(e) = &done.io_error {
            return Err(JsError::new(&format!("変換できませんでした: {e}")));
        }
        if to == Target::Json {
            if let Some(r) = &done.refusal {
                return Err(JsError::new(&refusal(r)));
            }
            if !complete {
                notes.push(format!(
                    "{}件のレコードにエラーまたは未確認の欄があり、その指摘のコードとともに書き出しました",
                    done.left_out
                ));
            }
            return Ok(Conversion {
                parts: vec![parts.single],
                notes,
            });
        }
        if !complete {
            if !allow_errors {
                return Err(JsError::new(&format!(
                    "変換しませんでした: エラーまたは未確認の欄があるレコードが{}件あります（エラーのないレコードだけを書き出すには「エラーのあるレコードを除いて変換」を選んでください）",
                    done.left_out
                )));
            }
            notes.push(format!(
                "エラーまたは未確認の欄がある{}件のレコードを除きました",
                done.left_out
            ));
        }
        if done.kept == 0 {
            return Err(JsError::new(
                "変換しませんでした: 変換できるレコードがありません",
            ));
        }
        if let Some(r) = &done.refusal {
            return Err(JsError::new(&refusal(r)));
        }
        for d in &done.dropped {
            notes.push(format!(
                "レコード{} 項目{} {}はe-Govの様式に欄がなく、書き出していません",
                d.record, d.item, d.name
            ));
        }
        for (c, more) in done.dropped.unlisted() {
            notes.push(format!(
                "項目{} {}はほかに{}件のレコードでも書き出していません（計{}件）",
                c.item, c.name, more, c.records
            ));
        }
        // Never hand out what `check` rejects: each package was checked as it came, the CSV
        // is checked whole, as the written file would be.
        let failed = match parts.failed.take() {
            Some(codes) => Some(codes),
            None if to != Target::Egov => {
                let checked = todokede::check::check_output(out_name, &parts.single, &config);
                checked.has_errors().then(|| codes_of(&checked))
            }
            None => None,
        };
        if let Some(codes) = failed {
            return Err(JsError::new(&format!(
                "変換しませんでした: 書き出す内容がtodokedeの検査に通りません（{}）",
                codes.join(", ")
            )));
        }
        Ok(Conversion {
            parts: if to == Target::Egov {
                parts.packages
            } else {
                vec![parts.single]
            },
            notes,
        })
    }
}

/// What a conversion decided besides its bytes.
struct Done {
    /// Records not written (or, to JSON, written with their errors).
    left_out: usize,
    /// Records written.
    kept: usize,
    refusal: Option<Refusal>,
    io_error: Option<String>,
    dropped: todokede::write::egov::DroppedItems,
}

/// Where the page's conversion puts what it makes: in memory (the page offers it as a
/// download), each e-Gov package checked as `convert` checks a package before it keeps it.
struct InMemory<'c> {
    config: &'c Config,
    out_name: &'static str,
    single: Vec<u8>,
    packages: Vec<Vec<u8>>,
    /// The codes of the first package that fails the check.
    failed: Option<Vec<&'static str>>,
}

impl<'c> InMemory<'c> {
    fn new(config: &'c Config, out_name: &'static str) -> InMemory<'c> {
        InMemory {
            config,
            out_name,
            single: Vec::new(),
            packages: Vec::new(),
            failed: None,
        }
    }
}

impl Parts for InMemory<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.single.extend_from_slice(bytes);
        Ok(())
    }

    fn package(&mut self, zip: Vec<u8>, _part: Option<usize>) -> std::io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        let checked = todokede::check::check_output(self.out_name, &zip, self.config);
        if checked.has_errors() {
            self.failed = Some(codes_of(&checked));
            self.packages.clear();
        } else {
            self.packages.push(zip);
        }
        Ok(())
    }
}

/// The codes of a report's findings, in order.
fn codes_of(report: &Report) -> Vec<&'static str> {
    report.diagnostics().iter().map(|d| d.code()).collect()
}

impl Session {
    /// Everything given, as the inputs of a run.
    fn inputs(&self) -> Vec<Input> {
        self.given.iter().map(Given::input).collect()
    }
}

/// What a conversion made: one file, or (an e-Gov filing too large for one package) one
/// package each, and notes for the user.
#[wasm_bindgen]
pub struct Conversion {
    parts: Vec<Vec<u8>>,
    notes: Vec<String>,
}

#[wasm_bindgen]
impl Conversion {
    /// How many files.
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    /// The bytes of file `n`.
    pub fn part(&self, n: usize) -> Vec<u8> {
        self.parts.get(n).cloned().unwrap_or_default()
    }

    /// The notes, one a line.
    pub fn notes(&self) -> String {
        self.notes.join("\n")
    }
}

fn date(s: &str) -> Result<chrono::NaiveDate, JsError> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| JsError::new(&format!("日付は YYYY-MM-DD で: {s:?}")))
}

fn js(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The text of a refusal, as `todokede convert` says it.
fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Diagnostics(ds) => {
            let codes: Vec<&str> = ds.iter().map(|d| d.code()).collect();
            format!(
                "変換しませんでした: この形式では書き出せない内容があります（{}）",
                codes.join(", ")
            )
        }
        Refusal::Internal(e) => format!("変換できませんでした: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_files_are_picked_as_check_walks_a_cd() {
        let paths: Vec<String> = [
            "SHFD0006.CSV",
            "sub/kpfd0006.txt",
            "SHFD0006(CSV).ZIP",
            "shikaku.zip",
            "scan.json",
            "README.TXT",
            "SHFD0006.CSV.bak",
            "scan.pdf",
            "4950013521019000/kousei.xml",
            "4950013521019000/495013521019030837_01.xml",
            "4950013521019000/attached.pdf",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(folder_files(paths), vec![1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1]);
    }

    #[test]
    fn a_folder_is_converted_by_its_filings() {
        let mut s = Session::new();
        s.add("a.zip".into(), b"PK".to_vec());
        s.add_folder("CD 1234-5678-9012".into());
        s.add_to_folder("SHFD0006.CSV".into(), Vec::new()).unwrap();
        s.add_to_folder("notes.txt".into(), Vec::new()).unwrap();
        s.add_to_folder("p/kousei.xml".into(), Vec::new()).unwrap();
        s.add_to_folder("p/f_01.xml".into(), Vec::new()).unwrap();
        assert_eq!(
            s.convertible(),
            vec![
                "a.zip".to_string(),
                "CD ****-****-****/SHFD0006.CSV".to_string(),
                "CD ****-****-****/p".to_string(),
            ]
        );
    }
}
