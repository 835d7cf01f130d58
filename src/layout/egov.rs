//! The e-Gov tables: procedures (`schemas/egov/procedures.toml`: 手続ID → 様式ID → version) and
//! one element map per form version (`schemas/egov/forms/*.toml`: element → 項番 of the form's
//! CSV layout). Both are embedded at build time and parsed once; see docs/formats.md (e-Gov).

use std::sync::OnceLock;

use serde::Deserialize;

use super::Layout;

include!(concat!(env!("OUT_DIR"), "/egov_form_files.rs"));

/// The 事業所情報 item (SHFD order) of the 事業所記号: a カナ value (全角 in XML, 半角 in the model).
pub const OFFICE_SYMBOL: u16 = 3;

/// The most entries (files and folders) a package may have: the reader refuses more, and the
/// writer splits a larger filing into packages within it.
pub const MAX_PACKAGE_ENTRIES: usize = 1000;

/// One e-Gov procedure (手続).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// 手続ID, 16 characters.
    pub id: String,
    /// 手続名称.
    pub name: String,
    /// The period the procedure belongs to (`2019-05`, `2024-12`).
    pub revision: String,
    /// True for the procedure `convert --to egov` writes for its forms' layouts.
    #[serde(default)]
    pub write: bool,
    /// The forms (様式) the procedure takes.
    pub form: Vec<ProcedureForm>,
}

/// A form (様式) of a procedure, as kousei.xml lists it in 申請書属性情報.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureForm {
    /// 様式ID, 18 digits.
    pub id: String,
    /// 様式バージョン, compared as a number (`1` = `0001`).
    pub version: u16,
    /// 申請書様式名称.
    pub name: String,
    /// The element map (file in `schemas/egov/forms/` without `.toml`); `None` for forms without
    /// a CSV counterpart (証明書).
    #[serde(default)]
    pub map: Option<String>,
}

#[derive(Deserialize)]
struct Procedures {
    procedure: Vec<Procedure>,
}

/// How an element's children are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// ⟨G⟩: 元号, 年, 月, 日.
    EraYmd,
    /// ⟨g⟩: 年, 月, 日 (no 元号).
    Ymd,
    /// ⟨T⟩: 市外局番, 局番, 番号.
    Tel,
}

impl Group {
    /// The children's names, before the page prefix.
    pub fn children(self) -> &'static [&'static str] {
        match self {
            Group::EraYmd => &["元号", "年", "月", "日"],
            Group::Ymd => &["年", "月", "日"],
            Group::Tel => &["市外局番", "局番", "番号"],
        }
    }
}

/// A condition on another item, for elements that fill the same CSV item (退職年月日 / 死亡年月日).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The item (項番) whose value decides.
    pub item: u16,
    /// The values of that item for which the element fills its item.
    pub r#in: Vec<String>,
}

/// The item an element fills instead of `item` when another item holds a value (old forms with
/// one 該当非該当理由 for both directions).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alt {
    /// The item whose value, when present, moves the element to `item`.
    pub present: u16,
    /// The item filled instead.
    pub item: u16,
}

/// One element of a form and the CSV items it fills.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementMap {
    /// Page `n` puts the element in the page group `P{n}_…` and prefixes its name (and its
    /// children's) with `P{n}_`; page 0 = directly under the root group, no prefix.
    pub page: u8,
    /// The name without the page prefix; `/` nests (`添付書類/区分`).
    pub name: String,
    #[serde(default)]
    /// For a group of elements that make one value (a date, a telephone number): its kind.
    pub group: Option<Group>,
    /// The item (項番) the value goes to; for date groups the 元号 item.
    #[serde(default)]
    pub item: Option<u16>,
    /// For date groups: the YYMMDD item.
    #[serde(default)]
    pub date_item: Option<u16>,
    /// For 個人番号または基礎年金番号: the 基礎年金番号 items (課所符号, 一連番号) a 10-digit value
    /// goes to; a 12-digit value goes to `item`.
    #[serde(default)]
    pub pension: Option<[u16; 2]>,
    /// For telephone groups: the items of 市外局番, 局番, 番号.
    #[serde(default)]
    pub parts: Option<[u16; 3]>,
    /// The item of the 事業所情報 record (1-based, SHFD order) the value also fills.
    #[serde(default)]
    pub office: Option<u16>,
    /// For the office telephone group: its 事業所情報 items.
    #[serde(default)]
    pub office_parts: Option<[u16; 3]>,
    /// A literal the writer puts in (`Xmit` = 0).
    #[serde(default)]
    pub value: Option<String>,
    /// The element names the 社会保険労務士 who files for the 事業所 (社会保険労務士の提出代行者名):
    /// no item, but the filing keeps it.
    #[serde(default)]
    pub sharoushi: bool,
    #[serde(default)]
    /// Fill the item only when another item holds one of some values.
    pub when: Option<When>,
    #[serde(default)]
    /// Fill another item when a third one holds a value.
    pub alt: Option<Alt>,
}

