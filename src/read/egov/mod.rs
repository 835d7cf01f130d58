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

use std::collections::VecDeque;
use std::io::{Cursor, Read};
use std::path::Path;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, ItemRef, Omitted, Place, Sink, Text};
use crate::model::{Medium, Office, Record};
use crate::read::csv::CsvReader;
use crate::read::{ReadRecord, ReadSummary, RecordIds, RecordSource};
use crate::source::SourceFormat;

pub use crate::read::detect::{is_zip, sniff_xml};

/// One file of a package, unpacked in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The path inside the package, `/`-separated (`4950013521019000/kousei.xml`).
    pub name: String,
    /// The path shown in diagnostics (`pkg.zip!/4950013521019000/kousei.xml`).
    pub shown: String,
    /// The unpacked bytes.
    pub bytes: Vec<u8>,
}

/// What the reader hands out, in order: findings, the record of a form, and attached CSV files
/// (read when the reader gets to them).
#[derive(Debug)]
enum Step {
    Finding(Box<Diagnostic>),
    Form(Box<FormStep>),
    Csv {
        member: usize,
        name: String,
    },
    /// Findings the package's buffer counted but did not keep (a flood).
    Omitted(Omitted),
}

/// One form, read and mapped, waiting for its number.
#[derive(Debug)]
struct FormStep {
    record: Record,
    path: String,
    /// Findings of the form's XML, with the item of the element each is on: they get the
    /// form's record when it is numbered.
    tied: Vec<(Diagnostic, Option<ItemRef>)>,
    office: Vec<String>,
    office_line: u32,
    /// The 社会保険労務士の提出代行者名 the form gives.
    sharoushi: Option<String>,
}

/// What the reader is handing out records of.
#[derive(Debug)]
enum Current {
    Nothing,
    Form(Box<FormStep>),
    Csv(Box<CsvReader<Cursor<Vec<u8>>>>),
}

/// Reads an e-Gov package: every form becomes a [`Record`] numbered through the package, and
/// attached 電子媒体 CSV files are read by the CSV reader, in the package's order.
#[derive(Debug)]
pub struct EgovReader {
    steps: VecDeque<Step>,
    members: Vec<Member>,
    ids: RecordIds,
    current: Current,
    offices: Vec<Office>,
    /// The 媒体管理 record of an attached CSV, if any.
    medium: Option<Medium>,
    /// The first 社会保険労務士の提出代行者名 a form gives (none when every form leaves it
    /// empty).
    sharoushi: Option<String>,
}

impl EgovReader {
    /// A package whose members are in memory. `root_files_matter`: files at the top level are
    /// an error (a ZIP, or a folder holding application folders).
    /// Its findings are held until they are handed on to a sink like `like` (a flood is
    /// summarised as `like` summarises it).
    pub fn from_members(
        members: Vec<Member>,
        shown: &str,
        root_files_matter: bool,
        ids: RecordIds,
        like: &Sink,
    ) -> EgovReader {
        let mut steps = Vec::new();
        let mut found = Sink::buffer_like(like);
        package::plan(&members, shown, root_files_matter, &mut found, &mut steps);
        steps.extend(found.take_omitted().into_iter().map(Step::Omitted));
        EgovReader::with_steps(steps, members, ids)
    }

    /// A ZIP package.
    pub fn zip(bytes: &[u8], shown: &str, ids: RecordIds, sink: &mut Sink) -> EgovReader {
        let before = sink.total();
        let members = zip::members(bytes, shown, sink);
        if members.is_empty() && sink.total() > before {
            // The ZIP layer said why nothing could be read.
            return EgovReader::with_steps(Vec::new(), Vec::new(), ids);
        }
        EgovReader::from_members(members, shown, true, ids, sink)
    }

    /// An unpacked package folder (an application folder, or a folder holding them).
    pub fn folder(dir: &Path, shown: &str, ids: RecordIds, sink: &mut Sink) -> EgovReader {
        let (members, root_shown, at_root) = package::folder_members(dir, shown, sink);
        EgovReader::from_members(members, &root_shown, at_root, ids, sink)
    }

    /// An unpacked package folder held in memory (picked or dropped in the browser): `name` is
    /// the folder as given, `files` its files by their path below it; read as [`EgovReader::folder`]
    /// reads one on disk.
    pub fn memory_folder(
        name: &str,
        files: &[(&str, &[u8])],
        ids: RecordIds,
        sink: &mut Sink,
    ) -> EgovReader {
        let (members, root_shown, at_root) = package::memory_members(name, files, sink);
        EgovReader::from_members(members, &root_shown, at_root, ids, sink)
    }

    /// A kousei.xml or form XML on its own. A kousei.xml read from disk (`path`) stands for
    /// its application folder: the forms it lists are there.
    pub fn xml(
        bytes: &[u8],
        path: Option<&Path>,
        shown: &str,
        ids: RecordIds,
        sink: &mut Sink,
    ) -> EgovReader {
        if sniff_xml(bytes) == Some(true) {
            if let Some(dir) = path
                .and_then(Path::parent)
                .filter(|d| !d.as_os_str().is_empty())
            {
                let dir_shown = crate::diag::redact::path(dir);
                return EgovReader::folder(dir, &dir_shown, ids, sink);
            }
        }
        let mut steps = Vec::new();
        let mut found = Sink::buffer_like(sink);
        package::single_form(bytes, shown, &mut found, &mut steps);
        steps.extend(found.take_omitted().into_iter().map(Step::Omitted));
        EgovReader::with_steps(steps, Vec::new(), ids)
    }

