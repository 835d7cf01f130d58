//! Mapping profiles: which form an Azure Document Intelligence document is, and which record and
//! 項番 each field of the custom model is (`schemas/ocr/*.toml`, format in `docs/formats.md`).
//!
//! A custom model names its document types and fields freely; the profile is the one place that
//! knows what they mean. Names are matched against patterns: literal text (ASCII letters match
//! in either case), `*` (anything), and the placeholders `{form}` (様式コード, 7–8 digits),
//! `{version}` (`YYYY-MM`), `{record}` and `{item}` (digits). The first rule that matches wins.
//! The default profile (embedded) covers models whose fields are named after the items:
//! `r1_i13` is record 1's 項番13, and a docType ending in `2200700-2024-12` is that layout.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diag::Text;
use crate::model::ocr::FieldKind;

/// The profile used when none is given.
pub const DEFAULT: &str = include_str!("../../../schemas/ocr/azure-default.toml");

/// A mapping profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    #[serde(default)]
    /// What the profile is for.
    pub description: String,
    #[serde(default, rename = "document")]
    /// Which document types of the custom model are which forms.
    pub documents: Vec<DocumentRule>,
    #[serde(default, rename = "field")]
    /// Field name → record and item.
    pub fields: Vec<FieldRule>,
    #[serde(default, rename = "table")]
    /// Table fields, one row per record.
    pub tables: Vec<TableRule>,
}

/// docType → form and version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    /// The `docType` of the custom model.
    pub doc_type: String,
    #[serde(default)]
    /// The form (様式コード) it is.
    pub form: Option<String>,
    #[serde(default)]
    /// The layout revision (`2024-12`).
    pub version: Option<String>,
}

/// Field name → record and item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    /// The field's name in the model.
    pub name: String,
    #[serde(default)]
    /// The record (person) it belongs to (1-based; 0 for a box printed once per sheet).
    pub record: Option<u32>,
    #[serde(default)]
    /// The item (項番) it fills.
    pub item: Option<u16>,
    /// 項番 (1–12) of the SHFD 事業所情報 record, for a box of the 事業所 block (instead of
    /// `item`; the record is 0).
    #[serde(default)]
    pub office: Option<u16>,
    /// The kind of box when the field's own type does not say it (`choice` for a circled code
    /// read as a string).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// A table field (`valueArray` of `valueObject` rows): row n is record `first_record + n`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableRule {
    /// The table field's name in the model.
    pub name: String,
    #[serde(default = "one")]
    /// The record of the first row.
    pub first_record: u32,
    /// Column name → 項番.
    pub columns: BTreeMap<String, u16>,
}

fn one() -> u32 {
    1
}

/// Where a mapped field goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The record (person).
    pub record: u32,
    /// The item (項番).
    pub item: u16,
    /// 事業所情報 項番 for a box of the 事業所 block (`item` is then 0).
    pub office: Option<u16>,
    /// The kind of box, when the profile says it.
    pub kind: Option<FieldKind>,
}

