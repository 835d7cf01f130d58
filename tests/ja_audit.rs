//! Japanese everywhere under `--lang ja`: every command a society's staff run is run in Japanese
//! over the corpus, and any English left in what it prints is flagged — a line of English words
//! only, or an English phrase (three words or more) inside a Japanese line. Codes, paths,
//! option and format names, field names and quoted input are not English text. Each path is run
//! twice: with `--lang ja` under an English locale, and with `LANG=ja_JP.UTF-8` and no option.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn todokede(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_todokede"))
        .current_dir(root())
        .env("LANG", "ja_JP.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("TODOKEDE_PASSWORD")
        .args(args)
        .output()
        .unwrap()
}

/// A token that is not prose: a path, a code, an option, a placeholder, something quoted.
fn not_prose(token: &str) -> bool {
    let t = token.trim_matches(|c: char| ",;()（）[]「」『』".contains(c));
    t.is_empty()
        || t.contains(['/', '\\', '.', '_', '=', '`', '\'', '"', '@', '#'])
        || t.starts_with('-')
        || t.starts_with('<')
        || t.chars().any(|c| c.is_ascii_digit())
        || t.chars().all(|c| !c.is_ascii_lowercase())
}

/// The English in `line`: the whole line when it is ASCII prose, or an ASCII run of three
/// prose words or more inside a Japanese line.
fn english(line: &str) -> Option<String> {
    let words = |s: &str| -> usize {
        s.split_whitespace()
            .filter(|t| !not_prose(t))
            .filter(|t| t.chars().filter(char::is_ascii_alphabetic).count() >= 3)
            .count()
    };
    if line.is_ascii() {
        return (words(line) >= 2).then(|| line.to_string());
    }
    for run in line.split(|c: char| !c.is_ascii()) {
        if words(run) >= 3 {
            return Some(line.to_string());
        }
    }
    None
}

fn leaks(what: &str, text: &str, out: &mut Vec<String>) {
    for line in text.lines() {
        if let Some(l) = english(line) {
            out.push(format!("{what}: {l}"));
        }
    }
}

/// Every case folder of the corpus (a folder holding files).
fn corpus() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        if entries.iter().any(|p| p.is_file()) {
            out.push(dir.to_path_buf());
        }
        for p in entries.iter().filter(|p| p.is_dir()) {
            walk(p, out);
        }
    }
    let mut out = Vec::new();
    walk(&root().join("testdata"), &mut out);
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// `args` run both ways Japanese is asked for, in `dir`, with `env` set: `--lang ja` (after the
/// subcommand) under `LANG=en_US.UTF-8`, and `LANG=ja_JP.UTF-8` alone. Each output is named by
/// how it was asked for.
fn both_ways(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Vec<(String, Output)> {
    let run = |lang: &str, args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_todokede"));
        c.current_dir(dir)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("TODOKEDE_PASSWORD")
            .args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let mut with_option: Vec<&str> = args.to_vec();
    with_option.insert(1.min(with_option.len()), "--lang");
    with_option.insert(2.min(with_option.len()), "ja");
    vec![
        (
            format!("--lang ja {}", args.join(" ")),
            run("en_US.UTF-8", &with_option),
        ),
        (
            format!("LANG=ja_JP.UTF-8 {}", args.join(" ")),
            run("ja_JP.UTF-8", args),
        ),
    ]
}

/// Runs `args` both ways and checks what they print: some Japanese, no English; `expect` is a
/// piece of what standard error says, in Japanese. Returns the outputs.
fn says_in_japanese(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    expect: &str,
    found: &mut Vec<String>,
) {
    for (what, o) in both_ways(dir, args, env) {
        let (out, err) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        assert!(
            err.contains(expect) || out.contains(expect),
            "{what}: expected {expect:?}\nstdout: {out}\nstderr: {err}"
        );
        assert!(has_japanese(&err) || has_japanese(&out), "{what}: {err}");
        leaks(&what, &out, found);
        leaks(&what, &err, found);
    }
}

#[test]
fn the_filter_finds_english() {
    assert!(english("cannot write the report: denied").is_some());
    assert!(
        english("todokede: 報告を書けません: permission denied").is_none(),
        "two words"
    );
    assert!(english("注: 2件のレコードが not written with their findings").is_some());
    assert!(english("  --> testdata/shfd/valid/SHFD0006.CSV:6:1").is_none());
    assert!(english("エラー[MYN002]: 個人番号の検査用数字が一致しません").is_none());
    assert!(english("  -h, --help     ヘルプを表示します").is_none());
}

#[test]
fn check_speaks_japanese_over_the_corpus() {
    let mut found = Vec::new();
    for dir in corpus() {
        let d = rel(&dir);
        for (what, o) in both_ways(&root(), &["check", "--received-on", "2024-12-10", &d], &[]) {
            leaks(&what, &String::from_utf8_lossy(&o.stdout), &mut found);
            leaks(&what, &String::from_utf8_lossy(&o.stderr), &mut found);
        }
    }
    // The report written to a file says the same.
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.txt");
    let args = ["check", "testdata/invalid", "-o", report.to_str().unwrap()];
    for (what, o) in both_ways(&root(), &args, &[]) {
        assert_eq!(o.status.code(), Some(2), "{what}");
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.contains("エラー[MYN002]: "), "{what}");
        leaks(&what, &text, &mut found);
    }
    // OCR places: 1ページ, 枠 (…) 画素 (…).
    let o = todokede(&["check", "--lang", "ja", "testdata/invalid/ocr009"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("1ページ, 枠 (0.420, 0.128)–(0.590, 0.150) 画素 ("),
        "{text}"
    );
    // A path that names nothing, and the summary options.
    let o = todokede(&["check", "--lang", "ja", "testdata/no-such-file.csv"]);
    leaks("missing", &String::from_utf8_lossy(&o.stdout), &mut found);
    let o = todokede(&["check", "--statistics", "testdata/invalid"]);
    leaks(
        "statistics",
        &String::from_utf8_lossy(&o.stdout),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "English in Japanese output:\n{}",
        found.join("\n")
    );
}

/// Japanese text: kana or kanji.
fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff66}'..='\u{ff9f}')
    })
}

