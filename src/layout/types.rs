//! The layout data types, shared with `build.rs` (which reads the layout files into them at
//! build time and writes them out as Rust): nothing here may use the rest of the crate.

use serde::Deserialize;

/// Which model a form's records become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// 被保険者資格取得届 (2200700).
    QualificationAcquisition,
    /// 被扶養者(異動)届 (2202700).
    DependentChange,
    /// 被保険者資格喪失届 (2201700).
    QualificationLoss,
    /// Any other form on the medium, kept as numbered items.
    Other,
}

/// How deeply a form is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Depth {
    Full,
    Common,
}

/// Which medium a layout belongs to: 年金事務所 files (SHFD) or 健保組合 files (KPFD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    #[default]
    Shfd,
    Kpfd,
}

/// The item table of one form in one revision.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub form: String,
    pub version: String,
    pub title: String,
    pub title_en: String,
    pub model: ModelKind,
    pub depth: Depth,
    #[serde(default)]
    pub old_format: bool,
    #[serde(default)]
    pub variant: Variant,
    #[serde(default)]
    pub source: String,
    /// Another layout (file name without `.toml`) whose items come first; this file's items
    /// follow them or replace those with the same 項番.
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default, rename = "item")]
    pub items: Vec<Item>,
    /// File name without `.toml`; set by the loader.
    #[serde(skip)]
    pub name: String,
    /// Lookups derived from the items once, by the loader (rules run them on every record).
    #[serde(skip)]
    pub index: LayoutIndex,
}

/// What rules ask of a layout on every record, worked out once when it is loaded.
#[derive(Debug, Default)]
pub struct LayoutIndex {
    /// The person slots, in item order.
    pub person_slots: Vec<Slot>,
    /// 基礎年金番号 (課所符号, 一連番号) item pairs, per slot.
    pub pension_pairs: Vec<(u16, u16)>,
    /// Items of kind `era` or `date`.
    pub dated: Vec<u16>,
    /// Items of kind `my_number`.
    pub my_numbers: Vec<u16>,
    /// Items with role `certificate_request`.
    pub certificates: Vec<u16>,
    /// The office's 都道府県コード item, if the layout has one.
    pub prefecture: Option<u16>,
}

impl LayoutIndex {
    fn build(items: &[Item]) -> LayoutIndex {
        let mut person_slots: Vec<Slot> = Vec::new();
        for i in items {
            if i.slot != Slot::Office && !person_slots.contains(&i.slot) {
                person_slots.push(i.slot);
            }
        }
        let find = |slot: Slot, role: Role| {
            items
                .iter()
                .find(|i| i.slot == slot && i.role == Some(role))
                .map(|i| i.no)
        };
        let pension_pairs = person_slots
            .iter()
            .filter_map(|s| {
                Some((
                    find(*s, Role::PensionOffice)?,
                    find(*s, Role::PensionSerial)?,
                ))
            })
            .collect();
        let numbers = |keep: &dyn Fn(&Item) -> bool| -> Vec<u16> {
            items.iter().filter(|i| keep(i)).map(|i| i.no).collect()
        };
        LayoutIndex {
            person_slots,
            pension_pairs,
            dated: numbers(&|i| matches!(i.kind, Kind::Era | Kind::Date)),
            my_numbers: numbers(&|i| i.kind == Kind::MyNumber),
            certificates: numbers(&|i| i.role == Some(Role::CertificateRequest)),
            prefecture: find(Slot::Office, Role::Prefecture),
        }
    }
}

/// Layouts are unique by name (they are loaded once and never copied).
impl PartialEq for Layout {
    fn eq(&self, other: &Layout) -> bool {
        self.name == other.name
    }
}

impl Layout {
    /// The items with the given 項番 (from one of the [`LayoutIndex`] lists).
    pub fn items_numbered<'a>(&'a self, numbers: &'a [u16]) -> impl Iterator<Item = &'a Item> + 'a {
        numbers.iter().filter_map(|n| self.item(*n))
    }

    /// The item with 項番 `no`.
    pub fn item(&self, no: u16) -> Option<&Item> {
        self.items.get(usize::from(no).checked_sub(1)?)
    }

    /// The first item with the given role in the given slot.
    pub fn role(&self, slot: Slot, role: Role) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.slot == slot && i.role == Some(role))
    }

    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// The slots (persons) this layout has, in item order.
    pub fn person_slots(&self) -> &[Slot] {
        &self.index.person_slots
    }

    /// Derives [`LayoutIndex`]; the loader calls it once the items are final.
    pub(crate) fn build_index(&mut self) {
        for i in &mut self.items {
            i.packed_codes = i
                .codes
                .iter()
                .map(|c| pack(c))
                .collect::<Option<Vec<u64>>>()
                .map(|mut v| {
                    v.sort_unstable();
                    v
                });
        }
        self.index = LayoutIndex::build(&self.items);
    }

    /// True for the forms whose persons can receive a 資格確認書.
    pub fn carries_certificate(&self) -> bool {
        matches!(
            self.model,
            ModelKind::QualificationAcquisition | ModelKind::DependentChange
        )
    }
}

