//! What the society issues to whom after it registers a filing (`todokede issuance`).
//!
//! The society's notice (`shared/seed/tjk-hokensho-haishi.txt`, docs/issuance-sources.md) says
//! that each 事業所 receives A 決定通知書, B 資格情報のお知らせ (every person enrolled), C 資格確認書
//! (those who qualify) and D 送付者リスト, at the 事業所's registered address only. This module
//! works that out from the normalized model ([`Filing`]) and the check findings: one
//! [`IssuedPerson`] per person a filing enrols — the insured of a 資格取得届 (2200700) and each
//! dependent a 被扶養者(異動)届 (2202700) adds (異動の別 1 該当) — grouped per 事業所.
//!
//! Nothing here prints: the renderers in `report/issuance/` and `report/html.rs` do. No personal
//! number (My Number, 基礎年金番号, 記号・番号) is ever copied into the list; the My Number is
//! only compared, to find a dependent's insured in the same filing.

pub mod calendar;
mod offices;
pub mod remuneration;
pub mod staff;

use chrono::{Datelike, NaiveDate};

use crate::diag::Diagnostic;
use crate::layout::{self, Layout, ModelKind, Role as ItemRole, Slot};
use crate::model::{CertificateRequest, Filing, FormRecord, Person};

pub use calendar::{Calendar, CalendarError, ClosedDays};
pub use offices::{Address, OfficeKey};
pub use remuneration::{Grade, GradeTable};

/// The `schema` of the JSON list.
pub const SCHEMA: &str = "todokede-issuance/1";

/// Business days from receipt to a requested 資格確認書: the upper figure of the notice's
/// 「おおよそ6~7営業日」.
pub const ISSUE_BUSINESS_DAYS: u32 = 7;
/// Calendar days from receipt to a 資格確認書 that follows the government data link: the upper
/// figure of 「おおよそ10~11日間」.
pub const DATA_LINK_DAYS: i64 = 11;

/// How the list is worked out.
#[derive(Debug, Clone)]
pub struct Options {
    /// 受付日: when the society received the filings.
    pub received_on: NaiveDate,
    /// The issue date when the society knows it (`--issue-on`); estimated from `received_on`
    /// when `None`.
    pub issue_on: Option<NaiveDate>,
    /// Business days: national holidays and the society's closed days.
    pub calendar: Calendar,
}

/// What a person receives besides the 資格情報のお知らせ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certificate {
    /// The 資格確認書発行要否 box is ticked: a 資格確認書 is issued.
    Issue,
    /// Not ticked, or an old-format form (registered 発行希望なし): a 資格確認書 follows only if
    /// the government data link shows no マイナ保険証.
    OnDataLink,
    /// The box could not be read (OCR): a reviewer must look at the paper.
    Unknown,
}

impl Certificate {
    /// The name used in the JSON and CSV lists (`issue`, `on_data_link`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Certificate::Issue => "issue",
            Certificate::OnDataLink => "on_data_link",
            Certificate::Unknown => "unknown",
        }
    }

    /// The words staff read.
    pub fn ja(self) -> &'static str {
        match self {
            Certificate::Issue => "発行",
            Certificate::OnDataLink => "データ連携の結果による",
            Certificate::Unknown => "要確認（発行要否欄を読めません）",
        }
    }
}

/// The person's place in the filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 被保険者.
    Insured,
    /// 配偶者 (the spouse among the dependents).
    Spouse,
    /// その他の被扶養者.
    OtherDependent,
}

impl Role {
    /// The name used in the JSON and CSV lists (`insured`, `spouse`, `other_dependent`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Insured => "insured",
            Role::Spouse => "spouse",
            Role::OtherDependent => "other_dependent",
        }
    }

    /// The Japanese name (被保険者, 配偶者, その他の被扶養者).
    pub fn ja(self) -> &'static str {
        match self {
            Role::Insured => "被保険者",
            Role::Spouse => "配偶者",
            Role::OtherDependent => "その他の被扶養者",
        }
    }

    fn of(slot: Slot) -> Role {
        match slot {
            Slot::Spouse => Role::Spouse,
            Slot::Dependent1 | Slot::Dependent2 => Role::OtherDependent,
            Slot::Insured | Slot::Office => Role::Insured,
        }
    }
}

