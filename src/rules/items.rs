//! Item-format rules, driven by the layout: required / omitted conditions, digits, widths, code
//! sets, character classes and name separators (`FLD`).

use crate::diag::{Sink, Text};
use crate::layout::{pack, Condition, Item, ItemTests, Kind, Test};
use crate::source::charset::is_half_width;
use crate::source::kana::is_half_kana;

use super::RecordCtx;
use crate::diag::registry as r;

/// Whether a layout condition holds on this record, for `item`.
pub fn holds(ctx: &RecordCtx<'_>, item: &Item, c: &Condition) -> bool {
    match c {
        Condition::All { all } => all.iter().all(|c| holds(ctx, item, c)),
        Condition::Present { item: no, present } => ctx.record.is_present(*no) == *present,
        Condition::In { item: no, r#in } => {
            let v = ctx.value(*no);
            r#in.iter().any(|x| x == v)
        }
        Condition::SlotPresent { slot_present: want } => ctx.slot_present(item.slot) == *want,
    }
}

/// Describes why an item is required or omitted, for the message.
fn condition_text(ctx: &RecordCtx<'_>, c: &Condition) -> (String, String) {
    match c {
        Condition::All { all } => {
            let parts: Vec<(String, String)> = all.iter().map(|c| condition_text(ctx, c)).collect();
            (
                parts
                    .iter()
                    .map(|p| p.0.as_str())
                    .collect::<Vec<_>>()
                    .join("かつ"),
                parts
                    .iter()
                    .map(|p| p.1.as_str())
                    .collect::<Vec<_>>()
                    .join(" and "),
            )
        }
        Condition::Present {
            item,
            present: true,
        } => (
            format!("{}に値がある", ctx.item_ref(*item)),
            format!("{} is given", ctx.item_ref_en(*item)),
        ),
        Condition::Present {
            item,
            present: false,
        } => (
            format!("{}が空の", ctx.item_ref(*item)),
            format!("{} is empty", ctx.item_ref_en(*item)),
        ),
        Condition::In { item, r#in } => (
            format!("{}が{}の", ctx.item_ref(*item), r#in.join("、")),
            format!("{} is {}", ctx.item_ref_en(*item), r#in.join(" or ")),
        ),
        Condition::SlotPresent { slot_present: true } => (
            "この人の記載がある".into(),
            "this person is on the record".into(),
        ),
        Condition::SlotPresent {
            slot_present: false,
        } => (
            "この人の記載がない".into(),
            "this person is not on the record".into(),
        ),
    }
}

/// The item-format rules (`FLD`) on one record: required / omitted, digits, widths, code sets,
/// character classes, name separators.
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    let tests = &ctx.layout.index.item_tests;
    for (item, t) in ctx.layout.items.iter().zip(tests) {
        // The certificate box has its own rules (CRT).
        if !t.checked {
            continue;
        }
        if ctx.is_present(item.no) {
            check_item(ctx, item, t, sink);
        } else if t.may_be_required {
            // Most items of a record are empty and can be no finding: passed over on the
            // compiled flag alone. An item the source format has no place for is never
            // required of it.
            if !ctx.record.uncarried.contains(&item.no) {
                check_empty(ctx, item, t, sink);
            }
        }
    }
}

/// Whether a compiled condition holds on this record, for `item` (the same answer as
/// [`holds`] on the condition it was compiled from).
fn test_holds(ctx: &RecordCtx<'_>, item: &Item, t: &Test) -> bool {
    match t {
        Test::All(all) => all.iter().all(|t| test_holds(ctx, item, t)),
        Test::Present { item: no, present } => ctx.is_present(*no) == *present,
        Test::InPacked { item: no, values } => {
            pack(ctx.value(*no)).is_some_and(|p| values.contains(&p))
        }
        Test::In { item: no, values } => {
            let v = ctx.value(*no);
            values.iter().any(|x| x == v)
        }
        Test::SlotPresent(want) => ctx.slot_present(item.slot) == *want,
    }
}

/// The first of `conditions` that holds (compiled as `tests`, in the same order).
fn first_holding<'c>(
    ctx: &RecordCtx<'_>,
    item: &Item,
    conditions: &'c [Condition],
    tests: &[Test],
) -> Option<&'c Condition> {
    let i = tests.iter().position(|t| test_holds(ctx, item, t))?;
    conditions.get(i)
}

