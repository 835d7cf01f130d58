//! The CSV reader on small inputs built in the test: exact places, structure diagnostics, and
//! "keeps going" behaviour.

mod support;

use support::*;
use todokede::diag::Severity;
use todokede::source::SourceFormat;

fn check_bytes(name: &str, bytes: &[u8]) -> todokede::Report {
    let (_dir, path) = write_temp(name, bytes);
    check_paths(&[path], &config("2024-12-10"))
}

fn codes(r: &todokede::Report) -> Vec<&'static str> {
    r.diagnostics().iter().map(|d| d.code()).collect()
}

#[test]
fn a_valid_record_has_no_findings() {
    let r = check_bytes(
        "SHFD0006.CSV",
        &shfd(&[acquisition(&my_number("12345678901"))]),
    );
    assert_eq!(codes(&r), Vec::<&str>::new());
    assert_eq!(r.files[0].records, 1);
    assert_eq!(r.files[0].format, Some(SourceFormat::ShfdCsv));
}

#[test]
fn vendor_character_is_reported_at_its_byte_and_character() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec[7] = "髙田　太郎".into();
    let bytes = shfd(&[rec.clone()]);
    let r = check_bytes("SHFD0006.CSV", &bytes);
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "ENC003")
        .expect("ENC003");
    // The offset is the byte of 髙 in the original Shift_JIS file.
    let at = d.primary.span().byte_start.expect("byte") as usize;
    assert_eq!(&bytes[at..at + 2], &[0xFB, 0xFC], "髙 is FB FC in CP932");
    assert_eq!(d.primary.span().byte_end, Some(at as u64 + 2));
    assert_eq!(d.primary.span().line, Some(6));
    assert_eq!(d.primary.item(), Some(8));
    // Column in characters of the decoded line.
    let line = rec.join(",");
    let col = line[..line.find('髙').unwrap()].chars().count() as u32 + 1;
    assert_eq!(d.primary.span().column, Some(col));
    assert!(d.message.ja.contains('髙'));
}

#[test]
fn item_columns_count_characters_not_bytes() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec[11] = "2".into(); // 取得区分 2 is not a code
    let r = check_bytes("SHFD0006.CSV", &shfd(&[rec.clone()]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "FLD005")
        .expect("FLD005");
    let before: usize = rec[..11].iter().map(|s| s.chars().count() + 1).sum();
    assert_eq!(d.primary.span().column, Some(before as u32 + 1));
    assert_eq!(d.primary.span().end_column, Some(before as u32 + 2));
    assert_eq!(d.primary.item_name(), Some("取得区分"));
    assert_eq!(d.primary.record(), Some(1));
}

#[test]
fn undecodable_byte_is_reported_and_the_rest_is_still_checked() {
    let mut bytes = shfd(&[
        acquisition(&my_number("12345678901")),
        acquisition(&my_number("23456789012")),
    ]);
    // Put a lone 0x80 into the first record's カナ name.
    let pos = bytes
        .windows(2)
        .position(|w| w == [0xD4, 0xCF])
        .expect("ﾔﾏ");
    bytes[pos] = 0x80;
    let r = check_bytes("SHFD0006.CSV", &bytes);
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "ENC002")
        .expect("ENC002");
    assert_eq!(d.primary.span().byte_start, Some(pos as u64));
    assert_eq!(r.files[0].records, 2);
}

#[test]
fn utf8_file_is_one_clear_error() {
    let text =
        HEADER.join("\r\n") + "\r\n" + &acquisition(&my_number("12345678901")).join(",") + "\r\n";
    let r = check_bytes("SHFD0006.CSV", text.as_bytes());
    assert_eq!(codes(&r), vec!["ENC001"]);
}

#[test]
fn lf_only_lines_are_reported_once_with_a_count() {
    let text = HEADER.join("\n") + "\n" + &acquisition(&my_number("12345678901")).join(",") + "\n";
    let r = check_bytes("SHFD0006.CSV", &sjis(&text));
    let lf: Vec<_> = r
        .diagnostics()
        .iter()
        .filter(|d| d.code() == "STR002")
        .collect();
    assert_eq!(lf.len(), 2, "first line + a count of the others");
    assert_eq!(lf[0].primary.span().line, Some(1));
    assert!(lf[1].message.en.contains("5 more"));
}

