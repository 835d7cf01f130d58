//! What `convert` may write: the records of a filing that are fit to convert, and the others
//! with the reasons they are left out. Decided on the model, so every writer (json, CSV, e-Gov)
//! gets the same answer and none of them validates on its own.
//!
//! A record is left out when an error is located on it, when it matched no layout, or when a
//! person's certificate request is `unknown` (a 資格確認書 box OCR could not read: only a reviewer
//! can say what the person asked for). Errors that belong to no record (a broken header line,
//! an OCR line too damaged to name its record) leave out nothing but are counted, because the
//! values on them are missing from what is written.
//!
//! [`convert`] then writes what was selected in the shape asked for: the one dispatch to the
//! writers, with the one policy for the date a made-up header carries.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, RecordId, Severity};
use crate::layout::Slot;
use crate::model::stream::{FilingSink, Start};
use crate::model::{CertificateRequest, Filing, FormRecord};

/// Why a record is not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Error codes located on the record, in report order, each once.
    Errors(Vec<&'static str>),
    /// Persons whose 資格確認書 box could not be read.
    CertificateUnknown(Vec<Slot>),
    /// The record matched no layout, so its items mean nothing.
    NoLayout,
}

/// A record left out of the conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The form (様式) code of the record.
    pub form: String,
    /// The record's number in its file, as findings give it.
    pub record: u32,
    /// The CSV line of the record, when it is one.
    pub line: Option<u32>,
    /// Why it was left out (at least one reason).
    pub reasons: Vec<Reason>,
}

/// The records fit to convert, and what was left out.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The filing with only the records fit to convert.
    pub filing: Filing,
    /// The records not written, each with its reasons.
    pub left_out: Vec<LeftOut>,
    /// Errors located on no record (file structure); their values may be missing.
    pub unplaced_errors: Vec<&'static str>,
}

impl Selection {
    /// True when the whole filing can be converted as it is.
    pub fn is_complete(&self) -> bool {
        self.left_out.is_empty() && self.unplaced_errors.is_empty()
    }
}

/// The error codes located on each record of `filing` (each code once, in report order), and
/// those of errors about its file located on no record, from the diagnostics of the run that
/// read it. A finding is on a record when it names the record's id; findings about other files
/// of the run are not looked at.
pub fn errors_by_record(
    filing: &Filing,
    diagnostics: &[Diagnostic],
) -> (BTreeMap<RecordId, Vec<&'static str>>, Vec<&'static str>) {
    let mut errors: BTreeMap<RecordId, Vec<&'static str>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == Some(filing.file))
    {
        let codes = match d.record {
            Some(id) => errors.entry(id).or_default(),
            None => &mut unplaced,
        };
        if !codes.contains(&d.code()) {
            codes.push(d.code());
        }
    }
    (errors, unplaced)
}

/// Splits `filing` into what may be converted and what may not, from the diagnostics of the
/// run that read it (all of them: a limited sink would hide errors).
///
/// ```
/// use todokede::{read_filing, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// // One record with an impossible 生年月日: it is left out, with its code.
/// let (filing, report) =
///     read_filing(Input::path("testdata/invalid/dat001/SHFD0006.CSV"), &config)?;
/// let selection = todokede::convert::select(&filing, report.diagnostics());
/// assert_eq!(selection.left_out.len(), 1);
/// assert_eq!(selection.filing.forms.len(), filing.forms.len() - 1);
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn select(filing: &Filing, diagnostics: &[Diagnostic]) -> Selection {
    let (errors, unplaced) = errors_by_record(filing, diagnostics);
    let mut kept = Filing {
        forms: Vec::new(),
        ..filing.clone()
    };
    let mut left_out = Vec::new();
    for form in &filing.forms {
        let reasons = reasons(form, errors.get(&form.id));
        if reasons.is_empty() {
            kept.forms.push(form.clone());
        } else {
            left_out.push(LeftOut {
                form: form.form.clone(),
                record: form.record,
                line: form.line,
                reasons,
            });
        }
    }
    Selection {
        filing: kept,
        left_out,
        unplaced_errors: unplaced,
    }
}

