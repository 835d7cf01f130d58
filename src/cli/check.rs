//! `todokede check PATH...`

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use todokede::platform::{CrlfWriter, CRLF_TEXT_FILES};
use todokede::report::{self, Format, RenderContext};

use super::output;
use super::{ExitArgs, ReadArgs};

pub fn run(
    paths: &[PathBuf],
    format: Format,
    out_path: Option<&Path>,
    color: &str,
    exit: &ExitArgs,
    read: &ReadArgs,
) -> u8 {
    // A path that names nothing is reported as a file not checked (STR019, exit 2), in every
    // format, and the others are still checked.
    // Refused before anything is read, so that nothing is written.
    let inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let setting_files = read.setting_files();
    let settings: Vec<&Path> = setting_files.iter().map(PathBuf::as_path).collect();
    let target = match out_path.map(|p| output::plan(p, &inputs, &settings)) {
        None => output::Target::Stdout,
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            eprintln!("todokede: {}", e.get(read.lang()));
            return 2;
        }
    };
    let config = match read.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("todokede: {}", e.get(read.lang()));
            return 2;
        }
    };
    // `E:` (a CD) read as `E:\`, so that what is found below it is shown `E:\SHFD0006.CSV`.
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| todokede::platform::argument_path(p))
        .collect();
    let paths = paths.as_slice();
    if format == Format::Html {
        // The staff report needs the persons behind the findings and the issuance list.
        let (filings, report, list) = match super::issuance::read(paths, read, None, None) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("todokede: {}", e.get(read.lang()));
                return 2;
            }
        };
        let written = output::Output::open(&target).and_then(|mut out| {
            super::issuance::staff_html(&filings, &report, &list, out.writer())?;
            out.commit()
        });
        if let Err(e) = written {
            cannot_write(&e, read.lang());
            return 2;
        }
        return exit.code(&report);
    }
    let inputs = paths
        .iter()
        .map(|p| todokede::Input::Path(p.clone()))
        .collect();
    let mut report = match todokede::check_all(inputs, &config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("todokede: {}", e.text().get(read.lang()));
            return 2;
        }
    };
    report.configuration = Some(read.effective(&config));
    let color = match color {
        "always" => true,
        "never" => false,
        _ => {
            target == output::Target::Stdout
                && format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
                && todokede::platform::console_colour()
        }
    };
    let ctx = RenderContext {
        lang: read.lang(),
        color,
    };
    let crlf = target != output::Target::Stdout && format == Format::Human && CRLF_TEXT_FILES;
    let written = output::Output::open(&target).and_then(|mut out| {
        let render = |w: &mut dyn std::io::Write| {
            if exit.statistics {
                report::statistics::render(&report, &ctx, format == Format::Json, w)
            } else if exit.quiet {
                report::human::summary_line(&report, &ctx, w)
            } else {
                report::render(format, &report, &ctx, w)
            }
        };
        if crlf {
            render(&mut CrlfWriter::new(out.writer()))?;
        } else {
            render(out.writer())?;
        }
        out.commit()
    });
    if let Err(e) = written {
        cannot_write(&e, read.lang());
        return 2;
    }
    exit.code(&report)
}

/// The report could not be written.
fn cannot_write(e: &std::io::Error, lang: todokede::diag::Lang) {
    let why = todokede::diag::cause::io(e);
    match lang {
        todokede::diag::Lang::Ja => eprintln!("todokede: 報告を書けません: {}", why.ja),
        todokede::diag::Lang::En => eprintln!("todokede: cannot write the report: {}", why.en),
    }
}
