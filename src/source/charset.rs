//! The filing character set: JIS X 0201 (ASCII + 半角カナ) and JIS X 0208-1990 level 1+2.
//!
//! Two views of one rule. CSV filings are checked on their raw Shift_JIS bytes (fast, with exact
//! byte offsets); XML and OCR text is checked per character by encoding it to Shift_JIS. Both use
//! the same table of two-byte codes, built at build time from encoding_rs's CP932 (WHATWG
//! Shift_JIS) decoder (`build/charset.rs`), so the two views cannot disagree.

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

// `SJIS_PAIRS`: the code point of every two-byte pair, from encoding_rs at build time.
include!(concat!(env!("OUT_DIR"), "/sjis_pairs.rs"));

/// The row of `lead` in [`SJIS_PAIRS`] (the same mapping as `build/charset.rs`).
fn lead_index(lead: u8) -> Option<usize> {
    match lead {
        0x81..=0x9F => Some(usize::from(lead - 0x81)),
        0xE0..=0xFC => Some(usize::from(lead - 0xE0) + 31),
        _ => None,
    }
}

/// The character of a two-byte pair, if it is one.
fn pair(lead: u8, trail: u8) -> Option<char> {
    let row = lead_index(lead)?;
    let cp = *SJIS_PAIRS.get(row * 256 + usize::from(trail))?;
    (cp != 0).then(|| char::from_u32(u32::from(cp))).flatten()
}

/// JIS X 0208 level 1/2 rows by Shift_JIS code: rows 1–8, 16–84 (the rest of what CP932
/// decodes is an extension).
fn in_jis(lead: u8, trail: u8) -> bool {
    let code = (u16::from(lead) << 8) | u16::from(trail);
    (0x8140..=0x84BE).contains(&code)
        || (0x889F..=0x9FFC).contains(&code)
        || (0xE040..=0xEAA4).contains(&code)
}

fn cell(lead: u8, trail: u8) -> Cell {
    match pair(lead, trail) {
        None => Cell::Invalid,
        Some(_) if in_jis(lead, trail) => Cell::Jis,
        Some(_) => Cell::Extension,
    }
}

