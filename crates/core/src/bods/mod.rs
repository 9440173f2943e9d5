//! Reading Beneficial Ownership Data Standard 0.4 statements (Open Ownership) and computing the
//! beneficial owners of every entity in them with the same rules the window uses
//! ([`crate::ownership::rules`]).
//!
//! Lenient per statement: a statement that is not an object, or lacks `recordId`, `recordType`
//! or `recordDetails`, is an error naming its index and recordId ([`BodsError`]); everything else
//! the reader does not understand is a warning, and the statement is read as far as it can be.
//!
//! Records have history: of the statements sharing a `recordId`, the latest by `statementDate`
//! (then the later in the file) is the one in force; two statements of one record are never
//! added up. A relationship whose latest statement is `closed`, or whose every interest has an
//! `endDate`, is a former relationship: its person is listed under `formerOwners`.
//!
//! Interests: `shareholding` counts as shares, `votingRights` as votes, `appointmentOfBoard` as
//! board control; `settlor`, `trustee`, `protector`, `beneficiaryOfLegalArrangement`,
//! `nominator`, and `boardMember` / `boardChair` of a trust, arrangement or foundation, as control
//! by a trust or foundation role; `seniorManagingOfficial` (and `boardChair` elsewhere) as senior
//! managing official, the ground recorded when no natural person qualifies; other interests are
//! shown in paths but count for no rule. Interests of one party in one subject are added up
//! across its relationships (shares with shares, votes with votes).
//!
//! An indirect relationship with `componentRecords` is described by its components (which are
//! read as relationships of their own); it is not counted again. An indirect relationship without
//! components counts as a link of its own only when the file holds no other route from the
//! interested party to the subject. A relationship whose interest says
//! `beneficialOwnershipOrControl: true` makes its person `declared`, with the declared share.

mod report;

use crate::ownership::rules::{Link, Party, PartyKind, RoleGround, RulesGraph, Share};
use report::entity_report;
pub use report::{
    DifferenceReport, EntityReport, FormerOwner, OwnerReport, SanctionsReport, UboReport,
};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// A statement that cannot be read at all.
#[derive(Debug, Clone, PartialEq)]
pub struct BodsError {
    /// Position in the file's array (0-based); `None` when the file itself is unreadable.
    pub index: Option<usize>,
    pub record_id: Option<String>,
    pub message: String,
}

impl fmt::Display for BodsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.index, &self.record_id) {
            (Some(i), Some(r)) => write!(f, "statement {i} (recordId \"{r}\"): {}", self.message),
            (Some(i), None) => write!(f, "statement {i} (no recordId): {}", self.message),
            (None, _) => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for BodsError {}

#[derive(Debug, Clone)]
struct Statement {
    index: usize,
    record_id: String,
    record_type: String,
    status: Option<String>,
    date: String,
    details: Map<String, Value>,
}

/// The statements of a file, the latest of each record.
#[derive(Debug, Clone)]
pub struct BodsFile {
    records: Vec<Statement>,
    /// Problems that did not stop the reading.
    pub warnings: Vec<String>,
    /// Statements read (all versions).
    pub statement_count: usize,
}

fn str_of<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    m.get(k).and_then(Value::as_str)
}

