//! What todokede changes in an OCR value before checking it, and what it only proposes.
//!
//! Paper is written in 全角; filing items take 半角 digits and カナ and 全角 漢字. Width changes
//! and spaces inside numbers are unambiguous, so they are made ([`normalise`]) and reported.
//! Look-alike characters (ー/一, O/0, ロ/口 …) are ambiguous: only a person looking at the scan can
//! tell, so [`lookalikes`] proposes a value and changes nothing.

use crate::layout::{Item, Kind};
use crate::model::ocr::Normalisation;
use crate::source::kana;

/// True for items whose value is a number or a numeric code.
pub fn is_numeric(item: &Item) -> bool {
    match item.kind {
        Kind::Digits | Kind::Era | Kind::Date | Kind::Flag | Kind::MyNumber => true,
        Kind::Fixed => item.value.as_deref().is_some_and(all_digits),
        Kind::Code => !item.codes.is_empty() && item.codes.iter().all(|c| all_digits(c)),
        _ => false,
    }
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// The value an item is checked with, and what was changed to get it.
pub fn normalise(item: &Item, given: &str) -> (String, Vec<Normalisation>) {
    if is_numeric(item) {
        return numeric(given);
    }
    normalise_kind(item.kind, given)
}

/// The value of a box of `kind` that is no layout item (the 事業所 block): digits, カナ, 漢字.
pub fn normalise_kind(kind: Kind, given: &str) -> (String, Vec<Normalisation>) {
    match kind {
        Kind::Digits => numeric(given),
        Kind::NameKana | Kind::Kana | Kind::OfficeSymbol => to_half_kana(given),
        Kind::NameKanji | Kind::Kanji => to_full(given),
        _ => (given.to_string(), Vec::new()),
    }
}

fn numeric(given: &str) -> (String, Vec<Normalisation>) {
    let (mut digits, mut spaces) = (0, 0);
    let mut out = String::with_capacity(given.len());
    for c in given.chars() {
        match c {
            '０'..='９' => {
                digits += 1;
                out.push(char::from(b'0' + (c as u32 - '０' as u32) as u8));
            }
            ' ' | '\u{3000}' => spaces += 1,
            _ => out.push(c),
        }
    }
    let mut steps = Vec::new();
    if digits > 0 {
        steps.push(Normalisation::HalfWidthDigits(digits));
    }
    if spaces > 0 {
        steps.push(Normalisation::SpacesRemoved(spaces));
    }
    (out, steps)
}

/// 全角 → 半角 for カナ items: katakana (濁点 split off), hiragana, spaces, ASCII letters and signs.
fn to_half_kana(given: &str) -> (String, Vec<Normalisation>) {
    let mut changed = 0;
    let mut out = String::with_capacity(given.len());
    let mut buf = [0u8; 4];
    for c in given.chars() {
        // Hiragana is read as the katakana of the same sound (ふりがな boxes); combining marks
        // as the spacing ones.
        let k = match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            '\u{3099}' => '゛',
            '\u{309A}' => '゜',
            _ => c,
        };
        let half = kana::to_half(k.encode_utf8(&mut buf));
        if half.chars().eq([k]) {
            out.push(c);
        } else {
            changed += 1;
            out.push_str(&half);
        }
    }
    let steps = if changed > 0 {
        vec![Normalisation::HalfWidthKana(changed)]
    } else {
        Vec::new()
    };
    (out, steps)
}

/// 半角 → 全角 for 漢字 items: ASCII, spaces and 半角 katakana (濁点 joined).
fn to_full(given: &str) -> (String, Vec<Normalisation>) {
    let changed = given
        .chars()
        .filter(|c| *c == ' ' || c.is_ascii_graphic() || kana::is_half_kana(*c))
        .count();
    let steps = if changed > 0 {
        vec![Normalisation::FullWidth(changed)]
    } else {
        Vec::new()
    };
    (kana::to_full(given).into_owned(), steps)
}

/// A character that is probably another one misread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookalike {
    /// 1-based character position in the value.
    pub position: usize,
    /// The character found there.
    pub found: char,
    /// What it probably is; `None` when it is probably a separator to drop.
    pub proposed: Option<char>,
}

