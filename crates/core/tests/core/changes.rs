//! What changed between two organization answers: a table of (before, after, expected words).

use amldesk_core::model::org::OrgResult;
use amldesk_core::review::{changes, ChangeKind};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "keyInformation": {"name": "BRATTLI INVEST AS", "orgNumber": "921111304",
            "status": {"code": "ACTIVE", "description": "ACTIVE"}},
        "address": {"visitingAddress": {"street": "Strandkaien 3", "postCode": "5013",
            "city": "ÅLESUND", "countryCode": "NO"}},
        "roles": [{"type": "CEO", "name": "Rune Brattli", "dateOfBirth": "1964-12-24"}],
        "ownership": {
            "shareholders": [
                {"name": "SKARVEN FAMILIEHOLDING AS", "orgNumber": "921111401", "percentage": 90.0},
                {"name": "Viktor Sanko", "dateOfBirth": "1961-09-30", "percentage": 10.0}
            ],
            "beneficials": [{"name": "Kari Skarvholm", "dateOfBirth": "1968-04-12", "ownerShare": 90.0}]
        },
        "sanction": {"status": "HIT", "hits": [{"name": "Viktor Sanko", "source": "EU_GLOBAL",
            "externalId": "SBX-EU-1001", "relation": "Shareholder (10 %) of BRATTLI INVEST AS",
            "lastUpdate": "2025-11-02T00:00:00", "matchIndicator": 480}]}
    })
}

fn read(v: &Value) -> OrgResult {
    OrgResult::from_json(v).expect("an object")
}

type Edit = fn(&mut Value);
type Case = (&'static str, Edit, Vec<(ChangeKind, &'static str)>);

#[test]
fn each_kind_of_difference_is_said_in_words() {
    let cases: Vec<Case> = vec![
        ("nothing changed", |_| {}, vec![]),
        (
            "status",
            |v| v["keyInformation"]["status"] = json!({"code": "DISSOLVED", "description": "DISSOLVED"}),
            vec![(ChangeKind::Status, "Status changed from ACTIVE to DISSOLVED")],
        ),
        (
            "address",
            |v| v["address"]["visitingAddress"]["street"] = json!("Kongens gate 1"),
            vec![(
                ChangeKind::Address,
                "Business address changed from Strandkaien 3, 5013 ÅLESUND, NO to Kongens gate 1, 5013 ÅLESUND, NO",
            )],
        ),
        (
            "a role in and a role out",
            |v| v["roles"] = json!([{"type": "CEO", "name": "Tone Vik", "dateOfBirth": "1985-04-04"}]),
            vec![
                (ChangeKind::RoleIn, "Tone Vik is now CEO"),
                (ChangeKind::RoleOut, "Rune Brattli is no longer CEO"),
            ],
        ),
        (
            "a share changed, a holder gone, one added",
            |v| {
                v["ownership"]["shareholders"] = json!([
                    {"name": "SKARVEN FAMILIEHOLDING AS", "orgNumber": "921111401", "percentage": 75.5},
                    {"name": "VESTFJORD KAPITAL AS", "orgNumber": "921111207", "percentage": 24.5}
                ])
            },
            vec![
                (ChangeKind::ShareholderAdded, "VESTFJORD KAPITAL AS is a new shareholder with 24.5 %"),
                (ChangeKind::ShareChanged, "SKARVEN FAMILIEHOLDING AS's share changed from 90 % to 75.5 %"),
                (ChangeKind::ShareholderGone, "Viktor Sanko is no longer a shareholder (held 10 %)"),
            ],
        ),
        (
            "a beneficial owner added and one gone",
            |v| v["ownership"]["beneficials"] = json!([{"name": "Lars Eikrem", "ownerShare": 30}]),
            vec![
                (ChangeKind::OwnerAdded, "Lars Eikrem is a new beneficial owner (30 %)"),
                (ChangeKind::OwnerGone, "Kari Skarvholm is no longer a beneficial owner"),
            ],
        ),
        (
            "a hit cleared and a new one",
            |v| {
                v["sanction"]["hits"] = json!([{"name": "Astrid Haugland", "source": "PEP_NORDIC",
                    "category": "PEP", "relation": "Chairman of VESTFJORD KAPITAL AS"}])
            },
            vec![
                (ChangeKind::HitNew, "New hit: Astrid Haugland on PEP_NORDIC (unreviewed)"),
                (ChangeKind::HitCleared, "Hit cleared: Viktor Sanko is no longer listed on EU_GLOBAL for this subject"),
            ],
        ),
        (
            "the listing of a hit updated",
            |v| v["sanction"]["hits"][0]["lastUpdate"] = json!("2026-02-01T00:00:00"),
            vec![(
                ChangeKind::HitChanged,
                "Hit changed: Viktor Sanko on EU_GLOBAL (the listing or the match changed; unreviewed again)",
            )],
        ),
        (
            "an unreadable section is not compared, never 'all gone'",
            |v| v["roles"] = json!("not a list"),
            vec![(ChangeKind::NotCompared, "Roles not compared: it could not be read in the new answer")],
        ),
        (
            "a section not asked for in the new run",
            |v| {
                v.as_object_mut().map(|o| o.remove("sanction"));
            },
            vec![(ChangeKind::NotCompared, "Screening hits not compared: it was not asked for in the new run")],
        ),
    ];
    for (what, edit, want) in cases {
        let before = base();
        let mut after = base();
        edit(&mut after);
        let got: Vec<(ChangeKind, String)> = changes(&read(&before), &read(&after))
            .into_iter()
            .map(|c| (c.kind, c.text))
            .collect();
        let want: Vec<(ChangeKind, String)> =
            want.into_iter().map(|(k, t)| (k, t.to_owned())).collect();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn unreadable_in_the_previous_answer_is_said_too() {
    let mut before = base();
    before["ownership"]["shareholders"] = json!({"not": "a list"});
    let got = changes(&read(&before), &read(&base()));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].kind, ChangeKind::NotCompared);
    assert_eq!(
        got[0].text,
        "Shareholders not compared: it could not be read in the previous answer"
    );
}
