//! Azure AI Document Intelligence results: the `analyzeResult` JSON of a custom model (REST
//! v3.1 / v4 shape), mapped to forms, records and items by a [`Profile`].
//!
//! Used: `documents[].docType` (→ form and version), `documents[].fields` (→ items; a
//! `valueArray` of `valueObject` rows with a table rule → one record per row), each field's
//! `type`, typed value (`valueString`, `valueSelectionMark`, `valueNumber`, `valueDate`),
//! `content`, `confidence`, `boundingRegions` (page and polygon, normalised by `pages[].width` /
//! `height`; pixels when `unit` is `pixel`), and `spans` into `content` (in `stringIndexType`
//! units) when a field has no `content` of its own.
//!
//! Streamed: a [`lexer`] walks the file from the reader, keeping only what is used — `status`,
//! `content`, `stringIndexType`, each page's number, size and unit, each document's `docType`
//! and the bytes of each of its fields — and lexing past the rest (words, lines, paragraphs,
//! tables, styles: most of a real result) without building it. A document is turned into a
//! sheet when it ends (or, when the result gives `documents` before `content` and `pages`, at
//! the end of the file), one field at a time: the field's bytes are parsed with serde_json and
//! a [`super::spans`] scan of them places its members, line and column counted on from where
//! the lexer found the field. So memory is bounded by what is kept (see the limits below), not
//! by the file, and the work is linear in it. Documents of the same form are numbered on: the
//! records of the second document follow those of the first, so record numbers stay unique in
//! the file.

mod field;
pub mod lexer;
pub mod units;

use std::collections::HashMap;
use std::io::Read;

use serde_json::Value;

use super::profile::Profile;
use super::spans;
use super::{PageSize, Sheet, Spot};
use crate::diag::registry::{self as r, Rule};
use crate::diag::{Diagnostic, Sink, Text};
use crate::source::line_index::LineIndex;
use field::Fields;
use lexer::{Halt, Lexer, Piece, Pos};
use units::Units;

/// Fields read from one result, as an ocr-fields/1 sheet keeps (500 persons of 40 boxes): past
/// them one OCR002 and the rest of the file is not read.
pub const MAX_FIELDS: usize = super::jsonl::MAX_FIELDS;
/// The largest field (a table is one field with all its rows): a larger one is OCR012, not read.
pub const MAX_FIELD_BYTES: usize = 1 << 20;
/// The longest `content` (the text of every page, kept for fields located by spans): past it
/// one OCR002 and the file is not read from there on.
pub const MAX_CONTENT_BYTES: usize = 16 << 20;
/// Bytes of fields held at once: a document's until it ends, and every document's when the
/// result gives `documents` before `content` and `pages` (they wait for the end of the file).
pub const MAX_HELD_BYTES: usize = 16 << 20;
/// Documents in one result (one form each).
pub const MAX_DOCUMENTS: usize = 2_000;
/// Pages in one result.
pub const MAX_PAGES: usize = 10_000;
/// The longest `status`, `docType`, `stringIndexType` or page member kept.
const SMALL: usize = 64 * 1024;

/// Reads an analyzeResult from `input` into one sheet per mapped document; `Err` when the input
/// could not be read (nothing is said about its content).
pub fn read(
    input: impl Read,
    path: &str,
    profile: &Profile,
    sink: &mut Sink,
) -> std::io::Result<Vec<Sheet>> {
    read_counted(input, path, profile, sink).0
}

