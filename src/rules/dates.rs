//! Date rules (`DAT`): 元号 codes allowed per item, real dates within their era, and dates not
//! after the date of receipt.

use crate::diag::{Sink, Text};
use crate::layout::Kind;
use crate::model::era::{self, Era, EraDateError};

use super::RecordCtx;
use crate::diag::registry as r;

/// The date rules (`DAT`) on one record: allowed 元号, real days of their era, not after the 受付日.
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    for item in ctx.layout.items_numbered(&ctx.layout.index.dated) {
        let v = ctx.value(item.no);
        if v.is_empty() {
            continue;
        }
        match item.kind {
            Kind::Era => {
                let ok = v.len() == 1 && v.parse::<u8>().is_ok_and(|c| item.eras.contains(&c));
                if !ok {
                    let allowed: Vec<String> = item
                        .eras
                        .iter()
                        .filter_map(|c| Era::by_code(*c).map(|e| format!("{c} {}", e.name)))
                        .collect();
                    sink.push(ctx.diag(
                        &r::DAT_ERA,
                        item.no,
                        Text::new(
                            format!(
                                "{}に「{}」は使えません（{}）",
                                ctx.item_ref(item.no),
                                ctx.quote(item.no, v),
                                allowed.join("、")
                            ),
                            format!(
                                "{}: `{}` is not an allowed era code ({})",
                                ctx.item_ref_en(item.no),
                                ctx.quote(item.no, v),
                                allowed.join(", ")
                            ),
                        ),
                    ));
                }
            }
            Kind::Date => {
                let Some(era_no) = item.era_item else {
                    continue;
                };
                // An invalid or missing era is reported on its own item.
                let Some(code) = ctx
                    .value(era_no)
                    .parse::<u8>()
                    .ok()
                    .filter(|c| ctx.layout.item(era_no).is_some_and(|e| e.eras.contains(c)))
                else {
                    continue;
                };
                let era_name = Era::by_code(code).map_or("", |e| e.name);
                match era::to_date(code, v) {
                    Ok(date) => {
                        if item.not_after_received && date > ctx.opts.received_on {
                            sink.push(
                                ctx.diag(
                                    &r::DAT_FUTURE,
                                    item.no,
                                    Text::new(
                                        format!(
                                            "{}（{}）が受付日 {} より後です",
                                            ctx.item_ref(item.no),
                                            date,
                                            ctx.opts.received_on
                                        ),
                                        format!(
                                            "{} ({date}) is after the date of receipt {}",
                                            ctx.item_ref_en(item.no),
                                            ctx.opts.received_on
                                        ),
                                    ),
                                )
                                .with_label(ctx.label(era_no, Text::new("元号", "era"))),
                            );
                        }
                    }
                    Err(e) => {
                        let (ja, en) = match e {
                            EraDateError::NotYymmdd => (
                                "YYMMDD（6桁の半角数字）ではありません".to_string(),
                                "is not YYMMDD (6 half-width digits)".to_string(),
                            ),
                            EraDateError::OutsideEra => (
                                format!("は{era_name}にない日付です"),
                                format!("is not a date of the {era_name} era"),
                            ),
                            _ => (
                                "は存在しない日付です".to_string(),
                                "does not exist".to_string(),
                            ),
                        };
                        sink.push(
                            ctx.diag(
                                &r::DAT_INVALID,
                                item.no,
                                Text::new(
                                    format!(
                                        "{}「{}{}」{ja}",
                                        ctx.item_ref(item.no),
                                        era_name,
                                        ctx.quote(item.no, v)
                                    ),
                                    format!(
                                        "{} `{code}` `{}` {en}",
                                        ctx.item_ref_en(item.no),
                                        ctx.quote(item.no, v)
                                    ),
                                ),
                            )
                            .with_label(ctx.label(era_no, Text::new("元号", "era"))),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// The western date of a 元号 item + YYMMDD item pair, when both are valid.
pub fn date_of(ctx: &RecordCtx<'_>, era_no: u16, date_no: u16) -> Option<chrono::NaiveDate> {
    let code = ctx.value(era_no).parse::<u8>().ok()?;
    era::to_date(code, ctx.value(date_no)).ok()
}
