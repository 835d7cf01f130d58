//! [`Record`]: one form record (one CSV data line, one XML form, one OCR form row) as decoded
//! text plus the place of every item in its source.
//!
//! Records are reused by the readers: the text buffer and field vector keep their capacity from
//! one record to the next, so reading allocates nothing per field.

use std::ops::Range;

use crate::diag::redact::{self, Class};
use crate::diag::registry::Rule;
use crate::diag::{Diagnostic, ItemRef, Place, PlaceKind, RecordId, Snippet, Span, Text};
use crate::layout::{Layout, Sensitive};
use crate::source::char_column;

/// One item's value and place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Field {
    /// Byte range of the decoded value in [`Record::text`].
    pub text: Range<usize>,
    /// Byte range in the original source file.
    pub bytes: Range<u64>,
    /// Length in Shift_JIS bytes (what layout widths count).
    pub sjis_len: usize,
}

/// Where each item of a record came from, beyond its byte range.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A CSV line: `text` is the decoded line, items separated by `,`.
    CsvLine {
        /// The 1-based line of the file.
        line: u32,
    },
    /// Items from the elements of an XML form, one entry per field.
    Xml(Vec<FieldOrigin>),
    /// Items from the boxes of a scanned page read by OCR, one entry per field.
    Ocr(Vec<FieldOrigin>),
}

impl Origin {
    /// The place of each item, for records whose items do not share a line.
    pub fn per_field(&self) -> Option<&[FieldOrigin]> {
        match self {
            Origin::CsvLine { .. } => None,
            Origin::Xml(o) | Origin::Ocr(o) => Some(o),
        }
    }

    /// The shape of the source, for places.
    pub fn kind(&self) -> PlaceKind {
        match self {
            Origin::CsvLine { .. } => PlaceKind::Csv,
            Origin::Xml(_) => PlaceKind::Xml,
            Origin::Ocr(_) => PlaceKind::Ocr,
        }
    }
}

/// Where an item was, in a few numbers: kept by rules that point back at an earlier record
/// (the first of two duplicate My Numbers) without keeping the record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemPosition {
    /// The shape of the source.
    pub kind: PlaceKind,
    /// The record's number, as shown.
    pub record: u32,
    /// 項番.
    pub item: u16,
    /// Byte range of the value in the file (start, end).
    pub bytes: (u64, u64),
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based character column.
    pub column: Option<u32>,
    /// The scanned page (OCR).
    pub page: Option<u32>,
    /// The box on the page (OCR, page units).
    pub bbox: Option<[f64; 4]>,
}

impl ItemPosition {
    /// The place in `path` (line, start column, bytes, record, item; page and box on paper).
    pub fn place(&self, path: &str, item_name: Option<&'static str>) -> Place {
        let span = Span {
            byte_start: Some(self.bytes.0),
            byte_end: Some(self.bytes.1),
            line: self.line,
            end_line: self.line,
            column: self.column,
            end_column: None,
        };
        let mut p = Place::at(self.kind, path, span);
        p.set_record(Some(self.record));
        p.set_item(Some(ItemRef {
            no: self.item,
            name: item_name,
        }));
        p.set_page(self.page, self.bbox, None);
        p
    }
}

/// The place of one item that does not sit on a shared line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldOrigin {
    /// 1-based line where the value starts.
    pub line: Option<u32>,
    /// 1-based character column where the value starts.
    pub column: Option<u32>,
    /// 1-based line where the value ends.
    pub end_line: Option<u32>,
    /// The character column after the value.
    pub end_column: Option<u32>,
    /// The element's path (`/DataRoot/…/被保険者氏名`), for XML.
    pub xml_path: Option<String>,
    /// The scanned page (OCR).
    pub page: Option<u32>,
    /// The box on the page, in the page's units (OCR).
    pub bbox: Option<[f64; 4]>,
    /// The box in pixels, when the page size is known (OCR).
    pub bbox_px: Option<[u32; 4]>,
}

/// One form record.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based number within `[data]` (CSV) or within the file (XML, OCR), as shown.
    pub number: u32,
    /// Which record this is in the run (unique, unlike `number`); `None` for a line that is no
    /// form record (a CSV header line read into a record to check its items).
    pub id: Option<RecordId>,
    /// The layout the record was read with; `None` when it matched none.
    pub layout: Option<&'static Layout>,
    /// The decoded text the fields index into (a CSV line, or the values of XML/OCR fields).
    pub text: String,
    /// Each item, by 項番 − 1.
    pub fields: Vec<Field>,
    /// Where the items came from.
    pub origin: Origin,
    /// Items the record's source format has no place for (the e-Gov 資格取得届 has no 住所(カナ)
    /// element): they are empty because they cannot be written, and are never required.
    pub uncarried: &'static [u16],
    /// `text` with personal numbers masked, worked out on the first snippet of the record. A
    /// reader that changes `text` or `fields` must call [`Record::clear`] first.
    redacted: std::cell::OnceCell<String>,
}

