//! Ownership graph and beneficial owners (ARCHITECTURE.md "Ownership and beneficial owners").
//!
//! Nodes are companies, persons and foundations; ownership edges point owner → owned and carry
//! the share (and voting) percentage. Role edges (person → foundation) carry no share; they only
//! feed the foundation rule.
//!
//! Indirect ownership: every *simple* path (no node twice) from an owner to the subject is
//! enumerated, shares are multiplied along a path and summed over parallel paths. A cross-holding
//! therefore contributes each distinct chain once and never loops: the answer is explainable
//! path by path (the officer sees every chain), which the closed-form linear-system solution
//! would not be — it counts a loop infinitely often. Enumeration is capped ([`MAX_DEPTH`] edges
//! per path, [`MAX_PATHS`] paths in total, chains below [`MIN_PATH_SHARE`] percent pruned); hitting
//! a cap is reported as a data warning.
//!
//! Three rules are applied side by side to every person:
//! - [`Rule::ChainOwnership`] (the AML act): some chain has more than 25 % at every step;
//! - [`Rule::RegisterControl`] (the beneficial-owner register): the person controls each
//!   intermediate (more than 50 % of shares or votes held by the person and entities already
//!   controlled, or declared control), and the person plus the controlled entities hold more than
//!   25 % of the subject in aggregate;
//! - [`Rule::IntegratedOwnership`]: the multiplied shares summed over all paths exceed 25 %.
//!
//! plus [`Rule::VotingRights`] (the same aggregation over votes, where votes are known) and
//! [`Rule::FoundationRole`] (board or management of a foundation that itself owns or controls the
//! subject, or is the subject). Upstream's own reason (`ownership.beneficials`, beneficial-owners
//! API) is reported next to them, so the officer sees which source disagrees.
//!
//! Sanctions: an entity owned 50 % or more in aggregate by sanctioned parties (directly
//! sanctioned, or flagged by this same rule) is flagged too.

