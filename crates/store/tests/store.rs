//! Store tests on real temp-file databases (encrypted, WAL, through the threaded handle).

use amldesk_core::id::{Country, OrgId};
use amldesk_store::{
    atomic, audit, batches, cases, documents, notes, results, search, sessions, settings,
    CaseFilter, DbKey, ResultExtracts, SessionState, Store, StoreError, Subject,
};
use sessions::{NewSession, StateUpdate};
use std::path::PathBuf;

#[path = "store/review.rs"]
mod review;

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
    key: DbKey,
    store: Store,
}

fn open() -> Db {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cases.db");
    let key = DbKey::new(Store::generate_key());
    let store = Store::open(&path, &key).expect("open store");
    Db {
        _dir: dir,
        path,
        key,
        store,
    }
}

fn equinor() -> Subject {
    Subject::Organization {
        id: OrgId::parse(Country::No, "923609016").expect("valid"),
        name: None,
    }
}

fn org(country: Country, id: &str, name: Option<&str>) -> Subject {
    Subject::Organization {
        id: OrgId::parse(country, id).expect("valid"),
        name: name.map(str::to_owned),
    }
}

const T: &str = "2026-01-31T12:00:00Z";

fn plan(store: &Store, case_id: &str, reference: &str) -> String {
    let (c, r) = (case_id.to_owned(), reference.to_owned());
    store
        .write_blocking(move |conn| {
            sessions::insert_planned(
                conn,
                &NewSession {
                    case_id: &c,
                    provider: "organization",
                    kind: "organization",
                    request_json: r#"{"identifier":"923609016","nationality":"NO"}"#,
                    client_reference: &r,
                    batch_id: None,
                },
            )
        })
        .expect("plan")
}

fn put_org_result(store: &Store, case_id: &str, session_id: &str, ex: ResultExtracts) -> String {
    let (c, s) = (case_id.to_owned(), session_id.to_owned());
    store
        .write_blocking(move |conn| {
            results::put_result(
                conn,
                &results::NewResult {
                    session_id: &s,
                    case_id: &c,
                    kind: "organization",
                    raw_json: br#"{"keyInformation":{"name":"EQUINOR ASA","orgNr":"923609016"},  "x": 37.709999999999994}"#,
                    requested: &["roles".to_owned(), "sanction".to_owned()],
                    fetched_at: T,
                    environment: "sandbox",
                    extracts: &ex,
                },
            )
        })
        .expect("put result")
}

fn equinor_extracts() -> ResultExtracts {
    ResultExtracts {
        subject_name: Some("EQUINOR ASA".into()),
        people: vec!["Anders Opedal".into(), "Jon Erik Reinhardsen".into()],
        roles: vec![
            "CEO: Anders Opedal".into(),
            "Chairman: Jon Erik Reinhardsen".into(),
        ],
        sanction_hit_names: vec!["Ivan Sanctionedov".into()],
        identifiers: vec!["984851006".into()],
        names: vec!["Statoil Petroleum AS".into()],
        risk: Some("HIGH".into()),
        sanction_hits: Some(1),
        pep_hits: Some(2),
        unreadable: Some(vec![]),
    }
}

#[test]
fn unreadable_sections_of_the_latest_answer_reach_the_case_list() {
    let db = open();
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    let summary = |db: &Db| {
        let id = case_id.clone();
        db.store
            .read_blocking(move |c| cases::get_case(c, &id))
            .expect("get")
            .summary
    };
    assert!(summary(&db).unreadable.is_empty(), "a new case has none");
    let sid = plan(&db.store, &case_id, "ref-u1");
    let mut ex = equinor_extracts();
    ex.unreadable = Some(vec!["sanction".into(), "ownership.shareholders".into()]);
    ex.sanction_hits = None;
    put_org_result(&db.store, &case_id, &sid, ex);
    assert_eq!(
        summary(&db).unreadable,
        vec!["sanction".to_owned(), "ownership.shareholders".to_owned()]
    );
    let listed = db
        .store
        .read_blocking(|c| cases::list_cases(c, &cases::CaseFilter::default()))
        .expect("list");
    assert_eq!(listed[0].unreadable.len(), 2, "the list carries them too");
    // A later answer that reads completely clears them.
    let sid2 = plan(&db.store, &case_id, "ref-u2");
    put_org_result(&db.store, &case_id, &sid2, equinor_extracts());
    assert!(summary(&db).unreadable.is_empty());
}

