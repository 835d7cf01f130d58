//! OCR rules (`OCR005`–`OCR010`): what OCR may have misread, on records read from paper.
//!
//! These rules read the OCR metadata kept beside a record ([`RecordMeta`]): confidence, checkbox
//! state, the value before normalisation. They run before the format-agnostic rules; afterwards
//! [`review`] adds a "probable misread" note to those rules' findings on a doubtful field, and adds the
//! single-digit corrections of a My Number that fails its check digit.
//!
//! No message shows a digit of a personal number: sensitive items are named, never quoted, and
//! neither are their candidates.

use std::fmt::Write;

use crate::diag::{Diagnostic, Sink, Text};
use crate::layout::{Item, Role};
use crate::model::normalise;
use crate::model::ocr::{FieldKind, FieldMeta, Mark, Normalisation, RecordMeta};

use super::{mynumber, RecordCtx};
use crate::diag::redact;
use crate::diag::registry as r;

/// The default confidence below which a field is reported (ABBYY-style verification threshold).
pub const DEFAULT_THRESHOLD: f64 = 0.80;

/// Confidence thresholds per kind of box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    per_kind: [f64; 5],
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            per_kind: [DEFAULT_THRESHOLD; 5],
        }
    }
}

impl Thresholds {
    fn index(kind: FieldKind) -> usize {
        FieldKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
    }

    /// The threshold for `kind`.
    pub fn get(&self, kind: FieldKind) -> f64 {
        self.per_kind
            .get(Self::index(kind))
            .copied()
            .unwrap_or(DEFAULT_THRESHOLD)
    }

    /// Sets the threshold of one kind, or of every kind when `kind` is `None`.
    pub fn set(&mut self, kind: Option<FieldKind>, value: f64) {
        match kind {
            Some(k) => {
                if let Some(t) = self.per_kind.get_mut(Self::index(k)) {
                    *t = value;
                }
            }
            None => self.per_kind = [value; 5],
        }
    }

    /// Parses `0.9` (every kind) or `checkbox=0.9`; the error says what is wrong, for the user.
    pub fn parse_setting(s: &str) -> Result<(Option<FieldKind>, f64), Text> {
        let (kind, value) = match s.split_once('=') {
            Some((k, v)) => (
                Some(FieldKind::parse(k.trim()).ok_or_else(|| {
                    let k = redact::name(k);
                    Text::new(
                        format!("枠の種類「{k}」はありません（text、date、number、checkbox、choice のどれかです）"),
                        format!("unknown field type `{k}` (text, date, number, checkbox, choice)"),
                    )
                })?),
                v,
            ),
            None => (None, s),
        };
        let shown = redact::name(value);
        let value: f64 = value.trim().parse().map_err(|_| {
            Text::new(
                format!("「{shown}」は数ではありません。0〜1 の数を書いてください（例: 0.8 または date=0.9）"),
                format!("`{shown}` is not a number"),
            )
        })?;
        if !(0.0..=1.0).contains(&value) {
            return Err(Text::new(
                format!("{value} は0〜1の範囲にありません"),
                format!("{value} is not between 0 and 1"),
            ));
        }
        Ok((kind, value))
    }

    /// True when a field's reading is doubtful: below its threshold and not reviewed.
    pub fn doubtful(&self, f: &FieldMeta) -> bool {
        !f.reviewed && f.confidence.is_some_and(|c| c < self.get(f.kind))
    }
}

/// The OCR findings of one record. `with_shared` is false for every record of a sheet but the
/// first, so that a sheet-wide field (事業所整理記号, record 0) is reported once.
pub fn check(
    ctx: &RecordCtx<'_>,
    meta: &RecordMeta,
    th: &Thresholds,
    with_shared: bool,
    sink: &mut Sink,
) {
    for item in &ctx.layout.items {
        let Some(f) = meta.get(item.no) else {
            continue;
        };
        if f.shared && !with_shared {
            continue;
        }
        normalised(ctx, item, f, sink);
        if f.unreadable && item.role != Some(Role::CertificateRequest) {
            unreadable(ctx, item, f, sink);
        }
        if th.doubtful(f) {
            low_confidence(ctx, item, f, th, sink);
        }
        lookalikes(ctx, item, sink);
    }
    certificate(ctx, meta, sink);
}