/// [`read`], and the work it did: bytes lexed, bytes of fields parsed and scanned again (three
/// passes each: parse, places, columns), and characters counted for spans — linear in the file.
pub fn read_counted(
    input: impl Read,
    path: &str,
    profile: &Profile,
    sink: &mut Sink,
) -> (std::io::Result<Vec<Sheet>>, u64) {
    let mut lx = Lexer::new(input);
    let head = match lx.head() {
        Ok(h) => h,
        Err(Halt::Io(e)) => return (Err(e), 0),
        Err(Halt::Syntax(_)) => &[],
    };
    if crate::read::refuse_not_text(head, path, "Azure Document Intelligence JSON (UTF-8)", sink) {
        return (Ok(Vec::new()), 0);
    }
    let root = Level::new("", sink);
    let mut w = Walk {
        path,
        profile,
        sink,
        status: None,
        root,
        result: None,
        root_spot: Spot::default(),
        work: 0,
    };
    let outcome = w.root(&mut lx);
    let work = w.work + lx.lexed();
    let sheets = match outcome {
        Err(Halt::Io(e)) => return (Err(e), work),
        Err(Halt::Syntax(at)) => {
            w.sink.push(Diagnostic::new(
                &r::OCR_RESULT,
                spot(at, at).location(path),
                Text::new(
                    "OCR結果をJSONとして読めません",
                    "the OCR result is not valid JSON",
                ),
            ));
            Vec::new()
        }
        Ok(()) => w.end(),
    };
    (Ok(sheets), work)
}

/// A reading stopped early: the JSON breaks, the input fails, or a limit was reached (its
/// finding pushed; what was read so far stands).
enum Stop {
    Halt(Halt),
    Limit,
}

impl From<Halt> for Stop {
    fn from(h: Halt) -> Stop {
        Stop::Halt(h)
    }
}

type Walked = Result<(), Stop>;

/// The spot from `a` to `b`.
fn spot(a: Pos, b: Pos) -> Spot {
    Spot {
        bytes: a.byte..b.byte,
        line: a.line,
        column: a.column,
        end_line: b.line,
        end_column: b.column,
    }
}

/// One result object: the root (a bare analyzeResult) or its `analyzeResult` member. Which is
/// read is known at the end (an `analyzeResult` member wins), so each keeps its own findings.
struct Level {
    prefix: &'static str,
    content: Option<String>,
    units: Units,
    unit: Option<String>,
    pages: Option<Vec<Page>>,
    /// The result has a `pages` member (of any type).
    has_pages: bool,
    /// The result has a `documents` array.
    has_documents: bool,
    /// Documents read before `content`, `stringIndexType` and `pages` were.
    waiting: Vec<HeldDoc>,
    /// Bytes of fields held (waiting, and the document being read).
    held: usize,
    /// Field members captured, and fields made of them.
    captured: usize,
    fields: usize,
    documents: usize,
    sheets: Vec<Sheet>,
    /// The last record number used per form, so that later documents number on.
    numbered: HashMap<String, u32>,
    found: Sink,
    spot: Spot,
}

impl Level {
    fn new(prefix: &'static str, like: &Sink) -> Level {
        Level {
            prefix,
            content: None,
            units: Units::default(),
            unit: None,
            pages: None,
            has_pages: false,
            has_documents: false,
            waiting: Vec::new(),
            held: 0,
            captured: 0,
            fields: 0,
            documents: 0,
            sheets: Vec::new(),
            numbered: HashMap::new(),
            found: Sink::buffer_like(like),
            spot: Spot::default(),
        }
    }

    /// Everything a document needs has been read: it can become a sheet at once.
    fn ready(&self) -> bool {
        self.content.is_some() && self.unit.is_some() && self.pages.is_some()
    }
}

/// A document as read: where it is, its docType, and its fields' bytes.
struct HeldDoc {
    index: usize,
    spot: Spot,
    doc_type: String,
    doc_type_spot: Option<Spot>,
    fields: Vec<(String, Piece)>,
}

struct Walk<'a> {
    path: &'a str,
    profile: &'a Profile,
    sink: &'a mut Sink,
    status: Option<(String, Spot)>,
    root: Level,
    /// The `analyzeResult` member, once seen.
    result: Option<Level>,
    root_spot: Spot,
    work: u64,
}

