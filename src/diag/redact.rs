//! What of input text may be shown: the one place that decides it.
//!
//! Every piece of text that came from an input — an item's value, a file or folder name, a ZIP
//! entry name, an XML element name or path, OCR text, a library's error message quoting the
//! input — goes through a function of this module before it reaches a message, a location, a
//! snippet or a log. No other module formats input text for output.
//!
//! The rule (docs/formats.md, "What is shown of input text"):
//!
//! - **Digit runs.** A digit is any numeric character (ASCII, 全角 `０`–`９`, and every other
//!   Unicode digit). Digits separated only by joiners — white space of any kind, hyphens and dashes
//!   of every width (`-` `‐` `–` `—` `−` `－` `ー` `ｰ` …), dots (`.` `．` `・` `･`), slashes
//!   (`/` `／` `\` `＼` `¥`), control characters (NUL, ESC, …) and invisible format characters — are
//!   one run, so
//!   `1234-5678-9012`, `1234 5678 9012`, `１２３４－５６７８` and UTF-16's `1\02\03\0…` are each one
//!   number.
//! - **What is masked** depends on what the text is ([`Class`]):
//!   [`Class::Sensitive`] (the value of a My Number, 基礎年金番号 or 被保険者記号・番号 item):
//!   every character; [`Class::Unknown`] (text whose item is not known, which may be any item):
//!   every run of 4 digits or more; [`Class::Other`] (everything else): every run of 10 digits or
//!   more, the shortest personal number (基礎年金番号 has 10, 被保険者記号・番号 up to 11 or 12, a
//!   My Number 12). Masking replaces each digit with `*` and keeps the joiners, so a masked path
//!   keeps its folders and a masked value its width.
//! - **Mask first, then cut.** Runs are measured on the whole text, then the shown part is cut
//!   from the masked text: a value cut to [`QUOTE_CHARS`] characters never shows the first digits
//!   of a number that goes on past the cut.
//! - **Public identifiers.** A 手続ID or 様式ID of the e-Gov procedure table (16 and 18 digits,
//!   naming the files of every package) where it stands as a whole group of digits, and a layout
//!   name (`2200700-2024-12`) with no digit next to it, are shown; they join no digits around them.
//! - **Control characters** (C0, DEL, C1, bidirectional overrides and isolates, line and
//!   paragraph separators, zero-width and BOM characters) are shown as `<U+001B>`: they never
//!   reach a terminal or a report raw.

use std::borrow::Cow;
use std::fmt::Write as _;

/// What an input text is; it decides how much of it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The value of a sensitive item (個人番号, 基礎年金番号, 被保険者記号・番号): never shown.
    Sensitive,
    /// Text whose item is not known (a record without a layout): any number of 4 digits or more
    /// could be part of a personal number.
    Unknown,
    /// Any other input text: values of other items, names, paths, element names, library errors.
    Other,
}

impl Class {
    /// The fewest digits of a run that is masked.
    fn threshold(self) -> usize {
        match self {
            Class::Sensitive => 1,
            Class::Unknown => 4,
            Class::Other => 10,
        }
    }
}

/// Characters of a value shown in a message before it is cut with `…`.
pub const QUOTE_CHARS: usize = 20;

/// True for a digit: every numeric character, so that 全角 and other digits cannot carry a
/// number past the mask.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// True for a character that may stand between the digits of one number.
pub fn is_joiner(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\0'
            // hyphens, dashes, minus signs, long vowel marks
            | '-' | '\u{00AD}' | '\u{2010}'
                ..='\u{2015}' | '\u{2212}' | '\u{2043}' | '\u{FE58}'
            | '\u{FE63}' | '\u{FF0D}' | '\u{30FC}' | '\u{FF70}' | '\u{301C}' | '\u{FF5E}'
            // dots
            | '.' | '\u{FF0E}' | '\u{30FB}' | '\u{FF65}' | '\u{00B7}' | '\u{2024}' | '\u{2027}'
            // slashes
            | '/' | '\\' | '\u{FF0F}' | '\u{FF3C}' | '\u{00A5}' | '\u{FFE5}' | '\u{2215}'
        )
        || is_invisible(c)
}

