//! GitHub Actions workflow commands (`::error file=…,line=…::message`). GitHub shows only 10
//! errors and 10 warnings per step, so a closing notice gives the totals.

use std::io::{self, Write};

use super::Report;
use crate::diag::Severity;

use super::RenderContext;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Writes `report` as GitHub Actions workflow commands (`::error file=…,line=…::…`).
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics() {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = vec![format!("file={}", escape_property(d.primary.path()))];
        if let Some(l) = d.primary.span().line {
            props.push(format!("line={l}"));
        }
        if let Some(l) = d.primary.span().end_line {
            props.push(format!("endLine={l}"));
        }
        if let Some(c) = d.primary.span().column {
            props.push(format!("col={c}"));
        }
        if let Some(c) = d.primary.span().end_column {
            props.push(format!("endColumn={c}"));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.code(), d.rule.summary(ctx.lang)))
        ));
        writeln!(
            out,
            "::{cmd} {}::{}",
            props.join(","),
            escape_data(&d.message_with_notes(ctx.lang))
        )?;
    }
    for o in &report.omitted {
        writeln!(
            out,
            "::notice file={},title={}::{}",
            escape_property(&o.path),
            escape_property(&format!("{} not shown", o.code)),
            escape_data(&o.describe(ctx.lang))
        )?;
    }
    let s = &report.summary;
    writeln!(
        out,
        "::notice title=todokede::{} error(s), {} warning(s), {} info in {} file(s)",
        s.errors,
        s.warnings,
        s.infos,
        report.files.len()
    )
}
