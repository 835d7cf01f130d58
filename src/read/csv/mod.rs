//! The 電子媒体 CSV reader: `SHFD0006.CSV` (年金事務所) and `KPFD0006.CSV` (健保組合).
//!
//! The file is read as raw Shift_JIS, a line at a time, and split on `,` before decoding: `,`, CR
//! and LF never occur inside a two-byte character, so byte offsets come for free. Each item is
//! then checked against the filing character set on its raw bytes and decoded into the record's
//! reused text buffer. Memory is bounded by the longest record, not the file.

mod header;
pub mod lines;
pub mod parts;

use std::io::{BufRead, BufReader, Read};

use encoding_rs::SHIFT_JIS;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, LineCap, Place, PlaceKind, Sink, Slot, Snippet, Text};
use crate::layout::{self, Variant};
use crate::model::{Field, Medium, Office, Origin, Record};
use crate::read::{io_error, ReadRecord, ReadSummary, RecordIds, RecordSource};
use crate::source::charset::{self, ByteProblem, Scan};
use crate::source::SourceFormat;
use lines::{LineEnd, LineInfo};

/// The longest line kept: the longest layout (2202700, 139 items) needs a few kilobytes.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// What the reader learnt about the file apart from its data records.
#[derive(Debug, Clone, Default)]
pub struct CsvFile {
    /// SHFD (年金事務所) or KPFD (健保組合), from the header and the name.
    pub variant: Variant,
    /// The 媒体管理 header, when the file has one.
    pub medium: Option<Medium>,
    /// The 事業所情報 records.
    pub offices: Vec<Office>,
    /// How many data records were read.
    pub records: u32,
}

/// Where the reader is in the file's fixed structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    Kanri,
    OfficeCount,
    Offices,
    Data,
}

/// Reads one 電子媒体 file, handing out its data records one at a time (after their reader-level
/// checks) and reporting what only the reader sees. The record handed out is reused for the
/// next one: nothing is allocated per record or per item.
#[derive(Debug)]
pub struct CsvReader<R: Read> {
    input: BufReader<R>,
    /// The display path used in findings.
    path: String,
    ids: RecordIds,
    out: CsvFile,
    offset: u64,
    started: bool,
    done: bool,
    buf: Vec<u8>,
    record: Record,
    problems: Vec<(usize, ByteProblem)>,
    state: State,
    line_no: u32,
    lf_lines: u32,
    declared_offices: Option<(u32, Place)>,
    saw_kanri_error: bool,
    /// Forms checked for their common items only are said once per form code, not per record.
    shallow_reported: Vec<String>,
    last_layout: Option<&'static layout::Layout>,
    /// The record handed out is a 事業所情報 record (its items are checked; it is no form record).
    header: bool,
    /// The end of the input is the end of the file: the end-of-file findings are made (not for
    /// a part of the file other than the last, see [`parts`]).
    ends_file: bool,
}

/// What the reader got to.
enum Next {
    Data,
    Header,
    End,
}

impl<R: Read> CsvReader<R> {
    /// A reader of `input`. `path` is the display path used in findings; `file_name` (the last
    /// path component) selects the SHFD or KPFD variant when the header does not tell; `ids`
    /// numbers the records in the run.
    pub fn new(input: R, path: &str, file_name: &str, ids: RecordIds) -> CsvReader<R> {
        CsvReader {
            input: BufReader::with_capacity(64 * 1024, input),
            path: path.to_string(),
            ids,
            out: CsvFile {
                variant: variant_from_name(file_name),
                ..CsvFile::default()
            },
            offset: 0,
            started: false,
            done: false,
            buf: Vec::with_capacity(4096),
            record: Record::default(),
            problems: Vec::new(),
            state: State::Header,
            line_no: 0,
            lf_lines: 0,
            declared_offices: None,
            saw_kanri_error: false,
            shallow_reported: Vec::new(),
            last_layout: None,
            header: false,
            ends_file: true,
        }
    }

