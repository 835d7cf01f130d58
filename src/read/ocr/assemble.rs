//! From OCR fields to records: one [`Record`] per record number of a sheet, with every item of the
//! layout (empty where the OCR file has no field), so the rules see paper exactly as they see CSV.
//!
//! Here the sheet's layout is chosen (its `form_version`, or inferred from whether the template
//! reads the 資格確認書発行要否 box), fields are placed by 項番, checkbox states become item values,
//! and values are normalised (width, spaces; see [`crate::model::normalise`]).

use std::collections::BTreeMap;

use super::{OcrField, Sheet};
use crate::diag::registry as r;
use crate::diag::{Diagnostic, Label, Place, Sink, Text};
use crate::layout::{self, Item, Kind, Layout, Variant};
use crate::model::normalise;
use crate::model::ocr::{FieldKind, FieldMeta, Mark, RecordMeta};
use crate::model::{Field, FieldOrigin, Office, Origin, Record};
use crate::source::charset::sjis_len;

/// One record built from OCR fields, and what OCR said about each of its items.
#[derive(Debug, Clone)]
pub struct OcrRecord {
    /// The record, with every item of its layout.
    pub record: Record,
    /// What OCR said about each item.
    pub meta: RecordMeta,
}

/// Builds the records of a sheet; reports what cannot be placed.
pub fn records(sheet: &Sheet, path: &str, sink: &mut Sink) -> Vec<OcrRecord> {
    let Some(layout) = choose_layout(sheet, path, sink) else {
        return Vec::new();
    };
    // Fields by (record, item); the first of two for the same place wins, the second is reported.
    let mut placed: BTreeMap<(u32, u16), &OcrField> = BTreeMap::new();
    // The 事業所 block is no item of a record: see [`office`].
    for f in sheet.fields.iter().filter(|f| f.office.is_none()) {
        if layout.item(f.item).is_none() {
            sink.push(Diagnostic::new(
                &r::OCR_ADDRESS,
                located(f, path),
                Text::new(
                    format!(
                        "様式{}（{}）に項番{}はありません（{}項目。使用しません）",
                        layout.form,
                        layout.version,
                        f.item,
                        layout.items.len()
                    ),
                    format!(
                        "form {} ({}) has no item {} ({} items; not used)",
                        layout.form,
                        layout.version,
                        f.item,
                        layout.items.len()
                    ),
                ),
            ));
            continue;
        }
        match placed.get(&(f.record, f.item)) {
            Some(first) => {
                let mut first_loc = first.place.location(path);
                first_loc.set_page(first.page, first.bbox, None);
                sink.push(
                    Diagnostic::new(
                        &r::OCR_ADDRESS,
                        located(f, path),
                        Text::new(
                            format!(
                                "レコード{}の項番{}が2回あります（最初の値を使用します）",
                                f.record, f.item
                            ),
                            format!(
                                "item {} of record {} is given twice (the first is used)",
                                f.item, f.record
                            ),
                        ),
                    )
                    .with_label(Label {
                        place: first_loc,
                        message: Text::new("最初の値", "first given here"),
                        snippet: None,
                    }),
                );
            }
            None => {
                placed.insert((f.record, f.item), f);
            }
        }
    }
    let numbers: Vec<u32> = {
        let mut n: Vec<u32> = placed.keys().map(|(r, _)| *r).filter(|r| *r > 0).collect();
        n.dedup();
        n
    };
    if numbers.is_empty() {
        let mut loc = sheet.place.location(path);
        loc.set_page(sheet.pages.first().map(|p| p.page), None, None);
        sink.push(Diagnostic::new(
            &r::OCR_HEADER,
            loc,
            Text::new(
                "記載のあるレコード（record 1以上）がありません",
                "no person on the sheet (no field with record 1 or more)",
            ),
        ));
        return Vec::new();
    }
    numbers
        .into_iter()
        .map(|n| build(layout, n, &placed))
        .collect()
}

