//! The variants the readers accept on purpose, and what a "section" is.
//!
//! A *section* is a top-level key of an answer, except under `ownership` and `financials`, where
//! each second-level key is a section (`ownership.shareholders`, `financials.keyFigures`, …).
//! A section holding a node of a JSON type its schema never allows is read as *unreadable* (the
//! raw value kept); the rest of the answer is still read. Some shapes are accepted on purpose
//! (upstream has been seen to send them); they are listed in [`ACCEPTED`] so the sandbox's
//! shape drift never produces one and the mutation test knows which are fine.

/// The JSON type of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Object,
    List,
    String,
    Number,
    Bool,
    Null,
}

impl Shape {
    pub fn of(v: &serde_json::Value) -> Shape {
        use serde_json::Value;
        match v {
            Value::Null => Shape::Null,
            Value::Bool(_) => Shape::Bool,
            Value::Number(_) => Shape::Number,
            Value::String(_) => Shape::String,
            Value::Array(_) => Shape::List,
            Value::Object(_) => Shape::Object,
        }
    }
}

/// Which upstream document a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// BankID AML Organization `/json`.
    Organization,
    /// BankID Beneficial owners `/json`.
    BeneficialOwners,
    /// Amlyze batch answer (`/customers/batch`).
    AmlyzeBatch,
    /// Amlyze communications events.
    AmlyzeEvents,
    /// Peer data exchange `respond`.
    PeerRespond,
    /// Beneficial owners access rights.
    AccessRights,
}

/// One shape accepted on purpose at a path. `path` is dotted; `[]` stands for any list index
/// (`address.addressList[]`), `*` for any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub document: Document,
    pub path: &'static str,
    pub shape: Shape,
    /// Why this is accepted (seen upstream, documented, …).
    pub why: &'static str,
}

/// Every variant accepted on purpose. `null` is accepted everywhere (an absent value) and is not
/// listed.
pub const ACCEPTED: &[Accepted] = &[];

/// Whether a node of `shape` at `path` (dotted, with `[i]` or `[]` indices) in `document` is a
/// variant the readers accept on purpose (`null` always is).
pub fn accepts(document: Document, path: &str, shape: Shape) -> bool {
    if shape == Shape::Null {
        return true;
    }
    let norm = normalize(path);
    ACCEPTED
        .iter()
        .any(|a| a.document == document && a.shape == shape && glob(a.path, &norm))
}

/// The section a node path belongs to: `ownership.shareholders[3].name` → `ownership.shareholders`,
/// `keyInformation.name` → `keyInformation`.
pub fn section_of(path: &str) -> String {
    let norm = normalize(path);
    let mut keys = norm.split('.').map(|k| k.trim_end_matches("[]"));
    let first = keys.next().unwrap_or_default().to_owned();
    if first == "ownership" || first == "financials" {
        if let Some(second) = keys.next() {
            return format!("{first}.{second}");
        }
    }
    first
}

/// `a.b[3].c` → `a.b[].c`.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_idx = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_idx = true;
                out.push_str("[]");
            }
            ']' => in_idx = false,
            _ if in_idx => {}
            _ => out.push(c),
        }
    }
    out
}

fn glob(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let q: Vec<&str> = path.split('.').collect();
    p.len() == q.len()
        && p.iter()
            .zip(&q)
            .all(|(a, b)| *a == "*" || a == b || (a.ends_with("*[]") && b.ends_with("[]")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_of_paths() {
        assert_eq!(
            section_of("ownership.shareholders[3].name"),
            "ownership.shareholders"
        );
        assert_eq!(section_of("keyInformation.name"), "keyInformation");
        assert_eq!(section_of("financials"), "financials");
        assert_eq!(section_of("roles[2]"), "roles");
    }

    #[test]
    fn null_is_always_accepted() {
        assert!(accepts(
            Document::Organization,
            "keyInformation",
            Shape::Null
        ));
    }
}
