//! `todokede issuance`: who receives what, when, with which 有効期限 and 負担割合. The expected
//! dates and shares come from the society's notice (shared/seed/tjk-hokensho-haishi.txt), the
//! Cabinet Office holiday table and 健康保険法 第40条 (docs/issuance-sources.md), worked out by
//! hand in the comments; inputs are synthetic filings written here.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::*;

fn todokede() -> Command {
    Command::new(env!("CARGO_BIN_EXE_todokede"))
}

fn run(args: &[&str], paths: &[&Path]) -> Output {
    todokede()
        .arg("issuance")
        .args(args)
        .args(paths)
        .output()
        .expect("run todokede")
}

/// The JSON list of `paths`; the exit code must be `code`.
fn list(args: &[&str], paths: &[&Path], code: i32) -> Value {
    let out = run(&[&["--format", "json"], args].concat(), paths);
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn persons(v: &Value) -> Vec<&Value> {
    v["offices"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["persons"].as_array().unwrap())
        .collect()
}

fn by_kana<'a>(v: &'a Value, kana: &str) -> &'a Value {
    persons(v)
        .into_iter()
        .find(|p| p["name_kana"] == kana)
        .unwrap_or_else(|| panic!("no {kana} in {v:#}"))
}

/// A 2200700 of `kana`, born `birth` (元号 code, YYMMDD), 報酬月額 `pay`, box `box34`.
fn acq(n: &str, kana: &str, era: &str, birth: &str, pay: &str, box34: &str) -> Vec<String> {
    let mut v = acquisition(&my_number(n));
    v[6] = kana.into();
    v[7] = String::new();
    v[8] = era.into();
    v[9] = birth.into();
    v[20] = pay.into();
    v[22] = pay.into();
    v[33] = box34.into();
    v
}

/// A valid 2202700 by 田中 健一 (born 昭和37年9月10日) adding a spouse and two children; the
/// boxes 137–139 as given. Values as in testdata/gen.py's fuyo_tanaka / fuyo_takahashi.
fn dependents(insured_mn: &str, boxes: [&str; 3]) -> Vec<String> {
    let mut v = vec![String::new(); 139];
    let mut set = |no: usize, s: &str| v[no - 1] = s.to_string();
    for (no, s) in [
        (1, "2202700"),
        (2, "21"),
        (3, "01"),
        (4, "ｹｲﾄ"),
        (5, "1"),
        (6, "9"),
        (7, "061205"),
        (8, "201"),
        (9, "ﾀﾅｶ ｹﾝｲﾁ"),
        (10, "田中　健一"),
        (11, "5"),
        (12, "370910"),
        (13, "1"),
        (17, "4800000"),
        (21, "1"),
        // 配偶者
        (24, "ﾀﾅｶ ﾐﾕｷ"),
        (25, "田中　美幸"),
        (26, "5"),
        (27, "590205"),
        (28, "2"),
        (35, "1"),
        (37, "100"),
        (38, "0001"),
        (39, "東京都千代田区見本町一丁目２番３号"),
        (44, "9"),
        (45, "061201"),
        (46, "2"),
        (48, "1"),
        (49, "500000"),
        (57, "1"),
        // その他の被扶養者1
        (71, "ﾀﾅｶ ｿｳﾀ"),
        (72, "田中　蒼太"),
        (73, "9"),
        (74, "020415"),
        (75, "1"),
        (76, "01"),
        (79, "1"),
        (80, "100"),
        (81, "0001"),
        (82, "東京都千代田区見本町一丁目２番３号"),
        (90, "9"),
        (91, "020415"),
        (92, "1"),
        (94, "0"),
        (95, "1"),
        // その他の被扶養者2
        (104, "ﾀﾅｶ ﾕｲ"),
        (105, "田中　結衣"),
        (106, "7"),
        (107, "290310"),
        (108, "2"),
        (109, "01"),
        (112, "1"),
        (113, "100"),
        (114, "0001"),
        (115, "東京都千代田区見本町一丁目２番３号"),
        (123, "9"),
        (124, "061101"),
        (125, "4"),
        (127, "0"),
        (128, "4"),
    ] {
        set(no, s);
    }
    set(14, insured_mn);
    set(29, &my_number("70000000001"));
    set(78, &my_number("70000000002"));
    set(111, &my_number("70000000003"));
    set(137, boxes[0]);
    set(138, boxes[1]);
    set(139, boxes[2]);
    v
}

