//! The module boundaries of docs/architecture.md, enforced: each top-level module of the
//! library may use only the modules listed for it. Readers know no rule, report or check flow;
//! rules know no reader; the model knows no rule, reader or report; reports know no reader and
//! no check flow; writers know no reader and no rule.
//!
//! Every `crate::…` path in a file counts (a `use`, a path in code, a doc link), comments aside.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What each library module may use (besides itself). Keep in step with docs/architecture.md.
const ALLOWED: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("layout", &["source"]),
    ("diag", &["layout", "source"]),
    ("model", &["diag", "layout", "source"]),
    ("read", &["diag", "layout", "model", "source"]),
    ("rules", &["diag", "layout", "model", "source"]),
    ("write", &["diag", "layout", "model", "source"]),
    ("convert", &["diag", "layout", "model", "source", "write"]),
    ("report", &["diag", "issuance", "platform", "source"]),
    (
        "issuance",
        &["convert", "diag", "layout", "model", "report", "source"],
    ),
    ("platform", &[]),
    // todokede.toml: check settings (rules' profile, readers' input kinds, OCR thresholds)
    // and the rule policy.
    ("config", &["diag", "model", "read", "rules"]),
    (
        "check",
        &[
            "diag", "layout", "model", "read", "report", "rules", "source",
        ],
    ),
];

/// The arrows the design forbids outright (docs/architecture.md), checked on their own so that a
/// change of the table above cannot quietly allow them.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("read", &["rules", "report", "check"]),
    ("rules", &["read"]),
    ("model", &["rules", "read", "report"]),
    ("report", &["read", "check"]),
    ("write", &["read", "rules"]),
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules `text` names through `crate::`, with the line of each.
fn uses(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::b, c};` (on one line; rustfmt keeps short groups there)
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let m: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    if !m.is_empty() {
                        out.push((m, n + 1));
                    }
                }
            } else {
                let m: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !m.is_empty() {
                    out.push((m, n + 1));
                }
            }
        }
    }
    out
}

/// The top-level module a file of `src/` belongs to (`read` for `src/read/csv/mod.rs`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn modules_use_only_what_the_architecture_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut wrong = Vec::new();
    let mut seen = 0;
    for f in &all {
        let Some(m) = module_of(&src, f) else {
            continue;
        };
        // The crate root and the binary (the command line) may use everything.
        if matches!(m.as_str(), "lib" | "main" | "cli") {
            continue;
        }
        let Some(may) = allowed.get(m.as_str()) else {
            wrong.push(format!(
                "{}: module `{m}` is not in the table of tests/imports.rs",
                f.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for (used, line) in uses(&text) {
            seen += 1;
            // Items at the crate root (`crate::Config`) are re-exports of the modules above.
            let module = allowed.contains_key(used.as_str()) || used == "cli";
            if used != m && module && !may.contains(&used.as_str()) {
                wrong.push(format!("{}:{line}: `{m}` uses `{used}`", f.display()));
            }
            let forbidden = FORBIDDEN
                .iter()
                .find(|(from, _)| *from == m)
                .is_some_and(|(_, to)| to.contains(&used.as_str()));
            if forbidden {
                wrong.push(format!(
                    "{}:{line}: `{m}` must never use `{used}`",
                    f.display()
                ));
            }
        }
    }
    assert!(seen > 100, "no imports found? {seen}");
    assert!(
        wrong.is_empty(),
        "imports the architecture forbids:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_sees_grouped_and_inline_paths() {
    let found: Vec<String> = uses(
        "use crate::{diag::Sink, model};\nlet x = crate::read::csv::read(); // crate::check\n",
    )
    .into_iter()
    .map(|(m, _)| m)
    .collect();
    assert_eq!(found, ["diag", "model", "read"]);
}

/// The command line is the binary's (`src/main.rs`, `src/cli/`): the library declares no `cli`
/// module and no library file uses clap, so no clap type reaches the library's API.
#[test]
fn the_library_has_no_command_line_types() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(
        !lib.lines()
            .any(|l| l.trim_start().starts_with("pub mod cli")
                || l.trim_start().starts_with("mod cli")),
        "src/lib.rs declares the cli module"
    );
    let main = std::fs::read_to_string(src.join("main.rs")).unwrap();
    assert!(main.contains("mod cli;"), "the binary owns the cli module");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut clap_users = Vec::new();
    let mut seen = 0;
    for f in &all {
        let m = module_of(&src, f).unwrap_or_default();
        if matches!(m.as_str(), "main" | "cli") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(f).unwrap();
        let code = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        if code.contains("clap::") || code.contains("use clap") {
            clap_users.push(f.display().to_string());
        }
    }
    assert!(seen > 50, "library files found: {seen}");
    assert!(
        clap_users.is_empty(),
        "library files using clap: {clap_users:?}"
    );
}

/// The table "What each module may use" of docs/architecture.md is the table above, row for row.
#[test]
fn the_architecture_page_shows_the_enforced_table() {
    let md =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let section = md
        .split("## What each module may use")
        .nth(1)
        .expect("docs/architecture.md has the section");
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in section
        .lines()
        .skip_while(|l| !l.starts_with("| module"))
        .skip(2)
    {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(module), Some(uses)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let mut uses: Vec<String> = uses
            .split(',')
            .map(|u| u.trim().trim_matches('`').to_string())
            .filter(|u| !u.is_empty() && u != "—")
            .collect();
        uses.sort();
        rows.insert(module.trim_matches('`').to_string(), uses);
    }
    let enforced: BTreeMap<String, Vec<String>> = ALLOWED
        .iter()
        .map(|(m, uses)| {
            let mut uses: Vec<String> = uses.iter().map(|u| u.to_string()).collect();
            uses.sort();
            (m.to_string(), uses)
        })
        .collect();
    assert_eq!(
        rows, enforced,
        "docs/architecture.md and tests/imports.rs disagree"
    );
}
