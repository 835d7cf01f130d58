//! My Number rules (`MYN`): 12 half-width digits, the check digit of 平成26年総務省令第85号 第5条,
//! presence (the society's policy), and the same number on two records of one form.
//!
//! No message, label or snippet ever shows the number: items are named, never quoted.

use std::collections::HashMap;

use crate::diag::Severity;
use crate::diag::{Label, Sink, Text};
use crate::layout::{ModelKind, Role, Slot};
use crate::model::ItemPosition;

use super::{Profile, RecordCtx};
use crate::diag::registry as r;

/// Weights of the first 11 digits, left to right.
const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// The check digit for the first 11 digits (each 0–9).
pub fn check_digit(first11: &[u8; 11]) -> u8 {
    let sum: u32 = first11
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    let rem = sum % 11;
    if rem <= 1 {
        0
    } else {
        (11 - rem) as u8
    }
}

/// Why a value is not a My Number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyNumberError {
    /// Not twelve digits.
    NotTwelveDigits,
    /// Twelve digits with a wrong check digit.
    CheckDigit,
}

/// Parses a My Number, checking its shape and check digit.
pub fn parse(v: &str) -> Result<u64, MyNumberError> {
    let b = v.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return Err(MyNumberError::NotTwelveDigits);
    }
    let mut first = [0u8; 11];
    for (d, c) in first.iter_mut().zip(b) {
        *d = c - b'0';
    }
    if check_digit(&first) != b[11] - b'0' {
        return Err(MyNumberError::CheckDigit);
    }
    v.parse::<u64>().map_err(|_| MyNumberError::NotTwelveDigits)
}

/// Where a number was first seen in the file: a few integers per person, so that a file of a
/// million records does not keep a million locations (the number itself is only the key).
#[derive(Debug, Clone, Copy)]
struct FirstSeen {
    pos: ItemPosition,
    /// Index in [`SeenNumbers::paths`]: the members of one e-Gov package share the state.
    path: usize,
}

/// Numbers seen so far in a file, per 様式コード.
#[derive(Debug, Clone, Default)]
pub struct SeenNumbers {
    seen: HashMap<(u32, u64), FirstSeen>,
    /// The paths records came from, in order (one for a file; one per member of a package).
    paths: Vec<String>,
}

/// The My Number items: twelve digits, check digit, no duplicate within the run.
pub fn check(ctx: &RecordCtx<'_>, seen: &mut SeenNumbers, sink: &mut Sink) {
    let needs_number = matches!(
        ctx.layout.model,
        ModelKind::QualificationAcquisition | ModelKind::DependentChange
    ) && ctx.opts.profile == Profile::Society;
    for item in ctx.layout.items_numbered(&ctx.layout.index.my_numbers) {
        let v = ctx.value(item.no);
        if v.is_empty() {
            if needs_number && ctx.slot_present(item.slot) {
                sink.push(missing(ctx, item.no, item.slot));
            }
            continue;
        }
        match parse(v) {
            Err(MyNumberError::NotTwelveDigits) => sink.push(ctx.diag(
                &r::MYN_FORMAT,
                item.no,
                Text::new(
                    format!(
                        "{}は半角数字12桁です（{}文字）",
                        ctx.item_ref(item.no),
                        v.chars().count()
                    ),
                    format!(
                        "{} must be 12 half-width digits ({} characters given)",
                        ctx.item_ref_en(item.no),
                        v.chars().count()
                    ),
                ),
            )),
            Err(MyNumberError::CheckDigit) => sink.push(ctx.diag(
                &r::MYN_CHECK_DIGIT,
                item.no,
                Text::new(
                    format!(
                        "{}: ************（12桁、検査用数字不一致）",
                        ctx.item_ref(item.no)
                    ),
                    format!(
                        "{}: ************ (12 digits, check digit does not match)",
                        ctx.item_ref_en(item.no)
                    ),
                ),
            )),
            // The insured person of a 被扶養者(異動)届 is repeated on every line of a filing with
            // more dependents than one line holds (1 配偶者 + 2 others): not a duplicate.
            Ok(_)
                if ctx.layout.model == ModelKind::DependentChange && item.slot == Slot::Insured => {
            }
            Ok(n) => {
                let form = ctx.record.form_code().parse::<u32>().unwrap_or(0);
                if let Some(first) = seen.seen.get(&(form, n)).copied() {
                    let line = first.pos.line.map_or(String::new(), |l| l.to_string());
                    let path = seen.paths.get(first.path).map_or(ctx.path, String::as_str);
                    let place = first.pos.place(
                        path,
                        ctx.layout.item(first.pos.item).map(|i| i.name.as_str()),
                    );
                    sink.push(
                        ctx.diag(
                            &r::MYN_DUPLICATE,
                            item.no,
                            Text::new(
                                format!(
                                    "{}が{}行目（レコード{}）と同じです",
                                    ctx.item_ref(item.no),
                                    line,
                                    first.pos.record
                                ),
                                format!(
                                    "{} is the same as on line {line} (record {})",
                                    ctx.item_ref_en(item.no),
                                    first.pos.record
                                ),
                            ),
                        )
                        .with_label(Label {
                            place,
                            message: Text::new("最初の記載", "first given here"),
                            snippet: None,
                        }),
                    );
                } else {
                    if seen.paths.last().is_none_or(|p| p != ctx.path) {
                        seen.paths.push(ctx.path.to_string());
                    }
                    let first = FirstSeen {
                        pos: ctx.record.item_position(item.no),
                        path: seen.paths.len() - 1,
                    };
                    seen.seen.insert((form, n), first);
                }
            }
        }
    }
}

