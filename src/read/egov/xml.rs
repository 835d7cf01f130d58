//! A small XML reader for e-Gov files, safe on hostile input.
//!
//! e-Gov XML is plain: UTF-8, no namespaces but xmldsig's, no DOCTYPE, a few levels of elements
//! with short text. So the reader builds a small element tree (every element with its text and
//! its byte places) and refuses everything else: a DOCTYPE or ENTITY stops reading before anything
//! is expanded, and nesting depth, attribute count, text size and element count are capped.
//! Text is checked against e-Gov's character rule (JIS X 0208 + JIS X 0201) as it is read, at the
//! exact byte of each character.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::diag::redact::{char as safe_char, name as safe};
use crate::diag::registry as r;
use crate::diag::{Diagnostic, LineCap, Place, PlaceKind, Sink, Slot, Span, Text};
use crate::source::charset::{classify, CharClass};
use crate::source::line_index::LineIndex;

/// Caps on what one XML file may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How deep elements may nest.
    pub depth: usize,
    /// How many attributes one element may have.
    pub attributes: usize,
    /// How many bytes of text the file may hold in all.
    pub text_bytes: usize,
    /// How many elements the file may hold.
    pub elements: usize,
}

/// e-Gov forms nest about six levels deep and carry at most one attribute; a Signature a few
/// more. These caps leave ample room for real files and none for parser attacks.
pub const LIMITS: Limits = Limits {
    depth: 32,
    attributes: 16,
    text_bytes: 64 * 1024,
    elements: 50_000,
};

/// One element: its name, text and places in the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The element's name.
    pub name: String,
    /// The index of its parent; `None` for the root.
    pub parent: Option<usize>,
    /// The indexes of its child elements, in order.
    pub children: Vec<usize>,
    /// Its attributes (name, unescaped value).
    pub attrs: Vec<(String, String)>,
    /// The element's own text (entity and character references resolved, CDATA included).
    pub text: String,
    /// Byte offset of the `<` of the start tag.
    pub start: usize,
    /// The bytes between the start and end tags (empty for `<a/>`).
    pub content: Range<usize>,
}

/// A parsed XML file.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The file's bytes, which the byte ranges of elements index into.
    pub bytes: &'a [u8],
    /// Every element, in document order (the root first).
    pub elements: Vec<Element>,
    line_starts: LineIndex,
}

/// 1-based line and character column of byte offset `at` in UTF-8 `bytes`.
fn position(bytes: &[u8], lines: &LineIndex, at: usize) -> (u32, u32) {
    lines.position(bytes, at)
}

impl<'a> Doc<'a> {
    /// The root element (the first element of the file).
    pub fn root(&self) -> Option<usize> {
        (!self.elements.is_empty()).then_some(0)
    }

    /// Element `i`.
    pub fn get(&self, i: usize) -> Option<&Element> {
        self.elements.get(i)
    }

    /// The first child of `parent` named `name`.
    pub fn child(&self, parent: usize, name: &str) -> Option<usize> {
        self.get(parent)?
            .children
            .iter()
            .copied()
            .find(|c| self.get(*c).is_some_and(|e| e.name == name))
    }