/// `filing` with every record, each carrying the codes of the errors found on it: what
/// `convert --to json` writes, so that nobody is lost (a person whose certificate box OCR could
/// not read is there with `certificate_request: "unknown"`).
pub fn with_findings(filing: &Filing, diagnostics: &[Diagnostic]) -> Filing {
    let (errors, _) = errors_by_record(filing, diagnostics);
    let mut all = filing.clone();
    for form in &mut all.forms {
        form.findings = errors.get(&form.id).cloned().unwrap_or_default();
    }
    all
}

/// The shapes a filing can be converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The normalized model, `todokede-filing/1` (JSON).
    Json,
    /// SHFD0006.CSV (年金事務所 電子媒体), Shift_JIS.
    ShfdCsv,
    /// KPFD0006.CSV (健保組合 電子媒体), Shift_JIS.
    KpfdCsv,
    /// Unsigned e-Gov packages (ZIP) of the 2024-12 procedures.
    Egov,
}

/// Settings of the writers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// The society's 組合事業所番号, for KPFD from a filing that does not carry it.
    pub society_office_number: Option<String>,
    /// The day the conversion is made: the 作成年月日 of a made-up 媒体管理 record and the
    /// 提出年月日 of a package, when the filing has no 作成年月日 of its own.
    pub today: chrono::NaiveDate,
}

/// What a writer made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The bytes of each file to write: one, or (an e-Gov filing too large for one package)
    /// one package each.
    pub parts: Vec<Vec<u8>>,
    /// Items the target shape has no place for, which were not written (an e-Gov form without
    /// the element), bounded (the first records of each item, the others counted).
    pub dropped: crate::write::egov::DroppedItems,
}

/// Why nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The target cannot carry something in the filing (a character, a missing header item).
    Diagnostics(Vec<Diagnostic>),
    /// The model could not be serialised.
    Internal(String),
}

/// The 作成年月日 (YYYYMMDD) a made-up header carries: the filing's own when its 媒体管理
/// record has a valid one, else `today`.
///
/// ```
/// use todokede::model::Filing;
/// let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
/// assert_eq!(todokede::convert::dated(&Filing::new("f", None), today), "20241210");
/// ```
pub fn dated(filing: &Filing, today: chrono::NaiveDate) -> String {
    filing
        .medium
        .as_ref()
        .and_then(|m| m.items.get(4))
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .cloned()
        .unwrap_or_else(|| today.format("%Y%m%d").to_string())
}

/// Writes `filing` in the shape `to`. Give the electronic shapes only what [`select`] kept
/// (they do not validate); the JSON model takes any filing (see [`with_findings`]).
///
/// ```
/// use todokede::convert::{convert, select, Target, WriteOptions};
/// use todokede::{read_filing, Config, Input};
/// let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
/// let (filing, report) = read_filing(Input::path("testdata/shfd/valid/SHFD0006.CSV"), &config)?;
/// let selection = select(&filing, report.diagnostics());
/// let options = WriteOptions {
///     society_office_number: None,
///     today: config.options.received_on,
/// };
/// let written = convert(&selection.filing, Target::Egov, &options).expect("convertible");
/// assert_eq!(written.parts.len(), 1, "one package");
/// // What a writer makes passes `check`.
/// let package = todokede::check::check_output("out.zip", &written.parts[0], &config);
/// assert!(!package.has_errors());
/// # Ok::<(), todokede::Error>(())
/// ```
pub fn convert(filing: &Filing, to: Target, opts: &WriteOptions) -> Result<Converted, Refusal> {
    let dated = dated(filing, opts.today);
    let one = |bytes| Converted {
        parts: vec![bytes],
        dropped: crate::write::egov::DroppedItems::default(),
    };
    match to {
        Target::Json => {
            let mut b =
                serde_json::to_vec_pretty(filing).map_err(|e| Refusal::Internal(e.to_string()))?;
            b.push(b'\n');
            Ok(one(b))
        }
        Target::ShfdCsv => crate::write::csv::write(filing, crate::layout::Variant::Shfd, &dated)
            .map(one)
            .map_err(Refusal::Diagnostics),
        Target::KpfdCsv => crate::write::csv::write_with(
            filing,
            crate::layout::Variant::Kpfd,
            &dated,
            opts.society_office_number.as_deref(),
        )
        .map(one)
        .map_err(Refusal::Diagnostics),
        Target::Egov => crate::write::egov::write_packages(
            filing,
            &dated,
            crate::layout::egov::MAX_PACKAGE_ENTRIES,
        )
        .map(|mut packages| {
            // Given once, on the first package.
            let dropped = packages
                .first_mut()
                .map(|p| std::mem::take(&mut p.dropped))
                .unwrap_or_default();
            Converted {
                parts: packages.into_iter().map(|p| p.zip).collect(),
                dropped,
            }
        })
        .map_err(Refusal::Diagnostics),
    }
}

