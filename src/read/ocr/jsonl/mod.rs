//! The `ocr-fields/1` reader: UTF-8 JSON Lines, line 1 the document header, every other line one
//! field (format: `docs/formats/ocr-fields.md`, schema: `schemas/ocr-fields-1.schema.json`).
//!
//! The file is streamed: one line is held at a time ([`MAX_LINE_BYTES`] at most), and a sheet
//! keeps at most [`MAX_FIELDS`] fields, so memory does not grow with the file. Each line is
//! parsed on its own, so the line number comes for free and a broken line costs only its field. Columns come from [`super::spans`]: the line is scanned once for the byte
//! span of each top-level member, and a finding about a member points at it. The reader reports
//! every problem of every line and keeps going.

mod field;
mod members;

use std::io::BufRead;

use serde_json::{Map, Value};

use super::spans;
use super::{OcrField, PageSize, Sheet, Spot};
use crate::diag::registry::{self as r, Rule};
use crate::diag::{Diagnostic, Sink, Text};
use crate::diag::{Place, PlaceKind};
use field::field;
use members::{Json, Members};

/// The `schema` of the file's header line.
pub const SCHEMA: &str = "ocr-fields/1";

/// The longest line read: a field line is a few hundred bytes, a header with its pages a few
/// KiB. A longer line is reported (OCR001) and skipped without being held.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The most fields a sheet holds: 500 persons of 40 boxes, far more than a batch of scanned
/// forms. Past it the file is reported (OCR002) and not read on, so memory does not grow with
/// the file.
pub const MAX_FIELDS: usize = 20_000;

