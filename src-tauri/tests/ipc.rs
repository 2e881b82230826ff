//! The IPC contract: the generated TypeScript types and the files made from the
//! one list of commands are current, every command is listed and called, and every
//! code the core can send has a label in the UI.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

const TYPES_FILE: &str = "ui/src/lib/ipc-types.ts";

/// Regenerate with `make types` (sets TAVOLO_UPDATE_TYPES=1).
#[test]
fn ipc_types_are_fresh() {
    let generated = tavolo_desktop::dto::typescript_declarations();
    let path = repo(TYPES_FILE);
    if std::env::var_os("TAVOLO_UPDATE_TYPES").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{TYPES_FILE} is stale: run `make types` and commit the result"
    );
}

/// The capability and the page's list of commands are made from the one list in
/// `command_list.rs`, the page's vocabulary from the core's; regenerate them with
/// `make types`.
#[test]
fn generated_files_are_fresh() {
    use tavolo_desktop::generated::{
        capability_json, commands_ts, vocabulary_ts, CAPABILITY_FILE, COMMANDS_TS_FILE,
        VOCABULARY_TS_FILE,
    };
    for (file, generated) in [
        (CAPABILITY_FILE, capability_json()),
        (COMMANDS_TS_FILE, commands_ts()),
        (VOCABULARY_TS_FILE, vocabulary_ts()),
    ] {
        let path = repo(file);
        if std::env::var_os("TAVOLO_UPDATE_TYPES").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{file} is stale: run `make types` and commit the result"
        );
    }
}

/// Every `#[tauri::command]` is in the one list (else the page could not call
/// it), the list names each once, and the page calls each through `api.ts`.
#[test]
fn every_command_is_listed_once_and_called_by_the_page() {
    let mut defined = Vec::new();
    for entry in std::fs::read_dir(repo("src-tauri/src/commands")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("#[tauri::command]") {
            rest = &rest[i..];
            let f = rest.find("fn ").unwrap();
            let name: String = rest[f + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            defined.push(name);
            rest = &rest[f..];
        }
    }
    let mut listed: Vec<String> = tavolo_desktop::COMMANDS
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    listed.sort();
    defined.sort();
    assert_eq!(listed, defined, "command_list.rs and the commands differ");
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "a command is listed twice");
    let api_ts = std::fs::read_to_string(repo("ui/src/lib/api.ts")).unwrap();
    for command in tavolo_desktop::COMMANDS {
        assert!(
            api_ts.contains(&format!("\"{command}\"")),
            "api.ts does not call {command}"
        );
    }
}

#[test]
fn every_code_the_ui_shows_has_an_italian_and_english_label() {
    let it = std::fs::read_to_string(repo("ui/src/lib/messages/it.ts")).unwrap();
    let en = std::fs::read_to_string(repo("ui/src/lib/messages/en.ts")).unwrap();
    let v = tavolo_desktop::dto::workspace::Vocabulary::current();
    let lists = [
        ("kind", &v.org_kinds),
        ("level", &v.levels),
        ("sector", &v.sectors),
        ("territory", &v.territory_kinds),
        ("theme", &v.themes),
        ("meetingKind", &v.meeting_kinds),
        ("noteKind", &v.note_kinds),
        ("meetingStatus", &v.meeting_statuses),
        ("role", &v.attendance_roles),
        ("relation", &v.relation_kinds),
        ("category", &v.operator_categories),
    ];
    for (prefix, codes) in lists {
        for code in codes {
            let key = format!("\"{prefix}.{code}\":");
            assert!(it.contains(&key), "it.ts lacks {key}");
            assert!(en.contains(&key), "en.ts lacks {key}");
        }
    }
}

#[test]
fn core_errors_map_to_kinds_the_ui_knows() {
    let e: tavolo_desktop::dto::CommandError =
        tavolo::Error::invalid("email", tavolo::Problem::Required).into();
    assert_eq!(
        (e.kind.as_str(), e.field.as_deref(), e.code.as_deref()),
        ("invalid", Some("email"), Some("required"))
    );
    let it = std::fs::read_to_string(repo("ui/src/lib/messages/it.ts")).unwrap();
    for kind in [
        "not_found",
        "conflict",
        "file",
        "storage",
        "internal",
        "invalid",
    ] {
        assert!(
            it.contains(&format!("\"error.{kind}\":")),
            "it.ts lacks error.{kind}"
        );
    }
}
