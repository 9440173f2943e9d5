//! Use cases over a temp store with no upstream at all (`Ctx::for_tests`): what the case view
//! makes of stored answers, including ones that cannot be fully read.

use amldesk_engine::usecase::{get_case, get_raw_section, list_cases};
use amldesk_engine::Ctx;
use amldesk_store::cases::{self, Subject};
use amldesk_store::results::{self, NewResult};
use amldesk_store::sessions::{self, NewSession};
use amldesk_store::{DbKey, Store};

use crate::common::*;

fn store_with_answer(
    dir: &std::path::Path,
    raw: &str,
    extracts_from: &str,
) -> (Store, String, String) {
    let store = Store::open(dir.join("t.db"), &DbKey::generate()).expect("store");
    let raw = raw.to_owned();
    let ex = amldesk_engine::session::extracts::extracts_of(
        &serde_json::from_str(extracts_from).expect("json"),
        true,
    );
    let (case_id, session_id) = store
        .write_blocking(move |c| {
            let case_id = cases::create_case(
                c,
                &Subject::Organization {
                    id: amldesk_core::OrgId::parse(amldesk_core::Country::No, "923609016")
                        .expect("id"),
                    name: None,
                },
                "sandbox",
            )?;
            let sid = sessions::insert_planned(
                c,
                &NewSession {
                    case_id: &case_id,
                    provider: "organization",
                    kind: "organization",
                    request_json: "{}",
                    client_reference: "ref-1",
                    batch_id: None,
                },
            )?;
            results::put_result(
                c,
                &NewResult {
                    session_id: &sid,
                    case_id: &case_id,
                    kind: "organization",
                    raw_json: raw.as_bytes(),
                    requested: &["sanction".to_owned(), "roles".to_owned()],
                    fetched_at: "2026-11-30T12:00:00Z",
                    environment: "sandbox",
                    extracts: &ex,
                },
            )?;
            Ok((case_id, sid))
        })
        .expect("write");
    (store, case_id, session_id)
}

const DRIFTED: &str = r#"{"keyInformation": {"name": "EQUINOR ASA", "orgNumber": "923609016"},
  "sanction": "see attachment", "roles": null}"#;

#[tokio::test]
async fn an_unreadable_section_is_unreadable_never_nothing_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, case_id, session_id) = store_with_answer(dir.path(), DRIFTED, DRIFTED);
    let ctx = Ctx::for_tests(store, dir.path());
    let case = get_case::get_case(&ctx, &case_id).await.expect("case");
    let org = case.organization.expect("organization");
    assert_eq!(org.session_id, session_id);
    let of = |p: &str| {
        org.sections
            .iter()
            .find(|s| s.path == p)
            .unwrap_or_else(|| panic!("{p} listed"))
            .availability
    };
    assert_eq!(of("keyInformation"), Availability::Present);
    assert_eq!(of("sanction"), Availability::Unreadable);
    assert_eq!(
        of("roles"),
        Availability::Empty,
        "null is searched, nothing found"
    );
    assert_eq!(of("address"), Availability::NotRequested);
    assert_eq!(case.summary.subject_name.as_deref(), Some("EQUINOR ASA"));
    assert_eq!(case.summary.unreadable, vec!["sanction".to_owned()]);
    // The hit count is unknown, not zero: nothing was counted.
    assert_eq!(case.summary.sanction_hits, 0);
    let raw = get_raw_section::get_raw_section(
        &ctx,
        RawSectionRequest {
            session_id,
            path: "sanction".into(),
        },
    )
    .await
    .expect("raw");
    assert_eq!(raw.raw, serde_json::json!("see attachment"));
    let listed = list_cases::list_cases(&ctx, CaseQuery::default())
        .await
        .expect("list");
    assert_eq!(listed[0].unreadable, vec!["sanction".to_owned()]);
}

#[tokio::test]
async fn amlyze_push_refuses_to_decide_from_an_unreadable_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, case_id, _) = store_with_answer(dir.path(), DRIFTED, DRIFTED);
    let ctx = Ctx::for_tests(store, dir.path());
    let err = amldesk_engine::usecase::amlyze_push::amlyze_push(
        &ctx,
        AmlyzePushRequest {
            case_id,
            validate_only: true,
        },
    )
    .await
    .expect_err("refused before any request");
    let dto = err.to_dto();
    assert_eq!(dto.code, ErrorCode::Validation);
    assert_eq!(dto.field.as_deref(), Some("sanction"), "{dto:?}");
    assert!(dto.message.contains("could not be read"), "{}", dto.message);
}

#[tokio::test]
async fn amlyze_push_refuses_a_placeholder_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = r#"{"keyInformation": {"name": [1, 2]}, "sanction": {"hits": []}}"#;
    let (store, case_id, _) = store_with_answer(dir.path(), raw, raw);
    let ctx = Ctx::for_tests(store, dir.path());
    let err = amldesk_engine::usecase::amlyze_push::amlyze_push(
        &ctx,
        AmlyzePushRequest {
            case_id,
            validate_only: true,
        },
    )
    .await
    .expect_err("refused");
    assert_eq!(err.to_dto().field.as_deref(), Some("keyInformation"));
}
