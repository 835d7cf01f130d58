//! Checking the embedded layouts (read from `schemas/` at build time) and indexing them, once.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Condition, Kind, Layout, RecognisedForm, Variant};

// `generated::{layout_files, header_files, recognised_forms}`: the files of `schemas/`, read at
// build time (build.rs) into the values parsing them would give.
include!(concat!(env!("OUT_DIR"), "/layouts.rs"));

/// A layout file that does not load or breaks the layout rules. Only tests and `todokede rules`
/// see these: a broken embedded file is a build defect, so lookups skip it rather than fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    /// The file (name without `.toml`).
    pub file: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

struct Registry {
    layouts: Vec<&'static Layout>,
    errors: Vec<LayoutError>,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(load_all)
}

/// Every layout that loaded, and the errors of those that did not.
pub fn all() -> (&'static [&'static Layout], &'static [LayoutError]) {
    let r = registry();
    (&r.layouts, &r.errors)
}

/// The layouts of the header records (`schemas/headers/`: 事業所情報), and the errors of those
/// that do not load.
fn headers() -> &'static (Vec<&'static Layout>, Vec<LayoutError>) {
    static HEADERS: OnceLock<(Vec<&'static Layout>, Vec<LayoutError>)> = OnceLock::new();
    HEADERS.get_or_init(|| {
        let mut layouts = Vec::new();
        let mut errors = Vec::new();
        for (file, parsed) in generated::header_files() {
            let loaded = parsed.and_then(|mut l| {
                l.name = file.trim_end_matches(".toml").to_string();
                l.build_index();
                validate_items(&l).map(|()| l)
            });
            match loaded {
                Ok(l) => layouts.push(&*Box::leak(Box::new(l))),
                Err(message) => errors.push(LayoutError {
                    file: (*file).to_string(),
                    message,
                }),
            }
        }
        (layouts, errors)
    })
}

/// The layout of a 事業所情報 record with `items` items (`office-shfd`: 12; `office-shfd-pre2019`:
/// 9), whose items are checked like a data record's.
pub fn office(items: usize) -> Option<&'static Layout> {
    headers().0.iter().copied().find(|l| l.items.len() == items)
}

/// The header-record layouts that loaded, and the errors of those that did not.
pub fn header_layouts() -> (&'static [&'static Layout], &'static [LayoutError]) {
    let h = headers();
    (&h.0, &h.1)
}

/// The layout for a record of `form` with `items` items in a file of `variant`. KPFD files use
/// the SHFD layout of a form when they have none of their own.
pub fn find(variant: Variant, form: &str, items: usize) -> Option<&'static Layout> {
    let layouts = &registry().layouts;
    let pick = |v: Variant| {
        layouts
            .iter()
            .copied()
            .find(|l| l.variant == v && l.form == form && l.items.len() == items)
    };
    pick(variant).or_else(|| pick(Variant::Shfd))
}

/// The layout of a file name without `.toml` (`2200700-2024-12`).
pub fn find_by_name(name: &str) -> Option<&'static Layout> {
    registry().layouts.iter().copied().find(|l| l.name == name)
}

/// True when some layout exists for `form`, whatever its item count, or the form is one of the
/// recognised forms without a layout.
pub fn knows_form(form: &str) -> bool {
    registry().layouts.iter().any(|l| l.form == form) || recognised(form).is_some()
}

fn recognised_forms() -> &'static [RecognisedForm] {
    static FORMS: OnceLock<Vec<RecognisedForm>> = OnceLock::new();
    FORMS.get_or_init(generated::recognised_forms)
}

/// The recognised form without a layout for `code`, if it is one.
pub fn recognised(code: &str) -> Option<&'static RecognisedForm> {
    recognised_forms().iter().find(|f| f.code == code)
}

/// The layouts of `form` for `variant` (then SHFD), newest first.
pub fn of_form(variant: Variant, form: &str) -> Vec<&'static Layout> {
    let mut v: Vec<&'static Layout> = registry()
        .layouts
        .iter()
        .copied()
        .filter(|l| l.form == form && (l.variant == variant || l.variant == Variant::Shfd))
        .collect();
    v.sort_by(|a, b| (b.variant == variant, &b.version).cmp(&(a.variant == variant, &a.version)));
    v
}

fn load_all() -> Registry {
    let mut parsed: HashMap<String, Layout> = HashMap::new();
    let mut errors = Vec::new();
    for (file, loaded) in generated::layout_files() {
        let name = file.trim_end_matches(".toml").to_string();
        match loaded {
            Ok(mut l) => {
                l.name = name.clone();
                parsed.insert(name, l);
            }
            Err(message) => errors.push(LayoutError {
                file: file.to_string(),
                message,
            }),
        }
    }
    // Resolve `base`: the base's items first, then this file's (replacing equal 項番).
    let names: Vec<String> = parsed.keys().cloned().collect();
    for name in &names {
        let Some(base) = parsed.get(name).and_then(|l| l.base.clone()) else {
            continue;
        };
        let Some(base_items) = parsed.get(&base).map(|b| b.items.clone()) else {
            errors.push(LayoutError {
                file: format!("{name}.toml"),
                message: format!("base layout {base:?} not found"),
            });
            parsed.remove(name);
            continue;
        };
        if let Some(l) = parsed.get_mut(name) {
            let own = std::mem::take(&mut l.items);
            let mut items = base_items;
            for it in own {
                match items.iter_mut().find(|b| b.no == it.no) {
                    Some(slot) => *slot = it,
                    None => items.push(it),
                }
            }
            items.sort_by_key(|i| i.no);
            l.items = items;
        }
    }
    let mut layouts = Vec::new();
    let mut sorted: Vec<(String, Layout)> = parsed.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, mut l) in sorted {
        l.build_index();
        match validate(&l) {
            Ok(()) => layouts.push(&*Box::leak(Box::new(l))),
            Err(message) => errors.push(LayoutError {
                file: format!("{name}.toml"),
                message,
            }),
        }
    }
    Registry { layouts, errors }
}

