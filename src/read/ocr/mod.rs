//! Paper forms read by OCR: our neutral `ocr-fields/1` JSON Lines ([`jsonl`]) and Azure AI
//! Document Intelligence results ([`azure`], with a mapping [`profile`]).
//!
//! Both readers produce [`Sheet`]s: the form (様式コード and, when known, layout version) and its
//! fields, each addressed by record (person/row on the form) and item (項番 of the CSV layout),
//! with its place in the OCR file and on the scanned page. [`assemble`] turns a sheet into the
//! same [`Record`](crate::model::Record)s the CSV reader makes, plus the OCR metadata beside them
//! ([`RecordMeta`](crate::model::ocr::RecordMeta)), so every existing rule applies to paper too.

pub mod assemble;
pub mod azure;
pub mod jsonl;
pub mod profile;
mod reader;
pub mod spans;

pub use reader::{unreadable, OcrFormat, OcrReader};

use std::ops::Range;

use crate::diag::{Place, PlaceKind, Span};
use crate::model::ocr::{Candidate, FieldKind, Mark};
use crate::source::line_index::{char_count, LineIndex};

/// Where something is in the OCR file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spot {
    /// Byte range in the file.
    pub bytes: Range<u64>,
    /// 1-based line where it starts.
    pub line: u32,
    /// 1-based character column where it starts.
    pub column: u32,
    /// 1-based line where it ends.
    pub end_line: u32,
    /// The character column after it.
    pub end_column: u32,
}

impl Spot {
    /// The place of `span` (byte offsets into `text`, the whole file), using `index`.
    pub fn of(text: &[u8], index: &LineIndex, span: Range<usize>) -> Spot {
        let (line, column) = index.position(text, span.start);
        let (end_line, end_column) = index.position(text, span.end);
        Spot {
            bytes: span.start as u64..span.end as u64,
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The place of `span` (byte offsets into `line_text`), on 1-based line `line` that starts
    /// at byte `line_start` of the file: one JSON Lines record.
    pub fn in_line(line: u32, line_start: usize, line_text: &[u8], span: Range<usize>) -> Spot {
        let column = |at: usize| {
            let n = char_count(line_text.get(..at.min(line_text.len())).unwrap_or(&[])) + 1;
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        Spot {
            bytes: (line_start + span.start) as u64..(line_start + span.end) as u64,
            line,
            column: column(span.start),
            end_line: line,
            end_column: column(span.end),
        }
    }

    /// A diagnostic place at this spot; the default spot (line 0: a sheet whose header line is
    /// missing) is the file only.
    pub fn location(&self, path: &str) -> Place {
        let mut place = Place::new(PlaceKind::Ocr, path);
        if self.line != 0 {
            *place.span_mut() = Span {
                byte_start: Some(self.bytes.start),
                byte_end: Some(self.bytes.end),
                line: Some(self.line),
                column: Some(self.column),
                end_line: Some(self.end_line),
                end_column: Some(self.end_column),
            };
        }
        place
    }
}

/// One field as an OCR file gives it, before it becomes an item of a record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrField {
    /// Person/row on the form, 1-based; 0 for a box printed once per sheet (事業所整理記号),
    /// which applies to every record that does not give the item itself.
    pub record: u32,
    /// 項番 of the CSV layout of the sheet's form and version (0 for a field of the 事業所 block).
    pub item: u16,
    /// 項番 (1–12) of the SHFD 事業所情報 record, for a field of the 事業所 block (`"office": N`,
    /// on record 0) instead of `item`.
    pub office: Option<u16>,
    /// The kind of box.
    pub kind: Option<FieldKind>,
    /// The label printed on the form beside the box.
    pub label: Option<String>,
    /// The verbatim OCR text.
    pub raw: Option<String>,
    /// The value (after the engine's own clean-up); `None` when it could not be read.
    pub value: Option<String>,
    /// Why `value` is null: `unreadable_chars`, `rejected`, `empty`.
    pub status: Option<String>,
    /// Checkbox and choice fields: ticked or not.
    pub mark: Option<Mark>,
    /// The engine's confidence (0–1), when it gives one.
    pub confidence: Option<f64>,
    /// Per-character confidences, when the engine gives them.
    pub char_conf: Vec<f64>,
    /// Alternative readings, best first.
    pub candidates: Vec<Candidate>,
    /// A person confirmed the value.
    pub reviewed: bool,
    /// The scanned page (1-based).
    pub page: Option<u32>,
    /// The box on the page, in the page's units.
    pub bbox: Option<[f64; 4]>,
    /// The box in pixels.
    pub bbox_px: Option<[u32; 4]>,
    /// The value's place in the OCR file (the `value`, `state` or `raw` member).
    pub place: Spot,
}

/// The size of a scanned page, for pixel boxes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageSize {
    /// The page (1-based).
    pub page: u32,
    /// Its width in pixels, when known.
    pub width_px: Option<f64>,
    /// Its height in pixels, when known.
    pub height_px: Option<f64>,
}

/// One form as read: what the template knows about it, and its fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// 様式コード.
    pub form: String,
    /// Layout revision (`2024-12`, `2019-05`) when the template knows it.
    pub version: Option<String>,
    /// The pages of the form.
    pub pages: Vec<PageSize>,
    /// Every field read, in file order.
    pub fields: Vec<OcrField>,
    /// Where the sheet is declared (the header line, the Azure document).
    pub place: Spot,
}

impl Sheet {
    /// The box in pixels: as given, or from the normalised box and the page size.
    pub fn pixels(&self, page: Option<u32>, bbox: Option<[f64; 4]>) -> Option<[u32; 4]> {
        let size = self.pages.iter().find(|p| Some(p.page) == page)?;
        let (w, h) = (size.width_px?, size.height_px?);
        let b = bbox?;
        let px = |v: f64, scale: f64| (v * scale).round().clamp(0.0, f64::from(u32::MAX)) as u32;
        Some([px(b[0], w), px(b[1], h), px(b[2], w), px(b[3], h)])
    }
}

/// A normalised box kept to 1/10000 of the page (0.03 mm on A4): enough to find a box, and no
/// long digit runs in reports (which the personal-number guard would rightly distrust).
pub fn round_bbox(b: [f64; 4]) -> [f64; 4] {
    b.map(|v| (v * 10_000.0).round() / 10_000.0)
}

/// A normalised box when `b` is one: four numbers in 0–1 with x0 ≤ x1 and y0 ≤ y1.
pub fn valid_bbox(b: [f64; 4]) -> bool {
    b.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)) && b[0] <= b[2] && b[1] <= b[3]
}
