//! The response documents, built from the data set: organization JSON (Norwegian model with SE
//! and FI variants), beneficial owners JSON, session status. Field names follow API-NOTES §1–2.

use crate::data::{role_label, Analysis, Company, Dataset, Party, Person};
use crate::state::{ts, EntityState, Kind, Session};
use crate::{contract as c, data};
use amldesk_core::Country;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

pub fn json_response(status: StatusCode, v: Value) -> Response {
    let body = serde_json::to_vec(&v).unwrap_or_else(|_| b"{}".to_vec());
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// `{"error": code, "message": sentence}`: the sandbox's error body for BankID-style APIs.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(status, json!({"error": code, "message": message}))
}

fn metadata(sources: &[&str]) -> Value {
    json!({"sources": sources, "urls": []})
}

pub fn person_json(p: &Person) -> Value {
    let mut v = json!({
        "type": "person",
        "name": p.name,
        "dateOfBirth": p.date_of_birth,
    });
    if let Some(pep) = p.pep {
        v["pep"] = json!(true);
        v["pepDescription"] = json!(pep);
    }
    v
}

fn party_json(p: &Party, pct: f64, voting: Option<f64>) -> Value {
    let mut v = match p {
        Party::Org { country, id, name } => json!({
            "type": "organization",
            "name": name,
            "organizationNumber": id,
            "country": country.code(),
        }),
        Party::Person(p) => person_json(p),
    };
    v["percentage"] = json!(pct);
    if let Some(vp) = voting {
        v["votingPercentage"] = json!(vp);
    }
    v
}

fn wants(expands: &[String], node: &str) -> bool {
    expands.iter().any(|e| {
        e == node || node.starts_with(&format!("{e}.")) || e.starts_with(&format!("{node}."))
    })
}

fn wants_exact(expands: &[String], node: &str) -> bool {
    expands
        .iter()
        .any(|e| e == node || node.starts_with(&format!("{e}.")))
}

pub fn key_information(co: &Company, include_lei: bool) -> Value {
    let mut k = json!({
        "sandbox": true,
        "name": co.name,
        "organizationNumber": co.id,
        "duns": co.duns,
        "organizationType": {"code": co.form.0, "description": co.form.1},
        "country": co.country.code(),
        "registeredDate": co.registered,
        "foundedDate": co.founded,
        "webpage": co.website,
        "employees": co.employees,
        "registries": registries(co),
        "statusCode": "ACTIVE",
        "institutionalSector": {"code": co.sector.0, "description": co.sector.1},
        "industrySector": {"code": co.nace.0, "description": co.nace.1},
        "purpose": co.purpose,
        "sources": sources(co.country),
    });
    match co.country {
        Country::Se => {
            let digits: String = co.id.chars().filter(char::is_ascii_digit).collect();
            k["vatNumber"] = json!(format!("SE{digits}01"));
            k["registeredOffice"] = json!(co.city);
            k["fTaxRegistered"] = json!(true);
        }
        Country::Fi => {
            k["businessId"] = json!(co.id);
            k["euId"] = json!(format!("FIFPRO.{}", co.id));
            k["tradeRegisterStatus"] = json!("REGISTERED");
            k["previousNames"] = json!(co.previous_names);
            k["mainBusinessLine"] =
                json!({"code": co.nace.0, "codeSet": "TOIMI4", "description": co.nace.1});
        }
        Country::No => {
            k["previousNames"] = json!(co.previous_names);
        }
        Country::Dk => {
            k["cvr"] = json!(co.id);
        }
    }
    if include_lei {
        k["lei"] = json!(co.lei);
    }
    k["metadata"] = metadata(&sources(co.country));
    k
}

fn sources(country: Country) -> Vec<&'static str> {
    match country {
        Country::No => vec!["BRREG", "BISNODE"],
        Country::Se => vec!["BOLAGSVERKET", "BISNODE"],
        Country::Fi => vec!["PRH", "BISNODE"],
        Country::Dk => vec!["CVR", "BISNODE"],
    }
}

fn registries(co: &Company) -> Value {
    match co.country {
        Country::No => json!([
            "Enhetsregisteret",
            "Foretaksregisteret",
            "Merverdiavgiftsregisteret"
        ]),
        Country::Se => json!(["Aktiebolagsregistret", "Momsregistret", "F-skatt"]),
        Country::Fi => json!([
            "Kaupparekisteri",
            "Arvonlisäverorekisteri",
            "Ennakkoperintärekisteri"
        ]),
        Country::Dk => json!(["CVR"]),
    }
}