/// Why `form` may not be written in an electronic shape, from its own `findings` (the codes of
/// the errors on it, as a streamed read hands them on); empty when it may.
pub fn reasons_of(form: &FormRecord) -> Vec<Reason> {
    reasons(form, Some(&form.findings))
}

/// The codes of the errors of file `file` located on no record, each once, in report order:
/// their values may be missing from what is written.
pub fn unplaced_errors(diagnostics: &[Diagnostic], file: u32) -> Vec<&'static str> {
    let mut codes = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.file == Some(file) && d.record.is_none())
    {
        if !codes.contains(&d.code()) {
            codes.push(d.code());
        }
    }
    codes
}

/// Where a streaming conversion ([`Converter`]) puts what it makes.
pub trait Parts {
    /// More bytes of the one output file (JSON, CSV).
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()>;
    /// A finished e-Gov package: `part` is its number (from 1) when the filing needs more than
    /// one package, `None` for the only one.
    fn package(&mut self, zip: Vec<u8>, part: Option<usize>) -> std::io::Result<()>;
}

/// The writer a [`Converter`] feeds.
#[derive(Debug)]
enum Writer {
    NotYet,
    Json(crate::write::json::JsonWriter),
    Csv(Box<crate::write::csv::CsvWriter>),
    Egov(Box<crate::write::egov::EgovWriter>),
    /// Refused at the start, or gone after a write error.
    Gone,
}

/// Converts a filing as it is read ([`FilingSink`]): each form is written as it comes, in the
/// shape `to`, to a [`Parts`]. The electronic shapes get only the forms fit to convert (the
/// others are listed in [`Converter::left_out`]); the JSON model gets every form with its
/// findings. What it decides is what [`select`], [`with_findings`] and [`convert`] decide on the
/// whole filing, byte for byte; memory holds one form, or one e-Gov package.
///
/// When the filing is refused (a form left out and `allow_errors` is false, or a writer's
/// refusal) the bytes already given to the [`Parts`] must not be used: the caller writes them
/// to a temporary file and drops it.
pub struct Converter<'p> {
    to: Target,
    opts: WriteOptions,
    allow_errors: bool,
    parts: &'p mut dyn Parts,
    writer: Writer,
    buf: Vec<u8>,
    /// The forms not written (electronic shapes), or written with errors (JSON).
    pub left_out: Vec<LeftOut>,
    /// The forms written (electronic shapes).
    pub kept: usize,
    /// The forms read.
    pub forms: usize,
    /// e-Gov packages given to the parts.
    pub packages: usize,
    /// What a writer refused.
    pub refusal: Option<Refusal>,
    /// The first write error.
    pub io_error: Option<std::io::Error>,
    /// Items the e-Gov forms have no element for (bounded: the first records of each item
    /// listed, the others counted).
    pub dropped: crate::write::egov::DroppedItems,
}

