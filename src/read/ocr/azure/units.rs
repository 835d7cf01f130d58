//! Spans of Azure results: offsets and lengths into `analyzeResult.content`, counted in the
//! result's `stringIndexType` units, turned into text.

/// `content[offset .. offset + length]` in `unit`s: `unicodeCodePoint`, `utf16CodeUnit`, or
/// `textElements` (taken as code points plus the combining marks that follow them, which is what
/// a grapheme is in form text: 濁点 U+3099/U+309A, accents, variation selectors).
pub fn slice_units<'a>(
    content: &'a str,
    offset: usize,
    length: usize,
    unit: &str,
) -> Option<&'a str> {
    Units::new(content, unit).slice(content, offset, length)
}

/// Units counted between two marks of a [`Units`] index.
const STEP: usize = 256;

/// Where the units of one `content` start, for many spans into it: a mark every 256 units,
/// so that a span costs at most 256 characters of counting plus its own, not a pass over
/// the whole content (a result of 20,000 fields located by spans into megabytes of content was
/// quadratic). Its memory is a sixteenth of the content's characters at most.
#[derive(Debug, Default)]
pub struct Units {
    /// The content's length in bytes.
    len: usize,
    utf16: bool,
    elements: bool,
    /// (unit index, byte offset) of the unit that starts at or after each multiple of STEP.
    marks: Vec<(usize, usize)>,
    total: usize,
    /// Characters counted for spans (the work done, for tests that prove it linear).
    counted: std::cell::Cell<u64>,
}

impl Units {
    /// The index of `content` in `unit`s.
    pub fn new(content: &str, unit: &str) -> Units {
        let mut u = Units {
            len: content.len(),
            utf16: unit == "utf16CodeUnit",
            elements: unit == "textElements",
            marks: Vec::new(),
            total: 0,
            counted: std::cell::Cell::new(0),
        };
        let mut next = 0;
        for (i, c) in content.char_indices() {
            if let Some(w) = u.width(i, c) {
                if u.total >= next {
                    u.marks.push((u.total, i));
                    next = u.total + STEP;
                }
                u.total += w;
            }
        }
        u.counted.set(content.len() as u64);
        u
    }

    /// The units `c` at byte `i` starts (`None` when it continues the unit before it).
    fn width(&self, i: usize, c: char) -> Option<usize> {
        if self.elements && i > 0 && is_combining(c) {
            return None;
        }
        Some(if self.utf16 { c.len_utf16() } else { 1 })
    }

    /// The byte offset where unit `u` starts (the content's length for the unit after the last).
    fn boundary(&self, content: &str, u: usize) -> Option<usize> {
        if u >= self.total {
            return (u == self.total).then_some(self.len);
        }
        let at = self
            .marks
            .partition_point(|(m, _)| *m <= u)
            .checked_sub(1)?;
        let (mut unit, byte) = *self.marks.get(at)?;
        let mut counted = 0u64;
        for (j, c) in content.get(byte..)?.char_indices() {
            counted += 1;
            if let Some(w) = self.width(byte + j, c) {
                if u < unit + w {
                    self.counted.set(self.counted.get() + counted);
                    return Some(byte + j);
                }
                unit += w;
            }
        }
        self.counted.set(self.counted.get() + counted);
        Some(self.len)
    }

    /// `content[offset .. offset + length]` in this index's units; `content` is the text it
    /// indexes.
    pub fn slice<'c>(&self, content: &'c str, offset: usize, length: usize) -> Option<&'c str> {
        let start = self.boundary(content, offset)?;
        let end = self.boundary(content, offset.checked_add(length)?)?;
        content.get(start..end)
    }

    /// Characters counted so far: the content once, then each span's.
    pub fn counted(&self) -> u64 {
        self.counted.get()
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{3099}' | '\u{309A}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{200D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_in_every_index_unit() {
        let content = "𠮷田 カ\u{3099}ン";
        assert_eq!(slice_units(content, 0, 2, "unicodeCodePoint"), Some("𠮷田"));
        assert_eq!(slice_units(content, 0, 3, "utf16CodeUnit"), Some("𠮷田"));
        assert_eq!(
            slice_units(content, 3, 2, "textElements"),
            Some("カ\u{3099}ン")
        );
        assert_eq!(
            slice_units(content, 3, 3, "unicodeCodePoint"),
            Some("カ\u{3099}ン")
        );
        assert_eq!(slice_units(content, 4, 99, "unicodeCodePoint"), None);
        // A span starting inside a surrogate pair takes the whole character.
        assert_eq!(slice_units(content, 1, 1, "utf16CodeUnit"), Some("𠮷"));
        assert_eq!(slice_units("", 0, 0, "utf16CodeUnit"), Some(""));
        assert_eq!(slice_units("", 0, 1, "utf16CodeUnit"), None);
    }

    /// Every span of a long content, in every unit, is the text the units name: the index
    /// agrees with counting from the start (what the reader did before, per field).
    #[test]
    fn the_index_agrees_with_counting_from_the_start() {
        let piece = "𠮷田 カ\u{3099}ン\u{0301}ab、";
        let content = piece.repeat(200);
        for unit in ["unicodeCodePoint", "utf16CodeUnit", "textElements"] {
            let units = Units::new(&content, unit);
            // The naive boundaries: one per unit.
            let mut naive = Vec::new();
            for (i, c) in content.char_indices() {
                if let Some(w) = units.width(i, c) {
                    naive.extend(std::iter::repeat_n(i, w));
                }
            }
            naive.push(content.len());
            for offset in (0..naive.len()).step_by(7) {
                for length in [0, 1, 3, 300] {
                    let want = naive
                        .get(offset + length)
                        .and_then(|&e| content.get(naive[offset]..e));
                    assert_eq!(
                        units.slice(&content, offset, length),
                        want,
                        "{unit} {offset}+{length}"
                    );
                }
            }
            // A span costs at most STEP characters of counting plus its own.
            let before = units.counted();
            units.slice(&content, naive.len() - 10, 2);
            assert!(units.counted() - before <= (2 * STEP + 4) as u64);
        }
    }
}
