//! The OCR arm of the check flow: read a sheet, build its records, run the OCR rules and every
//! format-agnostic rule, and word the latter's findings on doubtful fields as probable misreads.

use std::io::Read;
use std::path::Path;

use super::{InputKind, OcrOptions, ReadOutcome};
use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, Sink, Text};
use crate::model::ocr::apply_certificate_states;
use crate::model::{Filing, FormRecord, Office};
use crate::read::ocr::profile::Profile;
use crate::read::ocr::{assemble, azure, jsonl, Sheet, MAX_OCR_BYTES};
use crate::rules::{self, CheckOptions, FileChecker, RecordCtx};
use crate::source::SourceFormat;

/// Reads and checks one OCR file of `kind`.
pub(super) fn check_ocr(
    path: &Path,
    shown: &str,
    kind: InputKind,
    options: &CheckOptions,
    ocr: &OcrOptions,
    sink: &mut Sink,
    filing: Option<&mut Filing>,
) -> ReadOutcome {
    let format = match kind {
        InputKind::OcrFields => SourceFormat::OcrFields,
        InputKind::AzureOcr => SourceFormat::AzureDi,
        InputKind::Csv | InputKind::Egov => return ReadOutcome::default(),
    };
    let Some(bytes) = read_capped(path, shown, sink) else {
        return ReadOutcome {
            format: Some(format),
            records: 0,
            unreadable: true,
        };
    };
    check_bytes(&bytes, shown, kind, options, ocr, sink, filing)
}

/// Reads and checks the bytes of one OCR file of `kind` (what fuzzing and property tests drive).
pub fn check_bytes(
    bytes: &[u8],
    shown: &str,
    kind: InputKind,
    options: &CheckOptions,
    ocr: &OcrOptions,
    sink: &mut Sink,
    mut filing: Option<&mut Filing>,
) -> ReadOutcome {
    let format = match kind {
        InputKind::OcrFields => SourceFormat::OcrFields,
        InputKind::AzureOcr => SourceFormat::AzureDi,
        InputKind::Csv | InputKind::Egov => return ReadOutcome::default(),
    };
    let sheets: Vec<Sheet> = match kind {
        InputKind::OcrFields => jsonl::read(bytes, shown, sink).into_iter().collect(),
        InputKind::AzureOcr => match &ocr.profile {
            Some(p) => azure::read(bytes, shown, p, sink),
            None => azure::read(bytes, shown, Profile::default_profile(), sink),
        },
        InputKind::Csv | InputKind::Egov => Vec::new(),
    };
    let mut checker = FileChecker::new(shown, options);
    let mut records = 0u32;
    for sheet in &sheets {
        let office = assemble::office(sheet, shown, sink);
        if let (Some(f), Some(o)) = (filing.as_deref_mut(), office) {
            add_office(f, o);
        }
        for (i, r) in assemble::records(sheet, shown, sink).iter().enumerate() {
            records = records.saturating_add(1);
            let Some(layout) = r.record.layout else {
                continue;
            };
            let ctx = RecordCtx::new(shown, &r.record, layout, options);
            rules::ocr::check(&ctx, &r.meta, &ocr.thresholds, i == 0, sink);
            let mut findings = Sink::new(None);
            checker.check(&r.record, &mut findings);
            rules::ocr::review(&ctx, &r.meta, &ocr.thresholds, findings.diagnostics, sink);
            if let Some(f) = filing.as_deref_mut() {
                let mut form = FormRecord::from_record(&r.record);
                apply_certificate_states(&mut form, layout, &r.meta);
                f.forms.push(form);
            }
        }
    }
    ReadOutcome {
        format: Some(format),
        records,
        unreadable: false,
    }
}

/// Adds a sheet's 事業所情報: sheets of one 事業所 (same 事業所整理記号) give one, each filling
/// what the others lack.
fn add_office(filing: &mut Filing, office: Office) {
    let same = filing
        .offices
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
        None => filing.offices.push(office),
    }
}

/// The whole file, or `None` (reported) when it cannot be read or is too large to be a form.
fn read_capped(path: &Path, shown: &str, sink: &mut Sink) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(MAX_OCR_BYTES as u64 + 1).read_to_end(&mut bytes));
    let problem = match read {
        Err(e) => Text::new(
            format!("ファイルを読めません: {e}"),
            format!("cannot read the file: {e}"),
        ),
        Ok(n) if n > MAX_OCR_BYTES => Text::new(
            format!("OCRファイルが{}MiBを超えています", MAX_OCR_BYTES >> 20),
            format!("the OCR file is larger than {} MiB", MAX_OCR_BYTES >> 20),
        ),
        Ok(_) => return Some(bytes),
    };
    sink.push(Diagnostic::new(&r::OCR_HEADER, Place::file(shown), problem));
    None
}
