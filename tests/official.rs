//! The differential test: todokede's verdicts against the 年金機構 自動チェック tables as publicly
//! transcribed (rakually-test `kyuyo/lib/todokede-check.js`, `kyuyo/docs/*.md`; kirico's
//! validators), never against our own generator.
//!
//! Each `tests/official/*.toml` file holds a base record written from the table (valid by every
//! rule it states) and cases: one item changed (plus the items the rule ties it to), and the
//! verdict the table gives: `ok` (no error on the record), or the code todokede must report on
//! that item. Every case names the table rule it comes from. The cases of a file are the records
//! of one filing, each with its own My Number, so that no case sees another.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use support::*;
use todokede::diag::Severity;
use todokede::rules::Profile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    /// Where the rules come from.
    source: String,
    /// The item count of the form's records.
    items: usize,
    /// `office` for the 事業所情報 table; data records otherwise.
    #[serde(default)]
    record: Option<String>,
    /// The base record: 項番 → value (`{MYN}` becomes the record's own My Number).
    base: BTreeMap<String, String>,
    #[serde(rename = "case")]
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The table rule, in its own words (abridged).
    rule: String,
    /// The item the case is about.
    item: u16,
    value: String,
    /// Other items changed with it (項番 → value).
    #[serde(default)]
    set: BTreeMap<String, String>,
    /// `ok`, or the code expected on `item` (`at` overrides the item it is expected on).
    expect: String,
    #[serde(default)]
    at: Option<u16>,
    /// `nenkin` for cases about the pension-office profile (no My Number needed).
    #[serde(default)]
    profile: Option<String>,
    /// The number of the known-wrong verdict of issue 13 this case is the regression test of.
    #[serde(default)]
    regression: Option<u8>,
    /// Why todokede deliberately differs from the table here (stricter: real dates, check
    /// digits); documented in docs/layout-sources.md.
    #[serde(default)]
    stricter: Option<String>,
}

