//! The model → a 電子媒体 CSV file (`SHFD0006.CSV` / `KPFD0006.CSV`), Shift_JIS with CR LF.
//!
//! The writer does not validate: `convert` refuses a filing with errors before it gets here. It
//! refuses only what it cannot write faithfully: a character Shift_JIS cannot carry (encoding_rs
//! would write `&#NNNN;` in its place), a comma or line break inside a value (the format has no
//! quoting), an item the target layout has no place for. Each refusal is a diagnostic.

use encoding_rs::SHIFT_JIS;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, ItemRef, Place, PlaceKind, Span, Text};
use crate::layout::{self, Role, Slot, Variant};
use crate::model::{Filing, FormRecord, Office};

const CRLF: &str = "\r\n";

/// How a record's place is named in a refusal.
pub(crate) fn place(filing: &Filing, form: Option<&FormRecord>, item: Option<u16>) -> Place {
    let span = Span {
        line: form.and_then(|f| f.line),
        ..Span::default()
    };
    let mut p = Place::at(PlaceKind::Record, &filing.path, span);
    p.set_record(form.map(|f| f.record));
    p.set_item(item.map(|no| ItemRef { no, name: None }));
    p
}

/// Encodes `text` as Shift_JIS, or names the first character that has no Shift_JIS code.
pub fn encode(text: &str) -> Result<Vec<u8>, char> {
    let (bytes, _, unmappable) = SHIFT_JIS.encode(text);
    if !unmappable {
        return Ok(bytes.into_owned());
    }
    let bad = text
        .chars()
        .find(|c| {
            let mut b = [0u8; 4];
            SHIFT_JIS.encode(c.encode_utf8(&mut b)).2
        })
        .unwrap_or('\u{FFFD}');
    Err(bad)
}

