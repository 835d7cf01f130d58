//! The fixed records before `[data]`: 媒体管理, `[kanri]`, 事業所数情報, 事業所情報.

use crate::diag::registry as r;
use crate::diag::{redact, Diagnostic, Place, PlaceKind, Sink, Text};
use crate::layout::Variant;
use crate::model::{Medium, Office, Record};

use super::CsvFile;

fn at_line(path: &str, line: u32) -> Place {
    let mut loc = Place::new(PlaceKind::Csv, path);
    loc.span_mut().line = Some(line);
    loc
}

pub fn missing_header(path: &str, line: u32, sink: &mut Sink) {
    sink.push(Diagnostic::new(
        &r::STR_MEDIUM_HEADER,
        at_line(path, line),
        Text::new(
            "媒体管理レコード（1行目）がありません",
            "the medium header record (line 1) is missing",
        ),
    ));
}

pub fn missing_kanri(path: &str, line: u32, line_start: u64, sink: &mut Sink) {
    let mut loc = at_line(path, line);
    loc.span_mut().byte_start = Some(line_start);
    loc.span_mut().byte_end = Some(line_start);
    sink.push(Diagnostic::new(
        &r::STR_KANRI,
        loc,
        Text::new(
            format!("{line}行目の前に [kanri] 行がありません"),
            format!("no `[kanri]` line before line {line}"),
        ),
    ));
}