    /// A reader of one part of a file ([`parts`]): `input` starts at a line that comes after
    /// the file's first data record, where `at` says the file's reader stood.
    pub fn part(input: R, path: &str, ids: RecordIds, at: parts::Resume) -> CsvReader<R> {
        let mut reader = CsvReader::new(input, path, "", ids);
        reader.out = at.head;
        reader.offset = at.offset;
        reader.line_no = at.line_no;
        reader.lf_lines = at.lf_lines;
        reader.shallow_reported = at.shallow;
        reader.ends_file = at.ends_file;
        reader.started = true;
        reader.state = State::Data;
        reader
    }

    /// The same reader for the first part of a file split in parts: the end of its input is
    /// not the end of the file.
    pub fn first_part(mut self) -> CsvReader<R> {
        self.ends_file = false;
        self
    }

    /// What was read so far besides the data records (the head, once a data record was
    /// handed out).
    pub fn file(&self) -> &CsvFile {
        &self.out
    }

    /// The next record, or `None` at the end of the file (or when it cannot be read on, which
    /// is reported): a data record, or a 事業所情報 record whose items are to be checked.
    pub fn read_record(&mut self, sink: &mut Sink) -> Option<ReadRecord<'_>> {
        if self.done {
            return None;
        }
        match self.advance(sink) {
            Ok(Next::Data) => {
                self.header = false;
                self.current()
            }
            Ok(Next::Header) => {
                self.header = true;
                self.current()
            }
            Ok(Next::End) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                sink.push(io_error(
                    &self.path,
                    "読み込み中にエラーが発生しました",
                    "read error",
                    &e,
                ));
                None
            }
        }
    }

    /// What was read besides the data records, and the numbering to go on with.
    pub fn finish(self) -> (CsvFile, RecordIds) {
        (self.out, self.ids)
    }

    /// The record last handed out, while the reader is not at the end.
    pub fn current(&self) -> Option<ReadRecord<'_>> {
        (self.started && !self.done).then_some(ReadRecord {
            path: &self.path,
            record: &self.record,
            ocr: None,
            header: self.header,
        })
    }

    /// The path shown in findings.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Reads on to the next data record, the next 事業所情報 record to check, or the end (with
    /// the end-of-file findings).
    fn advance(&mut self, sink: &mut Sink) -> std::io::Result<Next> {
        let path = self.path.as_str();
        if self.header {
            // The rules checked the 事業所情報 record handed out last.
            header::office_checked(&mut self.record, path, &self.out, sink);
            self.header = false;
        }
        if !self.started {
            self.started = true;
            // Whole-file encoding problems are reported once, not once per character.
            let head = self.input.fill_buf()?;
            if super::refuse_not_text(head, path, "電子媒体 CSV (Shift_JIS)", sink) {
                return Ok(Next::End);
            }
            if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                let mut loc = Place::new(PlaceKind::Csv, path);
                loc.span_mut().byte_start = Some(0);
                loc.span_mut().byte_end = Some(3);
                loc.span_mut().line = Some(1);
                loc.span_mut().column = Some(1);
                sink.push(Diagnostic::new(
                    &r::ENC_BOM,
                    loc,
                    Text::new(
                        "ファイルの先頭にBOM（EF BB BF）があります",
                        "the file starts with a UTF-8 byte order mark (EF BB BF)",
                    ),
                ));
            }
            let after_bom = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
            if charset::looks_like_utf8(after_bom) {
                let mut loc = Place::new(PlaceKind::Csv, path);
                loc.span_mut().line = Some(1);
                sink.push(Diagnostic::new(
                    &r::ENC_UTF8,
                    loc,
                    Text::new(
                        "このファイルはUTF-8です。届書はShift_JISでなければなりません",
                        "this file is UTF-8; filings must be Shift_JIS",
                    ),
                ));
                return Ok(Next::End);
            }
            if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
                self.input.consume(3);
                self.offset = 3;
            }
        }

        let CsvReader {
            input,
            out,
            offset,
            buf,
            record,
            problems,
            state,
            line_no,
            lf_lines,
            declared_offices,
            saw_kanri_error,
            shallow_reported,
            last_layout,
            ids,
            ..
        } = self;
        while let Some(info) = lines::read_line(input, buf, MAX_RECORD_BYTES)? {
            *line_no += 1;
            let line_no = *line_no;
            let line_start = *offset;
            *offset += info.consumed;
            check_line_end(&info, path, line_no, line_start, lf_lines, sink);
            if info.truncated {
                let mut loc = Place::new(PlaceKind::Csv, path);
                loc.span_mut().line = Some(line_no);
                loc.span_mut().byte_start = Some(line_start);
                loc.span_mut().byte_end = Some(line_start + info.consumed);
                sink.push(Diagnostic::new(
                    &r::STR_RECORD_TOO_LONG,
                    loc,
                    Text::new(
                        format!(
                            "{}行目が{}バイトを超えています（読み飛ばしました）",
                            line_no, MAX_RECORD_BYTES
                        ),
                        format!("line {line_no} is longer than {MAX_RECORD_BYTES} bytes (skipped)"),
                    ),
                ));
                continue;
            }
            let line = &buf[..info.kept];
            if line.is_empty() {
                if info.end != LineEnd::Eof {
                    let mut loc = Place::new(PlaceKind::Csv, path);
                    loc.span_mut().line = Some(line_no);
                    loc.span_mut().column = Some(1);
                    loc.span_mut().byte_start = Some(line_start);
                    loc.span_mut().byte_end = Some(line_start + info.consumed);
                    sink.push(Diagnostic::new(
                        &r::STR_BLANK_LINE,
                        loc,
                        Text::new(
                            format!("{line_no}行目が空行です"),
                            format!("line {line_no} is blank"),
                        ),
                    ));
                }
                continue;
            }

            // Markers are recognised in any state, so one missing line does not derail the rest.
            if line == b"[data]" {
                if *state == State::Header || *state == State::Kanri {
                    header::missing_kanri(path, line_no, line_start, sink);
                }
                finish_offices(out, declared_offices, sink);
                *state = State::Data;
                continue;
            }
            if line == b"[kanri]" {
                if *state == State::Header {
                    header::missing_header(path, line_no, sink);
                }
                *state = State::OfficeCount;
                continue;
            }

            split_and_decode(line, line_start, record, problems);
            record.origin = Origin::CsvLine { line: line_no };

            match *state {
                State::Header => {
                    if starts_with_form_code(record) {
                        header::missing_header(path, line_no, sink);
                        header::missing_kanri(path, line_no, line_start, sink);
                        header::missing_data_mark(path, line_no, sink);
                        *state = State::Data;
                    } else {
                        report_byte_problems(record, false, problems, path, line, sink);
                        let (medium, variant) = header::medium(record, path, out.variant, sink);
                        out.variant = variant;
                        out.medium = Some(medium);
                        *state = State::Kanri;
                        continue;
                    }
                }
                State::Kanri => {
                    if !*saw_kanri_error {
                        header::missing_kanri(path, line_no, line_start, sink);
                        *saw_kanri_error = true;
                    }
                    if starts_with_form_code(record) {
                        header::missing_data_mark(path, line_no, sink);
                        *state = State::Data;
                    } else {
                        // Take the line for what it most likely is: the 事業所数情報.
                        report_byte_problems(record, false, problems, path, line, sink);
                        *declared_offices = header::office_count(record, path, out, sink);
                        *state = State::Offices;
                        continue;
                    }
                }
                State::OfficeCount => {
                    report_byte_problems(record, false, problems, path, line, sink);
                    *declared_offices = header::office_count(record, path, out, sink);
                    *state = State::Offices;
                    continue;
                }
                State::Offices => {
                    if starts_with_form_code(record) && record.fields.len() > 20 {
                        header::missing_data_mark(path, line_no, sink);
                        finish_offices(out, declared_offices, sink);
                        *state = State::Data;
                    } else {
                        report_byte_problems(record, false, problems, path, line, sink);
                        let office = header::office(record, path, out, line_no, sink);
                        out.offices.push(office);
                        if record.layout.is_some() {
                            return Ok(Next::Header);
                        }
                        continue;
                    }
                }
                State::Data => {}
            }

            // A data record.
            out.records += 1;
            record.number = out.records;
            record.id = Some(ids.next_id());
            record.layout = select_layout(
                record,
                out.variant,
                path,
                shallow_reported,
                *last_layout,
                sink,
            );
            *last_layout = record.layout.or(*last_layout);
            report_byte_problems(record, true, problems, path, line, sink);
            if memchr::memchr(b'"', line).is_some() {
                report_quotes(record, path, sink);
            }
            header::record_prefecture(record, path, out, sink);
            return Ok(Next::Data);
        }

        let line_no = *line_no;
        if !self.ends_file {
            return Ok(Next::End);
        }
        if line_no == 0 {
            sink.push(Diagnostic::new(
                &r::STR_NO_DATA,
                Place::file(path),
                Text::new("ファイルが空です", "the file is empty"),
            ));
        } else if *state != State::Data {
            header::missing_data_mark(path, line_no, sink);
        } else if out.records == 0 {
            let mut loc = Place::new(PlaceKind::Csv, path);
            loc.span_mut().line = Some(line_no);
            sink.push(Diagnostic::new(
                &r::STR_NO_DATA,
                loc,
                Text::new(
                    "[data] の後にデータレコードがありません",
                    "no data records after [data]",
                ),
            ));
        }
        if *lf_lines > 1 {
            let mut loc = Place::new(PlaceKind::Csv, path);
            loc.span_mut().line = Some(line_no);
            sink.push(Diagnostic::new(
                &r::STR_LINE_END,
                loc,
                Text::new(
                    format!("ほかに{}行の改行がLFのみです", *lf_lines - 1),
                    format!("{} more lines end with LF only", *lf_lines - 1),
                ),
            ));
        }
        Ok(Next::End)
    }
}