fn load(name: &str) -> Table {
    let path = root().join("tests/official").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The record of case `n` (0 = the base itself).
fn record(table: &Table, n: usize, case: Option<&Case>) -> Vec<String> {
    let mut v = vec![String::new(); table.items];
    let mut put = |no: &str, s: &str| {
        let no: usize = no.parse().expect("項番");
        let slot = &mut v[no - 1];
        *slot = s.replace("{MYN}", &my_number(&format!("{:011}", 31_415_926_000 + n)));
    };
    for (no, s) in &table.base {
        put(no, s);
    }
    if let Some(c) = case {
        for (no, s) in &c.set {
            put(no, s);
        }
        put(&c.item.to_string(), &c.value);
    }
    v
}

/// The disagreement of a case with the table, when todokede's errors `got` (item, code) on the
/// case's record are not the table's verdict.
fn verdict(file: &str, c: &Case, got: &[(Option<u16>, &'static str)]) -> Option<String> {
    let ok = match c.expect.as_str() {
        "ok" => got.is_empty(),
        code => got
            .iter()
            .any(|(item, g)| *g == code && *item == Some(c.at.unwrap_or(c.item))),
    };
    if ok {
        return None;
    }
    let regression = c.regression.map_or(String::new(), |n| {
        format!(" [regression: known-wrong verdict {n}]")
    });
    let stricter = c
        .stricter
        .as_deref()
        .map_or(String::new(), |s| format!(" [stricter on purpose: {s}]"));
    Some(format!(
        "{file}: 項番{} {:?} ({}): table says {}, todokede {:?}{regression}{stricter}",
        c.item, c.value, c.rule, c.expect, got
    ))
}

fn run(path: &Path, profile: Profile) -> todokede::Report {
    let mut config = config("2024-12-10");
    config.options.profile = profile;
    check_paths(&[path.to_path_buf()], &config)
}

/// Errors as (item, code), of the diagnostics `keep` selects.
fn errors(
    report: &todokede::Report,
    keep: impl Fn(&todokede::diag::Diagnostic) -> bool,
) -> Vec<(Option<u16>, &'static str)> {
    report
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error && keep(d))
        .map(|d| (d.primary.item(), d.code()))
        .collect()
}

/// Checks every case of a data-record table (each case one record of one filing) and returns
/// the disagreements.
fn record_disagreements(file: &str, table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for profile in [Profile::Society, Profile::Nenkin] {
        let wanted = |c: &Case| {
            matches!(
                (profile, c.profile.as_deref()),
                (Profile::Nenkin, Some("nenkin")) | (Profile::Society, None)
            )
        };
        let cases: Vec<&Case> = table.cases.iter().filter(|c| wanted(c)).collect();
        let mut records = vec![record(table, 0, None)];
        for (i, c) in cases.iter().enumerate() {
            records.push(record(table, i + 1, Some(c)));
        }
        let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
        let report = run(&path, profile);
        let header = errors(&report, |d| d.primary.record().is_none());
        assert!(
            header.is_empty(),
            "{file}: findings outside records: {header:?}"
        );
        let base = errors(&report, |d| d.primary.record() == Some(1));
        if !base.is_empty() {
            out.push(format!("{file}: the base record is not clean: {base:?}"));
        }
        for (i, c) in cases.iter().enumerate() {
            let n = u32::try_from(i + 2).unwrap();
            let got = errors(&report, |d| d.primary.record() == Some(n));
            out.extend(verdict(file, c, &got));
        }
    }
    out
}

/// Checks every case of the 事業所情報 table (each case the 事業所情報 of its own filing, with
/// one valid 2200700 record) and returns the disagreements.
fn office_disagreements(file: &str, table: &Table) -> Vec<String> {
    let data = acquisition(&my_number("27182818284"));
    let filing = |office: &[String]| {
        let mut lines: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
        lines[3] = office.join(",");
        lines.push(data.join(","));
        sjis(&(lines.join("\r\n") + "\r\n"))
    };
    let on_office = |d: &todokede::diag::Diagnostic| {
        d.primary.record().is_none() && d.primary.span().line == Some(4)
    };
    let mut out = Vec::new();
    let (_dir, path) = write_temp("SHFD0006.CSV", &filing(&record(table, 0, None)));
    let report = run(&path, Profile::Society);
    let all = errors(&report, |_| true);
    if !all.is_empty() {
        out.push(format!("{file}: the base filing is not clean: {all:?}"));
    }
    for (i, c) in table.cases.iter().enumerate() {
        let (_dir, path) = write_temp("SHFD0006.CSV", &filing(&record(table, i + 1, Some(c))));
        let report = run(&path, Profile::Society);
        out.extend(verdict(file, c, &errors(&report, on_office)));
    }
    out
}

/// Checks every case of `file` and returns the disagreements.
fn disagreements(file: &str) -> Vec<String> {
    let table = load(file);
    assert!(!table.source.is_empty());
    match table.record.as_deref() {
        Some("office") => office_disagreements(file, &table),
        _ => record_disagreements(file, &table),
    }
}

#[test]
fn qualification_acquisition_2200700_agrees_with_the_table() {
    let d = disagreements("2200700.toml");
    assert!(d.is_empty(), "{}", d.join("\n"));
}

#[test]
fn office_record_agrees_with_the_table() {
    let d = disagreements("office.toml");
    assert!(d.is_empty(), "{}", d.join("\n"));
}

/// Every case file has at least one valid and one invalid case per item it covers, and every
/// stricter-than-the-table case says why.
#[test]
fn case_files_cover_both_verdicts() {
    for entry in std::fs::read_dir(root().join("tests/official")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let table = load(&name);
        let mut per_item: BTreeMap<u16, (bool, bool)> = BTreeMap::new();
        for c in &table.cases {
            let e = per_item.entry(c.item).or_default();
            if c.expect == "ok" {
                e.0 = true;
            } else {
                e.1 = true;
            }
            assert!(!c.rule.is_empty(), "{name}: a case without its rule");
        }
        for (item, (valid, invalid)) in per_item {
            assert!(
                valid && invalid,
                "{name}: 項番{item} needs a valid and an invalid case"
            );
        }
    }
}

/// Regression (known-wrong verdict 9): the pre-2019 5-item 媒体管理 record was a warning while
/// its 9-item 事業所情報 was an error. One vintage, one severity: both are STR006 warnings, and
/// the old 事業所情報's items are still checked (here: all valid). A current header with an old
/// 事業所情報 is a mixed file, still an error (STR009).
#[test]
fn pre_2019_header_records_share_one_severity() {
    let data = acquisition(&my_number("16180339887")).join(",");
    let old_office =
        "01,ｹｲﾄ,12345,102,0073,東京都千代田区九段北一丁目,架空商事株式会社,架空　一郎,03-1234-5678";
    let file = |header: &str| {
        let text = [header, "[kanri]", ",001", old_office, "[data]", &data].join("\r\n") + "\r\n";
        sjis(&text)
    };
    let (_d, path) = write_temp("SHFD0006.CSV", &file("01,ｹｲﾄ,001,20241210,22223"));
    let report = run(&path, Profile::Society);
    let got: Vec<(&str, Severity, Option<u32>)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.severity, d.primary.span().line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("STR006", Severity::Warning, Some(1)),
            ("STR006", Severity::Warning, Some(4)),
        ]
    );
    let (_d, path) = write_temp("SHFD0006.CSV", &file("21,01,ｹｲﾄ,001,20241210,22223"));
    let report = run(&path, Profile::Society);
    let got: Vec<(&str, Severity)> = report
        .diagnostics()
        .iter()
        .map(|d| (d.code(), d.severity))
        .collect();
    assert_eq!(got, vec![("STR009", Severity::Error)]);
}
