//! Readers: one per source format. A reader turns bytes into [`crate::model::Record`]s and reports
//! what only it can see (bad bytes, wrong item counts, missing header lines).

pub mod csv;
pub mod egov;
pub mod ocr;