    /// Every child of `parent` named `name`.
    pub fn children_named<'s>(
        &'s self,
        parent: usize,
        name: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        self.get(parent)
            .map(|e| e.children.as_slice())
            .unwrap_or(&[])
            .iter()
            .copied()
            .filter(move |c| self.get(*c).is_some_and(|e| e.name == name))
    }

    /// The element at `names` below `from` (one name per level).
    pub fn descend(&self, from: usize, names: &[&str]) -> Option<usize> {
        names.iter().try_fold(from, |at, n| self.child(at, n))
    }

    /// The text of the element at `names` below `from`, or "".
    pub fn text_at(&self, from: usize, names: &[&str]) -> &str {
        self.descend(from, names)
            .and_then(|i| self.get(i))
            .map_or("", |e| e.text.as_str())
    }

    /// `/DataRoot/…/name` of element `i`.
    pub fn path_of(&self, i: usize) -> String {
        let mut names = Vec::new();
        let mut at = Some(i);
        while let Some(e) = at.and_then(|j| self.get(j)) {
            names.push(e.name.as_str());
            at = e.parent;
        }
        names.iter().rev().fold(String::new(), |mut p, n| {
            p.push('/');
            p.push_str(n);
            p
        })
    }

    /// Bytes scanned to find columns so far (the work done, for tests that prove it linear).
    pub fn scanned(&self) -> u64 {
        self.line_starts.scanned()
    }

    /// Where a finding of `code` at byte `at` goes under the per-line cap.
    fn slot(&self, cap: &mut LineCap, at: usize, code: &'static str, sink: &mut Sink) -> Slot {
        cap.slot(u64::from(self.line_starts.line_of(at)), code, sink)
    }

    /// Line and character column of a byte offset.
    pub fn position(&self, at: usize) -> (u32, u32) {
        position(self.bytes, &self.line_starts, at)
    }

    /// The location of a byte range in this file.
    pub fn locate(&self, path: &str, range: Range<usize>, xml_path: Option<String>) -> Place {
        let (line, column) = self.position(range.start);
        let (end_line, end_column) = self.position(range.end);
        let span = Span {
            byte_start: Some(range.start as u64),
            byte_end: Some(range.end as u64),
            line: Some(line),
            column: Some(column),
            end_line: Some(end_line),
            end_column: Some(end_column),
        };
        let mut place = Place::at(PlaceKind::Xml, path, span);
        place.set_xml_path(xml_path);
        place
    }

    /// The location of element `i`'s text (of its start tag when it has no text).
    pub fn locate_element(&self, path: &str, i: usize) -> Place {
        let range = self.get(i).map_or(0..0, |e| {
            if e.content.is_empty() {
                e.start..e.start
            } else {
                e.content.clone()
            }
        });
        self.locate(path, range, Some(self.path_of(i)))
    }
}

/// How parsing ended when it did not produce a document.
fn fail(
    sink: &mut Sink,
    rule: &'static crate::diag::registry::Rule,
    path: &str,
    bytes: &[u8],
    lines: &LineIndex,
    at: usize,
    message: Text,
) {
    let (line, column) = position(bytes, lines, at);
    let mut span = Span::line(line).with_bytes(at as u64, at as u64);
    span.column = Some(column);
    let loc = Place::at(PlaceKind::Xml, path, span);
    sink.push(Diagnostic::new(rule, loc, message));
}

/// Parses `bytes` into a [`Doc`], reporting every problem. Returns `None` when the file cannot be
/// used (not well-formed, DOCTYPE, over a limit, not UTF-8): one diagnostic says where it stopped.
pub fn parse<'a>(bytes: &'a [u8], path: &str, sink: &mut Sink) -> Option<Doc<'a>> {
    parse_with(bytes, path, LIMITS, sink)
}

/// [`parse`] with other limits (tests).
///
/// Character and entity findings are capped per line ([`LineCap`]): the first ones of a line are
/// located, the rest counted.
pub fn parse_with<'a>(
    bytes: &'a [u8],
    path: &str,
    limits: Limits,
    sink: &mut Sink,
) -> Option<Doc<'a>> {
    let mut cap = LineCap::new();
    let doc = parse_capped(bytes, path, limits, &mut cap, sink);
    cap.finish(sink);
    doc
}

