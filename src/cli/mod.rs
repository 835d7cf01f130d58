//! The command line: clap definitions here, one file per command.

mod check;
mod clap_ja;
mod convert;
mod explain;
mod issuance;
mod ja;
mod lang;
pub mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use todokede::diag::{Lang, Text};
use todokede::report::Format;

/// `--format`: the output formats of `check` (clap's view of [`Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    /// The staff report: one self-contained Japanese HTML page, printable per 事業所.
    Html,
    /// GitLab Code Quality (`artifacts:reports:codequality`).
    Gitlab,
    /// One JSON diagnostic per line.
    JsonLines,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Html => Format::Html,
            FormatArg::Gitlab => Format::Gitlab,
            FormatArg::JsonLines => Format::JsonLines,
            FormatArg::Concise => Format::Concise,
        }
    }
}

/// `issuance --format` (clap's view of [`todokede::report::issuance::Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IssuanceFormatArg {
    /// Japanese, aligned for a terminal.
    Table,
    /// `todokede-issuance/1`.
    Json,
    /// One row per person.
    Csv,
    /// The staff report.
    Html,
}

impl From<IssuanceFormatArg> for todokede::report::issuance::Format {
    fn from(f: IssuanceFormatArg) -> Self {
        use todokede::report::issuance::Format as F;
        match f {
            IssuanceFormatArg::Table => F::Table,
            IssuanceFormatArg::Json => F::Json,
            IssuanceFormatArg::Csv => F::Csv,
            IssuanceFormatArg::Html => F::Html,
        }
    }
}

/// `issuance --encoding` of the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8 with a byte order mark (Excel reads it as UTF-8).
    #[value(name = "utf8", alias = "utf-8")]
    Utf8,
    /// Shift_JIS (Windows-31J).
    #[value(
        name = "shift_jis",
        alias = "shift-jis",
        alias = "sjis",
        alias = "cp932"
    )]
    ShiftJis,
}