/// Zero-width and direction characters: they show nothing, so they join digits and are escaped.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// True for a character that must not reach a terminal or a report raw.
pub fn is_control(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Marks (per character of `chars`) the digits of every run that `class` masks.
fn masked_digits(chars: &[char], class: Class) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    if class == Class::Sensitive {
        out.iter_mut().for_each(|m| *m = true);
        return out;
    }
    let public = public_groups(chars);
    let escaped = escapes(chars);
    let is_counted = |i: usize| is_digit(chars[i]) && !public[i];
    let threshold = class.threshold();
    let mut i = 0;
    while i < chars.len() {
        if !is_counted(i) {
            i += 1;
            continue;
        }
        // A run: digits, joined by joiners, ending on a digit.
        let start = i;
        let mut digits = 0;
        let mut last_digit = i;
        let mut j = i;
        while j < chars.len() {
            if is_counted(j) {
                digits += 1;
                last_digit = j;
            } else if !(is_joiner(chars[j]) || escaped[j]) || public[j] {
                break;
            }
            j += 1;
        }
        if digits >= threshold {
            for (k, m) in out.iter_mut().enumerate().take(last_digit + 1).skip(start) {
                *m = is_counted(k);
            }
        }
        i = last_digit + 1;
    }
    out
}

/// Marks the characters of percent-escapes (`%19`, `%E3`): read as an address, an escape is one
/// character, often a control character or a separator that joins the digits around it, as
/// [`longest_run`] reads it; so the mask lets every escape join a run (its digits still count,
/// which can only mask more). The egov_zip fuzz target found `495013521%19030837` in a ZIP
/// member name, shown as two short runs that an address reads as one of 15. A `%` not followed
/// by two hex digits (`50% 20%`) is text.
fn escapes(chars: &[char]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let hex = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_hexdigit());
    for (at, c) in chars.iter().enumerate() {
        if *c == '%' && hex(at + 1) && hex(at + 2) {
            for m in out.iter_mut().skip(at).take(3) {
                *m = true;
            }
        }
    }
    out
}

/// Marks the characters of public identifiers, which are shown and join nothing: a whole group
/// of digits (no joiner inside) that is a 手続ID or 様式ID of the e-Gov procedure table, and a
/// layout name (`2200700-2024-12`, which names forms and files) with no digit next to it.
fn public_groups(chars: &[char]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i - start >= 16 {
            let group: String = chars[start..i].iter().collect();
            if crate::layout::egov::is_known_id(&group) {
                out[start..i].iter_mut().for_each(|m| *m = true);
            }
        }
    }
    for name in layout_names() {
        let first = name.first().copied();
        let mut at = 0;
        while at + name.len() <= chars.len() {
            if Some(chars[at]) == first && chars[at..at + name.len()] == name[..] {
                let before = at.checked_sub(1).and_then(|b| chars.get(b));
                let after = chars.get(at + name.len());
                if !before.is_some_and(|c| is_digit(*c)) && !after.is_some_and(|c| is_digit(*c)) {
                    out[at..at + name.len()].iter_mut().for_each(|m| *m = true);
                }
                at += name.len();
            } else {
                at += 1;
            }
        }
    }
    out
}

/// The names of the embedded layouts that hold digits, as characters.
fn layout_names() -> &'static [Vec<char>] {
    static NAMES: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        crate::layout::load::all()
            .0
            .iter()
            .filter(|l| l.name.chars().any(|c| c.is_ascii_digit()))
            .map(|l| l.name.chars().collect())
            .collect()
    })
}

/// Pushes `c` as shown: control characters escaped.
fn push_shown(out: &mut String, c: char) {
    if is_control(c) {
        let _ = write!(out, "<U+{:04X}>", c as u32);
    } else {
        out.push(c);
    }
}

