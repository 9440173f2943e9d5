//! Lenient field readers. Upstream adds nullable fields without versioning and occasionally sends a
//! number as a string (or the reverse); one odd field must not make a whole answer unreadable.

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

pub(crate) fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_f64(&v))
}

pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match &v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(_) => value_f64(&v)
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64),
        _ => None,
    })
}

/// A string from a string, number or boolean; `null`, objects and arrays are `None`.
pub(crate) fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(value_string(&v))
}

pub(crate) fn value_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Bool(b) => Some(b),
        Value::String(s) => match norm_key(&s).as_str() {
            "true" | "yes" | "ja" | "1" => Some(true),
            "false" | "no" | "nei" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        _ => None,
    })
}

/// Strings from an array of strings/numbers or a single string; other items are dropped.
pub(crate) fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::Array(items) => items.iter().filter_map(value_string).collect(),
        Value::Null => Vec::new(),
        other => value_string(&other).into_iter().collect(),
    })
}

/// A list from an array, a single object (one element) or `null` (empty).
pub(crate) fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value(item)
                    .map_err(|e| serde::de::Error::custom(format!("item {i}: {e}")))
            })
            .collect(),
        other => serde_json::from_value(other)
            .map(|t| vec![t])
            .map_err(serde::de::Error::custom),
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
