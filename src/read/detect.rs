//! What an input is, from its name and its first bytes: which reader reads it. Detection looks
//! at bytes the caller already read (the head of the file), so an input is opened and read once.

use crate::layout;
use crate::source::walk;

/// How many bytes of an input detection looks at (OCR JSON can start with a long header).
pub const HEAD_BYTES: usize = 64 * 1024;

/// How many bytes the 電子媒体 and XML sniffers look at.
const SHORT_HEAD: usize = 4096;

/// Which reader reads an input, detected from its content (or given with `--from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// 電子媒体 CSV: SHFD0006 / KPFD0006 (the variant is read from the header and the name).
    Csv,
    /// An e-Gov package: a ZIP, an unpacked package folder, or a kousei.xml / form XML.
    Egov,
    /// Paper read by OCR, in our `ocr-fields/1` JSON Lines.
    OcrFields,
    /// Paper read by OCR: an Azure AI Document Intelligence `analyzeResult` (custom model).
    AzureOcr,
}

impl InputKind {
    /// True for paper read by OCR.
    pub fn is_ocr(self) -> bool {
        matches!(self, InputKind::OcrFields | InputKind::AzureOcr)
    }
}

/// The kind of a file named `name` whose first bytes are `head` (up to [`HEAD_BYTES`]); `None`
/// when it is no filing.
///
/// ```
/// use todokede::read::detect::{detect, InputKind};
/// assert_eq!(detect("SHFD0006.CSV", b""), Some(InputKind::Csv));
/// assert_eq!(detect("pkg.zip", b"PK\x03\x04"), Some(InputKind::Egov));
/// assert_eq!(detect("cut.zip", b""), Some(InputKind::Egov));
/// assert_eq!(detect("a.jsonl", br#"{"kind": "document"}"#), Some(InputKind::OcrFields));
/// assert_eq!(detect("notes.txt", b"hello"), None);
/// ```
pub fn detect(name: &str, head: &[u8]) -> Option<InputKind> {
    let short = head.get(..SHORT_HEAD).unwrap_or(head);
    if is_zip(short) || sniff_xml(short).is_some() {
        return Some(InputKind::Egov);
    }
    if walk::is_official_name(name) {
        return Some(InputKind::Csv);
    }
    // A `.zip` that does not start like one is a damaged package (ZIP001), not "no filing".
    if walk::is_package_name(name) {
        return Some(InputKind::Egov);
    }
    if let Some(kind) = sniff_ocr(head) {
        return Some(kind);
    }
    sniff_filing(short).then_some(InputKind::Csv)
}

/// True when `bytes` start like a ZIP.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// What an XML file is, from its first bytes: `Some(true)` kousei, `Some(false)` another e-Gov
/// XML (a form), `None` not e-Gov XML.
pub fn sniff_xml(head: &[u8]) -> Option<bool> {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    if !t.starts_with('<') || !t.contains("<DataRoot") {
        return None;
    }
    Some(t.contains("<構成情報"))
}

/// The OCR kind of a file from its first bytes: JSON Lines whose first line is an ocr-fields
/// object (`"kind": "document"`, or a field when the header is missing), or JSON of an Azure
/// Document Intelligence analyze operation.
pub fn sniff_ocr(head: &[u8]) -> Option<InputKind> {
    let head = head.get(..HEAD_BYTES).unwrap_or(head);
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let head = head.trim_ascii_start();
    if !head.starts_with(b"{") {
        return None;
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let kind = serde_json::from_slice::<serde_json::Value>(first_line)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string));
    match kind.as_deref() {
        Some("document" | "field") => Some(InputKind::OcrFields),
        _ => {
            let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
            // A finished result names `analyzeResult`; a bare one has `apiVersion` and
            // `modelId`; an unfinished operation has `status` and `lastUpdatedDateTime`.
            let azure = has(b"\"analyzeResult\"")
                || (has(b"\"apiVersion\"") && has(b"\"modelId\""))
                || (has(b"\"status\"") && has(b"\"lastUpdatedDateTime\""));
            azure.then_some(InputKind::AzureOcr)
        }
    }
}

/// True when the start of a file looks like a 電子媒体 filing (for files with other names).
fn sniff_filing(head: &[u8]) -> bool {
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    let items: Vec<&[u8]> = first_line.split(|b| *b == b',').collect();
    let is_digits = |s: &[u8], n: usize| s.len() == n && s.iter().all(u8::is_ascii_digit);
    items.last().is_some_and(|l| *l == b"22223")
        || (items.len() >= 3 && is_digits(items[1], 3) && is_digits(items[2], 8))
        || items
            .first()
            .and_then(|c| std::str::from_utf8(c).ok())
            .is_some_and(layout::load::knows_form)
}
