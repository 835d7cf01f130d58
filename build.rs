//! Embeds every layout in `schemas/layouts/` (and the header records' in `schemas/headers/`) and
//! every e-Gov element map in `schemas/egov/forms/` so the binary needs no data files at run time.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=schemas/forms.toml");
    println!("cargo:rerun-if-changed=schemas/egov/procedures.toml");
    embed("schemas/layouts", "LAYOUT_FILES", "layout_files.rs");
    embed("schemas/headers", "HEADER_FILES", "header_files.rs");
    embed(
        "schemas/egov/forms",
        "EGOV_FORM_FILES",
        "egov_form_files.rs",
    );
}

/// Writes `OUT_DIR/out`: a static `name` of (file name, contents) for every `.toml` in `dir`.
fn embed(dir: &str, name: &str, out_name: &str) {
    let dir = Path::new(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = format!(
        "/// Every `.toml` file of `{}`: (file name, contents).\npub static {name}: &[(&str, &str)] = &[\n",
        dir.display()
    );
    for n in &names {
        let file = format!("{}/{n}", dir.display());
        println!("cargo:rerun-if-changed={file}");
        out.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{file}\"))),\n"
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join(out_name);
    fs::write(dest, out).expect("write the embedded file list");
}
