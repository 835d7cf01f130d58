//! Which 事業所 a record belongs to, and where that 事業所's documents go.
//!
//! A filing's 事業所情報 records come in two shapes: the 年金事務所 one (SHFD, e-Gov and paper:
//! 12 items, 事業所整理記号 first) and the 健保組合 one (KPFD: 9 items, 組合事業所番号 first).
//! A record names its 事業所 by 事業所整理記号 (items 2–4); a KPFD record by
//! 事業所番号（健保組合） as well.

use super::{Note, OfficeIssuance};
use crate::layout::{Layout, Role, Slot};
use crate::model::{Filing, FormRecord};

/// What identifies a 事業所 across the files of a run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OfficeKey {
    /// 事業所整理記号: 都道府県コード, 郡市区符号, 事業所記号.
    Pension([String; 3]),
    /// 組合事業所番号 (the society's number of the 事業所, KPFD files).
    Society(String),
    /// Neither is known: the records of one file.
    Unknown(String),
}

impl OfficeKey {
    /// `21-01-ｹｲﾄ`, `1234567`, or empty for an unknown 事業所.
    pub fn code(&self) -> String {
        match self {
            OfficeKey::Pension([a, b, c]) => format!("{a}-{b}-{c}"),
            OfficeKey::Society(n) => n.clone(),
            OfficeKey::Unknown(_) => String::new(),
        }
    }

    /// `pension`, `society` or `unknown`.
    pub fn kind(&self) -> &'static str {
        match self {
            OfficeKey::Pension(_) => "pension",
            OfficeKey::Society(_) => "society",
            OfficeKey::Unknown(_) => "unknown",
        }
    }

    /// What identifies the 事業所, in words: 事業所整理記号, 組合事業所番号 or 事業所不明.
    pub fn kind_ja(&self) -> &'static str {
        match self {
            OfficeKey::Pension(_) => "事業所整理記号",
            OfficeKey::Society(_) => "組合事業所番号",
            OfficeKey::Unknown(_) => "事業所不明",
        }
    }

    /// How staff read it (input text: redact before showing).
    pub fn ja(&self) -> String {
        match self {
            OfficeKey::Pension(_) => format!("事業所整理記号 {}", self.code()),
            OfficeKey::Society(n) => format!("組合事業所番号 {n}"),
            OfficeKey::Unknown(_) => "事業所不明".to_string(),
        }
    }
}

/// A postal address as the filing gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    /// `100-0001`.
    pub postcode: Option<String>,
    /// The address (所在地), as the filing states it.
    pub address: Option<String>,
    /// 事業所名称 (the addressee).
    pub name: Option<String>,
    /// 事業主氏名.
    pub owner: Option<String>,
}

/// One 事業所情報 record of a filing, read.
#[derive(Debug, Clone)]
pub struct OfficeInfo {
    pub key: OfficeKey,
    /// 事業所番号 (SHFD shape).
    pub number: Option<String>,
    pub address: Address,
}

