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

/// Checks every case of `file` and returns the disagreements.
fn disagreements(file: &str) -> Vec<String> {
    let table = load(file);
    assert!(!table.source.is_empty());
    let mut out = Vec::new();
    for profile in [Profile::Society, Profile::Nenkin] {
        let wanted = |c: &Case| {
            matches!(
                (profile, c.profile.as_deref()),
                (Profile::Nenkin, Some("nenkin")) | (Profile::Society, None)
            )
        };
        let cases: Vec<&Case> = table.cases.iter().filter(|c| wanted(c)).collect();
        let mut records = vec![record(&table, 0, None)];
        for (i, c) in cases.iter().enumerate() {
            records.push(record(&table, i + 1, Some(c)));
        }
        let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
        let mut config = config("2024-12-10");
        config.options.profile = profile;
        let report = check_paths(std::slice::from_ref(&path), &config);
        let errors_on = |rec: u32| -> Vec<(Option<u16>, &'static str)> {
            report
                .diagnostics()
                .iter()
                .filter(|d| d.severity == Severity::Error && d.primary.record() == Some(rec))
                .map(|d| (d.primary.item(), d.code()))
                .collect()
        };
        let header: Vec<&str> = report
            .diagnostics()
            .iter()
            .filter(|d| d.primary.record().is_none())
            .map(|d| d.code())
            .collect();
        assert!(
            header.is_empty(),
            "{file}: findings outside records: {header:?}"
        );
        let base = errors_on(1);
        if !base.is_empty() {
            out.push(format!("{file}: the base record is not clean: {base:?}"));
        }
        for (i, c) in cases.iter().enumerate() {
            let got = errors_on(u32::try_from(i + 2).unwrap());
            let ok = match c.expect.as_str() {
                "ok" => got.is_empty(),
                code => got
                    .iter()
                    .any(|(item, g)| *g == code && *item == Some(c.at.unwrap_or(c.item))),
            };
            if !ok {
                let regression = c.regression.map_or(String::new(), |n| {
                    format!(" [regression: known-wrong verdict {n}]")
                });
                let stricter = c
                    .stricter
                    .as_deref()
                    .map_or(String::new(), |s| format!(" [stricter on purpose: {s}]"));
                out.push(format!(
                    "{file}: 項番{} {:?} ({}): table says {}, todokede {:?}{regression}{stricter}",
                    c.item, c.value, c.rule, c.expect, got
                ));
            }
        }
    }
    out
}

#[test]
fn qualification_acquisition_2200700_agrees_with_the_table() {
    let d = disagreements("2200700.toml");
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
