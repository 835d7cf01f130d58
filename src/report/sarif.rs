//! SARIF 2.1.0 for code-scanning uploads, valid against the OASIS schema (a test validates every
//! corpus report against `testdata/schemas/sarif-schema-2.1.0.json`).
//!
//! - Paths are URI references: relative to `%SRCROOT%` (the directory the run started in, given
//!   in `originalUriBaseIds`) when the file lies below it, `file:` URIs otherwise (`file:///D:/…`,
//!   see `platform`); percent-encoded per RFC 3986.
//! - A member of a ZIP is an artifact of its own whose `parentIndex` is the ZIP (`artifacts[]`),
//!   its URI the member's path inside the ZIP; results point at it by `index`.
//! - `partialFingerprints` are unique per finding and the same in every run (see `artifact`).
//! - At most [`MAX_RESULTS`] results (GitHub's limit per run); what is left out, floods that
//!   were summarised and files that could not be checked are `toolExecutionNotifications`.
//! - Columns are Unicode code points (`columnKind`); messages carry no personal numbers and no
//!   source snippets are embedded.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::artifact::{self, Fingerprints, Root};
use super::{RenderContext, Report};
use crate::diag::registry;
use crate::diag::{Diagnostic, Lang, Place, Severity};

/// GitHub code scanning accepts at most 25,000 results per run; more are refused, so the rest
/// are counted in a notification instead.
pub const MAX_RESULTS: usize = 25_000;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The artifacts of a run: every file checked and every ZIP member a finding names, each once.
struct Artifacts<'r> {
    root: Option<&'r Root>,
    list: Vec<Value>,
    /// Index by report path (`pkg.zip`, `pkg.zip!/p/k.xml`).
    index: HashMap<String, usize>,
}