    fn with_steps(steps: Vec<Step>, members: Vec<Member>, ids: RecordIds) -> EgovReader {
        EgovReader {
            steps: steps.into(),
            members,
            ids,
            current: Current::Nothing,
            offices: Vec::new(),
            medium: None,
            sharoushi: None,
        }
    }

    /// The record being handed out.
    fn current(&self) -> Option<ReadRecord<'_>> {
        match &self.current {
            Current::Nothing => None,
            Current::Form(f) => Some(ReadRecord {
                path: &f.path,
                record: &f.record,
                ocr: None,
                header: false,
            }),
            Current::Csv(c) => c.current(),
        }
    }

    /// Numbers a form, gives its findings their record, and adds its 事業所 block.
    fn start_form(&mut self, mut f: Box<FormStep>, sink: &mut Sink) {
        // Forms are numbered through the package, so that a record number names one form.
        let id = self.ids.next_id();
        f.record.number = id.record;
        f.record.id = Some(id);
        for (mut d, item) in std::mem::take(&mut f.tied) {
            if let Some(item) = item {
                d.primary.set_record(Some(f.record.number));
                d.primary.set_item(Some(item));
                d.record = Some(id);
            }
            sink.push(d);
        }
        if self.sharoushi.is_none() {
            self.sharoushi = f.sharoushi.take();
        }
        let office = std::mem::take(&mut f.office);
        if office.iter().any(|v| !v.is_empty()) {
            // Every form repeats the office block; forms of one office (same 事業所整理記号)
            // give one 事業所情報, each filling what the others lack (the 被扶養者届 has no
            // 事業所番号).
            match self
                .offices
                .iter_mut()
                .find(|o| o.items.get(..3) == office.get(..3))
            {
                Some(o) => {
                    for (have, new) in o.items.iter_mut().zip(office) {
                        if have.is_empty() {
                            *have = new;
                        }
                    }
                }
                None => self.offices.push(Office {
                    line: f.office_line,
                    items: office,
                }),
            }
        }
        self.current = Current::Form(f);
    }
}

impl RecordSource for EgovReader {
    fn next_record(&mut self, sink: &mut Sink) -> Option<ReadRecord<'_>> {
        loop {
            if let Current::Csv(c) = &mut self.current {
                if c.read_record(sink).is_some() {
                    return self.current();
                }
                if let Current::Csv(c) = std::mem::replace(&mut self.current, Current::Nothing) {
                    let (csv, ids) = c.finish();
                    self.ids = ids;
                    self.offices.extend(csv.offices);
                    if self.medium.is_none() {
                        self.medium = csv.medium;
                    }
                }
            }
            self.current = Current::Nothing;
            match self.steps.pop_front()? {
                Step::Finding(d) => sink.push(*d),
                Step::Omitted(o) => sink.absorb(o),
                Step::Form(f) => {
                    self.start_form(f, sink);
                    return self.current();
                }
                Step::Csv { member, name } => {
                    if let Some(m) = self.members.get_mut(member) {
                        let bytes = std::mem::take(&mut m.bytes);
                        self.current = Current::Csv(Box::new(CsvReader::new(
                            Cursor::new(bytes),
                            &m.shown,
                            &name,
                            self.ids,
                        )));
                    }
                }
            }
        }
    }

    fn finish(self) -> ReadSummary {
        ReadSummary {
            format: Some(SourceFormat::Egov),
            records: self.ids.count(),
            medium: self.medium,
            offices: self.offices,
            sharoushi: self.sharoushi,
            unreadable: false,
        }
    }
}

/// The largest file read from disk (a ZIP, or one file of a folder).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file from disk up to [`MAX_FILE_BYTES`]; reports and returns `None` when it cannot.
pub fn read_capped(path: &Path, shown: &str, sink: &mut Sink) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let result =
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = result {
        sink.push(unreadable(shown, &e));
        return None;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        sink.push(too_large(shown));
        return None;
    }
    Some(bytes)
}

/// The finding for a file of a package that could not be read.
pub fn unreadable(shown: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(&r::STR_NOT_FILING, Place::file(shown), {
        let why = crate::diag::cause::io(e);
        Text::new(
            format!("ファイルを読めません: {}", why.ja),
            format!("cannot read the file: {}", why.en),
        )
    })
}

/// The finding for a file larger than [`MAX_FILE_BYTES`] (not read).
pub fn too_large(shown: &str) -> Diagnostic {
    Diagnostic::new(
        &r::ZIP_LIMIT,
        Place::file(shown),
        Text::new(
            format!("ファイルが{MAX_FILE_BYTES}バイトを超えています（読みません）"),
            format!("the file is larger than {MAX_FILE_BYTES} bytes (not read)"),
        ),
    )
}