#[test]
fn case_lifecycle_with_result_and_summary() {
    let db = open();
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    let rec = db
        .store
        .read_blocking({
            let id = case_id.clone();
            move |c| cases::get_case(c, &id)
        })
        .expect("get");
    assert_eq!(rec.summary.identifier, "923609016");
    assert_eq!(rec.summary.identifier_display, "923 609 016");
    assert_eq!(rec.summary.status, "review");
    assert_eq!(rec.summary.country.as_deref(), Some("NO"));
    assert_eq!(rec.subject, equinor());

    let sid = plan(&db.store, &case_id, "ref-1");
    let s = db
        .store
        .read_blocking({
            let id = case_id.clone();
            move |c| cases::get_case(c, &id)
        })
        .expect("get");
    assert_eq!(s.summary.status, "running");
    assert_eq!(s.summary.open_sessions, 1);

    let sha = put_org_result(&db.store, &case_id, &sid, equinor_extracts());
    let latest = db
        .store
        .read_blocking({
            let id = case_id.clone();
            move |c| results::latest_result(c, &id, "organization")
        })
        .expect("latest")
        .expect("some");
    assert_eq!(latest.sha256, sha);
    assert_eq!(
        latest.raw_json,
        br#"{"keyInformation":{"name":"EQUINOR ASA","orgNr":"923609016"},  "x": 37.709999999999994}"#,
        "raw JSON must be kept byte for byte"
    );
    assert_eq!(latest.requested, vec!["roles", "sanction"]);

    {
        let sid = sid.clone();
        db.store
            .write_blocking(move |c| {
                sessions::update_state(c, &sid, &StateUpdate::new(SessionState::Done))
            })
            .expect("done");
    }
    let list = db
        .store
        .read_blocking(|c| cases::list_cases(c, &CaseFilter::default()))
        .expect("list");
    assert_eq!(list.len(), 1);
    let s = &list[0];
    assert_eq!(s.subject_name.as_deref(), Some("EQUINOR ASA"));
    assert_eq!(s.risk.as_deref(), Some("HIGH"));
    assert_eq!((s.sanction_hits, s.pep_hits), (1, 2));
    assert_eq!(s.last_fetched_at.as_deref(), Some(T));
    assert_eq!(s.status, "review");
    assert_eq!(s.open_sessions, 0);

    // Decision closes the case.
    {
        let id = case_id.clone();
        db.store
            .write_blocking(move |c| notes::set_decision(c, &id, "approve", "Looks fine"))
            .expect("decide");
    }
    let closed = db
        .store
        .read_blocking(|c| {
            cases::list_cases(
                c,
                &CaseFilter {
                    status: Some("closed".into()),
                    ..Default::default()
                },
            )
        })
        .expect("list closed");
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].decision.as_deref(), Some("approve"));
    let notes = db
        .store
        .read_blocking({
            let id = case_id.clone();
            move |c| notes::list_notes(c, &id)
        })
        .expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].decision.as_deref(), Some("approve"));

    let audit = db
        .store
        .read_blocking({
            let id = case_id.clone();
            move |c| audit::list(c, Some(&id))
        })
        .expect("audit");
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "case.created",
            "session.planned",
            "result.stored",
            "session.state",
            "decision.set"
        ]
    );
    assert_eq!(
        db.store
            .read_blocking(|c| amldesk_store::integrity_check(c))
            .expect("ic"),
        "ok"
    );
}

