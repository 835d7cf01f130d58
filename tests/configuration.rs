//! `todokede.toml` and its command-line twins, through the binary (issue 10): found walking up
//! from the current directory, per-path rules for the files their glob matches, unknown keys
//! and codes refused at their place, `--received-on` in the three spellings people write, and
//! shell completions generated from the same definitions.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::root;

const INVALID: &str = "testdata/invalid/myn002/SHFD0006.CSV";

fn todokede(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_todokede"))
        .current_dir(dir)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .unwrap()
}

/// A project: `vendor-a/SHFD0006.CSV` and `vendor-b/SHFD0006.CSV`, both the MYN002 filing, and
/// `todokede.toml` at its top with `toml`.
fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for v in ["vendor-a", "vendor-b"] {
        std::fs::create_dir_all(dir.path().join(v)).unwrap();
        std::fs::copy(
            root().join(INVALID),
            dir.path().join(v).join("SHFD0006.CSV"),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("todokede.toml"), toml).unwrap();
    dir
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn findings(r: &Value) -> Vec<(String, String, String)> {
    r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn per_path_rules_apply_to_the_files_their_glob_matches() {
    let dir = project(
        r#"
[check]
received-on = "2024-12-10"

[[check.per-path]]
path = "vendor-a/**"
ignore = ["MYN002"]

[[check.per-path]]
path = "vendor-b/**"
severity = { MYN = "warning" }
"#,
    );
    // Run from a folder below the project: the file is found walking up.
    let below = dir.path().join("vendor-b");
    let out = todokede(&below, &["check", "..", "--format", "json"]);
    let r = json(&out);
    assert_eq!(
        findings(&r),
        [(
            "../vendor-b/SHFD0006.CSV".to_string(),
            "MYN002".to_string(),
            "warning".to_string()
        )],
        "vendor-a's MYN002 ignored, vendor-b's a warning"
    );
    assert_eq!(out.status.code(), Some(0), "no error left: {out:?}");
    // The JSON report records the configuration in effect.
    let c = &r["configuration"];
    assert!(
        c["file"].as_str().unwrap().ends_with("todokede.toml"),
        "{c}"
    );
    assert_eq!(c["rules"]["per_path"][0]["path"], "vendor-a/**");
    // --no-config: both errors, exit 1.
    let plain = todokede(
        dir.path(),
        &[
            "check",
            ".",
            "--no-config",
            "--received-on",
            "2024-12-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(plain.status.code(), Some(1));
    assert_eq!(findings(&json(&plain)).len(), 2);
    // The command line adds to the file: --severity beats nothing, --ignore drops the rest.
    let cli = todokede(
        dir.path(),
        &["check", ".", "--ignore", "MYN", "--format", "json"],
    );
    assert_eq!(cli.status.code(), Some(0));
    assert!(findings(&json(&cli)).is_empty());
}

#[test]
fn select_and_severity_from_the_file_and_the_command_line() {
    let dir = project(
        r#"
[check]
received-on = "2024-12-10"
select = ["STR"]
"#,
    );
    let out = todokede(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "only STR selected: {out:?}");
    assert!(findings(&json(&out)).is_empty());
    let sel = todokede(
        dir.path(),
        &[
            "check",
            ".",
            "--select",
            "MYN002",
            "--severity",
            "MYN002=info",
            "--format",
            "json",
        ],
    );
    assert_eq!(sel.status.code(), Some(0));
    let f = findings(&json(&sel));
    assert_eq!(f.len(), 2);
    assert!(
        f.iter().all(|(_, c, s)| c == "MYN002" && s == "info"),
        "{f:?}"
    );
}

#[test]
fn unknown_keys_and_codes_are_errors_with_their_place() {
    let dir = project("[check]\nreceived-on = \"2024-12-10\"\nignroe = [\"MYN002\"]\n");
    let out = todokede(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("todokede.toml:3:"), "{err}");
    assert!(err.contains("ignroe"), "{err}");
    let dir = project("[check]\nignore = [\"XYZ123\"]\n");
    let out = todokede(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("todokede.toml:2:"), "{err}");
    assert!(err.contains("XYZ123"), "{err}");
    let out = todokede(
        dir.path(),
        &["check", ".", "--no-config", "--ignore", "XYZ"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown code on the command line too"
    );
}

#[test]
fn received_on_in_the_three_spellings() {
    let here = root();
    for spelling in ["2024-12-10", "2024/12/10", "令和6年12月10日"] {
        let out = todokede(
            &here,
            &[
                "check",
                INVALID,
                "--no-config",
                "--received-on",
                spelling,
                "--format",
                "json",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{spelling}: {out:?}");
        assert_eq!(json(&out)["received_on"], "2024-12-10", "{spelling}");
    }
    let out = todokede(
        &here,
        &["check", INVALID, "--no-config", "--received-on", "12/10"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("令和6年12月10日"),
        "the error shows an example: {err}"
    );
}

#[test]
fn completions_know_every_option() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = todokede(&root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for option in ["password-file", "max-warnings", "received-on", "statistics"] {
            assert!(script.contains(option), "{shell}: {option}");
        }
    }
}
