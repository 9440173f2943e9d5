//! Writes the TypeScript for the core model and graph types into `ui/src/platform/generated/`
//! (committed; CI fails when regenerating changes it). Names are chosen not to collide with the
//! engine's IPC types in the same folder.

use amldesk_core::model::amlyze::{AmlyzeBatchAnswer, CommunicationsEvents, KycScoring};
use amldesk_core::model::bo::{BoAccessRights, BoResult};
use amldesk_core::model::org::{OrgResult, OrgSummary};
use amldesk_core::model::peer::{PeerCreateAnswer, PeerRespondAnswer};
use amldesk_core::model::{Availability, SectionInfo};
use amldesk_core::ownership::GraphView;
use std::path::PathBuf;
use ts_rs::TS;

#[test]
fn export_bindings() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/platform/generated");
    std::fs::create_dir_all(&dir).expect("create generated dir");
    let cfg = ts_rs::Config::new()
        .with_out_dir(&dir)
        .with_large_int("number");
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t as TS>::export_all(&cfg).expect(stringify!($t)); )* };
    }
    export!(
        OrgResult,
        OrgSummary,
        Availability,
        SectionInfo,
        BoResult,
        BoAccessRights,
        AmlyzeBatchAnswer,
        CommunicationsEvents,
        KycScoring,
        PeerCreateAnswer,
        PeerRespondAnswer,
        GraphView,
    );
    // The graph view must be importable by the UI under its documented name.
    assert!(dir.join("GraphView.ts").exists());
    assert!(dir.join("OrgResult.ts").exists());
}
