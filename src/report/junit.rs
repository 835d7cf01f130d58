//! JUnit XML: one test case per checked file; each error is a failure of it.

use std::io::{self, Write};

use super::Report;
use crate::diag::{Diagnostic, Severity};

use super::human::position;
use super::RenderContext;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => o.push(c),
        }
    }
    o
}

/// True when a finding's path is the file or a member of it (`pkg.zip!/…`).
fn of_file(path: &str, file: &str) -> bool {
    path.strip_prefix(file).is_some_and(|rest| {
        rest.is_empty() || rest.starts_with("!/") || rest.starts_with(['/', '\\'])
    })
}

/// Writes `report` as JUnit XML: one test suite per file, one failure per error.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let failures = report.files.iter().filter(|f| f.errors > 0).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="todokede" tests="{}" failures="{}">"#,
        report.files.len(),
        failures
    )?;
    writeln!(
        out,
        r#"  <testsuite name="todokede check" tests="{}" failures="{}" errors="0" skipped="0">"#,
        report.files.len(),
        failures
    )?;
    let line = |d: &Diagnostic| {
        format!(
            "{}: {}[{}] {}",
            esc(&position(&d.primary)),
            d.severity.as_str(),
            d.code(),
            esc(&d.message_with_notes(ctx.lang))
        )
    };
    for f in &report.files {
        writeln!(
            out,
            r#"    <testcase classname="todokede" name="{}">"#,
            esc(&f.path)
        )?;
        let mine: Vec<_> = report
            .diagnostics()
            .iter()
            .filter(|d| of_file(d.primary.path(), &f.path))
            .collect();
        let omitted: Vec<String> = report
            .omitted
            .iter()
            .filter(|o| of_file(&o.path, &f.path))
            .map(|o| esc(&format!("{}: {}", o.path, o.describe(ctx.lang))))
            .collect();
        if f.errors > 0 {
            let first = mine.iter().find(|d| d.severity == Severity::Error);
            let msg = first
                .map(|d| format!("{} {}", d.code(), d.message_with_notes(ctx.lang)))
                .unwrap_or_default();
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">"#,
                esc(&msg),
                first.map_or("", |d| d.code())
            )?;
            for d in mine.iter().filter(|d| d.severity == Severity::Error) {
                writeln!(out, "{}", line(d))?;
            }
            writeln!(out, "      </failure>")?;
        }
        let others: Vec<_> = mine
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .collect();
        if !others.is_empty() || !omitted.is_empty() {
            writeln!(out, "      <system-out>")?;
            for d in others {
                writeln!(out, "{}", line(d))?;
            }
            for o in &omitted {
                writeln!(out, "{o}")?;
            }
            writeln!(out, "      </system-out>")?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
