//! Writers: the model to other shapes (json is written by  directly for now).