/// Appends `text` as Shift_JIS to `out`, or names the first character that has no Shift_JIS
/// code (then what was appended is not to be used).
fn encode_into(text: &str, out: &mut Vec<u8>) -> Result<(), char> {
    if text.is_ascii() {
        out.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    let mut encoder = SHIFT_JIS.new_encoder();
    if let Some(n) = encoder.max_buffer_length_from_utf8_without_replacement(text.len()) {
        out.reserve(n);
    }
    let (result, _) = encoder.encode_from_utf8_to_vec_without_replacement(text, out, true);
    match result {
        encoding_rs::EncoderResult::InputEmpty => Ok(()),
        encoding_rs::EncoderResult::Unmappable(c) => Err(c),
        // Not with the room reserved; said as no character could be.
        encoding_rs::EncoderResult::OutputFull => Err('\u{FFFD}'),
    }
}

/// Writes `filing` as a 電子媒体 file of `variant`. `created_on` (YYYYMMDD) is the 作成年月日
/// of a 媒体管理 record the writer has to make up (a filing read from e-Gov has none).
pub fn write(
    filing: &Filing,
    variant: Variant,
    created_on: &str,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    write_with(filing, variant, created_on, None)
}

/// [`write()`], with the society's 組合事業所番号 for a KPFD header the filing does not carry (a
/// filing read from SHFD CSV, e-Gov or paper): the society assigns it, so it is never guessed
/// from the pension office's 事業所番号.
pub fn write_with(
    filing: &Filing,
    variant: Variant,
    created_on: &str,
    society_office_number: Option<&str>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let derived;
    let offices: &[Office] = if filing.offices.is_empty() {
        derived = derived_offices(filing);
        &derived
    } else {
        &filing.offices
    };
    let mut out = Vec::new();
    let mut w = CsvWriter::start(
        filing,
        offices,
        variant,
        created_on,
        society_office_number,
        &mut out,
    )?;
    for form in &filing.forms {
        w.form(form, &mut out);
    }
    w.finish()?;
    Ok(out)
}

/// Writes a 電子媒体 file record by record: the header lines first ([`CsvWriter::start`]), then
/// each data record as it comes. What cannot be written is gathered; [`CsvWriter::finish`]
/// gives every refusal (the bytes written are then not to be used).
#[derive(Debug)]
pub struct CsvWriter {
    /// The filing without its forms, for the places of refusals.
    head: Filing,
    variant: Variant,
    /// Refusals of data records, in record order.
    refusals: Vec<Diagnostic>,
    /// Refusals of the header lines (given when no record was refused).
    header_refusals: Vec<Diagnostic>,
    /// The target layout of each form code and revision met so far (looked up once, not per
    /// record).
    targets: Vec<(String, String, Option<&'static layout::Layout>)>,
    /// Per record, reused: the Shift_JIS bytes of its items one after the other, the range of
    /// each item's bytes in it, and which item fills each position of the line.
    encoded: Vec<u8>,
    ranges: Vec<std::ops::Range<usize>>,
    positions: Vec<usize>,
}

/// True when the writer needs every record before its first line: the filing has no
/// 事業所情報, which are then made up from the records ([`derived_offices`]).
pub fn needs_whole(head: &Filing) -> bool {
    head.offices.is_empty()
}

impl CsvWriter {
    /// Writes the header lines of `head` (媒体管理, `[kanri]`, 事業所数, 事業所情報, `[data]`) to
    /// `out`, with `offices` (the filing's, or those made up from its records).
    pub fn start(
        head: &Filing,
        offices: &[Office],
        variant: Variant,
        created_on: &str,
        society_office_number: Option<&str>,
        out: &mut Vec<u8>,
    ) -> Result<CsvWriter, Vec<Diagnostic>> {
        let head = Filing {
            forms: Vec::new(),
            ..head.clone()
        };
        let filing = &head;
        let mut refusals = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        let medium_ok = filing.medium.as_ref().filter(|m| match variant {
            Variant::Kpfd => m.kind == "kpfd",
            Variant::Shfd => m.kind != "kpfd",
        });
        if variant == Variant::Shfd && filing.medium.as_ref().is_some_and(|m| m.kind == "kpfd") {
            refusals.push(Diagnostic::new(
                &r::STR_MEDIUM_HEADER,
                place(filing, None, None),
                Text::new(
                    "KPFD形式の届書はSHFD0006としては書けません（事業所情報の項目が異なります）",
                    "a KPFD filing cannot be written as SHFD0006 (its 事業所情報 items differ)",
                ),
            ));
            return Err(refusals);
        }
        match (medium_ok, variant) {
            (Some(m), _) => {
                lines.push(m.items.join(","));
                lines.push("[kanri]".into());
                lines.push(
                    m.office_count_items.first().cloned().unwrap_or_default()
                        + &format!(",{:03}", offices.len()),
                );
            }
            (None, Variant::Shfd) => {
                let first = offices.first().map(|o| o.items.as_slice()).unwrap_or(&[]);
                let get = |i: usize| first.get(i).cloned().unwrap_or_default();
                lines.push(format!(
                    "{},{},{},001,{created_on},22223",
                    get(0),
                    get(1),
                    get(2)
                ));
                lines.push("[kanri]".into());
                lines.push(format!(",{:03}", offices.len()));
            }
            (None, Variant::Kpfd) => {
                let Some(number) = society_office_number else {
                    refusals.push(
                        Diagnostic::new(
                            &r::STR_MEDIUM_HEADER,
                            place(filing, None, None),
                            Text::new(
                                "KPFD0006 の媒体管理レコードには組合事業所番号が必要ですが、この届書にはありません",
                                "a KPFD0006 header needs the society's 組合事業所番号, which this filing does not carry",
                            ),
                        )
                        .with_help(Text::new(
                            "--society-office-number で組合事業所番号を指定してください。",
                            "give the society's office number with --society-office-number.",
                        )),
                    );
                    return Err(refusals);
                };
                // 組合事業所番号, FD通番, 作成年月日, then the society's own items 4–8 (empty): the
                // header as the KPFD reader reads it (docs/formats.md).
                lines.push(format!("{number},001,{created_on},,,,,"));
                lines.push("[kanri]".into());
                lines.push(format!(",{:03}", offices.len()));
                for o in offices {
                    lines.push(kpfd_office(o, number).join(","));
                }
            }
        }
        if !(medium_ok.is_none() && variant == Variant::Kpfd) {
            for o in offices {
                lines.push(o.items.join(","));
            }
        }
        lines.push("[data]".into());
        for l in &lines {
            match encode(l) {
                Ok(b) => out.extend(b),
                Err(c) => {
                    refusals.push(unmappable(filing, None, None, c));
                    continue;
                }
            }
            out.extend_from_slice(CRLF.as_bytes());
        }
        Ok(CsvWriter {
            head,
            variant,
            refusals: Vec::new(),
            header_refusals: refusals,
            targets: Vec::new(),
            encoded: Vec::new(),
            ranges: Vec::new(),
            positions: Vec::new(),
        })
    }

    /// Writes one data record to `out`, or notes why it cannot be written.
    pub fn form(&mut self, form: &FormRecord, out: &mut Vec<u8>) {
        let target = self.target(form);
        let refused = self.refusals.len();
        // Each item is encoded once, into `encoded`; the line is those bytes in the layout's
        // order, joined by commas (ASCII: nothing to encode).
        self.encoded.clear();
        self.ranges.clear();
        let count = target.map_or(form.items.len(), |l| l.items.len());
        self.positions.clear();
        self.positions.resize(count, usize::MAX);
        for (n, item) in form.items.iter().enumerate() {
            let start = self.encoded.len();
            self.ranges.push(start..start);
            if item.value.contains([',', '\r', '\n']) {
                self.refusals.push(Diagnostic::new(
                    &r::STR_ITEM_COUNT,
                    place(&self.head, Some(form), Some(item.no)),
                    Text::new(
                        format!(
                            "項番{}「{}」にカンマか改行があります（この形式では書けません）",
                            item.no, item.name
                        ),
                        format!(
                            "item {} {} holds a comma or line break, which this format cannot carry",
                            item.no, item.name
                        ),
                    ),
                ));
                continue;
            }
            if let Err(c) = encode_into(&item.value, &mut self.encoded) {
                self.encoded.truncate(start);
                self.refusals.push(unmappable(
                    &self.head,
                    Some(form),
                    Some((item.no, item.name)),
                    c,
                ));
                continue;
            }
            if let Some(r) = self.ranges.last_mut() {
                r.end = self.encoded.len();
            }
            let idx = usize::from(item.no).wrapping_sub(1);
            match self.positions.get_mut(idx) {
                Some(p) => *p = n,
                None if item.value.is_empty() => {}
                None => self.refusals.push(Diagnostic::new(
                    &r::STR_ITEM_COUNT,
                    place(&self.head, Some(form), Some(item.no)),
                    Text::new(
                        format!(
                            "項番{}「{}」は書き出し先の様式（{count}項目）にありません",
                            item.no, item.name
                        ),
                        format!(
                            "item {} {} has no place in the target layout ({count} items)",
                            item.no, item.name
                        ),
                    ),
                )),
            }
        }
        if self.refusals.len() > refused {
            return;
        }
        for (i, p) in self.positions.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if let Some(r) = self.ranges.get(*p) {
                out.extend_from_slice(self.encoded.get(r.clone()).unwrap_or_default());
            }
        }
        out.extend_from_slice(CRLF.as_bytes());
    }

    /// The variant's own layout of the form's code and revision, else the SHFD one (of_form
    /// lists the variant's layouts first); `None` when there is none.
    fn target(&mut self, form: &FormRecord) -> Option<&'static layout::Layout> {
        let version = form.layout_version.as_deref()?;
        if let Some(t) = self
            .targets
            .iter()
            .find(|(f, v, _)| *f == form.form && v == version)
        {
            return t.2;
        }
        let found = layout::load::of_form(self.variant, &form.form)
            .into_iter()
            .find(|l| l.version == version);
        self.targets
            .push((form.form.clone(), version.to_string(), found));
        found
    }

    /// True when something was refused so far.
    pub fn refused(&self) -> bool {
        !self.refusals.is_empty() || !self.header_refusals.is_empty()
    }

    /// Every refusal, or `Ok` when everything written can be used.
    pub fn finish(self) -> Result<(), Vec<Diagnostic>> {
        // The records' refusals, else the header's: what the writer always said.
        if !self.refusals.is_empty() {
            Err(self.refusals)
        } else if !self.header_refusals.is_empty() {
            Err(self.header_refusals)
        } else {
            Ok(())
        }
    }
}

