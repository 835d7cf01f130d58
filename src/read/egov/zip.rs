//! Unpacking an e-Gov ZIP in memory, safely: nothing is written to disk, and every limit is
//! enforced on the bytes actually unpacked (the sizes a ZIP declares are not trusted).

use std::io::{Cursor, Read};

use encoding_rs::SHIFT_JIS;

use super::central;
use super::Member;
use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, Sink, Text};

/// Caps on one package.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    /// How many entries (files and folders) a package may have.
    pub entries: usize,
    /// How many bytes one entry may unpack to.
    pub entry_bytes: u64,
    /// How many bytes the whole package may unpack to.
    pub total_bytes: u64,
    /// Unpacked ÷ packed, checked once an entry has unpacked more than `ratio_from` bytes.
    pub ratio: u64,
    /// The unpacked size from which the ratio is checked.
    pub ratio_from: u64,
}

/// A package holds a few forms and a CSV of at most 4.5 MB (the 電子申請 limit for CSV filings).
pub const LIMITS: ZipLimits = ZipLimits {
    entries: crate::layout::egov::MAX_PACKAGE_ENTRIES,
    entry_bytes: 16 * 1024 * 1024,
    total_bytes: 64 * 1024 * 1024,
    ratio: 200,
    ratio_from: 1024 * 1024,
};

/// File name extensions of archives (a nested archive is not read).
const ARCHIVE_EXTENSIONS: &[&str] = &[
    "zip", "lzh", "lha", "7z", "rar", "gz", "tgz", "tar", "cab", "jar", "bz2", "xz",
];

/// The place of an entry: the ZIP itself (offsets are the ZIP's bytes) at the entry's local
/// header; the message names the entry.
fn at(shown: &str, offset: Option<u64>) -> Place {
    let mut loc = Place::file(shown);
    loc.span_mut().byte_start = offset;
    loc.span_mut().byte_end = offset;
    loc
}

/// Decodes an entry name: UTF-8 when the entry's UTF-8 flag is set (the zip crate then keeps the
/// raw bytes as its name), else CP932 — what Japanese Windows tools write — unless the bytes
/// only make sense as UTF-8 (tools that write UTF-8 without the flag).
pub fn decode_name(raw: &[u8], utf8_flag: bool) -> String {
    if raw.is_ascii() || utf8_flag {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let (sjis, bad) = SHIFT_JIS.decode_without_bom_handling(raw);
    match (bad, std::str::from_utf8(raw)) {
        (true, Ok(utf8)) => utf8.to_string(),
        _ => sjis.into_owned(),
    }
}

/// Why an entry name is unsafe, if it is.
pub fn unsafe_name(name: &str) -> Option<(&'static str, &'static str)> {
    let b = name.as_bytes();
    if name.contains('\0') {
        Some(("NUL文字を含みます", "it contains NUL"))
    } else if name.starts_with('/') || name.starts_with('\\') {
        Some(("絶対パスです", "it is an absolute path"))
    } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        Some(("ドライブ名で始まります", "it starts with a drive letter"))
    } else if name.contains('\\') {
        Some((
            "区切りに「\\」を使っています",
            "it uses `\\` as a separator",
        ))
    } else if name.split('/').any(|s| s == "..") {
        Some(("「..」を含みます", "it contains `..`"))
    } else {
        None
    }
}

fn is_archive_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ARCHIVE_EXTENSIONS
            .iter()
            .any(|a| ext.eq_ignore_ascii_case(a))
    })
}

/// Unpacks the files of a ZIP into memory, reporting every entry that is refused.
pub fn members(data: &[u8], shown: &str, sink: &mut Sink) -> Vec<Member> {
    members_with(data, shown, LIMITS, sink)
}

/// [`members`] with other limits (tests).
pub fn members_with(data: &[u8], shown: &str, limits: ZipLimits, sink: &mut Sink) -> Vec<Member> {
    members_counted(data, shown, limits, sink).0
}

