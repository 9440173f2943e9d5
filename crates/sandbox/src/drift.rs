//! Shape drift (knob `shape_drift_rate`): in that share of result documents, one *section* is
//! given a node of a JSON type it never has, or removed, so a client's tolerant reader can be
//! tested against upstream changing a node's shape without notice.
//!
//! A section is a top-level key of the answer, except under `ownership` and `financials`, where
//! each second-level key is a section (`amldesk_core::model::accepted::section_of`). Bookkeeping
//! keys ([`BOOKKEEPING`]) are never chosen. The drifted node is the section node itself or, when
//! it is a non-empty list, one of its items (`ownership.shareholders[2]`); never deeper. A type
//! change never produces `null`, `{}`, `[]`, `""`, nor a shape the readers accept on purpose
//! (`amldesk_core::model::accepted::accepts`). Every draw comes from the caller's seeded
//! generator, so the same seed and request order give the same drifts.

use amldesk_core::model::accepted::{accepts, Document, Shape};
use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Keys that are bookkeeping, not content: never drifted.
/// `identifier` and `nationality` echo the request back; they are no section of data.
pub const BOOKKEEPING: [&str; 6] = [
    "sandbox",
    "metadata",
    "sessionId",
    "timeElapsedMs",
    "identifier",
    "nationality",
];

/// Top-level keys whose second-level keys are the sections.
const NESTED: [&str; 2] = ["ownership", "financials"];

/// One drift, as `GET /_sandbox/stats` lists it under `drifted`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DriftStat {
    /// The id of the request the document answers (docs/sandbox.md: the session id for
    /// BankID documents, the communicationNumber for Amlyze, the idRequest for the peer API,
    /// the OIDC client id for access rights).
    pub session_id: String,
    /// Dotted path of the drifted node, with `[i]` for a list item.
    pub path: String,
    /// `"type"` (a node of another JSON type) or `"absent"` (the section removed).
    pub shape: String,
}

/// What [`apply`] did: the node's path and `"type"` or `"absent"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    pub path: String,
    pub shape: &'static str,
}

/// The sections present in `doc`, each as its one or two keys, in document order.
pub fn sections(doc: &Value) -> Vec<Vec<String>> {
    let Some(obj) = doc.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in obj {
        if BOOKKEEPING.contains(&k.as_str()) {
            continue;
        }
        let subs: Vec<Vec<String>> = match v.as_object() {
            Some(inner) if NESTED.contains(&k.as_str()) => inner
                .keys()
                .filter(|s| !BOOKKEEPING.contains(&s.as_str()))
                .map(|s| vec![k.clone(), s.clone()])
                .collect(),
            _ => Vec::new(),
        };
        if subs.is_empty() {
            out.push(vec![k.clone()]);
        } else {
            out.extend(subs);
        }
    }
    out
}

/// Shapes a node of `shape` may drift to (never `null`).
fn targets(shape: Shape) -> &'static [Shape] {
    match shape {
        Shape::Object => &[Shape::String, Shape::Number, Shape::List],
        Shape::List => &[Shape::Object, Shape::Number, Shape::String],
        Shape::String | Shape::Number | Shape::Bool | Shape::Null => &[Shape::Object, Shape::List],
    }
}

/// A plausible node of `shape` standing where `original` stood; never `{}`, `[]` or `""`.
fn replacement(shape: Shape, original: &Value, rng: &mut impl Rng) -> Value {
    match shape {
        Shape::String => json!("see attachment"),
        Shape::Number => json!(if rng.gen_bool(0.5) { 0 } else { 42 }),
        Shape::List => match original {
            Value::String(s) if !s.is_empty() => json!([s]),
            Value::Number(_) | Value::Bool(_) => json!([original]),
            _ => json!(["see attachment"]),
        },
        Shape::Object => json!({ "value": original }),
        // Not a drift target; kept total for safety.
        Shape::Bool | Shape::Null => json!("see attachment"),
    }
}

fn get_mut<'a>(doc: &'a mut Value, keys: &[String]) -> Option<&'a mut Value> {
    let mut node = doc;
    for k in keys {
        node = node.as_object_mut()?.get_mut(k)?;
    }
    Some(node)
}

fn remove(doc: &mut Value, keys: &[String]) {
    let Some((last, parent)) = keys.split_last() else {
        return;
    };
    if let Some(obj) = get_mut(doc, parent).and_then(Value::as_object_mut) {
        obj.shift_remove(last);
    }
}

