//! Typed, tolerant views of the upstream answers (API-NOTES §1–4).
//!
//! Reading rules, shared by every type here:
//! - an answer is read **section by section** ([`Section`]): a section is a top-level key of an
//!   answer, except under `ownership` and `financials`, where each second-level key is one
//!   (`ownership.shareholders`, `financials.keyFigures`, …; see [`accepted::section_of`]);
//! - a section that is present but `null`, `{}` or `[]` is "searched, nothing found"
//!   ([`Section::Empty`]); an absent one is "not requested" (`None`);
//! - a section holding a node of a JSON type its schema never allows (a text given an object, a
//!   list given a number, …) is [`Section::Unreadable`]: the raw value is kept with the path of
//!   the node that did not fit and the reason in plain words, and the other sections are read
//!   as usual. `from_json` fails only when the document is not a JSON object;
//! - inside a section, fields are read by the rule of their type (`de::Field`): `null` is
//!   absent, numbers may come as text (`"25,5"`) and text as numbers, yes/no as `"ja"` or `1`,
//!   and the variants listed in [`accepted::ACCEPTED`] (an address as one line, a code without
//!   its description, one object where a list is expected, …) are read on purpose;
//! - unknown fields are kept in `extra` (serialized back flat), never rejected; unknown enum
//!   values are kept as `Other(String)`; numbers stay `f64`.
//!
//! The raw JSON stays the source of truth (the store keeps it); these views are for display,
//! search extracts and the ownership graph.

pub mod accepted;
pub mod amlyze;
pub mod bo;
pub(crate) mod de;
pub mod org;
pub mod peer;
pub mod session;

use de::record;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use ts_rs::TS;

pub use org::OrgResult;

/// Unknown fields of a node, kept as received.
pub type Extra = serde_json::Map<String, Value>;

/// Why an answer could not be read at all: only a document that is not a JSON object. A section
/// that does not fit is [`Section::Unreadable`], never an error of the whole answer.
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

/// Reads `T` from a JSON object, naming the path of the first field that did not fit. The
/// answer types hold every top-level key as a [`Section`], which never fails, so for them only
/// a non-object fails.
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
        let (path, reason) = misfit(&e.path().to_string(), &e.into_inner().to_string());
        ModelError::Shape {
            document,
            path: if path.is_empty() {
                "(top level)".into()
            } else {
                path
            },
            reason,
        }
    })
}

/// Folds nested `field: reason` messages into `path` (`.` or empty = the node itself) and puts
/// serde's vocabulary in the officer's words. Returns (path, reason); path is "" for the node.
fn misfit(path: &str, reason: &str) -> (String, String) {
    let mut path = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    let mut reason = reason.to_owned();
    while let Some((head, rest)) = reason.split_once(": ") {
        if head.is_empty() || head.contains(char::is_whitespace) {
            break;
        }
        path = join_path(&path, head);
        reason = rest.to_owned();
    }
    (path, plain_words(&reason))
}

/// `a` + `b` → `a.b`, `a` + `[1].c` → `a[1].c`, "" + `b` → `b`.
fn join_path(a: &str, b: &str) -> String {
    if a.is_empty() || a == "." {
        b.to_owned()
    } else if b.is_empty() || b == "." {
        a.to_owned()
    } else if b.starts_with('[') {
        format!("{a}{b}")
    } else {
        format!("{a}.{b}")
    }
}

/// serde's vocabulary in the officer's words.
fn plain_words(reason: &str) -> String {
    let mut s = reason
        .replace("invalid type: ", "found ")
        .replace("a sequence", "a list")
        .replace("a map", "an object")
        .replace("integer `", "the number `")
        .replace("floating point `", "the number `")
        .replace("string \"", "the text \"");
    // serde names the Rust type (`expected struct KeyInformation`); the officer reads the shape.
    while let Some(i) = s.find("struct ") {
        let rest = &s[i + "struct ".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        s = format!("{}an object{}", &s[..i], &rest[end..]);
    }
    s
}

#[cfg(test)]
mod plain_words_tests {
    #[test]
    fn no_rust_type_names_reach_the_officer() {
        assert_eq!(
            super::plain_words("invalid type: integer `42`, expected struct KeyInformation"),
            "found the number `42`, expected an object"
        );
        assert_eq!(
            super::plain_words("invalid type: string \"x\", expected a sequence"),
            "found the text \"x\", expected a list"
        );
    }
}

/// A node inside a section that was requested: either found ([`Node::Present`]) or "searched,
/// nothing found" ([`Node::Empty`], upstream `null`, `{}` or `[]`). Wrap it in `Option` so that
/// an absent field ("not requested") stays distinct. Serializes `Empty` as `null`. A node that
/// does not fit makes its section unreadable.
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

impl<T: Serialize> Serialize for Node<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Empty => s.serialize_none(),
            Node::Present(t) => t.serialize(s),
        }
    }
}

