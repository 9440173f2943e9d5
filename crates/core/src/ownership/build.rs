//! Building the graph from organization and beneficial-owners results.

use super::graph::{company_id, OwnershipGraph};
use super::view::{NodeKind, UpstreamReason, WarningCode};
use crate::model::bo::{BoResult, OwnershipMap};
use crate::model::de::norm_key;
use crate::model::org::{
    looks_like_foundation, OrgResult, RoleType, SanctionHit, Shareholder, ShareholderType,
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
        let mut hits: Vec<(usize, SanctionHit)> = Vec::new();
        for (i, r) in results.iter().enumerate() {
            let key = r.key();
            let org_no = key.and_then(|k| k.identifier());
            let name = key.and_then(|k| k.name.clone());
            let foundation = key.is_some_and(|k| k.is_foundation());
            let kind = if foundation {
                NodeKind::Foundation
            } else {
                NodeKind::Company
            };
            let label = name.as_deref().unwrap_or("(unnamed organization)");
            let c = match &org_no {
                Some(n) => g.upsert(company_id(n), label, kind),
                None if i == 0 => g.subject,
                // An organization without a number is never merged with another by name.
                None if name.is_some() => g.unnumbered_entity(label, kind),
                None => continue,
            };
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
            hits.extend(r.sanction_hits().iter().cloned().map(|h| (c, h)));
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
                let s = match (&sub.org_number, &sub.name) {
                    (Some(n), name) => {
                        let label = name.clone().unwrap_or_else(|| n.clone());
                        g.upsert(company_id(n), &label, NodeKind::Company)
                    }
                    (None, Some(n)) => g.unnumbered_entity(n, NodeKind::Company),
                    (None, None) => continue,
                };
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
            // Roles drawn: the board and management of a foundation (§ 14(3)), and the chief
            // executive and chair of the subject (the senior managing officials).
            let is_foundation = g.nodes[c].kind == NodeKind::Foundation;
            for role in r.role_list() {
                let (Some(rt), Some(name)) = (&role.role_type, role.display_name()) else {
                    continue;
                };
                let wanted = (is_foundation && rt.controls_foundation())
                    || (is_subject && matches!(rt, RoleType::Ceo | RoleType::Chairman));
                if !wanted || role.org_number.is_some() {
                    continue;
                }
                let p = g.person_node(&name, role.date_of_birth.as_deref(), None);
                g.person_details(p, role.date_of_birth.as_deref(), role.pep, role.sanctioned);
                g.add_role(p, c, rt.clone());
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
        g.apply_hits(results, &hits);
        g
    }

    /// Sanction and PEP hits. A hit whose `relation` names a company ("Chairman of the board of
    /// VESTFJORD KAPITAL AS (921111207)") applies to the person of that name related to that
    /// company; when the graph does not hold them yet, they are drawn, attached by that relation
    /// (a role, or a shareholding with its share). Otherwise a hit applies to the company whose
    /// result lists it, or to the persons of that name related to it. Names are compared with
    /// the hit's name and aliases; nobody is matched by name across the whole structure.
    /// PEP-list hits mark PEP, sanction-list hits at or above [`SANCTION_MATCH_MIN`] mark
    /// sanctioned.
    fn apply_hits(&mut self, results: &[&OrgResult], hits: &[(usize, SanctionHit)]) {
        for (c, h) in hits {
            let names: Vec<String> = h
                .name
                .iter()
                .chain(h.alias_list.iter())
                .map(|n| norm_key(n))
                .filter(|n| !n.is_empty())
                .collect();
            let Some(display) = h.name.clone().or_else(|| h.alias_list.first().cloned()) else {
                continue;
            };
            let strong = h.match_indicator.unwrap_or(MATCH_INDICATOR_MAX) >= SANCTION_MATCH_MIN;
            let rel = h.relation_target();
            let company = match &rel {
                Some(r) => match &r.org_number {
                    Some(n) => {
                        let i = self.upsert(company_id(n), &r.company, NodeKind::Company);
                        self.nodes[i].identifier.get_or_insert_with(|| n.clone());
                        i
                    }
                    None => *c,
                },
                None => *c,
            };
            let matches = |n: &str| names.contains(&norm_key(n));
            let mut targets: Vec<usize> = Vec::new();
            if matches(&self.nodes[company].label) {
                targets.push(company);
            }
            // Persons (and entities) related to that company: its owners and role holders.
            for e in self.edges.iter().filter(|e| e.to == company) {
                if matches(&self.nodes[e.from].label) && !targets.contains(&e.from) {
                    targets.push(e.from);
                }
            }
            if targets.is_empty() && rel.is_some() {
                // Draw the person, with the birth date a cached result of that company gives.
                let r = rel
                    .as_ref()
                    .map(|r| r.words.to_lowercase())
                    .unwrap_or_default();
                let dob = results
                    .iter()
                    .filter(|res| {
                        res.key()
                            .and_then(|k| k.identifier())
                            .is_some_and(|n| company_id(&n) == self.nodes[company].id)
                    })
                    .flat_map(|res| res.role_list().iter())
                    .find(|ro| ro.display_name().is_some_and(|n| matches(&n)))
                    .and_then(|ro| ro.date_of_birth.clone());
                let p = self.person_node(&display, dob.as_deref(), None);
                if r.contains("shareholder") || r.contains("owner") {
                    let share = rel.as_ref().and_then(|x| x.share);
                    self.add_edge_ranked(p, company, share, None, false, 3);
                } else {
                    self.add_role(p, company, role_from_words(&r));
                }
                targets.push(p);
            }
            if targets.is_empty() {
                let msg = format!(
                    "A {} hit names {display}, who is not related to {} in the data here.",
                    if h.is_pep() {
                        "PEP-list"
                    } else {
                        "sanction-list"
                    },
                    self.nodes[company].label
                );
                self.warn(WarningCode::MissingShare, &msg, Some(company));
                continue;
            }
            for t in targets {
                if h.is_pep() {
                    self.nodes[t].pep = true;
                } else if strong {
                    self.nodes[t].sanctioned = true;
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
                self.person_node(&name, n.date_of_birth.as_deref(), None)
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
            let i = self.person_node(name, s.date_of_birth.as_deref(), None);
            self.person_details(i, s.date_of_birth.as_deref(), s.pep, s.sanctioned);
            if self.nodes[i].country.is_none() {
                self.nodes[i].country = s.country.clone();
            }
            return Some(i);
        }
        let label = match (&s.org_number, &s.name) {
            (_, Some(name)) => name.clone(),
            (Some(n), None) => n.clone(),
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
        let i = match &s.org_number {
            Some(n) => self.upsert(company_id(n), &label, kind),
            None => self.unnumbered_entity(&label, kind),
        };
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
        let p = self.person_node(&name, b.date_of_birth.as_deref(), None);
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
}

/// The role a hit's relation words name ("chairman of the board", "ceo").
fn role_from_words(w: &str) -> RoleType {
    if w.contains("deputy chair") || w.contains("vice chair") {
        RoleType::DeputyChairman
    } else if w.contains("chair") {
        RoleType::Chairman
    } else if w.contains("ceo")
        || w.contains("chief executive")
        || w.contains("managing director")
        || w.contains("daglig leder")
    {
        RoleType::Ceo
    } else if w.contains("board member") || w.contains("member of the board") {
        RoleType::BoardMember
    } else {
        RoleType::Other(w.to_owned())
    }
}

/// A state or state body by its name (a ministry, "the state"), for the simplified-due-diligence
/// flag: upstream does not mark state ownership otherwise.
pub(super) fn looks_like_state(label: &str) -> bool {
    let l = label.to_lowercase();
    l.contains("departementet")
        || l.starts_with("staten ")
        || l == "staten"
        || l.contains("the state of")
        || l.contains("ministry of")
        || l.contains("valtioneuvosto")
        || l.contains("regeringskansliet")
}

fn label_is_foundation(label: &str) -> bool {
    looks_like_foundation(label)
}
