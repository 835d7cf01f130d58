//! My Number rules (`MYN`): 12 half-width digits, the check digit of 平成26年総務省令第85号 第5条,
//! presence (the society's policy), and the same number on two records of one form.
//!
//! No message, label or snippet ever shows the number: items are named, never quoted.

use crate::diag::{Label, Sink, Text};
use crate::diag::{PlaceKind, Severity};
use crate::layout::{ModelKind, Role, Slot};
use crate::model::ItemPosition;

use super::first_places::{FirstPlaces, Place};
use super::{Profile, RecordCtx};
use crate::diag::registry as r;

/// Weights of the first 11 digits, left to right.
const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// The check digit for the first 11 digits (each 0–9).
pub fn check_digit(first11: &[u8; 11]) -> u8 {
    let sum: u32 = first11
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    let rem = sum % 11;
    if rem <= 1 {
        0
    } else {
        (11 - rem) as u8
    }
}

/// Why a value is not a My Number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MyNumberError {
    /// Not twelve digits.
    NotTwelveDigits,
    /// Twelve digits with a wrong check digit.
    CheckDigit,
}

/// Parses a My Number, checking its shape and check digit.
pub fn parse(v: &str) -> Result<u64, MyNumberError> {
    let b = v.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return Err(MyNumberError::NotTwelveDigits);
    }
    let mut first = [0u8; 11];
    for (d, c) in first.iter_mut().zip(b) {
        *d = c - b'0';
    }
    if check_digit(&first) != b[11] - b'0' {
        return Err(MyNumberError::CheckDigit);
    }
    v.parse::<u64>().map_err(|_| MyNumberError::NotTwelveDigits)
}

/// Where a number was first seen in the run, in 16 bytes (24 with its fingerprint in
/// [`FirstPlaces`], whose memory is bounded whatever the number of records). Positions that
/// do not fit (a column, a page or a box: XML and OCR items) are kept whole in
/// [`SeenNumbers::wide`], which the start bits then index. The packed word is never all ones
/// (kind 7 has no bits 40–60), which [`FirstPlaces`] takes as an empty slot.
#[derive(Debug, Clone, Copy)]
struct FirstSeen {
    /// Bits 0–39: the value's first byte in the file (or the index in [`SeenNumbers::wide`]);
    /// 40–47: its length in bytes; 48–55: the item (項番); 56–60: the index in
    /// [`SeenNumbers::paths`] (the members of one e-Gov package share the state); 61–63: the
    /// kind of place, or [`WIDE`] for a position kept in [`SeenNumbers::wide`].
    packed: u64,
    record: u32,
    /// The 1-based line; 0 when there is none.
    line: u32,
}

/// The kind bits of a [`FirstSeen`] whose position is kept whole.
const WIDE: u64 = 7;

/// The kinds of place, by their 3-bit code in [`FirstSeen::packed`].
const KINDS: [PlaceKind; 5] = [
    PlaceKind::File,
    PlaceKind::Csv,
    PlaceKind::Xml,
    PlaceKind::Ocr,
    PlaceKind::Record,
];

impl FirstSeen {
    /// A position in 16 bytes, when it fits: on a line, no column, page or box, a value of at
    /// most 255 bytes starting before 1 TiB, item ≤ 255, path index ≤ 31.
    fn compact(pos: &ItemPosition, path: usize) -> Option<FirstSeen> {
        if pos.column.is_some() || pos.page.is_some() || pos.bbox.is_some() {
            return None;
        }
        let line = match pos.line {
            Some(0) => return None,
            l => l.unwrap_or(0),
        };
        let start = pos.bytes.0;
        let len = u8::try_from(pos.bytes.1.checked_sub(start)?).ok()?;
        let item = u8::try_from(pos.item).ok()?;
        let path = u8::try_from(path).ok().filter(|p| *p < 32)?;
        let kind = KINDS.iter().position(|k| *k == pos.kind)? as u64;
        (start < 1 << 40).then_some(FirstSeen {
            packed: start
                | u64::from(len) << 40
                | u64::from(item) << 48
                | u64::from(path) << 56
                | kind << 61,
            record: pos.record,
            line,
        })
    }

