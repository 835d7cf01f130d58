//! Floods on one line: a reader builds and locates the first [`PER_LINE`] findings of a line;
//! past them the line gets one more finding of each code — the first of that code, with a note
//! saying how many more of it the line has — and the rest are only counted, exactly, never
//! built (a line of 100,000 undefined entities costs 100,000 counts, not 100,000 diagnostics).
//!
//! What is counted and not built is listed in [`Sink::omitted`] with the file's other floods.

use super::{Diagnostic, Sink, Text};

/// Findings of one line that are built and located one by one.
pub const PER_LINE: usize = 20;

/// Where a finding goes, as [`LineCap::slot`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Build it and push it.
    Show,
    /// Build it and give it to [`LineCap::hold`]: the first of its code past the line's cap.
    Hold,
    /// Do not build it: it is counted.
    Count,
}

/// The per-line cap of one reader (see the module documentation).
#[derive(Debug, Default)]
pub struct LineCap {
    line: Option<u64>,
    shown: usize,
    /// The first finding of each code past the cap, and how many more of that code followed.
    held: Vec<(Diagnostic, usize)>,
}

impl LineCap {
    /// A cap with nothing counted yet.
    pub fn new() -> LineCap {
        LineCap::default()
    }

    /// Where a finding of `code` on `line` goes. A finding on another line than the last one
    /// first hands on what the last line held.
    pub fn slot(&mut self, line: u64, code: &'static str, sink: &mut Sink) -> Slot {
        if self.line != Some(line) {
            self.finish(sink);
            self.line = Some(line);
        }
        if self.shown < PER_LINE {
            self.shown += 1;
            return Slot::Show;
        }
        match self.held.iter_mut().find(|(d, _)| d.code() == code) {
            Some((_, more)) => {
                *more += 1;
                Slot::Count
            }
            None => Slot::Hold,
        }
    }

    /// Keeps `d`, the first finding of its code past the cap, until the line is done.
    pub fn hold(&mut self, d: Diagnostic) {
        self.held.push((d, 0));
    }

    /// Hands on what the line held: each held finding, with a note of how many more of its code
    /// the line has, and those counted. Call it when the reader is done (also on an early stop).
    pub fn finish(&mut self, sink: &mut Sink) {
        for (d, more) in self.held.drain(..) {
            let d = if more > 0 {
                let code = d.code();
                d.with_note(more_note(code, more))
            } else {
                d
            };
            sink.push_with_more(d, more);
        }
        self.line = None;
        self.shown = 0;
    }
}

/// "N more CODE further on this line".
fn more_note(code: &str, more: usize) -> Text {
    Text::new(
        format!("この行のこの先にも{code}が{more}件あります（1行に表示するのは最初の{PER_LINE}件と、コードごとにその次の1件です）"),
        format!("{more} more {code} further on this line, not shown (a line shows its first {PER_LINE} findings and the next one of each code)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::registry as r;
    use crate::diag::Place;

    fn finding(rule: &'static crate::diag::registry::Rule) -> Diagnostic {
        Diagnostic::new(rule, Place::file("t.xml"), Text::new("x", "x"))
    }

    #[test]
    fn a_line_shows_its_first_findings_and_counts_the_rest_exactly() {
        let mut sink = Sink::new(None);
        let mut cap = LineCap::new();
        let mut built = 0;
        for line in [1u64, 2] {
            for i in 0..1000 {
                let rule = if i % 2 == 0 {
                    &r::ENC_NOT_JIS
                } else {
                    &r::XML_DOCTYPE
                };
                match cap.slot(line, rule.code, &mut sink) {
                    Slot::Show => sink.push(finding(rule)),
                    Slot::Hold => cap.hold(finding(rule)),
                    Slot::Count => continue,
                }
                built += 1;
            }
        }
        cap.finish(&mut sink);
        // Per line: 20 shown, one held of each of the two codes.
        assert_eq!(built, 2 * (PER_LINE + 2));
        assert_eq!(sink.diagnostics.len(), built);
        assert_eq!(sink.total(), 2000);
        let omitted: usize = sink.omitted.iter().map(|o| o.count).sum();
        assert_eq!(omitted + sink.diagnostics.len(), 2000);
        // 500 of each code per line: 10 shown, 1 held, 489 counted.
        let enc = sink.omitted.iter().find(|o| o.code == "ENC003").unwrap();
        assert_eq!(enc.count, 2 * 489);
        let held: Vec<_> = sink
            .diagnostics
            .iter()
            .filter(|d| !d.notes.is_empty())
            .collect();
        assert_eq!(held.len(), 4);
        assert!(held[0].notes[0].en.starts_with("489 more ENC003"));
    }

    #[test]
    fn the_policy_applies_to_what_is_only_counted() {
        use crate::diag::selection::{Rules, Selector};
        let policy = crate::diag::RulePolicy {
            rules: Rules {
                ignore: vec![Selector::parse("XML002").expect("a code")],
                severity: vec![(
                    Selector::parse("ENC003").expect("a code"),
                    crate::diag::Severity::Warning,
                )],
                ..Rules::default()
            },
            ..crate::diag::RulePolicy::default()
        };
        let mut sink = Sink::new(None).with_policy(&policy);
        sink.push_with_more(finding(&r::XML_DOCTYPE), 10);
        sink.push_with_more(finding(&r::ENC_NOT_JIS), 10);
        // What a reader's buffer counted comes in through absorb, under the same policy.
        let mut buffer = Sink::new(None);
        buffer.push_with_more(finding(&r::XML_DOCTYPE), 5);
        buffer.push_with_more(finding(&r::ENC_NOT_JIS), 5);
        for o in buffer.take_omitted() {
            sink.absorb(o);
        }
        assert_eq!((sink.errors, sink.warnings), (0, 16));
        assert_eq!(sink.omitted.len(), 1);
        assert_eq!(sink.omitted[0].count, 15);
        assert_eq!(sink.omitted[0].severity, crate::diag::Severity::Warning);
    }

    #[test]
    fn the_next_line_starts_afresh() {
        let mut sink = Sink::new(None);
        let mut cap = LineCap::new();
        for line in 0..100u64 {
            assert_eq!(cap.slot(line, "ENC003", &mut sink), Slot::Show);
        }
    }
}
