//! The graph itself: nodes, edges, node ids, and the small builder API that adds to it.

use super::pct;
use super::view::{DataWarning, EdgeKind, NodeKind, UpstreamReason, WarningCode};
use crate::model::de::norm_key;
use crate::model::org::RoleType;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub(super) struct GNode {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) kind: NodeKind,
    pub(super) identifier: Option<String>,
    pub(super) country: Option<String>,
    pub(super) date_of_birth: Option<String>,
    pub(super) sanctioned: bool,
    pub(super) pep: bool,
}

#[derive(Debug, Clone)]
pub(super) struct GEdge {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) kind: EdgeKind,
    pub(super) share: Option<f64>,
    pub(super) votes: Option<f64>,
    pub(super) declared_control: bool,
    pub(super) role: Option<RoleType>,
    /// Lower wins when two sources describe the same edge (shareholder list before subsidiaries).
    pub(super) rank: u8,
}

/// The graph around one subject. Build with [`OwnershipGraph::from_results`] (or the small
/// builder API), then read [`OwnershipGraph::view`].
#[derive(Debug, Clone)]
pub struct OwnershipGraph {
    pub(super) subject: usize,
    pub(super) nodes: Vec<GNode>,
    pub(super) index: HashMap<String, usize>,
    pub(super) edges: Vec<GEdge>,
    pub(super) upstream: BTreeMap<usize, UpstreamReason>,
    /// Upstream delivered a list of beneficial owners (possibly empty) for the subject.
    pub(super) upstream_list: bool,
    pub(super) warnings: Vec<DataWarning>,
}

/// Node id of a company by organization number: `org:923609016`. An `OrgId::key()` such as
/// `NO:923609016` is accepted too.
pub fn company_id(org_number: &str) -> String {
    let raw = org_number.rsplit(':').next().unwrap_or(org_number);
    let k: String = raw
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    format!("org:{k}")
}

/// Node id of a person known by name and date of birth: `person:kari skarvholm|1968-04-12`.
/// A person is never identified by name alone: without a birth date (or a national identity
/// number) each mention is a node of its own ([`OwnershipGraph::add_person`]), and two such nodes
/// of one name get a "possibly the same person" warning instead of being merged.
pub fn person_id(name: &str, date_of_birth: &str) -> String {
    format!("person:{}|{}", norm_name(name), date_of_birth.trim())
}

/// Node id of a person by national identity number: `person:nin:31129956715`.
pub fn person_nin_id(national_id: &str) -> String {
    let digits: String = national_id.chars().filter(char::is_ascii_digit).collect();
    format!("person:nin:{digits}")
}

