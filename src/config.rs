//! `todokede.toml`: the settings of a project, as ruff and biome users keep theirs.
//!
//! Found by walking up from the current directory (the first `todokede.toml`), or named with
//! `--config FILE`; `--no-config` reads none. Every key is known, every rule code exists:
//! anything else is an error that names its line and column in the file.
//!
//! ```toml
//! [check]
//! profile = "nenkin"              # society | nenkin
//! lang = "en"                     # ja | en
//! received-on = "2024-12-10"      # or 2024/12/10, 令和6年12月10日, "today"
//! from = "csv"                    # csv | egov | ocr | azure
//! max-diagnostics = 1000
//! jobs = 2                        # files checked at once; 0 (the default): one per core
//! ocr-min-confidence = ["0.85", "checkbox=0.95"]
//! ocr-profile = "ocr/my-model.toml"   # relative to this file
//! ignore = ["STR001", "OCR008"]   # codes or prefixes
//! select = ["MYN", "CRT"]         # when set, only these
//!
//! [check.severity]
//! CRT002 = "error"                # error | warning | info
//!
//! [[check.per-path]]
//! path = "vendor-a/**"            # a glob, relative to this file
//! ignore = ["FLD006"]
//! severity = { STR001 = "info" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::selection::{self, PerPath, Rules, Selector};
use crate::diag::RulePolicy;
use crate::diag::{redact, Lang, Severity, Text};

/// The name looked for.
pub const FILE_NAME: &str = "todokede.toml";

/// The first `todokede.toml` in `start` or a directory above it.
pub fn find_upward(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// A problem in a configuration file, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as shown.
    pub file: String,
    /// 1-based line and column (characters) of the problem, when it has a place.
    pub at: Option<(usize, usize)>,
    /// What is wrong, for the user, in both languages.
    pub message: Text,
}

impl ConfigError {
    /// `file:line:col: message` in `lang`.
    pub fn shown(&self, lang: Lang) -> String {
        let message = self.message.get(lang);
        match self.at {
            Some((l, c)) => format!("{}:{l}:{c}: {message}", self.file),
            None => format!("{}: {message}", self.file),
        }
    }

    /// [`ConfigError::shown`] in both languages.
    pub fn text(&self) -> Text {
        Text::new(self.shown(Lang::Ja), self.shown(Lang::En))
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown(Lang::En))
    }
}

/// The `[check]` settings of a file, each `None` when the file does not set it.
#[derive(Debug, Clone, Default)]
pub struct CheckSettings {
    /// `profile`: whose rules apply (society or nenkin).
    pub profile: Option<crate::rules::Profile>,
    /// `lang`: the language of messages.
    pub lang: Option<crate::diag::Lang>,
    /// `None` inside: "today".
    pub received_on: Option<Option<NaiveDate>>,
    /// `from`: the input kind, instead of detecting it.
    pub from: Option<crate::read::detect::InputKind>,
    /// `max-diagnostics`: findings kept at most.
    pub max_diagnostics: Option<usize>,
    /// `jobs`: files checked at once (0: one per core).
    pub jobs: Option<usize>,
    /// `ocr-min-confidence`: thresholds, per kind of box or for all.
    pub ocr_min_confidence: Vec<(Option<crate::model::ocr::FieldKind>, f64)>,
    /// Resolved against the file's directory.
    pub ocr_profile: Option<PathBuf>,
    /// `select`, `ignore` and `[check.severity]`.
    pub rules: Rules,
    /// `[[check.per-path]]`, in the order written.
    pub per_path: Vec<PerPath>,
}

