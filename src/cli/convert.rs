//! `todokede convert IN --to json -o OUT`
//!
//! Which records may be written is decided on the model ([`crate::convert::select`]), the same
//! for every output shape: records with errors, without a layout, or with a person whose
//! certificate request is unknown are refused; with `--allow-errors` the rest is written and
//! what was left out is listed. Nothing is dropped silently.

use std::path::Path;

use crate::check::CheckReport;
use crate::convert::Selection;
use crate::diag::Sink;
use crate::model::Filing;
use crate::report::{self, Format, RenderContext};

use super::output;
use super::{ReadArgs, ToArg};

pub fn run(input: &Path, to: ToArg, out: &Path, allow_errors: bool, read: &ReadArgs) -> u8 {
    if !input.is_file() {
        eprintln!("todokede: {}: not a file", input.display());
        return 2;
    }
    let mut config = match read.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("todokede: {e}");
            return 2;
        }
    };
    // Every finding is needed to know which records have errors; the limit only shortens what
    // is shown.
    let shown_limit = config.max_diagnostics.take();
    let (filing, report) = crate::read_filing(input, &config);
    let selection = crate::convert::select(&filing, report.diagnostics());
    let ctx = RenderContext {
        lang: read.lang.into(),
        received_on: config.options.received_on,
        color: false,
    };
    // Findings go to standard error so that the converted data alone goes to the output file.
    if report.sink.total() > 0 {
        let mut err = Vec::new();
        let _ = report::render(
            Format::Human,
            &limited(&report, shown_limit),
            &ctx,
            &mut err,
        );
        eprint!("{}", String::from_utf8_lossy(&err));
    }
    let complete = selection.is_complete() && !report.has_errors();
    if !complete {
        list_left_out(&selection, allow_errors);
        if !allow_errors {
            eprintln!(
                "todokede: not converted: the filing has errors or unreviewed boxes (use --allow-errors to write the rest)"
            );
            return 1;
        }
    }
    let bytes = match write(to, &selection.filing) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("todokede: cannot convert the filing: {e}");
            return 2;
        }
    };
    if let Err(e) = output::write_atomic(out, &bytes, &[input]) {
        eprintln!("todokede: cannot write {}: {e}", out.display());
        return 2;
    }
    u8::from(!complete)
}

/// The converted bytes of `filing` in the shape `to`; every writer gets only convertible records.
fn write(to: ToArg, filing: &Filing) -> Result<Vec<u8>, String> {
    match to {
        ToArg::Json => {
            let mut b = serde_json::to_vec_pretty(filing).map_err(|e| e.to_string())?;
            b.push(b'\n');
            Ok(b)
        }
    }
}

/// Says what is not converted, and why.
fn list_left_out(selection: &Selection, allow_errors: bool) {
    let verb = if allow_errors {
        "left out"
    } else {
        "cannot be converted"
    };
    for l in &selection.left_out {
        eprintln!("todokede: {verb}: {l}");
    }
    if !selection.unplaced_errors.is_empty() {
        eprintln!(
            "todokede: errors outside any record ({}): values on those lines are missing{}",
            selection.unplaced_errors.join(", "),
            if allow_errors { " from the output" } else { "" }
        );
    }
    if allow_errors {
        eprintln!(
            "todokede: writing {} of {} record(s)",
            selection.filing.forms.len(),
            selection.filing.forms.len() + selection.left_out.len()
        );
    }
}

/// The report as it is shown: at most `limit` diagnostics (all still counted).
fn limited(report: &CheckReport, limit: Option<usize>) -> CheckReport {
    let mut sink = Sink::new(limit);
    for d in report.diagnostics() {
        sink.push(d.clone());
    }
    CheckReport {
        files: report.files.clone(),
        sink,
    }
}