/// Whether the value may be quoted in a message.
fn quotable(item: &Item) -> bool {
    item.sensitive.is_none()
}

fn normalised(ctx: &RecordCtx<'_>, item: &Item, f: &FieldMeta, sink: &mut Sink) {
    if f.normalised.is_empty() {
        return;
    }
    let (mut ja, mut en) = (Vec::new(), Vec::new());
    for step in &f.normalised {
        let (j, e) = match step {
            Normalisation::HalfWidthDigits(n) => (
                format!("全角数字{n}文字を半角に"),
                format!("{n} 全角 digit(s) made 半角"),
            ),
            Normalisation::SpacesRemoved(n) => (
                format!("空白{n}文字を削除"),
                format!("{n} space(s) removed"),
            ),
            Normalisation::HalfWidthKana(n) => (
                format!("{n}文字を半角カナに"),
                format!("{n} character(s) made 半角 kana"),
            ),
            Normalisation::FullWidth(n) => (
                format!("{n}文字を全角に"),
                format!("{n} character(s) made 全角"),
            ),
        };
        ja.push(j);
        en.push(e);
    }
    let (change_ja, change_en) = if quotable(item) {
        let to = ctx.value(item.no);
        (
            format!(
                "「{}」→「{}」",
                ctx.quote(item.no, &f.given),
                ctx.quote(item.no, to)
            ),
            format!(
                "`{}` → `{}`",
                ctx.quote(item.no, &f.given),
                ctx.quote(item.no, to)
            ),
        )
    } else {
        (
            "（値は表示しません）".to_string(),
            "(value not shown)".to_string(),
        )
    };
    sink.push(ctx.diag(
        &r::OCR_NORMALISED,
        item.no,
        Text::new(
            format!(
                "{}: {}（{}）",
                ctx.item_ref(item.no),
                change_ja,
                ja.join("、")
            ),
            format!(
                "{}: {} ({})",
                ctx.item_ref_en(item.no),
                change_en,
                en.join(", ")
            ),
        ),
    ));
}

fn unreadable(ctx: &RecordCtx<'_>, item: &Item, f: &FieldMeta, sink: &mut Sink) {
    let (what_ja, what_en) = match f.kind {
        FieldKind::Checkbox => ("チェック欄", "checkbox"),
        FieldKind::Choice => ("選択欄（○で囲む）", "circled choice"),
        _ => ("文字", "text"),
    };
    let raw = f
        .raw
        .as_deref()
        .filter(|r| !r.is_empty() && quotable(item))
        .map(|r| {
            (
                format!("（OCR: 「{}」）", ctx.quote(item.no, r)),
                format!(" (OCR: `{}`)", ctx.quote(item.no, r)),
            )
        })
        .unwrap_or_default();
    sink.push(ctx.diag(
        &r::OCR_UNREADABLE,
        item.no,
        Text::new(
            format!(
                "{}の{what_ja}を読み取れません。空として検査します{}",
                ctx.item_ref(item.no),
                raw.0
            ),
            format!(
                "{}: the {what_en} could not be read; checked as empty{}",
                ctx.item_ref_en(item.no),
                raw.1
            ),
        ),
    ));
}

