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

pub const SCHEMA: &str = "todokede-report/1";

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

pub fn report_json(report: &Report, ctx: &RenderContext) -> Value {
    let sink = &report.summary;
    json!({
        "schema": SCHEMA,
        "tool": { "name": "todokede", "version": env!("CARGO_PKG_VERSION") },
        "received_on": report.received_on.to_string(),
        "files": report.files,
        "diagnostics": report.diagnostics().iter().map(|d| diagnostic_json(d, ctx.lang)).collect::<Vec<_>>(),
        "summary": {
            "files": report.files.len(),
            "records": report.records(),
            "errors": sink.errors,
            "warnings": sink.warnings,
            "infos": sink.infos,
            "not_shown": sink.not_shown,
            "omitted": report.omitted.iter().map(|o| json!({
                "path": o.path, "code": o.code, "severity": o.severity.as_str(), "count": o.count,
            })).collect::<Vec<_>>(),
        }
    })
}

pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report_json(report, ctx))?;
    writeln!(out)
}