/// [`members_with`], and how many bytes were inflated in all (the work done, for tests that
/// prove it bounded).
pub fn members_counted(
    data: &[u8],
    shown: &str,
    limits: ZipLimits,
    sink: &mut Sink,
) -> (Vec<Member>, u64) {
    let damaged = |sink: &mut Sink, what: String, what_en: String| {
        sink.push(Diagnostic::new(
            &r::ZIP_DAMAGED,
            Place::file(shown),
            Text::new(what, what_en),
        ));
    };
    let Some(dir) = central::scan(data, limits.entries + 1) else {
        damaged(
            sink,
            "ZIPの終端レコードが見つかりません（壊れているか、途中で切れています）".into(),
            "no end-of-central-directory record (the ZIP is damaged or truncated)".into(),
        );
        return (Vec::new(), 0);
    };
    if dir.declared > limits.entries as u64 || dir.names.len() > limits.entries {
        sink.push(Diagnostic::new(
            &r::ZIP_LIMIT,
            Place::file(shown),
            Text::new(
                format!(
                    "エントリが{}件あります（上限{}件）",
                    dir.declared, limits.entries
                ),
                format!("{} entries (at most {})", dir.declared, limits.entries),
            ),
        ));
        return (Vec::new(), 0);
    }
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut reported: Vec<&[u8]> = Vec::new();
    for n in &dir.names {
        if seen.contains(&n.as_slice()) && !reported.contains(&n.as_slice()) {
            reported.push(n);
            let name = decode_name(n, std::str::from_utf8(n).is_ok());
            sink.push(Diagnostic::new(
                &r::ZIP_DUPLICATE,
                at(shown, None),
                Text::new(
                    format!(
                        "エントリ「{}」が複数あります（最後のものを読みます）",
                        crate::diag::redact::name(&name)
                    ),
                    format!(
                        "entry `{}` occurs more than once (the last is read)",
                        crate::diag::redact::name(&name)
                    ),
                ),
            ));
        }
        seen.push(n);
    }
    let mut archive = match zip::ZipArchive::new(Cursor::new(data)) {
        Ok(a) => a,
        Err(e) => {
            let e = crate::diag::cause::zip(&e);
            damaged(
                sink,
                format!("ZIPを開けません: {}", e.ja),
                format!("cannot open the ZIP: {}", e.en),
            );
            return (Vec::new(), 0);
        }
    };
    if let Some(why) = overlap(&mut archive, data.len() as u64) {
        damaged(sink, why.0, why.1);
        return (Vec::new(), 0);
    }
    let mut out = Vec::new();
    // Every byte inflated counts, whether its entry is kept or refused.
    let mut inflated: u64 = 0;
    for i in 0..archive.len() {
        if inflated > limits.total_bytes {
            break;
        }
        let (raw, utf8_flag, encrypted, symlink, is_dir, header, packed) =
            match archive.by_index_raw(i) {
                Ok(f) => (
                    f.name_raw().to_vec(),
                    f.name().as_bytes() == f.name_raw(),
                    f.encrypted(),
                    f.is_symlink(),
                    f.is_dir(),
                    f.header_start(),
                    f.compressed_size(),
                ),
                Err(e) => {
                    let e = crate::diag::cause::zip(&e);
                    damaged(
                        sink,
                        format!("{}番目のエントリを読めません: {}", i + 1, e.ja),
                        format!("cannot read entry {}: {}", i + 1, e.en),
                    );
                    continue;
                }
            };
        let name = decode_name(&raw, utf8_flag);
        let shown_name = crate::diag::redact::name(&name);
        let loc = at(shown, Some(header));
        if let Some((ja, en)) = unsafe_name(&name) {
            sink.push(Diagnostic::new(
                &r::ZIP_UNSAFE_NAME,
                loc,
                Text::new(
                    format!("エントリ名「{shown_name}」は{ja}（読みません）"),
                    format!("entry name `{shown_name}` is unsafe: {en} (not read)"),
                ),
            ));
            continue;
        }
        if is_dir {
            continue;
        }
        if symlink {
            sink.push(Diagnostic::new(
                &r::ZIP_SYMLINK,
                loc,
                Text::new(
                    format!("「{shown_name}」はシンボリックリンクです（読みません）"),
                    format!("`{shown_name}` is a symbolic link (not read)"),
                ),
            ));
            continue;
        }
        if encrypted {
            sink.push(Diagnostic::new(
                &r::ZIP_ENCRYPTED,
                loc,
                Text::new(
                    format!("「{shown_name}」は暗号化されています（読みません）"),
                    format!("`{shown_name}` is encrypted (not read)"),
                ),
            ));
            continue;
        }
        if is_archive_name(&name) {
            nested(sink, loc, &shown_name);
            continue;
        }
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                let e = crate::diag::cause::zip(&e);
                sink.push(Diagnostic::new(
                    &r::ZIP_DAMAGED,
                    loc,
                    Text::new(
                        format!("「{shown_name}」を展開できません: {}", e.ja),
                        format!("cannot unpack `{shown_name}`: {}", e.en),
                    ),
                ));
                continue;
            }
        };
        // Read in chunks and count what comes out: the declared size may lie.
        let mut bytes = Vec::new();
        let mut chunk = vec![0u8; 64 * 1024];
        let limit = limits
            .entry_bytes
            .min(limits.total_bytes.saturating_sub(inflated));
        let mut over: Option<(String, String)> = None;
        let mut failed: Option<std::io::Error> = None;
        let mut reader = (&mut file).take(limit + 1);
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    inflated += n as u64;
                    bytes.extend_from_slice(chunk.get(..n).unwrap_or(&[]));
                    let got = bytes.len() as u64;
                    if got > limit {
                        over = Some(if limit < limits.entry_bytes {
                            (
                                format!("展開後の合計が{}バイトを超えます", limits.total_bytes),
                                format!("the unpacked total exceeds {} bytes", limits.total_bytes),
                            )
                        } else {
                            (
                                format!("展開後に{}バイトを超えます", limits.entry_bytes),
                                format!("it unpacks to more than {} bytes", limits.entry_bytes),
                            )
                        });
                        break;
                    }
                    if got > limits.ratio_from && got / packed.max(1) > limits.ratio {
                        over = Some((
                            format!("圧縮率が{}倍を超えます", limits.ratio),
                            format!("its compression ratio exceeds {}:1", limits.ratio),
                        ));
                        break;
                    }
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if let Some((ja, en)) = over {
            sink.push(Diagnostic::new(
                &r::ZIP_LIMIT,
                loc,
                Text::new(
                    format!("「{shown_name}」は{ja}（読み込みを中止しました）"),
                    format!("`{shown_name}`: {en} (reading stopped)"),
                ),
            ));
            continue;
        }
        if let Some(e) = failed {
            let e = crate::diag::cause::unpacking(&e);
            sink.push(Diagnostic::new(
                &r::ZIP_DAMAGED,
                loc,
                Text::new(
                    format!("「{shown_name}」を展開できません: {}", e.ja),
                    format!("cannot unpack `{shown_name}`: {}", e.en),
                ),
            ));
            continue;
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            nested(sink, loc, &shown_name);
            continue;
        }
        out.push(Member {
            shown: format!("{shown}!/{shown_name}"),
            name,
            bytes,
        });
    }
    (out, inflated)
}

