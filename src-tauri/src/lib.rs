//! Tavolo's desktop shell: opens the database, registers the commands and shows the
//! bundled web UI. Everything else is in the `tavolo` core crate.

pub mod commands;
pub mod dto;

use std::sync::{Arc, Mutex};

use tavolo::{store::paths, OpenMode, Store};

/// The commands the page may call; `build.rs` and `capabilities/default.json` list
/// the same names (the test `command_lists_agree` keeps them in step).
pub const COMMANDS: &[&str] = &[
    "workspace_status",
    "load_demo",
    "start_empty",
    "vocabulary",
    "list_territories",
    "list_organisations",
    "create_organisation",
    "indicators",
    "drill_down",
    "export_xlsx",
    "list_meetings",
    "meeting_console",
    "search_people",
    "check_in",
    "check_in_new_person",
    "add_note",
    "save_draft",
    "export_ics",
    "set_meeting_status",
    "edit_note",
    "note_history",
    "plan_thematic_series",
    "export_minutes_odt",
    "move_note",
    "split_note",
    "merge_notes",
    "search_notes",
    "create_meeting",
    "network_map",
    "coverage",
    "export_graphml",
    "save_map_png",
    "save_map_svg",
    "organisation_detail",
    "create_person",
    "create_relationship",
    "similar_organisations",
    "merge_organisations",
    "update_organisation",
    "set_organisation_archived",
    "choose_register_file",
    "register_preview",
    "register_import",
    "filter_organisations",
    "list_people",
    "similar_people",
];

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
        .invoke_handler(tauri::generate_handler![
            commands::workspace_status,
            commands::load_demo,
            commands::start_empty,
            commands::vocabulary,
            commands::list_territories,
            commands::list_organisations,
            commands::create_organisation,
            commands::indicators,
            commands::drill_down,
            commands::export_xlsx,
            commands::list_meetings,
            commands::meeting_console,
            commands::search_people,
            commands::check_in,
            commands::check_in_new_person,
            commands::add_note,
            commands::save_draft,
            commands::export_ics,
            commands::set_meeting_status,
            commands::edit_note,
            commands::note_history,
            commands::plan_thematic_series,
            commands::export_minutes_odt,
            commands::move_note,
            commands::split_note,
            commands::merge_notes,
            commands::search_notes,
            commands::create_meeting,
            commands::network_map,
            commands::coverage,
            commands::export_graphml,
            commands::save_map_png,
            commands::save_map_svg,
            commands::organisation_detail,
            commands::create_person,
            commands::create_relationship,
            commands::similar_organisations,
            commands::merge_organisations,
            commands::update_organisation,
            commands::set_organisation_archived,
            commands::choose_register_file,
            commands::register_preview,
            commands::register_import,
            commands::filter_organisations,
            commands::list_people,
            commands::similar_people,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .map_err(|e| format!("the window could not start: {e}"))
}
