//! Declares the app's commands so the capability file can allow exactly them (least privilege).

const COMMANDS: &[&str] = &[
    "app_info",
    "validate_identifier",
    "list_cases",
    "get_case",
    "search",
    "start_lookup",
    "cancel_session",
    "rerun_session",
    "start_batch",
    "cancel_batch",
    "retry_batch",
    "get_batch",
    "amlyze_push",
    "peer_request",
    "set_decision",
    "add_note",
    "get_document",
    "get_ownership",
    "get_raw_section",
    "get_settings",
    "save_settings",
    "get_environment_config",
    "set_environment_config",
    "set_environment_secret",
    "test_connection",
    "switch_environment",
    "use_memory_secrets",
    "save_graph_image",
    "review_hit",
    "confirm_decision",
    "default_reviewer",
    "get_review_settings",
    "save_review_settings",
    "export_case",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build: the app manifest or capabilities are invalid");
}
