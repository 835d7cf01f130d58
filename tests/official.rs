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
    /// True for a table of some rules only (the pay forms' arithmetic), not every item.
    #[serde(default)]
    partial: bool,
    /// The base record: 項番 → value (`{MYN}` … `{MYN4}` become My Numbers of the record's own).
    base: BTreeMap<String, String>,
    /// Named sets of items a case can add (`with`): a dependent, a change of 異動の別.
    #[serde(default)]
    bundles: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(rename = "case")]
    cases: Vec<Case>,
}

/// The items of その他の被扶養者１ (2202700); those of その他の被扶養者２ are 33 further on.
const DEPENDENT1: std::ops::RangeInclusive<u16> = 70..=102;
const DEPENDENT2_SHIFT: u16 = 33;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The table rule, in its own words (abridged).
    rule: String,
    /// The item the case is about.
    item: u16,
    value: String,
    /// Bundles applied first, in order.
    #[serde(default)]
    with: Vec<String>,
    /// Other items changed with it (項番 → value).
    #[serde(default)]
    set: BTreeMap<String, String>,
    /// 2202700: the case holds for その他の被扶養者２ as well (items 70–102 moved by 33, with a
    /// valid その他の被扶養者１ before it).
    #[serde(default)]
    mirror: bool,
    /// Set on the copy made for その他の被扶養者２: the dependent bundles are applied there too.
    #[serde(skip)]
    shift: u16,
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
    let mut table: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mirrored: Vec<Case> = table
        .cases
        .iter()
        .filter(|c| c.mirror)
        .map(|c| {
            let mut m = c.clone();
            m.shift = DEPENDENT2_SHIFT;
            m.item = shifted(c.item, m.shift);
            m.at = c.at.map(|a| shifted(a, m.shift));
            m.set = c
                .set
                .iter()
                .map(|(k, v)| (shifted_key(k, m.shift), v.clone()))
                .collect();
            m
        })
        .collect();
    table.cases.extend(mirrored);
    table
}

fn shifted(no: u16, by: u16) -> u16 {
    if DEPENDENT1.contains(&no) {
        no + by
    } else {
        no
    }
}

fn shifted_key(no: &str, by: u16) -> String {
    shifted(no.parse().expect("項番"), by).to_string()
}

