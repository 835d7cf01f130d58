//! The synthetic corpus in testdata/ (regenerate with `python3 testdata/gen.py`): valid files stay
//! clean, every invalid case reports its rule, regressions report exactly what they should, and
//! no report format ever shows a personal number.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use support::*;
use todokede::diag::Lang;
use todokede::report::{self, Format, RenderContext};

fn rel(p: &str) -> PathBuf {
    // Relative paths keep reports (and snapshots) free of the machine's checkout location.
    PathBuf::from(p)
}

fn codes(paths: &[PathBuf], received_on: &str) -> Vec<&'static str> {
    let r = check_paths(paths, &config(received_on));
    r.diagnostics().iter().map(|d| d.code()).collect()
}

#[test]
fn valid_files_have_no_errors_on_any_receipt_date() {
    let today = todokede::today_in_tokyo().to_string();
    for (dir, allowed) in [
        ("testdata/shfd/valid", &[][..]),
        ("testdata/shfd/sharoushi", &[][..]),
        ("testdata/kpfd/valid", &[][..]),
        ("testdata/shfd/valid-old", &["CRT002"][..]),
        ("testdata/shfd/other-forms", &[][..]),
        ("testdata/egov/valid", &[][..]),
        ("testdata/egov/valid-old", &["CRT002"][..]),
        ("testdata/egov/single/495013521019030837_01.xml", &[][..]),
    ] {
        for date in ["2024-12-10", today.as_str()] {
            let got: BTreeSet<&str> = codes(&[rel(dir)], date).into_iter().collect();
            let want: BTreeSet<&str> = allowed.iter().copied().collect();
            assert_eq!(got, want, "{dir} received {date}");
        }
    }
}

#[test]
fn the_sample_filing_carries_every_certificate_state() {
    let (filing, report) = read_filing(
        &rel("testdata/shfd/valid/SHFD0006.CSV"),
        &config("2024-12-10"),
    );
    assert_eq!(report.summary.errors, 0);
    let states: BTreeSet<String> = filing
        .forms
        .iter()
        .flat_map(|f| &f.persons)
        .filter_map(|p| p.certificate_request)
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(
        states.contains("Requested") && states.contains("NotRequested"),
        "{states:?}"
    );
    let (old, _) = read_filing(
        &rel("testdata/shfd/valid-old/SHFD0006.CSV"),
        &config("2024-12-10"),
    );
    assert!(old
        .forms
        .iter()
        .flat_map(|f| &f.persons)
        .filter_map(|p| p.certificate_request)
        .all(|c| c == todokede::model::CertificateRequest::NotRequestedOldFormat));
}

/// The inputs of one invalid case: the directory when it holds a filing file (or nothing to
/// find, for STR019), else each file by name (rules about names and non-filing files).
fn case_inputs(dir: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    let official = files.iter().any(|p| {
        todokede::source::walk::is_official_name(&p.file_name().unwrap().to_string_lossy())
    });
    if official || dir.to_string_lossy().contains("str019") {
        vec![dir.to_path_buf()]
    } else {
        files
    }
}

fn invalid_cases() -> Vec<(String, PathBuf)> {
    let root = rel("testdata/invalid");
    case_dirs(&root)
        .into_iter()
        .map(|d| {
            let code = d
                .strip_prefix(&root)
                .unwrap()
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .to_ascii_uppercase();
            (code, d)
        })
        .collect()
}

#[test]
fn every_invalid_case_reports_its_rule() {
    let cases = invalid_cases();
    assert!(cases.len() >= 50, "corpus missing? {}", cases.len());
    for (code, dir) in &cases {
        let got = codes(&case_inputs(dir), "2024-12-10");
        assert!(
            got.contains(&code.as_str()),
            "{}: expected {code}, got {got:?}",
            dir.display()
        );
    }
}

#[test]
fn every_rule_has_an_invalid_case() {
    let covered: BTreeSet<String> = invalid_cases().into_iter().map(|(c, _)| c).collect();
    for r in todokede::diag::registry::all() {
        assert!(
            covered.contains(r.code),
            "no testdata/invalid case for {}",
            r.code
        );
    }
}

