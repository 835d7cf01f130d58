//! What differs when todokede runs on Windows, in one place.
//!
//! Society staff run the `.exe` on Windows PCs: their paths are `D:\…`, `E:\` for a CD and
//! `\\server\share\…` on the office file server; Notepad is what opens a report file; and the
//! console is `cmd.exe`. The rest of the program stays platform-free: report paths are the
//! platform's own spelling (`display()` of the path as given), and only the few places below
//! need to know more. The pure parts take the path style as an argument, so their tests run on
//! Linux too.
//!
//! - [`path_uri`]: a report path as a URI reference for SARIF (`file:///D:/…`, `file://server/…`,
//!   percent-encoded UTF-8), the same for a relative path on every platform.
//! - [`CrlfWriter`]: human reports written to a file get CRLF line ends on Windows.
//! - [`argument_path`]: a drive-relative argument (`E:`) made absolute, so that paths found
//!   below it read `E:\SHFD0006.CSV`, not `E:SHFD0006.CSV`.
//! - [`console_colour`]: colours only where the console interprets them.
//! - [`ui_language_is_japanese`]: the language of messages when no locale variable says it.
//!
//! Japanese in `cmd.exe`: Rust's standard library writes to a Windows console with
//! `WriteConsoleW` (UTF-16), so the console shows Japanese whatever its code page (932 or
//! 65001); no code-page switch is needed, and none is made, since changing the console's code
//! page would outlive the run and break the user's Shift_JIS batch files. Output sent to a pipe
//! or a file is UTF-8 bytes, as on Linux (the README says to `chcp 65001` before `type`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How a path string is spelled: by the platform that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `/` separates; `\` is an ordinary character of a name.
    Unix,
    /// `\` or `/` separates; `D:`, `\\server\share` and `\\?\` prefixes.
    Windows,
}

/// The style of paths on the platform this binary runs on.
pub const NATIVE: PathStyle = if cfg!(windows) {
    PathStyle::Windows
} else {
    PathStyle::Unix
};

/// True where human reports written to a file should have CRLF line ends (Windows, where
/// staff open them in Notepad and older tools expect CRLF).
pub const CRLF_TEXT_FILES: bool = cfg!(windows);

/// A report path as SARIF's `artifactLocation.uri`, for paths of this platform.
pub fn path_uri(path: &str) -> String {
    path_uri_in(path, NATIVE)
}

/// A report path (`outer!/member!/member`, members of ZIPs after `!/`) as a URI reference:
/// absolute paths become `file:` URIs (`file:///D:/a/b.csv`, `file://server/share/b.csv`,
/// `file:///home/a/b.csv`), relative paths stay relative with `/` separators; every byte that
/// RFC 3986 does not allow in a path is percent-encoded (UTF-8, upper-case hex).
pub fn path_uri_in(path: &str, style: PathStyle) -> String {
    let (outer, members) = match path.find("!/") {
        Some(at) => path.split_at(at),
        None => (path, ""),
    };
    let mut uri = String::with_capacity(path.len() + 8);
    match style {
        PathStyle::Unix => {
            if outer.starts_with('/') {
                uri.push_str("file://");
            }
            encode_into(&mut uri, outer);
        }
        PathStyle::Windows => windows_uri(&mut uri, &outer.replace('\\', "/")),
    }
    // Member names inside a ZIP already use `/`; a `\` in one is a character and is encoded.
    encode_into(&mut uri, members);
    uri
}

