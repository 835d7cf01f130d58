//! The JSON Schema in schemas/ is a contract: every `convert --to json` output of the corpus must
//! satisfy it. A small validator for the subset of JSON Schema the file uses (type, const, enum,
//! required, properties, additionalProperties: false, items, oneOf, $ref) keeps the test free of
//! a heavy dependency; it fails on any keyword it does not know, so the schema cannot silently
//! outgrow it.

mod support;

use serde_json::Value;
use support::*;

fn resolve<'a>(root: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            &root["$defs"][name]
        }
        None => s,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn validate(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let s = resolve(root, schema);
    const KNOWN: &[&str] = &[
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "const",
        "enum",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "oneOf",
        "$ref",
        "$defs",
        "minimum",
        "format",
    ];
    for k in s
        .as_object()
        .map(|o| o.keys().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        assert!(
            KNOWN.contains(&k.as_str()),
            "schema keyword {k} not supported by this test"
        );
    }
    if let Some(t) = s.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(t, v),
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)),
            _ => false,
        };
        if !ok {
            errors.push(format!("{at}: type {t} expected, got {v}"));
            return;
        }
    }
    if let Some(c) = s.get("const") {
        if c != v {
            errors.push(format!("{at}: {c} expected"));
        }
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        if !e.contains(v) {
            errors.push(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let Some(Value::Array(alts)) = s.get("oneOf") {
        let passing = alts
            .iter()
            .filter(|alt| {
                let mut e = Vec::new();
                validate(root, alt, v, at, &mut e);
                e.is_empty()
            })
            .count();
        if passing != 1 {
            errors.push(format!("{at}: {passing} oneOf alternatives match"));
        }
    }
    if let (Some(obj), Some(props)) = (
        v.as_object(),
        s.get("properties").and_then(Value::as_object),
    ) {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = r.as_str() {
                if !obj.contains_key(r) {
                    errors.push(format!("{at}: missing {r}"));
                }
            }
        }
        for (k, val) in obj {
            match props.get(k) {
                Some(ps) => validate(root, ps, val, &format!("{at}/{k}"), errors),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected property {k}"))
                }
                None => {}
            }
        }
    }
    if let (Some(arr), Some(items)) = (v.as_array(), s.get("items")) {
        for (i, val) in arr.iter().enumerate() {
            validate(root, items, val, &format!("{at}/{i}"), errors);
        }
    }
}

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
