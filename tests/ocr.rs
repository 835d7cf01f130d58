//! Paper forms read by OCR: the synthetic corpus in testdata/ocr/ reports exactly what
//! testdata/ocr/EXPECTED says, certificate states reach the model, and diagnostics point at the
//! page, the box and the line:column of the OCR file.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use support::*;
use todokede::diag::Lang;
use todokede::model::CertificateRequest;
use todokede::report::{self, Format, RenderContext};
use todokede::source::SourceFormat;

fn expected() -> Vec<(PathBuf, BTreeSet<String>)> {
    let text = std::fs::read_to_string("testdata/ocr/EXPECTED").expect("testdata/ocr/EXPECTED");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (path, codes) = l.split_once(':').expect("path: codes");
            (
                Path::new("testdata/ocr").join(path),
                codes.split_whitespace().map(str::to_string).collect(),
            )
        })
        .collect()
}

fn codes(path: &Path, config: &todokede::Config) -> BTreeSet<String> {
    check_paths(&[path.to_path_buf()], config)
        .diagnostics()
        .iter()
        .map(|d| d.code().to_string())
        .collect()
}

#[test]
fn every_ocr_file_reports_exactly_its_expected_codes() {
    let cases = expected();
    assert_eq!(
        cases.len(),
        11,
        "both forms, both versions, valid and misread; Azure results"
    );
    for (path, want) in &cases {
        assert_eq!(
            &codes(path, &config("2024-12-10")),
            want,
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_directory_of_ocr_results_is_walked() {
    let report = check_paths(
        &[PathBuf::from("testdata/ocr/valid")],
        &config("2024-12-10"),
    );
    assert_eq!(report.files.len(), 4);
    assert!(report
        .files
        .iter()
        .all(|f| f.format == Some(SourceFormat::OcrFields)));
    assert_eq!(report.summary.errors, 0);
}

fn states(path: &str) -> Vec<Vec<Option<CertificateRequest>>> {
    let (filing, _) = read_filing(Path::new(path), &config("2024-12-10"));
    assert!(
        filing.format == Some(SourceFormat::OcrFields)
            || filing.format == Some(SourceFormat::AzureDi)
    );
    filing
        .forms
        .iter()
        .map(|f| f.persons.iter().map(|p| p.certificate_request).collect())
        .collect()
}

#[test]
fn certificate_states_reach_the_model() {
    use CertificateRequest::*;
    assert_eq!(
        states("testdata/ocr/valid/2200700-2024-12.jsonl"),
        [
            vec![Some(NotRequested)],
            vec![Some(Requested)],
            vec![Some(NotRequested)]
        ]
    );
    assert_eq!(
        states("testdata/ocr/valid/2200700-2019-05.jsonl"),
        [
            vec![Some(NotRequestedOldFormat)],
            vec![Some(NotRequestedOldFormat)]
        ]
    );
    // Inferred old (no form_version, no box): dependents are registered without a certificate.
    assert_eq!(
        states("testdata/ocr/valid/2202700-2019-05.jsonl"),
        [vec![
            None,
            Some(NotRequestedOldFormat),
            Some(NotRequestedOldFormat)
        ]]
    );
    // An unreadable box (山田) and a readable one (鈴木).
    assert_eq!(
        states("testdata/ocr/misread/2200700-2024-12.jsonl"),
        [vec![Some(Unknown)], vec![Some(Requested)]]
    );
    // The spouse's box is missing from the result; the child's says no certificate.
    assert_eq!(
        states("testdata/ocr/misread/2202700-2024-12.jsonl"),
        [vec![None, Some(Unknown), Some(NotRequested)]]
    );
}

fn report(path: &str, lang: Lang, format: Format) -> String {
    let r = check_paths(&[PathBuf::from(path)], &config("2024-12-10"));
    let ctx = RenderContext { lang, color: false };
    let mut out = Vec::new();
    report::render(format, &r, &ctx, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn diagnostics_point_at_page_box_and_line_column() {
    let path = "testdata/ocr/misread/2200700-2024-12.jsonl";
    let r = check_paths(&[PathBuf::from(path)], &config("2024-12-10"));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "FLD007")
        .expect("FLD007 on the katakana name");
    let loc = &d.primary;
    assert_eq!((loc.record(), loc.item()), (Some(1), Some(7)));
    // The line of the field, and the character column of its `value` member.
    let text = std::fs::read_to_string(path).unwrap();
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(r#""record":1,"item":7,"#))
        .unwrap();
    assert_eq!(loc.span().line, Some(line_no as u32 + 1));
    let at = line.find(r#""value":"#).unwrap() + r#""value":"#.len();
    assert_eq!(
        loc.span().column,
        Some(line[..at].chars().count() as u32 + 1)
    );
    let start = loc.span().byte_start.unwrap() as usize;
    assert!(
        text[start..].starts_with("\"ヤマダ"),
        "bytes point at the value"
    );
    assert_eq!(loc.page(), Some(1));
    let bbox = loc.bbox().unwrap();
    assert!(bbox.iter().all(|v| (0.0..=1.0).contains(v)));
    let px = loc.bbox_px().unwrap();
    assert_eq!(px[0], (bbox[0] * 2480.0).round() as u32);

    let human = report(path, Lang::En, Format::Human);
    assert!(
        human.contains(&format!(
            "{path}:{}:{}",
            line_no + 1,
            loc.span().column.unwrap()
        )),
        "{human}"
    );
    assert!(human.contains("page 1, box ("), "{human}");
    assert!(human.contains(" px ("), "{human}");
    let json: serde_json::Value =
        serde_json::from_str(&report(path, Lang::En, Format::Json)).unwrap();
    let first = &json["diagnostics"][0];
    assert!(first["page"].is_u64() && first["bbox"].is_array() && first["bbox_px"].is_array());
}

#[test]
fn findings_on_doubtful_fields_say_probable_misread() {
    let r = check_paths(
        &[PathBuf::from("testdata/ocr/misread/2200700-2024-12.jsonl")],
        &config("2024-12-10"),
    );
    let msg = |code: &str| {
        r.diagnostics()
            .iter()
            .find(|d| d.code() == code)
            .map(|d| d.message_with_notes(Lang::En).into_owned())
            .unwrap_or_else(|| panic!("no {code}"))
    };
    // "Probable misread" is a note on the finding, not a change of its message.
    let notes = |code: &str| {
        r.diagnostics()
            .iter()
            .find(|d| d.code() == code)
            .map(|d| {
                (
                    d.message.en.clone(),
                    d.notes.iter().map(|n| n.en.clone()).collect::<Vec<_>>(),
                )
            })
            .unwrap_or_else(|| panic!("no {code}"))
    };
    let (message, fld_notes) = notes("FLD007");
    assert!(!message.contains("probable misread"), "{message}");
    assert_eq!(fld_notes.len(), 1, "{fld_notes:?}");
    assert!(fld_notes[0].starts_with("probable misread: OCR confidence 0.55"));
    let fld = msg("FLD007");
    assert!(
        fld.contains("probable misread: OCR confidence 0.55"),
        "{fld}"
    );
    assert!(
        fld.contains("ﾔﾏﾀﾞ ﾀﾛｳ"),
        "candidates of a name are shown: {fld}"
    );
    let myn = msg("MYN002");
    assert!(
        myn.contains("probable misread: OCR confidence 0.62"),
        "{myn}"
    );
    let corrections = msg("OCR010");
    assert!(corrections.contains("position 7 (0.41)"), "{corrections}");
    // A field read with confidence just above the threshold is not doubtful.
    let dat = check_paths(
        &[PathBuf::from("testdata/ocr/misread/2200700-2019-05.jsonl")],
        &config("2024-12-10"),
    );
    let look = dat
        .diagnostics()
        .iter()
        .find(|d| d.code() == "OCR009")
        .unwrap();
    assert!(look.notes.is_empty(), "{:?}", look.notes);
    let date = dat
        .diagnostics()
        .iter()
        .find(|d| d.code() == "DAT002")
        .unwrap();
    assert!(
        date.notes.iter().any(|n| n.en.contains("probable misread")),
        "{:?}",
        date.notes
    );
}

/// An ocr-fields sheet with one field changed, in a temporary directory.
fn sheet_with(edit: impl Fn(&mut serde_json::Value)) -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string("testdata/invalid/ocr005/scan.jsonl").unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        edit(&mut v);
        out.push_str(&v.to_string());
        out.push('\n');
    }
    write_temp("scan.jsonl", out.as_bytes())
}

#[test]
fn personal_number_candidates_are_never_shown() {
    let number = my_number("98765432101");
    let wrong: String = {
        let mut b = number.clone().into_bytes();
        b[3] = if b[3] == b'9' { b'0' } else { b[3] + 1 };
        String::from_utf8(b).unwrap()
    };
    let (_dir, path) = sheet_with(|v| {
        if v["record"] == 1 && v["item"] == 13 {
            v["value"] = wrong.clone().into();
            v["raw"] = format!("{}O", &wrong[..11]).into();
            v["confidence"] = 0.4.into();
            v["candidates"] = serde_json::json!([{"value": number, "confidence": 0.3}]);
        }
    });
    let r = check_paths(&[path], &config("2024-12-10"));
    let found: BTreeSet<&str> = r.diagnostics().iter().map(|d| d.code()).collect();
    assert!(found.contains("MYN002") && found.contains("OCR005") && found.contains("OCR010"));
    for d in r.diagnostics() {
        for text in [&d.message.ja, &d.message.en] {
            assert!(!text.contains(&number) && !text.contains(&wrong), "{text}");
            assert!(!todokede::diag::redact::has_digit_run(text, 4), "{text}");
        }
    }
}

#[test]
fn the_confidence_threshold_is_configurable_and_reviewed_fields_are_trusted() {
    let path = PathBuf::from("testdata/invalid/ocr005/scan.jsonl");
    assert!(codes(&path, &config("2024-12-10")).contains("OCR005"));
    let mut lenient = config("2024-12-10");
    lenient.ocr.thresholds.set(None, 0.5);
    assert!(!codes(&path, &lenient).contains("OCR005"));
    let mut strict_boxes = config("2024-12-10");
    strict_boxes
        .ocr
        .thresholds
        .set(Some(todokede::model::ocr::FieldKind::Checkbox), 0.999);
    let got = codes(&path, &strict_boxes);
    assert!(got.contains("OCR005"));
    let (_dir, reviewed) = sheet_with(|v| {
        if v["item"] == 7 {
            v["reviewed"] = true.into();
        }
    });
    assert!(!codes(&reviewed, &config("2024-12-10")).contains("OCR005"));
}

#[test]
fn azure_results_are_located_in_the_json_and_on_the_page() {
    let path = "testdata/ocr/azure/2200700-2024-12.json";
    let r = check_paths(&[PathBuf::from(path)], &config("2024-12-10"));
    assert_eq!(r.files[0].format, Some(SourceFormat::AzureDi));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "OCR005")
        .expect("the low-confidence name");
    assert_eq!((d.primary.record(), d.primary.item()), (Some(2), Some(7)));
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .nth(d.primary.span().line.unwrap() as usize - 1)
        .unwrap();
    let column = d.primary.span().column.unwrap() as usize;
    let at: String = line.chars().skip(column - 1).collect();
    assert!(at.starts_with("\"スズキ"), "points at valueString: {line}");
    // A scan in pixels: both boxes; a PDF in inches: the normalised box only.
    assert!(d.primary.bbox().is_some() && d.primary.bbox_px().is_some());
    let pdf = check_paths(
        &[PathBuf::from("testdata/ocr/azure/2202700-2024-12.json")],
        &config("2024-12-10"),
    );
    let d = pdf
        .diagnostics()
        .iter()
        .find(|d| d.code() == "OCR006")
        .unwrap();
    assert_eq!(d.primary.page(), Some(2));
    assert!(d.primary.bbox().is_some() && d.primary.bbox_px().is_none());
    assert_eq!(
        states("testdata/ocr/azure/2202700-2024-12.json"),
        [vec![
            None,
            Some(CertificateRequest::Unknown),
            Some(CertificateRequest::NotRequested)
        ]]
    );
}

#[test]
fn a_custom_model_is_read_with_its_profile() {
    let path = PathBuf::from("testdata/ocr/azure-custom/shikaku-shutoku-v1.json");
    let text = std::fs::read_to_string("schemas/ocr/azure-example-shikaku.toml").unwrap();
    let mut cfg = config("2024-12-10");
    cfg.ocr.profile = Some(std::sync::Arc::new(
        todokede::read::ocr::profile::Profile::parse(&text).unwrap(),
    ));
    let r = check_paths(std::slice::from_ref(&path), &cfg);
    assert_eq!(r.summary.total(), 0, "{:?}", r.diagnostics());
    let (filing, _) = read_filing(&path, &cfg);
    assert_eq!(filing.forms.len(), 1);
    let person = &filing.forms[0].persons[0];
    assert_eq!(person.name_kana.as_deref(), Some("ｲﾄｳ ｻｸﾗ"));
    assert_eq!(
        person.certificate_request,
        Some(CertificateRequest::Requested)
    );
}

#[test]
fn a_finding_that_names_a_doubtful_item_says_so() {
    // 合計 is read well; 通貨 was misread with low confidence.
    let (_dir, path) = sheet_with(|v| {
        if v["record"] == 1 && v["item"] == 21 {
            v["value"] = "200000".into();
            v["confidence"] = 0.5.into();
        }
    });
    let r = check_paths(&[path], &config("2024-12-10"));
    let sum = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "SUM001")
        .expect("SUM001");
    assert!(
        sum.notes
            .iter()
            .any(|n| n.en == "probable misread: OCR confidence of item 21 0.50"),
        "{:?}",
        sum.notes
    );
}

#[test]
fn a_page_the_header_does_not_list_is_reported() {
    let (_dir, path) = sheet_with(|v| {
        if v["record"] == 2 && v["item"] == 7 {
            v["page"] = 9.into();
        }
    });
    let r = check_paths(&[path], &config("2024-12-10"));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "OCR013")
        .expect("OCR013");
    assert_eq!((d.primary.record(), d.primary.item()), (Some(2), Some(7)));
}

#[test]
fn snapshot_human_reports_of_paper() {
    for (case, lang) in [
        ("testdata/invalid/ocr010", Lang::Ja),
        ("testdata/invalid/ocr006/missing", Lang::En),
        ("testdata/invalid/ocr009", Lang::Ja),
        // Findings on doubtful fields carry a "probable misread" note.
        ("testdata/ocr/misread/2200700-2024-12.jsonl", Lang::En),
    ] {
        let name = format!(
            "human_{}_{}",
            case.trim_start_matches("testdata/invalid/")
                .trim_start_matches("testdata/ocr/")
                .replace(['/', '.'], "_"),
            if lang == Lang::Ja { "ja" } else { "en" }
        );
        insta::assert_snapshot!(name, report(case, lang, Format::Human));
    }
}
