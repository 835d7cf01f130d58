//! Embeds every layout in `schemas/layouts/` so the binary needs no data files at run time.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("schemas/layouts");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=schemas/forms.toml");
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("pub static LAYOUT_FILES: &[(&str, &str)] = &[\n");
    for n in &names {
        println!("cargo:rerun-if-changed=schemas/layouts/{n}");
        out.push_str(&format!(
            "    ({n:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/schemas/layouts/{n}\"))),\n"
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("layout_files.rs");
    fs::write(dest, out).expect("write layout_files.rs");
}
