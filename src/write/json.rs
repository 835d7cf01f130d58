//! The model as JSON (`todokede-filing/1`), written record by record: the bytes are those of
//! `serde_json::to_vec_pretty` of the whole [`Filing`] and a line break, without ever holding
//! the filing. The head (every field but `forms`) is written first, then each form as it comes,
//! indented as the pretty printer indents an element of `forms` (its formatter, started two
//! levels deep).

use std::io::{self, Write};

use crate::model::{Filing, FormRecord};

/// Writes one filing's JSON to `out`.
#[derive(Debug)]
pub struct JsonWriter {
    forms: usize,
}

/// serde_json's pretty printer (two spaces a level) starting `depth` levels deep, so that a
/// form is written where the pretty printer of the whole filing would put it.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Indented {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = self.depth * 2;
        while n > 0 {
            let step = n.min(SPACES.len());
            w.write_all(SPACES.get(..step).unwrap_or_default())?;
            n -= step;
        }
        Ok(())
    }
}

/// What serde_json's `PrettyFormatter` does, from a depth of our choosing.
impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl JsonWriter {
    /// Writes the head of `head` (its `forms` are not written; they follow through
    /// [`JsonWriter::form`]).
    pub fn start(head: &Filing, out: &mut dyn Write) -> io::Result<JsonWriter> {
        let empty = Filing {
            forms: Vec::new(),
            ..head.clone()
        };
        let text = serde_json::to_vec_pretty(&empty).map_err(io::Error::other)?;
        // The pretty printer ends an empty `forms` as `"forms": []` and the object as `\n}`.
        let open = text
            .strip_suffix(b"[]\n}")
            .ok_or_else(|| io::Error::other("unexpected JSON of the model's head"))?;
        out.write_all(open)?;
        out.write_all(b"[")?;
        Ok(JsonWriter { forms: 0 })
    }

    /// Writes the next form.
    pub fn form(&mut self, form: &FormRecord, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.forms == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        // Two levels deep (`forms` in the filing), straight into `out`: no copy of the form
        // re-indented line by line.
        let mut ser = serde_json::Serializer::with_formatter(out, Indented::at(2));
        serde::Serialize::serialize(form, &mut ser).map_err(io::Error::other)?;
        self.forms += 1;
        Ok(())
    }

    /// Closes `forms` and the filing.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        if self.forms == 0 {
            out.write_all(b"]\n}\n")
        } else {
            out.write_all(b"\n  ]\n}\n")
        }
    }
}

/// The whole filing's JSON, as [`JsonWriter`] writes it.
pub fn to_vec(filing: &Filing) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = JsonWriter::start(filing, &mut out)?;
    for f in &filing.forms {
        w.form(f, &mut out)?;
    }
    w.finish(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diag::RecordId;
    use crate::layout::Slot;
    use crate::model::filing::ItemValue;
    use crate::model::{Medium, Office, Person};

    fn form(record: u32) -> FormRecord {
        FormRecord {
            form: "2200700".into(),
            title: Some("資格取得届".into()),
            model: None,
            layout: Some("2200700-2024-12".into()),
            layout_version: Some("2024-12".into()),
            old_format: false,
            record,
            id: RecordId { file: 0, record },
            line: Some(record + 4),
            items: vec![
                ItemValue {
                    no: 1,
                    name: "様式コード",
                    value: "2200700".into(),
                },
                ItemValue {
                    no: 2,
                    name: "備考",
                    value: "改行は\\nで\"引用\"".into(),
                },
            ],
            findings: vec!["MYN002"],
            persons: vec![Person {
                slot: Slot::Insured,
                name_kana: Some("ｽｽﾞｷ".into()),
                name_kanji: None,
                birth_date: None,
                sex: None,
                relationship: None,
                my_number: None,
                basic_pension_number: None,
                certificate_request: None,
            }],
        }
    }

    /// The streamed bytes are the pretty printer's, for no form, one and several.
    #[test]
    fn streamed_json_is_the_pretty_printers() {
        let mut filing = Filing::new("SHFD0006.CSV", None);
        filing.medium = Some(Medium {
            kind: "shfd".into(),
            items: vec!["13".into(), "ｱｲ".into()],
            office_count_items: vec![String::new(), "001".into()],
        });
        filing.offices = vec![Office {
            line: 3,
            items: vec!["a\nb".into()],
        }];
        for n in [0, 1, 3] {
            let mut f = filing.clone();
            f.forms = (1..=n).map(form).collect();
            // Empty arrays too (the formatter writes `[]` without a line break).
            if let Some(second) = f.forms.get_mut(1) {
                second.persons.clear();
                second.findings.clear();
                second.items.clear();
            }
            let mut want = serde_json::to_vec_pretty(&f).unwrap();
            want.push(b'\n');
            assert_eq!(
                String::from_utf8(to_vec(&f).unwrap()).unwrap(),
                String::from_utf8(want).unwrap(),
                "{n} forms"
            );
        }
    }
}
