//! Hostile and damaged input: the reader never panics, always terminates, and reports.
//! (Coverage-guided fuzzing of the same entry point lives in fuzz/.)

mod support;

use proptest::prelude::*;
use support::*;
use todokede::diag::{Diagnostic, Sink};
use todokede::read::detect::InputKind;
use todokede::{Input, Report};

/// The whole pipeline over `bytes` read as 電子媒体 CSV named `name`, every finding kept (as
/// `read_filing` keeps them; a report would summarise floods).
fn read(bytes: &[u8], name: &str) -> (Report, u32) {
    let mut config = config("2024-12-10");
    config.from = Some(InputKind::Csv);
    let (_, report) = todokede::read_filing(Input::bytes(name, bytes), &config).expect("bytes");
    // Every diagnostic points inside the file.
    for d in &report.diagnostics {
        if let Some(b) = d.primary.span().byte_end {
            assert!(b <= bytes.len() as u64 + 3, "{} beyond the end", d.code());
        }
    }
    let records = report.files.first().map_or(0, |f| f.records);
    (report, records)
}

fn valid_bytes() -> Vec<u8> {
    let mut yes = acquisition(&my_number("12345678901"));
    yes[33] = "1".into();
    shfd(&[yes, acquisition(&my_number("23456789012"))])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read(&bytes, "SHFD0006.CSV");
        read(&bytes, "KPFD0006.CSV");
    }

    #[test]
    fn mutated_filings_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8)) {
        let mut bytes = valid_bytes();
        for (at, b, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = b,
                1 => bytes.insert(i, b),
                _ => { bytes.remove(i); }
            }
        }
        read(&bytes, "SHFD0006.CSV");
    }

    #[test]
    fn structural_bytes_anywhere(pos in any::<prop::sample::Index>(), b in prop::sample::select(vec![b',', b'\r', b'\n', b'"', 0x81, 0xFC, 0x00, 0x5C])) {
        let mut bytes = valid_bytes();
        let i = pos.index(bytes.len());
        bytes.insert(i, b);
        let (report, _) = read(&bytes, "SHFD0006.CSV");
        // Inserting one of these bytes always damages something, except inside an empty-able
        // spot; either way the reader keeps going and terminates.
        prop_assert!(report.summary.total() < 10_000);
    }
}

#[test]
fn a_file_without_line_ends_is_bounded() {
    let bytes = vec![b'1'; 5 * 1024 * 1024];
    let (sink, records) = read(&bytes, "SHFD0006.CSV");
    assert_eq!(records, 0);
    assert!(sink.diagnostics.iter().any(|d| d.code() == "STR017"));
}

#[test]
fn thousands_of_errors_are_all_reported() {
    let recs: Vec<_> = (0..1500).map(|_| acquisition("1")).collect();
    let (report, records) = read(&shfd(&recs), "SHFD0006.CSV");
    assert_eq!(records, 1500);
    // The official checker stops listing at 1,000 errors; we do not.
    assert!(report.summary.errors >= 1500);
    assert_eq!(report.diagnostics.len(), report.summary.total());
}

// ── e-Gov packages and XML ───────────────────────────────────────────────────────────────────

use std::io::Write as _;
use todokede::read::egov::zip as egov_zip;

/// Reads a ZIP's bytes as a package, with every rule; every diagnostic stays inside its file.
/// The whole pipeline over `bytes` read as an e-Gov package.
fn read_package(bytes: &[u8]) -> Report {
    let mut config = config("2024-12-10");
    config.from = Some(InputKind::Egov);
    let members = egov_zip::members(bytes, "pkg.zip", &mut Sink::new(None));
    let sizes: Vec<(String, usize)> = members
        .iter()
        .map(|m| (m.shown.clone(), m.bytes.len()))
        .collect();
    let report = todokede::check(Input::bytes("pkg.zip", bytes), &config).expect("bytes");
    for d in &report.diagnostics {
        let len = sizes
            .iter()
            .find(|(s, _)| *s == d.primary.path())
            .map_or(bytes.len(), |(_, n)| *n);
        if let Some(end) = d.primary.span().byte_end {
            assert!(end as usize <= len, "{} at {end} beyond {len}", d.code());
        }
    }
    report
}

