//! Layouts: the item tables of each 様式コード and revision, loaded from `schemas/layouts/`.
//!
//! The files are read at build time (`build.rs` writes them out as Rust values of the types in
//! `types.rs`) and checked and indexed once, on first use. Their format is documented in
//! `docs/layouts.md`.

pub mod egov;
pub mod load;
mod types;

pub use load::{all, find, find_by_name, LayoutError};
pub use types::*;
