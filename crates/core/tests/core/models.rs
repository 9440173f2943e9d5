//! Reading upstream answers: vendor examples, hand-written fixtures with unknown fields and enum
//! values, empty versus absent nodes, round trips.

use amldesk_core::model::amlyze::{
    AmlyzeBatchAnswer, AmlyzeEventType, AmlyzeResultType, CommunicationsEvents, RiskLevel,
};
use amldesk_core::model::bo::{BoAccessRights, BoResult, RegistryAccess};
use amldesk_core::model::org::{
    BoReason, OrgResult, RoleType, SanctionHit, SanctionSource, ShareholderType,
};
use amldesk_core::model::peer::{PeerCreateAnswer, PeerRespondAnswer, PeerStatus, TypeRequest};
use amldesk_core::model::{availability, present, Availability, ModelError, Node, Section};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn full() -> OrgResult {
    OrgResult::from_json(&fixture("org-no-full.json")).expect("full fixture reads")
}

#[test]
fn vendor_ownership_indicators_example() {
    let org = OrgResult::from_json(&fixture("bankid-ownership-indicators-example.json"))
        .expect("vendor example reads");
    let own = present(&org.ownership).expect("ownership present");
    let ind = present(&own.indicators).expect("indicators present");
    let k = ind.key_indicators.as_ref().expect("keyIndicators");
    assert_eq!(k.number_of_shareholders_total, Some(4502));
    assert_eq!(k.number_of_shareholders_direct, Some(22));
    assert_eq!(k.max_share_holder_distance, Some(7));
    assert_eq!(k.ownership_nace["64.190"].sum, Some(57.52));
    assert_eq!(k.ownership_nace["00.000"].title.as_deref(), Some("Ukjent"));
    let kn = ind.knowledge.as_ref().expect("knowledge");
    // Floats stay floats, bit for bit.
    assert_eq!(kn.sum_unknown_shareholders, Some(37.709999999999994));
    assert_eq!(kn.number_of_unidentified_shareholders, Some(936));
    assert_eq!(
        ind.voting_power
            .as_ref()
            .and_then(|v| v.number_of_high_vp_low_integrated),
        Some(1)
    );
    let meta = present(&own.metadata).expect("metadata");
    assert_eq!(meta.sources, vec!["BISNODE", "TRANK"]);
    // Only indicators were in the answer: the rest of ownership was not requested.
    assert!(own.shareholders.is_none());
    let req = vec!["ownership.indicators".to_owned()];
    assert_eq!(
        org.availability("ownership.indicators", &req),
        Availability::Present
    );
    assert_eq!(
        org.availability("ownership.shareholders", &req),
        Availability::NotRequested
    );
    assert_eq!(org.availability("roles", &req), Availability::NotRequested);
}

#[test]
fn vendor_sanction_hit_example() {
    let hit: SanctionHit =
        serde_json::from_value(fixture("bankid-sanction-hit-example.json")).expect("hit reads");
    assert_eq!(hit.match_indicator, Some(325.0));
    assert_eq!(hit.name.as_deref(), Some("Najmuddin Faraj Ahmad"));
    assert_eq!(hit.alias_list.len(), 4);
    assert_eq!(hit.address_list.len(), 2);
    assert_eq!(hit.address_list[1].city.as_deref(), Some("Oslo"));
    assert_eq!(hit.address_list[0].country_code.as_deref(), Some("IQ"));
    assert_eq!(hit.source, Some(SanctionSource::EuGlobal));
    assert_eq!(hit.provider.as_deref(), Some("TRAPETS"));
    assert_eq!(hit.external_id.as_deref(), Some("3641"));
    assert!(!hit.is_pep());
    // Inside an organization answer too.
    let org = OrgResult::from_json(
        &json!({"sanction": {"hits": [fixture("bankid-sanction-hit-example.json")]}}),
    )
    .expect("org with hit");
    assert_eq!(org.summary().sanction_hits, Some(1));
}