impl<'de, T: de::Record + Serialize> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        if is_empty_value(&v) {
            return Ok(Node::Empty);
        }
        let t: T = de::record_from(v)?;
        Ok(if reads_empty(&t) {
            Node::Empty
        } else {
            Node::Present(t)
        })
    }
}

/// A node whose fields are all absent (`{"name": null}`) is "nothing found", as `{}` is.
fn reads_empty<T: Serialize>(t: &T) -> bool {
    serde_json::to_value(t).is_ok_and(|v| is_empty_value(&v))
}

/// One section of an answer (see the module docs). `Option<Section<T>>`: `None` = the key is
/// absent (not requested).
#[derive(Debug, Clone, PartialEq)]
pub enum Section<T> {
    /// `null`, `{}` or `[]`: searched, nothing found.
    Empty,
    Present(T),
    /// The section holds a node that does not fit its schema. `raw` is the section's value as
    /// received; `path` names the exact node (e.g. `ownership.shareholders[1].percentage`, or
    /// the section itself); `reason` says why in plain words.
    Unreadable {
        raw: Value,
        path: String,
        reason: String,
    },
}

impl<T> Section<T> {
    pub fn present(&self) -> Option<&T> {
        match self {
            Section::Present(t) => Some(t),
            _ => None,
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, Section::Empty)
    }
    pub fn is_unreadable(&self) -> bool {
        matches!(self, Section::Unreadable { .. })
    }
    /// `(path, reason)` when unreadable.
    pub fn unreadable(&self) -> Option<(&str, &str)> {
        match self {
            Section::Unreadable { path, reason, .. } => Some((path, reason)),
            _ => None,
        }
    }
    /// Reads `T` from a section's value; never fails. `path` is the section's own path, put in
    /// front of the inner path of a misfit.
    pub fn from_value(v: Value, path: &str) -> Self
    where
        T: serde::de::DeserializeOwned + Serialize,
    {
        let mut s: Self = Self::read_value(v);
        s.locate(path);
        s
    }
    fn read_value(v: Value) -> Self
    where
        T: serde::de::DeserializeOwned + Serialize,
    {
        if is_empty_value(&v) {
            return Section::Empty;
        }
        match serde_path_to_error::deserialize::<_, T>(&v) {
            Ok(t) if reads_empty(&t) => Section::Empty,
            Ok(t) => Section::Present(t),
            Err(e) => {
                let (path, reason) = misfit(&e.path().to_string(), &e.into_inner().to_string());
                Section::Unreadable {
                    raw: v,
                    path,
                    reason,
                }
            }
        }
    }
    /// Puts the section's own path in front of the path of the misfit (done once, by the
    /// answer's `from_json`).
    pub(crate) fn locate(&mut self, section: &str) {
        if let Section::Unreadable { path, .. } = self {
            *path = join_path(section, path);
        }
    }
}

impl<T: Serialize> Serialize for Section<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Section::Empty => s.serialize_none(),
            Section::Present(t) => t.serialize(s),
            Section::Unreadable { raw, .. } => raw.serialize(s),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned + Serialize> Deserialize<'de> for Section<T> {
    /// Never fails (beyond the input not being JSON): what does not fit is kept as
    /// [`Section::Unreadable`] with a path relative to the section.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Section::read_value)
    }
}

/// For a node whose keys are sections (`ownership`, `financials`): `locate` (full paths of
/// misfits), `unreadable(key)` and `unreadable_sections()`.
macro_rules! section_holder {
    ($ty:ident, $prefix:literal, { $($f:ident = $k:literal),* $(,)? }) => {
        impl $ty {
            pub(crate) fn locate(&mut self) {
                $( if let Some(s) = self.$f.as_mut() { s.locate(concat!($prefix, ".", $k)) } )*
            }
            /// `(path, reason)` when the section under `key` (e.g. `shareholders`) did not fit.
            pub fn unreadable(&self, key: &str) -> Option<(&str, &str)> {
                match key {
                    $( $k => self.$f.as_ref().and_then($crate::model::Section::unreadable), )*
                    _ => None,
                }
            }
            /// Keys of the sections that did not fit.
            pub fn unreadable_sections(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $( if self.$f.as_ref().is_some_and($crate::model::Section::is_unreadable) { out.push($k) } )*
                out
            }
        }
    };
}
pub(crate) use section_holder;

/// Gives each listed top-level section of `$r` its path.
macro_rules! locate {
    ($r:ident, $($f:ident = $p:literal),* $(,)?) => {$(
        if let Some(s) = $r.$f.as_mut() { s.locate($p) }
    )*};
}
pub(crate) use locate;

/// Paths of the listed top-level sections of `$r` that are unreadable.
macro_rules! unreadable {
    ($r:ident, $($f:ident = $p:literal),* $(,)?) => {{
        let mut out: Vec<String> = Vec::new();
        $( if $r.$f.as_ref().is_some_and($crate::model::Section::is_unreadable) { out.push($p.to_owned()) } )*
        out
    }};
}
pub(crate) use unreadable;

/// A section or node that may be present: [`Section`] and [`Node`].
pub trait Slot {
    type Item;
    fn item(&self) -> Option<&Self::Item>;
}

