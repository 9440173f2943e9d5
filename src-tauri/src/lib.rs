//! The desktop shell: window, capabilities and thin `#[tauri::command]` adapters over the engine.

pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the window could not start");
}
