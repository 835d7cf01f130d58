//! A form XML (申請書XML) → one [`Record`] numbered like the form's CSV layout, through the
//! element map of its 様式ID and version (`schemas/egov/forms/`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::xml::Doc;
use crate::diag::registry as r;
use crate::diag::{Diagnostic, Sink, Text};
use crate::layout::egov::{self, ElementMap, FormMap, Group, OFFICE_SYMBOL};
use crate::layout::{Kind, Layout};
use crate::model::era::{self, Era};
use crate::model::{Field, FieldOrigin, Origin, Record};
use crate::source::charset::sjis_len;
use crate::source::kana;

/// Children of DataRoot that every form has besides its root group.
const HEADER: &[&str] = &[
    "様式ID",
    "様式バージョン",
    "STYLESHEET",
    "様式コピー情報",
    "Doctype",
];

/// The number of 事業所情報 items (SHFD order) an office block fills.
pub const OFFICE_ITEMS: usize = 12;

/// What a form XML says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormId {
    /// 様式ID.
    pub id: String,
    /// 様式バージョン, as written.
    pub version: String,
    /// The 様式ID element, for diagnostics.
    pub element: Option<usize>,
}

impl FormId {
    /// The version as a number, when it is one.
    pub fn version_number(&self) -> Option<u16> {
        self.version.trim().parse().ok()
    }
}

/// The 様式ID and version of a form XML; `None` (reported) when DataRoot or 様式ID is missing.
pub fn identify(doc: &Doc<'_>, path: &str, sink: &mut Sink) -> Option<FormId> {
    let root = doc.root()?;
    let ok = doc.get(root).is_some_and(|e| e.name == "DataRoot");
    let id_el = doc.child(root, "様式ID");
    if !ok || id_el.is_none() {
        sink.push(Diagnostic::new(
            &r::XML_STRUCTURE,
            doc.locate_element(path, root),
            Text::new(
                "申請書XMLに DataRoot > 様式ID がありません",
                "the form XML has no DataRoot > 様式ID",
            ),
        ));
        return None;
    }
    Some(FormId {
        id: doc.text_at(root, &["様式ID"]).trim().to_string(),
        version: doc.text_at(root, &["様式バージョン"]).trim().to_string(),
        element: id_el,
    })
}

/// One item's value and place while the record is assembled.
#[derive(Debug, Clone, Default)]
struct Slot {
    value: String,
    bytes: Range<usize>,
    xml_path: Option<String>,
    set: bool,
}

/// A form read into its record.
#[derive(Debug)]
pub struct FormRead {
    /// The form's record, every item of its CSV layout.
    pub record: Record,
    /// The 事業所情報 items the office block gave (SHFD order; empty strings where absent).
    pub office: Vec<String>,
    /// The line of the office block (the first office element).
    pub office_line: u32,
    /// 社会保険労務士の提出代行者名, when the form gives one.
    pub sharoushi: Option<String>,
}