/// The items of the SHFD 事業所情報 record: name, and the kind of value a box holds.
const OFFICE_ITEMS: [(&str, &str, Kind); 12] = [
    ("都道府県コード", "prefecture code", Kind::Digits),
    ("郡市区符号", "district code", Kind::Digits),
    ("事業所記号", "office symbol", Kind::OfficeSymbol),
    ("事業所番号", "office number", Kind::Digits),
    ("郵便番号（親）", "postcode (first part)", Kind::Digits),
    ("郵便番号（子）", "postcode (second part)", Kind::Digits),
    ("事業所所在地", "office address", Kind::Kanji),
    ("事業所名称", "office name", Kind::Kanji),
    ("事業主氏名", "employer's name", Kind::Kanji),
    (
        "電話番号（市外局番）",
        "telephone (area code)",
        Kind::Digits,
    ),
    ("電話番号（局番）", "telephone (exchange)", Kind::Digits),
    ("電話番号（番号）", "telephone (number)", Kind::Digits),
];

/// The 事業所情報 of a sheet from its `office` fields (SHFD order, 12 items), or `None` when the
/// sheet has none. Misaddressed fields are reported (OCR003), normalised values said (OCR008).
pub fn office(sheet: &Sheet, path: &str, sink: &mut Sink) -> Option<Office> {
    let mut placed: Vec<Option<&OcrField>> = vec![None; OFFICE_ITEMS.len()];
    for f in &sheet.fields {
        let Some(n) = f.office else { continue };
        let slot = usize::from(n)
            .checked_sub(1)
            .and_then(|i| placed.get_mut(i))
            .filter(|_| f.record == 0);
        let problem = match slot {
            Some(Some(_)) => Some(Text::new(
                format!("事業所情報の項番{n}が2回あります（最初の値を使用します）"),
                format!("office item {n} is given twice (the first is used)"),
            )),
            Some(slot) => {
                *slot = Some(f);
                None
            }
            None if f.record != 0 => Some(Text::new(
                format!("事業所欄（office {n}）はレコード0（用紙全体）に置きます（使用しません）"),
                format!(
                    "an office field (office {n}) belongs on record 0, the whole sheet (not used)"
                ),
            )),
            None => Some(Text::new(
                format!(
                    "事業所情報に項番{n}はありません（1〜{}。使用しません）",
                    OFFICE_ITEMS.len()
                ),
                format!(
                    "the 事業所情報 record has no item {n} (1–{}; not used)",
                    OFFICE_ITEMS.len()
                ),
            )),
        };
        if let Some(text) = problem {
            sink.push(Diagnostic::new(&r::OCR_ADDRESS, located(f, path), text));
        }
    }
    let first = placed.iter().flatten().min_by_key(|f| f.place.line)?;
    let line = first.place.line;
    let items = placed
        .iter()
        .zip(OFFICE_ITEMS)
        .enumerate()
        .map(|(i, (f, (ja, en, kind)))| {
            let Some(f) = f else {
                return String::new();
            };
            let given = f
                .value
                .clone()
                .or_else(|| f.raw.clone())
                .unwrap_or_default();
            let (value, steps) = normalise::normalise_kind(kind, &given);
            if !steps.is_empty() {
                let mut loc = located(f, path);
                loc.set_item(None);
                sink.push(Diagnostic::new(
                    &r::OCR_NORMALISED,
                    loc,
                    Text::new(
                        format!(
                            "事業所情報 第{}項目 {ja}: 「{}」→「{}」",
                            i + 1,
                            crate::diag::redact::value(&given),
                            crate::diag::redact::value(&value)
                        ),
                        format!(
                            "office item {} ({en}): `{}` → `{}`",
                            i + 1,
                            crate::diag::redact::value(&given),
                            crate::diag::redact::value(&value)
                        ),
                    ),
                ));
            }
            value
        })
        .collect();
    Some(Office { line, items })
}

