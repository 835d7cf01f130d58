//! Byte spans of JSON values, by JSON pointer.
//!
//! serde_json reports positions only for errors, but a diagnostic about an OCR field must point
//! at `path:line:column` in the OCR file. This is a small scanner for that one job: it walks
//! already-parsed (or about to be parsed) JSON, records where each value of interest starts and
//! ends, and lexes through everything else (strings, numbers, nested containers) without
//! building it. It never fails: on broken JSON it returns what it found before the break, and the
//! parser reports the break itself.

use std::ops::Range;

/// Containers nested deeper than this are skipped, not descended (serde_json refuses depth 128).
const MAX_DEPTH: usize = 128;

/// The spans of the root value and of every value inside the containers `descend` accepts.
///
/// `descend` gets the JSON pointer of an object or array (`""` is the root,
/// `/analyzeResult/documents/0`); its members are recorded and, when `descend` accepts them in
/// turn, scanned. Pointers escape `~` as `~0` and `/` as `~1` (RFC 6901).
pub fn scan(bytes: &[u8], descend: &dyn Fn(&str) -> bool) -> Vec<(String, Range<usize>)> {
    let mut s = Scanner {
        b: bytes,
        i: 0,
        out: Vec::new(),
    };
    let mut pointer = String::new();
    s.ws();
    s.value(&mut pointer, 0, descend);
    s.out
}

/// The span of `pointer` in a scan's result.
pub fn find<'a>(spans: &'a [(String, Range<usize>)], pointer: &str) -> Option<&'a Range<usize>> {
    spans.iter().find(|(p, _)| p == pointer).map(|(_, r)| r)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    out: Vec<(String, Range<usize>)>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    /// Scans one value at `self.i` (whitespace already skipped), records its span, and returns
    /// whether it ended cleanly.
    fn value(
        &mut self,
        pointer: &mut String,
        depth: usize,
        descend: &dyn Fn(&str) -> bool,
    ) -> bool {
        let start = self.i;
        let ok = match self.peek() {
            Some(b'{') | Some(b'[') if depth < MAX_DEPTH && descend(pointer) => {
                self.container(pointer, depth, descend)
            }
            Some(_) => self.skip(),
            None => false,
        };
        if self.i > start {
            self.out.push((pointer.clone(), start..self.i));
        }
        ok
    }

    /// An object or array whose members are recorded.
    fn container(
        &mut self,
        pointer: &mut String,
        depth: usize,
        descend: &dyn Fn(&str) -> bool,
    ) -> bool {
        let is_object = self.peek() == Some(b'{');
        let close = if is_object { b'}' } else { b']' };
        self.i += 1;
        let base = pointer.len();
        let mut index = 0usize;
        loop {
            self.ws();
            match self.peek() {
                Some(c) if c == close => {
                    self.i += 1;
                    return true;
                }
                Some(b',') => {
                    self.i += 1;
                    continue;
                }
                None => return false,
                _ => {}
            }
            pointer.push('/');
            if is_object {
                let Some(key) = self.string() else {
                    pointer.truncate(base);
                    return false;
                };
                push_escaped(pointer, &decode_key(self.b.get(key).unwrap_or(&[])));
                self.ws();
                if self.peek() != Some(b':') {
                    pointer.truncate(base);
                    return false;
                }
                self.i += 1;
                self.ws();
            } else {
                pointer.push_str(&index.to_string());
                index += 1;
            }
            let ok = self.value(pointer, depth + 1, descend);
            pointer.truncate(base);
            if !ok {
                return false;
            }
        }
    }

    /// Lexes past one value without recording what is inside it.
    fn skip(&mut self) -> bool {
        match self.peek() {
            Some(b'"') => self.string().is_some(),
            Some(b'{') | Some(b'[') => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            if self.string().is_none() {
                                return false;
                            }
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                self.i += 1;
                                return true;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                false
            }
            Some(_) => {
                // A number or a literal: up to the next structural byte.
                let start = self.i;
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n' | b':') {
                        break;
                    }
                    self.i += 1;
                }
                self.i > start
            }
            None => false,
        }
    }

    /// Lexes a string at `self.i` (which must be `"`), returning its span with the quotes.
    fn string(&mut self) -> Option<Range<usize>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.i;
        let mut i = self.i + 1;
        loop {
            let rest = self.b.get(i..)?;
            let at = memchr::memchr2(b'"', b'\\', rest)?;
            i += at;
            if self.b.get(i) == Some(&b'\\') {
                i += 2;
            } else {
                self.i = i + 1;
                return Some(start..self.i);
            }
        }
    }
}