/// A remark for staff, with a stable code for scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// A stable code for scripts.
    pub code: &'static str,
    /// The remark in Japanese.
    pub ja: String,
    /// The remark in English.
    pub en: String,
}

impl Note {
    fn new(code: &'static str, ja: impl Into<String>, en: impl Into<String>) -> Note {
        Note {
            code,
            ja: ja.into(),
            en: en.into(),
        }
    }
}

/// Where a person's record is in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The filing file (a package: the ZIP or folder).
    pub path: String,
    /// The record number findings use (CSV: within `[data]`; XML and OCR: within the file).
    pub record: u32,
    /// The CSV line, when the record is one.
    pub line: Option<u32>,
}

/// The 標準報酬月額 grade a 70–74-year-old's 負担割合 was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopayBasis {
    /// The grade of the table the 報酬月額 falls in.
    pub grade: Grade,
    /// The 2200700 record whose 報酬月額（合計） gave the grade (the insured's own).
    pub record: u32,
}

/// One person a filing enrols.
#[derive(Debug, Clone)]
pub struct IssuedPerson {
    /// 氏名（カナ）, as the filing states it.
    pub name_kana: Option<String>,
    /// 氏名（漢字）, as the filing states it.
    pub name_kanji: Option<String>,
    /// 生年月日, when the filing gives a valid one.
    pub birth_date: Option<NaiveDate>,
    /// Insured, spouse or other dependent.
    pub role: Role,
    /// 被保険者整理番号 of the insured (for a dependent: of the insured it belongs to).
    pub reference_number: Option<String>,
    /// The form (様式) code of the record the person is on.
    pub form: String,
    /// The form's title (資格取得届, 被扶養者(異動)届).
    pub form_title: Option<String>,
    /// An old-format form without the 資格確認書発行希望 box (registered "not requested").
    pub old_format: bool,
    /// The file and record the person was read from.
    pub source: Source,
    /// What the person receives besides the 資格情報のお知らせ.
    pub certificate: Certificate,
    /// 資格情報のお知らせ: every enrolled person receives one.
    pub notice: bool,
    /// The planned issue date (known or estimated from the 受付日); `None` when it cannot be told.
    pub issue_on: Option<NaiveDate>,
    /// 有効期限 of the 資格確認書 (for `on_data_link`: the one it would carry if issued).
    pub certificate_expires_on: Option<NaiveDate>,
    /// The person's age on the issue date.
    pub age_at_issue: Option<u32>,
    /// `******` below 70; `2割`, `3割` or `要確認` from 70; `None` when no issue date is known.
    pub copay_display: Option<&'static str>,
    /// The 標準報酬月額 grade the 負担割合 was read from (70–74-year-olds).
    pub copay_basis: Option<CopayBasis>,
    /// Error codes on the person's record (or on its file): the society waits for a correction.
    pub blocked_by: Vec<&'static str>,
    /// Remarks for staff.
    pub notes: Vec<Note>,
}

impl IssuedPerson {
    /// True when nothing stops the society from registering the person now.
    pub fn ready(&self) -> bool {
        self.blocked_by.is_empty()
    }

    /// The name staff read: kanji when the filing has it, else kana.
    pub fn name(&self) -> &str {
        self.name_kanji
            .as_deref()
            .or(self.name_kana.as_deref())
            .unwrap_or("")
    }
}

/// Counts of what a 事業所 (or the run) receives, over the persons ready to register.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Persons listed, ready or not.
    pub persons: usize,
    /// B: 資格情報のお知らせ.
    pub notices: usize,
    /// C: 資格確認書 planned now (the box is ticked).
    pub certificates: usize,
    /// D: persons on the 送付者リスト (everyone who receives B or C).
    pub sending_list: usize,
    /// Persons whose 資格確認書 depends on the government data link.
    pub data_link: usize,
    /// Persons whose box could not be read.
    pub unknown: usize,
    /// Persons who wait for a correction (not counted above).
    pub blocked: usize,
}

