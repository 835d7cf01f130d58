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
//! Positions: the file is parsed whole with serde_json, and a [`spans`](super::spans) scan of the
//! `documents` subtree gives each field's byte span, turned into line:column by a
//! [`LineIndex`]. Documents of the same form are numbered on: the records of the second
//! document follow those of the first, so record numbers stay unique in the file.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::profile::{Profile, Target};
use super::spans;
use super::{round_bbox, valid_bbox, OcrField, PageSize, Place, Sheet};
use crate::diag::{Diagnostic, Location, Sink, Text};
use crate::model::ocr::{FieldKind, Mark};
use crate::rules::registry::{self as r, Rule};
use crate::source::line_index::LineIndex;

/// Reads an analyzeResult file into one sheet per mapped document.
pub fn read(bytes: &[u8], path: &str, profile: &Profile, sink: &mut Sink) -> Vec<Sheet> {
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
            let mut loc = Location::file(path);
            if let Some(start) = u32::try_from(e.line())
                .ok()
                .and_then(|l| index.line_start(l))
            {
                let at = (start + e.column().saturating_sub(1)).min(bytes.len());
                let (line, column) = index.position(bytes, at);
                loc.line = Some(line);
                loc.column = Some(column);
                loc.byte_start = Some(at as u64);
                loc.byte_end = Some(at as u64);
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
                        crate::rules::quote(status)
                    ),
                    format!(
                        "the analysis has not succeeded (status: {})",
                        crate::rules::quote(status)
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
                        crate::rules::quote(doc_type),
                        profile.name
                    ),
                    format!(
                        "docType `{}` is not in profile `{}` (the document is not read)",
                        crate::rules::quote(doc_type),
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
    fn place(&self, pointer: &str) -> Place {
        let mut p = pointer;
        loop {
            if let Some(r) = spans::find(&self.spans, p) {
                return Place::of(self.bytes, &self.index, r.clone());
            }
            match p.rfind('/') {
                Some(i) => p = p.get(..i).unwrap_or(""),
                None => return Place::of(self.bytes, &self.index, 0..0),
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

/// Turns DocumentFields into OCR fields.
struct Fields<'a> {
    doc: &'a Doc<'a>,
    pages: &'a [Page],
    content: &'a str,
    unit: &'a str,
}

impl Fields<'_> {
    #[allow(clippy::too_many_arguments)]
    fn field(
        &self,
        name: &str,
        pointer: &str,
        f: &Value,
        profile: &Profile,
        offset: u32,
        out: &mut Vec<OcrField>,
        sink: &mut Sink,
    ) {
        if let Some(table) = profile.table(name) {
            let Some(rows) = f.get("valueArray").and_then(Value::as_array) else {
                sink.push(self.doc.diag(
                    &r::OCR_UNMAPPED,
                    pointer,
                    Text::new(
                        format!(
                            "表「{}」に valueArray がありません（無視しました）",
                            crate::rules::quote(name)
                        ),
                        format!(
                            "table `{}` has no valueArray (ignored)",
                            crate::rules::quote(name)
                        ),
                    ),
                ));
                return;
            };
            for (i, row) in rows.iter().enumerate() {
                let Some(cells) = row.get("valueObject").and_then(Value::as_object) else {
                    continue;
                };
                let record = table
                    .first_record
                    .saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                for (col, cell) in cells {
                    let cp = format!("{pointer}/valueArray/{i}/valueObject/{}", escaped(col));
                    match table.column(col) {
                        Some(item) => {
                            let target = Target {
                                record,
                                item,
                                kind: None,
                            };
                            out.extend(self.leaf(&cp, cell, target, offset, sink));
                        }
                        None => self.unmapped(&format!("{name}.{col}"), &cp, profile, sink),
                    }
                }
            }
            return;
        }
        match profile.field(name) {
            Some(target) => out.extend(self.leaf(pointer, f, target, offset, sink)),
            None => self.unmapped(name, pointer, profile, sink),
        }
    }

    fn unmapped(&self, name: &str, pointer: &str, profile: &Profile, sink: &mut Sink) {
        sink.push(self.doc.diag(
            &r::OCR_UNMAPPED,
            pointer,
            Text::new(
                format!(
                    "フィールド「{}」はプロファイル「{}」にありません（無視しました）",
                    crate::rules::quote(name),
                    profile.name
                ),
                format!(
                    "field `{}` is not in profile `{}` (ignored)",
                    crate::rules::quote(name),
                    profile.name
                ),
            ),
        ));
    }

    /// One field with a value.
    fn leaf(
        &self,
        pointer: &str,
        f: &Value,
        target: Target,
        offset: u32,
        sink: &mut Sink,
    ) -> Option<OcrField> {
        let Some(m) = f.as_object() else {
            sink.push(self.doc.diag(
                &r::OCR_RESULT,
                pointer,
                Text::new(
                    "フィールドがオブジェクトではありません",
                    "the field is not an object",
                ),
            ));
            return None;
        };
        let ty = m.get("type").and_then(Value::as_str).unwrap_or("string");
        let content = m
            .get("content")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| self.spans_text(m));
        let (kind, mark, value, member) = match ty {
            "selectionMark" => {
                let mark = match m.get("valueSelectionMark").and_then(Value::as_str) {
                    Some("selected") => Mark::Selected,
                    Some("unselected") => Mark::Unselected,
                    // Absence of a detection is not an empty box; other states may be added.
                    _ => Mark::Unreadable,
                };
                (FieldKind::Checkbox, Some(mark), None, "valueSelectionMark")
            }
            "date" => (
                FieldKind::Date,
                None,
                content.clone().or_else(|| string(m, "valueDate")),
                if m.contains_key("content") {
                    "content"
                } else {
                    "valueDate"
                },
            ),
            "number" | "integer" | "currency" => {
                let n = m
                    .get("valueNumber")
                    .or_else(|| m.get("valueInteger"))
                    .and_then(Value::as_f64)
                    .map(|n| {
                        if n.fract() == 0.0 && n.abs() < 1e15 {
                            format!("{}", n as i64)
                        } else {
                            n.to_string()
                        }
                    });
                let member = if m.contains_key("valueInteger") {
                    "valueInteger"
                } else {
                    "valueNumber"
                };
                (
                    FieldKind::Number,
                    None,
                    n.or_else(|| content.clone()),
                    member,
                )
            }
            "array" | "object" => {
                sink.push(self.doc.diag(
                    &r::OCR_UNMAPPED,
                    pointer,
                    Text::new(
                        format!("{ty} 型のフィールドは表（[[table]]）としてだけ読めます（無視しました）"),
                        format!("a field of type {ty} is read only as a [[table]] (ignored)"),
                    ),
                ));
                return None;
            }
            _ => (
                FieldKind::Text,
                None,
                string(m, "valueString").or_else(|| content.clone()),
                if m.contains_key("valueString") {
                    "valueString"
                } else {
                    "content"
                },
            ),
        };
        let record = if target.record == 0 {
            0
        } else {
            target.record.saturating_add(offset)
        };
        let mut field = OcrField {
            record,
            item: target.item,
            kind: Some(target.kind.unwrap_or(kind)),
            raw: content,
            value,
            mark,
            confidence: m
                .get("confidence")
                .and_then(Value::as_f64)
                .filter(|c| (0.0..=1.0).contains(c)),
            place: self.doc.place(&format!("{pointer}/{member}")),
            ..OcrField::default()
        };
        // A choice read as a selection mark keeps its state; a choice read as text keeps its code.
        if field.kind == Some(FieldKind::Choice) && field.mark.is_none() && field.value.is_none() {
            field.mark = Some(Mark::Unreadable);
        }
        self.geometry(pointer, m, &mut field, sink);
        Some(field)
    }

    /// Page, normalised box and pixel box from the first bounding region.
    fn geometry(
        &self,
        pointer: &str,
        m: &Map<String, Value>,
        field: &mut OcrField,
        sink: &mut Sink,
    ) {
        let Some(region) = m
            .get("boundingRegions")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        else {
            return;
        };
        field.page = region
            .get("pageNumber")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok());
        let points = polygon(region.get("polygon"));
        let page = self.pages.iter().find(|p| Some(p.number) == field.page);
        let (Some(page), Some(b)) = (page, points) else {
            sink.push(self.doc.diag(
                &r::OCR_GEOMETRY,
                &format!("{pointer}/boundingRegions"),
                Text::new(
                    "枠の多角形か、そのページの大きさがありません（位置は表示しません）",
                    "no polygon, or no size of its page (the box is not shown)",
                ),
            ));
            return;
        };
        let norm = [
            b[0] / page.width,
            b[1] / page.height,
            b[2] / page.width,
            b[3] / page.height,
        ];
        if valid_bbox(norm) {
            field.bbox = Some(round_bbox(norm));
            if page.pixels {
                field.bbox_px = Some(b.map(|v| v.round().clamp(0.0, f64::from(u32::MAX)) as u32));
            }
        } else {
            sink.push(self.doc.diag(
                &r::OCR_GEOMETRY,
                &format!("{pointer}/boundingRegions"),
                Text::new(
                    "枠がページの外にあります（位置は表示しません）",
                    "the box lies outside its page (the box is not shown)",
                ),
            ));
        }
    }

    /// The text of a field's spans in `content`, when it has no `content` of its own.
    fn spans_text(&self, m: &Map<String, Value>) -> Option<String> {
        let spans = m.get("spans")?.as_array()?;
        let mut out = String::new();
        for s in spans {
            let offset = usize::try_from(s.get("offset")?.as_u64()?).ok()?;
            let length = usize::try_from(s.get("length")?.as_u64()?).ok()?;
            out.push_str(slice_units(self.content, offset, length, self.unit)?);
        }
        Some(out)
    }
}

fn string(m: &Map<String, Value>, key: &str) -> Option<String> {
    m.get(key).and_then(Value::as_str).map(str::to_string)
}

/// `[x0, y0, x1, y1]` enclosing a polygon: flat `[x1, y1, x2, y2, …]` (v3+) or `[{x, y}, …]`.
fn polygon(v: Option<&Value>) -> Option<[f64; 4]> {
    let a = v?.as_array()?;
    let mut points = Vec::new();
    if a.iter().all(Value::is_number) {
        for pair in a.chunks(2) {
            if let [x, y] = pair {
                points.push((x.as_f64()?, y.as_f64()?));
            }
        }
    } else {
        for p in a {
            points.push((p.get("x")?.as_f64()?, p.get("y")?.as_f64()?));
        }
    }
    let first = points.first()?;
    let mut b = [first.0, first.1, first.0, first.1];
    for (x, y) in &points {
        b = [b[0].min(*x), b[1].min(*y), b[2].max(*x), b[3].max(*y)];
    }
    b.iter().all(|v| v.is_finite()).then_some(b)
}

/// `content[offset .. offset + length]` in `unit`s: `unicodeCodePoint`, `utf16CodeUnit`, or
/// `textElements` (taken as code points plus the combining marks that follow them, which is what
/// a grapheme is in form text: 濁点 U+3099/U+309A, accents, variation selectors).
pub fn slice_units<'a>(
    content: &'a str,
    offset: usize,
    length: usize,
    unit: &str,
) -> Option<&'a str> {
    let mut boundaries: Vec<usize> = Vec::new();
    for (i, c) in content.char_indices() {
        let starts_unit = match unit {
            "textElements" => !is_combining(c) || i == 0,
            _ => true,
        };
        if starts_unit {
            let width = if unit == "utf16CodeUnit" {
                c.len_utf16()
            } else {
                1
            };
            for _ in 0..width {
                boundaries.push(i);
            }
        }
    }
    boundaries.push(content.len());
    let start = *boundaries.get(offset)?;
    let end = *boundaries.get(offset.checked_add(length)?)?;
    content.get(start..end)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{3099}' | '\u{309A}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{200D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_in_every_index_unit() {
        let content = "𠮷田 カ\u{3099}ン";
        assert_eq!(slice_units(content, 0, 2, "unicodeCodePoint"), Some("𠮷田"));
        assert_eq!(slice_units(content, 0, 3, "utf16CodeUnit"), Some("𠮷田"));
        assert_eq!(
            slice_units(content, 3, 2, "textElements"),
            Some("カ\u{3099}ン")
        );
        assert_eq!(
            slice_units(content, 3, 3, "unicodeCodePoint"),
            Some("カ\u{3099}ン")
        );
        assert_eq!(slice_units(content, 4, 99, "unicodeCodePoint"), None);
        // A span starting inside a surrogate pair takes the whole character.
        assert_eq!(slice_units(content, 1, 1, "utf16CodeUnit"), Some("𠮷"));
    }

    #[test]
    fn polygons_flat_and_as_points() {
        let flat = serde_json::json!([2.9, 3.4, 4.6, 3.4, 4.6, 3.6, 2.9, 3.6]);
        assert_eq!(polygon(Some(&flat)), Some([2.9, 3.4, 4.6, 3.6]));
        let points = serde_json::json!([{"x": 1, "y": 2}, {"x": 3, "y": 1}]);
        assert_eq!(polygon(Some(&points)), Some([1.0, 1.0, 3.0, 2.0]));
        assert_eq!(polygon(Some(&serde_json::json!([]))), None);
        assert_eq!(polygon(Some(&serde_json::json!(["a"]))), None);
    }

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
        assert_eq!(sink.diagnostics[0].location.line, Some(9));
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
            assert_eq!(sink.diagnostics[0].location.line, line, "{text}");
        }
    }
}