fn parse_capped<'a>(
    bytes: &'a [u8],
    path: &str,
    limits: Limits,
    cap: &mut LineCap,
    sink: &mut Sink,
) -> Option<Doc<'a>> {
    let lines = LineIndex::new(bytes);
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = bytes.get(bom..).unwrap_or(&[]);
    if let Err(e) = std::str::from_utf8(body) {
        let at = bom + e.valid_up_to();
        fail(
            sink,
            &r::XML_ENCODING,
            path,
            bytes,
            &lines,
            at,
            Text::new(
                format!("UTF-8として読めないバイトがあります（バイト位置 {at}）"),
                format!("bytes that are not UTF-8 (byte offset {at})"),
            ),
        );
        return None;
    }
    let mut reader = Reader::from_reader(body);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut doc = Doc {
        bytes,
        elements: Vec::new(),
        line_starts: lines,
    };
    let mut stack: Vec<usize> = Vec::new();
    loop {
        let before =
            bom.saturating_add(usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX));
        let event = reader.read_event();
        let after =
            bom.saturating_add(usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX));
        let stop = |sink: &mut Sink, doc: &Doc<'_>, rule, at, message| {
            fail(sink, rule, path, doc.bytes, &doc.line_starts, at, message);
        };
        match event {
            Err(e) => {
                let at = bom
                    .saturating_add(usize::try_from(reader.error_position()).unwrap_or(usize::MAX));
                stop(
                    sink,
                    &doc,
                    &r::XML_MALFORMED,
                    at,
                    Text::new(
                        format!("XMLの構文エラー: {}", safe(&e.to_string())),
                        format!("XML syntax error: {}", safe(&e.to_string())),
                    ),
                );
                return None;
            }
            Ok(Event::Eof) => {
                if let Some(open) = stack.last().and_then(|i| doc.get(*i)) {
                    let name = safe(&open.name);
                    stop(
                        sink,
                        &doc,
                        &r::XML_MALFORMED,
                        bytes.len(),
                        Text::new(
                            format!(
                                "ファイルが </{name}> の前で終わっています（途中で切れています）"
                            ),
                            format!("the file ends before </{name}> (it is truncated)"),
                        ),
                    );
                    return None;
                }
                break;
            }
            Ok(Event::DocType(_)) => {
                stop(
                    sink,
                    &doc,
                    &r::XML_DOCTYPE,
                    before,
                    Text::new(
                        "DOCTYPE宣言があります（展開せずに読み込みを中止しました）",
                        "DOCTYPE declaration (nothing was expanded; reading stopped)",
                    ),
                );
                return None;
            }
            Ok(Event::Decl(d)) => {
                if let Some(Ok(enc)) = d.encoding() {
                    if !enc.eq_ignore_ascii_case(b"utf-8") {
                        let shown = crate::diag::redact::value(&String::from_utf8_lossy(&enc));
                        stop(
                            sink,
                            &doc,
                            &r::XML_ENCODING,
                            before,
                            Text::new(
                                format!("XML宣言の encoding が「{shown}」です（UTF-8が必要）"),
                                format!("the XML declaration says encoding `{shown}`; UTF-8 is required"),
                            ),
                        );
                    }
                }
            }
            Ok(ev @ (Event::Start(_) | Event::Empty(_))) => {
                let empty = matches!(ev, Event::Empty(_));
                let (Event::Start(s) | Event::Empty(s)) = ev else {
                    continue;
                };
                if doc.elements.len() >= limits.elements || stack.len() >= limits.depth {
                    let (ja, en) = if stack.len() >= limits.depth {
                        (
                            format!("要素の入れ子が{}段を超えています", limits.depth),
                            format!("elements nest deeper than {} levels", limits.depth),
                        )
                    } else {
                        (
                            format!("要素が{}個を超えています", limits.elements),
                            format!("more than {} elements", limits.elements),
                        )
                    };
                    stop(sink, &doc, &r::XML_LIMIT, before, Text::new(ja, en));
                    return None;
                }
                let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
                // What a message shows of the name, worked out only for a message: every
                // element of every form passes here.
                let shown = || safe(&name);
                let mut attrs = Vec::new();
                for a in s.attributes() {
                    if attrs.len() >= limits.attributes {
                        stop(
                            sink,
                            &doc,
                            &r::XML_LIMIT,
                            before,
                            Text::new(
                                format!(
                                    "<{}> の属性が{}個を超えています",
                                    shown(),
                                    limits.attributes
                                ),
                                format!(
                                    "<{}> has more than {} attributes",
                                    shown(),
                                    limits.attributes
                                ),
                            ),
                        );
                        return None;
                    }
                    match a {
                        Ok(a) => attrs.push((
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.unescape_value()
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )),
                        Err(e) => {
                            stop(
                                sink,
                                &doc,
                                &r::XML_MALFORMED,
                                before,
                                Text::new(
                                    format!(
                                        "<{}> の属性が不正です: {}",
                                        shown(),
                                        safe(&e.to_string())
                                    ),
                                    format!(
                                        "invalid attribute in <{}>: {}",
                                        shown(),
                                        safe(&e.to_string())
                                    ),
                                ),
                            );
                            return None;
                        }
                    }
                }
                let index = doc.elements.len();
                let parent = stack.last().copied();
                doc.elements.push(Element {
                    name,
                    parent,
                    children: Vec::new(),
                    attrs,
                    text: String::new(),
                    start: before,
                    content: after..after,
                });
                if let Some(p) = parent.and_then(|p| doc.elements.get_mut(p)) {
                    p.children.push(index);
                }
                if !empty {
                    stack.push(index);
                }
            }
            Ok(Event::End(_)) => {
                if let Some(e) = stack.pop().and_then(|i| doc.elements.get_mut(i)) {
                    e.content.end = before.max(e.content.start);
                }
            }
            Ok(Event::Text(t)) => {
                let raw = t.as_ref();
                let Some(top) = stack.last().copied() else {
                    continue;
                };
                let text = String::from_utf8_lossy(raw);
                let xml_path = || doc.path_of(top);
                if !text.trim().is_empty() {
                    check_chars(&doc, path, &text, before, &xml_path, cap, sink);
                }
                if !append(&mut doc, top, &text, limits, path, before, sink) {
                    return None;
                }
            }
            Ok(Event::CData(c)) => {
                let Some(top) = stack.last().copied() else {
                    continue;
                };
                let text = String::from_utf8_lossy(c.as_ref()).into_owned();
                // The content starts after `<![CDATA[`.
                let xml_path = || doc.path_of(top);
                check_chars(&doc, path, &text, before + 9, &xml_path, cap, sink);
                if !append(&mut doc, top, &text, limits, path, before, sink) {
                    return None;
                }
            }
            Ok(Event::GeneralRef(g)) => {
                let Some(top) = stack.last().copied() else {
                    continue;
                };
                let resolved: Option<char> = if g.is_char_ref() {
                    match g.resolve_char_ref() {
                        Ok(c) => c,
                        Err(e) => {
                            stop(
                                sink,
                                &doc,
                                &r::XML_MALFORMED,
                                before,
                                Text::new(
                                    format!("文字参照が不正です: {}", safe(&e.to_string())),
                                    format!(
                                        "invalid character reference: {}",
                                        safe(&e.to_string())
                                    ),
                                ),
                            );
                            return None;
                        }
                    }
                } else {
                    let name: &[u8] = &g;
                    match name {
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"amp" => Some('&'),
                        b"apos" => Some('\''),
                        b"quot" => Some('"'),
                        other => {
                            let slot = doc.slot(cap, before, r::XML_DOCTYPE.code, sink);
                            if slot != Slot::Count {
                                let name =
                                    crate::diag::redact::value(&String::from_utf8_lossy(other));
                                let loc = doc.locate(path, before..after, Some(doc.path_of(top)));
                                let d = Diagnostic::new(
                                    &r::XML_DOCTYPE,
                                    loc,
                                    Text::new(
                                        format!("定義されていない実体参照 &{name}; があります（展開しません）"),
                                        format!("reference to the undefined entity &{name}; (not expanded)"),
                                    ),
                                );
                                push_capped(d, slot, cap, sink);
                            }
                            None
                        }
                    }
                };
                if let Some(c) = resolved {
                    let mut s = [0u8; 4];
                    let s = c.encode_utf8(&mut s);
                    let xml_path = || doc.path_of(top);
                    check_chars(&doc, path, s, before, &xml_path, cap, sink);
                    if !append(&mut doc, top, s, limits, path, before, sink) {
                        return None;
                    }
                }
            }
            Ok(Event::Comment(_)) | Ok(Event::PI(_)) => {}
        }
    }
    if doc.elements.is_empty() {
        let at = bytes.len();
        fail(
            sink,
            &r::XML_MALFORMED,
            path,
            bytes,
            &doc.line_starts,
            at,
            Text::new("XMLの要素がありません", "the XML has no element"),
        );
        return None;
    }
    Some(doc)
}

