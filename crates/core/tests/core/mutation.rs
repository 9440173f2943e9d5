//! Mutation test: every node of every sandbox-shaped fixture is replaced by each JSON type it
//! never has, by an unknown enum value, given an extra field, and each section is removed. The
//! answer must still read; only the mutated section may change, and it must say what happened.

use amldesk_core::model::accepted::{accepts, section_of, Document, Shape};
use amldesk_core::model::bo::BoResult;
use amldesk_core::model::org::OrgResult;
use amldesk_core::model::Availability;
use serde_json::{json, Value};

const MARK: &str = "__mutation";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture readable"))
        .expect("fixture is JSON")
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn path_str(p: &[Seg]) -> String {
    let mut out = String::new();
    for s in p {
        match s {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Idx(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn walk(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                prefix.push(Seg::Key(k.clone()));
                out.push(prefix.clone());
                walk(c, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                prefix.push(Seg::Idx(i));
                out.push(prefix.clone());
                walk(c, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, p: &[Seg]) -> &'a mut Value {
    p.iter().fold(v, |cur, s| match s {
        Seg::Key(k) => &mut cur[k.as_str()],
        Seg::Idx(i) => &mut cur[*i],
    })
}

fn node<'a>(v: &'a Value, p: &[Seg]) -> &'a Value {
    p.iter().fold(v, |cur, s| match s {
        Seg::Key(k) => &cur[k.as_str()],
        Seg::Idx(i) => &cur[*i],
    })
}

fn marker(shape: Shape) -> Value {
    match shape {
        Shape::Object => json!({ MARK: 1 }),
        Shape::List => json!([{ MARK: 1 }]),
        Shape::String => json!(MARK),
        Shape::Number => json!(424242.5),
        Shape::Bool => json!(true),
        Shape::Null => Value::Null,
    }
}

fn contains(v: &Value, needle: &Value) -> bool {
    if v == needle {
        return true;
    }
    match v {
        Value::Object(m) => m.values().any(|c| contains(c, needle)),
        Value::Array(a) => a.iter().any(|c| contains(c, needle)),
        _ => false,
    }
}

/// The reader of one document kind, as the test needs it.
trait Doc: Sized {
    const KIND: Document;
    fn read(v: &Value) -> Option<Self>;
    fn json(&self) -> Value;
    fn avail(&self, path: &str, requested: &[String]) -> Availability;
}

impl Doc for OrgResult {
    const KIND: Document = Document::Organization;
    fn read(v: &Value) -> Option<Self> {
        OrgResult::from_json(v).ok()
    }
    fn json(&self) -> Value {
        self.to_json()
    }
    fn avail(&self, path: &str, requested: &[String]) -> Availability {
        self.availability(path, requested)
    }
}

impl Doc for BoResult {
    const KIND: Document = Document::BeneficialOwners;
    fn read(v: &Value) -> Option<Self> {
        BoResult::from_json(v).ok()
    }
    fn json(&self) -> Value {
        self.to_json()
    }
    fn avail(&self, path: &str, requested: &[String]) -> Availability {
        self.availability(path, requested)
    }
}

/// Leaf sections present in a document: top-level keys, second-level under ownership/financials.
fn sections_of(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in doc.as_object().into_iter().flatten() {
        match (k.as_str(), v) {
            ("ownership" | "financials", Value::Object(m)) if !m.is_empty() => {
                out.extend(m.keys().map(|c| format!("{k}.{c}")));
            }
            _ => out.push(k.clone()),
        }
    }
    out
}

fn at_path<'a>(v: &'a Value, section: &str) -> &'a Value {
    section.split('.').fold(v, |cur, k| &cur[k])
}

/// Sections whose typed value must not change when `mutated` changes.
fn unrelated(all: &[String], mutated: &str) -> Vec<String> {
    all.iter()
        .filter(|s| {
            !(s.as_str() == mutated
                || s.starts_with(&format!("{mutated}."))
                || mutated.starts_with(&format!("{s}.")))
        })
        .cloned()
        .collect()
}

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    unreadable: usize,
    accepted: usize,
    kept_as_extra: usize,
}