#[test]
fn a_march_receipt_is_issued_in_april_and_expires_three_fiscal_years_on() {
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[
            acq("10000000001", "ｱｵｷ ｲﾁﾛｳ", "5", "600101", "200000", "1"),
            acq("10000000002", "ｲﾉｳｴ ｼﾞﾛｳ", "5", "600101", "200000", ""),
        ]),
    );
    let v = list(&["--received-on", "2025-03-25"], &[&f], 0);
    // Tue 2025-03-25 + 7 business days (3/26, 3/27, 3/28, 3/31, 4/1, 4/2, 4/3) = 2025-04-03:
    // fiscal 2025, so 31 March of fiscal 2027 = 2028-03-31 (the notice: 2025-04 → 2028-03-31).
    let a = by_kana(&v, "ｱｵｷ ｲﾁﾛｳ");
    assert_eq!(a["certificate"], "issue");
    assert_eq!(a["issue_on"], "2025-04-03");
    assert_eq!(a["certificate_expires_on"], "2028-03-31");
    // 11 days later is Sat 2025-04-05, so Mon 2025-04-07.
    let b = by_kana(&v, "ｲﾉｳｴ ｼﾞﾛｳ");
    assert_eq!(b["certificate"], "on_data_link");
    assert_eq!(b["issue_on"], "2025-04-07");
    assert_eq!(b["certificate_expires_on"], "2028-03-31");
    // Received a week earlier: issued in March, fiscal 2024, expiring 2027-03-31.
    let v = list(&["--received-on", "2025-03-14"], &[&f], 0);
    // Fri 3/14: 3/17, 3/18, 3/19, (3/20 春分の日), 3/21, 3/24, 3/25, 3/26.
    assert_eq!(by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["issue_on"], "2025-03-26");
    assert_eq!(
        by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["certificate_expires_on"],
        "2027-03-31"
    );
}

#[test]
fn golden_week_and_the_new_year_closing_are_not_business_days() {
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[
            acq("10000000001", "ｱｵｷ ｲﾁﾛｳ", "5", "600101", "200000", "1"),
            acq("10000000002", "ｲﾉｳｴ ｼﾞﾛｳ", "5", "600101", "200000", ""),
        ]),
    );
    // Tue 2026-04-28: 4/29 昭和の日; 4/30 (1), 5/1 (2); 5/2–5/6 weekend and holidays;
    // 5/7 (3), 5/8 (4), 5/11 (5), 5/12 (6), 5/13 (7).
    let v = list(&["--received-on", "2026-04-28"], &[&f], 0);
    assert_eq!(by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["issue_on"], "2026-05-13");
    // 4/28 + 11 days = Sat 5/9, so Mon 5/11.
    assert_eq!(by_kana(&v, "ｲﾉｳｴ ｼﾞﾛｳ")["issue_on"], "2026-05-11");
    // Thu 2026-12-24: 12/25 (1), 12/28 (2), closed 12/29–1/3, 1/4 (3) … 1/8 (7).
    let v = list(&["--received-on", "2026-12-24"], &[&f], 0);
    assert_eq!(by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["issue_on"], "2027-01-08");
    assert_eq!(v["calendar"]["closed_days"], "12-29..01-03");
    // 12/24 + 11 days = Mon 2027-01-04, the first day after the closing.
    assert_eq!(by_kana(&v, "ｲﾉｳｴ ｼﾞﾛｳ")["issue_on"], "2027-01-04");
    // Without the closing 12/29 and 12/30 count: 12/25, 12/28, 12/29, 12/30, 12/31, 1/4, 1/5 …
    // 1/1–1/3 stay out as 元日 and the weekend.
    let v = list(
        &["--received-on", "2026-12-24", "--closed-days", "none"],
        &[&f],
        0,
    );
    assert_eq!(by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["issue_on"], "2027-01-05");
    assert_eq!(v["calendar"]["closed_days"], "none");
    // A closing of the society's own (お盆) moves the date too.
    let v = list(
        &[
            "--received-on",
            "2026-08-07",
            "--closed-days",
            "08-13..08-14",
        ],
        &[&f],
        0,
    );
    // Fri 8/7: 8/10, (8/11 山の日), 8/12, (8/13, 8/14 closed), 8/17, 8/18, 8/19, 8/20, 8/21.
    assert_eq!(by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["issue_on"], "2026-08-21");
}