#[test]
fn failed_session_puts_case_in_attention_until_redone() {
    let db = open();
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "test"))
        .expect("create");
    let s1 = plan(&db.store, &case_id, "r1");
    db.store
        .write_blocking(move |c| {
            let mut u = StateUpdate::new(SessionState::Failed);
            u.error_json = Some(Some(r#"{"code":"Upstream","message":"boom"}"#));
            sessions::update_state(c, &s1, &u)
        })
        .expect("fail");
    let status = |db: &Db| {
        let id = case_id.clone();
        db.store
            .read_blocking(move |c| cases::get_case(c, &id))
            .expect("get")
            .summary
            .status
    };
    assert_eq!(status(&db), "attention");
    let s2 = plan(&db.store, &case_id, "r2");
    db.store
        .write_blocking(move |c| {
            sessions::update_state(c, &s2, &StateUpdate::new(SessionState::Done))
        })
        .expect("done");
    assert_eq!(status(&db), "review");
}

#[test]
fn sessions_resume_and_client_reference() {
    let db = open();
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    let a = plan(&db.store, &case_id, "ref-a");
    let b = plan(&db.store, &case_id, "ref-b");
    let c_ = plan(&db.store, &case_id, "ref-c");
    {
        let a = a.clone();
        db.store
            .write_blocking(move |c| {
                sessions::mark_created(c, &a, "up-1", Some("2026-01-31T14:00:00Z"))?;
                let mut u = StateUpdate::new(SessionState::Polling);
                u.attempts = Some(3);
                u.next_poll_at = Some(Some("2026-01-31T12:00:05Z"));
                u.entities_json = Some(r#"[{"entity":"jsonData","state":"inProgress"}]"#);
                sessions::update_state(c, &a, &u)
            })
            .expect("progress");
    }
    db.store
        .write_blocking(move |c| {
            sessions::update_state(c, &b, &StateUpdate::new(SessionState::Cancelled))
        })
        .expect("cancel");
    let unfinished = db
        .store
        .read_blocking(|c| sessions::list_unfinished(c))
        .expect("unfinished");
    let ids: Vec<&str> = unfinished.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [a.as_str(), c_.as_str()]);
    let sa = &unfinished[0];
    assert_eq!(sa.state, SessionState::Polling);
    assert_eq!(sa.upstream_id.as_deref(), Some("up-1"));
    assert_eq!(sa.attempts, 3);
    assert_eq!(sa.next_poll_at.as_deref(), Some("2026-01-31T12:00:05Z"));
    assert!(sa.entities_json.contains("jsonData"));

    let found = db
        .store
        .read_blocking(|c| sessions::get_by_client_reference(c, "ref-c"))
        .expect("by ref")
        .expect("found");
    assert_eq!(found.id, c_);
    assert!(db
        .store
        .read_blocking(|c| sessions::get_by_client_reference(c, "nope"))
        .expect("by ref")
        .is_none());
    // A reused client reference is refused, not duplicated.
    let cid = case_id.clone();
    let dup = db.store.write_blocking(move |c| {
        sessions::insert_planned(
            c,
            &NewSession {
                case_id: &cid,
                provider: "organization",
                kind: "organization",
                request_json: "{}",
                client_reference: "ref-a",
                batch_id: None,
            },
        )
    });
    assert!(matches!(dup, Err(StoreError::Invalid { .. })), "{dup:?}");
    let all = db
        .store
        .read_blocking(move |c| sessions::list_sessions(c, &case_id))
        .expect("list");
    assert_eq!(all.len(), 3);
}

#[test]
fn documents_are_idempotent_shared_and_verified() {
    let db = open();
    let c1 = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("c1");
    let c2 = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("c2");
    let s1 = plan(&db.store, &c1, "d1");
    let pdf = b"%PDF-1.7 fake signed report".to_vec();
    let put = |case: String, session: Option<String>, bytes: Vec<u8>| {
        db.store.write_blocking(move |c| {
            atomic(c, |c| {
                let sha = documents::put_document(
                    c,
                    &documents::NewDocument {
                        bytes: &bytes,
                        media_type: "application/pdf",
                        kind: "aml",
                        title: "AML report",
                        session_id: session.as_deref(),
                        case_id: &case,
                        source: "organization",
                        fetched_at: T,
                        upstream_expires_at: Some("2026-01-31T14:00:00Z"),
                    },
                )?;
                if let Some(s) = &session {
                    sessions::update_state(c, s, &StateUpdate::new(SessionState::Downloaded))?;
                }
                Ok(sha)
            })
        })
    };
    let sha = put(c1.clone(), Some(s1.clone()), pdf.clone()).expect("put");
    assert_eq!(sha, amldesk_store::util::sha256_hex(&pdf));
    assert_eq!(
        put(c1.clone(), Some(s1.clone()), pdf.clone()).expect("again"),
        sha
    );
    assert_eq!(put(c2.clone(), None, pdf.clone()).expect("other case"), sha);
    let l1 = {
        let c1 = c1.clone();
        db.store
            .read_blocking(move |c| documents::list_documents(c, &c1))
            .expect("l1")
    };
    let l2 = db
        .store
        .read_blocking(move |c| documents::list_documents(c, &c2))
        .expect("l2");
    assert_eq!((l1.len(), l2.len()), (1, 1));
    assert_eq!(l1[0].size, pdf.len() as u64);
    assert_eq!(l1[0].session_id.as_deref(), Some(s1.as_str()));
    let back = {
        let sha = sha.clone();
        db.store
            .read_blocking(move |c| documents::get_document(c, &sha))
            .expect("get")
    };
    assert_eq!(back, pdf);
    // One document.stored per link, not per call.
    let stored = db
        .store
        .read_blocking(move |c| audit::list(c, Some(&c1)))
        .expect("audit")
        .iter()
        .filter(|a| a.action == "document.stored")
        .count();
    assert_eq!(stored, 1);

    // Tamper with the bytes (raw SQL with the key): reading detects it.
    let conn = raw_open(&db.path, &db.key);
    conn.execute(
        "UPDATE documents SET bytes = X'00' WHERE sha256 = ?1",
        [&sha],
    )
    .expect("tamper");
    drop(conn);
    let err = db
        .store
        .read_blocking(move |c| documents::get_document(c, &sha))
        .expect_err("corrupt");
    assert!(matches!(err, StoreError::DocumentCorrupt { .. }), "{err:?}");
    let missing = db
        .store
        .read_blocking(|c| documents::get_document(c, "ab"))
        .expect_err("missing");
    assert!(matches!(missing, StoreError::NotFound { .. }));
}

#[test]
fn document_and_session_state_commit_together_or_not_at_all() {
    let db = open();
    let c1 = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("c1");
    let s1 = plan(&db.store, &c1, "tx");
    let case = c1.clone();
    let res: Result<(), StoreError> = db.store.write_blocking(move |c| {
        atomic(c, |c| {
            documents::put_document(
                c,
                &documents::NewDocument {
                    bytes: b"pdf",
                    media_type: "application/pdf",
                    kind: "aml",
                    title: "AML report",
                    session_id: Some(&s1),
                    case_id: &case,
                    source: "organization",
                    fetched_at: T,
                    upstream_expires_at: None,
                },
            )?;
            sessions::update_state(c, "no-such-session", &StateUpdate::new(SessionState::Done))
        })
    });
    assert!(matches!(res, Err(StoreError::NotFound { .. })));
    let docs = db
        .store
        .read_blocking(move |c| documents::list_documents(c, &c1))
        .expect("list");
    assert!(
        docs.is_empty(),
        "document must be rolled back with the failed state change"
    );
    assert_eq!(
        db.store
            .read_blocking(|c| Ok(audit::verify_chain(c)??))
            .expect("chain"),
        2
    );
}

fn raw_open(path: &std::path::Path, key: &DbKey) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "key", format!("x'{}'", key.expose()))
        .expect("key");
    conn
}

