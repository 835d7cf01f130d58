//! The e-Gov package reader: a ZIP, an unpacked package folder, or a single kousei.xml / form XML.
//!
//! ```text
//! pkg.zip ──zip (in memory, capped)──▶ members ──▶ one application per `{手続ID}/` folder
//!   kousei.xml (xml → kousei) ──▶ procedure table ──▶ each listed form XML (xml → form) ──▶ Record
//!   SHFD0006.CSV / KPFD0006.CSV attachments ──▶ the CSV reader
//! ```
//!
//! Every form becomes a [`crate::model::Record`] numbered like its CSV layout, so the filing
//! rules run on it unchanged. Signatures are not verified; see docs/formats.md.

pub mod central;
pub mod form;
pub mod kousei;
mod package;
pub mod xml;
pub mod zip;

use std::io::Read;
use std::path::Path;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, Sink, Text};
use crate::model::{Medium, Office, Record};
use crate::rules::CheckOptions;

pub use package::read_members;

/// One file of a package, unpacked in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The path inside the package, `/`-separated (`4950013521019000/kousei.xml`).
    pub name: String,
    /// The path shown in diagnostics (`pkg.zip!/4950013521019000/kousei.xml`).
    pub shown: String,
    pub bytes: Vec<u8>,
}

/// What was read from a package, besides the records handed out one by one.
#[derive(Debug, Clone, Default)]
pub struct Package {
    pub records: u32,
    pub offices: Vec<Office>,
    /// The 媒体管理 record of an attached CSV, if any.
    pub medium: Option<Medium>,
    /// The first 社会保険労務士の提出代行者名 a form gives (none when every form leaves it empty).
    pub sharoushi: Option<String>,
    /// What the rules keep across records, shared by every member: the package is one filing.
    pub(crate) rules: crate::rules::FileState,
}

/// The largest file read from disk (a ZIP, or one file of a folder).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The shape of an e-Gov input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Zip,
    Folder,
    Xml,
}

/// Reads a file from disk up to [`MAX_FILE_BYTES`]; reports and returns `None` when it cannot.
pub fn read_capped(path: &Path, shown: &str, sink: &mut Sink) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let result =
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = result {
        sink.push(Diagnostic::new(
            &r::STR_NOT_FILING,
            Place::file(shown),
            Text::new(
                format!("ファイルを読めません: {e}"),
                format!("cannot read the file: {e}"),
            ),
        ));
        return None;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        sink.push(Diagnostic::new(
            &r::ZIP_LIMIT,
            Place::file(shown),
            Text::new(
                format!("ファイルが{MAX_FILE_BYTES}バイトを超えています（読みません）"),
                format!("the file is larger than {MAX_FILE_BYTES} bytes (not read)"),
            ),
        ));
        return None;
    }
    Some(bytes)
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

/// Reads an e-Gov input of the given shape, checking every record with the filing rules and
/// handing each to `model`.
pub fn read(
    path: &Path,
    shape: Shape,
    shown: &str,
    opts: &CheckOptions,
    sink: &mut Sink,
    model: &mut dyn FnMut(&Record),
) -> Package {
    match shape {
        Shape::Zip => {
            let Some(bytes) = read_capped(path, shown, sink) else {
                return Package::default();
            };
            let before = sink.total();
            let members = zip::members(&bytes, shown, sink);
            if members.is_empty() && sink.total() > before {
                // The ZIP layer said why nothing could be read.
                return Package::default();
            }
            read_members(&members, shown, true, opts, sink, model)
        }
        Shape::Folder => {
            let (members, root_shown, at_root) = package::folder_members(path, shown, sink);
            read_members(&members, &root_shown, at_root, opts, sink, model)
        }
        Shape::Xml => {
            let Some(bytes) = read_capped(path, shown, sink) else {
                return Package::default();
            };
            if sniff_xml(&bytes) == Some(true) {
                // A kousei.xml stands for its application folder: the forms it lists are there.
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    let dir_shown = crate::diag::redact::path(dir);
                    return read(dir, Shape::Folder, &dir_shown, opts, sink, model);
                }
            }
            package::single_form(&bytes, shown, opts, sink, model)
        }
    }
}
