//! The desktop shell: window, capabilities and thin `#[tauri::command]` adapters over the engine.
//!
//! Every command is one call into `amldesk_engine::Engine`; errors cross IPC as
//! `{code, message, field?, detail?}` (`amldesk_engine::api::ErrorDto`). Engine events are
//! forwarded to the window as one event, `engine://event`.

mod commands;
mod state;

use amldesk_engine::Engine;
use state::AppState;
use tauri::{AppHandle, Emitter, Manager};

/// Forwards the engine's events to the window as `engine://event`.
pub(crate) fn forward_events(handle: &AppHandle, engine: &Engine) {
    let mut rx = engine.subscribe();
    let emitter = handle.clone();
    tauri::async_runtime::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match rx.recv().await {
                Ok(event) => {
                    let _ = emitter.emit("engine://event", event);
                }
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// Where the app keeps its data: `--data-dir DIR`, then `AMLDESK_DATA_DIR`, then the OS app-data dir.
fn data_dir_from_args() -> Option<std::path::PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(Into::into);
        }
        if let Some(v) = a.strip_prefix("--data-dir=") {
            return Some(v.into());
        }
    }
    std::env::var_os("AMLDESK_DATA_DIR").map(Into::into)
}

pub fn run() {
    let data_dir = data_dir_from_args();
    tauri::Builder::default()
        .setup(move |app| {
            let state = tauri::async_runtime::block_on(AppState::open(data_dir.clone()));
            if let Ok(engine) = state.get() {
                forward_events(app.handle(), &engine);
            }
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::validate_identifier,
            commands::list_cases,
            commands::get_case,
            commands::search,
            commands::start_lookup,
            commands::cancel_session,
            commands::rerun_session,
            commands::start_batch,
            commands::cancel_batch,
            commands::retry_batch,
            commands::get_batch,
            commands::amlyze_push,
            commands::peer_request,
            commands::set_decision,
            commands::add_note,
            commands::get_document,
            commands::get_ownership,
            commands::get_raw_section,
            commands::get_settings,
            commands::save_settings,
            commands::get_environment_config,
            commands::set_environment_config,
            commands::set_environment_secret,
            commands::test_connection,
            commands::switch_environment,
            commands::use_memory_secrets,
            commands::save_graph_image,
            commands::review_hit,
            commands::confirm_decision,
            commands::default_reviewer,
            commands::get_review_settings,
            commands::save_review_settings,
            commands::export_case,
        ])
        .build(tauri::generate_context!())
        .expect("the AML Desk window could not be created")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                if let Ok(engine) = app.state::<AppState>().get() {
                    tauri::async_runtime::block_on(engine.shutdown());
                }
            }
        });
}
