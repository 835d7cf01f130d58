//! Arithmetic and range rules of the pay forms, as their 自動チェック tables state them:
//! 月額変更届 (2221700), 算定基礎届 (2225700) and 賞与支払届 (2265700). Each month's 合計 =
//! 通貨 + 現物 (`SUM001`), 総計 and 平均額 (`SUM003`, `SUM004`), the 1,000-yen minimums
//! (`SUM002`), the bonus rounded down to the thousand (`SUM005`), 基礎日数 ranges (`FLD013`),
//! consecutive pay months (`XIT008`) and the 70歳算定基礎月 width.
//!
//! Source: csv221 / csv225 / csv265 as transcribed by rakually-test (`todokede-check.js`
//! gekkaku(), santei(), shoyo()); see docs/layout-sources.md. 項番 are the layouts'.

use crate::diag::registry as r;
use crate::diag::{Sink, Text};

use super::RecordCtx;

/// The cap the official checker uses for amounts (7 digits).
const CAP: u64 = 9_999_999;

// 2221700 and 2225700 share items 22–39.
const PAY_MONTH: [u16; 3] = [22, 23, 24];
const DAYS: [u16; 3] = [25, 26, 27];
const CASH: [u16; 3] = [28, 29, 30];
const KIND: [u16; 3] = [31, 32, 33];
const TOTAL: [u16; 3] = [34, 35, 36];
const GRAND_TOTAL: u16 = 37;
const AVERAGE: u16 = 38;
const CORRECTED_AVERAGE: u16 = 39;
/// 2221700 改定年月（月）.
const REVISION_MONTH: u16 = 12;
/// 2221700 備考欄項目３ 短時間労働者: 基礎日数 from 11 instead of 17.
const SHORT_TIME: u16 = 45;
/// 2225700 70歳算定基礎月: 2 or 4 digits.
const SEVENTY_MONTHS: u16 = 44;
// 2265700.
const BONUS_CASH: u16 = 12;
const BONUS_KIND: u16 = 13;
const BONUS_TOTAL: u16 = 14;

/// The arithmetic and range rules of the pay forms (`SUM`, `FLD013`, `XIT008`) on one record.
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    match ctx.layout.form.as_str() {
        "2221700" => {
            let totals = monthly_totals(ctx, sink);
            days(
                ctx,
                if ctx.value(SHORT_TIME) == "1" { 11 } else { 17 },
                sink,
            );
            consecutive_months(ctx, sink);
            grand_total_and_average(ctx, totals, sink);
            minimum(ctx, CORRECTED_AVERAGE, sink);
        }
        "2225700" => {
            let totals = monthly_totals(ctx, sink);
            days(ctx, 0, sink);
            counted_total_and_average(ctx, totals, sink);
            minimum(ctx, CORRECTED_AVERAGE, sink);
            let v = ctx.value(SEVENTY_MONTHS);
            if !v.is_empty()
                && v.bytes().all(|b| b.is_ascii_digit())
                && v.len() != 2
                && v.len() != 4
            {
                sink.push(ctx.diag(
                    &r::FLD_DIGIT_COUNT,
                    SEVENTY_MONTHS,
                    Text::new(
                        format!(
                            "{}は2桁か4桁です（{}桁）",
                            ctx.item_ref(SEVENTY_MONTHS),
                            v.len()
                        ),
                        format!(
                            "{} has 2 or 4 digits, not {}",
                            ctx.item_ref_en(SEVENTY_MONTHS),
                            v.len()
                        ),
                    ),
                ));
            }
        }
        "2265700" => bonus(ctx, sink),
        _ => {}
    }
}

/// An amount item as a number (1–7 digits), when it is one; other values are the item rules'.
fn amount(ctx: &RecordCtx<'_>, no: u16) -> Option<u64> {
    let v = ctx.value(no);
    (!v.is_empty() && v.len() <= 7 && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.parse().ok())
        .flatten()
}

/// Each month's 合計 = 通貨 + 現物 (capped); returns the three 合計 when all are numbers.
fn monthly_totals(ctx: &RecordCtx<'_>, sink: &mut Sink) -> Option<[u64; 3]> {
    let mut all = [0u64; 3];
    let mut complete = true;
    for i in 0..3 {
        let (cash, kind, total) = (CASH[i], KIND[i], TOTAL[i]);
        let Some(t) = amount(ctx, total) else {
            complete = false;
            continue;
        };
        all[i] = t;
        if let (Some(c), Some(k)) = (amount(ctx, cash), amount(ctx, kind)) {
            let expected = (c + k).min(CAP);
            if t != expected {
                sink.push(
                    ctx.diag(
                        &r::SUM_TOTAL,
                        total,
                        Text::new(
                            format!(
                                "{}の {t} が通貨 {c} ＋ 現物 {k} ＝ {expected} と一致しません",
                                ctx.item_ref(total)
                            ),
                            format!(
                                "{} {t} is not 通貨 {c} + 現物 {k} = {expected}",
                                ctx.item_ref_en(total)
                            ),
                        ),
                    )
                    .with_label(ctx.label(cash, Text::new("通貨", "cash")))
                    .with_label(ctx.label(kind, Text::new("現物", "in kind"))),
                );
            }
        }
    }
    complete.then_some(all)
}