    /// The entry of a position kept whole at `index` of [`SeenNumbers::wide`].
    fn wide(index: usize) -> FirstSeen {
        FirstSeen {
            packed: (index as u64 & ((1 << 40) - 1)) | WIDE << 61,
            record: 0,
            line: 0,
        }
    }

    /// The position and path index of a compact entry; the index in
    /// [`SeenNumbers::wide`] (as `Err`) of one kept whole.
    fn position(self) -> Result<(ItemPosition, usize), usize> {
        let field = |shift: u32, bits: u32| (self.packed >> shift) & ((1 << bits) - 1);
        let start = field(0, 40);
        let Some(kind) = usize::try_from(field(61, 3))
            .ok()
            .and_then(|k| KINDS.get(k))
        else {
            return Err(usize::try_from(start).unwrap_or(usize::MAX));
        };
        let pos = ItemPosition {
            kind: *kind,
            record: self.record,
            item: field(48, 8) as u16,
            bytes: (start, start + field(40, 8)),
            line: (self.line != 0).then_some(self.line),
            column: None,
            page: None,
            bbox: None,
        };
        Ok((pos, field(56, 5) as usize))
    }
}

/// Numbers seen so far in a run, keyed by 様式コード and number (see `key` below).
#[derive(Debug, Default)]
pub struct SeenNumbers {
    /// The first places by key, in bounded memory (beyond its budget, on disk).
    seen: FirstPlaces,
    /// The first positions that do not fit a [`FirstSeen`], with their path index.
    wide: Vec<(ItemPosition, usize)>,
    /// The paths records came from, in order (one for a file; one per member of a package).
    paths: Vec<String>,
    /// The 様式コード seen, in order: a key holds the index.
    forms: Vec<String>,
}

/// One integer for a (form, number) pair: a number is below 10^12 < 2^40, and the form is its
/// index in [`SeenNumbers::forms`] (a run has a handful of 様式コード), so the two are packed
/// without loss.
fn key(form_index: u32, number: u64) -> u64 {
    (u64::from(form_index) << 40) | (number & ((1 << 40) - 1))
}

impl SeenNumbers {
    /// A table that keeps about `bytes` in memory (see [`FirstPlaces::with_memory`]).
    pub fn with_memory(bytes: usize) -> SeenNumbers {
        SeenNumbers {
            seen: FirstPlaces::with_memory(bytes),
            wide: Vec::new(),
            paths: Vec::new(),
            forms: Vec::new(),
        }
    }

    /// The memory its table was given ([`SeenNumbers::with_memory`]).
    pub fn memory(&self) -> usize {
        self.seen.memory()
    }

    /// The index of `form` in [`SeenNumbers::forms`], added when new.
    fn form_index(&mut self, form: &str) -> u32 {
        let i = match self.forms.iter().position(|f| f == form) {
            Some(i) => i,
            None => {
                self.forms.push(form.to_string());
                self.forms.len() - 1
            }
        };
        // Below 2^24: a run has as many forms as there are layouts.
        u32::try_from(i).unwrap_or(u32::MAX) & 0xFF_FFFF
    }

    /// Where (form, number) was first seen, with its path.
    fn first(&mut self, key: u64) -> Option<(ItemPosition, usize)> {
        let Place {
            packed,
            record,
            line,
        } = self.seen.get(key)?;
        let seen = FirstSeen {
            packed,
            record,
            line,
        };
        match seen.position() {
            Ok(found) => Some(found),
            Err(i) => self.wide.get(i).copied(),
        }
    }

    /// Calls `f` with each (form, number) kept, its first place and path (read back from the
    /// temporary file for the numbers that were written out).
    fn for_each_entry(&mut self, mut f: impl FnMut(&str, u64, ItemPosition, &str)) {
        let SeenNumbers {
            seen,
            wide,
            paths,
            forms,
        } = self;
        seen.for_each(|k, place| {
            let Some(form) = usize::try_from(k >> 40).ok().and_then(|i| forms.get(i)) else {
                return;
            };
            let first = FirstSeen {
                packed: place.packed,
                record: place.record,
                line: place.line,
            };
            let Some((pos, path)) = first
                .position()
                .ok()
                .or_else(|| first.position().err().and_then(|i| wide.get(i).copied()))
            else {
                return;
            };
            let Some(path) = paths.get(path) else {
                return;
            };
            f(form.as_str(), k & ((1 << 40) - 1), pos, path.as_str());
        });
    }

