//! `todokede convert IN --to json|shfd-csv|kpfd-csv|egov -o OUT`
//!
//! Which records may be written is decided on the model ([`todokede::convert::select`]), the same
//! for every electronic shape: records with errors, without a layout, or with a person whose
//! certificate request is unknown are refused; with `--allow-errors` the rest is written and
//! what was left out is listed. Nothing is dropped silently, and nothing is written that
//! `check` would reject: every output is checked in memory before it is written
//! ([`todokede::check::check_output`]), and an empty filing is refused. `--to json` writes every
//! record, each with the codes of its errors (the model is for review, not for filing). An
//! e-Gov filing too large for one package is split into numbered packages.

use std::path::{Path, PathBuf};

use todokede::check::Outcome;
use todokede::convert::{LeftOut, Parts, Refusal, WriteOptions};
use todokede::diag::{Diagnostic, Lang, Text};
use todokede::report::{self, Format, RenderContext, Report};

use super::output;
use super::{ReadArgs, ToArg};

pub fn run(
    input: &Path,
    to: ToArg,
    out: &Path,
    allow_errors: bool,
    society_office_number: Option<&str>,
    read: &ReadArgs,
) -> u8 {
    let lang = read.lang();
    if let Some(n) = society_office_number {
        if n.is_empty() || n.len() > 10 || !n.bytes().all(|b| b.is_ascii_digit()) {
            say(
                lang,
                "--society-office-number は半角数字1〜10桁です".into(),
                "--society-office-number takes 1 to 10 half-width digits".into(),
            );
            return 2;
        }
    }
    // A file, or an unpacked e-Gov package (a folder with kousei.xml, or holding such folders).
    let package_dir = input.is_dir()
        && (todokede::source::walk::is_package_folder(input)
            || std::fs::read_dir(input).is_ok_and(|rd| {
                rd.flatten()
                    .any(|e| todokede::source::walk::is_package_folder(&e.path()))
            }));
    // `-` (standard input), `/dev/stdin` and FIFOs are read once, like a file.
    let file_like = input.as_os_str() == "-" || std::fs::metadata(input).is_ok_and(|m| !m.is_dir());
    if !file_like && !package_dir {
        let shown = todokede::diag::redact::path(input);
        say(
            lang,
            format!("{shown}: ファイルでも e-Gov パッケージのフォルダでもありません"),
            format!("{shown}: not a file or an e-Gov package folder"),
        );
        return 2;
    }
    // Refused before anything is read, so that nothing is written.
    let setting_files = read.setting_files();
    let settings: Vec<&Path> = setting_files.iter().map(|p| p.as_path()).collect();
    let target = match output::plan(out, &[input], &settings) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("todokede: {}", e.get(lang));
            return 2;
        }
    };
    let mut config = match read.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("todokede: {}", e.get(lang));
            return 2;
        }
    };
    // Every finding is needed to know which records have errors; the limit only shortens what
    // is shown.
    let shown_limit = config.max_diagnostics.take();
    let options = WriteOptions {
        society_office_number: society_office_number.map(str::to_string),
        today: super::today_in_tokyo(),
    };
    let ctx = RenderContext { lang, color: false };
    let plan = Plan {
        to,
        out,
        target,
        input,
        settings: &settings,
        config: &config,
    };
    // The filing is streamed into temporary files (never into the output itself), and only
    // renamed over the output at the end when nothing refuses it. Should the read have to be
    // done again (a 事業所情報 after the data), what was streamed is thrown away.
    let mut whole = false;
    loop {
        let mut parts = FileParts::new(&plan);
        let mut conv =
            todokede::convert::Converter::new(to.into(), options.clone(), allow_errors, &mut parts);
        let streamed = todokede::check::stream_filing(
            todokede::Input::Path(input.to_path_buf()),
            &config,
            &mut conv,
            whole,
        );
        let (report, outcome) = match streamed {
            Ok(r) => r,
            Err(e) => {
                eprintln!("todokede: {}", e.text().get(lang));
                return 2;
            }
        };
        conv.finish();
        if matches!(outcome, Outcome::HeadChanged | Outcome::Late) && !whole {
            whole = true;
            continue;
        }
        let done = Done {
            left_out: std::mem::take(&mut conv.left_out),
            unplaced: todokede::convert::unplaced_errors(report.diagnostics(), 0),
            kept: conv.kept,
            packages: conv.packages,
            refusal: conv.refusal.take(),
            io_error: conv.io_error.take(),
            dropped: std::mem::take(&mut conv.dropped),
        };
        drop(conv);
        return finish(&plan, parts, &report, done, allow_errors, shown_limit, &ctx);
    }
}

