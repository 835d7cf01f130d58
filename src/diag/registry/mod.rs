//! The rule registry: every rule's code, default severity, summary, why, example and help.
//!
//! Diagnostics, `todokede explain`, `todokede rules` and `docs/rules.md` all come from this one
//! table, so they cannot drift apart. Codes are stable and never reused: retire a rule by marking
//! it in `docs/rules.md`, not by giving its code to another.

use std::sync::OnceLock;

use crate::diag::{Lang, Severity};

pub mod catalog;
mod egov;
mod filing;
mod ocr;

pub use egov::*;
pub use filing::*;
pub use ocr::*;

#[derive(Debug, PartialEq, Eq)]
/// One rule of the catalogue: its code, severity, texts and the official sources it answers to.
pub struct Rule {
    /// The stable code (`STR001`, `MYN002`), used in reports, `explain` and todokede.toml.
    pub code: &'static str,
    /// The severity of its findings unless the run's policy changes it.
    pub severity: Severity,
    /// One line saying what the rule finds, in Japanese.
    pub summary_ja: &'static str,
    /// One line saying what the rule finds, in English.
    pub summary_en: &'static str,
    /// Why the rule exists: the format fact or business rule behind it, in English.
    pub why: &'static str,
    /// A short example of what fails, in English (empty when there is none).
    pub example: &'static str,
    /// Why the rule exists, in Japanese: the same facts and sources as [`Rule::why`].
    pub why_ja: &'static str,
    /// The example in Japanese (empty exactly when [`Rule::example`] is).
    pub example_ja: &'static str,
    /// How to fix what it finds, in Japanese.
    pub help_ja: &'static str,
    /// How to fix what it finds, in English.
    pub help_en: &'static str,
    /// The official checks this rule mirrors, in their own wording, so that staff can match a
    /// finding to the message a company got (empty when the rule is todokede's own).
    pub official: &'static [Official],
}

/// An official check a rule mirrors: who runs it and how it words it.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Official {
    /// `届書作成プログラム` (its 仕様チェック error names), `自動チェック` (the 年金機構's
    /// 電子申請 自動チェック tables), or `e-Gov` (its own message).
    pub by: &'static str,
    /// The check's name or wording there (`氏名項目形式不正`, `入力されていること`).
    pub check: &'static str,
}

impl Rule {
    /// The one-line summary in `lang`.
    pub fn summary(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.summary_ja,
            Lang::En => self.summary_en,
        }
    }

    /// Why the rule exists, in `lang`.
    pub fn why(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.why_ja,
            Lang::En => self.why,
        }
    }

    /// The example of what fails, in `lang` (empty when there is none).
    pub fn example(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.example_ja,
            Lang::En => self.example,
        }
    }

    /// The help text in `lang`.
    pub fn help(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.help_ja,
            Lang::En => self.help_en,
        }
    }

    /// The family prefix: `ENC`, `STR`, `FLD`, …
    pub fn family(&self) -> &'static str {
        self.code.get(..3).unwrap_or(self.code)
    }
}

/// Declares rules as statics plus a `RULES` slice of them (one use per family module).
macro_rules! rules {
    ($(
        $ident:ident = $code:literal, $sev:ident,
            ja: $sja:literal, en: $sen:literal,
            why: $why:literal, example: $ex:literal,
            why_ja: $wja:literal, example_ja: $exja:literal,
            help_ja: $hja:literal, help_en: $hen:literal
            $(, official: [$(($oby:literal, $ochk:literal)),* $(,)?])?;
    )*) => {
        $(
            /// A rule of the catalogue (see its code in docs/rules.md).
            pub static $ident: Rule = Rule {
                code: $code,
                severity: Severity::$sev,
                summary_ja: $sja,
                summary_en: $sen,
                why: $why,
                example: $ex,
                why_ja: $wja,
                example_ja: $exja,
                help_ja: $hja,
                help_en: $hen,
                official: &[$($($crate::diag::registry::Official { by: $oby, check: $ochk }),*)?],
            };
        )*
        /// The rules of this module, in code order (not re-exported: every family has one).
        pub(super) static RULES: &[&Rule] = &[$(&$ident),*];
    };
}

pub(crate) use rules;

/// Every rule of every family, family by family in the order they are declared.
pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| [filing::RULES, egov::RULES, ocr::RULES].concat())
}

/// Finds a rule by its code (`MYN002`), case-insensitively.
pub fn find(code: &str) -> Option<&'static Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in all() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert_eq!(r.code.len(), 6, "{}", r.code);
            assert!(r.code[..3].bytes().all(|b| b.is_ascii_uppercase()));
            assert!(r.code[3..].bytes().all(|b| b.is_ascii_digit()));
            assert!(!r.summary_ja.is_empty() && !r.summary_en.is_empty() && !r.why.is_empty());
            assert!(!r.why_ja.is_empty(), "{}", r.code);
            assert_eq!(r.example.is_empty(), r.example_ja.is_empty(), "{}", r.code);
        }
    }

    #[test]
    fn find_is_case_insensitive() {
        assert_eq!(find("myn002").map(|r| r.code), Some("MYN002"));
        assert!(find("XXX999").is_none());
    }
}
