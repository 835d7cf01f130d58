//! The OCR reader: one OCR file (ocr-fields/1 JSON Lines or an Azure result) read into sheets,
//! each sheet's records built with every item, handed out one at a time with the OCR metadata
//! beside them. ocr-fields/1 is streamed line by line ([`jsonl`]); an Azure result is streamed
//! too, keeping only its documents' fields ([`azure`]).

use std::collections::VecDeque;
use std::io::BufRead;

use super::assemble::{self, OcrRecord};
use super::profile::Profile;
use super::{azure, jsonl, Sheet};
use crate::diag::registry as r;
use crate::diag::{Diagnostic, Omitted, Place, Sink, Text};
use crate::model::Office;
use crate::read::{ReadRecord, ReadSummary, RecordIds, RecordSource};
use crate::source::SourceFormat;

/// The two OCR formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrFormat {
    /// todokede's `ocr-fields/1` JSON Lines.
    Fields,
    /// An Azure AI Document Intelligence result, mapped by a profile.
    Azure,
}

#[derive(Debug)]
enum Step {
    Finding(Box<Diagnostic>),
    Record(Box<OcrRecord>),
    /// Findings the reader's buffer counted but did not keep (a flood).
    Omitted(Omitted),
}

/// Reads one OCR file. See the module documentation.
#[derive(Debug)]
pub struct OcrReader {
    path: String,
    format: SourceFormat,
    steps: VecDeque<Step>,
    current: Option<Box<OcrRecord>>,
    records: u32,
    offices: Vec<Office>,
    /// The file could not be read (an I/O error): nothing said about its content.
    unreadable: bool,
}

impl OcrReader {
    /// Reads `input` in `format`; `profile` maps Azure fields to items (the embedded default
    /// when `None`). Its findings are held until they are handed on to a sink like `like` (a
    /// flood is summarised as `like` summarises it).
    pub fn new(
        input: impl BufRead,
        shown: &str,
        format: OcrFormat,
        profile: Option<&Profile>,
        mut ids: RecordIds,
        like: &Sink,
    ) -> OcrReader {
        let mut found = Sink::buffer_like(like);
        let mut unreadable_file = false;
        let sheets: Vec<Sheet> = match format {
            OcrFormat::Fields => jsonl::read(input, shown, &mut found).into_iter().collect(),
            OcrFormat::Azure => {
                let profile = profile.unwrap_or_else(|| Profile::default_profile());
                match azure::read(input, shown, profile, &mut found) {
                    Ok(sheets) => sheets,
                    Err(e) => {
                        unreadable_file = true;
                        found.push(unreadable(shown, &e));
                        Vec::new()
                    }
                }
            }
        };
        // What the file said before any sheet was assembled: findings that name a record are
        // about the first sheet that has it.
        let mut steps: Vec<Step> = found
            .diagnostics
            .drain(..)
            .map(|d| Step::Finding(Box::new(d)))
            .collect();
        let mut offices: Vec<Office> = Vec::new();
        let mut records = 0u32;
        let mut unnamed: Vec<usize> = (0..steps.len()).collect();
        for sheet in &sheets {
            if let Some(o) = assemble::office(sheet, shown, &mut found) {
                add_office(&mut offices, o);
            }
            let built = assemble::records(sheet, shown, &mut found);
            unnamed.extend(steps.len()..steps.len() + found.diagnostics.len());
            steps.extend(
                found
                    .diagnostics
                    .drain(..)
                    .map(|d| Step::Finding(Box::new(d))),
            );
            let mut numbered = Vec::new();
            for (i, mut r) in built.into_iter().enumerate() {
                records = records.saturating_add(1);
                // A record without a layout was reported and is not checked.
                if r.record.layout.is_none() {
                    continue;
                }
                let id = ids.next_id();
                r.record.id = Some(id);
                r.meta.first_of_sheet = i == 0;
                numbered.push((r.record.number, id));
                steps.push(Step::Record(Box::new(r)));
            }
            // The findings so far that name a record of this sheet are about it.
            unnamed.retain(|&at| {
                let Some(Step::Finding(d)) = steps.get_mut(at) else {
                    return false;
                };
                if d.record.is_some() {
                    return false;
                }
                let Some(n) = d.primary.record() else {
                    return false;
                };
                match numbered.iter().find(|(number, _)| *number == n) {
                    Some((_, id)) => {
                        d.record = Some(*id);
                        false
                    }
                    None => true,
                }
            });
        }
        steps.extend(found.take_omitted().into_iter().map(Step::Omitted));
        OcrReader {
            path: shown.to_string(),
            format: match format {
                OcrFormat::Fields => SourceFormat::OcrFields,
                OcrFormat::Azure => SourceFormat::AzureDi,
            },
            steps: steps.into(),
            current: None,
            records,
            offices,
            unreadable: unreadable_file,
        }
    }
}

/// The finding for an OCR file that could not be read.
pub fn unreadable(shown: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(&r::OCR_HEADER, Place::file(shown), {
        let why = crate::diag::cause::io(e);
        Text::new(
            format!("ファイルを読めません: {}", why.ja),
            format!("cannot read the file: {}", why.en),
        )
    })
}

impl RecordSource for OcrReader {
    fn next_record(&mut self, sink: &mut Sink) -> Option<ReadRecord<'_>> {
        self.current = None;
        loop {
            match self.steps.pop_front()? {
                Step::Finding(d) => sink.push(*d),
                Step::Omitted(o) => sink.absorb(o),
                Step::Record(r) => {
                    let r = self.current.insert(r);
                    return Some(ReadRecord {
                        path: &self.path,
                        record: &r.record,
                        ocr: Some(&r.meta),
                        header: false,
                    });
                }
            }
        }
    }

    fn finish(self) -> ReadSummary {
        ReadSummary {
            format: Some(self.format),
            records: self.records,
            medium: None,
            offices: self.offices,
            sharoushi: None,
            unreadable: self.unreadable,
        }
    }
}

/// Adds a sheet's 事業所情報: sheets of one 事業所 (same 事業所整理記号) give one, each filling
/// what the others lack.
fn add_office(offices: &mut Vec<Office>, office: Office) {
    let same = offices
        .iter_mut()
        .find(|o| o.items.get(..3) == office.items.get(..3));
    match same {
        Some(o) => {
            for (have, new) in o.items.iter_mut().zip(office.items) {
                if have.is_empty() {
                    *have = new;
                }
            }
        }
        None => offices.push(office),
    }
}
