//! `todokede issuance PATH...`: what the society issues to each person the filings enrol.

use std::io::Write;
use std::path::{Path, PathBuf};

use todokede::diag::Text;
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
    Text,
> {
    let mut config = read.config()?;
    let shown_limit = config.max_diagnostics.take();
    let closed = match closed_days {
        Some(s) => ClosedDays::parse(s).map_err(|e| {
            let shown = todokede::diag::redact::name(s);
            Text::new(
                format!(
                    "--closed-days: 「{shown}」を休業日として読めません（none か、MM-DD、MM-DD..MM-DD、YYYY-MM-DD をカンマで区切って書きます。例: 12-29..01-03,2026-12-28）"
                ),
                format!("--closed-days: {e}"),
            )
        })?,
        None => ClosedDays::society_default().map_err(|e| e.text())?,
    };
    let calendar = Calendar::embedded(closed).map_err(|e| e.text())?;
    let inputs = paths
        .iter()
        .map(|p| todokede::Input::Path(p.clone()))
        .collect();
    let (filings, report) = todokede::read_filings(inputs, &config).map_err(|e| e.text())?;
    let opts = issuance::Options {
        received_on: config.options.received_on,
        issue_on,
        calendar,
    };
    let list = issuance::build(&filings, report.diagnostics(), &opts).map_err(|e| e.text())?;
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
    // The list is of every person, so it is not made when an input is missing (`check` reports
    // a missing input instead).
    for p in paths {
        if p.as_os_str() != "-" && std::fs::metadata(p).is_err() {
            let shown = todokede::diag::redact::path(p);
            match read_args.lang() {
                todokede::diag::Lang::Ja => {
                    eprintln!("todokede: {shown}: そのようなファイルもフォルダもありません")
                }
                todokede::diag::Lang::En => {
                    eprintln!("todokede: {shown}: no such file or directory")
                }
            }
            return 2;
        }
    }
    // Refused before anything is read, so that nothing is written.
    let inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let setting_files = read_args.setting_files();
    let settings: Vec<&Path> = setting_files.iter().map(PathBuf::as_path).collect();
    let target = match args.output.map(|p| output::plan(p, &inputs, &settings)) {
        None => output::Target::Stdout,
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            eprintln!("todokede: {}", e.get(read_args.lang()));
            return 2;
        }
    };
    let (filings, report, list) = match read(paths, read_args, args.issue_on, args.closed_days) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("todokede: {}", e.get(read_args.lang()));
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
                    match read_args.lang() {
                        todokede::diag::Lang::Ja => eprintln!(
                            "todokede: Shift_JIS にない文字 {lost} 字を「〓」で書きました"
                        ),
                        todokede::diag::Lang::En => eprintln!(
                            "todokede: {lost} character(s) Shift_JIS cannot hold were written as 〓"
                        ),
                    }
                }
                w.write_all(&bytes)?;
            }
            Format::Html => staff_html(&filings, &report, &list, w)?,
        }
        out.commit()
    });
    if let Err(e) = written {
        let why = todokede::diag::cause::io(&e);
        match read_args.lang() {
            todokede::diag::Lang::Ja => eprintln!("todokede: 一覧を書けません: {}", why.ja),
            todokede::diag::Lang::En => eprintln!("todokede: cannot write the list: {}", why.en),
        }
        return 2;
    }
    u8::from(report.has_errors())
}