    /// The key of (form, number) here, when the form was seen.
    fn key_of(&self, form: &str, number: u64) -> Option<u64> {
        let i = self.forms.iter().position(|f| f == form)?;
        Some(key(u32::try_from(i).ok()?, number))
    }

    /// Keeps `pos` in `path` as the first place of (form, number).
    fn insert_at(&mut self, form: &str, number: u64, pos: ItemPosition, path: &str) {
        let k = key(self.form_index(form), number);
        if self.paths.last().is_none_or(|p| p != path) {
            self.paths.push(path.to_string());
        }
        let path = self.paths.len() - 1;
        self.insert(k, pos, path);
    }

    /// For `later`, the state of a later part of the same input checked on its own: the numbers
    /// it saw first that were already seen here, with their first places here — the state to
    /// check that part again with, so that it reports them as the serial run does. `None` when
    /// it saw none of them.
    pub fn seen_before(&mut self, later: &mut SeenNumbers) -> Option<SeenNumbers> {
        // The part is checked again with these: within the part's budget, as it was.
        let mut seeds = SeenNumbers::with_memory(later.memory());
        later.for_each_entry(|form, number, _, _| {
            let Some(first) = self.key_of(form, number).and_then(|k| self.first(k)) else {
                return;
            };
            let path = self.paths.get(first.1).cloned().unwrap_or_default();
            seeds.insert_at(form, number, first.0, &path);
        });
        (!seeds.seen.is_empty()).then_some(seeds)
    }

    /// Adds the numbers `later` (the next part of the same input) saw first that are not here.
    pub fn extend_with(&mut self, later: &mut SeenNumbers) {
        later.for_each_entry(|form, number, pos, path| {
            if let Some(k) = self.key_of(form, number) {
                if self.seen.get(k).is_some() {
                    return;
                }
            }
            self.insert_at(form, number, pos, path);
        });
    }

    /// Keeps `pos` (in path number `path`) as the first place of `key`.
    fn insert(&mut self, key: u64, pos: ItemPosition, path: usize) {
        let entry = FirstSeen::compact(&pos, path).unwrap_or_else(|| {
            self.wide.push((pos, path));
            FirstSeen::wide(self.wide.len() - 1)
        });
        self.seen.insert(
            key,
            Place {
                packed: entry.packed,
                record: entry.record,
                line: entry.line,
            },
        );
    }
}