#[test]
fn file_is_unreadable_without_the_key_and_holds_no_clear_text() {
    let db = open();
    let subject = org(Country::No, "923609016", Some("EQUINOR ASA"));
    let case_id = db
        .store
        .write_blocking(move |c| cases::create_case(c, &subject, "sandbox"))
        .expect("create");
    {
        let id = case_id.clone();
        db.store
            .write_blocking(move |c| notes::add_note(c, &id, "Zyxwvutsrq unique marker"))
            .expect("note");
    }
    let sid = plan(&db.store, &case_id, "enc");
    put_org_result(&db.store, &case_id, &sid, equinor_extracts());
    let path = db.path.clone();
    drop(db.store);
    // The threads have to finish to close their connections (and checkpoint).
    std::thread::sleep(std::time::Duration::from_millis(200));

    let plain = rusqlite::Connection::open(&path).expect("open plain");
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect_err("must not read without key");
    assert!(
        err.to_string().contains("file is not a database"),
        "unexpected: {err}"
    );

    let mut haystack = std::fs::read(&path).expect("read db");
    for suffix in ["-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        if let Ok(b) = std::fs::read(p) {
            haystack.extend(b);
        }
    }
    assert!(haystack.len() > 4096);
    for needle in [
        "923609016",
        "EQUINOR",
        "Anders Opedal",
        "Zyxwvutsrq",
        "SQLite format 3",
        "keyInformation",
    ] {
        assert!(
            !haystack
                .windows(needle.len())
                .any(|w| w == needle.as_bytes()),
            "found {needle:?} in clear in the database file"
        );
    }
    // And with the key everything is there.
    let store = Store::open(&path, &db.key).expect("reopen");
    let list = store
        .read_blocking(|c| cases::list_cases(c, &CaseFilter::default()))
        .expect("list");
    assert_eq!(list[0].subject_name.as_deref(), Some("EQUINOR ASA"));
}

#[test]
fn wrong_key_is_a_clear_error() {
    let db = open();
    db.store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    let path = db.path.clone();
    drop(db.store);
    let err = Store::open(&path, &DbKey::new(Store::generate_key())).expect_err("wrong key");
    assert!(matches!(err, StoreError::WrongKey), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("The case database could not be opened with the key from the keyring"));
    // A passphrase-style wrong key too.
    let err = Store::open(&path, &DbKey::new("not the key")).expect_err("wrong key");
    assert!(matches!(err, StoreError::WrongKey));
    // Debug of the key never shows it.
    assert!(!format!("{:?}", db.key).contains(db.key.expose()));
}