/// What a conversion is to make, and where.
struct Plan<'a> {
    to: ToArg,
    out: &'a Path,
    target: output::Target,
    input: &'a Path,
    settings: &'a [&'a Path],
    config: &'a todokede::Config,
}

/// What the conversion made besides its parts.
struct Done {
    left_out: Vec<LeftOut>,
    unplaced: Vec<&'static str>,
    kept: usize,
    packages: usize,
    refusal: Option<Refusal>,
    io_error: Option<std::io::Error>,
    dropped: todokede::write::egov::DroppedItems,
}

/// The temporary files a conversion writes into: one output (JSON, CSV), or one e-Gov package
/// after the other, each checked as `check` would check the written file before it is kept.
struct FileParts<'a> {
    plan: &'a Plan<'a>,
    single: Option<output::Output>,
    /// Packages written, each with the path it is to get.
    packages: Vec<(std::path::PathBuf, output::Parked)>,
    /// Why the packages cannot be written where asked (said at the end, with their count;
    /// empty: because the output is not a file).
    unplanned: Option<Text>,
    /// The first package that fails the check, and its report.
    failed: Option<Report>,
}

impl<'a> FileParts<'a> {
    fn new(plan: &'a Plan<'a>) -> FileParts<'a> {
        FileParts {
            plan,
            single: None,
            packages: Vec::new(),
            unplanned: None,
            failed: None,
        }
    }

    /// Where package `part` goes (`None`: the only one goes to `out` itself).
    fn package_target(&self, part: Option<usize>) -> Result<(PathBuf, output::Target), Text> {
        let plan = self.plan;
        let Some(n) = part else {
            return Ok((plan.out.to_path_buf(), plan.target.clone()));
        };
        if !matches!(plan.target, output::Target::File(_)) {
            return Err(Text::default());
        }
        let path = part_path(plan.out, n);
        output::plan(&path, &[plan.input], plan.settings).map(|t| (path, t))
    }
}

impl Parts for FileParts<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let out = match &mut self.single {
            Some(o) => o,
            None => self
                .single
                .insert(output::Output::spooled(&self.plan.target)?),
        };
        out.writer().write_all(bytes)
    }

    fn package(&mut self, zip: Vec<u8>, part: Option<usize>) -> std::io::Result<()> {
        if self.unplanned.is_some() || self.failed.is_some() {
            return Ok(());
        }
        let (path, target) = match self.package_target(part) {
            Ok(t) => t,
            Err(e) => {
                self.unplanned = Some(e);
                self.packages.clear();
                return Ok(());
            }
        };
        // `convert` never writes what `check` rejects.
        let name = file_name(&path);
        let checked = todokede::check::check_output(&name, &zip, self.plan.config);
        if checked.has_errors() {
            self.failed = Some(checked);
            self.packages.clear();
            return Ok(());
        }
        match target {
            output::Target::File(_) => {
                let mut o = output::Output::open(&target)?;
                o.writer().write_all(&zip)?;
                self.packages.push((path, o.park()?));
            }
            // The only package, to standard output or a device: written at the end.
            _ => {
                let mut o = output::Output::spooled(&target)?;
                o.writer().write_all(&zip)?;
                self.single = Some(o);
            }
        }
        Ok(())
    }
}

/// A file's name as findings show it.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "-".to_string(),
        |n| todokede::diag::redact::name(&n.to_string_lossy()),
    )
}

