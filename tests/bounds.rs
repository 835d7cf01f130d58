//! Bounded on every input: floods of one finding are summarised with exact counts, and the
//! limits of docs/safety.md hold.

mod support;

use std::collections::BTreeMap;

use support::{acquisition, check_paths, config, read_filing, shfd, write_temp};

/// 200 records with the same faults: 50 of each code are kept, the rest counted exactly.
#[test]
fn a_flood_of_one_finding_is_summarised_with_exact_counts() {
    let records: Vec<Vec<String>> = (0..200).map(|_| acquisition("123456789012")).collect();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
    // read_filing keeps every finding (convert needs each one).
    let (_, full) = read_filing(&path, &config("2024-12-10"));
    let report = check_paths(std::slice::from_ref(&path), &config("2024-12-10"));
    let mut kept: BTreeMap<&str, usize> = BTreeMap::new();
    for d in report.diagnostics() {
        *kept.entry(d.code()).or_default() += 1;
    }
    assert!(
        kept.values().all(|n| *n <= todokede::diag::Sink::PER_CODE),
        "{kept:?}"
    );
    assert_eq!(kept.get("MYN002"), Some(&todokede::diag::Sink::PER_CODE));
    // Every count stays exact: what the full sink saw is what the summary counts.
    assert_eq!(report.summary.errors, full.summary.errors);
    assert_eq!(report.summary.warnings, full.summary.warnings);
    assert_eq!(report.summary.total(), full.summary.total());
    let omitted: usize = report.omitted.iter().map(|o| o.count).sum();
    assert_eq!(report.diagnostics().len() + omitted, full.diagnostics.len());
    assert_eq!(report.summary.not_shown, omitted);
    let myn = report.omitted.iter().find(|o| o.code == "MYN002").unwrap();
    assert_eq!(myn.count, 200 - todokede::diag::Sink::PER_CODE);
    // --max-diagnostics caps what is kept, still counting everything.
    let mut capped = config("2024-12-10");
    capped.max_diagnostics = Some(5);
    let r = check_paths(&[path], &capped);
    assert_eq!(r.diagnostics().len(), 5);
    assert_eq!(r.summary.total(), full.summary.total());
    assert_eq!(r.summary.not_shown, full.summary.total() - 5);
}

/// Regression: 900 directory entries overlapping one 200 MiB member took 12 s, each refused
/// entry inflating up to its cap. Now the overlap is refused before anything is inflated.
#[test]
fn overlapping_zip_entries_are_refused_before_inflating() {
    let z = support::overlapping_zip(8 << 20, 900);
    let mut sink = todokede::diag::Sink::new(None);
    let (members, inflated) = todokede::read::egov::zip::members_counted(
        &z,
        "bomb.zip",
        todokede::read::egov::zip::LIMITS,
        &mut sink,
    );
    assert!(members.is_empty());
    assert_eq!(inflated, 0, "nothing is inflated");
    let codes: Vec<&str> = sink.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, vec!["ZIP001"], "{:?}", sink.diagnostics);
    assert!(sink.diagnostics[0]
        .message
        .en
        .contains("share the same bytes"));
}

/// The total cap counts every byte inflated, also of entries that are refused.
#[test]
fn the_inflate_cap_counts_refused_entries_too() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..10 {
        w.start_file(format!("p/{i}.xml"), opts).unwrap();
        // Each over the per-entry cap below, none over the ratio.
        let text: Vec<u8> = (0..3000u32).flat_map(|n| n.to_le_bytes()).collect();
        w.write_all(&text).unwrap();
    }
    let z = w.finish().unwrap().into_inner();
    let limits = todokede::read::egov::zip::ZipLimits {
        entry_bytes: 10_000,
        total_bytes: 25_000,
        ..todokede::read::egov::zip::LIMITS
    };
    let mut sink = todokede::diag::Sink::new(None);
    let (members, inflated) =
        todokede::read::egov::zip::members_counted(&z, "many.zip", limits, &mut sink);
    assert!(members.is_empty());
    // Two entries fill their caps, the third crosses the total; the other seven are not read.
    assert!(inflated <= 25_001, "{inflated}");
    assert!(sink
        .diagnostics
        .iter()
        .any(|d| d.message.en.contains("unpacked total")));
}

