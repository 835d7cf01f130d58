//! JSON Lines: one diagnostic per line, each the object of the JSON report's `diagnostics`
//! (`todokede-report/1`), written as soon as it is built — for tools that read a stream.

use std::io::{self, Write};

use super::json::diagnostic_json;
use super::{RenderContext, Report};

/// Writes `report` as one JSON diagnostic per line (for streaming consumers).
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics() {
        serde_json::to_writer(&mut *out, &diagnostic_json(d, ctx.lang))?;
        writeln!(out)?;
    }
    Ok(())
}
