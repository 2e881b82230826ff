//! The files made from the Rust sources and committed: from the one list of
//! commands (`command_list.rs`), the capability the window runs with and the
//! page's list of command names; from the core's closed lists, the page's
//! vocabulary, so a code added in Rust appears in the page without a second edit.
//! `make types` writes them; the test `generated_files_are_fresh` fails when the
//! committed copies are stale.

use crate::COMMANDS;

/// Where each generated file lives, from the repository's root.
pub const CAPABILITY_FILE: &str = "src-tauri/capabilities/default.json";
pub const COMMANDS_TS_FILE: &str = "ui/src/lib/commands.ts";
pub const VOCABULARY_TS_FILE: &str = "ui/src/lib/vocabulary.ts";

/// `capabilities/default.json`: the main window may call exactly these commands.
pub fn capability_json() -> String {
    let mut permissions = vec![serde_json::Value::from("core:event:default")];
    permissions.extend(
        COMMANDS
            .iter()
            .map(|c| serde_json::Value::from(format!("allow-{}", c.replace('_', "-")))),
    );
    let capability = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "default",
        "description": "The main window may call exactly Tavolo's own commands, and nothing else: no file system, no shell, no network plugins. (The save dialog of the exports and the open dialog of the register import are opened from Rust, so the page needs no dialog permission.) Generated from src-tauri/src/command_list.rs by `make types`.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut out = serde_json::to_string_pretty(&capability).unwrap_or_default();
    out.push('\n');
    out
}

/// `ui/src/lib/commands.ts`: the names `api.ts` may call, as a type, so a name
/// that is not a command fails the page's type check.
pub fn commands_ts() -> String {
    let mut out = String::from(
        "// Generated from src-tauri/src/command_list.rs by `make types`. Do not edit by hand.\n\n\
         /** Every command the page may call. */\nexport const COMMANDS = [\n",
    );
    for c in COMMANDS {
        out.push_str(&format!("  \"{c}\",\n"));
    }
    out.push_str("] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n");
    out
}

/// `ui/src/lib/vocabulary.ts`: every closed list's codes, in display order.
pub fn vocabulary_ts() -> String {
    let vocabulary = crate::dto::workspace::Vocabulary::current();
    let json = serde_json::to_string_pretty(&vocabulary).unwrap_or_default();
    format!(
        "// Generated from the core's closed lists (src/vocabulary.rs) by `make types`. Do not\n\
         // edit by hand.\n\
         import type {{ Vocabulary }} from \"./ipc-types\";\n\n\
         /** The codes of every closed list, in display order; the labels are in messages/. */\n\
         export const VOCABULARY: Vocabulary = {json};\n"
    )
}
