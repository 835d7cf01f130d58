//! Azure AI Document Intelligence results: the `analyzeResult` JSON of a custom model (REST
//! v3.1 / v4 shape), mapped to forms, records and items by a [`Profile`].
//!
//! Used: `documents[].docType` (→ form and version), `documents[].fields` (→ items; a
//! `valueArray` of `valueObject` rows with a table rule → one record per row), each field's
//! `type`, typed value (`valueString`, `valueSelectionMark`, `valueNumber`, `valueDate`),
//! `content`, `confidence`, `boundingRegions` (page and polygon, normalised by `pages[].width` /
//! `height`; pixels when `unit` is `pixel`), and `spans` into `content` (in `stringIndexType`
//! units) when a field has no `content` of its own.
//!
//! Positions: the file is parsed whole with serde_json, and a [`super::spans`] scan of the
//! `documents` subtree gives each field's byte span, turned into line:column by a
//! [`LineIndex`]. Documents of the same form are numbered on: the records of the second
//! document follow those of the first, so record numbers stay unique in the file.

mod field;
pub mod units;

use std::collections::HashMap;

use serde_json::Value;

use super::profile::Profile;
use super::spans;
use super::{PageSize, Sheet, Spot};
use crate::diag::registry::{self as r, Rule};
use crate::diag::{Diagnostic, Place, PlaceKind, Sink, Text};
use crate::source::line_index::LineIndex;
use field::Fields;

/// Reads an analyzeResult file into one sheet per mapped document.
pub fn read(bytes: &[u8], path: &str, profile: &Profile, sink: &mut Sink) -> Vec<Sheet> {
    if crate::read::refuse_not_text(
        bytes,
        path,
        "Azure Document Intelligence JSON (UTF-8)",
        sink,
    ) {
        return Vec::new();
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or(&[]);
    let index = LineIndex::new(bytes);
    let root: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            let mut loc = Place::new(PlaceKind::Ocr, path);
            if let Some(start) = u32::try_from(e.line())
                .ok()
                .and_then(|l| index.line_start(l))
            {
                let at = (start + e.column().saturating_sub(1)).min(bytes.len());
                let (line, column) = index.position(bytes, at);
                loc.span_mut().line = Some(line);
                loc.span_mut().column = Some(column);
                loc.span_mut().byte_start = Some(at as u64);
                loc.span_mut().byte_end = Some(at as u64);
            }
            sink.push(Diagnostic::new(
                &r::OCR_RESULT,
                loc,
                Text::new(
                    "OCR結果をJSONとして読めません",
                    "the OCR result is not valid JSON",
                ),
            ));
            return Vec::new();
        }
    };
    let (result, prefix) = match root.get("analyzeResult") {
        Some(ar) => (ar, "/analyzeResult"),
        None => (&root, ""),
    };
    let scanned = spans::scan(body, &|p| {
        p.is_empty()
            || p == prefix
            || (p.starts_with(&format!("{prefix}/documents"))
                && !p.ends_with("/boundingRegions")
                && !p.ends_with("/spans"))
    });
    let doc = Doc {
        path,
        bytes,
        index,
        spans: scanned
            .into_iter()
            .map(|(p, r)| (p, r.start + bom..r.end + bom))
            .collect(),
    };
    if let Some(status) = root.get("status").and_then(Value::as_str) {
        if status != "succeeded" {
            sink.push(doc.diag(
                &r::OCR_RESULT,
                "/status",
                Text::new(
                    format!(
                        "解析が完了していません（status: {}）",
                        crate::diag::redact::value(status)
                    ),
                    format!(
                        "the analysis has not succeeded (status: {})",
                        crate::diag::redact::value(status)
                    ),
                ),
            ));
            return Vec::new();
        }
    }
    let Some(documents) = result.get("documents").and_then(Value::as_array) else {
        let (ja, en) = if root.get("analyzeResult").is_some() || result.get("pages").is_some() {
            (
                "documents がありません（フィールドを読むカスタムモデルの結果が必要です）",
                "no `documents` (a custom model's result, which reads fields, is needed)",
            )
        } else {
            (
                "Azure Document Intelligence の analyzeResult ではありません",
                "not an Azure Document Intelligence analyzeResult",
            )
        };
        sink.push(doc.diag(&r::OCR_RESULT, prefix, Text::new(ja, en)));
        return Vec::new();
    };
    let content = result.get("content").and_then(Value::as_str).unwrap_or("");
    let unit = result
        .get("stringIndexType")
        .and_then(Value::as_str)
        .unwrap_or("textElements");
    let pages = pages(result);
    let mut sheets = Vec::new();
    // The last record number used per form, so that later documents number on.
    let mut numbered: HashMap<String, u32> = HashMap::new();
    for (k, d) in documents.iter().enumerate() {
        let dp = format!("{prefix}/documents/{k}");
        let doc_type = d.get("docType").and_then(Value::as_str).unwrap_or("");
        let Some((form, version)) = profile.document(doc_type) else {
            sink.push(doc.diag(
                &r::OCR_RESULT,
                &format!("{dp}/docType"),
                Text::new(
                    format!(
                        "docType「{}」はプロファイル「{}」にありません（この文書は読みません）",
                        crate::diag::redact::value(doc_type),
                        profile.name
                    ),
                    format!(
                        "docType `{}` is not in profile `{}` (the document is not read)",
                        crate::diag::redact::value(doc_type),
                        profile.name
                    ),
                ),
            ));
            continue;
        };
        let offset = numbered.get(&form).copied().unwrap_or(0);
        let mut sheet = Sheet {
            form: form.clone(),
            version,
            pages: pages
                .iter()
                .map(|p| PageSize {
                    page: p.number,
                    width_px: p.pixels.then_some(p.width),
                    height_px: p.pixels.then_some(p.height),
                })
                .collect(),
            fields: Vec::new(),
            place: doc.place(&dp),
        };
        let reader = Fields {
            doc: &doc,
            pages: &pages,
            content,
            unit,
        };
        if let Some(fields) = d.get("fields").and_then(Value::as_object) {
            for (name, f) in fields {
                let fp = format!("{dp}/fields/{}", escaped(name));
                reader.field(name, &fp, f, profile, offset, &mut sheet.fields, sink);
            }
        }
        let last = sheet.fields.iter().map(|f| f.record).max().unwrap_or(0);
        numbered.insert(form, last.max(offset));
        sheets.push(sheet);
    }
    sheets
}

