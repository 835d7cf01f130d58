//! `todokede issuance PATH...`: what the society issues to each person the filings enrol.

use std::io::Write;
use std::path::{Path, PathBuf};

use todokede::issuance::{self, Calendar, ClosedDays};
use todokede::report::issuance::csv::Encoding;
use todokede::report::issuance::Format;

use super::output;
use super::ReadArgs;

/// The options of `issuance` besides those of reading.
pub struct IssuanceArgs<'a> {
    pub format: Format,
    pub output: Option<&'a Path>,
    pub issue_on: Option<chrono::NaiveDate>,
    pub closed_days: Option<&'a str>,
    pub encoding: Encoding,
}

/// Reads the filings of `paths` as `check` does, with every finding (a limit set by the user
/// only shortens what is shown), and works out the issuance list.
pub fn read(
    paths: &[PathBuf],
    read: &ReadArgs,
    issue_on: Option<chrono::NaiveDate>,
    closed_days: Option<&str>,
) -> Result<
    (
        Vec<todokede::model::Filing>,
        todokede::Report,
        issuance::Issuance,
    ),
    String,
> {
    for p in paths {
        if p.as_os_str() != "-" && !p.exists() {
            return Err(format!("{}: no such file or directory", p.display()));
        }
    }
    let mut config = read.config().map_err(|e| e.to_string())?;
    let shown_limit = config.max_diagnostics.take();
    let closed = match closed_days {
        Some(s) => ClosedDays::parse(s).map_err(|e| format!("--closed-days: {e}"))?,
        None => ClosedDays::society_default().map_err(|e| e.to_string())?,
    };
    let calendar = Calendar::embedded(closed).map_err(|e| e.to_string())?;
    let inputs = paths
        .iter()
        .map(|p| todokede::Input::Path(p.clone()))
        .collect();
    let (filings, report) = todokede::read_filings(inputs, &config).map_err(|e| e.to_string())?;
    let opts = issuance::Options {
        received_on: config.options.received_on,
        issue_on,
        calendar,
    };
    let list = issuance::build(&filings, report.diagnostics(), &opts).map_err(|e| e.to_string())?;
    let report = match shown_limit {
        Some(_) => report.limited(shown_limit),
        None => report,
    };
    Ok((filings, report, list))
}

/// Writes the HTML staff report of a run.
pub fn staff_html(
    filings: &[todokede::model::Filing],
    report: &todokede::Report,
    list: &issuance::Issuance,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let staff = issuance::staff::build(filings, report, list);
    todokede::report::html::render_staff(&staff, out)
}

pub fn run(paths: &[PathBuf], args: &IssuanceArgs<'_>, read_args: &ReadArgs) -> u8 {
    // `E:` (a CD) read as `E:\`, as `check` reads it.
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| todokede::platform::argument_path(p))
        .collect();
    let paths = paths.as_slice();
    // Refused before anything is read, so that nothing is written.
    let inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let setting_files = read_args.setting_files();
    let settings: Vec<&Path> = setting_files.iter().map(PathBuf::as_path).collect();
    let target = match args.output.map(|p| output::plan(p, &inputs, &settings)) {
        None => output::Target::Stdout,
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            eprintln!("todokede: {e}");
            return 2;
        }
    };
    let (filings, report, list) = match read(paths, read_args, args.issue_on, args.closed_days) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("todokede: {e}");
            return 2;
        }
    };
    let written = output::Output::open(&target).and_then(|mut out| {
        let w = out.writer();
        match args.format {
            Format::Table => todokede::report::issuance::table::render(&list, w)?,
            Format::Json => todokede::report::issuance::json::render(&list, w)?,
            Format::Csv => {
                let (bytes, lost) = todokede::report::issuance::csv::render(&list, args.encoding)?;
                if lost > 0 {
                    eprintln!(
                        "todokede: Shift_JIS にない文字 {lost} 字を「〓」で書きました ({lost} character(s) Shift_JIS cannot hold were written as 〓)"
                    );
                }
                w.write_all(&bytes)?;
            }
            Format::Html => staff_html(&filings, &report, &list, w)?,
        }
        out.commit()
    });
    if let Err(e) = written {
        eprintln!(
            "todokede: cannot write the list: {}",
            todokede::diag::redact::error(&e)
        );
        return 2;
    }
    u8::from(report.has_errors())
}