fn address(co: &Company) -> Value {
    let a = json!({
        "street": co.street, "postCode": co.post_code, "city": co.city,
        "country": co.country.name(), "countryCode": co.country.code(),
    });
    json!({"postalAddress": a, "visitingAddress": a, "metadata": metadata(&sources(co.country))})
}

fn years(co: &Company) -> Vec<Value> {
    let h = data::hash_bytes(&["figures", co.country.code(), &co.id]);
    (0..3)
        .map(|i| {
            let year = 2025 - i as i32;
            let f = 1.0 - 0.06 * i as f64 + (f64::from(h[i]) - 128.0) / 2000.0;
            let turnover = (co.turnover_m * 1_000_000.0 * f).round();
            let margin = 0.08 + f64::from(h[i + 3]) / 2550.0;
            let op = (turnover * margin).round();
            json!({
                "year": year,
                "currency": co.currency(),
                "turnover": turnover,
                "operatingProfit": op,
                "earnings": (op * 0.72).round(),
                "equity": (turnover * 0.45).round(),
                "totalAssets": (turnover * 1.3).round(),
                "shareCapital": co.share_capital,
            })
        })
        .collect()
}

fn financials(co: &Company, ex: &[String], credit: bool) -> Value {
    let mut f = Map::new();
    let ys = years(co);
    if wants_exact(ex, "financials.accounting") {
        f.insert("accounting".into(), json!(ys));
    }
    if wants_exact(ex, "financials.keyFigures") {
        f.insert(
            "keyFigures".into(),
            json!({
                "shareCapital": co.share_capital,
                "currency": co.currency(),
                "accountingYears": [2025, 2024, 2023],
                "years": ys.iter().map(|y| json!({
                    "year": y["year"], "turnover": y["turnover"], "operatingProfit": y["operatingProfit"],
                    "equity": y["equity"], "earnings": y["earnings"]})).collect::<Vec<_>>(),
                "sources": ["BRREG_REGNSKAP"],
            }),
        );
    }
    if wants_exact(ex, "financials.auditor") {
        f.insert(
            "auditor".into(),
            json!({"name": "REVISJON NORD AS (sandbox)", "organizationNumber": "921112009"}),
        );
    }
    if wants_exact(ex, "financials.accountant") {
        f.insert(
            "accountant".into(),
            json!({"name": "REGNSKAPSHUSET VEST AS (sandbox)", "organizationNumber": "921112106"}),
        );
    }
    if credit && ex.iter().any(|e| e == "financials.credit") {
        let h = data::hash_bytes(&["credit", &co.id]);
        let rating = ["AAA", "AA", "A", "B", "C"][usize::from(h[1]) % 5];
        f.insert(
            "credit".into(),
            json!({"score": 40 + u32::from(h[0]) % 60, "rating": rating,
                   "creditLimit": (co.turnover_m * 1000.0).round(), "currency": co.currency()}),
        );
    }
    f.insert("metadata".into(), metadata(&["BRREG_REGNSKAP", "BISNODE"]));
    Value::Object(f)
}

fn roles(co: &Company) -> Value {
    let mut m: Map<String, Value> = Map::new();
    for key in [
        "ceo",
        "chairman",
        "deputyChairman",
        "proprietor",
        "boardMember",
        "deputy",
        "contactPerson",
        "secretary",
        "foreignRepresentative",
        "trustee",
    ] {
        let list: Vec<Value> = co
            .roles
            .iter()
            .filter(|r| r.role == key)
            .map(|r| person_json(&r.person))
            .collect();
        let name = match key {
            "boardMember" => "boardMembers",
            "deputy" => "deputies",
            k => k,
        };
        m.insert(name.to_string(), json!(list));
    }
    m.insert(
        "auditor".into(),
        json!([{"type": "organization", "name": "REVISJON NORD AS (sandbox)", "organizationNumber": "921112009"}]),
    );
    m.insert(
        "accountant".into(),
        json!([{"type": "organization", "name": "REGNSKAPSHUSET VEST AS (sandbox)", "organizationNumber": "921112106"}]),
    );
    m.insert("metadata".into(), metadata(&["BRREG"]));
    Value::Object(m)
}

