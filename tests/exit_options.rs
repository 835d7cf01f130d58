//! How `check` exits and how much it prints, as ruff's and biome's options of the same names
//! (issue 10): `--exit-zero` turns findings into a pass (never an unread input), `--max-warnings N`
//! fails a run with more than N warnings, `--quiet` prints only the closing line of counts.

mod support;

use std::process::{Command, Output};

use serde_json::Value;
use support::root;

/// One MYN002 error (a wrong check digit).
const ERRORS: &str = "testdata/invalid/myn002/SHFD0006.CSV";
/// An old-format filing: no error, three warnings.
const WARNINGS: &str = "testdata/shfd/valid-old/SHFD0006.CSV";

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_todokede"))
        .current_dir(root())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("check")
        .args(args)
        .args(["--received-on", "2024-12-10", "--no-config"])
        .output()
        .unwrap()
}

fn summary(args: &[&str]) -> (Option<i32>, Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = check(&all);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), report["summary"].clone())
}

#[test]
fn the_inputs_are_what_the_tests_say() {
    let (code, s) = summary(&[ERRORS]);
    assert_eq!((code, s["errors"].as_u64()), (Some(1), Some(1)), "{s}");
    let (code, s) = summary(&[WARNINGS]);
    assert_eq!(code, Some(0), "{s}");
    assert_eq!(
        (s["errors"].as_u64(), s["warnings"].as_u64()),
        (Some(0), Some(3))
    );
}

#[test]
fn exit_zero_passes_a_run_with_errors_and_still_reports_them() {
    let (code, s) = summary(&[ERRORS, "--exit-zero"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        s["errors"].as_u64(),
        Some(1),
        "the errors are still reported"
    );
    let human = check(&[ERRORS, "--exit-zero"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("MYN002"));
    // An input that cannot be read is never a pass.
    let missing = check(&["no/such/SHFD0006.CSV", "--exit-zero"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn max_warnings_fails_a_run_with_more_warnings_than_allowed() {
    for (n, want) in [("3", 0), ("4", 0), ("2", 1), ("0", 1)] {
        let (code, _) = summary(&[WARNINGS, "--max-warnings", n]);
        assert_eq!(code, Some(want), "--max-warnings {n} with 3 warnings");
    }
    // Errors still fail the run whatever the warnings allowance.
    let (code, _) = summary(&[ERRORS, "--max-warnings", "100"]);
    assert_eq!(code, Some(1));
    // Both together: --exit-zero forgives errors, not the warnings allowance.
    let (code, _) = summary(&[WARNINGS, "--exit-zero", "--max-warnings", "1"]);
    assert_eq!(code, Some(1));
}

#[test]
fn quiet_prints_only_the_closing_line_and_keeps_the_exit_code() {
    for (file, code) in [(ERRORS, 1), (WARNINGS, 0)] {
        let full = check(&[file]);
        let full = String::from_utf8_lossy(&full.stdout).into_owned();
        for flag in ["--quiet", "-q"] {
            let out = check(&[file, flag]);
            assert_eq!(out.status.code(), Some(code), "{file} {flag}");
            let text = String::from_utf8_lossy(&out.stdout);
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            assert_eq!(lines.len(), 1, "{file} {flag}: {text}");
            // The one line is the full report's closing line, and no finding is printed.
            let last = full.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
            assert_eq!(lines[0], last, "{file} {flag}");
            assert!(!text.contains("MYN002") && !text.contains("STR0"), "{text}");
        }
    }
}