/// The first of `shapes` (in a random order) that the readers do not accept at `path`.
fn pick_shape(document: Document, path: &str, from: Shape, rng: &mut impl Rng) -> Option<Shape> {
    let mut shapes = targets(from).to_vec();
    shapes.shuffle(rng);
    shapes.into_iter().find(|s| !accepts(document, path, *s))
}

/// Drifts one section of `doc` in place and says what it did; `None` when `doc` has no section.
pub fn apply(doc: &mut Value, document: Document, rng: &mut impl Rng) -> Option<Drift> {
    let secs = sections(doc);
    if secs.is_empty() {
        return None;
    }
    let sec = secs[rng.gen_range(0..secs.len())].clone();
    let dotted = sec.join(".");
    let absent = rng.gen_bool(0.5);
    if !absent {
        if let Some(d) = change_type(doc, document, &sec, &dotted, rng) {
            return Some(d);
        }
    }
    remove(doc, &sec);
    Some(Drift {
        path: dotted,
        shape: "absent",
    })
}

/// Gives the section node, or one item of it, another JSON type; `None` when every candidate
/// shape is one the readers accept.
fn change_type(
    doc: &mut Value,
    document: Document,
    sec: &[String],
    dotted: &str,
    rng: &mut impl Rng,
) -> Option<Drift> {
    let node = get_mut(doc, sec)?;
    let item = match node.as_array() {
        Some(items) if !items.is_empty() && rng.gen_bool(0.5) => {
            Some(rng.gen_range(0..items.len()))
        }
        _ => None,
    };
    if let Some(i) = item {
        let path = format!("{dotted}[{i}]");
        let slot = &mut node.as_array_mut()?[i];
        if let Some(shape) = pick_shape(document, &path, Shape::of(slot), rng) {
            *slot = replacement(shape, slot, rng);
            return Some(Drift {
                path,
                shape: "type",
            });
        }
    }
    let shape = pick_shape(document, dotted, Shape::of(node), rng)?;
    *node = replacement(shape, node, rng);
    Some(Drift {
        path: dotted.to_string(),
        shape: "type",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn org_doc() -> Value {
        json!({
            "sandbox": true, "sessionId": "s-1", "identifier": "923609016",
            "keyInformation": {"name": "X", "sandbox": true},
            "ownership": {"shareholders": [{"name": "A"}, {"name": "B"}], "beneficials": [],
                          "metadata": {"sources": []}},
            "financials": {"keyFigures": {"years": []}},
            "metadata": {"sources": []},
        })
    }

    #[test]
    fn sections_skip_bookkeeping_and_split_ownership_and_financials() {
        let s: Vec<String> = sections(&org_doc()).iter().map(|k| k.join(".")).collect();
        assert_eq!(
            s,
            [
                "keyInformation",
                "ownership.shareholders",
                "ownership.beneficials",
                "financials.keyFigures"
            ]
        );
    }

    #[test]
    fn drift_changes_only_the_named_section_and_never_to_empty_or_null() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..300 {
            let before = org_doc();
            let mut after = before.clone();
            let d = apply(&mut after, Document::Organization, &mut rng).expect("a drift");
            let section = amldesk_core::model::accepted::section_of(&d.path);
            for sec in sections(&before) {
                let name = sec.join(".");
                let (b, a) = (pointer(&before, &sec), pointer(&after, &sec));
                if name == section {
                    assert_ne!(b, a, "{name} must differ");
                    if d.shape == "absent" {
                        assert!(a.is_none());
                    }
                } else {
                    assert_eq!(b, a, "{name} must not change");
                }
            }
            if d.shape == "type" {
                let node = node_at(&after, &d.path).expect("the drifted node is there");
                let was = node_at(&before, &d.path).expect("it was there before");
                assert_ne!(Shape::of(node), Shape::of(was), "{} kept its type", d.path);
                assert!(
                    ![json!(null), json!({}), json!([]), json!("")].contains(node),
                    "{} became {node}",
                    d.path
                );
            }
        }
    }

    /// `a.b[2]` → the node.
    fn node_at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
        path.split('.')
            .try_fold(v, |n, part| match part.split_once('[') {
                Some((k, i)) => n
                    .get(k)?
                    .get(i.trim_end_matches(']').parse::<usize>().ok()?),
                None => n.get(part),
            })
    }

    fn pointer<'a>(v: &'a Value, keys: &[String]) -> Option<&'a Value> {
        keys.iter().try_fold(v, |n, k| n.get(k))
    }
}
