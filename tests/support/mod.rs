//! Helpers shared by the integration tests: synthetic filings built in memory.
#![allow(dead_code)]

pub mod browser;
pub mod schema;

use std::path::{Path, PathBuf};

use todokede::model::Filing;
use todokede::{Config, Input, Report};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn config(received_on: &str) -> Config {
    Config::new(received_on.parse().expect("date"))
}

/// Every finding of a run over `paths` (the library's `check_all`).
pub fn check_paths(paths: &[PathBuf], config: &Config) -> Report {
    let inputs = paths.iter().map(|p| Input::Path(p.clone())).collect();
    todokede::check_all(inputs, config).expect("inputs exist")
}

/// One input read into the model (the library's `read_filing`).
pub fn read_filing(path: &Path, config: &Config) -> (Filing, Report) {
    todokede::read_filing(Input::Path(path.to_path_buf()), config).expect("input exists")
}

/// A synthetic My Number: the 11 given digits plus their check digit.
pub fn my_number(first11: &str) -> String {
    let weights = [6u32, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first11
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let r = sum % 11;
    let check = if r <= 1 { 0 } else { 11 - r };
    format!("{first11}{check}")
}

pub const HEADER: &[&str] = &[
    "21,01,ｹｲﾄ,001,20241210,22223",
    "[kanri]",
    ",001",
    "21,01,ｹｲﾄ,12345,102,0073,東京都千代田区九段北一丁目,架空商事株式会社,架空　一郎,03,1234,5678",
    "[data]",
];

/// A valid 34-item 2200700 record (items as a vector, 0-based index = 項番 − 1).
pub fn acquisition(my_number: &str) -> Vec<String> {
    let mut v = vec![String::new(); 34];
    let set = |v: &mut Vec<String>, no: usize, s: &str| v[no - 1] = s.to_string();
    set(&mut v, 1, "2200700");
    set(&mut v, 2, "21");
    set(&mut v, 3, "01");
    set(&mut v, 4, "ｹｲﾄ");
    set(&mut v, 5, "12345");
    set(&mut v, 6, "101");
    set(&mut v, 7, "ﾔﾏﾀﾞ ﾀﾛｳ");
    set(&mut v, 8, "山田　太郎");
    set(&mut v, 9, "5");
    set(&mut v, 10, "600101");
    set(&mut v, 11, "1");
    set(&mut v, 12, "1");
    set(&mut v, 13, my_number);
    set(&mut v, 18, "9");
    set(&mut v, 19, "061201");
    set(&mut v, 20, "0");
    set(&mut v, 21, "200000");
    set(&mut v, 22, "0");
    set(&mut v, 23, "200000");
    v
}

/// A whole SHFD0006 file in Shift_JIS from data records.
pub fn shfd(records: &[Vec<String>]) -> Vec<u8> {
    let mut lines: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    lines.extend(records.iter().map(|r| r.join(",")));
    let text = lines.join("\r\n") + "\r\n";
    sjis(&text)
}

pub fn sjis(text: &str) -> Vec<u8> {
    let (b, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "test text must be encodable");
    b.into_owned()
}

/// Writes `bytes` as `name` in a fresh temporary directory.
pub fn write_temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

/// Every directory below `dir` that directly holds a file (one test case each).
pub fn case_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut has_file = false;
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                has_file = true;
            }
        }
        if has_file && d != dir {
            out.push(d);
        }
    }
    out.sort();
    out
}

/// Runs `todokede convert --received-on 2024-12-10 --to {to} {extra…} -o {out} {input}`.
/// In English: the callers assert its messages in English.
pub fn convert(to: &str, out: &Path, input: &Path, extra: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["convert", "--received-on", "2024-12-10", "--to", to])
        .args(extra)
        .arg("-o")
        .arg(out)
        .arg(input)
        .output()
        .expect("run todokede")
}

/// A ZIP whose one member (`size` zero bytes, deflated) is named again by `copies` more
/// central-directory entries pointing at the same local header: the overlapping-entries bomb.
pub fn overlapping_zip(size: usize, copies: usize) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("p/big.xml", opts).expect("start");
    let chunk = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    let z = w.finish().expect("finish").into_inner();
    let eocd = z.len() - 22;
    assert_eq!(&z[eocd..eocd + 4], b"PK\x05\x06");
    let u32_at = |at: usize| u32::from_le_bytes(z[at..at + 4].try_into().unwrap()) as usize;
    let cd_start = u32_at(eocd + 16);
    let record = z[cd_start..eocd].to_vec();
    let name_len = u16::from_le_bytes([record[28], record[29]]) as usize;
    let mut out = z[..cd_start].to_vec();
    let mut dir = record.clone();
    for i in 0..copies {
        let name = format!("p/e{i:05}.xml");
        let mut r = record[..46].to_vec();
        r[28..30].copy_from_slice(&(name.len() as u16).to_le_bytes());
        r.extend_from_slice(name.as_bytes());
        r.extend_from_slice(&record[46 + name_len..]);
        dir.extend_from_slice(&r);
    }
    let entries = (copies + 1) as u16;
    out.extend_from_slice(&dir);
    let mut end = z[eocd..].to_vec();
    end[8..10].copy_from_slice(&entries.to_le_bytes());
    end[10..12].copy_from_slice(&entries.to_le_bytes());
    end[12..16].copy_from_slice(&(dir.len() as u32).to_le_bytes());
    out.extend_from_slice(&end);
    out
}
