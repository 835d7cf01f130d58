//! Writes a synthetic, valid SHFD0006 file of a given size (for `benches/compare.sh`):
//! `cargo run --release --example synth -- 100MiB /tmp/bench/SHFD0006.CSV`.
//! Sizes: a number of bytes, or with `KiB`, `MiB`, `GiB`. A third argument is the first My
//! Number's index (default 0), so that files meant to be checked together share no number.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::io::Write;

fn parse_size(s: &str) -> Option<u64> {
    let (num, mult) = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        .iter()
        .find_map(|(suffix, m)| s.strip_suffix(suffix).map(|n| (n, *m)))
        .unwrap_or((s, 1));
    num.parse::<u64>().ok().map(|n| n * mult)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(size), Some(path)) = (args.first().and_then(|s| parse_size(s)), args.get(1)) else {
        eprintln!("usage: synth SIZE OUT [FIRST]   (SIZE: bytes, or 1MiB, 100MiB, 1GiB)");
        std::process::exit(2);
    };
    let first: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let file = std::fs::File::create(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    match synth::write_shfd(&mut out, size, first).and_then(|r| out.flush().map(|_| r)) {
        Ok((records, _)) => eprintln!("{path}: {records} records"),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
