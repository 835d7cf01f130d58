//! Byte offset → 1-based line and character column, for UTF-8 sources read whole (OCR JSON).
//!
//! Columns count Unicode scalar values, as everywhere in todokede; a byte that is not valid UTF-8
//! counts as one character, so a damaged file still gets positions that point near the fault.

/// The start offsets of the lines of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `bytes` (a line ends after each `\n`; a `\r` before it is part
    /// of the line's end, not a line of its own).
    pub fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line and character column of byte offset `at` in `bytes` (the text indexed).
    pub fn position(&self, bytes: &[u8], at: usize) -> (u32, u32) {
        let at = at.min(bytes.len());
        // The last line start at or before `at`.
        let line = self.starts.partition_point(|s| *s <= at).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = char_count(bytes.get(start..at).unwrap_or(&[])) + 1;
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset where 1-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts
            .get(usize::try_from(line).ok()?.checked_sub(1)?)
            .copied()
    }

    pub fn lines(&self) -> usize {
        self.starts.len()
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
        assert_eq!(ix.line_start(0), None);
        assert_eq!(ix.lines(), 3);
    }
}