impl<T> Slot for Section<T> {
    type Item = T;
    fn item(&self) -> Option<&T> {
        self.present()
    }
}

impl<T> Slot for Node<T> {
    type Item = T;
    fn item(&self) -> Option<&T> {
        self.present()
    }
}

/// `Some(&T)` when the section or node is present and non-empty.
pub fn present<N: Slot>(n: &Option<N>) -> Option<&N::Item> {
    n.as_ref().and_then(Slot::item)
}

/// A text read leniently (a number or yes/no value becomes text), for top-level scalar sections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v: Option<String> = de::field(d)?;
        v.map(Text)
            .ok_or_else(|| serde::de::Error::custom("found nothing (null), expected a text"))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// A number read leniently (`"25,5"`), for top-level scalar sections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let n: Option<f64> = de::field(&v).map_err(serde::de::Error::custom)?;
        n.map(Number).ok_or_else(|| {
            serde::de::Error::custom(format!("found {}, expected a number", de::kind_of(&v)))
        })
    }
}

/// A yes/no value read leniently (`"ja"`, `1`), for top-level scalar sections.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let b: Option<bool> = de::field(&v).map_err(serde::de::Error::custom)?;
        b.map(Flag).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "found {}, expected a yes/no value",
                de::kind_of(&v)
            ))
        })
    }
}

/// A list that also reads one object as a list of one (`one_or_many`), for list sections of
/// the Amlyze and peer answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<'de, T: de::Record> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v: Vec<T> = de::field(d)?;
        Ok(List(v))
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
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
    /// Requested, but upstream withholds it from this client (e.g. citizenship without National
    /// Registry access).
    NotAvailable,
    /// Present, but a node in it does not fit its schema; the raw value is kept.
    Unreadable,
}

/// One section of an answer and what the officer is told about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionInfo {
    /// `keyInformation`, `ownership.shareholders`, …
    pub path: String,
    pub availability: Availability,
    /// For an unreadable section: where and why (`` at `ownership.shareholders[1].percentage`:
    /// found an object, expected a number ``).
    pub reason: Option<String>,
}

/// Availability of `path` (dot-separated, e.g. `ownership.shareholders`) in an organization
/// answer (raw or re-serialized), given the expands that were requested. `keyInformation` is
/// always delivered, so it counts as requested. The answer is read first, so a section that does
/// not fit is `Unreadable`; everything else is judged on the JSON as given.
pub fn availability(data: &Value, path: &str, requested: &[String]) -> Availability {
    if OrgResult::from_json(data).is_ok_and(|org| org.unreadable_at(path).is_some()) {
        return Availability::Unreadable;
    }
    raw_availability(data, path, requested)
}

/// Availability judged on the JSON alone (no schema).
pub(crate) fn raw_availability(data: &Value, path: &str, requested: &[String]) -> Availability {
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
    // `keyInformation` is the default section; `links` (the report links) comes with every
    // answer, so an absent one is missing, not "not requested".
    if path == "keyInformation"
        || path == "links"
        || (path.starts_with("keyInformation.") && path != "keyInformation.lei")
    {
        return true;
    }
    requested.iter().any(|r| {
        let r = r.trim();
        r == path || path.starts_with(&format!("{r}.")) || r.starts_with(&format!("{path}."))
    })
}

record! {
/// Provenance attached by upstream to a node: `{sources: [...], urls: [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
#[ts(rename = "NodeMetadata")]
pub struct Metadata {
    pub sources: Vec<String>,
    pub urls: Vec<String>,
}
}

record! {
/// A code with an optional description: upstream sends either a bare value (`"ASA"`) or an
/// object (`{"code": "ASA", "description": "Allmennaksjeselskap"}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(default, rename_all = "camelCase")]
#[ts(rename = "CodedValue")]
pub struct Coded {
    #[ts(optional)]
    pub code: Option<String>,
    #[ts(optional)]
    pub description: Option<String>,
}
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

/// The raw JSON at a section path (`keyInformation`, `ownership.shareholders`, `sanction`) of a
/// stored answer, for "details": the node exactly as upstream sent it, whether it could be read
/// or not. `None` when the answer has no such node.
pub fn raw_section<'a>(raw: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = raw;
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        cur = cur.as_object()?.get(seg)?;
    }
    Some(cur)
}

#[cfg(test)]
mod raw_section_tests {
    use super::raw_section;
    use serde_json::json;

    #[test]
    fn walks_dotted_paths_and_answers_none_for_absent_nodes() {
        let v = json!({"ownership": {"shareholders": "see attachment"}, "sanction": null});
        assert_eq!(
            raw_section(&v, "ownership.shareholders"),
            Some(&json!("see attachment"))
        );
        assert_eq!(raw_section(&v, "sanction"), Some(&json!(null)));
        assert_eq!(raw_section(&v, "roles"), None);
        assert_eq!(raw_section(&v, "ownership.shareholders.name"), None);
    }
}