/// Look-alikes that do not fit the item: letters and dashes in numbers, kanji in a カナ name,
/// katakana between kanji.
pub fn lookalikes(item: &Item, value: &str) -> Vec<Lookalike> {
    let chars: Vec<char> = value.chars().collect();
    let mut out = Vec::new();
    let numeric = is_numeric(item);
    for (i, &c) in chars.iter().enumerate() {
        let proposed: Option<Option<char>> = if numeric {
            match c {
                'O' | 'o' | '〇' | 'Ｏ' | 'ｏ' | '○' | 'D' => Some(Some('0')),
                'l' | 'I' | '|' | 'ｌ' | 'Ｉ' | '｜' | '!' | 'i' => Some(Some('1')),
                'Z' | 'z' | 'Ｚ' => Some(Some('2')),
                'S' | 's' | 'Ｓ' => Some(Some('5')),
                'b' | 'Ｇ' => Some(Some('6')),
                'B' | 'Ｂ' => Some(Some('8')),
                'g' | 'q' => Some(Some('9')),
                '-' | '－' | '−' | 'ー' | 'ｰ' | '一' | '‐' | '―' => Some(None),
                _ => None,
            }
        } else {
            match item.kind {
                Kind::NameKana | Kind::Kana | Kind::OfficeSymbol => match c {
                    '一' | '－' | '−' | '―' | '‐' => Some(Some('ｰ')),
                    '-' if item.kind == Kind::NameKana => Some(Some('ｰ')),
                    '口' => Some(Some('ﾛ')),
                    '力' => Some(Some('ｶ')),
                    '工' => Some(Some('ｴ')),
                    '二' => Some(Some('ﾆ')),
                    '八' => Some(Some('ﾊ')),
                    '夕' => Some(Some('ﾀ')),
                    '卜' => Some(Some('ﾄ')),
                    _ => None,
                },
                Kind::NameKanji | Kind::Kanji if between_kanji(&chars, i) => match c {
                    'ロ' => Some(Some('口')),
                    'カ' => Some(Some('力')),
                    'エ' => Some(Some('工')),
                    'ニ' => Some(Some('二')),
                    'ハ' => Some(Some('八')),
                    'タ' => Some(Some('夕')),
                    'ト' => Some(Some('卜')),
                    'ー' => Some(Some('一')),
                    _ => None,
                },
                _ => None,
            }
        };
        if let Some(p) = proposed {
            out.push(Lookalike {
                position: i + 1,
                found: c,
                proposed: p,
            });
        }
    }
    out
}

/// True when the neighbours of `chars[i]` within its word (spaces end a word) are all kanji,
/// and there is at least one.
fn between_kanji(chars: &[char], i: usize) -> bool {
    let word = |c: &&char| !matches!(**c, ' ' | '\u{3000}');
    let before = i.checked_sub(1).and_then(|j| chars.get(j)).filter(word);
    let after = chars.get(i + 1).filter(word);
    let kanji = |c: &&char| matches!(**c, '\u{4E00}'..='\u{9FFF}' | '々');
    (before.is_some() || after.is_some())
        && before.is_none_or(|c| kanji(&c))
        && after.is_none_or(|c| kanji(&c))
}

/// The value with every proposal applied.
pub fn proposed_value(value: &str, found: &[Lookalike]) -> String {
    value
        .chars()
        .enumerate()
        .filter_map(|(i, c)| match found.iter().find(|l| l.position == i + 1) {
            Some(l) => l.proposed,
            None => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: Kind) -> Item {
        let toml = format!("no = 1\nname = \"x\"\nkind = \"{}\"", kind_name(kind));
        toml::from_str(&toml).unwrap_or_else(|e| panic!("{e}"))
    }

    fn kind_name(k: Kind) -> &'static str {
        match k {
            Kind::Digits => "digits",
            Kind::NameKana => "name_kana",
            Kind::Kana => "kana",
            Kind::NameKanji => "name_kanji",
            Kind::Kanji => "kanji",
            Kind::MyNumber => "my_number",
            Kind::Text => "text",
            _ => "digits",
        }
    }

    #[test]
    fn numbers_lose_width_and_spaces() {
        let (v, steps) = normalise(&item(Kind::Digits), "２５０ ０００");
        assert_eq!(v, "250000");
        assert_eq!(
            steps,
            vec![
                Normalisation::HalfWidthDigits(6),
                Normalisation::SpacesRemoved(1)
            ]
        );
        let (v, steps) = normalise(&item(Kind::Digits), "250000");
        assert_eq!(v, "250000");
        assert!(steps.is_empty());
    }

    #[test]
    fn kana_items_become_half_width() {
        let (v, steps) = normalise(&item(Kind::NameKana), "ヤマダ　ガッコウ");
        assert_eq!(v, "ﾔﾏﾀﾞ ｶﾞｯｺｳ");
        assert_eq!(steps, vec![Normalisation::HalfWidthKana(8)]);
        assert_eq!(normalise(&item(Kind::NameKana), "ぱぴぷ・ヴ").0, "ﾊﾟﾋﾟﾌﾟ･ｳﾞ");
        assert_eq!(normalise(&item(Kind::Kana), "ﾄｳｷｮｳ").1, vec![]);
    }

    #[test]
    fn kanji_items_become_full_width() {
        let (v, steps) = normalise(&item(Kind::NameKanji), "山田 太郎");
        assert_eq!(v, "山田　太郎");
        assert_eq!(steps, vec![Normalisation::FullWidth(1)]);
        assert_eq!(
            normalise(&item(Kind::Kanji), "見本町1-2 ｶﾞｰﾃﾞﾝ").0,
            "見本町１－２　ガーデン"
        );
    }

    #[test]
    fn lookalikes_are_proposed_not_applied() {
        let digits = item(Kind::Digits);
        let found = lookalikes(&digits, "1OO-0");
        assert_eq!(found.len(), 3);
        assert_eq!(proposed_value("1OO-0", &found), "1000");
        let kana = item(Kind::NameKana);
        let found = lookalikes(&kana, "ｽｽﾞｷ 一ﾛｳ");
        assert_eq!(proposed_value("ｽｽﾞｷ 一ﾛｳ", &found), "ｽｽﾞｷ ｰﾛｳ");
        let kanji = item(Kind::NameKanji);
        assert_eq!(
            proposed_value("田ロ　花子", &lookalikes(&kanji, "田ロ　花子")),
            "田口　花子"
        );
        assert!(lookalikes(&kanji, "山田　ハナ").is_empty());
        assert!(lookalikes(&item(Kind::Text), "O1l").is_empty());
    }
}