impl<R: Read> RecordSource for CsvReader<R> {
    fn next_record(&mut self, sink: &mut Sink) -> Option<ReadRecord<'_>> {
        self.read_record(sink)
    }

    fn finish(self) -> ReadSummary {
        let (csv, _) = CsvReader::finish(self);
        ReadSummary {
            format: Some(format_of(csv.variant)),
            records: csv.records,
            medium: csv.medium,
            offices: csv.offices,
            sharoushi: None,
            unreadable: false,
        }
    }

    /// A 電子媒体 file's header lines come before its data: once a data record was handed out,
    /// the header is known (a `[kanri]` after the data would add 事業所; the consumer sees that
    /// `finish` differs).
    fn head(&self) -> Option<ReadSummary> {
        (self.state == State::Data && !self.header).then(|| ReadSummary {
            format: Some(format_of(self.out.variant)),
            records: 0,
            medium: self.out.medium.clone(),
            offices: self.out.offices.clone(),
            sharoushi: None,
            unreadable: false,
        })
    }
}

/// The format name of a variant.
pub fn format_of(variant: Variant) -> SourceFormat {
    match variant {
        Variant::Shfd => SourceFormat::ShfdCsv,
        Variant::Kpfd => SourceFormat::KpfdCsv,
    }
}

/// SHFD or KPFD from the file name; the header may still say otherwise.
pub fn variant_from_name(file_name: &str) -> Variant {
    if file_name.to_ascii_uppercase().starts_with("KPFD") {
        Variant::Kpfd
    } else {
        Variant::Shfd
    }
}

