//! The filing character set: JIS X 0201 (ASCII + 半角カナ) and JIS X 0208-1990 level 1+2.
//!
//! Two views of one rule. CSV filings are checked on their raw Shift_JIS bytes (fast, with exact
//! byte offsets); XML and OCR text is checked per character by encoding it to Shift_JIS. Both use
//! the same table of two-byte codes, built once from encoding_rs's CP932 (WHATWG Shift_JIS)
//! decoder, so the two views cannot disagree.

use std::sync::OnceLock;

use encoding_rs::SHIFT_JIS;

/// What a two-byte Shift_JIS code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// Not a character (unassigned, or not a lead/trail pair).
    Invalid,
    /// A JIS X 0208 level 1/2 (rows 1–8, 16–84) character.
    Jis,
    /// A CP932 extension: NEC special (row 13), NEC-selected IBM, IBM, user-defined.
    Extension,
}

/// One problem found in a run of Shift_JIS bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteProblem {
    /// Bytes that do not form a Shift_JIS character (`len` bytes from `offset`).
    Malformed {
        /// Where the bytes start, in the line.
        offset: usize,
        /// How many bytes.
        len: usize,
    },
    /// A decodable character outside JIS X 0208 / 0201.
    NotJis {
        /// Where the character starts, in the line.
        offset: usize,
        /// The character.
        ch: char,
    },
    /// A control character (TAB, NUL, DEL, …).
    Control {
        /// Where the byte is, in the line.
        offset: usize,
        /// The byte.
        byte: u8,
    },
}

fn table() -> &'static [Cell] {
    static TABLE: OnceLock<Vec<Cell>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = vec![Cell::Invalid; 0x10000];
        for lead in 0x81u16..=0xFC {
            if (0xA0..=0xDF).contains(&lead) {
                continue;
            }
            for trail in (0x40u16..=0x7E).chain(0x80..=0xFC) {
                let code = (lead << 8) | trail;
                let bytes = [lead as u8, trail as u8];
                let (_, had_errors) = SHIFT_JIS.decode_without_bom_handling(&bytes);
                if had_errors {
                    continue;
                }
                let in_jis = (0x8140..=0x84BE).contains(&code)
                    || (0x889F..=0x9FFC).contains(&code)
                    || (0xE040..=0xEAA4).contains(&code);
                t[usize::from(code)] = if in_jis { Cell::Jis } else { Cell::Extension };
            }
        }
        t
    })
}

fn cell(lead: u8, trail: u8) -> Cell {
    let code = (usize::from(lead) << 8) | usize::from(trail);
    table().get(code).copied().unwrap_or(Cell::Invalid)
}

fn decode_pair(lead: u8, trail: u8) -> char {
    let bytes = [lead, trail];
    let (s, _) = SHIFT_JIS.decode_without_bom_handling(&bytes);
    s.chars().next().unwrap_or('\u{FFFD}')
}

/// What [`scan_line`] finds, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scan {
    /// The byte range of one `,`-separated item of the line.
    Item(std::ops::Range<usize>),
    /// A problem inside the current item (offsets within the line).
    Problem(ByteProblem),
}

/// Scans a raw Shift_JIS line once: splits it on `,` (never a trail byte, so never inside a
/// character) and checks every character against the filing character set. `event` gets each
/// problem before the item that holds it.
pub fn scan_line(line: &[u8], mut event: impl FnMut(Scan)) {
    let mut start = 0;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        match b {
            b',' => {
                event(Scan::Item(start..i));
                start = i + 1;
                i += 1;
            }
            0x20..=0x7E | 0xA1..=0xDF => i += 1,
            0x00..=0x1F | 0x7F => {
                event(Scan::Problem(ByteProblem::Control { offset: i, byte: b }));
                i += 1;
            }
            0x81..=0x9F | 0xE0..=0xFC => {
                let trail = line.get(i + 1).copied();
                match trail.map(|t| (t, cell(b, t))) {
                    Some((_, Cell::Jis)) => i += 2,
                    Some((t, Cell::Extension)) => {
                        let ch = decode_pair(b, t);
                        event(Scan::Problem(ByteProblem::NotJis { offset: i, ch }));
                        i += 2;
                    }
                    Some((0x40..=0x7E | 0x80..=0xFC, Cell::Invalid)) => {
                        event(Scan::Problem(ByteProblem::Malformed { offset: i, len: 2 }));
                        i += 2;
                    }
                    _ => {
                        event(Scan::Problem(ByteProblem::Malformed { offset: i, len: 1 }));
                        i += 1;
                    }
                }
            }
            _ => {
                event(Scan::Problem(ByteProblem::Malformed { offset: i, len: 1 }));
                i += 1;
            }
        }
    }
    event(Scan::Item(start..line.len()));
}