/// A configuration file read.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its `[check]` table.
    pub check: CheckSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    check: Option<CheckToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CheckToml {
    profile: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    received_on: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    max_diagnostics: Option<usize>,
    jobs: Option<usize>,
    ocr_min_confidence: Option<Spanned<Thresholds>>,
    ocr_profile: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    per_path: Option<Vec<PerPathToml>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Thresholds {
    One(f64),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PerPathToml {
    path: Spanned<String>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// 1-based line and character column of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Reader<'a> {
    file: String,
    text: &'a str,
}

impl Reader<'_> {
    fn error<T>(&self, span: std::ops::Range<usize>, message: Text) -> Result<T, ConfigError> {
        Err(ConfigError {
            file: self.file.clone(),
            at: Some(line_col(self.text, span.start)),
            message,
        })
    }

    fn choice<T: Copy>(
        &self,
        v: &Option<Spanned<String>>,
        choices: &[(&str, T)],
    ) -> Result<Option<T>, ConfigError> {
        match v {
            None => Ok(None),
            Some(s) => match one_of(s.get_ref(), choices) {
                Ok(x) => Ok(Some(x)),
                Err(e) => self.error(s.span(), e),
            },
        }
    }

    fn selectors(&self, list: &[Spanned<String>]) -> Result<Vec<Selector>, ConfigError> {
        list.iter()
            .map(|s| match Selector::parse(s.get_ref()) {
                Ok(x) => Ok(x),
                Err(e) => self.error(s.span(), e),
            })
            .collect()
    }

    fn severities(
        &self,
        map: &BTreeMap<Spanned<String>, Spanned<String>>,
    ) -> Result<Vec<(Selector, Severity)>, ConfigError> {
        let mut out = Vec::new();
        for (k, v) in map {
            let code = match Selector::parse(k.get_ref()) {
                Ok(x) => x,
                Err(e) => return self.error(k.span(), e),
            };
            let level = match selection::parse_severity(v.get_ref()) {
                Ok(x) => x,
                Err(e) => return self.error(v.span(), e),
            };
            out.push((code, level));
        }
        Ok(out)
    }

    fn rules(
        &self,
        select: Option<&[Spanned<String>]>,
        ignore: Option<&[Spanned<String>]>,
        severity: Option<&BTreeMap<Spanned<String>, Spanned<String>>>,
    ) -> Result<Rules, ConfigError> {
        Ok(Rules {
            select: match select {
                Some(s) => Some(self.selectors(s)?),
                None => None,
            },
            ignore: match ignore {
                Some(s) => self.selectors(s)?,
                None => Vec::new(),
            },
            severity: match severity {
                Some(m) => self.severities(m)?,
                None => Vec::new(),
            },
        })
    }
}

/// Parses one of the values a setting takes (`society`, `en`, …) or says which it takes.
fn one_of<T: Copy>(value: &str, choices: &[(&str, T)]) -> Result<T, Text> {
    choices
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value.trim()))
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            let shown = redact::name(value);
            Text::new(
                format!(
                    "「{shown}」は使えません（{} のどれかです）",
                    names.join("、")
                ),
                format!("`{shown}` is not one of {}", names.join(", ")),
            )
        })
}

pub(crate) const PROFILES: &[(&str, crate::rules::Profile)] = &[
    ("society", crate::rules::Profile::Society),
    ("nenkin", crate::rules::Profile::Nenkin),
];
pub(crate) const LANGS: &[(&str, crate::diag::Lang)] =
    &[("ja", crate::diag::Lang::Ja), ("en", crate::diag::Lang::En)];
pub(crate) const FROMS: &[(&str, crate::read::detect::InputKind)] = &[
    ("csv", crate::read::detect::InputKind::Csv),
    ("egov", crate::read::detect::InputKind::Egov),
    ("ocr", crate::read::detect::InputKind::OcrFields),
    ("azure", crate::read::detect::InputKind::AzureOcr),
];

