//! The first places of the My Numbers of a run (重複チェック), in memory that does not grow with
//! the file: a fixed-size table in memory, and beyond it sorted runs in an anonymous temporary
//! file behind a fixed-size Bloom filter.
//!
//! A number is never kept, in memory or on disk: its (様式コード, number) key is put through a
//! keyed permutation of the 64-bit integers (a Feistel network with round keys drawn for the
//! run), so the fingerprint is exact — two keys are equal exactly when their fingerprints are,
//! and no record has to be read again to tell a collision from a duplicate — and says nothing
//! of the number without the round keys, which stay in this process. The temporary file
//! (`tempfile::tempfile`) is unlinked when it is made, so it cannot be left behind, and holds
//! only fingerprints and byte positions.
//!
//! Memory: the table doubles up to its budget (at 75 % load), then its entries are sorted and
//! written out as one run, and their fingerprints set in the Bloom filter; a lookup that misses
//! the table reads the runs only when the filter says the fingerprint may be in one (one read of
//! a block of 128 entries a run, found through a sparse index of one fingerprint a block:
//! 8 bytes per 128 numbers). With the default budget ([`DEFAULT_MEMORY`]) a run holds 393,216
//! numbers and the filter has 19 bits a number at 7 million numbers (a 1 GiB file), so few
//! lookups read the disk; far beyond that the filter fills and lookups get slower, never wrong.
//! Where no temporary file can be made (or written, or in the browser build) the table keeps
//! growing in memory instead: the results are the same.

#[cfg(not(target_arch = "wasm32"))]
use std::io::{Read, Seek, SeekFrom, Write};

/// The default memory of a run's duplicate table and filter: 12 MiB of table, 16 MiB of filter.
pub const DEFAULT_MEMORY: usize = 28 << 20;

/// Entries a run's sparse index skips between two of its fingerprints (one read on a lookup).
#[cfg(not(target_arch = "wasm32"))]
const BLOCK: usize = 128;

/// One entry: 8 bytes of fingerprint, 16 of place.
const ENTRY_BYTES: usize = 24;

/// What the table keeps of a first place: 16 bytes the caller packs (`FirstSeen` in
/// `mynumber.rs`). A `packed` word of all ones marks an empty slot: the caller never makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The caller's packed word; never `u64::MAX`.
    pub packed: u64,
    /// The caller's two 32-bit words.
    pub record: u32,
    /// See `record`.
    pub line: u32,
}

const EMPTY: Place = Place {
    packed: u64::MAX,
    record: 0,
    line: 0,
};

/// A table slot.
#[derive(Debug, Clone, Copy)]
struct Entry {
    fp: u64,
    place: Place,
}

const EMPTY_ENTRY: Entry = Entry {
    fp: 0,
    place: EMPTY,
};

/// A keyed permutation of the 64-bit integers: four Feistel rounds over the two 32-bit halves,
/// each round a keyed multiply. A permutation, so no two keys share a fingerprint.
#[derive(Debug, Clone, Copy)]
struct Permutation {
    keys: [u64; 4],
}

impl Permutation {
    /// Round keys drawn from the standard library's per-process random state.
    fn random() -> Permutation {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        let mut keys = [0u64; 4];
        for (i, k) in (0u64..).zip(keys.iter_mut()) {
            *k = state.hash_one(0x746f_646f_6b65_6465u64 ^ i);
        }
        Permutation { keys }
    }

