//! One large 電子媒体 CSV file checked in parts on several threads, with the report byte for
//! byte the serial run's.
//!
//! 1. The head: the file is read up to its first data record (within the first part), which
//!    gives the header's outcome (variant, 媒体管理, 事業所情報) and where the data starts.
//! 2. The parts: cut after a line end, about [`Config::part_bytes`] each (at most two a
//!    thread), the first holding the header and the first data record.
//! 3. Each part's lines are counted, in parallel ([`parts::count`]): lines, data records, LF-only
//!    line ends, forms checked shallowly. Their sums say where each part's reader starts (line
//!    and record numbers, the findings said once per file), so that every finding a part makes
//!    is the serial run's, word for word. A `[data]`/`[kanri]` line among the data: read whole.
//! 4. Each part is checked with its own reader, engine and sink ([`Sink::for_part`]), in
//!    parallel; the last makes the end-of-file findings.
//! 5. Duplicate My Numbers across parts: the parts' first places are merged in order; a part
//!    that saw first a number an earlier part had seen is checked again with those numbers'
//!    first places given ([`SeenNumbers::seen_before`]), so it reports them as the serial run.
//! 6. The parts' findings are appended in order ([`Sink::append_part`]: the per-file caps of a
//!    summarising sink applied across them).
//!
//! Memory: per part, one line and the part's own My Number table (together the serial run's
//! table), and the findings it keeps (capped per code as the run's sink caps them). Not split:
//! a file smaller than two parts, a run with a limit on the findings, a run on one thread, a
//! file read for its model (`convert`, issuance), standard input.
//!
//! [`SeenNumbers::seen_before`]: crate::rules::mynumber::SeenNumbers::seen_before

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use rayon::prelude::*;

use super::{Config, Engine};
use crate::diag::Sink;
use crate::read::csv::parts::{self, Count, Resume};
use crate::read::csv::{format_of, CsvFile, CsvReader};
use crate::read::{ReadSummary, RecordIds};
use crate::rules::{CheckOptions, FileState};

/// A file cut into parts, counted.
pub(super) struct Plan {
    /// Where each part starts, and the file's size last.
    bounds: Vec<u64>,
    /// What each part holds.
    counts: Vec<Count>,
    /// The header's outcome, from the head.
    head: CsvFile,
    pool: Option<rayon::ThreadPool>,
}

/// What checking a part made.
struct Done {
    sink: Sink,
    file: CsvFile,
    state: FileState,
}

/// Runs `f` in `pool`, or (`None`) in the pool this thread is in (a run over several files).
fn install<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// The parts of the 電子媒体 file at `path` (shown as `shown`, named `name`, the run's file
/// `index`), counted; `None` when it is better read whole.
pub(super) fn plan(
    path: &Path,
    name: &str,
    index: u32,
    config: &Config,
    sink: &Sink,
) -> Option<Plan> {
    let threads = super::parallel::threads(config);
    if threads < 2 || sink.is_limited() {
        return None;
    }
    // A regular file only: a FIFO or a device cannot be read twice.
    let size = std::fs::metadata(path).ok().filter(|m| m.is_file())?.len();
    let parts = (size / config.part_bytes.max(1)).min(threads as u64 * 2);
    if parts < 2 {
        return None;
    }
    // The head, within the first part (or 64 KiB); its findings are made again by the first
    // part's reader.
    let first = File::open(path).ok()?.take((size / parts).max(64 * 1024));
    let mut reader = CsvReader::new(first, "", name, RecordIds::new(index));
    let mut scratch = Sink::new(Some(0));
    let data_from = loop {
        match reader.read_record(&mut scratch) {
            Some(r) if r.header => continue,
            Some(r) => break r.record.fields.first()?.bytes.start,
            None => return None,
        }
    };
    let head = CsvFile {
        records: 0,
        ..reader.file().clone()
    };
    drop(reader);

    let mut bounds = vec![0];
    let mut file = BufReader::new(File::open(path).ok()?);
    for i in 1..parts {
        let target = (data_from + 1).max(size * i / parts);
        if bounds.last().is_some_and(|b| *b >= target) {
            continue;
        }
        file.seek(SeekFrom::Start(target)).ok()?;
        let Some(bound) = after_line_end(&mut file, target).filter(|b| *b < size) else {
            break;
        };
        if bounds.last().is_some_and(|b| *b < bound) {
            bounds.push(bound);
        }
    }
    bounds.push(size);
    if bounds.len() < 3 {
        return None;
    }
    // In the run's pool when the run checks files in parallel, else in one of our own.
    let pool = match rayon::current_thread_index() {
        Some(_) => None,
        None => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()?,
        ),
    };
    let variant = head.variant;
    let counts: Option<Vec<Count>> = install(pool.as_ref(), || {
        bounds
            .par_windows(2)
            .map(|w| {
                let (start, end) = (*w.first()?, *w.get(1)?);
                let input = BufReader::with_capacity(64 * 1024, range(path, start, end)?);
                parts::count(input, start, data_from, variant).ok()?
            })
            .collect()
    });
    Some(Plan {
        bounds,
        counts: counts?,
        head,
        pool,
    })
}

