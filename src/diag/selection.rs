//! Which rules report and how seriously: `select`, `ignore`, per-rule severity and the same per
//! path, from `todokede.toml` and the command line (`--select`, `--ignore`, `--severity`).
//!
//! [`RulePolicy`] is the hook a configuration sets. It is applied in one place, the run's
//! [`Sink`](super::Sink) (`push` and `absorb`), before a finding is counted: readers and rules
//! report everything, renderers see only what the selection kept, and every count (per file,
//! per run, the exit code) agrees with what is shown.
//!
//! A selector is a rule code (`MYN002`) or a prefix of codes (`MYN`, `STR01`), matched
//! case-insensitively. A finding is kept when its code matches `select` (or `select` is not
//! given) and matches no `ignore`; then the most specific `severity` entry (longest selector)
//! sets its severity. A `[[check.per-path]]` entry applies on top for the files its glob matches:
//! its `select` narrows, its `ignore` adds, its `severity` overrides.

use std::path::PathBuf;

use super::registry;
use super::{Diagnostic, Severity, Text};

/// A rule code or a prefix of codes, upper-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector(String);

impl Selector {
    /// Parses `MYN002` or `MYN`: an error (for the user) when no rule has that code or prefix.
    pub fn parse(s: &str) -> Result<Selector, Text> {
        let up = s.trim().to_ascii_uppercase();
        if up.is_empty() {
            return Err(Text::new("ルールのコードが空です", "an empty rule code"));
        }
        if registry::all().iter().any(|r| r.code.starts_with(&up)) {
            Ok(Selector(up))
        } else {
            let shown = super::redact::name(s);
            Err(Text::new(
                format!(
                    "ルールのコードまたは接頭辞「{shown}」はありません（コードは MYN002、接頭辞は MYN のように書きます。一覧は `todokede rules`）"
                ),
                format!(
                    "unknown rule code or prefix `{shown}` (codes look like MYN002, prefixes like MYN; `todokede rules` lists them)"
                ),
            ))
        }
    }

    /// The selector as written (upper-case).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn matches(&self, code: &str) -> bool {
        code.starts_with(self.0.as_str())
    }
}

/// `error`, `warning` or `info` (also `note` and `warn`).
pub fn parse_severity(s: &str) -> Result<Severity, Text> {
    match s.trim().to_ascii_lowercase().as_str() {
        "error" => Ok(Severity::Error),
        "warning" | "warn" => Ok(Severity::Warning),
        "info" | "note" => Ok(Severity::Info),
        _ => {
            let shown = super::redact::name(s);
            Err(Text::new(
                format!("重大度「{shown}」はありません（error、warning、info のどれかです）"),
                format!("unknown severity `{shown}` (error, warning or info)"),
            ))
        }
    }
}

/// What is wrong with a glob, in Japanese (globset says it in English).
fn glob_kind_ja(kind: &globset::ErrorKind) -> &'static str {
    use globset::ErrorKind as K;
    match kind {
        K::InvalidRecursive => "** は / で区切られた部分の全体にだけ書けます",
        K::UnclosedClass => "[ が閉じていません",
        K::InvalidRange(..) => "[ ] の範囲が正しくありません",
        K::UnopenedAlternates => "} に対応する { がありません",
        K::UnclosedAlternates => "{ が閉じていません",
        K::NestedAlternates => "{ } を入れ子にはできません",
        K::DanglingEscape => "末尾に \\ があります",
        _ => "書き方が正しくありません",
    }
}

/// One level of rules: what to keep and how seriously.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// When set, only findings of these codes are kept.
    pub select: Option<Vec<Selector>>,
    /// Findings of these codes are dropped (not kept, not counted).
    pub ignore: Vec<Selector>,
    /// The severity of the findings a selector matches (the longest match wins).
    pub severity: Vec<(Selector, Severity)>,
}

impl Rules {
    fn keeps(&self, code: &str) -> bool {
        self.select
            .as_ref()
            .is_none_or(|s| s.iter().any(|x| x.matches(code)))
            && !self.ignore.iter().any(|x| x.matches(code))
    }

    fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(x, _)| x.matches(code))
            .max_by_key(|(x, _)| x.0.len())
            .map(|(_, s)| *s)
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.ignore.is_empty() && self.severity.is_empty()
    }
}

