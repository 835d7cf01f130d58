//! `todokede::Diagnostic` as a `miette::Diagnostic`: what a Rust program using the library gets
//! when it renders findings with its own miette handler.

mod support;

use miette::{Diagnostic as _, GraphicalReportHandler, GraphicalTheme};
use support::*;
use todokede::diag::{Diagnostic, Lang};

fn findings(case: &str) -> Vec<Diagnostic> {
    let path = root()
        .join("testdata/invalid")
        .join(case)
        .join("SHFD0006.CSV");
    let report = check_paths(&[path], &config("2024-12-10"));
    report.diagnostics
}

fn finding(case: &str, code: &str) -> Diagnostic {
    findings(case)
        .into_iter()
        .find(|d| d.code() == code)
        .unwrap_or_else(|| panic!("{case}: no {code}"))
}

fn render(d: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, d)
        .expect("render");
    out
}

#[test]
fn code_severity_help_and_url_come_from_the_rule() {
    let d = finding("dat001", "DAT001");
    let m: &dyn miette::Diagnostic = &d;
    assert_eq!(m.code().map(|c| c.to_string()).as_deref(), Some("DAT001"));
    assert_eq!(m.severity(), Some(miette::Severity::Error));
    assert_eq!(m.to_string(), d.message.ja);
    let help = m.help().map(|h| h.to_string()).unwrap_or_default();
    assert!(help.ends_with(d.help_text(Lang::Ja)), "{help}");
    assert_eq!(
        m.url().map(|u| u.to_string()).as_deref(),
        Some("docs/rules.md#dat001")
    );
    // The anchor exists in the generated rules page.
    let rules = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    assert!(rules.contains("\n## DAT001\n"));

    let en = d.in_lang(Lang::En);
    let m: &dyn miette::Diagnostic = &en;
    assert_eq!(m.to_string(), d.message.en);
    let help = m.help().map(|h| h.to_string()).unwrap_or_default();
    assert!(help.ends_with(d.help_text(Lang::En)), "{help}");
}

#[test]
fn the_primary_label_is_on_the_value_at_the_file_s_line_and_character_column() {
    let d = finding("dat001", "DAT001");
    let labels: Vec<_> = d.labels().expect("labels").collect();
    assert_eq!(labels.len(), 1);
    let label = &labels[0];
    assert!(label.primary());
    assert_eq!(
        label.label(),
        Some(d.primary.address(Lang::Ja).as_str()),
        "the label names the record and item"
    );
    let source = d.source_code().expect("source");
    let contents = source.read_span(label.inner(), 0, 0).expect("span");
    // miette counts from 0; the finding's place from 1.
    let span = d.primary.span();
    assert_eq!(Some(contents.line() as u32 + 1), span.line);
    assert_eq!(Some(contents.column() as u32 + 1), span.column);
    assert_eq!(contents.name(), Some(d.primary.path()));
    // The labelled bytes are the item's value (the era code `5` the case plants).
    let snippet = d.snippet.as_ref().expect("snippet");
    let at = label.offset();
    assert_eq!(&snippet.text[at..at + label.len()], "5");
}

#[test]
fn secondary_places_on_the_same_line_are_labels() {
    // 合計 ≠ 通貨 + 現物: the sum is the fault, the two parts are secondary places.
    let d = finding("sum001", "SUM001");
    assert!(!d.secondary.is_empty());
    let labels: Vec<_> = d.labels().expect("labels").collect();
    assert_eq!(labels.len(), 1 + d.secondary.len());
    let snippet = d.snippet.as_ref().expect("snippet");
    let shown: Vec<&str> = labels
        .iter()
        .map(|l| &snippet.text[l.offset()..l.offset() + l.len()])
        .collect();
    assert_eq!(shown, ["200000", "200000", "10000"]);
    assert_eq!(labels[1].label(), Some("通貨"));
    assert_eq!(labels[2].label(), Some("現物"));
}

#[test]
fn the_graphical_handler_shows_the_place_and_no_personal_number() {
    for case in ["dat001", "myn002", "myn003", "sum001"] {
        for d in findings(case) {
            for (out, message) in [
                (render(&d), &d.message.ja),
                (render(&d.in_lang(Lang::En)), &d.message.en),
            ] {
                assert!(out.contains(d.code()), "{case}: {out}");
                assert!(out.contains(message.as_str()), "{case}: {out}");
                if d.snippet.is_some() {
                    assert!(
                        out.contains(&format!("[{}]", d.primary.position())),
                        "{case}: the header is the file's line:column\n{out}"
                    );
                }
                let mut run = 0;
                for c in out.chars() {
                    run = if c.is_ascii_digit() { run + 1 } else { 0 };
                    assert!(run < 10, "{case}: a run of {run} digits shown\n{out}");
                }
            }
        }
    }
}

#[test]
fn a_secondary_place_on_another_line_is_drawn_under_its_own_header() {
    // Today's readers give a secondary place a snippet only on the primary's line (a CSV record
    // is one line; the e-Gov reader keeps no source lines), but a library user may build
    // findings of their own, and a label elsewhere must not vanish. The SUM001 case's two
    // parts are moved to the next two lines, as they would be in a form with one item a line.
    let mut d = finding("sum001", "SUM001");
    let line = d.snippet.as_ref().expect("snippet").line;
    for (i, l) in d.secondary.iter_mut().enumerate() {
        let s = l.snippet.as_mut().expect("label snippet");
        s.line = line + 1 + i as u32;
    }
    let others: Vec<_> = d
        .secondary
        .iter()
        .filter_map(|l| l.snippet.clone())
        .collect();
    assert_eq!(others.len(), 2);

    let labels: Vec<_> = d.labels().expect("labels").collect();
    assert_eq!(labels.len(), 3);
    let source = d.source_code().expect("source");
    for (label, snippet) in labels[1..].iter().zip(&others) {
        let contents = source.read_span(label.inner(), 0, 0).expect("span");
        assert_eq!(contents.line() as u32 + 1, snippet.line);
        assert_eq!(contents.column() as u32 + 1, snippet.start_column);
        let text = std::str::from_utf8(contents.data()).unwrap();
        let at = label.offset() - contents.span().offset();
        assert!(
            ["200000", "10000"].contains(&&text[at..at + label.len()]),
            "{text}"
        );
    }
    // No span reaches from one window into the next.
    let whole = miette::SourceSpan::new(0.into(), labels[2].offset() + labels[2].len());
    assert!(source.read_span(&whole, 0, 0).is_err());

    let out = render(&d);
    for s in &others {
        let header = format!("[{}:{}:{}]", d.primary.path(), s.line, s.start_column);
        assert!(out.contains(&header), "{header} missing\n{out}");
    }
    assert!(
        !out.contains("関連:"),
        "drawn, not listed in the help\n{out}"
    );
}