impl Config {
    /// Reads and checks the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = redact::path(path);
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: shown.clone(),
            at: None,
            message: crate::diag::cause::io(&e),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Config::parse(&text, &shown, base).map(|check| Config {
            path: path.to_path_buf(),
            check,
        })
    }

    /// Parses the text of a file shown as `shown`, whose relative paths are relative to `base`.
    pub fn parse(text: &str, shown: &str, base: &Path) -> Result<CheckSettings, ConfigError> {
        let r = Reader {
            file: shown.to_string(),
            text,
        };
        let file: FileToml = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                return Err(ConfigError {
                    file: shown.to_string(),
                    at: e.span().map(|s| line_col(text, s.start)),
                    message: crate::diag::cause::toml(&e),
                })
            }
        };
        let Some(c) = file.check else {
            return Ok(CheckSettings::default());
        };
        let mut out = CheckSettings {
            profile: r.choice(&c.profile, PROFILES)?,
            lang: r.choice(&c.lang, LANGS)?,
            from: r.choice(&c.from, FROMS)?,
            ..CheckSettings::default()
        };
        if let Some(d) = &c.received_on {
            out.received_on = Some(if d.get_ref().trim().eq_ignore_ascii_case("today") {
                None
            } else {
                match parse_date(d.get_ref()) {
                    Ok(x) => Some(x),
                    Err(e) => return r.error(d.span(), e),
                }
            });
        }
        out.max_diagnostics = c.max_diagnostics;
        out.jobs = c.jobs;
        if let Some(t) = &c.ocr_min_confidence {
            let settings: Vec<String> = match t.get_ref() {
                Thresholds::One(x) => vec![x.to_string()],
                Thresholds::Many(v) => v.clone(),
            };
            for s in settings {
                match crate::rules::ocr::Thresholds::parse_setting(&s) {
                    Ok(x) => out.ocr_min_confidence.push(x),
                    Err(e) => return r.error(t.span(), e),
                }
            }
        }
        out.ocr_profile = c.ocr_profile.as_ref().map(|p| base.join(p.get_ref()));
        out.rules = r.rules(
            c.select.as_deref(),
            c.ignore.as_deref(),
            c.severity.as_ref(),
        )?;
        for p in c.per_path.iter().flatten() {
            let rules = r.rules(
                p.select.as_deref(),
                p.ignore.as_deref(),
                p.severity.as_ref(),
            )?;
            match PerPath::new(p.path.get_ref(), rules) {
                Ok(x) => out.per_path.push(x),
                Err(e) => return r.error(p.path.span(), e),
            }
        }
        Ok(out)
    }

    /// The rules of this file as a [`RulePolicy`] (globs relative to the file's directory).
    pub fn selection(&self) -> RulePolicy {
        RulePolicy {
            rules: self.check.rules.clone(),
            per_path: self.check.per_path.clone(),
            base: self
                .path
                .parent()
                .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
        }
    }
}