impl<'p> Converter<'p> {
    /// A conversion into `to`, written to `parts`. Without `allow_errors` nothing more is
    /// written once a form is left out (the output will not be used).
    pub fn new(
        to: Target,
        opts: WriteOptions,
        allow_errors: bool,
        parts: &'p mut dyn Parts,
    ) -> Converter<'p> {
        Converter {
            to,
            opts,
            allow_errors,
            parts,
            writer: Writer::NotYet,
            buf: Vec::with_capacity(64 * 1024),
            left_out: Vec::new(),
            kept: 0,
            forms: 0,
            packages: 0,
            refusal: None,
            io_error: None,
            dropped: crate::write::egov::DroppedItems::default(),
        }
    }

    /// True when what was given to the parts is the whole, usable output.
    pub fn is_usable(&self) -> bool {
        self.refusal.is_none() && self.io_error.is_none()
    }

    /// Starts the writer on `head`, with the 事業所情報 to write.
    fn begin(&mut self, head: &Filing, offices: &[crate::model::Office]) {
        let dated = dated(head, self.opts.today);
        self.writer = match self.to {
            Target::Json => match crate::write::json::JsonWriter::start(head, &mut self.buf) {
                Ok(w) => Writer::Json(w),
                Err(e) => {
                    self.refusal = Some(Refusal::Internal(e.to_string()));
                    Writer::Gone
                }
            },
            Target::ShfdCsv | Target::KpfdCsv => {
                let (variant, society) = match self.to {
                    Target::KpfdCsv => (
                        crate::layout::Variant::Kpfd,
                        self.opts.society_office_number.as_deref(),
                    ),
                    _ => (crate::layout::Variant::Shfd, None),
                };
                match crate::write::csv::CsvWriter::start(
                    head,
                    offices,
                    variant,
                    &dated,
                    society,
                    &mut self.buf,
                ) {
                    Ok(w) => Writer::Csv(Box::new(w)),
                    Err(d) => {
                        self.refusal = Some(Refusal::Diagnostics(d));
                        Writer::Gone
                    }
                }
            }
            Target::Egov => Writer::Egov(Box::new(crate::write::egov::EgovWriter::new(
                head,
                &dated,
                crate::layout::egov::MAX_PACKAGE_ENTRIES,
            ))),
        };
        self.flush();
    }

    /// Gives what was written to the parts.
    fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        if self.io_error.is_none() {
            if let Err(e) = self.parts.write(&self.buf) {
                self.io_error = Some(e);
                self.writer = Writer::Gone;
            }
        }
        self.buf.clear();
    }

    fn package(&mut self, zip: Vec<u8>, part: Option<usize>) {
        self.packages += 1;
        if self.io_error.is_none() {
            if let Err(e) = self.parts.package(zip, part) {
                self.io_error = Some(e);
                self.writer = Writer::Gone;
            }
        }
    }

    /// One form: written, or left out.
    fn take(&mut self, form: &FormRecord) {
        self.forms += 1;
        let reasons = reasons_of(form);
        if !reasons.is_empty() {
            self.left_out.push(LeftOut {
                form: form.form.clone(),
                record: form.record,
                line: form.line,
                reasons,
            });
            if self.to != Target::Json {
                if !self.allow_errors {
                    // The filing is refused: nothing more needs writing.
                    self.writer = Writer::Gone;
                }
                return;
            }
        }
        if self.to != Target::Json {
            self.kept += 1;
        }
        match &mut self.writer {
            Writer::Json(w) => {
                if let Err(e) = w.form(form, &mut self.buf) {
                    self.refusal = Some(Refusal::Internal(e.to_string()));
                    self.writer = Writer::Gone;
                }
            }
            Writer::Csv(w) => {
                w.form(form, &mut self.buf);
                if w.refused() {
                    // The refusals keep coming; the bytes are not needed any more.
                    self.buf.clear();
                }
            }
            Writer::Egov(w) => {
                if let Some(zip) = w.form(form) {
                    let n = self.packages + 1;
                    self.package(zip, Some(n));
                }
            }
            Writer::NotYet | Writer::Gone => {}
        }
        if self.buf.len() >= 32 * 1024 {
            self.flush();
        }
    }

    /// Ends the conversion: the writer's last bytes or package, or its refusals.
    pub fn finish(&mut self) {
        match std::mem::replace(&mut self.writer, Writer::Gone) {
            Writer::Json(w) => {
                if let Err(e) = w.finish(&mut self.buf) {
                    self.refusal = Some(Refusal::Internal(e.to_string()));
                }
            }
            Writer::Csv(w) => {
                if let Err(d) = (*w).finish() {
                    self.buf.clear();
                    self.refusal = Some(Refusal::Diagnostics(d));
                }
            }
            Writer::Egov(w) => match (*w).finish() {
                Ok((zip, dropped)) => {
                    self.dropped = dropped;
                    let part = (self.packages > 0).then_some(self.packages + 1);
                    self.package(zip, part);
                }
                Err(d) => self.refusal = Some(Refusal::Diagnostics(d)),
            },
            Writer::NotYet | Writer::Gone => {}
        }
        self.flush();
    }
}