impl From<EncodingArg> for todokede::report::issuance::csv::Encoding {
    fn from(e: EncodingArg) -> Self {
        use todokede::report::issuance::csv::Encoding as E;
        match e {
            EncodingArg::Utf8 => E::Utf8,
            EncodingArg::ShiftJis => E::ShiftJis,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "todokede",
    version,
    about = "Check and convert Japanese health-insurance filings (電子媒体 CSV, e-Gov packages, paper read by OCR)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// The society's policy: every person's My Number is required.
    Society,
    /// The pension office's rule: 基礎年金番号 + 住所 may replace the My Number.
    Nenkin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromArg {
    /// 電子媒体 CSV (SHFD0006 / KPFD0006; the variant is read from the header and name).
    Csv,
    /// e-Gov package: a ZIP, an unpacked package folder, or a kousei.xml / form XML.
    Egov,
    /// Paper read by OCR: `ocr-fields/1` JSON Lines.
    Ocr,
    /// Paper read by OCR: an Azure AI Document Intelligence result (custom model).
    Azure,
}

impl From<ToArg> for todokede::convert::Target {
    fn from(t: ToArg) -> todokede::convert::Target {
        match t {
            ToArg::Json => todokede::convert::Target::Json,
            ToArg::ShfdCsv => todokede::convert::Target::ShfdCsv,
            ToArg::KpfdCsv => todokede::convert::Target::KpfdCsv,
            ToArg::Egov => todokede::convert::Target::Egov,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToArg {
    /// The normalized model, `todokede-filing/1`.
    Json,
    /// SHFD0006.CSV (年金事務所 電子媒体), Shift_JIS.
    ShfdCsv,
    /// KPFD0006.CSV (健保組合 電子媒体), Shift_JIS; only from a KPFD filing.
    KpfdCsv,
    /// An unsigned e-Gov package (ZIP) of the 2024-12 procedures.
    Egov,
}

/// Options shared by the commands that read filings. Each one not given here comes from
/// `todokede.toml` (see [`todokede::config`]), else its default.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// 受付日 (date of receipt): 2024-12-10, 2024/12/10 or 令和6年12月10日; default: today in
    /// Asia/Tokyo.
    #[arg(long, value_name = "DATE", value_parser = parse_received_on)]
    pub received_on: Option<chrono::NaiveDate>,
    /// Whose rules apply to identification numbers [default: society].
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Source format; detected from the content when absent.
    #[arg(long, value_enum)]
    pub from: Option<FromArg>,
    /// Language of messages [default: ja, or en when LANG / LC_ALL name another language].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Keep at most N diagnostics (all are counted); default: no limit.
    #[arg(long, value_name = "N")]
    pub max_diagnostics: Option<usize>,
    /// Check N files at once (the report is the same); default: one per core. 1 checks one
    /// after the other.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// The size of the parts a large 電子媒体 CSV file is checked in on several cores (default
    /// 4 MiB). Hidden: for the tests and benchmarks that split small files.
    #[arg(long, value_name = "BYTES", hide = true)]
    pub part_bytes: Option<u64>,
    /// OCR: report fields read with a confidence below this (0–1, default 0.80); `TYPE=X` sets
    /// one kind of box (text, date, number, checkbox, choice). Repeatable.
    #[arg(long, value_name = "[TYPE=]X", value_parser = parse_threshold)]
    pub ocr_min_confidence: Vec<(Option<todokede::model::ocr::FieldKind>, f64)>,
    /// OCR: the mapping profile of an Azure custom model (TOML, see schemas/ocr/); default:
    /// fields named `r{record}_i{item}`.
    #[arg(long, value_name = "FILE")]
    pub ocr_profile: Option<PathBuf>,
    /// Only these rules: codes or prefixes (`MYN,CRT002`); replaces the file's `select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never these rules: codes or prefixes (`STR001,OCR`); added to the file's `ignore`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The severity of a rule or family: `CRT002=error`, `STR=info`. Repeatable.
    #[arg(long, value_name = "CODE=LEVEL")]
    pub severity: Vec<String>,
    /// Read the settings from this file instead of the todokede.toml found upward.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Read no todokede.toml.
    #[arg(long)]
    pub no_config: bool,
    /// The password of encrypted media (`SHFD0006(CSV).ZIP`): the first line of this file.
    /// Also from the TODOKEDE_PASSWORD environment variable; never on the command line.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// The file read once per run: `todokede.toml`, as loaded.
    #[arg(skip)]
    loaded: std::sync::OnceLock<Result<Option<todokede::config::Config>, Text>>,
}

fn parse_received_on(s: &str) -> Result<chrono::NaiveDate, Bilingual> {
    todokede::config::parse_date(s).map_err(|t| Bilingual { ja: t.ja, en: t.en })
}

/// A value parser's refusal in both languages: clap shows the English one (its `Display`),
/// the Japanese errors ([`clap_ja`]) the other.
#[derive(Debug, Clone)]
pub struct Bilingual {
    pub ja: String,
    pub en: String,
}

impl std::fmt::Display for Bilingual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Bilingual {}

/// How `check` reports and exits (as ruff's and biome's options of the same names).
#[derive(Debug, Clone, clap::Args)]
pub struct ExitArgs {
    /// Exit with 0 even when errors were found (2 still means an input could not be checked).
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit with 1 also when more than N warnings were found.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Print only the closing line of counts (and what could not be checked).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print how many findings each rule code has, most frequent first, instead of the
    /// findings (`--format json`: as JSON).
    #[arg(long)]
    pub statistics: bool,
}

impl ExitArgs {
    /// The exit code of a run that produced `report`: 2 when an input could not be checked,
    /// 1 for errors (unless `--exit-zero`) or more warnings than `--max-warnings`, else 0.
    pub fn code(&self, report: &todokede::Report) -> u8 {
        if !report.all_checked() {
            return 2;
        }
        let errors = report.has_errors() && !self.exit_zero;
        let warnings = self
            .max_warnings
            .is_some_and(|n| report.summary.warnings > n);
        u8::from(errors || warnings)
    }
}

fn parse_threshold(s: &str) -> Result<(Option<todokede::model::ocr::FieldKind>, f64), Bilingual> {
    todokede::rules::ocr::Thresholds::parse_setting(s).map_err(|t| Bilingual { ja: t.ja, en: t.en })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check filing files, directories (a mounted CD) for errors.
    Check {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Write the report to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// Colour in human output: auto, always or never.
        #[arg(long, default_value = "auto")]
        color: String,
        #[command(flatten)]
        exit: ExitArgs,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Convert a filing to another shape (JSON model, SHFD/KPFD CSV, e-Gov ZIP).
    Convert {
        input: PathBuf,
        #[arg(long, value_enum)]
        to: ToArg,
        /// Output file (written atomically, mode 0600, never over the input).
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Write even when the filing has errors (the errors are still listed).
        #[arg(long)]
        allow_errors: bool,
        /// The society's 組合事業所番号, for `--to kpfd-csv` from a filing that does not carry it.
        #[arg(long, value_name = "NUMBER")]
        society_office_number: Option<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// List what the society issues to each person the filings enrol: 資格情報のお知らせ, 資格確認書
    /// (or not), the expected issue date, 有効期限 and 負担割合, per 事業所.
    Issuance {
        /// Files or directories, read as `check` reads them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: IssuanceFormatArg,
        /// Write the list to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// The issue date, when known; otherwise estimated from --received-on.
        #[arg(long, value_name = "YYYY-MM-DD")]
        issue_on: Option<chrono::NaiveDate>,
        /// The society's closed days (no business day): `none`, or a comma-separated list of
        /// MM-DD, MM-DD..MM-DD (yearly) and YYYY-MM-DD; default 12-29..01-03.
        #[arg(long, value_name = "DAYS")]
        closed_days: Option<String>,
        /// CSV: utf-8 (with BOM, for Excel) or shift_jis.
        #[arg(long, value_enum, default_value = "utf8")]
        encoding: EncodingArg,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Explain a rule: `todokede explain MYN002`.
    Explain {
        code: String,
        /// Language [default: as `check --lang`].
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// List every rule.
    Rules {
        /// Print docs/rules.md.
        #[arg(long)]
        markdown: bool,
        /// Language [default: as `check --lang`].
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a shell completion script: `todokede completions bash > /etc/bash_completion.d/todokede`.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

/// The clap command of the run's language ([`lang::of_args`]): in Japanese, every help text
/// from [`ja`].
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    match lang {
        Lang::En => Cli::command(),
        Lang::Ja => ja::localize(Cli::command()),
    }
}

/// Parses the process's command line in the language of the run: `--help` and argument
/// errors are written in it (exit 0 for help and version, 2 for an error, as clap's own).
pub fn parse() -> (Cli, Lang) {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang::of_args(&args);
    let mut cmd = command(lang);
    let parsed = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map_err(|e| e.format(&mut cmd)));
    match parsed {
        Ok(cli) => (cli, lang),
        Err(e) => exit_with(&e, lang),
    }
}

/// Prints a clap error (or the help or version it stands for) and exits.
fn exit_with(e: &clap::Error, lang: Lang) -> ! {
    use clap::error::ErrorKind;
    let shown = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shown {
        // The help text is already in the run's language.
        e.exit()
    }
    eprint!("{}", clap_ja::render(e));
    std::process::exit(e.exit_code())
}

/// Runs the command line; returns the process exit code (0 clean, 1 errors found, 2 could not
/// run). `lang` is the run's language as decided before parsing, for the commands that read
/// no filing.
pub fn run(cli: Cli, lang: Lang) -> ExitCode {
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            output,
            color,
            exit,
            read,
        } => check::run(
            &paths,
            format.into(),
            output.as_deref(),
            &color,
            &exit,
            &read,
        ),
        Command::Convert {
            input,
            to,
            output,
            allow_errors,
            society_office_number,
            read,
        } => convert::run(
            &input,
            to,
            &output,
            allow_errors,
            society_office_number.as_deref(),
            &read,
        ),
        Command::Issuance {
            paths,
            format,
            output,
            issue_on,
            closed_days,
            encoding,
            read,
        } => issuance::run(
            &paths,
            &issuance::IssuanceArgs {
                format: format.into(),
                output: output.as_deref(),
                issue_on,
                closed_days: closed_days.as_deref(),
                encoding: encoding.into(),
            },
            &read,
        ),
        Command::Explain { code, lang: l } => explain::explain(&code, l.map_or(lang, Into::into)),
        Command::Rules { markdown, lang: l } => {
            explain::rules(markdown, l.map_or(lang, Into::into))
        }
        Command::Completions { shell } => {
            // Generated from these clap definitions, so it knows every option of every command.
            // In the run's language, so that zsh and fish describe the options in it. Made in
            // memory first: clap_complete panics when its writer fails (`| head`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(lang), "todokede", &mut script);
            use std::io::Write;
            match std::io::stdout().lock().write_all(&script) {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("todokede: {}", todokede::diag::cause::io(&e).get(lang));
                    2
                }
            }
        }
    };
    ExitCode::from(code)
}

pub use todokede::today_in_tokyo;

impl ReadArgs {
    /// The configuration file of the run: `--config FILE`, else the first todokede.toml up
    /// from the current directory, none with `--no-config`. Read once.
    pub fn file(&self) -> Result<Option<&todokede::config::Config>, Text> {
        let loaded = self.loaded.get_or_init(|| {
            let path = if self.no_config {
                None
            } else if let Some(p) = &self.config {
                Some(p.clone())
            } else {
                std::env::current_dir()
                    .ok()
                    .and_then(|d| todokede::config::find_upward(&d))
            };
            match path {
                None => Ok(None),
                Some(p) => todokede::config::Config::load(&p)
                    .map(Some)
                    .map_err(|e| e.text()),
            }
        });
        match loaded {
            Ok(c) => Ok(c.as_ref()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The language of messages: `--lang`, else the file's, else the environment's.
    pub fn lang(&self) -> Lang {
        if let Some(l) = self.lang {
            return l.into();
        }
        if let Ok(Some(c)) = self.file() {
            if let Some(l) = c.check.lang {
                return l;
            }
        }
        lang_from_env()
    }

    /// The password of encrypted media: `--password-file`'s first line, else
    /// `TODOKEDE_PASSWORD`, else none.
    pub fn password(&self) -> Result<Option<todokede::read::medium::Password>, Text> {
        use todokede::read::medium::Password;
        if let Some(p) = &self.password_file {
            let shown = todokede::diag::redact::path(p);
            let bytes = std::fs::read(p).map_err(|e| {
                let why = todokede::diag::cause::io(&e);
                Text::new(
                    format!("--password-file {shown}: {}", why.ja),
                    format!("--password-file {shown}: {}", why.en),
                )
            })?;
            return Password::from_file_bytes(&bytes).map(Some).ok_or_else(|| {
                Text::new(
                    format!("--password-file {shown}: 1行目が空です（パスワードを1行目に書いてください）"),
                    format!("--password-file {shown}: the first line is empty"),
                )
            });
        }
        Ok(std::env::var_os("TODOKEDE_PASSWORD").and_then(|v| Password::new(os_bytes(&v))))
    }

    /// The files the run reads its settings from (never written over).
    pub fn setting_files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.ocr_profile.iter().cloned().collect();
        v.extend(self.password_file.iter().cloned());
        if let Ok(Some(c)) = self.file() {
            v.push(c.path.clone());
            v.extend(c.check.ocr_profile.iter().cloned());
        }
        v
    }

    /// The rules the user selected: the file's, then the command line's.
    pub fn selection(&self) -> Result<todokede::diag::RulePolicy, Text> {
        use todokede::diag::selection::{parse_severity, Selector};
        let mut s = match self.file()? {
            Some(c) => c.selection(),
            None => todokede::diag::RulePolicy::default(),
        };
        let parse = |v: &[String]| -> Result<Vec<Selector>, Text> {
            v.iter()
                .filter(|x| !x.trim().is_empty())
                .map(|x| Selector::parse(x))
                .collect()
        };
        if !self.select.is_empty() {
            s.rules.select = Some(parse(&self.select)?);
        }
        s.rules.ignore.extend(parse(&self.ignore)?);
        for x in &self.severity {
            let (code, level) = x.split_once('=').ok_or_else(|| {
                let shown = todokede::diag::redact::name(x);
                Text::new(
                    format!("--severity {shown}: コード=重大度 の形で書いてください（例: CRT002=error）"),
                    format!("--severity {shown}: write CODE=LEVEL, e.g. CRT002=error"),
                )
            })?;
            s.rules
                .severity
                .push((Selector::parse(code)?, parse_severity(level)?));
        }
        Ok(s)
    }

    /// The settings of a run; an error when a file they name cannot be used.
    pub fn config(&self) -> Result<todokede::Config, Text> {
        let file = self.file()?.map(|c| &c.check);
        let ocr_profile = self
            .ocr_profile
            .clone()
            .or_else(|| file.and_then(|f| f.ocr_profile.clone()));
        let profile = match &ocr_profile {
            None => None,
            Some(p) => Some(todokede::check::OcrOptions::load_profile(p).map_err(|e| e.text())?),
        };
        let received_on = self
            .received_on
            .or_else(|| file.and_then(|f| f.received_on.flatten()))
            .unwrap_or_else(today_in_tokyo);
        let mut config = todokede::Config::new(received_on);
        config.options.profile = match self.profile {
            Some(ProfileArg::Society) => todokede::rules::Profile::Society,
            Some(ProfileArg::Nenkin) => todokede::rules::Profile::Nenkin,
            None => file.and_then(|f| f.profile).unwrap_or_default(),
        };
        config.max_diagnostics = self
            .max_diagnostics
            .or_else(|| file.and_then(|f| f.max_diagnostics));
        config.jobs = self.jobs.or_else(|| file.and_then(|f| f.jobs)).unwrap_or(0);
        if let Some(n) = self.part_bytes {
            config.part_bytes = n.max(1);
        }
        config.from = match self.from {
            Some(f) => Some(match f {
                FromArg::Csv => todokede::read::detect::InputKind::Csv,
                FromArg::Egov => todokede::read::detect::InputKind::Egov,
                FromArg::Ocr => todokede::read::detect::InputKind::OcrFields,
                FromArg::Azure => todokede::read::detect::InputKind::AzureOcr,
            }),
            None => file.and_then(|f| f.from),
        };
        let from_file = file.map(|f| f.ocr_min_confidence.as_slice()).unwrap_or(&[]);
        for (kind, value) in from_file.iter().chain(&self.ocr_min_confidence) {
            config.ocr.thresholds.set(*kind, *value);
        }
        config.ocr.profile = profile;
        config.rules = self.selection()?;
        config.password = self.password()?;
        Ok(config)
    }

    /// The configuration in effect, for the JSON report (the library's
    /// [`todokede::Config::effective`], which the browser page calls too).
    pub fn effective(&self, config: &todokede::Config) -> serde_json::Value {
        let file = self.file().ok().flatten().map(|c| c.path.as_path());
        config.effective(file, self.lang())
    }
}

/// The bytes of an environment value as given (on Windows, its UTF-8 form).
fn os_bytes(v: &std::ffi::OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        v.as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        v.to_string_lossy().into_owned().into_bytes()
    }
}

/// The language the environment asks for: `LC_ALL`, else `LC_MESSAGES`, else `LANG`. Japanese
/// when it says `ja…`, and when it says nothing (unset, `C`, `POSIX`: CI containers); English
/// for any other language. On Windows, where these are normally unset, the user's display
/// language decides (English Windows: English).
pub fn lang_from_env() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        let Ok(v) = std::env::var(var) else { continue };
        if v.is_empty() {
            continue;
        }
        return lang_of_locale(&v);
    }
    match todokede::platform::ui_language_is_japanese() {
        Some(false) => Lang::En,
        Some(true) | None => Lang::Ja,
    }
}

/// The language of a locale name (`ja_JP.UTF-8` → ja, `en_US.UTF-8` → en, `C` → ja).
pub fn lang_of_locale(v: &str) -> Lang {
    let lower = v.to_ascii_lowercase();
    // C and POSIX say no language: the users' own (Japanese).
    let unset = lower == "c" || lower == "posix" || lower.starts_with("c.");
    if lower.starts_with("ja") || unset {
        Lang::Ja
    } else {
        Lang::En
    }
}
