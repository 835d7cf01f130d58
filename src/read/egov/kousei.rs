//! kousei.xml (構成管理XML) and the 構成情報XML of the 個別ファイル署名形式: which procedure,
//! which forms, which attachments, and whether a signature is there.

use super::xml::Doc;
use crate::diag::registry as r;
use crate::diag::{Diagnostic, Sink, Text};

/// One 申請書属性情報.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRef {
    /// 様式ID.
    pub form_id: String,
    /// 様式バージョン, as written.
    pub version: String,
    /// The form's file in the application folder.
    pub file: String,
    /// The 申請書属性情報 element.
    pub element: usize,
}

impl FormRef {
    /// The version as a number, when it is one.
    pub fn version_number(&self) -> Option<u16> {
        self.version.trim().parse().ok()
    }
}

/// One 添付書類属性情報.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRef {
    /// The attachment's file in the application folder.
    pub file: String,
    /// The element that names it (an index into the document).
    pub element: usize,
}

/// What a 構成管理XML / 構成情報XML says.
#[derive(Debug, Clone, Default)]
pub struct Kousei {
    /// 手続ID.
    pub proc_id: String,
    /// The 手続ID element.
    pub proc_element: Option<usize>,
    /// The forms it lists.
    pub forms: Vec<FormRef>,
    /// The attachments it lists.
    pub attachments: Vec<AttachmentRef>,
    /// A 署名情報 with at least one Signature.
    pub signed: bool,
}

/// Reads the tree of a kousei file; reports (XML005) when 手続ID cannot be found.
pub fn read(doc: &Doc<'_>, path: &str, sink: &mut Sink) -> Kousei {
    let mut k = Kousei::default();
    let Some(root) = doc.root() else {
        return k;
    };
    let info = doc
        .get(root)
        .filter(|e| e.name == "DataRoot")
        .and_then(|_| doc.child(root, "構成情報"));
    k.proc_element = info.and_then(|i| doc.descend(i, &["管理情報", "手続番号", "手続ID"]));
    match k.proc_element.and_then(|i| doc.get(i)) {
        Some(e) if !e.text.trim().is_empty() => k.proc_id = e.text.trim().to_string(),
        _ => sink.push(Diagnostic::new(
            &r::XML_STRUCTURE,
            doc.locate_element(path, info.unwrap_or(root)),
            Text::new(
                "DataRoot > 構成情報 > 管理情報 > 手続番号 > 手続ID がありません",
                "no DataRoot > 構成情報 > 管理情報 > 手続番号 > 手続ID",
            ),
        )),
    }
    if let Some(info) = info {
        for el in doc.children_named(info, "申請書属性情報") {
            k.forms.push(FormRef {
                form_id: doc.text_at(el, &["申請書様式ID"]).trim().to_string(),
                version: doc
                    .text_at(el, &["申請書様式バージョン"])
                    .trim()
                    .to_string(),
                file: doc.text_at(el, &["申請書ファイル名称"]).trim().to_string(),
                element: el,
            });
        }
        for el in doc.children_named(info, "添付書類属性情報") {
            k.attachments.push(AttachmentRef {
                file: doc
                    .text_at(el, &["添付書類ファイル名称"])
                    .trim()
                    .to_string(),
                element: el,
            });
        }
    }
    k.signed = doc
        .child(root, "署名情報")
        .is_some_and(|s| doc.child(s, "Signature").is_some());
    k
}

/// True for a 構成情報XML of the 個別ファイル署名形式: `kousei` + 17 digits + `.xml`.
pub fn is_individual_name(name: &str) -> bool {
    name.strip_prefix("kousei")
        .and_then(|s| s.strip_suffix(".xml"))
        .is_some_and(|d| d.len() == 17 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// True for skeleton support files that tools submit unchanged: `{様式ID}.xsl`, schemas, and
/// `{様式ID}check.xml`.
pub fn is_skeleton_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xsl")
        || lower.ends_with(".xsd")
        || lower
            .strip_suffix("check.xml")
            .is_some_and(|id| id.len() == 18 && id.bytes().all(|b| b.is_ascii_digit()))
}

/// True for a form XML name: `{様式ID(18)}_{NN}.xml` (any case of the extension).
pub fn is_form_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .strip_suffix(".xml")
        .and_then(|s| s.split_once('_'))
        .is_some_and(|(id, n)| {
            id.len() == 18
                && id.bytes().all(|b| b.is_ascii_digit())
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_individual_name("kousei20241227140511001.xml"));
        assert!(!is_individual_name("kousei.xml"));
        assert!(is_skeleton_name("495013521019030837.xsl"));
        assert!(is_skeleton_name("495013521019030837check.xml"));
        assert!(!is_skeleton_name("check.xml"));
        assert!(is_form_name("495013521019030837_01.xml"));
        assert!(!is_form_name("900A01020000100001_01.XML"));
        assert!(is_form_name("495013521019030837_01.XML"));
    }
}
