//! The sandbox's world: the real organizations of API-NOTES §6 (registry facts where captured)
//! with invented ownership, people, figures and hits; and a deterministic synthetic company for
//! any other valid identifier. Everything served from here is marked `"sandbox": true`.
//!
//! The hard cases live in [`curated`]; docs/sandbox.md lists which identifier exercises which.

use amldesk_core::Country;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

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
        }
    }

    /// The company for a normalized identifier: curated if known, else synthetic.
    pub fn company(&self, country: Country, id: &str) -> Company {
        match self.curated.get(&(country, id.to_string())) {
            Some(c) => c.clone(),
            None => synthetic(country, id),
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

// ------------------------------------------------------------------------------------------
// Curated companies

fn person(name: &str, dob: &str, city: &str, citizenship: &'static str) -> Person {
    Person {
        name: name.to_string(),
        date_of_birth: dob.to_string(),
        city: city.to_string(),
        citizenship,
        birthplace: city.to_string(),
        pep: None,
        sanction: None,
    }
}

fn org(country: Country, id: &str, name: &str) -> Party {
    Party::Org {
        country,
        id: id.to_string(),
        name: name.to_string(),
    }
}

fn hold(owner: Party, percentage: f64) -> Holding {
    Holding {
        owner,
        percentage,
        voting: None,
    }
}

fn hold_v(owner: Party, percentage: f64, voting: f64) -> Holding {
    Holding {
        owner,
        percentage,
        voting: Some(voting),
    }
}

fn roles(list: &[(&'static str, Person)]) -> Vec<Role> {
    list.iter()
        .map(|(r, p)| Role {
            role: r,
            person: p.clone(),
        })
        .collect()
}

struct Base {
    country: Country,
    id: &'static str,
    name: &'static str,
    form: (&'static str, &'static str),
    street: &'static str,
    post_code: &'static str,
    city: &'static str,
    founded: &'static str,
    employees: u32,
    nace: (&'static str, &'static str),
    turnover_m: f64,
}

fn company(b: Base) -> Company {
    let mut c = synthetic(b.country, b.id);
    c.name = b.name.to_string();
    c.form = b.form;
    c.street = b.street.to_string();
    c.post_code = b.post_code.to_string();
    c.city = b.city.to_string();
    c.founded = b.founded.to_string();
    c.registered = b.founded.to_string();
    c.employees = b.employees;
    c.nace = b.nace;
    c.turnover_m = b.turnover_m;
    c.synthetic = false;
    c.owners = Vec::new();
    c.unlisted_shareholders = 0;
    c.website = None;
    c
}

const NO: Country = Country::No;
const SE: Country = Country::Se;
const FI: Country = Country::Fi;
const ASA: (&str, &str) = ("ASA", "Allmennaksjeselskap");
const AS: (&str, &str) = ("AS", "Aksjeselskap");
const STI: (&str, &str) = ("STI", "Stiftelse");
const ORGL: (&str, &str) = ("ORGL", "Organisasjonsledd");
const HOLDING: (&str, &str) = ("64.200", "Holdingselskaper");

fn state_no() -> Party {
    org(NO, "912660680", "NÆRINGS- OG FISKERIDEPARTEMENTET")
}

#[allow(clippy::too_many_lines)]
pub fn curated() -> Vec<Company> {
    // --- people (invented) ---
    let kari = person("Kari Skarvholm", "1968-04-12", "Bergen", "NO");
    let sanko = Person {
        sanction: Some(SanctionSpec {
            match_indicator: 480,
            source: "EU_GLOBAL",
            ofac_match_indicator: Some(455),
            aliases: vec!["Viktor Sanko", "Viktor A. Sanko", "Victor Sanco"],
            country: ("Cyprus", "CY"),
        }),
        ..person("Viktor Sanko", "1961-09-30", "Limassol", "CY")
    };
    let astrid = Person {
        pep: Some("Former state secretary, Ministry of Petroleum and Energy (2017–2021)"),
        ..person("Astrid Haugland", "1972-11-03", "Oslo", "NO")
    };
    let lars = person("Lars Eikrem", "1975-02-18", "Trondheim", "NO");
    let ingrid = person("Ingrid Moe", "1980-06-25", "Porsgrunn", "NO");
    let per = person("Per Olav Lunde", "1958-01-09", "Oslo", "NO");
    let henrik = person("Henrik Aasen", "1955-08-14", "Oslo", "NO");
    let marte = person("Marte Lind", "1983-03-30", "Oslo", "NO");
    let ceo_eq = person("Torbjørn Ødegård", "1966-05-21", "Stavanger", "NO");
    let chair_eq = person("Sigrid Bjørnstad", "1961-12-02", "Oslo", "NO");
    let board_eq = person("Øystein Åsheim", "1970-07-07", "Stavanger", "NO");

    let mut out = Vec::new();

    // ---- EQUINOR: state majority + private chain of four holding levels ----
    let mut eq = company(Base {
        country: NO,
        id: "923609016",
        name: "EQUINOR ASA",
        form: ASA,
        street: "Forusbeen 50",
        post_code: "4035",
        city: "STAVANGER",
        founded: "1972-09-18",
        employees: 21272,
        nace: ("06.100", "Utvinning av råolje"),
        turnover_m: 1_080_000.0,
    });
    eq.registered = "1995-03-12".into();
    eq.website = Some("www.equinor.com".into());
    eq.share_capital = 5_976_872_600.0;
    eq.sector = ("1120", "Statlig eide aksjeselskaper mv.");
    eq.purpose = "Å utvikle, produsere og markedsføre ulike former for energi, …".into();
    eq.previous_names = vec!["STATOIL ASA".into()];
    eq.lei = Some("OW6OFBNCKXC4US5C7523".into());
    eq.unlisted_shareholders = 4502;
    eq.owners = vec![
        hold(state_no(), 67.0),
        hold_v(
            org(NO, "921111118", "NORDKAPP ENERGI HOLDING AS"),
            29.0,
            31.0,
        ),
    ];
    eq.roles = roles(&[
        ("ceo", ceo_eq.clone()),
        ("chairman", chair_eq.clone()),
        ("deputyChairman", board_eq.clone()),
        (
            "boardMember",
            person("Hanne Kvitsand", "1977-09-11", "Bergen", "NO"),
        ),
        (
            "boardMember",
            person("Jon Rypdal", "1969-01-28", "Oslo", "NO"),
        ),
        ("contactPerson", ceo_eq.clone()),
    ]);
    out.push(eq);

    let chain = [
        (
            "921111118",
            "NORDKAPP ENERGI HOLDING AS",
            "Stavanger",
            vec![hold(org(NO, "921111207", "VESTFJORD KAPITAL AS"), 100.0)],
            vec![("ceo", person("Eirik Nes", "1979-10-10", "Stavanger", "NO"))],
        ),
        (
            "921111207",
            "VESTFJORD KAPITAL AS",
            "Bodø",
            vec![hold(org(NO, "921111304", "BRATTLI INVEST AS"), 100.0)],
            vec![
                ("ceo", person("Tone Vik", "1985-04-04", "Bodø", "NO")),
                ("chairman", astrid.clone()),
            ],
        ),
        (
            "921111304",
            "BRATTLI INVEST AS",
            "Ålesund",
            vec![
                hold(org(NO, "921111401", "SKARVEN FAMILIEHOLDING AS"), 90.0),
                hold(Party::Person(sanko.clone()), 10.0),
            ],
            vec![("ceo", person("Rune Brattli", "1964-12-24", "Ålesund", "NO"))],
        ),
        (
            "921111401",
            "SKARVEN FAMILIEHOLDING AS",
            "Bergen",
            vec![hold(Party::Person(kari.clone()), 100.0)],
            vec![("ceo", kari.clone()), ("chairman", kari.clone())],
        ),
    ];
    for (id, name, city, owners, r) in chain {
        let mut c = company(Base {
            country: NO,
            id,
            name,
            form: AS,
            street: "Strandkaien 3",
            post_code: "5013",
            city,
            founded: "2009-05-14",
            employees: 2,
            nace: HOLDING,
            turnover_m: 3.5,
        });
        c.share_capital = 30_000.0;
        c.owners = owners;
        c.roles = roles(&r);
        out.push(c);
    }

    let mut state = company(Base {
        country: NO,
        id: "912660680",
        name: "NÆRINGS- OG FISKERIDEPARTEMENTET",
        form: ORGL,
        street: "Kongens gate 8",
        post_code: "0153",
        city: "OSLO",
        founded: "2004-01-01",
        employees: 390,
        nace: (
            "84.130",
            "Offentlig administrasjon tilknyttet næringsvirksomhet",
        ),
        turnover_m: 0.0,
    });
    state.sector = ("6100", "Statsforvaltningen");
    state.roles = roles(&[(
        "contactPerson",
        person("Nina Solheim", "1976-02-14", "Oslo", "NO"),
    )]);
    out.push(state);

    // ---- TELENOR: one person above 25 % only through two separate indirect paths ----
    let mut tel = company(Base {
        country: NO,
        id: "982463718",
        name: "TELENOR ASA",
        form: ASA,
        street: "Snarøyveien 30",
        post_code: "1360",
        city: "FORNEBU",
        founded: "2000-07-21",
        employees: 1690,
        nace: ("61.100", "Kabelbasert telekommunikasjon"),
        turnover_m: 79_900.0,
    });
    tel.website = Some("www.telenor.com".into());
    tel.unlisted_shareholders = 38_000;
    tel.owners = vec![
        hold(state_no(), 54.0),
        hold(org(NO, "921111509", "AURORA INVEST AS"), 15.0),
        hold(org(NO, "921111606", "BOREAL KAPITAL AS"), 14.0),
    ];
    tel.roles = roles(&[
        ("ceo", person("Bente Rudberg", "1970-08-08", "Bærum", "NO")),
        (
            "chairman",
            person("Geir Holmsen", "1962-03-19", "Oslo", "NO"),
        ),
    ]);
    out.push(tel);
    for (id, name) in [
        ("921111509", "AURORA INVEST AS"),
        ("921111606", "BOREAL KAPITAL AS"),
    ] {
        let mut c = company(Base {
            country: NO,
            id,
            name,
            form: AS,
            street: "Munkegata 20",
            post_code: "7011",
            city: "TRONDHEIM",
            founded: "2012-02-01",
            employees: 1,
            nace: HOLDING,
            turnover_m: 1.2,
        });
        c.owners = vec![hold(Party::Person(lars.clone()), 100.0)];
        c.roles = roles(&[("ceo", lars.clone()), ("chairman", lars.clone())]);
        out.push(c);
    }

    // ---- NORSK HYDRO: a cross-holding cycle ----
    let mut hy = company(Base {
        country: NO,
        id: "914778271",
        name: "NORSK HYDRO ASA",
        form: ASA,
        street: "Drammensveien 264",
        post_code: "0283",
        city: "OSLO",
        founded: "1905-12-02",
        employees: 390,
        nace: ("24.420", "Produksjon av aluminium"),
        turnover_m: 193_000.0,
    });
    hy.website = Some("www.hydro.com".into());
    hy.unlisted_shareholders = 61_000;
    hy.owners = vec![
        hold(state_no(), 34.3),
        hold(org(NO, "921111703", "HYDRA HOLDING AS"), 22.0),
    ];
    hy.roles = roles(&[
        ("ceo", person("Åse Strøm", "1971-10-01", "Oslo", "NO")),
        (
            "chairman",
            person("Dag Mjølhus", "1959-04-17", "Porsgrunn", "NO"),
        ),
    ]);
    out.push(hy);
    let mut hydra = company(Base {
        country: NO,
        id: "921111703",
        name: "HYDRA HOLDING AS",
        form: AS,
        street: "Hydrovegen 55",
        post_code: "3936",
        city: "PORSGRUNN",
        founded: "2015-09-09",
        employees: 3,
        nace: HOLDING,
        turnover_m: 2.0,
    });
    hydra.owners = vec![
        hold(org(NO, "921111800", "KRYSSEIE AS"), 60.0),
        hold(Party::Person(ingrid.clone()), 40.0),
    ];
    hydra.roles = roles(&[("ceo", ingrid.clone())]);
    out.push(hydra);
    let mut kryss = company(Base {
        country: NO,
        id: "921111800",
        name: "KRYSSEIE AS",
        form: AS,
        street: "Storgata 1",
        post_code: "3915",
        city: "PORSGRUNN",
        founded: "2015-09-10",
        employees: 1,
        nace: HOLDING,
        turnover_m: 0.8,
    });
    kryss.owners = vec![
        hold(org(NO, "921111703", "HYDRA HOLDING AS"), 35.0),
        hold(Party::Person(per.clone()), 65.0),
    ];
    kryss.roles = roles(&[("ceo", per.clone())]);
    out.push(kryss);

    // ---- DNB BANK: a foundation in the chain ----
    let mut dnb = company(Base {
        country: NO,
        id: "984851006",
        name: "DNB BANK ASA",
        form: ASA,
        street: "Dronning Eufemias gate 30",
        post_code: "0191",
        city: "OSLO",
        founded: "2002-09-10",
        employees: 9850,
        nace: ("64.190", "Bankvirksomhet ellers"),
        turnover_m: 98_000.0,
    });
    dnb.website = Some("www.dnb.no".into());
    dnb.owners = vec![hold(org(NO, "981276957", "DNB ASA"), 100.0)];
    dnb.roles = roles(&[
        (
            "ceo",
            person("Kjersti Braathen", "1969-11-11", "Oslo", "NO"),
        ),
        (
            "chairman",
            person("Olaug Svarva", "1957-05-05", "Oslo", "NO"),
        ),
    ]);
    out.push(dnb);
    let mut dnbasa = company(Base {
        country: NO,
        id: "981276957",
        name: "DNB ASA",
        form: ASA,
        street: "Dronning Eufemias gate 30",
        post_code: "0191",
        city: "OSLO",
        founded: "1999-12-01",
        employees: 12,
        nace: HOLDING,
        turnover_m: 15_000.0,
    });
    dnbasa.unlisted_shareholders = 70_000;
    dnbasa.owners = vec![
        hold(state_no(), 34.0),
        hold(org(NO, "921111908", "STIFTELSEN NORDLYS"), 28.0),
    ];
    dnbasa.roles = roles(&[(
        "ceo",
        person("Kjersti Braathen", "1969-11-11", "Oslo", "NO"),
    )]);
    out.push(dnbasa);
    let mut stift = company(Base {
        country: NO,
        id: "921111908",
        name: "STIFTELSEN NORDLYS",
        form: STI,
        street: "Kirkegata 15",
        post_code: "0153",
        city: "OSLO",
        founded: "2002-12-05",
        employees: 4,
        nace: (
            "64.300",
            "Investeringsselskaper, verdipapirfond og andre fond",
        ),
        turnover_m: 40.0,
    });
    stift.foundation = true;
    stift.sector = ("7000", "Ideelle organisasjoner");
    stift.roles = roles(&[("chairman", henrik.clone()), ("ceo", marte.clone())]);
    out.push(stift);

    // ---- BRØNNØYSUND: a state agency, nothing to find in ownership ----
    let mut brreg = company(Base {
        country: NO,
        id: "974760673",
        name: "REGISTERENHETEN I BRØNNØYSUND",
        form: ORGL,
        street: "Havnegata 48",
        post_code: "8900",
        city: "BRØNNØYSUND",
        founded: "1995-02-20",
        employees: 560,
        nace: ("84.110", "Generell offentlig administrasjon"),
        turnover_m: 0.0,
    });
    brreg.sector = ("6100", "Statsforvaltningen");
    brreg.website = Some("www.brreg.no".into());
    out.push(brreg);

    // ---- the subject whose sessions fail ----
    let mut fail = company(Base {
        country: NO,
        id: FAILING_NO,
        name: "FEILHÅNDTERING TESTSELSKAP AS",
        form: AS,
        street: "Testveien 9",
        post_code: "0001",
        city: "OSLO",
        founded: "2020-01-01",
        employees: 0,
        nace: HOLDING,
        turnover_m: 0.0,
    });
    fail.fails = true;
    out.push(fail);

    // ---- SE ----
    let investor = org(SE, "556013-8298", "Investor AB");
    let industrivarden = org(SE, "556043-4200", "AB Industrivärden");
    let state_se = org(SE, "202100-3831", "Svenska staten genom Regeringskansliet");
    let se = |id: &'static str, name: &'static str, street, pc, city, founded, emp, nace, t| {
        let mut c = company(Base {
            country: SE,
            id,
            name,
            form: ("AB", "Publikt aktiebolag"),
            street,
            post_code: pc,
            city,
            founded,
            employees: emp,
            nace,
            turnover_m: t,
        });
        c.unlisted_shareholders = 350_000;
        c
    };
    let mut eric = se(
        "556016-0680",
        "Telefonaktiebolaget LM Ericsson",
        "Torshamnsgatan 21",
        "164 83",
        "STOCKHOLM",
        "1918-06-18",
        94_000,
        ("26.300", "Tillverkning av kommunikationsutrustning"),
        247_900.0,
    );
    eric.owners = vec![
        hold_v(investor.clone(), 8.7, 24.3),
        hold_v(industrivarden.clone(), 2.6, 15.1),
    ];
    eric.roles = roles(&[
        (
            "ceo",
            person("Erik Sjöström", "1968-02-29", "Stockholm", "SE"),
        ),
        (
            "chairman",
            person("Malin Lindqvist", "1960-10-20", "Stockholm", "SE"),
        ),
    ]);
    out.push(eric);
    let mut telia = se(
        "556103-4249",
        "Telia Company AB",
        "Stjärntorget 1",
        "169 79",
        "SOLNA",
        "1966-10-21",
        18_000,
        ("61.100", "Trådbunden telekommunikation"),
        88_000.0,
    );
    telia.owners = vec![hold(state_se.clone(), 39.5)];
    telia.roles = roles(&[("ceo", person("Anna Bergström", "1974-04-01", "Solna", "SE"))]);
    out.push(telia);
    let mut volvo = se(
        "556012-5790",
        "AB Volvo",
        "Gropegårdsgatan 2",
        "417 15",
        "GÖTEBORG",
        "1915-05-11",
        100_000,
        ("29.100", "Tillverkning av motorfordon"),
        552_000.0,
    );
    volvo.owners = vec![hold_v(industrivarden.clone(), 6.6, 27.2)];
    volvo.roles = roles(&[("ceo", person("Johan Ek", "1967-09-09", "Göteborg", "SE"))]);
    out.push(volvo);
    let mut saab = se(
        "556036-0793",
        "Saab AB",
        "Olof Palmes gata 17",
        "111 22",
        "STOCKHOLM",
        "1937-04-02",
        24_000,
        ("30.300", "Tillverkning av luftfartyg"),
        51_600.0,
    );
    saab.owners = vec![hold_v(investor.clone(), 30.2, 40.6)];
    saab.roles = roles(&[("ceo", person("Karin Holm", "1971-12-12", "Linköping", "SE"))]);
    out.push(saab);
    for (id, name, street, city) in [
        (
            "556013-8298",
            "Investor AB",
            "Arsenalsgatan 8C",
            "STOCKHOLM",
        ),
        (
            "556043-4200",
            "AB Industrivärden",
            "Storgatan 10",
            "STOCKHOLM",
        ),
    ] {
        let mut c = se(
            id,
            name,
            street,
            "114 47",
            city,
            "1916-01-01",
            100,
            ("64.300", "Investmentbolag"),
            20_000.0,
        );
        c.roles = roles(&[(
            "ceo",
            person("Gustav Wallin", "1965-06-06", "Stockholm", "SE"),
        )]);
        out.push(c);
    }
    let mut st = se(
        "202100-3831",
        "Svenska staten genom Regeringskansliet",
        "Rosenbad 4",
        "103 33",
        "STOCKHOLM",
        "1975-01-01",
        4_700,
        ("84.110", "Statlig förvaltning"),
        0.0,
    );
    st.form = ("STAT", "Statlig enhet");
    st.unlisted_shareholders = 0;
    out.push(st);

    // ---- FI ----
    let state_fi = org(FI, "0245437-2", "Valtioneuvoston kanslia");
    let fi = |id: &'static str, name: &'static str, street, pc, city, founded, emp, nace, t| {
        let mut c = company(Base {
            country: FI,
            id,
            name,
            form: ("OYJ", "Julkinen osakeyhtiö"),
            street,
            post_code: pc,
            city,
            founded,
            employees: emp,
            nace,
            turnover_m: t,
        });
        c.unlisted_shareholders = 200_000;
        c
    };
    let mut nokia = fi(
        "0112038-9",
        "Nokia Oyj",
        "Karakaari 7",
        "02610",
        "ESPOO",
        "1896-12-19",
        86_000,
        ("70100", "Activities of head offices"),
        19_220.0,
    );
    nokia.registered = "1978-03-15".into();
    nokia.website = Some("www.nokia.com".into());
    nokia.previous_names = vec!["Oy Nokia Ab".into()];
    nokia.owners = vec![hold(org(FI, "3100111-0", "Pohjola Sijoitus Oy"), 5.8)];
    nokia.roles = roles(&[
        ("ceo", person("Mikko Virtanen", "1969-03-03", "Espoo", "FI")),
        (
            "chairman",
            person("Leena Korhonen", "1958-07-15", "Helsinki", "FI"),
        ),
    ]);
    out.push(nokia);
    for (id, name, street, pc, city, founded, emp, nace, t, pct) in [
        (
            "1463611-4",
            "Fortum Oyj",
            "Keilalahdentie 2-4",
            "02150",
            "ESPOO",
            "1998-12-30",
            5_000,
            ("35110", "Sähköntuotanto"),
            6_700.0,
            51.3,
        ),
        (
            "1852302-9",
            "Neste Oyj",
            "Keilaranta 21",
            "02150",
            "ESPOO",
            "2004-01-01",
            5_500,
            ("19200", "Öljytuotteiden valmistus"),
            20_600.0,
            44.2,
        ),
        (
            "0108023-3",
            "Finnair Oyj",
            "Tietotie 9",
            "01530",
            "VANTAA",
            "1923-11-01",
            5_600,
            ("51100", "Matkustajalentoliikenne"),
            3_000.0,
            55.9,
        ),
    ] {
        let mut c = fi(id, name, street, pc, city, founded, emp, nace, t);
        c.owners = vec![hold(state_fi.clone(), pct)];
        c.roles = roles(&[(
            "ceo",
            person("Jari Mäkinen", "1966-01-21", "Helsinki", "FI"),
        )]);
        out.push(c);
    }
    let mut pohjola = fi(
        "3100111-0",
        "Pohjola Sijoitus Oy",
        "Aleksanterinkatu 5",
        "00100",
        "HELSINKI",
        "2011-04-04",
        6,
        ("64300", "Rahastotoiminta"),
        12.0,
    );
    pohjola.form = ("OY", "Osakeyhtiö");
    pohjola.unlisted_shareholders = 0;
    pohjola.owners = vec![hold(
        Party::Person(person("Aino Lehtonen", "1963-05-30", "Helsinki", "FI")),
        100.0,
    )];
    out.push(pohjola);
    let mut vnk = fi(
        "0245437-2",
        "Valtioneuvoston kanslia",
        "Snellmaninkatu 1 A",
        "00170",
        "HELSINKI",
        "1918-01-01",
        600,
        ("84110", "Julkinen hallinto"),
        0.0,
    );
    vnk.form = ("VALTIO", "Valtion laitos");
    vnk.unlisted_shareholders = 0;
    out.push(vnk);

    out
}

// ------------------------------------------------------------------------------------------
// Synthetic companies: deterministic from (country, identifier)

const FIRST: [&str; 12] = [
    "Nord", "Fjell", "Skog", "Havn", "Lys", "Stein", "Elv", "Vind", "Berg", "Sol", "Is", "Furu",
];
const SECOND: [&str; 10] = [
    "tek",
    "invest",
    "handel",
    "bygg",
    "data",
    "kraft",
    "logistikk",
    "konsult",
    "eiendom",
    "mat",
];
const GIVEN: [&str; 16] = [
    "Ola", "Kari", "Anders", "Ingrid", "Mats", "Sofie", "Henrik", "Nora", "Jonas", "Emma", "Erik",
    "Sara", "Aksel", "Maja", "Tor", "Linnea",
];
const FAMILY: [&str; 16] = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Berg",
    "Haugen",
    "Dahl",
    "Lie",
    "Strand",
    "Nilsen",
    "Bakke",
    "Moen",
    "Solberg",
    "Aasen",
    "Lund",
    "Ødegård",
];
const CITIES_NO: [(&str, &str); 6] = [
    ("OSLO", "0150"),
    ("BERGEN", "5003"),
    ("TRONDHEIM", "7010"),
    ("STAVANGER", "4006"),
    ("TROMSØ", "9008"),
    ("KRISTIANSAND", "4611"),
];

pub fn hash_bytes(parts: &[&str]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    h.finalize().into()
}

fn pick<'a>(list: &'a [&'a str], b: u8) -> &'a str {
    list[usize::from(b) % list.len()]
}

pub fn synthetic_person(seed: &[u8], country: Country, city: &str) -> Person {
    let year = 1950 + u32::from(seed[2]) % 50;
    let month = 1 + u32::from(seed[3]) % 12;
    let day = 1 + u32::from(seed[4]) % 28;
    Person {
        name: format!("{} {}", pick(&GIVEN, seed[0]), pick(&FAMILY, seed[1])),
        date_of_birth: format!("{year:04}-{month:02}-{day:02}"),
        city: city.to_string(),
        citizenship: country.code(),
        birthplace: city.to_string(),
        pep: None,
        sanction: None,
    }
}

pub fn synthetic(country: Country, id: &str) -> Company {
    let h = hash_bytes(&["company", country.code(), id]);
    let (suffix, form) = match country {
        Country::No => ("AS", ("AS", "Aksjeselskap")),
        Country::Se => ("AB", ("AB", "Privat aktiebolag")),
        Country::Fi => ("Oy", ("OY", "Osakeyhtiö")),
        Country::Dk => ("ApS", ("APS", "Anpartsselskab")),
    };
    let stem = format!("{}{}", pick(&FIRST, h[0]), pick(&SECOND, h[1]));
    let name = if country == Country::No {
        format!("{} {}", stem.to_uppercase(), suffix)
    } else {
        format!("{stem} {suffix}")
    };
    let (city, pc) = CITIES_NO[usize::from(h[2]) % CITIES_NO.len()];
    let founded = format!(
        "{:04}-{:02}-{:02}",
        1960 + u32::from(h[3]) % 64,
        1 + u32::from(h[4]) % 12,
        1 + u32::from(h[5]) % 28
    );
    let n_owners = 1 + usize::from(h[6]) % 3;
    let splits: &[f64] = match n_owners {
        1 => &[100.0],
        2 => &[60.0, 40.0],
        _ => &[50.0, 30.0, 20.0],
    };
    let people: Vec<Person> = (0..n_owners)
        .map(|i| {
            let s = hash_bytes(&["owner", country.code(), id, &i.to_string()]);
            synthetic_person(&s, country, city)
        })
        .collect();
    let chair = synthetic_person(&hash_bytes(&["chair", country.code(), id]), country, city);
    let owners = people
        .iter()
        .zip(splits)
        .map(|(p, s)| hold(Party::Person(p.clone()), *s))
        .collect();
    let duns_n = u32::from_be_bytes([h[7], h[8], h[9], h[10]]) % 900_000_000 + 100_000_000;
    let employees = u32::from(h[11]) * 3 % 400;
    Company {
        country,
        id: id.to_string(),
        duns: duns_n.to_string(),
        name,
        form,
        street: format!("{}gata {}", pick(&FIRST, h[12]), 1 + h[13] % 90),
        post_code: pc.to_string(),
        city: city.to_string(),
        registered: founded.clone(),
        founded,
        employees,
        nace: ("62.010", "Programmeringstjenester"),
        sector: ("2100", "Private aksjeselskaper mv."),
        website: None,
        lei: None,
        purpose:
            "Konsulentvirksomhet, handel og investeringer, og det som står i forbindelse med dette."
                .into(),
        share_capital: 30_000.0 + f64::from(h[14]) * 1000.0,
        turnover_m: 1.0 + f64::from(h[15]) * 0.7,
        previous_names: Vec::new(),
        owners,
        roles: roles(&[
            ("ceo", people[0].clone()),
            ("chairman", chair),
            ("contactPerson", people[0].clone()),
        ]),
        foundation: false,
        fails: false,
        synthetic: true,
        unlisted_shareholders: 0,
    }
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
}
