//! The window's section views, built by the engine from core's typed model.

use crate::common::*;

#[tokio::test]
async fn equinor_view_has_roles_in_words_and_share_capital_with_currency() {
    let sb = sandbox(fast()).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(dir.path(), &sb.base_url(), Arc::new(MemoryStore::new())).await;
    let mut req = lookup("923609016");
    req.beneficial = false;
    req.reports.clear();
    req.expands = [
        "roles",
        "authorities",
        "sanction",
        "ownership.shareholders",
        "financials.keyFigures",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let started = engine.start_lookup(req).await.expect("started");
    tokio::time::timeout(Duration::from_secs(30), engine.wait_idle())
        .await
        .expect("idle in time");
    let case = engine.get_case(&started.case_id).await.expect("case");
    let view = case
        .organization
        .and_then(|o| o.view)
        .expect("organization view");

    assert_eq!(view.roles.state.availability, Availability::Present);
    let chair = view
        .roles
        .rows
        .iter()
        .find(|r| r.role_code.as_deref() == Some("CHAIRMAN"))
        .expect("a chair");
    assert_eq!(chair.role, "Chair of the board");
    assert!(view.roles.rows.iter().all(|r| r.role != "Person"));

    assert_eq!(view.key_figures.share_capital, Some(5_976_872_600.0));
    assert_eq!(view.key_figures.currency.as_deref(), Some("NOK"));
    assert!(!view.key_figures.years.is_empty());
    assert!(view
        .key_figures
        .years
        .windows(2)
        .all(|w| w[0].year < w[1].year));

    let sig = view.authorities.signature.expect("signature rights");
    assert!(
        sig.sentence.contains("chair of the board"),
        "{}",
        sig.sentence
    );

    let state_owner = &view.shareholders.rows[0];
    assert_eq!(state_owner.org_number.as_deref(), Some("912 660 680"));

    let hit = view
        .screening
        .hits
        .iter()
        .find(|h| h.list.as_deref() == Some("EU_GLOBAL"))
        .expect("EU hit");
    assert!(hit
        .relation
        .as_deref()
        .is_some_and(|r| r.contains("BRATTLI INVEST AS")));
    assert_eq!(view.screening.ofac_included, Some(true));
    assert!(!view.screening.lists_searched.is_empty());
    assert!(view.peps.iter().any(|p| p.source == "screening"));

    // The case header, the Screening card and the tab count the same hits the same way:
    // Viktor Sanko on EU_GLOBAL and OFAC_SDN (two sanction-list hits), Astrid Haugland on
    // PEP_NORDIC (one PEP-list hit, not also a sanction hit).
    let s = &case.summary;
    assert_eq!(
        (s.sanction_hits, s.pep_hits),
        (view.screening.sanction_hits, view.screening.pep_hits),
        "header and Screening card agree"
    );
    assert_eq!((s.sanction_hits, s.pep_hits), (2, 1));
    assert_eq!(
        usize::try_from(s.sanction_hits + s.pep_hits).expect("small"),
        view.screening.hits.len(),
        "the tab's count is the number of hits it lists"
    );
}