use crate::model::bo::{BoResult, OwnershipMap};
use crate::model::de::norm_key;
use crate::model::org::{
    looks_like_foundation, BoReason, OrgResult, RoleType, SanctionHit, Shareholder,
    ShareholderType, MATCH_INDICATOR_MAX,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use ts_rs::TS;

#[cfg(test)]
mod tests;

/// Longest chain (in edges) that is followed.
pub const MAX_DEPTH: usize = 12;
/// Most paths enumerated for one graph.
pub const MAX_PATHS: usize = 20_000;
/// Chains whose multiplied share falls below this (percent) are not followed further.
pub const MIN_PATH_SHARE: f64 = 0.0001;
/// Sanction hits below this match indicator (of 500) are too weak to flag the entity.
pub const SANCTION_MATCH_MIN: f64 = MATCH_INDICATOR_MAX / 2.0;

const EPS: f64 = 1e-9;
const BO_THRESHOLD: f64 = 25.0;
const CONTROL_THRESHOLD: f64 = 50.0;
const SANCTION_THRESHOLD: f64 = 50.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipNodeKind")]
pub enum NodeKind {
    Company,
    Person,
    Foundation,
    /// Anything else (state, municipality, unidentified shareholder, …).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipEdgeKind")]
pub enum EdgeKind {
    Ownership,
    /// Person → foundation: a board or management role, no share.
    Role,
}

/// Why a person is a beneficial owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipRule")]
pub enum Rule {
    /// The AML act: a chain with more than 25 % at every step.
    ChainOwnership,
    /// The register: control of each intermediate, then more than 25 % in aggregate.
    RegisterControl,
    /// Multiplied shares summed over all paths exceed 25 %.
    IntegratedOwnership,
    /// More than 25 % of the votes (directly or through controlled entities).
    VotingRights,
    /// Board or management of a foundation that owns, controls or is the subject.
    FoundationRole,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::ChainOwnership => "AML act chain rule (over 25 % at every step)",
            Rule::RegisterControl => {
                "Register control rule (controls each intermediate, over 25 % in aggregate)"
            }
            Rule::IntegratedOwnership => {
                "Integrated ownership (over 25 % multiplied along the chains)"
            }
            Rule::VotingRights => "Voting rights over 25 %",
            Rule::FoundationRole => "Role in a foundation that owns or controls the company",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipWarningCode")]
pub enum WarningCode {
    ShareOutOfRange,
    MissingShare,
    InboundOver100,
    ConflictingShares,
    SelfOwnership,
    PathLimitReached,
    AmbiguousPerson,
    NoSubjectData,
}

/// A data-quality problem found while building or analysing the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "OwnershipWarning")]
pub struct DataWarning {
    pub code: WarningCode,
    pub message: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
}

/// One chain from an owner down to the subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipPath {
    /// Node ids from the owner to the subject.
    pub nodes: Vec<String>,
    /// Share (percent) of each step, `steps[i]` from `nodes[i]` to `nodes[i + 1]`.
    pub steps: Vec<f64>,
    /// The steps multiplied, in percent.
    pub share: f64,
    /// Every step above 25 % (the chain rule).
    pub every_step_above25: bool,
}

/// What upstream said about this person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamReason {
    /// `organization` (ownership.beneficials) or `beneficialOwners` (the beneficial-owners API).
    pub source: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<BoReason>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_phrase: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_share: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_ownership: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage_control: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FoundationRoleRef {
    pub foundation_id: String,
    pub role: String,
}

/// The result for one person: which rules qualify, with the numbers and paths behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BeneficialOwnerFinding {
    pub node_id: String,
    pub name: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    pub is_beneficial_owner: bool,
    /// Rules that qualify, in a fixed order.
    pub rules: Vec<Rule>,
    /// Integrated share in percent (sum over `paths`).
    pub integrated_share: f64,
    /// Share held by the person and the entities the person controls (register rule), percent.
    pub control_share: f64,
    /// Votes held the same way, when any voting percentage is known.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_votes: Option<f64>,
    /// Entities the person controls (register rule), node ids.
    pub controlled_via: Vec<String>,
    pub paths: Vec<OwnershipPath>,
    pub foundation_roles: Vec<FoundationRoleRef>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream: Option<UpstreamReason>,
    /// Sentences naming the rule or source that disagrees, for the officer.
    pub disagreements: Vec<String>,
    /// Sentences explaining each qualifying rule.
    pub explanation: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphNodeView {
    pub id: String,
    pub label: String,
    pub kind: NodeKind,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    pub is_subject: bool,
    pub is_beneficial_owner: bool,
    pub rules: Vec<Rule>,
    /// Sanctioned itself (hit on a list) or through ownership.
    pub sanctioned: bool,
    /// Flagged only because sanctioned parties own 50 % or more of it.
    pub sanctioned_by_ownership: bool,
    pub pep: bool,
    pub in_cycle: bool,
    /// Layers above the subject (owners, positive) or below it (subsidiaries, negative);
    /// `None` when not connected to the subject.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<i32>,
    /// Integrated share in the subject, percent, when the node owns any of it.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrated_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphEdgeView {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// Percent of the shares; `None` when upstream did not say.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<f64>,
    pub declared_control: bool,
    pub in_cycle: bool,
    /// For role edges: the role in words.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Everything the UI draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphView {
    pub subject: String,
    pub nodes: Vec<GraphNodeView>,
    pub edges: Vec<GraphEdgeView>,
    pub owners: Vec<BeneficialOwnerFinding>,
    pub warnings: Vec<DataWarning>,
}

#[derive(Debug, Clone)]
struct GNode {
    id: String,
    label: String,
    kind: NodeKind,
    identifier: Option<String>,
    country: Option<String>,
    date_of_birth: Option<String>,
    sanctioned: bool,
    pep: bool,
}

#[derive(Debug, Clone)]
struct GEdge {
    from: usize,
    to: usize,
    kind: EdgeKind,
    share: Option<f64>,
    votes: Option<f64>,
    declared_control: bool,
    role: Option<RoleType>,
    /// Lower wins when two sources describe the same edge (shareholder list before subsidiaries).
    rank: u8,
}

impl GEdge {
    fn share(&self) -> f64 {
        self.share.unwrap_or(0.0)
    }
    fn control_weight(&self) -> f64 {
        self.share().max(self.votes.unwrap_or(0.0))
    }
}

/// The graph around one subject. Build with [`OwnershipGraph::from_results`] (or the small
/// builder API), then read [`OwnershipGraph::view`].
#[derive(Debug, Clone)]
pub struct OwnershipGraph {
    subject: usize,
    nodes: Vec<GNode>,
    index: HashMap<String, usize>,
    edges: Vec<GEdge>,
    upstream: BTreeMap<usize, UpstreamReason>,
    /// Upstream delivered a list of beneficial owners (possibly empty) for the subject.
    upstream_list: bool,
    warnings: Vec<DataWarning>,
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

/// Node id of a person: normalized name and date of birth.
pub fn person_id(name: &str, date_of_birth: Option<&str>) -> String {
    let n = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    format!("person:{n}|{}", date_of_birth.map(str::trim).unwrap_or(""))
}

fn entity_id(name: &str) -> String {
    format!("entity:{}", norm_key(name))
}

fn pct(v: f64) -> String {
    format!("{:.2} %", v)
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

    /// Builds the graph from the subject's organization result plus any results on related
    /// organizations (intermediate owners, subsidiaries), and optionally the beneficial-owners
    /// answer. `subject_key` is the subject's organization number (or `OrgId::key()`); a result
    /// without an organization number is taken to be the subject's when it comes first.
    pub fn from_results(subject_key: &str, results: &[&OrgResult], bo: Option<&BoResult>) -> Self {
        let mut g = OwnershipGraph::new(subject_key);
        let mut subject_seen = false;
        let mut hits: Vec<SanctionHit> = Vec::new();
        for (i, r) in results.iter().enumerate() {
            let key = r.key();
            let org_no = key.and_then(|k| k.identifier());
            let name = key.and_then(|k| k.name.clone());
            let id = match (&org_no, &name) {
                (Some(n), _) => company_id(n),
                (None, _) if i == 0 => g.nodes[g.subject].id.clone(),
                (None, Some(n)) => entity_id(n),
                (None, None) => continue,
            };
            let foundation = key.is_some_and(|k| k.is_foundation());
            let kind = if foundation {
                NodeKind::Foundation
            } else {
                NodeKind::Company
            };
            let c = g.upsert(
                id,
                name.as_deref().unwrap_or("(unnamed organization)"),
                kind,
            );
            if let Some(n) = name {
                g.nodes[c].label = n;
            }
            if foundation {
                g.nodes[c].kind = NodeKind::Foundation;
            }
            if let Some(k) = key {
                if g.nodes[c].identifier.is_none() {
                    g.nodes[c].identifier = k.identifier();
                }
                if g.nodes[c].country.is_none() {
                    g.nodes[c].country = k.country.clone();
                }
            }
            hits.extend(r.sanction_hits().iter().cloned());
            let is_subject = c == g.subject;
            subject_seen |= is_subject;

            for s in r.shareholders() {
                if let Some(owner) = g.shareholder_node(s) {
                    g.add_edge_ranked(
                        owner,
                        c,
                        s.percentage,
                        s.voting_percentage,
                        s.declared_control == Some(true),
                        0,
                    );
                }
            }
            for sub in r.subsidiaries() {
                let sid = match (&sub.org_number, &sub.name) {
                    (Some(n), _) => company_id(n),
                    (None, Some(n)) => entity_id(n),
                    (None, None) => continue,
                };
                let label = sub.name.clone().unwrap_or_else(|| sid.clone());
                let s = g.upsert(sid, &label, NodeKind::Company);
                if g.nodes[s].identifier.is_none() {
                    g.nodes[s].identifier = sub.org_number.clone();
                }
                g.add_edge_ranked(c, s, sub.percentage, sub.voting_percentage, false, 1);
            }
            if is_subject {
                if let Some(o) = r.ownership.as_ref().and_then(|o| o.present()) {
                    g.upstream_list |= o.beneficials.is_some();
                }
                for b in r.beneficials() {
                    g.add_upstream("organization", b);
                }
            }
            let is_foundation = g.nodes[c].kind == NodeKind::Foundation;
            if is_foundation {
                for role in r.role_list() {
                    let (Some(rt), Some(name)) = (&role.role_type, role.display_name()) else {
                        continue;
                    };
                    if !rt.controls_foundation() || role.org_number.is_some() {
                        continue;
                    }
                    let p = g.upsert(
                        person_id(&name, role.date_of_birth.as_deref()),
                        &name,
                        NodeKind::Person,
                    );
                    g.person_details(p, role.date_of_birth.as_deref(), role.pep, role.sanctioned);
                    g.add_role(p, c, rt.clone());
                }
            }
        }
        if let Some(bo) = bo {
            let matches_subject = bo
                .org_number()
                .is_none_or(|n| company_id(n) == g.nodes[g.subject].id);
            if matches_subject {
                g.upstream_list |= bo.beneficial_owners.is_some() || !bo.owners().is_empty();
                for b in bo.owners() {
                    g.add_upstream("beneficialOwners", b);
                }
                if let Some(map) = bo.map() {
                    g.add_ownership_map(map);
                }
                for s in bo.shareholders() {
                    if let Some(owner) = g.shareholder_node(s) {
                        let subj = g.subject;
                        g.add_edge_ranked(
                            owner,
                            subj,
                            s.percentage,
                            s.voting_percentage,
                            s.declared_control == Some(true),
                            2,
                        );
                    }
                }
            }
        }
        if !subject_seen && bo.is_none() {
            g.warn(
                WarningCode::NoSubjectData,
                "No organization result for the subject itself: its owners are unknown here.",
                Some(g.subject),
            );
        }
        g.merge_undated_persons();
        g.apply_hits(&hits);
        g
    }

    /// Sanction and PEP hits name people (or the organization) anywhere in the structure; a hit
    /// applies to the nodes whose name equals the hit's name or one of its aliases. PEP-list hits
    /// mark PEP, sanction-list hits at or above [`SANCTION_MATCH_MIN`] mark sanctioned.
    fn apply_hits(&mut self, hits: &[SanctionHit]) {
        for h in hits {
            let names: Vec<String> = h
                .name
                .iter()
                .chain(h.alias_list.iter())
                .map(|n| norm_key(n))
                .filter(|n| !n.is_empty())
                .collect();
            let strong = h.match_indicator.unwrap_or(MATCH_INDICATOR_MAX) >= SANCTION_MATCH_MIN;
            for n in &mut self.nodes {
                if !names.contains(&norm_key(&n.label)) {
                    continue;
                }
                if h.is_pep() {
                    n.pep = true;
                } else if strong {
                    n.sanctioned = true;
                }
            }
        }
    }

    /// Edges of the beneficial-owners API's ownership map; its node ids are upstream's own.
    fn add_ownership_map(&mut self, map: &OwnershipMap) {
        let mut ids: HashMap<String, usize> = HashMap::new();
        for n in &map.nodes {
            let Some(up_id) = n.id.clone() else { continue };
            let name = n.name.clone().unwrap_or_else(|| up_id.clone());
            let idx = if n.subject == Some(true) {
                self.subject
            } else if n.node_type == Some(ShareholderType::Person) {
                let i = self.upsert(
                    person_id(&name, n.date_of_birth.as_deref()),
                    &name,
                    NodeKind::Person,
                );
                self.person_details(i, n.date_of_birth.as_deref(), None, None);
                i
            } else {
                let org = n
                    .organization_number
                    .clone()
                    .unwrap_or_else(|| up_id.clone());
                let kind = if label_is_foundation(&name) {
                    NodeKind::Foundation
                } else {
                    NodeKind::Company
                };
                let i = self.upsert(company_id(&org), &name, kind);
                self.nodes[i].identifier.get_or_insert(org);
                i
            };
            if idx == self.subject
                && self.nodes[idx].identifier.as_deref() == Some(self.nodes[idx].label.as_str())
            {
                self.nodes[idx].label = name;
            }
            ids.insert(up_id, idx);
        }
        for e in &map.edges {
            let (Some(f), Some(t)) = (e.from.as_ref(), e.to.as_ref()) else {
                continue;
            };
            if let (Some(&a), Some(&b)) = (ids.get(f), ids.get(t)) {
                self.add_edge_ranked(a, b, e.percentage, e.voting_percentage, false, 2);
            }
        }
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

    /// Adds (or finds) a person node.
    pub fn add_person(&mut self, name: &str, date_of_birth: Option<&str>) -> String {
        let id = person_id(name, date_of_birth);
        let i = self.upsert(id.clone(), name, NodeKind::Person);
        self.person_details(i, date_of_birth, None, None);
        id
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

    fn upsert(&mut self, id: String, label: &str, kind: NodeKind) -> usize {
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

    fn person_details(
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

    fn shareholder_node(&mut self, s: &Shareholder) -> Option<usize> {
        if s.is_person() {
            let name = s.name.as_deref().filter(|n| !n.trim().is_empty())?;
            let i = self.upsert(
                person_id(name, s.date_of_birth.as_deref()),
                name,
                NodeKind::Person,
            );
            self.person_details(i, s.date_of_birth.as_deref(), s.pep, s.sanctioned);
            if self.nodes[i].country.is_none() {
                self.nodes[i].country = s.country.clone();
            }
            return Some(i);
        }
        let (id, label) = match (&s.org_number, &s.name) {
            (Some(n), name) => (company_id(n), name.clone().unwrap_or_else(|| n.clone())),
            (None, Some(name)) => (entity_id(name), name.clone()),
            (None, None) => return None,
        };
        let typed_org = s.shareholder_type.is_some() || s.org_number.is_some();
        let kind = if label_is_foundation(&label) {
            NodeKind::Foundation
        } else if typed_org {
            NodeKind::Company
        } else {
            NodeKind::Other
        };
        let i = self.upsert(id, &label, kind);
        if self.nodes[i].identifier.is_none() {
            self.nodes[i].identifier = s.org_number.clone();
        }
        if self.nodes[i].country.is_none() {
            self.nodes[i].country = s.country.clone();
        }
        self.nodes[i].pep |= s.pep == Some(true);
        self.nodes[i].sanctioned |= s.sanctioned == Some(true);
        Some(i)
    }

    fn add_upstream(&mut self, source: &str, b: &crate::model::org::BeneficialOwner) {
        let Some(name) = b.display_name() else {
            return;
        };
        let p = self.upsert(
            person_id(&name, b.date_of_birth.as_deref()),
            &name,
            NodeKind::Person,
        );
        self.person_details(p, b.date_of_birth.as_deref(), b.pep, b.sanctioned);
        if self.nodes[p].country.is_none() {
            self.nodes[p].country = b.citizenship.clone();
        }
        let reason = UpstreamReason {
            source: source.to_owned(),
            reason: b.reason.clone(),
            reason_phrase: b.reason_phrase.clone(),
            owner_share: b.owner_share,
            integrated_ownership: b.integrated_ownership,
            percentage_control: b.percentage_control,
        };
        // The beneficial-owners API is the more specific source; it wins over the organization's.
        match self.upstream.get(&p) {
            Some(existing) if existing.source == "beneficialOwners" => {}
            _ => {
                self.upstream.insert(p, reason);
            }
        }
    }

    fn warn(&mut self, code: WarningCode, message: &str, node: Option<usize>) {
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

    fn add_edge_ranked(
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
                "The share {} holds in {} is not stated; counted as 0 %.",
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

    fn add_role(&mut self, person: usize, foundation: usize, role: RoleType) {
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

    /// A person listed without a birth date is the same as the one person of that name with a
    /// birth date, when there is exactly one; with several candidates it stays separate (warned).
    fn merge_undated_persons(&mut self) {
        let mut remap: HashMap<usize, usize> = HashMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind != NodeKind::Person || !n.id.ends_with('|') {
                continue;
            }
            let prefix = &n.id[..n.id.len() - 1];
            let candidates: Vec<usize> = self
                .nodes
                .iter()
                .enumerate()
                .filter(|(j, m)| {
                    *j != i
                        && m.kind == NodeKind::Person
                        && m.id
                            .strip_prefix(prefix)
                            .is_some_and(|rest| rest.starts_with('|') && rest.len() > 1)
                })
                .map(|(j, _)| j)
                .collect();
            if candidates.len() == 1 {
                remap.insert(i, candidates[0]);
            } else if candidates.len() > 1 {
                let msg = format!(
                    "{} appears without a birth date, and several persons of that name are known; kept apart.",
                    n.label
                );
                let w = DataWarning {
                    code: WarningCode::AmbiguousPerson,
                    message: msg,
                    node_id: Some(n.id.clone()),
                };
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
            }
        }
        if remap.is_empty() {
            return;
        }
        for (&from, &to) in &remap {
            let (pep, sanctioned) = (self.nodes[from].pep, self.nodes[from].sanctioned);
            self.nodes[to].pep |= pep;
            self.nodes[to].sanctioned |= sanctioned;
            if let Some(u) = self.upstream.remove(&from) {
                self.upstream.entry(to).or_insert(u);
            }
        }
        let old_edges = std::mem::take(&mut self.edges);
        for mut e in old_edges {
            e.from = *remap.get(&e.from).unwrap_or(&e.from);
            e.to = *remap.get(&e.to).unwrap_or(&e.to);
            if e.kind == EdgeKind::Ownership {
                let (f, t, s, v, d, r) =
                    (e.from, e.to, e.share, e.votes, e.declared_control, e.rank);
                self.add_edge_ranked(f, t, s, v, d, r);
            } else if let Some(role) = e.role {
                self.add_role(e.from, e.to, role);
            }
        }
        // Re-index without the merged nodes.
        let keep: Vec<usize> = (0..self.nodes.len())
            .filter(|i| !remap.contains_key(i))
            .collect();
        let new_index: HashMap<usize, usize> =
            keep.iter().enumerate().map(|(n, &o)| (o, n)).collect();
        let nodes = std::mem::take(&mut self.nodes);
        self.nodes = nodes
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !remap.contains_key(i))
            .map(|(_, n)| n)
            .collect();
        let map = |i: usize| new_index.get(&i).copied().unwrap_or(i);
        for e in &mut self.edges {
            e.from = map(e.from);
            e.to = map(e.to);
        }
        self.subject = map(self.subject);
        self.upstream = std::mem::take(&mut self.upstream)
            .into_iter()
            .map(|(k, v)| (map(k), v))
            .collect();
        self.index = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
    }

    /// Computes everything and returns the serializable view.
    pub fn view(&self) -> GraphView {
        Analysis::run(self).into_view(self)
    }

    /// The findings only (same as `view().owners`).
    pub fn findings(&self) -> Vec<BeneficialOwnerFinding> {
        self.view().owners
    }
}

fn label_is_foundation(label: &str) -> bool {
    looks_like_foundation(label)
}

struct PathRec {
    nodes: Vec<usize>,
    steps: Vec<f64>,
    share: f64,
}

struct Control {
    controlled: Vec<usize>,
    share: f64,
    votes: Option<f64>,
    controls_subject: bool,
}

struct Analysis {
    paths: HashMap<usize, Vec<PathRec>>,
    /// Ownership edges (indices) leaving each node.
    outbound: Vec<Vec<usize>>,
    in_cycle_node: Vec<bool>,
    in_cycle_edge: Vec<bool>,
    depth: Vec<Option<i32>>,
    sanctioned_by_ownership: Vec<bool>,
    warnings: Vec<DataWarning>,
}

impl Analysis {
    fn run(g: &OwnershipGraph) -> Analysis {
        let n = g.nodes.len();
        let mut warnings = g.warnings.clone();
        // Inbound ownership edges per node.
        let mut inbound: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut outbound: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, e) in g.edges.iter().enumerate() {
            if e.kind == EdgeKind::Ownership {
                inbound[e.to].push(k);
                outbound[e.from].push(k);
            }
        }
        for (v, ins) in inbound.iter().enumerate() {
            let total: f64 = ins.iter().map(|&k| g.edges[k].share()).sum();
            if total > 100.0 + 0.5 {
                let w = DataWarning {
                    code: WarningCode::InboundOver100,
                    message: format!(
                        "The listed owners of {} hold {} together, more than 100 %; the upstream data is inconsistent.",
                        g.nodes[v].label,
                        pct(total)
                    ),
                    node_id: Some(g.nodes[v].id.clone()),
                };
                warnings.push(w);
            }
        }

        // Simple paths into the subject, depth-first over inbound edges.
        let mut paths: HashMap<usize, Vec<PathRec>> = HashMap::new();
        let mut count = 0usize;
        let mut truncated = false;
        let mut on_path = vec![false; n];
        on_path[g.subject] = true;
        // Stack frames: (node, next inbound index, chain of (owner node, share) from subject).
        let mut chain: Vec<(usize, f64)> = Vec::new();
        let mut stack: Vec<(usize, usize)> = vec![(g.subject, 0)];
        while let Some(frame) = stack.last_mut() {
            let (v, idx) = *frame;
            if idx >= inbound[v].len() {
                stack.pop();
                if let Some((u, _)) = chain.pop() {
                    on_path[u] = false;
                }
                continue;
            }
            frame.1 += 1;
            let e = &g.edges[inbound[v][idx]];
            let u = e.from;
            if on_path[u] {
                continue;
            }
            // Percent: the fractions along the chain multiplied, times 100.
            let product = chain
                .iter()
                .fold(e.share() / 100.0, |p, &(_, s)| p * s / 100.0)
                * 100.0;
            if product < MIN_PATH_SHARE {
                continue;
            }
            if count >= MAX_PATHS || chain.len() >= MAX_DEPTH {
                truncated = true;
                continue;
            }
            count += 1;
            chain.push((u, e.share()));
            on_path[u] = true;
            // nodes from owner u down to the subject
            let mut nodes: Vec<usize> = chain.iter().rev().map(|&(x, _)| x).collect();
            nodes.push(g.subject);
            let steps: Vec<f64> = chain.iter().rev().map(|&(_, s)| s).collect();
            paths.entry(u).or_default().push(PathRec {
                nodes,
                steps,
                share: product,
            });
            stack.push((u, 0));
        }
        if truncated {
            warnings.push(DataWarning {
                code: WarningCode::PathLimitReached,
                message: format!(
                    "The ownership structure is too large to follow completely (more than {MAX_PATHS} chains or chains longer than {MAX_DEPTH} steps); indirect shares may be understated."
                ),
                node_id: None,
            });
        }

        let (in_cycle_node, in_cycle_edge) = cycles(g);

        // Depth: owners above (positive), subsidiaries below (negative).
        let mut depth: Vec<Option<i32>> = vec![None; n];
        depth[g.subject] = Some(0);
        let mut q = VecDeque::from([g.subject]);
        let mut up_in: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in &g.edges {
            up_in[e.to].push(e.from);
        }
        while let Some(v) = q.pop_front() {
            let d = depth[v].unwrap_or(0);
            for &u in &up_in[v] {
                if depth[u].is_none() {
                    depth[u] = Some(d + 1);
                    q.push_back(u);
                }
            }
        }
        let mut q = VecDeque::from([g.subject]);
        while let Some(v) = q.pop_front() {
            let d = depth[v].unwrap_or(0);
            for &k in &outbound[v] {
                let w = g.edges[k].to;
                if depth[w].is_none() {
                    depth[w] = Some(d - 1);
                    q.push_back(w);
                }
            }
        }

        // Sanctions: owned ≥ 50 % in aggregate by flagged parties, to a fixed point. Worklist:
        // each edge is counted once, when its owner becomes flagged.
        let mut flagged: Vec<bool> = g.nodes.iter().map(|x| x.sanctioned).collect();
        let mut by_ownership = vec![false; n];
        let mut held = vec![0.0f64; n];
        let mut work: Vec<usize> = (0..n).filter(|&v| flagged[v]).collect();
        while let Some(u) = work.pop() {
            for &k in &outbound[u] {
                let e = &g.edges[k];
                held[e.to] += e.share();
                if !flagged[e.to] && held[e.to] >= SANCTION_THRESHOLD - EPS {
                    flagged[e.to] = true;
                    by_ownership[e.to] = true;
                    work.push(e.to);
                }
            }
        }

        Analysis {
            paths,
            outbound,
            in_cycle_node,
            in_cycle_edge,
            depth,
            sanctioned_by_ownership: by_ownership,
            warnings,
        }
    }

    /// Register rule for one party: what it controls, and what it and those hold in the subject.
    fn control(&self, g: &OwnershipGraph, p: usize) -> Control {
        // Worklist over controlled parties: each edge is counted once, when its owner becomes
        // controlled, so this is linear in the number of edges.
        let n = g.nodes.len();
        let mut ctrl = vec![false; n];
        let mut weight = vec![0.0f64; n];
        let mut declared = vec![false; n];
        ctrl[p] = true;
        let mut work = vec![p];
        while let Some(u) = work.pop() {
            for &k in &self.outbound[u] {
                let e = &g.edges[k];
                let v = e.to;
                weight[v] += e.control_weight();
                declared[v] |= e.declared_control;
                if !ctrl[v]
                    && g.nodes[v].kind != NodeKind::Person
                    && (weight[v] > CONTROL_THRESHOLD + EPS || declared[v])
                {
                    ctrl[v] = true;
                    work.push(v);
                }
            }
        }
        let into_subject = g
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Ownership && e.to == g.subject && ctrl[e.from]);
        let mut share = 0.0;
        let mut votes = 0.0;
        let mut any_votes = false;
        for e in into_subject {
            share += e.share();
            votes += e.votes.unwrap_or(e.share());
            any_votes |= e.votes.is_some();
        }
        let controlled = (0..n)
            .filter(|&v| v != p && ctrl[v] && v != g.subject)
            .collect();
        Control {
            controlled,
            share,
            votes: any_votes.then_some(votes),
            controls_subject: ctrl[g.subject] && p != g.subject,
        }
    }

    fn integrated(&self, v: usize) -> f64 {
        self.paths
            .get(&v)
            .map_or(0.0, |ps| ps.iter().map(|p| p.share).sum())
    }

    fn chain_qualifies(&self, v: usize) -> bool {
        self.paths.get(&v).is_some_and(|ps| {
            ps.iter()
                .any(|p| p.steps.iter().all(|&s| s > BO_THRESHOLD + EPS))
        })
    }

    /// Ownership rules for any party (also used for foundations).
    fn ownership_rules(&self, g: &OwnershipGraph, v: usize) -> (Vec<Rule>, Control) {
        let c = self.control(g, v);
        let mut rules = Vec::new();
        if self.chain_qualifies(v) {
            rules.push(Rule::ChainOwnership);
        }
        if c.share > BO_THRESHOLD + EPS || c.controls_subject {
            rules.push(Rule::RegisterControl);
        }
        if self.integrated(v) > BO_THRESHOLD + EPS {
            rules.push(Rule::IntegratedOwnership);
        }
        if c.votes.is_some_and(|x| x > BO_THRESHOLD + EPS) {
            rules.push(Rule::VotingRights);
        }
        (rules, c)
    }

    fn into_view(self, g: &OwnershipGraph) -> GraphView {
        let n = g.nodes.len();
        let mut owners: Vec<BeneficialOwnerFinding> = Vec::new();
        let mut node_rules: Vec<Vec<Rule>> = vec![Vec::new(); n];
        let mut node_bo = vec![false; n];

        // Foundations that own, control or are the subject.
        let mut qualifying_foundations: BTreeSet<usize> = BTreeSet::new();
        for (v, node) in g.nodes.iter().enumerate() {
            if node.kind != NodeKind::Foundation {
                continue;
            }
            if v == g.subject || !self.ownership_rules(g, v).0.is_empty() {
                qualifying_foundations.insert(v);
            }
        }

        for (p, node) in g.nodes.iter().enumerate() {
            if node.kind != NodeKind::Person {
                continue;
            }
            let (mut rules, control) = self.ownership_rules(g, p);
            let foundation_roles: Vec<FoundationRoleRef> = g
                .edges
                .iter()
                .filter(|e| {
                    e.kind == EdgeKind::Role
                        && e.from == p
                        && qualifying_foundations.contains(&e.to)
                })
                .map(|e| FoundationRoleRef {
                    foundation_id: g.nodes[e.to].id.clone(),
                    role: e.role.as_ref().map_or("Role", RoleType::label).to_owned(),
                })
                .collect();
            if !foundation_roles.is_empty() {
                rules.push(Rule::FoundationRole);
            }
            rules.sort();
            let upstream = g.upstream.get(&p).cloned();
            let paths = self.paths.get(&p);
            if paths.is_none() && upstream.is_none() && foundation_roles.is_empty() {
                continue;
            }
            let integrated = self.integrated(p);
            let mut path_views: Vec<OwnershipPath> = paths
                .map(|ps| {
                    ps.iter()
                        .map(|r| OwnershipPath {
                            nodes: r.nodes.iter().map(|&i| g.nodes[i].id.clone()).collect(),
                            steps: r.steps.clone(),
                            share: r.share,
                            every_step_above25: r.steps.iter().all(|&s| s > BO_THRESHOLD + EPS),
                        })
                        .collect()
                })
                .unwrap_or_default();
            path_views.sort_by(|a, b| b.share.total_cmp(&a.share));
            let is_bo = !rules.is_empty() || upstream.is_some();
            let (explanation, disagreements) = explain(
                g,
                &rules,
                integrated,
                &control,
                &path_views,
                &foundation_roles,
                upstream.as_ref(),
            );
            node_rules[p] = rules.clone();
            node_bo[p] = is_bo;
            owners.push(BeneficialOwnerFinding {
                node_id: node.id.clone(),
                name: node.label.clone(),
                date_of_birth: node.date_of_birth.clone(),
                is_beneficial_owner: is_bo,
                rules,
                integrated_share: integrated,
                control_share: control.share,
                control_votes: control.votes,
                controlled_via: control
                    .controlled
                    .iter()
                    .map(|&i| g.nodes[i].id.clone())
                    .collect(),
                paths: path_views,
                foundation_roles,
                upstream,
                disagreements,
                explanation,
            });
        }
        owners.sort_by(|a, b| {
            b.is_beneficial_owner
                .cmp(&a.is_beneficial_owner)
                .then(b.integrated_share.total_cmp(&a.integrated_share))
                .then(a.name.cmp(&b.name))
        });
        // Non-person parties also get their rules shown (a state or a foundation at the top).
        for (v, node) in g.nodes.iter().enumerate() {
            if node.kind != NodeKind::Person && v != g.subject && self.paths.contains_key(&v) {
                node_rules[v] = self.ownership_rules(g, v).0;
            }
        }
        let mut warnings = self.warnings.clone();
        warnings.dedup();

        let nodes = g
            .nodes
            .iter()
            .enumerate()
            .map(|(i, x)| GraphNodeView {
                id: x.id.clone(),
                label: x.label.clone(),
                kind: x.kind,
                identifier: x.identifier.clone(),
                country: x.country.clone(),
                date_of_birth: x.date_of_birth.clone(),
                is_subject: i == g.subject,
                is_beneficial_owner: node_bo[i],
                rules: node_rules[i].clone(),
                sanctioned: x.sanctioned || self.sanctioned_by_ownership[i],
                sanctioned_by_ownership: self.sanctioned_by_ownership[i],
                pep: x.pep,
                in_cycle: self.in_cycle_node[i],
                depth: self.depth[i],
                integrated_share: self.paths.contains_key(&i).then(|| self.integrated(i)),
            })
            .collect();
        let edges = g
            .edges
            .iter()
            .enumerate()
            .map(|(k, e)| GraphEdgeView {
                from: g.nodes[e.from].id.clone(),
                to: g.nodes[e.to].id.clone(),
                kind: e.kind,
                share: e.share,
                votes: e.votes,
                declared_control: e.declared_control,
                in_cycle: self.in_cycle_edge[k],
                role: e.role.as_ref().map(|r| r.label().to_owned()),
            })
            .collect();
        GraphView {
            subject: g.nodes[g.subject].id.clone(),
            nodes,
            edges,
            owners,
            warnings,
        }
    }
}

fn explain(
    g: &OwnershipGraph,
    rules: &[Rule],
    integrated: f64,
    control: &Control,
    paths: &[OwnershipPath],
    foundation_roles: &[FoundationRoleRef],
    upstream: Option<&UpstreamReason>,
) -> (Vec<String>, Vec<String>) {
    let label = |id: &str| {
        g.index
            .get(id)
            .map_or_else(|| id.to_owned(), |&i| g.nodes[i].label.clone())
    };
    let has = |r: Rule| rules.contains(&r);
    let mut why = Vec::new();
    let mut disagree = Vec::new();
    if has(Rule::ChainOwnership) {
        if let Some(p) = paths.iter().find(|p| p.every_step_above25) {
            let names: Vec<String> = p.nodes.iter().map(|id| label(id)).collect();
            why.push(format!(
                "Chain rule: {} with more than 25 % at every step.",
                names.join(" → ")
            ));
        }
    }
    if has(Rule::RegisterControl) {
        if control.controlled.is_empty() {
            why.push(format!(
                "Control rule: holds {} directly.",
                pct(control.share)
            ));
        } else {
            let via: Vec<String> = control
                .controlled
                .iter()
                .map(|&i| g.nodes[i].label.clone())
                .collect();
            why.push(format!(
                "Control rule: controls {}, and together they hold {}.",
                via.join(", "),
                pct(control.share)
            ));
        }
    }
    if has(Rule::IntegratedOwnership) {
        why.push(format!(
            "Integrated ownership: {} over {} chain{}.",
            pct(integrated),
            paths.len(),
            if paths.len() == 1 { "" } else { "s" }
        ));
    }
    if has(Rule::VotingRights) {
        why.push(format!(
            "Voting rights: {} of the votes.",
            pct(control.votes.unwrap_or(0.0))
        ));
    }
    for f in foundation_roles {
        why.push(format!(
            "Foundation role: {} of {}, which owns or controls the company.",
            f.role,
            label(&f.foundation_id)
        ));
    }
    if let Some(u) = upstream {
        let reason = u
            .reason_phrase
            .clone()
            .or_else(|| u.reason.as_ref().map(|r| r.as_str().to_owned()))
            .unwrap_or_else(|| "no reason given".to_owned());
        why.push(format!("Named by BankID as beneficial owner ({reason})."));
    }

    let ownership_rules = [
        Rule::ChainOwnership,
        Rule::RegisterControl,
        Rule::IntegratedOwnership,
    ];
    let any_ownership = ownership_rules.iter().any(|r| has(*r));
    if has(Rule::IntegratedOwnership) && !has(Rule::ChainOwnership) {
        disagree.push(format!(
            "The AML act's chain rule does not qualify: integrated ownership is {}, but no single chain stays above 25 % at every step.",
            pct(integrated)
        ));
    }
    if has(Rule::ChainOwnership) && !has(Rule::IntegratedOwnership) {
        disagree.push(format!(
            "Integrated ownership does not qualify: every step of a chain is above 25 %, but multiplied the share is only {}.",
            pct(integrated)
        ));
    }
    if any_ownership && !has(Rule::RegisterControl) {
        disagree.push(format!(
            "The register's control rule does not qualify: the person does not control the intermediate owners, and holds {} directly or through controlled entities.",
            pct(control.share)
        ));
    }
    if has(Rule::RegisterControl) && !has(Rule::IntegratedOwnership) && !has(Rule::ChainOwnership) {
        disagree.push(format!(
            "Only the control rule qualifies: multiplied along the chains the share is {}.",
            pct(integrated)
        ));
    }
    match upstream {
        Some(u) => {
            if rules.is_empty() {
                let role_reason = u.reason.as_ref().is_some_and(BoReason::is_role);
                disagree.push(if role_reason {
                    "BankID names this person for a role; the roles behind it are not in the data here (look up the foundation).".to_owned()
                } else {
                    "BankID names this person as beneficial owner, but the ownership data here does not show it: look up the intermediate owners.".to_owned()
                });
            }
            if let Some(up) = u.integrated_ownership {
                if (up - integrated).abs() > 0.5 && !paths.is_empty() {
                    disagree.push(format!(
                        "BankID states an integrated ownership of {}, computed here {}.",
                        pct(up),
                        pct(integrated)
                    ));
                }
            }
        }
        None if !rules.is_empty() && g.upstream_list => {
            disagree
                .push("BankID's list of beneficial owners does not name this person.".to_owned());
        }
        None => {}
    }
    (why, disagree)
}

/// Nodes and edges on a cycle of ownership edges (strongly connected components, Kosaraju,
/// iterative so deep structures cannot overflow the stack).
fn cycles(g: &OwnershipGraph) -> (Vec<bool>, Vec<bool>) {
    let n = g.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inn: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in g.edges.iter().filter(|e| e.kind == EdgeKind::Ownership) {
        out[e.from].push(e.to);
        inn[e.to].push(e.from);
    }
    // First pass: finish order.
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for s in 0..n {
        if visited[s] {
            continue;
        }
        visited[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some(frame) = stack.last_mut() {
            let (v, i) = *frame;
            if i < out[v].len() {
                frame.1 += 1;
                let w = out[v][i];
                if !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
                stack.pop();
            }
        }
    }
    // Second pass on the transpose.
    let mut comp = vec![usize::MAX; n];
    let mut sizes: Vec<usize> = Vec::new();
    for &s in order.iter().rev() {
        if comp[s] != usize::MAX {
            continue;
        }
        let c = sizes.len();
        sizes.push(0);
        comp[s] = c;
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            sizes[c] += 1;
            for &w in &inn[v] {
                if comp[w] == usize::MAX {
                    comp[w] = c;
                    stack.push(w);
                }
            }
        }
    }
    let node: Vec<bool> = (0..n).map(|v| sizes[comp[v]] > 1).collect();
    let edge: Vec<bool> = g
        .edges
        .iter()
        .map(|e| e.kind == EdgeKind::Ownership && comp[e.from] == comp[e.to] && node[e.from])
        .collect();
    (node, edge)
}