impl ElementMap {
    /// `P1_` for page 1, empty for page 0.
    pub fn prefix(&self) -> String {
        if self.page == 0 {
            String::new()
        } else {
            format!("P{}_", self.page)
        }
    }

    /// The element's own name segments inside its page (prefixed).
    pub fn name_segments(&self) -> Vec<String> {
        let prefix = self.prefix();
        self.name
            .split('/')
            .map(|s| format!("{prefix}{s}"))
            .collect()
    }

    /// Every CSV item this element can fill.
    pub fn items(&self) -> Vec<u16> {
        let mut v: Vec<u16> = self.item.into_iter().chain(self.date_item).collect();
        v.extend(self.pension.iter().flatten());
        v.extend(self.parts.iter().flatten());
        v.extend(self.alt.map(|a| a.item));
        v
    }
}

/// The element map of one form version.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormMap {
    /// 様式ID (`495001352101900`).
    pub form_id: String,
    /// 様式バージョン.
    pub version: u16,
    /// The CSV layout the form's items are numbered in (`2200700-2024-12`).
    pub layout: String,
    /// The root group under DataRoot (`G00005-A-330522-001_1`).
    pub root: String,
    #[serde(default)]
    /// The public source the map was written from.
    pub source: String,
    /// The form's elements, each with the CSV items it fills.
    pub elements: Vec<ElementMap>,
    /// File name without `.toml`; set by the loader.
    #[serde(skip)]
    pub name: String,
    /// The layout's items no element fills (other than the fixed 様式コード): what this form
    /// cannot carry. Set by the loader.
    #[serde(skip)]
    pub uncarried: Vec<u16>,
    /// Each element's path, worked out on first use (see [`FormMap::relative_path`]).
    #[serde(skip)]
    paths: OnceLock<Vec<(String, String)>>,
}

impl FormMap {
    /// The element names from the root group down to element `i` of `elements`, joined by `/`
    /// (the same as [`FormMap::segments`] joined), made once per map: the reader asks for every
    /// element's path on every form.
    pub fn relative_path(&self, i: usize) -> &str {
        self.paths().get(i).map_or("", |p| p.0.as_str())
    }

    /// The absolute `xml_path` of element `i` of `elements` (as [`FormMap::xml_path`]), made
    /// once per map.
    pub fn absolute_path(&self, i: usize) -> &str {
        self.paths().get(i).map_or("", |p| p.1.as_str())
    }

    fn paths(&self) -> &[(String, String)] {
        self.paths.get_or_init(|| {
            self.elements
                .iter()
                .map(|e| (self.segments(e).join("/"), self.xml_path(e)))
                .collect()
        })
    }

    /// The page group of page `n` (`P2_G00005-A-330522-001_2`); `None` for page 0.
    pub fn page_group(&self, page: u8) -> Option<String> {
        if page == 0 {
            return None;
        }
        let stem = self.root.strip_suffix("_1").unwrap_or(&self.root);
        Some(format!("P{page}_{stem}_{page}"))
    }

    /// The element names from the root group down to `e` (page group first).
    pub fn segments(&self, e: &ElementMap) -> Vec<String> {
        self.page_group(e.page)
            .into_iter()
            .chain(e.name_segments())
            .collect()
    }

    /// The absolute `xml_path` of an element.
    pub fn xml_path(&self, e: &ElementMap) -> String {
        let mut p = format!("/DataRoot/{}", self.root);
        for s in self.segments(e) {
            p.push('/');
            p.push_str(&s);
        }
        p
    }

    /// The CSV layout the form's items are numbered in, when it is embedded.
    pub fn layout(&self) -> Option<&'static Layout> {
        super::find_by_name(&self.layout)
    }
}

struct Tables {
    procedures: Vec<Procedure>,
    maps: Vec<FormMap>,
    errors: Vec<String>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(load)
}

fn load() -> Tables {
    let mut errors = Vec::new();
    let procedures = match toml::from_str::<Procedures>(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/egov/procedures.toml"
    ))) {
        Ok(p) => p.procedure,
        Err(e) => {
            errors.push(format!("procedures.toml: {e}"));
            Vec::new()
        }
    };
    let mut maps = Vec::new();
    for (file, text) in EGOV_FORM_FILES {
        match toml::from_str::<FormMap>(text) {
            Ok(mut m) => {
                m.name = file.trim_end_matches(".toml").to_string();
                m.uncarried = uncarried(&m);
                maps.push(m);
            }
            Err(e) => errors.push(format!("{file}: {e}")),
        }
    }
    Tables {
        procedures,
        maps,
        errors,
    }
}

/// The items of the map's layout that no element fills, except the fixed 様式コード (the form
/// itself says it).
fn uncarried(m: &FormMap) -> Vec<u16> {
    let Some(layout) = m.layout() else {
        return Vec::new();
    };
    let filled: Vec<u16> = m.elements.iter().flat_map(ElementMap::items).collect();
    layout
        .items
        .iter()
        .filter(|i| i.kind != super::Kind::Fixed && !filled.contains(&i.no))
        .map(|i| i.no)
        .collect()
}