/// Reads an ocr-fields/1 file from `input`, line by line (one line held at a time, at most
/// [`MAX_LINE_BYTES`]; at most [`MAX_FIELDS`] fields kept); `None` when not even the form could
/// be learnt.
pub fn read(mut input: impl BufRead, path: &str, sink: &mut Sink) -> Option<Sheet> {
    let head = match input.fill_buf() {
        Ok(head) => head,
        Err(e) => {
            sink.push(super::unreadable(path, &e));
            return None;
        }
    };
    if crate::read::refuse_not_text(head, path, "ocr-fields/1 JSON Lines (UTF-8)", sink) {
        return None;
    }
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    input.consume(bom);
    let mut sheet: Option<Sheet> = None;
    let mut header_missing_reported = false;
    let mut fields: Vec<OcrField> = Vec::new();
    let mut first_field_form: Option<String> = None;
    let mut seen_content = false;
    let mut start = bom;
    let mut line_no: u32 = 0;
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let (consumed, overlong) = match next_line(&mut input, &mut buf) {
            Ok(Some(read)) => read,
            Ok(None) => break,
            Err(e) => {
                sink.push(super::unreadable(path, &e));
                break;
            }
        };
        line_no = line_no.saturating_add(1);
        let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let text = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line = Line {
            path,
            no: line_no,
            start,
            text,
            spans: Vec::new(),
        };
        start = start.saturating_add(consumed);
        if overlong {
            let mut d = line.diag(
                &r::OCR_LINE,
                None,
                Text::new(
                    format!(
                        "行が{}KiBを超えています（読みません）",
                        MAX_LINE_BYTES >> 10
                    ),
                    format!(
                        "the line is longer than {} KiB (not read)",
                        MAX_LINE_BYTES >> 10
                    ),
                ),
            );
            // The field is lost; its record, when the line's start says it, is not convertible.
            d.primary.set_record(salvage_record(line.text));
            sink.push(d);
            // A lost first line is the header's finding: no second one saying it is missing.
            header_missing_reported |= !seen_content;
            seen_content = true;
            continue;
        }
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let first = !seen_content;
        seen_content = true;
        let Some((members, line)) = parse_line(line, sink) else {
            continue;
        };
        match members.get("kind").and_then(Json::as_str) {
            Some("document") if first => {
                // The one header line is read as a `Value` (its pages are objects in an array).
                let m = match serde_json::from_slice::<Value>(line.text) {
                    Ok(Value::Object(m)) => m,
                    _ => Map::new(),
                };
                sheet = Some(header(&line, &m, sink));
            }
            Some("document") => sink.push(line.diag(
                &r::OCR_HEADER,
                Some("kind"),
                Text::new(
                    "ヘッダー行（kind: document）は1行目だけに置きます",
                    "the header line (kind: document) belongs on line 1 only",
                ),
            )),
            Some("field") => {
                if first && !header_missing_reported {
                    header_missing_reported = true;
                    sink.push(line.diag(
                        &r::OCR_HEADER,
                        None,
                        Text::new(
                            "1行目がヘッダー行（kind: document）ではありません",
                            "line 1 is not the document header (kind: document)",
                        ),
                    ));
                }
                let form = members.get("form").and_then(Json::as_str);
                let expected = sheet.as_ref().map(|s| s.form.as_str());
                match (form, expected) {
                    (Some(f), Some(want)) if f != want => {
                        sink.push(line.diag(
                            &r::OCR_ADDRESS,
                            Some("form"),
                            Text::new(
                                format!("フィールドの様式「{}」がヘッダーの様式「{want}」と違います（使用しません）", crate::diag::redact::value(f)),
                                format!("the field's form `{}` is not the header's `{want}` (not used)", crate::diag::redact::value(f)),
                            ),
                        ));
                        continue;
                    }
                    (Some(f), None) if first_field_form.is_none() => {
                        first_field_form = Some(f.to_string());
                    }
                    _ => {}
                }
                if fields.len() >= MAX_FIELDS {
                    sink.push(line.diag(
                        &r::OCR_HEADER,
                        None,
                        Text::new(
                            format!("フィールドが{MAX_FIELDS}件を超えています。この行から先は読みません"),
                            format!("more than {MAX_FIELDS} fields: the file is not read from this line on"),
                        ),
                    ));
                    break;
                }
                if let Some(f) = field(&line, &members, sink) {
                    fields.push(f);
                }
            }
            Some(other) => sink.push(line.diag(
                &r::OCR_LINE,
                Some("kind"),
                Text::new(
                    format!(
                        "kind は document か field です（「{}」）",
                        crate::diag::redact::value(other)
                    ),
                    format!(
                        "kind is document or field, not `{}`",
                        crate::diag::redact::value(other)
                    ),
                ),
            )),
            None => sink.push(line.diag(
                &r::OCR_LINE,
                None,
                Text::new(
                    "kind（document / field）がありません",
                    "no `kind` (document / field)",
                ),
            )),
        }
    }
    if !seen_content {
        let mut loc = Place::new(PlaceKind::Ocr, path);
        loc.span_mut().line = Some(1);
        sink.push(crate::diag::Diagnostic::new(
            &r::OCR_HEADER,
            loc,
            Text::new("OCRファイルが空です", "the OCR file is empty"),
        ));
        return None;
    }
    let mut sheet = match (sheet, first_field_form) {
        (Some(s), _) if !s.form.is_empty() => s,
        (_, Some(form)) => Sheet {
            form,
            ..Sheet::default()
        },
        // A header whose form was unusable has been reported already.
        (Some(_), None) => return None,
        (None, None) => {
            if !header_missing_reported {
                let mut loc = Place::new(PlaceKind::Ocr, path);
                loc.span_mut().line = Some(1);
                sink.push(crate::diag::Diagnostic::new(
                    &r::OCR_HEADER,
                    loc,
                    Text::new(
                        "ヘッダー行（kind: document）がなく、様式がわかりません",
                        "no header line (kind: document): the form is unknown",
                    ),
                ));
            }
            return None;
        }
    };
    for f in &mut fields {
        if !sheet.pages.is_empty() && !sheet.pages.iter().any(|p| Some(p.page) == f.page) {
            let mut loc = f.place.location(path);
            loc.set_record(Some(f.record));
            loc.set_item(super::assemble::item_ref(f.item));
            sink.push(Diagnostic::new(
                &r::OCR_GEOMETRY,
                loc,
                Text::new(
                    format!(
                        "ページ{}はヘッダーの pages にありません（画素の位置は表示しません）",
                        f.page.unwrap_or(0)
                    ),
                    format!(
                        "page {} is not in the header's pages (no pixel box)",
                        f.page.unwrap_or(0)
                    ),
                ),
            ));
        }
        if f.bbox_px.is_none() {
            f.bbox_px = sheet.pixels(f.page, f.bbox);
        }
    }
    sheet.fields = fields;
    Some(sheet)
}

/// Reads the next line into `buf` (its line end included), keeping at most [`MAX_LINE_BYTES`]
/// of it: how many bytes the line has, and whether it was longer. `None` at the end.
fn next_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<(usize, bool)>> {
    buf.clear();
    let mut consumed = 0usize;
    let mut overlong = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((consumed > 0).then_some((consumed, overlong)));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(buf.len());
        buf.extend_from_slice(chunk.get(..take.min(room)).unwrap_or(&[]));
        overlong |= take > room;
        input.consume(take);
        consumed = consumed.saturating_add(take);
        if done {
            return Ok(Some((consumed, overlong)));
        }
    }
}

