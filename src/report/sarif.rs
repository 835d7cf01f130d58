//! SARIF 2.1.0 for code-scanning uploads. Columns are Unicode code points (`columnKind` set
//! explicitly); messages carry no personal numbers and no source snippets are embedded. Paths are
//! URI references (`file:///D:/…` for absolute paths, relative ones with `/`; see `platform`).

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::Report;
use crate::diag::registry;
use crate::diag::{Diagnostic, Place, Severity};

use super::RenderContext;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn physical(place: &Place) -> Value {
    let f = place.fields();
    let mut region = serde_json::Map::new();
    if let Some(l) = f.span.line {
        region.insert("startLine".into(), json!(l));
    }
    if let Some(c) = f.span.column {
        region.insert("startColumn".into(), json!(c));
    }
    if let Some(l) = f.span.end_line {
        region.insert("endLine".into(), json!(l));
    }
    if let Some(c) = f.span.end_column {
        region.insert("endColumn".into(), json!(c));
    }
    if let (Some(s), Some(e)) = (f.span.byte_start, f.span.byte_end) {
        region.insert("byteOffset".into(), json!(s));
        region.insert("byteLength".into(), json!(e.saturating_sub(s)));
    }
    let mut p = json!({ "artifactLocation": { "uri": crate::platform::path_uri(f.path) } });
    if !region.is_empty() {
        p["region"] = Value::Object(region);
    }
    p
}

/// Writes `report` as SARIF 2.1.0.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let used: BTreeSet<&str> = report.diagnostics().iter().map(|d| d.code()).collect();
    let rules: Vec<Value> = registry::all()
        .iter()
        .filter(|r| used.contains(r.code))
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.summary(ctx.lang) },
                "fullDescription": { "text": r.why },
                "help": { "text": r.help(ctx.lang) },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    // Written as it goes: each result is built as a small value and written before the next.
    let doc = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": { "name": "todokede", "version": env!("CARGO_PKG_VERSION"), "rules": rules } }),
            column_kind: "unicodeCodePoints",
            results: Results(report.diagnostics(), ctx),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[derive(serde::Serialize)]
struct Sarif<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(serde::Serialize)]
struct Run<'a> {
    tool: Value,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a>,
}

struct Results<'a>(&'a [Diagnostic], &'a RenderContext);

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for d in self.0 {
            seq.serialize_element(&result(d, self.1))?;
        }
        seq.end()
    }
}

/// One SARIF result.
fn result(d: &Diagnostic, ctx: &RenderContext) -> Value {
    let mut logical = Vec::new();
    if let (Some(r), Some(i)) = (d.primary.record(), d.primary.item()) {
        logical.push(json!({ "fullyQualifiedName": format!("record[{r}]/item[{i}]"), "name": d.primary.item_name(), "kind": "element" }));
    } else if let Some(x) = d.primary.xml_path() {
        logical.push(json!({ "fullyQualifiedName": x, "kind": "element" }));
    }
    let mut loc = json!({ "physicalLocation": physical(&d.primary) });
    if !logical.is_empty() {
        loc["logicalLocations"] = Value::Array(logical);
    }
    let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| json!({ "id": i + 1, "physicalLocation": physical(&l.place), "message": { "text": l.message.get(ctx.lang) } }))
                .collect();
    let mut res = json!({
        "ruleId": d.code(),
        "level": level(d.severity),
        "message": { "text": d.message_with_notes(ctx.lang) },
        "locations": [loc],
        "partialFingerprints": {
            "todokede/v1": format!("{}:{}:{}:{}", d.code(), crate::platform::path_uri(d.primary.path()), d.primary.record().unwrap_or(0), d.primary.item().unwrap_or(0)),
        },
    });
    if !related.is_empty() {
        res["relatedLocations"] = Value::Array(related);
    }
    res
}