/// A profile that does not load or cannot map anything: what is wrong, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError(pub Text);

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl Profile {
    /// Parses and checks a profile.
    pub fn parse(text: &str) -> Result<Profile, ProfileError> {
        let fail = |ja: String, en: String| Err(ProfileError(Text::new(ja, en)));
        let p: Profile = match toml::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                let why = crate::diag::cause::toml(&e);
                let at = crate::diag::cause::toml_at(&e, text);
                let ja = match at {
                    Some((l, c)) => format!("{l}行{c}列: {}", why.ja),
                    None => why.ja,
                };
                return fail(ja, e.to_string());
            }
        };
        for d in &p.documents {
            let pat = Pattern::new(&d.doc_type);
            if d.form.is_none() && !pat.has(Ph::Form) {
                let name = &d.doc_type;
                return fail(
                    format!("文書「{name}」: パターンに {{form}} がなく、`form` もありません"),
                    format!("document `{name}`: no {{form}} in the pattern and no `form`"),
                );
            }
        }
        for f in &p.fields {
            let pat = Pattern::new(&f.name);
            let name = &f.name;
            let office = f.office.is_some() || pat.has(Ph::Office);
            if f.item.is_none() && !pat.has(Ph::Item) && !office {
                return fail(
                    format!("フィールド「{name}」: パターンに {{item}} も {{office}} もなく、`item` も `office` もありません"),
                    format!("field `{name}`: no {{item}} or {{office}} in the pattern and no `item` or `office`"),
                );
            }
            if office && (f.item.is_some() || pat.has(Ph::Item)) {
                return fail(
                    format!("フィールド「{name}」: 項目と事業所の項目は、どちらか一方だけを指定してください"),
                    format!("field `{name}`: give either an item or an office item, not both"),
                );
            }
            if f.record.is_none() && !pat.has(Ph::Record) && !office {
                return fail(
                    format!(
                        "フィールド「{name}」: パターンに {{record}} がなく、`record` もありません"
                    ),
                    format!("field `{name}`: no {{record}} in the pattern and no `record`"),
                );
            }
            if let Some(k) = &f.kind {
                if FieldKind::parse(k).is_none() {
                    return fail(
                        format!("フィールド「{name}」: 種類「{k}」はありません（text、date、number、checkbox、choice のどれかです）"),
                        format!("field `{name}`: unknown type `{k}`"),
                    );
                }
            }
        }
        if p.documents.is_empty() {
            return fail(
                "[[document]] の規則がありません".into(),
                "no [[document]] rule".into(),
            );
        }
        Ok(p)
    }

    /// The embedded default profile, parsed once.
    pub fn default_profile() -> &'static Profile {
        static DEFAULT_PROFILE: std::sync::OnceLock<Profile> = std::sync::OnceLock::new();
        // The embedded file is tested to parse; an empty profile maps nothing and says so.
        DEFAULT_PROFILE.get_or_init(|| {
            Profile::parse(DEFAULT).unwrap_or(Profile {
                name: "default".into(),
                description: String::new(),
                documents: Vec::new(),
                fields: Vec::new(),
                tables: Vec::new(),
            })
        })
    }

    /// The form and version (if known) of a docType.
    pub fn document(&self, doc_type: &str) -> Option<(String, Option<String>)> {
        self.documents.iter().find_map(|d| {
            let caps = Pattern::new(&d.doc_type).matches(doc_type)?;
            let form = d.form.clone().or(caps.form)?;
            Some((form, d.version.clone().or(caps.version)))
        })
    }

    /// The record and item of a field name.
    pub fn field(&self, name: &str) -> Option<Target> {
        self.fields.iter().find_map(|f| {
            let caps = Pattern::new(&f.name).matches(name)?;
            let kind = f.kind.as_deref().and_then(FieldKind::parse);
            if let Some(office) = f.office.or(caps.office) {
                return Some(Target {
                    record: f.record.unwrap_or(0),
                    item: 0,
                    office: Some(office),
                    kind,
                });
            }
            Some(Target {
                record: f.record.or(caps.record)?,
                item: f.item.or(caps.item)?,
                office: None,
                kind,
            })
        })
    }

    /// The table rule of a field name (exact, ASCII case-insensitive).
    pub fn table(&self, name: &str) -> Option<&TableRule> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }
}