/// One line of the file and the spans of its top-level members.
struct Line<'a> {
    path: &'a str,
    no: u32,
    /// Byte offset of the line in the file.
    start: usize,
    text: &'a [u8],
    spans: Vec<(String, std::ops::Range<usize>)>,
}

impl Line<'_> {
    /// The place of a member's value, or of the whole line.
    fn place(&self, member: Option<&str>) -> Spot {
        let span = member
            .and_then(|m| {
                let mut p = String::from("/");
                spans::push_escaped(&mut p, m);
                spans::find(&self.spans, &p).cloned()
            })
            .unwrap_or(0..self.text.len());
        Spot::in_line(self.no, self.start, self.text, span)
    }

    fn diag(&self, rule: &'static Rule, member: Option<&str>, message: Text) -> Diagnostic {
        Diagnostic::new(rule, self.place(member).location(self.path), message)
    }
}

/// Parses a line into its members, reporting a line that is not a JSON object.
fn parse_line<'a>(mut line: Line<'a>, sink: &mut Sink) -> Option<(Members<'a>, Line<'a>)> {
    match serde_json::from_slice::<Json<'a>>(line.text) {
        Ok(Json::Object(m)) => {
            line.spans = spans::scan(line.text, &|p| p.is_empty());
            Some((m, line))
        }
        Ok(_) => {
            sink.push(line.diag(
                &r::OCR_LINE,
                None,
                Text::new(
                    "行がJSONオブジェクトではありません",
                    "the line is not a JSON object",
                ),
            ));
            None
        }
        Err(e) => {
            // serde_json's column counts bytes; ours count characters.
            let at = e.column().saturating_sub(1).min(line.text.len());
            let mut d = line.diag(&r::OCR_LINE, None, {
                let why = crate::diag::cause::json(&e);
                Text::new(
                    format!("JSONとして読めません: {}", why.ja),
                    format!("not valid JSON: {}", why.en),
                )
            });
            let p = Spot::in_line(line.no, line.start, line.text, at..at);
            d.primary.span_mut().column = Some(p.column);
            d.primary.span_mut().end_column = Some(p.column);
            d.primary.span_mut().byte_start = Some(p.bytes.start);
            d.primary.span_mut().byte_end = Some(p.bytes.end);
            // The field is lost; its record, when the line still says it, is not convertible.
            d.primary.set_record(salvage_record(line.text));
            sink.push(d);
            None
        }
    }
}

/// `"record": N` in a line that is not valid JSON, so that the lost field's record is known.
fn salvage_record(text: &[u8]) -> Option<u32> {
    let key = b"\"record\"";
    let at = memchr::memmem::find(text, key)? + key.len();
    let rest = text.get(at..)?;
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b":")?
        .trim_ascii_start();
    let digits: Vec<u8> = rest
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

