//! todokede checks and converts Japanese health-insurance filings (被保険者資格取得届,
//! 被扶養者(異動)届, 資格喪失届 and the records that travel with them).
//!
//! ```text
//! bytes ──detect──▶ reader ──▶ Record (every value located) ──▶ rules ──▶ Diagnostics ──▶ reports
//!                                        └──▶ Filing (the normalized model) ──▶ writers
//! ```
//!
//! The library entry points are [`check::check_paths`], [`check::read_filing`] and
//! [`convert::select`] (what of a filing may be converted).

pub mod check;
pub mod cli;
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

pub use check::{check, check_all, read_filing, read_filings, Config, Error, Input};
pub use report::{FileSummary, Report};
