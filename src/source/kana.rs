//! 半角 ↔ 全角 for カナ values: the CSV carries 半角カナ, e-Gov XML data 全角カタカナ (e-Gov
//! refuses 半角カナ anywhere in XML data: shared/spec/egov-format.md §5).
//!
//! [`to_full`] and [`to_half`] are exact inverses on 半角 text (JIS X 0201): 濁点 and 半濁点 are
//! joined to the kana before them when a 全角 kana with the mark exists (`ｶﾞ` → `ガ`, `ｳﾞ` →
//! `ヴ`) and split off again; a mark that joins nothing stays a mark (`゛`); ASCII letters,
//! digits, symbols and the space become their 全角 forms. So a value read from a CSV, written to
//! e-Gov and read back is the value it was, character for character.

use std::borrow::Cow;

/// 半角 katakana U+FF61–U+FF9F and the 全角 characters they stand for, in the same order.
const HALF_KANA: &str = "｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ";
const FULL_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
/// 全角 kana with 濁点 and 半濁点 (one code point after their unvoiced kana, two for 半濁点).
const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
const SEMI_VOICED: &str = "パピプペポ";

/// True for 半角カナ: the JIS X 0201 katakana set, U+FF61–U+FF9F (｡ to ﾟ).
pub fn is_half_kana(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// 事業所記号: letters and digits only, or 半角カナ only (アルファベットまたは数字のみ、半角カナのみ).
pub fn office_symbol_ok(v: &str) -> bool {
    !v.is_empty() && (v.bytes().all(|b| b.is_ascii_alphanumeric()) || v.chars().all(is_half_kana))
}

/// The 全角 form of one 半角 character (kana, ASCII printable), if it has one.
fn full_of(c: char) -> Option<char> {
    if let Some(i) = HALF_KANA.chars().position(|h| h == c) {
        return FULL_KANA.chars().nth(i);
    }
    match c {
        ' ' => Some('\u{3000}'),
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0),
        _ => None,
    }
}

/// 全角 of `c` followed by the mark `mark` (ﾞ or ﾟ), when such a kana exists.
fn joined(c: char, mark: char) -> Option<char> {
    let full = full_of(c)?;
    match mark {
        'ﾞ' if full == 'ウ' => Some('ヴ'),
        'ﾞ' => char::from_u32(full as u32 + 1).filter(|v| VOICED.contains(*v)),
        'ﾟ' => char::from_u32(full as u32 + 2).filter(|v| SEMI_VOICED.contains(*v)),
        _ => None,
    }
}

/// 半角 → 全角: every 半角カナ and ASCII printable character (the space included) to its 全角
/// form, marks joined where a kana with the mark exists. Other characters are kept.
pub fn to_full(s: &str) -> Cow<'_, str> {
    widen(s, |c| c == ' ' || c.is_ascii_graphic() || is_half_kana(c))
}

/// 半角カナ → 全角カタカナ in free text (備考, 住所(漢字)), everything else kept: e-Gov refuses
/// 半角カナ in any XML data, while 半角 letters and digits are fine there.
pub fn kana_to_full(s: &str) -> Cow<'_, str> {
    widen(s, is_half_kana)
}

/// The characters `widen_it` selects to their 全角 forms (a 半角カナ with its 濁点 or 半濁点 as
/// one character where one exists); the others kept.
fn widen(s: &str, widen_it: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&widen_it) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() * 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !widen_it(c) {
            out.push(c);
            continue;
        }
        if let Some(&mark @ ('ﾞ' | 'ﾟ')) = chars.peek() {
            if let Some(j) = joined(c, mark) {
                out.push(j);
                chars.next();
                continue;
            }
        }
        out.push(full_of(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

/// The 半角 form of one 全角 character, as one or two characters.
fn half_of(c: char) -> Option<(char, Option<char>)> {
    if let Some(i) = FULL_KANA.chars().position(|f| f == c) {
        return HALF_KANA.chars().nth(i).map(|h| (h, None));
    }
    let base = |offset: u32, mark: char| {
        let unvoiced = char::from_u32(c as u32 - offset)?;
        let i = FULL_KANA.chars().position(|f| f == unvoiced)?;
        HALF_KANA.chars().nth(i).map(|h| (h, Some(mark)))
    };
    match c {
        'ヴ' => Some(('ｳ', Some('ﾞ'))),
        _ if VOICED.contains(c) => base(1, 'ﾞ'),
        _ if SEMI_VOICED.contains(c) => base(2, 'ﾟ'),
        '\u{3000}' => Some((' ', None)),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).map(|h| (h, None)),
        _ => None,
    }
}

/// 全角 → 半角: every 全角 katakana that has a 半角 form (濁点 and 半濁点 split off), the 全角
/// space and 全角 ASCII. Other characters (ひらがな, ヵ, 漢字) are kept, for the rules to judge.
pub fn to_half(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| c.is_ascii() || is_half_kana(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match half_of(c) {
            Some((h, mark)) => {
                out.push(h);
                out.extend(mark);
            }
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_symbols_both_ways() {
        assert_eq!(to_full("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ　タロウ");
        assert_eq!(to_half("ヤマダ　タロウ"), "ﾔﾏﾀﾞ ﾀﾛｳ");
        assert_eq!(to_full("ｳﾞｨｯﾄﾘｵ ﾊﾟｰｸ"), "ヴィットリオ　パーク");
        assert_eq!(to_full("AB12"), "ＡＢ１２");
        assert_eq!(to_half("ＡＢ１２"), "AB12");
        assert_eq!(to_full("ｹｲﾄ"), "ケイト");
        // A mark that joins nothing stays a mark, and comes back as one.
        assert_eq!(to_full("ｱﾞﾟ"), "ア゛゜");
        assert_eq!(to_half("ア゛゜"), "ｱﾞﾟ");
        // What has no 半角 form is kept for the rules to report.
        assert_eq!(to_half("やまだ ヵ"), "やまだ ヵ");
        assert!(matches!(to_half("ﾔﾏﾀﾞ"), Cow::Borrowed(_)));
        // Free text keeps its 半角 letters and digits.
        assert_eq!(kana_to_full("ｹｲｿﾞｸ ｺﾖｳ 1-2"), "ケイゾク コヨウ 1-2");
    }

    proptest::proptest! {
        /// Every 半角 text (JIS X 0201) survives the trip to 全角 and back.
        #[test]
        fn half_to_full_and_back_is_exact(s in "[ -~\u{FF61}-\u{FF9F}]{0,40}") {
            let full = to_full(&s);
            proptest::prop_assert!(full.chars().all(|c| !c.is_ascii() && !is_half_kana(c)));
            proptest::prop_assert_eq!(to_half(&full), s.as_str());
        }
    }
}