fn header(line: &Line<'_>, m: &Map<String, Value>, sink: &mut Sink) -> Sheet {
    let mut sheet = Sheet {
        place: line.place(None),
        ..Sheet::default()
    };
    let mut bad = |member: Option<&str>, ja: String, en: String| {
        sink.push(line.diag(&r::OCR_HEADER, member, Text::new(ja, en)));
    };
    match m.get("schema").and_then(Value::as_str) {
        Some(SCHEMA) => {}
        Some(other) => bad(
            Some("schema"),
            format!(
                "schema は「{SCHEMA}」です（「{}」）",
                crate::diag::redact::value(other)
            ),
            format!(
                "schema is `{SCHEMA}`, not `{}`",
                crate::diag::redact::value(other)
            ),
        ),
        None => bad(
            None,
            format!("schema（「{SCHEMA}」）がありません"),
            format!("no `schema` (`{SCHEMA}`)"),
        ),
    }
    match m.get("form").and_then(Value::as_str) {
        Some(f) if !f.is_empty() && f.len() <= 8 && f.bytes().all(|b| b.is_ascii_digit()) => {
            sheet.form = f.to_string();
        }
        Some(f) => bad(
            Some("form"),
            format!(
                "form は様式コード（数字）です（「{}」）",
                crate::diag::redact::value(f)
            ),
            format!(
                "form is a 様式コード (digits), not `{}`",
                crate::diag::redact::value(f)
            ),
        ),
        None => bad(
            None,
            "form（様式コード）がありません".into(),
            "no `form` (様式コード)".into(),
        ),
    }
    match m.get("form_version") {
        None | Some(Value::Null) => {}
        Some(Value::String(v)) => sheet.version = Some(v.clone()),
        Some(_) => bad(
            Some("form_version"),
            "form_version は文字列か null です".into(),
            "form_version is a string or null".into(),
        ),
    }
    match m.get("confidence_scale").and_then(Value::as_str) {
        None | Some("0-1") => {}
        Some(_) => bad(
            Some("confidence_scale"),
            "confidence_scale は「0-1」だけです（確信度は0〜1で出力してください）".into(),
            "confidence_scale is `0-1` only (write confidences as 0–1)".into(),
        ),
    }
    match m.get("pages") {
        None | Some(Value::Null) => {}
        Some(Value::Array(pages)) => {
            for p in pages {
                let page = p.get("page").and_then(Value::as_u64);
                let size = |k: &str| p.get(k).and_then(Value::as_f64).filter(|v| *v > 0.0);
                match page.and_then(|n| u32::try_from(n).ok()).filter(|n| *n >= 1) {
                    Some(page) => sheet.pages.push(PageSize {
                        page,
                        width_px: size("width_px"),
                        height_px: size("height_px"),
                    }),
                    None => bad(
                        Some("pages"),
                        "pages の各要素には page（1以上）が必要です".into(),
                        "each entry of pages needs `page` (1 or more)".into(),
                    ),
                }
            }
        }
        Some(_) => bad(
            Some("pages"),
            "pages は配列です".into(),
            "pages is an array".into(),
        ),
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ocr::Mark;

    fn read_str(s: &str) -> (Option<Sheet>, Sink) {
        let mut sink = Sink::new(None);
        let sheet = read(s.as_bytes(), "scan.jsonl", &mut sink);
        (sheet, sink)
    }

    const HEAD: &str = r#"{"kind":"document","schema":"ocr-fields/1","form":"2200700","form_version":"2024-12","pages":[{"page":1,"width_px":2480,"height_px":3508}]}"#;

    #[test]
    fn header_and_fields_with_places() {
        let text = format!(
            "{HEAD}\n{}\r\n\n{}\n",
            r#"{"kind":"field","record":1,"item":8,"type":"text","raw":"山田 太郎","value":"山田　太郎","confidence":0.93,"page":1,"bbox":[0.1,0.2,0.3,0.25]}"#,
            r#"{"kind":"field","record":1,"item":34,"type":"checkbox","state":"unreadable","confidence":0.4,"page":1,"bbox":[0.7,0.7,0.72,0.71],"bbox_px":[1,2,3,4]}"#
        );
        let (sheet, sink) = read_str(&text);
        assert_eq!(sink.total(), 0, "{:?}", sink.diagnostics);
        let sheet = sheet.unwrap();
        assert_eq!(sheet.form, "2200700");
        assert_eq!(sheet.version.as_deref(), Some("2024-12"));
        assert_eq!(sheet.fields.len(), 2);
        let name = &sheet.fields[0];
        assert_eq!(name.value.as_deref(), Some("山田　太郎"));
        assert_eq!(name.place.line, 2);
        // `"value":` starts after 77 ASCII characters and `山田 太郎` (5 characters).
        let line2 = text.lines().nth(1).unwrap();
        let at = line2.find(r#""山田　太郎""#).unwrap();
        assert_eq!(name.place.column as usize, line2[..at].chars().count() + 1);
        let start = text.find(r#""山田　太郎""#).unwrap() as u64;
        assert_eq!(name.place.bytes.start, start);
        assert_eq!(name.bbox_px, Some([248, 702, 744, 877]));
        let box34 = &sheet.fields[1];
        assert_eq!(box34.place.line, 4);
        assert_eq!(box34.mark, Some(Mark::Unreadable));
        assert_eq!(box34.bbox_px, Some([1, 2, 3, 4]));
    }

    #[test]
    fn every_problem_of_every_line_is_reported() {
        let text = format!(
            "{HEAD}\n{}\n{}\n{}\n{}\n",
            r#"{"kind":"field","record":1,"item":"13","type":"texte","page":0,"bbox":[1,2,3,4],"confidence":87}"#,
            r#"{"kind":"field","record":2,"item":7,"type":"text","value":"ﾔﾏﾀﾞ"#,
            r#"[1,2]"#,
            r#"{"kind":"field","form":"2202700","record":1,"item":7,"type":"text","value":"x","page":1,"bbox":[0,0,1,1]}"#
        );
        let (sheet, sink) = read_str(&text);
        let codes: Vec<(&str, Option<u32>)> = sink
            .diagnostics
            .iter()
            .map(|d| (d.code(), d.primary.span().line))
            .collect();
        // Line 2: item, type, confidence, page; bbox in pixels.
        assert_eq!(
            codes.iter().filter(|c| **c == ("OCR001", Some(2))).count(),
            4,
            "{codes:?}"
        );
        assert!(codes.contains(&("OCR013", Some(2))));
        // Line 3: broken JSON, with the record salvaged for convert.
        let broken = sink
            .diagnostics
            .iter()
            .find(|d| d.primary.span().line == Some(3))
            .unwrap();
        assert_eq!(broken.primary.record(), Some(2));
        assert!(codes.contains(&("OCR001", Some(4))));
        assert!(codes.contains(&("OCR003", Some(5))));
        assert!(sheet.unwrap().fields.is_empty());
    }

    #[test]
    fn messages_never_quote_a_broken_line() {
        let text = format!("{HEAD}\n{{\"kind\":\"field\",\"value\":\"123456789018\" nope}}\n");
        let (_, sink) = read_str(&text);
        for d in &sink.diagnostics {
            assert!(
                !d.message.ja.contains("123456789018") && !d.message.en.contains("123456789018")
            );
        }
    }

    #[test]
    fn a_header_without_a_usable_form_is_said_once() {
        let head = r#"{"kind":"document","schema":"ocr-fields/1","form":"shikaku"}"#;
        let (sheet, sink) = read_str(&format!("{head}\n"));
        let column = head.find(r#""shikaku""#).map(|c| c as u32 + 1);
        assert!(sheet.is_none());
        let codes: Vec<(&str, Option<u32>)> = sink
            .diagnostics
            .iter()
            .map(|d| (d.code(), d.primary.span().column))
            .collect();
        assert_eq!(codes, [("OCR002", column)]);
    }

    #[test]
    fn an_over_long_line_is_said_and_skipped_without_being_held() {
        let field = |value: &str| {
            format!(
                r#"{{"kind":"field","record":2,"item":7,"type":"text","value":"{value}","page":1,"bbox":[0,0,1,1]}}"#
            )
        };
        let long = field(&"ア".repeat(MAX_LINE_BYTES / 3 + 1));
        let text = format!("{HEAD}\n{long}\n{}\n", field("ﾔﾏﾀﾞ"));
        // Read through a small buffer, as a file is: the long line arrives in pieces.
        let mut sink = Sink::new(None);
        let reader = std::io::BufReader::with_capacity(100, text.as_bytes());
        let sheet = read(reader, "scan.jsonl", &mut sink).unwrap();
        let d: Vec<_> = sink.diagnostics.iter().collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code(), "OCR001");
        assert!(
            d[0].message.en.contains("longer than 64 KiB"),
            "{}",
            d[0].message.en
        );
        assert_eq!(d[0].primary.span().line, Some(2));
        // The lost field's record, from the line's start, is not convertible.
        assert_eq!(d[0].primary.record(), Some(2));
        // The next line is read where it is.
        assert_eq!(sheet.fields.len(), 1);
        assert_eq!(sheet.fields[0].place.line, 3);
        let at = text.rfind("\"ﾔﾏﾀﾞ\"").unwrap() as u64;
        assert_eq!(sheet.fields[0].place.bytes.start, at);
    }

    #[test]
    fn past_the_field_cap_the_file_is_said_and_not_read_on() {
        let mut text = format!("{HEAD}\n");
        for n in 0..MAX_FIELDS + 5 {
            let record = n / 40 + 1;
            let item = n % 40 + 1;
            text.push_str(&format!(
                r#"{{"kind":"field","record":{record},"item":{item},"type":"text","value":"x"}}"#
            ));
            text.push('\n');
        }
        let (sheet, sink) = read_str(&text);
        let capped: Vec<_> = sink
            .diagnostics
            .iter()
            .filter(|d| d.message.en.contains("more than 20000 fields"))
            .collect();
        assert_eq!(capped.len(), 1);
        assert_eq!(capped[0].code(), "OCR002");
        assert_eq!(capped[0].primary.span().line, Some(MAX_FIELDS as u32 + 2));
        assert_eq!(sheet.unwrap().fields.len(), MAX_FIELDS);
    }

    #[test]
    fn missing_header_and_empty_file() {
        let (sheet, sink) = read_str(
            r#"{"kind":"field","form":"2200700","record":1,"item":7,"type":"text","value":"ﾔﾏﾀﾞ ﾀﾛｳ","page":1,"bbox":[0,0,1,1]}"#,
        );
        assert_eq!(sheet.unwrap().form, "2200700");
        assert_eq!(sink.diagnostics[0].code(), "OCR002");
        let (sheet, sink) = read_str("");
        assert!(sheet.is_none());
        assert_eq!(sink.diagnostics[0].code(), "OCR002");
    }
}
