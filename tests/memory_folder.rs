//! A folder whose files are in memory (`Input::Folder`: what the browser page hands the library
//! for a folder picked or dropped, issue 11) is checked as the same folder on disk is
//! (`Input::Path`, what `todokede check DIR` does): the same files found in the same order,
//! shown by the same paths (redacted the same way), an unpacked e-Gov package folder read as
//! one package. The comparison is the whole JSON report, byte for byte.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::*;
use todokede::report::{render, Format, RenderContext};
use todokede::{Input, Report};

/// Every file below `dir`, by its `/`-separated path below it (in no particular order: the
/// library must put them in walk order itself).
fn files_below(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_str().unwrap().to_string())
                    .collect();
                out.push((rel.join("/"), std::fs::read(&p).unwrap()));
            }
        }
    }
    // Reversed, so that an order that merely follows the input would fail the comparison.
    out.sort();
    out.reverse();
    out
}

/// `dir` as an in-memory folder named by its path as given (so the shown paths are the
/// disk run's).
fn in_memory(dir: &Path) -> Input {
    Input::folder(dir.to_str().unwrap(), files_below(dir))
}

fn json(report: &Report) -> String {
    let mut out = Vec::new();
    render(Format::Json, report, &RenderContext::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn check(input: Input) -> Report {
    todokede::check_all(vec![input], &config("2024-12-10")).unwrap()
}

#[test]
fn every_case_folder_in_memory_has_the_report_of_the_folder_on_disk() {
    let mut dirs: Vec<PathBuf> = case_dirs(&root().join("testdata/invalid"));
    // Their parents too: folders holding folders (package folders among them), and whole
    // sample folders.
    let parents: std::collections::BTreeSet<PathBuf> = dirs
        .iter()
        .filter_map(|d| d.parent().map(Path::to_path_buf))
        .collect();
    dirs.extend(parents);
    for d in [
        "testdata/egov/valid",
        "testdata/egov/valid/folder",
        "testdata/shfd",
    ] {
        dirs.push(root().join(d));
    }
    let mut packages = 0;
    for dir in &dirs {
        let disk = check(Input::path(dir));
        let memory = check(in_memory(dir));
        assert_eq!(json(&memory), json(&disk), "{}", dir.display());
        packages += usize::from(
            disk.files
                .iter()
                .any(|f| f.format == Some(todokede::source::SourceFormat::Egov)),
        );
    }
    assert!(dirs.len() > 150, "{} folders", dirs.len());
    assert!(packages > 20, "{packages} folders with an e-Gov package");
}

#[test]
fn an_unpacked_package_folder_is_one_package_not_loose_xml() {
    let folder = root().join("testdata/egov/valid/folder");
    let report = check(in_memory(&folder));
    assert_eq!(report.files.len(), 1, "{}", json(&report));
    let file = &report.files[0];
    assert_eq!(file.format, Some(todokede::source::SourceFormat::Egov));
    assert!(file
        .path
        .ends_with("testdata/egov/valid/folder/4950013521019000"));
    assert!(file.records > 0);
    assert!(!report.has_errors(), "{}", json(&report));
    // Picked as the package folder itself (`4950013521019000/…`): the same package.
    let app = folder.join("4950013521019000");
    let (disk, _) = todokede::read_filing(Input::path(&app), &config("2024-12-10")).unwrap();
    let (memory, _) = todokede::read_filing(in_memory(&app), &config("2024-12-10")).unwrap();
    assert_eq!(memory.forms.len(), disk.forms.len());
    assert_eq!(memory.path, disk.path);
    let options = todokede::WriteOptions {
        society_office_number: None,
        today: "2024-12-10".parse().unwrap(),
    };
    let convert = |f: &todokede::model::Filing| {
        todokede::convert(f, todokede::Target::Json, &options)
            .unwrap()
            .parts
            .concat()
    };
    assert_eq!(convert(&memory), convert(&disk));
}

#[test]
fn a_file_given_with_its_folder_path_is_judged_by_its_name_and_shown_by_its_path() {
    // Before: `CD/sub/SHFD0006.CSV` was not an official file name (STR…), or had to be given
    // by its bare name and lost its folder.
    let data = std::fs::read(root().join("testdata/shfd/valid/SHFD0006.CSV")).unwrap();
    let report = check(Input::bytes("CD/sub/SHFD0006.CSV", data));
    assert!(report.diagnostics().is_empty(), "{}", json(&report));
    assert_eq!(report.files[0].path, "CD/sub/SHFD0006.CSV");
    assert!(report.files[0].records > 0);
}

#[test]
fn a_personal_number_in_a_folder_name_is_masked_as_on_disk() {
    let number = my_number("12345678901");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(format!("{number}-CD"));
    let sub = dir.join(format!(
        "scan {}-{}-{}",
        &number[..4],
        &number[4..8],
        &number[8..]
    ));
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        root().join("testdata/invalid/myn002/SHFD0006.CSV"),
        sub.join("SHFD0006.CSV"),
    )
    .unwrap();
    let disk = json(&check(Input::path(&dir)));
    let memory = json(&check(in_memory(&dir)));
    assert_eq!(memory, disk);
    let v: Value = serde_json::from_str(&memory).unwrap();
    assert!(!v["diagnostics"].as_array().unwrap().is_empty());
    let dashed = format!("{}-{}-{}", &number[..4], &number[4..8], &number[8..]);
    assert!(!memory.contains(&number), "{memory}");
    assert!(!memory.contains(&dashed), "{memory}");
}

#[test]
fn a_folder_without_filings_says_so() {
    let report = check(Input::folder(
        "CD",
        vec![("notes.txt".into(), b"hello".to_vec())],
    ));
    let codes: Vec<&str> = report.diagnostics().iter().map(|d| d.code()).collect();
    let disk = {
        let tmp = tempfile::tempdir().unwrap();
        let cd = tmp.path().join("CD");
        std::fs::create_dir(&cd).unwrap();
        std::fs::write(cd.join("notes.txt"), b"hello").unwrap();
        check(Input::path(&cd))
    };
    let want: Vec<&str> = disk.diagnostics().iter().map(|d| d.code()).collect();
    assert_eq!(codes, want);
    assert_eq!(codes, ["STR019"]);
}
