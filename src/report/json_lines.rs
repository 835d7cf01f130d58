//! JSON Lines: one diagnostic per line, each the object of the JSON report's `diagnostics`
//! (`todokede-report/1`), written as soon as it is built — for tools that read a stream — and
//! last one line `{"summary": …}`, the JSON report's `summary`: the counts, and each flood
//! summarised (`omitted`: path, code, severity, the exact count and what was left out, in the
//! report's language). A summary line has no `code`, so a consumer tells it from a diagnostic.

use std::io::{self, Write};

use super::json::{diagnostic_json, summary_json};
use super::{RenderContext, Report};

/// Writes `report` as one JSON diagnostic per line (for streaming consumers), then the summary.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics() {
        serde_json::to_writer(&mut *out, &diagnostic_json(d, ctx.lang))?;
        writeln!(out)?;
    }
    #[derive(serde::Serialize)]
    struct Last<'a> {
        summary: super::json::SummaryJson<'a>,
    }
    serde_json::to_writer(
        &mut *out,
        &Last {
            summary: summary_json(report, ctx.lang),
        },
    )?;
    writeln!(out)
}