/// The offset just after the first LF at or after `at` (where `input` stands), `None` when
/// there is none.
fn after_line_end(input: &mut impl BufRead, at: u64) -> Option<u64> {
    let mut pos = at;
    loop {
        let buf = input.fill_buf().ok()?;
        if buf.is_empty() {
            return None;
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => return Some(pos + i as u64 + 1),
            None => {
                let n = buf.len();
                pos += n as u64;
                input.consume(n);
            }
        }
    }
}

/// Bytes `start..end` of the file at `path`.
fn range(path: &Path, start: u64, end: u64) -> Option<std::io::Take<File>> {
    let mut f = File::open(path).ok()?;
    f.seek(SeekFrom::Start(start)).ok()?;
    Some(f.take(end.saturating_sub(start)))
}

/// Checks the file of `plan` (shown as `shown`, named `name`, the run's file `index`) part by
/// part, appending its findings to `sink` as the serial run would; `None` (nothing appended)
/// when a part could not be read as counted (the file changed): then it is read whole.
pub(super) fn check(
    plan: Plan,
    path: &Path,
    shown: &str,
    name: &str,
    index: u32,
    config: &Config,
    sink: &mut Sink,
) -> Option<ReadSummary> {
    let Plan {
        bounds,
        counts,
        head,
        pool,
    } = plan;
    // Where each part's reader starts: the sums of the counts before it.
    let mut resume = Vec::with_capacity(counts.len());
    let mut at = Resume {
        head,
        ..Resume::default()
    };
    for (i, c) in counts.iter().enumerate() {
        at.offset = bounds.get(i).copied()?;
        at.ends_file = i + 1 == counts.len();
        resume.push(at.clone());
        at.line_no = at.line_no.saturating_add(c.lines);
        at.head.records = at.head.records.saturating_add(c.records);
        at.lf_lines = at.lf_lines.saturating_add(c.lf_lines);
        for form in &c.shallow {
            if !at.shallow.contains(form) {
                at.shallow.push(form.clone());
            }
        }
    }
    let template = sink.for_part();
    let parts = counts.len();
    // The parts' duplicate tables are alive side by side: each gets its share of the one
    // input's budget, so that the file in parts stays within it (the findings do not change
    // with the budget, only when the tables spill to disk).
    let part_options = part_options(&config.options, parts);
    let part = |i: usize, state: FileState| -> Option<Done> {
        let (start, end) = (*bounds.get(i)?, *bounds.get(i + 1)?);
        let input = range(path, start, end)?;
        let from = resume.get(i)?;
        let mut sink = template.for_part();
        let mut engine = Engine::with_state(&config.options, &config.ocr.thresholds, state);
        let mut reader = if i == 0 {
            CsvReader::new(input, shown, name, RecordIds::new(index)).first_part()
        } else {
            let ids = RecordIds::after(index, from.head.records);
            CsvReader::part(input, shown, ids, from.clone())
        };
        while let Some(r) = reader.read_record(&mut sink) {
            engine.check(r, &mut sink);
        }
        let (file, _) = reader.finish();
        // A part that does not hold what was counted: the file changed under us.
        let counted = counts.get(i)?.records;
        (file.records.checked_sub(from.head.records)? == counted).then_some(Done {
            sink,
            file,
            state: engine.into_state(),
        })
    };
    let mut done: Vec<Done> = install(pool.as_ref(), || {
        (0..parts)
            .into_par_iter()
            .map(|i| part(i, FileState::new(&part_options)))
            .collect::<Option<Vec<_>>>()
    })?;

    // A part that saw first a number an earlier part had seen is checked again, knowing where.
    let mut again = Vec::new();
    let (first, later) = done.split_first_mut()?;
    let mut seen = std::mem::take(&mut first.state.my_numbers);
    for (i, d) in later.iter_mut().enumerate() {
        let mut numbers = std::mem::take(&mut d.state.my_numbers);
        if let Some(seeds) = seen.seen_before(&mut numbers) {
            again.push((i + 1, seeds));
        }
        seen.extend_with(&mut numbers);
    }
    drop(seen);
    let redone: Vec<(usize, Option<Done>)> = install(pool.as_ref(), || {
        again
            .into_par_iter()
            .map(|(i, my_numbers)| (i, part(i, FileState { my_numbers })))
            .collect()
    });
    for (i, d) in redone {
        *done.get_mut(i)? = d?;
    }

    let mut read = ReadSummary {
        format: Some(format_of(done.first()?.file.variant)),
        ..ReadSummary::default()
    };
    for (i, d) in done.into_iter().enumerate() {
        sink.append_part(d.sink);
        read.records = d.file.records;
        if i == 0 {
            read.medium = d.file.medium;
            read.offices = d.file.offices;
        }
    }
    Some(read)
}

