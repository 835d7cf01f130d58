//! Writers: the model to other shapes, one file per format (json is serde_json of the model).

pub mod csv;
pub mod egov;
