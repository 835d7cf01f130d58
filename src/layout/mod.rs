//! Layouts: the item tables of each 様式コード and revision, loaded from `schemas/layouts/`.
//!
//! The files are embedded at build time (see `build.rs`) and parsed once, on first use. Their
//! format is documented in `docs/layouts.md`.

pub mod egov;
pub mod load;
mod types;

pub use load::{all, find, find_by_name, LayoutError};
pub use types::*;
