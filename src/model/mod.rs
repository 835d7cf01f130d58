//! The normalized model: every filing, whatever its source shape, becomes records of numbered
//! items (the 項番 of the CSV layout of its form) with their places in the source, and a typed
//! view of the persons on them.

pub mod era;
pub mod filing;
pub mod normalise;
pub mod ocr;
pub mod record;
pub mod stream;

pub use filing::{CertificateRequest, Filing, FormRecord, Medium, Office, Person};
pub use record::{Field, FieldOrigin, ItemPosition, Origin, Record};