/// 給与計算の基礎日数: two digits from `min` to 31.
fn days(ctx: &RecordCtx<'_>, min: u32, sink: &mut Sink) {
    for no in DAYS {
        let v = ctx.value(no);
        let Some(n) = (v.len() == 2).then(|| v.parse::<u32>().ok()).flatten() else {
            continue;
        };
        if n < min || n > 31 {
            let (ja, en) = if min == 11 {
                (
                    "（備考欄項目３ 短時間労働者が1）",
                    " (備考欄項目３ short-time worker is 1)",
                )
            } else {
                ("", "")
            };
            sink.push(ctx.diag(
                &r::FLD_RANGE,
                no,
                Text::new(
                    format!("{}は{min:02}〜31です{ja}（{v}）", ctx.item_ref(no)),
                    format!("{} is {min:02}–31{en}, not {v}", ctx.item_ref_en(no)),
                ),
            ));
        }
    }
}

/// 2221700: the three pay months follow each other, and the revision month follows them.
fn consecutive_months(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    let month = |no: u16| -> Option<u32> {
        ctx.value(no)
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=12).contains(m))
    };
    let next = |m: u32| m % 12 + 1;
    let pairs = [
        (PAY_MONTH[0], PAY_MONTH[1]),
        (PAY_MONTH[1], PAY_MONTH[2]),
        (PAY_MONTH[2], REVISION_MONTH),
    ];
    for (before, after) in pairs {
        let (Some(a), Some(b)) = (month(before), month(after)) else {
            continue;
        };
        if next(a) != b {
            // The finding sits on the pay month that breaks the run.
            let at = if after == REVISION_MONTH {
                before
            } else {
                after
            };
            sink.push(
                ctx.diag(
                    &r::XIT_PAY_MONTHS,
                    at,
                    Text::new(
                        format!(
                            "{}の翌月が{}ではありません（{a:02}月の次は{:02}月）",
                            ctx.item_ref(before),
                            ctx.item_ref(after),
                            next(a)
                        ),
                        format!(
                            "{} is not the month after {} ({a:02} is followed by {:02})",
                            ctx.item_ref_en(after),
                            ctx.item_ref_en(before),
                            next(a)
                        ),
                    ),
                )
                .with_label(ctx.label(
                    if at == before { after } else { before },
                    Text::new("前後の月", "the other month"),
                )),
            );
        }
    }
}

/// 2221700: 総計 = the three 合計 (capped); 平均額 = 総計 ÷ 3 rounded down, at least 1,000, when
/// there is no 修正平均額 (and, for the division, no month at the cap).
fn grand_total_and_average(ctx: &RecordCtx<'_>, totals: Option<[u64; 3]>, sink: &mut Sink) {
    let corrected = ctx.record.is_present(CORRECTED_AVERAGE);
    if !corrected {
        minimum(ctx, AVERAGE, sink);
    }
    let Some(totals) = totals else {
        return;
    };
    let sum: u64 = totals.iter().sum();
    if let Some(g) = amount(ctx, GRAND_TOTAL) {
        let expected = sum.min(CAP);
        if g != expected {
            sink.push(ctx.diag(
                &r::SUM_GRAND_TOTAL,
                GRAND_TOTAL,
                Text::new(
                    format!(
                        "総計 {g} が3か月の合計 {} ＋ {} ＋ {} ＝ {expected} と一致しません",
                        totals[0], totals[1], totals[2]
                    ),
                    format!(
                        "総計 {g} is not {} + {} + {} = {expected}",
                        totals[0], totals[1], totals[2]
                    ),
                ),
            ));
        }
    }
    let Some(avg) = amount(ctx, AVERAGE).filter(|_| !corrected) else {
        return;
    };
    if !totals.contains(&CAP) {
        let expected = sum / 3;
        if avg != expected {
            sink.push(ctx.diag(
                &r::SUM_AVERAGE,
                AVERAGE,
                Text::new(
                    format!("平均額 {avg} が（{} ＋ {} ＋ {}）÷ 3 ＝ {expected}（1円未満切捨て）と一致しません", totals[0], totals[1], totals[2]),
                    format!("平均額 {avg} is not ({} + {} + {}) ÷ 3 = {expected}, rounded down", totals[0], totals[1], totals[2]),
                ),
            ));
        }
    }
}

// 2225700 備考欄項目 that decide which months count.
const SANTEI_PLANNED_CHANGE: u16 = 46;
const SANTEI_JOINED_MID_MONTH: u16 = 47;
const SANTEI_LEAVE: u16 = 48;
const SANTEI_SHORT_TIME: u16 = 49;
const SANTEI_PART_TIME: u16 = 50;
const SANTEI_YEARLY_AVERAGE: u16 = 51;

