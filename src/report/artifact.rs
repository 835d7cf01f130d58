//! Where a report path lives, for the CI formats (SARIF, GitLab): relative to the directory the
//! run started in when it is below it, the members of a ZIP apart from the ZIP, and a stable
//! fingerprint for each finding.
//!
//! Report paths are the shown paths (`pkg.zip!/4950013521019000/kousei.xml`, already redacted):
//! the outer file, then the members of packages after each `!/`.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Omitted};

/// A report path split into the file on disk and the members inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The file on disk, as shown (`testdata/pkg.zip`, `D:\pkg.zip`).
    pub outer: &'a str,
    /// The members, outermost first (`4950013521019000/kousei.xml`).
    pub members: Vec<&'a str>,
}

/// Splits a report path at its `!/` separators.
pub fn split(path: &str) -> Split<'_> {
    let mut parts = path.split("!/");
    let outer = parts.next().unwrap_or("");
    Split {
        outer,
        members: parts.collect(),
    }
}

/// The directory a run's relative paths are relative to, as shown in reports (redacted like
/// every path) and as an absolute `file:` URI ending in `/` (SARIF's `%SRCROOT%`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// The directory as shown (no trailing separator).
    pub shown: String,
    /// Its `file:` URI with a trailing `/`.
    pub uri: String,
}

impl Root {
    /// The current directory (`None` when it cannot be read).
    pub fn current() -> Option<Root> {
        let dir = std::env::current_dir().ok()?;
        Some(Root::of(&dir))
    }

    /// The root at `dir` (absolute).
    pub fn of(dir: &std::path::Path) -> Root {
        let shown = crate::diag::redact::path(dir);
        let shown = shown.trim_end_matches(['/', '\\']).to_string();
        let mut uri = crate::platform::path_uri(&shown);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        Root { shown, uri }
    }

    /// `outer` relative to this root when it lies below it (with `/` separators), else `None`.
    pub fn relative(&self, outer: &str) -> Option<String> {
        let rest = outer.strip_prefix(self.shown.as_str())?;
        let rest = rest.strip_prefix(['/', '\\'])?;
        Some(separators(rest))
    }
}

/// `\` as `/` on Windows (where both separate); unchanged elsewhere.
fn separators(p: &str) -> String {
    if crate::platform::NATIVE == crate::platform::PathStyle::Windows {
        p.replace('\\', "/")
    } else {
        p.to_string()
    }
}

/// True when `outer` is a relative path (it is then relative to the current directory).
pub fn is_relative(outer: &str) -> bool {
    let p = std::path::Path::new(outer);
    p.is_relative() && !crate::platform::is_drive_relative(outer, crate::platform::NATIVE)
}

/// The path of the file on disk for a repository-relative report (GitLab): relative to `root`
/// when below it, relative as given, else as shown; `/` separators.
pub fn repository_path(outer: &str, root: Option<&Root>) -> String {
    if is_relative(outer) {
        let p = separators(outer);
        return p.strip_prefix("./").map(str::to_string).unwrap_or(p);
    }
    root.and_then(|r| r.relative(outer))
        .unwrap_or_else(|| separators(outer))
}

/// 64-bit FNV-1a: a hash whose value is fixed by its definition, so that fingerprints stay the
/// same across runs, machines and Rust versions (the standard library's hasher promises none of
/// that).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator that no part contains, so that ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Fingerprints of the findings of one report: the same finding in the same place gets the same
/// fingerprint in every run, and no two findings of a report share one (a second finding of the
/// same code at the same place gets the next occurrence number).
#[derive(Debug, Default)]
pub struct Fingerprints {
    seen: HashMap<u64, u32>,
}

