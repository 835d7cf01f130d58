//! The table of two-byte Shift_JIS codes, worked out at build time from encoding_rs's CP932
//! (WHATWG Shift_JIS) decoder, so that the reader neither builds it at start-up nor decodes
//! through a second pass: one lookup gives whether a pair is a character and which.

use std::fmt::Write;

/// Lead bytes of two-byte codes: 0x81–0x9F and 0xE0–0xFC (60 rows of 256 trail bytes).
pub fn lead_index(lead: u8) -> Option<usize> {
    match lead {
        0x81..=0x9F => Some(usize::from(lead - 0x81)),
        0xE0..=0xFC => Some(usize::from(lead - 0xE0) + 31),
        _ => None,
    }
}

/// `pub static SJIS_PAIRS: [u16; 60 * 256]`: the code point of each (lead, trail) pair, at
/// `lead_index(lead) * 256 + trail`; 0 where the pair is not a character.
pub fn table() -> String {
    let mut cells = vec![0u16; 60 * 256];
    for lead in (0x81u8..=0x9F).chain(0xE0..=0xFC) {
        for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
            let bytes = [lead, trail];
            let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
            let mut chars = text.chars();
            let (Some(c), None, false) = (chars.next(), chars.next(), had_errors) else {
                continue;
            };
            let cp = u16::try_from(u32::from(c)).expect("Shift_JIS decodes to the BMP");
            assert_ne!(cp, 0, "no pair decodes to U+0000");
            if let Some(i) = lead_index(lead) {
                cells[i * 256 + usize::from(trail)] = cp;
            }
        }
    }
    let mut out = String::from(
        "/// The code point of each two-byte Shift_JIS pair (0: not a character).\n\
         pub static SJIS_PAIRS: [u16; 60 * 256] = [\n",
    );
    for row in cells.chunks(16) {
        for c in row {
            let _ = write!(out, "{c},");
        }
        out.push('\n');
    }
    out.push_str("];\n");
    out
}