#[test]
fn a_date_beyond_the_holiday_table_is_an_error() {
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[acq("10000000001", "ｱｵｷ ｲﾁﾛｳ", "5", "600101", "200000", "1")]),
    );
    // Fri 2027-12-24 + 7 business days: 12/27, 12/28, then the closing to 1/3 and January 2028,
    // past the table (2027): the count stops on 2028-01-01.
    let out = run(&["--received-on", "2027-12-24"], &[&f]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2028-01-01") && err.contains("2020〜2027"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // A known issue date needs no table.
    let v = list(
        &["--received-on", "2027-12-24", "--issue-on", "2028-01-11"],
        &[&f],
        0,
    );
    assert_eq!(by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["issue_on"], "2028-01-11");
    assert_eq!(
        by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["certificate_expires_on"],
        "2030-03-31"
    );
}

#[test]
fn the_70_and_75_boundaries_decide_the_copayment_display() {
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[
            // 昭和31年12月11日: 69 on 2026-12-10.
            acq("10000000001", "ｱ ｲﾁ", "5", "311211", "500000", "1"),
            // 昭和31年12月10日: 70 on 2026-12-10; 報酬月額 269,999 → 第20級 260,000 → 2割.
            acq("10000000002", "ｲ ﾆ", "5", "311210", "269999", "1"),
            // 70; 270,000 → 第21級 280,000 → 3割.
            acq("10000000003", "ｳ ｻﾝ", "5", "311210", "270000", "1"),
            // 昭和26年12月11日: 74 → still 高齢受給者.
            acq("10000000004", "ｴ ﾖﾝ", "5", "261211", "300000", "1"),
            // 昭和26年12月10日: 75 → 後期高齢者医療, not this insurance.
            acq("10000000005", "ｵ ｺﾞ", "5", "261210", "300000", "1"),
        ]),
    );
    let v = list(
        &["--received-on", "2026-12-01", "--issue-on", "2026-12-10"],
        &[&f],
        0,
    );
    let show = |k: &str| {
        let p = by_kana(&v, k);
        (
            p["age_at_issue"].as_u64().unwrap(),
            p["copay_display"].as_str().unwrap(),
        )
    };
    assert_eq!(show("ｱ ｲﾁ"), (69, "******"));
    assert_eq!(show("ｲ ﾆ"), (70, "2割"));
    assert_eq!(show("ｳ ｻﾝ"), (70, "3割"));
    assert_eq!(show("ｴ ﾖﾝ"), (74, "3割"));
    assert_eq!(show("ｵ ｺﾞ"), (75, "要確認"));
    assert_eq!(by_kana(&v, "ｲ ﾆ")["copay_basis"]["grade"], 20);
    assert_eq!(
        by_kana(&v, "ｳ ｻﾝ")["copay_basis"]["standard_monthly_remuneration"],
        280000
    );
    let codes = |k: &str| -> Vec<String> {
        by_kana(&v, k)["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["code"].as_str().unwrap().to_string())
            .collect()
    };
    // 3割 says that an income application can make it 2割; 75 says why it is not printed.
    assert!(codes("ｳ ｻﾝ").contains(&"income_application".to_string()));
    assert!(!codes("ｲ ﾆ").contains(&"income_application".to_string()));
    assert!(codes("ｵ ｺﾞ").contains(&"over_75".to_string()));
}

