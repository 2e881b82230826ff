//! `tavolo-desktop`: the desktop app.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    match tavolo_desktop::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tavolo-desktop: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
