//! A field line's members as serde_json would give them, without its `Value` tree: strings are
//! borrowed from the line where they hold no escape, objects are vectors (no hash map of owned
//! keys per line). Every JSON value maps to the variant `serde_json::Value` would have, with the
//! same numbers (`as_u64` only for a non-negative integer, `as_f64` for any number), and a key
//! given twice has its last value, as in serde_json's map: the findings are those of the
//! `Value` reader, line for line (`tests/cli_ocr.rs`, `tests/robustness_ocr.rs`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One JSON value of a line.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Json<'a> {
    Null,
    Bool(bool),
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Negative(i64),
    Float(f64),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Members<'a>),
}

/// An object's members in the order written; a key given twice keeps its last value.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Members<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Members<'a> {
    /// The value of `key` (its last, when given twice).
    pub(super) fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub(super) fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }
}

impl<'a> Json<'a> {
    pub(super) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Unsigned(n) => Some(*n),
            _ => None,
        }
    }

    pub(super) fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Unsigned(n) => Some(*n as f64),
            Json::Negative(n) => Some(*n as f64),
            Json::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    pub(super) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    pub(super) fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// The member `key` of an object.
    #[cfg(test)]
    pub(super) fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(m) => m.get(key),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        // As serde_json's Number: a non-negative integer is unsigned.
        Ok(match u64::try_from(n) {
            Ok(u) => Json::Unsigned(u),
            Err(_) => Json::Negative(n),
        })
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(Json::Unsigned(n))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json<'de>, E> {
        // serde_json's Value has no NaN or infinity: they become null.
        Ok(if f.is_finite() {
            Json::Float(f)
        } else {
            Json::Null
        })
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(s)))
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Deserialize::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Json::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value: Json<'de> = map.next_value()?;
            out.push((key.0, value));
        }
        Ok(Json::Object(Members(out)))
    }
}

/// A member's name, borrowed when it holds no escape.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }

            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }

            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_string())))
            }

            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every shape of value answers as serde_json's `Value` does.
    #[test]
    fn members_answer_as_serde_json_values_do() {
        let line = r#"{"a":1,"b":-2,"c":1.5,"d":"x\"y","e":null,"f":[1,"z",{"g":true}],"a":3,"h":{},"i":18446744073709551615}"#;
        let ours: Json<'_> = serde_json::from_str(line).unwrap();
        let theirs: Value = serde_json::from_str(line).unwrap_or(Value::Null);
        for key in ["a", "b", "c", "d", "e", "f", "h", "i", "k"] {
            let (o, t) = (ours.get(key), theirs.get(key));
            assert_eq!(o.is_some(), t.is_some(), "{key}");
            let (Some(o), Some(t)) = (o, t) else { continue };
            assert_eq!(o.as_u64(), t.as_u64(), "{key}");
            assert_eq!(o.as_f64(), t.as_f64(), "{key}");
            assert_eq!(o.as_str(), t.as_str(), "{key}");
            assert_eq!(o.is_null(), t.is_null(), "{key}");
            assert_eq!(o.is_object(), t.is_object(), "{key}");
            assert_eq!(
                o.as_array().map(<[_]>::len),
                t.as_array().map(Vec::len),
                "{key}"
            );
        }
        assert_eq!(
            ours.get("f")
                .and_then(|f| f.as_array()?.get(2)?.get("g").cloned()),
            Some(Json::Bool(true))
        );
        // A string without an escape is borrowed from the line.
        let ours: Json<'_> = serde_json::from_str(r#"{"v":"ケイト"}"#).unwrap();
        assert!(matches!(
            ours.get("v"),
            Some(Json::String(Cow::Borrowed("ケイト")))
        ));
        // The same errors as the Value parser, at the same column.
        for bad in [r#"{"a":}"#, r#"{"a":1"#, r#"{"a":1} x"#, "[1,2"] {
            let o = serde_json::from_str::<Json<'_>>(bad).unwrap_err();
            let t = serde_json::from_str::<Value>(bad).unwrap_err();
            assert_eq!(
                (o.line(), o.column(), o.to_string()),
                (t.line(), t.column(), t.to_string())
            );
        }
    }
}
