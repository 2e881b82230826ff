//! The one list of the commands the page may call. Everything else that names
//! them is made from it: the handler and [`crate::COMMANDS`] (`lib.rs`), the
//! permissions (`build.rs` reads this file), the capability
//! (`capabilities/default.json`) and the page's `ui/src/lib/commands.ts` (both
//! written by `make types`; the test `generated_files_are_fresh` fails when stale).
//! A new command is added here, in its module under `commands/`, and in `api.ts`.

/// Calls `$then!` with every command, as `module::name` under `commands`.
macro_rules! tavolo_commands {
    ($then:ident) => {
        $then! {
            // workspace
            workspace::workspace_status,
            workspace::load_demo,
            workspace::start_empty,
            workspace::print_header,
            workspace::set_print_header,
            // recovery and backups
            recovery::recovery_status,
            recovery::create_backup,
            recovery::restore_backup,
            recovery::restore_backup_file,
            recovery::open_other_database,
            recovery::salvage_database,
            recovery::unlock_database,
            recovery::encrypt_database,
            // updates without internet
            updates::find_updates,
            updates::install_update,
            updates::restart_app,
            // personal data
            privacy::person_privacy,
            privacy::set_person_consent,
            privacy::set_person_minor,
            privacy::export_person_data,
            privacy::erase_person,
            // register
            register::list_territories,
            register::search_people,
            register::list_organisations,
            register::create_organisation,
            register::organisation_detail,
            register::create_person,
            register::create_relationship,
            register::similar_organisations,
            register::merge_organisations,
            register::update_organisation,
            register::set_organisation_archived,
            register::choose_register_file,
            register::register_preview,
            register::register_import,
            register::filter_organisations,
            register::list_people,
            register::similar_people,
            // meetings
            meetings::list_meetings,
            meetings::meeting_console,
            meetings::check_in,
            meetings::check_in_new_person,
            meetings::set_consent,
            meetings::set_meeting_status,
            meetings::plan_thematic_series,
            meetings::create_meeting,
            meetings::add_agenda_item,
            meetings::remove_agenda_item,
            // notes
            notes::add_note,
            notes::save_draft,
            notes::edit_note,
            notes::note_history,
            notes::move_note,
            notes::split_note,
            notes::merge_notes,
            notes::search_notes,
            // analysis: codebook, coding, matrix
            coding::codebook,
            coding::coding_notes,
            coding::code_passage,
            coding::remove_passage,
            coding::coding_matrix,
            coding::coding_cell,
            coding::export_analysis,
            // map
            map::network_map,
            map::coverage,
            // work groups
            groups::list_groups,
            groups::create_group,
            groups::group_detail,
            groups::edit_group,
            // good practices
            practices::practice_catalogue,
            practices::practice_detail,
            practices::promote_note,
            practices::score_practice,
            practices::compare_practices,
            practices::save_practice,
            practices::archive_practice,
            // evaluation, the regions side by side, the catalogue's files
            evaluation::interventions,
            evaluation::create_intervention,
            evaluation::evaluate_intervention,
            evaluation::record_outcome,
            evaluation::import_outcomes,
            evaluation::regions,
            evaluation::import_package,
            evaluation::remove_package,
            evaluation::export_package,
            evaluation::export_regions,
            evaluation::export_practices,
            // guidelines and reports
            guidelines::guidelines_view,
            guidelines::edit_guidelines,
            guidelines::compare_guidelines,
            guidelines::guidelines_document,
            guidelines::export_guidelines,
            guidelines::synthesis_report,
            guidelines::set_table_synthesis,
            guidelines::export_synthesis,
            // indicators
            indicators::indicators,
            indicators::drill_down,
            // sync
            sync::sync_status,
            sync::choose_sync_folder,
            sync::sync_now,
            sync::export_changes,
            sync::import_changes,
            sync::sync_conflicts,
            sync::resolve_conflict,
            sync::accept_clock,
            // files
            files::export_xlsx,
            files::export_ics,
            files::export_minutes_odt,
            files::export_graphml,
            files::save_map_png,
            files::save_map_svg,
        }
    };
}
