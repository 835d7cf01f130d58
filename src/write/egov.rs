//! The model → an e-Gov package: a ZIP with one `{手続ID}/` folder per form record (`{手続ID}(n)/`
//! when a procedure occurs more than once, as in e-Gov bulk packages), each holding kousei.xml
//! (with 申請書属性情報) and the form XML written through the element map of the procedure's
//! current form. Packages are unsigned: signing needs the filer's certificate.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, Text};
use crate::layout::egov::{self, ElementMap, FormMap, Group, Procedure, OFFICE_SYMBOL};
use crate::model::era::Era;
use crate::model::{Filing, FormRecord};
use crate::source::kana;

const CRLF: &str = "\r\n";

/// An element being written.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    attrs: Vec<(String, String)>,
    kids: Vec<Node>,
}

impl Node {
    fn new(name: &str) -> Node {
        Node {
            name: name.to_string(),
            ..Node::default()
        }
    }

    /// The last child named `name`, made when there is none.
    fn child(&mut self, name: &str) -> &mut Node {
        match self.kids.iter().rposition(|k| k.name == name) {
            Some(i) => &mut self.kids[i],
            None => self.add(name, ""),
        }
    }

    fn add(&mut self, name: &str, text: &str) -> &mut Node {
        self.kids.push(Node {
            name: name.to_string(),
            text: text.to_string(),
            ..Node::default()
        });
        let last = self.kids.len() - 1;
        &mut self.kids[last]
    }

    fn render(&self, out: &mut String, depth: usize) {
        let pad = "  ".repeat(depth);
        let attrs: String = self
            .attrs
            .iter()
            .map(|(k, v)| format!(" {k}=\"{}\"", escape(v)))
            .collect();
        if !self.kids.is_empty() {
            out.push_str(&format!("{pad}<{}{attrs}>{CRLF}", self.name));
            for k in &self.kids {
                k.render(out, depth + 1);
            }
            out.push_str(&format!("{pad}</{}>{CRLF}", self.name));
        } else if self.text.is_empty() {
            out.push_str(&format!("{pad}<{}{attrs}/>{CRLF}", self.name));
        } else {
            out.push_str(&format!(
                "{pad}<{n}{attrs}>{}</{n}>{CRLF}",
                escape(&self.text),
                n = self.name
            ));
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn document(root: &Node) -> Vec<u8> {
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{CRLF}");
    root.render(&mut out, 0);
    out.into_bytes()
}

/// What the writer had to leave out: items with a value that the e-Gov form has no element for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The record's number.
    pub record: u32,
    /// The item (項番).
    pub item: u16,
    /// The item's name.
    pub name: String,
}

/// A written package and what it could not carry.
#[derive(Debug)]
pub struct Written {
    /// The package (ZIP) bytes.
    pub zip: Vec<u8>,
    /// Items with a value the forms have no element for.
    pub dropped: Vec<Dropped>,
}

/// Writes `filing` as one unsigned e-Gov package. `submitted_on` fills 提出年月日 (YYYYMMDD).
pub fn write(filing: &Filing, submitted_on: &str) -> Result<Written, Vec<Diagnostic>> {
    let packages = write_packages(filing, submitted_on, usize::MAX)?;
    Ok(packages.into_iter().next().unwrap_or(Written {
        zip: Vec::new(),
        dropped: Vec::new(),
    }))
}

/// Writes `filing` as as many unsigned e-Gov packages as it takes to keep each within
/// `max_entries` ZIP entries (an application is two: kousei.xml and the form). `dropped` is
/// given once, on the first package.
pub fn write_packages(
    filing: &Filing,
    submitted_on: &str,
    max_entries: usize,
) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let mut w = EgovWriter::new(filing, submitted_on, max_entries);
    let mut zips = Vec::new();
    for form in &filing.forms {
        if let Some(zip) = w.form(form) {
            zips.push(zip);
        }
    }
    let (last, mut dropped) = w.finish()?;
    zips.push(last);
    Ok(zips
        .into_iter()
        .enumerate()
        .map(|(i, zip)| Written {
            zip,
            dropped: if i == 0 {
                std::mem::take(&mut dropped)
            } else {
                Vec::new()
            },
        })
        .collect())
}

/// Writes e-Gov packages form by form: the applications of one package are kept (at most
/// `max_entries / 2`: a few megabytes) and the package is made when it is full.
#[derive(Debug)]
pub struct EgovWriter {
    /// The filing without its forms (its path and 事業所情報).
    head: Filing,
    submitted_on: String,
    per_package: usize,
    apps: Vec<App>,
    refusals: Vec<Diagnostic>,
    zip_error: Option<Box<Diagnostic>>,
    dropped: Vec<Dropped>,
}

impl EgovWriter {
    /// A writer of the forms of `head` (its `forms` are not looked at); see [`write_packages`].
    pub fn new(head: &Filing, submitted_on: &str, max_entries: usize) -> EgovWriter {
        EgovWriter {
            head: Filing {
                forms: Vec::new(),
                ..head.clone()
            },
            submitted_on: submitted_on.to_string(),
            per_package: (max_entries / ENTRIES_PER_APPLICATION).max(1),
            apps: Vec::new(),
            refusals: Vec::new(),
            zip_error: None,
            dropped: Vec::new(),
        }
    }