#[test]
fn full_fixture_reads_every_section() {
    let org = full();
    let k = org.key().expect("key information");
    assert_eq!(k.name.as_deref(), Some("EIDSVÅG HOLDING AS"));
    assert_eq!(k.employees, Some(42), "numeric string is read as a number");
    assert_eq!(k.registries.len(), 2);
    assert_eq!(k.registries[0].code.as_deref(), Some("Foretaksregisteret"));
    assert_eq!(k.registries[1].text(), Some("Merverdiavgiftsregisteret"));
    assert_eq!(
        present(&k.lei).and_then(|l| l.lei.as_deref()),
        Some("5967007LIEEXZX4LPK83")
    );
    assert_eq!(k.extra["shareCapitalCurrencyNew"], json!("NOK"));

    let addr = present(&org.address).expect("address");
    assert_eq!(
        present(&addr.postal_address).map(|a| a.one_line()),
        Some("Postboks 8500, 4035 STAVANGER, Norge".to_owned())
    );
    assert_eq!(addr.visiting_address, Some(Node::Empty));

    let fin = present(&org.financials).expect("financials");
    let acc = present(&fin.accounting).expect("accounting");
    assert_eq!(acc[0].operating_profit, Some(-3000.0));
    assert_eq!(acc[0].equity, Some(37.709999999999994));
    assert_eq!(acc[0].extra["ebitda"], json!(10));
    let kf = present(&fin.key_figures).expect("key figures");
    assert_eq!(
        kf.accounting_years.len(),
        1,
        "a single year object is one year"
    );
    assert_eq!(kf.accounting_years[0].year, Some(2024));
    assert_eq!(
        present(&fin.auditor).and_then(|a| a.org_number.as_deref()),
        Some("987654321")
    );
    assert_eq!(fin.accountant, Some(Section::Empty));

    let sh = org.shareholders();
    assert_eq!(sh.len(), 3);
    assert_eq!(sh[0].shareholder_type, Some(ShareholderType::Person));
    assert!(sh[0].is_person());
    assert_eq!(sh[1].shareholder_type, Some(ShareholderType::Organization));
    assert_eq!(sh[1].percentage, Some(40.0));
    assert_eq!(sh[1].voting_percentage, Some(45.5));
    assert_eq!(
        sh[2].shareholder_type,
        Some(ShareholderType::Other("TRUST".into()))
    );
    let own = present(&org.ownership).expect("ownership");
    assert_eq!(own.subsidiaries, Some(Section::Empty));

    let b = &org.beneficials()[0];
    assert_eq!(b.reason, Some(BoReason::DirectOwnership));
    assert_eq!(b.percentage_control, None);
    assert_eq!(b.roles[0].code.as_deref(), Some("Styreleder"));
    assert_eq!(b.extra["shoeSize"], json!(38));

    let auth = present(&org.authorities).expect("authorities");
    let sig = present(&auth.signature_rights).expect("signature");
    assert_eq!(sig.persons[0].role_type, Some(RoleType::Chairman));
    assert_eq!(auth.power_of_procuration, Some(Node::Empty));

    let roles = org.role_list();
    assert_eq!(roles.len(), 3);
    assert_eq!(roles[0].role_type, Some(RoleType::Ceo));
    assert_eq!(roles[1].role_type, Some(RoleType::Chairman));
    assert_eq!(roles[1].name.as_deref(), Some("Kari Nordmann"));
    assert_eq!(roles[1].pep, Some(true));
    assert_eq!(
        roles[2].role_type,
        Some(RoleType::Other("QUANTUM_OBSERVER".into()))
    );

    let hits = org.sanction_hits();
    assert_eq!(hits.len(), 2);
    assert!(hits[0].is_pep());
    assert_eq!(hits[1].match_indicator, Some(125.0));
    assert_eq!(hits[1].alias_list, vec!["Alias One"]);
    assert_eq!(
        hits[0].source,
        Some(SanctionSource::Other("PEP_NORWAY".into()))
    );

    let links = present(&org.links).expect("links");
    assert_eq!(links.reports.len(), 2);
    assert_eq!(
        links.reports[1].name.as_deref(),
        Some("certificate-of-registration")
    );
    assert_eq!(
        links.reports[1].href.as_deref(),
        Some("https://example.invalid/cor.pdf")
    );

    assert!(org.is_sandbox());
    assert_eq!(org.extra["someFutureNode"], json!({"nested": [1, 2, 3]}));
}

