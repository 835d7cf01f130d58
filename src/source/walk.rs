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

/// What [`filing_paths`] found in a folder given as the paths of its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoundPath {
    /// The file at this index of the paths; `if_ocr` as in [`Found`].
    File {
        /// Its index in the paths given.
        index: usize,
        /// An input only when its content is an OCR result.
        if_ocr: bool,
    },
    /// An unpacked e-Gov package folder (a folder holding `kousei.xml`), read as one input.
    Package {
        /// The folder, relative to the folder given (`""`: the folder given is the package).
        dir: String,
        /// The indices of every file below it, in walk order.
        files: Vec<usize>,
    },
}

/// Orders `/`-separated relative paths as the walk of a folder orders what it finds (as
/// [`Path`]s compare: component by component, so `a/b/x` comes before `a/b-c/x`).
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The inputs to check in a folder known only by its files' paths (`/`-separated, relative to
/// the folder): a folder picked or dropped in the browser, where there is no disk to walk. The
/// choice [`filing_files`] makes on disk, in its order: every official filing file, every
/// `.zip`, every OCR result candidate, and every package folder (the shallowest folder holding
/// a `kousei.xml`; the whole folder when it holds one itself) with all the files below it.
///
/// ```
/// use todokede::source::walk::{filing_paths, FoundPath};
/// let paths = ["CD/SHFD0006.CSV", "CD/scan.pdf", "CD/4950013521019000/kousei.xml",
///              "CD/4950013521019000/495013521019030837_01.xml", "CD/ocr.json"];
/// assert_eq!(filing_paths(&paths), vec![
///     FoundPath::Package { dir: "CD/4950013521019000".into(), files: vec![3, 2] },
///     FoundPath::File { index: 0, if_ocr: false },
///     FoundPath::File { index: 4, if_ocr: true },
/// ]);
/// ```
pub fn filing_paths<S: AsRef<str>>(paths: &[S]) -> Vec<FoundPath> {
    let path = |i: usize| paths.get(i).map_or("", |p| p.as_ref());
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by(|&a, &b| path_order(path(a), path(b)));
    // The folders that hold a kousei.xml themselves.
    let packages: std::collections::BTreeSet<&str> = paths
        .iter()
        .filter_map(|p| {
            let p = p.as_ref();
            if p == "kousei.xml" {
                Some("")
            } else {
                p.strip_suffix("/kousei.xml")
            }
        })
        .collect();
    if packages.contains("") {
        return vec![FoundPath::Package {
            dir: String::new(),
            files: order,
        }];
    }
    let mut found: Vec<FoundPath> = Vec::new();
    for i in order {
        let p = path(i);
        // The walk does not go into a package folder: the shallowest one is the input.
        let package = p
            .match_indices('/')
            .map(|(k, _)| p.get(..k).unwrap_or(""))
            .find(|dir| packages.contains(dir));
        if let Some(dir) = package {
            match found.last_mut() {
                Some(FoundPath::Package { dir: d, files }) if d.as_str() == dir => files.push(i),
                _ => found.push(FoundPath::Package {
                    dir: dir.to_string(),
                    files: vec![i],
                }),
            }
            continue;
        }
        let name = p.rsplit('/').next().unwrap_or(p);
        if is_official_name(name) || medium_artifact(name).is_some() || is_package_name(name) {
            found.push(FoundPath::File {
                index: i,
                if_ocr: false,
            });
        } else if may_be_ocr(name) {
            found.push(FoundPath::File {
                index: i,
                if_ocr: true,
            });
        }
    }
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
    #[test]
    fn paths_are_walked_as_a_folder_on_disk_is() {
        // The root is a package: one input, every file.
        let root = ["kousei.xml", "a_01.xml", "x/y.csv"];
        assert_eq!(
            filing_paths(&root),
            vec![FoundPath::Package {
                dir: String::new(),
                files: vec![1, 0, 2]
            }]
        );
        // Component order, as `Path` compares: `b/` before `b-c/`, a folder before its
        // neighbours that only share its name's start.
        let cd = [
            "cd/b-c/SHFD0006.CSV",
            "cd/b/SHFD0006.CSV",
            "cd/b/p/kousei.xml",
            "cd/b/p/q/kousei.xml",
            "cd/b/p.zip",
            "cd/notes.txt",
            "cd/KPFD0006.TXT",
            "cd/SHFD0006(CSV).ZIP",
            "cd/scan.JSON",
        ];
        assert_eq!(
            filing_paths(&cd),
            vec![
                FoundPath::File {
                    index: 6,
                    if_ocr: false
                },
                FoundPath::File {
                    index: 7,
                    if_ocr: false
                },
                FoundPath::File {
                    index: 1,
                    if_ocr: false
                },
                // The shallowest package folder holds the one inside it.
                FoundPath::Package {
                    dir: "cd/b/p".into(),
                    files: vec![2, 3]
                },
                FoundPath::File {
                    index: 4,
                    if_ocr: false
                },
                FoundPath::File {
                    index: 0,
                    if_ocr: false
                },
                FoundPath::File {
                    index: 8,
                    if_ocr: true
                },
            ]
        );
    }
}
