//! `todokede-issuance/1`: the issuance list for scripts (schemas/todokede-issuance-1.schema.json).
//! Every field is present; what is not known is `null`.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::shown;
use crate::issuance::{Address, Counts, Issuance, IssuedPerson, Note, OfficeIssuance, SCHEMA};

fn date(d: Option<chrono::NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| json!(d.to_string()))
}

fn text(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, |s| json!(shown(s)))
}

fn notes(n: &[Note]) -> Value {
    Value::Array(
        n.iter()
            .map(|n| json!({ "code": n.code, "message": n.ja, "message_en": n.en }))
            .collect(),
    )
}

fn counts(c: &Counts) -> Value {
    json!({
        "persons": c.persons,
        "notices": c.notices,
        "certificates": c.certificates,
        "sending_list": c.sending_list,
        "data_link": c.data_link,
        "unknown": c.unknown,
        "blocked": c.blocked,
    })
}

fn address(a: &Option<Address>) -> Value {
    match a {
        None => Value::Null,
        Some(a) => json!({
            "postcode": text(&a.postcode),
            "address": text(&a.address),
            "name": text(&a.name),
        }),
    }
}

fn person(p: &IssuedPerson) -> Value {
    json!({
        "name_kana": text(&p.name_kana),
        "name_kanji": text(&p.name_kanji),
        "birth_date": date(p.birth_date),
        "role": p.role.as_str(),
        "reference_number": text(&p.reference_number),
        "form": shown(&p.form),
        "form_title": p.form_title,
        "old_format": p.old_format,
        "source": {
            "path": shown(&p.source.path),
            "record": p.source.record,
            "line": p.source.line,
        },
        "certificate": p.certificate.as_str(),
        "notice": p.notice,
        "issue_on": date(p.issue_on),
        "certificate_expires_on": date(p.certificate_expires_on),
        "age_at_issue": p.age_at_issue,
        "copay_display": p.copay_display,
        "copay_basis": p.copay_basis.as_ref().map(|b| json!({
            "grade": b.grade.grade,
            "standard_monthly_remuneration": b.grade.standard,
            "record": b.record,
        })),
        "blocked_by": p.blocked_by,
        "notes": notes(&p.notes),
    })
}

/// Persons as they are written: one small JSON value at a time.
struct Persons<'a>(&'a [IssuedPerson]);

impl serde::Serialize for Persons<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for p in self.0 {
            seq.serialize_element(&person(p))?;
        }
        seq.end()
    }
}

/// One 事業所, its persons streamed.
struct Office<'a>(&'a OfficeIssuance);

impl serde::Serialize for Office<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let o = self.0;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry(
            "office",
            &json!({
                "kind": o.key.kind(),
                "code": shown(&o.key.code()),
                "number": text(&o.number),
                "name": text(&o.name),
            }),
        )?;
        m.serialize_entry("deliver_to", &address(&o.deliver_to))?;
        m.serialize_entry("notes", &notes(&o.notes))?;
        m.serialize_entry("counts", &counts(&o.counts))?;
        m.serialize_entry("persons", &Persons(&o.persons))?;
        m.end()
    }
}

struct Offices<'a>(&'a [OfficeIssuance]);

impl serde::Serialize for Offices<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for o in self.0 {
            seq.serialize_element(&Office(o))?;
        }
        seq.end()
    }
}

/// The list as it is written: fields in the order of the schema, persons built one at a time,
/// so the document is never held whole in memory.
#[derive(serde::Serialize)]
struct Document<'a> {
    schema: &'static str,
    tool: Value,
    received_on: String,
    issue_on: Value,
    calendar: Value,
    offices: Offices<'a>,
    summary: Value,
}

/// Writes the issuance list as JSON (`todokede-issuance/1`).
pub fn render(i: &Issuance, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        schema: SCHEMA,
        tool: json!({ "name": "todokede", "version": env!("CARGO_PKG_VERSION") }),
        received_on: i.received_on.to_string(),
        issue_on: date(i.issue_on),
        calendar: json!({
            "holidays": format!("{}..={}", i.holidays_first_year, i.holidays_last_year),
            "closed_days": i.closed_days.to_string(),
        }),
        offices: Offices(&i.offices),
        summary: json!({
            "files": i.files,
            "offices": i.offices.len(),
            "counts": counts(&i.summary),
        }),
    };
    let mut w = io::BufWriter::new(&mut *out);
    serde_json::to_writer_pretty(&mut w, &doc)?;
    writeln!(w)?;
    w.flush()
}