/// An empty item that may be required: FLD001 when it is required (outright, or by the first
/// `required_when` that holds) and no `omitted_when` holds.
fn check_empty(ctx: &RecordCtx<'_>, item: &Item, t: &ItemTests, sink: &mut Sink) {
    let no = item.no;
    let required_by = first_holding(ctx, item, &item.required_when, &t.required_when);
    if !item.required && required_by.is_none() {
        return;
    }
    if t.omitted_when.iter().any(|c| test_holds(ctx, item, c)) {
        return;
    }
    let (why_ja, why_en) = match required_by {
        Some(c) if !item.required => {
            let (ja, en) = condition_text(ctx, c);
            (
                format!("（{ja}場合は必須）"),
                format!(" (required when {en})"),
            )
        }
        _ => (String::new(), String::new()),
    };
    // My Number has its own "missing" rule with the society's policy.
    if item.kind != Kind::MyNumber {
        sink.push(ctx.diag(
            &r::FLD_REQUIRED,
            no,
            Text::new(
                format!("{}が入力されていません{why_ja}", ctx.item_ref(no)),
                format!("{} is empty{why_en}", ctx.item_ref_en(no)),
            ),
        ));
    }
}

/// An item with a value.
fn check_item(ctx: &RecordCtx<'_>, item: &Item, t: &ItemTests, sink: &mut Sink) {
    let no = item.no;
    let v = ctx.value(no);
    if item.kind == Kind::Empty {
        sink.push(ctx.diag(
            &r::FLD_MUST_BE_EMPTY,
            no,
            Text::new(
                format!("{}は常に空でなければなりません", ctx.item_ref(no)),
                format!("{} must always be empty", ctx.item_ref_en(no)),
            ),
        ));
        return;
    }
    if let Some(c) = first_holding(ctx, item, &item.omitted_when, &t.omitted_when) {
        let (ja, en) = condition_text(ctx, c);
        sink.push(ctx.diag(
            &r::FLD_OMITTED,
            no,
            Text::new(
                format!("{ja}場合、{}は省略します", ctx.item_ref(no)),
                format!("{} must be empty when {en}", ctx.item_ref_en(no)),
            ),
        ));
        return;
    }
    let shown = |v: &str| ctx.quote(no, v);
    if item.exclude.iter().any(|x| x == v) {
        sink.push(ctx.diag(
            &r::FLD_CODE,
            no,
            Text::new(
                format!("{}に「{}」は使えません", ctx.item_ref(no), shown(v)),
                format!("{} may not be `{}`", ctx.item_ref_en(no), shown(v)),
            ),
        ));
        return;
    }
    if let Some(max) = item.max_bytes {
        let len = ctx.record.field(no).map_or(0, |f| f.sjis_len);
        if len > usize::from(max) {
            sink.push(ctx.diag(
                &r::FLD_TOO_LONG,
                no,
                Text::new(
                    format!(
                        "{}が最大桁数（{max}バイト）を超えています（{len}バイト）",
                        ctx.item_ref(no)
                    ),
                    format!(
                        "{} is {len} bytes long; at most {max} Shift_JIS bytes",
                        ctx.item_ref_en(no)
                    ),
                ),
            ));
        }
    }
    match item.kind {
        Kind::Fixed => {
            let want = item.value.as_deref().unwrap_or("");
            if v != want {
                sink.push(ctx.diag(
                    &r::FLD_FIXED,
                    no,
                    Text::new(
                        format!("{}は「{want}」です", ctx.item_ref(no)),
                        format!("{} must be `{want}`", ctx.item_ref_en(no)),
                    ),
                ));
            }
        }
        Kind::Digits => check_digits(ctx, item, v, sink),
        Kind::Code => {
            if !item.has_code(v) {
                let list = if item.codes.len() <= 12 {
                    item.codes.join(", ")
                } else {
                    format!("{}, …", item.codes[..12].join(", "))
                };
                sink.push(ctx.diag(
                    &r::FLD_CODE,
                    no,
                    Text::new(
                        format!(
                            "{}に「{}」は使えません（{list}）",
                            ctx.item_ref(no),
                            shown(v)
                        ),
                        format!(
                            "{}: `{}` is not one of {list}",
                            ctx.item_ref_en(no),
                            shown(v)
                        ),
                    ),
                ));
            }
        }
        Kind::Flag => {
            if v != "1" {
                sink.push(ctx.diag(
                    &r::FLD_CODE,
                    no,
                    Text::new(
                        format!(
                            "{}は「1」または空です（「{}」）",
                            ctx.item_ref(no),
                            shown(v)
                        ),
                        format!(
                            "{} is `1` or empty, not `{}`",
                            ctx.item_ref_en(no),
                            shown(v)
                        ),
                    ),
                ));
            }
        }
        Kind::NameKana => {
            if kana_name_chars_ok(ctx, no, v, sink) {
                check_name(ctx, no, v, ' ', sink);
            }
        }
        // The table states only the separator and the width for 氏名(漢字) (インバリッドコード無し,
        // 25バイト以内, 全角スペース): a 半角 space is no separator, so it fails the name format.
        Kind::NameKanji => check_name(ctx, no, v, '　', sink),
        Kind::Kana => {
            if half_width_ok(ctx, no, v, sink) && v.contains("  ") {
                double_space(ctx, no, sink);
            }
        }
        // 住所(漢字): the table forbids the 半角 space and two 全角 spaces in a row, nothing else;
        // 半角 digits and letters (`1-2-3`) pass the official check.
        Kind::Kanji => {
            if v.contains(' ') {
                sink.push(ctx.diag(
                    &r::FLD_CHAR_CLASS,
                    no,
                    Text::new(
                        format!("{}に半角スペースは使えません", ctx.item_ref(no)),
                        format!("{} may not contain a 半角 space", ctx.item_ref_en(no)),
                    ),
                ));
            } else if v.contains("　　") {
                double_space(ctx, no, sink);
            }
        }
        Kind::OfficeSymbol => {
            if !office_symbol_ok(v) {
                sink.push(ctx.diag(
                    &r::FLD_CHAR_CLASS,
                    no,
                    Text::new(
                        format!(
                            "{}は英数字のみ、または半角カナのみです（「{}」）",
                            ctx.item_ref(no),
                            ctx.quote(no, v)
                        ),
                        format!(
                            "{} is letters and digits only, or 半角カナ only, not `{}`",
                            ctx.item_ref_en(no),
                            ctx.quote(no, v)
                        ),
                    ),
                ));
            }
        }
        // Era and date items: see `dates`; My Number: see `mynumber`; free text: the reader's
        // character-set check is all there is.
        Kind::Era | Kind::Date | Kind::MyNumber | Kind::Text | Kind::Empty => {}
    }
}