/// Adds text to an element, within the text cap.
fn append(
    doc: &mut Doc<'_>,
    at: usize,
    text: &str,
    limits: Limits,
    path: &str,
    offset: usize,
    sink: &mut Sink,
) -> bool {
    let too_long = doc
        .elements
        .get(at)
        .is_some_and(|e| e.text.len() + text.len() > limits.text_bytes);
    if too_long {
        fail(
            sink,
            &r::XML_LIMIT,
            path,
            doc.bytes,
            &doc.line_starts,
            offset,
            Text::new(
                format!("要素の文字列が{}バイトを超えています", limits.text_bytes),
                format!("element text longer than {} bytes", limits.text_bytes),
            ),
        );
        return false;
    }
    if let Some(e) = doc.elements.get_mut(at) {
        e.text.push_str(text);
    }
    true
}

/// e-Gov's character rule on a run of text that starts at byte `offset`: every character in
/// JIS X 0208 or JIS X 0201 (ENC003) but no 半角カナ (XML007), no control character inside a
/// value (ENC005; the line breaks and indentation around a value are layout, not data).
fn check_chars(
    doc: &Doc<'_>,
    path: &str,
    text: &str,
    offset: usize,
    xml_path: &dyn Fn() -> String,
    cap: &mut LineCap,
    sink: &mut Sink,
) {
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let lead = text.len()
        - text
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let mut half_kana_reported = false;
    for (i, c) in trimmed.char_indices() {
        let class = classify(c);
        let at = offset + lead + i;
        if class == CharClass::HalfKana {
            // Once per text run: a 半角 name is one mistake, not one per character.
            if !half_kana_reported {
                half_kana_reported = true;
                let slot = doc.slot(cap, at, r::XML_HALF_KANA.code, sink);
                if slot == Slot::Count {
                    continue;
                }
                let loc = doc.locate(path, at..at + c.len_utf8(), Some(xml_path()));
                let d = Diagnostic::new(
                    &r::XML_HALF_KANA,
                    loc,
                    Text::new(
                        format!(
                            "半角カナ「{}」があります。e-GovのXMLデータは全角カタカナで書きます",
                            safe_char(c)
                        ),
                        format!(
                            "半角カナ `{}`: e-Gov XML data takes 全角カタカナ",
                            safe_char(c)
                        ),
                    ),
                );
                push_capped(d, slot, cap, sink);
            }
            continue;
        }
        if class != CharClass::NotJis && class != CharClass::Control {
            continue;
        }
        let rule = if class == CharClass::Control {
            &r::ENC_CONTROL
        } else {
            &r::ENC_NOT_JIS
        };
        let slot = doc.slot(cap, at, rule.code, sink);
        if slot == Slot::Count {
            continue;
        }
        let loc = doc.locate(path, at..at + c.len_utf8(), Some(xml_path()));
        let d = if class == CharClass::Control {
            Diagnostic::new(
                &r::ENC_CONTROL,
                loc,
                Text::new(
                    format!("制御文字 U+{:04X} があります", c as u32),
                    format!("control character U+{:04X}", c as u32),
                ),
            )
        } else {
            let mut d = Diagnostic::new(
                &r::ENC_NOT_JIS,
                loc,
                Text::new(
                    format!(
                        "「{}」（U+{:04X}）はJIS X 0208にない文字です",
                        safe_char(c),
                        c as u32
                    ),
                    format!(
                        "`{}` (U+{:04X}) is not in JIS X 0208",
                        safe_char(c),
                        c as u32
                    ),
                ),
            );
            if let Some(alt) = crate::source::charset::charset_hint(c) {
                d = d.with_help(Text::new(
                    format!("「{c}」は「{alt}」に置き換えてください。"),
                    format!("replace `{c}` with `{alt}`."),
                ));
            }
            d
        };
        push_capped(d, slot, cap, sink);
    }
}