/// Every rule's reason and example exist in Japanese, are Japanese text, and hold no English
/// sentence (the English ones stay for `--lang en`, SARIF and docs/rules.md).
#[test]
fn every_rule_has_a_japanese_reason_and_example() {
    use todokede::diag::Lang;
    let mut found = Vec::new();
    for r in todokede::diag::registry::all() {
        let (why, example) = (r.why(Lang::Ja), r.example(Lang::Ja));
        assert!(has_japanese(why), "{}: {why}", r.code);
        assert_ne!(why, r.why, "{}", r.code);
        // An example is a piece of a filing (`EF BB BF 32 31 2C …`, `00000`) or says what it is
        // in Japanese; none is left out where the English one has one.
        assert_eq!(example.is_empty(), r.example.is_empty(), "{}", r.code);
        leaks(&format!("{} why", r.code), why, &mut found);
        leaks(&format!("{} example", r.code), example, &mut found);
    }
    assert!(
        found.is_empty(),
        "English in Japanese rule texts:\n{}",
        found.join("\n")
    );
}

#[test]
fn explain_and_rules_speak_japanese() {
    let mut found = Vec::new();
    for (r, (what, o)) in todokede::diag::registry::all().iter().flat_map(|r| {
        both_ways(&root(), &["explain", r.code], &[])
            .into_iter()
            .map(move |o| (r, o))
    }) {
        assert_eq!(o.status.code(), Some(0), "{what}");
        let text = String::from_utf8_lossy(&o.stdout);
        // The second line is the English summary, shown under the Japanese one on purpose.
        let text: String = text
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        leaks(r.code, &text, &mut found);
        assert!(text.contains("対処: "), "{}: {text}", r.code);
        assert!(
            text.contains(&format!("理由: {}", r.why_ja)),
            "{}: {text}",
            r.code
        );
        assert!(!text.contains("英文"), "{}: {text}", r.code);
    }
    for (what, o) in both_ways(&root(), &["rules"], &[]) {
        assert!(o.stdout.len() > 1000, "{what}");
        leaks(&what, &String::from_utf8_lossy(&o.stdout), &mut found);
    }
    assert!(
        found.is_empty(),
        "English in Japanese output:\n{}",
        found.join("\n")
    );
}

#[test]
fn convert_and_issuance_speak_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    let inputs = [
        "testdata/shfd/valid/SHFD0006.CSV",
        "testdata/kpfd/valid/KPFD0006.CSV",
        "testdata/egov/valid/shikaku-2024-12.zip",
        "testdata/ocr/valid/2200700-2024-12.jsonl",
        "testdata/ocr/misread/2200700-2024-12.jsonl",
        "testdata/invalid/myn002/SHFD0006.CSV",
    ];
    for (n, input) in inputs.iter().enumerate() {
        for (to, extra) in [
            ("json", None),
            ("shfd-csv", None),
            ("shfd-csv", Some("--allow-errors")),
            ("egov", Some("--allow-errors")),
            ("kpfd-csv", Some("--allow-errors")),
        ] {
            let out = dir.path().join(format!("out-{n}-{to}"));
            let mut args = vec!["convert", input, "--to", to, "-o", out.to_str().unwrap()];
            args.extend(["--received-on", "2024-12-10"]);
            args.extend(extra);
            for (what, o) in both_ways(&root(), &args, &[]) {
                leaks(&what, &String::from_utf8_lossy(&o.stderr), &mut found);
            }
        }
        for (what, o) in both_ways(
            &root(),
            &["issuance", input, "--received-on", "2024-12-10"],
            &[],
        ) {
            leaks(&what, &String::from_utf8_lossy(&o.stdout), &mut found);
            leaks(&what, &String::from_utf8_lossy(&o.stderr), &mut found);
        }
    }
    // What convert says, said in Japanese.
    let out = dir.path().join("refused.csv");
    let o = todokede(&[
        "convert",
        "testdata/invalid/myn002/SHFD0006.CSV",
        "--to",
        "shfd-csv",
        "-o",
        out.to_str().unwrap(),
        "--received-on",
        "2024-12-10",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("変換できません: レコード"), "{err}");
    assert!(
        err.contains("変換していません: 届出にエラーか未確認の欄があります"),
        "{err}"
    );
    assert!(
        found.is_empty(),
        "English in Japanese output:\n{}",
        found.join("\n")
    );
}

