//! `todokede convert IN --to json|shfd-csv|kpfd-csv|egov -o OUT`
//!
//! Which records may be written is decided on the model ([`crate::convert::select`]), the same
//! for every output shape: records with errors, without a layout, or with a person whose
//! certificate request is unknown are refused; with `--allow-errors` the rest is written and
//! what was left out is listed. Nothing is dropped silently. The writers themselves never
//! validate; they refuse only what their format cannot carry, with a diagnostic.

use std::path::Path;

use crate::convert::Selection;
use crate::diag::Diagnostic;
use crate::layout::Variant;
use crate::model::Filing;
use crate::report::{self, Format, RenderContext, Report};

use super::output;
use super::{ReadArgs, ToArg};

pub fn run(
    input: &Path,
    to: ToArg,
    out: &Path,
    allow_errors: bool,
    society_office_number: Option<&str>,
    read: &ReadArgs,
) -> u8 {
    if let Some(n) = society_office_number {
        if n.is_empty() || n.len() > 10 || !n.bytes().all(|b| b.is_ascii_digit()) {
            eprintln!("todokede: --society-office-number takes 1 to 10 half-width digits");
            return 2;
        }
    }
    // A file, or an unpacked e-Gov package (a folder with kousei.xml, or holding such folders).
    let package_dir = input.is_dir()
        && (crate::source::walk::is_package_folder(input)
            || std::fs::read_dir(input).is_ok_and(|rd| {
                rd.flatten()
                    .any(|e| crate::source::walk::is_package_folder(&e.path()))
            }));
    if !input.is_file() && !package_dir {
        eprintln!(
            "todokede: {}: not a file or an e-Gov package folder",
            crate::diag::redact::path(input)
        );
        return 2;
    }
    // Refused before anything is read, so that nothing is written.
    let settings: Vec<&Path> = read.ocr_profile.iter().map(|p| p.as_path()).collect();
    let target = match output::plan(out, &[input], &settings) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("todokede: {e}");
            return 2;
        }
    };
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
    let (filing, report) =
        match crate::read_filing(crate::Input::Path(input.to_path_buf()), &config) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("todokede: {e}");
                return 2;
            }
        };
    let selection = crate::convert::select(&filing, report.diagnostics());
    let ctx = RenderContext {
        lang: read.lang.into(),
        color: false,
    };
    // Findings go to standard error so that the converted data alone goes to the output file.
    if report.summary.total() > 0 {
        render_to_stderr(&report.limited(shown_limit), &ctx);
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
    let bytes = match write(to, &selection.filing, society_office_number) {
        Ok(b) => b,
        Err(Refused::Diagnostics(refusals)) => {
            let mut refused = Report::new(report.received_on);
            for d in refusals {
                refused.summary.count(d.severity);
                refused.diagnostics.push(d);
            }
            render_to_stderr(&refused, &ctx);
            eprintln!("todokede: not converted: the filing cannot be written in this format");
            return 1;
        }
        Err(Refused::Internal(e)) => {
            eprintln!("todokede: cannot convert the filing: {e}");
            return 2;
        }
    };
    if let Err(e) = output::write_all(&target, &bytes) {
        eprintln!(
            "todokede: cannot write {}: {}",
            crate::diag::redact::path(out),
            crate::diag::redact::error(&e)
        );
        return 2;
    }
    u8::from(!complete)
}

/// Why nothing was written.
enum Refused {
    /// The format cannot carry something in the filing (a character, a missing header item).
    Diagnostics(Vec<Diagnostic>),
    Internal(String),
}

/// The converted bytes of `filing` in the shape `to`; every writer gets only convertible records.
fn write(
    to: ToArg,
    filing: &Filing,
    society_office_number: Option<&str>,
) -> Result<Vec<u8>, Refused> {
    // The date a made-up 媒体管理 record or 提出年月日 carries: the filing's own 作成年月日
    // when it has one, else today.
    let dated = filing
        .medium
        .as_ref()
        .and_then(|m| m.items.get(4))
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .cloned()
        .unwrap_or_else(|| super::today_in_tokyo().format("%Y%m%d").to_string());
    match to {
        ToArg::Json => {
            let mut b = serde_json::to_vec_pretty(filing).map_err(|e| Refused::Internal(e.to_string()))?;
            b.push(b'\n');
            Ok(b)
        }
        ToArg::ShfdCsv => crate::write::csv::write(filing, Variant::Shfd, &dated).map_err(Refused::Diagnostics),
        ToArg::KpfdCsv => {
            crate::write::csv::write_with(filing, Variant::Kpfd, &dated, society_office_number)
                .map_err(Refused::Diagnostics)
        }
        ToArg::Egov => crate::write::egov::write(filing, &dated)
            .map(|w| {
                for d in &w.dropped {
                    eprintln!(
                        "todokede: note: record {} item {} {} has no element in the e-Gov form and was not written",
                        d.record, d.item, d.name
                    );
                }
                w.zip
            })
            .map_err(Refused::Diagnostics),
    }
}

fn render_to_stderr(report: &Report, ctx: &RenderContext) {
    let mut err = Vec::new();
    let _ = report::render(Format::Human, report, ctx, &mut err);
    eprint!("{}", String::from_utf8_lossy(&err));
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
