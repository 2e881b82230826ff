//! Tavolo's desktop shell: opens the database, registers the commands and shows the
//! bundled web UI. Everything else is in the `tavolo` core crate.

#[macro_use]
mod command_list;
pub mod commands;
pub mod dto;
pub mod generated;

use std::sync::{Arc, Mutex};

use tavolo::store::{cipher, keyring, paths, recovery};
use tavolo::{OpenMode, Store};

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

/// Starts the app. The window opens even when the database cannot be opened: the
/// page then shows the recovery screen. Returns an error message only when the
/// window itself cannot start or no place for a database can be found.
pub fn run() -> Result<(), String> {
    if let Some(dir) = paths::portable_dir() {
        keep_webview_in(&dir)?;
    }
    let path = paths::default_db_path().map_err(|e| format!("no place for the database: {e}"))?;
    paths::ensure_parent(&path).map_err(|e| format!("no place for the database: {e}"))?;
    // An encrypted database opens with the passphrase the keyring keeps for it;
    // with none (or a wrong one) the page asks for it.
    let key = if cipher::is_encrypted(&path) {
        keyring::saved(&path)
    } else {
        None
    };
    let (store, problem) = match Store::open_keyed(&path, OpenMode::CreateIfMissing, key) {
        Ok(s) => (Some(s), None),
        Err(e @ tavolo::Error::Locked { .. }) => (
            None,
            Some(recovery::Problem {
                damage: recovery::Damage::Locked,
                detail: e.to_string(),
            }),
        ),
        Err(e) => (
            None,
            Some(recovery::problem(&path).unwrap_or(recovery::Problem {
                damage: recovery::Damage::Refused,
                detail: e.to_string(),
            })),
        ),
    };
    let opened = store.is_some();
    // What the first screen asks for, answered now and given to the page with it.
    let first = commands::first_screen::script(store.as_ref(), problem.clone(), &path);
    let problem = Arc::new(Mutex::new(problem));
    let checked = Arc::clone(&problem);
    let check_path = path.clone();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::AppState {
            store: Arc::new(Mutex::new(store)),
            db_path: Arc::new(Mutex::new(path)),
            problem,
            register_file: Arc::new(Mutex::new(None)),
        })
        .setup(move |app| {
            // The window of tauri.conf.json, made here to carry the first
            // screen's answers ("create": false there).
            let window = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json describes no window")?;
            tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?
                .initialization_script(first)
                .build()?;
            if opened {
                // The check and the day's backup read the whole file: off the
                // window's way, on a connection of their own.
                commands::recovery::check_in_background(app.handle().clone(), check_path, checked);
            }
            Ok(())
        })
        .invoke_handler(tavolo_commands!(handler))
        .run(tauri::generate_context!("tauri.conf.json"))
        .map_err(|e| format!("the window could not start: {e}"))
}

/// A portable copy: the webview's storage (the language chosen), its caches and
/// the toolkit's settings go to `tavolo-data/` beside the program, not to the
/// home folder. Called first thing, before any thread or window exists (the
/// environment is read by WebKitGTK and GTK when they start; WebView2 on
/// Windows).
fn keep_webview_in(dir: &std::path::Path) -> Result<(), String> {
    for (var, sub) in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("WEBVIEW2_USER_DATA_FOLDER", "webview"),
    ] {
        let folder = dir.join(sub);
        std::fs::create_dir_all(&folder)
            .map_err(|e| format!("the portable folder {}: {e}", folder.display()))?;
        std::env::set_var(var, &folder);
    }
    Ok(())
}
