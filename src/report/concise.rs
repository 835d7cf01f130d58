//! One line per finding, `path:line:col: CODE message` (as much of the position as is known),
//! then the counts: for terminals and `grep`.

use std::io::{self, Write};

use super::{RenderContext, Report};
use crate::diag::Lang;

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
    for o in &report.omitted {
        match ctx.lang {
            Lang::Ja => writeln!(
                out,
                "{}: {} ほかに{}件（表示を省略）",
                o.path, o.code, o.count
            )?,
            Lang::En => writeln!(
                out,
                "{}: {} and {} more (not shown)",
                o.path, o.code, o.count
            )?,
        }
    }
    super::human::summary_line(report, ctx, out)
}