/// Says what happened, and keeps the outputs when nothing refuses them (each checked first).
fn finish(
    plan: &Plan<'_>,
    mut parts: FileParts<'_>,
    report: &Report,
    done: Done,
    allow_errors: bool,
    shown_limit: Option<usize>,
    ctx: &RenderContext,
) -> u8 {
    let out = plan.out;
    // Findings go to standard error so that the converted data alone goes to the output file.
    if report.summary.total() > 0 {
        render_to_stderr(&report.limited(shown_limit), ctx);
    }
    let complete = done.left_out.is_empty() && done.unplaced.is_empty() && !report.has_errors();
    let lang = ctx.lang;
    let cannot_write = |path: &Path, e: &std::io::Error| {
        let (shown, why) = (
            todokede::diag::redact::path(path),
            todokede::diag::cause::io(e),
        );
        say(
            lang,
            format!("{shown} を書けません: {}", why.ja),
            format!("cannot write {shown}: {}", why.en),
        );
        2
    };
    if matches!(plan.to, ToArg::Json) {
        // The model keeps everyone: records with errors carry their findings' codes, a person
        // whose certificate box could not be read is `unknown`. Only the electronic writers
        // refuse them.
        if !complete {
            let n = done.left_out.len();
            say(
                lang,
                format!("注: {n}件のレコードにエラーか未確認の欄があります。指摘のコードを付けて書きます"),
                format!("note: {n} record(s) have errors or unreviewed boxes; they are written with their findings"),
            );
        }
        if let Some(e) = &done.refusal {
            let why = refusal(e, lang);
            say(
                lang,
                format!("届出を変換できません: {why}"),
                format!("cannot convert the filing: {why}"),
            );
            return 2;
        }
        if let Some(e) = &done.io_error {
            return cannot_write(out, e);
        }
        let result = match parts.single.take() {
            Some(o) => o.commit(),
            None => output::write_all(&plan.target, b""),
        };
        return match result {
            Ok(()) => u8::from(!complete),
            Err(e) => cannot_write(out, &e),
        };
    }
    if !complete {
        list_left_out(
            &done.left_out,
            &done.unplaced,
            done.kept,
            allow_errors,
            lang,
        );
        if !allow_errors {
            say(
                lang,
                "変換していません: 届出にエラーか未確認の欄があります（残りを書くには --allow-errors）".into(),
                "not converted: the filing has errors or unreviewed boxes (use --allow-errors to write the rest)".into(),
            );
            return 1;
        }
    }
    if done.kept == 0 {
        say(
            lang,
            "変換していません: 変換できるレコードがなく、空の届出は書きません".into(),
            "not converted: no record is fit to convert, and an empty filing is not written".into(),
        );
        return 1;
    }
    match done.refusal {
        None => {
            for d in &done.dropped {
                let (r, i, name) = (d.record, d.item, &d.name);
                say(
                    lang,
                    format!("注: レコード{r} 項番{i} {name} は e-Gov の様式に要素がないため書いていません"),
                    format!("note: record {r} item {i} {name} has no element in the e-Gov form and was not written"),
                );
            }
            // Past the first records of an item, one line says how many more (as findings
            // are summarised per code).
            for (c, more) in done.dropped.unlisted() {
                let (i, name, all) = (c.item, &c.name, c.records);
                say(
                    lang,
                    format!("注: 項番{i} {name} はほかに{more}件のレコードでも書いていません（計{all}件）"),
                    format!("note: item {i} {name} was not written for {more} more record(s) either ({all} in all)"),
                );
            }
        }
        Some(Refusal::Diagnostics(refusals)) => {
            render_to_stderr(&refusals_report(report, refusals), ctx);
            say(
                lang,
                "変換していません: この届出はこの形では書けません".into(),
                "not converted: the filing cannot be written in this format".into(),
            );
            return 1;
        }
        Some(Refusal::Internal(e)) => {
            say(
                lang,
                format!("届出を変換できません: {INTERNAL_JA}"),
                format!("cannot convert the filing: {e}"),
            );
            return 2;
        }
    }
    if let Some(e) = &done.io_error {
        return cannot_write(out, e);
    }
    if let Some(why) = parts.unplanned.take() {
        let (parts_needed, shown) = (done.packages, todokede::diag::redact::path(out));
        let (ja, en) = if why.en.is_empty() {
            (
                format!("この届出には{parts_needed}個のパッケージが必要で、すべてを {shown} には書けません。-o でファイル名を指定してください"),
                format!("the filing needs {parts_needed} packages, which cannot all go to {shown}; give a file name with -o"),
            )
        } else {
            (why.ja, why.en)
        };
        say(
            lang,
            format!("変換していません: {ja}"),
            format!("not converted: {en}"),
        );
        return 1;
    }
    // `convert` never writes what `check` rejects: every part was checked as `check` would
    // check the written file (a CSV here, read back from its temporary file).
    let failed = match (parts.failed.take(), parts.single.as_mut()) {
        (Some(f), _) => Some(f),
        (None, Some(o)) if !matches!(plan.to, ToArg::Egov) => match o.reread() {
            Ok(file) => {
                let checked =
                    todokede::check::check_output_csv(&file_name(out), &file, plan.config);
                checked.has_errors().then_some(checked)
            }
            Err(e) => return cannot_write(out, &e),
        },
        _ => None,
    };
    if let Some(checked) = failed {
        render_to_stderr(&checked.limited(shown_limit), ctx);
        say(
            lang,
            "変換していません: 書き出す内容が todokede 自身の検査を通りません（何も書いていません）".into(),
            "not converted: what would be written fails todokede's own check (nothing written)".into(),
        );
        return 1;
    }
    if done.packages > 1 {
        let (n, p) = (done.kept, done.packages);
        let most = todokede::layout::egov::MAX_PACKAGE_ENTRIES
            / todokede::write::egov::ENTRIES_PER_APPLICATION;
        let files = parts
            .packages
            .iter()
            .map(|(p, _)| todokede::diag::redact::path(p))
            .collect::<Vec<_>>()
            .join(", ");
        say(
            lang,
            format!("注: {n}件の申請には{p}個のパッケージが必要です（1パッケージに{most}件まで）: {files}"),
            format!("note: {n} applications need {p} packages (at most {most} per package): {files}"),
        );
    }
    if let Some(o) = parts.single.take() {
        if let Err(e) = o.commit() {
            return cannot_write(out, &e);
        }
    }
    for (path, parked) in std::mem::take(&mut parts.packages) {
        if let Err(e) = parked.commit(Some(&path)) {
            return cannot_write(&path, &e);
        }
    }
    u8::from(!complete)
}

