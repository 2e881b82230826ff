//! The IPC contract: the generated TypeScript types are current, the three lists of
//! commands agree, and every code the core can send has a label in the UI.

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

#[test]
fn command_lists_agree() {
    let build_rs = std::fs::read_to_string(repo("src-tauri/build.rs")).unwrap();
    let capability = std::fs::read_to_string(repo("src-tauri/capabilities/default.json")).unwrap();
    let lib_rs = std::fs::read_to_string(repo("src-tauri/src/lib.rs")).unwrap();
    let api_ts = std::fs::read_to_string(repo("ui/src/lib/api.ts")).unwrap();
    for command in tavolo_desktop::COMMANDS {
        assert!(
            build_rs.contains(&format!("\"{command}\"")),
            "build.rs lacks {command}"
        );
        let permission = format!("\"allow-{}\"", command.replace('_', "-"));
        assert!(
            capability.contains(&permission),
            "capability lacks {permission}"
        );
        assert!(
            lib_rs.contains(&format!("commands::{command},")),
            "generate_handler! lacks {command}"
        );
        assert!(
            api_ts.contains(&format!("\"{command}\"")),
            "api.ts does not call {command}"
        );
    }
    let allowed = capability.matches("\"allow-").count();
    assert_eq!(
        allowed,
        tavolo_desktop::COMMANDS.len(),
        "the capability allows extra commands"
    );
}

#[test]
fn every_code_the_ui_shows_has_an_italian_and_english_label() {
    let it = std::fs::read_to_string(repo("ui/src/lib/messages/it.ts")).unwrap();
    let en = std::fs::read_to_string(repo("ui/src/lib/messages/en.ts")).unwrap();
    let v = tavolo_desktop::dto::Vocabulary::current();
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
