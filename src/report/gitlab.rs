//! GitLab Code Quality: a JSON array of issues (`artifacts:reports:codequality`), the subset of
//! the Code Climate format GitLab reads — `description`, `check_name`, `fingerprint`,
//! `severity`, `location.path` and `location.lines.begin` (GitLab's documentation, "Code Quality
//! report format"; the schema in `testdata/schemas/gitlab-codequality.schema.json` is written
//! from it and a test validates every corpus report against it).
//!
//! - `location.path` is the file in the repository: relative to the directory the run started
//!   in, `/` separators. A finding inside a ZIP is placed on the ZIP (GitLab shows repository
//!   files only); the member is named in the description.
//! - `lines.begin` is the finding's line, 1 when it has none (GitLab requires it).
//! - Severities: info → `info`, warning → `minor`, error → `major`; a file that could not be
//!   checked at all → `critical` (nothing in it was judged).
//! - Fingerprints are those of SARIF: unique per finding, the same in every run.
//! - A flood summarised (the findings of one code in one file past the first 50, counted and not
//!   listed) is one issue of its own: `check_name` its code, the description "CODE and K more
//!   CODE in this file (not shown)" in the report's language with the exact count, its file's
//!   path, line 1 (it has no one place), the severity of its findings, and a fingerprint of its
//!   own (`omitted`, code and file; stable across runs).
//! - Written as it goes, one issue at a time.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::artifact::{self, Fingerprints, Root};
use super::{RenderContext, Report};
use crate::diag::{Diagnostic, Lang, Omitted, Severity};

fn severity(d: &Diagnostic, unchecked: bool) -> &'static str {
    if unchecked && d.severity == Severity::Error {
        return "critical";
    }
    match d.severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

fn issue(
    d: &Diagnostic,
    lang: Lang,
    root: Option<&Root>,
    unchecked: bool,
    fingerprints: &mut Fingerprints,
) -> Value {
    let path = d.primary.path();
    let split = artifact::split(path);
    let mut description = format!("{} {}", d.code(), d.message_with_notes(lang));
    if !split.members.is_empty() {
        description = format!("{}: {description}", split.members.join("!/"));
    }
    let span = d.primary.span();
    let mut lines = json!({ "begin": span.line.unwrap_or(1) });
    if let Some(end) = span.end_line.filter(|e| span.line.is_some_and(|b| *e >= b)) {
        lines["end"] = json!(end);
    }
    json!({
        "type": "issue",
        "description": description,
        "check_name": d.code(),
        "categories": ["Bug Risk"],
        "fingerprint": fingerprints.of(d),
        "severity": severity(d, unchecked),
        "location": {
            "path": artifact::repository_path(split.outer, root),
            "lines": lines,
        },
    })
}

/// The issue of a summarised flood (see the module documentation).
fn omitted_issue(
    o: &Omitted,
    lang: Lang,
    root: Option<&Root>,
    unchecked: bool,
    fingerprints: &mut Fingerprints,
) -> Value {
    let split = artifact::split(&o.path);
    let mut description = format!("{} {}", o.code, o.describe(lang));
    if !split.members.is_empty() {
        description = format!("{}: {description}", split.members.join("!/"));
    }
    let severity = match o.severity {
        Severity::Error if unchecked => "critical",
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    };
    json!({
        "type": "issue",
        "description": description,
        "check_name": o.code,
        "categories": ["Bug Risk"],
        "fingerprint": fingerprints.of_omitted(o),
        "severity": severity,
        "location": {
            "path": artifact::repository_path(split.outer, root),
            "lines": { "begin": 1 },
        },
    })
}

/// Writes `report` as a GitLab Code Quality report (a JSON array of issues).
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let root = Root::current();
    let unchecked: Vec<&str> = report
        .files
        .iter()
        .filter(|f| !f.checked)
        .map(|f| f.path.as_str())
        .collect();
    let mut fingerprints = Fingerprints::default();
    writeln!(out, "[")?;
    let mut first = true;
    let mut item = |v: Value, out: &mut dyn Write| -> io::Result<()> {
        if !first {
            writeln!(out, ",")?;
        }
        first = false;
        write!(out, "  ")?;
        serde_json::to_writer(&mut *out, &v)?;
        Ok(())
    };
    for d in report.diagnostics() {
        let not_checked = unchecked.contains(&d.primary.path());
        let v = issue(d, ctx.lang, root.as_ref(), not_checked, &mut fingerprints);
        item(v, out)?;
    }
    for o in &report.omitted {
        let not_checked = unchecked.contains(&o.path.as_str());
        let v = omitted_issue(o, ctx.lang, root.as_ref(), not_checked, &mut fingerprints);
        item(v, out)?;
    }
    if !report.diagnostics().is_empty() || !report.omitted.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "]")
}
