//! One file per command (a command = one method of the window's platform interface,
//! `ui/src/platform/index.ts`). Each is `async fn(ctx: &Arc<Ctx>, req) -> Result<Res>`.

pub mod add_note;
pub mod amlyze_push;
pub mod app_info;
pub mod cancel_batch;
pub mod cancel_session;
pub mod close_case;
pub mod configure;
pub mod confirm_decision;
pub mod environment_config;
pub mod export_case;
pub mod get_batch;
pub mod get_case;
pub mod get_document;
pub mod get_ownership;
pub mod get_raw_section;
pub mod get_settings;
pub mod list_cases;
pub mod peer_request;
pub mod rerun_session;
pub mod retention_purge;
pub mod retry_batch;
pub mod review_hit;
pub mod review_settings;
pub mod save_graph_image;
pub mod save_settings;
pub mod search;
pub mod set_decision;
pub mod start_batch;
pub mod start_lookup;
pub mod test_connection;
pub mod validate_identifier;
pub mod verify_audit;

/// What every use case may use.
pub(crate) mod prelude {
    pub(crate) use std::collections::HashMap;
    pub(crate) use std::sync::atomic::Ordering;
    pub(crate) use std::sync::Arc;

    pub(crate) use amldesk_core::id::{
        parse_no_person, parse_ua_phone, se_orgnr_warning, Country, OrgId, OrgIdKind,
    };
    pub(crate) use amldesk_providers::{keyring_account, Secret, KEYRING_SERVICE};
    pub(crate) use amldesk_store::cases::{self, CaseFilter, Subject};
    pub(crate) use amldesk_store::sessions::{self, NewSession, SessionRow, StateUpdate};
    pub(crate) use amldesk_store::SessionState as StoreState;
    pub(crate) use amldesk_store::{
        atomic, audit, batches, documents, notes, results, search, settings,
    };
    pub(crate) use tokio::sync::{broadcast, Semaphore};

    pub(crate) use crate::api::*;
    pub(crate) use crate::context::{lock, Ctx, DEFAULT_BATCH_CONCURRENCY};
    pub(crate) use crate::error::{EngineError, Result};
    pub(crate) use crate::open::environment::env_kind_providers;
    pub(crate) use crate::plan::{self, check_list, Plan, BO_EXPANDS, ORG_EXPANDS, ORG_REPORTS};
    pub(crate) use crate::scheduler::{self, mark_cancelled};
    pub(crate) use crate::{amlyze, batch, export, views};
}