/// Regression: 100,000 undefined entities on one XML line took 28 s (the column of each was
/// found by rescanning the line) and built 100,000 diagnostics to count them. Now a line's first
/// findings are located (one pass over what precedes them), the next of each code says how many
/// follow, and the rest are counted without being built: a sink that keeps everything it is
/// given receives 21 diagnostics, and every count stays exact.
#[test]
fn a_line_of_xml_findings_is_capped_and_counted_exactly() {
    use todokede::diag::PER_LINE;
    let xml = format!("<r>{}</r>", "&a;".repeat(100_000));
    let mut sink = todokede::diag::Sink::new(None);
    let doc = todokede::read::egov::xml::parse(xml.as_bytes(), "t.xml", &mut sink).unwrap();
    assert_eq!(sink.total(), 100_000);
    assert_eq!(sink.diagnostics.len(), PER_LINE + 1, "built and kept");
    let rest = 100_000 - PER_LINE - 1;
    assert_eq!(sink.omitted.len(), 1);
    assert_eq!(
        (sink.omitted[0].code, sink.omitted[0].count),
        ("XML002", rest)
    );
    let held = sink.diagnostics.last().unwrap();
    assert_eq!(held.notes.len(), 1);
    assert!(
        held.notes[0].en.starts_with(&format!("{rest} more XML002")),
        "{}",
        held.notes[0].en
    );
    // Exact columns, found in one pass.
    assert_eq!(held.primary.span().column, Some(4 + 3 * PER_LINE as u32));
    let scanned = doc.scanned();
    assert!(
        scanned <= 2 * xml.len() as u64,
        "{scanned} bytes scanned for a {}-byte line",
        xml.len()
    );

    // Two codes on a line: each gets its one finding past the cap; other lines start afresh.
    let line = format!("{}{}", "&a;".repeat(30), "x\u{1}".repeat(30));
    let xml = format!("<r>\n<x>{line}</x>\n<y>&b;</y>\n</r>");
    let mut sink = todokede::diag::Sink::new(None);
    todokede::read::egov::xml::parse(xml.as_bytes(), "t.xml", &mut sink).unwrap();
    let codes: Vec<(&str, Option<u32>)> = sink
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.primary.span().line))
        .collect();
    assert_eq!(codes.len(), PER_LINE + 3, "{codes:?}");
    assert_eq!(codes[PER_LINE], ("XML002", Some(2)));
    assert_eq!(codes[PER_LINE + 1], ("ENC005", Some(2)));
    assert_eq!(codes[PER_LINE + 2], ("XML002", Some(3)));
    assert_eq!(sink.total(), 61);
    let counted: usize = sink.omitted.iter().map(|o| o.count).sum();
    assert_eq!(counted, 61 - codes.len());

    // A summarising report lists what was counted, with the held finding's note.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("495013521019030837_01.xml");
    std::fs::write(
        &path,
        format!("<DataRoot>{}</DataRoot>", "&a;".repeat(5_000)),
    )
    .unwrap();
    let report = check_paths(&[path], &config("2024-12-10"));
    let xml002: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.code() == "XML002")
        .collect();
    assert_eq!(xml002.len(), PER_LINE + 1);
    let omitted: usize = report
        .omitted
        .iter()
        .filter(|o| o.code == "XML002")
        .map(|o| o.count)
        .sum();
    assert_eq!(omitted, 5_000 - PER_LINE - 1);
    assert_eq!(
        report.summary.not_shown,
        report.omitted.iter().map(|o| o.count).sum::<usize>()
    );
}

