//! Tavolo's desktop shell: opens the database, registers the commands and shows the
//! bundled web UI. Everything else is in the `tavolo` core crate.

#[macro_use]
mod command_list;
pub mod commands;
pub mod dto;
pub mod generated;

use std::sync::{Arc, Mutex};

use tavolo::{store::paths, OpenMode, Store};

/// The names of the listed commands.
macro_rules! names {
    ($($module:ident :: $name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

/// The handler for the listed commands.
macro_rules! handler {
    ($($module:ident :: $name:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$module::$name),*]
    };
}

/// The commands the page may call, from the one list in `command_list.rs`.
pub const COMMANDS: &[&str] = tavolo_commands!(names);

/// Opens the database at `$TAVOLO_DB` or the app data folder.
fn open_store() -> tavolo::Result<Store> {
    let path = paths::default_db_path()?;
    paths::ensure_parent(&path)?;
    Store::open(&path, OpenMode::CreateIfMissing)
}

/// Starts the app. Returns an error message when the database cannot be opened.
pub fn run() -> Result<(), String> {
    let store = open_store().map_err(|e| format!("cannot open the Tavolo database: {e}"))?;
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::AppState {
            store: Arc::new(Mutex::new(store)),
            register_file: Arc::new(Mutex::new(None)),
        })
        .invoke_handler(tavolo_commands!(handler))
        .run(tauri::generate_context!("../tauri.conf.json"))
        .map_err(|e| format!("the window could not start: {e}"))
}