/// The field's place as a diagnostic location, with its page and box.
fn located(f: &OcrField, path: &str) -> Place {
    let mut loc = f.place.location(path);
    loc.set_record(Some(f.record));
    loc.set_item(item_ref(f.item));
    loc.set_page(f.page, f.bbox, f.bbox_px);
    loc
}

/// An OCR field's item (0 is none: a field of the 事業所 block). The layout's name is not given:
/// the OCR address is what the file said, before it is matched to a layout.
pub(crate) fn item_ref(no: u16) -> Option<crate::diag::ItemRef> {
    (no > 0).then_some(crate::diag::ItemRef { no, name: None })
}

/// The layout of the sheet: its version when given, else inferred from the template.
fn choose_layout(sheet: &Sheet, path: &str, sink: &mut Sink) -> Option<&'static Layout> {
    let (all, _) = layout::all();
    let candidates: Vec<&'static Layout> = all
        .iter()
        .copied()
        .filter(|l| l.form == sheet.form && l.variant == Variant::Shfd)
        .collect();
    let header_loc = || sheet.place.location(path);
    if candidates.is_empty() {
        sink.push(Diagnostic::new(
            &r::OCR_HEADER,
            header_loc(),
            Text::new(
                format!(
                    "様式コード「{}」の様式定義がありません",
                    crate::diag::redact::value(&sheet.form)
                ),
                format!(
                    "no layout for form `{}`",
                    crate::diag::redact::value(&sheet.form)
                ),
            ),
        ));
        return None;
    }
    if let Some(v) = &sheet.version {
        let found = candidates.iter().copied().find(|l| &l.version == v);
        if found.is_none() {
            let known: Vec<&str> = candidates.iter().map(|l| l.version.as_str()).collect();
            sink.push(Diagnostic::new(
                &r::OCR_HEADER,
                header_loc(),
                Text::new(
                    format!(
                        "様式{}に版「{}」はありません（{}）",
                        sheet.form,
                        crate::diag::redact::value(v),
                        known.join("、")
                    ),
                    format!(
                        "form {} has no version `{}` ({})",
                        sheet.form,
                        crate::diag::redact::value(v),
                        known.join(", ")
                    ),
                ),
            ));
        }
        return found;
    }
    let newest = candidates
        .iter()
        .copied()
        .filter(|l| !l.old_format)
        .max_by_key(|l| l.items.len());
    let old = candidates.iter().copied().find(|l| l.old_format);
    let (Some(new), Some(old)) = (newest, old) else {
        // One revision only: nothing to infer.
        return candidates.first().copied();
    };
    let reads_box = sheet
        .fields
        .iter()
        .any(|f| new.index.certificates.contains(&f.item));
    let (chosen, ja, en) = if reads_box {
        (
            new,
            format!(
                "form_version がありません。資格確認書発行要否欄を読み取っているため新様式（{}）として検査します",
                new.version
            ),
            format!(
                "no form_version: the template reads the certificate box, so the sheet is checked as the new form ({})",
                new.version
            ),
        )
    } else {
        (
            old,
            format!(
                "form_version がありません。資格確認書発行要否欄がないため旧様式（{}）として検査します",
                old.version
            ),
            format!(
                "no form_version: the template has no certificate box, so the sheet is checked as the old form ({})",
                old.version
            ),
        )
    };
    sink.push(Diagnostic::new(
        &r::OCR_VERSION_INFERRED,
        header_loc(),
        Text::new(ja, en),
    ));
    Some(chosen)
}

