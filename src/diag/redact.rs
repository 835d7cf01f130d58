//! Masking of personal numbers (個人番号, 基礎年金番号, 被保険者記号・番号).
//!
//! The digits are replaced with `*`, one per character, so columns and widths stay where they
//! were. Only `convert` ever writes the real values.

/// The mask for a value: one `*` per character of the value.
pub fn mask(value: &str) -> String {
    value.chars().map(|_| '*').collect()
}

/// Replaces the characters `start..end` (character indices, end exclusive) of `line` by `*`.
pub fn mask_chars(line: &str, start: usize, end: usize) -> String {
    line.chars()
        .enumerate()
        .map(|(i, c)| if i >= start && i < end { '*' } else { c })
        .collect()
}

/// True when `text` contains a run of `digits` ASCII digits or more: used by tests to prove that no
/// output carries something shaped like a personal number.
pub fn has_digit_run(text: &str, digits: usize) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= digits {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_width() {
        assert_eq!(mask("123456789012"), "************");
        assert_eq!(mask_chars("ab,1234,c", 3, 7), "ab,****,c");
    }

    #[test]
    fn digit_runs() {
        assert!(has_digit_run("x123456789012y", 12));
        assert!(!has_digit_run("x12345678901y2", 12));
    }
}