fn condition_items(c: &Condition, out: &mut Vec<u16>) {
    match c {
        Condition::All { all } => all.iter().for_each(|c| condition_items(c, out)),
        Condition::Present { item, .. } | Condition::In { item, .. } => out.push(*item),
        Condition::SlotPresent { .. } => {}
    }
}

/// The rules every layout file must keep (the loader relies on them).
fn validate(l: &Layout) -> Result<(), String> {
    validate_items(l)?;
    match l.items.first() {
        Some(first) if first.kind == Kind::Fixed && first.value.as_deref() == Some(&l.form) => {
            Ok(())
        }
        _ => Err("item 1 must be the fixed 様式コード".into()),
    }
}

/// The rules of a layout's items: numbered in order, conditions and eras naming real items,
/// every kind with what it needs.
fn validate_items(l: &Layout) -> Result<(), String> {
    if l.items.is_empty() {
        return Err("no items".into());
    }
    for (i, it) in l.items.iter().enumerate() {
        let expect = u16::try_from(i + 1).map_err(|_| "too many items".to_string())?;
        if it.no != expect {
            return Err(format!(
                "item {} out of order (expected 項番 {expect})",
                it.no
            ));
        }
        let mut refs: Vec<u16> = Vec::new();
        for c in it.required_when.iter().chain(&it.omitted_when) {
            condition_items(c, &mut refs);
        }
        refs.extend(it.era_item);
        for r in refs {
            if r == 0 || usize::from(r) > l.items.len() {
                return Err(format!("item {} refers to missing item {r}", it.no));
            }
        }
        match it.kind {
            Kind::Fixed if it.value.is_none() => {
                return Err(format!("item {}: fixed without value", it.no))
            }
            Kind::Code if it.codes.is_empty() => {
                return Err(format!("item {}: code without codes", it.no))
            }
            Kind::Era if it.eras.is_empty() => {
                return Err(format!("item {}: era without eras", it.no))
            }
            Kind::Date if it.era_item.is_none() => {
                return Err(format!("item {}: date without era_item", it.no))
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_forms_load_and_have_no_layout() {
        let forms = recognised_forms();
        assert!(forms.len() >= 7);
        for f in forms {
            assert!(
                !all().0.iter().any(|l| l.form == f.code),
                "{} has a layout now",
                f.code
            );
        }
    }

    #[test]
    fn every_layout_file_loads() {
        let (layouts, errors) = all();
        assert!(errors.is_empty(), "layout errors: {errors:#?}");
        assert_eq!(layouts.len(), generated::layout_files().len());
        let (headers, errors) = header_layouts();
        assert!(errors.is_empty(), "header layout errors: {errors:#?}");
        assert_eq!(headers.len(), generated::header_files().len());
        assert_eq!(office(12).map(|l| l.name.as_str()), Some("office-shfd"));
        assert_eq!(
            office(9).map(|l| l.name.as_str()),
            Some("office-shfd-pre2019")
        );
    }

    /// What build.rs wrote out is what parsing each file gives today (the files are read here,
    /// at test time, so a generator that drops or changes a field fails this).
    #[test]
    fn generated_layouts_are_the_parsed_files() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas");
        for (sub, generated) in [
            ("layouts", generated::layout_files()),
            ("headers", generated::header_files()),
        ] {
            let mut on_disk: Vec<String> = std::fs::read_dir(format!("{dir}/{sub}"))
                .unwrap()
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".toml"))
                .collect();
            on_disk.sort();
            let names: Vec<&str> = generated.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, on_disk, "{sub}");
            for (file, built) in &generated {
                let text = std::fs::read_to_string(format!("{dir}/{sub}/{file}")).unwrap();
                let parsed = toml::from_str::<Layout>(&text).map_err(|e| e.to_string());
                assert_eq!(format!("{built:?}"), format!("{parsed:?}"), "{sub}/{file}");
            }
        }
        #[derive(serde::Deserialize)]
        struct Forms {
            form: Vec<RecognisedForm>,
        }
        let text = std::fs::read_to_string(format!("{dir}/forms.toml")).unwrap();
        let parsed: Forms = toml::from_str(&text).unwrap();
        assert_eq!(
            format!("{:?}", generated::recognised_forms()),
            format!("{:?}", parsed.form)
        );
        assert!(!parsed.form.is_empty());
    }
}
