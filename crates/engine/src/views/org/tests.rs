//! The organization views on recorded and hand-drifted answers: roles in words, figures with
//! their currency, sections that could not be read.

use super::*;
use serde_json::json;

fn view(raw: serde_json::Value, requested: &[&str]) -> OrgView {
    let requested: Vec<String> = requested.iter().map(|s| (*s).to_owned()).collect();
    let org = OrgResult::from_json(&raw).expect("reads");
    org_view(&org, &org.sections(&requested))
}

#[test]
fn currency_is_never_assumed_and_years_run_oldest_first() {
    let v = view(
        json!({
            "keyInformation": {"name": "X AB", "country": "SE"},
            "financials": {"keyFigures": {"years": [{"year": 2024, "turnover": 2.0}, {"year": 2023, "turnover": 1.0}]}}
        }),
        &["financials.keyFigures"],
    );
    assert_eq!(v.key_figures.currency, None);
    assert_eq!(v.key_figures.share_capital, None);
    let years: Vec<i64> = v.key_figures.years.iter().map(|y| y.year).collect();
    assert_eq!(years, [2023, 2024]);
    assert!(v.key_figures.years.iter().all(|y| y.currency.is_none()));
}

#[test]
fn roles_grouped_by_key_read_in_words_with_since_and_formatted_numbers() {
    let v = view(
        json!({
            "keyInformation": {"name": "X AS", "country": "NO"},
            "roles": {"chairman": {"name": "A B", "fromDate": "2020-01-01", "type": "person"},
                      "auditor": {"name": "REV AS", "orgNumber": "923609016", "type": "organization"}},
            "ownership": {"shareholders": [{"name": "Y AS", "orgNumber": "923609016", "percentage": 50}]}
        }),
        &["roles", "ownership.shareholders"],
    );
    let chair = v
        .roles
        .rows
        .iter()
        .find(|r| r.name == "A B")
        .expect("chair");
    assert_eq!(chair.role, "Chair of the board");
    assert_eq!(chair.since.as_deref(), Some("2020-01-01"));
    let auditor = v
        .roles
        .rows
        .iter()
        .find(|r| r.name == "REV AS")
        .expect("auditor");
    assert_eq!(auditor.role, "Auditor");
    assert_eq!(auditor.org_number.as_deref(), Some("923 609 016"));
    assert_eq!(
        v.shareholders.rows[0].org_number.as_deref(),
        Some("923 609 016")
    );
    assert_eq!(
        v.shareholders.rows[0].org_number_raw.as_deref(),
        Some("923609016")
    );
}

#[test]
fn a_section_that_does_not_fit_is_unreadable_in_its_view() {
    let v = view(
        json!({"keyInformation": {"name": "X AS"}, "sanction": {"hits": "not a list"}}),
        &["sanction", "roles"],
    );
    assert_eq!(v.screening.state.availability, Availability::Unreadable);
    assert!(v.screening.hits.is_empty());
    assert_eq!(v.roles.state.availability, Availability::Missing);
}

#[test]
fn key_information_addresses_and_indicators_are_typed_with_their_sources() {
    let v = view(
        json!({
            "keyInformation": {
                "name": "EQUINOR ASA", "orgNumber": "923609016", "country": "NO",
                "organizationType": {"code": "ASA", "description": "Allmennaksjeselskap"},
                "industrySector": {"code": "06.100", "description": "Utvinning av råolje"},
                "employees": 21000, "registries": [{"code": "MVA", "description": "Merverdiavgiftsregisteret"}],
                "metadata": {"sources": ["BRREG"]}
            },
            "address": {"visitingAddress": {"street": "Forusbeen 50", "postCode": "4035", "city": "STAVANGER", "country": "Norge"},
                        "metadata": {"sources": ["BRREG"]}},
            "ownership": {
                "indicators": {"keyIndicators": {"numberOfShareholdersTotal": 12, "maxShareHolderDistance": 5},
                               "knowledge": {"sumIdentifiedShareholders": 96.0, "sumUnidentifiedShareholders": 3.0, "sumUnknownShareholders": 1.0},
                               "selfOwnership": {"companySelfOwnership": 0}},
                "metadata": {"sources": ["AKSJEEIERBOKEN"]}
            }
        }),
        &["address", "ownership.indicators"],
    );
    let k = &v.key_information;
    assert_eq!(k.org_number.as_deref(), Some("923 609 016"));
    assert_eq!(k.org_number_raw.as_deref(), Some("923609016"));
    assert_eq!(k.legal_form.as_deref(), Some("Allmennaksjeselskap (ASA)"));
    assert_eq!(k.industry.as_deref(), Some("Utvinning av råolje (06.100)"));
    assert_eq!(k.registries, ["Merverdiavgiftsregisteret"]);
    assert_eq!(k.employees, Some(21000));
    assert_eq!(k.state.sources, ["BRREG"]);
    assert_eq!(
        v.addresses.visiting.as_deref(),
        Some("Forusbeen 50, 4035 STAVANGER, Norge")
    );
    assert_eq!(v.addresses.postal, None);
    assert_eq!(v.addresses.state.availability, Availability::Present);
    let i = &v.indicators;
    assert_eq!(i.shareholders_total, Some(12));
    assert_eq!(i.max_chain, Some(5));
    assert_eq!(i.identified, Some(96.0));
    assert!(i.has_self_ownership && !i.has_voting_power);
    assert_eq!(i.state.sources, ["AKSJEEIERBOKEN"]);
    assert_eq!(v.shareholders.state.sources, ["AKSJEEIERBOKEN"]);
}

#[test]
fn an_unreadable_address_is_unreadable_and_empty_in_its_view() {
    let v = view(
        json!({"keyInformation": {"name": "X AS"}, "address": ["not", "an object"]}),
        &["address", "ownership.indicators"],
    );
    assert_eq!(v.addresses.state.availability, Availability::Unreadable);
    assert_eq!(v.addresses.visiting, None);
    assert_eq!(v.indicators.state.availability, Availability::Missing);
    assert_eq!(v.indicators.shareholders_total, None);
}
