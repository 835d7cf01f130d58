//! One Azure DocumentField (or table of them) → OCR fields: the value by field type, the raw
//! text, the page and box.

use serde_json::{Map, Value};

use super::super::profile::{Profile, Target};
use super::super::{round_bbox, valid_bbox, OcrField};
use super::{escaped, units::Units, Doc, Page};
use crate::diag::registry as r;
use crate::diag::{Sink, Text};
use crate::model::ocr::{FieldKind, Mark};

/// Turns DocumentFields into OCR fields.
pub(super) struct Fields<'a> {
    pub(super) doc: &'a Doc<'a>,
    pub(super) pages: &'a [Page],
    pub(super) content: &'a str,
    /// Where the units of `content` start (built once per result).
    pub(super) units: &'a Units,
}

impl Fields<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn field(
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
                            crate::diag::redact::value(name)
                        ),
                        format!(
                            "table `{}` has no valueArray (ignored)",
                            crate::diag::redact::value(name)
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
                                office: None,
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
                    crate::diag::redact::value(name),
                    profile.name
                ),
                format!(
                    "field `{}` is not in profile `{}` (ignored)",
                    crate::diag::redact::value(name),
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
            office: target.office,
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
            out.push_str(self.units.slice(self.content, offset, length)?);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygons_flat_and_as_points() {
        let flat = serde_json::json!([2.9, 3.4, 4.6, 3.4, 4.6, 3.6, 2.9, 3.6]);
        assert_eq!(polygon(Some(&flat)), Some([2.9, 3.4, 4.6, 3.6]));
        let points = serde_json::json!([{"x": 1, "y": 2}, {"x": 3, "y": 1}]);
        assert_eq!(polygon(Some(&points)), Some([1.0, 1.0, 3.0, 2.0]));
        assert_eq!(polygon(Some(&serde_json::json!([]))), None);
        assert_eq!(polygon(Some(&serde_json::json!(["a"]))), None);
    }
}