#[test]
fn summary_for_listing() {
    let s = full().summary();
    assert_eq!(s.name.as_deref(), Some("EIDSVÅG HOLDING AS"));
    assert_eq!(s.org_number.as_deref(), Some("923609016"));
    assert_eq!(s.legal_form.as_deref(), Some("Aksjeselskap"));
    assert_eq!(s.status.as_deref(), Some("ACTIVE"));
    // One EU hit and Kari's PEP-list hit: the PEP-list hit is not also a sanction hit.
    assert_eq!((s.sanction_hits, s.pep_hits), (Some(1), Some(1)));
    // Kari is flagged as shareholder, as role holder and by a PEP-list hit: one person.
    assert_eq!(s.pep_count, Some(1));
    let bare = OrgResult::from_json(&json!({"keyInformation": {"name": "X"}})).expect("bare");
    assert_eq!(
        bare.summary().sanction_hits,
        None,
        "not requested is not zero"
    );
    assert_eq!(bare.summary().pep_count, None);
    let searched = OrgResult::from_json(&json!({"sanction": {}})).expect("empty sanction");
    assert_eq!(searched.summary().sanction_hits, Some(0));
}

#[test]
fn absent_empty_and_present_stay_distinct() {
    let absent = OrgResult::from_json(&json!({"keyInformation": {"name": "X"}})).expect("reads");
    assert!(absent.address.is_none());
    for empty in [json!(null), json!({}), json!([])] {
        let org = OrgResult::from_json(&json!({ "address": empty })).expect("reads");
        assert_eq!(org.address, Some(Section::Empty), "{empty}");
        let req = vec!["address".to_owned()];
        assert_eq!(org.availability("address", &req), Availability::Empty);
    }
    let req = vec!["address".to_owned(), "roles".to_owned()];
    assert_eq!(absent.availability("address", &req), Availability::Missing);
    assert_eq!(
        absent.availability("address", &[]),
        Availability::NotRequested
    );
    assert_eq!(
        absent.availability("keyInformation", &[]),
        Availability::Present
    );
    assert_eq!(
        absent.availability("keyInformation.lei", &[]),
        Availability::NotRequested
    );

    let org = full();
    let req: Vec<String> = ["address", "financials", "ownership", "sanction"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        org.availability("address.visitingAddress", &req),
        Availability::Empty
    );
    assert_eq!(
        org.availability("address.postalAddress", &req),
        Availability::Present
    );
    assert_eq!(
        org.availability("financials.accountant", &req),
        Availability::Empty
    );
    assert_eq!(
        org.availability("ownership.subsidiaries", &req),
        Availability::Empty
    );
    assert_eq!(
        org.availability("ownership.indicators", &req),
        Availability::Missing
    );
    // The raw JSON gives the same answers as the typed view.
    let raw = fixture("org-no-full.json");
    for path in [
        "address.visitingAddress",
        "ownership.indicators",
        "roles",
        "financials.accounting",
    ] {
        assert_eq!(
            availability(&raw, path, &req),
            org.availability(path, &req),
            "{path}"
        );
    }
    // A node with only provenance metadata has no data.
    let meta_only = json!({"ownership": {"shareholders": [], "metadata": {"sources": ["X"]}}});
    assert_eq!(
        availability(&meta_only, "ownership", &["ownership".to_owned()]),
        Availability::Present
    );
    assert_eq!(
        availability(
            &json!({"roles": {"metadata": {}}}),
            "roles",
            &["roles".to_owned()]
        ),
        Availability::Empty
    );
}

#[test]
fn round_trip_keeps_unknowns() {
    let org = full();
    let out = org.to_json();
    let again = OrgResult::from_json(&out).expect("re-reads");
    assert_eq!(org, again);
    assert_eq!(out["someFutureNode"], json!({"nested": [1, 2, 3]}));
    assert_eq!(out["ownership"]["shareholders"][2]["type"], json!("TRUST"));
    assert_eq!(
        out["roles"]["items"][2]["roleType"],
        json!("QUANTUM_OBSERVER")
    );
    assert_eq!(out["ownership"]["beneficials"][0]["shoeSize"], json!(38));
    assert_eq!(out["address"]["visitingAddress"], Value::Null);
    assert!(out.get("authorities").is_some());
    assert_eq!(
        out["financials"]["accounting"][0]["equity"],
        json!(37.709999999999994)
    );
}