/// The rules for the files one glob matches (`[[check.per-path]]`).
#[derive(Debug, Clone)]
pub struct PerPath {
    /// The glob as written (`vendor-a/**`).
    pub pattern: String,
    matcher: globset::GlobMatcher,
    /// A glob without `/` also matches a file name alone (`*.CSV`), as in `.gitignore`.
    name_only: bool,
    /// The rules for those files, on top of the run's.
    pub rules: Rules,
}

impl PerPath {
    /// The rules for files matching `pattern` (relative to the configuration's directory).
    pub fn new(pattern: &str, rules: Rules) -> Result<PerPath, Text> {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .backslash_escape(false)
            .build()
            .map_err(|e| {
                // globset's kind names no input beyond the glob, shown as a name.
                let shown = super::redact::name(pattern);
                Text::new(
                    format!(
                        "パスのパターン「{shown}」が正しくありません（{}）",
                        glob_kind_ja(e.kind())
                    ),
                    format!("invalid glob `{shown}`: {}", e.kind()),
                )
            })?;
        Ok(PerPath {
            pattern: pattern.to_string(),
            matcher: glob.compile_matcher(),
            name_only: !pattern.contains('/'),
            rules,
        })
    }

    fn matches(&self, relative: &str) -> bool {
        if self.matcher.is_match(relative) {
            return true;
        }
        self.name_only
            && relative
                .rsplit('/')
                .next()
                .is_some_and(|n| self.matcher.is_match(n))
    }
}

/// Everything the user said about rules: which findings are kept and how serious they are.
/// The default keeps every finding at its severity.
///
/// ```
/// use todokede::diag::selection::{Rules, Selector};
/// use todokede::diag::{RulePolicy, Severity};
/// let p = RulePolicy {
///     rules: Rules {
///         ignore: vec![Selector::parse("OCR").unwrap()],
///         severity: vec![
///             (Selector::parse("MYN").unwrap(), Severity::Warning),
///             (Selector::parse("MYN002").unwrap(), Severity::Error),
///         ],
///         ..Rules::default()
///     },
///     ..RulePolicy::default()
/// };
/// assert_eq!(p.apply("OCR001", "a.jsonl", Severity::Warning), None);
/// assert_eq!(p.apply("MYN003", "a.csv", Severity::Error), Some(Severity::Warning));
/// assert_eq!(p.apply("MYN002", "a.csv", Severity::Warning), Some(Severity::Error));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RulePolicy {
    /// The rules for every file.
    pub rules: Rules,
    /// The rules for the files a glob matches, applied on top in order.
    pub per_path: Vec<PerPath>,
    /// The directory per-path globs are relative to (the configuration file's); the current
    /// directory when `None`.
    pub base: Option<PathBuf>,
}

impl RulePolicy {
    /// True when the policy keeps every finding as the rules report it.
    pub fn is_default(&self) -> bool {
        self.rules.is_empty() && self.per_path.is_empty()
    }