impl Counts {
    fn add(&mut self, p: &IssuedPerson) {
        self.persons += 1;
        if !p.ready() {
            self.blocked += 1;
            return;
        }
        self.notices += usize::from(p.notice);
        self.sending_list += 1;
        match p.certificate {
            Certificate::Issue => self.certificates += 1,
            Certificate::OnDataLink => self.data_link += 1,
            Certificate::Unknown => self.unknown += 1,
        }
    }

    fn sum(&mut self, o: &Counts) {
        self.persons += o.persons;
        self.notices += o.notices;
        self.certificates += o.certificates;
        self.sending_list += o.sending_list;
        self.data_link += o.data_link;
        self.unknown += o.unknown;
        self.blocked += o.blocked;
    }
}

/// What one 事業所 receives.
#[derive(Debug, Clone)]
pub struct OfficeIssuance {
    /// Which 事業所 (都道府県 / 郡市区 / 記号 / 番号).
    pub key: OfficeKey,
    /// 事業所番号 (the 年金事務所's number of the 事業所), when the filing gives it.
    pub number: Option<String>,
    /// 事業所名称, as the filing gives it.
    pub name: Option<String>,
    /// Where the documents go: the 事業所's registered address, as the filing states it; `None`
    /// when the filing has no 事業所情報 (the society's own registration still applies).
    pub deliver_to: Option<Address>,
    /// Remarks for staff about the 事業所.
    pub notes: Vec<Note>,
    /// The persons it enrols, in filing order.
    pub persons: Vec<IssuedPerson>,
    /// What it receives, counted.
    pub counts: Counts,
}

/// The whole list.
#[derive(Debug, Clone)]
pub struct Issuance {
    /// 受付日: when the society received the filings.
    pub received_on: NaiveDate,
    /// The issue date given (`--issue-on`); `None` when each date is estimated.
    pub issue_on: Option<NaiveDate>,
    /// The society's closed days used for the estimate.
    pub closed_days: ClosedDays,
    /// The first year of the holiday table used.
    pub holidays_first_year: i32,
    /// The last year of the holiday table used.
    pub holidays_last_year: i32,
    /// Per 事業所, in the order first seen.
    pub offices: Vec<OfficeIssuance>,
    /// How many filing files were read.
    pub files: usize,
    /// The counts over every 事業所.
    pub summary: Counts,
}

/// Why the list cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuanceError {
    /// An issue date needs a day the holiday table does not cover.
    Calendar(CalendarError),
    /// The embedded 標準報酬月額 table does not load (a build defect).
    Grades(String),
}

impl std::fmt::Display for IssuanceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IssuanceError::Calendar(e) => write!(f, "{e}"),
            IssuanceError::Grades(e) => write!(f, "{e}"),
        }
    }
}

impl IssuanceError {
    /// Why the list cannot be made, in both languages.
    pub fn text(&self) -> crate::diag::Text {
        match self {
            IssuanceError::Calendar(e) => e.text(),
            IssuanceError::Grades(e) => crate::diag::Text::new(
                "組み込みの標準報酬月額表を読めません（ビルドの不具合です）",
                e.clone(),
            ),
        }
    }
}

impl std::error::Error for IssuanceError {}

impl From<CalendarError> for IssuanceError {
    fn from(e: CalendarError) -> IssuanceError {
        IssuanceError::Calendar(e)
    }
}

/// The name of the item `name` in a layout, if it has one (items the model gives no role).
fn item_named(layout: &Layout, name: &str) -> Option<u16> {
    layout.items.iter().find(|i| i.name == name).map(|i| i.no)
}

/// The value of item `no` of a record ("" when absent).
fn value(form: &FormRecord, no: u16) -> &str {
    usize::from(no)
        .checked_sub(1)
        .and_then(|i| form.items.get(i))
        .map_or("", |v| v.value.as_str())
}

