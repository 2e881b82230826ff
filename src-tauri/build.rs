//! Tauri's build step: reads `../tauri.conf.json`, resolves the capabilities and
//! generates a permission for each of the app's commands, so the capability file
//! can list exactly which commands the page may call.

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(tavolo_commands()));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

/// Keep in step with `generate_handler!` in `src/lib.rs` and
/// `capabilities/default.json` (a test checks all three agree).
fn tavolo_commands() -> &'static [&'static str] {
    &[
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
    ]
}