#[test]
fn a_comma_inside_a_value_shifts_items_and_is_named() {
    let mut rec = acquisition("");
    rec[12].clear();
    rec[28] = "102".into();
    rec[29] = "0073".into();
    rec[30] = "ﾄｳｷｮｳﾄ".into();
    rec[31] = "東京都千代田区,九段北".into();
    let r = check_bytes("SHFD0006.CSV", &shfd(&[rec]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "STR004")
        .expect("STR004");
    assert!(d.message.en.contains("35 items"), "{}", d.message.en);
    assert!(d.help_text(todokede::diag::Lang::En).contains("comma"));
}

#[test]
fn old_layout_marks_persons_not_requested_old_format() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec.truncate(33);
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&[rec]));
    let (filing, report) = read_filing(&path, &config("2024-12-10"));
    let d = report
        .diagnostics()
        .iter()
        .find(|d| d.code() == "CRT002")
        .expect("CRT002");
    assert_eq!(d.severity, Severity::Warning);
    let person = &filing.forms[0].persons[0];
    assert_eq!(
        person.certificate_request,
        Some(todokede::model::CertificateRequest::NotRequestedOldFormat)
    );
    // Before 2024-11-28 an old form is still accepted: information only.
    let (_, early) = read_filing(&path, &config("2024-11-27"));
    let d = early
        .diagnostics()
        .iter()
        .find(|d| d.code() == "CRT002")
        .expect("CRT002");
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn certificate_box_sets_the_request() {
    let mut yes = acquisition(&my_number("12345678901"));
    yes[33] = "1".into();
    let no = acquisition(&my_number("23456789012"));
    let mut bad = acquisition(&my_number("34567890123"));
    bad[33] = "2".into();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&[yes, no, bad]));
    let (filing, report) = read_filing(&path, &config("2024-12-10"));
    use todokede::model::CertificateRequest::*;
    let got: Vec<_> = filing
        .forms
        .iter()
        .map(|f| f.persons[0].certificate_request)
        .collect();
    assert_eq!(
        got,
        vec![Some(Requested), Some(NotRequested), Some(Unknown)]
    );
    assert_eq!(codes(&report), vec!["CRT001"]);
}

#[test]
fn duplicate_my_number_points_at_both_records() {
    let n = my_number("12345678901");
    let r = check_bytes("SHFD0006.CSV", &shfd(&[acquisition(&n), acquisition(&n)]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "MYN003")
        .expect("MYN003");
    assert_eq!(d.primary.record(), Some(2));
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(d.secondary[0].place.record(), Some(1));
    assert_eq!(d.secondary[0].place.span().line, Some(6));
}

#[test]
fn max_diagnostics_caps_what_is_kept_but_counts_everything() {
    let recs: Vec<_> = (0..20).map(|_| acquisition("123")).collect();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&recs));
    let mut cfg = config("2024-12-10");
    cfg.max_diagnostics = Some(5);
    let r = check_paths(&[path], &cfg);
    assert_eq!(r.diagnostics().len(), 5);
    assert!(r.summary.errors >= 20);
    assert_eq!(r.summary.not_shown, r.summary.total() - 5);
}

#[test]
fn era_boundary_dates() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec[17] = "7".into();
    rec[18] = "310501".into(); // 平成31年5月1日 does not exist
    let r = check_bytes("SHFD0006.CSV", &shfd(&[rec]));
    assert_eq!(codes(&r), vec!["DAT002"]);
}

#[test]
fn date_after_receipt_is_an_error() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec[18] = "061211".into();
    let r = check_bytes("SHFD0006.CSV", &shfd(&[rec]));
    assert_eq!(codes(&r), vec!["DAT003"]);
}

#[test]
fn remuneration_total_must_be_the_sum() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec[21] = "10000".into();
    let r = check_bytes("SHFD0006.CSV", &shfd(&[rec]));
    let d = r
        .diagnostics()
        .iter()
        .find(|d| d.code() == "SUM001")
        .expect("SUM001");
    assert_eq!(d.primary.item(), Some(23));
    let label_items: Vec<_> = d.secondary.iter().map(|l| l.place.item()).collect();
    assert_eq!(label_items, vec![Some(21), Some(22)]);
}

#[test]
fn missing_my_number_depends_on_the_profile() {
    let mut rec = acquisition("");
    rec[28] = "102".into();
    rec[29] = "0073".into();
    rec[30] = "ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ".into();
    rec[31] = "東京都千代田区九段北".into();
    let bytes = shfd(&[rec]);
    let r = check_bytes("SHFD0006.CSV", &bytes);
    assert_eq!(codes(&r), vec!["MYN004"]);
    let (_dir, path) = write_temp("SHFD0006.CSV", &bytes);
    let mut cfg = config("2024-12-10");
    cfg.options.profile = todokede::rules::Profile::Nenkin;
    let r = check_paths(&[path], &cfg);
    assert!(r.diagnostics().is_empty(), "{:?}", codes(&r));
}