/// Why the entries of the archive cannot be trusted, if they cannot: two entries whose bytes
/// overlap (one compressed stream read again and again under many names, a ZIP bomb that no
/// size cap per entry stops), or an entry that claims more bytes than lie before the central
/// directory (or than the archive has). Looked
/// at in the central directory, before anything is inflated; the compressed sizes are thereby
/// bounded by real bytes, so the compression ratio is measured on them.
fn overlap(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, len: u64) -> Option<(String, String)> {
    // Entry data lies before the central directory: a compressed size reaching into it would
    // count the directory's bytes as the entry's, and make a bomb's ratio look smaller.
    let dir = archive.central_directory_start();
    let bound = if dir > 0 && dir <= len { dir } else { len };
    let mut spans: Vec<(u64, u64, usize)> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let Ok(f) = archive.by_index_raw(i) else {
            continue;
        };
        let end = f.data_start().saturating_add(f.compressed_size());
        if end > bound {
            return Some((
                format!("{}番目のエントリが書庫の終わりを越えています", i + 1),
                format!("entry {} claims more bytes than the archive holds", i + 1),
            ));
        }
        spans.push((f.header_start(), end, i));
    }
    spans.sort_unstable();
    spans.windows(2).find(|w| w[0].1 > w[1].0).map(|w| {
        (
            format!(
                "{}番目と{}番目のエントリが同じバイトを共有しています（ZIP爆弾の手口です。展開していません）",
                w[0].2 + 1,
                w[1].2 + 1
            ),
            format!(
                "entries {} and {} share the same bytes (a ZIP bomb technique; nothing was inflated)",
                w[0].2 + 1,
                w[1].2 + 1
            ),
        )
    })
}

