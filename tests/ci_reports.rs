//! The CI formats answer to their own validators: every SARIF report of the corpus is valid
//! against the OASIS SARIF 2.1.0 schema, every GitLab report against GitLab's documented
//! format (both in testdata/schemas/), JUnit is well-formed XML whose counts match the exit
//! code, and the facts each format's consumers rely on hold (unique fingerprints, relative
//! percent-encoded URIs, ZIP members as nested artifacts, GitHub's result limit).

mod support;

use std::collections::HashSet;
use std::path::PathBuf;

use serde_json::Value;
use support::*;
use todokede::diag::Lang;
use todokede::report::{self, Format, RenderContext};

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("testdata/schemas").join(name)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    // The OASIS file says draft-04 but uses `format: uri-reference`, which only draft-06 and
    // later define (a draft-04 validator ignores it); judged as draft-07, as the copy on
    // json.schemastore.org is, the URIs are checked too. Its `id` then goes unused (every
    // `$ref` is local).
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn errors_of(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn render(report: &todokede::Report, format: Format, lang: Lang) -> Vec<u8> {
    let ctx = RenderContext { lang, color: false };
    let mut out = Vec::new();
    report::render(format, report, &ctx, &mut out).unwrap();
    out
}

/// The whole corpus, read through a relative path (as CI jobs give them).
fn corpus() -> todokede::Report {
    check_paths(&[PathBuf::from("testdata")], &config("2024-12-10"))
}

#[test]
fn the_validators_judge() {
    // A validator that accepted anything would prove nothing: these must fail.
    let sarif = schema("sarif-schema-2.1.0.json");
    let bad = serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [{
            "message": { "text": "m" },
            "locations": [{
                "physicalLocation": { "artifactLocation": { "uri": "a b[1].csv" } },
                "logicalLocations": [{ "name": null }]
            }]
        }] }]
    });
    let errs = errors_of(&sarif, &bad);
    assert!(errs.iter().any(|e| e.contains("uri")), "{errs:?}");
    assert!(errs.len() >= 2, "{errs:?}");
    let gitlab = schema("gitlab-codequality.schema.json");
    let bad = serde_json::json!([{ "description": "d", "check_name": "X", "fingerprint": "f",
        "severity": "error", "location": { "path": "/abs/a.csv", "lines": { "begin": 0 } } }]);
    assert!(
        errors_of(&gitlab, &bad).len() >= 3,
        "{:?}",
        errors_of(&gitlab, &bad)
    );
}

#[test]
fn sarif_of_the_whole_corpus_is_valid_sarif() {
    let report = corpus();
    assert!(report.diagnostics().len() > 200);
    let v = schema("sarif-schema-2.1.0.json");
    for lang in [Lang::Ja, Lang::En] {
        let doc: Value = serde_json::from_slice(&render(&report, Format::Sarif, lang)).unwrap();
        let errs = errors_of(&v, &doc);
        assert!(errs.is_empty(), "{lang:?}: {errs:#?}");
    }
}