/// The record of case `n` (0 = the base itself).
fn record(table: &Table, n: usize, case: Option<&Case>) -> Vec<String> {
    let mut v = vec![String::new(); table.items];
    let mut put = |no: &str, s: &str| {
        let no: usize = no.parse().expect("項番");
        let mut s = s.to_string();
        for k in (0..5).rev() {
            let tag = if k == 0 {
                "{MYN}".to_string()
            } else {
                format!("{{MYN{k}}}")
            };
            let n = my_number(&format!("{:011}", 31_415_926_000 + n * 10 + k));
            s = s.replace(&tag, &n);
        }
        v[no - 1] = s;
    };
    for (no, s) in &table.base {
        put(no, s);
    }
    if let Some(c) = case {
        for b in &c.with {
            let bundle = table
                .bundles
                .get(b)
                .unwrap_or_else(|| panic!("no bundle {b}"));
            for (no, s) in bundle {
                put(no, s);
            }
        }
        // The copy for その他の被扶養者２ holds the same dependent (with a number of its own).
        if c.shift > 0 {
            for b in &c.with {
                for (no, s) in &table.bundles[b] {
                    let moved = shifted_key(no, c.shift);
                    if moved != *no {
                        put(&moved, &s.replace("{MYN3}", "{MYN4}"));
                    }
                }
            }
        }
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
    // Every finding (a report of check_paths summarises floods of one code).
    read_filing(path, &config).1
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

/// Every case file has at least one valid and one invalid case for every item of its record
/// (the partial tables: for every item they have cases for).
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
        let mut missing = Vec::new();
        let items: Vec<u16> = if table.partial {
            per_item.keys().copied().collect()
        } else {
            (1..=u16::try_from(table.items).unwrap()).collect()
        };
        for no in items {
            match per_item.get(&no) {
                Some((true, true)) => {}
                Some(_) => missing.push(format!("項番{no} needs a valid and an invalid case")),
                None => missing.push(format!("項番{no} has no case")),
            }
        }
        assert!(missing.is_empty(), "{name}: {}", missing.join("; "));
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

#[test]
fn qualification_loss_2201700_agrees_with_the_table() {
    let d = disagreements("2201700.toml");
    assert!(d.is_empty(), "{}", d.join("\n"));
}

#[test]
fn dependent_change_2202700_agrees_with_the_table() {
    let d = disagreements("2202700.toml");
    assert!(d.is_empty(), "{}", d.join("\n"));
}

/// Regression (known-wrong verdict 8): MYN004 stays an error under the society profile, but is a
/// warning when the record says why there is no My Number (項番14 = 1 海外在住 or 2 短期在留).
#[test]
fn a_missing_my_number_with_a_stated_reason_is_a_warning() {
    for (reason, severity) in [
        ("", Severity::Error),
        ("1", Severity::Warning),
        ("2", Severity::Warning),
    ] {
        let mut rec = acquisition("");
        rec[13] = reason.into();
        rec[28] = "100".into();
        rec[29] = "8580".into();
        rec[30] = "ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ".into();
        let (_d, path) = write_temp("SHFD0006.CSV", &shfd(&[rec]));
        let report = run(&path, Profile::Society);
        let got: Vec<(&str, Severity, Option<u16>)> = report
            .diagnostics()
            .iter()
            .map(|d| (d.code(), d.severity, d.primary.item()))
            .collect();
        assert_eq!(
            got,
            vec![("MYN004", severity, Some(13))],
            "reason {reason:?}"
        );
        if severity == Severity::Warning {
            let d = &report.diagnostics()[0];
            assert_eq!(d.secondary[0].place.item(), Some(14));
        }
    }
}

#[test]
fn pay_forms_2221700_2225700_2265700_agree_with_the_table() {
    let mut d = disagreements("2221700.toml");
    d.extend(disagreements("2225700.toml"));
    d.extend(disagreements("2265700.toml"));
    assert!(d.is_empty(), "{}", d.join("\n"));
}

/// Each rule that mirrors an official check names it, in `explain` and in the JSON report
/// (`official`), so staff can match a finding to the message a company got from the 届書作成
/// プログラム; todokede's own rules have `null`.
#[test]
fn findings_name_the_official_check_they_mirror() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args(["explain", "FLD006"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("届書作成プログラム「氏名項目形式不正」"),
        "{text}"
    );

    let mut rec = acquisition(&my_number("14142135623"));
    rec[6] = "ﾈﾝｷﾝﾏｻｱｷ".into();
    rec[22] = "200001".into();
    let (_d, path) = write_temp("SHFD0006.CSV", &shfd(&[rec]));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args(["check", "--received-on", "2024-12-10", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let official = |code: &str| {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| d["official"].clone())
            .unwrap_or_else(|| panic!("no {code}"))
    };
    assert_eq!(official("FLD006")[0]["check"], "氏名項目形式不正");
    assert_eq!(official("FLD006")[0]["by"], "届書作成プログラム");
    assert_eq!(official("SUM001")[0]["by"], "自動チェック");
    // A rule of the society's own has none.
    let mut rec = acquisition("");
    rec[28] = "100".into();
    rec[29] = "8580".into();
    rec[30] = "ﾄｳｷｮｳﾄ".into();
    let (_d, path) = write_temp("SHFD0006.CSV", &shfd(&[rec]));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args(["check", "--received-on", "2024-12-10", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["code"], "MYN004");
    assert!(report["diagnostics"][0]["official"].is_null());
}