    /// `path` (a report path, the file before any `!/`) relative to the base, `/` separated.
    fn relative(&self, path: &str) -> String {
        let outer = path.split("!/").next().unwrap_or(path);
        let p = std::path::Path::new(outer);
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            match std::env::current_dir() {
                Ok(d) => d.join(p),
                Err(_) => p.to_path_buf(),
            }
        };
        // `..` resolved lexically: `../vendor-a/x` run from `vendor-b` is `vendor-a/x`, not a
        // path below `vendor-b`.
        let mut normal = PathBuf::new();
        for c in abs.components() {
            match c {
                std::path::Component::ParentDir => {
                    normal.pop();
                }
                std::path::Component::CurDir => {}
                other => normal.push(other),
            }
        }
        let abs = normal;
        let base = self.base.clone().or_else(|| std::env::current_dir().ok());
        let rel = match base.as_deref().and_then(|b| abs.strip_prefix(b).ok()) {
            Some(r) => r.to_path_buf(),
            None => p.to_path_buf(),
        };
        let mut s = String::new();
        for (i, c) in rel.components().enumerate() {
            if let std::path::Component::Normal(n) = c {
                if i > 0 && !s.is_empty() {
                    s.push('/');
                }
                s.push_str(&n.to_string_lossy());
            }
        }
        s
    }

    /// The severity a finding of `code` about `path` (a report path) at `severity` gets, or
    /// `None` when it is not kept.
    pub fn apply(&self, code: &str, path: &str, severity: Severity) -> Option<Severity> {
        if !self.rules.keeps(code) {
            return None;
        }
        let mut set = self.rules.severity_of(code);
        if !self.per_path.is_empty() {
            let rel = self.relative(path);
            for p in self.per_path.iter().filter(|p| p.matches(&rel)) {
                if !p.rules.keeps(code) {
                    return None;
                }
                if let Some(s) = p.rules.severity_of(code) {
                    set = Some(s);
                }
            }
        }
        Some(set.unwrap_or(severity))
    }

    /// [`RulePolicy::apply`] to a finding: `false` when it is not kept.
    pub fn apply_to(&self, d: &mut Diagnostic) -> bool {
        match self.apply(d.code(), d.primary.path(), d.severity) {
            Some(s) => {
                d.severity = s;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::registry as r;
    use crate::diag::{Place, Text};

    fn finding(rule: &'static registry::Rule, path: &str) -> Diagnostic {
        Diagnostic::new(rule, Place::file(path), Text::new("x", "x"))
    }

    fn sel(s: &[&str]) -> Vec<Selector> {
        s.iter().map(|x| Selector::parse(x).unwrap()).collect()
    }

    #[test]
    fn selectors_are_codes_or_prefixes_of_known_codes() {
        assert_eq!(Selector::parse("myn").unwrap().as_str(), "MYN");
        assert!(Selector::parse("MYN002").is_ok());
        let e = Selector::parse("XYZ").unwrap_err();
        assert!(e.en.contains("unknown rule code"), "{}", e.en);
        assert!(
            e.ja.starts_with("ルールのコードまたは接頭辞「XYZ」はありません"),
            "{}",
            e.ja
        );
        assert!(Selector::parse("MYN999").is_err());
        assert_eq!(parse_severity("Warn"), Ok(Severity::Warning));
        assert!(parse_severity("fatal").is_err());
    }

    #[test]
    fn select_ignore_and_severity() {
        let s = RulePolicy {
            rules: Rules {
                select: Some(sel(&["MYN", "STR001"])),
                ignore: sel(&["MYN003"]),
                severity: vec![
                    (Selector::parse("MYN").unwrap(), Severity::Warning),
                    (Selector::parse("MYN002").unwrap(), Severity::Info),
                ],
            },
            ..RulePolicy::default()
        };
        let mut d = finding(&r::MYN_CHECK_DIGIT, "a.csv");
        assert!(s.apply_to(&mut d));
        assert_eq!(d.severity, Severity::Info, "the longest selector wins");
        assert!(
            !s.apply_to(&mut finding(&r::STR_LINE_END, "a.csv")),
            "not selected"
        );
        let mut f = finding(&r::STR_FILE_NAME, "a.csv");
        assert!(s.apply_to(&mut f));
        assert_eq!(f.severity, r::STR_FILE_NAME.severity);
    }

    #[test]
    fn per_path_rules_apply_to_their_files_only() {
        let base = std::env::temp_dir();
        let s = RulePolicy {
            per_path: vec![
                PerPath::new(
                    "vendor-a/**",
                    Rules {
                        ignore: sel(&["STR001"]),
                        ..Rules::default()
                    },
                )
                .unwrap(),
                PerPath::new(
                    "*.TXT",
                    Rules {
                        severity: vec![(Selector::parse("STR").unwrap(), Severity::Info)],
                        ..Rules::default()
                    },
                )
                .unwrap(),
            ],
            base: Some(base.clone()),
            ..RulePolicy::default()
        };
        let inside = base.join("vendor-a/x/SHFD0006.CSV");
        let outside = base.join("vendor-b/SHFD0006.CSV");
        assert!(!s.apply_to(&mut finding(
            &r::STR_FILE_NAME,
            &inside.display().to_string()
        )));
        assert!(s.apply_to(&mut finding(
            &r::STR_FILE_NAME,
            &outside.display().to_string()
        )));
        let txt = base.join("b/SHFD0006.TXT").display().to_string();
        let mut d = finding(&r::STR_LINE_END, &txt);
        assert!(s.apply_to(&mut d));
        assert_eq!(d.severity, Severity::Info);
        assert!(PerPath::new("a/[", Rules::default()).is_err());
    }
}
