//! A JSON pull lexer over a reader, for the Azure reader: it walks one document a token at a
//! time, knows the byte, line and character column of where it is, lexes past whatever the
//! caller does not want without keeping it, and hands out the bytes of the values the caller
//! asks for (up to a cap). So a result of any size is read with a fixed buffer plus what is kept.
//!
//! It validates what it lexes as serde_json would (UTF-8, string escapes and surrogates, control
//! characters in strings, the number grammar, literals, nesting up to 128) so that a broken
//! file is still one "not valid JSON" at the place it breaks; numbers are not converted (a
//! number too large for `f64` is not an error here).

use std::io::{self, Read};

/// Containers nested deeper than this are an error (serde_json's recursion limit).
pub const MAX_DEPTH: usize = 128;

/// Bytes read from the input at a time.
const CHUNK: usize = 64 * 1024;

/// A position in the input: byte offset, 1-based line, 1-based character column (a line ends
/// after each `\n`; columns count Unicode scalar values, as [`crate::source::line_index`] does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// Byte offset.
    pub byte: u64,
    /// 1-based line.
    pub line: u32,
    /// 1-based character column.
    pub column: u32,
}

/// Why lexing stopped.
#[derive(Debug)]
pub enum Halt {
    /// The input is not valid JSON: the first byte where it breaks.
    Syntax(Pos),
    /// The input could not be read.
    Io(io::Error),
}

type Lexed<T> = Result<T, Halt>;

/// The bytes of one value, as [`Lexer::capture`] hands them out.
#[derive(Debug)]
pub struct Piece {
    /// Its bytes; empty when it was larger than the cap (`over`).
    pub bytes: Vec<u8>,
    /// Where it starts.
    pub at: Pos,
    /// Where it ends (the position after it).
    pub end: Pos,
    /// It was larger than the cap and was lexed, not kept.
    pub over: bool,
}

/// See the module documentation.
pub struct Lexer<R> {
    input: R,
    buf: Vec<u8>,
    /// Next byte to lex in `buf`.
    pos: usize,
    /// End of the bytes read into `buf`.
    end: usize,
    /// `buf[..checked]` is known to be valid UTF-8 (an incomplete character at the end of what
    /// was read waits for the next read).
    checked: usize,
    /// Index in `buf` of the first byte that is not valid UTF-8.
    bad: Option<usize>,
    eof: bool,
    at: Pos,
    depth: usize,
    /// The bytes of the value being captured, and its cap.
    capture: Option<(Vec<u8>, usize, bool)>,
    /// Bytes lexed (the work done, for tests that prove it linear).
    lexed: u64,
}

impl<R: Read> Lexer<R> {
    /// A lexer at the start of `input`.
    pub fn new(input: R) -> Lexer<R> {
        Lexer {
            input,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            checked: 0,
            bad: None,
            eof: false,
            at: Pos {
                byte: 0,
                line: 1,
                column: 1,
            },
            depth: 0,
            capture: None,
            lexed: 0,
        }
    }

    /// The first bytes of the input (up to 4 KiB, fewer when it is shorter), before anything is
    /// lexed: for telling a binary or UTF-16 file from JSON.
    pub fn head(&mut self) -> Lexed<&[u8]> {
        while self.end < 4096 && !self.eof {
            self.fill()?;
        }
        Ok(self.buf.get(..self.end).unwrap_or(&[]))
    }

    /// Where the lexer is.
    pub fn pos(&self) -> Pos {
        self.at
    }

    /// Bytes lexed so far.
    pub fn lexed(&self) -> u64 {
        self.lexed
    }