/// Every procedure of the table.
pub fn procedures() -> &'static [Procedure] {
    &tables().procedures
}

/// The procedure with 手続ID `id`.
pub fn procedure(id: &str) -> Option<&'static Procedure> {
    procedures().iter().find(|p| p.id == id)
}

/// The procedure and form of 様式ID `form_id`, whatever the procedure.
pub fn form(form_id: &str) -> Option<(&'static Procedure, &'static ProcedureForm)> {
    procedures()
        .iter()
        .find_map(|p| p.form.iter().find(|f| f.id == form_id).map(|f| (p, f)))
}

/// The element map of a form version.
pub fn form_map(form_id: &str, version: u16) -> Option<&'static FormMap> {
    tables()
        .maps
        .iter()
        .find(|m| m.form_id == form_id && m.version == version)
}

/// The element map of a map file name (`495013521019030837-1`).
pub fn form_map_named(name: &str) -> Option<&'static FormMap> {
    tables().maps.iter().find(|m| m.name == name)
}

/// The procedure, form and element map `convert --to egov` writes a record of `layout` with.
pub fn for_writing(
    layout: &str,
) -> Option<(&'static Procedure, &'static ProcedureForm, &'static FormMap)> {
    procedures().iter().filter(|p| p.write).find_map(|p| {
        p.form.iter().find_map(|f| {
            let m = form_map_named(f.map.as_deref()?)?;
            (m.layout == layout).then_some((p, f, m))
        })
    })
}

/// True when `s` is a 手続ID or 様式ID of the table: public identifiers that messages may print
/// (any other long number is masked, as it could be a personal number).
pub fn is_known_id(s: &str) -> bool {
    procedures()
        .iter()
        .any(|p| p.id == s || p.form.iter().any(|f| f.id == s))
}

/// Problems found in the tables: files that do not parse, maps naming unknown layouts or items,
/// procedures naming unknown maps. Empty when all is well (a test checks it).
pub fn problems() -> Vec<String> {
    let t = tables();
    let mut out = t.errors.clone();
    for m in &t.maps {
        let Some(layout) = m.layout() else {
            out.push(format!("{}: unknown layout {}", m.name, m.layout));
            continue;
        };
        if m.name != format!("{}-{}", m.form_id, m.version) {
            out.push(format!(
                "{}: file name is not {{form_id}}-{{version}}",
                m.name
            ));
        }
        let mut seen: Vec<(String, u16)> = Vec::new();
        for e in &m.elements {
            for no in e.items() {
                if layout.item(no).is_none() {
                    out.push(format!(
                        "{}: {}: no item {no} in {}",
                        m.name, e.name, m.layout
                    ));
                }
            }
            let path = m.xml_path(e);
            if seen.iter().any(|(p, _)| *p == path) {
                out.push(format!("{}: element {path} twice", m.name));
            }
            seen.push((path, 0));
            if matches!(e.group, Some(Group::EraYmd | Group::Ymd))
                && e.item.is_some()
                && e.date_item.is_none()
            {
                {
                    out.push(format!(
                        "{}: {}: date group without date_item",
                        m.name, e.name
                    ));
                }
            }
        }
    }
    for p in &t.procedures {
        for f in &p.form {
            if let Some(name) = &f.map {
                match form_map_named(name) {
                    None => out.push(format!("procedure {}: no map {name}", p.id)),
                    Some(m) if m.form_id != f.id || m.version != f.version => {
                        out.push(format!("procedure {}: map {name} is another form", p.id))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load_and_agree_with_the_layouts() {
        assert_eq!(problems(), Vec::<String>::new());
        assert_eq!(procedures().len(), 5);
        assert_eq!(tables().maps.len(), 5);
    }

    #[test]
    fn paths_follow_the_page_convention() {
        let m = form_map("495013521019030837", 1).unwrap();
        let kana = m
            .elements
            .iter()
            .find(|e| e.name == "氏名xカナ氏名")
            .unwrap();
        assert_eq!(
            m.xml_path(kana),
            "/DataRoot/G00005-A-330522-001_1/P1_G00005-A-330522-001_1/P1_氏名xカナ氏名"
        );
        let kubun = m
            .elements
            .iter()
            .find(|e| e.name == "添付書類/区分")
            .unwrap();
        assert_eq!(
            m.xml_path(kubun),
            "/DataRoot/G00005-A-330522-001_1/P2_G00005-A-330522-001_2/P2_添付書類/P2_区分"
        );
    }

    #[test]
    fn writing_uses_the_current_procedures() {
        let (p, f, _) = for_writing("2200700-2024-12").unwrap();
        assert_eq!(
            (p.id.as_str(), f.id.as_str()),
            ("4950013521019000", "495013521019030837")
        );
        let (p, _, _) = for_writing("2202700-2024-12").unwrap();
        assert_eq!(p.id, "4950013521021000");
        assert!(for_writing("2200700-2019-05").is_none());
        assert!(is_known_id("4950013520711000") && !is_known_id("123456789012"));
    }
}