pub fn missing_data_mark(path: &str, line: u32, sink: &mut Sink) {
    sink.push(Diagnostic::new(
        &r::STR_DATA_MARK,
        at_line(path, line),
        Text::new("[data] 行がありません", "no `[data]` line"),
    ));
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Checks one header item and reports at its place.
fn check(
    record: &Record,
    path: &str,
    no: u16,
    ok: bool,
    what_ja: &str,
    what_en: &str,
    sink: &mut Sink,
) {
    if ok {
        return;
    }
    let (mut loc, snippet) = record.locate(path, Some(no));
    loc.set_record(None);
    sink.push(
        Diagnostic::new(
            &r::STR_MEDIUM_HEADER,
            loc,
            Text::new(
                format!("媒体管理レコード 第{no}項目: {what_ja}"),
                format!("medium header item {no}: {what_en}"),
            ),
        )
        .with_snippet(snippet),
    );
}

fn check_date(record: &Record, path: &str, no: u16, sink: &mut Sink) {
    let v = record.value(no);
    let ok = v.len() == 8 && chrono::NaiveDate::parse_from_str(v, "%Y%m%d").is_ok();
    if !ok {
        let (mut loc, snippet) = record.locate(path, Some(no));
        loc.set_record(None);
        sink.push(
            Diagnostic::new(
                &r::DAT_WESTERN,
                loc,
                Text::new(
                    format!(
                        "作成年月日「{}」はYYYYMMDD形式の実在する日付ではありません",
                        crate::diag::redact::value(v)
                    ),
                    format!(
                        "作成年月日 `{}` is not a real YYYYMMDD date",
                        crate::diag::redact::value(v)
                    ),
                ),
            )
            .with_snippet(snippet),
        );
    }
}

/// Reads the 媒体管理 record (line 1). Returns it with the file variant it implies.
pub fn medium(record: &Record, path: &str, by_name: Variant, sink: &mut Sink) -> (Medium, Variant) {
    let items: Vec<String> = (1..=record.fields.len() as u16)
        .map(|i| record.value(i).to_string())
        .collect();
    let n = items.len();
    let last_is_22223 = items.last().is_some_and(|v| v == "22223");
    let kind;
    let mut variant = by_name;
    if n == 6 && record.value(1).is_empty() && record.value(2).is_empty() {
        // 社労士 variant: ,,<社労士コード>,<通番>,<date>,22223
        kind = "shfd-sharoushi";
        variant = Variant::Shfd;
        check(
            record,
            path,
            3,
            digits(record.value(3), 8, 8),
            "社労士コードは8桁の数字です",
            "社労士コード must be 8 digits",
            sink,
        );
        check_serial(record, path, 4, sink);
        check_date(record, path, 5, sink);
        check_22223(record, path, 6, sink);
    } else if n == 6 {
        kind = "shfd";
        variant = Variant::Shfd;
        // The 年金機構 table, as in the 事業所情報 and data records.
        let prefecture_ok = crate::layout::load::office(12)
            .and_then(|l| l.item(1))
            .is_some_and(|i| i.has_code(record.value(1)));
        check(
            record,
            path,
            1,
            prefecture_ok,
            "都道府県コードは日本年金機構の都道府県コード表の2桁です（東京は21）",
            "prefecture code must be a 2-digit code of the 年金機構 table (東京 is 21)",
            sink,
        );
        let d = record.value(2);
        check(
            record,
            path,
            2,
            digits(d, 2, 2) && d != "00" && d != "99",
            "郡市区符号は2桁の数字（00・99以外）です",
            "district code must be 2 digits, not 00 or 99",
            sink,
        );
        check_symbol(record, path, 3, sink);
        check_serial(record, path, 4, sink);
        check_date(record, path, 5, sink);
        check_22223(record, path, 6, sink);
    } else if n == 5 && last_is_22223 {
        kind = "shfd-pre2019";
        variant = Variant::Shfd;
        let (loc, snippet) = record.locate(path, None);
        sink.push(
            Diagnostic::new(
                &r::STR_OLD_HEADER,
                loc.without_record(),
                Text::new(
                    "媒体管理レコードが平成31年以前の形式（都道府県コードなしの5項目）です",
                    "the medium header has the pre-2019 layout (5 items, no prefecture code)",
                ),
            )
            .with_snippet(snippet),
        );
        check_serial(record, path, 3, sink);
        check_date(record, path, 4, sink);
    } else if by_name == Variant::Kpfd
        || (n >= 3 && digits(record.value(2), 3, 3) && digits(record.value(3), 8, 8))
    {
        // 健保組合 header: 組合事業所番号, FD通番, 作成年月日, 健保固有項目 4–8 (as written by the
        // public code we found; no official spec, see docs/formats.md).
        kind = "kpfd";
        variant = Variant::Kpfd;
        check(
            record,
            path,
            1,
            !record.value(1).is_empty(),
            "組合事業所番号がありません",
            "組合事業所番号 is empty",
            sink,
        );
        check_serial(record, path, 2, sink);
        check_date(record, path, 3, sink);
    } else {
        kind = "unknown";
        let (loc, snippet) = record.locate(path, None);
        let rule = if n == 6 {
            &r::STR_FORM_CODE
        } else {
            &r::STR_MEDIUM_HEADER
        };
        sink.push(
            Diagnostic::new(
                rule,
                loc.without_record(),
                Text::new(
                    format!("媒体管理レコードの項目数が{n}です（6項目が必要）"),
                    format!("the medium header has {n} items (6 expected)"),
                ),
            )
            .with_snippet(snippet),
        );
    }
    (
        Medium {
            kind: kind.to_string(),
            items,
            office_count_items: Vec::new(),
        },
        variant,
    )
}

fn check_serial(record: &Record, path: &str, no: u16, sink: &mut Sink) {
    let v = record.value(no);
    check(
        record,
        path,
        no,
        digits(v, 3, 3) && v != "000",
        "媒体通番は001〜999の3桁です",
        "媒体通番 must be 3 digits, 001–999",
        sink,
    );
}

fn check_symbol(record: &Record, path: &str, no: u16, sink: &mut Sink) {
    let v = record.value(no);
    let ok = crate::source::kana::office_symbol_ok(v) && v.chars().count() <= 4;
    check(
        record,
        path,
        no,
        ok,
        "事業所記号は英数字のみ、または半角カナのみの4文字以内です",
        "事業所記号 must be up to 4 letters and digits only, or 半角カナ only",
        sink,
    );
}

fn check_22223(record: &Record, path: &str, no: u16, sink: &mut Sink) {
    let v = record.value(no);
    if v != "22223" {
        let (loc, snippet) = record.locate(path, Some(no));
        sink.push(
            Diagnostic::new(
                &r::STR_FORM_CODE,
                loc.without_record(),
                Text::new(
                    format!(
                        "代表届書コードが「{}」です（22223が必要）",
                        crate::diag::redact::value(v)
                    ),
                    format!(
                        "代表届書コード is `{}` (22223 required)",
                        crate::diag::redact::value(v)
                    ),
                ),
            )
            .with_snippet(snippet),
        );
    }
}

/// Reads the 事業所数情報 record: `,NNN`. Returns the declared count and its place.
pub fn office_count(
    record: &Record,
    path: &str,
    out: &mut CsvFile,
    sink: &mut Sink,
) -> Option<(u32, Place)> {
    if let Some(m) = out.medium.as_mut() {
        m.office_count_items = (1..=record.fields.len() as u16)
            .map(|i| record.value(i).to_string())
            .collect();
    }
    let v = record.value(2);
    let (mut loc, snippet) = record.locate(path, Some(2));
    loc.set_record(None);
    let count = if record.fields.len() == 2 && digits(v, 1, 3) {
        v.parse::<u32>().ok().filter(|n| *n >= 1)
    } else {
        None
    };
    match count {
        Some(n) => Some((n, loc)),
        None => {
            sink.push(
                Diagnostic::new(
                    &r::STR_OFFICE_COUNT,
                    loc,
                    Text::new(
                        "事業所数情報は「,001」の形（予備, 事業所情報数）です",
                        "the office count record is `,001` (reserved item, number of offices)",
                    ),
                )
                .with_snippet(snippet),
            );
            None
        }
    }
}

/// Reads one 事業所情報 record. Its items are checked like a data record's (the 事業所情報
/// layouts in `schemas/headers/`): the current 12 items, or the pre-2019 9 items after a
/// pre-2019 媒体管理 record (the same vintage, the same warning, STR006).
pub fn office(
    record: &mut Record,
    path: &str,
    out: &CsvFile,
    line: u32,
    sink: &mut Sink,
) -> Office {
    let n = record.fields.len();
    let pre2019 = out
        .medium
        .as_ref()
        .is_some_and(|m| m.kind == "shfd-pre2019");
    let expected: &[usize] = match out.variant {
        Variant::Shfd if pre2019 => &[12, 9],
        Variant::Shfd => &[12],
        Variant::Kpfd => &[9],
    };
    if !expected.contains(&n) {
        let (mut loc, snippet) = record.locate(path, None);
        loc.set_record(None);
        let old = out.variant == Variant::Shfd && n == 9;
        sink.push(
            Diagnostic::new(
                &r::STR_OFFICE,
                loc,
                if old {
                    Text::new(
                        "事業所情報が平成31年以前の形式（9項目、電話番号1項目）ですが、媒体管理レコードは現在の形式です。現在は12項目です",
                        "the office record has the pre-2019 layout (9 items, one telephone item) but the medium header is current; 12 items are required",
                    )
                } else {
                    Text::new(
                        format!("事業所情報の項目数が{n}です（{}項目が必要）", expected[0]),
                        format!("the office record has {n} items ({} expected)", expected[0]),
                    )
                },
            )
            .with_snippet(snippet),
        );
    } else if out.variant == Variant::Shfd {
        if n == 9 {
            let (mut loc, snippet) = record.locate(path, None);
            loc.set_record(None);
            sink.push(
                Diagnostic::new(
                    &r::STR_OLD_HEADER,
                    loc,
                    Text::new(
                        "事業所情報が平成31年以前の形式（都道府県コードなし、電話番号1項目の9項目）です",
                        "the office record has the pre-2019 layout (9 items, no prefecture code, one telephone item)",
                    ),
                )
                .with_snippet(snippet),
            );
        }
        // Its items are checked like a data record's: the reader hands the record out with
        // this layout (see `office_checked`).
        record.layout = crate::layout::load::office(n);
    }
    Office {
        line,
        items: (1..=n as u16)
            .map(|i| record.value(i).to_string())
            .collect(),
    }
}

/// After the rules checked the items of a 事業所情報 record the reader handed out: its
/// 都道府県コード against the 媒体管理 record's (XIT004).
pub fn office_checked(record: &mut Record, path: &str, out: &CsvFile, sink: &mut Sink) {
    if record.fields.len() == 12 {
        prefecture_against_medium(record, path, out, 1, sink);
    }
    record.layout = None;
}

/// The 都道府県コード of the 媒体管理 record, when it has one (the current SHFD header).
fn medium_prefecture(out: &CsvFile) -> Option<&str> {
    out.medium
        .as_ref()
        .filter(|m| m.kind == "shfd")
        .and_then(|m| m.items.first())
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// Reports item `no` of `record` (a 事業所情報 or a data record) when its 都道府県コード is not
/// the 媒体管理 record's (XIT004).
fn prefecture_against_medium(record: &Record, path: &str, out: &CsvFile, no: u16, sink: &mut Sink) {
    let (Some(want), v) = (medium_prefecture(out), record.value(no)) else {
        return;
    };
    if v.is_empty() || v == want {
        return;
    }
    let mut d = record.diagnostic(
        path,
        Some(no),
        &r::XIT_PREFECTURE,
        Text::new(
            format!(
                "都道府県コード「{}」が媒体管理レコード（1行目）の「{}」と一致しません",
                redact::value(v),
                redact::value(want)
            ),
            format!(
                "都道府県コード `{}` differs from the medium header's `{}` (line 1)",
                redact::value(v),
                redact::value(want)
            ),
        ),
    );
    if record.layout.is_some_and(|l| l.form == "事業所情報") {
        d = d.with_record(None);
        d.primary.set_record(None);
    }
    sink.push(d);
}

/// Reports a data record whose 都道府県コード is not the 媒体管理 record's (XIT004): the record
/// belongs to another office, or a JIS prefecture code was written.
pub fn record_prefecture(record: &Record, path: &str, out: &CsvFile, sink: &mut Sink) {
    if let Some(no) = record.layout.and_then(|l| l.index.prefecture) {
        prefecture_against_medium(record, path, out, no, sink);
    }
}