/// Checks raw Shift_JIS bytes (one item) and calls `report` for every problem, in order.
/// Returns true when the bytes were clean.
pub fn check_bytes(raw: &[u8], mut report: impl FnMut(ByteProblem)) -> bool {
    let mut clean = true;
    scan_line(raw, |e| {
        if let Scan::Problem(p) = e {
            clean = false;
            report(p);
        }
    });
    clean
}

/// How a decoded character stands in the filing character set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// ASCII printable (JIS X 0201 roman): one byte.
    Ascii,
    /// 半角カナ (JIS X 0201 katakana): one byte.
    HalfKana,
    /// JIS X 0208 level 1/2: two bytes (全角).
    Full,
    /// Control character.
    Control,
    /// Not in the filing character set.
    NotJis,
}

/// Classifies one decoded character (for XML and OCR text, and for item rules).
pub fn classify(c: char) -> CharClass {
    match c {
        ' '..='~' => CharClass::Ascii,
        '\u{FF61}'..='\u{FF9F}' => CharClass::HalfKana,
        '\0'..='\u{1F}' | '\u{7F}' => CharClass::Control,
        _ => {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let (bytes, _, unmappable) = SHIFT_JIS.encode(s);
            match (unmappable, bytes.as_ref()) {
                (false, [lead, trail]) if cell(*lead, *trail) == Cell::Jis => CharClass::Full,
                _ => CharClass::NotJis,
            }
        }
    }
}

/// True for characters that take one byte in Shift_JIS (半角: ASCII and 半角カナ). Whether a
/// character is in the filing character set at all is a separate check.
pub fn is_half_width(c: char) -> bool {
    matches!(c, '\0'..='\u{7F}' | '\u{FF61}'..='\u{FF9F}')
}

/// Shift_JIS byte length of decoded text (半角 = 1, everything else = 2).
pub fn sjis_len(s: &str) -> usize {
    s.chars()
        .map(|c| if is_half_width(c) { 1 } else { 2 })
        .sum()
}

/// True when the bytes look like UTF-8 text that is not plausible Shift_JIS: valid UTF-8 with
/// multi-byte sequences, which in Shift_JIS would decode with errors.
pub fn looks_like_utf8(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    // A sample cut in the middle of a UTF-8 character is still UTF-8.
    let valid = match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > sample.len(),
    };
    if !valid || sample.is_ascii() {
        return false;
    }
    let (_, sjis_errors) = SHIFT_JIS.decode_without_bom_handling(sample);
    let multibyte = sample.iter().filter(|b| **b >= 0xE0 && **b <= 0xEF).count();
    sjis_errors || multibyte > 0
}