#[test]
fn errors_name_the_place() {
    match OrgResult::from_json(&json!([1, 2])) {
        Err(ModelError::NotAnObject { found, .. }) => assert_eq!(found, "a list"),
        other => panic!("expected NotAnObject, got {other:?}"),
    }
    // A section that does not fit is unreadable, the rest of the answer is read.
    let org = OrgResult::from_json(&json!({
        "keyInformation": {"name": "A AS"},
        "ownership": {"shareholders": 5, "subsidiaries": []}
    }))
    .expect("one odd section does not fail the answer");
    assert_eq!(org.summary().name.as_deref(), Some("A AS"));
    let own = present(&org.ownership).expect("ownership itself reads");
    assert_eq!(
        own.shareholders.as_ref().and_then(Section::unreadable),
        Some((
            "ownership.shareholders",
            "found the number `5`, expected a list"
        ))
    );
    assert_eq!(own.subsidiaries, Some(Section::Empty));
    let req = vec!["ownership".to_owned()];
    assert_eq!(
        org.availability("ownership.shareholders", &req),
        Availability::Unreadable
    );
    assert_eq!(
        org.availability("ownership.subsidiaries", &req),
        Availability::Empty
    );
    assert_eq!(org.summary().unreadable, vec!["ownership.shareholders"]);
    // Re-serialized, the raw value is kept, and reads back to the same.
    assert_eq!(org.to_json()["ownership"]["shareholders"], json!(5));
    assert_eq!(OrgResult::from_json(&org.to_json()).expect("again"), org);

    let org = OrgResult::from_json(&json!({"ownership": {"shareholders": [{"name": "A"}, 7]}}))
        .expect("reads");
    let (at, why) = present(&org.ownership)
        .and_then(|o| o.unreadable("shareholders"))
        .expect("unreadable");
    assert_eq!(at, "ownership.shareholders[1]", "{why}");
    let org = OrgResult::from_json(
        &json!({"ownership": {"shareholders": [{"name": "A", "percentage": {"v": 1}}]}}),
    )
    .expect("reads");
    let info = org.sections(&req);
    let sh = info
        .iter()
        .find(|i| i.path == "ownership.shareholders")
        .expect("listed");
    assert_eq!(sh.availability, Availability::Unreadable);
    assert_eq!(
        sh.reason.as_deref(),
        Some("at `ownership.shareholders[0].percentage`: found an object, expected a number")
    );
    let org = OrgResult::from_json(&json!({"roles": 12})).expect("reads");
    let (_, why) = org
        .roles
        .as_ref()
        .and_then(Section::unreadable)
        .expect("unreadable");
    assert!(why.contains("list of roles"), "{why}");
    assert_eq!(
        availability(&json!({"roles": 12}), "roles", &[]),
        Availability::Unreadable
    );
}