/// Reads a BODS 0.4 JSON array (also accepted: a single statement object, or JSON Lines).
pub fn read(text: &str) -> Result<BodsFile, BodsError> {
    let values: Vec<Value> =
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(a)) => a,
            Ok(v @ Value::Object(_)) => vec![v],
            Ok(_) => {
                return Err(BodsError {
                    index: None,
                    record_id: None,
                    message: "the file is not a JSON array of BODS statements".to_owned(),
                })
            }
            Err(e) => {
                // JSON Lines: one statement per line.
                let mut out = Vec::new();
                for (n, line) in text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.trim().is_empty())
                {
                    match serde_json::from_str::<Value>(line) {
                        Ok(v) => out.push(v),
                        Err(_) => {
                            return Err(BodsError {
                                index: None,
                                record_id: None,
                                message: format!(
                                "the file is not JSON (a BODS array of statements expected): {e}{}",
                                if n > 0 { format!(" (line {})", n + 1) } else { String::new() }
                            ),
                            })
                        }
                    }
                }
                out
            }
        };
    let mut warnings = Vec::new();
    let mut latest: HashMap<String, Statement> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (index, v) in values.iter().enumerate() {
        let Some(obj) = v.as_object() else {
            return Err(BodsError {
                index: Some(index),
                record_id: None,
                message: format!("is not an object (found {})", json_kind(v)),
            });
        };
        let record_id = str_of(obj, "recordId").map(str::to_owned);
        let err = |m: &str| BodsError {
            index: Some(index),
            record_id: record_id.clone(),
            message: m.to_owned(),
        };
        let Some(rid) = record_id.clone().filter(|r| !r.trim().is_empty()) else {
            return Err(err("lacks recordId (a non-empty string is expected)"));
        };
        let record_type = match str_of(obj, "recordType") {
            Some(t @ ("entity" | "person" | "relationship")) => t.to_owned(),
            Some(other) => {
                return Err(err(&format!(
                    "has recordType \"{other}\"; \"entity\", \"person\" or \"relationship\" is expected"
                )))
            }
            None => return Err(err("lacks recordType (\"entity\", \"person\" or \"relationship\")")),
        };
        let Some(details) = obj.get("recordDetails").and_then(Value::as_object) else {
            return Err(err("lacks recordDetails (an object is expected)"));
        };
        let date = str_of(obj, "statementDate").unwrap_or("").to_owned();
        if date.is_empty() {
            warnings.push(format!(
                "statement {index} (recordId \"{rid}\") has no statementDate; it counts as the oldest of its record."
            ));
        }
        let st = Statement {
            index,
            record_id: rid.clone(),
            record_type,
            status: str_of(obj, "recordStatus").map(str::to_owned),
            date,
            details: details.clone(),
        };
        match latest.get(&rid) {
            Some(prev) if prev.record_type != st.record_type => {
                warnings.push(format!(
                    "statement {index} (recordId \"{rid}\") is a {} but an earlier statement of that record is a {}; the later is read.",
                    st.record_type, prev.record_type
                ));
                latest.insert(rid, st);
            }
            // Later date wins; at the same date, the later in the file.
            Some(prev) if prev.date.as_str() > st.date.as_str() => {}
            Some(_) => {
                latest.insert(rid, st);
            }
            None => {
                order.push(rid.clone());
                latest.insert(rid, st);
            }
        }
    }
    let records = order
        .into_iter()
        .filter_map(|r| latest.remove(&r))
        .collect();
    Ok(BodsFile {
        records,
        warnings,
        statement_count: values.len(),
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[derive(Debug, Clone, Default)]
struct PairAcc {
    shares: Option<Share>,
    votes: Option<Share>,
    board: bool,
    roles: Vec<(RoleGround, String)>,
}

#[derive(Debug, Clone)]
struct Declared {
    share: Option<Share>,
}

fn share_of(v: Option<&Value>, what: &str, warnings: &mut Vec<String>) -> Share {
    let Some(m) = v.and_then(Value::as_object) else {
        return Share::unknown();
    };
    let num = |k: &str| -> Option<f64> {
        let x = m.get(k)?.as_f64()?;
        if (0.0..=100.0).contains(&x) {
            Some(x)
        } else {
            None
        }
    };
    for k in [
        "exact",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
    ] {
        if m.contains_key(k) && num(k).is_none() {
            warnings.push(format!(
                "{what}: share.{k} is {}, a number from 0 to 100 is expected; ignored.",
                m.get(k).map(Value::to_string).unwrap_or_default()
            ));
        }
    }
    if let Some(x) = num("exact") {
        return Share::exact(x);
    }
    let (lo, lo_open) = match (num("minimum"), num("exclusiveMinimum")) {
        (Some(a), _) => (a, false),
        (None, Some(b)) => (b, true),
        (None, None) => (0.0, false),
    };
    let (hi, hi_open) = match (num("maximum"), num("exclusiveMaximum")) {
        (Some(a), _) => (a, false),
        (None, Some(b)) => (b, true),
        (None, None) => (100.0, false),
    };
    if lo > hi {
        warnings.push(format!(
            "{what}: the share's lower bound {lo} is above its upper bound {hi}; read as unknown."
        ));
        return Share::unknown();
    }
    Share::range(lo, lo_open, hi, hi_open)
}

fn person_name(d: &Map<String, Value>) -> Option<String> {
    let names = d.get("names")?.as_array()?;
    let full = |n: &Value| n.get("fullName").and_then(Value::as_str).map(str::to_owned);
    names
        .iter()
        .find(|n| n.get("type").and_then(Value::as_str) == Some("legal"))
        .and_then(full)
        .or_else(|| names.iter().find_map(full))
        .or_else(|| {
            names.iter().find_map(|n| {
                let g = n.get("givenName").and_then(Value::as_str)?;
                let f = n.get("familyName").and_then(Value::as_str).unwrap_or("");
                Some(format!("{g} {f}").trim().to_owned())
            })
        })
}

fn is_foundation_like(d: &Map<String, Value>) -> bool {
    let et = d.get("entityType");
    let t = et.and_then(|e| e.get("type")).and_then(Value::as_str);
    let sub = et.and_then(|e| e.get("subtype")).and_then(Value::as_str);
    let name = str_of(d, "name").unwrap_or("").to_lowercase();
    t == Some("arrangement")
        || sub == Some("trust")
        || name.contains("stiftelse")
        || name.contains("foundation")
        || name.contains("säätiö")
        || name.contains("fond ")
}

/// Everything `amldesk ubo` prints, and the warnings for standard error.
pub fn analyse(file: &BodsFile, blocked: &BTreeSet<String>) -> (UboReport, Vec<String>) {
    let mut entities = Vec::new();
    let warnings = analyse_each(file, blocked, |e| entities.push(e));
    (UboReport { entities }, warnings)
}

/// [`analyse`], handing each entity's report to `each` as soon as it is computed (in the same
/// order) instead of holding them all: a file of thousands of entities with thousands of owners
/// each makes a report of gigabytes. Returns the warnings.
pub fn analyse_each(
    file: &BodsFile,
    blocked: &BTreeSet<String>,
    mut each: impl FnMut(EntityReport),
) -> Vec<String> {
    let mut warnings = file.warnings.clone();
    let mut g = RulesGraph::default();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut pep: HashMap<usize, bool> = HashMap::new();
    let mut unspecified: HashMap<usize, String> = HashMap::new();
    let mut foundation_like: HashMap<usize, bool> = HashMap::new();
    let by_id: HashMap<&str, &Statement> = file
        .records
        .iter()
        .map(|s| (s.record_id.as_str(), s))
        .collect();

    for st in &file.records {
        let d = &st.details;
        match st.record_type.as_str() {
            "entity" => {
                let name = str_of(d, "name")
                    .map(str::to_owned)
                    .or_else(|| {
                        d.get("unspecifiedEntityDetails")
                            .and_then(|u| u.get("reason"))
                            .and_then(Value::as_str)
                            .map(|r| format!("(unspecified entity: {r})"))
                    })
                    .unwrap_or_else(|| st.record_id.clone());
                let et = d
                    .get("entityType")
                    .and_then(|e| e.get("type"))
                    .and_then(Value::as_str);
                let mut p = Party::new(&st.record_id, &name, PartyKind::Entity);
                p.state = matches!(et, Some("state" | "stateBody"));
                p.listed = d
                    .get("publicListing")
                    .and_then(|l| l.get("hasPublicListing"))
                    .and_then(Value::as_bool)
                    == Some(true);
                p.blocked = blocked.contains(&st.record_id);
                let i = g.add_party(p);
                foundation_like.insert(i, is_foundation_like(d));
                ids.insert(st.record_id.clone(), i);
            }
            "person" => {
                let ptype = str_of(d, "personType");
                let name = person_name(d).unwrap_or_else(|| match ptype {
                    Some("anonymousPerson") => "(anonymous person)".to_owned(),
                    Some("unknownPerson") => "(unknown person)".to_owned(),
                    _ => format!("(person {})", st.record_id),
                });
                let mut p = Party::new(&st.record_id, &name, PartyKind::Person);
                p.birth_date = str_of(d, "birthDate").map(str::to_owned);
                p.blocked = blocked.contains(&st.record_id);
                let i = g.add_party(p);
                let is_pep = d
                    .get("politicalExposure")
                    .and_then(|x| x.get("status"))
                    .and_then(Value::as_str)
                    == Some("isPep");
                pep.insert(i, is_pep);
                ids.insert(st.record_id.clone(), i);
            }
            _ => {}
        }
    }
    for b in blocked {
        if !ids.contains_key(b) {
            warnings.push(format!("--blocked names recordId \"{b}\", which the file does not hold (or whose record is closed)."));
        }
    }

    // Relationships: in force, former, declared.
    let mut pairs: HashMap<(usize, usize), PairAcc> = HashMap::new();
    let mut pair_order: Vec<(usize, usize)> = Vec::new();
    let mut indirect: Vec<(usize, usize, PairAcc)> = Vec::new();
    let mut declared: HashMap<(usize, usize), Declared> = HashMap::new();
    let mut former: HashMap<usize, Vec<FormerOwner>> = HashMap::new();
    let mut ensure = |g: &mut RulesGraph,
                      rid: &str,
                      kind: PartyKind,
                      warnings: &mut Vec<String>,
                      rel: &str|
     -> usize {
        if let Some(&i) = ids.get(rid) {
            return i;
        }
        warnings.push(format!(
            "relationship \"{rel}\" refers to record \"{rid}\", which the file does not hold; it is shown by its recordId."
        ));
        let i = g.add_party(Party::new(rid, rid, kind));
        ids.insert(rid.to_owned(), i);
        i
    };
    for st in file
        .records
        .iter()
        .filter(|s| s.record_type == "relationship")
    {
        let d = &st.details;
        let rel = st.record_id.as_str();
        let what = format!("relationship \"{rel}\" (statement {})", st.index);
        let subject = match d.get("subject") {
            Some(Value::String(s)) => ensure(&mut g, s, PartyKind::Entity, &mut warnings, rel),
            Some(Value::Object(_)) => {
                warnings.push(format!("{what}: its subject is unspecified; skipped."));
                continue;
            }
            _ => {
                warnings.push(format!(
                    "{what}: lacks a subject (a recordId is expected); skipped."
                ));
                continue;
            }
        };
        let party = match d.get("interestedParty") {
            Some(Value::String(s)) => {
                let kind = match by_id.get(s.as_str()).map(|x| x.record_type.as_str()) {
                    Some("entity") => PartyKind::Entity,
                    Some("person") => PartyKind::Person,
                    _ => PartyKind::Unspecified,
                };
                ensure(&mut g, s, kind, &mut warnings, rel)
            }
            Some(Value::Object(o)) => {
                let reason = o
                    .get("reason")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown")
                    .to_owned();
                let id = format!("{rel}/interestedParty");
                let mut p = Party::new(
                    &id,
                    &format!("(unspecified: {reason})"),
                    PartyKind::Unspecified,
                );
                p.blocked = blocked.contains(&id);
                let i = g.add_party(p);
                unspecified.insert(i, reason);
                i
            }
            _ => {
                warnings.push(format!("{what}: lacks an interestedParty; skipped."));
                continue;
            }
        };
        let interests: Vec<&Map<String, Value>> = match d.get("interests") {
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .filter_map(|(k, x)| {
                    let o = x.as_object();
                    if o.is_none() {
                        warnings.push(format!("{what}: interest {k} is not an object; ignored."));
                    }
                    o
                })
                .collect(),
            Some(_) => {
                warnings.push(format!("{what}: interests is not an array; ignored."));
                Vec::new()
            }
            None => Vec::new(),
        };
        let all_ended =
            !interests.is_empty() && interests.iter().all(|i| str_of(i, "endDate").is_some());
        let is_declared = interests.iter().any(|i| {
            i.get("beneficialOwnershipOrControl")
                .and_then(Value::as_bool)
                == Some(true)
        });
        if st.status.as_deref() == Some("closed") || all_ended {
            let end = interests
                .iter()
                .filter_map(|i| str_of(i, "endDate"))
                .max()
                .map(str::to_owned)
                .or_else(|| (!st.date.is_empty()).then(|| st.date.clone()));
            if g.parties[party].kind != PartyKind::Entity {
                former.entry(subject).or_default().push(FormerOwner {
                    record_id: g.parties[party].id.clone(),
                    name: g.parties[party].name.clone(),
                    relationship_record_id: rel.to_owned(),
                    end_date: end,
                    declared: is_declared,
                });
            }
            continue;
        }
        let foundation = foundation_like.get(&subject).copied().unwrap_or(false);
        let mut acc = PairAcc::default();
        let mut decl_share: Option<Share> = None;
        for i in interests.iter().filter(|i| str_of(i, "endDate").is_none()) {
            let t = str_of(i, "type").unwrap_or("unknownInterest");
            let bo = i
                .get("beneficialOwnershipOrControl")
                .and_then(Value::as_bool)
                == Some(true);
            match t {
                "shareholding" => {
                    let s = share_of(i.get("share"), &what, &mut warnings);
                    acc.shares = Some(acc.shares.map_or(s, |x| x.plus(s)));
                    if bo {
                        decl_share = Some(decl_share.map_or(s, |x| x.max(s)));
                    }
                }
                "votingRights" => {
                    let s = share_of(i.get("share"), &what, &mut warnings);
                    acc.votes = Some(acc.votes.map_or(s, |x| x.plus(s)));
                    if bo && decl_share.is_none() {
                        decl_share = Some(s);
                    }
                }
                // Control by agreement or otherwise (§ 14): counted like a right to appoint the
                // board.
                "appointmentOfBoard"
                | "otherInfluenceOrControl"
                | "controlViaCompanyRulesOrArticles"
                | "controlByLegalFramework"
                | "rightsGrantedByContract" => {
                    acc.board = true;
                    if t != "appointmentOfBoard" {
                        acc.roles.push((RoleGround::Other, t.to_owned()));
                    }
                }
                "settlor"
                | "trustee"
                | "protector"
                | "beneficiaryOfLegalArrangement"
                | "nominator" => {
                    acc.roles
                        .push((RoleGround::TrustOrFoundation, t.to_owned()));
                }
                "boardMember" | "boardChair" if foundation => {
                    acc.roles
                        .push((RoleGround::TrustOrFoundation, t.to_owned()));
                }
                "seniorManagingOfficial" | "boardChair" => {
                    acc.roles.push((RoleGround::SeniorManaging, t.to_owned()));
                }
                other => {
                    if bo && i.get("share").is_some() {
                        let s = share_of(i.get("share"), &what, &mut warnings);
                        decl_share = Some(decl_share.map_or(s, |x| x.max(s)));
                    }
                    acc.roles.push((RoleGround::Other, other.to_owned()));
                }
            }
        }
        if is_declared && g.parties[party].kind != PartyKind::Entity {
            let e = declared
                .entry((party, subject))
                .or_insert(Declared { share: None });
            if decl_share.is_some() {
                e.share = decl_share;
            }
        }
        let components = d
            .get("componentRecords")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if let Some(c) = d.get("componentRecords").and_then(Value::as_array) {
            for r in c.iter().filter_map(Value::as_str) {
                if !by_id.contains_key(r) {
                    warnings.push(format!(
                        "relationship \"{rel}\" lists component \"{r}\", which the file does not hold."
                    ));
                }
            }
        }
        let is_indirect = interests
            .iter()
            .any(|i| str_of(i, "directOrIndirect") == Some("indirect"))
            || components > 0;
        if is_indirect {
            if components == 0 {
                indirect.push((party, subject, acc));
            }
            continue;
        }
        let key = (party, subject);
        let slot = pairs.entry(key).or_insert_with(|| {
            pair_order.push(key);
            PairAcc::default()
        });
        slot.shares = match (slot.shares, acc.shares) {
            (Some(a), Some(b)) => Some(a.plus(b)),
            (a, b) => a.or(b),
        };
        slot.votes = match (slot.votes, acc.votes) {
            (Some(a), Some(b)) => Some(a.plus(b)),
            (a, b) => a.or(b),
        };
        slot.board |= acc.board;
        slot.roles.extend(acc.roles);
    }
    for key in &pair_order {
        let a = &pairs[key];
        g.links.push(Link {
            owner: key.0,
            owned: key.1,
            shares: a.shares,
            votes: a.votes,
            board: a.board,
            roles: a.roles.clone(),
        });
    }
    // Indirect relationships without components: a link only where no other route exists.
    for (p, s, acc) in indirect {
        if !reaches(&g, p, s) {
            g.links.push(Link {
                owner: p,
                owned: s,
                shares: acc.shares,
                votes: acc.votes,
                board: acc.board,
                roles: acc.roles,
            });
        }
    }
    for (a, b) in g.possibly_same_persons() {
        warnings.push(format!(
            "\"{}\" ({}) and \"{}\" ({}) are possibly the same person (same name, no birth date telling them apart); kept apart.",
            g.parties[a].name, g.parties[a].id, g.parties[b].name, g.parties[b].id
        ));
    }

    for s in (0..g.parties.len()).filter(|&s| g.parties[s].kind == PartyKind::Entity) {
        let a = g.analyse(s);
        let formers = former.remove(&s).unwrap_or_default();
        let declared_here: Vec<(usize, &Declared)> = declared
            .iter()
            .filter(|((_, subj), _)| *subj == s)
            .map(|((p, _), d)| (*p, d))
            .collect();
        if a.owners.is_empty() && formers.is_empty() && declared_here.is_empty() {
            warnings.extend(
                a.warnings
                    .iter()
                    .map(|w| format!("{}: {}", g.parties[s].name, w.message)),
            );
            continue;
        }
        each(entity_report(
            &g,
            &a,
            formers,
            &declared_here,
            &pep,
            &unspecified,
        ));
        warnings.extend(
            a.warnings
                .iter()
                .map(|w| format!("{}: {}", g.parties[s].name, w.message)),
        );
    }
    warnings
}

fn reaches(g: &RulesGraph, from: usize, to: usize) -> bool {
    let mut seen = vec![false; g.parties.len()];
    let mut stack = vec![from];
    seen[from] = true;
    while let Some(v) = stack.pop() {
        if v == to {
            return true;
        }
        for l in g.links.iter().filter(|l| l.owner == v) {
            if !seen[l.owned] {
                seen[l.owned] = true;
                stack.push(l.owned);
            }
        }
    }
    false
}

/// Reads a `--blocked` file: one recordId per line; blank lines and `#` comments skipped.
pub fn read_blocked(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}
