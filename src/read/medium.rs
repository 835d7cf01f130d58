//! An encrypted medium file, `SHFD0006(CSV).ZIP` / `KPFD0006(TXT).ZIP`: the 届書 file
//! compressed and encrypted by the 年金機構's 媒体データパスワード設定プログラム (what is known of
//! its encryption: docs/layout-sources.md). Read as a standard password-protected ZIP —
//! traditional ZipCrypto or WinZip AES, whichever the entry says — with the password the society
//! was sent, in memory only: nothing decrypted is ever written anywhere.

use std::io::Read;

/// A password, as bytes exactly as given (the program's encoding of non-ASCII passwords is not
/// known; the bytes of the password file or variable are used as they are). Never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(Vec<u8>);

impl Password {
    /// A password from its bytes; `None` when empty.
    pub fn new(bytes: Vec<u8>) -> Option<Password> {
        (!bytes.is_empty()).then_some(Password(bytes))
    }

    /// The first line of a password file (without its CR/LF, and without a UTF-8 byte order
    /// mark Notepad may have written).
    pub fn from_file_bytes(bytes: &[u8]) -> Option<Password> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let line = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        Password::new(line.to_vec())
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(********)")
    }
}

/// At most this many entries are read (the program writes one).
pub const MAX_ENTRIES: usize = 16;
/// At most this many bytes per entry once decrypted and inflated.
pub const MAX_ENTRY_BYTES: u64 = 1 << 30;

/// What opening an encrypted medium gave.
#[derive(Debug)]
pub enum Opened {
    /// The entries, decrypted: (name, bytes).
    Entries(Vec<(String, Vec<u8>)>),
    /// It is encrypted and no password was given.
    NoPassword,
    /// The password does not open it.
    WrongPassword,
    /// Not a ZIP that can be read (the reason, for the user).
    Unreadable(String),
}

/// Opens the ZIP in `bytes` with `password`.
pub fn open(bytes: &[u8], password: Option<&Password>) -> Opened {
    let mut archive = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Opened::Unreadable(crate::diag::redact::error(&e)),
    };
    if archive.len() > MAX_ENTRIES {
        return Opened::Unreadable(format!("{} entries (at most {MAX_ENTRIES})", archive.len()));
    }
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let entry = match password {
            Some(p) => archive.by_index_decrypt(i, &p.0),
            None => archive.by_index(i),
        };
        let mut entry = match entry {
            Ok(e) => e,
            Err(zip::result::ZipError::InvalidPassword) => {
                return match password {
                    Some(_) => Opened::WrongPassword,
                    None => Opened::NoPassword,
                }
            }
            Err(zip::result::ZipError::UnsupportedArchive(m))
                if m == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                return Opened::NoPassword
            }
            Err(e) => return Opened::Unreadable(crate::diag::redact::error(&e)),
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let mut data = Vec::new();
        let read = (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data);
        match read {
            // ZipCrypto's check byte lets one wrong password in 256 through; the CRC at the
            // end of the entry then fails.
            Err(_) if password.is_some() => return Opened::WrongPassword,
            Err(e) => return Opened::Unreadable(crate::diag::redact::error(&e)),
            Ok(n) if n as u64 > MAX_ENTRY_BYTES => {
                return Opened::Unreadable(format!("an entry larger than {MAX_ENTRY_BYTES} bytes"))
            }
            Ok(_) => out.push((name, data)),
        }
    }
    Opened::Entries(out)
}