#[test]
fn beneficial_owners_result() {
    let bo = BoResult::from_json(&json!({
        "organization": {"name": "Eid AS", "orgNumber": "923609016"},
        "beneficialOwners": [
            {"name": "Kari Nordmann", "dateOfBirth": "1970-01-01", "reason": "VOTING_RIGHTS",
             "citizenship": "NO", "integratedOwnership": "12,5"},
            {"firstName": "Ola", "lastName": "Nordmann", "reason": "SOMETHING_NEW"}
        ],
        "reportId": "r-1"
    }))
    .expect("bo reads");
    assert_eq!(bo.org_number(), Some("923609016"));
    let owners = bo.owners();
    assert_eq!(owners.len(), 2);
    assert_eq!(owners[0].reason, Some(BoReason::VotingRights));
    assert!(owners[0].reason.as_ref().is_some_and(BoReason::is_voting));
    assert_eq!(owners[0].integrated_ownership, Some(12.5));
    assert_eq!(owners[1].display_name().as_deref(), Some("Ola Nordmann"));
    assert_eq!(
        owners[1].reason,
        Some(BoReason::Other("SOMETHING_NEW".into()))
    );
    assert_eq!(bo.extra["reportId"], json!("r-1"));
    let again = BoResult::from_json(&serde_json::to_value(&bo).expect("ser")).expect("re-reads");
    assert_eq!(bo, again);

    let empty = BoResult::from_json(&json!({"beneficialOwners": []})).expect("reads");
    assert_eq!(empty.beneficial_owners, Some(Section::Empty));
    let nested = BoResult::from_json(&json!({"ownership": {"beneficials": [{"name": "A"}]}}))
        .expect("reads");
    assert_eq!(nested.owners().len(), 1);

    let rights =
        BoAccessRights::from_json(&json!({"nationalRegistry": "PENDING"})).expect("rights");
    assert_eq!(rights.registry(), Some(&RegistryAccess::Pending));
    let odd = BoAccessRights::from_json(&json!({"nationalRegistry": {"status": "GRANTED"}}))
        .expect("an odd value is unreadable, not an error");
    assert!(odd.registry().is_none());
    assert_eq!(
        odd.national_registry
            .as_ref()
            .and_then(Section::unreadable)
            .map(|u| u.0),
        Some("nationalRegistry")
    );
}

#[test]
fn amlyze_answers() {
    let a = AmlyzeBatchAnswer::from_json(&json!({
        "results": [
            {"resultType": "REQUEST_ACCEPTED", "communicationNumber": "c-1", "customerExtId": "E1", "timeElapsedMs": 12},
            {"resultType": "REQUEST_REJECTED", "communicationNumber": "c-2", "errorCode": "O005",
             "errorDescription": "communicationNumber already used"},
            {"resultType": "REQUEST_DEFERRED", "communicationNumber": "c-3"}
        ],
        "timeElapsedMs": 123
    }))
    .expect("batch reads");
    assert!(!a.is_request_failure());
    assert_eq!(a.rows()[0].result_type, Some(AmlyzeResultType::Accepted));
    assert_eq!(
        a.rows()[2].result_type,
        Some(AmlyzeResultType::Other("REQUEST_DEFERRED".into()))
    );
    let rejected: Vec<_> = a
        .rejected()
        .filter_map(|r| r.communication_number.as_deref())
        .collect();
    assert_eq!(
        rejected,
        vec!["c-2", "c-3"],
        "unknown result types are not counted as accepted"
    );
    let out = serde_json::to_value(&a).expect("ser");
    assert_eq!(out["results"][2]["resultType"], json!("REQUEST_DEFERRED"));
    assert_eq!(AmlyzeBatchAnswer::from_json(&out).expect("re-reads"), a);

    let failed = AmlyzeBatchAnswer::from_json(
        &json!({"errorCode": "E500", "errorDescription": "boom", "timeElapsedMs": 3}),
    )
    .expect("failure reads");
    assert!(failed.is_request_failure());

    let ev = CommunicationsEvents::from_json(&json!({
        "events": [
            {"specversion": "1.0", "id": "1", "type": "app.amlyze.customer.riskmanagement.kyc_scoring.completed",
             "source": "amlyze", "subject": "c-1",
             "data": {"initialRiskLevel": "LOW", "finalRiskLevel": "SEVERE", "decisionType": "AUTO"}},
            {"type": "app.amlyze.customer.screening.sanctions.completed", "subject": "c-1", "data": {"hits": 0}},
            {"type": "app.amlyze.customer.archived", "data": null}
        ],
        "errors": [{"code": "E1", "description": "late"}]
    }))
    .expect("events read");
    let k = ev.event_list()[0].kyc_scoring().expect("scoring");
    assert_eq!(k.initial_risk_level, Some(RiskLevel::Low));
    assert_eq!(k.final_risk_level, Some(RiskLevel::Other("SEVERE".into())));
    assert_eq!(
        ev.event_list()[1].event_type,
        Some(AmlyzeEventType::SanctionsScreeningCompleted)
    );
    assert!(ev.event_list()[1].kyc_scoring().is_none());
    assert!(ev.event_list()[0].is_kyc_scoring_completed());
    assert!(!ev.event_list()[1].is_kyc_scoring_completed());
    assert_eq!(
        ev.event_list()[0].final_risk_level(),
        Some(RiskLevel::Other("SEVERE".into()))
    );
    assert_eq!(ev.event_list()[1].final_risk_level(), None);
    assert_eq!(
        ev.event_list()[2].event_type,
        Some(AmlyzeEventType::Other(
            "app.amlyze.customer.archived".into()
        ))
    );
    assert_eq!(ev.error_list()[0].code.as_deref(), Some("E1"));
    let out = serde_json::to_value(&ev).expect("ser");
    assert_eq!(CommunicationsEvents::from_json(&out).expect("re-reads"), ev);
}