impl Walk<'_> {
    fn root<R: Read>(&mut self, lx: &mut Lexer<R>) -> Result<(), Halt> {
        let start = pos_after_ws(lx)?;
        match self.root_object(lx, start) {
            Ok(()) => {}
            Err(Stop::Halt(h)) => return Err(h),
            // A limit: the rest is not read (nor checked for JSON).
            Err(Stop::Limit) => return Ok(()),
        }
        lx.finish()
    }

    fn root_object<R: Read>(&mut self, lx: &mut Lexer<R>, start: Pos) -> Walked {
        if lx.next_byte()? != Some(b'{') {
            lx.skip()?;
            self.root_spot = spot(start, lx.pos());
            return Ok(());
        }
        lx.open(b'{')?;
        let mut first = true;
        while let Some(key) = lx.next_key(&mut first)? {
            match key.as_str() {
                "status" => {
                    let (v, at) = small(lx)?;
                    self.status = v
                        .as_ref()
                        .and_then(Value::as_str)
                        .map(|s| (s.to_string(), at));
                }
                "analyzeResult" => {
                    // A key given twice: the last one is the result (as a parsed object has it).
                    let mut level = Level::new("/analyzeResult", self.sink);
                    let at = pos_after_ws(lx)?;
                    let walked = if lx.next_byte()? == Some(b'{') {
                        self.result_object(lx, &mut level)
                    } else {
                        lx.skip().map_err(Stop::from)
                    };
                    level.spot = spot(at, lx.pos());
                    self.result = Some(level);
                    walked?;
                }
                _ => {
                    let mut level = std::mem::replace(&mut self.root, Level::new("", self.sink));
                    let walked = self.member(lx, &mut level, &key);
                    self.root = level;
                    walked?;
                }
            }
        }
        self.root_spot = spot(start, lx.pos());
        Ok(())
    }

    fn result_object<R: Read>(&mut self, lx: &mut Lexer<R>, level: &mut Level) -> Walked {
        lx.open(b'{')?;
        let mut first = true;
        while let Some(key) = lx.next_key(&mut first)? {
            self.member(lx, level, &key)?;
        }
        Ok(())
    }

    /// One member of a result object.
    fn member<R: Read>(&mut self, lx: &mut Lexer<R>, level: &mut Level, key: &str) -> Walked {
        match key {
            "content" => {
                let piece = lx.capture(MAX_CONTENT_BYTES)?;
                if piece.over {
                    return self.limit(
                        level,
                        spot(piece.at, piece.end),
                        format!(
                            "content が{}MiBを超えています。ここから先は読みません",
                            MAX_CONTENT_BYTES >> 20
                        ),
                        format!(
                            "the result's content is longer than {} MiB: the file is not read from here on",
                            MAX_CONTENT_BYTES >> 20
                        ),
                    );
                }
                let text = serde_json::from_slice::<Value>(&piece.bytes)
                    .ok()
                    .and_then(|v| match v {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .unwrap_or_default();
                drop(piece);
                self.set_units(level, Some(text), None);
            }
            "stringIndexType" => {
                let (v, _) = small(lx)?;
                let unit = v.as_ref().and_then(Value::as_str).unwrap_or("textElements");
                self.set_units(level, None, Some(unit.to_string()));
            }
            "pages" => {
                level.has_pages = true;
                let mut pages = Vec::new();
                if lx.next_byte()? == Some(b'[') {
                    lx.open(b'[')?;
                    let mut first = true;
                    while lx.next_element(&mut first)? {
                        let at = pos_after_ws(lx)?;
                        if let Some(p) = page(lx)? {
                            if pages.len() >= MAX_PAGES {
                                return self.limit(
                                    level,
                                    spot(at, lx.pos()),
                                    format!("ページが{MAX_PAGES}を超えています。ここから先は読みません"),
                                    format!("more than {MAX_PAGES} pages: the file is not read from here on"),
                                );
                            }
                            pages.push(p);
                        }
                    }
                } else {
                    lx.skip()?;
                }
                level.pages = Some(pages);
            }
            "documents" => {
                if lx.next_byte()? != Some(b'[') {
                    lx.skip()?;
                    return Ok(());
                }
                level.has_documents = true;
                lx.open(b'[')?;
                let mut first = true;
                let mut k = 0usize;
                while lx.next_element(&mut first)? {
                    self.document(lx, level, k)?;
                    k += 1;
                }
            }
            _ => lx.skip()?,
        }
        Ok(())
    }

    /// Sets the content or its unit, and indexes the content in its unit.
    fn set_units(&mut self, level: &mut Level, content: Option<String>, unit: Option<String>) {
        if content.is_some() {
            level.content = content;
        }
        if unit.is_some() {
            level.unit = unit;
        }
        let text = level.content.as_deref().unwrap_or("");
        level.units = Units::new(text, level.unit.as_deref().unwrap_or("textElements"));
        self.work += text.len() as u64;
    }

    /// One element of `documents`: read, then made a sheet (or held until the end).
    fn document<R: Read>(&mut self, lx: &mut Lexer<R>, level: &mut Level, k: usize) -> Walked {
        let start = pos_after_ws(lx)?;
        let mut doc = HeldDoc {
            index: k,
            spot: Spot::default(),
            doc_type: String::new(),
            doc_type_spot: None,
            fields: Vec::new(),
        };
        let held_before = level.held;
        if lx.next_byte()? == Some(b'{') {
            lx.open(b'{')?;
            let mut first = true;
            while let Some(key) = lx.next_key(&mut first)? {
                match key.as_str() {
                    "docType" => {
                        let (v, at) = small(lx)?;
                        doc.doc_type = v.as_ref().and_then(Value::as_str).unwrap_or("").to_string();
                        doc.doc_type_spot = Some(at);
                    }
                    "fields" => {
                        // A key given twice: the last one counts.
                        level.held = held_before;
                        doc.fields.clear();
                        self.fields(lx, level, &mut doc)?;
                    }
                    _ => lx.skip()?,
                }
            }
        } else {
            lx.skip()?;
        }
        doc.spot = spot(start, lx.pos());
        level.documents += 1;
        if level.documents > MAX_DOCUMENTS {
            return self.limit(
                level,
                doc.spot.clone(),
                format!(
                    "文書（documents）が{MAX_DOCUMENTS}件を超えています。ここから先は読みません"
                ),
                format!("more than {MAX_DOCUMENTS} documents: the file is not read from here on"),
            );
        }
        if level.ready() {
            level.held = held_before;
            self.sheet(level, doc)
        } else {
            level.waiting.push(doc);
            Ok(())
        }
    }

    /// The members of a document's `fields`, their bytes kept (a name given twice keeps its
    /// first place and its last value, as a parsed object has it).
    fn fields<R: Read>(
        &mut self,
        lx: &mut Lexer<R>,
        level: &mut Level,
        doc: &mut HeldDoc,
    ) -> Walked {
        if lx.next_byte()? != Some(b'{') {
            lx.skip()?;
            return Ok(());
        }
        lx.open(b'{')?;
        let mut first = true;
        let mut named: HashMap<String, usize> = HashMap::new();
        while let Some(name) = lx.next_key(&mut first)? {
            let piece = lx.capture(MAX_FIELD_BYTES)?;
            level.captured += 1;
            level.held += piece.bytes.len();
            if level.captured > MAX_FIELDS || level.held > MAX_HELD_BYTES {
                let (ja, en) = if level.captured > MAX_FIELDS {
                    (
                        format!("フィールドが{MAX_FIELDS}件を超えています。ここから先は読みません"),
                        format!("more than {MAX_FIELDS} fields: the file is not read from here on"),
                    )
                } else {
                    (
                        format!("フィールドが合わせて{}MiBを超えています（content と pages より前の文書を含む）。ここから先は読みません", MAX_HELD_BYTES >> 20),
                        format!("more than {} MiB of fields held (with the documents before content and pages): the file is not read from here on", MAX_HELD_BYTES >> 20),
                    )
                };
                let at = spot(piece.at, piece.end);
                // What was read so far stands, this document's fields too: it is made a sheet
                // with the waiting ones at the end.
                level.waiting.push(HeldDoc {
                    index: doc.index,
                    spot: at.clone(),
                    doc_type: std::mem::take(&mut doc.doc_type),
                    doc_type_spot: doc.doc_type_spot.take(),
                    fields: std::mem::take(&mut doc.fields),
                });
                return self.limit(level, at, ja, en);
            }
            match named.get(&name) {
                Some(&i) => {
                    if let Some(slot) = doc.fields.get_mut(i) {
                        slot.1 = piece;
                    }
                }
                None => {
                    named.insert(name.clone(), doc.fields.len());
                    doc.fields.push((name, piece));
                }
            }
        }
        Ok(())
    }

    /// Pushes one OCR002 for a limit reached; the reading stops.
    fn limit(&mut self, level: &mut Level, at: Spot, ja: String, en: String) -> Walked {
        level.found.push(Diagnostic::new(
            &r::OCR_HEADER,
            at.location(self.path),
            Text::new(ja, en),
        ));
        Err(Stop::Limit)
    }

    /// Turns a document into a sheet, one field at a time.
    fn sheet(&mut self, level: &mut Level, doc: HeldDoc) -> Walked {
        let dp = format!("{}/documents/{}", level.prefix, doc.index);
        let outer = Doc {
            path: self.path,
            outer: doc
                .doc_type_spot
                .clone()
                .unwrap_or_else(|| doc.spot.clone()),
            inner: None,
        };
        let Some((form, version)) = self.profile.document(&doc.doc_type) else {
            level.found.push(outer.diag(
                &r::OCR_RESULT,
                &format!("{dp}/docType"),
                Text::new(
                    format!(
                        "docType「{}」はプロファイル「{}」にありません（この文書は読みません）",
                        crate::diag::redact::value(&doc.doc_type),
                        self.profile.name
                    ),
                    format!(
                        "docType `{}` is not in profile `{}` (the document is not read)",
                        crate::diag::redact::value(&doc.doc_type),
                        self.profile.name
                    ),
                ),
            ));
            return Ok(());
        };
        let offset = level.numbered.get(&form).copied().unwrap_or(0);
        let no_pages = Vec::new();
        let pages = level.pages.as_ref().unwrap_or(&no_pages);
        let content = level.content.as_deref().unwrap_or("");
        let mut sheet = Sheet {
            form: form.clone(),
            version,
            pages: Vec::new(),
            fields: Vec::new(),
            place: doc.spot.clone(),
        };
        let mut full = false;
        for (name, piece) in &doc.fields {
            let fp = format!("{dp}/fields/{}", escaped(name));
            let field_spot = spot(piece.at, piece.end);
            if piece.over {
                level.found.push(Diagnostic::new(
                    &r::OCR_RESULT,
                    field_spot.location(self.path),
                    Text::new(
                        format!(
                            "フィールドが{}MiBを超えています（読みません）",
                            MAX_FIELD_BYTES >> 20
                        ),
                        format!(
                            "the field is larger than {} MiB (not read)",
                            MAX_FIELD_BYTES >> 20
                        ),
                    ),
                ));
                continue;
            }
            self.work += 3 * piece.bytes.len() as u64;
            let Ok(value) = serde_json::from_slice::<Value>(&piece.bytes) else {
                // Lexed as JSON, refused by serde_json: a number out of f64's range.
                level.found.push(Diagnostic::new(
                    &r::OCR_RESULT,
                    field_spot.location(self.path),
                    Text::new(
                        "フィールドをJSONとして読めません（数値が大きすぎます）",
                        "the field cannot be read as JSON (a number out of range)",
                    ),
                ));
                continue;
            };
            let mut places: HashMap<String, std::ops::Range<usize>> = HashMap::new();
            for (p, r) in spans::scan(&piece.bytes, &|p| {
                !p.ends_with("/boundingRegions") && !p.ends_with("/spans")
            }) {
                places.entry(p).or_insert(r);
            }
            let doc_here = Doc {
                path: self.path,
                outer: doc.spot.clone(),
                inner: Some(Inner {
                    pointer: &fp,
                    bytes: &piece.bytes,
                    at: piece.at,
                    index: LineIndex::new(&piece.bytes),
                    places,
                }),
            };
            let reader = Fields {
                doc: &doc_here,
                pages,
                content,
                units: &level.units,
            };
            reader.field(
                name,
                &fp,
                &value,
                self.profile,
                offset,
                &mut sheet.fields,
                &mut level.found,
            );
            if level.fields + sheet.fields.len() > MAX_FIELDS {
                sheet
                    .fields
                    .truncate(MAX_FIELDS.saturating_sub(level.fields));
                full = true;
                level.found.push(Diagnostic::new(
                    &r::OCR_HEADER,
                    field_spot.location(self.path),
                    Text::new(
                        format!("フィールドが{MAX_FIELDS}件を超えています。ここから先は読みません"),
                        format!("more than {MAX_FIELDS} fields: the file is not read from here on"),
                    ),
                ));
                break;
            }
        }
        self.work += level.units.counted();
        // The pages of the sheet: the result's first and those its fields are on.
        let mut on: Vec<u32> = sheet.fields.iter().filter_map(|f| f.page).collect();
        on.sort_unstable();
        on.dedup();
        sheet.pages = pages
            .iter()
            .enumerate()
            .filter(|(i, p)| *i == 0 || on.binary_search(&p.number).is_ok())
            .map(|(_, p)| PageSize {
                page: p.number,
                width_px: p.pixels.then_some(p.width),
                height_px: p.pixels.then_some(p.height),
            })
            .collect();
        level.fields += sheet.fields.len();
        let last = sheet.fields.iter().map(|f| f.record).max().unwrap_or(0);
        level.numbered.insert(form, last.max(offset));
        level.sheets.push(sheet);
        if full {
            return Err(Stop::Limit);
        }
        Ok(())
    }

    /// The sheets of the result read, its findings handed on.
    fn end(&mut self) -> Vec<Sheet> {
        let has_result = self.result.is_some();
        let mut level = match self.result.take() {
            Some(l) => l,
            None => std::mem::replace(&mut self.root, Level::new("", self.sink)),
        };
        if !has_result {
            level.spot = self.root_spot.clone();
        }
        if let Some((status, at)) = &self.status {
            if status != "succeeded" {
                let shown = crate::diag::redact::value(status);
                self.sink.push(Diagnostic::new(
                    &r::OCR_RESULT,
                    at.location(self.path),
                    Text::new(
                        format!("解析が完了していません（status: {shown}）"),
                        format!("the analysis has not succeeded (status: {shown})"),
                    ),
                ));
                return Vec::new();
            }
        }
        if !level.has_documents {
            let (ja, en) = if has_result || level.has_pages {
                (
                    "documents がありません（フィールドを読むカスタムモデルの結果が必要です）",
                    "no `documents` (a custom model's result, which reads fields, is needed)",
                )
            } else {
                (
                    "Azure Document Intelligence の analyzeResult ではありません",
                    "not an Azure Document Intelligence analyzeResult",
                )
            };
            self.sink.push(Diagnostic::new(
                &r::OCR_RESULT,
                level.spot.location(self.path),
                Text::new(ja, en),
            ));
            return Vec::new();
        }
        // Documents that came before content and pages, now that the file is read.
        for doc in std::mem::take(&mut level.waiting) {
            if self.sheet(&mut level, doc).is_err() {
                break;
            }
        }
        for d in level.found.diagnostics.drain(..) {
            self.sink.push(d);
        }
        for o in level.found.take_omitted() {
            self.sink.absorb(o);
        }
        level.sheets
    }
}

/// The position of the next value (white space lexed).
fn pos_after_ws<R: Read>(lx: &mut Lexer<R>) -> Result<Pos, Halt> {
    lx.ws()?;
    Ok(lx.pos())
}

/// A small value (a status, a docType, a page member), parsed, and where it is; `None` when it
/// is longer than 64 KiB (or out of serde_json's range).
fn small<R: Read>(lx: &mut Lexer<R>) -> Result<(Option<Value>, Spot), Halt> {
    let piece = lx.capture(SMALL)?;
    let v = if piece.over {
        None
    } else {
        serde_json::from_slice(&piece.bytes).ok()
    };
    Ok((v, spot(piece.at, piece.end)))
}

/// One element of `pages`: its number, size and unit (the rest — words, lines — lexed past).
fn page<R: Read>(lx: &mut Lexer<R>) -> Result<Option<Page>, Halt> {
    if lx.next_byte()? != Some(b'{') {
        lx.skip()?;
        return Ok(None);
    }
    lx.open(b'{')?;
    let (mut number, mut width, mut height, mut unit) = (None, None, None, None);
    let mut first = true;
    while let Some(key) = lx.next_key(&mut first)? {
        match key.as_str() {
            "pageNumber" => number = small(lx)?.0,
            "width" => width = small(lx)?.0,
            "height" => height = small(lx)?.0,
            "unit" => unit = small(lx)?.0,
            _ => lx.skip()?,
        }
    }
    let page = (|| {
        Some(Page {
            number: u32::try_from(number?.as_u64()?).ok()?,
            width: width?.as_f64().filter(|w| *w > 0.0)?,
            height: height?.as_f64().filter(|h| *h > 0.0)?,
            pixels: unit.as_ref().and_then(Value::as_str) == Some("pixel"),
        })
    })();
    Ok(page)
}

fn escaped(key: &str) -> String {
    let mut s = String::new();
    spans::push_escaped(&mut s, key);
    s
}

/// Where a field's values are: the field's bytes and their places, and the document's place
/// for what lies outside the field.
struct Doc<'a> {
    path: &'a str,
    outer: Spot,
    inner: Option<Inner<'a>>,
}

