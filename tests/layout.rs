//! The layout's rules, checked on the sources (ARCHITECTURE.md, "Invariants"):
//! no Rust source outside the tests over 800 lines, every module opening with a
//! `//!` line that says what it is for, no Svelte component's script over 250
//! lines, the core free of the shell's crates, the shell free of SQL.

use std::path::{Path, PathBuf};

const MAX_RUST_LINES: usize = 800;
const MAX_SCRIPT_LINES: usize = 250;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name ends with `ext`.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn rust_sources() -> Vec<PathBuf> {
    let mut all = files(&root().join("src"), ".rs");
    all.extend(files(&root().join("src-tauri/src"), ".rs"));
    all.push(root().join("src-tauri/build.rs"));
    all
}

#[test]
fn rust_sources_are_short_and_say_what_they_are_for() {
    let sources = rust_sources();
    assert!(sources.len() > 40, "the sources were not found");
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = text.lines().count();
        assert!(
            lines <= MAX_RUST_LINES,
            "{} has {lines} lines (at most {MAX_RUST_LINES})",
            path.display()
        );
        assert!(
            text.starts_with("//! "),
            "{} does not open with a //! line",
            path.display()
        );
    }
}

#[test]
fn svelte_components_keep_their_scripts_short() {
    let components = files(&root().join("ui/src"), ".svelte");
    assert!(components.len() > 10, "the components were not found");
    for path in components {
        let text = std::fs::read_to_string(&path).unwrap();
        let script = text
            .split_once("<script")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map_or(0, |(body, _)| body.lines().count().saturating_sub(1));
        assert!(
            script <= MAX_SCRIPT_LINES,
            "{}'s script has {script} lines (at most {MAX_SCRIPT_LINES})",
            path.display()
        );
    }
}

#[test]
fn the_core_knows_no_shell_and_the_shell_no_sql() {
    for path in files(&root().join("src"), ".rs") {
        let text = std::fs::read_to_string(&path).unwrap();
        for shell in ["tauri", "ts_rs", "webkit", "gtk"] {
            let found = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| l.contains(&format!("{shell}::")) || l.contains(&format!("use {shell}")));
            assert!(!found, "{} uses {shell}", path.display());
        }
    }
    for path in files(&root().join("src-tauri/src"), ".rs") {
        let text = std::fs::read_to_string(&path).unwrap();
        for sql in ["SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "rusqlite"] {
            assert!(!text.contains(sql), "{} holds SQL ({sql})", path.display());
        }
    }
}