fn norm_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl OwnershipGraph {
    /// An empty graph with the subject node only (its label is the key until data names it).
    pub fn new(subject_key: &str) -> Self {
        let mut g = OwnershipGraph {
            subject: 0,
            nodes: Vec::new(),
            index: HashMap::new(),
            edges: Vec::new(),
            upstream: BTreeMap::new(),
            upstream_list: false,
            warnings: Vec::new(),
        };
        let raw = subject_key.rsplit(':').next().unwrap_or(subject_key).trim();
        let id = company_id(subject_key);
        g.subject = g.upsert(id, raw, NodeKind::Company);
        g.nodes[g.subject].identifier = Some(raw.to_owned());
        g
    }

    /// Adds (or finds) a company node.
    pub fn add_company(&mut self, org_number: &str, name: &str) -> String {
        let id = company_id(org_number);
        let i = self.upsert(id.clone(), name, NodeKind::Company);
        self.nodes[i]
            .identifier
            .get_or_insert_with(|| org_number.to_owned());
        id
    }

    pub fn add_foundation(&mut self, org_number: &str, name: &str) -> String {
        let id = self.add_company(org_number, name);
        if let Some(&i) = self.index.get(&id) {
            self.nodes[i].kind = NodeKind::Foundation;
        }
        id
    }

    /// Adds (or finds) a person node: found only by date of birth and name; without a birth
    /// date every call adds a node of its own.
    pub fn add_person(&mut self, name: &str, date_of_birth: Option<&str>) -> String {
        let i = self.person_node(name, date_of_birth, None);
        self.nodes[i].id.clone()
    }

    /// The node of a person: by national identity number, else by name and birth date, else a
    /// new node (never merged by name alone).
    pub(super) fn person_node(
        &mut self,
        name: &str,
        date_of_birth: Option<&str>,
        national_id: Option<&str>,
    ) -> usize {
        let dob = date_of_birth.map(str::trim).filter(|d| !d.is_empty());
        let nin = national_id
            .map(|n| n.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|n| n.len() == 11);
        let id = match (&nin, dob) {
            (Some(n), _) => person_nin_id(n),
            (None, Some(d)) => person_id(name, d),
            (None, None) => format!("person:{}#{}", norm_name(name), self.nodes.len()),
        };
        let i = self.upsert(id, name, NodeKind::Person);
        self.person_details(i, dob, None, None);
        i
    }

    /// The node of an entity without an organization number: a new node per mention (never
    /// merged by name).
    pub(super) fn unnumbered_entity(&mut self, name: &str, kind: NodeKind) -> usize {
        let id = format!("entity:{}#{}", norm_key(name), self.nodes.len());
        self.upsert(id, name, kind)
    }

    /// Adds an ownership edge between existing nodes (percentages; bad values become warnings).
    /// Returns false when a node id is unknown.
    pub fn add_ownership(
        &mut self,
        owner: &str,
        owned: &str,
        share: Option<f64>,
        votes: Option<f64>,
    ) -> bool {
        match (
            self.index.get(owner).copied(),
            self.index.get(owned).copied(),
        ) {
            (Some(a), Some(b)) => {
                self.add_edge_ranked(a, b, share, votes, false, 0);
                true
            }
            _ => false,
        }
    }

    /// Adds a board/management role of a person in a foundation.
    pub fn add_foundation_role(&mut self, person: &str, foundation: &str, role: RoleType) -> bool {
        match (
            self.index.get(person).copied(),
            self.index.get(foundation).copied(),
        ) {
            (Some(a), Some(b)) => {
                self.add_role(a, b, role);
                true
            }
            _ => false,
        }
    }

    /// Marks a party as sanctioned (e.g. from a screening done elsewhere).
    pub fn mark_sanctioned(&mut self, id: &str) -> bool {
        self.index
            .get(id)
            .map(|&i| self.nodes[i].sanctioned = true)
            .is_some()
    }

    pub fn mark_pep(&mut self, id: &str) -> bool {
        self.index
            .get(id)
            .map(|&i| self.nodes[i].pep = true)
            .is_some()
    }

    pub fn subject_id(&self) -> &str {
        &self.nodes[self.subject].id
    }

    pub fn node_ids(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|n| n.id.as_str())
    }

    pub(super) fn upsert(&mut self, id: String, label: &str, kind: NodeKind) -> usize {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        let i = self.nodes.len();
        self.nodes.push(GNode {
            id: id.clone(),
            label: label.to_owned(),
            kind,
            identifier: None,
            country: None,
            date_of_birth: None,
            sanctioned: false,
            pep: false,
        });
        self.index.insert(id, i);
        i
    }

    pub(super) fn person_details(
        &mut self,
        i: usize,
        dob: Option<&str>,
        pep: Option<bool>,
        sanctioned: Option<bool>,
    ) {
        let n = &mut self.nodes[i];
        if n.date_of_birth.is_none() {
            n.date_of_birth = dob.map(str::to_owned).filter(|d| !d.trim().is_empty());
        }
        n.pep |= pep == Some(true);
        n.sanctioned |= sanctioned == Some(true);
    }

    pub(super) fn warn(&mut self, code: WarningCode, message: &str, node: Option<usize>) {
        let node_id = node.map(|i| self.nodes[i].id.clone());
        let w = DataWarning {
            code,
            message: message.to_owned(),
            node_id,
        };
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    fn clean_pct(&mut self, v: Option<f64>, what: &str, from: usize, to: usize) -> Option<f64> {
        let v = v?;
        if !v.is_finite() || !(0.0..=100.0).contains(&v) {
            let msg = format!(
                "{} is said to hold {} of the {} of {}, which is impossible; counted as {}.",
                self.nodes[from].label,
                pct(v),
                what,
                self.nodes[to].label,
                if v.is_finite() && v > 100.0 {
                    "100 %"
                } else {
                    "0 %"
                }
            );
            self.warn(WarningCode::ShareOutOfRange, &msg, Some(to));
            return Some(if v.is_finite() && v > 100.0 {
                100.0
            } else {
                0.0
            });
        }
        Some(v)
    }

    pub(super) fn add_edge_ranked(
        &mut self,
        from: usize,
        to: usize,
        share: Option<f64>,
        votes: Option<f64>,
        declared_control: bool,
        rank: u8,
    ) {
        if from == to {
            let msg = format!(
                "{} is listed as owning {} of itself (own shares); left out of the ownership calculation.",
                self.nodes[to].label,
                share.map_or_else(|| "part".to_owned(), pct)
            );
            self.warn(WarningCode::SelfOwnership, &msg, Some(to));
            return;
        }
        let share = self.clean_pct(share, "shares", from, to);
        let votes = self.clean_pct(votes, "votes", from, to);
        if share.is_none() {
            let msg = format!(
                "The share {} holds in {} is not stated: counted as anything from 0 to 100 %, so a rule that holds for some value is shown as possibly.",
                self.nodes[from].label, self.nodes[to].label
            );
            self.warn(WarningCode::MissingShare, &msg, Some(to));
        }
        let existing = self
            .edges
            .iter()
            .position(|e| e.kind == EdgeKind::Ownership && e.from == from && e.to == to);
        if let Some(k) = existing {
            let old = self.edges[k].share;
            if let (Some(a), Some(b)) = (old, share) {
                if (a - b).abs() > 0.01 {
                    let msg = format!(
                        "Sources disagree on the share {} holds in {}: {} and {}.",
                        self.nodes[from].label,
                        self.nodes[to].label,
                        pct(a),
                        pct(b)
                    );
                    self.warn(WarningCode::ConflictingShares, &msg, Some(to));
                }
            }
            let e = &mut self.edges[k];
            if rank < e.rank || e.share.is_none() {
                e.share = share.or(e.share);
                e.votes = votes.or(e.votes);
                e.rank = e.rank.min(rank);
            }
            e.declared_control |= declared_control;
            return;
        }
        self.edges.push(GEdge {
            from,
            to,
            kind: EdgeKind::Ownership,
            share,
            votes,
            declared_control,
            role: None,
            rank,
        });
    }

    pub(super) fn add_role(&mut self, person: usize, foundation: usize, role: RoleType) {
        let dup = self.edges.iter().any(|e| {
            e.kind == EdgeKind::Role
                && e.from == person
                && e.to == foundation
                && e.role.as_ref() == Some(&role)
        });
        if !dup && person != foundation {
            self.edges.push(GEdge {
                from: person,
                to: foundation,
                kind: EdgeKind::Role,
                share: None,
                votes: None,
                declared_control: false,
                role: Some(role),
                rank: 0,
            });
        }
    }
}
