//! The owned, serialisable model of one filing file: `todokede-filing/1`.
//!
//! Built from [`Record`]s after they were read; every person who can receive a 資格確認書 gets a
//! [`CertificateRequest`]. This is the one place the real personal numbers are kept for output,
//! because `convert` exists to carry them.

use serde::Serialize;

use super::era;
use super::record::Record;
use crate::diag::RecordId;
use crate::layout::{Kind, Layout, ModelKind, Role, Slot};
use crate::source::SourceFormat;

/// The `schema` of the JSON model.
pub const SCHEMA: &str = "todokede-filing/1";

/// Whether a person asked for a 資格確認書 (eligibility certificate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateRequest {
    /// The box holds `1` (発行が必要).
    Requested,
    /// The box is empty.
    NotRequested,
    /// The form is an old format without the box: registered as 「発行希望なし」.
    NotRequestedOldFormat,
    /// The box could not be read (OCR) or holds an invalid value; a reviewer must decide.
    Unknown,
}

/// The 媒体管理 record (medium header), as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Medium {
    /// `shfd` (年金事務所), `shfd-pre2019`, `shfd-sharoushi`, or `kpfd` (健保組合).
    pub kind: String,
    /// Its items, in layout order.
    pub items: Vec<String>,
    /// 事業所数情報: 予備 (or 社労士氏名) and 事業所情報数.
    pub office_count_items: Vec<String>,
}

impl Medium {
    /// The 社労士氏名 of a 社労士 medium header (`,,<社労士コード>,…`); `None` for any other header.
    pub fn sharoushi(&self) -> Option<String> {
        (self.kind == "shfd-sharoushi")
            .then(|| self.office_count_items.first().cloned().unwrap_or_default())
    }
}

/// One 事業所情報 record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Office {
    /// The CSV line of the record.
    pub line: u32,
    /// Its items, in layout order.
    pub items: Vec<String>,
}

/// One numbered item of a form record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemValue {
    /// 項番: the item's number in its layout.
    pub no: u16,
    /// The item's name in its layout (shared with the layout: one per item, not per record).
    pub name: &'static str,
    /// The value as read (decoded, untrimmed).
    pub value: String,
}

/// A date as written (元号 code + YYMMDD) and, when it exists, in ISO form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EraDate {
    /// The 元号 code (`5` 昭和, `7` 平成, `9` 令和).
    pub era: String,
    /// YYMMDD in that era.
    pub yymmdd: String,
    /// The same day as `YYYY-MM-DD`, when it exists.
    pub iso: Option<String>,
}

/// A person on a form record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// `insured`, `spouse`, `dependent1`, `dependent2`.
    pub slot: Slot,
    /// 氏名（カナ）.
    pub name_kana: Option<String>,
    /// 氏名（漢字）.
    pub name_kanji: Option<String>,
    /// 生年月日.
    pub birth_date: Option<EraDate>,
    /// 性別 (種別) code, as written.
    pub sex: Option<String>,
    /// 続柄 code, as written (dependents).
    pub relationship: Option<String>,
    /// 個人番号 (My Number): a real value, written only by `convert`.
    pub my_number: Option<String>,
    /// 基礎年金番号 (課所符号 + 一連番号): a real value, written only by `convert`.
    pub basic_pension_number: Option<String>,
    /// Present for every person who can receive a 資格確認書.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_request: Option<CertificateRequest>,
}

/// One form record, normalized.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormRecord {
    /// The form (様式) code.
    pub form: String,
    /// The form's title, when its layout is known.
    pub title: Option<String>,
    /// What the form says (acquisition, loss, dependants), when its layout is known.
    pub model: Option<ModelKind>,
    /// The layout's name (`2200700-2024-12`), or `None` when the record matched no layout.
    pub layout: Option<String>,
    /// The layout's revision (`2024-12`).
    pub layout_version: Option<String>,
    /// An old-format form without the 資格確認書発行希望 box.
    pub old_format: bool,
    /// The record's number as findings show it.
    pub record: u32,
    /// Which record of the run this is: what `convert` matches findings on.
    #[serde(skip)]
    pub id: RecordId,
    /// The CSV line, when the record is one.
    pub line: Option<u32>,
    /// Every item of the layout, with its value.
    pub items: Vec<ItemValue>,
    /// The persons the record names (insured, spouse, dependents).
    pub persons: Vec<Person>,
    /// The codes of the errors found on the record, each once (set by `convert --to json`, which
    /// writes every record; the electronic writers get only records without any).
    pub findings: Vec<&'static str>,
}

