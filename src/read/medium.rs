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

/// At most this many entries are read (the program writes one file; a society's own tools
/// may put SHFD0006.CSV and KPFD0006.CSV in one archive).
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
    Unreadable(crate::diag::Text),
}

/// An encrypted medium opened for reading one entry at a time: each file is decrypted into
/// memory only when it is read, so that a medium of several files holds one in memory.
pub struct Medium<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    password: Option<&'a Password>,
    /// The indexes of the entries that are files (not folders).
    files: Vec<usize>,
}

impl std::fmt::Debug for Medium<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Medium")
            .field("files", &self.files.len())
            .finish()
    }
}

impl<'a> Medium<'a> {
    /// Opens the ZIP in `bytes` (nothing is decrypted yet); the error is why it cannot be read.
    pub fn open(bytes: &'a [u8], password: Option<&'a Password>) -> Result<Medium<'a>, Opened> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| Opened::Unreadable(crate::diag::cause::zip(&e)))?;
        if archive.len() > MAX_ENTRIES {
            return Err(Opened::Unreadable(crate::diag::Text::new(
                format!(
                    "エントリが{}個あります（{MAX_ENTRIES}個まで）",
                    archive.len()
                ),
                format!("{} entries (at most {MAX_ENTRIES})", archive.len()),
            )));
        }
        let mut files = Vec::new();
        for i in 0..archive.len() {
            let entry = archive
                .by_index_raw(i)
                .map_err(|e| Opened::Unreadable(crate::diag::cause::zip(&e)))?;
            if !entry.is_dir() {
                files.push(i);
            }
        }
        Ok(Medium {
            archive,
            password,
            files,
        })
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when it holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The `n`th file, decrypted: its name in the archive and its bytes.
    pub fn read(&mut self, n: usize) -> Result<(String, Vec<u8>), Opened> {
        let Some(&i) = self.files.get(n) else {
            return Err(Opened::Unreadable(crate::diag::Text::new(
                format!("{n}番目のファイルはありません"),
                format!("no entry {n}"),
            )));
        };
        let password = self.password;
        let entry = match password {
            Some(p) => self.archive.by_index_decrypt(i, &p.0),
            None => self.archive.by_index(i),
        };
        let mut entry = match entry {
            Ok(e) => e,
            Err(zip::result::ZipError::InvalidPassword) => {
                return Err(match password {
                    Some(_) => Opened::WrongPassword,
                    None => Opened::NoPassword,
                })
            }
            Err(zip::result::ZipError::UnsupportedArchive(m))
                if m == zip::result::ZipError::PASSWORD_REQUIRED =>
            {
                return Err(Opened::NoPassword)
            }
            Err(e) => return Err(Opened::Unreadable(crate::diag::cause::zip(&e))),
        };
        let name = entry.name().to_string();
        let mut data = Vec::new();
        let read = (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data);
        match read {
            // ZipCrypto's check byte lets one wrong password in 256 through; the CRC at the
            // end of the entry then fails.
            Err(_) if password.is_some() => Err(Opened::WrongPassword),
            Err(e) => Err(Opened::Unreadable(crate::diag::cause::unpacking(&e))),
            Ok(n) if n as u64 > MAX_ENTRY_BYTES => Err(Opened::Unreadable(crate::diag::Text::new(
                format!("{} MiB を超えるファイルがあります", MAX_ENTRY_BYTES >> 20),
                format!("an entry larger than {MAX_ENTRY_BYTES} bytes"),
            ))),
            Ok(_) => Ok((name, data)),
        }
    }
}

/// Opens the ZIP in `bytes` with `password` and decrypts every file it holds.
pub fn open(bytes: &[u8], password: Option<&Password>) -> Opened {
    let mut medium = match Medium::open(bytes, password) {
        Ok(m) => m,
        Err(why) => return why,
    };
    let mut out = Vec::with_capacity(medium.len());
    for n in 0..medium.len() {
        match medium.read(n) {
            Ok(entry) => out.push(entry),
            Err(why) => return why,
        }
    }
    Opened::Entries(out)
}