/// The usual JIS replacement for a vendor-specific character, when there is one.
pub fn charset_hint(c: char) -> Option<&'static str> {
    Some(match c {
        '髙' => "高",
        '﨑' => "崎",
        '德' => "徳",
        '邉' | '邊' => "辺",
        '塚' => "塚",
        '①' => "1",
        '②' => "2",
        '③' => "3",
        '㈱' => "（株）",
        '㈲' => "（有）",
        '㈹' => "（代）",
        'Ⅰ' => "I",
        'Ⅱ' => "II",
        'Ⅲ' => "III",
        '№' => "No.",
        '℡' => "TEL",
        '～' => "〜",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis(s: &str) -> Vec<u8> {
        let (b, _, bad) = SHIFT_JIS.encode(s);
        assert!(!bad);
        b.into_owned()
    }

    fn problems(raw: &[u8]) -> Vec<ByteProblem> {
        let mut v = Vec::new();
        check_bytes(raw, |p| v.push(p));
        v
    }

    #[test]
    fn jis_text_is_clean() {
        assert!(problems(&sjis("ﾔﾏﾀﾞ ﾀﾛｳ")).is_empty());
        assert!(problems(&sjis("東京都千代田区　表示能力ソ")).is_empty());
        assert!(
            problems(&sjis("凜熙")).is_empty(),
            "JIS X 0208-1990 additions"
        );
    }

    #[test]
    fn vendor_characters_are_named_with_offsets() {
        // 髙 is an IBM extension; ① and ㈱ are NEC special characters (row 13).
        let raw = sjis("a髙①㈱");
        assert_eq!(
            problems(&raw),
            vec![
                ByteProblem::NotJis {
                    offset: 1,
                    ch: '髙'
                },
                ByteProblem::NotJis {
                    offset: 3, ch: '①'
                },
                ByteProblem::NotJis {
                    offset: 5,
                    ch: '㈱'
                },
            ]
        );
    }

    #[test]
    fn malformed_and_control_bytes() {
        assert_eq!(
            problems(&[b'a', 0x80, 0x82, b'\t', 0xFF]),
            vec![
                ByteProblem::Malformed { offset: 1, len: 1 },
                ByteProblem::Malformed { offset: 2, len: 1 },
                ByteProblem::Control {
                    offset: 3,
                    byte: b'\t'
                },
                ByteProblem::Malformed { offset: 4, len: 1 },
            ]
        );
        // A lead byte at the very end of an item.
        assert_eq!(
            problems(&[0x93]),
            vec![ByteProblem::Malformed { offset: 0, len: 1 }]
        );
        // User-defined area decodes to private use in CP932: not JIS.
        assert!(matches!(
            problems(&[0xF0, 0x40])[..],
            [ByteProblem::NotJis { offset: 0, .. }]
        ));
    }

    #[test]
    fn scan_splits_items_and_places_problems_before_their_item() {
        let mut raw = sjis("a,髙,");
        raw.push(0x80);
        let mut events = Vec::new();
        scan_line(&raw, |e| events.push(e));
        assert_eq!(
            events,
            vec![
                Scan::Item(0..1),
                Scan::Problem(ByteProblem::NotJis {
                    offset: 2,
                    ch: '髙'
                }),
                Scan::Item(2..4),
                Scan::Problem(ByteProblem::Malformed { offset: 5, len: 1 }),
                Scan::Item(5..6),
            ]
        );
        // A lead byte cut off by a separator does not swallow the separator.
        let mut events = Vec::new();
        scan_line(&[0x82, b',', b'x'], |e| events.push(e));
        assert_eq!(
            events.iter().filter(|e| matches!(e, Scan::Item(_))).count(),
            2
        );
    }

    #[test]
    fn classify_agrees_with_bytes() {
        assert_eq!(classify('ｱ'), CharClass::HalfKana);
        assert_eq!(classify('ア'), CharClass::Full);
        assert_eq!(classify('髙'), CharClass::NotJis);
        assert_eq!(classify('﨑'), CharClass::NotJis);
        assert_eq!(classify('①'), CharClass::NotJis);
        assert_eq!(classify('😀'), CharClass::NotJis);
        assert_eq!(classify('\t'), CharClass::Control);
        assert_eq!(sjis_len("ﾔﾏﾀﾞ 山田"), 9);
    }

    #[test]
    fn utf8_detection() {
        assert!(looks_like_utf8("21,01,ｹｲﾄ,001\r\n山田".as_bytes()));
        assert!(!looks_like_utf8(&sjis("21,01,ｹｲﾄ,001\r\n山田")));
        assert!(!looks_like_utf8(b"21,01,abc"));
    }
}
