//! Renderers: a [`CheckReport`] as text for people or documents for machines. Renderers never
//! see source formats, and never print a personal number (diagnostics carry none, and snippets
//! are redacted by the reader).

pub mod github;
pub mod html;
pub mod human;
pub mod issuance;
pub mod json;
pub mod junit;
pub mod sarif;

use std::io::{self, Write};

use crate::check::CheckReport;
use crate::diag::Lang;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    /// The staff report: one self-contained Japanese HTML page, printable per 事業所.
    Html,
}

/// Everything a renderer may print besides the diagnostics.
pub struct RenderContext {
    pub lang: Lang,
    pub received_on: chrono::NaiveDate,
    /// Colour for terminals (human format only).
    pub color: bool,
}

pub fn render(
    format: Format,
    report: &CheckReport,
    ctx: &RenderContext,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, ctx, out),
        Format::Json => json::render(report, ctx, out),
        Format::Sarif => sarif::render(report, ctx, out),
        Format::Junit => junit::render(report, ctx, out),
        Format::Github => github::render(report, ctx, out),
        Format::Html => html::render(report, ctx, out),
    }
}
