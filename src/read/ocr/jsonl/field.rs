//! One field line of an ocr-fields/1 file: its members, each checked for its type and reported
//! at its own column when it is wrong.

use super::members::{Json, Members};

use super::super::{round_bbox, valid_bbox, OcrField};
use super::Line;
use crate::diag::registry as r;
use crate::diag::{Sink, Text};
use crate::model::ocr::{Candidate, FieldKind, Mark};

/// Reads one field line; `None` when it cannot be placed (no record or item).
pub(super) fn field(line: &Line<'_>, m: &Members<'_>, sink: &mut Sink) -> Option<OcrField> {
    let mut f = OcrField::default();
    let fail = |sink: &mut Sink, member: &str, ja: &str, en: &str| {
        let present = m.contains_key(member);
        sink.push(line.diag(
            &r::OCR_LINE,
            present.then_some(member),
            Text::new(
                format!(
                    "{member}: {ja}{}",
                    if present { "" } else { "（ありません）" }
                ),
                format!("{member}: {en}{}", if present { "" } else { " (missing)" }),
            ),
        ));
    };
    let record = m
        .get("record")
        .and_then(Json::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    let item = m
        .get("item")
        .and_then(Json::as_u64)
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| *n >= 1);
    if record.is_none() {
        fail(
            sink,
            "record",
            "レコード番号（0以上の整数）が必要です",
            "a record number (integer, 0 or more) is required",
        );
    }
    // A box of the 事業所 block is addressed by `office` (項番 of the 事業所情報 record) instead.
    let office = m.get("office").filter(|v| !v.is_null()).map(|v| {
        v.as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| *n >= 1)
    });
    match office {
        Some(None) => fail(
            sink,
            "office",
            "事業所情報の項番（1〜12の整数）です",
            "the item number of the 事業所情報 record (integer, 1–12)",
        ),
        Some(Some(_)) if m.contains_key("item") => fail(
            sink,
            "item",
            "office と item はどちらか一方だけを指定します",
            "give either `office` or `item`, not both",
        ),
        Some(Some(_)) => {}
        None if item.is_none() => fail(
            sink,
            "item",
            "項番（1以上の整数）が必要です（事業所欄は office）",
            "an item number (項番, integer from 1) is required (`office` for the 事業所 block)",
        ),
        None => {}
    }
    f.kind = m
        .get("type")
        .and_then(Json::as_str)
        .and_then(FieldKind::parse);
    if f.kind.is_none() {
        fail(
            sink,
            "type",
            "text / date / number / checkbox / choice のいずれかです",
            "one of text, date, number, checkbox, choice",
        );
    }
    let string = |k: &str| -> Result<Option<String>, ()> {
        match m.get(k) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.to_string())),
            Some(_) => Err(()),
        }
    };
    for (k, slot) in [
        ("raw", &mut f.raw),
        ("value", &mut f.value),
        ("status", &mut f.status),
        ("label", &mut f.label),
    ] {
        match string(k) {
            Ok(v) => *slot = v,
            Err(()) => fail(sink, k, "文字列か null です", "a string or null"),
        }
    }
    match m.get("state") {
        None | Some(Json::Null) => {
            if f.kind == Some(FieldKind::Checkbox) {
                fail(
                    sink,
                    "state",
                    "チェック欄には state（selected / unselected / unreadable）が必要です",
                    "a checkbox needs `state` (selected, unselected, unreadable)",
                );
                f.mark = Some(Mark::Unreadable);
            }
        }
        Some(v) => match v.as_str().and_then(Mark::parse) {
            Some(mark) => f.mark = Some(mark),
            None => {
                fail(
                    sink,
                    "state",
                    "selected / unselected / unreadable のいずれかです",
                    "one of selected, unselected, unreadable",
                );
                f.mark = Some(Mark::Unreadable);
            }
        },
    }
    // A choice may say only `state` (unreadable, or no circle at all).
    if f.kind.is_some_and(|k| k != FieldKind::Checkbox)
        && f.mark.is_none()
        && !m.contains_key("value")
        && !m.contains_key("raw")
    {
        fail(
            sink,
            "value",
            "value か raw が必要です（読めない場合は null と status）",
            "`value` or `raw` is required (null plus `status` when unreadable)",
        );
    }
    match m.get("confidence") {
        None | Some(Json::Null) => {}
        Some(v) => match v.as_f64().filter(|c| (0.0..=1.0).contains(c)) {
            Some(c) => f.confidence = Some(c),
            None => fail(
                sink,
                "confidence",
                "0〜1の数値か null です",
                "a number from 0 to 1, or null",
            ),
        },
    }
    match m.get("char_conf") {
        None | Some(Json::Null) => {}
        Some(Json::Array(a)) => {
            let c: Option<Vec<f64>> = a
                .iter()
                .map(|v| v.as_f64().filter(|c| (0.0..=1.0).contains(c)))
                .collect();
            match c {
                Some(c) => f.char_conf = c,
                None => fail(
                    sink,
                    "char_conf",
                    "0〜1の数値の配列です",
                    "an array of numbers from 0 to 1",
                ),
            }
        }
        Some(_) => fail(
            sink,
            "char_conf",
            "0〜1の数値の配列です",
            "an array of numbers from 0 to 1",
        ),
    }
    match m.get("candidates") {
        None | Some(Json::Null) => {}
        Some(Json::Array(a)) => {
            for c in a {
                let cand = match c {
                    Json::String(s) => Some(Candidate {
                        value: s.to_string(),
                        confidence: None,
                    }),
                    Json::Object(o) => o.get("value").and_then(Json::as_str).map(|v| Candidate {
                        value: v.to_string(),
                        confidence: o.get("confidence").and_then(Json::as_f64),
                    }),
                    _ => None,
                };
                match cand {
                    Some(c) => f.candidates.push(c),
                    None => fail(
                        sink,
                        "candidates",
                        "各候補は {\"value\": 文字列, \"confidence\": 数値} です",
                        "each candidate is {\"value\": string, \"confidence\": number}",
                    ),
                }
            }
        }
        Some(_) => fail(sink, "candidates", "配列です", "an array"),
    }
    match m.get("reviewed") {
        None | Some(Json::Null) => {}
        Some(Json::Bool(b)) => f.reviewed = *b,
        Some(_) => fail(sink, "reviewed", "true か false です", "true or false"),
    }
    // `origin` is the vendor's own trail (format, pointer, line, col): kept in the file, not read.
    if m.get("origin")
        .is_some_and(|o| !o.is_object() && !o.is_null())
    {
        fail(
            sink,
            "origin",
            "オブジェクトか null です",
            "an object or null",
        );
    }
    f.page = m
        .get("page")
        .and_then(Json::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n >= 1);
    if f.page.is_none() {
        fail(
            sink,
            "page",
            "ページ番号（1から）が必要です",
            "a page number (from 1) is required",
        );
    }
    match numbers4(m.get("bbox")) {
        Some(b) if valid_bbox(b) => f.bbox = Some(round_bbox(b)),
        Some(_) => sink.push(line.diag(
            &r::OCR_GEOMETRY,
            Some("bbox"),
            Text::new(
                "bbox は0〜1の正規化座標 [x0, y0, x1, y1]（x0 ≤ x1、y0 ≤ y1）です（位置は表示しません）",
                "bbox is normalised [x0, y0, x1, y1] in 0–1 with x0 ≤ x1, y0 ≤ y1 (the box is not shown)",
            ),
        )),
        None => fail(
            sink,
            "bbox",
            "4つの数値 [x0, y0, x1, y1] が必要です",
            "four numbers [x0, y0, x1, y1] are required",
        ),
    }
    if let Some(px) = numbers4(m.get("bbox_px")) {
        let plausible =
            |v: &f64| v.is_finite() && *v >= 0.0 && *v <= f64::from(crate::diag::Place::MAX_PIXEL);
        if px.iter().all(plausible) && px[0] <= px[2] && px[1] <= px[3] {
            f.bbox_px = Some(px.map(|v| v.round().min(f64::from(u32::MAX)) as u32));
        } else {
            sink.push(line.diag(
                &r::OCR_GEOMETRY,
                Some("bbox_px"),
                Text::new(
                    "bbox_px は画素の [x0, y0, x1, y1]（0以上100万以下、x0 ≤ x1、y0 ≤ y1）です",
                    "bbox_px is [x0, y0, x1, y1] in pixels (0 to 1,000,000, x0 ≤ x1, y0 ≤ y1)",
                ),
            ));
        }
    } else if m.get("bbox_px").is_some_and(|v| !v.is_null()) {
        fail(
            sink,
            "bbox_px",
            "4つの数値の配列です",
            "an array of four numbers",
        );
    }
    let value_member =
        if f.kind == Some(FieldKind::Checkbox) || f.value.is_none() && f.mark.is_some() {
            "state"
        } else if m.get("value").is_some_and(|v| !v.is_null()) || !m.contains_key("raw") {
            "value"
        } else {
            "raw"
        };
    f.place = line.place(Some(value_member).filter(|k| m.contains_key(k)));
    f.record = record?;
    match office {
        Some(n) if !m.contains_key("item") => {
            f.office = Some(n?);
            f.item = 0;
        }
        Some(_) => return None,
        None => f.item = item?,
    }
    Some(f)
}

fn numbers4(v: Option<&Json<'_>>) -> Option<[f64; 4]> {
    let a = v?.as_array()?;
    if a.len() != 4 {
        return None;
    }
    let mut out = [0.0; 4];
    for (o, v) in out.iter_mut().zip(a) {
        *o = v.as_f64()?;
    }
    Some(out)
}