fn starts_with_form_code(record: &Record) -> bool {
    let code = record.form_code();
    (code.len() == 7 || code.len() == 8)
        && code.bytes().all(|b| b.is_ascii_digit())
        && layout::load::knows_form(code)
}

/// Splits `line` on `,` into `record`. A line entirely in the filing character set (nearly
/// every line) is decoded and split in one pass ([`charset::decode_clean_line`]); any other is
/// decoded whole by encoding_rs and scanned for its problems, raw bytes and decoded text split in
/// step. Both have the same commas: `,` is never a trail byte, and a lead byte cut off by a comma
/// decodes to U+FFFD and leaves the comma in place. Byte problems are collected per item.
fn split_and_decode(
    line: &[u8],
    line_start: u64,
    record: &mut Record,
    problems: &mut Vec<(usize, ByteProblem)>,
) {
    record.clear();
    problems.clear();
    let field = |bytes: std::ops::Range<usize>, text: std::ops::Range<usize>| Field {
        text,
        bytes: line_start + bytes.start as u64..line_start + bytes.end as u64,
        sjis_len: bytes.len(),
    };
    let fields = &mut record.fields;
    if charset::decode_clean_line(line, &mut record.text, |b, t| fields.push(field(b, t))) {
        return;
    }
    record.text.clear();
    record.fields.clear();

    let mut decoder = SHIFT_JIS.new_decoder_without_bom_handling();
    if let Some(n) = decoder.max_utf8_buffer_length(line.len()) {
        record.text.reserve(n);
    }
    let _ = decoder.decode_to_string(line, &mut record.text, true);

    // One pass over the raw bytes splits the items and checks the characters; the decoded text
    // is split in step (it has the same commas in the same order).
    let text = record.text.as_bytes();
    let mut text_start = 0usize;
    let fields = &mut record.fields;
    charset::scan_line(line, |event| match event {
        Scan::Problem(p) => problems.push((fields.len(), p)),
        Scan::Item(range) => {
            let text_end = text
                .get(text_start..)
                .and_then(|t| t.iter().position(|b| *b == b','))
                .map_or(text.len(), |i| text_start + i);
            fields.push(field(range, text_start..text_end));
            text_start = text_end + 1;
        }
    });
}

