//! JUnit XML: one test case per checked file (with `file` and `time`), failing when the file has
//! an error-severity finding — one `<failure>` listing them — and in error (`<error>`) when the
//! file could not be checked at all. Findings about no file of the run (a folder that cannot be
//! listed, a folder with nothing to check) get a test case of their own, so the counts always
//! match the exit code: `failures` > 0 exactly when `check` exits with 1 or more, `errors` > 0
//! exactly when it exits with 2.

use std::io::{self, Write};

use super::{FileSummary, Report};
use crate::diag::{Diagnostic, Lang, Severity};

use super::human::position;
use super::RenderContext;

/// Text for an XML attribute or element: markup characters escaped, control characters other
/// than tab and newline dropped (XML 1.0 cannot carry them, not even escaped).
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
            '\u{FFFE}' | '\u{FFFF}' => {}
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

/// One test case: a file of the run, or a path findings name that is no file of the run.
struct Case<'a> {
    path: &'a str,
    summary: Option<&'a FileSummary>,
    findings: Vec<&'a Diagnostic>,
}

impl Case<'_> {
    fn errors(&self) -> usize {
        match self.summary {
            Some(f) => f.errors,
            None => self
                .findings
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
        }
    }

    fn checked(&self) -> bool {
        self.summary.is_none_or(|f| f.checked)
    }
}

fn cases(report: &Report) -> Vec<Case<'_>> {
    let mut cases: Vec<Case<'_>> = report
        .files
        .iter()
        .map(|f| Case {
            path: &f.path,
            summary: Some(f),
            findings: Vec::new(),
        })
        .collect();
    for d in report.diagnostics() {
        // The longest file path that holds the finding (a folder given and a file below it
        // both match a path below both).
        let at = cases
            .iter()
            .enumerate()
            .filter(|(_, c)| c.summary.is_some() && of_file(d.primary.path(), c.path))
            .max_by_key(|(_, c)| c.path.len())
            .map(|(i, _)| i);
        match at {
            Some(i) => {
                if let Some(c) = cases.get_mut(i) {
                    c.findings.push(d);
                }
            }
            None => match cases
                .iter_mut()
                .find(|c| c.summary.is_none() && c.path == d.primary.path())
            {
                Some(c) => c.findings.push(d),
                None => cases.push(Case {
                    path: d.primary.path(),
                    summary: None,
                    findings: vec![d],
                }),
            },
        }
    }
    cases
}

/// Writes `report` as JUnit XML: one test case per file (and per path findings name that is
/// no file of the run), a failure listing its errors, an error when it could not be checked.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let cases = cases(report);
    let failures = cases
        .iter()
        .filter(|c| c.checked() && c.errors() > 0)
        .count();
    let errors = cases.iter().filter(|c| !c.checked()).count();
    let total: f64 = report
        .files
        .iter()
        .filter_map(|f| f.elapsed)
        .map(|t| t.as_secs_f64())
        .sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="todokede" tests="{}" failures="{failures}" errors="{errors}" time="{total:.3}">"#,
        cases.len(),
    )?;
    writeln!(
        out,
        r#"  <testsuite name="todokede check" tests="{}" failures="{failures}" errors="{errors}" skipped="0" time="{total:.3}">"#,
        cases.len(),
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
    for c in &cases {
        let time = c
            .summary
            .and_then(|f| f.elapsed)
            .map_or(0.0, |t| t.as_secs_f64());
        writeln!(
            out,
            r#"    <testcase classname="todokede" name="{0}" file="{0}" time="{time:.3}">"#,
            esc(c.path)
        )?;
        let omitted: Vec<String> = report
            .omitted
            .iter()
            .filter(|o| of_file(&o.path, c.path))
            .map(|o| esc(&format!("{}: {}", o.path, o.describe(ctx.lang))))
            .collect();
        let errors: Vec<&&Diagnostic> = c
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let first = errors.first();
        let message = first
            .map(|d| format!("{} {}", d.code(), d.message_with_notes(ctx.lang)))
            .unwrap_or_default();
        let kind = first.map_or("", |d| d.code());
        if !c.checked() {
            writeln!(
                out,
                r#"      <error message="{}" type="{}">"#,
                esc(&message),
                kind
            )?;
            for d in &errors {
                writeln!(out, "{}", line(d))?;
            }
            writeln!(out, "      </error>")?;
        } else if c.errors() > 0 {
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">"#,
                esc(&message),
                kind
            )?;
            for d in &errors {
                writeln!(out, "{}", line(d))?;
            }
            let hidden = c.errors().saturating_sub(errors.len());
            if hidden > 0 {
                writeln!(
                    out,
                    "{}",
                    esc(&match ctx.lang {
                        Lang::Ja => format!("ほかにエラー{hidden}件（表示を省略）"),
                        Lang::En => format!("and {hidden} more errors (not shown)"),
                    })
                )?;
            }
            writeln!(out, "      </failure>")?;
        }
        let others: Vec<_> = c
            .findings
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