    /// Adds one form; gives the package before it when that one is full (so another follows:
    /// the packages are numbered).
    pub fn form(&mut self, form: &FormRecord) -> Option<Vec<u8>> {
        let filing = &self.head;
        let target = form.layout.as_deref().and_then(egov::for_writing);
        let Some((procedure, pf, map)) = target else {
            self.refusals.push(Diagnostic::new(
                &r::ZIP_FORM_MISMATCH,
                crate::write::csv::place(filing, Some(form), Some(1)),
                Text::new(
                    format!(
                        "様式コード {}（{}）を書けるe-Gov（2024年12月以降）の様式がありません",
                        form.form,
                        form.layout.as_deref().unwrap_or("様式不明")
                    ),
                    format!(
                        "no current (2024-12) e-Gov form carries form {} ({})",
                        form.form,
                        form.layout.as_deref().unwrap_or("unknown layout")
                    ),
                ),
            ));
            return None;
        };
        let office = office_of(filing, form);
        let xml = form_xml(map, form, &office, &self.submitted_on, &mut self.dropped);
        if self.refused() {
            // Nothing of it will be used: no package is made any more.
            return None;
        }
        let full = if self.apps.len() >= self.per_package {
            self.full_package()
        } else {
            None
        };
        self.apps.push(App {
            procedure,
            map,
            xml,
            form_name: pf.name.clone(),
        });
        full
    }

    /// True when something was refused so far (what was made is not to be used).
    pub fn refused(&self) -> bool {
        !self.refusals.is_empty() || self.zip_error.is_some()
    }

    /// The package of the applications kept, which are let go.
    fn package(&mut self) -> Result<Vec<u8>, Box<Diagnostic>> {
        let office = self
            .head
            .offices
            .first()
            .map(|o| o.items.clone())
            .unwrap_or_default();
        let apps = std::mem::take(&mut self.apps);
        package(&apps, &office).map_err(|e| {
            let why = crate::diag::cause::zip(&e);
            Box::new(Diagnostic::new(
                &r::ZIP_DAMAGED,
                Place::file(&self.head.path),
                Text::new(
                    format!("ZIPを作れません: {}", why.ja),
                    format!("cannot build the ZIP: {}", why.en),
                ),
            ))
        })
    }

    /// The package before a form that does not fit; a failure is kept for [`Self::finish`].
    fn full_package(&mut self) -> Option<Vec<u8>> {
        match self.package() {
            Ok(zip) => Some(zip),
            Err(d) => {
                self.zip_error.get_or_insert(d);
                None
            }
        }
    }

