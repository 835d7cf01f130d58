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
    let mut boundaries: Vec<usize> = Vec::new();
    for (i, c) in content.char_indices() {
        let starts_unit = match unit {
            "textElements" => !is_combining(c) || i == 0,
            _ => true,
        };
        if starts_unit {
            let width = if unit == "utf16CodeUnit" {
                c.len_utf16()
            } else {
                1
            };
            for _ in 0..width {
                boundaries.push(i);
            }
        }
    }
    boundaries.push(content.len());
    let start = *boundaries.get(offset)?;
    let end = *boundaries.get(offset.checked_add(length)?)?;
    content.get(start..end)
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
    }
}
