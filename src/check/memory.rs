//! A folder held in memory ([`Input::Folder`](super::Input::Folder): picked or dropped in the
//! browser), checked as [`check_root`](super::check_root) checks a folder on disk: the same
//! files are found ([`walk::filing_paths`]), in the same order, shown by the same paths, and a
//! package folder inside is read as one package.

use super::{check_entries, file_index, Config, Source};
use crate::diag::registry as r;
use crate::diag::{redact, Diagnostic, Place, Sink, Text};
use crate::model::Filing;
use crate::report::FileSummary;
use crate::source::walk::{self, FoundPath};

/// Every file of a folder, by its path below it.
pub(super) fn all(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(p, d)| (p.as_str(), d.as_slice()))
        .collect()
}

/// Checks the folder `name` holding `files`; its files join `summaries` in walk order.
pub(super) fn check_folder(
    name: &str,
    files: &[(String, Vec<u8>)],
    config: &Config,
    sink: &mut Sink,
    summaries: &mut Vec<FileSummary>,
    mut filings: Option<&mut Vec<Filing>>,
) {
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut checked: Vec<FileSummary> = Vec::new();
    for found in walk::filing_paths(&paths) {
        let index = file_index(summaries) + file_index(&checked);
        match found {
            FoundPath::File { index: i, if_ocr } => {
                let Some((path, data)) = files.get(i) else {
                    continue;
                };
                let shown_name = format!("{name}/{path}");
                let src = Source::Bytes {
                    name: &shown_name,
                    data,
                };
                checked.extend(check_entries(
                    src,
                    if_ocr,
                    index,
                    config,
                    sink,
                    filings.as_deref_mut(),
                ));
            }
            FoundPath::Package { dir, files: these } => {
                // The package's files by their path below the package folder.
                let members: Vec<(&str, &[u8])> = these
                    .iter()
                    .filter_map(|&i| files.get(i))
                    .filter_map(|(p, d)| Some((below(p, &dir)?, d.as_slice())))
                    .collect();
                let folder = if dir.is_empty() {
                    name.to_string()
                } else {
                    format!("{name}/{dir}")
                };
                let src = Source::Folder {
                    name: &folder,
                    files: &members,
                };
                checked.extend(check_entries(
                    src,
                    false,
                    index,
                    config,
                    sink,
                    filings.as_deref_mut(),
                ));
            }
        }
    }
    if checked.is_empty() {
        sink.push(Diagnostic::new(
            &r::STR_NO_FILES,
            Place::file(redact::name(name)),
            Text::new(
                "SHFD0006 / KPFD0006 ファイルも、e-GovパッケージもOCR結果（.jsonl / .json）も見つかりません",
                "no SHFD0006 / KPFD0006 file, no e-Gov package and no OCR result (.jsonl / .json) found",
            ),
        ));
    }
    summaries.extend(checked);
}

/// `path` below the folder `dir` (`""`: the folder itself); `None` when it is not below it.
pub(crate) fn below<'p>(path: &'p str, dir: &str) -> Option<&'p str> {
    if dir.is_empty() {
        Some(path)
    } else {
        path.strip_prefix(dir)?.strip_prefix('/')
    }
}