impl TableRule {
    /// The 項番 of a column (exact, ASCII case-insensitive).
    pub fn column(&self, name: &str) -> Option<u16> {
        self.columns
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ph {
    Form,
    Version,
    Record,
    Item,
    Office,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Lit(char),
    Any,
    Ph(Ph),
}

#[derive(Debug, Clone, Default)]
struct Captures {
    form: Option<String>,
    version: Option<String>,
    record: Option<u32>,
    item: Option<u16>,
    office: Option<u16>,
}

struct Pattern {
    tokens: Vec<Token>,
}

impl Pattern {
    fn new(s: &str) -> Pattern {
        let mut tokens = Vec::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            let ph = [
                ("{form}", Ph::Form),
                ("{version}", Ph::Version),
                ("{record}", Ph::Record),
                ("{item}", Ph::Item),
                ("{office}", Ph::Office),
            ]
            .into_iter()
            .find(|(k, _)| rest.starts_with(k));
            if let Some((k, p)) = ph {
                tokens.push(Token::Ph(p));
                rest = rest.get(k.len()..).unwrap_or("");
            } else {
                tokens.push(if c == '*' { Token::Any } else { Token::Lit(c) });
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
        Pattern { tokens }
    }

    fn has(&self, p: Ph) -> bool {
        self.tokens.contains(&Token::Ph(p))
    }

    fn matches(&self, s: &str) -> Option<Captures> {
        let chars: Vec<char> = s.chars().collect();
        let mut caps = Captures::default();
        // Names are short; a step budget keeps hostile patterns and names cheap anyway.
        let mut budget = 100_000u32;
        step(&self.tokens, &chars, &mut caps, &mut budget).then_some(caps)
    }
}

fn step(tokens: &[Token], s: &[char], caps: &mut Captures, budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some((first, rest)) = tokens.split_first() else {
        return s.is_empty();
    };
    match first {
        Token::Lit(c) => s
            .split_first()
            .is_some_and(|(h, t)| h.eq_ignore_ascii_case(c) && step(rest, t, caps, budget)),
        Token::Any => (0..=s.len()).any(|n| step(rest, s.get(n..).unwrap_or(&[]), caps, budget)),
        Token::Ph(p) => {
            let lengths: Vec<usize> = match p {
                Ph::Form => vec![8, 7],
                Ph::Version => vec![7],
                Ph::Record | Ph::Item | Ph::Office => (1..=5).rev().collect(),
            };
            for n in lengths {
                let Some(taken) = s.get(..n) else { continue };
                let text: String = taken.iter().collect();
                let ok = match p {
                    Ph::Version => {
                        let b = text.as_bytes();
                        b.len() == 7
                            && b.get(4) == Some(&b'-')
                            && b.iter()
                                .enumerate()
                                .all(|(i, c)| i == 4 || c.is_ascii_digit())
                    }
                    _ => text.bytes().all(|b| b.is_ascii_digit()),
                };
                if !ok {
                    continue;
                }
                let saved = caps.clone();
                match p {
                    Ph::Form => caps.form = Some(text),
                    Ph::Version => caps.version = Some(text),
                    Ph::Record => caps.record = text.parse().ok(),
                    Ph::Item => caps.item = text.parse().ok(),
                    Ph::Office => caps.office = text.parse().ok(),
                }
                if step(rest, s.get(n..).unwrap_or(&[]), caps, budget) {
                    return true;
                }
                *caps = saved;
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_maps_items_and_doc_types() {
        let p = Profile::parse(DEFAULT).expect("embedded default profile");
        assert_eq!(
            p.document("todokede-2200700-2024-12"),
            Some(("2200700".into(), Some("2024-12".into())))
        );
        assert_eq!(
            p.document("shikaku:2202700"),
            Some(("2202700".into(), None))
        );
        assert_eq!(p.document("invoice"), None);
        let t = p.field("r2_i13").unwrap();
        assert_eq!((t.record, t.item), (2, 13));
        let t = p.field("I34").unwrap();
        assert_eq!((t.record, t.item), (1, 34));
        let t = p.field("shared_i4").unwrap();
        assert_eq!((t.record, t.item), (0, 4));
        assert!(p.field("KojinBango").is_none());
        assert!(p.field("r1_i").is_none());
    }

    #[test]
    fn the_example_profile_loads() {
        let text = include_str!("../../../schemas/ocr/azure-example-shikaku.toml");
        let p = Profile::parse(text).expect("example profile");
        let t = p.field("KojinBango").unwrap();
        assert_eq!((t.record, t.item), (1, 13));
        assert_eq!(
            p.table("Hihokensha").and_then(|t| t.column("kojinbango")),
            Some(13)
        );
    }

    #[test]
    fn a_profile_that_cannot_map_is_refused() {
        for bad in [
            "name = \"x\"",
            "name = \"x\"\n[[document]]\ndoc_type = \"abc\"",
            "name = \"x\"\n[[document]]\ndoc_type = \"{form}\"\n[[field]]\nname = \"f\"\nrecord = 1",
            "name = \"x\"\n[[document]]\ndoc_type = \"{form}\"\n[[field]]\nname = \"f{item}\"\nrecord = 1\ntype = \"photo\"",
            "name = \"x\"\nunknown = 1",
        ] {
            assert!(Profile::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn patterns_backtrack_and_stay_cheap() {
        let p = Pattern::new("*{form}-{version}");
        let c = p.matches("a-b-2200700-2024-12").unwrap();
        assert_eq!(c.form.as_deref(), Some("2200700"));
        let long: String = "*".repeat(30);
        assert!(Pattern::new(&(long + "x"))
            .matches(&"a".repeat(200))
            .is_none());
    }
}
