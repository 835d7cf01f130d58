//! `todokede convert IN --to json|shfd-csv|kpfd-csv|egov -o OUT`
//!
//! Which records may be written is decided on the model ([`todokede::convert::select`]), the same
//! for every electronic shape: records with errors, without a layout, or with a person whose
//! certificate request is unknown are refused; with `--allow-errors` the rest is written and
//! what was left out is listed. Nothing is dropped silently, and nothing is written that
//! `check` would reject: every output is checked in memory before it is written
//! ([`todokede::check::check_output`]), and an empty filing is refused. `--to json` writes every
//! record, each with the codes of its errors (the model is for review, not for filing). An
//! e-Gov filing too large for one package is split into numbered packages.

use std::path::Path;

use todokede::convert::{Refusal, Selection, Target, WriteOptions};
use todokede::diag::Diagnostic;
use todokede::report::{self, Format, RenderContext, Report};

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
        && (todokede::source::walk::is_package_folder(input)
            || std::fs::read_dir(input).is_ok_and(|rd| {
                rd.flatten()
                    .any(|e| todokede::source::walk::is_package_folder(&e.path()))
            }));
    // `-` (standard input), `/dev/stdin` and FIFOs are read once, like a file.
    let file_like = input.as_os_str() == "-" || std::fs::metadata(input).is_ok_and(|m| !m.is_dir());
    if !file_like && !package_dir {
        eprintln!(
            "todokede: {}: not a file or an e-Gov package folder",
            todokede::diag::redact::path(input)
        );
        return 2;
    }
    // Refused before anything is read, so that nothing is written.
    let setting_files = read.setting_files();
    let settings: Vec<&Path> = setting_files.iter().map(|p| p.as_path()).collect();
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
    let options = WriteOptions {
        society_office_number: society_office_number.map(str::to_string),
        today: super::today_in_tokyo(),
    };
    let (filing, report) =
        match todokede::read_filing(todokede::Input::Path(input.to_path_buf()), &config) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("todokede: {e}");
                return 2;
            }
        };
    let selection = todokede::convert::select(&filing, report.diagnostics());
    let ctx = RenderContext {
        lang: read.lang(),
        color: false,
    };
    // Findings go to standard error so that the converted data alone goes to the output file.
    if report.summary.total() > 0 {
        render_to_stderr(&report.limited(shown_limit), &ctx);
    }
    let complete = selection.is_complete() && !report.has_errors();
    if matches!(to, ToArg::Json) {
        // The model keeps everyone: records with errors carry their findings' codes, a person
        // whose certificate box could not be read is `unknown`. Only the electronic writers
        // refuse them.
        if !complete {
            eprintln!(
                "todokede: note: {} record(s) have errors or unreviewed boxes; they are written with their findings",
                selection.left_out.len()
            );
        }
        let all = todokede::convert::with_findings(&filing, report.diagnostics());
        let bytes = match todokede::convert::convert(&all, Target::Json, &options) {
            Ok(c) => c.parts.concat(),
            Err(e) => {
                eprintln!("todokede: cannot convert the filing: {}", refusal(&e));
                return 2;
            }
        };
        return match output::write_all(&target, &bytes) {
            Ok(()) => u8::from(!complete),
            Err(e) => {
                eprintln!(
                    "todokede: cannot write {}: {}",
                    todokede::diag::redact::path(out),
                    todokede::diag::redact::error(&e)
                );
                2
            }
        };
    }
    if !complete {
        list_left_out(&selection, allow_errors);
        if !allow_errors {
            eprintln!(
                "todokede: not converted: the filing has errors or unreviewed boxes (use --allow-errors to write the rest)"
            );
            return 1;
        }
    }
    if selection.filing.forms.is_empty() {
        eprintln!("todokede: not converted: no record is fit to convert, and an empty filing is not written");
        return 1;
    }
    let parts = match todokede::convert::convert(&selection.filing, to.into(), &options) {
        Ok(c) => {
            for d in &c.dropped {
                eprintln!(
                    "todokede: note: record {} item {} {} has no element in the e-Gov form and was not written",
                    d.record, d.item, d.name
                );
            }
            c.parts
        }
        Err(Refusal::Diagnostics(refusals)) => {
            render_to_stderr(&refusals_report(&report, refusals), &ctx);
            eprintln!("todokede: not converted: the filing cannot be written in this format");
            return 1;
        }
        Err(Refusal::Internal(e)) => {
            eprintln!("todokede: cannot convert the filing: {e}");
            return 2;
        }
    };
    // More packages than one: each to its own numbered file beside `out`.
    let targets = match part_targets(out, target, parts.len(), input, &settings) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("todokede: not converted: {e}");
            return 1;
        }
    };
    // `convert` never writes what `check` rejects: every part is checked as `check` would check
    // the written file, before anything is written.
    for ((path, _), bytes) in targets.iter().zip(&parts) {
        let name = path.file_name().map_or_else(
            || "-".to_string(),
            |n| todokede::diag::redact::name(&n.to_string_lossy()),
        );
        let checked = todokede::check::check_output(&name, bytes, &config);
        if checked.has_errors() {
            render_to_stderr(&checked.limited(shown_limit), &ctx);
            eprintln!(
                "todokede: not converted: what would be written fails todokede's own check (nothing written)"
            );
            return 1;
        }
    }
    if parts.len() > 1 {
        eprintln!(
            "todokede: note: {} applications need {} packages (at most {} per package): {}",
            selection.filing.forms.len(),
            parts.len(),
            todokede::layout::egov::MAX_PACKAGE_ENTRIES
                / todokede::write::egov::ENTRIES_PER_APPLICATION,
            targets
                .iter()
                .map(|(p, _)| todokede::diag::redact::path(p))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for ((path, target), bytes) in targets.iter().zip(&parts) {
        if let Err(e) = output::write_all(target, bytes) {
            eprintln!(
                "todokede: cannot write {}: {}",
                todokede::diag::redact::path(path),
                todokede::diag::redact::error(&e)
            );
            return 2;
        }
    }
    u8::from(!complete)
}

/// Where each of `parts` outputs goes: `out` itself for one; `{stem}-{n}{.ext}` beside it for
/// more, each planned like `out` (never an input, never a link).
fn part_targets(
    out: &Path,
    target: output::Target,
    parts: usize,
    input: &Path,
    settings: &[&Path],
) -> Result<Vec<(std::path::PathBuf, output::Target)>, String> {
    if parts <= 1 {
        return Ok(vec![(out.to_path_buf(), target)]);
    }
    if !matches!(target, output::Target::File(_)) {
        return Err(format!(
            "the filing needs {parts} packages, which cannot all go to {}; give a file name with -o",
            todokede::diag::redact::path(out)
        ));
    }
    let stem = out
        .file_stem()
        .map_or_else(|| "package".into(), |s| s.to_string_lossy().into_owned());
    let ext = out
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    (1..=parts)
        .map(|n| {
            let path = out.with_file_name(format!("{stem}-{n}{ext}"));
            output::plan(&path, &[input], settings).map(|t| (path, t))
        })
        .collect()
}

/// A report of a writer's refusals, for standard error.
fn refusals_report(read: &Report, refusals: Vec<Diagnostic>) -> Report {
    let mut refused = Report::new(read.received_on);
    for d in refusals {
        refused.summary.count(d.severity);
        refused.diagnostics.push(d);
    }
    refused
}

/// The text of a refusal that has no findings.
fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Internal(e) => e.clone(),
        Refusal::Diagnostics(d) => format!("{} finding(s)", d.len()),
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