#[test]
fn sarif_facts_consumers_rely_on() {
    let report = corpus();
    let doc: Value = serde_json::from_slice(&render(&report, Format::Sarif, Lang::En)).unwrap();
    let run = &doc["runs"][0];
    let text = serde_json::to_string(&doc).unwrap();
    assert!(!text.contains(":null"), "a null in SARIF");
    // %SRCROOT% is the current directory, as an absolute file URI ending in a slash.
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    let artifacts = run["artifacts"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.diagnostics().len());
    let mut fingerprints = HashSet::new();
    for (res, d) in results.iter().zip(report.diagnostics()) {
        let fp = res["partialFingerprints"]["todokede/v1"].as_str().unwrap();
        assert!(
            fingerprints.insert(fp.to_string()),
            "fingerprint {fp} twice"
        );
        let loc = &res["locations"][0]["physicalLocation"];
        // A line wherever the finding has one.
        assert_eq!(
            loc["region"]["startLine"].as_u64(),
            d.primary.span().line.map(u64::from),
            "{}",
            d.primary.position()
        );
        let al = &loc["artifactLocation"];
        let i = al["index"].as_u64().unwrap() as usize;
        assert_eq!(artifacts[i]["location"]["uri"], al["uri"]);
        let uri = al["uri"].as_str().unwrap();
        assert!(
            uri.bytes().all(|b| b.is_ascii_graphic() && b != b'\\'),
            "unencoded URI {uri}"
        );
        if d.primary.path().contains("!/") {
            // A ZIP member: a nested artifact whose parent is the ZIP.
            let parent = artifacts[i]["parentIndex"].as_u64().unwrap() as usize;
            let zip = artifacts[parent]["location"]["uri"].as_str().unwrap();
            assert!(zip.to_ascii_lowercase().ends_with(".zip"), "{zip}");
            assert!(uri.starts_with('/') && !uri.contains('!'), "{uri}");
            assert_eq!(artifacts[parent]["location"]["uriBaseId"], "%SRCROOT%");
        } else {
            assert_eq!(al["uriBaseId"], "%SRCROOT%", "{uri}");
            assert!(uri.starts_with("testdata/"), "{uri}");
        }
    }
    // Non-ASCII names are percent-encoded UTF-8.
    let named = check_paths(
        &[PathBuf::from("testdata/invalid/str001/取得届.csv")],
        &config("2024-12-10"),
    );
    let doc: Value = serde_json::from_slice(&render(&named, Format::Sarif, Lang::En)).unwrap();
    assert_eq!(
        doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "testdata/invalid/str001/%E5%8F%96%E5%BE%97%E5%B1%8A.csv"
    );
    // Every file checked is an analysis target.
    assert!(artifacts
        .iter()
        .any(|a| a["roles"] == serde_json::json!(["analysisTarget"])));
    // The same run twice gives the same document.
    assert_eq!(
        render(&report, Format::Sarif, Lang::En),
        render(&corpus(), Format::Sarif, Lang::En)
    );
}

#[test]
fn sarif_keeps_to_githubs_limit_with_a_notification() {
    let (_dir, path) = write_temp("SHFD0006.CSV", b"");
    let mut report = check_paths(&[path], &config("2024-12-10"));
    let one = report.diagnostics()[0].clone();
    report.diagnostics = vec![one; 25_010];
    let doc: Value = serde_json::from_slice(&render(&report, Format::Sarif, Lang::En)).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 25_000);
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes.iter().any(|n| n["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("10 more results")),
        "{notes:?}"
    );
    assert!(errors_of(&schema("sarif-schema-2.1.0.json"), &doc).is_empty());
}

#[test]
fn gitlab_of_the_whole_corpus_is_valid() {
    let report = corpus();
    let v = schema("gitlab-codequality.schema.json");
    for lang in [Lang::Ja, Lang::En] {
        let doc: Value = serde_json::from_slice(&render(&report, Format::Gitlab, lang)).unwrap();
        let errs = errors_of(&v, &doc);
        assert!(errs.is_empty(), "{lang:?}: {errs:#?}");
        let issues = doc.as_array().unwrap();
        // The findings, then an issue per flood summarised (tests/bounds.rs).
        assert_eq!(
            issues.len(),
            report.diagnostics().len() + report.omitted.len()
        );
        let unique: HashSet<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(unique.len(), issues.len(), "fingerprints shared");
        let unchecked: HashSet<&str> = report
            .files
            .iter()
            .filter(|f| !f.checked)
            .map(|f| f.path.as_str())
            .collect();
        assert!(
            !unchecked.is_empty(),
            "the corpus has a file not checked (str021)"
        );
        for (i, d) in issues.iter().zip(report.diagnostics()) {
            let error = d.severity == todokede::diag::Severity::Error;
            let want = match d.severity {
                // Nothing in a file that could not be checked was judged.
                _ if error && unchecked.contains(d.primary.path()) => "critical",
                todokede::diag::Severity::Error => "major",
                todokede::diag::Severity::Warning => "minor",
                todokede::diag::Severity::Info => "info",
            };
            assert_eq!(i["severity"], want);
            assert_eq!(i["check_name"], d.code());
            // ZIP members are placed on their ZIP, which is a file of the repository.
            assert!(!i["location"]["path"].as_str().unwrap().contains("!/"));
        }
    }
}

#[test]
fn json_lines_is_one_diagnostic_per_line() {
    let report = check_paths(&[PathBuf::from("testdata/invalid")], &config("2024-12-10"));
    let out = String::from_utf8(render(&report, Format::JsonLines, Lang::En)).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    // The findings, then the summary.
    assert_eq!(lines.len(), report.diagnostics().len() + 1);
    for (l, d) in lines.iter().zip(report.diagnostics()) {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["code"], d.code());
        assert_eq!(v["path"], d.primary.path());
    }
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(last["summary"]["errors"], report.summary.errors);
    assert_eq!(last["summary"]["files"], report.files.len());
}