#[test]
fn a_dependent_of_70_follows_the_insured() {
    // The insured 田中 健一, born 昭和26年12月11日, is 74 on 2026-12-10, and his 2200700 is in
    // the same filing; his spouse born 昭和29年2月5日 is 72.
    let insured = my_number("60000000001");
    let mut tanaka = acq("60000000001", "ﾀﾅｶ ｹﾝｲﾁ", "5", "261211", "310000", "");
    tanaka[7] = "田中　健一".into();
    let mut fuyo = dependents(&insured, ["", "", ""]);
    fuyo[11] = "261211".into();
    fuyo[26] = "290205".into();
    let (_d, f) = write_temp("SHFD0006.CSV", &shfd(&[tanaka.clone(), fuyo.clone()]));
    let v = list(
        &["--received-on", "2026-12-01", "--issue-on", "2026-12-10"],
        &[&f],
        0,
    );
    let spouse = by_kana(&v, "ﾀﾅｶ ﾐﾕｷ");
    assert_eq!(spouse["age_at_issue"], 72);
    // 報酬月額 310,000 → 第22級 300,000 ≥ 28万円.
    assert_eq!(spouse["copay_display"], "3割");
    assert_eq!(spouse["copay_basis"]["record"], 1);
    // A lower 報酬月額: 2割.
    tanaka[20] = "250000".into();
    tanaka[22] = "250000".into();
    let (_d2, f2) = write_temp("SHFD0006.CSV", &shfd(&[tanaka, fuyo.clone()]));
    let v = list(&["--issue-on", "2026-12-10"], &[&f2], 0);
    assert_eq!(by_kana(&v, "ﾀﾅｶ ﾐﾕｷ")["copay_display"], "2割");
    // Without the insured's 2200700 the filing does not say.
    let (_d3, f3) = write_temp("SHFD0006.CSV", &shfd(&[fuyo.clone()]));
    let v = list(&["--issue-on", "2026-12-10"], &[&f3], 0);
    assert_eq!(by_kana(&v, "ﾀﾅｶ ﾐﾕｷ")["copay_display"], "要確認");
    // An insured under 70 (born 昭和37年): the spouse of 72 pays 2割 whatever the grade.
    fuyo[11] = "370910".into();
    let (_d4, f4) = write_temp("SHFD0006.CSV", &shfd(&[fuyo]));
    let v = list(&["--issue-on", "2026-12-10"], &[&f4], 0);
    assert_eq!(by_kana(&v, "ﾀﾅｶ ﾐﾕｷ")["copay_display"], "2割");
    assert_eq!(by_kana(&v, "ﾀﾅｶ ｿｳﾀ")["copay_display"], "******");
}

#[test]
fn a_spouse_and_two_children_with_one_box_ticked() {
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[dependents(&my_number("60000000001"), ["", "1", ""])]),
    );
    let v = list(&["--received-on", "2024-12-10"], &[&f], 0);
    let ps = persons(&v);
    // The insured is already enrolled: only the three dependents are listed.
    assert_eq!(ps.len(), 3, "{v:#}");
    let spouse = by_kana(&v, "ﾀﾅｶ ﾐﾕｷ");
    let child1 = by_kana(&v, "ﾀﾅｶ ｿｳﾀ");
    let child2 = by_kana(&v, "ﾀﾅｶ ﾕｲ");
    assert_eq!(spouse["role"], "spouse");
    assert_eq!(child1["role"], "other_dependent");
    assert_eq!(spouse["certificate"], "on_data_link");
    assert_eq!(child1["certificate"], "issue");
    assert_eq!(child2["certificate"], "on_data_link");
    for p in [spouse, child1, child2] {
        assert_eq!(p["notice"], true);
        assert_eq!(p["reference_number"], "201");
        assert_eq!(p["form"], "2202700");
        assert_eq!(p["blocked_by"], serde_json::json!([]));
    }
    let c = &v["offices"][0]["counts"];
    assert_eq!(c["notices"], 3);
    assert_eq!(c["certificates"], 1);
    assert_eq!(c["sending_list"], 3);
    assert_eq!(c["data_link"], 2);
    assert_eq!(v["summary"]["counts"]["certificates"], 1);
    // The 事業所 of support::HEADER, and the address its documents go to.
    let o = &v["offices"][0];
    assert_eq!(o["office"]["code"], "21-01-ｹｲﾄ");
    assert_eq!(o["deliver_to"]["postcode"], "102-0073");
    assert_eq!(o["deliver_to"]["name"], "架空商事株式会社");
}