/// A 事業所情報 as the KPFD file has it (9 items: 組合事業所番号, 郵便番号 親/子, 所在地, 名称,
/// 事業主氏名, 電話 ×3), from an SHFD one (12 items) or one already in KPFD shape.
fn kpfd_office(o: &Office, number: &str) -> Vec<String> {
    if o.items.len() == 9 {
        return o.items.clone();
    }
    let mut items = vec![number.to_string()];
    items.extend((4..12).map(|i| o.items.get(i).cloned().unwrap_or_default()));
    items
}

/// The 事業所情報 of a filing that has none (paper read without its 事業所 block): one per
/// 事業所整理記号 and 事業所番号 of the records, the other items left empty (`check` says so).
pub fn derived_offices(filing: &Filing) -> Vec<Office> {
    let mut out: Vec<Office> = Vec::new();
    for form in &filing.forms {
        let Some(layout) = form.layout.as_deref().and_then(layout::load::find_by_name) else {
            continue;
        };
        let value = |role: Role| {
            layout
                .role(Slot::Office, role)
                .and_then(|i| form.items.iter().find(|v| v.no == i.no))
                .map(|v| v.value.clone())
                .unwrap_or_default()
        };
        let key = [
            value(Role::Prefecture),
            value(Role::District),
            value(Role::OfficeSymbol),
            value(Role::OfficeNumber),
        ];
        if key.iter().all(String::is_empty) {
            continue;
        }
        match out.iter_mut().find(|o| o.items.get(..3) == key.get(..3)) {
            Some(o) => {
                if o.items.get(3).is_some_and(String::is_empty) {
                    if let Some(slot) = o.items.get_mut(3) {
                        slot.clone_from(&key[3]);
                    }
                }
            }
            None => {
                let mut items = key.to_vec();
                items.resize(12, String::new());
                out.push(Office {
                    line: form.line.unwrap_or(0),
                    items,
                });
            }
        }
    }
    out
}

fn unmappable(
    filing: &Filing,
    form: Option<&FormRecord>,
    item: Option<(u16, &str)>,
    c: char,
) -> Diagnostic {
    let what = item.map_or(String::new(), |(no, name)| format!("項番{no}「{name}」の"));
    let what_en = item.map_or(String::new(), |(no, name)| format!(" in item {no} {name}"));
    Diagnostic::new(
        &r::ENC_NOT_JIS,
        place(filing, form, item.map(|(no, _)| no)),
        Text::new(
            format!(
                "{what}「{c}」（U+{:04X}）はShift_JISで書けません（書き出しを中止しました）",
                c as u32
            ),
            format!(
                "`{c}` (U+{:04X}){what_en} has no Shift_JIS code (not written)",
                c as u32
            ),
        ),
    )
}