impl Fingerprints {
    /// The fingerprint of `d`: its code and where it is (the path, record, 項番, XML path, page,
    /// line, column and bytes), then `:n` for its occurrence among findings with the same key.
    pub fn of(&mut self, d: &Diagnostic) -> String {
        let f = d.primary.fields();
        let num = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let parts: [String; 8] = [
            num(f.record.map(u64::from)),
            num(f.item.map(u64::from)),
            f.xml_path.unwrap_or("").to_string(),
            num(f.page.map(u64::from)),
            num(f.span.line.map(u64::from)),
            num(f.span.column.map(u64::from)),
            num(f.span.byte_start),
            num(f.span.byte_end),
        ];
        // The path as a URI: the same on every platform for the same relative path.
        let path = crate::platform::path_uri(f.path);
        let mut all: Vec<&[u8]> = vec![d.code().as_bytes(), path.as_bytes()];
        all.extend(parts.iter().map(|p| p.as_bytes()));
        let key = fnv1a(&all);
        let n = self.seen.entry(key).or_insert(0);
        *n += 1;
        format!("{}:{n}", letters(key))
    }
}

impl Fingerprints {
    /// The fingerprint of a flood summarised (`o`, one per file and code): `omitted`, its code
    /// and file — the same in every run — and, like every fingerprint, unique in its report.
    pub fn of_omitted(&mut self, o: &Omitted) -> String {
        let path = crate::platform::path_uri(&o.path);
        let key = fnv1a(&[b"omitted", o.code.as_bytes(), path.as_bytes()]);
        let n = self.seen.entry(key).or_insert(0);
        *n += 1;
        format!("{}:{n}", letters(key))
    }
}

/// `v` in letters only (14 of `a`–`z`): a fingerprint must not read as a run of digits, which
/// reports never show (hex would, now and then, and the corpus test would rightly fail).
fn letters(mut v: u64) -> String {
    let mut s = [b'a'; 14];
    for c in s.iter_mut().rev() {
        *c = b'a' + (v % 26) as u8;
        v /= 26;
    }
    String::from_utf8_lossy(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::registry as r;
    use crate::diag::{Place, PlaceKind, Span, Text};

    fn at(code: &'static crate::diag::registry::Rule, path: &str, line: u32) -> Diagnostic {
        Diagnostic::new(
            code,
            Place::at(PlaceKind::Csv, path, Span::line(line)),
            Text::new("x", "x"),
        )
    }

    #[test]
    fn splits_members() {
        assert_eq!(
            split("a/pkg.zip!/p/k.xml"),
            Split {
                outer: "a/pkg.zip",
                members: vec!["p/k.xml"]
            }
        );
        assert_eq!(split("SHFD0006.CSV").members.len(), 0);
    }

    #[test]
    fn fingerprints_are_stable_and_unique() {
        let a = at(&r::MYN_CHECK_DIGIT, "x/SHFD0006.CSV", 6);
        let b = at(&r::MYN_CHECK_DIGIT, "x/SHFD0006.CSV", 7);
        let mut f = Fingerprints::default();
        let (fa, fb, fa2) = (f.of(&a), f.of(&b), f.of(&a));
        assert_ne!(fa, fb);
        assert_ne!(fa, fa2, "the same finding twice is two findings");
        assert!(fa2.ends_with(":2"));
        // Another run gives the same values.
        let mut g = Fingerprints::default();
        assert_eq!((g.of(&a), g.of(&b)), (fa, fb));
        // The value is the definition's, not the machine's.
        assert_eq!(fnv1a(&[b"a"]), fnv1a(&[b"a"]));
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }

    #[test]
    fn relative_to_the_root() {
        let root = Root {
            shown: "/home/k/work".into(),
            uri: "file:///home/k/work/".into(),
        };
        if crate::platform::NATIVE == crate::platform::PathStyle::Unix {
            assert_eq!(
                root.relative("/home/k/work/a/b.csv").as_deref(),
                Some("a/b.csv")
            );
            assert_eq!(root.relative("/home/k/workshop/b.csv"), None);
            assert_eq!(
                repository_path("/elsewhere/b.csv", Some(&root)),
                "/elsewhere/b.csv"
            );
            assert_eq!(repository_path("./a/b.csv", Some(&root)), "a/b.csv");
        }
    }
}
