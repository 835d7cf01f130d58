//! Finding filing files: a file given by name, or a directory (a mounted CD) walked for them.

use std::path::{Path, PathBuf};

/// The official file names (without extension) of 電子媒体 filings.
pub const OFFICIAL_STEMS: &[&str] = &["SHFD0006", "KPFD0006"];

/// True when `name` is an official filing file name (`SHFD0006.CSV`, `KPFD0006.TXT`, any case).
pub fn is_official_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    OFFICIAL_STEMS.iter().any(|stem| {
        upper
            .strip_prefix(stem)
            .is_some_and(|ext| ext == ".CSV" || ext == ".TXT")
    })
}

/// Files of the 電子媒体 that are not filings but say something about the medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediumArtifact {
    /// `SHFD0006(CSV).ZIP` / `(TXT).ZIP`: encrypted by 媒体データパスワード設定プログラム.
    Encrypted,
    /// `*.JKK`: 届書作成プログラム's working file, which must not go on the medium.
    WorkingFile,
}

/// What a medium file that is not a filing is, by its name.
pub fn medium_artifact(name: &str) -> Option<MediumArtifact> {
    let upper = name.to_ascii_uppercase();
    let encrypted = OFFICIAL_STEMS.iter().any(|stem| {
        upper
            .strip_prefix(stem)
            .is_some_and(|rest| rest == "(CSV).ZIP" || rest == "(TXT).ZIP")
    });
    if encrypted {
        Some(MediumArtifact::Encrypted)
    } else if upper.ends_with(".JKK") {
        Some(MediumArtifact::WorkingFile)
    } else {
        None
    }
}

/// True for a file name that is an e-Gov package (`*.zip`, any case).
pub fn is_package_name(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("zip"))
}

/// True for an unpacked e-Gov application folder: it holds a `kousei.xml`.
pub fn is_package_folder(dir: &Path) -> bool {
    dir.join("kousei.xml").is_file()
}

/// True for a file that may be an OCR result: a `.jsonl` / `.json` file (an OCR export folder
/// also holds the scans and other JSON, so its content decides).
fn may_be_ocr(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".jsonl") || lower.ends_with(".json")
}

/// A file (or package folder) found for checking.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// The path of the file or folder.
    pub path: PathBuf,
    /// Found by its extension only (`.json`, `.jsonl`): an input only when its content is an
    /// OCR result, which is known once it is opened.
    pub if_ocr: bool,
}

/// The inputs to check under `root`: the file itself, or below a directory every official
/// filing file, every `.zip` package, every OCR result candidate and every package folder (a
/// folder holding `kousei.xml`, read as one input and not walked further), in a stable
/// (sorted) order. Directories that cannot be read are reported in `errors`.
pub fn filing_files(root: &Path, errors: &mut Vec<(PathBuf, std::io::Error)>) -> Vec<Found> {
    if !root.is_dir() || is_package_folder(root) {
        return vec![Found {
            path: root.to_path_buf(),
            if_ocr: false,
        }];
    }
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push((dir, e));
                continue;
            }
        };
        let mut here: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        here.sort();
        for p in here {
            // Symlinks are not followed: a CD has none, and following them could loop.
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() && is_package_folder(&p) {
                found.push(Found {
                    path: p,
                    if_ocr: false,
                });
            } else if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() {
                let Some(n) = p.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if is_official_name(n) || medium_artifact(n).is_some() || is_package_name(n) {
                    found.push(Found {
                        path: p,
                        if_ocr: false,
                    });
                } else if may_be_ocr(n) {
                    found.push(Found {
                        path: p,
                        if_ocr: true,
                    });
                }
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medium_artifacts() {
        assert_eq!(
            medium_artifact("SHFD0006(CSV).ZIP"),
            Some(MediumArtifact::Encrypted)
        );
        assert_eq!(
            medium_artifact("kpfd0006(txt).zip"),
            Some(MediumArtifact::Encrypted)
        );
        assert_eq!(
            medium_artifact("SHFD0006.JKK"),
            Some(MediumArtifact::WorkingFile)
        );
        assert_eq!(medium_artifact("pkg.zip"), None);
        assert_eq!(medium_artifact("SHFD0006.CSV"), None);
    }

    #[test]
    fn official_names() {
        assert!(is_official_name("SHFD0006.CSV"));
        assert!(is_official_name("kpfd0006.txt"));
        assert!(!is_official_name("SHFD0006.CSV.bak"));
        assert!(!is_official_name("SHFD0006(CSV).ZIP"));
        assert!(!is_official_name("取得届.csv"));
    }
}
