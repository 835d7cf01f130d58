//! The staff report: one self-contained HTML page in Japanese (no external resource, no
//! script), per 事業所 and per record the findings in plain words with 項番 and 項目名 (the
//! places in the file behind a `<details>` toggle), and what the society issues. Its print
//! stylesheet puts each 事業所 on pages of its own, headed like a 返戻 (return) letter; a
//! 事業所's link `#office-N` prints that 事業所 alone.
//!
//! It lays out a [`StaffReport`]: the model and the findings already grouped, so it sees no
//! source format. Text from a filing goes through [`shown`] and is HTML-escaped; messages are
//! the diagnostics' own (they never carry a personal number).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::issuance::{address_ja, counts_ja, date_ja, shown, summary_ja};
use super::{RenderContext, Report};
use crate::diag::{Diagnostic, Lang, Omitted, Severity};
use crate::issuance::staff::{StaffFile, StaffOffice, StaffRecord, StaffReport};
use crate::issuance::{Issuance, IssuedPerson};

const STYLE: &str = r#"
:root { --err: #b00020; --warn: #8a5a00; --info: #145a8a; --line: #c9c9c9; }
* { box-sizing: border-box; }
body { font-family: "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, "Noto Sans CJK JP", "IPAGothic", sans-serif;
       margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem 3rem; line-height: 1.6; color: #1a1a1a; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; border-bottom: 1px solid var(--line); }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
h5 { font-size: .95rem; margin: .8rem 0 .2rem; }
h4.file { font-family: ui-monospace, monospace; font-size: .9rem; color: #333; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
td.date { white-space: nowrap; }
th { background: #f2f2f2; font-weight: 600; white-space: nowrap; }
nav ol { padding-left: 1.5rem; }
.office { border-top: 3px solid #333; margin-top: 2rem; padding-top: 1rem; }
.letter { display: grid; grid-template-columns: 1fr auto; gap: .5rem 2rem; }
.letter .to { font-size: 1.05rem; }
.letter .date { text-align: right; }
.letter h2, .letter .lead { grid-column: 1 / -1; }
.sev { display: inline-block; min-width: 3.2em; font-weight: 700; }
.error .sev { color: var(--err); }
.warning .sev { color: var(--warn); }
.info .sev { color: var(--info); }
.code { font-family: ui-monospace, "Noto Sans Mono CJK JP", monospace; font-size: .85rem; color: #555; }
.item { font-weight: 600; }
.findings { list-style: none; padding-left: 0; margin: .2rem 0 .6rem; }
.findings > li { border-left: 4px solid var(--line); padding: .2rem .6rem; margin: .35rem 0; }
.findings > li.error { border-color: var(--err); }
.findings > li.warning { border-color: var(--warn); }
.findings > li.info { border-color: var(--info); }
.help { margin: .1rem 0; color: #333; }
.note { margin: .1rem 0; color: var(--warn); }
details { font-size: .85rem; color: #444; }
details pre { white-space: pre-wrap; word-break: break-all; background: #f7f7f7; padding: .3rem; margin: .2rem 0; }
dl.where { display: grid; grid-template-columns: auto 1fr; gap: 0 1rem; margin: .2rem 0; }
dl.where dt { color: #666; }
dl.where dd { margin: 0; }
.ok { color: #2e7d32; }
.blocked { color: var(--err); font-weight: 600; }
.notes { padding-left: 1.2rem; }
.print-one { font-size: .9rem; }
.muted { color: #666; font-size: .9rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  table { font-size: 8.5pt; }
  th, td { padding: .15rem .3rem; }
  .run, .print-one, nav, .files { display: none; }
  .office { border-top: none; margin-top: 0; padding-top: 0; break-before: page; }
  .office:first-of-type { break-before: auto; }
  details { display: none; }
  th { background: none; }
  tr, .findings > li { break-inside: avoid; }
  /* A 事業所 opened through its link (#office-N) prints alone. */
  body:has(.office:target) .office:not(:target) { display: none; }
  body:has(.office:target) .office:target { break-before: auto; }
}
"#;

/// Escapes text for HTML; control and bidi characters become visible, never raw.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c if ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                let _ = write!(out, "[U+{:04X}]", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Input text, redacted then escaped.
fn inp(s: &str) -> String {
    esc(&shown(s))
}

fn severity_ja(s: Severity) -> &'static str {
    match s {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
        Severity::Info => "情報",
    }
}

/// The places of a finding: file position, byte offsets, XML path, page and box, the source
/// window; hidden behind a toggle because staff rarely need them.
fn where_details(d: &Diagnostic, out: &mut String) {
    out.push_str("<details><summary>ファイル上の位置</summary><dl class=\"where\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(out, "<dt>{k}</dt><dd>{v}</dd>");
    };
    row("ファイル", inp(&d.primary.position()));
    let address = d.primary.address(Lang::Ja);
    if !address.is_empty() {
        row("位置", inp(&address));
    }
    if let Some(b) = d.primary.span().byte_start {
        // The length, not `start〜end`: a wave dash joins digits as a separator of a number
        // would, and two offsets so joined read as a run of 10 digits (a fuzz find).
        let len = d
            .primary
            .span()
            .byte_end
            .filter(|e| *e > b)
            .map(|e| format!("（{}バイト）", e - b))
            .unwrap_or_default();
        row("バイト位置", format!("{b}{len}"));
    }
    for label in &d.secondary {
        let mut s = inp(&label.place.position());
        let a = label.place.address(Lang::Ja);
        if !a.is_empty() {
            let _ = write!(s, "（{}）", inp(&a));
        }
        let _ = write!(s, " — {}", esc(label.message.get(Lang::Ja)));
        row("関連する箇所", s);
    }
    out.push_str("</dl>");
    if let Some(s) = &d.snippet {
        let _ = write!(
            out,
            "<pre>{}行目: {}{}</pre>",
            s.line,
            inp(&s.text),
            if s.more_after { "…" } else { "" }
        );
    }
    out.push_str("</details>");
}

fn finding(d: &Diagnostic, out: &mut String) {
    let sev = d.severity;
    let _ = write!(
        out,
        "<li class=\"{}\" data-code=\"{}\"><span class=\"sev\">{}</span> <span class=\"code\">{}</span> ",
        sev.as_str(),
        esc(d.code()),
        severity_ja(sev),
        esc(d.code())
    );
    let message = d.message.get(Lang::Ja);
    if let Some(i) = d.primary.item() {
        // Most messages name their item already; the others get it in front.
        if !message.contains(&format!("項番{i}")) {
            let name = d.primary.item_name().unwrap_or("");
            let _ = write!(out, "<span class=\"item\">項番{i} {}</span>: ", esc(name));
        }
    }
    let _ = write!(
        out,
        "<span class=\"message\">{}</span>",
        esc(d.message.get(Lang::Ja))
    );
    for n in &d.notes {
        let _ = write!(out, "<p class=\"note\">{}</p>", esc(n.get(Lang::Ja)));
    }
    let help = d.help_text(Lang::Ja);
    if !help.is_empty() {
        let _ = write!(out, "<p class=\"help\">対処: {}</p>", esc(help));
    }
    where_details(d, out);
    out.push_str("</li>");
}

fn findings(list: &[&Diagnostic], out: &mut String) {
    out.push_str("<ol class=\"findings\">");
    for d in list {
        finding(d, out);
    }
    out.push_str("</ol>");
}

fn record_title(r: &StaffRecord<'_>) -> String {
    let mut s = format!("レコード{}　", r.source.record);
    s.push_str(&inp(r.form_title.as_deref().unwrap_or(&r.form)));
    s.push_str(&format!("（{}）", inp(&r.form)));
    let names: Vec<String> = r
        .persons
        .iter()
        .map(|(n, role)| format!("{}（{}）", inp(n), role.ja()))
        .collect();
    if !names.is_empty() {
        s.push('　');
        s.push_str(&names.join("、"));
    }
    if let Some(n) = &r.reference_number {
        s.push_str(&format!("　整理番号 {}", inp(n)));
    }
    s
}

fn person_row(p: &IssuedPerson, out: &mut String) {
    let d = |d: Option<chrono::NaiveDate>| {
        d.map_or("—".to_string(), |d| d.format("%Y/%m/%d").to_string())
    };
    let status = if p.ready() {
        "<span class=\"ok\">登録可</span>".to_string()
    } else {
        format!(
            "<span class=\"blocked\">訂正待ち（{}）</span>",
            esc(&p.blocked_by.join(", "))
        )
    };
    let notes: Vec<String> = p
        .notes
        .iter()
        .filter(|n| n.code != "data_link")
        .map(|n| esc(&n.ja))
        .collect();
    let _ = write!(
        out,
        "<tr><td>{}<br><span class=\"muted\">{}</span></td><td>{}</td><td class=\"date\">{}</td><td>{}</td><td>{}</td>\
         <td>{}</td><td class=\"date\">{}</td><td class=\"date\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        inp(p.name_kanji.as_deref().unwrap_or("—")),
        inp(p.name_kana.as_deref().unwrap_or("")),
        p.role.ja(),
        d(p.birth_date),
        p.reference_number.as_deref().map_or("—".into(), inp),
        inp(&p.form),
        esc(p.certificate.ja()),
        d(p.issue_on),
        d(p.certificate_expires_on),
        p.copay_display.map_or("—".to_string(), |c| {
            let age = p.age_at_issue.map(|a| format!("（{a}歳）")).unwrap_or_default();
            format!("{}{age}", esc(c))
        }),
        status,
        notes.join("<br>"),
    );
}

fn issuance_table(o: &StaffOffice<'_>, out: &mut String) {
    out.push_str("<h3>交付予定（資格情報のお知らせ・資格確認書）</h3>");
    let Some(iss) = o.issuance else {
        out.push_str(
            "<p class=\"muted\">この事業所の届書には、健康保険に加入する方がいません。</p>",
        );
        return;
    };
    match iss.deliver_to.as_ref().filter(|a| a.address.is_some()) {
        Some(a) => {
            let _ = write!(
                out,
                "<p>送付先: 事業所の登録住所（届書の記載: {}）</p>",
                address_ja(a)
            );
        }
        None => out.push_str("<p>送付先: 事業所の登録住所（届書に記載がありません）</p>"),
    }
    if !iss.notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in &iss.notes {
            let _ = write!(out, "<li data-note=\"{}\">{}</li>", n.code, esc(&n.ja));
        }
        out.push_str("</ul>");
    }
    out.push_str(
        "<table class=\"issuance\"><thead><tr><th>氏名</th><th>続柄</th><th>生年月日</th><th>整理番号</th>\
         <th>様式</th><th>資格確認書</th><th>発行予定日</th><th>有効期限</th><th>負担割合</th><th>状態</th>\
         <th>備考</th></tr></thead><tbody>",
    );
    for p in &iss.persons {
        person_row(p, out);
    }
    out.push_str("</tbody></table>");
    let _ = write!(
        out,
        "<p class=\"counts\">{}</p>",
        esc(&counts_ja(&iss.counts))
    );
}

fn records_table(records: &[StaffRecord<'_>], out: &mut String) {
    out.push_str(
        "<table class=\"records\"><thead><tr><th>レコード</th><th>行</th><th>様式</th><th>氏名</th><th>整理番号</th><th>結果</th></tr></thead><tbody>",
    );
    for r in records {
        let names: Vec<String> = r.persons.iter().map(|(n, _)| inp(n)).collect();
        let e = r.errors();
        let w = r
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let result = match (e, w) {
            (0, 0) => "<span class=\"ok\">問題なし</span>".to_string(),
            (0, w) => format!("警告 {w}件"),
            (e, 0) => format!("<span class=\"blocked\">エラー {e}件</span>"),
            (e, w) => format!("<span class=\"blocked\">エラー {e}件</span>・警告 {w}件"),
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{result}</td></tr>",
            r.source.record,
            r.source.line.map_or("—".to_string(), |l| l.to_string()),
            inp(r.form_title.as_deref().unwrap_or(&r.form)),
            names.join("、"),
            r.reference_number.as_deref().map_or("—".into(), inp),
        );
    }
    out.push_str("</tbody></table>");
}

fn office(n: usize, o: &StaffOffice<'_>, i: &Issuance, out: &mut String) {
    let errors = o.errors();
    let _ = write!(out, "<section class=\"office\" id=\"office-{n}\">");
    let name = o
        .name
        .as_deref()
        .map_or("（事業所名なし）".to_string(), inp);
    out.push_str("<div class=\"letter\"><p class=\"to\">");
    if let Some(a) = &o.address {
        if let Some(p) = &a.postcode {
            let _ = write!(out, "〒{}<br>", inp(p));
        }
        if let Some(x) = &a.address {
            let _ = write!(out, "{}<br>", inp(x));
        }
    }
    let _ = write!(out, "{name}　御中");
    if let Some(owner) = o.address.as_ref().and_then(|a| a.owner.as_deref()) {
        let _ = write!(out, "<br>事業主　{}　様", inp(owner));
    }
    let _ = write!(
        out,
        "<br><span class=\"muted\">{}</span></p><p class=\"date\">{}</p>",
        inp(&o.key.ja()),
        date_ja(i.received_on)
    );
    if errors > 0 {
        out.push_str(
            "<h2>届書の返戻について（訂正のお願い）</h2><p class=\"lead\">お届けいただいた届書に、\
             訂正が必要な箇所がありました。下記の「エラー」を訂正のうえ、あらためてご提出ください。\
             エラーのある方は、訂正後の届書を受け付けるまで資格の登録ができません。</p>",
        );
    } else {
        out.push_str(
            "<h2>届書の受付と交付予定のお知らせ</h2><p class=\"lead\">お届けいただいた届書を確認しました。\
             資格情報のお知らせ・資格確認書は、下記の予定で事業所の登録住所に送付します。</p>",
        );
    }
    out.push_str("</div>");
    let _ = write!(
        out,
        "<p class=\"print-one\"><a href=\"#office-{n}\">この事業所だけを印刷する</a>（このリンクを開いてから印刷してください）</p>"
    );
    out.push_str("<h3>届書の内容と検査結果</h3>");
    // Records come file by file; each file gets its table and then its findings.
    let mut rest: &[StaffRecord<'_>] = &o.records;
    while let Some(first) = rest.first() {
        let n = rest
            .iter()
            .take_while(|r| r.source.path == first.source.path)
            .count();
        let (file, next) = rest.split_at(n);
        rest = next;
        let _ = write!(
            out,
            "<h4 class=\"file\">ファイル {}</h4>",
            inp(&first.source.path)
        );
        records_table(file, out);
        for r in file.iter().filter(|r| !r.findings.is_empty()) {
            let _ = write!(out, "<h5>{}</h5>", record_title(r));
            findings(&r.findings, out);
        }
    }
    issuance_table(o, out);
    out.push_str("</section>");
}

fn file_section(
    files: &[StaffFile<'_>],
    other: &[&Diagnostic],
    omitted: &[Omitted],
    out: &mut String,
) {
    let with: Vec<&StaffFile<'_>> = files.iter().filter(|f| !f.findings.is_empty()).collect();
    if with.is_empty() && other.is_empty() && omitted.is_empty() {
        return;
    }
    out.push_str("<section class=\"files\"><h2>ファイル全体の検査結果</h2>");
    for f in with {
        let _ = write!(
            out,
            "<h4>{}（{}、{}レコード）</h4>",
            inp(&f.path),
            esc(&f.format),
            f.records
        );
        findings(&f.findings, out);
    }
    if !other.is_empty() {
        out.push_str("<h4>届書として読めなかったもの</h4>");
        findings(other, out);
    }
    floods(omitted, out);
    out.push_str("</section>");
}

/// Floods, per file and code: how many findings past the first few were counted and not
/// shown (as every other format lists them).
fn floods(omitted: &[Omitted], out: &mut String) {
    if omitted.is_empty() {
        return;
    }
    out.push_str("<h4>表示を省略した指摘（ファイル・コードごと）</h4><table class=\"omitted\"><thead><tr><th>ファイル</th><th>コード</th><th>区分</th><th>省略した件数</th><th>内容</th></tr></thead><tbody>");
    for o in omitted {
        let _ = write!(
            out,
            "<tr class=\"{}\"><td>{}</td><td class=\"code\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            o.severity.as_str(),
            inp(&o.path),
            esc(o.code),
            severity_ja(o.severity),
            o.count,
            esc(&o.describe(Lang::Ja))
        );
    }
    out.push_str("</tbody></table>");
}

/// The staff report of a run.
pub fn render_staff(s: &StaffReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let i = s.issuance;
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str("<meta name=\"generator\" content=\"todokede\">");
    let _ = write!(
        h,
        "<title>届書の検査結果と交付予定（受付日 {}）</title><style>{STYLE}</style></head><body>",
        i.received_on
    );
    h.push_str("<header class=\"run\"><h1>届書の検査結果と交付予定</h1>");
    let _ = write!(
        h,
        "<p>受付日 {}　作成 todokede {}</p>",
        date_ja(i.received_on),
        env!("CARGO_PKG_VERSION")
    );
    let _ = write!(
        h,
        "<p class=\"summary\">{}ファイル・{}事業所を検査: エラー {}件、警告 {}件、情報 {}件{}</p>",
        s.files.len(),
        s.offices.len(),
        s.errors,
        s.warnings,
        s.infos,
        if s.not_shown > 0 {
            format!("（表示上限により{}件省略）", s.not_shown)
        } else {
            String::new()
        }
    );
    let _ = write!(h, "<p class=\"summary\">{}</p>", esc(&summary_ja(i)));
    if !s.offices.is_empty() {
        let _ = write!(
        h,
        "<p class=\"muted\">発行予定日は受付日から、資格確認書の発行希望ありは7営業日、希望なし（データ連携による）は11日後（休業日なら翌営業日）の目安です。\
         営業日は土日・祝日（内閣府の表、{}〜{}年）・休業日（{}）を除いて数えます。\
         負担割合は発行時70歳以上の方にのみ表示され、69歳以下は「******」です。</p>",
        i.holidays_first_year,
        i.holidays_last_year,
        esc(&i.closed_days.to_string())
    );
    }
    if !s.offices.is_empty() {
        h.push_str("<nav><h2>事業所</h2><ol>");
        for (n, o) in s.offices.iter().enumerate() {
            let name = o
                .name
                .as_deref()
                .map_or("（事業所名なし）".to_string(), inp);
            let e = o.errors();
            let _ = write!(
                h,
                "<li><a href=\"#office-{}\">{name}</a>　{}　{}</li>",
                n + 1,
                inp(&o.key.ja()),
                if e > 0 {
                    format!("<span class=\"blocked\">エラー {e}件</span>")
                } else {
                    "<span class=\"ok\">エラーなし</span>".to_string()
                }
            );
        }
        h.push_str("</ol></nav>");
    }
    h.push_str("<p class=\"print-one muted\">印刷すると、事業所ごとに返戻票として別のページになります。1つの事業所だけを印刷するには、その事業所の「この事業所だけを印刷する」を開いてから印刷してください。</p></header>");
    // Written 事業所 by 事業所: the page is never held whole.
    let mut out = io::BufWriter::new(out);
    for (n, o) in s.offices.iter().enumerate() {
        office(n + 1, o, i, &mut h);
        out.write_all(h.as_bytes())?;
        h.clear();
    }
    file_section(&s.files, &s.other, s.omitted, &mut h);
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())?;
    out.flush()
}

/// The page from a check report alone (no model at hand): every finding under its file.
/// `check --format html` reads the model as well and renders [`render_staff`].
pub fn render(report: &Report, _ctx: &RenderContext, out: &mut dyn Write) -> io::Result<()> {
    let issuance = Issuance {
        received_on: report.received_on,
        issue_on: None,
        closed_days: Default::default(),
        holidays_first_year: 0,
        holidays_last_year: 0,
        offices: Vec::new(),
        files: report.files.len(),
        summary: Default::default(),
    };
    let staff = crate::issuance::staff::build(&[], report, &issuance);
    render_staff(&staff, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_markup_and_controls_out() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(esc("a\u{1b}[31mb"), "a␛[31mb");
        assert_eq!(esc("x\u{202e}y"), "x[U+202E]y");
    }
}