#[test]
fn concise_is_one_line_per_finding() {
    let report = check_paths(
        &[PathBuf::from("testdata/invalid/myn002")],
        &config("2024-12-10"),
    );
    let out = String::from_utf8(render(&report, Format::Concise, Lang::En)).unwrap();
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("testdata/invalid/myn002/SHFD0006.CSV:6:55: MYN002 "),
        "{first}"
    );
    assert!(!out.contains("123456789"));
    assert_eq!(
        out.lines().count(),
        report.diagnostics().len() + report.omitted.len() + 1
    );
}

/// Attribute `name` of the first element `tag` in `xml` (a test-sized reader, enough for the
/// flat JUnit documents; well-formedness is checked by quick-xml).
fn attr(xml: &str, tag: &str, name: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag.as_bytes() => {
                return e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == name.as_bytes())
                    .map(|a| a.unescape_value().unwrap().into_owned());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn well_formed(xml: &str) {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    loop {
        match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("JUnit is not well-formed XML: {e}\n{xml}"),
        }
    }
}

#[test]
fn junit_failures_match_the_exit_code() {
    for case in [
        "testdata/invalid/myn002",
        "testdata/shfd/valid",
        "testdata/invalid",
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
            .args([
                "check",
                "--received-on",
                "2024-12-10",
                "--format",
                "junit",
                case,
            ])
            .output()
            .unwrap();
        let xml = String::from_utf8(out.stdout).unwrap();
        well_formed(&xml);
        let failures: usize = attr(&xml, "testsuite", "failures")
            .unwrap()
            .parse()
            .unwrap();
        let errors: usize = attr(&xml, "testsuite", "errors").unwrap().parse().unwrap();
        let code = out.status.code().unwrap();
        assert_eq!(
            code == 1,
            failures > 0 && errors == 0,
            "{case}: exit {code}, {failures} failures"
        );
        assert_eq!(code == 2, errors > 0, "{case}");
        assert_eq!(
            xml.matches("<failure ").count(),
            failures,
            "{case}: one failure element per failing file"
        );
        assert!(attr(&xml, "testcase", "file").is_some());
        assert!(attr(&xml, "testcase", "time")
            .unwrap()
            .parse::<f64>()
            .is_ok());
    }
}

#[test]
fn junit_escapes_paths_and_counts_findings_outside_files() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a&b \"<c>\"");
    std::fs::create_dir(&odd).unwrap();
    // A folder with nothing to check: an error that belongs to no file.
    let report = check_paths(std::slice::from_ref(&odd), &config("2024-12-10"));
    assert!(report.has_errors());
    let xml = String::from_utf8(render(&report, Format::Junit, Lang::En)).unwrap();
    well_formed(&xml);
    assert_eq!(attr(&xml, "testsuite", "failures").as_deref(), Some("1"));
    assert_eq!(
        attr(&xml, "testcase", "name").as_deref(),
        Some(todokede::diag::redact::path(&odd).as_str())
    );
}

#[test]
fn statistics_count_every_finding_most_frequent_first() {
    let report = corpus();
    let counts = todokede::report::statistics::counts(&report);
    assert_eq!(
        counts.iter().map(|c| c.count).sum::<usize>(),
        report.summary.total()
    );
    assert!(counts.windows(2).all(|w| w[0].count >= w[1].count));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_todokede"))
        .args([
            "check",
            "--received-on",
            "2024-12-10",
            "--statistics",
            "--lang",
            "en",
        ])
        .arg("testdata/invalid/myn002")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().contains("MYN002"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sarif_rules_are_described_in_the_runs_language() {
    let report = corpus();
    for lang in [Lang::Ja, Lang::En] {
        let sarif: Value = serde_json::from_slice(&render(&report, Format::Sarif, lang)).unwrap();
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert!(!rules.is_empty());
        for rule in rules {
            let id = rule["id"].as_str().unwrap();
            let r = todokede::diag::registry::find(id).unwrap();
            assert_eq!(
                rule["fullDescription"]["text"],
                r.why(lang),
                "{id} {lang:?}"
            );
            assert_eq!(
                rule["shortDescription"]["text"],
                r.summary(lang),
                "{id} {lang:?}"
            );
        }
    }
}