/// The My Number items: twelve digits, check digit, no duplicate within the run.
pub fn check(ctx: &RecordCtx<'_>, seen: &mut SeenNumbers, sink: &mut Sink) {
    let needs_number = matches!(
        ctx.layout.model,
        ModelKind::QualificationAcquisition | ModelKind::DependentChange
    ) && ctx.opts.profile == Profile::Society;
    for item in ctx.layout.items_numbered(&ctx.layout.index.my_numbers) {
        let v = ctx.value(item.no);
        if v.is_empty() {
            if needs_number && ctx.slot_present(item.slot) {
                sink.push(missing(ctx, item.no, item.slot));
            }
            continue;
        }
        match parse(v) {
            Err(MyNumberError::NotTwelveDigits) => sink.push(ctx.diag(
                &r::MYN_FORMAT,
                item.no,
                Text::new(
                    format!(
                        "{}は半角数字12桁です（{}文字）",
                        ctx.item_ref(item.no),
                        v.chars().count()
                    ),
                    format!(
                        "{} must be 12 half-width digits ({} characters given)",
                        ctx.item_ref_en(item.no),
                        v.chars().count()
                    ),
                ),
            )),
            Err(MyNumberError::CheckDigit) => sink.push(ctx.diag(
                &r::MYN_CHECK_DIGIT,
                item.no,
                Text::new(
                    format!(
                        "{}: ************（12桁、検査用数字不一致）",
                        ctx.item_ref(item.no)
                    ),
                    format!(
                        "{}: ************ (12 digits, check digit does not match)",
                        ctx.item_ref_en(item.no)
                    ),
                ),
            )),
            // The insured person of a 被扶養者(異動)届 is repeated on every line of a filing with
            // more dependents than one line holds (1 配偶者 + 2 others): not a duplicate.
            Ok(_)
                if ctx.layout.model == ModelKind::DependentChange && item.slot == Slot::Insured => {
            }
            Ok(n) => {
                let key = key(seen.form_index(ctx.record.form_code()), n);
                if let Some((first_pos, first_path)) = seen.first(key) {
                    let line = first_pos.line.map_or(String::new(), |l| l.to_string());
                    let path = seen.paths.get(first_path).map_or(ctx.path, String::as_str);
                    let place = first_pos.place(
                        path,
                        ctx.layout.item(first_pos.item).map(|i| i.name.as_str()),
                    );
                    sink.push(
                        ctx.diag(
                            &r::MYN_DUPLICATE,
                            item.no,
                            Text::new(
                                format!(
                                    "{}が{}行目（レコード{}）と同じです",
                                    ctx.item_ref(item.no),
                                    line,
                                    first_pos.record
                                ),
                                format!(
                                    "{} is the same as on line {line} (record {})",
                                    ctx.item_ref_en(item.no),
                                    first_pos.record
                                ),
                            ),
                        )
                        .with_label(Label {
                            place,
                            message: Text::new("最初の記載", "first given here"),
                            snippet: None,
                        }),
                    );
                } else {
                    if seen.paths.last().is_none_or(|p| p != ctx.path) {
                        seen.paths.push(ctx.path.to_string());
                    }
                    let path = seen.paths.len() - 1;
                    seen.insert(key, ctx.record.item_position(item.no), path);
                }
            }
        }
    }
}