/// One field as captured: its pointer, bytes, where they start in the file, and the places of
/// its members by pointer (relative to the field).
struct Inner<'a> {
    pointer: &'a str,
    bytes: &'a [u8],
    at: Pos,
    index: LineIndex,
    places: HashMap<String, std::ops::Range<usize>>,
}

impl Inner<'_> {
    /// The file position of byte `i` of the field.
    fn position(&self, i: usize) -> (u32, u32) {
        let (line, column) = self.index.position(self.bytes, i);
        if line == 1 {
            (
                self.at.line,
                self.at.column.saturating_add(column.saturating_sub(1)),
            )
        } else {
            (self.at.line.saturating_add(line.saturating_sub(1)), column)
        }
    }
}

impl Doc<'_> {
    /// The place of the value at `pointer`, or of its nearest ancestor that has one.
    fn place(&self, pointer: &str) -> Spot {
        let Some(inner) = &self.inner else {
            return self.outer.clone();
        };
        let Some(mut rel) = pointer
            .strip_prefix(inner.pointer)
            .filter(|r| r.is_empty() || r.starts_with('/'))
        else {
            return self.outer.clone();
        };
        loop {
            if let Some(r) = inner.places.get(rel) {
                let (line, column) = inner.position(r.start);
                let (end_line, end_column) = inner.position(r.end);
                return Spot {
                    bytes: inner.at.byte + r.start as u64..inner.at.byte + r.end as u64,
                    line,
                    column,
                    end_line,
                    end_column,
                };
            }
            match rel.rfind('/') {
                Some(i) => rel = rel.get(..i).unwrap_or(""),
                None => return self.outer.clone(),
            }
        }
    }

    fn diag(&self, rule: &'static Rule, pointer: &str, message: Text) -> Diagnostic {
        Diagnostic::new(rule, self.place(pointer).location(self.path), message)
    }
}

