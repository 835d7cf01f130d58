//! [`Place`]: where a finding is, in the source file and in the filing's own terms.
//!
//! Each source shape has its own variant (a CSV line, an XML element, a box on a scanned page),
//! so no field of one shape is left dangling on another. Renderers never match on the variants:
//! they read a place through [`Place::position`], [`Place::address`] and [`Place::fields`], the
//! one way a place is shown.

use std::fmt::Write;

use super::Lang;

/// Offsets and line:column range of a place in its file. Every part is optional: what a reader
/// cannot know is `None`, never guessed. Lines and columns are 1-based; columns count Unicode
/// scalar values of the decoded line; byte offsets are in the original bytes (Shift_JIS stays
/// Shift_JIS).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// First byte, in the original bytes of the file.
    pub byte_start: Option<u64>,
    /// End byte (exclusive).
    pub byte_end: Option<u64>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based character column.
    pub column: Option<u32>,
    /// 1-based line of the end.
    pub end_line: Option<u32>,
    /// 1-based character column of the end (exclusive).
    pub end_column: Option<u32>,
}

impl Span {
    /// A span of the whole line `line` (no column known).
    pub fn line(line: u32) -> Span {
        Span {
            line: Some(line),
            ..Span::default()
        }
    }

    /// The same span with the byte range `start..end`.
    pub fn with_bytes(mut self, start: u64, end: u64) -> Span {
        self.byte_start = Some(start);
        self.byte_end = Some(end);
        self
    }
}

/// An item of a form record: its 項番 in the CSV layout of the form, and its name when the
/// layout is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef {
    /// 項番 (1-based).
    pub no: u16,
    /// The item's name in the layout (`個人番号`).
    pub name: Option<&'static str>,
}

/// The source shapes a [`Place`] can be in, without their data: what [`Place::new`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A file or folder as a whole.
    File,
    /// An 電子媒体 CSV file.
    Csv,
    /// An XML file (kousei.xml, a form XML).
    Xml,
    /// An OCR result (a page of a scanned filing).
    Ocr,
    /// A record of the filing model (what a writer refuses), whatever it was read from.
    Record,
}

/// Where a finding is. See the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A file or folder as a whole; a ZIP entry is its archive with the entry's offset.
    File {
        /// Nested sources joined with `!/`: `pkg.zip!/4950013521019000/SHFD0006.CSV`.
        path: String,
        /// Offsets, when the finding has some (a ZIP entry's local header).
        span: Span,
    },
    /// A line of an 電子媒体 CSV file: a header line, or an item of a data record.
    Csv {
        /// See [`Place::File`].
        path: String,
        /// Where on the line.
        span: Span,
        /// 1-based data record within `[data]`.
        record: Option<u32>,
        /// The item (項番).
        item: Option<ItemRef>,
    },
    /// An element of an XML file.
    Xml {
        /// See [`Place::File`].
        path: String,
        /// Where in the file.
        span: Span,
        /// `/DataRoot/…/個人番号`.
        xml_path: Option<String>,
        /// 1-based form record (forms are numbered through their package).
        record: Option<u32>,
        /// The item (項番) of the form's CSV layout the element fills.
        item: Option<ItemRef>,
    },
    /// A field of an OCR result, on a scanned page.
    Ocr {
        /// See [`Place::File`].
        path: String,
        /// Where in the OCR file (JSON Lines or Azure JSON).
        span: Span,
        /// 1-based record (person or row) on the sheet.
        record: Option<u32>,
        /// The item (項番) of the form's CSV layout.
        item: Option<ItemRef>,
        /// 1-based page of the scan.
        page: Option<u32>,
        /// Normalised 0–1 box on the page: `[x0, y0, x1, y1]`, origin top left.
        bbox: Option<[f64; 4]>,
        /// The same box in pixels of the scanned page, when the page size is known.
        bbox_px: Option<[u32; 4]>,
    },
    /// A record of the filing model, named by its number and source line.
    Record {
        /// See [`Place::File`].
        path: String,
        /// The source line of the record, when it had one.
        span: Span,
        /// 1-based record.
        record: Option<u32>,
        /// The item (項番).
        item: Option<ItemRef>,
    },
}