fn escaped(key: &str) -> String {
    let mut s = String::new();
    spans::push_escaped(&mut s, key);
    s
}

/// The file and where its values are.
struct Doc<'a> {
    path: &'a str,
    bytes: &'a [u8],
    index: LineIndex,
    spans: Vec<(String, std::ops::Range<usize>)>,
}

impl Doc<'_> {
    /// The place of the value at `pointer`, or of its nearest ancestor that has one.
    fn place(&self, pointer: &str) -> Spot {
        let mut p = pointer;
        loop {
            if let Some(r) = spans::find(&self.spans, p) {
                return Spot::of(self.bytes, &self.index, r.clone());
            }
            match p.rfind('/') {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => return Spot::of(self.bytes, &self.index, 0..0),
            }
        }
    }

    fn diag(&self, rule: &'static Rule, pointer: &str, message: Text) -> Diagnostic {
        Diagnostic::new(rule, self.place(pointer).location(self.path), message)
    }
}

/// A page of the result: size in its unit.
struct Page {
    number: u32,
    width: f64,
    height: f64,
    pixels: bool,
}

fn pages(result: &Value) -> Vec<Page> {
    result
        .get("pages")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| {
                    Some(Page {
                        number: u32::try_from(p.get("pageNumber")?.as_u64()?).ok()?,
                        width: p.get("width")?.as_f64().filter(|w| *w > 0.0)?,
                        height: p.get("height")?.as_f64().filter(|h| *h > 0.0)?,
                        pixels: p.get("unit").and_then(Value::as_str) == Some("pixel"),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ocr::{FieldKind, Mark};

    const RESULT: &str = r#"{"status":"succeeded","analyzeResult":{"apiVersion":"2024-11-30","modelId":"m","stringIndexType":"unicodeCodePoint",
"content":"ﾔﾏﾀﾞ ﾀﾛｳ :selected:",
"pages":[{"pageNumber":1,"width":2480,"height":3508,"unit":"pixel"}],
"documents":[{"docType":"m:2200700-2024-12","fields":{
 "r1_i7":{"type":"string","spans":[{"offset":0,"length":8}],"confidence":0.61,
   "boundingRegions":[{"pageNumber":1,"polygon":[248,421,744,421,744,456,248,456]}]},
 "r1_i34":{"type":"selectionMark","valueSelectionMark":"selected","confidence":0.93,
   "boundingRegions":[{"pageNumber":1,"polygon":[1736,2456,1786,2456,1786,2526,1736,2526]}]},
 "Bikou2":{"type":"string","valueString":"x"}}},
 {"docType":"m:2200700-2024-12","fields":{"r1_i7":{"type":"string","valueString":"ｽｽﾞｷ ﾊﾅｺ"}}}]}}"#;

    #[test]
    fn fields_are_mapped_and_located() {
        let mut sink = Sink::new(None);
        let sheets = read(
            RESULT.as_bytes(),
            "r.json",
            Profile::default_profile(),
            &mut sink,
        );
        let codes: Vec<&str> = sink.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["OCR011"]);
        assert_eq!(sink.diagnostics[0].primary.span().line, Some(9));
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(
            (s.form.as_str(), s.version.as_deref()),
            ("2200700", Some("2024-12"))
        );
        let name = &s.fields[0];
        assert_eq!((name.record, name.item), (1, 7));
        assert_eq!(name.raw.as_deref(), Some("ﾔﾏﾀﾞ ﾀﾛｳ"), "text of the spans");
        assert_eq!(name.bbox_px, Some([248, 421, 744, 456]));
        assert_eq!(name.bbox.map(|b| (b[0] * 1000.0).round()), Some(100.0));
        assert_eq!(name.place.line, 5);
        let mark = &s.fields[1];
        assert_eq!(
            (mark.kind, mark.mark),
            (Some(FieldKind::Checkbox), Some(Mark::Selected))
        );
        let col = RESULT
            .lines()
            .nth(6)
            .unwrap()
            .find(r#""selected""#)
            .unwrap();
        assert_eq!(mark.place.line, 7);
        assert_eq!(mark.place.column as usize, col + 1);
        // The second document of the same form numbers on.
        assert_eq!(sheets[1].fields[0].record, 2);
    }

    #[test]
    fn unusable_results_are_reported() {
        for (text, line) in [
            (r#"{"status":"running"}"#, Some(1)),
            ("{\n \"analyzeResult\": {\"pages\": []}}", Some(2)),
            ("{\"a\":\n  1,,}", Some(2)),
            (
                r#"{"analyzeResult":{"documents":[{"docType":"invoice","fields":{}}]}}"#,
                Some(1),
            ),
        ] {
            let mut sink = Sink::new(None);
            let sheets = read(
                text.as_bytes(),
                "r.json",
                Profile::default_profile(),
                &mut sink,
            );
            assert!(sheets.is_empty());
            assert_eq!(sink.diagnostics.len(), 1, "{text}");
            assert_eq!(sink.diagnostics[0].code(), "OCR012");
            assert_eq!(sink.diagnostics[0].primary.span().line, line, "{text}");
        }
    }
}