/// A page of the result: size in its unit.
struct Page {
    number: u32,
    width: f64,
    height: f64,
    pixels: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ocr::{FieldKind, Mark};

    const RESULT: &str = r#"{"status":"succeeded","analyzeResult":{"apiVersion":"2024-11-30","modelId":"m","stringIndexType":"unicodeCodePoint",
"content":"ﾔﾏﾀﾞ ﾀﾛｳ :selected:",
"pages":[{"pageNumber":1,"width":2480,"height":3508,"unit":"pixel"}],
"documents":[{"docType":"m:2200700-2024-12","fields":{
 "r1_i7":{"type":"string","spans":[{"offset":0,"length":8}],"confidence":0.61,
   "boundingRegions":[{"pageNumber":1,"polygon":[248,421,744,421,744,456,248,456]}]},
 "r1_i34":{"type":"selectionMark","valueSelectionMark":"selected","confidence":0.93,
   "boundingRegions":[{"pageNumber":1,"polygon":[1736,2456,1786,2456,1786,2526,1736,2526]}]},
 "Bikou2":{"type":"string","valueString":"x"}}},
 {"docType":"m:2200700-2024-12","fields":{"r1_i7":{"type":"string","valueString":"ｽｽﾞｷ ﾊﾅｺ"}}}]}}"#;

    #[test]
    fn fields_are_mapped_and_located() {
        let mut sink = Sink::new(None);
        let sheets = read(
            RESULT.as_bytes(),
            "r.json",
            Profile::default_profile(),
            &mut sink,
        )
        .unwrap();
        let codes: Vec<&str> = sink.diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["OCR011"]);
        assert_eq!(sink.diagnostics[0].primary.span().line, Some(9));
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(
            (s.form.as_str(), s.version.as_deref()),
            ("2200700", Some("2024-12"))
        );
        let name = &s.fields[0];
        assert_eq!((name.record, name.item), (1, 7));
        assert_eq!(name.raw.as_deref(), Some("ﾔﾏﾀﾞ ﾀﾛｳ"), "text of the spans");
        assert_eq!(name.bbox_px, Some([248, 421, 744, 456]));
        assert_eq!(name.bbox.map(|b| (b[0] * 1000.0).round()), Some(100.0));
        assert_eq!(name.place.line, 5);
        let mark = &s.fields[1];
        assert_eq!(
            (mark.kind, mark.mark),
            (Some(FieldKind::Checkbox), Some(Mark::Selected))
        );
        let col = RESULT
            .lines()
            .nth(6)
            .unwrap()
            .find(r#""selected""#)
            .unwrap();
        assert_eq!(mark.place.line, 7);
        assert_eq!(mark.place.column as usize, col + 1);
        // The second document of the same form numbers on.
        assert_eq!(sheets[1].fields[0].record, 2);
    }

    #[test]
    fn unusable_results_are_reported() {
        for (text, line) in [
            (r#"{"status":"running"}"#, Some(1)),
            ("{\n \"analyzeResult\": {\"pages\": []}}", Some(2)),
            ("{\"a\":\n  1,,}", Some(2)),
            (
                r#"{"analyzeResult":{"documents":[{"docType":"invoice","fields":{}}]}}"#,
                Some(1),
            ),
        ] {
            let mut sink = Sink::new(None);
            let sheets = read(
                text.as_bytes(),
                "r.json",
                Profile::default_profile(),
                &mut sink,
            )
            .unwrap();
            assert!(sheets.is_empty());
            assert_eq!(sink.diagnostics.len(), 1, "{text}");
            assert_eq!(sink.diagnostics[0].code(), "OCR012");
            assert_eq!(sink.diagnostics[0].primary.span().line, line, "{text}");
        }
    }
}
