//! Byte offset → 1-based line and character column, for UTF-8 sources read whole (XML, OCR JSON).
//!
//! Linear: the index remembers where the last column was counted and counts on from there,
//! forwards or back, so findings asked for in file order (as readers report them) scan each byte
//! of a line once, however many findings the line has — 100,000 findings on one long line cost
//! one pass over it, not 100,000 — and places a little out of order cost the distance between
//! them.
//!
//! Columns count Unicode scalar values, as everywhere in todokede; a byte that is not valid UTF-8
//! counts as one character, so a damaged file still gets positions that point near the fault.

/// The start offsets of the lines of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The last position counted: (byte offset, 0-based line, characters from its start).
    cursor: std::cell::Cell<(usize, usize, usize)>,
    /// Bytes scanned to count columns (the work done, for tests that prove it linear).
    scanned: std::cell::Cell<u64>,
}

impl LineIndex {
    /// Indexes the line starts of `bytes` (a line ends after each `\n`; a `\r` before it is part
    /// of the line's end, not a line of its own).
    pub fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex {
            starts,
            cursor: std::cell::Cell::new((0, 0, 0)),
            scanned: std::cell::Cell::new(0),
        }
    }

    /// The 1-based line and character column of byte offset `at` in `bytes` (the text indexed).
    pub fn position(&self, bytes: &[u8], at: usize) -> (u32, u32) {
        let at = at.min(bytes.len());
        // The last line start at or before `at`.
        let line = self.starts.partition_point(|s| *s <= at).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        // Count from the last position when it is on this line, forwards or back: places asked
        // for a little out of order (an Azure result's fields, by key) on one long line (a
        // minified result) must not rescan the line from its start each time.
        let (c_at, c_line, c_chars) = self.cursor.get();
        let near = c_line == line - 1 && c_at >= start && c_at.abs_diff(at) < at - start;
        let (chars, scanned) = if near && c_at <= at {
            let counted = char_count(bytes.get(c_at..at).unwrap_or(&[]));
            (c_chars + counted, at - c_at)
        } else if near {
            let counted = char_count(bytes.get(at..c_at).unwrap_or(&[]));
            (c_chars.saturating_sub(counted), c_at - at)
        } else {
            (
                char_count(bytes.get(start..at).unwrap_or(&[])),
                at - start.min(at),
            )
        };
        self.scanned
            .set(self.scanned.get().saturating_add(scanned as u64));
        self.cursor.set((at, line - 1, chars));
        let column = chars + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// The 1-based line of byte offset `at` (a binary search: no column is counted).
    pub fn line_of(&self, at: usize) -> u32 {
        let line = self.starts.partition_point(|s| *s <= at).max(1);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The byte offset where 1-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts
            .get(usize::try_from(line).ok()?.checked_sub(1)?)
            .copied()
    }

    /// How many lines the text has.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Bytes scanned so far to count columns.
    pub fn scanned(&self) -> u64 {
        self.scanned.get()
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a multi-byte sequence.
pub fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let text = "ab\r\n個人番号:1\nx".as_bytes();
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(text, 0), (1, 1));
        assert_eq!(ix.position(text, 1), (1, 2));
        assert_eq!(ix.position(text, 4), (2, 1));
        // After four 3-byte characters and the colon.
        assert_eq!(ix.position(text, 4 + 12 + 1), (2, 6));
        let last = text.len() - 1;
        assert_eq!(ix.position(text, last), (3, 1));
        assert_eq!(ix.position(text, 10_000), (3, 2));
        assert_eq!(ix.line_start(2), Some(4));
        assert_eq!(
            (ix.line_of(3), ix.line_of(4), ix.line_of(10_000)),
            (1, 2, 3)
        );
        assert_eq!(ix.line_start(0), None);
        assert_eq!(ix.lines(), 3);
    }

    /// One long line (a minified Azure result) asked for places a little out of order: each
    /// costs the distance from the last one, and every column is right.
    #[test]
    fn places_a_little_out_of_order_on_one_long_line_count_from_the_last() {
        let text = "あa".repeat(100_000);
        let bytes = text.as_bytes();
        let ix = LineIndex::new(bytes);
        let mut asked = Vec::new();
        for block in 0..1000 {
            // Within each block of 400 bytes, backwards.
            for k in (0..4).rev() {
                asked.push(block * 400 + k * 100);
            }
        }
        for &at in &asked {
            // Two characters every four bytes.
            assert_eq!(ix.position(bytes, at), (1, at as u32 / 2 + 1), "at {at}");
        }
        // Linear: about 1,000 bytes a block (700 on to its first place, 300 back), not the
        // line from its start each time (200 KB on average).
        assert!(
            ix.scanned() <= 1000 * 1000,
            "{} bytes scanned",
            ix.scanned()
        );
    }
}
