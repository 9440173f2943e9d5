//! The sandbox's world: the real organizations of API-NOTES §6 (registry facts where captured)
//! with invented ownership, people, figures and hits; and a deterministic synthetic company for
//! any other valid identifier. Everything served from here is marked `"sandbox": true`.
//!
//! The hard cases live in [`curated`]; docs/sandbox.md lists which identifier exercises which.
//! Layout: the types and the ownership walk here; the record builders in `build`; the curated
//! records per country in `companies_no`, `companies_se`, `companies_fi`; the synthetic company
//! for any other identifier in `synthetic`.

use amldesk_core::Country;
use std::collections::{BTreeMap, HashMap};

mod build;
mod companies_fi;
mod companies_no;
mod companies_se;
mod synthetic;

pub use synthetic::{hash_bytes, synthetic, synthetic_owned, synthetic_person};

/// The fictional, well-formed NO number whose sessions always fail.
pub const FAILING_NO: &str = "999999999";

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub name: String,
    pub date_of_birth: String,
    pub city: String,
    pub citizenship: &'static str,
    pub birthplace: String,
    pub pep: Option<&'static str>,
    pub sanction: Option<SanctionSpec>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SanctionSpec {
    pub match_indicator: u32,
    pub source: &'static str,
    /// A second hit on the OFAC list, served only to tokens with the OFAC scope.
    pub ofac_match_indicator: Option<u32>,
    pub aliases: Vec<&'static str>,
    pub country: (&'static str, &'static str),
}

#[derive(Clone, Debug)]
pub enum Party {
    Org {
        country: Country,
        id: String,
        name: String,
    },
    Person(Person),
}

#[derive(Clone, Debug)]
pub struct Holding {
    pub owner: Party,
    pub percentage: f64,
    pub voting: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub role: &'static str,
    pub person: Person,
}

#[derive(Clone, Debug)]
pub struct Company {
    pub country: Country,
    /// Normalized identifier (`923609016`, `556016-0680`, `0112038-9`).
    pub id: String,
    pub duns: String,
    pub name: String,
    pub form: (&'static str, &'static str),
    pub street: String,
    pub post_code: String,
    pub city: String,
    pub founded: String,
    pub registered: String,
    pub employees: u32,
    pub nace: (&'static str, &'static str),
    pub sector: (&'static str, &'static str),
    pub website: Option<String>,
    pub lei: Option<String>,
    pub purpose: String,
    /// Share capital in the local currency.
    pub share_capital: f64,
    /// Turnover of the latest year, in millions of the local currency.
    pub turnover_m: f64,
    pub previous_names: Vec<String>,
    pub owners: Vec<Holding>,
    pub roles: Vec<Role>,
    pub foundation: bool,
    pub fails: bool,
    pub synthetic: bool,
    /// Shareholders not listed one by one (free float), as a count for the indicators.
    pub unlisted_shareholders: u32,
}

impl Company {
    pub fn currency(&self) -> &'static str {
        match self.country {
            Country::No => "NOK",
            Country::Se => "SEK",
            Country::Fi => "EUR",
            Country::Dk => "DKK",
        }
    }
}

type Key = (Country, String);

/// Immutable data set built once at start.
pub struct Dataset {
    curated: HashMap<(Country, String), Company>,
    /// owned company key -> list of (owner key): reverse index for `subsidiaries`.
    subsidiaries: HashMap<Key, Vec<(Country, String, f64)>>,
    /// Owners of every synthetic company (`SandboxConfig::synthetic_owners`).
    synthetic_owners: Option<u32>,
}

impl Dataset {
    pub fn new() -> Self {
        let mut known = HashMap::new();
        for c in curated() {
            known.insert((c.country, c.id.clone()), c);
        }
        let curated = known;
        let mut subsidiaries: HashMap<Key, Vec<(Country, String, f64)>> = HashMap::new();
        for c in curated.values() {
            for h in &c.owners {
                if let Party::Org { country, id, .. } = h.owner.clone() {
                    subsidiaries
                        .entry((country, id.clone()))
                        .or_default()
                        .push((c.country, c.id.clone(), h.percentage));
                }
            }
        }
        for v in subsidiaries.values_mut() {
            v.sort_by(|a, b| a.1.cmp(&b.1));
        }
        Dataset {
            curated,
            subsidiaries,
            synthetic_owners: None,
        }
    }

    /// The same data set, every synthetic company owned by `owners` persons when given.
    pub fn with_synthetic_owners(owners: Option<u32>) -> Self {
        Dataset {
            synthetic_owners: owners,
            ..Self::new()
        }
    }

    /// The company for a normalized identifier: curated if known, else synthetic.
    pub fn company(&self, country: Country, id: &str) -> Company {
        match self.curated.get(&(country, id.to_string())) {
            Some(c) => c.clone(),
            None => synthetic_owned(country, id, self.synthetic_owners),
        }
    }