    /// Reads more input into the buffer; keeps what is not lexed yet (and the unchecked end).
    fn fill(&mut self) -> Lexed<()> {
        let keep = self.pos.min(self.checked);
        if keep > 0 {
            self.buf.copy_within(keep..self.end, 0);
            self.end -= keep;
            self.pos -= keep;
            self.checked -= keep;
            self.bad = self.bad.map(|b| b - keep);
        }
        if self.buf.len() - self.end < CHUNK / 2 {
            self.buf.resize(self.end + CHUNK, 0);
        }
        let n = loop {
            match self
                .input
                .read(self.buf.get_mut(self.end..).unwrap_or(&mut []))
            {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Halt::Io(e)),
            }
        };
        self.end += n;
        if n == 0 {
            self.eof = true;
        }
        if self.bad.is_none() {
            let unchecked = self.buf.get(self.checked..self.end).unwrap_or(&[]);
            match std::str::from_utf8(unchecked) {
                Ok(_) => self.checked = self.end,
                Err(e) => {
                    let valid = self.checked + e.valid_up_to();
                    if e.error_len().is_some() || self.eof {
                        self.bad = Some(valid);
                    }
                    self.checked = valid;
                }
            }
        }
        Ok(())
    }

    /// The next byte, not lexed yet; `None` at the end of the input.
    fn peek(&mut self) -> Lexed<Option<u8>> {
        if self.pos == self.end && !self.eof {
            self.fill()?;
        }
        if self.bad == Some(self.pos) {
            return Err(Halt::Syntax(self.at));
        }
        Ok(self
            .buf
            .get(self.pos)
            .copied()
            .filter(|_| self.pos < self.end))
    }

    /// Lexes the next `n` bytes (already read and checked by the caller).
    fn advance(&mut self, n: usize) {
        let to = (self.pos + n).min(self.end);
        let bytes = self.buf.get(self.pos..to).unwrap_or(&[]);
        for &b in bytes {
            if b == b'\n' {
                self.at.line = self.at.line.saturating_add(1);
                self.at.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.at.column = self.at.column.saturating_add(1);
            }
        }
        if let Some((kept, cap, over)) = &mut self.capture {
            if !*over && kept.len() + bytes.len() <= *cap {
                kept.extend_from_slice(bytes);
            } else {
                *over = true;
                kept.clear();
            }
        }
        self.at.byte += bytes.len() as u64;
        self.lexed += bytes.len() as u64;
        self.pos = to;
    }

    fn error<T>(&self) -> Lexed<T> {
        Err(Halt::Syntax(self.at))
    }

    /// Lexes `byte`, which must come next.
    fn expect(&mut self, byte: u8) -> Lexed<()> {
        if self.peek()? == Some(byte) {
            self.advance(1);
            Ok(())
        } else {
            self.error()
        }
    }

    /// Lexes white space.
    pub fn ws(&mut self) -> Lexed<()> {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek()? {
            self.advance(1);
        }
        Ok(())
    }

    /// The first byte of the next value (after white space), not lexed.
    pub fn next_byte(&mut self) -> Lexed<Option<u8>> {
        self.ws()?;
        self.peek()
    }

    /// Lexes the `{` or `[` that must come next.
    pub fn open(&mut self, byte: u8) -> Lexed<()> {
        self.ws()?;
        if self.depth >= MAX_DEPTH {
            return self.error();
        }
        self.expect(byte)?;
        self.depth += 1;
        Ok(())
    }

    /// In an object just opened or after a member: the next key (lexed with its `:`), or `None`
    /// after the closing `}`. A key longer than 64 KiB is given as `…`.
    pub fn next_key(&mut self, first: &mut bool) -> Lexed<Option<String>> {
        if !self.next_member(b'}', first)? {
            return Ok(None);
        }
        if self.next_byte()? != Some(b'"') {
            return self.error();
        }
        let key = self.string_value(64 * 1024)?;
        self.ws()?;
        self.expect(b':')?;
        Ok(Some(key.unwrap_or_else(|| "…".to_string())))
    }

    /// In an array just opened or after an element: true before the next element, false after
    /// the closing `]`.
    pub fn next_element(&mut self, first: &mut bool) -> Lexed<bool> {
        self.next_member(b']', first)
    }

    fn next_member(&mut self, close: u8, first: &mut bool) -> Lexed<bool> {
        self.ws()?;
        if self.peek()? == Some(close) {
            self.advance(1);
            self.depth = self.depth.saturating_sub(1);
            return Ok(false);
        }
        if !*first {
            self.expect(b',')?;
            self.ws()?;
            if self.peek()? == Some(close) {
                // A trailing comma.
                return self.error();
            }
        }
        *first = false;
        Ok(true)
    }

    /// The next value if it is a string of at most `cap` bytes (as written), decoded; `None`
    /// (the value lexed past) when it is another value or longer.
    pub fn string_value(&mut self, cap: usize) -> Lexed<Option<String>> {
        if self.next_byte()? != Some(b'"') {
            self.skip()?;
            return Ok(None);
        }
        let piece = self.capture(cap)?;
        if piece.over {
            return Ok(None);
        }
        Ok(serde_json::from_slice::<String>(&piece.bytes).ok())
    }

    /// The next value, lexed, its bytes kept when there are at most `cap` of them (captures do
    /// not nest: what an inner capture lexes is not in the outer one).
    pub fn capture(&mut self, cap: usize) -> Lexed<Piece> {
        self.ws()?;
        let at = self.at;
        let outer = self.capture.take();
        self.capture = Some((Vec::new(), cap, false));
        let lexed = self.skip();
        let (bytes, _, over) = self.capture.take().unwrap_or_default();
        self.capture = outer;
        lexed?;
        Ok(Piece {
            bytes,
            at,
            end: self.at,
            over,
        })
    }

    /// Lexes past the next value without keeping it.
    pub fn skip(&mut self) -> Lexed<()> {
        self.ws()?;
        // Containers open here, innermost last: the closing byte each waits for, and whether
        // the next member is its first.
        let mut open: Vec<(u8, bool)> = Vec::new();
        loop {
            // One value at the current place.
            self.ws()?;
            match self.peek()? {
                Some(b'"') => self.string()?,
                Some(c @ (b'{' | b'[')) => {
                    if self.depth >= MAX_DEPTH {
                        return self.error();
                    }
                    self.advance(1);
                    self.depth += 1;
                    open.push((if c == b'{' { b'}' } else { b']' }, true));
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return self.error(),
            }
            // Then the next member of the innermost open container, closing those that end.
            loop {
                let Some((close, first)) = open.last_mut() else {
                    return Ok(());
                };
                let close = *close;
                let mut f = *first;
                if !self.next_member(close, &mut f)? {
                    open.pop();
                    continue;
                }
                if let Some(top) = open.last_mut() {
                    top.1 = false;
                }
                if close == b'}' {
                    self.ws()?;
                    if self.peek()? != Some(b'"') {
                        return self.error();
                    }
                    self.string()?;
                    self.ws()?;
                    self.expect(b':')?;
                }
                break;
            }
        }
    }

    /// Lexes a string (the next byte is `"`).
    fn string(&mut self) -> Lexed<()> {
        self.expect(b'"')?;
        loop {
            if self.pos == self.end && self.peek()?.is_none() {
                return self.error();
            }
            let limit = match self.bad {
                Some(b) if b >= self.pos => b.min(self.end),
                _ => self.end,
            };
            let run = self
                .buf
                .get(self.pos..limit)
                .unwrap_or(&[])
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            match run {
                None => {
                    let n = limit - self.pos;
                    self.advance(n);
                    if self.bad == Some(self.pos) {
                        return self.error();
                    }
                }
                Some(n) => {
                    self.advance(n);
                    match self.peek()? {
                        Some(b'"') => {
                            self.advance(1);
                            return Ok(());
                        }
                        Some(b'\\') => self.escape()?,
                        _ => return self.error(),
                    }
                }
            }
        }
    }

    /// Lexes an escape (the next byte is `\`), a surrogate pair as one.
    fn escape(&mut self) -> Lexed<()> {
        self.advance(1);
        match self.peek()? {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.advance(1);
                Ok(())
            }
            Some(b'u') => {
                self.advance(1);
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        // A leading surrogate: a trailing one must follow.
                        self.expect(b'\\')?;
                        self.expect(b'u')?;
                        match self.hex4()? {
                            0xDC00..=0xDFFF => Ok(()),
                            _ => self.error(),
                        }
                    }
                    0xDC00..=0xDFFF => self.error(),
                    _ => Ok(()),
                }
            }
            _ => self.error(),
        }
    }

    fn hex4(&mut self) -> Lexed<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek()? {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return self.error(),
            };
            self.advance(1);
            v = v * 16 + u32::from(d);
        }
        Ok(v)
    }

    /// Lexes a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Lexed<()> {
        if self.peek()? == Some(b'-') {
            self.advance(1);
        }
        match self.peek()? {
            Some(b'0') => self.advance(1),
            Some(b'1'..=b'9') => self.digits()?,
            _ => return self.error(),
        }
        if self.peek()? == Some(b'.') {
            self.advance(1);
            if !matches!(self.peek()?, Some(b'0'..=b'9')) {
                return self.error();
            }
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek()? {
            self.advance(1);
            if let Some(b'+' | b'-') = self.peek()? {
                self.advance(1);
            }
            if !matches!(self.peek()?, Some(b'0'..=b'9')) {
                return self.error();
            }
            self.digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) -> Lexed<()> {
        while let Some(b'0'..=b'9') = self.peek()? {
            self.advance(1);
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Lexed<()> {
        for &b in word {
            self.expect(b)?;
        }
        Ok(())
    }

    /// After the root value: only white space may follow.
    pub fn finish(&mut self) -> Lexed<()> {
        self.ws()?;
        match self.peek()? {
            None => Ok(()),
            Some(_) => self.error(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexes `text` as one value; the position of the break, if any.
    fn lex(text: &[u8]) -> Result<(), Pos> {
        let mut l = Lexer::new(text);
        l.skip().and_then(|_| l.finish()).map_err(|h| match h {
            Halt::Syntax(p) => p,
            Halt::Io(e) => panic!("{e}"),
        })
    }

    #[test]
    fn accepts_what_serde_json_accepts() {
        for ok in [
            &br#"{"a":[1,-0.5e+3,true,false,null,"x\u00e9\ud83d\ude00\n"],"b":{}}"#[..],
            b" [ ] ",
            b"\"\xe5\x80\x8b\"",
            b"0",
            b"{\"k\" : {\"l\":[[],[{}]]}}",
        ] {
            assert_eq!(lex(ok), Ok(()), "{}", String::from_utf8_lossy(ok));
            assert!(serde_json::from_slice::<serde_json::Value>(ok).is_ok());
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses_where_it_breaks() {
        for (bad, byte) in [
            (&b"{\"a\":1,,}"[..], 7),
            (b"[1,]", 3),
            (b"{\"a\" 1}", 5),
            (b"01", 1),
            (b"1.", 2),
            (b"-", 1),
            (b"tru", 3),
            (b"\"a\x01\"", 2),
            (b"\"\\ud800\"", 7),
            (b"\"\\udc00\"", 7),
            (b"\"\\x\"", 2),
            (b"\"\xff\"", 1),
            (b"\"\xe5\x80", 3),
            (b"{\"a\":1} x", 8),
            (b"[1 2]", 3),
            (b"{1:2}", 1),
            (b"", 0),
            (b"\"abc", 4),
        ] {
            let at = lex(bad).expect_err(&String::from_utf8_lossy(bad));
            assert_eq!(at.byte, byte, "{}", String::from_utf8_lossy(bad));
            assert!(serde_json::from_slice::<serde_json::Value>(bad).is_err());
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(lex(deep.as_bytes()).is_err());
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(lex(ok.as_bytes()).is_ok());
    }

    /// A reader that hands out one byte at a time: every character and escape split across
    /// reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), out.first_mut()) {
                (Some((b, rest)), Some(o)) => {
                    *o = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn positions_and_captures_across_reads() {
        let text = "{\"個人\": [1,\n  {\"v\": \"𠮷\\u00e9\"}],\r\n \"w\": 2}".as_bytes();
        let mut l = Lexer::new(Trickle(text));
        l.open(b'{').unwrap();
        let mut first = true;
        assert_eq!(l.next_key(&mut first).unwrap().as_deref(), Some("個人"));
        let p = l.capture(1 << 20).unwrap();
        assert_eq!(
            (p.at.byte, p.at.line, p.at.column),
            (11, 1, 8),
            "after 11 bytes of 7 characters"
        );
        assert_eq!(
            std::str::from_utf8(&p.bytes).unwrap(),
            "[1,\n  {\"v\": \"𠮷\\u00e9\"}]"
        );
        assert_eq!((p.end.line, p.end.column), (2, 20));
        assert_eq!(l.next_key(&mut first).unwrap().as_deref(), Some("w"));
        let small = l.capture(0).unwrap();
        assert!(small.over && small.bytes.is_empty());
        assert_eq!((small.at.line, small.at.column), (3, 7));
        assert_eq!(l.next_key(&mut first).unwrap(), None);
        l.finish().unwrap();
        assert_eq!(l.lexed(), text.len() as u64);
    }
}
