//! `--help` and argument errors in the run's language: Japanese under `--lang ja`, a Japanese
//! locale or none (the default of the reports), English under an English locale or `--lang en`;
//! the exit codes are clap's in both (0 for help, 2 for an error).

use std::process::{Command, Output};

/// The program with only `lang` as its locale (`None`: no locale variable at all), in a folder
/// without a todokede.toml.
fn run(lang: Option<&str>, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_todokede"));
    c.current_dir(dir.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    if let Some(l) = lang {
        c.env("LANG", l);
    }
    c.args(args).output().unwrap()
}

const JA: Option<&str> = Some("ja_JP.UTF-8");
const EN: Option<&str> = Some("en_US.UTF-8");

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The lines of `text` made of ASCII only that have an English word: a word of 3+ lower-case
/// letters that is not an option (`--help`), a placeholder (`<N>`), quoted (`'x'`) or the
/// program's name.
fn english_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.is_ascii())
        .filter(|l| {
            l.split_whitespace()
                .filter(|t| !t.starts_with(['-', '<', '[', '\'', '`']) && !t.ends_with(':'))
                .filter(|t| *t != "todokede")
                .any(|t| {
                    t.split(|c: char| !c.is_ascii_alphabetic())
                        .any(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()))
                })
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn help_is_japanese_by_default_and_under_a_japanese_locale() {
    for lang in [None, JA, Some("C")] {
        let o = run(lang, &["--help"]);
        assert_eq!(o.status.code(), Some(0), "{lang:?}");
        let s = stdout(&o);
        assert!(s.contains("使い方: todokede <コマンド>"), "{lang:?}: {s}");
        assert!(s.contains("コマンド:") && s.contains("オプション:"), "{s}");
        assert!(s.contains("ヘルプを表示します"), "{s}");
        assert!(!s.contains("Usage") && !s.contains("Options:"), "{s}");
    }
}

#[test]
fn every_command_s_help_is_japanese() {
    for cmd in [
        "check",
        "convert",
        "issuance",
        "explain",
        "rules",
        "completions",
    ] {
        for flag in ["-h", "--help"] {
            let o = run(JA, &[cmd, flag]);
            assert_eq!(o.status.code(), Some(0), "{cmd} {flag}");
            let s = stdout(&o);
            assert!(s.contains("使い方: todokede "), "{cmd}: {s}");
            assert!(
                !s.contains("[OPTIONS]") && !s.contains("[default:"),
                "{cmd}: {s}"
            );
            assert!(!s.contains("[possible values:"), "{cmd}: {s}");
            let english = english_lines(&s);
            assert!(
                english.is_empty(),
                "{cmd} {flag}: English left: {english:#?}"
            );
        }
    }
    // `help` is `--help`, `help check` is `check --help`.
    assert_eq!(stdout(&run(JA, &["help"])), stdout(&run(JA, &["--help"])));
    assert_eq!(
        stdout(&run(JA, &["help", "check"])),
        stdout(&run(JA, &["check", "--help"]))
    );
}

#[test]
fn check_help_describes_each_option_and_value_in_japanese() {
    let s = stdout(&run(JA, &["check", "--help"]));
    assert!(s.contains("--format <形式>"), "{s}");
    assert!(s.contains("［既定: human］"), "{s}");
    assert!(s.contains("- html: 職員向けの報告"), "{s}");
    assert!(s.contains("--password-file <ファイル>"), "{s}");
    assert!(s.contains("受付日"), "{s}");
}

#[test]
fn help_is_english_under_an_english_locale_or_lang_en() {
    for (lang, args) in [
        (EN, &["check", "--help"][..]),
        (JA, &["check", "--lang", "en", "--help"][..]),
        (None, &["check", "--lang=en", "--help"][..]),
    ] {
        let o = run(lang, args);
        assert_eq!(o.status.code(), Some(0));
        let s = stdout(&o);
        assert!(
            s.contains("Usage: todokede check [OPTIONS] <PATHS>..."),
            "{s}"
        );
        assert!(s.contains("Files or directories"), "{s}");
        assert!(!s.contains("使い方"), "{s}");
    }
    // And Japanese under an English locale when asked.
    let s = stdout(&run(EN, &["check", "--help", "--lang", "ja"]));
    assert!(
        s.contains("使い方: todokede check [オプション] <パス>..."),
        "{s}"
    );
}

#[test]
fn the_configuration_file_s_language_is_the_help_s() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("todokede.toml"), "[check]\nlang = \"en\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_todokede"))
        .current_dir(dir.path())
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .args(["check", "--formt", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unexpected argument '--formt'"),
        "{o:?}"
    );
}

