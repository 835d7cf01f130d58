//! Throughput of `check` on a large synthetic SHFD0006 file: the reader alone, the library's
//! `check` (reader + every rule), and the whole command line (`todokede check --format json`
//! as a process on the file written to a temporary folder: start-up, reading the file, the
//! rules and the JSON report). Run with `cargo bench`; the figures in the issue notes come
//! from here, never from tests.
//!
//! The input is built in memory (records of 2200700 and 2202700 with kanji, kana and valid My
//! Numbers), so the benchmark measures parsing and checking, not the disk.

use std::time::{Duration, Instant};

use todokede::diag::Sink;
use todokede::read::csv::CsvReader;
use todokede::read::RecordIds;
use todokede::{Config, Input};

fn my_number(seed: u64) -> String {
    let first: String = format!("{:011}", seed % 100_000_000_000);
    let weights = [6u32, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let r = sum % 11;
    format!("{first}{}", if r <= 1 { 0 } else { 11 - r })
}

fn build(target_bytes: usize) -> Vec<u8> {
    let mut text = String::from(
        "21,01,ｹｲﾄ,001,20241210,22223\r\n[kanri]\r\n,001\r\n21,01,ｹｲﾄ,12345,102,0073,東京都千代田区九段北一丁目,架空商事株式会社,架空　一郎,03,1234,5678\r\n[data]\r\n",
    );
    let mut i: u64 = 0;
    while text.len() < target_bytes * 3 / 2 {
        i += 1;
        let mn = my_number(i * 7919);
        if i % 4 == 0 {
            let mut v = vec![String::new(); 139];
            let set = |v: &mut Vec<String>, no: usize, s: &str| v[no - 1] = s.to_string();
            for (no, s) in [
                (1, "2202700"),
                (2, "21"),
                (3, "01"),
                (4, "ｹｲﾄ"),
                (5, "1"),
                (6, "9"),
                (7, "061201"),
                (8, "101"),
                (9, "ﾔﾏﾀﾞ ﾀﾛｳ"),
                (10, "山田　太郎"),
                (11, "5"),
                (12, "600101"),
                (13, "1"),
                (21, "1"),
            ] {
                set(&mut v, no, s);
            }
            set(&mut v, 14, &mn);
            for (no, s) in [
                (71, "ﾔﾏﾀﾞ ﾊﾅｺ"),
                (72, "山田　花子"),
                (73, "9"),
                (74, "060401"),
                (75, "2"),
                (76, "01"),
                (79, "1"),
                (80, "102"),
                (81, "0073"),
                (82, "東京都千代田区九段北"),
                (90, "9"),
                (91, "061201"),
                (92, "1"),
                (94, "0"),
                (95, "1"),
                (138, "1"),
            ] {
                set(&mut v, no, s);
            }
            set(&mut v, 78, &my_number(i * 7919 + 1));
            text.push_str(&v.join(","));
        } else {
            text.push_str(&format!(
                "2200700,21,01,ｹｲﾄ,12345,{},ﾔﾏﾀﾞ ﾀﾛｳ,山田　太郎,5,600101,1,1,{mn},,,,,9,061201,0,200000,0,200000,,,,,,,,,,,{}",
                i % 999_999 + 1,
                if i % 3 == 0 { "1" } else { "" }
            ));
        }
        text.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    bytes.into_owned()
}

/// One run over `bytes`: the reader alone (records handed out and dropped), or the whole
/// library pipeline (`todokede::check`: reader, every rule, the report).
fn run(bytes: &[u8], with_rules: bool) -> (Duration, usize, u32) {
    let received_on = chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap_or_default();
    if with_rules {
        let mut config = Config::new(received_on);
        config.max_diagnostics = Some(1000);
        // The copy into the input is made before the clock starts.
        let input = Input::bytes("SHFD0006.CSV", bytes);
        let start = Instant::now();
        let report = todokede::check(input, &config).expect("bytes");
        let t = start.elapsed();
        let records = report.files.first().map_or(0, |f| f.records);
        return (t, report.summary.total(), records);
    }
    let mut sink = Sink::new(Some(1000));
    let mut records = 0;
    let start = Instant::now();
    let mut reader = CsvReader::new(bytes, "bench", "SHFD0006.CSV", RecordIds::new(0));
    while let Some(r) = reader.read_record(&mut sink) {
        records += u32::from(!r.header);
    }
    (start.elapsed(), sink.total(), records)
}

/// One run of the release binary on `path`, the report to nowhere.
fn run_cli(path: &std::path::Path) -> Duration {
    let start = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args(["check", "--format", "json", "--received-on", "2024-12-10"])
        .arg(path)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the binary runs");
    let t = start.elapsed();
    // 0 or 1 (findings): a report was written; 2 would be a usage or input error.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "todokede check: {status}"
    );
    t
}

fn main() {
    let mb: usize = std::env::var("TODOKEDE_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    let bytes = build(mb * 1_000_000);
    let size = bytes.len() as f64 / 1e6;
    println!("input: {size:.1} MB Shift_JIS");
    for (name, rules) in [("reader only", false), ("reader + rules", true)] {
        let mut best = Duration::MAX;
        let mut found = (0, 0);
        for _ in 0..5 {
            let (t, diags, records) = run(&bytes, rules);
            best = best.min(t);
            found = (diags, records);
        }
        println!(
            "{name:<15} best of 5: {:>7.1} ms  {:>7.1} MB/s  ({} records, {} diagnostics)",
            best.as_secs_f64() * 1e3,
            size / best.as_secs_f64(),
            found.1,
            found.0
        );
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("SHFD0006.CSV");
    std::fs::write(&path, &bytes).expect("the input is written");
    let best = (0..5)
        .map(|_| run_cli(&path))
        .min()
        .unwrap_or(Duration::MAX);
    println!(
        "{:<15} best of 5: {:>7.1} ms  {:>7.1} MB/s  (todokede check --format json, a process)",
        "whole CLI",
        best.as_secs_f64() * 1e3,
        size / best.as_secs_f64()
    );
}
