//! The hostile corpus: synthetic personal numbers planted where they are easy to forget — every
//! item of every format, file and folder names, ZIP entry names, XML element names, OCR text,
//! written plain, with spaces, hyphens of every width, dots, 全角 digits, NUL-interleaved (a
//! UTF-16 file), and after 11 letters (the cut that once showed 9 digits) — and a test that fails
//! when any of them appears in any report format, either language, standard error, or
//! `convert`'s notes, also with the separators removed and 全角 folded.

mod support;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{my_number, root, sjis};

/// The numbers planted (digits only): 12-digit My Numbers with valid check digits, a 10-digit
/// 基礎年金番号 and an 11-digit 被保険者記号・番号, all made up.
fn planted() -> Vec<String> {
    vec![
        my_number("73918264503"),
        my_number("58203917466"),
        my_number("26471938059"),
        "8391627450".to_string(),
        "47285019366".to_string(),
    ]
}

/// Each way a number is written in the hostile corpus.
fn variants(n: &str) -> Vec<String> {
    let chars: Vec<char> = n.chars().collect();
    let grouped = |sep: &str| {
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let full = |s: &str| -> String {
        s.chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(0xFF10 + d))
                    .unwrap_or(c)
            })
            .collect()
    };
    let half = chars.len() / 2;
    vec![
        n.to_string(),
        grouped("-"),
        grouped(" "),
        grouped("－"),
        grouped("ー"),
        grouped("."),
        grouped("/"),
        grouped(" - "),
        full(n),
        format!("{}{}", full(&n[..half]), &n[half..]),
        format!("abcdefghijk{n}"),
        format!("ｱｲｳｴｵｶｷｸｹｺｻ{}", grouped("-")),
        chars.iter().map(|c| format!("{c}\0")).collect(),
        grouped("\u{1b}").replacen("\u{1b}", "\u{7}", 1),
    ]
}

/// Every planted text, cycling through numbers and their variants.
struct Planter {
    texts: Vec<String>,
    next: usize,
}

impl Planter {
    fn new() -> Planter {
        let mut texts = Vec::new();
        let numbers = planted();
        let vs: Vec<Vec<String>> = numbers.iter().map(|n| variants(n)).collect();
        for i in 0..vs[0].len() {
            for v in &vs {
                texts.push(v[i].clone());
            }
        }
        Planter { texts, next: 0 }
    }

    fn take(&mut self) -> String {
        let t = self.texts[self.next % self.texts.len()].clone();
        self.next += 1;
        t
    }

    /// A planted text Shift_JIS can carry (every variant can; NUL included).
    fn take_sjis(&mut self) -> String {
        self.take()
    }
}

fn decode_sjis(b: &[u8]) -> String {
    encoding_rs::SHIFT_JIS.decode(b).0.into_owned()
}

/// The sample SHFD0006 with every data item (or every header item) planted.
fn csv_planted(text: &str, p: &mut Planter, header: bool) -> String {
    let mut out = Vec::new();
    let mut in_data = false;
    for (i, line) in text.split("\r\n").enumerate() {
        if line == "[data]" {
            in_data = true;
            out.push(line.to_string());
            continue;
        }
        let plant = if header {
            !in_data && !line.starts_with('[') && !line.is_empty()
        } else {
            in_data && !line.is_empty()
        };
        if !plant {
            out.push(line.to_string());
            continue;
        }
        let items: Vec<String> = line
            .split(',')
            .enumerate()
            .map(|(k, item)| {
                // Keep the 様式コード of the first record so that its layout is known; the
                // other records are unknown forms, redacted without a layout.
                if k == 0 && i <= 6 && !header {
                    item.to_string()
                } else {
                    p.take_sjis()
                }
            })
            .collect();
        out.push(items.join(","));
    }
    out.join("\r\n")
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = Vec::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).expect("entry");
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read");
        out.push((f.name().to_string(), b));
    }
    out
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, b) in files {
        w.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(b).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// Replaces the text of every leaf element with planted text (XML-escaped NULs are not allowed,
/// so the NUL variant goes in as it is: the reader must report it without showing it).
fn xml_planted(xml: &str, p: &mut Planter, rename: bool) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(gt) = rest.find('>') {
        out.push_str(&rest[..=gt]);
        rest = &rest[gt + 1..];
        if let Some(lt) = rest.find('<') {
            let text = &rest[..lt];
            if !text.trim().is_empty() {
                out.push_str(&p.take());
                rest = &rest[lt..];
            }
        }
    }
    out.push_str(rest);
    if rename {
        // An element name made of a number (the form map does not know it).
        out = out.replacen(
            "<P1_事業所名称>",
            &format!(
                "<P1_a{n}><P1_n-{dashed}/></P1_a{n}><P1_事業所名称>",
                n = planted()[2],
                dashed = planted()[3]
            ),
            1,
        );
        out = out.replacen("</DataRoot>", &format!("&a{};</DataRoot>", planted()[4]), 1);
    }
    out
}