/// True when a data record of form `code` with `count` items is checked shallowly, which
/// [`select_layout`] says once per form code and file: the same tests in the same order.
pub(crate) fn shallow_form(variant: Variant, code: &str, count: usize) -> bool {
    layout::load::recognised(code).is_some()
        || layout::find(variant, code, count).is_some_and(|l| l.depth == layout::Depth::Common)
}

/// Picks the record's layout by 様式コード and item count, reporting when none fits.
fn select_layout(
    record: &Record,
    variant: Variant,
    path: &str,
    shallow_reported: &mut Vec<String>,
    cache: Option<&'static layout::Layout>,
    sink: &mut Sink,
) -> Option<&'static layout::Layout> {
    let code = record.form_code();
    let count = record.fields.len();
    // Files hold runs of one form: most records repeat the previous record's layout.
    if let Some(l) =
        cache.filter(|l| l.form == code && l.items.len() == count && l.depth == layout::Depth::Full)
    {
        return Some(l);
    }
    let mut first_time = || {
        let first = !shallow_reported.iter().any(|c| c == code);
        if first {
            shallow_reported.push(code.to_string());
        }
        first
    };
    if let Some(form) = layout::load::recognised(code) {
        if first_time() {
            sink.push(record.diagnostic(path, Some(1), &r::STR_SHALLOW, Text::new(
                    format!("様式コード {code}（{}）は認識しましたが、項目表が公開されていないため検査しません", form.title),
                    format!("form {code} ({}) is recognised but not checked: its item table is not public", form.title_en),
                )));
        }
        return None;
    }
    if let Some(l) = layout::find(variant, code, count) {
        if l.depth == layout::Depth::Common && first_time() {
            sink.push(record.diagnostic(path, Some(1), &r::STR_SHALLOW, Text::new(
                    format!("様式コード {code}（{}）は共通項目のみ検査しました（このファイルの同じ様式のレコードすべて）", l.title),
                    format!("form {code} ({}) was checked for its common items only (every record of this form in the file)", l.title_en),
                )));
        }
        return Some(l);
    }
    let known = layout::load::of_form(variant, code);
    if known.is_empty() {
        sink.push(record.diagnostic(
            path,
            Some(1),
            &r::STR_UNKNOWN_FORM,
            Text::new(
                format!(
                    "様式コード「{}」は不明です（このレコードは検査しません）",
                    crate::diag::redact::value(code)
                ),
                format!(
                    "unknown form code `{}` (this record is not checked)",
                    crate::diag::redact::value(code)
                ),
            ),
        ));
        return None;
    }
    let expected: Vec<String> = known
        .iter()
        .map(|l| format!("{}（{}）", l.items.len(), l.version))
        .collect();
    let expected_en: Vec<String> = known
        .iter()
        .map(|l| format!("{} ({})", l.items.len(), l.version))
        .collect();
    let fewer = known.iter().all(|l| count < l.items.len());
    let (loc, snippet) = record.locate(path, None);
    let help = if fewer {
        Text::new(
            "項目が足りません。値の中の改行や、省略された区切り（,）を確認してください。",
            "items are missing: look for a line break inside a value, or an omitted separator (,).",
        )
    } else {
        Text::new(
            "項目が多すぎます。値の中のカンマを確認してください。",
            "too many items: look for a comma inside a value.",
        )
    };
    sink.push(
        Diagnostic::new(
            &r::STR_ITEM_COUNT,
            loc,
            Text::new(
                format!(
                    "様式コード {code} のレコードの項目数が{count}です（{}のいずれか）",
                    expected.join("、")
                ),
                format!(
                    "form {code} record has {count} items; expected {}",
                    expected_en.join(" or ")
                ),
            ),
        )
        .with_help(help)
        .with_snippet(snippet)
        .with_record(record.id),
    );
    None
}

