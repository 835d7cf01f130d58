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
    /// Every item is checked.
    Full,
    /// Only the items every form shares (another form travelling on the medium).
    Common,
}

/// Which medium a layout belongs to: 年金事務所 files (SHFD) or 健保組合 files (KPFD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    #[default]
    /// 年金事務所 files (`SHFD0006.CSV`).
    Shfd,
    /// 健保組合 files (`KPFD0006.CSV`).
    Kpfd,
}

/// The item table of one form in one revision.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// 様式コード, as written in item 1.
    pub form: String,
    /// The revision (`YYYY-MM` it took effect).
    pub version: String,
    /// The form's official title.
    pub title: String,
    /// An English gloss of the title.
    pub title_en: String,
    /// Which model its records become.
    pub model: ModelKind,
    /// How deeply it is checked.
    pub depth: Depth,
    #[serde(default)]
    /// A layout without the 資格確認書発行要否 box (before 2024-12).
    pub old_format: bool,
    #[serde(default)]
    /// The medium it belongs to.
    pub variant: Variant,
    #[serde(default)]
    /// Where the table comes from (tags of the spec digests).
    pub source: String,
    /// Another layout (file name without `.toml`) whose items come first; this file's items
    /// follow them or replace those with the same 項番.
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default, rename = "item")]
    /// The items, by 項番 (1-based, contiguous).
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
    /// How the item rules treat each item (by position in `items`), compiled once so that a
    /// record's empty items are passed over without looking at their conditions.
    pub(crate) item_tests: Vec<ItemTests>,
}

/// The item rules' view of one item, compiled from its layout entry.
#[derive(Debug, Default)]
pub(crate) struct ItemTests {
    /// False for the certificate box, which has its own rules (CRT).
    pub checked: bool,
    /// An empty value can be a finding: the item is required, or required on a condition.
    pub may_be_required: bool,
    /// `required_when`, in the same order.
    pub required_when: Vec<Test>,
    /// `omitted_when`, in the same order.
    pub omitted_when: Vec<Test>,
}

/// A [`Condition`] compiled for the check of every record: the values of `in` packed into
/// integers (see [`pack`]) when they all fit, so a test compares integers, not strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Test {
    /// All of them hold.
    All(Vec<Test>),
    /// Item `item` has a value, or has none.
    Present { item: u16, present: bool },
    /// Item `item` holds one of the packed values.
    InPacked { item: u16, values: Vec<u64> },
    /// Item `item` holds one of the values (some value is too long to pack).
    In { item: u16, values: Vec<String> },
    /// This item's person is on the record, or is not.
    SlotPresent(bool),
}

impl Test {
    fn compile(c: &Condition) -> Test {
        match c {
            Condition::All { all } => Test::All(all.iter().map(Test::compile).collect()),
            Condition::Present { item, present } => Test::Present {
                item: *item,
                present: *present,
            },
            Condition::In { item, r#in } => match r#in.iter().map(|v| pack(v)).collect() {
                Some(values) => Test::InPacked {
                    item: *item,
                    values,
                },
                None => Test::In {
                    item: *item,
                    values: r#in.clone(),
                },
            },
            Condition::SlotPresent { slot_present } => Test::SlotPresent(*slot_present),
        }
    }
}

impl ItemTests {
    fn build(i: &Item) -> ItemTests {
        ItemTests {
            checked: i.role != Some(Role::CertificateRequest),
            may_be_required: i.kind != Kind::Empty && (i.required || !i.required_when.is_empty()),
            required_when: i.required_when.iter().map(Test::compile).collect(),
            omitted_when: i.omitted_when.iter().map(Test::compile).collect(),
        }
    }
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
            item_tests: items.iter().map(ItemTests::build).collect(),
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

    /// How many items a record of this layout has.
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
    /// Exactly `value`.
    Fixed,
    /// Half-width digits only, `min_len..=max_len` of them.
    Digits,
    /// One of `codes`.
    Code,
    /// A 元号 code from `eras`.
    Era,
    /// `YYMMDD` in the era of `era_item`; a real date.
    Date,
    /// `1` or empty.
    Flag,
    /// A name in 半角カナ, parts separated by 半角 spaces.
    NameKana,
    /// A name in 漢字, parts separated by 全角 spaces.
    NameKanji,
    /// 半角 text (letters, digits, 半角カナ, symbols).
    Kana,
    /// 漢字 text.
    Kanji,
    /// 事業所記号: letters and digits only, or 半角カナ only.
    OfficeSymbol,
    /// Free text in the allowed character set.
    Text,
    /// 個人番号: 12 half-width digits with a valid check digit.
    MyNumber,
    /// Must be empty.
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
    /// The 事業所 (not a person).
    Office,
    #[default]
    /// The insured person (被保険者).
    Insured,
    /// The spouse (配偶者).
    Spouse,
    /// The first other dependent.
    Dependent1,
    /// The second other dependent.
    Dependent2,
}