fn check_digits(ctx: &RecordCtx<'_>, item: &Item, v: &str, sink: &mut Sink) {
    let no = item.no;
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        sink.push(ctx.diag(
            &r::FLD_DIGITS,
            no,
            Text::new(
                format!("{}は半角数字で入力します", ctx.item_ref(no)),
                format!("{} must be half-width digits", ctx.item_ref_en(no)),
            ),
        ));
        return;
    }
    let n = v.len();
    let min = usize::from(item.min_len.unwrap_or(0));
    let max = item.max_len.map_or(usize::MAX, usize::from);
    if n < min || n > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("{min}以上")
        } else {
            format!("{min}〜{max}")
        };
        let want_en = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min}–{max}")
        };
        sink.push(ctx.diag(
            &r::FLD_DIGIT_COUNT,
            no,
            Text::new(
                format!("{}は{want}桁です（{n}桁）", ctx.item_ref(no)),
                format!(
                    "{} must have {want_en} digits, not {n}",
                    ctx.item_ref_en(no)
                ),
            ),
        ));
        return;
    }
    if item.not_all_zero && v.bytes().all(|b| b == b'0') {
        sink.push(ctx.diag(
            &r::FLD_ALL_ZERO,
            no,
            Text::new(
                format!("{}にすべて0の値は使えません", ctx.item_ref(no)),
                format!("{} may not be all zeros", ctx.item_ref_en(no)),
            ),
        ));
    }
}

pub use crate::source::kana::office_symbol_ok;

/// 氏名(カナ) takes 半角カナ and the 半角 space only (半角カナであること): a letter, digit or
/// symbol is an error, as is any 全角 character.
fn kana_name_chars_ok(ctx: &RecordCtx<'_>, no: u16, v: &str, sink: &mut Sink) -> bool {
    char_class_ok(
        ctx,
        no,
        v,
        |c| c == ' ' || is_half_kana(c),
        ("半角カナで入力します", "は使えません"),
        ("takes 半角カナ only", "is not allowed"),
        sink,
    )
}

/// カナ text items (住所(カナ)) take 半角 characters: letters, digits, 半角カナ and symbols.
fn half_width_ok(ctx: &RecordCtx<'_>, no: u16, v: &str, sink: &mut Sink) -> bool {
    char_class_ok(
        ctx,
        no,
        v,
        is_half_width,
        ("半角で入力します", "は全角"),
        ("takes 半角 characters", "is 全角"),
        sink,
    )
}

/// Reports the first character of `v` that `allowed` refuses (FLD007), saying what the item takes
/// and what the character is. Characters outside the character set were already reported by the
/// reader, and control characters are the reader's.
fn char_class_ok(
    ctx: &RecordCtx<'_>,
    no: u16,
    v: &str,
    allowed: impl Fn(char) -> bool,
    (takes_ja, is_ja): (&str, &str),
    (takes_en, is_en): (&str, &str),
    sink: &mut Sink,
) -> bool {
    let Some(c) = v.chars().find(|c| !c.is_control() && !allowed(*c)) else {
        return true;
    };
    let shown = if c == '　' {
        "全角スペース".to_string()
    } else {
        crate::diag::redact::char(c)
    };
    sink.push(ctx.diag(
        &r::FLD_CHAR_CLASS,
        no,
        Text::new(
            format!("{}は{takes_ja}（「{shown}」{is_ja}）", ctx.item_ref(no)),
            format!("{} {takes_en}; `{shown}` {is_en}", ctx.item_ref_en(no)),
        ),
    ));
    false
}