/// The value of the item with `role` in `slot`, unless the layout marks it a personal number.
fn role_value<'a>(
    form: &'a FormRecord,
    layout: &Layout,
    slot: Slot,
    role: ItemRole,
) -> Option<&'a str> {
    layout
        .role(slot, role)
        .filter(|i| i.sensitive.is_none())
        .map(|i| value(form, i.no))
        .filter(|v| !v.is_empty())
}

/// 年齢 on `on`: whole years, a year being complete on the birthday (民法 第143条: born on
/// 29 February, the year is complete on 1 March when the year has no 29 February).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let years = on.year() - birth.year();
    let before = (on.month(), on.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before)).ok()
}

/// 有効期限 of a 資格確認書 issued on `issued`: 31 March of the third fiscal year (April–March)
/// counted from the fiscal year of issue (「発行年度から3年目の3月末日」).
pub fn expires_on(issued: NaiveDate) -> Option<NaiveDate> {
    let fiscal = if issued.month() >= 4 {
        issued.year()
    } else {
        issued.year() - 1
    };
    NaiveDate::from_ymd_opt(fiscal + 3, 3, 31)
}

/// The expected issue date of what `certificate` means, received on `received`.
pub fn estimate_issue_on(
    calendar: &Calendar,
    received: NaiveDate,
    certificate: Certificate,
) -> Result<Option<NaiveDate>, CalendarError> {
    Ok(match certificate {
        Certificate::Issue => Some(calendar.add_business_days(received, ISSUE_BUSINESS_DAYS)?),
        // Eleven calendar days; the society sends nothing on a closed day, so the next
        // business day.
        Certificate::OnDataLink => received
            .checked_add_signed(chrono::Duration::days(DATA_LINK_DAYS))
            .map(|d| calendar.on_or_after(d))
            .transpose()?,
        Certificate::Unknown => None,
    })
}

/// A person as the filing names them, for matching a dependent to its insured.
struct Identity<'a> {
    my_number: Option<&'a str>,
    name_kana: Option<&'a str>,
    birth: Option<&'a str>,
}

impl Identity<'_> {
    fn of(p: &Person) -> Identity<'_> {
        Identity {
            my_number: p.my_number.as_deref().filter(|v| !v.is_empty()),
            name_kana: p.name_kana.as_deref(),
            birth: p.birth_date.as_ref().and_then(|b| b.iso.as_deref()),
        }
    }

    /// The same person: the same My Number, or (without one on either side) the same kana name
    /// and date of birth.
    fn same(&self, o: &Identity<'_>) -> bool {
        match (self.my_number, o.my_number) {
            (Some(a), Some(b)) => a == b,
            _ => {
                self.name_kana.is_some()
                    && self.name_kana == o.name_kana
                    && self.birth.is_some()
                    && self.birth == o.birth
            }
        }
    }
}

fn birth_of(p: &Person) -> Option<NaiveDate> {
    p.birth_date
        .as_ref()
        .and_then(|b| b.iso.as_deref())
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// The 報酬月額（合計） of a 2200700 record, when it is a number.
fn monthly_remuneration(form: &FormRecord, layout: &Layout) -> Option<u32> {
    item_named(layout, "報酬月額（合計）")
        .map(|no| value(form, no))
        .and_then(|v| v.parse().ok())
}

/// The persons a record enrols in 健康保険, with the layout that says so.
fn enrolled(form: &FormRecord) -> Option<(&'static Layout, Vec<&Person>)> {
    let layout = form.layout.as_deref().and_then(layout::find_by_name)?;
    let persons = match layout.model {
        ModelKind::QualificationAcquisition => {
            // 70歳以上被用者届のみ提出: a 厚生年金 notice only, nobody joins 健康保険.
            let only_pension = item_named(layout, "70歳以上被用者届のみ提出")
                .is_some_and(|no| value(form, no) == "1");
            if only_pension {
                return None;
            }
            form.persons
                .iter()
                .filter(|p| p.slot == Slot::Insured)
                .collect()
        }
        ModelKind::DependentChange => {
            let added = layout
                .role(Slot::Insured, ItemRole::ChangeKind)
                .is_some_and(|i| value(form, i.no) == "1");
            if !added {
                return None;
            }
            form.persons
                .iter()
                .filter(|p| p.slot != Slot::Insured)
                .collect()
        }
        ModelKind::QualificationLoss | ModelKind::Other => return None,
    };
    Some((layout, persons))
}

/// The work on one filing: its errors per record, and its 2200700 insured for dependents.
struct FilingContext<'a> {
    filing: &'a Filing,
    errors: std::collections::BTreeMap<crate::diag::RecordId, Vec<&'static str>>,
    unplaced: Vec<&'static str>,
}

