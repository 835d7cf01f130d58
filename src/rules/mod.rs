//! Rules: checks on the model, written once for every source format.
//!
//! A rule sees a [`Record`] (numbered items with their places) and its layout; it never sees
//! bytes, XML or OCR boxes. Each family lives in its own module; every rule's code, summary and
//! help live in [`crate::diag::registry`].

pub mod certificate;
pub mod dates;
pub mod dependents;
pub mod first_places;
pub mod forms;
pub mod items;
pub mod loss;
pub mod mynumber;
pub mod ocr;
pub mod pay;

use chrono::NaiveDate;

use crate::diag::redact::{self, Class};
use crate::diag::registry::Rule;
use crate::diag::{Diagnostic, Label, Sink, Text};
use crate::layout::{Kind, Layout, Role, Slot};
use crate::model::filing::slot_present;
use crate::model::Record;

/// Whose rules decide what a filing must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The health-insurance society's policy: every person's My Number is required.
    #[default]
    Society,
    /// The pension office's rule: 基礎年金番号 plus 住所 may replace the My Number.
    Nenkin,
}

/// Settings that change what the rules accept.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// 受付日: dates may not be after it; it also decides whether an old form is a warning.
    pub received_on: NaiveDate,
    /// Society (健保組合) or 年金事務所 rules.
    pub profile: Profile,
    /// Bytes the duplicate-My-Number table of one input keeps in memory before it writes
    /// sorted runs to an anonymous temporary file ([`first_places::DEFAULT_MEMORY`], 28 MiB):
    /// the same findings whatever it is, only the memory and the speed change.
    pub duplicates_memory: usize,
}

/// The date from which the society requires the new forms (TJK: 令和6年11月28日受付分から).
pub fn new_form_required_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 11, 28).unwrap_or_default()
}

/// What a rule needs to check one record.
pub struct RecordCtx<'a> {
    /// The file, as shown in findings.
    pub path: &'a str,
    /// The record.
    pub record: &'a Record,
    /// Its layout.
    pub layout: &'static Layout,
    /// The run's options.
    pub opts: &'a CheckOptions,
    /// Which persons (slots) are on the record, worked out once per record.
    slots: [bool; 5],
    /// Which of the first [`PRESENCE_BITS`] items hold a value (bit `no − 1`), worked out in
    /// the same pass: the item rules ask it of most items on every record.
    present: [u64; PRESENCE_BITS / 64],
}

/// How many items [`RecordCtx`] keeps presence bits for (every layout has fewer; a record
/// with more items is asked through [`Record::is_present`] beyond them).
const PRESENCE_BITS: usize = 256;

impl<'a> RecordCtx<'a> {
    /// The context of `record` read with `layout`.
    pub fn new(
        path: &'a str,
        record: &'a Record,
        layout: &'static Layout,
        opts: &'a CheckOptions,
    ) -> RecordCtx<'a> {
        // One pass over the items (the same rule as `slot_present`, for all slots at once).
        let mut slots = [true, true, false, false, false];
        for (item, field) in layout.items.iter().zip(&record.fields) {
            if !field.text.is_empty()
                && item.role != Some(Role::CertificateRequest)
                && item.kind != Kind::Empty
            {
                if let Some(s) = slots.get_mut(item.slot as usize) {
                    *s = true;
                }
            }
        }
        debug_assert!([Slot::Spouse, Slot::Dependent1, Slot::Dependent2]
            .iter()
            .all(|s| slots[*s as usize] == slot_present(record, layout, *s)));
        let mut present = [0u64; PRESENCE_BITS / 64];
        for (i, field) in record.fields.iter().enumerate().take(PRESENCE_BITS) {
            // An empty range is an empty value; any other is looked at (as `Record::value`).
            let no = u16::try_from(i + 1).unwrap_or(u16::MAX);
            if !field.text.is_empty() && record.is_present(no) {
                if let Some(w) = present.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
        }
        RecordCtx {
            path,
            record,
            layout,
            opts,
            slots,
            present,
        }
    }