/// Reads the record of a form whose element map is `map`.
pub fn read(doc: &Doc<'_>, path: &str, map: &'static FormMap, sink: &mut Sink) -> Option<FormRead> {
    let layout = map.layout()?;
    let data_root = doc.root()?;
    let Some(root) = doc.child(data_root, &map.root) else {
        sink.push(Diagnostic::new(
            &r::XML_STRUCTURE,
            doc.locate_element(path, data_root),
            Text::new(
                format!(
                    "様式 {} のルート要素 {} がありません",
                    map.form_id, map.root
                ),
                format!(
                    "the root group {} of form {} is missing",
                    map.root, map.form_id
                ),
            ),
        ));
        return None;
    };
    // Every element below the root group by its relative path (`P1_…/P1_氏名xカナ氏名`).
    let mut by_path: HashMap<String, usize> = HashMap::new();
    let mut stack: Vec<(usize, String)> = vec![(root, String::new())];
    while let Some((at, prefix)) = stack.pop() {
        for c in doc.get(at).map(|e| e.children.clone()).unwrap_or_default() {
            let Some(e) = doc.get(c) else { continue };
            let p = if prefix.is_empty() {
                e.name.clone()
            } else {
                format!("{prefix}/{}", e.name)
            };
            by_path.entry(p.clone()).or_insert(c);
            stack.push((c, p));
        }
    }
    unknown_elements(doc, path, map, data_root, root, &by_path, sink);

    let count = layout.items.len();
    let mut slots: Vec<Slot> = vec![Slot::default(); count];
    let root_start = doc.get(root).map_or(0..0, |e| e.start..e.start);
    let mut office = vec![String::new(); OFFICE_ITEMS];
    let mut office_line = 0u32;
    let mut sharoushi = None;
    let mut deferred: Vec<(&ElementMap, usize)> = Vec::new();
    for (i, e) in map.elements.iter().enumerate() {
        let Some(&at) = by_path.get(map.relative_path(i)) else {
            continue;
        };
        let Some(el) = doc.get(at) else { continue };
        if (e.office.is_some() || e.office_parts.is_some()) && office_line == 0 {
            office_line = doc.position(el.start).0;
        }
        let xml_path = Some(doc.path_of(at));
        if e.sharoushi && !el.text.trim().is_empty() {
            sharoushi = Some(el.text.trim().to_string());
        }
        match e.group {
            None => {
                if let Some(o) = e.office.and_then(|o| {
                    usize::from(o)
                        .checked_sub(1)
                        .and_then(|i| office.get_mut(i))
                }) {
                    *o = el.text.clone();
                }
                if e.office == Some(OFFICE_SYMBOL) {
                    if let Some(o) = office.get_mut(usize::from(OFFICE_SYMBOL) - 1) {
                        *o = kana::to_half(o).into_owned();
                    }
                }
                if e.alt.is_some() {
                    deferred.push((e, at));
                    continue;
                }
                let Some(no) = e.item else { continue };
                if let Some([office_no, serial]) = e.pension {
                    let v = el.text.trim();
                    if v.len() == 10 && v.bytes().all(|b| b.is_ascii_digit()) {
                        let (a, b) = v.split_at(4);
                        let c = el.content.clone();
                        let literal = c.len() == 10;
                        let split = if literal { c.start + 4 } else { c.start };
                        put(&mut slots, office_no, a, c.start..split, xml_path.clone());
                        put(&mut slots, serial, b, split..c.end, xml_path);
                        continue;
                    }
                }
                let text = model_text(layout, no, &el.text);
                put(&mut slots, no, &text, el.content.clone(), xml_path);
            }
            Some(Group::Tel) => {
                let names = child_names(e, Group::Tel);
                for (i, n) in names.iter().enumerate() {
                    let child = doc.child(at, n);
                    let text = child
                        .and_then(|c| doc.get(c))
                        .map_or("", |c| c.text.as_str());
                    if let Some(o) = e
                        .office_parts
                        .and_then(|p| p.get(i).copied())
                        .and_then(|o| {
                            usize::from(o)
                                .checked_sub(1)
                                .and_then(|i| office.get_mut(i))
                        })
                    {
                        *o = text.to_string();
                    }
                    if let (Some(no), Some(c)) = (e.parts.and_then(|p| p.get(i).copied()), child) {
                        let range = doc.get(c).map_or(0..0, |c| c.content.clone());
                        put(&mut slots, no, text, range, Some(doc.path_of(c)));
                    }
                }
            }
            Some(g @ (Group::EraYmd | Group::Ymd)) => {
                let (Some(era_no), Some(date_no)) = (e.item, e.date_item) else {
                    continue;
                };
                let names = child_names(e, g);
                let part = |i: usize| names.get(i).and_then(|n| doc.child(at, n));
                let text =
                    |c: Option<usize>| c.and_then(|c| doc.get(c)).map_or("", |c| c.text.trim());
                let (era_el, y, m, d) = match g {
                    Group::EraYmd => (part(0), part(1), part(2), part(3)),
                    _ => (None, part(0), part(1), part(2)),
                };
                let (era_value, ymd) = date_value(text(era_el), text(y), text(m), text(d));
                if era_value.is_empty() && ymd.is_empty() {
                    continue;
                }
                let era_range = era_el
                    .and_then(|c| doc.get(c))
                    .map_or(el.content.clone(), |c| c.content.clone());
                let date_range = match (y.and_then(|c| doc.get(c)), d.and_then(|c| doc.get(c))) {
                    (Some(a), Some(b)) => a.content.start..b.content.end.max(a.content.start),
                    _ => el.content.clone(),
                };
                put(&mut slots, era_no, &era_value, era_range, xml_path.clone());
                put(&mut slots, date_no, &ymd, date_range, xml_path);
            }
        }
    }
    // Old forms: one reason element for both directions, decided by which date is filled.
    for (e, at) in deferred {
        let (Some(no), Some(alt), Some(el)) = (e.item, e.alt, doc.get(at)) else {
            continue;
        };
        let present = slots
            .get(usize::from(alt.present).wrapping_sub(1))
            .is_some_and(|s| !s.value.is_empty());
        let target = if present { alt.item } else { no };
        put(
            &mut slots,
            target,
            &model_text(layout, target, &el.text),
            el.content.clone(),
            Some(doc.path_of(at)),
        );
    }
    // The 様式コード is the form's identity, not an element.
    for item in &layout.items {
        if item.kind == Kind::Fixed {
            if let (Some(v), Some(s)) = (
                &item.value,
                usize::from(item.no)
                    .checked_sub(1)
                    .and_then(|i| slots.get_mut(i)),
            ) {
                if !s.set {
                    let id_el = doc.child(data_root, "様式ID");
                    let range = id_el
                        .and_then(|i| doc.get(i))
                        .map_or(root_start.clone(), |e| e.content.clone());
                    *s = Slot {
                        value: v.clone(),
                        bytes: range,
                        xml_path: id_el.map(|i| doc.path_of(i)),
                        set: true,
                    };
                }
            }
        }
    }

    // Items with no element point at where the element would be.
    let expected: HashMap<u16, String> = map
        .elements
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let path = map.absolute_path(i);
            e.items().into_iter().map(move |no| (no, path.to_string()))
        })
        .collect();
    let mut record = Record::new(1, Some(layout));
    record.uncarried = &map.uncarried;
    let mut origins = Vec::with_capacity(count);
    for (i, s) in slots.into_iter().enumerate() {
        let no = u16::try_from(i + 1).unwrap_or(u16::MAX);
        let (bytes, xml_path) = if s.set {
            (s.bytes, s.xml_path)
        } else {
            (
                root_start.clone(),
                expected
                    .get(&no)
                    .cloned()
                    .or_else(|| Some(doc.path_of(root))),
            )
        };
        let start = record.text.len();
        record.text.push_str(&s.value);
        let (line, column) = doc.position(bytes.start);
        let (end_line, end_column) = doc.position(bytes.end);
        record.fields.push(Field {
            text: start..record.text.len(),
            bytes: bytes.start as u64..bytes.end as u64,
            sjis_len: sjis_len(&s.value),
        });
        origins.push(FieldOrigin {
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            end_column: Some(end_column),
            xml_path,
            ..FieldOrigin::default()
        });
    }
    record.origin = Origin::Xml(origins);
    Some(FormRead {
        record,
        office,
        office_line,
        sharoushi,
    })
}

