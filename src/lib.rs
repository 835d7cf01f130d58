//! todokede checks and converts Japanese health-insurance filings (被保険者資格取得届,
//! 被扶養者(異動)届, 資格喪失届 and the records that travel with them): 電子媒体 CSV
//! (`SHFD0006.CSV`, `KPFD0006.CSV`), e-Gov packages and paper read by OCR.
//!
//! ```text
//! Input (path | bytes) ──detect──▶ reader ──▶ Record (every value located, with its id)
//!        ──▶ Engine (every rule) ──▶ Diagnostic ──▶ Report ──▶ renderers (report::render)
//!                       └──▶ Filing (the normalized model) ──▶ convert::select ──▶ convert::convert
//! ```
//!
//! The same pipeline runs on files and on bytes in memory (tests, fuzzing, an in-browser
//! build):
//!
//! ```
//! use todokede::{check, Config, Input};
//! let config = Config::new(chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap());
//! let input = Input::bytes("SHFD0006.CSV", std::fs::read("testdata/shfd/valid/SHFD0006.CSV")?);
//! let report = check(input, &config)?;
//! assert!(!report.has_errors());
//! assert_eq!(report.files[0].format, Some(todokede::source::SourceFormat::ShfdCsv));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Entry points: [`check()`] and [`check_all`] (findings), [`read_filing`] and [`read_filings`]
//! (the model too), [`convert::select`] (what of a filing may be converted) and
//! [`convert::convert`] (the writers); [`report::render`] writes a report in any format.

#![warn(missing_docs)]

pub mod check;
pub mod config;
pub mod convert;
pub mod diag;
pub mod issuance;
pub mod layout;
pub mod model;
pub mod platform;
pub mod read;
pub mod report;
pub mod rules;
pub mod source;
pub mod write;

pub use check::{
    check, check_all, read_filing, read_filings, today_in_tokyo, Config, Error, Input,
};
pub use convert::{convert, Target, WriteOptions};
pub use diag::Diagnostic;
pub use report::{FileSummary, Report};