impl<'r> Artifacts<'r> {
    fn new(root: Option<&'r Root>) -> Self {
        Artifacts {
            root,
            list: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The `artifactLocation` of the file on disk `outer`.
    fn outer_location(&self, outer: &str) -> Value {
        if artifact::is_relative(outer) {
            let rel = outer.strip_prefix("./").unwrap_or(outer);
            return json!({ "uri": crate::platform::path_uri(rel), "uriBaseId": "%SRCROOT%" });
        }
        match self.root.and_then(|r| r.relative(outer)) {
            Some(rel) => {
                json!({ "uri": crate::platform::encode_uri_path(&rel), "uriBaseId": "%SRCROOT%" })
            }
            None => json!({ "uri": crate::platform::path_uri(outer) }),
        }
    }

    /// The index of the artifact at report path `path`, adding it (and its parents) when new.
    fn of(&mut self, path: &str, analysed: bool) -> usize {
        if let Some(&i) = self.index.get(path) {
            return i;
        }
        let split = artifact::split(path);
        let mut parent: Option<usize> = None;
        let mut key = split.outer.to_string();
        let depth = split.members.len();
        for level in 0..=depth {
            if level > 0 {
                key.push_str("!/");
                key.push_str(split.members.get(level - 1).copied().unwrap_or(""));
            }
            let i = match self.index.get(&key) {
                Some(&i) => i,
                None => {
                    let location = if level == 0 {
                        self.outer_location(split.outer)
                    } else {
                        // A member's URI is its path inside its parent (SARIF §3.24.2).
                        let member = split.members.get(level - 1).copied().unwrap_or("");
                        json!({ "uri": format!("/{}", crate::platform::encode_uri_path(member)) })
                    };
                    let mut a = Map::new();
                    a.insert("location".into(), location);
                    if let Some(p) = parent {
                        a.insert("parentIndex".into(), json!(p));
                    }
                    if analysed && level == depth {
                        a.insert("roles".into(), json!(["analysisTarget"]));
                    }
                    self.list.push(Value::Object(a));
                    let i = self.list.len() - 1;
                    self.index.insert(key.clone(), i);
                    i
                }
            };
            parent = Some(i);
        }
        parent.unwrap_or(0)
    }

    /// The `artifactLocation` of a result at report path `path`: the artifact's own location
    /// and its index.
    fn location(&mut self, path: &str) -> Value {
        let i = self.of(path, false);
        let mut loc = self
            .list
            .get(i)
            .map_or(json!({}), |a| a["location"].clone());
        loc["index"] = json!(i);
        loc
    }
}

fn physical(place: &Place, artifacts: &mut Artifacts<'_>) -> Value {
    let f = place.fields();
    let mut region = Map::new();
    // Columns only with their line: a column alone means nothing to a viewer.
    if let Some(l) = f.span.line {
        region.insert("startLine".into(), json!(l));
        if let Some(c) = f.span.column {
            region.insert("startColumn".into(), json!(c));
        }
        if let Some(el) = f.span.end_line {
            region.insert("endLine".into(), json!(el));
            if let Some(c) = f.span.end_column {
                region.insert("endColumn".into(), json!(c));
            }
        }
    }
    if let (Some(s), Some(e)) = (f.span.byte_start, f.span.byte_end) {
        region.insert("byteOffset".into(), json!(s));
        region.insert("byteLength".into(), json!(e.saturating_sub(s)));
    }
    let mut p = json!({ "artifactLocation": artifacts.location(f.path) });
    if !region.is_empty() {
        p["region"] = Value::Object(region);
    }
    p
}

/// One SARIF result.
fn result(
    d: &Diagnostic,
    lang: Lang,
    artifacts: &mut Artifacts<'_>,
    fingerprints: &mut Fingerprints,
) -> Value {
    let mut logical = Vec::new();
    if let (Some(r), Some(i)) = (d.primary.record(), d.primary.item()) {
        let mut l =
            json!({ "fullyQualifiedName": format!("record[{r}]/item[{i}]"), "kind": "element" });
        if let Some(name) = d.primary.item_name() {
            l["name"] = json!(name);
        }
        logical.push(l);
    } else if let Some(x) = d.primary.xml_path() {
        logical.push(json!({ "fullyQualifiedName": x, "kind": "element" }));
    }
    let mut loc = json!({ "physicalLocation": physical(&d.primary, artifacts) });
    if !logical.is_empty() {
        loc["logicalLocations"] = Value::Array(logical);
    }
    let related: Vec<Value> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": i + 1,
                "physicalLocation": physical(&l.place, artifacts),
                "message": { "text": l.message.get(lang) },
            })
        })
        .collect();
    let mut res = json!({
        "ruleId": d.code(),
        "level": level(d.severity),
        "message": { "text": d.message_with_notes(lang) },
        "locations": [loc],
        "partialFingerprints": { "todokede/v1": fingerprints.of(d) },
    });
    if !related.is_empty() {
        res["relatedLocations"] = Value::Array(related);
    }
    res
}

fn notification(
    level: &str,
    text: String,
    path: Option<&str>,
    code: Option<&str>,
    artifacts: &mut Artifacts<'_>,
) -> Value {
    let mut n = json!({ "level": level, "message": { "text": text } });
    if let Some(p) = path {
        n["locations"] =
            json!([{ "physicalLocation": { "artifactLocation": artifacts.location(p) } }]);
    }
    if let Some(c) = code {
        n["associatedRule"] = json!({ "id": c });
    }
    n
}

