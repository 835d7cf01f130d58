//! A filing handed on as it is read: the streaming `convert` writes each form record as it
//! comes instead of holding the whole [`Filing`] (a 100 MiB 電子媒体 file is a million records).

use super::filing::{Filing, FormRecord};

/// How a [`FilingSink`] wants the forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// One at a time, through [`FilingSink::form`].
    Stream,
    /// All at once at the end, through [`FilingSink::whole`] (a writer that needs every record
    /// before its first line: the 事業所情報 of a CSV without any are made up from the records).
    Whole,
}

/// What takes a filing as it is read.
///
/// Either [`FilingSink::start`] is called once, before the first form, with the filing's head
/// (path, format, 媒体管理, 事業所情報; no forms) and, when it answers [`Start::Stream`], every
/// form follows through [`FilingSink::form`]; or [`FilingSink::whole`] is called once at the
/// end with every form (when the reader learns the head only at the end, as the e-Gov and OCR
/// readers do, or the sink asked for it).
pub trait FilingSink {
    /// The head of the filing, known for good before its first form.
    fn start(&mut self, head: &Filing) -> Start;

    /// The next form, in file order. Its `findings` are the codes of the errors located on it
    /// (each once, in report order): no later finding names it.
    fn form(&mut self, form: FormRecord);

    /// The whole filing, each form with its `findings`, when the forms were not streamed.
    fn whole(&mut self, filing: Filing);
}
