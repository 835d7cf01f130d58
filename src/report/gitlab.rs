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
//! - Written as it goes, one issue at a time.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::artifact::{self, Fingerprints, Root};
use super::{RenderContext, Report};
use crate::diag::{Diagnostic, Lang, Severity};

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
    for (i, d) in report.diagnostics().iter().enumerate() {
        let not_checked = unchecked.contains(&d.primary.path());
        let v = issue(d, ctx.lang, root.as_ref(), not_checked, &mut fingerprints);
        if i > 0 {
            writeln!(out, ",")?;
        }
        write!(out, "  ")?;
        serde_json::to_writer(&mut *out, &v)?;
    }
    if !report.diagnostics().is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "]")
}