/// Reports the byte problems collected while splitting, at their exact offsets (problem offsets
/// are within the line). Problems on a header line (`data` false) belong to no record.
fn report_byte_problems(
    record: &Record,
    data: bool,
    problems: &[(usize, ByteProblem)],
    path: &str,
    line: &[u8],
    sink: &mut Sink,
) {
    let about = |mut d: Diagnostic| {
        if data {
            d.with_record(record.id)
        } else {
            d.primary.set_record(None);
            d.with_record(None)
        }
    };
    let line_start = line_start_of(record);
    // A binary file or a wrong encoding: the first problems of the line show the cause, the
    // rest are counted (see [`LineCap`]; every problem here is on this line).
    let mut cap = LineCap::new();
    for (index, p) in problems {
        let code = match p {
            ByteProblem::Malformed { .. } => r::ENC_MALFORMED.code,
            ByteProblem::NotJis { .. } => r::ENC_NOT_JIS.code,
            ByteProblem::Control { .. } => r::ENC_CONTROL.code,
        };
        let slot = cap.slot(0, code, sink);
        if slot == Slot::Count {
            continue;
        }
        let no = u16::try_from(index + 1).ok();
        let (mut loc, snippet) = record.locate(path, no);
        let (offset, len, rule, message) = match *p {
            ByteProblem::Malformed { offset, len } => {
                let hex: Vec<String> = line
                    .get(offset..offset + len)
                    .unwrap_or(&[])
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect();
                (
                    offset,
                    len,
                    &r::ENC_MALFORMED,
                    Text::new(
                        format!(
                            "Shift_JISとして読めないバイト列 {} があります",
                            hex.join(" ")
                        ),
                        format!("bytes {} are not valid Shift_JIS", hex.join(" ")),
                    ),
                )
            }
            ByteProblem::NotJis { offset, ch } => (
                offset,
                2,
                &r::ENC_NOT_JIS,
                Text::new(
                    format!("「{ch}」（U+{:04X}）はJIS X 0208にない文字です", ch as u32),
                    format!("`{ch}` (U+{:04X}) is not in JIS X 0208", ch as u32),
                ),
            ),
            ByteProblem::Control { offset, byte } => (
                offset,
                1,
                &r::ENC_CONTROL,
                Text::new(
                    format!("制御文字 0x{byte:02X} があります"),
                    format!("control character 0x{byte:02X}"),
                ),
            ),
        };
        let (decoded_prefix, _) =
            SHIFT_JIS.decode_without_bom_handling(line.get(..offset).unwrap_or(&[]));
        let column = decoded_prefix.chars().count() as u32 + 1;
        loc.span_mut().byte_start = Some(line_start + offset as u64);
        loc.span_mut().byte_end = Some(line_start + (offset + len) as u64);
        loc.span_mut().column = Some(column);
        loc.span_mut().end_column = Some(column + 1);
        let snippet =
            snippet.map(|s| Snippet::window(s.line, record.redacted_text(), column, column + 1));
        let mut d = Diagnostic::new(rule, loc, message).with_snippet(snippet);
        if rule == &r::ENC_NOT_JIS {
            if let ByteProblem::NotJis { ch, .. } = p {
                if let Some(alt) = crate::source::charset::charset_hint(*ch) {
                    d = d.with_help(Text::new(
                        format!("「{ch}」は「{alt}」に置き換えてください。"),
                        format!("replace `{ch}` with `{alt}`."),
                    ));
                }
            }
        }
        match slot {
            Slot::Hold => cap.hold(about(d)),
            _ => sink.push(about(d)),
        }
    }
    cap.finish(sink);
}