/// Corrupt copies of a valid e-Gov package, written into `dir`: one whose central directory
/// points elsewhere (the zip crate's InvalidArchive), one whose first entry's deflate data is
/// damaged (an I/O error while unpacking).
fn damaged_zips(dir: &Path) -> (String, String) {
    let zip = std::fs::read(root().join("testdata/egov/valid/shikaku-2024-12.zip")).unwrap();
    let end = zip.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let mut cd = zip.clone();
    cd[end + 16] ^= 0x10;
    let mut inflate = zip;
    inflate[100] ^= 0xff;
    inflate[120] ^= 0xff;
    let (a, b) = (dir.join("cd.zip"), dir.join("inflate.zip"));
    std::fs::write(&a, cd).unwrap();
    std::fs::write(&b, inflate).unwrap();
    (a.display().to_string(), b.display().to_string())
}

/// A CD folder holding `SHFD0006(CSV).ZIP`, the valid SHFD0006.CSV encrypted (ZipCrypto) with
/// the password `right`.
fn encrypted_medium(dir: &Path) -> String {
    use std::io::Write;
    use zip::unstable::write::FileOptionsExt;
    let cd = dir.join("cd");
    std::fs::create_dir(&cd).unwrap();
    let file = std::fs::File::create(cd.join("SHFD0006(CSV).ZIP")).unwrap();
    let mut w = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_deprecated_encryption(b"right");
    w.start_file("SHFD0006.CSV", options).unwrap();
    w.write_all(&std::fs::read(root().join("testdata/shfd/valid/SHFD0006.CSV")).unwrap())
        .unwrap();
    w.finish().unwrap();
    cd.display().to_string()
}

