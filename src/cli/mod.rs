//! The command line: clap definitions here, one file per command.

mod check;
mod convert;
mod explain;
mod issuance;
pub mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use todokede::diag::Lang;
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

/// Options shared by the commands that read filings.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// 受付日 (date of receipt), YYYY-MM-DD; default: today in Asia/Tokyo.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub received_on: Option<chrono::NaiveDate>,
    /// Whose rules apply to identification numbers.
    #[arg(long, value_enum, default_value = "society")]
    pub profile: ProfileArg,
    /// Source format; detected from the content when absent.
    #[arg(long, value_enum)]
    pub from: Option<FromArg>,
    /// Language of messages.
    #[arg(long, value_enum, default_value = "ja")]
    pub lang: LangArg,
    /// Keep at most N diagnostics (all are counted); default: no limit.
    #[arg(long, value_name = "N")]
    pub max_diagnostics: Option<usize>,
    /// OCR: report fields read with a confidence below this (0–1, default 0.80); `TYPE=X` sets
    /// one kind of box (text, date, number, checkbox, choice). Repeatable.
    #[arg(long, value_name = "[TYPE=]X", value_parser = parse_threshold)]
    pub ocr_min_confidence: Vec<(Option<todokede::model::ocr::FieldKind>, f64)>,
    /// OCR: the mapping profile of an Azure custom model (TOML, see schemas/ocr/); default:
    /// fields named `r{record}_i{item}`.
    #[arg(long, value_name = "FILE")]
    pub ocr_profile: Option<PathBuf>,
}

fn parse_threshold(s: &str) -> Result<(Option<todokede::model::ocr::FieldKind>, f64), String> {
    todokede::rules::ocr::Thresholds::parse_setting(s)
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
        #[arg(long, value_enum, default_value = "ja")]
        lang: LangArg,
    },
    /// List every rule.
    Rules {
        /// Print docs/rules.md.
        #[arg(long)]
        markdown: bool,
        #[arg(long, value_enum, default_value = "ja")]
        lang: LangArg,
    },
}

/// Runs the command line; returns the process exit code (0 clean, 1 errors found, 2 could not run).
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            output,
            color,
            read,
        } => check::run(&paths, format.into(), output.as_deref(), &color, &read),
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
        Command::Explain { code, lang } => explain::explain(&code, lang.into()),
        Command::Rules { markdown, lang } => explain::rules(markdown, lang.into()),
    };
    ExitCode::from(code)
}

pub use todokede::today_in_tokyo;

impl ReadArgs {
    /// The settings of a run; an error when a file they name cannot be used.
    pub fn config(&self) -> Result<todokede::Config, todokede::Error> {
        let mut config = todokede::Config::new(self.received_on.unwrap_or_else(today_in_tokyo));
        config.options.profile = match self.profile {
            ProfileArg::Society => todokede::rules::Profile::Society,
            ProfileArg::Nenkin => todokede::rules::Profile::Nenkin,
        };
        config.max_diagnostics = self.max_diagnostics;
        config.from = self.from.map(|f| match f {
            FromArg::Csv => todokede::read::detect::InputKind::Csv,
            FromArg::Egov => todokede::read::detect::InputKind::Egov,
            FromArg::Ocr => todokede::read::detect::InputKind::OcrFields,
            FromArg::Azure => todokede::read::detect::InputKind::AzureOcr,
        });
        for (kind, value) in &self.ocr_min_confidence {
            config.ocr.thresholds.set(*kind, *value);
        }
        if let Some(p) = &self.ocr_profile {
            config.ocr.profile = Some(todokede::check::OcrOptions::load_profile(p)?);
        }
        Ok(config)
    }
}