fn nested(sink: &mut Sink, loc: Place, name: &str) {
    sink.push(Diagnostic::new(
        &r::ZIP_NESTED_ARCHIVE,
        loc,
        Text::new(
            format!("「{name}」は圧縮ファイルです（中は読みません）"),
            format!("`{name}` is an archive (its content is not read)"),
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (n, b) in files {
            w.start_file(*n, SimpleFileOptions::default()).unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn codes(sink: &Sink) -> Vec<&'static str> {
        sink.diagnostics.iter().map(|d| d.code()).collect()
    }

    #[test]
    fn unpacks_in_memory() {
        let z = zip_of(&[("p/kousei.xml", b"<a/>"), ("p/x.xml", b"<b/>")]);
        let mut sink = Sink::new(None);
        let m = members(&z, "pkg.zip", &mut sink);
        assert!(sink.diagnostics.is_empty());
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].name, "p/kousei.xml");
        assert_eq!(m[0].shown, "pkg.zip!/p/kousei.xml");
        assert_eq!(m[1].bytes, b"<b/>");
    }

    #[test]
    fn bombs_and_bad_names_are_refused() {
        let zeros = vec![0u8; 3 * 1024 * 1024];
        let z = zip_of(&[("p/a.xml", &zeros)]);
        let mut sink = Sink::new(None);
        assert!(members(&z, "pkg.zip", &mut sink).is_empty());
        assert_eq!(codes(&sink), vec!["ZIP002"]);

        let small = ZipLimits {
            entry_bytes: 10,
            ..LIMITS
        };
        let z = zip_of(&[("p/a.xml", b"01234567890123")]);
        let mut sink = Sink::new(None);
        assert!(members_with(&z, "pkg.zip", small, &mut sink).is_empty());
        assert_eq!(codes(&sink), vec!["ZIP002"]);

        let z = zip_of(&[("p/../../etc/passwd", b"x"), ("p/inner.zip", b"x")]);
        let mut sink = Sink::new(None);
        assert!(members(&z, "pkg.zip", &mut sink).is_empty());
        assert_eq!(codes(&sink), vec!["ZIP003", "ZIP005"]);
        assert_eq!(
            unsafe_name("C:/x"),
            Some(("ドライブ名で始まります", "it starts with a drive letter"))
        );
        assert!(unsafe_name("/x").is_some() && unsafe_name("a\0b").is_some());
        assert!(unsafe_name("4950013521019000/kousei.xml").is_none());
    }

    #[test]
    fn cp932_names_without_the_utf8_flag() {
        let (raw, _, _) = SHIFT_JIS.encode("p/添付書類.pdf");
        assert_eq!(decode_name(&raw, false), "p/添付書類.pdf");
        assert_eq!(decode_name("p/添付.pdf".as_bytes(), true), "p/添付.pdf");
        assert_eq!(decode_name("p/添付.pdf".as_bytes(), false), "p/添付.pdf");
    }

    #[test]
    fn damage_is_reported_not_panicked() {
        let z = zip_of(&[("p/kousei.xml", b"<a>hello hello hello</a>")]);
        for cut in [0, 10, z.len() / 2, z.len() - 1] {
            let mut sink = Sink::new(None);
            let _ = members(&z[..cut], "pkg.zip", &mut sink);
            assert_eq!(codes(&sink), vec!["ZIP001"], "cut at {cut}");
        }
    }
}
