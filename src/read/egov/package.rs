//! The structure of a package: application folders, kousei.xml and what it lists, and the forms
//! and CSV attachments read from them.

use std::path::Path;

use super::form;
use super::kousei::{self, Kousei};
use super::xml::{self, Doc};
use super::{FormStep, Member, Step};
use crate::diag::redact::{name as quote_path, value as quote};
use crate::diag::registry as r;
use crate::diag::{Diagnostic, ItemRef, Place, Sink, Text};
use crate::layout::egov::{self, Procedure};
use crate::source::walk;

/// The files below a package folder. A folder holding `kousei.xml` is one application folder
/// (its members are named `{folder}/{file}`); any other folder is a package root whose
/// subfolders are the applications. Returns the members, the shown path of the package root, and
/// whether files at the root are part of the package (they are an error there).
pub fn folder_members(dir: &Path, shown: &str, sink: &mut Sink) -> (Vec<Member>, String, bool) {
    let is_application = dir.join("kousei.xml").is_file();
    let (root, root_shown, prefix) = if is_application {
        let name = std::fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let parent = dir
            .parent()
            .map(crate::diag::redact::path)
            .unwrap_or_default();
        (dir.to_path_buf(), parent, format!("{name}/"))
    } else {
        (dir.to_path_buf(), shown.to_string(), String::new())
    };
    let mut members = Vec::new();
    let mut stack = vec![(root, prefix)];
    let mut total: u64 = 0;
    while let Some((d, prefix)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            let name = format!(
                "{prefix}{}",
                p.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            let p_shown = crate::diag::redact::path(&p);
            if meta.file_type().is_symlink() {
                sink.push(Diagnostic::new(
                    &r::ZIP_SYMLINK,
                    Place::file(&p_shown),
                    Text::new(
                        "シンボリックリンクです（読みません）",
                        "a symbolic link (not read)",
                    ),
                ));
            } else if meta.is_dir() {
                stack.push((p, format!("{name}/")));
            } else if members.len() >= super::zip::LIMITS.entries
                || total + meta.len() > super::zip::LIMITS.total_bytes
            {
                sink.push(over_limit(&p_shown));
            } else if let Some(bytes) = super::read_capped(&p, &p_shown, sink) {
                total += bytes.len() as u64;
                members.push(Member {
                    name,
                    shown: p_shown,
                    bytes,
                });
            }
        }
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    (members, root_shown, !is_application)
}

/// [`folder_members`] of a folder held in memory (picked or dropped in the browser): `name` is
/// the folder as given (`CD/4950013521019000`), `files` its files by their path below it.
/// Each file is shown as `{name}/{path}`, as the folder's files on disk are; the same limits
/// apply.
pub fn memory_members(
    name: &str,
    files: &[(&str, &[u8])],
    sink: &mut Sink,
) -> (Vec<Member>, String, bool) {
    let is_application = files.iter().any(|(p, _)| *p == "kousei.xml");
    let (parent, own) = match name.rsplit_once('/') {
        Some((parent, own)) => (parent, own),
        None => ("", name),
    };
    let (root_shown, prefix) = if is_application {
        (crate::diag::redact::name(parent), format!("{own}/"))
    } else {
        (crate::diag::redact::name(name), String::new())
    };
    let mut members = Vec::new();
    let mut total: u64 = 0;
    for (path, bytes) in files {
        let p_shown = crate::diag::redact::name(&format!("{name}/{path}"));
        let len = bytes.len() as u64;
        if members.len() >= super::zip::LIMITS.entries
            || total + len > super::zip::LIMITS.total_bytes
        {
            sink.push(over_limit(&p_shown));
        } else if len > super::MAX_FILE_BYTES {
            sink.push(super::too_large(&p_shown));
        } else {
            total += len;
            members.push(Member {
                name: format!("{prefix}{path}"),
                shown: p_shown,
                bytes: bytes.to_vec(),
            });
        }
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    (members, root_shown, !is_application)
}

/// ZIP_LIMIT on the file shown as `shown`: with it, the package's files or bytes would exceed
/// the limits a ZIP package has (a folder, on disk or in memory, is held to the same).
fn over_limit(shown: &str) -> Diagnostic {
    Diagnostic::new(
        &r::ZIP_LIMIT,
        Place::file(shown),
        Text::new(
            "パッケージのファイル数または合計サイズが上限を超えています（読みません）",
            "the package has too many files or bytes (not read)",
        ),
    )
}

/// Reads the applications of a package into the steps the reader will hand out: its findings
/// (pushed to `sink`, a buffer of this package, and moved into `steps` before each record), its
/// forms and its attached CSV files. `root_files_matter`: files at the top level are an error
/// (a ZIP, or a folder holding application folders).
pub(super) fn plan(
    members: &[Member],
    shown: &str,
    root_files_matter: bool,
    sink: &mut Sink,
    steps: &mut Vec<Step>,
) {
    let mut folders: Vec<&str> = Vec::new();
    for m in members {
        match m.name.split_once('/') {
            Some((folder, _)) if !folders.contains(&folder) => folders.push(folder),
            Some(_) => {}
            None if root_files_matter => sink.push(Diagnostic::new(
                &r::ZIP_ROOT_FILE,
                Place::file(&m.shown),
                Text::new(
                    format!(
                        "「{}」が手続IDのフォルダの外にあります",
                        quote_path(&m.name)
                    ),
                    format!("`{}` is outside the procedure folder", quote_path(&m.name)),
                ),
            )),
            None => {}
        }
    }
    if folders.is_empty() {
        sink.push(Diagnostic::new(
            &r::ZIP_NO_KOUSEI,
            Place::file(shown),
            Text::new(
                "手続IDのフォルダ（kousei.xml を含む）がありません",
                "no procedure folder (with a kousei.xml)",
            ),
        ));
    }
    for folder in folders {
        let files: Vec<(&str, &Member)> = members
            .iter()
            .filter_map(|m| {
                m.name
                    .strip_prefix(folder)
                    .and_then(|rest| rest.strip_prefix('/'))
                    .map(|rest| (rest, m))
            })
            .collect();
        // The folder as shown: a member's shown path without its name inside the folder.
        let folder_shown = files
            .first()
            .and_then(|(rest, m)| {
                m.shown
                    .strip_suffix(&quote_path(rest))
                    .map(|s| s.trim_end_matches(['/', '\\']).to_string())
            })
            .unwrap_or_else(|| shown.to_string());
        Application {
            folder,
            folder_shown,
            files,
            all: members,
        }
        .read(sink, steps);
    }
    flush(sink, steps);
}

/// A single form XML given on its own: no package around it.
pub(super) fn single_form(bytes: &[u8], shown: &str, sink: &mut Sink, steps: &mut Vec<Step>) {
    read_form(bytes, shown, None, None, sink, steps);
    flush(sink, steps);
}

/// Moves the findings so far into the steps, before what comes next.
fn flush(sink: &mut Sink, steps: &mut Vec<Step>) {
    steps.extend(
        sink.diagnostics
            .drain(..)
            .map(|d| Step::Finding(Box::new(d))),
    );
}

struct Application<'a> {
    folder: &'a str,
    folder_shown: String,
    /// (name inside the folder, member)
    files: Vec<(&'a str, &'a Member)>,
    /// Every member of the package (attachments are named by their index in it).
    all: &'a [Member],
}

impl Application<'_> {
    fn file(&self, name: &str) -> Option<&Member> {
        self.files.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }

    /// An attached CSV, read when the reader gets to it.
    fn read_csv(&self, m: &Member, name: &str, sink: &mut Sink, steps: &mut Vec<Step>) {
        if let Some(member) = self.all.iter().position(|x| std::ptr::eq(x, m)) {
            flush(sink, steps);
            steps.push(Step::Csv {
                member,
                name: name.to_string(),
            });
        }
    }

    fn read(&self, sink: &mut Sink, steps: &mut Vec<Step>) {
        let mut handled: Vec<&str> = Vec::new();
        let mut forms: Vec<(kousei::FormRef, String, Place)> = Vec::new();
        let mut attachments: Vec<(String, Place)> = Vec::new();
        let mut procedure: Option<&'static Procedure> = None;
        let main = self.file("kousei.xml");
        let individual: Vec<&Member> = self
            .files
            .iter()
            .filter(|(n, _)| kousei::is_individual_name(n))
            .map(|(_, m)| *m)
            .collect();
        match main {
            None => sink.push(Diagnostic::new(
                &r::ZIP_NO_KOUSEI,
                Place::file(&self.folder_shown),
                Text::new(
                    format!(
                        "フォルダ「{}」に kousei.xml がありません",
                        quote_path(self.folder)
                    ),
                    format!("folder `{}` has no kousei.xml", quote_path(self.folder)),
                ),
            )),
            Some(m) => {
                handled.push("kousei.xml");
                if let Some(doc) = xml::parse(&m.bytes, &m.shown, sink) {
                    let k = kousei::read(&doc, &m.shown, sink);
                    procedure = self.check_procedure(&doc, &k, &m.shown, sink);
                    if individual.is_empty() && !k.forms.is_empty() && !k.signed {
                        sink.push(Diagnostic::new(
                            &r::ZIP_NO_SIGNATURE,
                            doc.locate_element(&m.shown, doc.child(0, "構成情報").unwrap_or(0)),
                            Text::new(
                                "標準形式の kousei.xml に署名情報（Signature）がありません",
                                "the 標準形式 kousei.xml has no 署名情報 (Signature)",
                            ),
                        ));
                    }
                    collect(&doc, &k, &m.shown, &mut forms, &mut attachments);
                }
            }
        }
        // 個別ファイル署名形式: each 構成情報XML lists its own form and is signed on its own.
        for m in &individual {
            if let Some(doc) = xml::parse(&m.bytes, &m.shown, sink) {
                let k = kousei::read(&doc, &m.shown, sink);
                collect(&doc, &k, &m.shown, &mut forms, &mut attachments);
            }
            if let Some(n) = m.name.rsplit('/').next() {
                handled.push(n);
            }
        }
        for (f, kousei_shown, loc) in &forms {
            if let Some(p) = procedure {
                let listed = p
                    .form
                    .iter()
                    .any(|pf| pf.id == f.form_id && Some(pf.version) == f.version_number());
                if !listed {
                    sink.push(Diagnostic::new(
                        &r::ZIP_FORM_MISMATCH,
                        loc.clone(),
                        Text::new(
                            format!(
                                "様式 {}（バージョン{}）は手続 {} の様式ではありません",
                                quote(&f.form_id),
                                quote(&f.version),
                                p.id
                            ),
                            format!(
                                "form {} version {} is not a form of procedure {}",
                                quote(&f.form_id),
                                quote(&f.version),
                                p.id
                            ),
                        ),
                    ));
                }
            }
            let Some(m) = self.file(&f.file) else {
                sink.push(Diagnostic::new(
                    &r::ZIP_MISSING_FORM,
                    loc.clone(),
                    Text::new(
                        format!(
                            "申請書ファイル「{}」がありません（{kousei_shown} に記載）",
                            quote_path(&f.file)
                        ),
                        format!(
                            "the form file `{}` listed in {kousei_shown} is missing",
                            quote_path(&f.file)
                        ),
                    ),
                ));
                continue;
            };
            handled.push(f.file.as_str());
            read_form(&m.bytes, &m.shown, Some(f), procedure, sink, steps);
        }
        for (name, loc) in &attachments {
            if handled.contains(&name.as_str()) || kousei::is_individual_name(name) {
                continue;
            }
            match self.file(name) {
                None => sink.push(Diagnostic::new(
                    &r::ZIP_MISSING_ATTACHMENT,
                    loc.clone(),
                    Text::new(
                        format!("添付ファイル「{}」がありません", quote_path(name)),
                        format!("the attachment `{}` is missing", quote_path(name)),
                    ),
                )),
                Some(m) => {
                    handled.push(name.as_str());
                    if walk::is_official_name(name) {
                        self.read_csv(m, name, sink, steps);
                    }
                }
            }
        }
        for (name, m) in &self.files {
            if handled.contains(name) || kousei::is_skeleton_name(name) {
                continue;
            }
            if kousei::is_form_name(name) {
                sink.push(Diagnostic::new(
                    &r::ZIP_UNLISTED_FORM,
                    Place::file(&m.shown),
                    Text::new(
                        format!(
                            "「{}」はどの申請書属性情報にも記載されていません（検査はします）",
                            quote_path(name)
                        ),
                        format!(
                            "`{}` is listed in no 申請書属性情報 (checked anyway)",
                            quote_path(name)
                        ),
                    ),
                ));
                read_form(&m.bytes, &m.shown, None, procedure, sink, steps);
                continue;
            }
            sink.push(Diagnostic::new(
                &r::ZIP_UNLISTED_FILE,
                Place::file(&m.shown),
                Text::new(
                    format!(
                        "「{}」は添付書類属性情報に記載されていません",
                        quote_path(name)
                    ),
                    format!("`{}` is not listed in 添付書類属性情報", quote_path(name)),
                ),
            ));
            if walk::is_official_name(name) {
                self.read_csv(m, name, sink, steps);
            }
        }
    }

    /// Folder name against 手続ID (ZIP016), and the procedure table (ZIP015).
    fn check_procedure(
        &self,
        doc: &Doc<'_>,
        k: &Kousei,
        shown: &str,
        sink: &mut Sink,
    ) -> Option<&'static Procedure> {
        if k.proc_id.is_empty() {
            return None;
        }
        let at = k.proc_element.unwrap_or(0);
        let bulk = self
            .folder
            .strip_prefix(k.proc_id.as_str())
            .is_some_and(|rest| {
                rest.is_empty()
                    || (rest.starts_with('(')
                        && rest.ends_with(')')
                        && rest.len() > 2
                        && rest[1..rest.len() - 1].bytes().all(|b| b.is_ascii_digit()))
            });
        if !bulk {
            sink.push(Diagnostic::new(
                &r::ZIP_FOLDER_NAME,
                doc.locate_element(shown, at),
                Text::new(
                    format!(
                        "フォルダ名「{}」が手続ID {} と一致しません",
                        quote_path(self.folder),
                        quote(&k.proc_id)
                    ),
                    format!(
                        "folder `{}` does not match 手続ID {}",
                        quote_path(self.folder),
                        quote(&k.proc_id)
                    ),
                ),
            ));
        }
        let p = egov::procedure(&k.proc_id);
        if p.is_none() {
            sink.push(Diagnostic::new(
                &r::ZIP_UNKNOWN_PROCEDURE,
                doc.locate_element(shown, at),
                Text::new(
                    format!(
                        "手続ID {} は手続表にありません（構造のみ検査しました）",
                        quote(&k.proc_id)
                    ),
                    format!(
                        "procedure {} is not in the procedure table (structure checked only)",
                        quote(&k.proc_id)
                    ),
                ),
            ));
        }
        p
    }
}