fn authorities(co: &Company) -> Value {
    let signers: Vec<Value> = co
        .roles
        .iter()
        .filter(|r| matches!(r.role, "chairman" | "ceo"))
        .map(|r| {
            let mut p = person_json(&r.person);
            p["role"] = json!(role_label(r.role));
            p
        })
        .collect();
    json!({
        "signatureRights": {
            "description": "Styrets leder alene, eller daglig leder og ett styremedlem i fellesskap.",
            "persons": signers,
        },
        "powerOfProcuration": {
            "description": "Daglig leder alene.",
            "persons": co.roles.iter().filter(|r| r.role == "ceo").map(|r| person_json(&r.person)).collect::<Vec<_>>(),
        },
        "metadata": metadata(&["BRREG"]),
    })
}

pub fn beneficial_entries(a: &Analysis, registry: bool) -> Vec<Value> {
    a.beneficials()
        .into_iter()
        .map(|(p, code, phrase, ctrl)| {
            let mut v = person_json(&p.person);
            v["address"] = json!({"city": p.person.city});
            v["ownerShare"] = json!(p.direct);
            v["integratedOwnership"] = json!(p.integrated);
            v["percentageControl"] = json!(ctrl);
            v["reason"] = json!(code);
            v["reasonPhrase"] = json!(phrase);
            v["numberOfPaths"] = json!(p.paths);
            if registry {
                v["citizenship"] = json!(p.person.citizenship);
                v["birthplace"] = json!(p.person.birthplace);
            }
            v
        })
        .collect()
}

fn indicators(co: &Company, a: &Analysis) -> Value {
    let direct = co.owners.len();
    let legal = co
        .owners
        .iter()
        .filter(|h| matches!(h.owner, Party::Org { .. }))
        .count();
    let identified: f64 = co.owners.iter().map(|h| h.percentage).sum();
    let mut nace = Map::new();
    for h in &co.owners {
        if let Party::Org { .. } = h.owner {
            nace.insert(
                "64.200".into(),
                json!({"sum": identified, "title": "Holdingselskaper"}),
            );
        }
    }
    json!({
        "keyIndicators": {
            "numberOfShareholdersTotal": co.unlisted_shareholders as usize + a.people.len() + a.companies.len(),
            "numberOfShareholdersDirect": direct + co.unlisted_shareholders as usize,
            "numberOfShareholdersLegal": legal,
            "maxShareHolderDistance": a.max_distance,
            "ownershipNace": nace,
        },
        "knowledge": {
            "sumIdentifiedShareholders": identified,
            "sumUnidentifiedShareholders": 0.0,
            "sumUnknownShareholders": 100.0 - identified,
            "numberOfUnidentifiedShareholders": 0,
        },
        "selfOwnership": {"companySelfOwnership": 0, "numberOfSelfOwnedShareholders": 0},
        "votingPower": {
            "numberOfShareholdersManyShareClasses": co.owners.iter().filter(|h| h.voting.is_some()).count(),
            "numberOfShareClasses": if co.owners.iter().any(|h| h.voting.is_some()) { 2 } else { 1 },
            "numberOfHighVpLowIntegrated": 0,
        },
        "cycles": a.cycles,
    })
}

fn ownership(d: &Dataset, co: &Company, a: &Analysis, ex: &[String]) -> Value {
    let mut o = Map::new();
    if wants_exact(ex, "ownership.shareholders") {
        let list: Vec<Value> = co
            .owners
            .iter()
            .map(|h| party_json(&h.owner, h.percentage, h.voting))
            .collect();
        o.insert("shareholders".into(), json!(list));
    }
    if wants_exact(ex, "ownership.subsidiaries") {
        let list: Vec<Value> = d
            .subsidiaries(co)
            .into_iter()
            .map(|(s, pct)| {
                json!({"type": "organization", "name": s.name, "organizationNumber": s.id,
                       "country": s.country.code(), "percentage": pct})
            })
            .collect();
        o.insert("subsidiaries".into(), json!(list));
    }
    if wants_exact(ex, "ownership.beneficials") {
        o.insert("beneficials".into(), json!(beneficial_entries(a, false)));
    }
    if wants_exact(ex, "ownership.indicators") {
        o.insert("indicators".into(), indicators(co, a));
    }
    o.insert("metadata".into(), metadata(&["BISNODE", "TRANK"]));
    Value::Object(o)
}

