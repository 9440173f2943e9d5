//! One adapter per command: take the arguments, call the engine, map the error to `{code, message}`.
//! Argument names arrive camelCase from the UI (`caseId` → `case_id`); see ui/src/platform/tauri.ts.

use crate::state::AppState;
use amldesk_engine::api::*;
use tauri::State;

/// `#[tauri::command] async fn name(state, args…) -> Result<T, ErrorDto>` calling `engine.name(args…)`.
macro_rules! engine_command {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        #[tauri::command]
        pub async fn $name(state: State<'_, AppState>, $($arg: $ty),*) -> Result<$ret, ErrorDto> {
            state.get()?.$name($($arg),*).await.map_err(|e| e.to_dto())
        }
    )*};
}

engine_command! {
    app_info() -> AppInfo;
    list_cases(query: CaseQuery) -> Vec<CaseSummary>;
    get_case(case_id: String) -> CaseDetail;
    search(text: String) -> Vec<SearchHit>;
    start_lookup(request: LookupRequest) -> LookupStarted;
    cancel_session(session_id: String) -> ();
    rerun_session(session_id: String) -> LookupStarted;
    start_batch(request: BatchRequest) -> BatchStarted;
    cancel_batch(batch_id: String) -> ();
    retry_batch(batch_id: String) -> ();
    get_batch(batch_id: String) -> BatchView;
    amlyze_push(request: AmlyzePushRequest) -> AmlyzePushView;
    peer_request(request: PeerRequest) -> LookupStarted;
    set_decision(request: DecisionRequest) -> CaseDetail;
    add_note(request: NoteRequest) -> CaseDetail;
    get_ownership(case_id: String) -> amldesk_core::ownership::GraphView;
    get_settings() -> Settings;
    save_settings(settings: Settings) -> Settings;
    set_secret(request: SecretRequest) -> SecretStatus;
    test_connection(provider: Provider) -> ConnectionTest;
}

/// Live validation of an identifier with the same rules and messages as the CLI.
#[tauri::command]
pub fn validate_identifier(
    state: State<'_, AppState>,
    request: ValidateRequest,
) -> Result<ValidateResponse, ErrorDto> {
    Ok(state.get()?.validate_identifier(request))
}

/// A stored document's bytes, addressed by SHA-256, straight from the encrypted store: never a
/// file on disk, never an asset-protocol URL.
#[tauri::command]
pub async fn get_document(
    state: State<'_, AppState>,
    sha256: String,
) -> Result<tauri::ipc::Response, ErrorDto> {
    let bytes = state
        .get()?
        .get_document(sha256)
        .await
        .map_err(|e| e.to_dto())?;
    Ok(tauri::ipc::Response::new(bytes))
}
