//! Proof without timed tests that `convert` streams: a counting global allocator measures the
//! peak heap of converting generated valid SHFD0006 files of two sizes into each shape, with
//! the bytes going nowhere. The peak of the larger file may exceed the smaller's only by what
//! duplicate detection keeps per My Number (tests/peak_heap.rs: at most 96 bytes a number);
//! the notes of e-Gov items without an element (said at the end) are bounded (the first 50
//! records of an item, the rest counted), so they do not grow with the records; the whole
//! model (about 15 kB a record, 1.3 GB for 88k records) must never be held.
//!
//! One test function runs the cases one after the other: the allocator counts every thread.

mod counting;
#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering;

use todokede::check::{stream_filing, Outcome};
use todokede::convert::{Converter, Parts, Target, WriteOptions};

use counting::{Counting, CURRENT, PEAK};

#[global_allocator]
static ALLOC: Counting = Counting;

/// Counts what it is given and keeps nothing.
#[derive(Default)]
struct Nowhere {
    bytes: usize,
    packages: usize,
    /// Items the e-Gov forms have no element for listed by name (a note each, kept to be said
    /// at the end; the rest only counted).
    dropped: usize,
}

impl Parts for Nowhere {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.bytes += bytes.len();
        Ok(())
    }

    fn package(&mut self, zip: Vec<u8>, _: Option<usize>) -> std::io::Result<()> {
        self.bytes += zip.len();
        self.packages += 1;
        Ok(())
    }
}

/// Peak heap above what was in use before, of converting `path` to `to`; the bytes made and
/// the packages.
fn peak_of(path: &Path, to: Target) -> (usize, Nowhere) {
    let config = todokede::Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
    let options = WriteOptions {
        society_office_number: None,
        today: config.options.received_on,
    };
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let mut parts = Nowhere::default();
    let mut conv = Converter::new(to, options, false, &mut parts);
    let input = todokede::Input::path(path);
    let (report, outcome) = stream_filing(input, &config, &mut conv, false).unwrap();
    conv.finish();
    assert_eq!(outcome, Outcome::Streamed);
    assert!(conv.is_usable(), "{to:?}: {:?}", conv.refusal);
    assert!(conv.left_out.is_empty());
    assert_eq!(report.summary.total(), 0, "the generated file is valid");
    let dropped = conv.dropped.len();
    drop(conv);
    parts.dropped = dropped;
    drop(report);
    (PEAK.load(Ordering::Relaxed) - base, parts)
}

#[test]
fn converting_holds_a_record_not_the_filing() {
    let dir = tempfile::tempdir().unwrap();
    let mut sizes = Vec::new();
    for (name, bytes) in [("small", 1u64 << 20), ("large", 3 << 20)] {
        let path = dir.path().join(name).join("SHFD0006.CSV");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let (records, numbers) = synth::write_shfd(&mut w, bytes, 0).unwrap();
        w.flush().unwrap();
        sizes.push((path, records, numbers));
    }
    for to in [Target::Json, Target::ShfdCsv, Target::Egov] {
        let (small, s) = peak_of(&sizes[0].0, to);
        let (large, l) = peak_of(&sizes[1].0, to);
        let more_numbers = (sizes[1].2 - sizes[0].2) as usize;
        eprintln!(
            "{to:?}: {} and {} records, peak {:.1} and {:.1} MiB, {} and {} bytes out, {} packages, {} notes",
            sizes[0].1,
            sizes[1].1,
            small as f64 / (1 << 20) as f64,
            large as f64 / (1 << 20) as f64,
            s.bytes,
            l.bytes,
            l.packages,
            l.dropped
        );
        assert!(l.bytes > 2 * s.bytes, "{to:?}: the larger file made more");
        if to == Target::Egov {
            assert!(l.packages > 2, "several packages of 500 applications");
        }
        // Three times the records, the same notes: both files list the first records of
        // each item only.
        assert_eq!(
            l.dropped, s.dropped,
            "{to:?}: the notes grew with the records"
        );
        if to == Target::Egov {
            assert!(
                s.dropped > 0,
                "the generated forms have items e-Gov cannot carry"
            );
        }
        assert!(
            large <= small + 96 * more_numbers,
            "{to:?}: the peak grew by {} bytes for {more_numbers} more My Numbers",
            large.saturating_sub(small)
        );
        assert!(large < 32 << 20, "{to:?}: peak {} MiB", large >> 20);
    }
}