/// The text of a JSON key (with its quotes), unescaped; lossy when it is not valid JSON.
fn decode_key(raw: &[u8]) -> std::borrow::Cow<'_, str> {
    let inner = raw
        .strip_prefix(b"\"")
        .and_then(|r| r.strip_suffix(b"\""))
        .unwrap_or(raw);
    // Without an escape the key is its own text: what serde_json gives for it, and what the
    // lossy fallback below gives when serde_json refuses it (a control character, bad UTF-8).
    // Nearly every key is one; the parser is only needed for the others.
    if !inner.contains(&b'\\') && raw.len() >= 2 && raw.first() == Some(&b'"') {
        return String::from_utf8_lossy(inner);
    }
    std::borrow::Cow::Owned(serde_json::from_slice::<String>(raw).unwrap_or_else(|_| {
        let inner = raw
            .strip_prefix(b"\"")
            .and_then(|r| r.strip_suffix(b"\""))
            .unwrap_or(raw);
        String::from_utf8_lossy(inner).into_owned()
    }))
}

/// Appends a key to a pointer, escaped per RFC 6901.
pub fn push_escaped(pointer: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            _ => pointer.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path gives what serde_json (or the lossy fallback) gives, for every kind of key.
    #[test]
    fn keys_without_escapes_decode_as_serde_json_would() {
        let slow = |raw: &[u8]| {
            serde_json::from_slice::<String>(raw).unwrap_or_else(|_| {
                let inner = raw
                    .strip_prefix(b"\"")
                    .and_then(|r| r.strip_suffix(b"\""))
                    .unwrap_or(raw);
                String::from_utf8_lossy(inner).into_owned()
            })
        };
        for raw in [
            &b"\"record\""[..],
            b"\"\"",
            "\"様式\"".as_bytes(),
            b"\"a\\u0041\"",
            b"\"a\\\"b\"",
            b"\"tab\there\"",
            b"\"bad \xff utf8\"",
            b"\"a/b~c\"",
        ] {
            assert_eq!(decode_key(raw), slow(raw), "{raw:?}");
        }
    }

    fn text<'a>(b: &'a str, spans: &[(String, Range<usize>)], p: &str) -> &'a str {
        let r = find(spans, p).unwrap_or_else(|| panic!("no span for {p}: {spans:?}"));
        &b[r.clone()]
    }

    #[test]
    fn spans_of_members_and_elements() {
        let b = r#" {"kind":"field", "value" : "山田　太郎", "bbox":[0.1, 0.2,0.3,0.4],"n":-1.5e3,"o":{"a/b":true}} "#;
        let spans = scan(b.as_bytes(), &|p| p.is_empty() || p == "/bbox");
        assert_eq!(text(b, &spans, "/kind"), r#""field""#);
        assert_eq!(text(b, &spans, "/value"), r#""山田　太郎""#);
        assert_eq!(text(b, &spans, "/bbox/1"), "0.2");
        assert_eq!(text(b, &spans, "/n"), "-1.5e3");
        assert_eq!(text(b, &spans, "/o"), r#"{"a/b":true}"#);
        assert!(find(&spans, "/o/a~1b").is_none(), "not descended");
        assert!(text(b, &spans, "").starts_with('{'));
        let all = scan(b.as_bytes(), &|_| true);
        assert_eq!(text(b, &all, "/o/a~1b"), "true");
    }

    #[test]
    fn escaped_quotes_and_keys() {
        let b = r#"{"a\"b":"x\\","c":"\"}]"}"#;
        let spans = scan(b.as_bytes(), &|_| true);
        assert_eq!(text(b, &spans, "/a\"b"), r#""x\\""#);
        assert_eq!(text(b, &spans, "/c"), r#""\"}]""#);
    }

    #[test]
    fn broken_json_gives_what_came_before() {
        for b in [
            r#"{"a":1,"b":"#,
            r#"{"a":1,"b":"x"#,
            "[1,2",
            "{\"a\" 1}",
            "",
            "}",
            "\"",
            "[[[[[",
        ] {
            let spans = scan(b.as_bytes(), &|_| true);
            for (_, r) in &spans {
                assert!(r.end <= b.len());
            }
        }
        let spans = scan(br#"{"a":1,"b":"#, &|_| true);
        assert!(find(&spans, "/a").is_some());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let b = "[".repeat(100_000);
        let spans = scan(b.as_bytes(), &|_| true);
        assert!(spans.len() <= MAX_DEPTH + 1);
    }
}
