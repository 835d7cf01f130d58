//! The human report: rustc-style blocks with our own `path:line:column` (character columns),
//! marks placed by terminal width (miette's handler misplaces them after a half-width `ﾞ`; see
//! docs/architecture.md) and a window of the source line around the item, because a 139-item
//! record does not fit a terminal.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

use super::Report;
use crate::diag::{redact, Diagnostic, Lang, Place, Severity, Snippet};

use super::RenderContext;

/// Display columns of source shown around the highlighted item.
const WINDOW: usize = 100;

/// Writes `report` for a person: each finding with its place, a window of the source and help.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    for d in report.diagnostics() {
        diagnostic(d, ctx, out)?;
        writeln!(out)?;
    }
    for o in &report.omitted {
        let head = format!("{}[{}]", severity_word(o.severity, ctx.lang), o.code);
        let text = o.describe(ctx.lang);
        writeln!(
            out,
            "{}: {text}",
            paint(ctx, severity_color(o.severity), &head)
        )?;
        writeln!(out, "  --> {}", o.path)?;
        writeln!(out)?;
    }
    summary_line(report, ctx, out)
}

fn paint(ctx: &RenderContext, code: &str, text: &str) -> String {
    if ctx.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Ja) => "エラー",
        (Severity::Warning, Lang::Ja) => "警告",
        (Severity::Info, Lang::Ja) => "情報",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

/// `path:line:column`, or as much of it as is known.
pub fn position(place: &Place) -> String {
    place.position()
}

fn diagnostic(d: &Diagnostic, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let lang = ctx.lang;
    let head = format!("{}[{}]", severity_word(d.severity, lang), d.code());
    writeln!(
        out,
        "{}: {}",
        paint(ctx, severity_color(d.severity), &head),
        d.message.get(lang)
    )?;
    let addr = d.primary.address(lang);
    if addr.is_empty() {
        writeln!(out, "  --> {}", position(&d.primary))?;
    } else {
        writeln!(out, "  --> {}  ({addr})", position(&d.primary))?;
    }
    if let Some(s) = &d.snippet {
        snippet(s, None, ctx, out)?;
    }
    for l in &d.secondary {
        writeln!(
            out,
            "  {} {}: {}",
            paint(ctx, "1;34", "-->"),
            position(&l.place),
            l.message.get(lang)
        )?;
        if let Some(s) = &l.snippet {
            snippet(s, Some(l.message.get(lang)), ctx, out)?;
        }
    }
    for n in &d.notes {
        let word = match lang {
            Lang::Ja => "注",
            Lang::En => "note",
        };
        writeln!(out, "   = {word}: {}", n.get(lang))?;
    }
    let help = d.help_text(lang);
    if !help.is_empty() {
        let word = match lang {
            Lang::Ja => "ヒント",
            Lang::En => "help",
        };
        writeln!(out, "   = {word}: {help}")?;
    }
    Ok(())
}

/// The window of the line with the item underlined; `^` for the primary place, `-` for labels.
fn snippet(
    s: &Snippet,
    label: Option<&str>,
    ctx: &RenderContext,
    out: &mut dyn Write,
) -> io::Result<()> {
    let chars: Vec<char> = s.text.chars().collect();
    // Columns in the snippet's own text.
    let first = s.first_column.max(1) as usize;
    let start = (s.start_column as usize)
        .saturating_sub(first)
        .min(chars.len());
    let mut end = (s.end_column as usize)
        .saturating_sub(first)
        .clamp(start, chars.len());
    let width = |cs: &[char]| cs.iter().map(|c| cell_width(*c)).sum::<usize>();
    // A mark wider than the window is cut to the window.
    while end > start + 1 && width(&chars[start..end]) > WINDOW {
        end -= 1;
    }

    // Grow a window around [start, end) up to WINDOW display columns.
    let mut from = start;
    let mut to = end;
    let mut used = width(&chars[start..end]);
    loop {
        let mut grew = false;
        if from > 0 && used + cell_width(chars[from - 1]) <= WINDOW {
            from -= 1;
            used += cell_width(chars[from]);
            grew = true;
        }
        if to < chars.len() && used + cell_width(chars[to]) <= WINDOW {
            used += cell_width(chars[to]);
            to += 1;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    let gutter = s.line.to_string();
    let pad = " ".repeat(gutter.len());
    let lead = if from > 0 || first > 1 { "…" } else { "" };
    let tail = if to < chars.len() || s.more_after {
        "…"
    } else {
        ""
    };
    // The window is a cut: a public identifier it splits is masked (one `*` per character,
    // so the columns stay).
    let window: String = chars[from..to].iter().collect();
    let window: Vec<char> = if from > 0 || to < chars.len() {
        redact::cut(&window).chars().collect()
    } else {
        window.chars().collect()
    };
    let (start, end) = (start - from, end - from);
    // Control characters from the input are shown escaped, never sent to the terminal.
    let shown: String = window.iter().map(|c| redact::char(*c)).collect();
    writeln!(out, "{pad} |")?;
    writeln!(out, "{gutter} | {lead}{shown}{tail}")?;
    let offset = lead.chars().count() + width(&window[..start]);
    let marks = width(&window[start..end]).max(1);
    let mark = if label.is_some() { "-" } else { "^" };
    let underline = paint(
        ctx,
        if label.is_some() { "1;34" } else { "1;31" },
        &mark.repeat(marks),
    );
    writeln!(out, "{pad} | {}{underline}", " ".repeat(offset))?;
    Ok(())
}

/// Display columns of one character of a snippet as printed (escaped when it is a control
/// character).
fn cell_width(c: char) -> usize {
    if redact::is_control(c) {
        redact::char(c).chars().count()
    } else {
        c.width().unwrap_or(1)
    }
}

/// The closing line of counts (also under the concise format and `--quiet`).
pub fn summary_line(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let sink = &report.summary;
    let files = report.files.len();
    let records = report.records();
    let unchecked = report.files.iter().filter(|f| !f.checked).count();
    let line = match ctx.lang {
        Lang::Ja => {
            let mut s = format!(
                "{}ファイル・{}レコードを検査: エラー {}件、警告 {}件、情報 {}件",
                files, records, sink.errors, sink.warnings, sink.infos
            );
            if sink.not_shown > 0 {
                s.push_str(&format!("（表示上限により{}件省略）", sink.not_shown));
            }
            if unchecked > 0 {
                s.push_str(&format!("。{unchecked}ファイルは検査できませんでした"));
            }
            s
        }
        Lang::En => {
            let mut s = format!(
                "checked {files} file(s), {records} record(s): {} error(s), {} warning(s), {} info",
                sink.errors, sink.warnings, sink.infos
            );
            if sink.not_shown > 0 {
                s.push_str(&format!(
                    " ({} not shown: --max-diagnostics)",
                    sink.not_shown
                ));
            }
            if unchecked > 0 {
                s.push_str(&format!("; {unchecked} file(s) could not be checked"));
            }
            s
        }
    };
    let mark = if sink.errors > 0 || unchecked > 0 {
        paint(ctx, "1;31", "✗")
    } else {
        paint(ctx, "1;32", "✓")
    };
    writeln!(out, "{mark} {line}")
}
