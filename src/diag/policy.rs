//! [`RulePolicy`]: which findings are kept and how serious they are, the hook a configuration
//! sets. Applied where every finding passes (the run's [`Sink`](super::Sink)), so it holds for
//! the readers' findings as for the rules'.

use super::registry::Rule;
use super::Severity;

/// Rule selection and severity overrides. The default keeps every finding at its severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulePolicy {
    /// Codes (`MYN003`) or families (`OCR`) whose findings are dropped (not kept, not counted).
    pub ignore: Vec<String>,
    /// The severity of the findings of a code or a family; a code's setting wins over its
    /// family's.
    pub severity: Vec<(String, Severity)>,
}

impl RulePolicy {
    /// True when the policy changes nothing.
    pub fn is_default(&self) -> bool {
        self.ignore.is_empty() && self.severity.is_empty()
    }

    /// The severity a finding of `rule` (at `severity`) gets, or `None` when it is dropped.
    ///
    /// ```
    /// use todokede::diag::{registry, RulePolicy, Severity};
    /// let p = RulePolicy {
    ///     ignore: vec!["OCR".into()],
    ///     severity: vec![("MYN".into(), Severity::Warning), ("MYN002".into(), Severity::Error)],
    /// };
    /// assert_eq!(p.apply(&registry::OCR_LOW_CONFIDENCE, Severity::Warning), None);
    /// assert_eq!(p.apply(&registry::MYN_DUPLICATE, Severity::Error), Some(Severity::Warning));
    /// assert_eq!(p.apply(&registry::MYN_CHECK_DIGIT, Severity::Error), Some(Severity::Error));
    /// ```
    pub fn apply(&self, rule: &Rule, severity: Severity) -> Option<Severity> {
        let named = |s: &str| s.eq_ignore_ascii_case(rule.code);
        let family = |s: &str| s.eq_ignore_ascii_case(rule.family());
        if self.ignore.iter().any(|s| named(s) || family(s)) {
            return None;
        }
        let by_code = self.severity.iter().find(|(s, _)| named(s));
        let by_family = self.severity.iter().find(|(s, _)| family(s));
        Some(by_code.or(by_family).map_or(severity, |(_, s)| *s))
    }
}