#[test]
fn newer_database_is_refused_on_open() {
    let db = open();
    let path = db.path.clone();
    drop(db.store);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let latest = amldesk_store::migrations::latest_version();
    raw_open(&db.path, &db.key)
        .pragma_update(None, "user_version", latest + 1)
        .expect("bump");
    let err = Store::open(&path, &db.key).expect_err("too new");
    match &err {
        StoreError::TooNew { db, binary } => assert_eq!((*db, *binary), (latest + 1, latest)),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn pragmas_are_set_on_every_connection() {
    let db = open();
    for _ in 0..4 {
        let (mode, sync, fk, busy, qo): (String, i64, i64, i64, i64) = db
            .store
            .read_blocking(|c| {
                Ok((
                    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                    c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                    c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                    c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?,
                    c.query_row("PRAGMA query_only", [], |r| r.get(0))?,
                ))
            })
            .expect("pragmas");
        assert_eq!((mode.as_str(), sync, fk, busy, qo), ("wal", 1, 1, 5000, 1));
    }
    let (sync, fk, qo): (i64, i64, i64) = db
        .store
        .write_blocking(|c| {
            Ok((
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                c.query_row("PRAGMA query_only", [], |r| r.get(0))?,
            ))
        })
        .expect("writer pragmas");
    assert_eq!((sync, fk, qo), (1, 1, 0));
    // Readers cannot write.
    let err = db
        .store
        .read_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect_err("reader must refuse writes");
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
}

#[test]
fn audit_chain_detects_tampering() {
    let db = open();
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    for i in 0..3 {
        let id = case_id.clone();
        db.store
            .write_blocking(move |c| notes::add_note(c, &id, &format!("note {i}")))
            .expect("note");
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("rt");
    assert_eq!(rt.block_on(db.store.verify_audit_chain()).expect("ok"), 4);

    // Triggers forbid UPDATE and DELETE, even with the key.
    let conn = raw_open(&db.path, &db.key);
    let upd = conn.execute("UPDATE audit_log SET action = 'x' WHERE seq = 2", []);
    assert!(upd.is_err_and(|e| e.to_string().contains("append-only")));
    assert!(conn
        .execute("DELETE FROM audit_log WHERE seq = 4", [])
        .is_err());

    // An attacker with the key drops the trigger and edits a row: the chain breaks at that row.
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET detail_json = '{\"text\":\"edited\"}' WHERE seq = 3;",
    )
    .expect("tamper");
    let err = rt
        .block_on(db.store.verify_audit_chain())
        .expect_err("broken");
    match err {
        StoreError::Audit(a) => assert_eq!(a.seq, 3),
        other => panic!("unexpected {other:?}"),
    }
    // Deleting a middle row is caught too.
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;")
        .expect("delete");
    let err = db
        .store
        .read_blocking(|c| audit::verify_chain(c))
        .expect("query");
    assert_eq!(err.expect_err("broken").seq, 3);
}

#[test]
fn search_finds_names_numbers_people_roles_and_sanctions() {
    let db = open();
    let eq = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("eq");
    let sid = plan(&db.store, &eq, "s");
    put_org_result(&db.store, &eq, &sid, equinor_extracts());
    let subject = org(
        Country::Se,
        "5560160680",
        Some("Telefonaktiebolaget LM Ericsson"),
    );
    let er = db
        .store
        .write_blocking(move |c| cases::create_case(c, &subject, "sandbox"))
        .expect("er");
    let person = Subject::Person {
        id_document: Some("31129956715".into()),
        phone_original: Some("0501234567".into()),
        phone_e164: Some("+380501234567".into()),
        name: Some("Øystein Åsen".into()),
    };
    let pe = db
        .store
        .write_blocking(move |c| cases::create_case(c, &person, "sandbox"))
        .expect("person");

    let find = |q: &str| {
        let q = q.to_owned();
        db.store
            .read_blocking(move |c| search::search(c, &q, 20))
            .expect("search")
    };
    let one = |q: &str, case: &str, field: &str| {
        let hits = find(q);
        assert!(
            hits.iter().any(|h| h.case_id == case && h.field == field),
            "{q:?} should find {field} of {case}: {hits:?}"
        );
        hits
    };
    let h = one("equinor", &eq, "name");
    assert!(h[0].snippet.contains("[EQUINOR]"), "{:?}", h[0].snippet);
    one("923609016", &eq, "identifier");
    one("923 609 016", &eq, "identifier");
    one("9236", &eq, "identifier");
    one("anders opedal", &eq, "person");
    one("chairman", &eq, "role");
    one("Sanctionedov", &eq, "sanction");
    one("statoil", &eq, "name");
    one("984 851 006", &eq, "identifier");
    one("ericsson", &er, "name");
    one("556016-0680", &er, "identifier");
    one("5560160680", &er, "identifier");
    one("oystein asen", &pe, "name");
    one("+380501234567", &pe, "identifier");
    assert!(find("nokia").is_empty());
    // FTS syntax typed by a user is plain text and never an error.
    for q in [
        "\"",
        "*",
        "AND",
        "OR",
        "NOT",
        "equinor AND",
        "\"equinor",
        "equi*",
        "NEAR(a b)",
        "(",
        ")",
        "-",
        "^",
        ":",
        "col:equinor",
        "''",
        "\u{0}",
        "😀",
        "{a b}",
        "a + b",
    ] {
        let q2 = q.to_owned();
        db.store
            .read_blocking(move |c| search::search(c, &q2, 10))
            .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
        let q3 = q.to_owned();
        db.store
            .read_blocking(move |c| {
                cases::list_cases(
                    c,
                    &CaseFilter {
                        text: Some(q3),
                        ..Default::default()
                    },
                )
            })
            .unwrap_or_else(|e| panic!("list {q:?} failed: {e}"));
    }
    assert_eq!(find("equinor AND")[0].case_id, eq);
    // Words from different fields find the case together.
    one("equinor opedal", &eq, "case");
    assert!(find("ericsson opedal").is_empty());
    // list_cases text filter uses the same index.
    let l = db
        .store
        .read_blocking(|c| {
            cases::list_cases(
                c,
                &CaseFilter {
                    text: Some("opedal".into()),
                    ..Default::default()
                },
            )
        })
        .expect("list");
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].id, eq);
}

