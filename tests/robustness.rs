//! Hostile and damaged input: the reader never panics, always terminates, and reports.
//! (Coverage-guided fuzzing of the same entry point lives in fuzz/.)

mod support;

use proptest::prelude::*;
use support::*;
use todokede::diag::Sink;

fn read(bytes: &[u8], name: &str) -> (Sink, u32) {
    let mut sink = Sink::new(None);
    let mut records = 0;
    let opts = config("2024-12-10").options;
    let mut checker = todokede::rules::FileChecker::new("t", &opts);
    let res = todokede::read::csv::read(bytes, "t", name, &mut sink, |r, s| {
        records += 1;
        checker.check(r, s);
        // Every diagnostic points inside the file.
        for d in &s.diagnostics {
            if let Some(b) = d.location.byte_end {
                assert!(b <= bytes.len() as u64 + 3, "{} beyond the end", d.code());
            }
        }
    });
    assert!(res.is_ok());
    (sink, records)
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
        let (sink, _) = read(&bytes, "SHFD0006.CSV");
        // Inserting one of these bytes always damages something, except inside an empty-able
        // spot; either way the reader keeps going and terminates.
        prop_assert!(sink.total() < 10_000);
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
    let (sink, records) = read(&shfd(&recs), "SHFD0006.CSV");
    assert_eq!(records, 1500);
    // The official checker stops listing at 1,000 errors; we do not.
    assert!(sink.errors >= 1500);
    assert_eq!(sink.diagnostics.len(), sink.total());
}