    /// The key of a fingerprint (the rounds backwards).
    fn invert(&self, fp: u64) -> u64 {
        let (mut l, mut r) = ((fp >> 32) as u32, fp as u32);
        for k in self.keys.iter().rev() {
            let f = ((u64::from(l) ^ k).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32;
            (l, r) = (r ^ f, l);
        }
        u64::from(l) << 32 | u64::from(r)
    }

    fn apply(&self, key: u64) -> u64 {
        let (mut l, mut r) = ((key >> 32) as u32, key as u32);
        for k in self.keys {
            let f = ((u64::from(r) ^ k).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32;
            (l, r) = (r, l ^ f);
        }
        u64::from(l) << 32 | u64::from(r)
    }
}

/// A split-block Bloom filter (one 64-byte block a fingerprint, one bit in each of its eight
/// words: one cache line read a lookup).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
struct Bloom {
    words: Vec<u64>,
    /// Blocks, a power of two.
    blocks: usize,
}

/// The odd multipliers that choose a bit in each word (Apache Parquet's split-block filter).
#[cfg(not(target_arch = "wasm32"))]
const SALT: [u32; 8] = [
    0x47b6_137b,
    0x4497_4d91,
    0x8824_ad5b,
    0xa2b7_289d,
    0x7054_95c7,
    0x2df1_424b,
    0x9efc_4947,
    0x5c6b_fb31,
];

#[cfg(not(target_arch = "wasm32"))]
impl Bloom {
    fn new(bytes: usize) -> Bloom {
        let blocks = prev_power_of_two((bytes / 64).max(1));
        Bloom {
            words: vec![0; blocks * 8],
            blocks,
        }
    }

    /// The first word of `fp`'s block and the bit in each word.
    fn bits(&self, fp: u64) -> (usize, [u64; 8]) {
        let block = ((fp >> 32) as usize) & (self.blocks - 1);
        let h = fp as u32;
        let mut bits = [0u64; 8];
        for (b, s) in bits.iter_mut().zip(SALT) {
            *b = 1 << (h.wrapping_mul(s) >> 26);
        }
        (block * 8, bits)
    }

    fn insert(&mut self, fp: u64) {
        let (at, bits) = self.bits(fp);
        if let Some(words) = self.words.get_mut(at..at + 8) {
            for (w, b) in words.iter_mut().zip(bits) {
                *w |= b;
            }
        }
    }

    fn may_contain(&self, fp: u64) -> bool {
        let (at, bits) = self.bits(fp);
        self.words
            .get(at..at + 8)
            .is_none_or(|words| words.iter().zip(bits).all(|(w, b)| w & b != 0))
    }
}

/// The largest power of two not above `n` (≥ 1).
fn prev_power_of_two(n: usize) -> usize {
    1 << (usize::BITS - 1 - n.max(1).leading_zeros())
}

/// One sorted run in the temporary file.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
struct Run {
    /// Its first entry's index in the file.
    start: u64,
    /// Its entries.
    len: usize,
    /// The fingerprint of every [`BLOCK`]-th entry.
    index: Vec<u64>,
}

/// The runs written so far and their file.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
struct Spill {
    file: std::fs::File,
    /// Entries in the file.
    entries: u64,
    runs: Vec<Run>,
    bloom: Bloom,
    /// One block read back, reused.
    block: Vec<u8>,
}

/// The first place of every (form, number) key seen, in bounded memory.
#[derive(Debug)]
pub struct FirstPlaces {
    perm: Permutation,
    /// Open addressing with linear probing, by the fingerprint's top bits; empty until the
    /// first insert, a power of two long.
    table: Vec<Entry>,
    len: usize,
    /// The largest table (slots) the budget allows.
    max_slots: usize,
    /// The filter's bytes, made on the first spill.
    #[cfg(not(target_arch = "wasm32"))]
    bloom_bytes: usize,
    #[cfg(not(target_arch = "wasm32"))]
    spill: Option<Spill>,
    /// No temporary file could be made or written: the table grows instead.
    in_memory_only: bool,
    /// The budget it was made with ([`FirstPlaces::with_memory`]).
    memory: usize,
}

impl Default for FirstPlaces {
    fn default() -> FirstPlaces {
        FirstPlaces::with_memory(DEFAULT_MEMORY)
    }
}

impl FirstPlaces {
    /// A table that keeps about `bytes` in memory however many numbers it is given: 3/7 for
    /// the table, 4/7 for the filter.
    pub fn with_memory(bytes: usize) -> FirstPlaces {
        let table_bytes = bytes / 7 * 3;
        FirstPlaces {
            perm: Permutation::random(),
            table: Vec::new(),
            len: 0,
            max_slots: prev_power_of_two((table_bytes / ENTRY_BYTES).max(16)),
            #[cfg(not(target_arch = "wasm32"))]
            bloom_bytes: bytes - table_bytes,
            #[cfg(not(target_arch = "wasm32"))]
            spill: None,
            in_memory_only: cfg!(target_arch = "wasm32"),
            memory: bytes,
        }
    }

    /// The memory it was given ([`FirstPlaces::with_memory`]).
    pub fn memory(&self) -> usize {
        self.memory
    }

    /// Runs written to the temporary file so far.
    pub fn runs(&self) -> usize {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(s) = &self.spill {
            return s.runs.len();
        }
        0
    }

    /// True when no key was kept.
    pub fn is_empty(&self) -> bool {
        self.len == 0 && self.runs() == 0
    }

    /// Calls `f` with every key kept and its place: the table's, then each run's, read back
    /// from the temporary file a block at a time (an entry that cannot be read back is skipped).
    pub fn for_each(&mut self, mut f: impl FnMut(u64, Place)) {
        for e in self.table.iter().filter(|e| e.place != EMPTY) {
            f(self.perm.invert(e.fp), e.place);
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(s) = &mut self.spill {
            let perm = self.perm;
            s.for_each(|fp, place| f(perm.invert(fp), place));
        }
    }

    /// The first place of `key`, when it was seen.
    pub fn get(&mut self, key: u64) -> Option<Place> {
        let fp = self.perm.apply(key);
        if let Some(e) = self.probe(fp).and_then(|i| self.table.get(i)) {
            if e.place != EMPTY {
                return Some(e.place);
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(s) = &mut self.spill {
            return s.find(fp);
        }
        None
    }

    /// Keeps `place` as the first place of `key` (not seen before: [`FirstPlaces::get`] said
    /// so). A `place` with a `packed` word of all ones is not kept.
    pub fn insert(&mut self, key: u64, place: Place) {
        if place == EMPTY {
            return;
        }
        if self.len + 1 > self.table.len() / 4 * 3 {
            self.make_room();
        }
        let fp = self.perm.apply(key);
        if let Some(e) = self.probe(fp).and_then(|i| self.table.get_mut(i)) {
            if e.place == EMPTY {
                self.len += 1;
            }
            *e = Entry { fp, place };
        }
    }

    /// The slot of `fp`: where it is, or the empty slot where it would go.
    fn probe(&self, fp: u64) -> Option<usize> {
        let mask = self.table.len().checked_sub(1)?;
        let bits = self.table.len().trailing_zeros();
        let mut i = (fp >> (64 - bits.max(1))) as usize & mask;
        loop {
            let e = self.table.get(i)?;
            if e.place == EMPTY || e.fp == fp {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Grows the table, or (at its budget) writes it out as a run and empties it.
    fn make_room(&mut self) {
        if self.table.len() < self.max_slots || self.in_memory_only {
            let slots = (self.table.len() * 2).max(16);
            self.rehash(slots);
            return;
        }
        // Sorted in place: the entries first, by fingerprint.
        let mut n = 0;
        for i in 0..self.table.len() {
            if self.table.get(i).is_some_and(|e| e.place != EMPTY) {
                self.table.swap(n, i);
                n += 1;
            }
        }
        if let Some(entries) = self.table.get_mut(..n) {
            entries.sort_unstable_by_key(|e| e.fp);
        }
        if self.write_run(n) {
            self.table.fill(EMPTY_ENTRY);
            self.len = 0;
        } else {
            self.in_memory_only = true;
            let slots = self.table.len() * 2;
            self.rehash(slots);
        }
    }

    /// A table of `slots` with the entries (anywhere in the old one) put back.
    fn rehash(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.table, vec![EMPTY_ENTRY; slots]);
        self.len = 0;
        for e in old.into_iter().filter(|e| e.place != EMPTY) {
            if let Some(slot) = self.probe(e.fp).and_then(|i| self.table.get_mut(i)) {
                *slot = e;
                self.len += 1;
            }
        }
    }

    /// Writes the first `n` entries of the table (sorted) as a run; false when no temporary
    /// file could be made or written.
    #[cfg(not(target_arch = "wasm32"))]
    fn write_run(&mut self, n: usize) -> bool {
        if self.spill.is_none() {
            let Ok(file) = tempfile::tempfile() else {
                return false;
            };
            self.spill = Some(Spill {
                file,
                entries: 0,
                runs: Vec::new(),
                bloom: Bloom::new(self.bloom_bytes),
                block: Vec::with_capacity(BLOCK * ENTRY_BYTES),
            });
        }
        let (Some(s), Some(entries)) = (&mut self.spill, self.table.get(..n)) else {
            return false;
        };
        s.write(entries)
    }

    #[cfg(target_arch = "wasm32")]
    fn write_run(&mut self, _n: usize) -> bool {
        false
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Spill {
    /// Appends `entries` (sorted) as a run; the filter learns them only once they are written.
    fn write(&mut self, entries: &[Entry]) -> bool {
        let mut out = Vec::with_capacity(BLOCK * ENTRY_BYTES * 64);
        let mut index = Vec::with_capacity(entries.len().div_ceil(BLOCK));
        let written = (|| -> std::io::Result<()> {
            self.file
                .seek(SeekFrom::Start(self.entries * ENTRY_BYTES as u64))?;
            for (i, e) in entries.iter().enumerate() {
                if i % BLOCK == 0 {
                    index.push(e.fp);
                }
                out.extend_from_slice(&e.fp.to_le_bytes());
                out.extend_from_slice(&e.place.packed.to_le_bytes());
                out.extend_from_slice(&e.place.record.to_le_bytes());
                out.extend_from_slice(&e.place.line.to_le_bytes());
                if out.len() >= out.capacity() - ENTRY_BYTES {
                    self.file.write_all(&out)?;
                    out.clear();
                }
            }
            self.file.write_all(&out)
        })();
        if written.is_err() {
            return false;
        }
        for e in entries {
            self.bloom.insert(e.fp);
        }
        self.runs.push(Run {
            start: self.entries,
            len: entries.len(),
            index,
        });
        self.entries += entries.len() as u64;
        true
    }

    /// Every entry written, in file order.
    fn for_each(&mut self, mut f: impl FnMut(u64, Place)) {
        let mut at = 0u64;
        while at < self.entries {
            let count = (self.entries - at).min(BLOCK as u64) as usize;
            self.block.resize(count * ENTRY_BYTES, 0);
            if self
                .file
                .seek(SeekFrom::Start(at * ENTRY_BYTES as u64))
                .is_err()
                || self.file.read_exact(&mut self.block).is_err()
            {
                return;
            }
            for e in self.block.chunks_exact(ENTRY_BYTES) {
                let (fp, place) = decode(e);
                f(fp, place);
            }
            at += count as u64;
        }
    }

    /// The place of `fp` in a run, when the filter lets it be in one. A block that cannot be
    /// read back is taken as not holding it.
    fn find(&mut self, fp: u64) -> Option<Place> {
        if !self.bloom.may_contain(fp) {
            return None;
        }
        for r in self.runs.iter().rev() {
            // The last block whose first fingerprint is ≤ fp.
            let Some(b) = r.index.partition_point(|f| *f <= fp).checked_sub(1) else {
                continue;
            };
            let first = b * BLOCK;
            let count = BLOCK.min(r.len.saturating_sub(first));
            self.block.resize(count * ENTRY_BYTES, 0);
            let at = (r.start + first as u64) * ENTRY_BYTES as u64;
            if self.file.seek(SeekFrom::Start(at)).is_err()
                || self.file.read_exact(&mut self.block).is_err()
            {
                continue;
            }
            let found = self
                .block
                .chunks_exact(ENTRY_BYTES)
                .map(decode)
                .find(|(f, _)| *f == fp)
                .map(|(_, place)| place);
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// An entry as written: fingerprint, packed word, record, line (little-endian).
#[cfg(not(target_arch = "wasm32"))]
fn decode(e: &[u8]) -> (u64, Place) {
    let word = |at: usize| {
        e.get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let half = |at: usize| {
        e.get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_le_bytes)
    };
    (
        word(0),
        Place {
            packed: word(8),
            record: half(16),
            line: half(20),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(i: u64) -> Place {
        Place {
            packed: i * 3,
            record: i as u32,
            line: (i as u32).wrapping_mul(7),
        }
    }

    #[test]
    fn the_permutation_is_one_to_one_on_a_sample() {
        let p = Permutation::random();
        let mut fps: Vec<u64> = (0..200_000u64)
            .map(|i| p.apply(i))
            .chain((0..1000u64).map(|i| p.apply(i << 40 | 123_456_789_018)))
            .collect();
        assert!((0..1000u64).all(|i| p.invert(p.apply(i * 977)) == i * 977));
        fps.sort_unstable();
        fps.dedup();
        assert_eq!(fps.len(), 201_000);
    }

    /// A small budget spills many runs; every key comes back with its place, and no unseen key
    /// is found (the same answers as a table that never spills).
    #[test]
    fn spilled_runs_give_back_every_place_exactly() {
        let mut small = FirstPlaces::with_memory(256 << 10);
        let mut big = FirstPlaces::with_memory(64 << 20);
        let keys: Vec<u64> = (0..50_000u64)
            .map(|i| i.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 24)
            .collect();
        for (i, k) in (0u64..).zip(&keys) {
            for t in [&mut small, &mut big] {
                assert_eq!(t.get(*k), None);
                t.insert(*k, place(i));
            }
        }
        assert!(small.runs() > 10, "{} runs", small.runs());
        assert_eq!(big.runs(), 0);
        assert!(small.table.len() <= small.max_slots);
        for (i, k) in (0u64..).zip(&keys) {
            assert_eq!(small.get(*k), Some(place(i)), "key {i}");
            assert_eq!(big.get(*k), Some(place(i)));
        }
        for k in 0..20_000u64 {
            let unseen = (k << 40) | 0xFF_FFFF_FFFF;
            assert_eq!(small.get(unseen), None);
        }
        // Every key comes back once, from the table and the runs.
        let mut all = Vec::new();
        small.for_each(|k, p| all.push((k, p.record)));
        all.sort_unstable();
        let mut want: Vec<(u64, u32)> = (0u32..).zip(&keys).map(|(i, k)| (*k, i)).collect();
        want.sort_unstable();
        assert_eq!(all, want);
    }

    #[test]
    fn a_table_without_a_file_grows_instead() {
        let mut t = FirstPlaces::with_memory(16 << 10);
        t.in_memory_only = true;
        for k in 0..10_000u64 {
            t.insert(k, place(k));
        }
        assert_eq!(t.runs(), 0);
        assert!(t.table.len() > t.max_slots);
        assert!((0..10_000u64).all(|k| t.get(k) == Some(place(k))));
    }
}