/// A date as people write it: `2024-12-10`, `2024/12/10` or `令和6年12月10日` (also 平成 and
/// 昭和, 元年, 全角 digits). The error gives an example of each.
pub fn parse_date(s: &str) -> Result<NaiveDate, Text> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '／' => '/',
            '－' => '-',
            c => c,
        })
        .collect();
    let example = "2024-12-10、2024/12/10、令和6年12月10日";
    let wrong = || {
        let shown = redact::name(s);
        Text::new(
            format!("日付として読めません（例: {example}）"),
            format!("`{shown}` is not a date; write it like {example}"),
        )
    };
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&ascii, fmt) {
            return Ok(d);
        }
    }
    let era = crate::model::era::ERAS
        .iter()
        .find(|e| ascii.starts_with(e.name))
        .ok_or_else(wrong)?;
    let rest = ascii.get(era.name.len()..).unwrap_or("");
    let (year, rest) = rest.split_once('年').ok_or_else(wrong)?;
    let year: u32 = if year == "元" {
        1
    } else {
        year.parse().map_err(|_| wrong())?
    };
    let (month, rest) = rest.split_once('月').ok_or_else(wrong)?;
    let day = rest.strip_suffix('日').ok_or_else(wrong)?;
    let (month, day): (u32, u32) = (
        month.parse().map_err(|_| wrong())?,
        day.parse().map_err(|_| wrong())?,
    );
    if year > 99 || month > 12 || day > 31 {
        return Err(wrong());
    }
    crate::model::era::to_date(era.code, &format!("{year:02}{month:02}{day:02}")).map_err(|_| {
        let name = era.name;
        Text::new(
            format!("その日付は{name}にありません（例: {example}）"),
            format!("{name}{year}年{month}月{day}日 is not a day of {name}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<CheckSettings, ConfigError> {
        Config::parse(text, "todokede.toml", Path::new("/p"))
    }

    #[test]
    fn dates_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
        assert_eq!(parse_date("2024-12-10"), Ok(d));
        assert_eq!(parse_date("2024/12/10"), Ok(d));
        assert_eq!(parse_date("令和6年12月10日"), Ok(d));
        assert_eq!(parse_date("令和６年１２月１０日"), Ok(d));
        assert_eq!(
            parse_date("令和元年5月1日"),
            Ok(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap())
        );
        let e = parse_date("12/10/2024").unwrap_err();
        for t in [&e.ja, &e.en] {
            assert!(
                t.contains("令和6年12月10日") && t.contains("2024/12/10"),
                "{t}"
            );
        }
        assert!(e.ja.contains("日付として読めません"), "{}", e.ja);
        assert!(
            parse_date("平成31年5月1日").is_err(),
            "平成 ended on 30 April 2019"
        );
        assert!(parse_date("2024-02-30").is_err());
    }

    #[test]
    fn a_whole_file() {
        let s = parse(
            r#"
[check]
profile = "nenkin"
lang = "en"
received-on = "令和6年12月10日"
ignore = ["STR001", "OCR"]
select = ["MYN", "crt"]
ocr-min-confidence = ["0.9", "checkbox=0.95"]
ocr-profile = "m.toml"
[check.severity]
CRT002 = "error"
[[check.per-path]]
path = "vendor-a/**"
ignore = ["FLD006"]
severity = { STR001 = "info" }
"#,
        )
        .unwrap();
        assert_eq!(s.profile, Some(crate::rules::Profile::Nenkin));
        assert_eq!(s.lang, Some(crate::diag::Lang::En));
        assert_eq!(
            s.received_on,
            Some(Some(NaiveDate::from_ymd_opt(2024, 12, 10).unwrap()))
        );
        assert_eq!(s.rules.ignore.len(), 2);
        assert_eq!(s.rules.select.as_ref().map(Vec::len), Some(2));
        assert_eq!(s.rules.severity.len(), 1);
        assert_eq!(s.ocr_min_confidence.len(), 2);
        assert_eq!(s.ocr_profile, Some(PathBuf::from("/p/m.toml")));
        assert_eq!(s.per_path.len(), 1);
        assert_eq!(s.per_path[0].pattern, "vendor-a/**");
    }

    #[test]
    fn unknown_keys_and_codes_are_errors_at_their_place() {
        let e = parse("[check]\nprofile = \"nenkin\"\nignroe = [\"STR001\"]\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.0), Some(3), "{e}");
        assert!(e.message.en.contains("ignroe"), "{e}");
        assert!(
            e.message
                .ja
                .starts_with("不明なキー「ignroe」です（使えるキー: "),
            "{}",
            e.message.ja
        );
        let e = parse("[check]\nignore = [\"STR001\", \"XYZ999\"]\n").unwrap_err();
        assert_eq!(e.at, Some((2, 21)), "{e}");
        assert!(
            e.to_string()
                .starts_with("todokede.toml:2:21: unknown rule code"),
            "{e}"
        );
        let e = parse("[check.severity]\nMYN002 = \"fatal\"\n").unwrap_err();
        assert_eq!(e.at, Some((2, 10)), "{e}");
        let e = parse("[[check.per-path]]\npath = \"a/**\"\nignore = [\"NOPE\"]\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.0), Some(3), "{e}");
        let e = parse("[check]\nprofile = \"kenpo\"\n").unwrap_err();
        assert!(e.message.en.contains("society, nenkin"), "{e}");
        assert_eq!(
            e.message.ja,
            "「kenpo」は使えません（society、nenkin のどれかです）"
        );
        let e = parse("[chekc]\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.0), Some(1), "{e}");
        let e = parse("[check]\nreceived-on = \"12/10\"\n").unwrap_err();
        assert!(e.message.en.contains("令和6年12月10日"), "{e}");
        assert!(e.message.ja.contains("令和6年12月10日"), "{e}");
        let e = parse("[check]\nprofile = nenkin\n").unwrap_err();
        assert_eq!(e.at.map(|a| a.0), Some(2), "{e}");
        assert!(e.message.ja.starts_with("TOMLとして読めません"), "{e}");
    }
}