/// MYN004 for an empty My Number: an error, but a warning when the record itself says why
/// there is none (住民票住所を記載できない理由 1 海外在住 or 2 短期在留: a person living abroad or
/// on a short stay has no 住民票, so no My Number to give).
fn missing(ctx: &RecordCtx<'_>, no: u16, slot: Slot) -> crate::diag::Diagnostic {
    let reason = ctx
        .layout
        .role(slot, Role::NoAddressReason)
        .map(|i| (i.no, ctx.value(i.no)))
        .filter(|(_, v)| *v == "1" || *v == "2");
    let d = ctx.diag(
        &r::MYN_MISSING,
        no,
        Text::new(
            format!(
                "{}が記載されていません（健康保険組合への届出には個人番号が必要です）",
                ctx.item_ref(no)
            ),
            format!(
                "{} is empty (the society requires every person's My Number)",
                ctx.item_ref_en(no)
            ),
        ),
    );
    let Some((reason_no, v)) = reason else {
        return d;
    };
    let (why_ja, why_en) = if v == "1" {
        ("海外在住", "living abroad")
    } else {
        ("短期在留", "short-term stay")
    };
    d.with_severity(Severity::Warning)
        .with_help(Text::new(
            format!(
                "{}が「{v}」（{why_ja}）のため警告です。個人番号が分かれば記載してください。",
                ctx.item_ref(reason_no)
            ),
            format!(
                "a warning because {} is `{v}` ({why_en}); give the number if the person has one.",
                ctx.item_ref_en(reason_no)
            ),
        ))
        .with_label(ctx.label(reason_no, Text::new(why_ja, why_en)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> [u8; 11] {
        let mut a = [0u8; 11];
        for (d, c) in a.iter_mut().zip(s.bytes()) {
            *d = c - b'0';
        }
        a
    }

    #[test]
    fn published_vectors() {
        assert_eq!(check_digit(&digits("98320567321")), 4);
        assert_eq!(check_digit(&digits("12345678901")), 8);
        assert_eq!(check_digit(&digits("00000000000")), 0);
        assert!(parse("123456789018").is_ok());
        assert_eq!(parse("123456789017"), Err(MyNumberError::CheckDigit));
        assert_eq!(parse("12345678901"), Err(MyNumberError::NotTwelveDigits));
        assert_eq!(
            parse("１２３４５６７８９０１８"),
            Err(MyNumberError::NotTwelveDigits)
        );
    }

    proptest::proptest! {
        #[test]
        fn every_generated_number_passes(first in proptest::array::uniform11(0u8..10)) {
            let mut s: String = first.iter().map(|d| char::from(b'0' + d)).collect();
            s.push(char::from(b'0' + check_digit(&first)));
            proptest::prop_assert!(parse(&s).is_ok());
        }

        #[test]
        fn a_changed_check_digit_fails(first in proptest::array::uniform11(0u8..10), delta in 1u8..10) {
            let good = check_digit(&first);
            let mut s: String = first.iter().map(|d| char::from(b'0' + d)).collect();
            s.push(char::from(b'0' + (good + delta) % 10));
            proptest::prop_assert_eq!(parse(&s), Err(MyNumberError::CheckDigit));
        }
    }
}
