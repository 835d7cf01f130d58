//! Generated documentation must match the registry.

#[test]
fn rules_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    let generated = todokede::rules::catalog::markdown();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn every_rule_is_documented_with_an_anchor() {
    let md = todokede::rules::catalog::markdown();
    for r in todokede::rules::registry::all() {
        assert!(md.contains(&format!("\n## {}\n", r.code)), "{}", r.code);
    }
}
