//! Certificate-request rules (`CRT`): the 資格確認書発行要否 box, and old-format forms, which have
//! no box and are registered as 「発行希望なし」 (`not_requested_old_format`).

use crate::diag::{Severity, Sink, Text};
use crate::layout::ModelKind;

use super::{new_form_required_from, RecordCtx};
use crate::diag::registry as r;

/// The certificate-request rules (`CRT`) on one record: the 資格確認書発行要否 box, and old-format
/// forms without it.
pub fn check(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    if !ctx.layout.carries_certificate() {
        return;
    }
    if ctx.layout.old_format {
        old_format(ctx, sink);
        return;
    }
    for item in ctx.layout.items_numbered(&ctx.layout.index.certificates) {
        let v = ctx.value(item.no);
        if v.is_empty() {
            continue;
        }
        if v != "1" {
            sink.push(ctx.diag(
                &r::CRT_VALUE,
                item.no,
                Text::new(
                    format!(
                        "{}は「1」（発行が必要）か空です（「{}」）",
                        ctx.item_ref(item.no),
                        ctx.quote(item.no, v)
                    ),
                    format!(
                        "{} is `1` (certificate needed) or empty, not `{}`",
                        ctx.item_ref_en(item.no),
                        ctx.quote(item.no, v)
                    ),
                ),
            ));
        } else if !ctx.slot_present(item.slot) {
            sink.push(ctx.diag(
                &r::CRT_ABSENT_PERSON,
                item.no,
                Text::new(
                    format!(
                        "{}に「1」がありますが、該当する被扶養者の記載がありません",
                        ctx.item_ref(item.no)
                    ),
                    format!(
                        "{} is `1` but the record has no such person",
                        ctx.item_ref_en(item.no)
                    ),
                ),
            ));
        }
    }
}

fn old_format(ctx: &RecordCtx<'_>, sink: &mut Sink) {
    let persons = match ctx.layout.model {
        ModelKind::DependentChange => {
            let n = ctx
                .layout
                .person_slots()
                .iter()
                .filter(|s| **s != crate::layout::Slot::Insured && ctx.slot_present(**s))
                .count();
            (format!("被扶養者{n}名"), format!("{n} dependent(s)"))
        }
        _ => ("被保険者".to_string(), "the insured person".to_string()),
    };
    let count = ctx.layout.items.len();
    let severity = if ctx.opts.received_on >= new_form_required_from() {
        Severity::Warning
    } else {
        Severity::Info
    };
    let mut d = ctx
        .diag(
            &r::CRT_OLD_FORMAT,
            1,
            Text::new(
                format!(
                    "旧様式（{}項目、資格確認書発行要否欄なし）のため、{}は資格確認書「発行希望なし」として登録されます",
                    count, persons.0
                ),
                format!(
                    "old-format record ({count} items, no certificate box): {} registered as no certificate requested",
                    persons.1
                ),
            ),
        )
        .with_severity(severity);
    if severity == Severity::Info {
        d = d.with_help(Text::new(
            "受付日が令和6年11月28日より前のため、旧様式での届出は受け付けられます。",
            "the date of receipt is before 2024-11-28, when the old form was still accepted.",
        ));
    }
    sink.push(d);
}