/// The options of one of `parts` parts: the duplicate table's memory is the input's divided
/// among them.
fn part_options(options: &CheckOptions, parts: usize) -> CheckOptions {
    CheckOptions {
        duplicates_memory: options.duplicates_memory / parts.max(1),
        ..options.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{render, Format, RenderContext};
    use crate::Input;

    /// A valid 2200700 record with the My Number made of `n`, and a bad 生年月日 when `bad`.
    fn record(n: u64, bad: bool) -> String {
        let first = format!("{:011}", 30_000_000 + n);
        let digits: Vec<u8> = first.bytes().map(|b| b - b'0').collect();
        let check = crate::rules::mynumber::check_digit(&digits.try_into().unwrap_or([0; 11]));
        let birth = if bad { "601399" } else { "600101" };
        format!(
            "2200700,21,01,ｹｲﾄ,12345,{n},ﾔﾏﾀﾞ ﾀﾛｳ,山田　太郎,5,{birth},1,1,{first}{check},,,,,9,061201,0,200000,0,200000,,,,,,,,,,,"
        )
    }

    /// The JSON report and the parts of a run over `path` on `jobs` threads.
    fn run(path: &Path, jobs: usize, part_bytes: u64) -> (String, usize) {
        run_in(path, jobs, part_bytes, None)
    }

    /// [`run`], with the duplicate table's memory `memory` when given.
    fn run_in(path: &Path, jobs: usize, part_bytes: u64, memory: Option<usize>) -> (String, usize) {
        let mut config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
        if let Some(m) = memory {
            config.options.duplicates_memory = m;
        }
        config.jobs = jobs;
        config.part_bytes = part_bytes;
        let parts = plan(path, "SHFD0006.CSV", 0, &config, &Sink::summarising(None))
            .map_or(1, |p| p.counts.len());
        let report = crate::check_all(vec![Input::path(path)], &config).unwrap();
        let mut out = Vec::new();
        render(Format::Json, &report, &RenderContext::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // The time spent is the only thing that may differ.
        let text = text
            .lines()
            .filter(|l| !l.contains("\"elapsed"))
            .collect::<Vec<_>>()
            .join("\n");
        (text, parts)
    }

    /// Duplicates across the cuts (a number of the first part again in a later one, twice; one
    /// of a middle part again later), more of one error code than the per-file cap across the
    /// parts, LF-only line ends, a blank and an over-long line and a form checked shallowly in
    /// several parts: the findings of the file in parts are the serial run's, in its order.
    #[test]
    fn a_file_in_parts_reports_as_the_serial_run() {
        let mut text = String::from(
            "21,01,ｹｲﾄ,001,20241210,22223\r\n[kanri]\r\n,001\r\n21,01,ｹｲﾄ,12345,102,0073,東京都千代田区九段北一丁目,架空商事株式会社,架空　一郎,03,1234,5678\r\n[data]\r\n",
        );
        for i in 0..3000u64 {
            let line = match i {
                10 | 1800 | 2900 => "22007041,21,01,ｹｲﾄ,12345,1".to_string(),
                1200 => String::new(),
                2000 => format!("2200700,{}", "1".repeat(70_000)),
                2500 => record(5, false),
                2600 | 2601 => record(1500, false),
                _ => record(i, i % 40 == 0),
            };
            text.push_str(&line);
            text.push_str(if matches!(i, 100 | 1700 | 2800) {
                "\n"
            } else {
                "\r\n"
            });
        }
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("SHFD0006.CSV");
        std::fs::write(&path, &bytes).unwrap();

        let (serial, one) = run(&path, 1, 40_000);
        assert_eq!(one, 1, "one thread: not split");
        assert!(serial.contains("MYN003"), "{serial}");
        assert!(
            serial.contains("STR012") && serial.contains("omitted"),
            "{serial}"
        );
        for (jobs, part_bytes) in [(2, 40_000), (4, 40_000), (4, 100_000), (3, 1)] {
            let (parallel, parts) = run(&path, jobs, part_bytes);
            assert!(
                parts > 2,
                "{jobs} threads, parts of {part_bytes}: {parts} parts"
            );
            assert!(
                parallel == serial,
                "{jobs} threads, parts of {part_bytes} bytes differ"
            );
        }
        // A budget so small that every part's share spills to disk: still the same findings.
        let (small, _) = run_in(&path, 1, 40_000, Some(4096));
        assert!(small == serial, "one thread, a small budget differs");
        let (parallel, parts) = run_in(&path, 4, 40_000, Some(4096));
        assert!(parts > 2);
        assert!(parallel == serial, "in parts, a small budget differs");
    }

    /// The parts' tables are alive side by side: together they keep the input's budget.
    #[test]
    fn parts_share_the_duplicate_budget() {
        let options = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap()).options;
        let whole = options.duplicates_memory;
        for parts in [1, 2, 3, 8] {
            let share = part_options(&options, parts).duplicates_memory;
            assert!(share * parts <= whole, "{parts} parts: {share} each");
            assert!(share + parts > whole / parts, "{parts} parts: {share} each");
            assert_eq!(
                FileState::new(&part_options(&options, parts))
                    .my_numbers
                    .memory(),
                share
            );
        }
    }
}