/// A finding the per-line cap let through: pushed, or held until its line is done.
fn push_capped(d: Diagnostic, slot: Slot, cap: &mut LineCap, sink: &mut Sink) {
    match slot {
        Slot::Hold => cap.hold(d),
        _ => sink.push(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> (Option<Vec<Element>>, Vec<&'static str>) {
        let mut sink = Sink::new(None);
        let doc = parse(s.as_bytes(), "t.xml", &mut sink).map(|d| d.elements);
        (doc, sink.diagnostics.iter().map(|d| d.code()).collect())
    }

    #[test]
    fn elements_text_and_places() {
        let src = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<DataRoot>\r\n  <a>山田&amp;&#x5C71;</a>\r\n  <b/>\r\n</DataRoot>\r\n";
        let mut sink = Sink::new(None);
        let doc = parse(src.as_bytes(), "t.xml", &mut sink).unwrap();
        assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
        let a = doc.descend(0, &["a"]).unwrap();
        assert_eq!(doc.elements[a].text, "山田&山");
        assert_eq!(doc.path_of(a), "/DataRoot/a");
        let loc = doc.locate_element("t.xml", a);
        assert_eq!((loc.span().line, loc.span().column), (Some(3), Some(6)));
        assert_eq!(
            &src.as_bytes()[doc.elements[a].content.clone()],
            "山田&amp;&#x5C71;".as_bytes()
        );
        let b = doc.descend(0, &["b"]).unwrap();
        assert!(doc.elements[b].content.is_empty());
        assert_eq!(doc.text_at(0, &["b"]), "");
    }

    #[test]
    fn doctype_and_entities_are_refused_unexpanded() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]><r>&b;</r>";
        assert_eq!(parse_str(bomb), (None, vec!["XML002"]));
        let xxe = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assert_eq!(parse_str(xxe).1, vec!["XML002"]);
        let (doc, codes) = parse_str("<r>&x;</r>");
        assert_eq!(codes, vec!["XML002"]);
        assert_eq!(doc.unwrap()[0].text, "");
    }

    #[test]
    fn limits_stop_reading() {
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert_eq!(parse_str(&deep), (None, vec!["XML003"]));
        let attrs: String = (0..40).map(|i| format!(" a{i}=\"1\"")).collect();
        assert_eq!(parse_str(&format!("<r{attrs}/>")).1, vec!["XML003"]);
        let long = format!("<r>{}</r>", "a".repeat(70 * 1024));
        assert_eq!(parse_str(&long).1, vec!["XML003"]);
    }

    #[test]
    fn damaged_files_say_where() {
        let (doc, codes) = parse_str("<r>\n<a>x</b>\n</r>");
        assert!(doc.is_none());
        assert_eq!(codes, vec!["XML001"]);
        let mut sink = Sink::new(None);
        assert!(parse(b"<r>\n<a>x", "t.xml", &mut sink).is_none());
        assert_eq!(sink.diagnostics[0].code(), "XML001");
        assert_eq!(sink.diagnostics[0].primary.span().line, Some(2));
        assert_eq!(parse_str("").1, vec!["XML001"]);
        let mut sink = Sink::new(None);
        assert!(parse(b"<r>\x82\xa0</r>", "t.xml", &mut sink).is_none());
        assert_eq!(sink.diagnostics[0].code(), "XML004");
        assert_eq!(sink.diagnostics[0].primary.span().byte_start, Some(3));
    }

    #[test]
    fn messages_mask_numbers_from_the_input() {
        // Found by fuzzing: names and values from the input reach messages.
        for src in [
            &b"<?xml version=\"1.0\" encoding=\"UT<??495013521019030837\0coF-8\"?>"[..],
            b"<DataRoot><S950013521019000</x></DataRoot>",
            b"<r>&a123456789012;</r>",
            b"<r123456789012 a=\"1\" a=\"2\"/>",
        ] {
            let mut sink = Sink::new(None);
            let _ = parse(src, "t.xml", &mut sink);
            assert!(!sink.diagnostics.is_empty());
            for d in &sink.diagnostics {
                assert!(
                    !crate::diag::redact::has_digit_run(&d.message.en, 10)
                        && !crate::diag::redact::has_digit_run(&d.message.ja, 10),
                    "{}",
                    d.message.en
                );
            }
        }
    }

    #[test]
    fn declared_encoding_must_be_utf8() {
        let (_, codes) = parse_str("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><r/>");
        assert_eq!(codes, vec!["XML004"]);
        let (_, codes) = parse_str("<?xml version=\"1.0\" encoding=\"utf-8\"?><r/>");
        assert!(codes.is_empty());
    }

    #[test]
    fn characters_outside_jis_are_located() {
        let src = "<r>\n  <n>髙橋　一郎</n>\n</r>";
        let mut sink = Sink::new(None);
        let doc = parse(src.as_bytes(), "t.xml", &mut sink).unwrap();
        assert_eq!(doc.elements.len(), 2);
        let d = &sink.diagnostics[0];
        assert_eq!(d.code(), "ENC003");
        assert_eq!(
            (d.primary.span().line, d.primary.span().column),
            (Some(2), Some(6))
        );
        assert_eq!(d.primary.span().byte_start, Some(9));
        assert_eq!(d.primary.xml_path(), Some("/r/n"));
        let (_, codes) = parse_str("<r><n>a\tb</n><m>\n  </m></r>");
        assert_eq!(codes, vec!["ENC005"]);
    }
}