fn line_start_of(record: &Record) -> u64 {
    record.fields.first().map_or(0, |f| f.bytes.start)
}

fn report_quotes(record: &Record, path: &str, sink: &mut Sink) {
    for (i, f) in record.fields.iter().enumerate() {
        if record
            .text
            .get(f.text.clone())
            .is_some_and(|t| t.contains('"'))
        {
            let (loc, snippet) = record.locate(path, u16::try_from(i + 1).ok());
            sink.push(
                Diagnostic::new(
                    &r::STR_QUOTE,
                    loc,
                    Text::new(
                        "項目に二重引用符（\"）があります。この形式には引用符がありません",
                        "item contains a double quote; this format has no quoting",
                    ),
                )
                .with_snippet(snippet)
                .with_record(record.id),
            );
        }
    }
}

fn check_line_end(
    info: &LineInfo,
    path: &str,
    line_no: u32,
    line_start: u64,
    lf_lines: &mut u32,
    sink: &mut Sink,
) {
    match info.end {
        LineEnd::CrLf => {}
        LineEnd::Lf => {
            *lf_lines += 1;
            if *lf_lines == 1 {
                let mut loc = Place::new(PlaceKind::Csv, path);
                loc.span_mut().line = Some(line_no);
                let at = line_start + info.consumed - 1;
                loc.span_mut().byte_start = Some(at);
                loc.span_mut().byte_end = Some(at + 1);
                sink.push(Diagnostic::new(
                    &r::STR_LINE_END,
                    loc,
                    Text::new(
                        format!("{line_no}行目の改行がLFのみです（CRLFが必要）"),
                        format!("line {line_no} ends with LF only (CRLF required)"),
                    ),
                ));
            }
        }
        LineEnd::Eof => {
            if info.kept > 0 {
                let mut loc = Place::new(PlaceKind::Csv, path);
                loc.span_mut().line = Some(line_no);
                loc.span_mut().byte_start = Some(line_start + info.consumed);
                loc.span_mut().byte_end = loc.span().byte_start;
                sink.push(Diagnostic::new(
                    &r::STR_NO_FINAL_NEWLINE,
                    loc,
                    Text::new(
                        "最終行がCRLFで終わっていません",
                        "the last line does not end with CRLF",
                    ),
                ));
            }
        }
    }
}

/// Compares the declared 事業所数 with the 事業所情報 records read (once).
fn finish_offices(out: &CsvFile, declared: &mut Option<(u32, Place)>, sink: &mut Sink) {
    if let Some((n, loc)) = declared.take() {
        let got = out.offices.len() as u32;
        if n != got {
            sink.push(Diagnostic::new(
                &r::STR_OFFICE_COUNT,
                loc,
                Text::new(
                    format!("事業所数情報は{n}件ですが、事業所情報は{got}件です"),
                    format!("事業所数情報 says {n} offices but {got} 事業所情報 records follow"),
                ),
            ));
        }
    }
}