/// True when `v` is 姓 and 名 (and any further parts) separated by single `sep` characters: at
/// least one separator, never two in a row, none first or last, and no other space inside a part
/// (１個以上の連続しない姓名間セパレータ). `ｽﾐｽ ｼﾞｮﾝ ﾏｲｹﾙ` has three parts and is valid.
///
/// The separators of the layouts (the 半角 and the 全角 space) are matched in one pass over the
/// bytes, which runs on every name of every record: a space's UTF-8 bytes never occur inside
/// another character.
pub fn name_parts_ok(v: &str, sep: char) -> bool {
    let full_sep = match sep {
        ' ' => false,
        '　' => true,
        _ => return parts_ok(v, sep),
    };
    let b = v.as_bytes();
    let (mut i, mut separators, mut part_len) = (0, 0, 0);
    while let Some(&c) = b.get(i) {
        // The length of the space at `i`, if one starts there (U+3000 is E3 80 80).
        let space = match c {
            b' ' => 1,
            0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x80]) => 3,
            _ => 0,
        };
        if space == 0 {
            part_len += 1;
            i += 1;
            continue;
        }
        // The other space inside a part, or a separator first or after another.
        if (space == 3) != full_sep || part_len == 0 {
            return false;
        }
        separators += 1;
        part_len = 0;
        i += space;
    }
    separators >= 1 && part_len > 0
}

/// [`name_parts_ok`] for any separator, part by part.
fn parts_ok(v: &str, sep: char) -> bool {
    let mut parts = 0;
    for part in v.split(sep) {
        if part.is_empty() || part.contains([' ', '　']) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// Reports a name that [`name_parts_ok`] rejects (氏名項目形式不正).
fn check_name(ctx: &RecordCtx<'_>, no: u16, v: &str, sep: char, sink: &mut Sink) {
    if !name_parts_ok(v, sep) {
        let (sep_ja, sep_en) = if sep == ' ' {
            ("半角スペース", "半角 space")
        } else {
            ("全角スペース", "全角 space")
        };
        sink.push(ctx.diag(
            &r::FLD_NAME_FORMAT,
            no,
            Text::new(
                format!(
                    "{}: 氏名項目形式不正（姓と名の間に{sep_ja}を入れます。連続・先頭・末尾のスペースは使えません）",
                    ctx.item_ref(no)
                ),
                format!(
                    "{}: 姓 and 名 must be separated by a {sep_en}, never two in a row, none first or last",
                    ctx.item_ref_en(no)
                ),
            ),
        ));
    }
}

fn double_space(ctx: &RecordCtx<'_>, no: u16, sink: &mut Sink) {
    sink.push(ctx.diag(
        &r::FLD_DOUBLE_SPACE,
        no,
        Text::new(
            format!("{}にスペースが連続しています", ctx.item_ref(no)),
            format!("{} has two spaces in a row", ctx.item_ref_en(no)),
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::{name_parts_ok, parts_ok as by_parts};

    #[test]
    fn name_parts() {
        assert!(name_parts_ok("ﾔﾏﾀﾞ ﾀﾛｳ", ' '));
        assert!(name_parts_ok("ｽﾐｽ ｼﾞｮﾝ ﾏｲｹﾙ", ' '));
        assert!(name_parts_ok("山田　太郎", '　'));
        for bad in ["ﾔﾏﾀﾞﾀﾛｳ", " ﾔﾏﾀﾞ ﾀﾛｳ", "ﾔﾏﾀﾞ ﾀﾛｳ ", "ﾔﾏﾀﾞ  ﾀﾛｳ", "ﾔﾏﾀﾞ　ﾀﾛｳ", ""]
        {
            assert!(!name_parts_ok(bad, ' '), "{bad}");
        }
        for bad in [
            "山田 太郎",
            "山田　　太郎",
            "　山田　太郎",
            "山田太郎",
            "山田　太郎　",
        ] {
            assert!(!name_parts_ok(bad, '　'), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_agrees_with_the_parts(v in "[ｱﾔﾏ山田 　a\u{3001}\u{E380}]{0,8}") {
            proptest::prop_assert_eq!(name_parts_ok(&v, ' '), by_parts(&v, ' '));
            proptest::prop_assert_eq!(name_parts_ok(&v, '　'), by_parts(&v, '　'));
        }
    }
}