    /// The last package (an empty filing still makes one, empty: `convert` refuses to write
    /// it) and every item the forms had no element for; or every refusal.
    pub fn finish(mut self) -> Result<(Vec<u8>, Vec<Dropped>), Vec<Diagnostic>> {
        if !self.refusals.is_empty() {
            return Err(self.refusals);
        }
        if let Some(e) = self.zip_error.take() {
            return Err(vec![*e]);
        }
        match self.package() {
            Ok(zip) => Ok((zip, self.dropped)),
            Err(e) => Err(vec![*e]),
        }
    }
}

/// kousei.xml and the form XML.
pub const ENTRIES_PER_APPLICATION: usize = 2;

/// One application of a package: its procedure, form and the form XML.
#[derive(Debug)]
struct App {
    procedure: &'static Procedure,
    map: &'static FormMap,
    xml: Vec<u8>,
    form_name: String,
}

/// The ZIP of some applications: one `{手続ID}/` folder each, `{手続ID}({n})/` when a procedure
/// occurs more than once in the package.
fn package(apps: &[App], office: &[String]) -> zip::result::ZipResult<Vec<u8>> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for a in apps {
        let id = a.procedure.id.as_str();
        let count = apps.iter().filter(|x| x.procedure.id == id).count();
        seen.push(id);
        let n = seen.iter().filter(|s| **s == id).count();
        let folder = if count == 1 {
            id.to_string()
        } else {
            format!("{id}({n})")
        };
        let file = format!("{}_01.xml", a.map.form_id);
        files.push((
            format!("{folder}/kousei.xml"),
            kousei_xml(a.procedure, a.map, &a.form_name, &file, office),
        ));
        files.push((format!("{folder}/{file}"), a.xml.clone()));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o600);
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The 事業所情報 items (SHFD order) of the record's office: the one with its 事業所整理記号,
/// else the filing's first.
fn office_of(filing: &Filing, form: &FormRecord) -> Vec<String> {
    let value = |no: u16| {
        form.items
            .iter()
            .find(|i| i.no == no)
            .map_or("", |i| i.value.as_str())
    };
    let key = [value(2), value(3), value(4)];
    filing
        .offices
        .iter()
        .find(|o| o.items.len() >= 3 && o.items[..3] == key)
        .or_else(|| filing.offices.first())
        .map(|o| o.items.clone())
        .unwrap_or_default()
}

/// The form XML of one record.
fn form_xml(
    map: &FormMap,
    form: &FormRecord,
    office: &[String],
    submitted_on: &str,
    dropped: &mut Vec<Dropped>,
) -> Vec<u8> {
    let value = |no: u16| -> String {
        form.items
            .iter()
            .find(|i| i.no == no)
            .map_or(String::new(), |i| i.value.clone())
    };
    let office_value = |no: u16| {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| office.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let mut root = Node::new("DataRoot");
    root.add("様式ID", &map.form_id);
    root.add("様式バージョン", &map.version.to_string());
    root.add("STYLESHEET", &format!("{}.xsl", map.form_id));
    root.add("様式コピー情報", "0");
    root.add("Doctype", "1");
    let mut written: Vec<u16> = Vec::new();
    {
        let group = root.add(&map.root, "");
        for e in &map.elements {
            let mut at: &mut Node = match map.page_group(e.page) {
                Some(p) => group.child(&p),
                None => &mut *group,
            };
            let segs = e.name_segments();
            let Some((last, parents)) = segs.split_last() else {
                continue;
            };
            for p in parents {
                at = at.child(p);
            }
            let el = at.add(last, "");
            let prefix = e.prefix();
            let skip = e
                .when
                .as_ref()
                .is_some_and(|w| !w.r#in.iter().any(|v| *v == value(w.item)));
            match e.group {
                Some(g) => {
                    let vals = if skip {
                        vec![String::new(); g.children().len()]
                    } else {
                        group_values(e, g, &value, &office_value, submitted_on, &mut written)
                    };
                    for (c, v) in g.children().iter().zip(vals) {
                        el.add(&format!("{prefix}{c}"), &v);
                    }
                }
                None => {
                    el.text = if let Some(v) = &e.value {
                        v.clone()
                    } else if let Some(no) = e.item {
                        let no = match e.alt {
                            Some(a) if !value(a.present).is_empty() => a.item,
                            _ => no,
                        };
                        let v = value(no);
                        match e.pension {
                            Some([a, b]) if v.is_empty() => {
                                written.extend([a, b]);
                                value(a) + &value(b)
                            }
                            _ => {
                                written.push(no);
                                xml_text(map, no, v)
                            }
                        }
                    } else if let Some(o) = e.office {
                        let v = office_value(o);
                        if o == OFFICE_SYMBOL {
                            kana::to_full(&v).into_owned()
                        } else {
                            kana::kana_to_full(&v).into_owned()
                        }
                    } else {
                        String::new()
                    };
                }
            }
        }
    }
    // What the form has no element for.
    let layout = map.layout();
    for i in &form.items {
        let fixed = layout
            .and_then(|l| l.item(i.no))
            .is_some_and(|it| it.kind == crate::layout::Kind::Fixed);
        if !i.value.is_empty() && !fixed && !written.contains(&i.no) {
            dropped.push(Dropped {
                record: form.record,
                item: i.no,
                name: i.name.to_string(),
            });
        }
    }
    document(&root)
}

/// The XML form of item `no`'s value: e-Gov refuses 半角カナ in XML data, so カナ items are
/// written in 全角 (the model holds them in 半角, as the CSV does), and 半角カナ in free text
/// (備考) becomes 全角カタカナ.
fn xml_text(map: &FormMap, no: u16, v: String) -> String {
    let kana_item = map
        .layout()
        .and_then(|l| l.item(no))
        .is_some_and(|i| i.kind.is_kana());
    let full = if kana_item {
        kana::to_full(&v)
    } else {
        kana::kana_to_full(&v)
    };
    match full {
        std::borrow::Cow::Borrowed(_) => v,
        std::borrow::Cow::Owned(f) => f,
    }
}

/// The children's values of a date or telephone group.
fn group_values(
    e: &ElementMap,
    g: Group,
    value: &dyn Fn(u16) -> String,
    office_value: &dyn Fn(u16) -> String,
    submitted_on: &str,
    written: &mut Vec<u16>,
) -> Vec<String> {
    match g {
        Group::Tel => match (e.parts, e.office_parts) {
            (Some(p), _) => {
                written.extend(p);
                p.iter().map(|n| value(*n)).collect()
            }
            (None, Some(p)) => p.iter().map(|n| office_value(*n)).collect(),
            _ => vec![String::new(); 3],
        },
        Group::EraYmd | Group::Ymd => {
            let western =
                |y: i32, m: u32, d: u32| vec![y.to_string(), m.to_string(), d.to_string()];
            let (Some(era_no), Some(date_no)) = (e.item, e.date_item) else {
                // 提出年月日: the date of submission, in western years (⟨g⟩ has no 元号).
                if e.name == "提出年月日" && submitted_on.len() == 8 {
                    let n = |r: std::ops::Range<usize>| {
                        submitted_on
                            .get(r)
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(0)
                    };
                    return western(n(0..4) as i32, n(4..6), n(6..8));
                }
                return vec![String::new(); g.children().len()];
            };
            let (code, ymd) = (value(era_no), value(date_no));
            written.extend([era_no, date_no]);
            if code.is_empty() && ymd.is_empty() {
                return vec![String::new(); g.children().len()];
            }
            let era = code.parse::<u8>().ok().and_then(Era::by_code);
            let part = |r: std::ops::Range<usize>| -> String {
                ymd.get(r)
                    .map(|s| s.trim_start_matches('0'))
                    .map(|s| if s.is_empty() { "0" } else { s })
                    .unwrap_or("")
                    .to_string()
            };
            if g == Group::Ymd {
                // No 元号 element: the year is written western, so the era is never lost.
                if let Ok(d) = crate::model::era::to_date(era.map_or(0, |e| e.code), &ymd) {
                    use chrono::Datelike;
                    return western(d.year(), d.month(), d.day());
                }
                return vec![part(0..2), part(2..4), part(4..6)];
            }
            vec![
                era.map_or(code.clone(), |e| e.name.to_string()),
                part(0..2),
                part(2..4),
                part(4..6),
            ]
        }
    }
}

/// kousei.xml (構成管理XML) of one application, unsigned.
fn kousei_xml(
    procedure: &Procedure,
    map: &FormMap,
    form_name: &str,
    file: &str,
    office: &[String],
) -> Vec<u8> {
    let o = |i: usize| office.get(i).cloned().unwrap_or_default();
    let mut root = Node::new("DataRoot");
    root.add("様式ID", "999000000000000001");
    root.add("様式バージョン", "0001");
    root.add("STYLESHEET", "999000000000000001.xsl");
    let info = root.add("構成情報", "");
    info.attrs.push(("ID".into(), "構成情報".into()));
    let kanri = info.add("管理情報", "");
    let num = kanri.add("手続番号", "");
    num.add("受付行政機関ID", "100495");
    num.add("手続ID", &procedure.id);
    kanri.add("手続名称", &procedure.name);
    kanri.add("初回受付番号", "");
    kanri.add("申請種別", "新規申請");
    let contact = kanri.add("申請者連絡先情報", "");
    let postcode = if o(4).is_empty() {
        String::new()
    } else {
        format!("{}-{}", o(4), o(5))
    };
    let tel = [o(9), o(10), o(11)]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("-");
    for part in ["申請者情報", "連絡先情報"] {
        let el = contact.add(part, "");
        for (tag, v) in [
            ("氏名", o(8)),
            ("氏名フリガナ", String::new()),
            ("役職", String::new()),
            ("法人団体名", o(7)),
            ("法人団体名フリガナ", String::new()),
            ("部門名", String::new()),
            ("部門名フリガナ", String::new()),
            ("郵便番号", postcode.clone()),
            ("住所", o(6)),
            ("住所フリガナ", String::new()),
            ("電話番号", tel.clone()),
            ("FAX番号", String::new()),
            ("電子メールアドレス", String::new()),
        ] {
            el.add(tag, &v);
        }
    }
    let inin = contact.add("委任登録票添付情報", "");
    for tag in ["発行番号", "委任登録票名称", "委任登録票ファイル名称"] {
        inin.add(tag, "");
    }
    let fee = info.add("手数料情報", "");
    for i in 1..=6 {
        let f = fee.add(&format!("手数料{i}"), "");
        for tag in ["手数料識別子", "略科目コード", "略科目名", "振込金額"] {
            f.add(tag, "");
        }
    }
    info.add("通信欄", "");
    let q = info.add("府省照会情報", "");
    for i in 1..=10 {
        let f = q.add(&format!("府省照会{i}"), "");
        f.add("府省照会情報ラベル", "");
        f.add("府省照会情報", "");
    }
    let dest = info.add("提出先情報", "");
    dest.add("提出先識別子", "");
    dest.add("提出先名称", "");
    let a = info.add("申請書属性情報", "");
    a.add("申請書様式ID", &map.form_id);
    a.add("申請書様式バージョン", &format!("{:04}", map.version));
    a.add("申請書様式名称", form_name);
    a.add("申請書ファイル名称", file);
    root.add("その他", "").add("法人番号", "");
    document(&root)
}
