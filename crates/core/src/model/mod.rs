//! Typed, tolerant views of the upstream answers (API-NOTES §1–4).
//!
//! Reading rules, shared by every type here:
//! - unknown fields are kept in `extra` (serialized back flat), never rejected;
//! - unknown enum values are kept as `Other(String)`;
//! - a field that is absent means "not requested" (`None`); a node that is present but `null`,
//!   `{}` or `[]` means "searched, nothing found" ([`Node::Empty`]);
//! - numbers stay `f64`, and a number sent as a string is still read as a number.
//!
//! The raw JSON stays the source of truth (the store keeps it); these views are for display,
//! search extracts and the ownership graph.

pub mod amlyze;
pub mod bo;
pub(crate) mod de;
pub mod org;
pub mod peer;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use ts_rs::TS;

pub use org::OrgResult;

/// Unknown fields of a node, kept as received.
pub type Extra = serde_json::Map<String, Value>;

/// Why an answer could not be read at all. Single odd fields never cause this (they are read
/// leniently); only a structurally different document does.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("The {document} answer could not be read at `{path}`: {reason}")]
    Shape {
        document: &'static str,
        path: String,
        reason: String,
    },
    #[error("The {document} answer is not a JSON object (found {found}).")]
    NotAnObject {
        document: &'static str,
        found: &'static str,
    },
}

/// Reads `T` from a JSON value, naming the path of the first field that did not fit.
pub(crate) fn read<T: serde::de::DeserializeOwned>(
    document: &'static str,
    v: &Value,
) -> Result<T, ModelError> {
    if !v.is_object() {
        return Err(ModelError::NotAnObject {
            document,
            found: de::kind_of(v),
        });
    }
    serde_path_to_error::deserialize(v).map_err(|e| {
        let mut path = e.path().to_string();
        let mut reason = e.into_inner().to_string();
        // Nested nodes report `field: reason`; fold those fields into the path.
        while let Some((head, rest)) = reason.split_once(": ") {
            if head.is_empty() || head.contains(char::is_whitespace) {
                break;
            }
            path = if path == "." {
                head.to_owned()
            } else if head.starts_with('[') {
                format!("{path}{head}")
            } else {
                format!("{path}.{head}")
            };
            reason = rest.to_owned();
        }
        ModelError::Shape {
            document,
            path: if path == "." {
                "(top level)".into()
            } else {
                path
            },
            reason: plain_words(&reason),
        }
    })
}

/// serde's vocabulary in the officer's words.
fn plain_words(reason: &str) -> String {
    reason
        .replace("invalid type: ", "found ")
        .replace("a sequence", "a list")
        .replace("a map", "an object")
        .replace("integer `", "the number `")
        .replace("floating point `", "the number `")
        .replace("string \"", "the text \"")
}

/// A node that was requested: either found ([`Node::Present`]) or "searched, nothing found"
/// ([`Node::Empty`], upstream `null`, `{}` or `[]`). Wrap it in `Option` so that an absent field
/// ("not requested") stays distinct. Serializes `Empty` as `null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<T> {
    Empty,
    Present(T),
}

impl<T> Node<T> {
    pub fn present(&self) -> Option<&T> {
        match self {
            Node::Present(t) => Some(t),
            Node::Empty => None,
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, Node::Empty)
    }
}

/// `Some(&T)` when the node is present and non-empty.
pub fn present<T>(n: &Option<Node<T>>) -> Option<&T> {
    n.as_ref().and_then(Node::present)
}

impl<T: Serialize> Serialize for Node<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Empty => s.serialize_none(),
            Node::Present(t) => t.serialize(s),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if is_empty_value(&v) {
            return Ok(Node::Empty);
        }
        // Path-tracked inside the node too, so errors name the field, not only the section.
        serde_path_to_error::deserialize::<_, T>(v)
            .map(Node::Present)
            .map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if path == "." || path.is_empty() {
                    serde::de::Error::custom(inner)
                } else {
                    serde::de::Error::custom(format!("{path}: {inner}"))
                }
            })
    }
}

/// Serde's `Option` maps `null` to `None`; for nodes `null` means "searched, nothing found", so
/// fields of type `Option<Node<T>>` use this reader (absent → `None` via `default`).
pub(crate) fn node<'de, D, T>(d: D) -> Result<Option<Node<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Node::<T>::deserialize(d).map(Some)
}

pub(crate) fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// What the officer is told about a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Availability {
    /// Data is there.
    Present,
    /// Requested and searched, nothing found (upstream sent an empty node).
    Empty,
    /// Requested, but the answer does not contain the node at all.
    Missing,
    /// Not part of the request (the expand was not asked for).
    NotRequested,
}

/// Availability of `path` (dot-separated, e.g. `ownership.shareholders`) in a raw or
/// re-serialized answer, given the expands that were requested. `keyInformation` is always
/// delivered, so it counts as requested.
pub fn availability(data: &Value, path: &str, requested: &[String]) -> Availability {
    let mut cur = Some(data);
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        cur = cur.and_then(|v| v.get(seg));
    }
    match cur {
        Some(v) if is_empty_value(v) => Availability::Empty,
        Some(v) if is_metadata_only(v) => Availability::Empty,
        Some(_) => Availability::Present,
        None if is_requested(path, requested) => Availability::Missing,
        None => Availability::NotRequested,
    }
}

/// A node that carries only `metadata` (sources) has no data of its own.
fn is_metadata_only(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|m| !m.is_empty() && m.keys().all(|k| k == "metadata"))
}

fn is_requested(path: &str, requested: &[String]) -> bool {
    if path == "keyInformation"
        || (path.starts_with("keyInformation.") && path != "keyInformation.lei")
    {
        return true;
    }
    requested.iter().any(|r| {
        let r = r.trim();
        r == path || path.starts_with(&format!("{r}.")) || r.starts_with(&format!("{path}."))
    })
}

/// Provenance attached by upstream to a node: `{sources: [...], urls: [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "NodeMetadata")]
pub struct Metadata {
    #[serde(default, deserialize_with = "de::string_list")]
    pub sources: Vec<String>,
    #[serde(default, deserialize_with = "de::string_list")]
    pub urls: Vec<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// A code with an optional description: upstream sends either a bare value (`"ASA"`) or an
/// object (`{"code": "ASA", "description": "Allmennaksjeselskap"}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "CodedValue")]
pub struct Coded {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl Coded {
    /// The description when there is one, else the code.
    pub fn text(&self) -> Option<&str> {
        self.description.as_deref().or(self.code.as_deref())
    }
}

impl<'de> Deserialize<'de> for Coded {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Hand-written rather than serde aliases: an object carrying both `description` and
        // `name` must not fail as a "duplicate field".
        let v = Value::deserialize(d)?;
        match v {
            Value::Object(mut m) => {
                let code = take_first(&mut m, &["code"]);
                let description = take_first(&mut m, &["description", "text"]);
                Ok(Coded {
                    code,
                    description,
                    extra: m,
                })
            }
            other => match de::value_string(&other) {
                Some(code) => Ok(Coded {
                    code: Some(code),
                    ..Coded::default()
                }),
                None => Err(serde::de::Error::custom(format!(
                    "expected a code or an object with a code, found {}",
                    de::kind_of(&other)
                ))),
            },
        }
    }
}

/// Removes and returns the first of `keys` holding a scalar; non-scalars stay in the map.
fn take_first(m: &mut Extra, keys: &[&str]) -> Option<String> {
    for k in keys {
        if let Some(s) = m.get(*k).and_then(de::value_string) {
            m.remove(*k);
            return Some(s);
        }
    }
    None
}