#[test]
fn regressions_report_exactly_what_they_should() {
    let root = rel("testdata/regressions");
    for dir in case_dirs(&root) {
        let expected: BTreeSet<String> = std::fs::read_to_string(dir.join("EXPECTED"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        let got: BTreeSet<String> = codes(std::slice::from_ref(&dir), "2024-12-10")
            .into_iter()
            .map(str::to_string)
            .collect();
        assert_eq!(got, expected, "{}", dir.display());
    }
}

/// Every personal number in a file, as far as a layout knows its items.
fn personal_numbers(path: &Path) -> BTreeSet<String> {
    let (filing, _) = read_filing(path, &config("2024-12-10"));
    let mut out = BTreeSet::new();
    for form in &filing.forms {
        let Some(layout) = form
            .layout
            .as_deref()
            .and_then(todokede::layout::find_by_name)
        else {
            continue;
        };
        for item in &form.items {
            let sensitive = layout.item(item.no).is_some_and(|i| i.sensitive.is_some());
            if sensitive && item.value.chars().count() >= 6 {
                out.insert(item.value.clone());
            }
        }
        for p in &form.persons {
            out.extend(p.my_number.iter().filter(|n| n.len() >= 6).cloned());
            // A number too short to be a whole personal number (a lone 4-digit 課所符号) occurs
            // by chance in any report (byte offsets); the digit-run check covers the rest.
            out.extend(
                p.basic_pension_number
                    .iter()
                    .filter(|n| n.len() >= 6)
                    .cloned(),
            );
        }
    }
    out
}

fn all_corpus_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![rel("testdata")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("md" | "py" | "pyc")
            ) && p.file_name().is_some_and(|n| n != "EXPECTED")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn no_report_format_leaks_a_personal_number() {
    let files = all_corpus_files();
    let mut numbers = BTreeSet::new();
    for f in &files {
        numbers.extend(personal_numbers(f));
    }
    assert!(
        numbers.len() >= 20,
        "the corpus should hold personal numbers to look for: {}",
        numbers.len()
    );
    // The e-Gov packages are part of the corpus, and their forms give personal numbers too.
    let egov: BTreeSet<String> = files
        .iter()
        .filter(|f| f.starts_with("testdata/egov"))
        .flat_map(|f| personal_numbers(f))
        .collect();
    assert!(egov.len() >= 8, "e-Gov personal numbers: {}", egov.len());
    // Paper read by OCR is part of the corpus: its numbers (misread ones included) are looked for
    // too, and its reports carry OCR findings about them.
    let ocr: Vec<&PathBuf> = files
        .iter()
        .filter(|f| {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let head = std::fs::read(f).unwrap_or_default();
            todokede::read::detect::detect(name, &head).is_some_and(|k| k.is_ocr())
        })
        .collect();
    let ocr_numbers: BTreeSet<String> = ocr.iter().flat_map(|f| personal_numbers(f)).collect();
    assert!(
        ocr.len() >= 20 && ocr_numbers.len() >= 10,
        "OCR corpus: {} files, {} numbers",
        ocr.len(),
        ocr_numbers.len()
    );
    let report = check_paths(&files, &config("2024-12-10"));
    assert!(report.summary.total() > 60, "{}", report.summary.total());
    for code in ["OCR005", "OCR009", "OCR010", "MYN002"] {
        assert!(
            report
                .diagnostics()
                .iter()
                .any(|d| d.code() == code && d.primary.page().is_some()),
            "no {code} on a page"
        );
    }
    for &format in Format::ALL {
        for lang in [Lang::Ja, Lang::En] {
            let ctx = RenderContext { lang, color: false };
            let mut out = Vec::new();
            report::render(format, &report, &ctx, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            for n in &numbers {
                assert!(
                    !text.contains(n.as_str()),
                    "{format:?}/{lang:?} shows a personal number"
                );
            }
            // 手続ID and 様式ID (16 and 18 digits) are public identifiers that name the files
            // of every e-Gov package; any other run of 12 digits could be a personal number.
            let mut rest = text.clone();
            for p in todokede::layout::egov::procedures() {
                rest = rest.replace(&p.id, "<手続ID>");
                for f in &p.form {
                    rest = rest.replace(&f.id, "<様式ID>");
                }
            }
            assert!(
                !todokede::diag::redact::has_digit_run(&rest, 12),
                "{format:?}/{lang:?} shows a 12-digit run"
            );
        }
    }
}

fn render(dir: &str, format: Format, lang: Lang) -> String {
    let report = check_paths(&[rel(dir)], &config("2024-12-10"));
    let ctx = RenderContext { lang, color: false };
    let mut out = Vec::new();
    report::render(format, &report, &ctx, &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn snapshot_human_reports() {
    for case in [
        "myn002",
        "sum001",
        "enc003/takahashi",
        "str004/comma-in-address",
        "crt002",
        "myn003",
        "dat004",
        "enc003/egov-takahashi",
        "zip010/egov-missing-form",
    ] {
        let name = format!("human_{}", case.replace('/', "_"));
        insta::assert_snapshot!(
            name,
            render(&format!("testdata/invalid/{case}"), Format::Human, Lang::Ja)
        );
    }
    insta::assert_snapshot!(
        "human_en_fld006",
        render("testdata/invalid/fld006", Format::Human, Lang::En)
    );
}

#[test]
fn snapshot_json_reports() {
    for case in [
        "myn002",
        "enc003/takahashi",
        "sum001",
        "enc003/egov-takahashi",
        "xml006/egov-new-element-in-old-form",
    ] {
        let name = format!("json_{}", case.replace('/', "_"));
        insta::assert_snapshot!(
            name,
            render(&format!("testdata/invalid/{case}"), Format::Json, Lang::Ja)
        );
    }
}