/// One record with every item of the layout; sheet-wide fields (record 0) fill the items the
/// record does not give itself.
fn build(
    layout: &'static Layout,
    number: u32,
    placed: &BTreeMap<(u32, u16), &OcrField>,
) -> OcrRecord {
    let mut record = Record::new(number, Some(layout));
    let mut origins = Vec::with_capacity(layout.items.len());
    let mut meta = RecordMeta {
        fields: Vec::with_capacity(layout.items.len()),
        first_of_sheet: false,
    };
    for item in &layout.items {
        let own = placed.get(&(number, item.no));
        let shared = placed.get(&(0, item.no));
        let start = record.text.len();
        match own.or(shared) {
            Some(f) => {
                let (given, unreadable) = given_value(f, item);
                let (value, normalised) = normalise::normalise(item, &given);
                record.text.push_str(&value);
                record.fields.push(Field {
                    text: start..record.text.len(),
                    bytes: f.place.bytes.clone(),
                    sjis_len: sjis_len(&value),
                });
                origins.push(FieldOrigin {
                    line: Some(f.place.line),
                    column: Some(f.place.column),
                    end_line: Some(f.place.end_line),
                    end_column: Some(f.place.end_column),
                    xml_path: None,
                    page: f.page,
                    bbox: f.bbox,
                    bbox_px: f.bbox_px,
                });
                meta.fields.push(Some(FieldMeta {
                    kind: f.kind.unwrap_or(FieldKind::Text),
                    confidence: f.confidence,
                    char_conf: f.char_conf.clone(),
                    candidates: f.candidates.clone(),
                    reviewed: f.reviewed,
                    mark: f.mark,
                    unreadable,
                    raw: f.raw.clone(),
                    given,
                    normalised,
                    shared: own.is_none(),
                }));
            }
            None => {
                // The 様式コード has no box on paper: the form is the sheet's.
                if item.kind == Kind::Fixed {
                    record.text.push_str(item.value.as_deref().unwrap_or(""));
                }
                record.fields.push(Field {
                    text: start..record.text.len(),
                    bytes: 0..0,
                    sjis_len: sjis_len(record.text.get(start..).unwrap_or("")),
                });
                origins.push(FieldOrigin::default());
                meta.fields.push(None);
            }
        }
    }
    record.origin = Origin::Ocr(origins);
    OcrRecord { record, meta }
}

/// The value a field gives its item, and whether it could not be read.
fn given_value(f: &OcrField, item: &Item) -> (String, bool) {
    let text = || {
        f.value
            .clone()
            .or_else(|| f.raw.clone())
            .unwrap_or_default()
    };
    match f.kind {
        Some(FieldKind::Checkbox) => match f.mark {
            Some(Mark::Selected) => {
                let v = f.value.clone().unwrap_or_default();
                // A ticked box means `1` (flag items); a template may give another code.
                (if v.is_empty() { "1".to_string() } else { v }, false)
            }
            Some(Mark::Unselected) => (String::new(), false),
            Some(Mark::Unreadable) | None => (String::new(), true),
        },
        Some(FieldKind::Choice) => match f.mark {
            Some(Mark::Unreadable) => (String::new(), true),
            Some(Mark::Unselected) => (String::new(), false),
            _ if f.value.is_none() && rejected(f) => (String::new(), true),
            _ => (text(), false),
        },
        _ => {
            if f.value.is_none() && rejected(f) {
                (String::new(), true)
            } else if item.kind == Kind::Empty && f.value.is_none() && f.raw.is_none() {
                (String::new(), false)
            } else {
                (text(), false)
            }
        }
    }
}

