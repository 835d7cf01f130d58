//! Cross-item rules of individual forms that a layout cannot say as data: sums (`SUM`), pairs
//! and form-specific consistency (`XIT`), the 70- and 75-year rules of 資格取得届 (`DAT004`,
//! `DAT009`); the other forms' rules are in their own modules (`loss`, `dependents`).

use chrono::{Datelike, NaiveDate};

use crate::diag::{Sink, Text};
use crate::layout::ModelKind;

use super::dates::date_of;
use super::RecordCtx;
use crate::diag::registry as r;

/// The cross-item rules of one record's form that a layout cannot say as data (`SUM`, `XIT`, `DAT004`, `DAT009`).
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    pension_pairs(ctx, sink);
    match ctx.layout.model {
        ModelKind::QualificationAcquisition => qualification_acquisition(ctx, sink),
        ModelKind::QualificationLoss => super::loss::check(ctx, sink),
        ModelKind::DependentChange => super::dependents::check(ctx, sink),
        ModelKind::Other => super::pay::check(ctx, sink),
    }
}

/// 基礎年金番号: 課所符号 and 一連番号 both or neither, in every person slot of every form.
fn pension_pairs(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    for &(office, serial) in &ctx.layout.index.pension_pairs {
        let (a, b) = (ctx.record.is_present(office), ctx.record.is_present(serial));
        if a != b {
            let (missing, given) = if a {
                (serial, office)
            } else {
                (office, serial)
            };
            sink.push(
                ctx.diag(
                    &r::XIT_PENSION_PAIR,
                    missing,
                    Text::new(
                        format!(
                            "{}がありません（{}は記載あり）",
                            ctx.item_ref(missing),
                            ctx.item_ref(given)
                        ),
                        format!(
                            "{} is empty but {} is given",
                            ctx.item_ref_en(missing),
                            ctx.item_ref_en(given)
                        ),
                    ),
                )
                .with_label(ctx.label(given, Text::new("記載あり", "given here"))),
            );
        }
    }
}

// 2200700 項番 (the same in the 33- and 34-item layouts).
const BIRTH_ERA: u16 = 9;
const BIRTH_DATE: u16 = 10;
const SEX: u16 = 11;
const KIND: u16 = 12;
const ACQ_ERA: u16 = 18;
const ACQ_DATE: u16 = 19;
const PAY_CASH: u16 = 21;
const PAY_KIND: u16 = 22;
const PAY_TOTAL: u16 = 23;
const OVER_70: u16 = 24;
const OVER_70_ONLY: u16 = 33;

/// The cap the official checker uses for 報酬月額 合計.
const PAY_CAP: u64 = 9_999_999;