impl FilingSink for Converter<'_> {
    fn start(&mut self, head: &Filing) -> Start {
        if matches!(self.to, Target::ShfdCsv | Target::KpfdCsv)
            && crate::write::csv::needs_whole(head)
        {
            return Start::Whole;
        }
        self.begin(head, &head.offices);
        Start::Stream
    }

    fn form(&mut self, form: FormRecord) {
        self.take(&form);
    }

    fn whole(&mut self, filing: Filing) {
        let (head, forms) = (
            Filing {
                forms: Vec::new(),
                ..filing.clone()
            },
            filing.forms,
        );
        if self.to == Target::Json {
            self.begin(&head, &head.offices);
            for f in &forms {
                self.take(f);
            }
            return;
        }
        // The 事業所情報 a CSV without any gets are made up from the forms written.
        let kept = Filing {
            forms: forms
                .iter()
                .filter(|f| reasons_of(f).is_empty())
                .cloned()
                .collect(),
            ..head.clone()
        };
        let derived;
        let offices = if head.offices.is_empty() && self.to != Target::Egov {
            derived = crate::write::csv::derived_offices(&kept);
            &derived
        } else {
            &head.offices
        };
        self.begin(&head, offices);
        for f in &forms {
            self.take(f);
        }
    }
}

fn reasons(form: &FormRecord, errors: Option<&Vec<&'static str>>) -> Vec<Reason> {
    let mut out = Vec::new();
    if let Some(codes) = errors.filter(|c| !c.is_empty()) {
        out.push(Reason::Errors(codes.clone()));
    }
    if form.layout.is_none() {
        out.push(Reason::NoLayout);
    }
    let unknown: Vec<Slot> = form
        .persons
        .iter()
        .filter(|p| p.certificate_request == Some(CertificateRequest::Unknown))
        .map(|p| p.slot)
        .collect();
    if !unknown.is_empty() {
        out.push(Reason::CertificateUnknown(unknown));
    }
    out
}