/// The people in the structure with a hit; OFAC hits only when `ofac`.
fn sanction(co: &Company, a: &Analysis, ofac: bool) -> Value {
    let mut people: Vec<(Person, String)> = Vec::new();
    let mut push = |p: &Person, relation: String| {
        if (p.sanction.is_some() || p.pep.is_some()) && !people.iter().any(|(q, _)| q == p) {
            people.push((p.clone(), relation));
        }
    };
    for r in &co.roles {
        push(&r.person, format!("{} of {}", role_label(r.role), co.name));
    }
    for c in &a.companies {
        for r in &c.roles {
            push(
                &r.person,
                format!("{} of {} ({})", role_label(r.role), c.name, c.id),
            );
        }
        for h in &c.owners {
            if let Party::Person(p) = &h.owner {
                push(
                    p,
                    format!("Shareholder ({} %) of {} ({})", h.percentage, c.name, c.id),
                );
            }
        }
    }
    for h in &co.owners {
        if let Party::Person(p) = &h.owner {
            push(
                p,
                format!("Shareholder ({} %) of {}", h.percentage, co.name),
            );
        }
    }
    let mut hits = Vec::new();
    for (p, relation) in &people {
        if let Some(sp) = &p.sanction {
            let base = json!({
                "category": "SANCTION",
                "name": p.name,
                "aliasList": sp.aliases,
                "addressList": [{"countryName": sp.country.0, "countryCode": sp.country.1}],
                "urlList": ["https://sandbox.invalid/sanctions/record"],
                "provider": "TRAPETS",
                "firstUpdate": "2022-03-15T00:00:00",
                "lastUpdate": "2025-11-02T00:00:00",
                "relation": relation,
                "comment": "Invented sandbox record",
            });
            let mut eu = base.clone();
            eu["matchIndicator"] = json!(sp.match_indicator);
            eu["source"] = json!(sp.source);
            eu["externalId"] = json!("SBX-EU-1001");
            hits.push(eu);
            if let (true, Some(m)) = (ofac, sp.ofac_match_indicator) {
                let mut us = base;
                us["matchIndicator"] = json!(m);
                us["source"] = json!("OFAC_SDN");
                us["externalId"] = json!("SBX-OFAC-2002");
                hits.push(us);
            }
        }
        if let Some(pep) = p.pep {
            hits.push(json!({
                "category": "PEP",
                "matchIndicator": 410,
                "name": p.name,
                "aliasList": [p.name],
                "addressList": [{"countryName": "Norway", "countryCode": "NO", "city": p.city}],
                "urlList": [],
                "provider": "TRAPETS",
                "source": "PEP_NORDIC",
                "firstUpdate": "2017-10-20T00:00:00",
                "lastUpdate": "2025-06-01T00:00:00",
                "relation": relation,
                "comment": pep,
            }));
        }
    }
    let mut lists = vec!["EU_GLOBAL", "UN_CONSOLIDATED_1", "PEP_NORDIC"];
    if ofac {
        lists.push("OFAC_SDN");
    }
    json!({
        "status": if hits.is_empty() { "NO_HIT" } else { "HIT" },
        "message": if hits.is_empty() { Value::String(format!("No hits in {}", lists.join(", "))) } else { Value::Null },
        "listsSearched": lists,
        "ofacIncluded": ofac,
        "hits": hits,
        "metadata": metadata(&["TRAPETS"]),
    })
}