/// `outer` with `/` separators only.
fn windows_uri(uri: &mut String, outer: &str) {
    // `\\?\` and `\\.\` (long-path and device prefixes) name the same file without them.
    let (unc, rest) = if let Some(rest) = outer
        .strip_prefix("//?/UNC/")
        .or_else(|| outer.strip_prefix("//./UNC/"))
    {
        (true, rest)
    } else if let Some(rest) = outer
        .strip_prefix("//?/")
        .or_else(|| outer.strip_prefix("//./"))
    {
        (false, rest)
    } else if let Some(rest) = outer.strip_prefix("//") {
        (true, rest)
    } else {
        (false, outer)
    };
    if unc {
        // `server/share/dir/file` → `file://server/share/dir/file`.
        let (server, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        uri.push_str("file://");
        encode_into(uri, server);
        encode_into(uri, path);
        return;
    }
    let bytes = rest.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if drive && bytes.get(2) == Some(&b'/') {
        uri.push_str("file:///");
        uri.push_str(&rest[..2]);
        encode_into(uri, &rest[2..]);
    } else {
        // Relative (`testdata/a.csv`), root-relative (`/a.csv`) or drive-relative (`D:a.csv`,
        // its colon encoded so it cannot read as a scheme): a relative reference.
        encode_into(uri, rest);
    }
}

/// `s` (a relative path with `/` separators, or a ZIP member's name) percent-encoded as a URI
/// path, as [`path_uri`] encodes every part.
pub fn encode_uri_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

/// Appends `s` percent-encoded for a URI path: unreserved characters, `/` and the sub-delims
/// RFC 3986 allows in a path segment (`!$&'()*+,;=@`) stay; `:` is encoded so that no relative
/// path can read as a scheme.
fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// Writes through to `inner`, turning every LF that is not already preceded by CR into CRLF.
/// Human reports pass through it when they go to a file on Windows; the renderers write `\n`.
pub struct CrlfWriter<W: Write> {
    inner: W,
    last_was_cr: bool,
}

impl<W: Write> CrlfWriter<W> {
    /// A writer that turns `\n` into `\r\n` on its way to `inner`.
    pub fn new(inner: W) -> Self {
        CrlfWriter {
            inner,
            last_was_cr: false,
        }
    }

    /// The writer underneath.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for CrlfWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut start = 0;
        for at in memchr::memchr_iter(b'\n', buf) {
            let preceded_by_cr = if at == 0 {
                self.last_was_cr
            } else {
                buf.get(at - 1) == Some(&b'\r')
            };
            if !preceded_by_cr {
                self.inner
                    .write_all(buf.get(start..at).unwrap_or_default())?;
                self.inner.write_all(b"\r")?;
                start = at;
            }
        }
        self.inner.write_all(buf.get(start..).unwrap_or_default())?;
        if let Some(&last) = buf.last() {
            self.last_was_cr = last == b'\r';
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A path given on the command line, made usable for reports. On Windows a drive-relative
/// path (`E:` or `E:sub`, "the current directory of drive E") is made absolute (`E:\`, or
/// `E:\sub` when E's current directory is `\sub`), so that files found below it are shown
/// as `E:\SHFD0006.CSV` and get a `file:///E:/…` URI. Every other path is kept as given.
pub fn argument_path(path: &Path) -> PathBuf {
    if is_drive_relative(&path.to_string_lossy(), NATIVE) {
        if let Ok(abs) = std::path::absolute(path) {
            return abs;
        }
    }
    path.to_path_buf()
}

/// True for `D:` or `D:dir` in Windows style: a drive letter and colon with no separator after.
pub fn is_drive_relative(path: &str, style: PathStyle) -> bool {
    let b = path.as_bytes();
    style == PathStyle::Windows
        && b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && !matches!(b.get(2), Some(b'\\' | b'/'))
}

/// Whether colour escapes may be written to standard output, which is a terminal. Elsewhere
/// terminals interpret them; a Windows console does only once virtual-terminal processing is
/// switched on for it, which this does (and says no when the console refuses, as old consoles
/// do, so that staff never see raw `←[1;31m`).
pub fn console_colour() -> bool {
    #[cfg(windows)]
    {
        console::enable_virtual_terminal()
    }
    #[cfg(not(windows))]
    {
        true
    }
}

/// Whether the user's Windows display language is Japanese (`GetUserDefaultUILanguage`); `None`
/// on other platforms, where the locale variables say it. Asked only when no `LC_ALL`,
/// `LC_MESSAGES` or `LANG` is set, which is how Windows runs programs.
pub fn ui_language_is_japanese() -> Option<bool> {
    #[cfg(windows)]
    {
        Some(console::ui_language_is_japanese())
    }
    #[cfg(not(windows))]
    {
        None
    }
}

#[cfg(windows)]
mod console {
    //! The two console calls colour needs, declared here rather than through a crate: kernel32
    //! is linked by the standard library anyway.
    use std::ffi::c_void;

    const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;
    const ENABLE_VIRTUAL_TERMINAL_PROCESSING: u32 = 0x0004;

    #[link(name = "kernel32")]
    extern "system" {
        fn GetStdHandle(which: u32) -> *mut c_void;
        fn GetConsoleMode(console: *mut c_void, mode: *mut u32) -> i32;
        fn SetConsoleMode(console: *mut c_void, mode: u32) -> i32;
        fn GetUserDefaultUILanguage() -> u16;
    }

    /// LANG_JAPANESE, the primary language of the LANGID `ja-JP` (0x0411).
    const LANG_JAPANESE: u16 = 0x11;

    pub fn ui_language_is_japanese() -> bool {
        // SAFETY: GetUserDefaultUILanguage takes nothing and returns a LANGID.
        let id = unsafe { GetUserDefaultUILanguage() };
        id & 0x3ff == LANG_JAPANESE
    }

    pub fn enable_virtual_terminal() -> bool {
        let mut mode = 0u32;
        // SAFETY: GetStdHandle takes no pointer; GetConsoleMode writes one u32 to a valid
        // pointer and fails (returns 0) on a handle that is not a console.
        unsafe {
            let out = GetStdHandle(STD_OUTPUT_HANDLE);
            if out.is_null() || GetConsoleMode(out, &mut mode) == 0 {
                return false;
            }
            mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0
                || SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn win(p: &str) -> String {
        path_uri_in(p, PathStyle::Windows)
    }

    fn unix(p: &str) -> String {
        path_uri_in(p, PathStyle::Unix)
    }

    #[test]
    fn drive_paths_become_file_uris() {
        assert_eq!(win(r"D:\SHFD0006.CSV"), "file:///D:/SHFD0006.CSV");
        assert_eq!(win(r"E:\"), "file:///E:/");
        assert_eq!(win("D:/a/b.csv"), "file:///D:/a/b.csv");
        assert_eq!(
            win(r"D:\届出\2024 12\SHFD0006.CSV"),
            "file:///D:/%E5%B1%8A%E5%87%BA/2024%2012/SHFD0006.CSV"
        );
    }

    #[test]
    fn unc_and_long_paths_become_file_uris() {
        assert_eq!(
            win(r"\\fileserver\share\kenpo\SHFD0006.CSV"),
            "file://fileserver/share/kenpo/SHFD0006.CSV"
        );
        assert_eq!(win(r"\\?\D:\a\SHFD0006.CSV"), "file:///D:/a/SHFD0006.CSV");
        assert_eq!(
            win(r"\\?\UNC\fileserver\share\a.csv"),
            "file://fileserver/share/a.csv"
        );
        assert_eq!(win(r"\\.\D:\a.csv"), "file:///D:/a.csv");
    }

    #[test]
    fn relative_paths_stay_relative_and_agree_across_platforms() {
        let w = win(r"testdata\invalid\str001\取得届.csv");
        assert_eq!(w, "testdata/invalid/str001/%E5%8F%96%E5%BE%97%E5%B1%8A.csv");
        assert_eq!(unix("testdata/invalid/str001/取得届.csv"), w);
        // A mixed spelling (a `/` argument joined with `\` by Windows) means the same file.
        assert_eq!(
            win(r"testdata/invalid/myn002\SHFD0006.CSV"),
            unix("testdata/invalid/myn002/SHFD0006.CSV")
        );
        // No relative path can read as a scheme or a drive.
        assert_eq!(win("D:a.csv"), "D%3Aa.csv");
        assert_eq!(unix("a:b/c"), "a%3Ab/c");
    }

    #[test]
    fn unix_paths() {
        assert_eq!(
            unix("/mnt/cdrom/SHFD0006.CSV"),
            "file:///mnt/cdrom/SHFD0006.CSV"
        );
        // On Unix a backslash is part of a name, not a separator.
        assert_eq!(unix(r"a\b.csv"), "a%5Cb.csv");
        assert_eq!(unix("50%#?.csv"), "50%25%23%3F.csv");
    }

    #[test]
    fn zip_members_follow_the_outer_path() {
        assert_eq!(
            win(r"D:\pkg.zip!/4950013521019000/kousei.xml"),
            "file:///D:/pkg.zip!/4950013521019000/kousei.xml"
        );
        assert_eq!(unix("pkg.zip!/a/b.xml!/c.xml"), "pkg.zip!/a/b.xml!/c.xml");
        // A backslash in a member name is a character (the ZIP reader reports such names).
        assert_eq!(win(r"p.zip!/a\b.xml"), "p.zip!/a%5Cb.xml");
    }

    #[test]
    fn drive_relative_arguments() {
        assert!(is_drive_relative("E:", PathStyle::Windows));
        assert!(is_drive_relative("e:sub", PathStyle::Windows));
        assert!(!is_drive_relative(r"E:\", PathStyle::Windows));
        assert!(!is_drive_relative("E:/x", PathStyle::Windows));
        assert!(!is_drive_relative("E:", PathStyle::Unix));
        assert!(!is_drive_relative(r"\\server\share", PathStyle::Windows));
    }

    fn crlf(chunks: &[&[u8]]) -> Vec<u8> {
        let mut w = CrlfWriter::new(Vec::new());
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.into_inner()
    }

    #[test]
    fn crlf_line_ends() {
        assert_eq!(crlf(&[b"a\nb\n"]), b"a\r\nb\r\n");
        assert_eq!(crlf(&[b"\n\n"]), b"\r\n\r\n");
        assert_eq!(crlf(&[b"no newline"]), b"no newline");
        // Lines already ending in CRLF are not doubled, also when CR and LF arrive apart.
        assert_eq!(crlf(&[b"a\r\nb"]), b"a\r\nb");
        assert_eq!(crlf(&[b"a\r", b"\nb\n"]), b"a\r\nb\r\n");
        assert_eq!(crlf(&[b"a", b"\n", b"\n"]), b"a\r\n\r\n");
        // Japanese text passes untouched (LF never occurs inside a UTF-8 character).
        assert_eq!(crlf(&["エラー\n".as_bytes()]), "エラー\r\n".as_bytes());
    }
}
