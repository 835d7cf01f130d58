//! todokede in the browser (`todokede.html`): the library built for `wasm32-unknown-unknown`
//! and called from the page's script through `wasm-bindgen`. Files never leave the page: the
//! script reads them with the File API and hands their bytes here ([`todokede::Input::Bytes`]),
//! the same pipeline `todokede check` runs on paths.
//!
//! The page's script (`web/page/app.js`) keeps no filing logic of its own: which files of a
//! folder are inputs ([`input_kind`]), the findings (the JSON report), the staff report (the
//! HTML report) and every conversion come from here.

use todokede::convert::{Refusal, Target, WriteOptions};
use todokede::issuance::{self, Calendar, ClosedDays};
use todokede::report::{self, Format, RenderContext};
use todokede::source::walk;
use todokede::{Config, Input, Report};
use wasm_bindgen::prelude::*;

/// Whether a file found in a folder (a CD) is an input, by its name as `todokede check DIR`
/// decides: 1 a filing file (SHFD0006/KPFD0006, an e-Gov `.zip`, an encrypted medium, a
/// working file the CD must not hold), 2 a `.json`/`.jsonl` file that is an input only when it
/// is an OCR result (its content decides), 0 none.
#[wasm_bindgen]
pub fn input_kind(name: &str) -> u8 {
    let lower = name.to_ascii_lowercase();
    if walk::is_official_name(name)
        || walk::medium_artifact(name).is_some()
        || walk::is_package_name(name)
    {
        1
    } else if lower.ends_with(".jsonl") || lower.ends_with(".json") {
        2
    } else {
        0
    }
}

/// The version of todokede the page was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The files the user gave the page, and the last check of them.
#[wasm_bindgen]
#[derive(Default)]
pub struct Session {
    files: Vec<(String, Vec<u8>)>,
    checked: Option<Checked>,
}

/// One check of every file: what the reports are rendered from.
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

    /// Adds a file: its name as shown in findings (a folder's files with their relative path)
    /// and its bytes.
    pub fn add(&mut self, name: String, data: Vec<u8>) {
        self.files.push((name, data));
        self.checked = None;
    }

    /// Forgets every file.
    pub fn clear(&mut self) {
        self.files.clear();
        self.checked = None;
    }

    /// How many files were added.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Checks every file against 受付日 `received_on` (`YYYY-MM-DD`), as `todokede check` does
    /// ([`todokede::check_all`]: at most [`todokede::diag::Sink::PER_CODE`] findings of one code
    /// in one file are listed, all are counted), and keeps the result for [`Session::report`].
    /// Returns the number of findings listed.
    pub fn check(&mut self, received_on: &str) -> Result<usize, JsError> {
        let config = Config::new(date(received_on)?);
        let report = todokede::check_all(self.inputs(), &config).map_err(js)?;
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

    /// Converts file `index` as `todokede convert` does: `to` is `json` (the model, every record
    /// with its findings' codes), `shfd-csv`, `kpfd-csv` or `egov`. A filing with errors is
    /// refused unless `allow_errors` (then the records without errors are written); what is
    /// written is checked first, as `convert` checks it. `today` (`YYYY-MM-DD`) is the
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
        let (name, data) = self
            .files
            .get(index)
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
        let (filing, report) =
            todokede::read_filing(Input::bytes(name.clone(), data.clone()), &config).map_err(js)?;
        let selection = todokede::convert::select(&filing, report.diagnostics());
        let complete = selection.is_complete() && !report.has_errors();
        let mut notes = Vec::new();
        if to == Target::Json {
            let all = todokede::convert::with_findings(&filing, report.diagnostics());
            let parts = todokede::convert::convert(&all, Target::Json, &options)
                .map_err(|e| JsError::new(&refusal(&e)))?
                .parts;
            if !complete {
                notes.push(format!(
                    "{}件のレコードにエラーまたは未確認の欄があり、その指摘のコードとともに書き出しました",
                    selection.left_out.len()
                ));
            }
            return Ok(Conversion {
                parts: vec![parts.concat()],
                notes,
            });
        }
        if !complete {
            if !allow_errors {
                return Err(JsError::new(&format!(
                    "変換しませんでした: エラーまたは未確認の欄があるレコードが{}件あります（エラーのないレコードだけを書き出すには「エラーのあるレコードを除いて変換」を選んでください）",
                    selection.left_out.len()
                )));
            }
            notes.push(format!(
                "エラーまたは未確認の欄がある{}件のレコードを除きました",
                selection.left_out.len()
            ));
        }
        if selection.filing.forms.is_empty() {
            return Err(JsError::new(
                "変換しませんでした: 変換できるレコードがありません",
            ));
        }
        let converted = todokede::convert::convert(&selection.filing, to, &options)
            .map_err(|e| JsError::new(&refusal(&e)))?;
        for d in &converted.dropped {
            notes.push(format!(
                "レコード{} 項目{} {}はe-Govの様式に欄がなく、書き出していません",
                d.record, d.item, d.name
            ));
        }
        for (c, more) in converted.dropped.unlisted() {
            notes.push(format!(
                "項目{} {}はほかに{}件のレコードでも書き出していません（計{}件）",
                c.item, c.name, more, c.records
            ));
        }
        // Never hand out what `check` rejects: every part is checked as the written file
        // would be.
        let out_name = match to {
            Target::ShfdCsv => "SHFD0006.CSV",
            Target::KpfdCsv => "KPFD0006.CSV",
            _ => "package.zip",
        };
        for bytes in &converted.parts {
            let checked = todokede::check::check_output(out_name, bytes, &config);
            if checked.has_errors() {
                let codes: Vec<&str> = checked.diagnostics().iter().map(|d| d.code()).collect();
                return Err(JsError::new(&format!(
                    "変換しませんでした: 書き出す内容がtodokedeの検査に通りません（{}）",
                    codes.join(", ")
                )));
            }
        }
        Ok(Conversion {
            parts: converted.parts,
            notes,
        })
    }
}

impl Session {
    /// The files as inputs of a run (copied: a run consumes its inputs, the page checks again
    /// with another 受付日).
    fn inputs(&self) -> Vec<Input> {
        self.files
            .iter()
            .map(|(name, data)| Input::bytes(name.clone(), data.clone()))
            .collect()
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
        assert_eq!(input_kind("SHFD0006.CSV"), 1);
        assert_eq!(input_kind("kpfd0006.txt"), 1);
        assert_eq!(input_kind("SHFD0006(CSV).ZIP"), 1);
        assert_eq!(input_kind("shikaku.zip"), 1);
        assert_eq!(input_kind("scan.json"), 2);
        assert_eq!(input_kind("README.TXT"), 0);
        assert_eq!(input_kind("SHFD0006.CSV.bak"), 0);
    }
}
