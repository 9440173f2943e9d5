//! One adapter per command: take the arguments, call the engine, map the error to `{code, message}`.
//! Argument names arrive camelCase from the UI (`caseId` → `case_id`); see ui/src/platform/tauri.ts.

use crate::state::AppState;
use amldesk_core::ownership::GraphView;
use amldesk_engine::api::*;
use tauri::State;

/// `#[tauri::command] async fn name(state, args…) -> Result<T, ErrorDto>`: one engine call each.
macro_rules! engine_command {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty => |$e:ident| $call:expr;)*) => {$(
        #[tauri::command]
        pub async fn $name(state: State<'_, AppState>, $($arg: $ty),*) -> Result<$ret, ErrorDto> {
            let $e = state.get()?;
            $call.await.map_err(|e| e.to_dto())
        }
    )*};
}

engine_command! {
    app_info() -> AppInfo => |e| e.app_info();
    list_cases(query: CaseQuery) -> Vec<CaseSummary> => |e| e.list_cases(query);
    get_case(case_id: String) -> CaseDetail => |e| e.get_case(&case_id);
    search(text: String) -> Vec<SearchHit> => |e| e.search(&text);
    start_lookup(request: LookupRequest) -> LookupStarted => |e| e.start_lookup(request);
    cancel_session(session_id: String) -> () => |e| e.cancel_session(&session_id);
    rerun_session(session_id: String) -> LookupStarted => |e| e.rerun_session(&session_id);
    start_batch(request: BatchRequest) -> BatchStarted => |e| e.start_batch(request);
    cancel_batch(batch_id: String) -> () => |e| e.cancel_batch(&batch_id);
    retry_batch(batch_id: String) -> () => |e| e.retry_batch(&batch_id);
    get_batch(batch_id: String) -> BatchView => |e| e.get_batch(&batch_id);
    amlyze_push(request: AmlyzePushRequest) -> AmlyzePushView => |e| e.amlyze_push(request);
    peer_request(request: PeerRequest) -> LookupStarted => |e| e.peer_request(request);
    set_decision(request: DecisionRequest) -> CaseDetail => |e| e.set_decision(request);
    add_note(request: NoteRequest) -> CaseDetail => |e| e.add_note(request);
    get_ownership(case_id: String) -> GraphView => |e| e.get_ownership(&case_id);
    get_raw_section(request: RawSectionRequest) -> RawSection => |e| e.get_raw_section(request);
    get_settings() -> Settings => |e| e.get_settings();
    save_settings(settings: Settings) -> Settings => |e| e.save_settings(settings);
    get_environment_config(environment: EnvironmentKind) -> EnvironmentConfig => |e| e.get_environment_config(environment);
    test_connection(environment: EnvironmentKind) -> ConnectionTest => |e| e.test_connection(environment);
    save_graph_image(request: GraphImageRequest) -> SavedFile => |e| e.save_graph_image(request);
    review_hit(request: HitReviewRequest) -> CaseDetail => |e| e.review_hit(request);
    confirm_decision(request: ConfirmRequest) -> CaseDetail => |e| e.confirm_decision(request);
    default_reviewer() -> String => |e| e.default_reviewer();
    get_review_settings() -> ReviewSettings => |e| e.get_review_settings();
    save_review_settings(settings: ReviewSettings) -> ReviewSettings => |e| e.save_review_settings(settings);
    export_case(request: ExportRequest) -> CaseFileExported => |e| e.export_case(request);
}

/// Live validation of an identifier with the same rules and messages as the CLI. Pure: it runs on
/// the window's main thread, so it touches no engine (whose last handle must never be dropped
/// there: that joins the store's threads).
#[tauri::command]
pub fn validate_identifier(request: ValidateRequest) -> Result<ValidateResponse, ErrorDto> {
    Ok(amldesk_engine::validate(&request))
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
        .get_document(&sha256)
        .await
        .map_err(|e| e.to_dto())?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// The OS keyring is unavailable and the officer chose to keep secrets for this run only: opens
/// the engine with an in-memory secret store (its cases are not kept after this run).
#[tauri::command]
pub async fn use_memory_secrets(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<AppInfo, ErrorDto> {
    let engine = state.open_memory_only().await?;
    crate::forward_events(&app, &engine);
    engine.app_info().await.map_err(|e| e.to_dto())
}

/// Changes an environment's settings; the active environment is reopened so they apply now.
#[tauri::command]
pub async fn set_environment_config(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ConfigChangeRequest,
) -> Result<EnvironmentConfig, ErrorDto> {
    let env = request.environment;
    let engine = state.get()?;
    reopen_if_active(&app, &state, env, engine.set_environment_config(request)).await
}

/// Stores or deletes one secret (the answer never holds it); the active environment is
/// reopened so it applies now.
#[tauri::command]
pub async fn set_environment_secret(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: SecretChangeRequest,
) -> Result<EnvironmentConfig, ErrorDto> {
    let env = request.environment;
    let engine = state.get()?;
    reopen_if_active(&app, &state, env, engine.set_environment_secret(request)).await
}

/// Runs a change of `env`'s settings, then reopens the engine when `env` is the active one.
async fn reopen_if_active(
    app: &tauri::AppHandle,
    state: &AppState,
    env: EnvironmentKind,
    change: impl std::future::Future<Output = amldesk_engine::Result<EnvironmentConfig>>,
) -> Result<EnvironmentConfig, ErrorDto> {
    let view = change.await.map_err(|e| e.to_dto())?;
    if env == state.environment() {
        let engine = state.switch(env).await?;
        crate::forward_events(app, &engine);
    }
    Ok(view)
}

/// Makes `environment` the active one: the old engine shuts down in order, the new one opens
/// (and is what the app opens next start).
#[tauri::command]
pub async fn switch_environment(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    environment: EnvironmentKind,
) -> Result<AppInfo, ErrorDto> {
    let engine = state.switch(environment).await?;
    crate::forward_events(&app, &engine);
    engine.app_info().await.map_err(|e| e.to_dto())
}
