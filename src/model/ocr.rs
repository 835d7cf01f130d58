//! What OCR knows about each item of a record, kept beside the [`Record`](super::Record) rather
//! than in it: CSV and XML records have no confidence or checkbox state, and rules that do not
//! care about OCR should not carry it.
//!
//! The OCR readers fill one [`RecordMeta`] per record; the OCR rules (`rules::ocr`) read it to
//! warn about low confidence, unreadable boxes and look-alike characters, and to word other
//! rules' findings on a doubtful field with a "probable misread" note.

use serde::Serialize;

use super::filing::{CertificateRequest, FormRecord};
use crate::layout::{Layout, Role};

/// The state of a checkbox or of a circled choice (○で囲む).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// The box is ticked.
    Selected,
    /// The box is empty.
    Unselected,
    /// The engine saw the box but could not decide (smudge, a line through it, リジェクト).
    Unreadable,
}

impl Mark {
    /// A mark from its name in OCR files (`selected`, `unselected`).
    pub fn parse(s: &str) -> Option<Mark> {
        Some(match s {
            "selected" => Mark::Selected,
            "unselected" => Mark::Unselected,
            "unreadable" => Mark::Unreadable,
            _ => return None,
        })
    }
}

/// What kind of box a field was read from; confidence thresholds are set per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A date.
    Date,
    /// A number.
    Number,
    /// A checkbox (ticked or not).
    Checkbox,
    /// A circled choice among printed codes.
    Choice,
}

impl FieldKind {
    /// Every kind, in the order settings list them.
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Text,
        FieldKind::Date,
        FieldKind::Number,
        FieldKind::Checkbox,
        FieldKind::Choice,
    ];

    /// A kind from its name (`text`, `date`, `number`, `checkbox`, `choice`).
    pub fn parse(s: &str) -> Option<FieldKind> {
        Some(match s {
            "text" => FieldKind::Text,
            "date" => FieldKind::Date,
            "number" => FieldKind::Number,
            "checkbox" => FieldKind::Checkbox,
            "choice" => FieldKind::Choice,
            _ => return None,
        })
    }

    /// The name used in settings and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Date => "date",
            FieldKind::Number => "number",
            FieldKind::Checkbox => "checkbox",
            FieldKind::Choice => "choice",
        }
    }
}

/// An alternative reading offered by the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The alternative value.
    pub value: String,
    /// The engine's confidence in it (0–1), when it gives one.
    pub confidence: Option<f64>,
}

/// One change todokede made to an OCR value before checking it (always reported, never silent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalisation {
    /// 全角 digits (or letters) made 半角.
    HalfWidthDigits(usize),
    /// Spaces removed from a numeric item.
    SpacesRemoved(usize),
    /// 全角 katakana, hiragana, spaces or letters made 半角 in a カナ item.
    HalfWidthKana(usize),
    /// 半角 characters made 全角 in a 漢字 item.
    FullWidth(usize),
}

/// What OCR said about one item.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMeta {
    /// What kind of box the field is.
    pub kind: FieldKind,
    /// 0–1, or `None` when the engine gives none.
    pub confidence: Option<f64>,
    /// Per-character confidences, when the engine gives them.
    pub char_conf: Vec<f64>,
    /// Alternative readings, best first.
    pub candidates: Vec<Candidate>,
    /// A person confirmed the value: no low-confidence warning.
    pub reviewed: bool,
    /// Checkbox and choice fields.
    pub mark: Option<Mark>,
    /// The value could not be read (state `unreadable`, status `rejected`): the item is empty.
    pub unreadable: bool,
    /// The verbatim OCR text, when the file gives it.
    pub raw: Option<String>,
    /// The value as the file gave it, before todokede's normalisation.
    pub given: String,
    /// What todokede changed when it normalised the value (width, spaces).
    pub normalised: Vec<Normalisation>,
    /// The value came from a sheet-wide field (`record` 0), shared by every record.
    pub shared: bool,
}

/// Per item (by 項番) of one record: what OCR said, or `None` where the OCR file has no field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordMeta {
    /// Indexed by 項番 − 1.
    pub fields: Vec<Option<FieldMeta>>,
    /// The first record of its sheet: the findings on sheet-wide fields (record 0, such as the
    /// 事業所整理記号) are reported on it only.
    pub first_of_sheet: bool,
}

impl RecordMeta {
    /// What OCR said about item `no` (項番), when it gave the field.
    pub fn get(&self, no: u16) -> Option<&FieldMeta> {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.fields.get(i))
            .and_then(Option::as_ref)
    }

    /// True when the certificate box of `no` cannot say what the person asked for: the box was
    /// unreadable, or the field is missing from a record of a form that has the box.
    pub fn certificate_unknown(&self, no: u16) -> bool {
        match self.get(no) {
            None => true,
            Some(f) => f.unreadable || f.mark == Some(Mark::Unreadable),
        }
    }
}

/// Marks as `unknown` the certificate request of every person whose box OCR could not read;
/// the CSV path never calls this, so its model is untouched.
pub fn apply_certificate_states(form: &mut FormRecord, layout: &Layout, meta: &RecordMeta) {
    if layout.old_format {
        return;
    }
    for person in &mut form.persons {
        if person.certificate_request.is_none() {
            continue;
        }
        let Some(item) = layout.role(person.slot, Role::CertificateRequest) else {
            continue;
        };
        if meta.certificate_unknown(item.no) {
            person.certificate_request = Some(CertificateRequest::Unknown);
        }
    }
}