/// Adds what a kousei file lists to the application's lists, with the places to report at.
fn collect(
    doc: &Doc<'_>,
    k: &Kousei,
    shown: &str,
    forms: &mut Vec<(kousei::FormRef, String, Place)>,
    attachments: &mut Vec<(String, Place)>,
) {
    for f in &k.forms {
        forms.push((
            f.clone(),
            shown.to_string(),
            doc.locate_element(shown, f.element),
        ));
    }
    for a in &k.attachments {
        attachments.push((a.file.clone(), doc.locate_element(shown, a.element)));
    }
}

/// Reads one form XML into its record (when the table maps its 様式), the next step.
fn read_form(
    bytes: &[u8],
    shown: &str,
    listed: Option<&kousei::FormRef>,
    procedure: Option<&'static Procedure>,
    sink: &mut Sink,
    steps: &mut Vec<Step>,
) {
    // The parser's character findings come first; once the form is mapped they get their item.
    let parse_findings = sink.diagnostics.len();
    let Some(doc) = xml::parse(bytes, shown, sink) else {
        return;
    };
    let doc = &doc;
    let Some(id) = form::identify(doc, shown, sink) else {
        return;
    };
    let at = || doc.locate_element(shown, id.element.unwrap_or(0));
    if let Some(f) = listed {
        if f.form_id != id.id || f.version_number() != id.version_number() {
            sink.push(Diagnostic::new(
                &r::ZIP_FORM_MISMATCH,
                at(),
                Text::new(
                    format!(
                        "様式ID {}（バージョン{}）が kousei.xml の申請書属性情報（{}、バージョン{}）と一致しません",
                        quote(&id.id), quote(&id.version), quote(&f.form_id), quote(&f.version)
                    ),
                    format!(
                        "様式ID {} version {} does not match kousei.xml ({} version {})",
                        quote(&id.id), quote(&id.version), quote(&f.form_id), quote(&f.version)
                    ),
                ),
            ));
        }
    } else if let Some(p) = procedure {
        if !p
            .form
            .iter()
            .any(|pf| pf.id == id.id && Some(pf.version) == id.version_number())
        {
            sink.push(Diagnostic::new(
                &r::ZIP_FORM_MISMATCH,
                at(),
                Text::new(
                    format!(
                        "様式 {} は手続 {} の様式ではありません",
                        quote(&id.id),
                        p.id
                    ),
                    format!("form {} is not a form of procedure {}", quote(&id.id), p.id),
                ),
            ));
        }
    }
    let Some(map) = form::map_of(&id) else {
        if egov::form(&id.id).is_none() {
            sink.push(Diagnostic::new(
                &r::ZIP_FORM_MISMATCH,
                at(),
                Text::new(
                    format!(
                        "様式 {}（バージョン{}）は手続表にありません（項目は読みません）",
                        quote(&id.id),
                        quote(&id.version)
                    ),
                    format!(
                        "form {} version {} is not in the procedure table (its items are not read)",
                        quote(&id.id),
                        quote(&id.version)
                    ),
                ),
            ));
        }
        return;
    };
    let Some(read) = form::read(doc, shown, map, sink) else {
        return;
    };
    // The findings since the parse are about this form: those on an element the map knows get
    // its item, and the record once the form is numbered.
    let tied = sink
        .diagnostics
        .drain(parse_findings..)
        .map(|d| {
            let item = d
                .primary
                .xml_path()
                .and_then(|p| form::item_at(map, p))
                .and_then(|no| {
                    map.layout().map(|layout| ItemRef {
                        no,
                        name: layout.item(no).map(|i| i.name.as_str()),
                    })
                });
            (d, item)
        })
        .collect();
    flush(sink, steps);
    steps.push(Step::Form(Box::new(FormStep {
        record: read.record,
        path: shown.to_string(),
        tied,
        office: read.office,
        office_line: read.office_line,
        sharoushi: read.sharoushi,
    })));
}
