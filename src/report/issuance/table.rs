//! The issuance list for a terminal: per 事業所 a block with the address the documents go to,
//! one aligned row per person, the notes, and the counts; a summary line for the run.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{address_ja, counts_ja, shown, summary_ja};
use crate::issuance::{Issuance, IssuedPerson};

const HEAD: [&str; 12] = [
    "氏名",
    "カナ",
    "続柄",
    "生年月日",
    "整理番号",
    "様式",
    "資格確認書",
    "発行予定日",
    "有効期限",
    "年齢",
    "負担割合",
    "状態",
];

fn cells(p: &IssuedPerson) -> [String; 12] {
    let d = |d: Option<chrono::NaiveDate>| d.map_or("—".to_string(), |d| d.to_string());
    [
        shown(p.name_kanji.as_deref().unwrap_or("—")),
        shown(p.name_kana.as_deref().unwrap_or("—")),
        p.role.ja().to_string(),
        d(p.birth_date),
        p.reference_number.as_deref().map_or("—".into(), shown),
        shown(&p.form),
        p.certificate.ja().to_string(),
        d(p.issue_on),
        d(p.certificate_expires_on),
        p.age_at_issue.map_or("—".into(), |a| a.to_string()),
        p.copay_display.unwrap_or("—").to_string(),
        if p.ready() {
            "登録可".to_string()
        } else {
            format!("訂正待ち（{}）", p.blocked_by.join(", "))
        },
    ]
}

/// Pads `s` with spaces to `width` display columns (a kanji is two).
fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Writes the issuance list as an aligned Japanese table, for a terminal.
pub fn render(i: &Issuance, out: &mut dyn Write) -> io::Result<()> {
    let basis = match i.issue_on {
        Some(d) => format!("発行日 {d}（指定）"),
        None => format!(
            "受付日 {}（営業日は土日・祝日（{}〜{}年の内閣府の表）・休業日 {} を除いて数えます）",
            i.received_on, i.holidays_first_year, i.holidays_last_year, i.closed_days
        ),
    };
    writeln!(out, "資格確認書・資格情報のお知らせの交付予定　{basis}")?;
    for o in &i.offices {
        writeln!(out)?;
        let name = o.name.as_deref().map_or("（事業所名なし）".into(), shown);
        let mut id = shown(&o.key.ja());
        if let Some(n) = &o.number {
            id.push_str(&format!("、事業所番号 {}", shown(n)));
        }
        writeln!(out, "■ {name}（{id}）")?;
        match o.deliver_to.as_ref().filter(|a| a.address.is_some()) {
            Some(a) => writeln!(
                out,
                "  送付先: 事業所の登録住所（届書の記載: {}）",
                address_ja(a)
            )?,
            None => writeln!(out, "  送付先: 事業所の登録住所（届書に記載なし）")?,
        }
        for n in &o.notes {
            writeln!(out, "  ※ {}", n.ja)?;
        }
        let rows: Vec<[String; 12]> = o.persons.iter().map(cells).collect();
        let mut widths = HEAD.map(UnicodeWidthStr::width);
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(UnicodeWidthStr::width(c.as_str()));
            }
        }
        let line = |cells: &[String]| {
            let last = cells.len() - 1;
            let mut s = String::from("  ");
            for (k, (c, w)) in cells.iter().zip(widths).enumerate() {
                if k == last {
                    s.push_str(c);
                } else {
                    // A `|` between columns, not only spaces: neighbouring numbers (a date, a
                    // 整理番号, a form code) must never read as one long number.
                    s.push_str(&pad(c, w));
                    s.push_str(" | ");
                }
            }
            s
        };
        writeln!(out, "{}", line(&HEAD.map(String::from)))?;
        for r in &rows {
            writeln!(out, "{}", line(r))?;
        }
        for p in &o.persons {
            for n in p.notes.iter().filter(|n| n.code != "data_link") {
                writeln!(out, "  ※ {}: {}", shown(p.name()), n.ja)?;
            }
        }
        writeln!(out, "  {}", counts_ja(&o.counts))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", summary_ja(i))
}