#[test]
fn removals_and_pension_only_filings_enrol_nobody() {
    let mut removal = dependents(&my_number("60000000001"), ["", "", ""]);
    // 異動の別 2 (非該当): the dependents leave; with the items a removal needs.
    removal[20] = "2".into();
    let mut only_pension = acq("10000000001", "ｱ ｲﾁ", "5", "261210", "300000", "");
    // 70歳以上被用者届のみ提出 = 1 with 備考1, and 整理番号 / 種別 / 取得区分 empty.
    only_pension[32] = "1".into();
    only_pension[23] = "1".into();
    only_pension[5] = String::new();
    only_pension[10] = String::new();
    only_pension[11] = String::new();
    let (_d, f) = write_temp("SHFD0006.CSV", &shfd(&[removal, only_pension]));
    let out = run(&["--format", "json", "--received-on", "2024-12-10"], &[&f]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(persons(&v).is_empty(), "{v:#}");
}

#[test]
fn an_old_format_cd_is_registered_as_no_certificate_requested() {
    // A CD (a folder) with the pre-2024-12 layouts: no box, 「発行希望なし」.
    let v = list(
        &["--received-on", "2024-12-10"],
        &[&root().join("testdata/shfd/valid-old")],
        0,
    );
    let ps = persons(&v);
    assert_eq!(ps.len(), 4);
    for p in &ps {
        assert_eq!(p["certificate"], "on_data_link");
        assert_eq!(p["old_format"], true);
        assert!(p["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["code"] == "old_format"));
        // CRT002 is a warning: nobody waits for a correction.
        assert_eq!(p["blocked_by"], serde_json::json!([]));
    }
    assert_eq!(v["summary"]["counts"]["certificates"], 0);
    assert_eq!(v["summary"]["counts"]["data_link"], 4);
}

#[test]
fn an_unreadable_ocr_box_is_unknown() {
    let v = list(
        &["--received-on", "2024-12-10"],
        &[&root().join("testdata/invalid/ocr006/unreadable/scan.jsonl")],
        0,
    );
    let p = by_kana(&v, "ｽｽﾞｷ ﾊﾅｺ");
    assert_eq!(p["certificate"], "unknown");
    assert_eq!(p["issue_on"], Value::Null);
    assert_eq!(p["certificate_expires_on"], Value::Null);
    assert_eq!(p["notice"], true);
    assert_eq!(v["summary"]["counts"]["unknown"], 1);
    assert_eq!(v["summary"]["counts"]["certificates"], 0);
    // Its neighbour on the sheet had a readable box.
    assert_ne!(by_kana(&v, "ﾔﾏﾀﾞ ﾀﾛｳ")["certificate"], "unknown");
}

#[test]
fn persons_on_records_with_errors_wait_for_a_correction() {
    let mut bad = acq("10000000001", "ｱｵｷ ｲﾁﾛｳ", "5", "600101", "200000", "1");
    // A wrong check digit.
    let mut n = my_number("10000000001");
    let last = n.pop().unwrap();
    n.push(if last == '9' {
        '0'
    } else {
        (last as u8 + 1) as char
    });
    bad[12] = n;
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[
            bad,
            acq("10000000002", "ｲﾉｳｴ ｼﾞﾛｳ", "5", "600101", "200000", "1"),
        ]),
    );
    let v = list(&["--received-on", "2024-12-10"], &[&f], 1);
    assert_eq!(
        by_kana(&v, "ｱｵｷ ｲﾁﾛｳ")["blocked_by"],
        serde_json::json!(["MYN002"])
    );
    assert_eq!(by_kana(&v, "ｲﾉｳｴ ｼﾞﾛｳ")["blocked_by"], serde_json::json!([]));
    let c = &v["summary"]["counts"];
    assert_eq!(c["blocked"], 1);
    assert_eq!(c["certificates"], 1);
    assert_eq!(c["notices"], 1);
    assert_eq!(c["persons"], 2);
}

#[test]
fn documents_go_to_the_office_even_through_a_sharoushi() {
    // 電子媒体 with the 社労士 header variant.
    let v = list(
        &["--received-on", "2024-12-10"],
        &[&root().join("testdata/shfd/sharoushi")],
        0,
    );
    let o = &v["offices"][0];
    let note = o["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "via_sharoushi")
        .expect("a 社労士 note");
    assert!(note["message"].as_str().unwrap().contains("見本　三郎"));
    assert!(note["message"]
        .as_str()
        .unwrap()
        .contains("事業所の登録住所"));
    assert_eq!(
        o["deliver_to"]["address"],
        "東京都千代田区見本町一丁目２番３号"
    );
    // The 社労士氏名 is input text: a number planted in it is masked like any other.
    let planted = my_number("55555555555");
    let mut lines: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
    lines[0] = ",,12345678,001,20241210,22223".into();
    lines[2] = format!("見本{planted},001");
    lines.push(acq("10000000001", "ｱｵｷ ｲﾁﾛｳ", "5", "600101", "200000", "1").join(","));
    let (_dp, fp) = write_temp("SHFD0006.CSV", &sjis(&(lines.join("\r\n") + "\r\n")));
    for format in ["json", "table", "csv", "html"] {
        let out = run(&["--format", format, "--received-on", "2024-12-10"], &[&fp]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("社会保険労務士"), "{format}: {text}");
        assert!(
            !text.contains(&planted[..8]),
            "{format} shows the planted number"
        );
    }
    // A filing without one has no such note.
    let v = list(
        &["--received-on", "2024-12-10"],
        &[&root().join("testdata/shfd/valid")],
        0,
    );
    assert_eq!(v["offices"][0]["notes"], serde_json::json!([]));
    // An e-Gov form naming its 社会保険労務士の提出代行者名.
    let xml =
        std::fs::read_to_string(root().join("testdata/egov/single/495013521019030837_01.xml"))
            .unwrap()
            .replace(
                "<P1_社会保険労務士の提出代行者名/>",
                "<P1_社会保険労務士の提出代行者名>見本　四郎</P1_社会保険労務士の提出代行者名>",
            );
    assert!(xml.contains("見本　四郎"));
    let (_d, f) = write_temp("495013521019030837_01.xml", xml.as_bytes());
    let v = list(&["--received-on", "2024-12-10"], &[&f], 0);
    let notes = v["offices"][0]["notes"].to_string();
    assert!(
        notes.contains("via_sharoushi") && notes.contains("見本　四郎"),
        "{notes}"
    );
}

#[test]
fn csv_is_utf8_with_bom_or_shift_jis_and_has_no_personal_number_column() {
    let (_d, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[dependents(&my_number("60000000001"), ["", "1", ""])]),
    );
    let out = run(&["--format", "csv", "--received-on", "2024-12-10"], &[&f]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = out.stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert!(head.contains(&"氏名（カナ）".to_string()));
    for forbidden in [
        "個人番号",
        "マイナンバー",
        "基礎年金番号",
        "記号",
        "被保険者証",
    ] {
        assert!(
            !head
                .iter()
                .any(|h| h.contains(forbidden) && h != "事業所記号"),
            "column {forbidden}"
        );
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[1][col("氏名（漢字）")], "田中　蒼太");
    assert_eq!(&rows[1][col("資格確認書")], "発行");
    assert_eq!(&rows[1][col("発行予定日")], "2024-12-19");
    assert!(!todokede::diag::redact::has_digit_run(text, 12));
    for n in ["70000000001", "70000000002", "70000000003", "60000000001"] {
        assert!(!text.contains(n));
    }
    // Shift_JIS for the society's systems: the same rows.
    let out = run(
        &[
            "--format",
            "csv",
            "--encoding",
            "shift_jis",
            "--received-on",
            "2024-12-10",
        ],
        &[&f],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&out.stdout);
    assert!(!bad);
    assert!(!out.stdout.starts_with(b"\xEF\xBB\xBF"));
    // The notes' 〜 (U+301C) comes back as Windows-31J's ～ (U+FF5E); nothing else changes.
    assert_eq!(decoded, text.replace('\u{301c}', "\u{ff5e}"));
}

#[test]
fn table_and_output_file() {
    let (dir, f) = write_temp(
        "SHFD0006.CSV",
        &shfd(&[dependents(&my_number("60000000001"), ["", "1", ""])]),
    );
    let out = run(&["--received-on", "2024-12-10"], &[&f]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("■ 架空商事株式会社"), "{text}");
    assert!(text.contains("田中　蒼太"));
    assert!(text.contains("B 資格情報のお知らせ 3件・C 資格確認書 1件・D 送付者リスト 3名"));
    assert!(text.contains("1ファイル・1事業所・3名"));
    // -o writes the file and refuses to write over an input.
    let target = dir.path().join("list.html");
    let out = todokede()
        .args([
            "issuance",
            "--format",
            "html",
            "--received-on",
            "2024-12-10",
            "-o",
        ])
        .arg(&target)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("田中　蒼太"));
    let out = todokede()
        .args(["issuance", "--format", "csv", "-o"])
        .arg(&f)
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(std::fs::read(&f).unwrap().starts_with(b"21,01"));
}

#[test]
fn no_format_shows_a_personal_number_over_the_whole_corpus() {
    let corpus = root().join("testdata");
    for format in ["table", "json", "csv", "html"] {
        let out = run(
            &["--format", format, "--received-on", "2024-12-10"],
            &[&corpus],
        );
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.len() > 1000, "{format}: {} bytes", text.len());
        // Any 12-digit run could be a number (has_digit_run leaves out the public 手続ID and
        // 様式ID that name e-Gov files).
        assert!(
            !todokede::diag::redact::has_digit_run(&text, 12),
            "{format} shows a 12-digit run"
        );
        // The numbers the sample filing carries, by value.
        for n in ["073839962115", "451093172843", "1234567890", "719518398185"] {
            assert!(!text.contains(n), "{format} shows {n}");
        }
    }
}