/// The engine gave up on the text (`status` `rejected` or `unreadable_chars`).
fn rejected(f: &OcrField) -> bool {
    matches!(
        f.status.as_deref(),
        Some("rejected" | "unreadable_chars" | "unreadable")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::ocr::Spot;

    fn field(record: u32, item: u16, kind: FieldKind, value: &str) -> OcrField {
        OcrField {
            record,
            item,
            kind: Some(kind),
            value: Some(value.to_string()),
            page: Some(1),
            bbox: Some([0.1, 0.1, 0.2, 0.2]),
            place: Spot {
                bytes: 10..20,
                line: u32::from(item) + 1,
                column: 5,
                end_line: u32::from(item) + 1,
                end_column: 9,
            },
            ..OcrField::default()
        }
    }

    fn sheet(version: Option<&str>, fields: Vec<OcrField>) -> Sheet {
        Sheet {
            form: "2200700".into(),
            version: version.map(str::to_string),
            fields,
            ..Sheet::default()
        }
    }

    #[test]
    fn records_have_every_item_and_shared_fields() {
        let mut boxed = field(2, 34, FieldKind::Checkbox, "");
        boxed.value = None;
        boxed.mark = Some(Mark::Selected);
        let s = sheet(
            Some("2024-12"),
            vec![
                field(0, 2, FieldKind::Number, "２１"),
                field(1, 7, FieldKind::Text, "ヤマダ　タロウ"),
                field(2, 7, FieldKind::Text, "ｽｽﾞｷ ﾊﾅｺ"),
                boxed,
            ],
        );
        let mut sink = Sink::new(None);
        let recs = records(&s, "scan.jsonl", &mut sink);
        assert_eq!(sink.total(), 0);
        assert_eq!(recs.len(), 2);
        let first = &recs[0].record;
        assert_eq!(first.fields.len(), 34);
        assert_eq!(first.value(1), "2200700");
        assert_eq!(first.value(2), "21");
        assert_eq!(first.value(7), "ﾔﾏﾀﾞ ﾀﾛｳ");
        assert!(recs[0].meta.get(2).is_some_and(|m| m.shared));
        assert_eq!(recs[1].record.value(34), "1");
        assert!(recs[0].meta.certificate_unknown(34));
        assert!(!recs[1].meta.certificate_unknown(34));
        let (loc, _) = first.locate("scan.jsonl", Some(7));
        assert_eq!(
            (loc.span().line, loc.span().column, loc.page()),
            (Some(8), Some(5), Some(1))
        );
        let (missing, _) = first.locate("scan.jsonl", Some(20));
        assert_eq!(
            (missing.span().line, missing.span().byte_start),
            (None, None)
        );
    }

    #[test]
    fn version_is_inferred_from_the_certificate_box() {
        let mut sink = Sink::new(None);
        let old = records(
            &sheet(None, vec![field(1, 7, FieldKind::Text, "ﾔﾏﾀﾞ ﾀﾛｳ")]),
            "s",
            &mut sink,
        );
        assert_eq!(
            old[0].record.layout.map(|l| l.name.as_str()),
            Some("2200700-2019-05")
        );
        assert_eq!(sink.diagnostics[0].code(), "OCR004");
        let mut boxed = field(1, 34, FieldKind::Checkbox, "");
        boxed.mark = Some(Mark::Unselected);
        let new = records(&sheet(None, vec![boxed]), "s", &mut sink);
        assert_eq!(
            new[0].record.layout.map(|l| l.name.as_str()),
            Some("2200700-2024-12")
        );
    }

    #[test]
    fn misplaced_fields_are_reported() {
        let mut sink = Sink::new(None);
        let recs = records(
            &sheet(
                Some("2019-05"),
                vec![
                    field(1, 7, FieldKind::Text, "ﾔﾏﾀﾞ ﾀﾛｳ"),
                    field(1, 7, FieldKind::Text, "ﾔﾏﾀﾞ ﾀﾛ"),
                    field(1, 34, FieldKind::Checkbox, ""),
                ],
            ),
            "s",
            &mut sink,
        );
        let codes: Vec<&str> = sink.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["OCR003", "OCR003"]);
        assert_eq!(recs[0].record.value(7), "ﾔﾏﾀﾞ ﾀﾛｳ");
        assert_eq!(sink.diagnostics[0].secondary.len(), 1);
        let mut sink = Sink::new(None);
        assert!(records(&sheet(Some("2030-01"), vec![]), "s", &mut sink).is_empty());
        assert_eq!(sink.diagnostics[0].code(), "OCR002");
    }
}