fn non_empty(v: Option<&String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The 事業所情報 records of a filing whose shape is known; others (the pre-2019 9-item SHFD
/// record, already an error) give no address rather than a guessed one.
pub fn of_filing(filing: &Filing) -> Vec<OfficeInfo> {
    let kpfd = filing.medium.as_ref().is_some_and(|m| m.kind == "kpfd");
    filing
        .offices
        .iter()
        .filter_map(|o| {
            let i = &o.items;
            let get = |n: usize| non_empty(i.get(n));
            let postcode = |a: usize, b: usize| match (get(a), get(b)) {
                (Some(a), Some(b)) => Some(format!("{a}-{b}")),
                (a, b) => a.or(b),
            };
            if kpfd && i.len() == 9 {
                return Some(OfficeInfo {
                    key: OfficeKey::Society(get(0)?),
                    number: None,
                    address: Address {
                        postcode: postcode(1, 2),
                        address: get(3),
                        name: get(4),
                        owner: get(5),
                    },
                });
            }
            if !kpfd && i.len() == 12 {
                return Some(OfficeInfo {
                    key: OfficeKey::Pension([get(0)?, get(1)?, get(2)?]),
                    number: get(3),
                    address: Address {
                        postcode: postcode(4, 5),
                        address: get(6),
                        name: get(7),
                        owner: get(8),
                    },
                });
            }
            None
        })
        .collect()
}

/// The 事業所整理記号 a record names (items of slot `office`).
fn record_symbol(form: &FormRecord, layout: &Layout) -> Option<[String; 3]> {
    let get = |role: Role| -> Option<String> {
        let no = layout.role(Slot::Office, role)?.no;
        let v = form
            .items
            .get(usize::from(no).checked_sub(1)?)?
            .value
            .trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    Some([
        get(Role::Prefecture)?,
        get(Role::District)?,
        get(Role::OfficeSymbol)?,
    ])
}

/// The 事業所 of a record: the filing's only one, else the one its 事業所整理記号 (or, in a KPFD
/// file, its 事業所番号（健保組合）) names, else the 事業所整理記号 alone, else the file.
pub fn key_of_record(
    filing: &Filing,
    offices: &[OfficeInfo],
    form: &FormRecord,
    layout: &Layout,
) -> OfficeKey {
    if let [only] = offices {
        return only.key.clone();
    }
    let symbol = record_symbol(form, layout);
    if let Some(s) = &symbol {
        if let Some(o) = offices
            .iter()
            .find(|o| matches!(&o.key, OfficeKey::Pension(k) if k == s))
        {
            return o.key.clone();
        }
    }
    let society_no = layout
        .items
        .iter()
        .find(|i| i.name == "事業所番号（健保組合）")
        .and_then(|i| form.items.get(usize::from(i.no).checked_sub(1)?))
        .map(|v| v.value.trim())
        .filter(|v| !v.is_empty());
    if let Some(n) = society_no {
        if let Some(o) = offices
            .iter()
            .find(|o| matches!(&o.key, OfficeKey::Society(k) if k == n))
        {
            return o.key.clone();
        }
    }
    match symbol {
        Some(s) => OfficeKey::Pension(s),
        None => OfficeKey::Unknown(filing.path.clone()),
    }
}

/// The 事業所 of a run, in the order they are first met.
#[derive(Default)]
pub struct Groups {
    groups: Vec<OfficeIssuance>,
}

impl Groups {
    /// The group of `key`, made (with what `filing` says of the 事業所) when it is new; a
    /// later filing fills in what an earlier one left out.
    pub fn entry(
        &mut self,
        key: &OfficeKey,
        filing: &Filing,
        offices: &[OfficeInfo],
    ) -> &mut OfficeIssuance {
        let at = match self.groups.iter().position(|g| &g.key == key) {
            Some(i) => i,
            None => {
                self.groups.push(OfficeIssuance {
                    key: key.clone(),
                    number: None,
                    name: None,
                    deliver_to: None,
                    notes: Vec::new(),
                    persons: Vec::new(),
                    counts: Default::default(),
                });
                self.groups.len() - 1
            }
        };
        let group = &mut self.groups[at];
        if group.deliver_to.is_none() {
            if let Some(info) = offices.iter().find(|o| &o.key == key) {
                group.name = info.address.name.clone();
                group.number = info.number.clone();
                group.deliver_to = Some(info.address.clone());
            }
        }
        if let Some(name) = &filing.sharoushi {
            if !group.notes.iter().any(|n| n.code == "via_sharoushi") {
                let who = if name.is_empty() {
                    "社会保険労務士".to_string()
                } else {
                    // The name is input text: redacted like every message.
                    format!("社会保険労務士（{}）", crate::diag::redact::name(name))
                };
                group.notes.push(Note::new(
                    "via_sharoushi",
                    format!(
                        "届書（{}）は{who}を通じて提出されましたが、資格情報のお知らせ・資格確認書は事業所の登録住所に送付します（社会保険労務士事務所等への送付は承れません）",
                        crate::diag::redact::name(&filing.path)
                    ),
                    "filed through a 社会保険労務士: the documents still go to the 事業所's registered address, never to the 社労士's office",
                ));
            }
        }
        group
    }

    /// The groups, with a note where no address is known.
    pub fn finish(self) -> Vec<OfficeIssuance> {
        let mut out = self.groups;
        for g in &mut out {
            let has_address = g.deliver_to.as_ref().is_some_and(|a| a.address.is_some());
            if !has_address {
                g.notes.push(Note::new(
                    "no_address",
                    "届書に事業所の所在地がありません。組合に登録された事業所の住所に送付します",
                    "the filing gives no address of the 事業所: the documents go to the address the society has registered",
                ));
            }
        }
        out
    }
}
