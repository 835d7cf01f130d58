//! 被扶養者(異動)届 (2202700) rules between persons and items the table states (`XIT005`–
//! `XIT007`): 海外特例 非該当 with a 被扶養者になった日, dependents filled in order, and a line
//! with no dependent at all.
//!
//! Source: SPEC 16.2 表4.10.1-1 as transcribed by rakually-test (`kyuyo/docs/fuyo-2202700.md`,
//! `fuyo()`); see docs/layout-sources.md. 項番 are those of both 2202700 layouts.

use crate::diag::registry as r;
use crate::diag::{Sink, Text};
use crate::layout::Slot;

use super::RecordCtx;

/// Per person: the 海外特例 item and the 被扶養者になった日 (元号, 年月日) items.
const OVERSEAS: [(Slot, u16, u16, u16); 3] = [
    (Slot::Spouse, 58, 44, 45),
    (Slot::Dependent1, 83, 90, 91),
    (Slot::Dependent2, 116, 123, 124),
];
/// The first item of その他の被扶養者１ and ２ (氏名カナ).
const DEPENDENT1_NAME: u16 = 71;
const DEPENDENT2_NAME: u16 = 104;

/// The 被扶養者(異動)届 rules between persons and items (`XIT005`–`XIT007`) on one record.
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    for (slot, flag, era, date) in OVERSEAS {
        let became = ctx.record.is_present(era) || ctx.record.is_present(date);
        if ctx.slot_present(slot) && ctx.value(flag) == "2" && became {
            sink.push(
                ctx.diag(
                    &r::XIT_OVERSEAS_CEASED,
                    flag,
                    Text::new(
                        format!(
                            "{}が「2」（非該当）ですが、被扶養者になった日が記載されています",
                            ctx.item_ref(flag)
                        ),
                        format!(
                            "{} is `2` (非該当) although the person's 被扶養者になった日 is given",
                            ctx.item_ref_en(flag)
                        ),
                    ),
                )
                .with_label(ctx.label(date, Text::new("被扶養者になった日", "became a dependent"))),
            );
        }
    }
    let (spouse, first, second) = (
        ctx.slot_present(Slot::Spouse),
        ctx.slot_present(Slot::Dependent1),
        ctx.slot_present(Slot::Dependent2),
    );
    if second && !first {
        sink.push(
            ctx.diag(
                &r::XIT_DEPENDENT_ORDER,
                DEPENDENT1_NAME,
                Text::new(
                    "その他の被扶養者２に記載がありますが、その他の被扶養者１が空です（１から順に記載します）",
                    "その他の被扶養者２ is filled but その他の被扶養者１ is empty (fill １ first)",
                ),
            )
            .with_label(ctx.label(DEPENDENT2_NAME, Text::new("その他の被扶養者２", "second other dependent"))),
        );
    }
    if !spouse && !first && !second {
        sink.push(ctx.diag(
            &r::XIT_NO_DEPENDENT,
            1,
            Text::new(
                "配偶者もその他の被扶養者も記載されていません",
                "neither a spouse nor another dependent is on the record",
            ),
        ));
    }
}
