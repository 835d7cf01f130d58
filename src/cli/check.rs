//! `todokede check PATH...`

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::platform::{CrlfWriter, CRLF_TEXT_FILES};
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
            eprintln!("todokede: {}: no such file or directory", p.display());
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
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| crate::platform::argument_path(p))
        .collect();
    let report = crate::check_paths(&paths, &config);
    let color = match color {
        "always" => true,
        "never" => false,
        _ => {
            out_path.is_none()
                && format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
                && crate::platform::console_colour()
        }
    };
    let ctx = RenderContext {
        lang: read.lang.into(),
        received_on: config.options.received_on,
        color,
    };
    let mut buf = Vec::new();
    let rendered = if out_path.is_some() && format == Format::Human && CRLF_TEXT_FILES {
        report::render(format, &report, &ctx, &mut CrlfWriter::new(&mut buf))
    } else {
        report::render(format, &report, &ctx, &mut buf)
    };
    if let Err(e) = rendered {
        eprintln!("todokede: cannot render the report: {e}");
        return 2;
    }
    let written = match out_path {
        Some(p) => output::write_atomic(p, &buf, &[]),
        None => std::io::stdout().lock().write_all(&buf),
    };
    if let Err(e) = written {
        eprintln!("todokede: cannot write the report: {e}");
        return 2;
    }
    u8::from(report.has_errors())
}