#[test]
fn settings_roundtrip_and_refuse_secrets() {
    let db = open();
    let v = serde_json::json!({"theme": "dark", "providers": [{"clientId": "x", "secretStored": true}]});
    {
        let v = v.clone();
        db.store
            .write_blocking(move |c| settings::set_setting(c, "ui", &v))
            .expect("set");
    }
    assert_eq!(
        db.store
            .read_blocking(|c| settings::get_setting(c, "ui"))
            .expect("get"),
        Some(v)
    );
    assert_eq!(
        db.store
            .read_blocking(|c| settings::get_setting(c, "missing"))
            .expect("get"),
        None
    );
    let err = db
        .store
        .write_blocking(|c| {
            settings::set_setting(c, "bankid", &serde_json::json!({"clientSecret": "hunter2"}))
        })
        .expect_err("secret");
    assert!(matches!(err, StoreError::SecretRefused { .. }));
    let err = db
        .store
        .write_blocking(|c| settings::set_setting(c, "amlyze_token", &serde_json::json!("abc")))
        .expect_err("secret key");
    assert!(matches!(err, StoreError::SecretRefused { .. }));
}

#[test]
fn batches_create_cases_and_count_states() {
    let db = open();
    let rows = vec![
        batches::NewBatchRow {
            line: 2,
            subject: org(Country::No, "923609016", None),
        },
        batches::NewBatchRow {
            line: 3,
            subject: org(Country::No, "984851006", Some("DNB BANK ASA")),
        },
        batches::NewBatchRow {
            line: 4,
            subject: org(Country::Fi, "0112038-9", None),
        },
    ];
    let (batch_id, case_ids) = db
        .store
        .write_blocking(move |c| {
            batches::create_batch(
                c,
                Some("list.csv"),
                "sandbox",
                &rows,
                r#"[{"line":5,"field":"identifier","message":"bad"}]"#,
            )
        })
        .expect("batch");
    assert_eq!(case_ids.len(), 3);
    let plan_batch = |case: &str, r: &str| {
        let (case, r, b) = (case.to_owned(), r.to_owned(), batch_id.clone());
        db.store
            .write_blocking(move |c| {
                sessions::insert_planned(
                    c,
                    &NewSession {
                        case_id: &case,
                        provider: "organization",
                        kind: "organization",
                        request_json: "{}",
                        client_reference: &r,
                        batch_id: Some(&b),
                    },
                )
            })
            .expect("plan")
    };
    let s0 = plan_batch(&case_ids[0], "b0");
    let s1 = plan_batch(&case_ids[1], "b1");
    db.store
        .write_blocking(move |c| {
            sessions::update_state(c, &s0, &StateUpdate::new(SessionState::Done))?;
            let mut u = StateUpdate::new(SessionState::Failed);
            u.error_json = Some(Some(r#"{"code":"Upstream"}"#));
            sessions::update_state(c, &s1, &u)
        })
        .expect("states");
    let b = batch_id.clone();
    let counts = db
        .store
        .read_blocking(move |c| batches::batch_counts(c, &b))
        .expect("counts");
    assert_eq!(
        counts,
        batches::BatchCounts {
            total: 3,
            planned: 1,
            running: 0,
            done: 1,
            failed: 1,
            expired: 0,
            cancelled: 0
        }
    );
    // A second session of the first row (a retry), still polling: the row is running again,
    // and the counts agree with the rows' own states.
    let s2 = plan_batch(&case_ids[0], "b0-again");
    db.store
        .write_blocking(move |c| {
            sessions::update_state(c, &s2, &StateUpdate::new(SessionState::Polling))
        })
        .expect("retry");
    let b = batch_id.clone();
    let (counts, rows) = db
        .store
        .read_blocking(move |c| {
            Ok((
                batches::batch_counts(c, &b)?,
                batches::list_batch_rows(c, &b)?,
            ))
        })
        .expect("counts and rows");
    assert_eq!((counts.running, counts.done, counts.failed), (1, 0, 1));
    let of = |s: SessionState| rows.iter().filter(|r| r.state == s).count() as u32;
    assert_eq!(
        (counts.total, counts.planned, counts.running, counts.failed),
        (
            rows.len() as u32,
            of(SessionState::Planned),
            of(SessionState::Polling),
            of(SessionState::Failed)
        )
    );
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
    assert_eq!(rows[1].subject_name.as_deref(), Some("DNB BANK ASA"));
    assert!(rows[1].error_json.is_some());
    assert_eq!(rows[2].identifier_display, "0112038-9");
    let b = batch_id.clone();
    let in_batch = db
        .store
        .read_blocking(move |c| {
            cases::list_cases(
                c,
                &CaseFilter {
                    batch_id: Some(b),
                    ..Default::default()
                },
            )
        })
        .expect("list");
    assert_eq!(in_batch.len(), 3);
    let info = db
        .store
        .read_blocking(move |c| batches::get_batch(c, &batch_id))
        .expect("info");
    assert_eq!(info.file_name.as_deref(), Some("list.csv"));

    // A duplicate line is refused and nothing is created.
    let dup = vec![
        batches::NewBatchRow {
            line: 1,
            subject: equinor(),
        },
        batches::NewBatchRow {
            line: 1,
            subject: equinor(),
        },
    ];
    assert!(db
        .store
        .write_blocking(move |c| batches::create_batch(c, None, "sandbox", &dup, "[]"))
        .is_err());
    assert_eq!(
        db.store
            .read_blocking(|c| batches::list_batches(c))
            .expect("batches")
            .len(),
        1
    );
}

#[test]
fn bad_input_is_an_error_never_a_panic() {
    let db = open();
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    let s = &db.store;
    let invalid = |r: Result<String, StoreError>| {
        assert!(
            matches!(
                r,
                Err(StoreError::Invalid { .. }) | Err(StoreError::NotFound { .. })
            ),
            "{r:?}"
        )
    };
    invalid(s.write_blocking(|c| cases::create_case(c, &equinor(), "staging")));
    invalid(s.write_blocking(|c| {
        cases::create_case(
            c,
            &Subject::Person {
                id_document: None,
                phone_original: None,
                phone_e164: Some("  ".into()),
                name: None,
            },
            "sandbox",
        )
    }));
    let id = case_id.clone();
    invalid(s.write_blocking(move |c| notes::set_decision(c, &id, "maybe", "x")));
    let id = case_id.clone();
    invalid(s.write_blocking(move |c| notes::add_note(c, &id, "   ")));
    invalid(s.write_blocking(|c| notes::add_note(c, "no-case", "text")));
    invalid(s.write_blocking(|c| {
        sessions::insert_planned(
            c,
            &NewSession {
                case_id: "no-case",
                provider: "organization",
                kind: "organization",
                request_json: "{}",
                client_reference: "z",
                batch_id: None,
            },
        )
    }));
    let id = case_id.clone();
    invalid(s.write_blocking(move |c| {
        sessions::insert_planned(
            c,
            &NewSession {
                case_id: &id,
                provider: "organization",
                kind: "organization",
                request_json: "{not json",
                client_reference: "z",
                batch_id: None,
            },
        )
    }));
    let sid = plan(s, &case_id, "ok");
    let (id, sid2) = (case_id.clone(), sid.clone());
    invalid(s.write_blocking(move |c| {
        results::put_result(
            c,
            &results::NewResult {
                session_id: &sid2,
                case_id: &id,
                kind: "organization",
                raw_json: b"\xff\xfe not json",
                requested: &[],
                fetched_at: T,
                environment: "sandbox",
                extracts: &ResultExtracts::default(),
            },
        )
    }));
    let (id, sid2) = (case_id.clone(), sid.clone());
    invalid(s.write_blocking(move |c| {
        results::put_result(
            c,
            &results::NewResult {
                session_id: &sid2,
                case_id: &id,
                kind: "gossip",
                raw_json: b"{}",
                requested: &[],
                fetched_at: T,
                environment: "sandbox",
                extracts: &ResultExtracts::default(),
            },
        )
    }));
    let sid2 = sid.clone();
    let r = s.write_blocking(move |c| sessions::mark_created(c, &sid2, "u", Some("tomorrow")));
    assert!(matches!(r, Err(StoreError::Invalid { .. })));
    let r = s.read_blocking(|c| cases::get_case(c, "nope"));
    assert!(matches!(r, Err(StoreError::NotFound { .. })));
    let r = s.read_blocking(|c| {
        cases::list_cases(
            c,
            &CaseFilter {
                status: Some("weird".into()),
                ..Default::default()
            },
        )
    });
    assert!(matches!(r, Err(StoreError::Invalid { .. })));
    // A panicking task is reported and the store keeps working.
    let r: Result<(), StoreError> = s.write_blocking(|_| panic!("boom"));
    assert!(matches!(r, Err(StoreError::Internal(_))));
    assert_eq!(
        s.read_blocking(|c| cases::list_cases(c, &CaseFilter::default()))
            .expect("still works")
            .len(),
        1
    );
    assert!(
        s.read_blocking(|c| Ok(audit::verify_chain(c)??))
            .expect("chain")
            > 0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_readers_while_writing() {
    let db = open();
    let store = db.store.clone();
    let writer = tokio::spawn(async move {
        for i in 0..60 {
            let subject = Subject::Person {
                id_document: Some(format!("doc-{i}")),
                phone_original: None,
                phone_e164: None,
                name: Some(format!("Person {i}")),
            };
            store
                .write(move |c| cases::create_case(c, &subject, "sandbox"))
                .await
                .expect("write");
        }
    });
    let mut readers = Vec::new();
    for _ in 0..4 {
        let store = db.store.clone();
        readers.push(tokio::spawn(async move {
            let mut last = 0usize;
            for _ in 0..40 {
                let n = store
                    .read(|c| cases::list_cases(c, &CaseFilter::default()))
                    .await
                    .expect("read")
                    .len();
                assert!(n >= last, "readers never see the count go back");
                last = n;
                store
                    .read(|c| search::search(c, "person", 5))
                    .await
                    .expect("search");
            }
        }));
    }
    writer.await.expect("writer");
    for r in readers {
        r.await.expect("reader");
    }
    let n = db
        .store
        .read(|c| cases::list_cases(c, &CaseFilter::default()))
        .await
        .expect("final")
        .len();
    assert_eq!(n, 60);
    assert_eq!(db.store.integrity_check().await.expect("ic"), "ok");
    assert_eq!(db.store.verify_audit_chain().await.expect("chain"), 60);
}

#[test]
fn two_stores_on_one_file_append_audit_rows_without_colliding() {
    // The window and the CLI may write one environment's database at once: each reads the last
    // audit row and appends the next under the write lock, so no sequence number is taken twice.
    let db = open();
    let second = Store::open(&db.path, &db.key).expect("second store on the same file");
    let case_id = db
        .store
        .write_blocking(|c| cases::create_case(c, &equinor(), "sandbox"))
        .expect("create");
    let writers: Vec<_> = [db.store.clone(), second.clone()]
        .into_iter()
        .enumerate()
        .map(|(w, store)| {
            let id = case_id.clone();
            std::thread::spawn(move || {
                for i in 0..100 {
                    let id = id.clone();
                    // A note (inside `atomic`) and a bare audit row (as a secret change writes it).
                    store
                        .write_blocking(move |c| {
                            notes::add_note(c, &id, &format!("writer {w} note {i}"))?;
                            audit::append(c, None, "secret.changed", r#"{"name":"x"}"#).map(|_| ())
                        })
                        .expect("note and audit row from either store");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer thread");
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("rt");
    // 1 case row + 200 notes + 200 bare rows, one unbroken chain.
    assert_eq!(
        rt.block_on(db.store.verify_audit_chain())
            .expect("chain intact"),
        401
    );
}
