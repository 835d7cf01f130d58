//! One line per finding, `path:line:col: CODE message` (as much of the position as is known),
//! then one line per flood summarised (`path: CODE and K more CODE in this file (not shown)`, the
//! wording of every format) and the counts: for terminals and `grep`.

use std::io::{self, Write};

use super::{RenderContext, Report};

/// Writes `report` one line per finding: `path:line:col: CODE message`.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics() {
        writeln!(
            out,
            "{}: {} {}",
            d.primary.position(),
            d.code(),
            d.message_with_notes(ctx.lang)
        )?;
    }
    // Each flood summarised, as a line of its own: `path: CODE and K more CODE in this file`.
    for o in &report.omitted {
        writeln!(out, "{}: {} {}", o.path, o.code, o.describe(ctx.lang))?;
    }
    super::human::summary_line(report, ctx, out)
}