/// The model's form of an element's text for item `no`: カナ items hold 半角, the CSV form, so
/// that a value means one thing whatever file it came from (e-Gov XML carries 全角カタカナ).
fn model_text<'a>(layout: &Layout, no: u16, text: &'a str) -> Cow<'a, str> {
    if layout.item(no).is_some_and(|i| i.kind.is_kana()) {
        kana::to_half(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// Sets item `no`; a value never overwrites another with nothing (two elements can feed one
/// item, as 退職年月日 and 死亡年月日 do).
fn put(slots: &mut [Slot], no: u16, value: &str, bytes: Range<usize>, xml_path: Option<String>) {
    let Some(s) = usize::from(no)
        .checked_sub(1)
        .and_then(|i| slots.get_mut(i))
    else {
        return;
    };
    if value.is_empty() && s.set && !s.value.is_empty() {
        return;
    }
    *s = Slot {
        value: value.to_string(),
        bytes,
        xml_path,
        set: true,
    };
}

fn child_names(e: &ElementMap, g: Group) -> Vec<String> {
    let prefix = e.prefix();
    g.children()
        .iter()
        .map(|c| format!("{prefix}{c}"))
        .collect()
}

/// 元号 code and YYMMDD from an XML date group.
///
/// 元号 may be the era name (e-Gov's pattern: 令和) or the CSV code (9); 年/月/日 may have a
/// leading zero or not. A four-digit 年 is a western year, and the era is derived from the date
/// (⟨g⟩ groups have no 元号 element); a group without 元号 and a short 年 is taken as 令和 \[I\].
/// Anything else is passed through as written, for the date rules to report.
pub fn date_value(era_text: &str, y: &str, m: &str, d: &str) -> (String, String) {
    if era_text.is_empty() && y.is_empty() && m.is_empty() && d.is_empty() {
        return (String::new(), String::new());
    }
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| format!("{s:0>2}"))
    };
    if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
        let date = (|| {
            chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        })();
        if let Some((code, yymmdd)) = date.and_then(era::from_date) {
            return (code.to_string(), yymmdd);
        }
    }
    let era_code = if let Some(e) = Era::by_name(era_text) {
        e.code.to_string()
    } else if era_text.is_empty() && !y.is_empty() {
        "9".to_string()
    } else {
        era_text.to_string()
    };
    let ymd = match (num(y), num(m), num(d)) {
        (Some(a), Some(b), Some(c)) => format!("{a}{b}{c}"),
        _ => format!("{y}{m}{d}"),
    };
    (era_code, ymd)
}