    /// True when item `no` holds a value (the same as [`Record::is_present`]).
    pub fn is_present(&self, no: u16) -> bool {
        let i = usize::from(no).wrapping_sub(1);
        match self.present.get(i / 64) {
            Some(w) if i < PRESENCE_BITS => w >> (i % 64) & 1 == 1,
            _ => self.record.is_present(no),
        }
    }

    /// True when the person in `slot` is on the record (see [`slot_present`]).
    pub fn slot_present(&self, slot: Slot) -> bool {
        self.slots.get(slot as usize).copied().unwrap_or(false)
    }

    /// A diagnostic of `rule` at item `no`, with the record's redacted snippet.
    pub fn diag(&self, rule: &'static Rule, no: u16, message: Text) -> Diagnostic {
        self.record.diagnostic(self.path, Some(no), rule, message)
    }

    /// A secondary label at item `no` of the same record.
    pub fn label(&self, no: u16, message: Text) -> Label {
        let (place, snippet) = self.record.locate(self.path, Some(no));
        Label {
            place,
            message,
            snippet,
        }
    }

    /// The value of item `no` (項番), trimmed; empty when absent.
    pub fn value(&self, no: u16) -> &str {
        self.record.value(no)
    }

    /// What a message may show of input text about item `no` ([`redact::quote`]): nothing of a
    /// sensitive item, and no number of personal-number length in any other.
    pub fn quote(&self, no: u16, text: &str) -> String {
        redact::quote(text, self.class(no))
    }

    /// The value of item `no` as a message may show it (see [`RecordCtx::quote`]).
    pub fn shown(&self, no: u16) -> String {
        self.quote(no, self.value(no))
    }

    /// How much of item `no`'s text may be shown.
    pub fn class(&self, no: u16) -> Class {
        match self.layout.item(no) {
            Some(i) if i.sensitive.is_none() => Class::Other,
            Some(_) => Class::Sensitive,
            None => Class::Unknown,
        }
    }

    /// `項番N 名称` for messages.
    pub fn item_ref(&self, no: u16) -> String {
        match self.layout.item(no) {
            Some(i) => format!("項番{no}「{}」", i.name),
            None => format!("項番{no}"),
        }
    }

    /// `item N (name)` for English messages.
    pub fn item_ref_en(&self, no: u16) -> String {
        match self.layout.item(no) {
            Some(i) if !i.name_en.is_empty() => format!("item {no} {} ({})", i.name, i.name_en),
            Some(i) => format!("item {no} {}", i.name),
            None => format!("item {no}"),
        }
    }
}

/// State kept across the records of one file (for rules that compare records).
#[derive(Debug, Default)]
pub struct FileState {
    /// The My Numbers seen so far, for duplicates.
    pub my_numbers: mynumber::SeenNumbers,
}

impl FileState {
    /// The state of a new input checked with `opts`.
    pub fn new(opts: &CheckOptions) -> FileState {
        FileState {
            my_numbers: mynumber::SeenNumbers::with_memory(opts.duplicates_memory),
        }
    }
}

/// Runs the item rules on a header record (事業所情報) whose layout is known: its items are
/// checked like a data record's, by the same kinds and conditions. The findings name no data
/// record.
pub fn check_header_record(path: &str, record: &Record, layout: &'static Layout, sink: &mut Sink) {
    // The item rules read no option; dates are not among a header's items.
    let opts = CheckOptions {
        received_on: NaiveDate::MAX,
        profile: Profile::default(),
        duplicates_memory: 0,
    };
    let ctx = RecordCtx::new(path, record, layout, &opts);
    let mut own = Sink::new(None);
    items::check(&ctx, &mut own);
    for d in own.diagnostics {
        let mut d = d.with_record(None);
        d.primary.set_record(None);
        sink.push(d);
    }
}

/// Runs every rule on one record whose layout is known.
pub fn check_record(ctx: &RecordCtx<'_>, state: &mut FileState, sink: &mut Sink) {
    items::check(ctx, sink);
    dates::check(ctx, sink);
    mynumber::check(ctx, &mut state.my_numbers, sink);
    certificate::check(ctx, sink);
    forms::check(ctx, sink);
}