fn decode_pair(lead: u8, trail: u8) -> char {
    pair(lead, trail).unwrap_or('\u{FFFD}')
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

/// Decodes a raw Shift_JIS line that is entirely in the filing character set, in one pass that
/// also splits it: appends the decoded text (separators included) to `text` and calls `item` with each `,`-separated
/// item's byte range in `line` and text range in `text`. Returns false, having appended only
/// part of the line, at the first byte that is not a filing character (a control character, a
/// byte that is not Shift_JIS, a CP932 extension): [`scan_line`] and encoding_rs then take the
/// line, reporting every problem exactly.
///
/// On a clean line this is the same text as encoding_rs's (the pair table comes from it), and
/// the same items as [`scan_line`]'s: most lines of a filing never need the second pass.
pub fn decode_clean_line(
    line: &[u8],
    text: &mut String,
    mut item: impl FnMut(std::ops::Range<usize>, std::ops::Range<usize>),
) -> bool {
    // A Shift_JIS byte becomes at most three UTF-8 bytes (半角カナ): reserved once, so no push
    // below reallocates, and the text is built as a `String` (no second pass to validate it).
    text.reserve(line.len().saturating_mul(3));
    let mut start = 0;
    let mut text_start = text.len();
    let mut i = 0;
    while let Some(&b) = line.get(i) {
        i += 1;
        match b {
            b',' => {
                item(start..i - 1, text_start..text.len());
                text.push(',');
                start = i;
                text_start = text.len();
            }
            0x20..=0x7E => text.push(char::from(b)),
            // 半角カナ: U+FF61–U+FF9F, in the order of their bytes.
            0xA1..=0xDF => text.push(half_kana(b)),
            0x81..=0x9F | 0xE0..=0xFC => {
                let Some(&trail) = line.get(i) else {
                    return false;
                };
                match pair(b, trail) {
                    Some(c) if in_jis(b, trail) => {
                        text.push(c);
                        i += 1;
                    }
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
    item(start..line.len(), text_start..text.len());
    true
}

/// The 半角カナ of byte `b` (0xA1–0xDF).
fn half_kana(b: u8) -> char {
    char::from_u32(0xFF61 + u32::from(b.wrapping_sub(0xA1))).unwrap_or('\u{FFFD}')
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

    /// The one-pass decoder gives encoding_rs's text and scan_line's items on clean lines, and
    /// refuses every line with a problem.
    fn one_pass_agrees(raw: &[u8]) {
        let mut text = String::new();
        let mut items = Vec::new();
        let clean = decode_clean_line(raw, &mut text, |b, t| items.push((b, t)));
        let mut scanned = Vec::new();
        let mut problems = 0;
        scan_line(raw, |e| match e {
            Scan::Item(r) => scanned.push(r),
            Scan::Problem(_) => problems += 1,
        });
        assert_eq!(clean, problems == 0, "{raw:02X?}");
        if clean {
            let (want, _) = SHIFT_JIS.decode_without_bom_handling(raw);
            assert_eq!(text, want);
            let bytes: Vec<_> = items.iter().map(|(b, _)| b.clone()).collect();
            assert_eq!(bytes, scanned);
            for (b, t) in &items {
                let (item, _) = SHIFT_JIS.decode_without_bom_handling(&raw[b.clone()]);
                assert_eq!(&text[t.clone()], item);
            }
        }
    }

    #[test]
    fn one_pass_decoding_of_clean_lines() {
        one_pass_agrees(&sjis("2200700,21,ｹｲﾄ,ﾔﾏﾀﾞ ﾀﾛｳ,山田　太郎,東京都千代田区,,"));
        one_pass_agrees(&sjis("凜熙,ｰﾟ｡,~ ,"));
        one_pass_agrees(b"");
        one_pass_agrees(&sjis("a髙b"));
        one_pass_agrees(&[b'a', 0x80]);
        one_pass_agrees(&[0x93]);
        one_pass_agrees(b"a\t");
    }

    /// The pair table written at build time is encoding_rs's decoder, pair by pair.
    #[test]
    fn pair_table_is_encoding_rs() {
        let mut chars = 0;
        for lead in 0x80u8..=0xFF {
            for trail in 0u8..=0xFF {
                let bytes = [lead, trail];
                let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(&bytes);
                let mut it = text.chars();
                let want = match (it.next(), it.next(), had_errors) {
                    (Some(c), None, false) => Some(c),
                    _ => None,
                };
                assert_eq!(pair(lead, trail), want, "{lead:02X}{trail:02X}");
                chars += usize::from(want.is_some());
            }
        }
        // CP932's two-byte codes (JIS X 0208, NEC and IBM extensions, user-defined area).
        assert!(chars > 9000, "{chars}");
    }

    /// Found by `one_pass_decoding_agrees_on_jis_text` while the decoder was written
    /// (proptest-regressions/source/charset.txt): a line that is one separator is two empty items.
    #[test]
    fn one_pass_regression_lone_separator() {
        let mut text = String::new();
        let mut items = Vec::new();
        assert!(decode_clean_line(b",", &mut text, |b, t| items.push((b, t))));
        assert_eq!(text, ",");
        assert_eq!(items, vec![(0..0, 0..0), (1..1, 1..1)]);
        one_pass_agrees(b",");
    }

    /// Found by `one_pass_decoding_agrees_on_any_bytes` while the decoder was written: 全角
    /// space, then a lead byte of the second block (0xE0, row 31 of the pair table) on both sides
    /// of a separator.
    #[test]
    fn one_pass_regression_second_lead_block() {
        let raw = [0x81, 0x40, 0xE0, 0x40, b',', 0xE0, 0x40];
        let mut text = String::new();
        let mut items = Vec::new();
        assert!(decode_clean_line(&raw, &mut text, |b, t| items.push((b, t))));
        assert_eq!(text, "\u{3000}漾,漾");
        assert_eq!(items, vec![(0..4, 0..6), (5..7, 7..10)]);
        one_pass_agrees(&raw);
    }

    proptest::proptest! {
        #[test]
        fn one_pass_decoding_agrees_on_any_bytes(raw in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::num::u8::ANY,
                proptest::sample::select(vec![b',', b'a', 0x82, 0x88, 0x9F, 0xB1, 0xE0]),
            ],
            0..40,
        )) {
            one_pass_agrees(&raw);
        }

        #[test]
        fn one_pass_decoding_agrees_on_jis_text(s in "[a-z0-9,ｱ-ﾝ亜-腕ぁ-んァ-ヶ　、。]{0,30}") {
            let (raw, _, _) = SHIFT_JIS.encode(&s);
            one_pass_agrees(&raw);
        }
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
