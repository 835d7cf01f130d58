//! A large 電子媒体 file in parts, each read on its own (`check::split` checks them on several
//! cores): what a part's reader must know of the lines before it, and the quick count of a
//! part's lines that tells it.
//!
//! A part starts after a line end (LF) that comes after the file's first data record, so the
//! header (媒体管理, 事業所情報) is the first part's alone and every other part is data lines.
//! What the reader carries from line to line is the line number, the byte offset, the number of
//! data records, how many lines ended with LF only (the first is reported, the rest counted at
//! the end) and which forms it already said were checked shallowly (once per form code): each
//! part's count ([`count`]) gives them for the parts after it. A `[data]` or `[kanri]` line
//! among the data changes the reader's state; a file with one there is not read in parts.

use std::io::{self, BufRead};

use super::lines::{self, LineEnd};
use super::{shallow_form, CsvFile, MAX_RECORD_BYTES};
use crate::layout::Variant;

/// Where the file's reader stood at the start of a part, from the counts of the parts before.
#[derive(Debug, Clone, Default)]
pub struct Resume {
    /// The head (variant, 媒体管理, 事業所情報) with `records`: the data records before.
    pub head: CsvFile,
    /// The byte offset of the part in the file.
    pub offset: u64,
    /// The lines before the part.
    pub line_no: u32,
    /// The lines before the part that ended with LF only.
    pub lf_lines: u32,
    /// The forms said to be checked shallowly before the part, in order.
    pub shallow: Vec<String>,
    /// The part is the last: its end is the file's.
    pub ends_file: bool,
}

/// What [`count`] found in a part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Count {
    /// Its lines.
    pub lines: u32,
    /// Its data records.
    pub records: u32,
    /// Its lines that ended with LF only.
    pub lf_lines: u32,
    /// The forms of its data records that are checked shallowly, each once, in order.
    pub shallow: Vec<String>,
}

/// Counts the lines of a part as the reader will see them. `input` starts at byte `start` of
/// the file; lines that start before `data_from` (the first data record's line) are the
/// header's and are only counted as lines. `None` when a line among the data is a `[data]` or
/// `[kanri]` marker (the file is then read whole). Memory: one line, capped as the reader's.
pub fn count(
    mut input: impl BufRead,
    start: u64,
    data_from: u64,
    variant: Variant,
) -> io::Result<Option<Count>> {
    let mut out = Count::default();
    let mut buf = Vec::with_capacity(4096);
    let mut offset = start;
    while let Some(info) = lines::read_line(&mut input, &mut buf, MAX_RECORD_BYTES)? {
        let line_start = offset;
        offset += info.consumed;
        out.lines += 1;
        if info.end == LineEnd::Lf {
            out.lf_lines += 1;
        }
        let line = buf.get(..info.kept).unwrap_or_default();
        if line_start < data_from || info.truncated || line.is_empty() {
            continue;
        }
        if line == b"[data]" || line == b"[kanri]" {
            return Ok(None);
        }
        out.records += 1;
        // The form code is the first item; a code with other than ASCII bytes is no form's.
        let code = line.split(|b| *b == b',').next().unwrap_or_default();
        let Ok(code) = std::str::from_utf8(code) else {
            continue;
        };
        if !code.is_ascii() || out.shallow.iter().any(|c| c == code) {
            continue;
        }
        let items = memchr::memchr_iter(b',', line).count() + 1;
        if shallow_form(variant, code, items) {
            out.shallow.push(code.to_string());
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_records_and_line_ends_are_counted_as_the_reader_sees_them() {
        let text = b"H\r\n\r\n2200700,1\n\r\n2200700,2\r\nlast";
        let c = count(&text[..], 0, 5, Variant::Shfd).unwrap().unwrap();
        // 6 lines: a header line before the data, a blank line, three records (one without a
        // line end); one LF-only line end.
        assert_eq!((c.lines, c.records, c.lf_lines), (6, 3, 1));
        assert_eq!(
            count(&b"x\r\n[kanri]\r\n"[..], 0, 0, Variant::Shfd).unwrap(),
            None
        );
        // A marker in the header is the header's.
        let c = count(&b"[kanri]\r\n1\r\n"[..], 0, 9, Variant::Shfd)
            .unwrap()
            .unwrap();
        assert_eq!((c.lines, c.records), (2, 1));
    }
}