/// Outputs refused, settings files that do not load, options that do not parse, and the
/// libraries' errors inside findings (serde_json in OCR001, the zip crate in ZIP001 and STR021):
/// each said in Japanese, with our own sentence for the library's.
#[test]
fn refusals_settings_and_library_errors_speak_japanese() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let write = |name: &str, text: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let data = |p: &str| root().join("testdata").join(p).display().to_string();
    std::fs::create_dir(d.join("in")).unwrap();
    std::fs::copy(
        root().join("testdata/shfd/valid/SHFD0006.CSV"),
        d.join("in/SHFD0006.CSV"),
    )
    .unwrap();
    let csv = d.join("in/SHFD0006.CSV").display().to_string();
    let folder = d.join("in").display().to_string();
    let inside = d.join("in/report.txt").display().to_string();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&csv, d.join("link.txt")).unwrap();
    let link = d.join("link.txt").display().to_string();
    let unknown_key = write("unknown-key.toml", b"[check]\nignroe = [\"STR001\"]\n");
    let bad_value = write("bad-value.toml", b"[check]\nprofile = \"kenpo\"\n");
    let bad_toml = write("bad-toml.toml", b"[check]\nprofile = nenkin\n");
    let bad_code = write("bad-code.toml", b"[check]\nselect = [\"XYZ\"]\n");
    let bad_glob = write("bad-glob.toml", b"[[check.per-path]]\npath = \"a/[\"\n");
    let bad_date = write("bad-date.toml", b"[check]\nreceived-on = \"12/10\"\n");
    let profile = write("profile.toml", b"[[document]]\n");
    let empty = write("empty-password", b"");
    let (cd_zip, inflate_zip) = damaged_zips(d);
    let medium = encrypted_medium(d);
    let c = csv.as_str();
    let broken_json = data("invalid/ocr001/broken-json");
    let not_a_zip = data("invalid/str021");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // Output files refused (src/cli/output.rs).
        (
            vec!["check", c, "-o", c],
            "この実行の入力です。何も書いていません",
        ),
        (
            vec!["check", c, "-o", &folder],
            "フォルダです。何も書いていません",
        ),
        (vec!["check", c, "-o", &link], "シンボリックリンクです"),
        (
            vec!["check", &folder, "-o", &inside],
            "この実行の入力フォルダの中にあります",
        ),
        (
            vec!["check", c, "--ocr-profile", &profile, "-o", &profile],
            "この実行の設定ファイルです",
        ),
        (
            vec!["convert", c, "--to", "json", "-o", c],
            "この実行の入力です",
        ),
        (vec!["issuance", c, "-o", c], "この実行の入力です"),
        // todokede.toml / --config.
        (
            vec!["check", "--config", &unknown_key, c],
            "不明なキー「ignroe」です（使えるキー: ",
        ),
        (
            vec!["check", "--config", &bad_value, c],
            "「kenpo」は使えません（society、nenkin のどれかです）",
        ),
        (
            vec!["check", "--config", &bad_toml, c],
            "bad-toml.toml:2:11: TOMLとして読めません",
        ),
        (
            vec!["check", "--config", &bad_code, c],
            "ルールのコードまたは接頭辞「XYZ」はありません",
        ),
        (
            vec!["check", "--config", &bad_glob, c],
            "パスのパターン「a/[」が正しくありません（[ が閉じていません）",
        ),
        (
            vec!["check", "--config", &bad_date, c],
            "bad-date.toml:2:15: 日付として読めません（例: ",
        ),
        (
            vec!["check", "--config", "missing.toml", c],
            "missing.toml: ファイルまたはフォルダが見つかりません",
        ),
        (
            vec![
                "convert",
                "--config",
                &unknown_key,
                c,
                "--to",
                "json",
                "-o",
                "out.json",
            ],
            "不明なキー「ignroe」です",
        ),
        // --ocr-profile.
        (
            vec!["check", "--ocr-profile", &profile, c],
            "1行1列: 必要なキー「doc_type」がありません",
        ),
        (
            vec!["check", "--ocr-profile", "missing.toml", c],
            "missing.toml: ファイルまたはフォルダが見つかりません",
        ),
        // Options.
        (
            vec!["check", "--password-file", "missing", c],
            "--password-file missing: ファイルまたはフォルダが見つかりません",
        ),
        (vec!["check", "--password-file", &empty, c], "1行目が空です"),
        (
            vec!["check", "--severity", "X", c],
            "コード=重大度 の形で書いてください",
        ),
        (
            vec!["check", "--severity", "MYN002=fatal", c],
            "重大度「fatal」はありません",
        ),
        (
            vec!["check", "--ignore", "FOO", c],
            "ルールのコードまたは接頭辞「FOO」はありません",
        ),
        (
            vec!["check", "--select", "FOO", c],
            "ルールのコードまたは接頭辞「FOO」はありません",
        ),
        (
            vec!["check", "--ocr-min-confidence", "box=0.5", c],
            "枠の種類「box」はありません",
        ),
        (
            vec!["check", "--ocr-min-confidence", "2", c],
            "2 は0〜1の範囲にありません",
        ),
        (
            vec!["check", "--received-on", "令和1年2月30日", c],
            "その日付は令和にありません",
        ),
        (
            vec!["issuance", c, "--closed-days", "13-45"],
            "「13-45」を休業日として読めません",
        ),
        (vec!["explain", "NOPE01"], "ルール「NOPE01」はありません"),
        (
            vec![
                "convert",
                c,
                "--to",
                "egov",
                "-o",
                "-",
                "--society-office-number",
                "x",
            ],
            "--society-office-number は半角数字1〜10桁です",
        ),
        // Library errors inside findings.
        (vec!["check", &broken_json], "JSONとして読めません: "),
        (vec!["check", &cd_zip], "ZIPの構造が壊れています"),
        (
            vec!["check", &inflate_zip],
            "圧縮されたデータが壊れています",
        ),
        (
            vec!["check", &not_a_zip],
            "「SHFD0006(CSV).ZIP」を開けません: ZIPの構造が壊れています",
        ),
        (
            vec!["check", &medium],
            "パスワードがないため検査していません",
        ),
    ];
    let mut found = Vec::new();
    for (args, expect) in &cases {
        says_in_japanese(d, args, &[], expect, &mut found);
    }
    // An encrypted medium with the wrong password (STR021).
    says_in_japanese(
        d,
        &["check", &medium],
        &[("TODOKEDE_PASSWORD", "wrong")],
        "パスワードが違います。検査していません",
        &mut found,
    );
    // A todokede.toml found upward, not named.
    std::fs::write(d.join("in/todokede.toml"), b"[check]\nignroe = 1\n").unwrap();
    says_in_japanese(
        &d.join("in"),
        &["check", "SHFD0006.CSV"],
        &[],
        "todokede.toml:2:1: 不明なキー「ignroe」です",
        &mut found,
    );
    assert!(
        found.is_empty(),
        "English in Japanese output:\n{}",
        found.join("\n")
    );
}
