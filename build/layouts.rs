//! The layout files read at build time and written out as Rust that builds the same values, so
//! that a run starts without parsing TOML (a one-record check took 12–20 ms, half of it here).
//!
//! The writers destructure every struct completely: a field added to a layout type does not
//! compile here until it is written out too.

use std::fmt::Write;

use super::types::{Condition, Item, Layout, RecognisedForm};

/// Rust source of `value`.
pub trait Emit {
    fn emit(&self, out: &mut String);
}

impl Emit for String {
    fn emit(&self, out: &mut String) {
        // `{:?}` of a str is a valid Rust string literal (quotes and escapes).
        let _ = write!(out, "s({self:?})");
    }
}

impl Emit for bool {
    fn emit(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

macro_rules! emit_int {
    ($($t:ty),*) => {$(
        impl Emit for $t {
            fn emit(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
emit_int!(u8, u16);

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut String) {
        match self {
            Some(v) => {
                out.push_str("Some(");
                v.emit(out);
                out.push(')');
            }
            None => out.push_str("None"),
        }
    }
}

impl<T: Emit> Emit for Vec<T> {
    fn emit(&self, out: &mut String) {
        out.push_str("vec![");
        for v in self {
            v.emit(out);
            out.push(',');
        }
        out.push(']');
    }
}

/// Unit-only enums: their `Debug` is the variant's name.
macro_rules! emit_enum {
    ($($t:ident),*) => {$(
        impl Emit for super::types::$t {
            fn emit(&self, out: &mut String) {
                let _ = write!(out, "{}::{:?}", stringify!($t), self);
            }
        }
    )*};
}
emit_enum!(ModelKind, Depth, Variant, Kind, Slot, Role, Sensitive);

impl Emit for Condition {
    fn emit(&self, out: &mut String) {
        match self {
            Condition::All { all } => {
                out.push_str("Condition::All { all: ");
                all.emit(out);
                out.push_str(" }");
            }
            Condition::Present { item, present } => {
                let _ = write!(
                    out,
                    "Condition::Present {{ item: {item}, present: {present} }}"
                );
            }
            Condition::In { item, r#in } => {
                let _ = write!(out, "Condition::In {{ item: {item}, r#in: ");
                r#in.emit(out);
                out.push_str(" }");
            }
            Condition::SlotPresent { slot_present } => {
                let _ = write!(
                    out,
                    "Condition::SlotPresent {{ slot_present: {slot_present} }}"
                );
            }
        }
    }
}

/// Writes `name: value,` for each field.
macro_rules! fields {
    ($out:ident; $($name:ident),*) => {$(
        $out.push_str(concat!(stringify!($name), ": "));
        $name.emit($out);
        $out.push_str(",\n");
    )*};
}

impl Emit for Item {
    fn emit(&self, out: &mut String) {
        let Item {
            no,
            name,
            name_en,
            kind,
            value,
            max_bytes,
            min_len,
            max_len,
            not_all_zero,
            codes,
            exclude,
            eras,
            era_item,
            not_after_received,
            required,
            required_when,
            omitted_when,
            slot,
            role,
            sensitive,
            packed_codes: _,
        } = self;
        out.push_str("Item {\n");
        fields!(out; no, name, name_en, kind, value, max_bytes, min_len, max_len, not_all_zero,
            codes, exclude, eras, era_item, not_after_received, required, required_when,
            omitted_when, slot, role, sensitive);
        // Derived by the loader.
        out.push_str("packed_codes: None,\n}");
    }
}

impl Emit for Layout {
    fn emit(&self, out: &mut String) {
        let Layout {
            form,
            version,
            title,
            title_en,
            model,
            depth,
            old_format,
            variant,
            source,
            base,
            items,
            name: _,
            index: _,
        } = self;
        out.push_str("Layout {\n");
        fields!(out; form, version, title, title_en, model, depth, old_format, variant, source,
            base, items);
        // Set by the loader.
        out.push_str("name: String::new(),\nindex: LayoutIndex::default(),\n}");
    }
}

impl Emit for RecognisedForm {
    fn emit(&self, out: &mut String) {
        let RecognisedForm {
            code,
            title,
            title_en,
        } = self;
        out.push_str("RecognisedForm {\n");
        fields!(out; code, title, title_en);
        out.push('}');
    }
}

/// A function `name` returning every file of `files` as (file name, layout or the parse
/// error's text), in file-name order.
pub fn layouts_fn(name: &str, files: &[(String, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "pub fn {name}() -> Vec<(&'static str, Result<Layout, String>)> {{\nvec!["
    );
    for (file, text) in files {
        let _ = write!(out, "({file:?}, ");
        match toml::from_str::<Layout>(text) {
            Ok(l) => {
                out.push_str("Ok(");
                l.emit(&mut out);
                out.push(')');
            }
            Err(e) => {
                println!("cargo:warning=schemas: {file}: {e}");
                let _ = write!(out, "Err(String::from({:?}))", e.to_string());
            }
        }
        out.push_str("),\n");
    }
    out.push_str("]\n}\n");
    out
}

#[derive(serde::Deserialize)]
struct RecognisedForms {
    form: Vec<RecognisedForm>,
}

/// A function `name` returning the recognised forms of `text` (`schemas/forms.toml`).
pub fn forms_fn(name: &str, text: &str) -> String {
    let forms = match toml::from_str::<RecognisedForms>(text) {
        Ok(f) => f.form,
        Err(e) => panic!("schemas/forms.toml: {e}"),
    };
    let mut out = format!("pub fn {name}() -> Vec<RecognisedForm> {{\n");
    forms.emit(&mut out);
    out.push_str("\n}\n");
    out
}
