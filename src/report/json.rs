//! The machine-readable report: `todokede-report/1`.
//!
//! Every location field is present in every diagnostic; what is not known is `null`, never
//! guessed. Columns are 1-based Unicode scalar values, end exclusive; byte offsets are in the
//! original file.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::Report;
use crate::diag::{Diagnostic, Lang, Place};

use super::RenderContext;

/// The `schema` of the JSON report.
pub const SCHEMA: &str = "todokede-report/1";

/// A place as JSON fields (`path`, `line`, `column`, `record`, `item`, …).
pub fn location_json(place: &Place) -> serde_json::Map<String, Value> {
    let f = place.fields();
    let mut m = serde_json::Map::new();
    m.insert("path".into(), json!(f.path));
    m.insert("byte_start".into(), json!(f.span.byte_start));
    m.insert("byte_end".into(), json!(f.span.byte_end));
    m.insert("line".into(), json!(f.span.line));
    m.insert("column".into(), json!(f.span.column));
    m.insert("end_line".into(), json!(f.span.end_line));
    m.insert("end_column".into(), json!(f.span.end_column));
    m.insert("record".into(), json!(f.record));
    m.insert("item".into(), json!(f.item));
    m.insert("item_name".into(), json!(f.item_name));
    m.insert("xml_path".into(), json!(f.xml_path));
    m.insert("page".into(), json!(f.page));
    m.insert("bbox".into(), json!(f.bbox));
    m.insert("bbox_px".into(), json!(f.bbox_px));
    m
}

/// A finding as a JSON object, its texts in `lang`.
pub fn diagnostic_json(d: &Diagnostic, lang: Lang) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("code".into(), json!(d.code()));
    m.insert("severity".into(), json!(d.severity.as_str()));
    m.insert("message".into(), json!(d.message.get(lang)));
    m.insert(
        "notes".into(),
        Value::Array(d.notes.iter().map(|n| json!(n.get(lang))).collect()),
    );
    m.insert("help".into(), json!(d.help_text(lang)));
    // The official checks the rule mirrors (届書作成プログラム, 自動チェック, e-Gov wording), so
    // that a finding can be matched to the message a company got; null for todokede's own rules.
    m.insert(
        "official".into(),
        if d.rule.official.is_empty() {
            Value::Null
        } else {
            json!(d.rule.official)
        },
    );
    m.extend(location_json(&d.primary));
    let labels: Vec<Value> = d
        .secondary
        .iter()
        .map(|l| {
            let mut lm = location_json(&l.place);
            lm.insert("message".into(), json!(l.message.get(lang)));
            Value::Object(lm)
        })
        .collect();
    m.insert("labels".into(), Value::Array(labels));
    Value::Object(m)
}

/// The report as it is written: fields in the order of the schema, the diagnostics an iterator
/// that builds one small JSON value at a time, so the document is written as it goes and never
/// held whole in memory.
#[derive(serde::Serialize)]
struct Document<'a> {
    schema: &'static str,
    tool: Tool,
    received_on: String,
    configuration: &'a Option<Value>,
    files: &'a [super::FileSummary],
    diagnostics: Diagnostics<'a>,
    summary: SummaryJson<'a>,
}

#[derive(serde::Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

struct Diagnostics<'a>(&'a [Diagnostic], Lang);

impl serde::Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for d in self.0 {
            seq.serialize_element(&diagnostic_json(d, self.1))?;
        }
        seq.end()
    }
}

/// The `summary` of the JSON report (also the last line of JSON Lines).
#[derive(serde::Serialize)]
pub(super) struct SummaryJson<'a> {
    files: usize,
    records: u64,
    errors: usize,
    warnings: usize,
    infos: usize,
    not_shown: usize,
    omitted: Vec<OmittedJson<'a>>,
}

#[derive(serde::Serialize)]
struct OmittedJson<'a> {
    path: &'a str,
    code: &'static str,
    severity: &'static str,
    count: usize,
    /// [`crate::diag::Omitted::describe`] in the report's language.
    message: String,
}

fn document<'a>(report: &'a Report, ctx: &RenderContext) -> Document<'a> {
    Document {
        schema: SCHEMA,
        tool: Tool {
            name: "todokede",
            version: env!("CARGO_PKG_VERSION"),
        },
        received_on: report.received_on.to_string(),
        configuration: &report.configuration,
        files: &report.files,
        diagnostics: Diagnostics(report.diagnostics(), ctx.lang),
        summary: summary_json(report, ctx.lang),
    }
}

/// The counts of `report`, with each summarised flood (`omitted`) and what it left out.
pub(super) fn summary_json(report: &Report, lang: Lang) -> SummaryJson<'_> {
    let sink = &report.summary;
    SummaryJson {
        files: report.files.len(),
        records: report.records(),
        errors: sink.errors,
        warnings: sink.warnings,
        infos: sink.infos,
        not_shown: sink.not_shown,
        omitted: report
            .omitted
            .iter()
            .map(|o| OmittedJson {
                path: &o.path,
                code: o.code,
                severity: o.severity.as_str(),
                count: o.count,
                message: o.describe(lang),
            })
            .collect(),
    }
}

/// The whole report as one JSON value (tests and library users; `render` streams instead).
pub fn report_json(report: &Report, ctx: &RenderContext) -> Value {
    serde_json::to_value(document(report, ctx)).unwrap_or(Value::Null)
}

/// Writes the report as it goes (see `Document`).
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report, ctx))?;
    writeln!(out)
}