impl<'a> FilingContext<'a> {
    fn new(filing: &'a Filing, diagnostics: &[Diagnostic]) -> FilingContext<'a> {
        // The same answer `convert` gets: a record with an error is not registered.
        let (errors, unplaced) = crate::convert::errors_by_record(filing, diagnostics);
        FilingContext {
            filing,
            errors,
            unplaced,
        }
    }

    fn blocked_by(&self, form: &FormRecord) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = self.errors.get(&form.id).cloned().unwrap_or_default();
        for c in &self.unplaced {
            if !codes.contains(c) {
                codes.push(c);
            }
        }
        codes
    }

    /// The insured's 2200700 in this filing, for the dependents of `form` (a 2202700).
    fn insured_acquisition(&self, form: &FormRecord) -> Option<(&'a FormRecord, &'static Layout)> {
        let insured = form.persons.iter().find(|p| p.slot == Slot::Insured)?;
        let who = Identity::of(insured);
        self.filing.forms.iter().find_map(|f| {
            let layout = f.layout.as_deref().and_then(layout::find_by_name)?;
            if layout.model != ModelKind::QualificationAcquisition {
                return None;
            }
            let p = f.persons.iter().find(|p| p.slot == Slot::Insured)?;
            Identity::of(p).same(&who).then_some((f, layout))
        })
    }
}

/// A person on a record of a layout.
#[derive(Clone, Copy)]
struct Subject<'a> {
    form: &'a FormRecord,
    layout: &'a Layout,
    person: &'a Person,
}

/// The 負担割合 as the 資格確認書 and the お知らせ print it, for a person of `age` at issue.
fn copay(
    ctx: &FilingContext<'_>,
    grades: &GradeTable,
    who: &Subject<'_>,
    issue_on: NaiveDate,
    age: u32,
    notes: &mut Vec<Note>,
) -> (&'static str, Option<CopayBasis>) {
    let Subject {
        form,
        layout,
        person,
    } = *who;
    if age < 70 {
        return ("******", None);
    }
    if age >= 75 {
        notes.push(Note::new(
            "over_75",
            "発行時75歳以上: 後期高齢者医療制度の被保険者となるため、健康保険には加入しません。届出内容を確認してください",
            "75 or older at issue: covered by 後期高齢者医療, not by this health insurance; check the filing",
        ));
        return ("要確認", None);
    }
    let from_grade = |f: &FormRecord, l: &Layout, notes: &mut Vec<Note>| {
        let Some(monthly) = monthly_remuneration(f, l) else {
            notes.push(Note::new(
                "copay_unknown",
                "被保険者の報酬月額が読めないため、負担割合を決められません",
                "the insured's monthly remuneration cannot be read, so the copayment share is unknown",
            ));
            return ("要確認", None);
        };
        let grade = grades.grade_for(monthly);
        let basis = Some(CopayBasis {
            grade,
            record: f.record,
        });
        if grades.pays_30(grade) {
            notes.push(Note::new(
                "income_application",
                "3割: 収入が基準に満たない場合、基準収入額適用申請により2割になります",
                "3割: a 基準収入額適用 application turns it into 2割 when the household income is below the limits",
            ));
            ("3割", basis)
        } else {
            ("2割", basis)
        }
    };
    if person.slot == Slot::Insured {
        return from_grade(form, layout, notes);
    }
    // A dependent of 70–74: 2割 unless the insured is 70 or older with 標準報酬月額 ≥ 28万円.
    let insured_age = form
        .persons
        .iter()
        .find(|p| p.slot == Slot::Insured)
        .and_then(birth_of)
        .and_then(|b| age_on(b, issue_on));
    match insured_age {
        Some(a) if a < 70 => ("2割", None),
        Some(a) if a < 75 => match ctx.insured_acquisition(form) {
            Some((f, l)) => from_grade(f, l, notes),
            None => {
                notes.push(Note::new(
                    "copay_unknown",
                    "被保険者が70歳以上ですが、その資格取得届（報酬月額）がこの届書にないため、負担割合を決められません",
                    "the insured is 70 or older, but the filing has no 資格取得届 of theirs with the monthly remuneration",
                ));
                ("要確認", None)
            }
        },
        Some(_) => {
            notes.push(Note::new(
                "copay_unknown",
                "被保険者が75歳以上（後期高齢者医療）のため、負担割合を決められません",
                "the insured is 75 or older (後期高齢者医療), so the copayment share is unknown",
            ));
            ("要確認", None)
        }
        None => {
            notes.push(Note::new(
                "copay_unknown",
                "被保険者の生年月日が読めないため、負担割合を決められません",
                "the insured's date of birth cannot be read, so the copayment share is unknown",
            ));
            ("要確認", None)
        }
    }
}