/// The value shape of an item (see `docs/layouts.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Fixed,
    Digits,
    Code,
    Era,
    Date,
    Flag,
    NameKana,
    NameKanji,
    Kana,
    Kanji,
    /// 事業所記号: letters and digits only, or 半角カナ only.
    OfficeSymbol,
    Text,
    MyNumber,
    Empty,
}

impl Kind {
    /// True for the カナ kinds: the CSV carries them in 半角, e-Gov XML in 全角.
    pub fn is_kana(self) -> bool {
        matches!(self, Kind::NameKana | Kind::Kana | Kind::OfficeSymbol)
    }
}

/// Whose item it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    Office,
    #[default]
    Insured,
    Spouse,
    Dependent1,
    Dependent2,
}

impl Slot {
    pub fn as_str(self) -> &'static str {
        match self {
            Slot::Office => "office",
            Slot::Insured => "insured",
            Slot::Spouse => "spouse",
            Slot::Dependent1 => "dependent1",
            Slot::Dependent2 => "dependent2",
        }
    }
}

/// The model field an item fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Prefecture,
    District,
    OfficeSymbol,
    OfficeNumber,
    InsuredNumber,
    NameKana,
    NameKanji,
    BirthEra,
    BirthDate,
    Sex,
    MyNumber,
    PensionOffice,
    PensionSerial,
    AcquisitionEra,
    AcquisitionDate,
    LossEra,
    LossDate,
    Relationship,
    PostcodeParent,
    PostcodeChild,
    AddressKana,
    AddressKanji,
    ChangeKind,
    CertificateRequest,
    /// 住民票住所を記載できない理由 (1 海外在住, 2 短期在留, 3 その他): why a record has no My Number.
    NoAddressReason,
}

/// What kind of personal number an item holds; such values are never printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitive {
    MyNumber,
    PensionNumber,
    InsuranceNumber,
}

/// A condition on another item (or on the item's own person) — see `docs/layouts.md`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Condition {
    /// All of the listed conditions hold.
    All {
        all: Vec<Condition>,
    },
    Present {
        item: u16,
        present: bool,
    },
    In {
        item: u16,
        r#in: Vec<String>,
    },
    SlotPresent {
        slot_present: bool,
    },
}

/// One item (項目) of a layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub no: u16,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub kind: Kind,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub max_bytes: Option<u16>,
    #[serde(default)]
    pub min_len: Option<u16>,
    #[serde(default)]
    pub max_len: Option<u16>,
    #[serde(default)]
    pub not_all_zero: bool,
    #[serde(default)]
    pub codes: Vec<String>,
    /// Values never allowed (郡市区符号 `99`), whatever the kind.
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub eras: Vec<u8>,
    #[serde(default)]
    pub era_item: Option<u16>,
    #[serde(default)]
    pub not_after_received: bool,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub required_when: Vec<Condition>,
    #[serde(default)]
    pub omitted_when: Vec<Condition>,
    #[serde(default)]
    pub slot: Slot,
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub sensitive: Option<Sensitive>,
    /// `codes` packed into integers and sorted, for lookups on every record (filled by the
    /// loader when every code is at most 7 bytes).
    #[serde(skip)]
    pub(crate) packed_codes: Option<Vec<u64>>,
}

/// A short string as an integer (big-endian, so integer order is string order).
fn pack(s: &str) -> Option<u64> {
    (s.len() <= 7).then(|| {
        s.bytes().fold(0u64, |acc, b| (acc << 8) | u64::from(b)) | ((s.len() as u64) << 56)
    })
}

impl Item {
    /// True when `v` is one of the item's `codes`.
    pub fn has_code(&self, v: &str) -> bool {
        match &self.packed_codes {
            Some(packed) => pack(v).is_some_and(|p| packed.binary_search(&p).is_ok()),
            None => self.codes.iter().any(|c| c == v),
        }
    }
}

/// A form that may travel on a medium but has no layout here (`schemas/forms.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecognisedForm {
    pub code: String,
    pub title: String,
    pub title_en: String,
}
