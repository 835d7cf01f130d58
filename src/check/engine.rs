//! [`Engine`]: the one driver of the rules. Every reader hands its records to it, whatever the
//! source format; it runs every rule, keeps what rules remember across the records of one
//! input, and adds what OCR knows about a record (its own rules before, notes after).

use crate::diag::Sink;
use crate::read::ReadRecord;
use crate::rules::ocr::Thresholds;
use crate::rules::{self, CheckOptions, FileState, RecordCtx};

/// Runs the rules on the records of one input (a file, or an e-Gov package with its members:
/// one filing, so a My Number on two of its forms is a duplicate).
#[derive(Debug)]
pub struct Engine<'c> {
    options: &'c CheckOptions,
    thresholds: &'c Thresholds,
    state: FileState,
    /// The findings of the format-agnostic rules on one record, before OCR adds its notes.
    found: Sink,
}

impl<'c> Engine<'c> {
    /// An engine for one input.
    pub fn new(options: &'c CheckOptions, thresholds: &'c Thresholds) -> Engine<'c> {
        Engine {
            options,
            thresholds,
            state: FileState::new(options),
            found: Sink::new(None),
        }
    }

    /// An engine for one part of an input whose earlier parts left `state` (see
    /// `check::split`).
    pub fn with_state(
        options: &'c CheckOptions,
        thresholds: &'c Thresholds,
        state: FileState,
    ) -> Engine<'c> {
        Engine {
            state,
            ..Engine::new(options, thresholds)
        }
    }

    /// What the rules remember of the records checked.
    pub fn into_state(self) -> FileState {
        self.state
    }

    /// Runs every rule on one record; a record without a layout was already reported by its
    /// reader and is not checked.
    pub fn check(&mut self, r: ReadRecord<'_>, sink: &mut Sink) {
        let Some(layout) = r.record.layout else {
            return;
        };
        if r.header {
            rules::check_header_record(r.path, r.record, layout, sink);
            return;
        }
        let ctx = RecordCtx::new(r.path, r.record, layout, self.options);
        if let Some(meta) = r.ocr {
            rules::ocr::check(&ctx, meta, self.thresholds, meta.first_of_sheet, sink);
        }
        rules::check_record(&ctx, &mut self.state, &mut self.found);
        match r.ocr {
            // A finding on a field OCR was not sure of gets a "probable misread" note.
            Some(meta) => rules::ocr::review(&ctx, meta, self.thresholds, self.found.take(), sink),
            None => {
                for d in self.found.drain() {
                    sink.push(d);
                }
            }
        }
    }
}