/// Works out the list from every filing of a run and all the findings of that run (not a
/// limited set: a dropped error would hide a blocked person).
pub fn build(
    filings: &[Filing],
    diagnostics: &[Diagnostic],
    opts: &Options,
) -> Result<Issuance, IssuanceError> {
    let grades = GradeTable::embedded().map_err(IssuanceError::Grades)?;
    let mut groups = offices::Groups::default();
    for filing in filings {
        let ctx = FilingContext::new(filing, diagnostics);
        let filing_offices = offices::of_filing(filing);
        for form in &filing.forms {
            let Some((layout, persons)) = enrolled(form) else {
                continue;
            };
            let key = offices::key_of_record(filing, &filing_offices, form, layout);
            let group = groups.entry(&key, filing, &filing_offices);
            let reference_number = role_value(form, layout, Slot::Insured, ItemRole::InsuredNumber);
            for person in persons {
                let who = Subject {
                    form,
                    layout,
                    person,
                };
                let p = issued(&ctx, grades, opts, &who, reference_number)?;
                group.persons.push(p);
            }
        }
    }
    let mut out = groups.finish();
    let mut summary = Counts::default();
    for o in &mut out {
        o.counts = Counts::default();
        for p in &o.persons {
            o.counts.add(p);
        }
        summary.sum(&o.counts);
    }
    let holidays = opts.calendar.holidays();
    Ok(Issuance {
        received_on: opts.received_on,
        issue_on: opts.issue_on,
        closed_days: opts.calendar.closed.clone(),
        holidays_first_year: holidays.first_year,
        holidays_last_year: holidays.last_year,
        offices: out,
        files: filings.len(),
        summary,
    })
}

