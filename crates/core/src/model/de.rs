//! Lenient field readers. Upstream adds nullable fields without versioning and occasionally sends a
//! number as a string (or the reverse); one odd field must not make a whole answer unreadable.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Lower-case ASCII alphanumerics only: `"REQUEST_ACCEPTED"`, `"request-accepted"` and
/// `"Request Accepted"` compare equal.
pub(crate) fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A number from a JSON number or a numeric string (`"25,5"`, `"25.5 %"`); anything else is `None`.
pub(crate) fn value_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => {
            let t: String = s
                .trim()
                .trim_end_matches('%')
                .trim()
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            t.parse::<f64>().ok().filter(|f| f.is_finite())
        }
        _ => None,
    }
}

/// The reading rule of one field type. Struct fields declared through [`record!`] are read with
/// [`field`] (the rule of their type) and skipped on output when [`Field::is_absent`], so a field
/// needs no attributes of its own.
///
/// Accepted everywhere: `null` (= absent), numbers as text and text as numbers (`"25,5"`),
/// yes/no as `true`/`"ja"`/`1`. Rejected (the error makes the section unreadable): a text or
/// number given an object or a list, a number or yes/no given a yes/no or number it cannot be,
/// a list given a number or yes/no, an object given a scalar or list (unless the type reads
/// scalars on purpose, see [`Record::from_scalar`]).
pub trait Field: Sized {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
    fn is_absent(&self) -> bool;
}

/// `deserialize_with` target of every [`record!`] field.
pub fn field<'de, D: Deserializer<'de>, T: Field>(d: D) -> Result<T, D::Error> {
    T::read(d)
}

/// A type read from an upstream object (or, for a few, from a bare value too).
pub trait Record: DeserializeOwned {
    /// Reads the value from a bare text, number or yes/no where upstream sends one on purpose
    /// (an address as one line, a year without its figures). `None`: not this type's shape.
    fn from_bare(_v: &Value) -> Option<Self> {
        None
    }
}

/// A text from a text, number or yes/no value; `null`, objects and lists are `None`.
pub(crate) fn value_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn unfit<E: serde::de::Error>(found: &Value, expected: &str) -> E {
    E::custom(format!("found {}, expected {expected}", kind_of(found)))
}

impl Field for Option<String> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match &v {
            Value::Null => Ok(None),
            Value::Array(_) | Value::Object(_) => Err(unfit(&v, "a text")),
            _ => Ok(value_string(&v)),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl Field for Option<f64> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match &v {
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => Err(unfit(&v, "a number")),
            _ => Ok(value_f64(&v)),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl Field for Option<i64> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match &v {
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => Err(unfit(&v, "a whole number")),
            Value::Number(n) => Ok(n.as_i64().or_else(|| n.as_f64().and_then(whole))),
            _ => Ok(value_f64(&v).and_then(whole)),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

fn whole(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

impl Field for Option<bool> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match &v {
            Value::Array(_) | Value::Object(_) => Err(unfit(&v, "a yes/no value")),
            _ => Ok(value_bool(&v)),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

pub(crate) fn value_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match norm_key(s).as_str() {
            "true" | "yes" | "ja" | "1" => Some(true),
            "false" | "no" | "nei" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        _ => None,
    }
}

/// Texts from a list of texts/numbers, or a single text.
impl Field for Vec<String> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match v {
            Value::Null => Ok(Vec::new()),
            Value::String(s) => Ok(vec![s]),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Null => {}
                        Value::Array(_) | Value::Object(_) => {
                            return Err(serde::de::Error::custom(format!(
                                "[{i}]: found {}, expected a text",
                                kind_of(item)
                            )))
                        }
                        other => out.extend(value_string(other)),
                    }
                }
                Ok(out)
            }
            other => Err(unfit(&other, "a list of texts")),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// A record: from an object, or from a bare value when the type reads one on purpose.
impl<T: Record> Field for Option<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if v.is_null() {
            return Ok(None);
        }
        record_from(v).map(Some)
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// A list of records; one object (or one bare value the type reads) is a list of one.
impl<T: Record> Field for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        list_from(v)
    }
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl<T: Record> Field for std::collections::BTreeMap<String, T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        match v {
            Value::Null => Ok(Self::new()),
            Value::Object(m) => m
                .into_iter()
                .map(|(k, item)| {
                    let t = record_from(item).map_err(|e: D::Error| prefixed(&k, &e))?;
                    Ok((k, t))
                })
                .collect(),
            other => Err(unfit(&other, "an object")),
        }
    }
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl Field for Value {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d)
    }
    fn is_absent(&self) -> bool {
        self.is_null()
    }
}