/// Every report format says what a flood summary left out, in the report's language, with the
/// exact count (the wording is `diag::Omitted::describe`, shared by all of them), in its own
/// syntax: SARIF a notification per file and code, GitLab an issue, JSON and JSON Lines an
/// `omitted` entry of the summary (JSON Lines' last line). The staff report (HTML, Japanese
/// only) has its own test below.
#[test]
fn every_report_lists_each_summarised_flood_in_its_language() {
    use todokede::diag::Lang;
    use todokede::report::{render, Format, RenderContext};
    let records: Vec<Vec<String>> = (0..200).map(|_| acquisition("123456789012")).collect();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
    let report = check_paths(std::slice::from_ref(&path), &config("2024-12-10"));
    let left = 200 - todokede::diag::Sink::PER_CODE;
    assert!(report
        .omitted
        .iter()
        .any(|o| o.code == "MYN002" && o.count == left));
    for &format in Format::ALL.iter().filter(|f| **f != Format::Html) {
        for lang in [Lang::Ja, Lang::En] {
            let ctx = RenderContext { lang, color: false };
            let mut out = Vec::new();
            render(format, &report, &ctx, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let myn = match lang {
                Lang::Ja => format!("このファイルのMYN002はほかに{left}件あります（表示を省略）"),
                Lang::En => format!("and {left} more MYN002 in this file (not shown)"),
            };
            assert!(text.contains(&myn), "{format:?} {lang:?}:\n{text}");
            for o in &report.omitted {
                let (code, n) = (o.code, o.count);
                let said = match lang {
                    Lang::Ja => format!("{code}はほかに{n}件"),
                    Lang::En => format!("and {n} more {code} "),
                };
                assert!(
                    text.contains(&said),
                    "{format:?} {lang:?}: {code} not listed"
                );
            }
            let describe = |o: &todokede::diag::Omitted| o.describe(lang);
            if format == Format::Gitlab {
                // One issue per file and code, after the findings, with the exact count.
                let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
                let issues = doc.as_array().unwrap();
                assert_eq!(
                    issues.len(),
                    report.diagnostics().len() + report.omitted.len()
                );
                for (i, o) in issues[report.diagnostics().len()..]
                    .iter()
                    .zip(&report.omitted)
                {
                    assert_eq!(i["check_name"], o.code);
                    assert_eq!(
                        i["description"].as_str().unwrap(),
                        format!("{} {}", o.code, describe(o))
                    );
                    assert_eq!(i["location"]["lines"]["begin"], 1);
                    assert!(path.ends_with(i["location"]["path"].as_str().unwrap()));
                }
            }
            if matches!(format, Format::Json | Format::JsonLines) {
                // JSON Lines: the findings, then one summary line (the JSON report's summary).
                let summary = if format == Format::Json {
                    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
                    doc["summary"].clone()
                } else {
                    let lines: Vec<&str> = text.lines().collect();
                    assert_eq!(lines.len(), report.diagnostics().len() + 1);
                    let last: serde_json::Value =
                        serde_json::from_str(lines.last().unwrap()).unwrap();
                    assert!(last.get("code").is_none());
                    last["summary"].clone()
                };
                assert_eq!(summary["not_shown"], report.summary.not_shown);
                assert_eq!(summary["errors"], report.summary.errors);
                let entries = summary["omitted"].as_array().unwrap();
                assert_eq!(entries.len(), report.omitted.len());
                for (e, o) in entries.iter().zip(&report.omitted) {
                    assert_eq!(e["code"], o.code);
                    assert_eq!(e["count"], o.count);
                    assert_eq!(e["severity"], o.severity.as_str());
                    assert_eq!(e["message"], describe(o));
                }
            }
            if format == Format::Sarif {
                // One notification per file and code, naming the rule.
                let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
                let notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
                    .as_array()
                    .unwrap();
                for o in &report.omitted {
                    let of_code: Vec<_> = notes
                        .iter()
                        .filter(|n| n["associatedRule"]["id"] == o.code)
                        .collect();
                    assert_eq!(of_code.len(), 1, "{lang:?}: {}", o.code);
                    assert!(of_code[0]["message"]["text"]
                        .as_str()
                        .unwrap()
                        .contains(&o.count.to_string()));
                }
            }
        }
    }
}

/// The staff report (HTML, Japanese) lists each summarised flood too: per file and code, how
/// many findings were counted and not shown, in the words of the other formats.
#[test]
fn the_staff_report_lists_each_summarised_flood_per_code() {
    use todokede::report::{render, Format, RenderContext};
    // 200 records with the same faults: each of their codes floods (MYN002 among them).
    let records: Vec<Vec<String>> = (0..200).map(|_| acquisition("123456789012")).collect();
    let (_dir, path) = write_temp("SHFD0006.CSV", &shfd(&records));
    let report = check_paths(std::slice::from_ref(&path), &config("2024-12-10"));
    assert!(!report.omitted.is_empty(), "no flood");
    let mut out = Vec::new();
    render(Format::Html, &report, &RenderContext::default(), &mut out).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(html.contains("表示を省略した指摘"), "no flood section");
    for o in &report.omitted {
        let row = format!(
            "<td class=\"code\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
            o.code,
            match o.severity {
                todokede::diag::Severity::Error => "エラー",
                todokede::diag::Severity::Warning => "警告",
                todokede::diag::Severity::Info => "情報",
            },
            o.count,
            o.describe(todokede::diag::Lang::Ja)
        );
        assert!(html.contains(&row), "{} not listed:\n{html}", o.code);
    }
    // A file without a flood has no such section.
    let (_dir, one) = write_temp("SHFD0006.CSV", &shfd(&records[..1]));
    let report = check_paths(&[one], &config("2024-12-10"));
    assert!(report.omitted.is_empty());
    let mut out = Vec::new();
    render(Format::Html, &report, &RenderContext::default(), &mut out).unwrap();
    assert!(!String::from_utf8(out)
        .unwrap()
        .contains("表示を省略した指摘"));
}

/// An Azure result is read in linear work: the file is lexed once, each field's bytes are worked
/// three times (parsed, placed, columns), and a field located by spans into `content` costs the
/// span, not a count from the start of the content (which made 4,000 fields at the end of 2 MB
/// of content 8 G characters of counting). Written from the shape of Microsoft's analyzeResult
/// (REST 2024-11-30): `content`, `documents[].fields[].spans[].offset/length`.
#[test]
fn an_azure_result_is_read_in_linear_work() {
    use std::fmt::Write as _;
    let filler = "ア".repeat(2 << 20 >> 2);
    let names = ["ヤマダ", "スズキ", "タナカ", "サトウ"];
    let mut content = filler.clone();
    let mut spans = Vec::new();
    // unicodeCodePoint offsets: the filler's characters, then each name in turn.
    let mut offset = filler.chars().count();
    for (i, n) in names.iter().cycle().take(4_000).enumerate() {
        content.push_str(n);
        spans.push((i + 1, offset, n.chars().count()));
        offset += n.chars().count();
    }
    let mut fields = String::new();
    for (record, offset, length) in &spans {
        if !fields.is_empty() {
            fields.push(',');
        }
        write!(
            fields,
            r#""r{record}_i7":{{"type":"string","spans":[{{"offset":{offset},"length":{length}}}],"confidence":0.99}}"#
        )
        .unwrap();
    }
    let json = format!(
        r#"{{"status":"succeeded","analyzeResult":{{"apiVersion":"2024-11-30","stringIndexType":"unicodeCodePoint","content":{},"pages":[{{"pageNumber":1,"width":8.27,"height":11.69,"unit":"inch","words":[]}}],"documents":[{{"docType":"m:2200700-2024-12","fields":{{{fields}}}}}]}}}}"#,
        serde_json::to_string(&content).unwrap()
    );
    let mut sink = todokede::diag::Sink::new(None);
    let (sheets, work) = todokede::read::ocr::azure::read_counted(
        json.as_bytes(),
        "r.json",
        todokede::read::ocr::profile::Profile::default_profile(),
        &mut sink,
    );
    let sheets = sheets.unwrap();
    assert_eq!(sheets.len(), 1);
    let got: Vec<(u32, Option<&str>)> = sheets[0]
        .fields
        .iter()
        .map(|f| (f.record, f.raw.as_deref()))
        .collect();
    assert_eq!(got.len(), 4_000);
    for ((record, raw), name) in got.iter().zip(names.iter().cycle()) {
        assert_eq!(*raw, Some(*name), "record {record}");
    }
    eprintln!(
        "Azure, {} bytes, 4,000 fields by spans: {work} units of work",
        json.len()
    );
    assert!(
        work <= 6 * json.len() as u64,
        "{work} units of work for {} bytes",
        json.len()
    );
}

/// The compression ratio is measured on real bytes: an entry whose central-directory record
/// claims more compressed bytes than lie before the central directory (which would make a
/// bomb's ratio look small) is refused before anything is inflated (ZIP001, "claims more bytes than the archive
/// holds"; APPNOTE 4.4.9 compressed size, 4.3.12 central directory header).
#[test]
fn a_zip_entry_claiming_more_bytes_than_the_archive_is_refused_before_inflating() {
    let z = support::overlapping_zip(8 << 20, 0);
    let eocd = z.len() - 22;
    let cd_start = u32::from_le_bytes(z[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    assert_eq!(&z[cd_start..cd_start + 4], b"PK\x01\x02");
    let size_at = cd_start + 20;
    let real = u32::from_le_bytes(z[size_at..size_at + 4].try_into().unwrap());
    // Compressed size at offset 20 of the central directory header: 16 MiB, past the end; and
    // 30 bytes more than the entry has, into the central directory.
    let mut lying = z.clone();
    lying[size_at..size_at + 4].copy_from_slice(&(16u32 << 20).to_le_bytes());
    let mut into_dir = z.clone();
    into_dir[size_at..size_at + 4].copy_from_slice(&(real + 30).to_le_bytes());
    // Data before the archive (a self-extractor's stub) moves every offset: still read.
    let mut prepended = vec![b'#'; 100];
    prepended.extend_from_slice(&z);
    for (zip, refused) in [
        (&z, false),
        (&prepended, false),
        (&lying, true),
        (&into_dir, true),
    ] {
        let mut sink = todokede::diag::Sink::new(None);
        let (members, inflated) = todokede::read::egov::zip::members_counted(
            zip,
            "bomb.zip",
            todokede::read::egov::zip::LIMITS,
            &mut sink,
        );
        let codes: Vec<&str> = sink.diagnostics.iter().map(|d| d.code()).collect();
        if refused {
            assert!(members.is_empty());
            assert_eq!(inflated, 0, "nothing is inflated");
            assert_eq!(codes, vec!["ZIP001"], "{:?}", sink.diagnostics);
            assert!(sink.diagnostics[0]
                .message
                .en
                .contains("claims more bytes than the archive holds"));
        } else {
            // The honest archive is read (and its 8 MiB of zeros refused by their ratio).
            assert!(inflated > 0);
            assert!(!codes.contains(&"ZIP001"), "{codes:?}");
        }
    }
}