#[test]
fn name_separators() {
    for (kana, kanji, expect) in [
        ("ﾔﾏﾀﾞﾀﾛｳ", "山田　太郎", "FLD006"),
        ("ﾔﾏﾀﾞ  ﾀﾛｳ", "山田　太郎", "FLD006"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "山田太郎", "FLD006"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "山田　　太郎", "FLD006"),
        // A 半角 space is no separator in 漢字 (氏名項目形式不正).
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "山田 太郎", "FLD006"),
        ("ヤマダ タロウ", "山田　太郎", "FLD007"),
        ("YAMADA ﾀﾛｳ", "山田　太郎", "FLD007"),
    ] {
        let mut rec = acquisition(&my_number("12345678901"));
        rec[6] = kana.into();
        rec[7] = kanji.into();
        let r = check_bytes("SHFD0006.CSV", &shfd(&[rec]));
        assert_eq!(codes(&r), vec![expect], "{kana} / {kanji}");
    }
    // One or more separators that are not consecutive (foreign names).
    let mut rec = acquisition(&my_number("12345678901"));
    rec[6] = "ｽﾐｽ ｼﾞｮﾝ ﾏｲｹﾙ".into();
    rec[7] = "スミス　ジョン　マイケル".into();
    let r = check_bytes("SHFD0006.CSV", &shfd(&[rec]));
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));
}

#[test]
fn unknown_form_code_skips_only_that_record() {
    let mut bad = acquisition(&my_number("12345678901"));
    bad[0] = "2200701".into();
    let mut second = acquisition(&my_number("23456789012"));
    second[11] = "9".into();
    let r = check_bytes("SHFD0006.CSV", &shfd(&[bad, second]));
    assert_eq!(codes(&r), vec!["STR011", "FLD005"]);
}

#[test]
fn missing_structure_lines_are_each_reported() {
    let text = [
        "21,01,ｹｲﾄ,001,20241210,22223".to_string(),
        acquisition(&my_number("12345678901")).join(","),
    ]
    .join("\r\n")
        + "\r\n";
    let r = check_bytes("SHFD0006.CSV", &sjis(&text));
    let c = codes(&r);
    assert!(c.contains(&"STR007") && c.contains(&"STR010"), "{c:?}");
    // The data record is still read and checked.
    assert_eq!(r.files[0].records, 1);
}

#[test]
fn kpfd_header_selects_the_society_layout() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec.extend(["1234".to_string(), "567".to_string(), String::new()]);
    let text = [
        "1234567,001,20241210,,,,,".to_string(),
        "[kanri]".into(),
        ",001".into(),
        "1234567,102,0073,東京都千代田区九段北一丁目,架空商事株式会社,架空　一郎,03,1234,5678"
            .into(),
        "[data]".into(),
        rec.join(","),
    ]
    .join("\r\n")
        + "\r\n";
    let (_dir, path) = write_temp("KPFD0006.CSV", &sjis(&text));
    let (filing, report) = read_filing(&path, &config("2024-12-10"));
    assert_eq!(codes(&report), Vec::<&str>::new());
    assert_eq!(filing.format, Some(SourceFormat::KpfdCsv));
    assert_eq!(
        filing.forms[0].layout.as_deref(),
        Some("2200700-kpfd-2024-12")
    );
}

#[test]
fn other_forms_are_said_once_and_legacy_codes_are_not_errors() {
    let mut legacy = vec![String::new(); 20];
    legacy[0] = "22007041".into();
    let mut valid = acquisition(&my_number("12345678901"));
    valid[33] = "1".into();
    let r = check_bytes("SHFD0006.CSV", &shfd(&[legacy.clone(), legacy, valid]));
    assert_eq!(codes(&r), vec!["STR012"]);
    assert_eq!(r.diagnostics()[0].severity, Severity::Info);
    assert_eq!(r.files[0].records, 3);
}

#[test]
fn a_line_of_garbage_is_summed_up_not_listed_byte_by_byte() {
    let mut rec = acquisition(&my_number("12345678901"));
    rec[27] = "ｱ".repeat(40);
    let mut bytes = shfd(&[rec]);
    // Turn the 40 half-width kana of 備考欄 into 40 undecodable bytes.
    for b in bytes.iter_mut().filter(|b| **b == 0xB1) {
        *b = 0x80;
    }
    let r = check_bytes("SHFD0006.CSV", &bytes);
    let enc: Vec<_> = r
        .diagnostics()
        .iter()
        .filter(|d| d.code() == "ENC002")
        .collect();
    assert_eq!(
        enc.len(),
        21,
        "20 located + the next one with the count of the rest"
    );
    assert!(enc[20].notes[0]
        .en
        .starts_with("19 more ENC002 further on this line"));
    // Every one is counted; those not built are listed as omitted.
    let omitted = r
        .omitted
        .iter()
        .find(|o| o.code == "ENC002")
        .map(|o| o.count);
    assert_eq!(omitted, Some(19));
    assert_eq!(r.summary.not_shown, 19);
    // Snippets are windows, not copies of the line.
    assert!(r
        .diagnostics()
        .iter()
        .filter_map(|d| d.snippet.as_ref())
        .all(|s| s.text.chars().count() <= 2 * todokede::diag::Snippet::CONTEXT + 2));
}
