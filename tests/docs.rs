//! Generated documentation must match the registry.

#[test]
fn rules_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let generated = todokede::diag::registry::catalog::markdown();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn every_rule_is_documented_with_an_anchor() {
    let md = todokede::diag::registry::catalog::markdown();
    for r in todokede::diag::registry::all() {
        assert!(md.contains(&format!("\n## {}\n", r.code)), "{}", r.code);
    }
}

/// Every field example in docs/formats/ocr-fields.md is read without a format finding, so the
/// page written for OCR vendors cannot drift from the reader.
#[test]
fn ocr_fields_examples_are_accepted() {
    let md = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/formats/ocr-fields.md"
    ))
    .unwrap();
    let header =
        r#"{"kind":"document","schema":"ocr-fields/1","form":"2200700","form_version":"2024-12"}"#;
    let examples: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with(r#"{"kind":"field""#))
        .collect();
    assert!(examples.len() >= 10, "{}", examples.len());
    for e in examples {
        let text = format!("{header}\n{e}\n");
        let mut sink = todokede::diag::Sink::new(None);
        let sheet = todokede::read::ocr::jsonl::read(text.as_bytes(), "doc", &mut sink);
        assert!(sheet.is_some_and(|s| s.fields.len() == 1), "{e}");
        let format_codes = ["OCR001", "OCR002", "OCR003", "OCR013"];
        assert!(
            sink.diagnostics
                .iter()
                .all(|d| !format_codes.contains(&d.code())),
            "{e}: {:?}",
            sink.diagnostics
        );
    }
    let headers = md
        .lines()
        .filter(|l| l.starts_with(r#"{"kind":"document""#));
    for h in headers {
        let mut sink = todokede::diag::Sink::new(None);
        let sheet = todokede::read::ocr::jsonl::read(h.as_bytes(), "doc", &mut sink);
        assert!(
            sheet.is_some() && sink.total() == 0,
            "{h}: {:?}",
            sink.diagnostics
        );
    }
}