/// MYN004 for an empty My Number: an error, but a warning when the record itself says why
/// there is none (住民票住所を記載できない理由 1 海外在住 or 2 短期在留: a person living abroad or
/// on a short stay has no 住民票, so no My Number to give).
fn missing(ctx: &RecordCtx<'_>, no: u16, slot: Slot) -> crate::diag::Diagnostic {
    let reason = ctx
        .layout
        .role(slot, Role::NoAddressReason)
        .map(|i| (i.no, ctx.value(i.no)))
        .filter(|(_, v)| *v == "1" || *v == "2");
    let d = ctx.diag(
        &r::MYN_MISSING,
        no,
        Text::new(
            format!(
                "{}が記載されていません（健康保険組合への届出には個人番号が必要です）",
                ctx.item_ref(no)
            ),
            format!(
                "{} is empty (the society requires every person's My Number)",
                ctx.item_ref_en(no)
            ),
        ),
    );
    let Some((reason_no, v)) = reason else {
        return d;
    };
    let (why_ja, why_en) = if v == "1" {
        ("海外在住", "living abroad")
    } else {
        ("短期在留", "short-term stay")
    };
    d.with_severity(Severity::Warning)
        .with_help(Text::new(
            format!(
                "{}が「{v}」（{why_ja}）のため警告です。個人番号が分かれば記載してください。",
                ctx.item_ref(reason_no)
            ),
            format!(
                "a warning because {} is `{v}` ({why_en}); give the number if the person has one.",
                ctx.item_ref_en(reason_no)
            ),
        ))
        .with_label(ctx.label(reason_no, Text::new(why_ja, why_en)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> [u8; 11] {
        let mut a = [0u8; 11];
        for (d, c) in a.iter_mut().zip(s.bytes()) {
            *d = c - b'0';
        }
        a
    }

    /// What duplicate detection keeps per number is 16 bytes (plus its 8-byte key), and gives
    /// back the exact first position, compact or not.
    #[test]
    fn first_positions_are_kept_compactly_and_exactly() {
        assert!(std::mem::size_of::<FirstSeen>() <= 16);
        let csv = ItemPosition {
            kind: PlaceKind::Csv,
            record: 7,
            item: 13,
            bytes: (5_000_000_000, 5_000_000_012),
            line: Some(9),
            column: None,
            page: None,
            bbox: None,
        };
        let no_line = ItemPosition { line: None, ..csv };
        let ocr = ItemPosition {
            kind: PlaceKind::Ocr,
            column: Some(3),
            page: Some(2),
            bbox: Some([1.0, 2.0, 3.0, 4.0]),
            ..csv
        };
        let long = ItemPosition {
            bytes: (0, 70_000),
            ..csv
        };
        let mut seen = SeenNumbers::default();
        for (i, pos) in [&csv, &no_line, &ocr, &long].into_iter().enumerate() {
            seen.insert(key(0, i as u64), *pos, i);
        }
        assert_eq!(
            seen.wide.len(),
            2,
            "the OCR and the long position do not fit"
        );
        for (i, pos) in [&csv, &no_line, &ocr, &long].into_iter().enumerate() {
            let (got, path) = seen.first(key(0, i as u64)).unwrap();
            assert_eq!(format!("{got:?}"), format!("{pos:?}"));
            assert_eq!(path, i);
        }
        assert!(seen.first(key(1, 0)).is_none(), "another form's number");
        assert_ne!(key(0, 999_999_999_999), key(1, 0));

        // At the edges of the packed fields: what fits comes back exactly, what does not is
        // kept whole (and comes back exactly too).
        let edge = ItemPosition {
            kind: PlaceKind::Record,
            record: u32::MAX,
            item: 255,
            bytes: ((1 << 40) - 1, (1 << 40) + 254),
            line: Some(u32::MAX),
            ..csv
        };
        let big_item = ItemPosition { item: 256, ..csv };
        let far = ItemPosition {
            bytes: (1 << 40, (1 << 40) + 12),
            ..csv
        };
        let cases = [(&edge, 31), (&big_item, 0), (&far, 0), (&csv, 32)];
        let mut seen = SeenNumbers::default();
        for (i, (pos, path)) in cases.into_iter().enumerate() {
            seen.insert(key(2, i as u64), *pos, path);
        }
        assert_eq!(seen.wide.len(), 3, "item 256, 1 TiB and path 32 do not fit");
        for (i, (pos, path)) in cases.into_iter().enumerate() {
            let (got, got_path) = seen.first(key(2, i as u64)).unwrap();
            assert_eq!(format!("{got:?}"), format!("{pos:?}"));
            assert_eq!(got_path, path);
        }
        assert_eq!(seen.form_index("2200700"), 0);
        assert_eq!(seen.form_index("22187041"), 1);
        assert_eq!(seen.form_index("2200700"), 0);
    }

    #[test]
    fn published_vectors() {
        assert_eq!(check_digit(&digits("98320567321")), 4);
        assert_eq!(check_digit(&digits("12345678901")), 8);
        assert_eq!(check_digit(&digits("00000000000")), 0);
        assert!(parse("123456789018").is_ok());
        assert_eq!(parse("123456789017"), Err(MyNumberError::CheckDigit));
        assert_eq!(parse("12345678901"), Err(MyNumberError::NotTwelveDigits));
        assert_eq!(
            parse("１２３４５６７８９０１８"),
            Err(MyNumberError::NotTwelveDigits)
        );
    }

    proptest::proptest! {
        #[test]
        fn every_generated_number_passes(first in proptest::array::uniform11(0u8..10)) {
            let mut s: String = first.iter().map(|d| char::from(b'0' + d)).collect();
            s.push(char::from(b'0' + check_digit(&first)));
            proptest::prop_assert!(parse(&s).is_ok());
        }

        #[test]
        fn a_changed_check_digit_fails(first in proptest::array::uniform11(0u8..10), delta in 1u8..10) {
            let good = check_digit(&first);
            let mut s: String = first.iter().map(|d| char::from(b'0' + d)).collect();
            s.push(char::from(b'0' + (good + delta) % 10));
            proptest::prop_assert_eq!(parse(&s), Err(MyNumberError::CheckDigit));
        }
    }
}