impl<T: Record + serde::Serialize> Field for Option<super::Node<T>> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::Node::<T>::deserialize(d).map(Some)
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T: DeserializeOwned + serde::Serialize> Field for Option<super::Section<T>> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::Section::<T>::deserialize(d).map(Some)
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// Reads one record from a present value, naming the inner path of a misfit (`a.b: reason`,
/// folded into the path by [`super::read`] and [`super::Section`]).
pub(crate) fn record_from<T: Record, E: serde::de::Error>(v: Value) -> Result<T, E> {
    if !v.is_object() && !v.is_array() && !v.is_null() {
        if let Some(t) = T::from_bare(&v) {
            return Ok(t);
        }
    }
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." || path.is_empty() {
            E::custom(inner)
        } else {
            E::custom(format!("{path}: {inner}"))
        }
    })
}

/// `null` → empty; a list → its items; one object or bare value → a list of one (numbers and
/// yes/no values are never a list).
pub(crate) fn list_from<T: Record, E: serde::de::Error>(v: Value) -> Result<Vec<T>, E> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .filter(|(_, item)| !item.is_null())
            .map(|(i, item)| record_from(item).map_err(|e: E| prefixed(&format!("[{i}]"), &e)))
            .collect(),
        other @ (Value::Bool(_) | Value::Number(_)) => match T::from_bare(&other) {
            Some(t) => Ok(vec![t]),
            None => Err(unfit(&other, "a list")),
        },
        other => record_from(other).map(|t| vec![t]),
    }
}

/// Declares an enum whose known values are matched leniently (case and punctuation ignored) and
/// whose unknown values are kept verbatim in `Other`, serialized back unchanged.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ts $ts:literal {
            $( $(#[$vmeta:meta])* $var:ident = $canon:literal $(| $alt:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ts_rs::TS)]
        #[ts(type = $ts)]
        pub enum $name {
            $( $(#[$vmeta])* $var, )*
            /// A value this version does not know, kept as received.
            Other(String),
        }

        impl $name {
            /// The upstream spelling (canonical for known values, verbatim for `Other`).
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$var => $canon, )*
                    Self::Other(s) => s.as_str(),
                }
            }

            /// Never fails: unknown values become `Other`.
            pub fn parse(s: &str) -> Self {
                let k = $crate::model::de::norm_key(s);
                $(
                    if k == $crate::model::de::norm_key($canon)
                        $( || k == $crate::model::de::norm_key($alt) )*
                    {
                        return Self::$var;
                    }
                )*
                Self::Other(s.to_owned())
            }
        }

        impl $crate::model::de::Record for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = serde_json::Value::deserialize(d)?;
                match $crate::model::de::value_string(&v) {
                    Some(s) => Ok(Self::parse(&s)),
                    None => Err(serde::de::Error::custom(format!(
                        "expected a text value for {}, found {}",
                        stringify!($name),
                        $crate::model::de::kind_of(&v)
                    ))),
                }
            }
        }
    };
}
pub(crate) use open_enum;

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a yes/no value",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `prefix` put in front of the path an error message names (`a.b: reason`), or as the path.
pub(crate) fn prefixed<E: serde::de::Error>(prefix: &str, e: &impl std::fmt::Display) -> E {
    let msg = e.to_string();
    match msg.split_once(": ") {
        Some((head, rest)) if !head.is_empty() && !head.contains(char::is_whitespace) => {
            let sep = if head.starts_with('[') { "" } else { "." };
            E::custom(format!("{prefix}{sep}{head}: {rest}"))
        }
        _ => E::custom(format!("{prefix}: {msg}")),
    }
}

/// Declares an upstream record: every field is read by the rule of its type ([`Field`]) and
/// left out of the output when absent; unknown fields are kept in `extra` (serialized back
/// flat). Container attributes (derives, `serde(default, rename_all)`, `ts`) are written by the
/// caller; fields carry at most their `ts` line and an `alias`/`rename`.
macro_rules! record {
    (
        $(from_bare = $fs:path;)?
        $(#[$m:meta])*
        pub struct $name:ident {
            $( $(#[$fm:meta])* pub $f:ident : $t:ty ),* $(,)?
        }
    ) => {
        $(#[$m])*
        pub struct $name {
            $(
                $(#[$fm])*
                #[serde(
                    deserialize_with = "crate::model::de::field",
                    skip_serializing_if = "crate::model::de::Field::is_absent"
                )]
                pub $f: $t,
            )*
            /// Fields this version does not know, kept as received.
            #[serde(flatten)]
            #[ts(skip)]
            pub extra: $crate::model::Extra,
        }

        impl $crate::model::de::Record for $name {
            $(
                fn from_bare(v: &serde_json::Value) -> Option<Self> {
                    $fs(v)
                }
            )?
        }
    };
}
pub(crate) use record;
