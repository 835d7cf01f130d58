//! The JSON Schema in schemas/ is a contract: every `convert --to json` output of the corpus must
//! satisfy it. A small validator for the subset of JSON Schema the file uses (type, const, enum,
//! required, properties, additionalProperties: false, items, oneOf, $ref) keeps the test free of
//! a heavy dependency; it fails on any keyword it does not know, so the schema cannot silently
//! outgrow it.

mod support;

use serde_json::Value;
use support::schema::validate;
use support::*;

#[test]
fn converted_filings_satisfy_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/todokede-filing-1.schema.json")).unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for file in [
        "testdata/shfd/valid/SHFD0006.CSV",
        "testdata/shfd/valid-old/SHFD0006.CSV",
        "testdata/shfd/other-forms/SHFD0006.CSV",
        "testdata/shfd/sharoushi/SHFD0006.CSV",
        "testdata/kpfd/valid/KPFD0006.CSV",
        "testdata/invalid/str004/comma-in-address/SHFD0006.CSV",
        "testdata/invalid/crt001/acq-2/SHFD0006.CSV",
    ] {
        let (filing, _) = read_filing(&root().join(file), &config("2024-12-10"));
        assert!(!filing.forms.is_empty(), "{file}: nothing read");
        let v = serde_json::to_value(&filing).unwrap();
        let mut errors = Vec::new();
        validate(&schema, &schema, &v, "", &mut errors);
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        checked += 1;
    }
    assert_eq!(checked, 7);
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/todokede-filing-1.schema.json")).unwrap(),
    )
    .unwrap();
    let (filing, _) = read_filing(
        &root().join("testdata/shfd/valid/SHFD0006.CSV"),
        &config("2024-12-10"),
    );
    let mut v = serde_json::to_value(&filing).unwrap();
    v["forms"][0]["persons"][0]["certificate_request"] = Value::String("maybe".into());
    v["forms"][0]["extra"] = Value::Bool(true);
    let mut errors = Vec::new();
    validate(&schema, &schema, &v, "", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn json_reports_satisfy_the_report_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/todokede-report-1.schema.json")).unwrap(),
    )
    .unwrap();
    // The whole corpus: every reader, every kind of finding, labels, pages and XML paths.
    let report = check_paths(&[root().join("testdata")], &config("2024-12-10"));
    assert!(report.diagnostics().len() > 200);
    for lang in [todokede::diag::Lang::Ja, todokede::diag::Lang::En] {
        let ctx = todokede::report::RenderContext { lang, color: false };
        let mut out = Vec::new();
        todokede::report::render(todokede::report::Format::Json, &report, &ctx, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let mut errors = Vec::new();
        validate(&schema, &schema, &v, "", &mut errors);
        assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(10)]);
    }
}
