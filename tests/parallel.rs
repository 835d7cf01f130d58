//! `check --jobs N`: the report is byte for byte the serial run's, in every format, on the whole
//! testdata tree and on a generated CD of many files (with a `.json` that is no OCR result,
//! which takes no index, so that the files after it are renumbered, and a file named twice);
//! and so it is with every 電子媒体 file split in parts (`--part-bytes`, hidden: a tiny part
//! size splits the small files of the tree, their broken headers and markers too).

mod support;

use std::path::Path;
use std::process::Command;

const FORMATS: &[&str] = &[
    "human",
    "json",
    "json-lines",
    "concise",
    "sarif",
    "junit",
    "github",
    "gitlab",
    "html",
];

/// Stdout and exit code of `check` with `args`, the times JUnit gives each file taken out.
fn check(jobs: &str, args: &[&str], paths: &[&Path]) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args([
            "check",
            "--received-on",
            "2024-12-10",
            "--no-config",
            "--jobs",
            jobs,
        ])
        .args(args)
        .args(paths)
        .output()
        .expect("run todokede");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut kept = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(" time=\"") {
        kept.push_str(&rest[..i]);
        let after = &rest[i + 7..];
        rest = after.find('"').map_or("", |j| &after[j + 1..]);
    }
    kept.push_str(rest);
    (kept, out.status.code())
}

fn same_in_every_format(paths: &[&Path], base: &[&str]) {
    for format in FORMATS {
        for extra in [&[][..], &["--statistics"][..]] {
            if *format == "html" && !extra.is_empty() {
                continue;
            }
            let mut args = base.to_vec();
            args.extend_from_slice(&["--format", format]);
            args.extend_from_slice(extra);
            let serial = check("1", &args, paths);
            assert!(!serial.0.is_empty(), "{format}: no output");
            for jobs in ["2", "4"] {
                let parallel = check(jobs, &args, paths);
                assert!(
                    parallel == serial,
                    "{format} {extra:?} --jobs {jobs} differs from --jobs 1"
                );
            }
        }
    }
}

#[test]
fn the_testdata_tree_reports_the_same_on_every_core() {
    let root = support::root().join("testdata");
    same_in_every_format(&[&root], &[]);
}

#[test]
fn the_testdata_tree_reports_the_same_with_every_file_in_parts() {
    let root = support::root().join("testdata");
    same_in_every_format(&[&root], &["--part-bytes", "64"]);
}

#[test]
fn a_generated_cd_reports_the_same_on_every_core() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read(support::root().join("testdata/shfd/valid/SHFD0006.CSV")).unwrap();
    let broken =
        std::fs::read(support::root().join("testdata/invalid/dat001/SHFD0006.CSV")).unwrap();
    for i in 0..12 {
        let sub = dir.path().join(format!("office{i:02}"));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("SHFD0006.CSV"),
            if i % 3 == 0 { &broken } else { &sample },
        )
        .unwrap();
        if i == 4 {
            // Found by its name, opened, and no OCR result: skipped, with no index.
            std::fs::write(sub.join("notes.json"), b"{\"not\": \"ocr\"}").unwrap();
        }
    }
    let egov = support::root().join("testdata/egov/valid/shikaku-2024-12.zip");
    std::fs::copy(&egov, dir.path().join("shikaku.zip")).unwrap();
    let again = dir.path().join("office05/SHFD0006.CSV");
    same_in_every_format(&[dir.path(), &again, &egov], &[]);
    same_in_every_format(&[dir.path(), &again, &egov], &["--part-bytes", "200"]);
    // --max-diagnostics keeps the first N in the run's order: the run stays serial.
    let capped = ["--format", "json", "--max-diagnostics", "3"];
    assert_eq!(
        check("4", &capped, &[dir.path()]),
        check("1", &capped, &[dir.path()])
    );
}