/// `text` with every number `class` masks replaced by `*` (one per digit), nothing cut and
/// nothing escaped: the building block of what follows, and of source snippets whose columns
/// must stay where they are.
pub fn mask(text: &str, class: Class) -> Cow<'_, str> {
    if class != Class::Sensitive && !text.chars().any(is_digit) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let masked = masked_digits(&chars, class);
    if !masked.contains(&true) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        chars
            .iter()
            .zip(&masked)
            .map(|(c, m)| if *m { '*' } else { *c })
            .collect(),
    )
}

/// A decoded source line (a record) for snippets: every character of the `sensitive` byte ranges
/// masked, then every run `class` masks; digits in `keep` (the 様式コード of a record without a
/// layout) stay readable. One `*` per character, so columns stay where they were; not escaped
/// (the human renderer escapes what it prints).
pub fn line(
    text: &str,
    sensitive: impl Iterator<Item = std::ops::Range<usize>>,
    class: Class,
    keep: Option<std::ops::Range<usize>>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut masked = masked_digits(&chars, class);
    // Character index of each byte range's ends.
    let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    let char_range = |r: &std::ops::Range<usize>| {
        starts.partition_point(|b| *b < r.start)..starts.partition_point(|b| *b < r.end)
    };
    if let Some(k) = keep {
        if let Some(m) = masked.get_mut(char_range(&k)) {
            m.iter_mut().for_each(|b| *b = false);
        }
    }
    for r in sensitive {
        if let Some(m) = masked.get_mut(char_range(&r)) {
            m.iter_mut().for_each(|b| *b = true);
        }
    }
    chars
        .iter()
        .zip(&masked)
        .map(|(c, m)| if *m && *c != ',' { '*' } else { *c })
        .collect()
}

/// A piece cut out of text that was already masked. A public identifier the cut splits is no
/// longer one (`…5013521019030837` is not a 様式ID, only 16 of its digits), so the piece is
/// masked again; a piece that holds only whole identifiers and masked runs is unchanged. One
/// character for one, so columns stay where they are.
pub fn cut(piece: &str) -> Cow<'_, str> {
    mask(piece, Class::Other)
}

/// A value for a message: masked for its class, then cut to [`QUOTE_CHARS`] characters (`…`
/// marks the cut, and the cut part is masked again, see [`cut`]), control characters escaped.
pub fn quote(text: &str, class: Class) -> String {
    let masked = mask(text, class);
    let mut out = String::with_capacity(masked.len().min(4 * QUOTE_CHARS + 4));
    let shown: usize = masked
        .char_indices()
        .nth(QUOTE_CHARS)
        .map_or(masked.len(), |(b, _)| b);
    let (head, rest) = masked.split_at(shown);
    let head = if rest.is_empty() {
        Cow::Borrowed(head)
    } else {
        cut(head)
    };
    for c in head.chars() {
        push_shown(&mut out, c);
    }
    if !rest.is_empty() {
        out.push('…');
    }
    out
}

/// A value of an item that is not sensitive (or of no item), for a message.
pub fn value(text: &str) -> String {
    quote(text, Class::Other)
}

/// A file or folder path, ZIP entry name, XML element name or path, 手続ID or 様式ID, or a
/// library's error message: masked ([`Class::Other`]) and escaped, never cut (its structure stays).
pub fn name(text: &str) -> String {
    let masked = mask(text, Class::Other);
    if !masked.chars().any(is_control) {
        return masked.into_owned();
    }
    let mut out = String::with_capacity(masked.len() + 16);
    for c in masked.chars() {
        push_shown(&mut out, c);
    }
    out
}

/// A path on disk as shown: [`name`] of its display form.
pub fn path(p: &std::path::Path) -> String {
    name(&p.display().to_string())
}

/// A library's error about the input (it may quote the input): as [`name`].
pub fn error(e: &dyn std::fmt::Display) -> String {
    name(&e.to_string())
}

/// One character of the input named in a message (`「髙」（U+9AD8）`): escaped when it is a
/// control character.
pub fn char(c: char) -> String {
    let mut s = String::new();
    push_shown(&mut s, c);
    s
}

/// The text of a finding after it was written: the last net under every message, path and
/// label. Masks what [`Class::Other`] masks and escapes control characters; a no-op on text
/// built with the functions above (they are idempotent).
pub fn finding_text(text: &mut String) {
    let needs = text.chars().any(|c| is_digit(c) || is_control(c));
    if needs {
        let shown = name(text);
        if shown != *text {
            *text = shown;
        }
    }
}