/// An unknown option: the option, the suggestion, the usage; exit 2.
#[test]
fn unknown_option() {
    let ja = run(JA, &["check", "--formt", "json", "a.csv"]);
    assert_eq!(ja.status.code(), Some(2));
    let e = stderr(&ja);
    assert!(
        e.starts_with("エラー: 想定外の引数 '--formt' があります"),
        "{e}"
    );
    assert!(e.contains("もしかして: '--format'"), "{e}");
    assert!(
        e.contains("使い方: todokede check [オプション] <パス>..."),
        "{e}"
    );
    assert!(ja.stdout.is_empty());

    let en = run(EN, &["check", "--formt", "json", "a.csv"]);
    assert_eq!(en.status.code(), Some(2));
    let e = stderr(&en);
    assert!(e.contains("unexpected argument '--formt' found"), "{e}");
    assert!(e.contains("'--format'"), "{e}");
}

/// A value not among the allowed: the value, the allowed values, the closest; exit 2.
#[test]
fn invalid_value_for_format() {
    let ja = run(JA, &["check", "--format", "xml", "a.csv"]);
    assert_eq!(ja.status.code(), Some(2));
    let e = stderr(&ja);
    assert!(e.contains("'--format <形式>' に 'xml' は使えません"), "{e}");
    assert!(e.contains("使える値: human, json, sarif"), "{e}");
    assert!(e.contains("もしかして: 'html'"), "{e}");

    let en = run(EN, &["check", "--format", "xml", "a.csv"]);
    assert_eq!(en.status.code(), Some(2));
    let e = stderr(&en);
    assert!(
        e.contains("invalid value 'xml' for '--format <FORMAT>'"),
        "{e}"
    );
}

/// An option without its value, a missing path, an unknown command; exit 2.
#[test]
fn missing_value_missing_argument_unknown_command() {
    let e = run(JA, &["check", "--format"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        stderr(&e).contains("'--format <形式>' には値が必要です"),
        "{e:?}"
    );
    let e = run(EN, &["check", "--format"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        stderr(&e).contains("a value is required for '--format <FORMAT>'"),
        "{e:?}"
    );

    let e = run(JA, &["check"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        stderr(&e).contains("次の引数が必要です:\n  <パス>..."),
        "{e:?}"
    );
    let e = run(EN, &["check"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        stderr(&e).contains("the following required arguments"),
        "{e:?}"
    );

    let e = run(JA, &["chek", "a.csv"]);
    assert_eq!(e.status.code(), Some(2));
    let s = stderr(&e);
    assert!(
        s.contains("コマンド 'chek' はありません") && s.contains("もしかして: 'check'"),
        "{s}"
    );
    let e = run(EN, &["chek", "a.csv"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        stderr(&e).contains("unrecognized subcommand 'chek'"),
        "{e:?}"
    );
}

/// A value its parser refuses: the parser's own reason, in the language of the run.
#[test]
fn a_refused_value_gives_its_reason() {
    let e = run(JA, &["check", "--received-on", "12/10/2024", "a.csv"]);
    assert_eq!(e.status.code(), Some(2));
    let s = stderr(&e);
    assert!(
        s.contains("'--received-on <日付>' の値 '12/10/2024' は使えません: 日付として読めません"),
        "{s}"
    );
    assert!(!s.contains("is not a date"), "{s}");
    let e = run(EN, &["check", "--received-on", "12/10/2024", "a.csv"]);
    assert_eq!(e.status.code(), Some(2));
    let s = stderr(&e);
    assert!(
        s.contains("is not a date") && !s.contains("日付として読めません"),
        "{s}"
    );

    let e = run(JA, &["check", "--max-diagnostics", "many", "a.csv"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(stderr(&e).contains("0以上の整数を書いてください"), "{e:?}");
    let e = run(JA, &["check", "--config", "a.toml", "--no-config", "a.csv"]);
    assert_eq!(e.status.code(), Some(2));
    assert!(
        stderr(&e).contains("'--config <ファイル>' は '--no-config' と一緒には使えません"),
        "{e:?}"
    );
}

#[test]
fn no_error_text_is_left_in_english() {
    for args in [
        &["check", "--formt", "a"][..],
        &["check", "--format", "xml", "a"],
        &["check", "--format"],
        &["check"],
        &["chek"],
        &["check", "--json"],
        &["convert", "a", "b"],
        &["check", "--lang", "fr", "a"],
        &["issuance", "--issue-on", "2024/1", "a"],
    ] {
        let o = run(JA, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let english = english_lines(&stderr(&o));
        assert!(english.is_empty(), "{args:?}: {english:#?}");
    }
}

#[test]
fn version_and_completions_still_work_in_japanese() {
    let o = run(JA, &["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("todokede "));
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(JA, &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = stdout(&o);
        for option in ["password-file", "received-on", "format"] {
            assert!(script.contains(option), "{shell}: {option}");
        }
        if shell == "fish" || shell == "zsh" {
            assert!(
                script.contains("暗号化された媒体"),
                "{shell} describes options in Japanese"
            );
        }
    }
}

#[test]
fn explain_follows_the_run_s_language() {
    let ja = stdout(&run(JA, &["explain", "MYN002"]));
    assert!(ja.starts_with("MYN002 (error) — 個人番号"), "{ja}");
    let en = stdout(&run(EN, &["explain", "MYN002"]));
    assert!(en.starts_with("MYN002 (error) — My Number"), "{en}");
}