/// `bytes` as both the kousei.xml and the form XML of a package.
fn read_xml(bytes: &[u8]) -> Report {
    let package = zip_of(&[
        ("4950013521019000/kousei.xml", bytes),
        ("4950013521019000/495013521019030837_01.xml", bytes),
    ]);
    read_package(&package)
}

fn valid_package() -> Vec<u8> {
    std::fs::read(root().join("testdata/egov/valid/shikaku-2024-12.zip")).expect("corpus")
}

fn valid_form() -> Vec<u8> {
    std::fs::read(root().join("testdata/egov/single/495013521019030837_01.xml")).expect("corpus")
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, b) in files {
        w.start_file(*n, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn has(diagnostics: &[Diagnostic], code: &str) -> bool {
    diagnostics.iter().any(|d| d.code() == code)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_the_egov_readers(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_package(&bytes);
        read_xml(&bytes);
    }

    #[test]
    fn damaged_packages_never_panic(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = valid_package();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        read_package(&bytes);
    }

    #[test]
    fn damaged_form_xml_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![b'<', b'>', b'/', b'&', b';', b'"', 0xE3, 0x00, b'x'])), 1..6)) {
        let mut bytes = valid_form();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes.insert(i, b);
        }
        let report = read_xml(&bytes);
        prop_assert!(report.summary.total() < 10_000);
    }

    #[test]
    fn truncated_packages_say_where(cut in any::<prop::sample::Index>()) {
        // Cut after the 4-byte signature; shorter cuts (a `.zip` that is a package by its name
        // only) are `a_package_cut_before_its_signature_is_a_damaged_zip` below.
        let bytes = valid_package();
        let sink = read_package(&bytes[..4 + cut.index(bytes.len() - 4)]);
        prop_assert!(has(&sink.diagnostics, "ZIP001"));
    }
}

/// Regression (proptest `truncated_packages_say_where`, cut = 0): a `.zip` cut before its
/// signature was read as XML and reported as a broken form (XML001), not as a damaged package.
#[test]
fn a_package_cut_before_its_signature_is_a_damaged_zip() {
    let package = valid_package();
    for cut in [0, 1, 3] {
        let part = &package[..cut];
        let report = read_package(part);
        assert!(
            has(&report.diagnostics, "ZIP001"),
            "cut at {cut}: {:?}",
            report.diagnostics
        );
        assert!(!has(&report.diagnostics, "XML001"), "cut at {cut}");
        // The same on disk, where the kind is detected from the name.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pkg.zip");
        std::fs::write(&path, part).unwrap();
        let report = todokede::check(Input::Path(path), &config("2024-12-10")).unwrap();
        assert!(
            has(&report.diagnostics, "ZIP001"),
            "on disk, cut at {cut}: {:?}",
            report.diagnostics
        );
    }
}

#[test]
fn truncated_xml_gives_its_place() {
    let form = valid_form();
    let sink = read_xml(&form[..form.len() / 2]);
    let d = sink
        .diagnostics
        .iter()
        .find(|d| d.code() == "XML001")
        .expect("XML001");
    assert!(d.primary.span().line.is_some() && d.primary.span().byte_start.is_some());
}

#[test]
fn entity_declarations_are_refused_and_never_expanded() {
    let bomb = br#"<?xml version="1.0"?><!DOCTYPE DataRoot [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><DataRoot>&c;</DataRoot>"#;
    let sink = read_xml(bomb);
    assert!(has(&sink.diagnostics, "XML002"));
    let xxe = br#"<?xml version="1.0"?><!DOCTYPE DataRoot [<!ENTITY x SYSTEM "file:///etc/passwd">]><DataRoot>&x;</DataRoot>"#;
    let sink = read_xml(xxe);
    assert!(has(&sink.diagnostics, "XML002"));
    assert!(!sink
        .diagnostics
        .iter()
        .any(|d| d.message.en.contains("root:")));
}

#[test]
fn xml_limits_are_enforced() {
    let deep = format!(
        "<DataRoot>{}{}</DataRoot>",
        "<a>".repeat(5000),
        "</a>".repeat(5000)
    );
    assert!(has(&read_xml(deep.as_bytes()).diagnostics, "XML003"));
    let attrs: String = (0..1000).map(|i| format!(" a{i}=\"x\"")).collect();
    assert!(has(
        &read_xml(format!("<DataRoot{attrs}/>").as_bytes()).diagnostics,
        "XML003"
    ));
    let text = format!("<DataRoot>{}</DataRoot>", "あ".repeat(100_000));
    assert!(has(&read_xml(text.as_bytes()).diagnostics, "XML003"));
    let many = format!("<DataRoot>{}</DataRoot>", "<a/>".repeat(60_000));
    assert!(has(&read_xml(many.as_bytes()).diagnostics, "XML003"));
}