#[test]
fn the_list_satisfies_its_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/todokede-issuance-1.schema.json")).unwrap(),
    )
    .unwrap();
    for (args, path) in [
        (vec!["--received-on", "2024-12-10"], root().join("testdata")),
        (
            vec!["--received-on", "2024-12-10", "--issue-on", "2026-12-10"],
            root().join("testdata/shfd/valid"),
        ),
    ] {
        let out = run(&[&["--format", "json"], args.as_slice()].concat(), &[&path]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(persons(&v).len() > 20 || path.ends_with("valid"));
        let mut errors = Vec::new();
        support::schema::validate(&schema, &schema, &v, "", &mut errors);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // And the validator refuses what the schema forbids: a date that is none, an unknown
    // certificate state, a property the schema does not have.
    let out = run(
        &["--format", "json", "--received-on", "2024-12-10"],
        &[&root().join("testdata/shfd/valid")],
    );
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["offices"][0]["persons"][0]["issue_on"] = Value::String("2024-13-01".into());
    v["offices"][0]["persons"][1]["certificate"] = Value::String("maybe".into());
    v["offices"][0]["persons"][2]["my_number"] = Value::String("x".into());
    let mut errors = Vec::new();
    support::schema::validate(&schema, &schema, &v, "", &mut errors);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

/// Regression: the staff report matched a finding to its record by path and record number, so an
/// error on the first record of a CSV attached to an e-Gov package (its "record 1") was shown on
/// the package's XML form, also "record 1", and the CSV record looked clean.
#[test]
fn the_staff_report_puts_a_finding_on_its_own_record_in_a_package() {
    use std::io::{Read, Write};
    use todokede::issuance::{self, Calendar, ClosedDays};

    // testdata/egov/valid/csv-attached.zip, with the check digit of the first CSV record's
    // 個人番号 (073839962115, line 6 of SHFD0006.CSV) broken.
    let original = std::fs::read("testdata/egov/valid/csv-attached.zip").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let mut package = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).unwrap();
        let name = member.name().to_string();
        let mut data = Vec::new();
        member.read_to_end(&mut data).unwrap();
        if name.ends_with("SHFD0006.CSV") {
            let at = data.windows(12).position(|w| w == b"073839962115").unwrap();
            data[at + 11] = b'6';
        }
        package
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        package.write_all(&data).unwrap();
    }
    let package = package.finish().unwrap().into_inner();

    let received_on = chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
    let config = todokede::Config::new(received_on);
    let (filing, report) =
        todokede::read_filing(todokede::Input::bytes("pkg.zip", package), &config).unwrap();
    let filings = std::slice::from_ref(&filing);
    let opts = issuance::Options {
        received_on,
        issue_on: None,
        calendar: Calendar::embedded(ClosedDays::society_default().unwrap()).unwrap(),
    };
    let list = issuance::build(filings, report.diagnostics(), &opts).unwrap();
    let staff = issuance::staff::build(filings, &report, &list);

    let records: Vec<_> = staff.offices.iter().flat_map(|o| &o.records).collect();
    assert_eq!(records.len(), 3);
    let codes = |line: Option<u32>, record: u32| -> Vec<&str> {
        let r = records
            .iter()
            .find(|r| r.source.line == line && r.source.record == record)
            .unwrap();
        r.findings.iter().map(|d| d.code()).collect()
    };
    assert_eq!(codes(None, 1), Vec::<&str>::new(), "the XML form is clean");
    assert!(
        codes(Some(6), 1).contains(&"MYN002"),
        "{:?}",
        codes(Some(6), 1)
    );
    assert_eq!(codes(Some(7), 2), Vec::<&str>::new());
}
