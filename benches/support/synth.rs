//! Synthetic 電子媒体 filings of any size, for benchmarks and for tests that need many records:
//! the data lines of the bundled sample `testdata/shfd/valid/SHFD0006.CSV` (資格取得届,
//! 被扶養者(異動)届, 資格喪失届), repeated with fresh 整理番号 and fresh My Numbers (unique in the
//! file, valid check digits, made-up digits). A generated file has no error.
#![allow(dead_code)]

/// The header records of the sample (媒体管理, 事業所数, 事業所情報) and the `[data]` mark.
const HEADER: &str = "21,01,ｹｲﾄ,001,20241210,22223\r\n[kanri]\r\n,001\r\n21,01,ｹｲﾄ,123,100,0001,東京都千代田区見本町一丁目２番３号,株式会社見本商事,見本　一郎,03,1234,5678\r\n[data]\r\n";

/// Data records in the sample's proportions of forms: mostly 2200700, some 2202700 and 2201700.
const TEMPLATES: &[&str] = &[
    "2200700,21,01,ｹｲﾄ,123,101,ﾔﾏﾀﾞ ﾀﾛｳ,山田　太郎,5,600415,1,1,073839962115,,,,,9,061201,0,250000,0,250000,,,,,,,,,,,",
    "2200700,21,01,ｹｲﾄ,123,102,ｽｽﾞｷ ﾊﾅｺ,鈴木　花子,7,080722,2,1,451093172843,,,,,9,061201,0,220000,0,220000,,,,,,,,,,,1",
    "2200700,21,01,ｹｲﾄ,123,103,ｻﾄｳ ｼﾞﾛｳ,佐藤　次郎,5,290615,1,1,395480426686,,,1234,567890,9,061201,0,180000,0,180000,1,,,,ｹｲｿﾞｸｺﾖｳ,,,,,,",
    "2200700,21,01,ｹｲﾄ,123,104,ｲﾄｳ ｻｸﾗ,伊藤　さくら,7,120303,2,1,898954840740,,,,,9,061201,0,200000,0,200000,,1,1,,,,,,,,",
    "2202700,21,01,ｹｲﾄ,1,9,061205,201,ﾀﾅｶ ｹﾝｲﾁ,田中　健一,5,620910,1,434074495931,,,4800000,,,,1,,,ﾀﾅｶ ﾐﾕｷ,田中　美幸,5,590205,2,719518398185,,,,,,1,,100,0001,東京都千代田区見本町一丁目２番３号,,,,,9,061201,2,,1,500000,,,,,,,,1,,,,,,,,,,,,,,ﾀﾅｶ ｿｳﾀ,田中　蒼太,9,020415,1,01,,738586859586,1,100,0001,東京都千代田区見本町一丁目２番３号,,,,,,,,9,020415,1,,0,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,1,,",
    "2201700,21,01,ｹｲﾄ,123,090,ｶﾄｳ ﾏｺﾄ,加藤　誠,5,500808,661387793263,,,9,061201,4,9,061130,,,,1,,,,,",
];

/// Which template the `i`-th record uses: 16 of 20 are 資格取得届, 3 被扶養者(異動)届, 1 喪失届.
fn template_of(i: u64) -> usize {
    match i % 20 {
        0..=15 => (i % 4) as usize,
        16..=18 => 4,
        _ => 5,
    }
}

/// The check digit of 11 digits (平成26年総務省令第85号 第5条).
fn check_digit(first11: u64) -> u64 {
    const WEIGHTS: [u64; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let mut sum = 0;
    let mut rest = first11;
    for w in WEIGHTS.iter().rev() {
        sum += (rest % 10) * w;
        rest /= 10;
    }
    let r = sum % 11;
    if r <= 1 {
        0
    } else {
        11 - r
    }
}

/// The `n`-th My Number of a file: distinct for every `n` below 10^11 (a multiplication by a
/// number prime to 10^11 permutes the residues), with its check digit.
pub fn my_number(n: u64) -> String {
    let first11 = (n.wrapping_mul(7_919_000_003) + 12_345) % 100_000_000_000;
    format!("{first11:011}{}", check_digit(first11))
}

fn is_my_number(s: &str) -> bool {
    s.len() == 12
        && s.bytes().all(|b| b.is_ascii_digit())
        && s[..11]
            .parse::<u64>()
            .is_ok_and(|f| check_digit(f) == u64::from(s.as_bytes()[11] - b'0'))
}

/// Writes a valid SHFD0006 file of about `target_bytes` (Shift_JIS) to `out`, its My Numbers
/// drawn from `n_from` on (so that several files of one medium do not share numbers); returns
/// the records and the next free number.
pub fn write_shfd(
    out: &mut dyn std::io::Write,
    target_bytes: u64,
    n_from: u64,
) -> std::io::Result<(u64, u64)> {
    let templates: Vec<Vec<&str>> = TEMPLATES.iter().map(|t| t.split(',').collect()).collect();
    let mut written = encode_into(out, HEADER)?;
    let mut n = n_from;
    let mut records = 0u64;
    let mut line = String::with_capacity(1024);
    while written < target_bytes {
        let items = &templates[template_of(records)];
        line.clear();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            if is_my_number(item) {
                line.push_str(&my_number(n));
                n += 1;
            } else if i == 5 && items[0] == "2200700" {
                // 被保険者整理番号: 1 to 6 digits.
                line.push_str(&(records % 999_999 + 1).to_string());
            } else {
                line.push_str(item);
            }
        }
        line.push_str("\r\n");
        written += encode_into(out, &line)?;
        records += 1;
    }
    Ok((records, n))
}

/// A valid SHFD0006 file of about `target_bytes`, in memory.
pub fn shfd(target_bytes: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(target_bytes as usize + 4096);
    let _ = write_shfd(&mut v, target_bytes, 0);
    v
}

fn encode_into(out: &mut dyn std::io::Write, text: &str) -> std::io::Result<u64> {
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    out.write_all(&bytes)?;
    Ok(bytes.len() as u64)
}
