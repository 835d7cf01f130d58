//! The model → an e-Gov package: a ZIP with one `{手続ID}/` folder per form record (`{手続ID}(n)/`
//! when a procedure occurs more than once, as in e-Gov bulk packages), each holding kousei.xml
//! (with 申請書属性情報) and the form XML written through the element map of the procedure's
//! current form. Packages are unsigned: signing needs the filer's certificate.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use crate::diag::registry as r;
use crate::diag::{Diagnostic, Place, Text};
use crate::layout::egov::{
    self, ElementMap, FormMap, Group, Procedure, ProcedureForm, OFFICE_SYMBOL,
};
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
    /// In a [`Template`]: the slot that gives the element's text.
    slot: Option<usize>,
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
        let mut ops = Vec::new();
        self.lay_out(depth, &mut ops, out);
    }

    /// Writes the element into `fixed`, or, for an element without children that takes its
    /// text from a slot, ends `fixed` as an [`Op::Fixed`] and adds an [`Op::Leaf`].
    fn lay_out(&self, depth: usize, ops: &mut Vec<Op>, fixed: &mut String) {
        let pad = "  ".repeat(depth);
        let attrs: String = self
            .attrs
            .iter()
            .map(|(k, v)| format!(" {k}=\"{}\"", escape(v)))
            .collect();
        if !self.kids.is_empty() {
            fixed.push_str(&format!("{pad}<{}{attrs}>{CRLF}", self.name));
            for k in &self.kids {
                k.lay_out(depth + 1, ops, fixed);
            }
            fixed.push_str(&format!("{pad}</{}>{CRLF}", self.name));
        } else if let Some(slot) = self.slot {
            ops.push(Op::Fixed(std::mem::take(fixed)));
            ops.push(Op::Leaf {
                slot,
                empty: format!("{pad}<{}{attrs}/>{CRLF}", self.name),
                open: format!("{pad}<{}{attrs}>", self.name),
                close: format!("</{}>{CRLF}", self.name),
            });
        } else if self.text.is_empty() {
            fixed.push_str(&format!("{pad}<{}{attrs}/>{CRLF}", self.name));
        } else {
            fixed.push_str(&format!(
                "{pad}<{n}{attrs}>{}</{n}>{CRLF}",
                escape(&self.text),
                n = self.name
            ));
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    escape_into(s, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// `s` with `&`, `<`, `>` and `"` as entities.
fn escape_into(s: &str, out: &mut Vec<u8>) {
    let mut rest = s.as_bytes();
    while let Some(i) = rest
        .iter()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"'))
    {
        let (head, tail) = rest.split_at(i);
        out.extend_from_slice(head);
        out.extend_from_slice(match tail.first() {
            Some(b'&') => b"&amp;",
            Some(b'<') => b"&lt;",
            Some(b'>') => b"&gt;",
            _ => b"&quot;",
        });
        rest = tail.get(1..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
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

/// Every item the forms had no element for, bounded like findings: the first
/// [`DroppedItems::PER_ITEM`] records of each item are listed, the others only counted (a
/// filing of 100,000 records without an element for 被保険者整理番号 gives 50 notes and one
/// count, not 100,000 notes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DroppedItems {
    /// The items listed, in the order they were found.
    listed: Vec<Dropped>,
    /// Each item dropped at least once, in the order first found: how many records had it
    /// dropped in all.
    counts: Vec<DroppedCount>,
}

/// How often one item was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedCount {
    /// The item (項番).
    pub item: u16,
    /// The item's name.
    pub name: String,
    /// Records whose value of it was not written, listed or not.
    pub records: usize,
}

impl DroppedItems {
    /// Records listed per item; as many as findings of one code per file
    /// ([`crate::diag::Sink::PER_CODE`]).
    pub const PER_ITEM: usize = crate::diag::Sink::PER_CODE;

    /// Notes that record `record`'s value of item `item` was not written.
    pub fn push(&mut self, record: u32, item: u16, name: &str) {
        let at = match self
            .counts
            .iter()
            .position(|c| c.item == item && c.name == name)
        {
            Some(i) => i,
            None => {
                self.counts.push(DroppedCount {
                    item,
                    name: name.to_string(),
                    records: 0,
                });
                self.counts.len() - 1
            }
        };
        let Some(count) = self.counts.get_mut(at) else {
            return;
        };
        count.records += 1;
        if count.records <= Self::PER_ITEM {
            self.listed.push(Dropped {
                record,
                item,
                name: name.to_string(),
            });
        }
    }

    /// The listed items, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Dropped> {
        self.listed.iter()
    }

    /// How many are listed.
    pub fn len(&self) -> usize {
        self.listed.len()
    }

    /// True when nothing was dropped.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// Each item dropped, with the number of records in all.
    pub fn counts(&self) -> &[DroppedCount] {
        &self.counts
    }

    /// The items with more records than listed, and how many were not listed.
    pub fn unlisted(&self) -> impl Iterator<Item = (&DroppedCount, usize)> {
        self.counts
            .iter()
            .filter(|c| c.records > Self::PER_ITEM)
            .map(|c| (c, c.records - Self::PER_ITEM))
    }
}

impl<'a> IntoIterator for &'a DroppedItems {
    type Item = &'a Dropped;
    type IntoIter = std::slice::Iter<'a, Dropped>;

    fn into_iter(self) -> Self::IntoIter {
        self.listed.iter()
    }
}

/// A written package and what it could not carry.
#[derive(Debug)]
pub struct Written {
    /// The package (ZIP) bytes.
    pub zip: Vec<u8>,
    /// Items with a value the forms have no element for.
    pub dropped: DroppedItems,
}

/// Writes `filing` as one unsigned e-Gov package. `submitted_on` fills 提出年月日 (YYYYMMDD).
pub fn write(filing: &Filing, submitted_on: &str) -> Result<Written, Vec<Diagnostic>> {
    let packages = write_packages(filing, submitted_on, usize::MAX)?;
    Ok(packages.into_iter().next().unwrap_or(Written {
        zip: Vec::new(),
        dropped: DroppedItems::default(),
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
                DroppedItems::default()
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
    dropped: DroppedItems,
    /// Templates and buffers of the form XML, kept from form to form.
    bufs: FormBuffers,
    /// The kousei.xml of each procedure and form written so far, compressed: it names the
    /// procedure, the form and the filing's first 事業所, so it is the same for every
    /// application of them.
    kousei: Vec<(&'static ProcedureForm, KouseiZip)>,
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
            dropped: DroppedItems::default(),
            bufs: FormBuffers::default(),
            kousei: Vec::new(),
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
        let xml = form_xml(
            map,
            form,
            office,
            &self.submitted_on,
            &mut self.bufs,
            &mut self.dropped,
        );
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
            form: pf,
            map,
            xml,
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
            .map_or(&[][..], |o| o.items.as_slice());
        let apps = std::mem::take(&mut self.apps);
        package(&apps, office, &mut self.kousei).map_err(|e| {
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
    pub fn finish(mut self) -> Result<(Vec<u8>, DroppedItems), Vec<Diagnostic>> {
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
    form: &'static ProcedureForm,
    map: &'static FormMap,
    xml: Vec<u8>,
}

/// The ZIP of some applications: one `{手続ID}/` folder each, `{手続ID}({n})/` when a procedure
/// occurs more than once in the package. `kousei` keeps the kousei.xml made for each form.
fn package(
    apps: &[App],
    office: &[String],
    kousei: &mut Vec<(&'static ProcedureForm, KouseiZip)>,
) -> zip::result::ZipResult<Vec<u8>> {
    // How often each procedure occurs in the package, and how many of it were written.
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for a in apps {
        let id = a.procedure.id.as_str();
        match counts.iter_mut().find(|c| c.0 == id) {
            Some(c) => c.1 += 1,
            None => counts.push((id, 1, 0)),
        }
    }
    let uncompressed: usize = apps.iter().map(|a| a.xml.len() + 4096).sum();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(uncompressed / 8)));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o600);
    for a in apps {
        let id = a.procedure.id.as_str();
        let (count, n) = match counts.iter_mut().find(|c| c.0 == id) {
            Some(c) => {
                c.2 += 1;
                (c.1, c.2)
            }
            None => (1, 1),
        };
        let folder = if count == 1 {
            id.to_string()
        } else {
            format!("{id}({n})")
        };
        let file = format!("{}_01.xml", a.map.form_id);
        let at = match kousei.iter().position(|(f, _)| std::ptr::eq(*f, a.form)) {
            Some(i) => i,
            None => {
                let xml = kousei_xml(a.procedure, a.map, &a.form.name, &file, office);
                kousei.push((a.form, compressed(&xml, options)?));
                kousei.len() - 1
            }
        };
        // Copied as it was compressed once: the same bytes as compressing it again.
        let Some((_, once)) = kousei.get_mut(at) else {
            return Err(zip::result::ZipError::FileNotFound);
        };
        zip.raw_copy_file_rename(once.by_index_raw(0)?, format!("{folder}/kousei.xml"))?;
        zip.start_file(format!("{folder}/{file}"), options)?;
        zip.write_all(&a.xml)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A ZIP of one kousei.xml, compressed once and copied raw into each application's folder.
type KouseiZip = zip::ZipArchive<Cursor<Vec<u8>>>;

/// `xml` compressed with `options`, alone in a ZIP.
fn compressed(xml: &[u8], options: SimpleFileOptions) -> zip::result::ZipResult<KouseiZip> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("kousei.xml", options)?;
    zip.write_all(xml)?;
    zip::ZipArchive::new(zip.finish()?)
}

/// The 事業所情報 items (SHFD order) of the record's office: the one with its 事業所整理記号,
/// else the filing's first.
fn office_of<'a>(filing: &'a Filing, form: &FormRecord) -> &'a [String] {
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
        .find(|o| {
            o.items
                .get(..3)
                .is_some_and(|k| k.iter().zip(key).all(|(a, b)| a == b))
        })
        .or_else(|| filing.offices.first())
        .map_or(&[][..], |o| o.items.as_slice())
}

/// A form's XML with the texts of its elements left open. The element tree depends only on
/// the element map (which element goes under which page group and parent), so it is laid out
/// once per map and each record only fills its slots: no tree is built and searched per
/// record, and no item is looked for by walking the record's items.
#[derive(Debug)]
struct Template {
    /// The map it was laid out from (one template per map: compared by address).
    map: &'static FormMap,
    /// The document: fixed text and the leaves whose text a record gives.
    ops: Vec<Op>,
    /// The first slot of each element of the map, in the map's order (a group's children
    /// take the slots after it).
    first_slot: Vec<usize>,
    /// How many slots a record fills.
    slots: usize,
    /// By 項番: the item is the layout's fixed 様式コード (never said to be dropped).
    fixed: Vec<bool>,
    /// By 項番: the item is a カナ item (written in 全角).
    kana: Vec<bool>,
}

/// A piece of a [`Template`].
#[derive(Debug)]
enum Op {
    /// Bytes written as they are.
    Fixed(String),
    /// An element without children whose text is slot `slot`: `empty` when it has none, else
    /// `open`, the text escaped, `close`.
    Leaf {
        slot: usize,
        empty: String,
        open: String,
        close: String,
    },
}

impl Template {
    fn new(map: &'static FormMap) -> Template {
        let mut root = Node::new("DataRoot");
        root.add("様式ID", &map.form_id);
        root.add("様式バージョン", &map.version.to_string());
        root.add("STYLESHEET", &format!("{}.xsl", map.form_id));
        root.add("様式コピー情報", "0");
        root.add("Doctype", "1");
        let mut first_slot = Vec::with_capacity(map.elements.len());
        let mut slots = 0;
        {
            let group = root.add(&map.root, "");
            for e in &map.elements {
                first_slot.push(slots);
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
                match e.group {
                    Some(g) => {
                        let prefix = e.prefix();
                        for c in g.children() {
                            el.add(&format!("{prefix}{c}"), "").slot = Some(slots);
                            slots += 1;
                        }
                    }
                    None => {
                        el.slot = Some(slots);
                        slots += 1;
                    }
                }
            }
        }
        let mut ops = Vec::new();
        let mut fixed_text = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{CRLF}");
        root.lay_out(0, &mut ops, &mut fixed_text);
        if !fixed_text.is_empty() {
            ops.push(Op::Fixed(fixed_text));
        }
        let layout = map.layout();
        let items = layout.map_or(&[][..], |l| l.items.as_slice());
        let by_no = |test: &dyn Fn(&crate::layout::Item) -> bool| -> Vec<bool> {
            std::iter::once(false)
                .chain(items.iter().map(test))
                .collect()
        };
        Template {
            map,
            ops,
            first_slot,
            slots,
            fixed: by_no(&|i| i.kind == crate::layout::Kind::Fixed),
            kana: by_no(&|i| i.kind.is_kana()),
        }
    }

    fn is_kana(&self, no: u16) -> bool {
        self.kana.get(usize::from(no)).copied().unwrap_or(false)
    }

    fn is_fixed(&self, no: u16) -> bool {
        self.fixed.get(usize::from(no)).copied().unwrap_or(false)
    }

    /// Writes the document with the slots' texts.
    fn render(&self, texts: &[String], out: &mut Vec<u8>) {
        for op in &self.ops {
            match op {
                Op::Fixed(s) => out.extend_from_slice(s.as_bytes()),
                Op::Leaf {
                    slot,
                    empty,
                    open,
                    close,
                } => match texts.get(*slot).filter(|t| !t.is_empty()) {
                    None => out.extend_from_slice(empty.as_bytes()),
                    Some(t) => {
                        out.extend_from_slice(open.as_bytes());
                        escape_into(t, out);
                        out.extend_from_slice(close.as_bytes());
                    }
                },
            }
        }
    }
}

/// The values of one record's items by 項番 (the first item of each number, as a search from
/// the start would find it), and the office's items.
struct Values<'a> {
    form: &'a FormRecord,
    /// Index into `form.items` by 項番; `usize::MAX` where the record has no such item.
    index: &'a [usize],
    office: &'a [String],
}

impl<'a> Values<'a> {
    fn item(&self, no: u16) -> &'a str {
        self.index
            .get(usize::from(no))
            .and_then(|i| self.form.items.get(*i))
            .map_or("", |i| i.value.as_str())
    }

    fn office(&self, no: u16) -> &'a str {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.office.get(i))
            .map_or("", String::as_str)
    }
}

/// What writing one form needs besides the form, kept from form to form so that a record
/// allocates nothing once the buffers have grown.
#[derive(Debug, Default)]
struct FormBuffers {
    templates: Vec<Template>,
    texts: Vec<String>,
    index: Vec<usize>,
    /// By 項番: the record's value of the item was written into some element.
    written: Vec<bool>,
}

impl FormBuffers {
    /// The template of `map`, laid out on first use.
    fn template<'a>(templates: &'a mut Vec<Template>, map: &'static FormMap) -> &'a Template {
        let at = match templates.iter().position(|t| std::ptr::eq(t.map, map)) {
            Some(i) => i,
            None => {
                templates.push(Template::new(map));
                templates.len() - 1
            }
        };
        &templates[at]
    }
}

/// Marks item `no` as written.
fn mark(written: &mut Vec<bool>, no: u16) {
    let i = usize::from(no);
    if written.len() <= i {
        written.resize(i + 1, false);
    }
    written[i] = true;
}

/// The form XML of one record.
fn form_xml(
    map: &'static FormMap,
    form: &FormRecord,
    office: &[String],
    submitted_on: &str,
    bufs: &mut FormBuffers,
    dropped: &mut DroppedItems,
) -> Vec<u8> {
    let FormBuffers {
        templates,
        texts,
        index,
        written,
    } = bufs;
    let t = FormBuffers::template(templates, map);
    index.clear();
    for (i, item) in form.items.iter().enumerate() {
        let no = usize::from(item.no);
        if index.len() <= no {
            index.resize(no + 1, usize::MAX);
        }
        if index[no] == usize::MAX {
            index[no] = i;
        }
    }
    let values = Values {
        form,
        index,
        office,
    };
    written.clear();
    if texts.len() < t.slots {
        texts.resize(t.slots, String::new());
    }
    for s in texts.iter_mut() {
        s.clear();
    }
    for (e, first) in map.elements.iter().zip(&t.first_slot) {
        match e.group {
            Some(g) => {
                let skip = e
                    .when
                    .as_ref()
                    .is_some_and(|w| !w.r#in.iter().any(|v| v == values.item(w.item)));
                if skip {
                    continue;
                }
                let vals = group_values(e, g, &values, submitted_on, written);
                // One slot per child: a group always has every child element.
                for (slot, v) in texts
                    .iter_mut()
                    .skip(*first)
                    .take(g.children().len())
                    .zip(vals)
                {
                    *slot = v;
                }
            }
            None => {
                let Some(slot) = texts.get_mut(*first) else {
                    continue;
                };
                if let Some(v) = &e.value {
                    slot.push_str(v);
                } else if let Some(no) = e.item {
                    let no = match e.alt {
                        Some(a) if !values.item(a.present).is_empty() => a.item,
                        _ => no,
                    };
                    let v = values.item(no);
                    match e.pension {
                        Some([a, b]) if v.is_empty() => {
                            mark(written, a);
                            mark(written, b);
                            slot.push_str(values.item(a));
                            slot.push_str(values.item(b));
                        }
                        _ => {
                            mark(written, no);
                            slot.push_str(&xml_text(t.is_kana(no), v));
                        }
                    }
                } else if let Some(o) = e.office {
                    let v = values.office(o);
                    if o == OFFICE_SYMBOL {
                        slot.push_str(&kana::to_full(v));
                    } else {
                        slot.push_str(&kana::kana_to_full(v));
                    }
                }
            }
        }
    }
    // What the form has no element for.
    for i in &form.items {
        let was_written = written.get(usize::from(i.no)).copied().unwrap_or(false);
        if !i.value.is_empty() && !t.is_fixed(i.no) && !was_written {
            dropped.push(form.record, i.no, i.name);
        }
    }
    let mut out = Vec::with_capacity(16 * 1024);
    t.render(texts, &mut out);
    out
}

/// The XML form of an item's value: e-Gov refuses 半角カナ in XML data, so カナ items are
/// written in 全角 (the model holds them in 半角, as the CSV does), and 半角カナ in free text
/// (備考) becomes 全角カタカナ.
fn xml_text(kana_item: bool, v: &str) -> std::borrow::Cow<'_, str> {
    if kana_item {
        kana::to_full(v)
    } else {
        kana::kana_to_full(v)
    }
}

/// The children's values of a date or telephone group.
fn group_values(
    e: &ElementMap,
    g: Group,
    values: &Values<'_>,
    submitted_on: &str,
    written: &mut Vec<bool>,
) -> Vec<String> {
    match g {
        Group::Tel => match (e.parts, e.office_parts) {
            (Some(p), _) => {
                for n in p {
                    mark(written, n);
                }
                p.iter().map(|n| values.item(*n).to_string()).collect()
            }
            (None, Some(p)) => p.iter().map(|n| values.office(*n).to_string()).collect(),
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
            let (code, ymd) = (values.item(era_no), values.item(date_no));
            mark(written, era_no);
            mark(written, date_no);
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
                if let Ok(d) = crate::model::era::to_date(era.map_or(0, |e| e.code), ymd) {
                    use chrono::Datelike;
                    return western(d.year(), d.month(), d.day());
                }
                return vec![part(0..2), part(2..4), part(4..6)];
            }
            vec![
                era.map_or(code.to_string(), |e| e.name.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A flood of notes is bounded: the first records of each item are listed, the others
    /// counted exactly, whatever the number of records.
    #[test]
    fn dropped_items_are_listed_up_to_a_bound_and_counted() {
        let mut d = DroppedItems::default();
        for record in 1..=10_000 {
            d.push(record, 6, "被保険者整理番号");
            if record % 2 == 0 {
                d.push(record, 31, "住所(カナ)");
            }
        }
        d.push(10_001, 16, "基礎年金番号");
        assert_eq!(d.len(), 2 * DroppedItems::PER_ITEM + 1);
        let first: Vec<(u32, u16)> = d.iter().take(3).map(|x| (x.record, x.item)).collect();
        assert_eq!(first, vec![(1, 6), (2, 6), (2, 31)]);
        let counts: Vec<(u16, usize)> = d.counts().iter().map(|c| (c.item, c.records)).collect();
        assert_eq!(counts, vec![(6, 10_000), (31, 5_000), (16, 1)]);
        let more: Vec<(u16, usize)> = d.unlisted().map(|(c, n)| (c.item, n)).collect();
        assert_eq!(
            more,
            vec![
                (6, 10_000 - DroppedItems::PER_ITEM),
                (31, 5_000 - DroppedItems::PER_ITEM)
            ]
        );
    }

    /// kousei.xml copied raw from its one compression gives the bytes of compressing every
    /// entry anew: the package re-made entry by entry with `start_file` is the same ZIP.
    #[test]
    fn raw_copied_kousei_is_what_compressing_again_gives() {
        let config = crate::Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
        let (filing, _) = crate::read_filing(
            crate::Input::path("testdata/shfd/valid/SHFD0006.CSV"),
            &config,
        )
        .unwrap();
        let written = write(&filing, "20241210").unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(written.zip.clone())).unwrap();
        assert!(archive.len() >= 4, "two applications at least");
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o600);
        let mut again = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            again.start_file(entry.name(), options).unwrap();
            again.write_all(&bytes).unwrap();
        }
        assert!(again.finish().unwrap().into_inner() == written.zip);
    }

    /// A laid-out leaf writes what the element tree wrote for the same text, escapes included.
    #[test]
    fn a_template_writes_what_the_tree_wrote() {
        let tree = |text: &str| {
            let mut root = Node::new("r");
            root.add("x", "1 & 2");
            root.add("y", "");
            root.add("z", text);
            root
        };
        let mut root = tree("");
        if let Some(z) = root.kids.last_mut() {
            z.slot = Some(0);
        }
        let (mut ops, mut fixed) = (Vec::new(), String::new());
        root.lay_out(1, &mut ops, &mut fixed);
        ops.push(Op::Fixed(fixed));
        let Some((_, _, map)) = egov::for_writing("2200700-2024-12") else {
            panic!("the acquisition form has an element map");
        };
        let t = Template {
            map,
            ops,
            first_slot: Vec::new(),
            slots: 1,
            fixed: Vec::new(),
            kana: Vec::new(),
        };
        for text in ["", "<a&b>\"c\""] {
            let mut want = String::new();
            tree(text).render(&mut want, 1);
            let mut got = Vec::new();
            t.render(&[text.to_string()], &mut got);
            assert_eq!(String::from_utf8(got).unwrap(), want);
        }
    }
}