#[test]
fn zip_entry_count_is_capped_before_opening() {
    let names: Vec<String> = (0..1001).map(|i| format!("p/{i}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let report = read_package(&zip_of(&files));
    assert!(has(&report.diagnostics, "ZIP002"));
    assert_eq!(report.summary.total(), 1);
}

/// Sets every occurrence of the 4-byte little-endian `from` to `to` (sizes in the headers).
fn patch_u32(bytes: &mut [u8], from: u32, to: u32) -> usize {
    let (f, t) = (from.to_le_bytes(), to.to_le_bytes());
    let mut n = 0;
    for i in 0..bytes.len().saturating_sub(3) {
        if bytes[i..i + 4] == f {
            bytes[i..i + 4].copy_from_slice(&t);
            n += 1;
        }
    }
    n
}

#[test]
fn declared_sizes_are_not_trusted() {
    // 3 MiB of zeros, with the declared unpacked size rewritten to 100 bytes.
    let mut z = zip_of(&[("p/a.txt", &vec![0u8; 3 * 1024 * 1024])]);
    assert_eq!(patch_u32(&mut z, 3 * 1024 * 1024, 100), 2);
    let mut sink = Sink::new(None);
    let small = egov_zip::ZipLimits {
        entry_bytes: 1024 * 1024,
        ratio: 100_000,
        ..egov_zip::LIMITS
    };
    let members = egov_zip::members_with(&z, "pkg.zip", small, &mut sink);
    assert!(members.is_empty());
    assert!(has(&sink.diagnostics, "ZIP002"), "{:?}", sink.diagnostics);
    // And with the real limits, the ratio stops it.
    let mut sink = Sink::new(None);
    assert!(egov_zip::members(&z, "pkg.zip", &mut sink).is_empty());
    assert!(has(&sink.diagnostics, "ZIP002") || has(&sink.diagnostics, "ZIP001"));
}

#[test]
fn total_unpacked_size_is_capped() {
    let big: Vec<u8> = (0..2 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let z = zip_of(&[("p/a.bin", &big), ("p/b.bin", &big), ("p/c.bin", &big)]);
    let mut sink = Sink::new(None);
    let limits = egov_zip::ZipLimits {
        total_bytes: 5 * 1024 * 1024,
        ..egov_zip::LIMITS
    };
    let m = egov_zip::members_with(&z, "pkg.zip", limits, &mut sink);
    assert_eq!(m.len(), 2);
    assert!(has(&sink.diagnostics, "ZIP002"));
}

#[test]
fn unsafe_names_are_never_read() {
    for name in ["/etc/passwd", "C:/x.xml", "p/../../x.xml", "p\\x.xml"] {
        assert!(egov_zip::unsafe_name(name).is_some(), "{name}");
    }
    let z = zip_of(&[("p/A\u{0}B.xml", b"<a/>")]);
    let mut sink = Sink::new(None);
    assert!(egov_zip::members(&z, "pkg.zip", &mut sink).is_empty());
    assert!(has(&sink.diagnostics, "ZIP003"));
}

#[test]
fn cp932_entry_names_are_decoded() {
    // The zip crate marks non-ASCII names UTF-8, so write an ASCII stand-in of the same length
    // and put the CP932 bytes in afterwards (the UTF-8 flag stays off).
    let mut z = zip_of(&[("4950013521019000/ABCDEFGH.pdf", b"%PDF")]);
    let sjis = sjis("添付書類");
    let mut n = 0;
    for i in 0..z.len() - 8 {
        if &z[i..i + 8] == b"ABCDEFGH" {
            z[i..i + 8].copy_from_slice(&sjis);
            n += 1;
        }
    }
    assert_eq!(n, 2);
    let mut sink = Sink::new(None);
    let m = egov_zip::members(&z, "pkg.zip", &mut sink);
    assert_eq!(m[0].name, "4950013521019000/添付書類.pdf");
}