impl Slot {
    /// The name used in layouts and the JSON model (`insured`, `dependent1`, …).
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
    /// 都道府県コード.
    Prefecture,
    /// 郡市区符号.
    District,
    /// 事業所記号.
    OfficeSymbol,
    /// 事業所番号.
    OfficeNumber,
    /// 被保険者整理番号.
    InsuredNumber,
    /// 氏名（カナ）.
    NameKana,
    /// 氏名（漢字）.
    NameKanji,
    /// 生年月日の元号.
    BirthEra,
    /// 生年月日 (YYMMDD).
    BirthDate,
    /// 性別 / 種別.
    Sex,
    /// 個人番号.
    MyNumber,
    /// 基礎年金番号: 課所符号.
    PensionOffice,
    /// 基礎年金番号: 一連番号.
    PensionSerial,
    /// 資格取得年月日の元号.
    AcquisitionEra,
    /// 資格取得年月日 (YYMMDD).
    AcquisitionDate,
    /// 資格喪失年月日の元号.
    LossEra,
    /// 資格喪失年月日 (YYMMDD).
    LossDate,
    /// 続柄.
    Relationship,
    /// 郵便番号 (親番号, 3 digits).
    PostcodeParent,
    /// 郵便番号 (子番号, 4 digits).
    PostcodeChild,
    /// 住所（カナ）.
    AddressKana,
    /// 住所（漢字）.
    AddressKanji,
    /// 異動の別 (被扶養者(異動)届).
    ChangeKind,
    /// 資格確認書発行要否.
    CertificateRequest,
    /// 住民票住所を記載できない理由 (1 海外在住, 2 短期在留, 3 その他): why a record has no My Number.
    NoAddressReason,
}

/// What kind of personal number an item holds; such values are never printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitive {
    /// 個人番号 (My Number).
    MyNumber,
    /// 基礎年金番号.
    PensionNumber,
    /// 被保険者記号・番号.
    InsuranceNumber,
}

/// A condition on another item (or on the item's own person) — see `docs/layouts.md`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Condition {
    /// All of the listed conditions hold.
    All {
        /// The conditions.
        all: Vec<Condition>,
    },
    /// Item `item` has a value (`present = true`) or has none.
    Present {
        /// The item (項番).
        item: u16,
        /// Whether it must have a value.
        present: bool,
    },
    /// Item `item` holds one of the values.
    In {
        /// The item (項番).
        item: u16,
        /// The values.
        r#in: Vec<String>,
    },
    /// This item's person is on the record (`slot_present = true`) or is not.
    SlotPresent {
        /// Whether the person must be on the record.
        slot_present: bool,
    },
}

/// One item (項目) of a layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// 項番 (1-based).
    pub no: u16,
    /// The official item name.
    pub name: String,
    #[serde(default)]
    /// An English gloss of the name.
    pub name_en: String,
    /// The value's shape.
    pub kind: Kind,
    #[serde(default)]
    /// For `fixed`: the only value.
    pub value: Option<String>,
    #[serde(default)]
    /// The most Shift_JIS bytes the value may take (半角 = 1, 全角 = 2).
    pub max_bytes: Option<u16>,
    #[serde(default)]
    /// For `digits`: the fewest digits.
    pub min_len: Option<u16>,
    #[serde(default)]
    /// For `digits`: the most digits.
    pub max_len: Option<u16>,
    #[serde(default)]
    /// For `digits`: all zeros is rejected.
    pub not_all_zero: bool,
    #[serde(default)]
    /// For `code`: the allowed values, exactly as written.
    pub codes: Vec<String>,
    /// Values never allowed (郡市区符号 `99`), whatever the kind.
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    /// For `era`: the allowed 元号 codes.
    pub eras: Vec<u8>,
    #[serde(default)]
    /// For `date`: the 項番 of the 元号 item the date belongs to.
    pub era_item: Option<u16>,
    #[serde(default)]
    /// For `date`: the day may not be after the 受付日.
    pub not_after_received: bool,
    #[serde(default)]
    /// The item must have a value.
    pub required: bool,
    #[serde(default)]
    /// The item must have a value when any of these holds.
    pub required_when: Vec<Condition>,
    #[serde(default)]
    /// The item must be empty when any of these holds.
    pub omitted_when: Vec<Condition>,
    #[serde(default)]
    /// Whose item it is.
    pub slot: Slot,
    #[serde(default)]
    /// The model field it fills.
    pub role: Option<Role>,
    #[serde(default)]
    /// The kind of personal number it holds (never shown).
    pub sensitive: Option<Sensitive>,
    /// `codes` packed into integers and sorted, for lookups on every record (filled by the
    /// loader when every code is at most 7 bytes).
    #[serde(skip)]
    pub(crate) packed_codes: Option<Vec<u64>>,
}

/// A short string as an integer (big-endian, so integer order is string order).
pub(crate) fn pack(s: &str) -> Option<u64> {
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
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecognisedForm {
    /// 様式コード.
    pub code: String,
    /// The form's official title.
    pub title: String,
    /// An English gloss of the title.
    pub title_en: String,
}
