//! The issuance list as CSV, one row per person, written with the `csv` crate (quoting as RFC
//! 4180 needs it). UTF-8 with a byte order mark by default, so Excel opens it as UTF-8; Shift_JIS
//! for the society's systems. No personal-number column exists, not even a masked one.

use super::shown;
use crate::issuance::{Issuance, IssuedPerson, OfficeIssuance};

/// The character encoding of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte order mark (Excel reads it as UTF-8).
    Utf8,
    /// Shift_JIS (Windows-31J): characters it cannot hold are written as 〓 and counted.
    ShiftJis,
}

const HEAD: [&str; 25] = [
    "事業所区分",
    "事業所記号",
    "事業所番号",
    "事業所名称",
    "送付先郵便番号",
    "送付先住所",
    "社労士経由",
    "氏名（漢字）",
    "氏名（カナ）",
    "続柄",
    "生年月日",
    "被保険者整理番号",
    "様式コード",
    "様式名",
    "ファイル",
    "レコード",
    "行",
    "資格確認書",
    "資格情報のお知らせ",
    "発行予定日",
    "有効期限",
    "発行時年齢",
    "負担割合",
    "訂正待ち",
    "備考",
];

/// A cell that a spreadsheet would take for a formula starts with `'` (OWASP CSV injection).
fn cell(s: &str) -> String {
    let s = shown(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

fn row(o: &OfficeIssuance, p: &IssuedPerson) -> [String; 25] {
    let opt = |s: &Option<String>| s.as_deref().map(cell).unwrap_or_default();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let addr = o.deliver_to.as_ref();
    let notes: Vec<&str> = p
        .notes
        .iter()
        .chain(o.notes.iter())
        .map(|n| n.ja.as_str())
        .collect();
    [
        o.key.kind_ja().to_string(),
        cell(&o.key.code()),
        opt(&o.number),
        opt(&o.name),
        addr.map(|a| opt(&a.postcode)).unwrap_or_default(),
        addr.map(|a| opt(&a.address)).unwrap_or_default(),
        if o.notes.iter().any(|n| n.code == "via_sharoushi") {
            "はい".into()
        } else {
            String::new()
        },
        opt(&p.name_kanji),
        opt(&p.name_kana),
        p.role.ja().into(),
        date(p.birth_date),
        opt(&p.reference_number),
        cell(&p.form),
        opt(&p.form_title),
        cell(&p.source.path),
        p.source.record.to_string(),
        p.source.line.map(|l| l.to_string()).unwrap_or_default(),
        p.certificate.ja().into(),
        if p.notice {
            "交付".into()
        } else {
            String::new()
        },
        date(p.issue_on),
        date(p.certificate_expires_on),
        p.age_at_issue.map(|a| a.to_string()).unwrap_or_default(),
        p.copay_display.unwrap_or("").into(),
        p.blocked_by.join(" "),
        notes.join("／"),
    ]
}

/// The file's bytes, and how many characters Shift_JIS could not hold (written as 〓).
pub fn render(i: &Issuance, encoding: Encoding) -> std::io::Result<(Vec<u8>, usize)> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEAD)?;
    for o in &i.offices {
        for p in &o.persons {
            w.write_record(row(o, p))?;
        }
    }
    let text = w
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let text = String::from_utf8(text).map_err(std::io::Error::other)?;
    Ok(match encoding {
        Encoding::Utf8 => {
            let mut out = "\u{feff}".as_bytes().to_vec();
            out.extend_from_slice(text.as_bytes());
            (out, 0)
        }
        Encoding::ShiftJis => shift_jis(&text),
    })
}

/// The JIS X 0208 code points that Windows-31J (what encoding_rs encodes) holds under other
/// ones: `〜` (U+301C) is 0x8160 there only as `～` (U+FF5E), and so on.
fn windows_31j(c: char) -> char {
    match c {
        '\u{301c}' => '\u{ff5e}',
        '\u{2016}' => '\u{2225}',
        '\u{2212}' => '\u{ff0d}',
        '\u{00a2}' => '\u{ffe0}',
        '\u{00a3}' => '\u{ffe1}',
        '\u{00ac}' => '\u{ffe2}',
        '\u{2014}' => '\u{2015}',
        c => c,
    }
}

/// Encodes to Shift_JIS (Windows-31J, as encoding_rs maps it), one 〓 per character it cannot
/// hold: encoding_rs would write an HTML entity, which no spreadsheet reads back.
fn shift_jis(text: &str) -> (Vec<u8>, usize) {
    let text: String = text.chars().map(windows_31j).collect();
    let text = text.as_str();
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    if !unmappable {
        return (bytes.into_owned(), 0);
    }
    let mut out = Vec::with_capacity(text.len());
    let mut lost = 0;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let s = c.encode_utf8(&mut buf);
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(s);
        if unmappable {
            lost += 1;
            let (geta, _, _) = encoding_rs::SHIFT_JIS.encode("〓");
            out.extend_from_slice(&geta);
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    (out, lost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("山田　太郎"), "山田　太郎");
    }

    #[test]
    fn jis_code_points_are_written_as_windows_31j() {
        let (b, lost) = shift_jis("10〜11日−");
        assert_eq!(lost, 0);
        assert_eq!(b, b"10\x81\x6011\x93\xfa\x81\x7c");
    }

    #[test]
    fn shift_jis_replaces_what_it_cannot_hold() {
        let (b, lost) = shift_jis("山田😀");
        assert_eq!(lost, 1);
        let (back, _, _) = encoding_rs::SHIFT_JIS.decode(&b);
        assert_eq!(back, "山田〓");
    }
}
