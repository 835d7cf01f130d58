//! A first look at a ZIP's central directory, before the zip crate parses it.
//!
//! Two facts must be known before the archive is opened: how many entries it declares (the zip
//! crate builds its index of every entry, so a directory of a million entries must be refused
//! first), and whether two entries share a name (the zip crate keeps only one of them, silently).

/// What the central directory says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Central {
    /// Entries the end record declares.
    pub declared: u64,
    /// The raw names, in directory order (up to the cap the caller gave).
    pub names: Vec<Vec<u8>>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

const EOCD: u32 = 0x0605_4b50;
const EOCD64_LOCATOR: u32 = 0x0706_4b50;
const EOCD64: u32 = 0x0606_4b50;
const CENTRAL: u32 = 0x0201_4b50;

/// Reads the end record and up to `cap` central directory names. `None` when there is no end
/// record (not a ZIP, or truncated); the names stop early where the directory is damaged.
pub fn scan(data: &[u8], cap: usize) -> Option<Central> {
    // The end record is 22 bytes plus a comment of at most 65,535 bytes.
    let from = data.len().saturating_sub(22 + 65_535);
    let eocd = (from..data.len().saturating_sub(21))
        .rev()
        .find(|i| u32_at(data, *i) == Some(EOCD))?;
    let mut declared = u64::from(u16_at(data, eocd + 10)?);
    let mut size = u64::from(u32_at(data, eocd + 12)?);
    let mut offset = u64::from(u32_at(data, eocd + 16)?);
    if declared == 0xFFFF || offset == 0xFFFF_FFFF || size == 0xFFFF_FFFF {
        let loc = eocd.checked_sub(20)?;
        if u32_at(data, loc) == Some(EOCD64_LOCATOR) {
            let at = usize::try_from(u64_at(data, loc + 8)?).ok()?;
            if u32_at(data, at) == Some(EOCD64) {
                declared = u64_at(data, at + 32)?;
                size = u64_at(data, at + 40)?;
                offset = u64_at(data, at + 48)?;
            }
        }
    }
    // Data prepended to the archive shifts every offset: then the directory ends at the end record.
    let mut at = usize::try_from(offset).ok()?;
    if u32_at(data, at) != Some(CENTRAL) {
        at = usize::try_from((eocd as u64).checked_sub(size)?).ok()?;
    }
    let mut names = Vec::new();
    while names.len() < cap && u32_at(data, at) == Some(CENTRAL) {
        let name_len = usize::from(u16_at(data, at + 28)?);
        let extra_len = usize::from(u16_at(data, at + 30)?);
        let comment_len = usize::from(u16_at(data, at + 32)?);
        let Some(name) = data.get(at + 46..at + 46 + name_len) else {
            break;
        };
        names.push(name.to_vec());
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(Central { declared, names })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(names: &[&str]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for n in names {
            w.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"x").unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn names_and_count() {
        let z = zip_of(&["a/kousei.xml", "a/b.xml"]);
        let c = scan(&z, 10).unwrap();
        assert_eq!(c.declared, 2);
        assert_eq!(c.names, vec![b"a/kousei.xml".to_vec(), b"a/b.xml".to_vec()]);
        assert_eq!(scan(&z, 1).unwrap().names.len(), 1);
        assert_eq!(scan(b"not a zip", 10), None);
        assert_eq!(scan(&z[..z.len() - 5], 10), None);
    }
}