/// `{stem}-{n}{.ext}` beside `out`: where package `n` of several goes.
fn part_path(out: &Path, n: usize) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "package".into(), |s| s.to_string_lossy().into_owned());
    let ext = out
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    out.with_file_name(format!("{stem}-{n}{ext}"))
}

/// A report of a writer's refusals, for standard error.
fn refusals_report(read: &Report, refusals: Vec<Diagnostic>) -> Report {
    let mut refused = Report::new(read.received_on);
    for d in refusals {
        refused.summary.count(d.severity);
        refused.diagnostics.push(d);
    }
    refused
}

/// The text of a refusal that has no findings.
fn refusal(r: &Refusal, lang: Lang) -> String {
    match (r, lang) {
        (Refusal::Internal(_), Lang::Ja) => INTERNAL_JA.to_string(),
        (Refusal::Internal(e), Lang::En) => e.clone(),
        (Refusal::Diagnostics(d), Lang::Ja) => format!("{}件の指摘", d.len()),
        (Refusal::Diagnostics(d), Lang::En) => format!("{} finding(s)", d.len()),
    }
}

/// What an internal refusal says in Japanese: it is serde_json's error while serialising the
/// model, English and of no use to staff.
const INTERNAL_JA: &str = "内部のエラーでJSONを組み立てられません";

/// A message in the run's language.
fn say(lang: Lang, ja: String, en: String) {
    match lang {
        Lang::Ja => eprintln!("todokede: {ja}"),
        Lang::En => eprintln!("todokede: {en}"),
    }
}

fn render_to_stderr(report: &Report, ctx: &RenderContext) {
    let mut err = Vec::new();
    let _ = report::render(Format::Human, report, ctx, &mut err);
    eprint!("{}", String::from_utf8_lossy(&err));
}

/// Says what is not converted, and why.
fn list_left_out(
    left_out: &[LeftOut],
    unplaced: &[&str],
    kept: usize,
    allow_errors: bool,
    lang: Lang,
) {
    let verb = match (lang, allow_errors) {
        (Lang::Ja, true) => "除外",
        (Lang::Ja, false) => "変換できません",
        (Lang::En, true) => "left out",
        (Lang::En, false) => "cannot be converted",
    };
    for l in left_out {
        eprintln!("todokede: {verb}: {}", l.describe(lang));
    }
    if !unplaced.is_empty() {
        let codes = unplaced.join(", ");
        match lang {
            Lang::Ja => eprintln!(
                "todokede: どのレコードにも属さないエラー（{codes}）: その行の値は{}ありません",
                if allow_errors { "出力に" } else { "" }
            ),
            Lang::En => eprintln!(
                "todokede: errors outside any record ({codes}): values on those lines are missing{}",
                if allow_errors { " from the output" } else { "" }
            ),
        }
    }
    if allow_errors {
        let (n, all) = (kept, kept + left_out.len());
        match lang {
            Lang::Ja => eprintln!("todokede: {all}件中{n}件のレコードを書きます"),
            Lang::En => eprintln!("todokede: writing {n} of {all} record(s)"),
        }
    }
}