/// Every field of a place, flat, for machine-readable reports (`null` where unknown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceFields<'a> {
    /// See [`Place::File`].
    pub path: &'a str,
    /// See [`Span`].
    pub span: Span,
    /// 1-based record.
    pub record: Option<u32>,
    /// 項番.
    pub item: Option<u16>,
    /// The item's name.
    pub item_name: Option<&'static str>,
    /// XML element path.
    pub xml_path: Option<&'a str>,
    /// Page of a scan.
    pub page: Option<u32>,
    /// Normalised box on the page.
    pub bbox: Option<[f64; 4]>,
    /// Box in pixels.
    pub bbox_px: Option<[u32; 4]>,
}

impl Default for Place {
    fn default() -> Place {
        Place::file("")
    }
}

impl Place {
    /// A whole file or folder.
    ///
    /// ```
    /// use todokede::diag::Place;
    /// let p = Place::file("SHFD0006.CSV");
    /// assert_eq!(p.position(), "SHFD0006.CSV");
    /// ```
    pub fn file(path: impl Into<String>) -> Place {
        Place::File {
            path: path.into(),
            span: Span::default(),
        }
    }

    /// An empty place of `kind` in `path`, to be filled with the setters.
    pub fn new(kind: PlaceKind, path: impl Into<String>) -> Place {
        let path = path.into();
        let span = Span::default();
        match kind {
            PlaceKind::File => Place::File { path, span },
            PlaceKind::Csv => Place::Csv {
                path,
                span,
                record: None,
                item: None,
            },
            PlaceKind::Xml => Place::Xml {
                path,
                span,
                xml_path: None,
                record: None,
                item: None,
            },
            PlaceKind::Ocr => Place::Ocr {
                path,
                span,
                record: None,
                item: None,
                page: None,
                bbox: None,
                bbox_px: None,
            },
            PlaceKind::Record => Place::Record {
                path,
                span,
                record: None,
                item: None,
            },
        }
    }

    /// A place of `kind` in `path` at `span`.
    pub fn at(kind: PlaceKind, path: impl Into<String>, span: Span) -> Place {
        let mut p = Place::new(kind, path);
        *p.span_mut() = span;
        p
    }

    /// The shape of the source.
    pub fn kind(&self) -> PlaceKind {
        match self {
            Place::File { .. } => PlaceKind::File,
            Place::Csv { .. } => PlaceKind::Csv,
            Place::Xml { .. } => PlaceKind::Xml,
            Place::Ocr { .. } => PlaceKind::Ocr,
            Place::Record { .. } => PlaceKind::Record,
        }
    }

    /// The path shown for the file.
    pub fn path(&self) -> &str {
        match self {
            Place::File { path, .. }
            | Place::Csv { path, .. }
            | Place::Xml { path, .. }
            | Place::Ocr { path, .. }
            | Place::Record { path, .. } => path,
        }
    }

    /// The path shown for the file, to change.
    pub fn path_mut(&mut self) -> &mut String {
        match self {
            Place::File { path, .. }
            | Place::Csv { path, .. }
            | Place::Xml { path, .. }
            | Place::Ocr { path, .. }
            | Place::Record { path, .. } => path,
        }
    }

    /// Offsets and line:column range.
    pub fn span(&self) -> &Span {
        match self {
            Place::File { span, .. }
            | Place::Csv { span, .. }
            | Place::Xml { span, .. }
            | Place::Ocr { span, .. }
            | Place::Record { span, .. } => span,
        }
    }

    /// Offsets and line:column range, to change.
    pub fn span_mut(&mut self) -> &mut Span {
        match self {
            Place::File { span, .. }
            | Place::Csv { span, .. }
            | Place::Xml { span, .. }
            | Place::Ocr { span, .. }
            | Place::Record { span, .. } => span,
        }
    }

