//! `convert` of paper read by OCR: the paper → electronic path refuses while errors or
//! unreviewed certificate boxes remain, and with `--allow-errors` writes the rest and lists what
//! it left out.

use std::path::Path;
use std::process::{Command, Output};

fn convert(input: &str, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args([
            "convert",
            "--received-on",
            "2024-12-10",
            "--to",
            "json",
            "-o",
        ])
        .arg(out)
        .args(extra)
        .arg(input)
        .output()
        .unwrap()
}

fn persons(out: &Path) -> Vec<(u64, Vec<String>)> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_eq!(v["format"], "ocr-fields");
    v["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["record"].as_u64().unwrap(),
                f["persons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["certificate_request"].as_str().unwrap_or("-").to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_clean_sheet_converts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("filing.json");
    let o = convert("testdata/ocr/valid/2200700-2024-12.jsonl", &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        persons(&out),
        [
            (1, vec!["not_requested".to_string()]),
            (2, vec!["requested".to_string()]),
            (3, vec!["not_requested".to_string()])
        ]
    );
    // Normalised values are what is written (全角 カナ read from paper → 半角).
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["forms"][0]["persons"][0]["name_kana"], "ﾔﾏﾀﾞ ﾀﾛｳ");
    let old = dir.path().join("old.json");
    let o = convert("testdata/ocr/valid/2202700-2019-05.jsonl", &old, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        persons(&old),
        [(
            1,
            vec![
                "-".to_string(),
                "not_requested_old_format".to_string(),
                "not_requested_old_format".to_string()
            ]
        )]
    );
}

#[test]
fn an_unreadable_box_is_refused_until_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("filing.json");
    // Only a warning (OCR006), no error: still not converted.
    let o = convert("testdata/invalid/ocr006/unreadable/scan.jsonl", &out, &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!out.exists());
    assert!(err.contains("OCR006"), "{err}");
    assert!(
        err.contains("record 2 (2200700): certificate request unknown for insured"),
        "{err}"
    );
    let o = convert(
        "testdata/invalid/ocr006/unreadable/scan.jsonl",
        &out,
        &["--allow-errors"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "something was left out: {err}");
    assert!(err.contains("left out: record 2"), "{err}");
    assert!(err.contains("writing 1 of 2 record(s)"), "{err}");
    assert_eq!(persons(&out), [(1, vec!["not_requested".to_string()])]);
}

#[test]
fn records_with_errors_are_left_out_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("filing.json");
    let input = "testdata/invalid/ocr010/scan.jsonl";
    let o = convert(input, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    let o = convert(input, &out, &["--allow-errors", "--max-diagnostics", "1"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    // The display limit does not hide which record has the error.
    assert!(
        err.contains("left out: record 1 (2200700): errors MYN002"),
        "{err}"
    );
    assert_eq!(persons(&out), [(2, vec!["requested".to_string()])]);
    // A line too damaged to parse still names its record: that record is left out.
    let o = convert(
        "testdata/invalid/ocr001/broken-json/scan.jsonl",
        &out,
        &["--allow-errors"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("left out: record 1 (2200700): errors OCR001"),
        "{err}"
    );
}

#[test]
fn an_azure_profile_is_given_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("filing.json");
    let input = "testdata/ocr/azure-custom/shikaku-shutoku-v1.json";
    let o = convert(input, &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the default profile does not know the model"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("OCR012"));
    let profile = ["--ocr-profile", "schemas/ocr/azure-example-shikaku.toml"];
    let o = convert(input, &out, &profile);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["format"], "azure-di");
    assert_eq!(
        v["forms"][0]["persons"][0]["certificate_request"],
        "requested"
    );
    // A profile that cannot be used stops the run before anything is read.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"x\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args(["check", "--ocr-profile"])
        .arg(&bad)
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no [[document]] rule"));
}
