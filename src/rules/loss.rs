//! 資格喪失届 (2201700) date rules the table states between items (`DAT006`–`DAT008`):
//! 資格喪失年月日 = 退職日死亡日 + 1 day, 不該当年月日 = 退職日死亡日, 資格喪失年月日 > 生年月日,
//! and 75歳到達 on or after the 75th birthday.
//!
//! Source: the 自動チェック table csv201.pdf as transcribed by rakually-test
//! (`kyuyo/docs/soshitsu-2201700.md`); see docs/layout-sources.md.

use chrono::{Datelike, NaiveDate};

use crate::diag::registry as r;
use crate::diag::{Sink, Text};

use super::dates::date_of;
use super::RecordCtx;

// 2201700 項番.
const BIRTH_ERA: u16 = 9;
const BIRTH_DATE: u16 = 10;
const LOSS_ERA: u16 = 14;
const LOSS_DATE: u16 = 15;
const CAUSE: u16 = 16;
const LEFT_ERA: u16 = 17;
const LEFT_DATE: u16 = 18;
const CEASE_70: u16 = 24;
const CEASE_ERA: u16 = 25;
const CEASE_DATE: u16 = 26;
const SEVENTY_ONLY: u16 = 27;

/// The day a person born on `birth` reaches the anniversary `years` on; a 29 February birthday
/// falls on 1 March in a common year \[I\].
pub fn anniversary(birth: NaiveDate, years: i32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(years)?;
    birth
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// The 資格喪失届 date rules between items (`DAT006`–`DAT008`) on one record.
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    let cause = ctx.value(CAUSE);
    let birth = date_of(ctx, BIRTH_ERA, BIRTH_DATE);
    let loss = date_of(ctx, LOSS_ERA, LOSS_DATE);
    let left = date_of(ctx, LEFT_ERA, LEFT_DATE);
    let seventy_only = ctx.value(SEVENTY_ONLY) == "1";

    // 退職等 (4), and 死亡 (5) unless only the 70歳以上被用者不該当届 is filed: insured through the
    // last day, so the loss is the day after.
    if let (Some(loss), Some(left)) = (loss, left) {
        if cause == "4" || (cause == "5" && !seventy_only) {
            let day_after = left.succ_opt();
            if day_after != Some(loss) {
                sink.push(
                    ctx.diag(
                        &r::DAT_LOSS_DAY,
                        LOSS_DATE,
                        Text::new(
                            format!(
                                "資格喪失年月日 {loss} は退職日死亡日 {left} の翌日ではありません（喪失原因 {cause}: 翌日が喪失日です）"
                            ),
                            format!(
                                "loss date {loss} is not the day after the 退職日死亡日 {left} (cause {cause}: the loss is the next day)"
                            ),
                        ),
                    )
                    .with_label(ctx.label(LEFT_DATE, Text::new("退職日死亡日", "date of leaving or death"))),
                );
            }
        }
    }
    // The 70歳不該当 date is the 退職日死亡日 itself.
    let cease = date_of(ctx, CEASE_ERA, CEASE_DATE);
    if let (Some(cease), Some(left)) = (cease, left) {
        if (cause == "4" || cause == "5") && ctx.value(CEASE_70) == "1" && cease != left {
            sink.push(
                ctx.diag(
                    &r::DAT_LOSS_DAY,
                    CEASE_DATE,
                    Text::new(
                        format!(
                            "不該当年月日 {cease} は退職日死亡日 {left} と同じ日です（翌日ではありません）"
                        ),
                        format!(
                            "the 70-cease date {cease} must be the 退職日死亡日 {left} itself (not the day after)"
                        ),
                    ),
                )
                .with_label(ctx.label(LEFT_DATE, Text::new("退職日死亡日", "date of leaving or death"))),
            );
        }
    }
    let (Some(loss), Some(birth)) = (loss, birth) else {
        return;
    };
    if loss <= birth {
        sink.push(
            ctx.diag(
                &r::DAT_BEFORE_BIRTH,
                LOSS_DATE,
                Text::new(
                    format!("資格喪失年月日 {loss} が生年月日 {birth} より後ではありません"),
                    format!("loss date {loss} is not after the date of birth {birth}"),
                ),
            )
            .with_label(ctx.label(BIRTH_DATE, Text::new("生年月日", "date of birth"))),
        );
    } else if cause == "7" {
        if let Some(turns_75) = anniversary(birth, 75).filter(|d| loss < *d) {
            sink.push(
                ctx.diag(
                    &r::DAT_SEVENTY_FIVE,
                    LOSS_DATE,
                    Text::new(
                        format!(
                            "喪失原因7（75歳到達）ですが、資格喪失年月日 {loss} は75歳の誕生日 {turns_75} より前です"
                        ),
                        format!(
                            "cause 7 (turning 75), but the loss date {loss} is before the 75th birthday {turns_75}"
                        ),
                    ),
                )
                .with_label(ctx.label(BIRTH_DATE, Text::new("生年月日", "date of birth"))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anniversaries() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(anniversary(d(1949, 12, 2), 75), Some(d(2024, 12, 2)));
        assert_eq!(anniversary(d(1948, 2, 29), 75), Some(d(2023, 3, 1)));
        assert_eq!(anniversary(d(1952, 2, 29), 72), Some(d(2024, 2, 29)));
    }
}