fn issued(
    ctx: &FilingContext<'_>,
    grades: &GradeTable,
    opts: &Options,
    who: &Subject<'_>,
    reference_number: Option<&str>,
) -> Result<IssuedPerson, IssuanceError> {
    let Subject { form, person, .. } = *who;
    let mut notes = Vec::new();
    let certificate = match person.certificate_request {
        Some(CertificateRequest::Requested) => Certificate::Issue,
        Some(CertificateRequest::NotRequested) => Certificate::OnDataLink,
        Some(CertificateRequest::NotRequestedOldFormat) => {
            notes.push(Note::new(
                "old_format",
                "旧様式の届書のため「発行希望なし」として登録されます",
                "old-format form: registered as no certificate requested",
            ));
            Certificate::OnDataLink
        }
        Some(CertificateRequest::Unknown) | None => {
            notes.push(Note::new(
                "box_unreadable",
                "資格確認書発行要否欄を読み取れません。用紙で確認してください",
                "the certificate box could not be read; look at the paper form",
            ));
            Certificate::Unknown
        }
    };
    if certificate == Certificate::OnDataLink {
        notes.push(Note::new(
            "data_link",
            "資格確認書は、政府のデータ連携でマイナ保険証がないと分かった場合に交付されます（受付から10〜11日程度）",
            "a 資格確認書 follows only if the government data link shows no マイナ保険証 (about 10–11 days after receipt)",
        ));
    }
    let issue_on = match opts.issue_on {
        Some(d) => Some(d),
        None => estimate_issue_on(&opts.calendar, opts.received_on, certificate)?,
    };
    let certificate_expires_on = match certificate {
        Certificate::Unknown => None,
        Certificate::Issue | Certificate::OnDataLink => issue_on.and_then(expires_on),
    };
    let birth_date = birth_of(person);
    let age_at_issue = match (birth_date, issue_on) {
        (Some(b), Some(i)) => age_on(b, i),
        _ => None,
    };
    let (copay_display, copay_basis) = match (age_at_issue, issue_on) {
        (Some(age), Some(on)) => {
            let (c, b) = copay(ctx, grades, who, on, age, &mut notes);
            (Some(c), b)
        }
        _ => (None, None),
    };
    Ok(IssuedPerson {
        name_kana: person.name_kana.clone(),
        name_kanji: person.name_kanji.clone(),
        birth_date,
        role: Role::of(person.slot),
        reference_number: reference_number.map(str::to_string),
        form: form.form.clone(),
        form_title: form.title.clone(),
        old_format: form.old_format,
        source: Source {
            path: ctx.filing.path.clone(),
            record: form.record,
            line: form.line,
        },
        certificate,
        notice: true,
        issue_on,
        certificate_expires_on,
        age_at_issue,
        copay_display,
        copay_basis,
        blocked_by: ctx.blocked_by(form),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn expiry_follows_the_fiscal_year_of_issue() {
        // The notice's examples: issued 2025-01 → 2027-03-31; issued 2025-04 → 2028-03-31.
        assert_eq!(expires_on(day("2025-01-15")), Some(day("2027-03-31")));
        assert_eq!(expires_on(day("2025-04-01")), Some(day("2028-03-31")));
        assert_eq!(expires_on(day("2025-03-31")), Some(day("2027-03-31")));
        assert_eq!(expires_on(day("2026-12-10")), Some(day("2029-03-31")));
    }

    #[test]
    fn a_march_receipt_is_issued_in_april() {
        let c = Calendar::embedded(ClosedDays::society_default().unwrap()).unwrap();
        // Tue 2025-03-25 + 7 business days = Thu 2025-04-03: fiscal 2025, so 2028-03-31.
        let on = estimate_issue_on(&c, day("2025-03-25"), Certificate::Issue)
            .unwrap()
            .unwrap();
        assert_eq!(on, day("2025-04-03"));
        assert_eq!(expires_on(on), Some(day("2028-03-31")));
        // 11 days later is Sat 2025-04-05: the next business day, Mon 2025-04-07.
        let link = estimate_issue_on(&c, day("2025-03-25"), Certificate::OnDataLink).unwrap();
        assert_eq!(link, Some(day("2025-04-07")));
        assert_eq!(
            estimate_issue_on(&c, day("2025-03-25"), Certificate::Unknown).unwrap(),
            None
        );
    }

    #[test]
    fn ages_count_whole_years() {
        let b = day("1956-12-10");
        assert_eq!(age_on(b, day("2026-12-09")), Some(69));
        assert_eq!(age_on(b, day("2026-12-10")), Some(70));
        let leap = day("1952-02-29");
        assert_eq!(age_on(leap, day("2027-02-28")), Some(74));
        assert_eq!(age_on(leap, day("2027-03-01")), Some(75));
        assert_eq!(age_on(day("2030-01-01"), day("2026-12-10")), None);
    }
}