/// Reports elements the form's map does not know (XML006), once each.
fn unknown_elements(
    doc: &Doc<'_>,
    path: &str,
    map: &FormMap,
    data_root: usize,
    root: usize,
    by_path: &HashMap<String, usize>,
    sink: &mut Sink,
) {
    // Every path the map knows: each element's, its ancestors', and its group's children's
    // (a set: every element of the form is looked up in it).
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, e) in map.elements.iter().enumerate() {
        let base = map.relative_path(i);
        for (at, _) in base.match_indices('/') {
            known.insert(base.get(..at).unwrap_or_default().to_string());
        }
        known.insert(base.to_string());
        if let Some(g) = e.group {
            for c in child_names(e, g) {
                known.insert(format!("{base}/{c}"));
            }
        }
    }
    let mut unknown: Vec<(&String, usize)> = by_path
        .iter()
        .filter(|(p, _)| !known.contains(p.as_str()))
        .map(|(p, i)| (p, *i))
        .collect();
    // Report the outermost unknown element only, in document order.
    unknown.sort_by_key(|(_, i)| *i);
    let mut reported: Vec<&str> = Vec::new();
    for (p, i) in unknown {
        if reported.iter().any(|r| p.starts_with(&format!("{r}/"))) {
            continue;
        }
        reported.push(p);
        let name = crate::diag::redact::name(doc.get(i).map_or("", |e| e.name.as_str()));
        sink.push(Diagnostic::new(
            &r::XML_UNKNOWN_ELEMENT,
            doc.locate_element(path, i),
            Text::new(
                format!(
                    "要素 {name} は様式 {}（バージョン{}）にありません（読みません）",
                    map.form_id, map.version
                ),
                format!(
                    "element {name} is not in form {} version {} (not read)",
                    map.form_id, map.version
                ),
            ),
        ));
    }
    for c in doc
        .get(data_root)
        .map(|e| e.children.clone())
        .unwrap_or_default()
    {
        let Some(e) = doc.get(c) else { continue };
        if c != root && !HEADER.contains(&e.name.as_str()) {
            sink.push(Diagnostic::new(
                &r::XML_UNKNOWN_ELEMENT,
                doc.locate_element(path, c),
                Text::new(
                    format!(
                        "要素 {} は様式 {} にありません（読みません）",
                        e.name, map.form_id
                    ),
                    format!(
                        "element {} is not in form {} (not read)",
                        e.name, map.form_id
                    ),
                ),
            ));
        }
    }
}

/// The item (項番) the element at `xml_path` fills, if it fills one (a date group's 元号 child
/// fills the era item, its other children the date item).
pub fn item_at(map: &FormMap, xml_path: &str) -> Option<u16> {
    map.elements.iter().enumerate().find_map(|(i, e)| {
        let base = map.absolute_path(i);
        if base == xml_path {
            return e.item.or(e.parts.map(|p| p[0]));
        }
        let child = xml_path.strip_prefix(base)?.strip_prefix('/')?;
        let g = e.group?;
        let i = child_names(e, g).iter().position(|c| c == child)?;
        match g {
            Group::Tel => e.parts.and_then(|p| p.get(i).copied()),
            Group::EraYmd if i == 0 => e.item,
            Group::EraYmd | Group::Ymd => e.date_item,
        }
    })
}

/// The element map for a form, when the procedure table has one.
pub fn map_of(id: &FormId) -> Option<&'static FormMap> {
    egov::form_map(&id.id, id.version_number()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_accepted_shape() {
        let d = |e, y, m, dd| date_value(e, y, m, dd);
        assert_eq!(d("令和", "6", "12", "1"), ("9".into(), "061201".into()));
        assert_eq!(d("9", "06", "12", "01"), ("9".into(), "061201".into()));
        assert_eq!(d("昭和", "60", "4", "15"), ("5".into(), "600415".into()));
        assert_eq!(d("", "2024", "12", "5"), ("9".into(), "061205".into()));
        assert_eq!(d("", "2019", "4", "30"), ("7".into(), "310430".into()));
        assert_eq!(d("", "6", "12", "5"), ("9".into(), "061205".into()));
        assert_eq!(d("", "", "", ""), (String::new(), String::new()));
        // Passed through for the date rules.
        assert_eq!(d("R", "6", "1", "1"), ("R".into(), "060101".into()));
        assert_eq!(d("令和", "６", "1", "1"), ("9".into(), "６11".into()));
    }
}
