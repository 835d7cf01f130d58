//! Reading lines of raw bytes with a cap, so a file without line ends cannot exhaust memory.

use std::io::{self, BufRead};

/// One physical line as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInfo {
    /// Bytes consumed from the input, line end included.
    pub consumed: u64,
    /// Bytes of content kept in the buffer (line end excluded; at most the cap).
    pub kept: usize,
    /// The content was longer than the cap; the rest was skipped.
    pub truncated: bool,
    /// How the line ended.
    pub end: LineEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How a line ended.
pub enum LineEnd {
    /// `\r\n`, as the official programs write.
    CrLf,
    /// A bare `\n`.
    Lf,
    /// End of file without a line end.
    Eof,
}

/// Reads the next line into `buf` (cleared first), keeping at most `cap` bytes of content.
/// Returns `None` at end of input.
pub fn read_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<LineInfo>> {
    buf.clear();
    let mut consumed: u64 = 0;
    let mut truncated = false;
    // The last byte consumed so far: a CR at the end of one buffer and the LF at the start of the
    // next are still one CRLF, also when the content between was cut.
    let mut last_byte: Option<u8> = None;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            if consumed == 0 {
                return Ok(None);
            }
            return Ok(Some(finish(buf, consumed, truncated, false)));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = (cap + 2).saturating_sub(buf.len());
        if take > room {
            truncated = true;
        }
        buf.extend_from_slice(&chunk[..take.min(room)]);
        if done && truncated {
            // Keep the line end visible to `finish` even when the content was cut.
            let before_lf = if take >= 2 {
                chunk.get(take - 2).copied()
            } else {
                last_byte
            };
            buf.truncate(cap);
            if before_lf == Some(b'\r') {
                buf.extend_from_slice(b"\r\n");
            } else {
                buf.push(b'\n');
            }
        }
        last_byte = chunk.get(take.wrapping_sub(1)).copied().or(last_byte);
        input.consume(take);
        consumed += take as u64;
        if done {
            return Ok(Some(finish(buf, consumed, truncated, true)));
        }
    }
}

fn finish(buf: &mut Vec<u8>, consumed: u64, truncated: bool, had_newline: bool) -> LineInfo {
    let end = if !had_newline {
        LineEnd::Eof
    } else if buf.ends_with(b"\r\n") {
        buf.truncate(buf.len() - 2);
        LineEnd::CrLf
    } else {
        buf.truncate(buf.len().saturating_sub(1));
        LineEnd::Lf
    };
    LineInfo {
        consumed,
        kept: buf.len(),
        truncated,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<(Vec<u8>, LineInfo)> {
        let mut r = io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(info) = read_line(&mut r, &mut buf, cap).unwrap() {
            out.push((buf.clone(), info));
        }
        out
    }

    #[test]
    fn line_ends() {
        let v = lines(b"ab\r\ncd\nef", 100);
        assert_eq!(v[0].0, b"ab");
        assert_eq!(v[0].1.end, LineEnd::CrLf);
        assert_eq!(v[0].1.consumed, 4);
        assert_eq!(v[1].0, b"cd");
        assert_eq!(v[1].1.end, LineEnd::Lf);
        assert_eq!(v[2].0, b"ef");
        assert_eq!(v[2].1.end, LineEnd::Eof);
    }

    /// Regression: a CR as the last byte of one buffer and its LF as the first of the next, on
    /// a line over the cap, was reported as an LF-only line end.
    #[test]
    fn crlf_split_across_buffers_on_a_long_line() {
        let mut input = vec![b'x'; 11];
        input.extend_from_slice(b"\r\nok\r\n");
        // Buffer of 4: the CR is byte 11, the last of the third buffer.
        let v = lines(&input, 5);
        assert!(v[0].1.truncated);
        assert_eq!(v[0].1.end, LineEnd::CrLf);
        assert_eq!(v[0].1.consumed, 13);
        assert_eq!(v[1].0, b"ok");
    }

    #[test]
    fn long_lines_are_capped() {
        let v = lines(b"0123456789\r\nx\r\n", 5);
        assert_eq!(v[0].0, b"01234");
        assert!(v[0].1.truncated);
        assert_eq!(v[0].1.consumed, 12);
        assert_eq!(v[0].1.end, LineEnd::CrLf);
        assert_eq!(v[1].0, b"x");
        assert!(!v[1].1.truncated);
    }
}
