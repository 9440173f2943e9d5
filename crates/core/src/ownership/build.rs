//! Building the graph from organization and beneficial-owners results.

use super::graph::{company_id, entity_id, person_id, OwnershipGraph};
use super::view::{DataWarning, EdgeKind, NodeKind, UpstreamReason, WarningCode};
use crate::model::bo::{BoResult, OwnershipMap};
use crate::model::de::norm_key;
use crate::model::org::{
    looks_like_foundation, OrgResult, SanctionHit, Shareholder, ShareholderType,
    MATCH_INDICATOR_MAX,
};
use std::collections::HashMap;

/// Sanction hits below this match indicator (of 500) are too weak to flag the entity.
pub const SANCTION_MATCH_MIN: f64 = MATCH_INDICATOR_MAX / 2.0;

impl OwnershipGraph {
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
}

fn label_is_foundation(label: &str) -> bool {
    looks_like_foundation(label)
}