impl Default for Record {
    fn default() -> Record {
        Record {
            number: 0,
            id: None,
            layout: None,
            text: String::new(),
            fields: Vec::new(),
            origin: Origin::CsvLine { line: 0 },
            uncarried: &[],
            redacted: std::cell::OnceCell::new(),
        }
    }
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.number == other.number
            && self.id == other.id
            && self.layout == other.layout
            && self.text == other.text
            && self.fields == other.fields
            && self.origin == other.origin
    }
}

impl Record {
    /// An empty record numbered `number`, for `layout`.
    pub fn new(number: u32, layout: Option<&'static Layout>) -> Record {
        Record {
            number,
            layout,
            ..Record::default()
        }
    }

    /// Empties the record for reuse, keeping the buffers' capacity.
    pub fn clear(&mut self) {
        self.id = None;
        self.text.clear();
        self.fields.clear();
        self.layout = None;
        self.uncarried = &[];
        self.redacted = std::cell::OnceCell::new();
    }

    /// The value of item `no` (項番, 1-based); empty when the record has no such item.
    pub fn value(&self, no: u16) -> &str {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.fields.get(i))
            .and_then(|f| self.text.get(f.text.clone()))
            .unwrap_or("")
    }

    /// True when item `no` holds a value.
    pub fn is_present(&self, no: u16) -> bool {
        !self.value(no).is_empty()
    }

    /// Item `no` (項番), when the record has it.
    pub fn field(&self, no: u16) -> Option<&Field> {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.fields.get(i))
    }

    /// The 様式コード (item 1).
    pub fn form_code(&self) -> &str {
        self.value(1)
    }

    /// The source line of a CSV record.
    pub fn line(&self) -> Option<u32> {
        match self.origin {
            Origin::CsvLine { line } => Some(line),
            Origin::Xml(_) | Origin::Ocr(_) => None,
        }
    }

    /// Where item `no` is, in a few numbers (see [`ItemPosition`]).
    pub fn item_position(&self, no: u16) -> ItemPosition {
        let bytes = self
            .field(no)
            .map_or((0, 0), |f| (f.bytes.start, f.bytes.end));
        let origin = self
            .origin
            .per_field()
            .and_then(|o| usize::from(no).checked_sub(1).and_then(|i| o.get(i)));
        ItemPosition {
            kind: self.origin.kind(),
            record: self.number,
            item: no,
            bytes,
            line: origin.and_then(|o| o.line).or(self.line()),
            column: origin.and_then(|o| o.column),
            page: origin.and_then(|o| o.page),
            bbox: origin.and_then(|o| o.bbox),
        }
    }

    /// The place of item `no` (or of the whole record when `no` is `None`), with a redacted
    /// snippet of the source line when the record is a CSV line.
    pub fn locate(&self, path: &str, no: Option<u16>) -> (Place, Option<Snippet>) {
        let field = no.and_then(|n| self.field(n));
        let item = no.map(|n| ItemRef {
            no: n,
            name: self.layout.and_then(|l| l.item(n)).map(|i| i.name.as_str()),
        });
        let (text_range, byte_range) = match field {
            Some(f) => (f.text.clone(), f.bytes.clone()),
            None => {
                let start = self.fields.first().map_or(0, |f| f.bytes.start);
                let end = self.fields.last().map_or(start, |f| f.bytes.end);
                (0..self.text.len(), start..end)
            }
        };
        let mut span = Span::default().with_bytes(byte_range.start, byte_range.end);
        let mut place = Place::new(self.origin.kind(), path);
        place.set_record(Some(self.number));
        place.set_item(item);
        let snippet = match &self.origin {
            Origin::CsvLine { line } => {
                let start = char_column(&self.text, text_range.start);
                let end = char_column(&self.text, text_range.end);
                // A finding about the whole record underlines its first item (the 様式コード)
                // rather than a line that can be hundreds of characters wide.
                let mark = match (field, self.fields.first()) {
                    (None, Some(first)) => first.text.clone(),
                    _ => text_range.clone(),
                };
                let (mark_start, mark_end) = (
                    char_column(&self.text, mark.start),
                    char_column(&self.text, mark.end),
                );
                span.line = Some(*line);
                span.end_line = Some(*line);
                span.column = Some(start);
                span.end_column = Some(end);
                Some(Snippet::window(
                    *line,
                    self.redacted_text(),
                    mark_start,
                    mark_end,
                ))
            }
            Origin::Xml(origins) | Origin::Ocr(origins) => {
                let o = no
                    .and_then(|n| usize::from(n).checked_sub(1))
                    .and_then(|i| origins.get(i))
                    .or_else(|| origins.first());
                if let Some(o) = o {
                    // An item the source does not hold (an OCR template without that box) has
                    // no place in the file: say so rather than point at offset 0.
                    if o.line.is_none() && field.is_some_and(|f| f.bytes.is_empty()) {
                        span.byte_start = None;
                        span.byte_end = None;
                    }
                    span.line = o.line;
                    span.column = o.column;
                    span.end_line = o.end_line;
                    span.end_column = o.end_column;
                    place.set_xml_path(o.xml_path.clone());
                    place.set_page(o.page, o.bbox, o.bbox_px);
                }
                None
            }
        };
        *place.span_mut() = span;
        (place, snippet)
    }

    /// A diagnostic of `rule` at item `no` (the whole record when `None`), with the redacted
    /// snippet of the source line, about this record.
    pub fn diagnostic(
        &self,
        path: &str,
        no: Option<u16>,
        rule: &'static Rule,
        message: Text,
    ) -> Diagnostic {
        let (place, snippet) = self.locate(path, no);
        Diagnostic::new(rule, place, message)
            .with_snippet(snippet)
            .with_record(self.id)
    }

    /// The decoded text with every personal number masked ([`redact::line`]): items the layout
    /// marks sensitive, and (defence in depth, for numbers typed into the wrong item or records
    /// whose layout is unknown) every run of digits that could be one.
    pub fn redacted_text(&self) -> &str {
        self.redacted.get_or_init(|| self.redact())
    }

    fn redact(&self) -> String {
        let (class, keep) = match self.layout {
            Some(_) => (Class::Other, None),
            // Without a layout nobody knows which item is which: any number of 4 digits or
            // more could be (part of) a personal number. The 様式コード (7 or 8 digits) stays
            // readable; a longer first item may be a number glued to it.
            None => (
                Class::Unknown,
                self.fields
                    .first()
                    .filter(|f| f.text.len() <= 8)
                    .map(|f| f.text.clone()),
            ),
        };
        let sensitive = self.layout.into_iter().flat_map(|l| {
            self.fields
                .iter()
                .zip(&l.items)
                .filter(|(_, item)| item.sensitive.is_some())
                .map(|(f, _)| f.text.clone())
        });
        redact::line(&self.text, sensitive, class, keep)
    }

    /// The sensitivity of item `no`, if the layout marks it.
    pub fn sensitive(&self, no: u16) -> Option<Sensitive> {
        self.layout
            .and_then(|l| l.item(no))
            .and_then(|i| i.sensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        let mut r = Record {
            text: text.to_string(),
            ..Record::default()
        };
        let mut start = 0;
        for part in text.split(',') {
            let end = start + part.len();
            r.fields.push(Field {
                text: start..end,
                bytes: start as u64..end as u64,
                sjis_len: part.len(),
            });
            start = end + 1;
        }
        r
    }

    #[test]
    fn values_by_item_number() {
        let r = record("2200700,21,,ｹｲﾄ");
        assert_eq!(r.value(1), "2200700");
        assert_eq!(r.value(3), "");
        assert_eq!(r.value(4), "ｹｲﾄ");
        assert_eq!(r.value(0), "");
        assert_eq!(r.value(99), "");
    }

    #[test]
    fn unknown_layout_masks_every_number_but_the_form_code() {
        let r = record("2200700,21,1234,123456789012,ｱｲ");
        assert_eq!(r.redacted_text(), "2200700,21,****,************,ｱｲ");
    }

    /// Regression (found by fuzzing): a first item longer than a form code was shown unmasked.
    #[test]
    fn a_long_first_item_is_not_taken_for_a_form_code() {
        let r = record("2200700123456789018,21");
        assert_eq!(r.redacted_text(), "*******************,21");
    }

    #[test]
    fn full_width_digit_runs_are_masked() {
        let r = record("x,１２３４５６７８９０１２");
        assert_eq!(r.redacted_text(), "x,************");
    }

    #[test]
    fn separated_numbers_are_masked() {
        let r = record("2200700,1234-5678-9012,1234 5678 9012,2024-12-10");
        assert_eq!(
            r.redacted_text(),
            "2200700,****-****-****,**** **** ****,****-**-**"
        );
    }
}
