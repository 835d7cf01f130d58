//! `check --statistics`: how many findings of each rule code, most frequent first (ties in
//! code order). Every finding counts, also those a report would summarise or leave out.

use std::io::{self, Write};

use serde_json::json;

use super::{RenderContext, Report};
use crate::diag::{registry, Lang, Severity};

/// One line of the statistics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// The rule code.
    pub code: &'static str,
    /// The severity its findings had (after the rule policy).
    pub severity: Severity,
    /// How many were counted, kept or not.
    pub count: usize,
}

/// The counts of `report`, most frequent first.
pub fn counts(report: &Report) -> Vec<Count> {
    let mut v: Vec<Count> = report
        .by_code
        .iter()
        .map(|(&(code, severity), &count)| Count {
            code,
            severity,
            count,
        })
        .collect();
    v.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.code.cmp(b.code))
            .then(a.severity.cmp(&b.severity))
    });
    v
}

/// The statistics as a table (`json`: as a JSON array of `{code, severity, count, summary}`).
pub fn render(
    report: &Report,
    ctx: &RenderContext,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let counts = counts(report);
    let summary = |code: &str| registry::find(code).map_or("", |r| r.summary(ctx.lang));
    if json {
        let v: Vec<_> = counts
            .iter()
            .map(|c| {
                json!({
                    "code": c.code,
                    "severity": c.severity.as_str(),
                    "count": c.count,
                    "summary": summary(c.code),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &v)?;
        return writeln!(out);
    }
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for c in &counts {
        let sev = match (c.severity, ctx.lang) {
            (Severity::Error, Lang::Ja) => "エラー",
            (Severity::Warning, Lang::Ja) => "警告",
            (Severity::Info, Lang::Ja) => "情報",
            (s, Lang::En) => s.as_str(),
        };
        writeln!(
            out,
            "{:>width$}  {}  [{sev}] {}",
            c.count,
            c.code,
            summary(c.code)
        )?;
    }
    if counts.is_empty() {
        match ctx.lang {
            Lang::Ja => writeln!(out, "指摘はありません")?,
            Lang::En => writeln!(out, "no findings")?,
        }
    }
    Ok(())
}
