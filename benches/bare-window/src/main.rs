//! A bare Tauri v2 window with an empty page: what any Tauri app costs before it
//! does anything. Tavolo's start-up time and idle memory are measured against it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    match tauri::Builder::default().run(tauri::generate_context!()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("the bare window could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