/// `「a」(0.22)、「b」` — candidates of a non-sensitive item.
fn candidates(ctx: &RecordCtx<'_>, no: u16, f: &FieldMeta) -> String {
    f.candidates
        .iter()
        .take(5)
        .map(|c| match c.confidence {
            Some(conf) => format!("「{}」({conf:.2})", ctx.quote(no, &c.value)),
            None => format!("「{}」", ctx.quote(no, &c.value)),
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn mark_word(m: Option<Mark>) -> (&'static str, &'static str) {
    match m {
        Some(Mark::Selected) => ("選択", "selected"),
        Some(Mark::Unselected) => ("未選択", "unselected"),
        _ => ("判読不能", "unreadable"),
    }
}

fn low_confidence(
    ctx: &RecordCtx<'_>,
    item: &Item,
    f: &FieldMeta,
    th: &Thresholds,
    sink: &mut Sink,
) {
    let conf = f.confidence.unwrap_or(0.0);
    let limit = th.get(f.kind);
    let mut ja = format!(
        "{}: OCR確信度 {conf:.2} がしきい値 {limit:.2} 未満です",
        ctx.item_ref(item.no)
    );
    let mut en = format!(
        "{}: OCR confidence {conf:.2} is below {limit:.2}",
        ctx.item_ref_en(item.no)
    );
    if f.kind == FieldKind::Checkbox {
        let (wj, we) = mark_word(f.mark);
        let _ = write!(ja, "（チェック: {wj}）");
        let _ = write!(en, " (box: {we})");
    } else if quotable(item) {
        let _ = write!(ja, "（読み取り値「{}」", ctx.shown(item.no));
        let _ = write!(en, " (read as `{}`", ctx.shown(item.no));
        if !f.candidates.is_empty() {
            let _ = write!(ja, "、候補{}", candidates(ctx, item.no, f));
            let _ = write!(
                en,
                "; candidates {}",
                candidates(ctx, item.no, f).replace('、', ", ")
            );
        }
        ja.push('）');
        en.push(')');
    } else {
        ja.push_str("（値は表示しません）");
        en.push_str(" (value not shown)");
    }
    if let Some((pos, c)) = weakest_char(f) {
        let _ = write!(ja, "。最も低い文字: {pos}文字目（{c:.2}）");
        let _ = write!(en, "; weakest character: position {pos} ({c:.2})");
    }
    sink.push(ctx.diag(&r::OCR_LOW_CONFIDENCE, item.no, Text::new(ja, en)));
}

/// The 1-based position and confidence of the least confident character.
fn weakest_char(f: &FieldMeta) -> Option<(usize, f64)> {
    f.char_conf
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, c)| (i + 1, *c))
}

fn lookalikes(ctx: &RecordCtx<'_>, item: &Item, sink: &mut Sink) {
    let v = ctx.value(item.no);
    if v.is_empty() {
        return;
    }
    let found = normalise::lookalikes(item, v);
    if found.is_empty() {
        return;
    }
    let positions: Vec<String> = found.iter().map(|l| l.position.to_string()).collect();
    let proposed = normalise::proposed_value(v, &found);
    // The value and its proposal are shown side by side: when either would have a number
    // masked, showing the other would give its digits away (`12345678O012` next to a masked
    // `123456789012`), so neither is shown.
    let class = ctx.class(item.no);
    let showable = quotable(item)
        && matches!(redact::mask(v, class), std::borrow::Cow::Borrowed(_))
        && matches!(
            redact::mask(&proposed, class),
            std::borrow::Cow::Borrowed(_)
        );
    let (ja, en) = if showable {
        let each: Vec<String> = found
            .iter()
            .map(|l| match l.proposed {
                Some(p) => format!(
                    "{}文字目「{}」→「{}」",
                    l.position,
                    redact::char(l.found),
                    redact::char(p)
                ),
                None => format!("{}文字目「{}」→削除", l.position, redact::char(l.found)),
            })
            .collect();
        (
            format!(
                "{}: 「{}」は「{}」の読み違いの可能性があります（{}。値は変更していません）",
                ctx.item_ref(item.no),
                ctx.quote(item.no, v),
                ctx.quote(item.no, &proposed),
                each.join("、")
            ),
            format!(
                "{}: `{}` may be a misread of `{}` (positions {}; the value was not changed)",
                ctx.item_ref_en(item.no),
                ctx.quote(item.no, v),
                ctx.quote(item.no, &proposed),
                positions.join(", ")
            ),
        )
    } else {
        // The characters found are letters and signs, never digits; the proposal would be a
        // digit of the number (or a digit of a number masked elsewhere), so it is not shown.
        let chars: Vec<String> = found
            .iter()
            .map(|l| format!("「{}」", redact::char(l.found)))
            .collect();
        (
            format!(
                "{}: {}文字目の{}は数字の読み違いの可能性があります（値は表示しません）",
                ctx.item_ref(item.no),
                positions.join("、"),
                chars.join("")
            ),
            format!(
                "{}: {} at position(s) {} may be misread digits (value not shown)",
                ctx.item_ref_en(item.no),
                chars.join(""),
                positions.join(", ")
            ),
        )
    };
    sink.push(ctx.diag(&r::OCR_LOOKALIKE, item.no, Text::new(ja, en)));
}

/// The 資格確認書発行要否 box of a new-form record: unreadable or missing → `unknown`.
fn certificate(ctx: &RecordCtx<'_>, meta: &RecordMeta, sink: &mut Sink) {
    if ctx.layout.old_format || !ctx.layout.carries_certificate() {
        return;
    }
    for item in ctx.layout.items_numbered(&ctx.layout.index.certificates) {
        if !ctx.slot_present(item.slot) || !meta.certificate_unknown(item.no) {
            continue;
        }
        let (ja, en) = if meta.get(item.no).is_none() {
            ("OCR結果にありません", "is missing from the OCR result")
        } else {
            ("を読み取れません", "could not be read")
        };
        sink.push(ctx.diag(
            &r::OCR_CERTIFICATE_UNKNOWN,
            item.no,
            Text::new(
                format!(
                    "{}{ja}。資格確認書の発行要否は「不明」とし、確認されるまで変換しません",
                    ctx.item_ref(item.no)
                ),
                format!(
                    "{} {en}: the certificate request is unknown, and the record is not converted until it is reviewed",
                    ctx.item_ref_en(item.no)
                ),
            ),
        ));
    }
}

/// Moves the findings of the other rules on this record into `sink`: a finding on a doubtful
/// field gets the note "probable misread", and a My Number that fails its check digit gets its
/// single-digit corrections (`OCR010`).
pub fn review(
    ctx: &RecordCtx<'_>,
    meta: &RecordMeta,
    th: &Thresholds,
    findings: Vec<Diagnostic>,
    sink: &mut Sink,
) {
    for mut d in findings {
        // The finding's own item first, then the other items it names (合計 ↔ 通貨).
        let doubtful = std::iter::once(&d.primary)
            .chain(d.secondary.iter().map(|l| &l.place))
            .filter(|l| l.record() == Some(ctx.record.number))
            .filter_map(|l| l.item())
            .find_map(|no| meta.get(no).filter(|f| th.doubtful(f)).map(|f| (no, f)));
        if let Some((no, f)) = doubtful {
            let own = d.primary.item() == Some(no);
            probable_misread(&mut d, ctx, no, f, own);
        }
        let corrections = (d.rule == &r::MYN_CHECK_DIGIT)
            .then_some(d.primary.item())
            .flatten()
            .map(|no| (no, meta.get(no)));
        sink.push(d);
        if let Some((no, f)) = corrections {
            my_number_corrections(ctx, no, f, sink);
        }
    }
}

fn probable_misread(d: &mut Diagnostic, ctx: &RecordCtx<'_>, no: u16, f: &FieldMeta, own: bool) {
    let conf = f.confidence.unwrap_or(0.0);
    let (wj, we) = if own {
        (String::new(), String::new())
    } else {
        (format!("項番{no}の"), format!(" of item {no}"))
    };
    let shown = ctx.layout.item(no).is_some_and(quotable) && !f.candidates.is_empty();
    let (cj, ce) = if shown {
        (
            format!("、候補{}", candidates(ctx, no, f)),
            format!(
                "; candidates {}",
                candidates(ctx, no, f).replace('、', ", ")
            ),
        )
    } else {
        (String::new(), String::new())
    };
    d.notes.push(Text::new(
        format!("読み違いの可能性: {wj}OCR確信度 {conf:.2}{cj}"),
        format!("probable misread: OCR confidence{we} {conf:.2}{ce}"),
    ));
}

/// The single-digit changes that make a 12-digit My Number pass its check digit: positions and
/// count only.
pub fn corrections(value: &str) -> Vec<usize> {
    let digits: Vec<u8> = value.bytes().collect();
    if digits.len() != 12 || !digits.iter().all(u8::is_ascii_digit) {
        return Vec::new();
    }
    let mut positions = Vec::new();
    let mut trial = digits.clone();
    for i in 0..12 {
        let Some(&orig) = digits.get(i) else { continue };
        for d in b'0'..=b'9' {
            if d == orig {
                continue;
            }
            if let Some(t) = trial.get_mut(i) {
                *t = d;
            }
            if std::str::from_utf8(&trial).is_ok_and(|s| mynumber::parse(s).is_ok()) {
                positions.push(i + 1);
            }
        }
        if let Some(t) = trial.get_mut(i) {
            *t = orig;
        }
    }
    positions
}

fn my_number_corrections(ctx: &RecordCtx<'_>, no: u16, f: Option<&FieldMeta>, sink: &mut Sink) {
    let found = corrections(ctx.value(no));
    if found.is_empty() {
        return;
    }
    let mut positions = found.clone();
    positions.dedup();
    let list: Vec<String> = positions.iter().map(usize::to_string).collect();
    let mut ja = format!(
        "{}: 1桁の読み違いとすると検査用数字が合う読み方が{}通りあります（{}桁目）",
        ctx.item_ref(no),
        found.len(),
        list.join("、")
    );
    let mut en = format!(
        "{}: {} single-digit correction(s) would pass the check digit (position(s) {})",
        ctx.item_ref_en(no),
        found.len(),
        list.join(", ")
    );
    // Where OCR was least sure, among those positions, is where to look first.
    let weakest = f.filter(|f| f.char_conf.len() == 12).and_then(|f| {
        positions
            .iter()
            .filter_map(|p| f.char_conf.get(p - 1).map(|c| (*p, *c)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    });
    if let Some((p, c)) = weakest {
        let _ = write!(ja, "。このうちOCR確信度が最も低いのは{p}桁目（{c:.2}）です");
        let _ = write!(en, "; the least confident of them is position {p} ({c:.2})");
    }
    sink.push(ctx.diag(&r::OCR_MY_NUMBER_CORRECTIONS, no, Text::new(ja, en)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_parse_and_apply_per_kind() {
        let mut th = Thresholds::default();
        assert_eq!(th.get(FieldKind::Checkbox), 0.80);
        let (k, v) = Thresholds::parse_setting("checkbox=0.95").unwrap();
        th.set(k, v);
        assert_eq!(th.get(FieldKind::Checkbox), 0.95);
        assert_eq!(th.get(FieldKind::Text), 0.80);
        let (k, v) = Thresholds::parse_setting("0.5").unwrap();
        th.set(k, v);
        assert_eq!(th.get(FieldKind::Checkbox), 0.5);
        assert!(Thresholds::parse_setting("box=0.5").is_err());
        assert!(Thresholds::parse_setting("1.5").is_err());
        assert!(Thresholds::parse_setting("x").is_err());
    }

    #[test]
    fn single_digit_corrections_pass_and_are_positions_only() {
        // 123456789018 is valid; change the 7th digit.
        let bad = "123456089018";
        assert!(mynumber::parse(bad).is_err());
        let found = corrections(bad);
        assert!(found.contains(&7), "{found:?}");
        assert!(
            found.contains(&12),
            "the check digit itself can always be corrected"
        );
        assert!(found.iter().all(|p| (1..=12).contains(p)));
        assert!(corrections("123456789018").len() < 12);
        assert!(corrections("12345").is_empty());
    }
}