/// What the results do not say: files not checked, floods summarised, findings beyond the
/// limits.
fn notifications(
    report: &Report,
    lang: Lang,
    shown: usize,
    artifacts: &mut Artifacts<'_>,
) -> Vec<Value> {
    let mut out = Vec::new();
    for f in report.files.iter().filter(|f| !f.checked) {
        let text = match lang {
            Lang::Ja => format!(
                "{}: 検査できませんでした（結果はこのファイルについて何も言っていません）",
                f.path
            ),
            Lang::En => format!(
                "{}: not checked (the results say nothing about this file)",
                f.path
            ),
        };
        out.push(notification("error", text, Some(&f.path), None, artifacts));
    }
    for o in &report.omitted {
        out.push(notification(
            level(o.severity),
            o.describe(lang),
            Some(&o.path),
            Some(o.code),
            artifacts,
        ));
    }
    let cut = report.diagnostics().len().saturating_sub(shown);
    if cut > 0 {
        let text = match lang {
            Lang::Ja => format!("結果は1回の実行につき{MAX_RESULTS}件までです（GitHubの上限）。ほかに{cut}件あります"),
            Lang::En => format!("{cut} more results not listed: at most {MAX_RESULTS} per run (GitHub's limit)"),
        };
        out.push(notification("warning", text, None, None, artifacts));
    }
    let dropped = report
        .summary
        .not_shown
        .saturating_sub(report.omitted.iter().map(|o| o.count).sum::<usize>());
    if dropped > 0 {
        let text = match lang {
            Lang::Ja => {
                format!("--max-diagnostics により{dropped}件は数えただけで記録していません")
            }
            Lang::En => format!("{dropped} findings counted but not kept (--max-diagnostics)"),
        };
        out.push(notification("warning", text, None, None, artifacts));
    }
    out
}

/// Writes `report` as SARIF 2.1.0.
pub fn render(report: &Report, ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let root = Root::current();
    let mut artifacts = Artifacts::new(root.as_ref());
    for f in &report.files {
        artifacts.of(&f.path, true);
    }
    let shown = report.diagnostics().len().min(MAX_RESULTS);
    let kept = report.diagnostics().get(..shown).unwrap_or_default();
    let used: BTreeSet<&str> = kept.iter().map(|d| d.code()).collect();
    let rules: Vec<Value> = registry::all()
        .iter()
        .filter(|r| used.contains(r.code))
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.summary(ctx.lang) },
                "fullDescription": { "text": r.why(ctx.lang) },
                "help": { "text": r.help(ctx.lang) },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let notes = notifications(report, ctx.lang, shown, &mut artifacts);
    let base = match &root {
        Some(r) => json!({ "uri": r.uri }),
        None => json!({ "description": { "text": "the directory todokede was run in" } }),
    };
    let mut invocation = json!({
        "executionSuccessful": report.files.iter().all(|f| f.checked),
    });
    if !notes.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notes);
    }
    // Written as it goes: each result is built as a small value and written before the next;
    // the artifacts (to which results add ZIP members) come after the results.
    let state = RefCell::new((artifacts, Fingerprints::default()));
    let doc = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": {
                "name": "todokede",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } }),
            invocations: [invocation],
            original_uri_base_ids: json!({ "%SRCROOT%": base }),
            column_kind: "unicodeCodePoints",
            results: Results {
                diagnostics: kept,
                lang: ctx.lang,
                state: &state,
            },
            artifacts: ArtifactList(&state),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[derive(serde::Serialize)]
struct Sarif<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

type State<'r> = RefCell<(Artifacts<'r>, Fingerprints)>;

#[derive(serde::Serialize)]
struct Run<'a> {
    tool: Value,
    invocations: [Value; 1],
    #[serde(rename = "originalUriBaseIds")]
    original_uri_base_ids: Value,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a>,
    artifacts: ArtifactList<'a>,
}

struct Results<'a> {
    diagnostics: &'a [Diagnostic],
    lang: Lang,
    state: &'a State<'a>,
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.diagnostics.len()))?;
        for d in self.diagnostics {
            let value = {
                let mut state = self.state.borrow_mut();
                let (artifacts, fingerprints) = &mut *state;
                result(d, self.lang, artifacts, fingerprints)
            };
            seq.serialize_element(&value)?;
        }
        seq.end()
    }
}

struct ArtifactList<'a>(&'a State<'a>);

impl serde::Serialize for ArtifactList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.0.borrow().0.list, s)
    }
}