/// A whole filing file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Filing {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// Which file of the run this is (its index in the report's files): what `convert` and
    /// the issuance list match findings on.
    #[serde(skip)]
    pub file: u32,
    /// The file, as shown in findings.
    pub path: String,
    /// The shape it was read from; `unknown` in JSON when it could not be read as a filing.
    #[serde(serialize_with = "crate::source::serialize_known")]
    pub format: Option<SourceFormat>,
    /// The 媒体管理 header, when the file has one.
    pub medium: Option<Medium>,
    /// The 事業所情報 records.
    pub offices: Vec<Office>,
    /// The 社会保険労務士 who filed for the 事業所, when the filing says so: the 社労士氏名 of a
    /// 社労士 medium header, or an e-Gov form's 社会保険労務士の提出代行者名. The society sends
    /// its documents to the 事業所 all the same (see `issuance`).
    pub sharoushi: Option<String>,
    /// The form records, in file order.
    pub forms: Vec<FormRecord>,
}

impl Filing {
    /// An empty filing of the file `path`, read from `format`.
    pub fn new(path: impl Into<String>, format: Option<SourceFormat>) -> Filing {
        Filing {
            schema: SCHEMA,
            file: 0,
            path: path.into(),
            format,
            medium: None,
            offices: Vec::new(),
            sharoushi: None,
            forms: Vec::new(),
        }
    }
}

/// The certificate request of a person slot on a record.
pub fn certificate_request(
    record: &Record,
    layout: &Layout,
    slot: Slot,
) -> Option<CertificateRequest> {
    if !layout.carries_certificate() {
        return None;
    }
    // The 被保険者 of a 被扶養者(異動)届 is already insured; only dependents get a box there.
    if layout.model == ModelKind::DependentChange && slot == Slot::Insured {
        return None;
    }
    if layout.old_format {
        return Some(CertificateRequest::NotRequestedOldFormat);
    }
    let item = layout.role(slot, Role::CertificateRequest)?;
    Some(match record.value(item.no) {
        "1" => CertificateRequest::Requested,
        "" => CertificateRequest::NotRequested,
        _ => CertificateRequest::Unknown,
    })
}

/// True when the person in `slot` is on the record: any of its items other than the
/// certificate box has a value. The insured person of a form is always there.
pub fn slot_present(record: &Record, layout: &Layout, slot: Slot) -> bool {
    if slot == Slot::Insured || slot == Slot::Office {
        return true;
    }
    layout.items.iter().any(|i| {
        i.slot == slot
            && i.role != Some(Role::CertificateRequest)
            && i.kind != Kind::Empty
            && record.is_present(i.no)
    })
}

impl FormRecord {
    /// Builds the normalized form record.
    pub fn from_record(record: &Record) -> FormRecord {
        let layout = record.layout;
        let items = record
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let no = u16::try_from(i + 1).unwrap_or(u16::MAX);
                ItemValue {
                    no,
                    name: layout
                        .and_then(|l| l.item(no))
                        .map_or("", |it| it.name.as_str()),
                    value: record.text.get(f.text.clone()).unwrap_or("").to_string(),
                }
            })
            .collect();
        let persons = layout.map(|l| persons(record, l)).unwrap_or_default();
        FormRecord {
            form: record.form_code().to_string(),
            title: layout.map(|l| l.title.clone()),
            model: layout.map(|l| l.model),
            layout: layout.map(|l| l.name.clone()),
            layout_version: layout.map(|l| l.version.clone()),
            old_format: layout.is_some_and(|l| l.old_format),
            record: record.number,
            id: record.id.unwrap_or_default(),
            line: record.line(),
            items,
            persons,
            findings: Vec::new(),
        }
    }
}

fn persons(record: &Record, layout: &Layout) -> Vec<Person> {
    let get = |slot: Slot, role: Role| -> Option<String> {
        layout
            .role(slot, role)
            .map(|i| record.value(i.no))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    layout
        .person_slots()
        .iter()
        .copied()
        .filter(|s| slot_present(record, layout, *s))
        .map(|slot| {
            let birth_date = match (get(slot, Role::BirthEra), get(slot, Role::BirthDate)) {
                (Some(e), Some(d)) => Some(EraDate {
                    iso: e
                        .parse::<u8>()
                        .ok()
                        .and_then(|code| era::to_date(code, &d).ok())
                        .map(|x| x.format("%Y-%m-%d").to_string()),
                    era: e,
                    yymmdd: d,
                }),
                _ => None,
            };
            let pension = match (
                get(slot, Role::PensionOffice),
                get(slot, Role::PensionSerial),
            ) {
                (Some(a), Some(b)) => Some(format!("{a}{b}")),
                (a, b) => a.or(b),
            };
            Person {
                slot,
                name_kana: get(slot, Role::NameKana),
                name_kanji: get(slot, Role::NameKanji),
                birth_date,
                sex: get(slot, Role::Sex),
                relationship: get(slot, Role::Relationship),
                my_number: get(slot, Role::MyNumber),
                basic_pension_number: pension,
                certificate_request: certificate_request(record, layout, slot),
            }
        })
        .collect()
}
