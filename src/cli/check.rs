//! `todokede check PATH...`

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::report::{self, Format, RenderContext};

use super::output;
use super::ReadArgs;

pub fn run(
    paths: &[PathBuf],
    format: Format,
    out_path: Option<&Path>,
    color: &str,
    read: &ReadArgs,
) -> u8 {
    for p in paths {
        if !p.exists() {
            eprintln!(
                "todokede: {}: no such file or directory",
                crate::diag::redact::path(p)
            );
            return 2;
        }
    }
    let config = match read.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("todokede: {e}");
            return 2;
        }
    };
    if format == Format::Html {
        // The staff report needs the persons behind the findings and the issuance list.
        let (filings, report, list) = match super::issuance::read(paths, read, None, None) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("todokede: {e}");
                return 2;
            }
        };
        let buf = match super::issuance::staff_html(&filings, &report, &list) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("todokede: cannot render the report: {e}");
                return 2;
            }
        };
        return finish(&buf, out_path, paths, report.has_errors());
    }
    let report = crate::check_paths(paths, &config);
    let color = match color {
        "always" => true,
        "never" => false,
        _ => {
            out_path.is_none()
                && format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let ctx = RenderContext {
        lang: read.lang.into(),
        received_on: config.options.received_on,
        color,
    };
    let mut buf = Vec::new();
    if let Err(e) = report::render(format, &report, &ctx, &mut buf) {
        eprintln!("todokede: cannot render the report: {e}");
        return 2;
    }
    finish(&buf, out_path, paths, report.has_errors())
}

/// Writes the report and gives the exit code.
fn finish(buf: &[u8], out_path: Option<&Path>, paths: &[PathBuf], errors: bool) -> u8 {
    let inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let written = match out_path {
        Some(p) => output::write_atomic(p, buf, &inputs),
        None => std::io::stdout().lock().write_all(buf),
    };
    if let Err(e) = written {
        eprintln!("todokede: cannot write the report: {e}");
        return 2;
    }
    u8::from(errors)
}
