//! Writers: the model to other shapes, one file per format, each fed record by record.

pub mod csv;
pub mod egov;
pub mod json;
