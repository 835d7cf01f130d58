//! e-Gov packages: they reach the same model as the CSV, diagnostics carry XML places, and the
//! writers round-trip (CSV → e-Gov → model = CSV → model; CSV → model → CSV byte for byte).

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use support::*;
use todokede::layout::Variant;
use todokede::model::{CertificateRequest, Filing};
use todokede::source::SourceFormat;

fn read(path: &Path) -> (Filing, todokede::Report) {
    read_filing(path, &config("2024-12-10"))
}

fn codes(r: &todokede::Report) -> Vec<&'static str> {
    r.diagnostics().iter().map(|d| d.code()).collect()
}

/// One form record as compared across formats: layout, (項番, value) pairs, persons.
type FormEssence = (Option<String>, Vec<(u16, String)>, String);

/// The parts of a filing that must survive a trip through another format.
fn essence(f: &Filing) -> Vec<FormEssence> {
    f.forms
        .iter()
        .map(|r| {
            (
                r.layout.clone(),
                r.items.iter().map(|i| (i.no, i.value.clone())).collect(),
                format!("{:?}", r.persons),
            )
        })
        .collect()
}

fn unzip(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    z.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

#[test]
fn packages_reach_the_same_model_as_the_csv() {
    let (csv, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    let (pkg, report) = read(Path::new("testdata/egov/valid/shikaku-2024-12.zip"));
    assert_eq!(report.summary.total(), 0, "{:?}", codes(&report));
    assert_eq!(pkg.format, Some(SourceFormat::Egov));
    assert_eq!(pkg.forms.len(), 3);
    // 山田 and 鈴木: every item the e-Gov form carries is the CSV's (item 6, 被保険者整理番号, has
    // no element in the form).
    for (x, c) in pkg.forms.iter().zip(&csv.forms).take(2) {
        assert_eq!(x.layout.as_deref(), Some("2200700-2024-12"));
        for (a, b) in x.items.iter().zip(&c.items) {
            if a.no != 6 {
                assert_eq!(a.value, b.value, "item {}", a.no);
            }
        }
        assert_eq!(x.persons, c.persons);
    }
    assert_eq!(
        pkg.forms[1].persons[0].certificate_request,
        Some(CertificateRequest::Requested)
    );
    assert_eq!(pkg.offices.len(), 1);
    assert_eq!(pkg.offices[0].items, csv.offices[0].items);

    let (fuyo, report) = read(Path::new("testdata/egov/valid/fuyo-2024-12.zip"));
    assert_eq!(report.summary.total(), 0, "{:?}", codes(&report));
    assert_eq!(essence(&fuyo)[..], essence(&csv)[4..6]);
}

#[test]
fn every_input_shape_is_read() {
    for (path, records) in [
        ("testdata/egov/valid/folder", 1),
        ("testdata/egov/valid/folder/4950013521019000", 1),
        ("testdata/egov/valid/folder/4950013521019000/kousei.xml", 1),
        ("testdata/egov/single/495013521019030837_01.xml", 1),
        ("testdata/egov/valid/individual.zip", 1),
        ("testdata/egov/valid/soshitsu.zip", 1),
        // The attached SHFD0006.CSV holds two records besides the form.
        ("testdata/egov/valid/csv-attached.zip", 3),
    ] {
        let (f, report) = read(Path::new(path));
        assert_eq!(report.summary.total(), 0, "{path}: {:?}", codes(&report));
        assert_eq!(f.forms.len(), records, "{path}");
        assert_eq!(report.files[0].format, Some(SourceFormat::Egov));
    }
    // Detection by content, not by name.
    let bytes = std::fs::read("testdata/egov/valid/soshitsu.zip").unwrap();
    let (_dir, renamed) = write_temp("package.bin", &bytes);
    let (f, _) = read(&renamed);
    assert_eq!((f.format, f.forms.len()), (Some(SourceFormat::Egov), 1));
}

#[test]
fn old_procedures_are_old_format() {
    for pkg in [
        "testdata/egov/valid-old/shikaku-2019-05.zip",
        "testdata/egov/valid-old/fuyo-2022-10.zip",
    ] {
        let (f, report) = read(Path::new(pkg));
        assert_eq!(codes(&report), vec!["CRT002"], "{pkg}");
        let states: Vec<_> = f
            .forms
            .iter()
            .flat_map(|r| &r.persons)
            .filter_map(|p| p.certificate_request)
            .collect();
        assert!(!states.is_empty());
        assert!(states
            .iter()
            .all(|s| *s == CertificateRequest::NotRequestedOldFormat));
    }
    let (f, _) = read(Path::new("testdata/egov/valid-old/shikaku-2019-05.zip"));
    assert_eq!(f.forms[0].layout.as_deref(), Some("2200700-2019-05"));
    // The old form wrote the era as the CSV code with zero-padded dates: read the same.
    let (csv, _) = read(Path::new("testdata/shfd/valid-old/SHFD0006.CSV"));
    let items = |f: &Filing| -> Vec<String> {
        f.forms[0]
            .items
            .iter()
            .filter(|i| i.no != 6)
            .map(|i| i.value.clone())
            .collect()
    };
    assert_eq!(items(&f), items(&csv));
}

/// A package with one known fault, written through the model (writers do not validate).
fn package_with(edit: impl Fn(&mut Filing)) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let (mut filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    filing.forms.truncate(1);
    edit(&mut filing);
    let written = todokede::write::egov::write(&filing, "20241210").unwrap();
    let (dir, path) = write_temp("pkg.zip", &written.zip);
    (dir, path, written.zip)
}

#[test]
fn rule_findings_point_into_the_xml() {
    let bad = {
        let good = my_number("12345678901");
        format!("{}{}", &good[..11], (good.as_bytes()[11] - b'0' + 1) % 10)
    };
    let b2 = bad.clone();
    let (_d, path, zip) = package_with(move |f| f.forms[0].items[12].value = b2.clone());
    let (_, report) = read(&path);
    let d = report
        .diagnostics()
        .iter()
        .find(|d| d.code() == "MYN002")
        .expect("MYN002");
    let loc = &d.primary;
    assert_eq!(
        loc.path(),
        format!(
            "{}!/4950013521019000/495013521019030837_01.xml",
            path.display()
        )
    );
    assert_eq!(
        loc.xml_path(),
        Some("/DataRoot/G00005-A-330522-001_1/P1_G00005-A-330522-001_1/P1_個人番号または基礎年金番号")
    );
    assert_eq!((loc.record(), loc.item()), (Some(1), Some(13)));
    let form = unzip(&zip, "4950013521019000/495013521019030837_01.xml");
    let (s, e) = (
        loc.span().byte_start.unwrap() as usize,
        loc.span().byte_end.unwrap() as usize,
    );
    assert_eq!(&form[s..e], bad.as_bytes());
    let text = String::from_utf8(form.clone()).unwrap();
    let line = text
        .lines()
        .nth(loc.span().line.unwrap() as usize - 1)
        .unwrap();
    let col = loc.span().column.unwrap() as usize - 1;
    assert_eq!(line.chars().skip(col).take(12).collect::<String>(), bad);
    assert_eq!(loc.span().end_column, Some(loc.span().column.unwrap() + 12));
    // The message never quotes the number.
    assert!(!d.message.ja.contains(&bad) && !d.message.en.contains(&bad));
}

#[test]
fn a_missing_element_is_located_where_it_belongs() {
    let (_d, path, _) = package_with(|f| f.forms[0].items[6].value.clear());
    let (_, report) = read(&path);
    let d = report
        .diagnostics()
        .iter()
        .find(|d| d.code() == "FLD001")
        .expect("FLD001");
    assert_eq!(d.primary.item(), Some(7));
    assert!(d.primary.xml_path().unwrap().ends_with("/P1_氏名xカナ氏名"));
}

#[test]
fn csv_round_trips_byte_for_byte() {
    for (file, variant) in [
        ("testdata/shfd/valid/SHFD0006.CSV", Variant::Shfd),
        ("testdata/shfd/valid-old/SHFD0006.CSV", Variant::Shfd),
        ("testdata/shfd/sharoushi/SHFD0006.CSV", Variant::Shfd),
        ("testdata/shfd/other-forms/SHFD0006.CSV", Variant::Shfd),
        ("testdata/kpfd/valid/KPFD0006.CSV", Variant::Kpfd),
    ] {
        let original = std::fs::read(file).unwrap();
        let (filing, _) = read(Path::new(file));
        let written = todokede::write::csv::write(&filing, variant, "20241210").unwrap();
        assert!(written == original, "{file} changed in a round trip");
    }
}

#[test]
fn egov_converts_to_csv_and_back() {
    // A package of every form of the sample filing.
    let (filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    let zip = todokede::write::egov::write(&filing, "20241210")
        .unwrap()
        .zip;
    let (_z, zip_path) = write_temp("pkg.zip", &zip);
    let (pkg, _) = read(&zip_path);
    let csv = todokede::write::csv::write(&pkg, Variant::Shfd, "20241210").unwrap();
    let (_d, path) = write_temp("SHFD0006.CSV", &csv);
    let (back, report) = read(&path);
    assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
    assert_eq!(essence(&back), essence(&pkg));
    assert_eq!(back.offices.len(), 1);
    // The 被扶養者届 form has no 事業所番号: a package of such forms alone gives a 事業所情報
    // without it, which the CSV check reports (the 事業所情報 is checked like a data record).
    let (fuyo, _) = read(Path::new("testdata/egov/valid/fuyo-2024-12.zip"));
    let csv = todokede::write::csv::write(&fuyo, Variant::Shfd, "20241210").unwrap();
    let (_f, path) = write_temp("SHFD0006.CSV", &csv);
    let (back, report) = read(&path);
    assert_eq!(codes(&report), vec!["FLD001"]);
    assert_eq!(report.diagnostics()[0].primary.item(), Some(4));
    assert_eq!(essence(&back), essence(&fuyo));
    // KPFD needs the society's own header.
    let refused = todokede::write::csv::write(&pkg, Variant::Kpfd, "20241210").unwrap_err();
    assert_eq!(refused[0].code(), "STR005");
}

#[test]
fn characters_shift_jis_cannot_carry_are_refused() {
    let (mut filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    filing.forms[0].items[7].value = "山田　太郎😀".into();
    let refused = todokede::write::csv::write(&filing, Variant::Shfd, "20241210").unwrap_err();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].code(), "ENC003");
    assert_eq!(refused[0].primary.item(), Some(8));
    assert!(refused[0].message.ja.contains('😀'));
    filing.forms[0].items[7].value = "山田,太郎".into();
    let refused = todokede::write::csv::write(&filing, Variant::Shfd, "20241210").unwrap_err();
    assert_eq!(refused[0].code(), "STR004");
    // Every refusal of a record, in item order, and of every record, in record order (the
    // writer encodes each item once and drops the record's line on the first refusal).
    filing.forms[0].items[6].value = "ﾔﾏﾀﾞ\u{1F600}".into();
    filing.forms[1].items[7].value = "鈴木\u{2603}".into();
    let refused = todokede::write::csv::write(&filing, Variant::Shfd, "20241210").unwrap_err();
    let got: Vec<(&str, Option<u32>, Option<u16>)> = refused
        .iter()
        .map(|d| (d.code(), d.primary.record(), d.primary.item()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ENC003", Some(1), Some(7)),
            ("STR004", Some(1), Some(8)),
            ("ENC003", Some(2), Some(8)),
        ]
    );
    // What can be written is written byte for byte as read (ASCII, カナ, 漢字).
    let (filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    let written = todokede::write::csv::write(&filing, Variant::Shfd, "20241210").unwrap();
    let original = std::fs::read("testdata/shfd/valid/SHFD0006.CSV").unwrap();
    assert!(
        written == original,
        "the valid sample is written back as it was"
    );
}

#[test]
fn written_packages_check_clean_and_are_deterministic() {
    let (filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    let a = todokede::write::egov::write(&filing, "20241210").unwrap();
    let b = todokede::write::egov::write(&filing, "20241210").unwrap();
    assert!(a.zip == b.zip);
    let (_d, path) = write_temp("pkg.zip", &a.zip);
    let (back, report) = read(&path);
    assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
    // Unsigned on purpose: one ZIP014 warning per application, nothing else.
    assert!(codes(&report).iter().all(|c| *c == "ZIP014"));
    assert_eq!(back.forms.len(), filing.forms.len());
    // 被保険者整理番号 (item 6) and 佐藤's 基礎年金番号 beside his 個人番号 have no element.
    let dropped: Vec<(u32, u16)> = a.dropped.iter().map(|d| (d.record, d.item)).collect();
    assert_eq!(
        dropped,
        vec![(1, 6), (2, 6), (3, 6), (3, 16), (3, 17), (4, 6)]
    );
}

// ── CSV → e-Gov → model = CSV → model, on generated filings ─────────────────────────────────

const KANA: &[(&str, &str)] = &[
    ("ﾔﾏﾀﾞ ﾀﾛｳ", "山田　太郎"),
    ("ｽｽﾞｷ ﾊﾅｺ", "鈴木　花子"),
    ("ｻﾄｳ ｼﾞﾛｳ", "佐藤　次郎"),
    ("ｲﾄｳ ｻｸﾗ", "伊藤　さくら"),
    ("ｽﾐｽ ｼﾞｮﾝ ﾏｲｹﾙ", "スミス　ジョン　マイケル"),
    ("ｳﾞｨｯﾄﾘｵ ﾊﾟｰｸ", "ヴィットリオ　パーク"),
];

fn acquisition_record(
    n: usize,
    person: usize,
    requested: bool,
    pay: u32,
    day: u8,
    flags: (bool, bool),
) -> Vec<String> {
    let mut v = acquisition(&my_number(&format!(
        "{:011}",
        10_000_000_000u64 + n as u64 * 7919
    )));
    let (kana, kanji) = KANA[person % KANA.len()];
    v[5] = String::new();
    v[6] = kana.into();
    v[7] = kanji.into();
    v[18] = format!("0612{day:02}");
    v[20] = pay.to_string();
    v[22] = pay.to_string();
    v[24] = if flags.0 { "1".into() } else { String::new() };
    v[25] = if flags.1 { "1".into() } else { String::new() };
    v[33] = if requested { "1".into() } else { String::new() };
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn csv_to_egov_to_model_is_csv_to_model(
        people in proptest::collection::vec((0usize..6, any::<bool>(), 1000u32..999_999, 1u8..10, any::<bool>(), any::<bool>()), 1..5)
    ) {
        let records: Vec<Vec<String>> = people
            .iter()
            .enumerate()
            .map(|(n, (p, req, pay, day, a, b))| acquisition_record(n, *p, *req, *pay, *day, (*a, *b)))
            .collect();
        let (_d, csv_path) = write_temp("SHFD0006.CSV", &shfd(&records));
        let (from_csv, report) = read(&csv_path);
        prop_assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
        let written = todokede::write::egov::write(&from_csv, "20241210").unwrap();
        prop_assert!(written.dropped.is_empty());
        let (_e, pkg_path) = write_temp("pkg.zip", &written.zip);
        let (from_egov, report) = read(&pkg_path);
        prop_assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
        prop_assert_eq!(essence(&from_egov), essence(&from_csv));
        prop_assert_eq!(&from_egov.offices[0].items, &from_csv.offices[0].items);
    }
}

/// Regression: every form of a package was record 1 and its findings sat on member paths, so
/// `convert --allow-errors` could not tell the faulty form from the others.
#[test]
fn convert_leaves_out_only_the_faulty_form_of_a_package() {
    let (mut filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    filing.forms.retain(|f| f.form == "2200700");
    assert!(filing.forms.len() >= 3);
    filing.forms[1].items[11].value = "2".into(); // 取得区分 2 is no code
    let written = todokede::write::egov::write(&filing, "20241210").unwrap();
    let (dir, path) = write_temp("pkg.zip", &written.zip);
    let (read_back, report) = read(&path);
    let numbers: Vec<u32> = read_back.forms.iter().map(|f| f.record).collect();
    let mut unique = numbers.clone();
    unique.dedup();
    assert_eq!(numbers, unique, "one number per form");
    let selection = todokede::convert::select(&read_back, report.diagnostics());
    assert_eq!(selection.left_out.len(), 1);
    assert_eq!(selection.left_out[0].record, 2);
    assert_eq!(selection.filing.forms.len(), read_back.forms.len() - 1);
    drop(dir);
}

/// The forms of one package are one filing: a My Number on two of them is a duplicate, with the
/// first place named in the other member.
#[test]
fn a_my_number_on_two_forms_of_a_package_is_a_duplicate() {
    let (mut filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    filing.forms.retain(|f| f.form == "2200700");
    let first = filing.forms[0].items[12].value.clone();
    assert_eq!(first.len(), 12);
    filing.forms[1].items[12].value = first;
    let written = todokede::write::egov::write(&filing, "20241210").unwrap();
    let (_dir, path) = write_temp("pkg.zip", &written.zip);
    let (_, report) = read(&path);
    let d = report
        .diagnostics()
        .iter()
        .find(|d| d.code() == "MYN003")
        .expect("MYN003 across members");
    assert!(d.primary.path().contains("(2)/"), "{}", d.primary.path());
    assert_eq!(d.secondary.len(), 1);
    assert!(
        d.secondary[0].place.path().contains("(1)/"),
        "{}",
        d.secondary[0].place.path()
    );
    assert_eq!(d.secondary[0].place.record(), Some(1));
    // The first place is located in its own member, line and column.
    assert!(
        d.secondary[0].place.span().line.is_some() && d.secondary[0].place.span().column.is_some()
    );
}

/// The text of every element named `name` in a form XML.
fn elements(xml: &[u8], name: &str) -> Vec<String> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    let open = format!("<{name}>");
    text.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split_once('<').map(|(v, _)| v.to_string()))
        .collect()
}

/// Regression (known-wrong verdict 3): e-Gov XML data takes 全角カタカナ, never 半角カナ. The
/// writer wrote the CSV's 半角 values into カナ elements, which e-Gov refuses; the reader took
/// 全角 カナ for FLD007. Now the model holds 半角 (the CSV form), e-Gov carries 全角, and both
/// trips keep every カナ value exactly.
#[test]
fn kana_is_full_width_in_egov_and_half_width_in_csv_both_ways() {
    let mut a = acquisition(&my_number("12345678901"));
    a[6] = "ｳﾞｨｯﾄﾘｵ ﾊﾟｰｸ".into();
    a[7] = "ヴィットリオ　パーク".into();
    let mut b = acquisition(&my_number("23456789012"));
    b[6] = "ｽﾐｽ ｼﾞｮﾝ ﾏｲｹﾙ".into();
    b[7] = "スミス　ジョン　マイケル".into();
    b[27] = "ｹｲｿﾞｸ ｺﾖｳ 2024".into();
    let (_d, csv_path) = write_temp("SHFD0006.CSV", &shfd(&[a, b]));
    let (from_csv, report) = read(&csv_path);
    assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));

    // CSV → e-Gov: カナ elements in 全角, no 半角カナ anywhere in the XML.
    let zip = todokede::write::egov::write(&from_csv, "20241210")
        .unwrap()
        .zip;
    let xml = unzip(&zip, "4950013521019000(1)/495013521019030837_01.xml");
    assert_eq!(
        elements(&xml, "P1_氏名xカナ氏名"),
        vec!["ヴィットリオ　パーク"]
    );
    assert_eq!(
        elements(&xml, "P1_事業所整理記号x事業所記号"),
        vec!["ケイト"]
    );
    let xml2 = unzip(&zip, "4950013521019000(2)/495013521019030837_01.xml");
    assert_eq!(
        elements(&xml2, "P1_氏名xカナ氏名"),
        vec!["スミス　ジョン　マイケル"]
    );
    assert_eq!(
        elements(&xml2, "P1_備考xその他"),
        vec!["ケイゾク コヨウ 2024"]
    );
    for x in [&xml, &xml2] {
        let text = String::from_utf8(x.clone()).unwrap();
        assert!(!text.chars().any(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c)));
    }
    let (_z, zip_path) = write_temp("pkg.zip", &zip);
    let (from_egov, report) = read(&zip_path);
    assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
    let kana =
        |f: &Filing| -> Vec<String> { f.forms.iter().map(|r| r.items[6].value.clone()).collect() };
    assert_eq!(kana(&from_egov), vec!["ｳﾞｨｯﾄﾘｵ ﾊﾟｰｸ", "ｽﾐｽ ｼﾞｮﾝ ﾏｲｹﾙ"]);
    assert_eq!(from_egov.forms[0].items[3].value, "ｹｲﾄ");
    assert_eq!(from_egov.offices[0].items[2], "ｹｲﾄ");

    // e-Gov → CSV → e-Gov: the 全角 values come back as they were.
    let csv = todokede::write::csv::write(&from_egov, Variant::Shfd, "20241210").unwrap();
    let (_c, back_path) = write_temp("SHFD0006.CSV", &csv);
    let (back, report) = read(&back_path);
    assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
    assert_eq!(kana(&back), kana(&from_csv));
    let again = todokede::write::egov::write(&back, "20241210").unwrap().zip;
    let xml_again = unzip(&again, "4950013521019000(1)/495013521019030837_01.xml");
    assert_eq!(
        elements(&xml_again, "P1_氏名xカナ氏名"),
        elements(&xml, "P1_氏名xカナ氏名")
    );
    assert_eq!(
        elements(&xml_again, "P1_事業所整理記号x事業所記号"),
        elements(&xml, "P1_事業所整理記号x事業所記号")
    );
}

/// e-Gov refuses 半角カナ in XML data (XML007); the reader still reads the value, in the CSV form.
#[test]
fn half_width_kana_in_xml_is_the_error_egov_gives() {
    let (filing, _) = read(Path::new("testdata/shfd/valid/SHFD0006.CSV"));
    let mut one = filing.clone();
    one.forms.truncate(1);
    let zip = todokede::write::egov::write(&one, "20241210").unwrap().zip;
    let xml = unzip(&zip, "4950013521019000/495013521019030837_01.xml");
    let text = String::from_utf8(xml).unwrap();
    let half = text.replace(
        "<P1_氏名xカナ氏名>ヤマダ　タロウ</P1_氏名xカナ氏名>",
        "<P1_氏名xカナ氏名>ﾔﾏﾀﾞ ﾀﾛｳ</P1_氏名xカナ氏名>",
    );
    assert_ne!(half, text);
    let (_d, path) = write_temp("495013521019030837_01.xml", half.as_bytes());
    let (f, report) = read(&path);
    assert_eq!(codes(&report), vec!["XML007"]);
    let d = &report.diagnostics()[0];
    assert!(d.primary.xml_path().unwrap().ends_with("/P1_氏名xカナ氏名"));
    assert_eq!(f.forms[0].items[6].value, "ﾔﾏﾀﾞ ﾀﾛｳ");
}

/// Regression (known-wrong verdict 4): the e-Gov 資格取得届 has no 住所(カナ) element, so an e-Gov
/// filing with 基礎年金番号 + 郵便番号 + 住所 and no My Number is valid under `--profile nenkin`
/// (FLD001 on 項番31 before). The table's rule (29–31 required when 13 is empty) is the CSV's.
#[test]
fn an_item_the_egov_form_cannot_carry_is_never_required_of_it() {
    let mut rec = acquisition("");
    rec[15] = "1234".into();
    rec[16] = "567890".into();
    rec[28] = "100".into();
    rec[29] = "8580".into();
    rec[30] = "ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ".into();
    rec[31] = "東京都千代田区霞が関1-2-2".into();
    let (_d, csv_path) = write_temp("SHFD0006.CSV", &shfd(&[rec]));
    let mut cfg = config("2024-12-10");
    cfg.options.profile = todokede::rules::Profile::Nenkin;
    let (filing, report) = read_filing(&csv_path, &cfg);
    assert_eq!(report.summary.errors, 0, "{:?}", codes(&report));
    let written = todokede::write::egov::write(&filing, "20241210").unwrap();
    // 住所(カナ) is what the form cannot carry.
    assert!(written.dropped.iter().any(|d| d.item == 31));
    let (_z, zip_path) = write_temp("pkg.zip", &written.zip);
    let (pkg, report) = read_filing(&zip_path, &cfg);
    let errors: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.severity == todokede::diag::Severity::Error)
        .map(|d| (d.code(), d.primary.item()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pkg.forms[0].items[30].value, "");
    // The same record in CSV without its 住所(カナ) still needs it: the CSV carries the item.
    let mut rec = acquisition("");
    rec[15] = "1234".into();
    rec[16] = "567890".into();
    rec[28] = "100".into();
    rec[29] = "8580".into();
    let (_c, path) = write_temp("SHFD0006.CSV", &shfd(&[rec]));
    let report = check_paths(&[path], &cfg);
    assert_eq!(
        report
            .diagnostics()
            .iter()
            .map(|d| (d.code(), d.primary.item()))
            .collect::<Vec<_>>(),
        vec![("FLD001", Some(31))]
    );
}