#[test]
fn peer_answers() {
    let c = PeerCreateAnswer::from_json(&json!({
        "response": {"status": "OK", "message": "accepted"},
        "type_request": ["Identity", "Address"],
        "parametrRequest": [{"IdDocument": "AA123", "PhoneNumber": "+380501234567", "idRequest": "42"}]
    }))
    .expect("create reads");
    assert_eq!(
        present(&c.type_request).map(|l| l.to_vec()),
        Some(vec![TypeRequest::Identity, TypeRequest::Address])
    );
    assert_eq!(c.requests()[0].id_request.as_deref(), Some("42"));
    let single =
        PeerCreateAnswer::from_json(&json!({"type_request": "All categories"})).expect("reads");
    assert_eq!(
        present(&single.type_request).map(|l| l.to_vec()),
        Some(vec![TypeRequest::AllCategories])
    );

    let r = PeerRespondAnswer::from_json(&json!({
        "response": {"status": "OK"},
        "parametrRequest": [
            {"idDocument": "AA123", "phoneNumber": "+380501234567", "idRequest": "42", "status": "Done",
             "requestDetails": [{"idPpeers": "p1", "groupData": "Name", "fieldName": "lastName", "fieldValue": "Shevchenko"},
                                {"idPpeers": "p2", "groupData": "Pets", "fieldName": "cat", "fieldValue": "yes"}]},
            {"idRequest": "43", "status": "Panding"},
            {"idRequest": "44", "status": "Pending"},
            {"idRequest": "45", "status": "Cancelled"}
        ]
    }))
    .expect("respond reads");
    let items = r.items();
    assert_eq!(items[0].status, Some(PeerStatus::Done));
    assert_eq!(items[1].status, Some(PeerStatus::Pending));
    assert_eq!(items[2].status, Some(PeerStatus::Pending));
    assert_eq!(items[3].status, Some(PeerStatus::Other("Cancelled".into())));
    assert_eq!(r.pending().count(), 2);
    assert_eq!(
        items[0].request_details[0].group_data,
        Some(TypeRequest::Name)
    );
    assert_eq!(
        items[0].request_details[1].group_data,
        Some(TypeRequest::Other("Pets".into()))
    );
    let out = serde_json::to_value(&r).expect("ser");
    assert_eq!(out["parametrRequest"][1]["status"], json!("Pending"));
    assert_eq!(
        out["parametrRequest"][0]["requestDetails"][0]["idPpeers"],
        json!("p1")
    );
    assert_eq!(PeerRespondAnswer::from_json(&out).expect("re-reads"), r);
}

#[test]
fn finnish_variant_reads_into_the_common_shape() {
    // Similar, not identical: the Finnish answer names the number `businessId` and adds fields.
    let org = OrgResult::from_json(&json!({
        "keyInformation": {"name": "Nokia Oyj", "businessId": "0112038-9", "euId": "FIFPRO.0112038-9",
                           "mainBusinessLine": {"code": "70100", "codeSet": "TOIMI4"},
                           "organizationType": "OYJ", "tradeRegisterStatus": "REGISTERED"}
    }))
    .expect("reads");
    let k = org.key().expect("key");
    assert_eq!(k.org_number, None);
    assert_eq!(k.identifier().as_deref(), Some("0112038-9"));
    assert_eq!(org.summary().org_number.as_deref(), Some("0112038-9"));
    assert_eq!(org.summary().legal_form.as_deref(), Some("OYJ"));
    assert_eq!(k.extra["tradeRegisterStatus"], json!("REGISTERED"));
}