/// Walks a JSON value and plants text in every string under the given keys.
fn json_planted(v: &mut serde_json::Value, keys: &[&str], p: &mut Planter) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if keys.contains(&k.as_str()) && x.is_string() {
                    *x = serde_json::Value::String(p.take());
                } else {
                    json_planted(x, keys, p);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| json_planted(x, keys, p)),
        _ => {}
    }
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
    path.to_path_buf()
}

/// Builds the hostile corpus in `dir`; returns every input.
fn hostile_corpus(dir: &Path) -> Vec<PathBuf> {
    let mut p = Planter::new();
    let mut inputs = Vec::new();
    let n = planted()[0].clone();
    let dashed = format!("{}-{}-{}", &n[..4], &n[4..8], &n[8..]);
    let spaced = dashed.replace('-', " ");
    let full: String = n
        .chars()
        .map(|c| char::from_u32(0xFF10 + c.to_digit(10).unwrap()).unwrap())
        .collect();
    let sample =
        decode_sjis(&std::fs::read(root().join("testdata/shfd/valid/SHFD0006.CSV")).unwrap());
    let kpfd =
        decode_sjis(&std::fs::read(root().join("testdata/kpfd/valid/KPFD0006.CSV")).unwrap());

    // 電子媒体 CSV: every data item, every header item, KPFD too.
    let data = csv_planted(&sample, &mut p, false);
    inputs.push(write(&dir.join("csv-data/SHFD0006.CSV"), &sjis(&data)));
    inputs.push(write(
        &dir.join("csv-header/SHFD0006.CSV"),
        &sjis(&csv_planted(&sample, &mut p, true)),
    ));
    // Only the 6-digit items (dates, amounts) planted: the 元号 items stay valid, so the date
    // rule quotes the planted "date" (DAT002).
    let dates: Vec<String> = sample
        .split("\r\n")
        .map(|line| {
            line.split(',')
                .map(|item| {
                    if item.len() == 6 && item.bytes().all(|b| b.is_ascii_digit()) {
                        p.take_sjis()
                    } else {
                        item.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    inputs.push(write(
        &dir.join("csv-dates/SHFD0006.CSV"),
        &sjis(&dates.join("\r\n")),
    ));
    inputs.push(write(
        &dir.join("kpfd-data/KPFD0006.CSV"),
        &sjis(&csv_planted(&kpfd, &mut p, false)),
    ));
    // In folder and file names (STR001 quotes the name).
    for v in [
        dashed.clone(),
        spaced.clone(),
        full.clone(),
        format!("a{n}"),
    ] {
        inputs.push(write(
            &dir.join(format!("dir {v}/SHFD0006.CSV")),
            &sjis(&sample),
        ));
        inputs.push(write(&dir.join(format!("names/{v}.csv")), &sjis(&sample)));
    }
    // UTF-16: every digit NUL-interleaved.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in data.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    inputs.push(write(&dir.join("utf16/SHFD0006.CSV"), &utf16));

    // e-Gov: every element text, element and entry names, folder names.
    let zip = std::fs::read(root().join("testdata/egov/valid/shikaku-2024-12.zip")).unwrap();
    let members = unzip(&zip);
    let mut all_text = Vec::new();
    let mut forms_only = Vec::new();
    for (name, bytes) in &members {
        let xml = String::from_utf8(bytes.clone()).unwrap();
        let is_kousei = name.ends_with("kousei.xml");
        all_text.push((name.clone(), xml_planted(&xml, &mut p, true).into_bytes()));
        let form = if is_kousei {
            xml.clone()
        } else {
            xml_planted(&xml, &mut p, true)
        };
        forms_only.push((name.clone(), form.into_bytes()));
    }
    inputs.push(write(&dir.join("egov/all-text.zip"), &zip_of(&all_text)));
    inputs.push(write(&dir.join("egov/forms.zip"), &zip_of(&forms_only)));
    // Element names only (the form is still known, so unknown elements are reported).
    let renamed: Vec<(String, Vec<u8>)> = members
        .iter()
        .map(|(name, bytes)| {
            let xml = String::from_utf8(bytes.clone()).unwrap();
            let xml = if name.ends_with("_01.xml") {
                xml.replacen(
                    "<P1_事業所名称>",
                    &format!("<P1_a{n}><P1_n-{dashed}/></P1_a{n}><P1_事業所名称>"),
                    1,
                )
            } else {
                xml
            };
            (name.clone(), xml.into_bytes())
        })
        .collect();
    inputs.push(write(
        &dir.join("egov/element-names.zip"),
        &zip_of(&renamed),
    ));
    let mut named = members.clone();
    let n2 = &planted()[1];
    for (i, v) in [
        dashed.clone(),
        format!("{spaced}\n::error::forged"),
        format!("{}\u{1b}[31m{}\u{202e}{}", &n2[..4], &n2[4..8], &n2[8..]),
        format!("{}２", &n[..11]),
    ]
    .iter()
    .enumerate()
    {
        named.push((format!("4950013521019000(1)/{v}.xml"), b"<a/>".to_vec()));
        named.push((format!("{v}/kousei{i}.xml"), b"<a/>".to_vec()));
        named.push((format!("4950013521019000(2)/{v}.zip"), b"PK".to_vec()));
    }
    named.push((format!("../{dashed}"), b"x".to_vec()));
    named.push((
        format!("4950013521019000(1)/abcdefghijk{n}.xml"),
        b"<a>".to_vec(),
    ));
    inputs.push(write(&dir.join("egov/names.zip"), &zip_of(&named)));
    // An unpacked package under a folder named with a number.
    for (name, bytes) in &forms_only {
        let name = name.replace("4950013521019000(1)", "4950013521019000");
        if name.starts_with("4950013521019000/") {
            write(&dir.join(format!("egov-dir {dashed}")).join(&name), bytes);
        }
    }
    inputs.push(dir.join(format!("egov-dir {dashed}")));
    // A single form XML whose declaration names a numbered encoding.
    let form = all_text
        .iter()
        .find(|(n, _)| n.ends_with("_01.xml"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap()
        .replacen(
            "encoding=\"UTF-8\"",
            &format!("encoding=\"abcdefghijk{dashed}\""),
            1,
        );
    inputs.push(write(
        &dir.join("xml/495013521019030837_01.xml"),
        form.as_bytes(),
    ));

    // OCR, ocr-fields/1: every raw, value and candidate; the header's texts.
    for file in ["2200700-2024-12.jsonl", "2202700-2024-12.jsonl"] {
        let text = std::fs::read_to_string(root().join("testdata/ocr/misread").join(file)).unwrap();
        let mut lines = Vec::new();
        for line in text.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            // Not `form_version`: a version the form does not have stops the whole file
            // (OCR002, below) before any field is checked.
            json_planted(&mut v, &["raw", "value", "label", "template"], &mut p);
            if let Some(c) = v.get_mut("candidates").and_then(|c| c.as_array_mut()) {
                for x in c.iter_mut() {
                    json_planted(x, &["value"], &mut p);
                }
            }
            // Every fifth field unreadable, its raw text planted (OCR007 quotes it).
            if v["kind"] == "field" && lines.len() % 5 == 0 && v.get("state").is_none() {
                v["value"] = serde_json::Value::Null;
                v["status"] = "unreadable_chars".into();
            }
            lines.push(v.to_string());
        }
        inputs.push(write(
            &dir.join("ocr").join(file),
            lines.join("\n").as_bytes(),
        ));
        // The form code itself planted.
        let forms: Vec<String> = text
            .lines()
            .map(|l| {
                l.replace(
                    "\"form\":\"2200700\"",
                    &format!("\"form\":\"abcdefghijk{dashed}\""),
                )
            })
            .collect();
        inputs.push(write(
            &dir.join("ocr-form").join(file),
            forms.join("\n").as_bytes(),
        ));
        // The form version planted (OCR002 quotes it).
        let versions: Vec<String> = text
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                if v["kind"] == "document" {
                    json_planted(&mut v, &["form_version"], &mut p);
                }
                v.to_string()
            })
            .collect();
        inputs.push(write(
            &dir.join("ocr-version").join(file),
            versions.join("\n").as_bytes(),
        ));
    }
    // Azure Document Intelligence: every content and valueString, the docType, a field name.
    for file in ["2200700-2024-12.json", "2202700-2024-12.json"] {
        let text = std::fs::read_to_string(root().join("testdata/ocr/azure").join(file)).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        json_planted(
            &mut v,
            &["valueString", "content", "valuePhoneNumber"],
            &mut p,
        );
        if let Some(docs) = v
            .pointer_mut("/analyzeResult/documents")
            .and_then(|d| d.as_array_mut())
        {
            for d in docs.iter_mut() {
                if let Some(fields) = d.get_mut("fields").and_then(|f| f.as_object_mut()) {
                    if let Some(x) = fields.get("r1_i7").cloned() {
                        fields.insert(format!("r1_i{dashed}"), x.clone());
                        fields.insert(format!("x{n}"), x);
                    }
                }
            }
        }
        inputs.push(write(
            &dir.join("azure").join(file),
            v.to_string().as_bytes(),
        ));
        let doc_type = text.replacen(
            "\"docType\": \"todokede-",
            &format!("\"docType\": \"abcdefghijk{n}-"),
            1,
        );
        inputs.push(write(
            &dir.join("azure-doctype").join(file),
            doc_type.as_bytes(),
        ));
    }
    inputs
}

/// Fails when `text` shows a planted number, whole or in part (8 of its digits in a row), also
/// with separators removed and 全角 folded, or any run of 10 digits (public IDs aside).
fn assert_no_leak(what: &str, text: &str) {
    let folded = folded(text);
    for n in planted() {
        for w in 0..=n.len() - 8 {
            let part = &n[w..w + 8];
            assert!(
                !folded.contains(part),
                "{what} shows {part} of {n}:\n{}",
                context(text, &folded, part)
            );
        }
    }
    // 手続ID, 様式ID and layout names are public identifiers that name forms and files.
    let mut rest = text.to_string();
    for l in todokede::layout::load::all().0 {
        rest = rest.replace(&l.name, "<layout>");
    }
    let mut rest = self::folded(&rest);
    for p in todokede::layout::egov::procedures() {
        rest = rest.replace(&p.id, "<手続ID>");
        for f in &p.form {
            rest = rest.replace(&f.id, "<様式ID>");
        }
    }
    let run = longest_run(&rest);
    assert!(run < 10, "{what} shows a run of {run} digits");
}

/// Fails when `text` holds a control character other than the line breaks of the format itself.
fn assert_no_raw_control(what: &str, text: &str) {
    let bad = text.chars().find(|c| {
        (c.is_control() && *c != '\n')
            || ('\u{200B}'..='\u{200F}').contains(c)
            || ('\u{202A}'..='\u{202E}').contains(c)
            || ('\u{2066}'..='\u{2069}').contains(c)
    });
    assert!(bad.is_none(), "{what} prints a raw {bad:?}");
}

/// The output as a reader might read a number in it: separators dropped, 全角 digits folded.
/// Written here, not taken from the module under test.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_control()
                || "-－‐–—−ー.．・/／\\".contains(*c)
                || ('\u{200B}'..='\u{200F}').contains(c))
        })
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn longest_run(text: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

fn context(text: &str, folded: &str, part: &str) -> String {
    let at = folded.find(part).unwrap_or(0);
    let from = folded[..at]
        .char_indices()
        .rev()
        .nth(80)
        .map_or(0, |(i, _)| i);
    let to = (at + 120).min(folded.len());
    let to = (to..folded.len())
        .find(|i| folded.is_char_boundary(*i))
        .unwrap_or(folded.len());
    format!("…{}…\n(raw output {} bytes)", &folded[from..to], text.len())
}

fn run(args: &[&std::ffi::OsStr]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args(args)
        .output()
        .expect("run todokede");
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{:?} crashed: {:?}",
        args,
        out.status
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn no_planted_number_leaks_from_check() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = hostile_corpus(dir.path());
    // Each input reports something: the corpus is not silently skipped.
    let report = support::check_paths(&inputs, &support::config("2024-12-10"));
    assert!(
        report.files.len() >= inputs.len(),
        "{} files",
        report.files.len()
    );
    assert!(
        report.summary.total() > 200,
        "{} findings",
        report.summary.total()
    );
    // The corpus reaches the findings that quote input text.
    let codes: std::collections::BTreeSet<&str> =
        report.diagnostics().iter().map(|d| d.code()).collect();
    for code in [
        "FLD005", "DAT001", "DAT002", "DAT005", "CRT001", "XML002", "XML004", "XML006", "ZIP003",
        "ZIP005", "ZIP017", "OCR002", "OCR005", "OCR007", "OCR009", "OCR011", "STR001",
    ] {
        assert!(
            codes.contains(code),
            "the hostile corpus has no {code}: {codes:?}"
        );
    }
    // Every format (`Format::ALL`, by the names `--format` takes), then `--statistics` as a
    // table and as JSON.
    let mut runs: Vec<(&str, Option<&str>)> = todokede::report::Format::ALL
        .iter()
        .map(|f| (f.name(), None))
        .collect();
    runs.push(("human", Some("--statistics")));
    runs.push(("json", Some("--statistics")));
    for (format, extra) in runs {
        for lang in ["ja", "en"] {
            let mut flags = vec![
                "check",
                "--received-on",
                "2024-12-10",
                "--format",
                format,
                "--lang",
                lang,
            ];
            flags.extend(extra);
            let format = match extra {
                Some(extra) => format!("{format} {extra}"),
                None => format.to_string(),
            };
            let mut args: Vec<&std::ffi::OsStr> = flags.iter().map(std::ffi::OsStr::new).collect();
            args.extend(inputs.iter().map(|p| p.as_os_str()));
            let (stdout, stderr) = run(&args);
            // The statistics are one line a code; a report is more.
            let least = if extra.is_some() { 300 } else { 1000 };
            assert!(
                stdout.len() > least,
                "{format}/{lang}: {} bytes",
                stdout.len()
            );
            assert_no_leak(&format!("check --format {format} --lang {lang}"), &stdout);
            assert_no_raw_control(&format!("check --format {format} --lang {lang}"), &stdout);
            // No input forges a line: in the line-based formats every line is one of ours.
            match format.as_str() {
                "github" => {
                    for line in stdout.lines() {
                        assert!(line.starts_with("::"), "a forged line: {line}");
                    }
                }
                "json-lines" => {
                    for line in stdout.lines() {
                        assert!(
                            serde_json::from_str::<serde_json::Value>(line).is_ok(),
                            "a forged line: {line}"
                        );
                    }
                }
                _ => {}
            }
            assert_no_leak(
                &format!("check --format {format} --lang {lang} (stderr)"),
                &stderr,
            );
        }
    }
}

#[test]
fn no_planted_number_leaks_from_the_issuance_list() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = hostile_corpus(dir.path());
    for format in ["table", "json", "csv", "html"] {
        let flags = [
            "issuance",
            "--received-on",
            "2024-12-10",
            "--format",
            format,
        ];
        let mut args: Vec<&std::ffi::OsStr> = flags.iter().map(std::ffi::OsStr::new).collect();
        args.extend(inputs.iter().map(|p| p.as_os_str()));
        let (stdout, stderr) = run(&args);
        assert!(stdout.len() > 500, "{format}: {} bytes", stdout.len());
        assert_no_leak(&format!("issuance --format {format}"), &stdout);
        assert_no_leak(&format!("issuance --format {format} (stderr)"), &stderr);
    }
}

#[test]
fn no_planted_number_leaks_from_convert() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = hostile_corpus(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for (i, input) in inputs.iter().enumerate() {
        for to in ["json", "shfd-csv", "kpfd-csv", "egov"] {
            for lang in ["ja", "en"] {
                let target = out.join(format!("{i}-{to}"));
                let args: Vec<&std::ffi::OsStr> = vec![
                    "convert".as_ref(),
                    "--received-on".as_ref(),
                    "2024-12-10".as_ref(),
                    "--lang".as_ref(),
                    lang.as_ref(),
                    "--to".as_ref(),
                    to.as_ref(),
                    "--allow-errors".as_ref(),
                    "--society-office-number".as_ref(),
                    "1234567".as_ref(),
                    "-o".as_ref(),
                    target.as_os_str(),
                    input.as_os_str(),
                ];
                let (stdout, stderr) = run(&args);
                let what = format!("convert --to {to} --lang {lang} {}", input.display());
                assert_no_leak(&what, &stdout);
                assert_no_leak(&format!("{what} (stderr)"), &stderr);
            }
        }
    }
}

/// A UTF-16 or binary file gets one diagnostic naming what it is, not one per line.
#[test]
fn utf16_and_binary_files_get_one_clear_diagnostic() {
    for (case, named) in [("utf16", "UTF-16"), ("pdf", "PDF")] {
        let path = root()
            .join("testdata/invalid/enc006")
            .join(case)
            .join("SHFD0006.CSV");
        let report = support::check_paths(&[path], &support::config("2024-12-10"));
        let d = report.diagnostics();
        assert_eq!(d.len(), 1, "{case}: {d:?}");
        assert_eq!(d[0].code(), "ENC006");
        assert!(d[0].message.en.contains(named), "{}", d[0].message.en);
    }
}

/// The rule texts a report carries (SARIF embeds summary, why and help) show no run of digits
/// that the redaction invariant would take for a number: the fuzz targets assert that invariant
/// on every output, our own texts included.
#[test]
fn rule_texts_hold_no_number_of_personal_number_length() {
    for r in todokede::diag::registry::all() {
        for lang in [todokede::diag::Lang::Ja, todokede::diag::Lang::En] {
            for text in [r.summary(lang), r.help(lang), r.why(lang)] {
                assert!(
                    todokede::diag::redact::longest_run(text) < 10,
                    "{}: {text}",
                    r.code
                );
            }
        }
    }
}

/// Every input the fuzzers found a leak with (`fuzz/seeds/<target>/regress-*`, also seeds of
/// their target) read as that target reads it, every finding kept, and rendered in every format
/// and both languages: no output shows a run of 10 digits (public IDs aside) or a raw control
/// character.
#[test]
fn fuzz_regressions_show_no_number() {
    use todokede::diag::redact::{is_control, longest_run};
    use todokede::read::detect::InputKind;
    use todokede::report::{render, Format, RenderContext};
    let mut seen = 0;
    for (target, kind) in [
        ("csv_reader", InputKind::Csv),
        ("egov_zip", InputKind::Egov),
        ("egov_xml", InputKind::Egov),
        ("ocr_fields_reader", InputKind::OcrFields),
        ("azure_reader", InputKind::AzureOcr),
    ] {
        let dir = root().join("fuzz/seeds").join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("regress-"))
            })
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            // As the targets read it (fuzz/fuzz_targets/*.rs).
            let inputs: Vec<(&str, Vec<u8>)> = match target {
                "csv_reader" => vec![("SHFD0006.CSV", data.clone()), ("KPFD0006.CSV", data)],
                "egov_xml" => vec![(
                    "p.zip",
                    zip_of(&[
                        ("4950013521019000/kousei.xml".to_string(), data.clone()),
                        (
                            "4950013521019000/495013521019030837_01.xml".to_string(),
                            data,
                        ),
                    ]),
                )],
                "egov_zip" => vec![("f.zip", data)],
                _ => vec![("f", data)],
            };
            for (name, bytes) in inputs {
                let mut config = support::config("2024-12-10");
                config.from = Some(kind);
                let Ok((_, report)) =
                    todokede::read_filing(todokede::Input::bytes(name, bytes.as_slice()), &config)
                else {
                    continue;
                };
                seen += 1;
                for lang in [todokede::diag::Lang::Ja, todokede::diag::Lang::En] {
                    let ctx = RenderContext { lang, color: false };
                    // Every format, then the statistics as a table and as JSON.
                    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
                    for &format in Format::ALL {
                        let mut out = Vec::new();
                        render(format, &report, &ctx, &mut out).unwrap();
                        outputs.push((format.name().to_string(), out));
                    }
                    for json in [false, true] {
                        let mut out = Vec::new();
                        todokede::report::statistics::render(&report, &ctx, json, &mut out)
                            .unwrap();
                        outputs.push((format!("statistics (json: {json})"), out));
                    }
                    for (format, out) in outputs {
                        let text = String::from_utf8(out).unwrap();
                        let what = format!("{} as {name}: {format}/{lang:?}", file.display());
                        let run = longest_run(&text);
                        assert!(run < 10, "{what} shows a run of {run} digits");
                        assert!(
                            !text.chars().any(|c| is_control(c) && c != '\n'),
                            "{what} prints a raw control character"
                        );
                    }
                }
            }
        }
    }
    assert!(seen > 0, "no regression input was read");
}
