//! Source files: bytes, character sets, and the mapping from offsets to lines and columns.

pub mod charset;
mod format;
pub mod kana;
pub mod line_index;
pub mod sniff;
pub mod walk;

pub use format::{serialize_known, SourceFormat};

/// 1-based character column of byte offset `at` in the decoded line `text`.
pub fn char_column(text: &str, at: usize) -> u32 {
    let at = at.min(text.len());
    let prefix = text.get(..at).unwrap_or(text);
    u32::try_from(prefix.chars().count() + 1).unwrap_or(u32::MAX)
}