fn qualification_acquisition(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    // 合計 = 通貨 + 現物 (capped), and at least 1,000.
    let num = |no: u16| {
        let v = ctx.value(no);
        (!v.is_empty() && v.len() <= 7 && v.bytes().all(|b| b.is_ascii_digit()))
            .then(|| v.parse::<u64>().ok())
            .flatten()
    };
    if let (Some(cash), Some(kind), Some(total)) = (num(PAY_CASH), num(PAY_KIND), num(PAY_TOTAL)) {
        let expected = (cash + kind).min(PAY_CAP);
        if total != expected {
            sink.push(
                ctx.diag(
                    &r::SUM_TOTAL,
                    PAY_TOTAL,
                    Text::new(
                        format!("報酬月額の合計 {total} が通貨 {cash} ＋ 現物 {kind} ＝ {expected} と一致しません"),
                        format!("monthly remuneration total {total} is not 通貨 {cash} + 現物 {kind} = {expected}"),
                    ),
                )
                .with_label(ctx.label(PAY_CASH, Text::new("通貨", "cash")))
                .with_label(ctx.label(PAY_KIND, Text::new("現物", "in kind"))),
            );
        } else if total < 1000 {
            sink.push(ctx.diag(
                &r::SUM_MINIMUM,
                PAY_TOTAL,
                Text::new(
                    format!("報酬月額の合計 {total} が1,000円未満です"),
                    format!("monthly remuneration total {total} is below 1,000"),
                ),
            ));
        }
    }

    // 70歳以上被用者届のみ提出 ⇒ 備考欄項目1 (70歳以上被用者該当).
    if ctx.value(OVER_70_ONLY) == "1" && ctx.value(OVER_70) != "1" {
        sink.push(
            ctx.diag(
                &r::XIT_SEVENTY_ONLY,
                OVER_70,
                Text::new(
                    format!(
                        "{}が1のときは{}も1です",
                        ctx.item_ref(OVER_70_ONLY),
                        ctx.item_ref(OVER_70)
                    ),
                    format!(
                        "{} must be 1 when {} is 1",
                        ctx.item_ref_en(OVER_70),
                        ctx.item_ref_en(OVER_70_ONLY)
                    ),
                ),
            )
            .with_label(ctx.label(OVER_70_ONLY, Text::new("1", "1"))),
        );
    }

    // 取得区分 3/4 ⇒ 種別 1/2.
    let kind = ctx.value(KIND);
    let sex = ctx.value(SEX);
    if (kind == "3" || kind == "4") && !sex.is_empty() && sex != "1" && sex != "2" {
        sink.push(
            ctx.diag(
                &r::XIT_SEX_FOR_KIND,
                SEX,
                Text::new(
                    format!(
                        "取得区分が{kind}のとき、種別は1または2です（{}）",
                        ctx.quote(SEX, sex)
                    ),
                    format!(
                        "with 取得区分 {kind}, 種別 must be 1 or 2, not {}",
                        ctx.quote(SEX, sex)
                    ),
                ),
            )
            .with_label(ctx.label(KIND, Text::new("取得区分", "acquisition kind"))),
        );
    }

    // 75 or over on the acquisition date: 後期高齢者医療, no health-insurance enrolment (only the
    // 70歳以上被用者該当届 applies, which 項番33 = 1 says).
    if ctx.value(OVER_70_ONLY) != "1" {
        if let (Some(birth), Some(acq)) = (
            date_of(ctx, BIRTH_ERA, BIRTH_DATE),
            date_of(ctx, ACQ_ERA, ACQ_DATE),
        ) {
            if let Some(turns_75) = super::loss::anniversary(birth, 75).filter(|d| acq >= *d) {
                sink.push(
                    ctx.diag(
                        &r::DAT_LATE_STAGE_ELDERLY,
                        ACQ_DATE,
                        Text::new(
                            format!("資格取得年月日 {acq} にこの方は75歳以上です（{turns_75} に75歳）。後期高齢者医療の対象で、健康保険の資格取得ではありません"),
                            format!("on the acquisition date {acq} the person is 75 or over (turned 75 on {turns_75}): 後期高齢者医療, not a health-insurance enrolment"),
                        ),
                    )
                    .with_label(ctx.label(BIRTH_DATE, Text::new("生年月日", "date of birth"))),
                );
            }
        }
    }

    // 70歳以上被用者該当 ⇒ 資格取得年月日 ≥ (生年月日 − 1日) + 70年.
    if ctx.value(OVER_70) == "1" {
        if let (Some(birth), Some(acq)) = (
            date_of(ctx, BIRTH_ERA, BIRTH_DATE),
            date_of(ctx, ACQ_ERA, ACQ_DATE),
        ) {
            if let Some(turns_70) = seventieth_birthday_eve(birth) {
                if acq < turns_70 {
                    sink.push(
                        ctx.diag(
                            &r::DAT_SEVENTY,
                            ACQ_DATE,
                            Text::new(
                                format!("資格取得年月日 {acq} は70歳到達日（{turns_70}）より前ですが、70歳以上被用者該当になっています"),
                                format!("acquisition date {acq} is before the person turns 70 ({turns_70}) but the 70-or-over flag is set"),
                            ),
                        )
                        .with_label(ctx.label(OVER_70, Text::new("70歳以上被用者該当", "70 or over")))
                        .with_label(ctx.label(BIRTH_DATE, Text::new("生年月日", "birth date"))),
                    );
                }
            }
        }
    }
}

/// The day a person legally turns 70: the day before the 70th birthday (年齢計算ニ関スル法律).
fn seventieth_birthday_eve(birth: NaiveDate) -> Option<NaiveDate> {
    let eve = birth.pred_opt()?;
    // 2月29日 + 70 years falls back to 2月28日 (the day before 3月1日).
    NaiveDate::from_ymd_opt(eve.year() + 70, eve.month(), eve.day())
        .or_else(|| NaiveDate::from_ymd_opt(eve.year() + 70, eve.month(), eve.day() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventy() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            seventieth_birthday_eve(d(1954, 12, 10)),
            Some(d(2024, 12, 9))
        );
        assert_eq!(
            seventieth_birthday_eve(d(1955, 1, 1)),
            Some(d(2024, 12, 31))
        );
        assert_eq!(seventieth_birthday_eve(d(1956, 3, 1)), Some(d(2026, 2, 28)));
    }
}
