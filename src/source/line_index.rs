//! Byte offset → 1-based line and character column, for UTF-8 sources read whole (XML, OCR JSON).
//!
//! Linear: the index remembers where the last column was counted, so findings asked for in file
//! order (as readers report them) scan each byte of a line once, however many findings the line
//! has — 100,000 findings on one long line cost one pass over it, not 100,000.
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
        // Go on from the last position when it is on this line, before `at`.
        let (c_at, c_line, c_chars) = self.cursor.get();
        let (from, before) = if c_line == line - 1 && c_at <= at && c_at >= start {
            (c_at, c_chars)
        } else {
            (start, 0)
        };
        let chars = before + char_count(bytes.get(from..at).unwrap_or(&[]));
        self.scanned.set(
            self.scanned
                .get()
                .saturating_add((at - from.min(at)) as u64),
        );
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
}
