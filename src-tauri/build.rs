//! Tauri's build step: reads `tauri.conf.json`, resolves the capabilities and
//! generates a permission for each of the app's commands, so the capability file
//! can list exactly which commands the page may call. The commands are read from
//! `src/command_list.rs`, the one list of them.

const COMMAND_LIST: &str = "src/command_list.rs";

fn main() {
    println!("cargo:rerun-if-changed={COMMAND_LIST}");
    let commands = match std::fs::read_to_string(COMMAND_LIST) {
        Ok(text) => command_names(&text),
        Err(e) => {
            println!("cargo:warning={COMMAND_LIST} cannot be read: {e}");
            std::process::exit(1);
        }
    };
    if commands.is_empty() {
        println!("cargo:warning={COMMAND_LIST} lists no command");
        std::process::exit(1);
    }
    let names: Vec<&'static str> = commands
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    let attributes = tauri_build::Attributes::new()
        .config_path("tauri.conf.json")
        .app_manifest(
            tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice())),
        );
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

/// The command names in the list: every line `module::name,` (comments skipped).
fn command_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .filter_map(|l| l.strip_suffix(','))
        .filter_map(|l| l.split_once("::"))
        .filter(|(m, n)| is_ident(m) && is_ident(n))
        .map(|(_, n)| n.to_owned())
        .collect()
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
