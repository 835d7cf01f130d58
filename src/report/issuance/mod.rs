//! Renderers of the issuance list (`todokede issuance`): a terminal table, `todokede-issuance/1`
//! JSON and a CSV for spreadsheets and the society's systems; the HTML staff report is
//! `report/html.rs`. They see the list, never a source format, and no personal number: the list
//! carries none, and every text that came from a filing goes through [`shown`].

pub mod csv;
pub mod json;
pub mod table;

/// Output formats of `issuance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Japanese, aligned for a terminal.
    Table,
    /// `todokede-issuance/1` (schemas/todokede-issuance-1.schema.json).
    Json,
    /// One row per person (UTF-8 with BOM, or Shift_JIS with `--encoding shift_jis`).
    Csv,
    /// The staff report: one self-contained HTML page per run, printable per 事業所.
    Html,
}

/// Text that came from a filing (names, addresses, paths, form codes), as it may be shown:
/// through the one redaction of input text (`diag::redact::name`: runs of digits that could be a
/// personal number masked, control characters escaped, nothing cut).
pub fn shown(text: &str) -> String {
    crate::diag::redact::name(text)
}

/// A date as staff read it in Japanese text: `2026年12月10日(木)`.
pub fn date_ja(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    format!(
        "{}年{}月{}日({})",
        d.year(),
        d.month(),
        d.day(),
        DAYS[d.weekday().num_days_from_monday() as usize]
    )
}

/// The run's counts in one Japanese line.
pub fn summary_ja(i: &crate::issuance::Issuance) -> String {
    let s = &i.summary;
    format!(
        "{}ファイル・{}事業所・{}名: 資格情報のお知らせ {}件、資格確認書 {}件、送付者リスト {}名、データ連携による {}名、要確認 {}名、訂正待ち {}名",
        i.files,
        i.offices.len(),
        s.persons,
        s.notices,
        s.certificates,
        s.sending_list,
        s.data_link,
        s.unknown,
        s.blocked
    )
}

/// One 事業所's counts in one Japanese line.
pub fn counts_ja(c: &crate::issuance::Counts) -> String {
    format!(
        "B 資格情報のお知らせ {}件・C 資格確認書 {}件・D 送付者リスト {}名／データ連携による {}名・要確認 {}名・訂正待ち {}名",
        c.notices, c.certificates, c.sending_list, c.data_link, c.unknown, c.blocked
    )
}

/// `〒100-0001 東京都千代田区… 株式会社見本商事`, or what of it is known.
pub fn address_ja(a: &crate::issuance::Address) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &a.postcode {
        parts.push(format!("〒{}", shown(p)));
    }
    if let Some(x) = &a.address {
        parts.push(shown(x));
    }
    if let Some(n) = &a.name {
        parts.push(shown(n));
    }
    parts.join(" ")
}