/// 2225700: 総計 is the sum of the 合計 of the months that count, 平均額 that sum divided by their
/// number (rounded down): 「総計不正 … ＜算定基礎届の場合＞『総計』は『基礎日数以上あった月』の合計
/// に誤りがあります」 (届書作成プログラム 操作説明書 第三部 p.40, as quoted by rakually-test). A month
/// counts with 17 基礎日数 or more; a short-time worker's (備考欄項目６) with 11 or more; a part-timer's
/// (備考欄項目７) with 17 or more, else with 15 or more (日本年金機構 定時決定). [I] Not checked when
/// the employer chooses the months (月額変更予定, 途中入社, 病休・育休・休職等, 年間平均: 備考欄項目３,
/// ４, ５, ８) or when no month counts (the 従前 標準報酬 stays; what is written then is not known).
fn counted_total_and_average(ctx: &RecordCtx<'_>, totals: Option<[u64; 3]>, sink: &mut Sink) {
    let chosen = [
        SANTEI_PLANNED_CHANGE,
        SANTEI_JOINED_MID_MONTH,
        SANTEI_LEAVE,
        SANTEI_YEARLY_AVERAGE,
    ];
    let Some(totals) = totals.filter(|_| chosen.iter().all(|no| ctx.value(*no) != "1")) else {
        return;
    };
    let Some(days) = DAYS
        .iter()
        .map(|no| {
            ctx.value(*no)
                .parse::<u32>()
                .ok()
                .filter(|_| ctx.value(*no).len() == 2)
        })
        .collect::<Option<Vec<u32>>>()
    else {
        return;
    };
    let months = |min: u32| -> Vec<usize> { (0..3).filter(|i| days[*i] >= min).collect() };
    let counted = if ctx.value(SANTEI_SHORT_TIME) == "1" {
        months(11)
    } else if ctx.value(SANTEI_PART_TIME) == "1" {
        Some(months(17))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| months(15))
    } else {
        months(17)
    };
    if counted.is_empty() {
        return;
    }
    let sum: u64 = counted.iter().map(|i| totals[*i]).sum();
    let which: Vec<String> = counted.iter().map(|i| format!("{}月", 4 + i)).collect();
    if let Some(g) = amount(ctx, GRAND_TOTAL) {
        let expected = sum.min(CAP);
        if g != expected {
            sink.push(ctx.diag(
                &r::SUM_GRAND_TOTAL,
                GRAND_TOTAL,
                Text::new(
                    format!("総計 {g} が基礎日数の足りる月（{}）の合計 {expected} と一致しません", which.join("・")),
                    format!("総計 {g} is not {expected}, the total of the months with enough 基礎日数 ({})", which.join(", ")),
                ),
            ));
        }
    }
    let avg = amount(ctx, AVERAGE).filter(|_| !ctx.record.is_present(CORRECTED_AVERAGE));
    if let Some(avg) = avg.filter(|_| !counted.iter().any(|i| totals[*i] == CAP)) {
        let n = counted.len() as u64;
        let expected = sum / n;
        if avg != expected {
            sink.push(ctx.diag(
                &r::SUM_AVERAGE,
                AVERAGE,
                Text::new(
                    format!("平均額 {avg} が基礎日数の足りる月（{}）の平均 {sum} ÷ {n} ＝ {expected}（1円未満切捨て）と一致しません", which.join("・")),
                    format!("平均額 {avg} is not {sum} ÷ {n} = {expected}, the average of the months with enough 基礎日数 ({}), rounded down", which.join(", ")),
                ),
            ));
        }
    }
}

/// An amount that must be at least 1,000 when given.
fn minimum(ctx: &RecordCtx<'_>, no: u16, sink: &mut Sink) {
    if let Some(v) = amount(ctx, no).filter(|v| *v < 1000) {
        sink.push(ctx.diag(
            &r::SUM_MINIMUM,
            no,
            Text::new(
                format!("{}の {v} が1,000円未満です", ctx.item_ref(no)),
                format!("{} {v} is below 1,000", ctx.item_ref_en(no)),
            ),
        ));
    }
}

/// 2265700: 合計（賞与額） = (通貨 + 現物) rounded down to the thousand, 9,999,999 over the cap,
/// and at least 1,000.
fn bonus(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    let (Some(c), Some(k), Some(t)) = (
        amount(ctx, BONUS_CASH),
        amount(ctx, BONUS_KIND),
        amount(ctx, BONUS_TOTAL),
    ) else {
        return;
    };
    let sum = c + k;
    let expected = if sum > CAP { CAP } else { sum / 1000 * 1000 };
    if t != expected {
        sink.push(
            ctx.diag(
                &r::SUM_BONUS,
                BONUS_TOTAL,
                Text::new(
                    format!("賞与額 {t} が通貨 {c} ＋ 現物 {k} の千円未満切捨て {expected} と一致しません"),
                    format!("bonus total {t} is not 通貨 {c} + 現物 {k} rounded down to the thousand, {expected}"),
                ),
            )
            .with_label(ctx.label(BONUS_CASH, Text::new("通貨", "cash")))
            .with_label(ctx.label(BONUS_KIND, Text::new("現物", "in kind"))),
        );
    }
    minimum(ctx, BONUS_TOTAL, sink);
}
