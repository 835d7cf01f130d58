//! What a file is when it is not text a reader can use: UTF-16 (or UTF-32) text, or a binary
//! format named by its magic bytes. Readers ask this once, before anything else, so that such a
//! file gets one clear diagnostic instead of one per line or character.

/// A file that is not 8-bit text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// UTF-16 text.
    Utf16,
    /// UTF-32.
    Utf32,
    /// A binary format recognised by its first bytes (`PDF`, `PNG`, …).
    Binary(&'static str),
    /// Binary data of no known format (many NUL or control bytes).
    UnknownBinary,
}

impl NotText {
    /// What the file is, for a message.
    pub fn describe(self) -> (String, String) {
        match self {
            NotText::Utf16 => (
                "UTF-16のテキストファイル".into(),
                "a UTF-16 text file".into(),
            ),
            NotText::Utf32 => (
                "UTF-32のテキストファイル".into(),
                "a UTF-32 text file".into(),
            ),
            NotText::Binary(kind) => (format!("{kind}ファイル"), format!("a {kind} file")),
            NotText::UnknownBinary => (
                "テキストではないファイル（バイナリ）".into(),
                "not a text file (binary data)".into(),
            ),
        }
    }
}

/// Magic bytes of formats a filing is mistaken for (scans, spreadsheets, archives).
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\0", "TIFF"),
    (b"MM\0*", "TIFF"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Microsoft Office (Excel .xls / Word .doc)",
    ),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\0", "xz"),
    (b"MZ", "Windows executable"),
    (b"\x7fELF", "ELF executable"),
];

/// What `head` (the first few KiB of a file) is, when it is not 8-bit text. ZIP is not named:
/// the e-Gov reader reads ZIPs.
pub fn not_text(head: &[u8]) -> Option<NotText> {
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some(NotText::Utf32);
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some(NotText::Utf16);
    }
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(NotText::Binary(kind));
    }
    let sample = head.get(..head.len().min(4096)).unwrap_or(head);
    if sample.len() < 8 {
        return None;
    }
    // UTF-16 without a BOM: ASCII-range text has a NUL in every other byte.
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if (even_nul.max(odd_nul) * 10 >= pairs * 7) && even_nul.min(odd_nul) * 10 <= pairs {
        return Some(NotText::Utf16);
    }
    // Other binary data: text never has this many NUL or control bytes.
    let control = sample
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(**b, b'\r' | b'\n' | b'\t')) || **b == 0x7F)
        .count();
    (control * 10 >= sample.len() * 3).then_some(NotText::UnknownBinary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn names_what_a_file_is() {
        let text = "21,01,ｹｲﾄ,001,20241210,22223\r\n[kanri]\r\n";
        assert_eq!(not_text(&utf16le(text, true)), Some(NotText::Utf16));
        assert_eq!(not_text(&utf16le(text, false)), Some(NotText::Utf16));
        assert_eq!(
            not_text(b"%PDF-1.7\n%\xe2\xe3"),
            Some(NotText::Binary("PDF"))
        );
        assert_eq!(not_text(&[0u8; 100]), Some(NotText::UnknownBinary));
        assert_eq!(not_text(text.as_bytes()), None);
        assert_eq!(not_text(b"PK\x03\x04 a zip"), None);
        // A filing with a few NULs and controls in its items is still text (ENC005 says where).
        let mut t = text.repeat(20).into_bytes();
        t.extend_from_slice(b"1\x002\x003\x004\x00\x1b\x07");
        assert_eq!(not_text(&t), None);
    }
}