fn run<D: Doc>(name: &str, requested_extra: &[&str], tally: &mut Tally) -> Vec<String> {
    let doc = fixture(name);
    let base = D::read(&doc).expect("fixture reads");
    let base_json = base.json();
    let all = sections_of(&doc);
    let mut requested: Vec<String> = all.clone();
    requested.extend(requested_extra.iter().map(|s| (*s).to_owned()));
    let mut failures = Vec::new();
    let mut paths = Vec::new();
    walk(&doc, &mut Vec::new(), &mut paths);

    let mut check =
        |mutated: Value, path: &str, what: &str, expect: &dyn Fn(Availability, &Value) -> bool| {
            tally.cases += 1;
            let section = section_of(path);
            let Some(r) = D::read(&mutated) else {
                failures.push(format!("{name}: {path} ({what}): from_json failed"));
                return;
            };
            let a = r.avail(&section, &requested);
            let out = r.json();
            if !expect(a, &out) {
                failures.push(format!(
                    "{name}: {path} ({what}): section {section} is {a:?}"
                ));
            }
            for other in unrelated(&all, &section) {
                if at_path(&out, &other) != at_path(&base_json, &other) {
                    failures.push(format!(
                        "{name}: {path} ({what}): unrelated section {other} changed"
                    ));
                }
            }
        };

    for p in &paths {
        let path = path_str(p);
        let original = node(&doc, p).clone();
        let shape = Shape::of(&original);
        let is_blank = match &original {
            Value::Null => true,
            Value::Object(m) => m.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::String(s) => s.is_empty(),
            _ => false,
        };
        if is_blank {
            continue;
        }
        let targets: &[Shape] = match shape {
            Shape::Object => &[Shape::String, Shape::Number, Shape::List],
            Shape::List => &[Shape::Object, Shape::Number, Shape::String],
            _ => &[Shape::Object, Shape::List],
        };
        for &t in targets {
            let m = marker(t);
            let mut v = doc.clone();
            *node_mut(&mut v, p) = m.clone();
            let ok = accepts(D::KIND, &path, t);
            if ok {
                tally.accepted += 1;
            }
            let kept = std::cell::Cell::new(false);
            check(
                v,
                &path,
                &format!("{shape:?} → {t:?}"),
                &|a, out: &Value| {
                    if ok {
                        matches!(a, Availability::Present | Availability::Empty)
                    } else if a == Availability::Unreadable {
                        true
                    } else {
                        // Only a node the reader does not know (an `extra` map) may stay read: then
                        // the marker is kept verbatim.
                        let found = contains(out, &m);
                        kept.set(found);
                        found
                    }
                },
            );
            if kept.get() {
                tally.kept_as_extra += 1;
            } else if !ok {
                tally.unreadable += 1;
            }
        }
        if shape == Shape::String {
            let mut v = doc.clone();
            *node_mut(&mut v, p) = json!("__UNKNOWN_VALUE__");
            check(v, &path, "unknown value", &|a, _| {
                matches!(a, Availability::Present | Availability::Empty)
            });
        }
        if shape == Shape::Object {
            let mut v = doc.clone();
            node_mut(&mut v, p)
                .as_object_mut()
                .expect("object")
                .insert("__extraField".into(), json!({"x": 1}));
            check(v, &path, "extra field", &|a, _| {
                matches!(a, Availability::Present | Availability::Empty)
            });
        }
        if section_of(&path) == path && p.len() <= 2 {
            let mut v = doc.clone();
            match (p.len(), &p[..]) {
                (1, [Seg::Key(k)]) => {
                    v.as_object_mut().expect("object").remove(k);
                }
                (2, [Seg::Key(a), Seg::Key(b)]) => {
                    v[a.as_str()].as_object_mut().expect("object").remove(b);
                }
                _ => continue,
            }
            check(v, &path, "removed", &|a, _| {
                matches!(a, Availability::Missing | Availability::NotRequested)
                    && (a == Availability::Missing || !requested.contains(&path))
            });
        }
    }
    failures
}

#[test]
fn every_node_mutated_leaves_the_other_sections_alone() {
    let started = std::time::Instant::now();
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    failures.extend(run::<OrgResult>(
        "sandbox-equinor-org.json",
        &[],
        &mut tally,
    ));
    failures.extend(run::<OrgResult>("org-no-full.json", &[], &mut tally));
    failures.extend(run::<OrgResult>(
        "bankid-ownership-indicators-example.json",
        &[],
        &mut tally,
    ));
    failures.extend(run::<BoResult>("sandbox-equinor-bo.json", &[], &mut tally));
    eprintln!("{tally:?} in {:?}", started.elapsed());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        tally.cases,
        failures.join("\n")
    );
    assert!(tally.unreadable > 100, "{tally:?}");
    assert!(tally.accepted > 10, "{tally:?}");
}