impl LeftOut {
    /// What was left out and why, in `lang` (the English is the `Display`).
    ///
    /// ```
    /// use todokede::convert::{LeftOut, Reason};
    /// use todokede::diag::Lang;
    /// let l = LeftOut { form: "2200700".into(), record: 2, line: Some(7), reasons: vec![Reason::Errors(vec!["MYN002"])] };
    /// assert_eq!(l.describe(Lang::Ja), "レコード2（2200700）, 7行目: エラー MYN002");
    /// assert_eq!(l.describe(Lang::En), "record 2 (2200700), line 7: errors MYN002");
    /// ```
    pub fn describe(&self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang;
        if lang == Lang::En {
            return self.to_string();
        }
        let mut s = format!(
            "レコード{}（{}）",
            self.record,
            crate::diag::redact::value(&self.form)
        );
        if let Some(l) = self.line {
            s.push_str(&format!(", {l}行目"));
        }
        let reasons: Vec<String> = self
            .reasons
            .iter()
            .map(|r| match r {
                Reason::Errors(codes) => format!("エラー {}", codes.join(", ")),
                Reason::CertificateUnknown(slots) => format!(
                    "資格確認書発行要否が不明（{}）",
                    slots
                        .iter()
                        .map(|s| slot_ja(*s))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                Reason::NoLayout => "レイアウトが分かりません".to_string(),
            })
            .collect();
        s.push_str(": ");
        s.push_str(&reasons.join("; "));
        s
    }
}

/// Whose 資格確認書 box it is, in Japanese.
fn slot_ja(slot: Slot) -> &'static str {
    match slot {
        Slot::Office => "事業所",
        Slot::Insured => "被保険者",
        Slot::Spouse => "配偶者",
        Slot::Dependent1 => "その他の被扶養者1",
        Slot::Dependent2 => "その他の被扶養者2",
    }
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The form code comes from the input (a record without a layout may hold anything).
        write!(
            f,
            "record {} ({})",
            self.record,
            crate::diag::redact::value(&self.form)
        )?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        let reasons: Vec<String> = self
            .reasons
            .iter()
            .map(|r| match r {
                Reason::Errors(codes) => format!("errors {}", codes.join(", ")),
                Reason::CertificateUnknown(slots) => format!(
                    "certificate request unknown for {}",
                    slots
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Reason::NoLayout => "no layout".to_string(),
            })
            .collect();
        write!(f, ": {}", reasons.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::registry as r;
    use crate::diag::{Place, PlaceKind, Text};
    use crate::model::Person;
    use crate::source::SourceFormat;

    fn form(record: u32, cert: Option<CertificateRequest>) -> FormRecord {
        FormRecord {
            form: "2200700".into(),
            title: None,
            model: None,
            layout: Some("2200700-2024-12".into()),
            layout_version: None,
            old_format: false,
            record,
            id: RecordId { file: 0, record },
            line: None,
            items: Vec::new(),
            findings: Vec::new(),
            persons: vec![Person {
                slot: Slot::Insured,
                name_kana: None,
                name_kanji: None,
                birth_date: None,
                sex: None,
                relationship: None,
                my_number: None,
                basic_pension_number: None,
                certificate_request: cert,
            }],
        }
    }

    /// An error about record `record` of file `file` of the run (shown as that record).
    fn error_in(file: u32, record: Option<u32>) -> Diagnostic {
        let mut loc = Place::new(PlaceKind::Csv, "f");
        loc.set_record(record);
        let mut d = Diagnostic::new(&r::MYN_CHECK_DIGIT, loc, Text::new("", ""))
            .with_record(record.map(|record| RecordId { file, record }));
        d.file = Some(file);
        d
    }

    fn error_at(record: Option<u32>) -> Diagnostic {
        error_in(0, record)
    }

    #[test]
    fn records_with_errors_or_unknown_boxes_are_left_out() {
        let mut filing = Filing::new("scan.jsonl", Some(SourceFormat::OcrFields));
        filing.forms = vec![
            form(1, Some(CertificateRequest::Requested)),
            form(2, Some(CertificateRequest::NotRequested)),
            form(3, Some(CertificateRequest::Unknown)),
        ];
        let diags = [
            error_at(Some(2)),
            error_at(Some(2)),
            error_in(1, Some(1)),
            error_at(None),
            error_at(Some(1)).with_severity(Severity::Warning),
        ];
        let s = select(&filing, &diags);
        assert_eq!(s.filing.forms.len(), 1);
        assert_eq!(s.filing.forms[0].record, 1);
        assert_eq!(s.left_out.len(), 2);
        assert_eq!(s.left_out[0].reasons, vec![Reason::Errors(vec!["MYN002"])]);
        assert_eq!(
            s.left_out[1].reasons,
            vec![Reason::CertificateUnknown(vec![Slot::Insured])]
        );
        assert_eq!(s.unplaced_errors, vec!["MYN002"]);
        assert!(!s.is_complete());
        assert_eq!(
            s.left_out[1].to_string(),
            "record 3 (2200700): certificate request unknown for insured"
        );
    }

    #[test]
    fn json_keeps_every_record_with_its_findings() {
        let mut filing = Filing::new("scan.jsonl", None);
        filing.forms = vec![
            form(1, Some(CertificateRequest::Requested)),
            form(2, Some(CertificateRequest::Unknown)),
        ];
        let diags = [error_at(Some(1)), error_at(Some(1)), error_in(1, Some(2))];
        let all = with_findings(&filing, &diags);
        assert_eq!(all.forms.len(), 2);
        assert_eq!(all.forms[0].findings, vec!["MYN002"]);
        assert!(all.forms[1].findings.is_empty());
        assert_eq!(
            all.forms[1].persons[0].certificate_request,
            Some(CertificateRequest::Unknown)
        );
    }

    /// Regression: an e-Gov package numbers its forms through the package but an attached CSV
    /// within the CSV, so "record 1" named two records; an error on one left out both.
    #[test]
    fn records_are_told_apart_by_id_not_by_number() {
        let mut filing = Filing::new("pkg.zip", Some(SourceFormat::Egov));
        let mut attached = form(1, None);
        attached.id = RecordId { file: 0, record: 2 };
        filing.forms = vec![form(1, None), attached];
        let mut on_attached = error_at(Some(1));
        on_attached.record = Some(RecordId { file: 0, record: 2 });
        let s = select(&filing, &[on_attached]);
        assert_eq!(s.filing.forms.len(), 1);
        assert_eq!(s.filing.forms[0].id, RecordId { file: 0, record: 1 });
        assert_eq!(s.left_out.len(), 1);
    }

    #[test]
    fn a_clean_filing_is_complete() {
        let mut filing = Filing::new("f", Some(SourceFormat::ShfdCsv));
        filing.forms = vec![form(1, None)];
        let s = select(&filing, &[]);
        assert!(s.is_complete());
        assert_eq!(s.filing.forms.len(), 1);
    }
}