    pub fn is_curated(&self, country: Country, id: &str) -> bool {
        self.curated.contains_key(&(country, id.to_string()))
    }

    pub fn subsidiaries(&self, c: &Company) -> Vec<(Company, f64)> {
        self.subsidiaries
            .get(&(c.country, c.id.clone()))
            .map(|v| {
                v.iter()
                    .map(|(country, id, pct)| (self.company(*country, id), *pct))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Walks the ownership upwards and accumulates every person's position.
    pub fn analyse(&self, c: &Company) -> Analysis {
        let mut a = Analysis::default();
        if c.foundation {
            for r in &c.roles {
                if is_foundation_controller(r.role) {
                    let e = a.entry(&r.person);
                    e.role_in_foundation = Some(format!("{} of {}", role_label(r.role), c.name));
                }
            }
        }
        let mut visited = vec![key(c)];
        self.walk(c, 100.0, true, 0, &mut visited, &mut a);
        a.companies.sort_by(|x, y| x.id.cmp(&y.id));
        a
    }

    fn walk(
        &self,
        c: &Company,
        acc: f64,
        chain_ok: bool,
        depth: u32,
        visited: &mut Vec<(Country, String)>,
        a: &mut Analysis,
    ) {
        a.max_distance = a.max_distance.max(depth + 1);
        for h in &c.owners {
            let share = acc * h.percentage / 100.0;
            let control = h.voting.unwrap_or(h.percentage).max(h.percentage);
            let ok = chain_ok && control >= 25.0;
            match &h.owner {
                Party::Person(p) => {
                    a.persons_seen.push(p.clone());
                    let e = a.entry(p);
                    e.integrated += share;
                    e.paths += 1;
                    if ok {
                        e.chain_ok = true;
                    }
                    if depth == 0 {
                        e.direct += h.percentage;
                        e.direct_voting += h.voting.unwrap_or(h.percentage);
                    }
                }
                Party::Org { country, id, .. } => {
                    let k = (*country, id.clone());
                    if visited.contains(&k) {
                        a.cycles.push(format!("{} -> {}", c.id, id));
                        continue;
                    }
                    if depth > 12 {
                        continue;
                    }
                    let owner = self.company(*country, id);
                    if owner.foundation && ok {
                        for r in &owner.roles {
                            if is_foundation_controller(r.role) {
                                let e = a.entry(&r.person);
                                e.indirect_foundation_role = Some(format!(
                                    "{} of {}, which controls the chain",
                                    role_label(r.role),
                                    owner.name
                                ));
                            }
                        }
                    }
                    a.companies.push(owner.clone());
                    visited.push(k);
                    self.walk(&owner, share, ok, depth + 1, visited, a);
                    visited.pop();
                }
            }
        }
    }
}

impl Default for Dataset {
    fn default() -> Self {
        Self::new()
    }
}

fn key(c: &Company) -> (Country, String) {
    (c.country, c.id.clone())
}

fn is_foundation_controller(role: &str) -> bool {
    matches!(role, "chairman" | "ceo")
}

pub fn role_label(role: &str) -> &'static str {
    match role {
        "ceo" => "Chief executive officer",
        "chairman" => "Chairman of the board",
        "deputyChairman" => "Deputy chairman",
        "boardMember" => "Board member",
        "deputy" => "Deputy board member",
        "contactPerson" => "Contact person",
        "proprietor" => "Proprietor",
        _ => "Role",
    }
}

#[derive(Default, Debug)]
pub struct Analysis {
    pub people: BTreeMap<String, PersonPosition>,
    /// Companies met on the way up (not the subject itself).
    pub companies: Vec<Company>,
    pub persons_seen: Vec<Person>,
    pub max_distance: u32,
    pub cycles: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PersonPosition {
    pub person: Person,
    pub direct: f64,
    pub direct_voting: f64,
    pub integrated: f64,
    pub paths: u32,
    pub chain_ok: bool,
    pub role_in_foundation: Option<String>,
    pub indirect_foundation_role: Option<String>,
}

impl Analysis {
    fn entry(&mut self, p: &Person) -> &mut PersonPosition {
        self.people
            .entry(format!("{}|{}", p.name, p.date_of_birth))
            .or_insert_with(|| PersonPosition {
                person: p.clone(),
                direct: 0.0,
                direct_voting: 0.0,
                integrated: 0.0,
                paths: 0,
                chain_ok: false,
                role_in_foundation: None,
                indirect_foundation_role: None,
            })
    }

    /// Beneficial owners by the vendor's documented reasons, with (code, phrase, control %).
    pub fn beneficials(&self) -> Vec<(PersonPosition, &'static str, String, Option<f64>)> {
        let mut out = Vec::new();
        for p in self.people.values() {
            let r = if p.direct > 25.0 && p.direct_voting > 25.0 && p.direct_voting != p.direct {
                Some((
                    "VOTING_RIGHTS_AND_DIRECT_OWNERSHIP",
                    "Both voting rights and direct ownership of more than 25 %".to_string(),
                    Some(p.direct_voting),
                ))
            } else if p.direct > 25.0 {
                Some((
                    "DIRECT_OWNERSHIP",
                    "Direct ownership of more than 25 %".to_string(),
                    Some(p.direct),
                ))
            } else if p.direct_voting > 25.0 {
                Some((
                    "VOTING_RIGHTS",
                    "Voting rights of more than 25 %".to_string(),
                    Some(p.direct_voting),
                ))
            } else if p.chain_ok && p.integrated > 25.0 {
                Some((
                    "INDIRECT_OWNERSHIP",
                    "Indirect control or ownership (at least 25 % at each step)".to_string(),
                    Some(p.integrated),
                ))
            } else if let Some(r) = &p.role_in_foundation {
                Some((
                    "ROLE_IN_FOUNDATION",
                    format!("Role in a foundation: {r}"),
                    None,
                ))
            } else {
                p.indirect_foundation_role.as_ref().map(|r| {
                    (
                        "INDIRECT_CONTROL_THROUGH_ROLE_IN_FOUNDATION",
                        format!("Indirect control through a role in a foundation: {r}"),
                        None,
                    )
                })
            };
            if let Some((code, phrase, ctrl)) = r {
                out.push((p.clone(), code, phrase, ctrl));
            }
        }
        out.sort_by(|a, b| {
            b.0.integrated
                .partial_cmp(&a.0.integrated)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.0.person.name.cmp(&b.0.person.name))
        });
        out
    }
}

/// Every curated company: Norway, then Sweden, then Finland.
pub fn curated() -> Vec<Company> {
    let mut out = companies_no::companies();
    out.extend(companies_se::companies());
    out.extend(companies_fi::companies());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use amldesk_core::OrgId;

    #[test]
    fn every_curated_identifier_is_valid_for_its_country() {
        for c in curated() {
            let parsed = OrgId::parse(c.country, &c.id).expect("curated identifier must be valid");
            assert_eq!(parsed.value, c.id, "normalized form of {}", c.name);
            for h in &c.owners {
                if let Party::Org { country, id, .. } = &h.owner {
                    OrgId::parse(*country, id).expect("owner identifier must be valid");
                }
            }
        }
    }

    #[test]
    fn equinor_chain_has_four_levels_and_a_beneficial_owner() {
        let d = Dataset::new();
        let eq = d.company(Country::No, "923609016");
        let a = d.analyse(&eq);
        assert!(a.max_distance >= 5, "distance {}", a.max_distance);
        let bos = a.beneficials();
        let kari = bos
            .iter()
            .find(|b| b.0.person.name == "Kari Skarvholm")
            .expect("Kari is a beneficial owner");
        assert_eq!(kari.1, "INDIRECT_OWNERSHIP");
        assert!((kari.0.integrated - 26.1).abs() < 1e-9);
        assert!(a.persons_seen.iter().any(|p| p.sanction.is_some()));
    }

    #[test]
    fn telenor_person_crosses_25_only_through_two_paths() {
        let d = Dataset::new();
        let a = d.analyse(&d.company(Country::No, "982463718"));
        let lars = a.people.values().find(|p| p.person.name == "Lars Eikrem");
        let lars = lars.expect("Lars is in the structure");
        assert_eq!(lars.paths, 2);
        assert!(lars.integrated > 25.0);
        assert!(!lars.chain_ok);
    }

    #[test]
    fn hydro_cycle_terminates_and_is_reported() {
        let d = Dataset::new();
        let a = d.analyse(&d.company(Country::No, "914778271"));
        assert!(!a.cycles.is_empty());
    }

    #[test]
    fn synthetic_is_deterministic() {
        let a = synthetic(Country::No, "123456785");
        let b = synthetic(Country::No, "123456785");
        assert_eq!(a.name, b.name);
        assert_eq!(a.owners.len(), b.owners.len());
        let total: f64 = a.owners.iter().map(|h| h.percentage).sum();
        assert!((total - 100.0).abs() < 1e-9);
    }

    #[test]
    fn synthetic_owners_hold_equal_shares_and_leave_curated_companies_alone() {
        let d = Dataset::with_synthetic_owners(Some(198));
        let c = d.company(Country::No, "123456785");
        assert_eq!(c.owners.len(), 198);
        let total: f64 = c.owners.iter().map(|h| h.percentage).sum();
        assert!((total - 100.0).abs() < 1e-9);
        let equinor = |d: &Dataset| d.company(Country::No, "923609016").owners.len();
        assert_eq!(equinor(&d), equinor(&Dataset::new()));
        let plain = Dataset::new().company(Country::No, "123456785");
        assert_eq!(
            plain.owners.len(),
            synthetic(Country::No, "123456785").owners.len()
        );
    }
}
