//! Inputs the way users hand them over (issue 10): standard input, `/dev/stdin` and FIFOs read
//! once; an input that cannot be read exits with 2; a path named twice is checked once; an
//! encrypted medium (`SHFD0006(CSV).ZIP`) is never a pass and is read with its password, in
//! memory only.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::root;

const VALID: &str = "testdata/shfd/valid/SHFD0006.CSV";
/// A filing with one MYN002 error (a wrong check digit).
const INVALID: &str = "testdata/invalid/myn002/SHFD0006.CSV";

fn todokede() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_todokede"));
    c.current_dir(root())
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("TODOKEDE_PASSWORD");
    c
}

/// Runs `todokede check ARGS… --received-on 2024-12-10 --no-config` with `stdin` as its input.
fn check_with_stdin(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut c = todokede();
    c.arg("check")
        .args(args)
        .args(["--received-on", "2024-12-10", "--no-config"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let out = wait_bounded(child);
    writer.join().unwrap();
    out
}

fn check(args: &[&str], env: &[(&str, &str)]) -> Output {
    check_with_stdin(args, b"", env)
}

/// The child's output; fails the test when it runs longer than 60 s (a hang).
fn wait_bounded(mut child: std::process::Child) -> Output {
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("todokede did not finish: it hangs on this input");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
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

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn paths(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

#[test]
fn standard_input_is_read_as_a_filing() {
    let out = check_with_stdin(&["-", "--format", "json"], &read(INVALID), &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let r = json(&out);
    assert_eq!(paths(&r), ["-"]);
    assert_eq!(r["files"][0]["records"], 2);
    assert_eq!(codes(&r), ["MYN002"], "no finding about the name `-`");
    assert_eq!(r["diagnostics"][0]["path"], "-");
    let ok = check_with_stdin(&["-"], &read(VALID), &[]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
}

#[test]
fn convert_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("SHFD0006.CSV");
    let mut c = todokede();
    c.args([
        "convert", "-", "--from", "csv", "--to", "shfd-csv", "--output",
    ])
    .arg(&to)
    .args(["--received-on", "2024-12-10", "--no-config"])
    .stdin(std::fs::File::open(root().join(VALID)).unwrap())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let out = wait_bounded(c.spawn().unwrap());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let back = check(&[to.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(back.status.code(), Some(0), "{back:?}");
    assert_eq!(
        json(&back)["files"][0]["records"],
        7,
        "every record converted"
    );
}

#[cfg(unix)]
#[test]
fn dev_stdin_is_read_once_and_its_name_not_judged() {
    let out = check_with_stdin(&["/dev/stdin", "--format", "json"], &read(INVALID), &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let r = json(&out);
    assert_eq!(r["files"][0]["records"], 2, "not an empty file");
    assert_eq!(codes(&r), ["MYN002"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_once_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let data = read(INVALID);
    let path = fifo.clone();
    // The writer opens the FIFO once: a reader that opened it twice would wait for a second
    // writer that never comes.
    let writer = std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all(&data).unwrap();
    });
    let out = check(&[fifo.to_str().unwrap(), "--format", "json"], &[]);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let r = json(&out);
    assert_eq!(r["files"][0]["records"], 2);
    assert_eq!(codes(&r), ["MYN002"], "no finding about the name `pipe`");
}

#[test]
fn a_path_named_twice_is_checked_once() {
    let out = check(
        &[
            INVALID,
            &format!("./{INVALID}"),
            "testdata/invalid/myn002",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let r = json(&out);
    assert_eq!(paths(&r), [INVALID]);
    assert_eq!(codes(&r), ["MYN002"], "its finding once");
    assert_eq!(r["summary"]["errors"], 1);
}

#[test]
fn an_input_that_does_not_exist_exits_with_2() {
    let out = check(&[VALID, "testdata/no-such-file.csv"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("testdata/no-such-file.csv"), "{human}");
    assert!(
        human.contains("no such file or directory (not checked)"),
        "{human}"
    );
    assert!(human.contains("1 file(s) could not be checked"), "{human}");
}

/// A missing path is in every report, as a file not checked, and the others are still checked.
#[test]
fn an_input_that_does_not_exist_is_in_every_report() {
    const MISSING: &str = "testdata/no-such-dir/SHFD0006.CSV";
    let out = check(&[INVALID, MISSING, "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r = json(&out);
    assert_eq!(paths(&r), [INVALID, MISSING]);
    assert_eq!(codes(&r), ["MYN002", "STR019"]);
    assert_eq!(r["files"][1]["checked"], false);
    assert_eq!(r["files"][0]["checked"], true);

    let out = check(&[MISSING, "--format", "sarif"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].to_string();
    assert!(notes.contains("no-such-dir"), "{notes}");

    let out = check(&[VALID, MISSING, "--format", "junit"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains("errors=\"1\""), "{xml}");
    assert!(xml.contains("no-such-dir"), "{xml}");

    for format in ["gitlab", "json-lines", "concise", "github"] {
        let out = check(&[MISSING, "--format", format], &[]);
        assert_eq!(out.status.code(), Some(2), "{format}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("STR019") || text.contains("no-such-dir"),
            "{format}: {text}"
        );
    }

    // Named twice, reported once.
    let out = check(&[MISSING, MISSING, "--format", "json"], &[]);
    assert_eq!(json(&out)["files"].as_array().unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn an_input_that_cannot_be_opened_exits_with_2_and_the_others_are_checked() {
    // A socket cannot be opened as a file, also for root (who reads any file or folder).
    let dir = tempfile::tempdir().unwrap();
    let sock = dir.path().join("SHFD0006.CSV");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let out = check(&[sock.to_str().unwrap(), INVALID, "--format", "junit"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains("errors=\"1\""), "{xml}");
    assert!(
        xml.contains("failures=\"1\""),
        "the other file was checked: {xml}"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_listed_exits_with_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("cd");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // root lists any folder: nothing to test here (the socket test covers exit 2).
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
        eprintln!("skipped: this user can list a folder with mode 000");
        return;
    }
    let out = check(&[locked.to_str().unwrap(), "--format", "json"], &[]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r = json(&out);
    assert_eq!(r["files"][0]["checked"], false);
}

// ── encrypted media ─────────────────────────────────────────────────────────────────────────

#[derive(Clone, Copy, Debug)]
enum Cipher {
    ZipCrypto,
    Aes256,
}

/// A medium folder holding `SHFD0006(CSV).ZIP`: `csv` as `SHFD0006.CSV`, compressed and
/// encrypted with `password`.
fn encrypted_medium(csv: &[u8], password: &str, cipher: Cipher) -> (tempfile::TempDir, PathBuf) {
    use zip::write::SimpleFileOptions;
    let dir = tempfile::tempdir().unwrap();
    let cd = dir.path().join("cd");
    std::fs::create_dir(&cd).unwrap();
    let path = cd.join("SHFD0006(CSV).ZIP");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let options = match cipher {
        Cipher::ZipCrypto => {
            use zip::unstable::write::FileOptionsExt;
            options.with_deprecated_encryption(password.as_bytes())
        }
        Cipher::Aes256 => options.with_aes_encryption(zip::AesMode::Aes256, password),
    };
    w.start_file("SHFD0006.CSV", options).unwrap();
    w.write_all(csv).unwrap();
    w.finish().unwrap();
    (dir, cd)
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir);
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn an_encrypted_medium_without_its_password_is_never_a_pass() {
    let (_dir, cd) = encrypted_medium(&read(VALID), "s3cret", Cipher::Aes256);
    let cd = cd.to_str().unwrap();
    let out = check(&[cd, "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r = json(&out);
    assert_eq!(codes(&r), ["STR021"]);
    assert_eq!(r["diagnostics"][0]["severity"], "error");
    assert_eq!(r["files"][0]["checked"], false);
    // JUnit: an error (not a pass, not a failure of the content).
    let junit = check(&[cd, "--format", "junit"], &[]);
    let xml = String::from_utf8_lossy(&junit.stdout);
    assert!(xml.contains("<error "), "{xml}");
    // SARIF: a notification that the file was not checked.
    let sarif = check(&[cd, "--format", "sarif"], &[]);
    let s: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let notes = &s["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["level"] == "error")),
        "{s:#}"
    );
    // --exit-zero does not turn it into a pass.
    let zero = check(&[cd, "--exit-zero"], &[]);
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn an_encrypted_medium_is_checked_with_its_password_in_memory_only() {
    for cipher in [Cipher::ZipCrypto, Cipher::Aes256] {
        let (dir, cd) = encrypted_medium(&read(INVALID), "s3cret", cipher);
        let pw = dir.path().join("password.txt");
        // As Notepad writes it: a byte order mark and CRLF.
        std::fs::write(&pw, b"\xEF\xBB\xBFs3cret\r\n").unwrap();
        let before = listing(dir.path());
        let cd = cd.to_str().unwrap();
        let by_file = check(
            &[
                cd,
                "--password-file",
                pw.to_str().unwrap(),
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(by_file.status.code(), Some(1), "{cipher:?}: {by_file:?}");
        let r = json(&by_file);
        assert_eq!(codes(&r), ["MYN002"], "{cipher:?}: the content was checked");
        assert_eq!(r["files"][0]["records"], 2);
        let at = r["diagnostics"][0]["path"].as_str().unwrap();
        assert!(
            at.ends_with("SHFD0006(CSV).ZIP!/SHFD0006.CSV"),
            "{cipher:?}: {at}"
        );
        let by_env = check(
            &[cd, "--format", "json"],
            &[("TODOKEDE_PASSWORD", "s3cret")],
        );
        assert_eq!(by_env.status.code(), Some(1), "{cipher:?}: {by_env:?}");
        assert_eq!(codes(&json(&by_env)), ["MYN002"]);
        assert_eq!(
            listing(dir.path()),
            before,
            "{cipher:?}: nothing decrypted was written"
        );
        let wrong = check(&[cd, "--format", "json"], &[("TODOKEDE_PASSWORD", "guess")]);
        assert_eq!(wrong.status.code(), Some(2), "{cipher:?}: {wrong:?}");
        let w = json(&wrong);
        assert_eq!(codes(&w), ["STR021"]);
        assert!(w["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("password does not open it"));
    }
}

/// A medium `SHFD0006(CSV).ZIP` holding each `(name, bytes)` of `files`, ZipCrypto-encrypted.
fn encrypted_medium_of(files: &[(&str, Vec<u8>)], password: &str) -> (tempfile::TempDir, PathBuf) {
    use zip::unstable::write::FileOptionsExt;
    use zip::write::SimpleFileOptions;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("SHFD0006(CSV).ZIP");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_deprecated_encryption(password.as_bytes());
    for (name, data) in files {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
    (dir, path)
}

/// Several files in one encrypted medium are read like a CD folder: each is a file of the
/// run, shown inside the ZIP, and nothing decrypted is written.
#[test]
fn an_encrypted_medium_of_several_files_is_read_file_by_file() {
    let files = [
        ("SHFD0006.CSV", read(INVALID)),
        ("KPFD0006.CSV", read("testdata/kpfd/valid/KPFD0006.CSV")),
        ("sub/SHFD0006.CSV", read(VALID)),
    ];
    let (dir, zip) = encrypted_medium_of(&files, "s3cret");
    let before = listing(dir.path());
    let zip = zip.to_str().unwrap();
    let out = check(
        &[zip, "--format", "json"],
        &[("TODOKEDE_PASSWORD", "s3cret")],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let r = json(&out);
    let shown = paths(&r);
    assert_eq!(shown.len(), 3, "{shown:?}");
    for (p, (name, _)) in shown.iter().zip(&files) {
        assert!(p.ends_with(&format!("SHFD0006(CSV).ZIP!/{name}")), "{p}");
    }
    assert_eq!(codes(&r), ["MYN002"], "each file checked on its own");
    assert!(r["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["checked"] == true));
    assert_eq!(r["files"][1]["format"], "kpfd-csv", "{r:#}");
    assert_eq!(listing(dir.path()), before, "nothing decrypted was written");

    // Without the password: one finding for the medium, not checked.
    let out = check(&[zip, "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let r = json(&out);
    assert_eq!(codes(&r), ["STR021"]);
    assert_eq!(r["files"].as_array().unwrap().len(), 1);
    // With a wrong one: the same.
    let out = check(
        &[zip, "--format", "json"],
        &[("TODOKEDE_PASSWORD", "guess")],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(codes(&json(&out)), ["STR021"]);
}

#[test]
fn a_valid_encrypted_medium_passes_with_its_password() {
    let (_dir, cd) = encrypted_medium(&read(VALID), "pässwörd", Cipher::Aes256);
    let out = check(
        &[cd.to_str().unwrap()],
        &[("TODOKEDE_PASSWORD", "pässwörd")],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_password_is_never_taken_on_the_command_line() {
    let out = check(&[VALID, "--password", "s3cret"], &[]);
    assert_eq!(out.status.code(), Some(2), "an argument error: {out:?}");
}