    /// The 1-based record, for places in a record.
    pub fn record(&self) -> Option<u32> {
        match self {
            Place::File { .. } => None,
            Place::Csv { record, .. }
            | Place::Xml { record, .. }
            | Place::Ocr { record, .. }
            | Place::Record { record, .. } => *record,
        }
    }

    /// The item (項番 and name), for places on an item.
    pub fn item_ref(&self) -> Option<ItemRef> {
        match self {
            Place::File { .. } => None,
            Place::Csv { item, .. }
            | Place::Xml { item, .. }
            | Place::Ocr { item, .. }
            | Place::Record { item, .. } => *item,
        }
    }

    /// The 項番 of the item.
    pub fn item(&self) -> Option<u16> {
        self.item_ref().map(|i| i.no)
    }

    /// The name of the item.
    pub fn item_name(&self) -> Option<&'static str> {
        self.item_ref().and_then(|i| i.name)
    }

    /// The XML element path.
    pub fn xml_path(&self) -> Option<&str> {
        match self {
            Place::Xml { xml_path, .. } => xml_path.as_deref(),
            _ => None,
        }
    }

    /// The XML element path, to change.
    pub fn xml_path_mut(&mut self) -> Option<&mut String> {
        match self {
            Place::Xml { xml_path, .. } => xml_path.as_mut(),
            _ => None,
        }
    }

    /// The page of a scan.
    pub fn page(&self) -> Option<u32> {
        match self {
            Place::Ocr { page, .. } => *page,
            _ => None,
        }
    }

    /// The normalised box on the page.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        match self {
            Place::Ocr { bbox, .. } => *bbox,
            _ => None,
        }
    }

    /// The box in pixels.
    pub fn bbox_px(&self) -> Option<[u32; 4]> {
        match self {
            Place::Ocr { bbox_px, .. } => *bbox_px,
            _ => None,
        }
    }

    /// Sets (or clears) the record; no effect on a whole-file place.
    pub fn set_record(&mut self, to: Option<u32>) {
        match self {
            Place::File { .. } => {}
            Place::Csv { record, .. }
            | Place::Xml { record, .. }
            | Place::Ocr { record, .. }
            | Place::Record { record, .. } => *record = to,
        }
    }

    /// The same place without its record (the header lines of a CSV file are no records).
    pub fn without_record(mut self) -> Place {
        self.set_record(None);
        self
    }

    /// Sets (or clears) the item; no effect on a whole-file place.
    pub fn set_item(&mut self, to: Option<ItemRef>) {
        match self {
            Place::File { .. } => {}
            Place::Csv { item, .. }
            | Place::Xml { item, .. }
            | Place::Ocr { item, .. }
            | Place::Record { item, .. } => *item = to,
        }
    }

    /// Sets the XML element path; no effect on other places.
    pub fn set_xml_path(&mut self, to: Option<String>) {
        if let Place::Xml { xml_path, .. } = self {
            *xml_path = to;
        }
    }

    /// The highest page number a place shows: no scanned filing has more pages.
    pub const MAX_PAGE: u32 = 99_999;
    /// The largest pixel coordinate a place shows (A4 at 2,400 dpi is under 30,000 pixels).
    pub const MAX_PIXEL: u32 = 1_000_000;

    /// Sets the page and boxes; no effect on places that are not on paper.
    ///
    /// Page numbers and pixel coordinates come from the input. A page above [`Self::MAX_PAGE`]
    /// or a pixel box with a coordinate above [`Self::MAX_PIXEL`] is not kept: no scan has
    /// them, and a 10-digit number in a place could be a personal number given as a page or a
    /// coordinate. That happened: the ocr-fields fuzz target found `"bbox_px":[…,4294967295,…]`
    /// printed as it was. The readers report such values as geometry problems.
    pub fn set_page(
        &mut self,
        to: Option<u32>,
        to_bbox: Option<[f64; 4]>,
        to_px: Option<[u32; 4]>,
    ) {
        if let Place::Ocr {
            page,
            bbox,
            bbox_px,
            ..
        } = self
        {
            *page = to.filter(|p| *p <= Self::MAX_PAGE);
            *bbox = to_bbox;
            *bbox_px = to_px.filter(|b| b.iter().all(|v| *v <= Self::MAX_PIXEL));
        }
    }

    /// Every field, flat (for JSON, SARIF and the other machine formats).
    pub fn fields(&self) -> PlaceFields<'_> {
        PlaceFields {
            path: self.path(),
            span: *self.span(),
            record: self.record(),
            item: self.item(),
            item_name: self.item_name(),
            xml_path: self.xml_path(),
            page: self.page(),
            bbox: self.bbox(),
            bbox_px: self.bbox_px(),
        }
    }

    /// `path:line:column`, or as much of it as is known.
    ///
    /// ```
    /// use todokede::diag::{Place, PlaceKind, Span};
    /// let mut span = Span::line(6);
    /// span.column = Some(55);
    /// assert_eq!(Place::at(PlaceKind::Csv, "SHFD0006.CSV", span).position(), "SHFD0006.CSV:6:55");
    /// ```
    pub fn position(&self) -> String {
        let mut s = self.path().to_string();
        let span = self.span();
        if let Some(l) = span.line {
            let _ = write!(s, ":{l}");
            if let Some(c) = span.column {
                let _ = write!(s, ":{c}");
            }
        }
        s
    }

    /// The logical address in the filing's own terms: record, 項番 and name, byte offset, XML
    /// path, page and box (empty when the place has none of them).
    ///
    /// ```
    /// use todokede::diag::{ItemRef, Lang, Place, PlaceKind, Span};
    /// let mut p = Place::at(PlaceKind::Csv, "SHFD0006.CSV", Span::line(6).with_bytes(212, 224));
    /// p.set_record(Some(1));
    /// p.set_item(Some(ItemRef { no: 13, name: Some("個人番号") }));
    /// assert_eq!(p.address(Lang::Ja), "レコード1, 項番13 個人番号, バイト位置 212");
    /// assert_eq!(p.address(Lang::En), "record 1, item 13 個人番号, byte 212");
    /// ```
    pub fn address(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let Some(r) = self.record() {
            parts.push(match lang {
                Lang::Ja => format!("レコード{r}"),
                Lang::En => format!("record {r}"),
            });
        }
        if let Some(i) = self.item() {
            let name = self.item_name().unwrap_or("");
            parts.push(match lang {
                Lang::Ja => format!("項番{i} {name}").trim_end().to_string(),
                Lang::En => format!("item {i} {name}").trim_end().to_string(),
            });
        }
        if let Some(b) = self.span().byte_start {
            parts.push(match lang {
                Lang::Ja => format!("バイト位置 {b}"),
                Lang::En => format!("byte {b}"),
            });
        }
        if let Some(x) = self.xml_path() {
            parts.push(x.to_string());
        }
        if let Some(p) = self.page() {
            let mut s = match lang {
                Lang::Ja => format!("{p}ページ"),
                Lang::En => format!("page {p}"),
            };
            let (frame, pixels) = match lang {
                Lang::Ja => ("枠", "画素"),
                Lang::En => ("box", "px"),
            };
            if let Some(b) = self.bbox() {
                let _ = write!(
                    s,
                    ", {frame} ({:.3}, {:.3})–({:.3}, {:.3})",
                    b[0], b[1], b[2], b[3]
                );
            }
            if let Some(b) = self.bbox_px() {
                let _ = write!(s, " {pixels} ({}, {})–({}, {})", b[0], b[1], b[2], b[3]);
            }
            parts.push(s);
        }
        parts.join(", ")
    }
}