/// Every diagnostic goes through this on its way into the sink.
pub fn finding(d: &mut super::Diagnostic) {
    finding_text(&mut d.message.ja);
    finding_text(&mut d.message.en);
    if let Some(h) = &mut d.help {
        finding_text(&mut h.ja);
        finding_text(&mut h.en);
    }
    for n in &mut d.notes {
        finding_text(&mut n.ja);
        finding_text(&mut n.en);
    }
    place(&mut d.primary);
    if let Some(s) = &mut d.snippet {
        snippet_text(&mut s.text);
    }
    for l in &mut d.secondary {
        finding_text(&mut l.message.ja);
        finding_text(&mut l.message.en);
        place(&mut l.place);
        if let Some(s) = &mut l.snippet {
            snippet_text(&mut s.text);
        }
    }
}

fn place(p: &mut super::Place) {
    finding_text(p.path_mut());
    if let Some(x) = p.xml_path_mut() {
        finding_text(x);
    }
}

/// A snippet is masked but not escaped (its columns count the line's characters; the human
/// renderer escapes what it prints).
fn snippet_text(text: &mut String) {
    if let Cow::Owned(m) = mask(text, Class::Other) {
        *text = m;
    }
}

/// The characters of `text` as a leak check sees them: 全角 and other digits folded to ASCII,
/// joiners removed. A test that looks for a planted number looks in this.
pub fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| !is_joiner(*c))
        .map(|c| {
            if c.is_ascii_digit() {
                c
            } else if is_digit(c) {
                fold_digit(c).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// The ASCII digit of a non-ASCII decimal digit (全角, Arabic-Indic, mathematical, …).
fn fold_digit(c: char) -> Option<char> {
    // Decimal digit blocks are runs of ten starting at a code point ending in 0 (mod 16 or 10):
    // try the ones in use.
    const ZEROS: &[u32] = &[
        0xFF10, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
        0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946,
        0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0,
        0xA9F0, 0xAA50, 0xABF0, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x2070, 0x2080,
        0x2460, 0x1FBF0,
    ];
    let u = c as u32;
    for z in ZEROS {
        if (*z..*z + 10).contains(&u) {
            // ① (U+2460) is 1, not 0: a circled digit block starts at one.
            let d = if *z == 0x2460 {
                (u - z + 1) % 10
            } else {
                u - z
            };
            return char::from_digit(d, 10);
        }
    }
    match c {
        '¹' => Some('1'),
        '²' => Some('2'),
        '³' => Some('3'),
        _ => None,
    }
}

/// The length of the longest run of digits in `text` (joined as the mask joins them, public
/// identifiers not counted): tests prove with it that no output shows a number of personal
/// number length.
pub fn longest_run(text: &str) -> usize {
    let text = percent_decoded(text);
    let chars: Vec<char> = text.chars().collect();
    let public = public_groups(&chars);
    let mut best = 0;
    let mut digits = 0;
    for (c, p) in chars.iter().zip(&public) {
        if is_digit(*c) && !p {
            digits += 1;
            best = best.max(digits);
        } else if !is_joiner(*c) || *p {
            digits = 0;
        }
    }
    best
}

/// `text` with the percent-escapes of URIs decoded, as a reader of the address sees it: the
/// hex digits of `%EF%BD%B0` (a 長音 ｰ) are a byte of a character, not digits of a number, and
/// a digit escaped as `%31` is still a digit.
fn percent_decoded(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |k: usize| bytes.get(k).and_then(|h| (*h as char).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// True when `text` shows a run of `digits` digits or more (see [`longest_run`]).
pub fn has_digit_run(text: &str, digits: usize) -> bool {
    longest_run(text) >= digits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The egov_zip fuzz find: a member name whose `%19` decodes to a control character (a
    /// joiner) in a reader of addresses, so the digits on both sides are one run of 15.
    #[test]
    fn a_percent_sign_joins_digits() {
        let name = "4950013521019000/495013521%19030837_01.xml";
        assert!(longest_run(name) >= 10);
        let shown = mask(name, Class::Other);
        assert!(longest_run(&shown) < 10, "{shown}");
        assert!(shown.starts_with("4950013521019000/"), "{shown}");
        assert_eq!(mask("50% 20%", Class::Other), "50% 20%");
        // An escape of a character that joins (ｰ) or of a digit joins a run as well.
        for planted in ["12345%E3%83%BC678901", "12345%316789", "1234567%2C8901"] {
            let shown = mask(planted, Class::Other);
            assert!(longest_run(&shown) < 10, "{planted} → {shown}");
        }
    }

    #[test]
    fn runs_join_across_separators() {
        for planted in [
            "123456789012",
            "1234-5678-9012",
            "1234 5678 9012",
            "1234－5678－9012",
            "１２３４５６７８９０１２",
            "1234５６７８9012",
            "1\u{0}2\u{0}3\u{0}4\u{0}5\u{0}6\u{0}7\u{0}8\u{0}9\u{0}0\u{0}1\u{0}2",
            "1234.5678.9012",
            "1234/5678/9012",
            "1234ー5678ー9012",
            "1234 - 5678 - 9012",
            "1234\u{3000}5678\u{3000}9012",
            "12\u{200B}34567890",
            "1234\u{1b}5678\u{7}9012",
        ] {
            let shown = quote(planted, Class::Other)
                .replace("<U+0000>", "")
                .replace("<U+200B>", "")
                .replace("<U+001B>", "")
                .replace("<U+0007>", "");
            assert!(!shown.chars().any(is_digit), "{planted:?} → {shown}");
            assert_eq!(
                longest_run(planted),
                planted.chars().filter(|c| is_digit(*c)).count()
            );
        }
    }

    #[test]
    fn thresholds_by_role() {
        assert_eq!(quote("123456789", Class::Other), "123456789");
        assert_eq!(quote("1234567890", Class::Other), "**********");
        assert_eq!(
            quote("電話 03-1234-5678", Class::Other),
            "電話 **-****-****"
        );
        assert_eq!(quote("2024-12-10", Class::Other), "2024-12-10");
        assert_eq!(quote("123", Class::Unknown), "123");
        assert_eq!(quote("1234", Class::Unknown), "****");
        assert_eq!(quote("12-34", Class::Unknown), "**-**");
        assert_eq!(quote("ｱｲ 1", Class::Sensitive), "****");
        // Letters break a run.
        assert_eq!(quote("12345x67890", Class::Other), "12345x67890");
    }

    /// The bug this module replaces: the value was cut to 20 characters before masking, so 11
    /// letters and a 12-digit number showed 9 of its digits.
    /// Regression (fuzz, csv_reader: "Human/Ja shows a run of 16 digits"): a 様式ID kept
    /// whole in a line lost its first two digits to the snippet window's cut, and the 16 left
    /// were shown. A cut piece is masked again; whole identifiers stay readable.
    #[test]
    fn a_cut_public_id_is_masked() {
        let id = "495013521019030837";
        assert!(crate::layout::egov::is_known_id(id));
        let line = format!("{id}_01.xml001,東京都");
        assert_eq!(mask(&line, Class::Other), line.as_str());
        assert_eq!(cut(&line), line.as_str());
        let piece: String = line.chars().skip(2).collect();
        assert_eq!(cut(&piece), "****************_01.xml001,東京都");
        // quote cuts after QUOTE_CHARS: the 18 digits + "_0" fit, a longer prefix does not.
        let long = format!("ab{id}_01.xml");
        assert_eq!(quote(&long, Class::Other), "ab495013521019030837…");
        let longer = format!("abcd{id}_01.xml");
        assert_eq!(quote(&longer, Class::Other), "abcd****************…");
        assert!(longest_run(&quote(&longer, Class::Other)) < 10);
    }

    #[test]
    fn masks_before_cutting() {
        let v = "abcdefghijk123456789012";
        assert_eq!(quote(v, Class::Other), "abcdefghijk*********…");
        assert_eq!(
            value("あいうえおかきくけこさしすせそたちつてとな"),
            "あいうえおかきくけこさしすせそたちつてと…"
        );
        assert_eq!(value("abc"), "abc");
    }

    #[test]
    fn paths_keep_their_structure_and_public_ids() {
        assert_eq!(
            name("4950013521019000(1)/495013521019030837_01.xml"),
            "4950013521019000(1)/495013521019030837_01.xml"
        );
        assert_eq!(
            name("4950013521019000/123456789012.xml"),
            "4950013521019000/************.xml"
        );
        assert_eq!(name("p/123456789012.xml"), "p/************.xml");
        assert_eq!(
            name("/data/1234/5678/9012/SHFD0006.CSV"),
            "/data/****/****/****/SHFD0006.CSV"
        );
        assert_eq!(name("p/20241210.csv"), "p/20241210.csv");
        assert_eq!(name("2024/12/10/SHFD0006.CSV"), "2024/12/10/SHFD0006.CSV");
        // A public ID does not join the digits next to it, nor hide them.
        assert_eq!(
            name("4950013521019000-1234567890"),
            "4950013521019000-**********"
        );
        assert_eq!(
            name("testdata/ocr/2200700-2024-12.jsonl"),
            "testdata/ocr/2200700-2024-12.jsonl"
        );
        assert_eq!(name("2200700-2024-1234"), "*******-****-****");
        assert_eq!(name("1-2200700-1234"), "*-*******-****");
        assert_eq!(
            name("14950013521019000"),
            "*****************",
            "a longer group is not the ID"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(name("a\nb\u{1b}[31m"), "a<U+000A>b<U+001B>[31m");
        assert_eq!(value("x\u{202E}y\u{7}"), "x<U+202E>y<U+0007>");
        assert_eq!(char('\r'), "<U+000D>");
        assert_eq!(char('髙'), "髙");
        // Escapes are added after the cut, so the cut counts characters of the value.
        assert_eq!(value(&"\u{7}".repeat(25)).matches("<U+0007>").count(), 20);
    }

    #[test]
    fn percent_escapes_are_read_as_the_characters_they_encode() {
        // Found by fuzzing (egov_zip): a member named `…(2)ｰ<様式ID>_01.xml` becomes
        // `(2)%EF%BD%B0<様式ID>` in a SARIF URI; the `0` of `%B0` is no digit of the number.
        let uri = "file:///f.zip!/4950013521019000(2)%EF%BD%B0495013521019030837_01.xml";
        // What is left is the `01` of `_01.xml`.
        assert_eq!(longest_run(uri), 2);
        // An escaped digit is still a digit, and a long vowel mark still joins.
        assert_eq!(longest_run("%31%32%33%34%35%36%37%38%39%30%31%32"), 12);
        assert_eq!(longest_run("12345%E3%83%BC678901"), 11);
        // A lone percent sign is text.
        assert_eq!(longest_run("50% 1234"), 4);
    }

    #[test]
    fn idempotent() {
        for t in [
            "abcdefghijk123456789012",
            "p/1234/5678/9012/x",
            "1\u{0}2\u{0}3\u{0}4\u{0}5\u{0}6\u{0}7\u{0}8\u{0}9\u{0}0",
            "電話 03-1234-5678 \u{1b}",
        ] {
            let once = name(t);
            let mut twice = once.clone();
            finding_text(&mut twice);
            assert_eq!(once, twice);
        }
    }

    #[test]
    fn folding_for_leak_checks() {
        assert_eq!(folded("１２３４－５６７８ ９０１２"), "123456789012");
        assert_eq!(folded("1\u{0}2"), "12");
        assert_eq!(folded("①②"), "12");
    }

    #[test]
    fn other_digits_count() {
        // Arabic-Indic and mathematical digits are digits too.
        let t = "\u{0661}\u{0662}\u{0663}\u{0664}\u{0665}\u{0666}\u{0667}\u{0668}\u{0669}\u{0660}";
        assert_eq!(quote(t, Class::Other), "**********");
        assert_eq!(folded(t), "1234567890");
    }
}