/// The organization result entity (`GET …/json`).
pub fn organization_json(d: &Dataset, s: &Session, base: &str) -> Value {
    let co = d.company(s.country, &s.identifier);
    let a = d.analyse(&co);
    let ex = &s.expands;
    let ofac = s.scopes.iter().any(|x| x == c::SCOPE_OFAC);
    let credit = s.scopes.iter().any(|x| x == c::SCOPE_CREDIT);
    let mut m = Map::new();
    m.insert("sandbox".into(), json!(true));
    m.insert("sessionId".into(), json!(s.id));
    m.insert("identifier".into(), json!(s.identifier));
    m.insert("nationality".into(), json!(s.country.code()));
    m.insert(
        "keyInformation".into(),
        key_information(&co, wants_exact(ex, "keyInformation.lei")),
    );
    if wants(ex, "address") {
        m.insert("address".into(), address(&co));
    }
    if wants(ex, "financials") {
        m.insert("financials".into(), financials(&co, ex, credit));
    }
    if wants(ex, "ownership") {
        m.insert("ownership".into(), ownership(d, &co, &a, ex));
    }
    if wants(ex, "authorities") {
        m.insert("authorities".into(), authorities(&co));
    }
    if wants(ex, "roles") {
        m.insert("roles".into(), roles(&co));
    }
    if wants(ex, "sanction") {
        m.insert("sanction".into(), sanction(&co, &a, ofac));
    }
    let reports: Vec<Value> = s
        .entities
        .iter()
        .filter_map(|e| e.report.as_ref())
        .map(|r| json!({"name": r, "href": format!("{base}/organization/session/{}/report/{r}", s.id)}))
        .collect();
    m.insert("links".into(), json!({"reports": reports}));
    Value::Object(m)
}

/// The beneficial owners result entity.
pub fn beneficial_json(d: &Dataset, s: &Session, registry: &str, base: &str) -> Value {
    let co = d.company(s.country, &s.identifier);
    let a = d.analyse(&co);
    let granted = registry == "GRANTED";
    let mut nodes =
        vec![json!({"id": co.id, "type": "organization", "name": co.name, "subject": true})];
    let mut edges = Vec::new();
    let mut seen = vec![co.id.clone()];
    let mut add_company = |c: &Company, nodes: &mut Vec<Value>, edges: &mut Vec<Value>| {
        for h in &c.owners {
            let (id, node) = match &h.owner {
                Party::Org { id, name, .. } => (
                    id.clone(),
                    json!({"id": id, "type": "organization", "name": name}),
                ),
                Party::Person(p) => {
                    let id = format!("person:{}:{}", p.name, p.date_of_birth);
                    (
                        id.clone(),
                        json!({"id": id, "type": "person", "name": p.name, "dateOfBirth": p.date_of_birth}),
                    )
                }
            };
            if !seen.contains(&id) {
                seen.push(id.clone());
                nodes.push(node);
            }
            let mut e = json!({"from": id, "to": c.id, "percentage": h.percentage});
            if let Some(v) = h.voting {
                e["votingPercentage"] = json!(v);
            }
            edges.push(e);
        }
    };
    add_company(&co, &mut nodes, &mut edges);
    for c in &a.companies {
        add_company(c, &mut nodes, &mut edges);
    }
    json!({
        "sandbox": true,
        "sessionId": s.id,
        "organizationNumber": co.id,
        "name": co.name,
        "country": co.country.code(),
        "accessRights": {"nationalRegistry": registry},
        "beneficialOwners": beneficial_entries(&a, granted),
        "ownershipMap": {"nodes": nodes, "edges": edges},
        "links": {"report": format!("{base}/beneficial/session/{}/report", s.id)},
        "metadata": metadata(&["BRREG", "BISNODE", "TRANK"]),
    })
}

/// `GET /…/session/{id}`.
pub fn status_json(s: &Session, now: DateTime<Utc>, lifetime_s: u64) -> Value {
    let mut m = Map::new();
    m.insert("sessionId".into(), json!(s.id));
    m.insert("status".into(), json!(s.status(now)));
    for e in &s.entities {
        m.insert(e.key.clone(), json!(s.entity_state(e, now).as_str()));
    }
    // Results stay downloadable for a lifetime after availability (seed: "2 hours after
    // availability"): the expiry is told from what is available so far (the latest READY
    // entity's availability + lifetime), absent while nothing is. Counted from entities still
    // pending, it would tell a client when they will be ready, which no vendor promises.
    let available = s
        .entities
        .iter()
        .filter(|e| s.entity_state(e, now) == EntityState::Ready)
        .map(|e| e.ready)
        .max();
    if let Some(at) = available {
        m.insert(
            "expiresAt".into(),
            json!(ts(at + Duration::seconds(lifetime_s as i64))),
        );
    }
    m.insert("identifier".into(), json!(s.identifier));
    m.insert(
        "type".into(),
        json!(match s.kind {
            Kind::Organization => "organization",
            Kind::Beneficial => "beneficial",
        }),
    );
    m.insert("sandbox".into(), json!(true));
    Value::Object(m)
}
