//! A portable copy (issue 16): a `tavolo-portable` file beside the program
//! keeps the database and its backups in `tavolo-data/` beside it, and nothing
//! in the home folder. The real binary, copied to a folder standing for a USB
//! stick, run with an empty home folder of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    out.sort();
    out
}

fn run(program: &Path, home: &Path, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_portable_copy_keeps_everything_beside_it_and_nothing_in_the_home_folder() {
    let root = tempfile::tempdir().unwrap();
    let (stick, home) = (root.path().join("chiavetta"), root.path().join("casa"));
    std::fs::create_dir_all(&stick).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let program = stick.join("tavolo");
    std::fs::copy(env!("CARGO_BIN_EXE_tavolo"), &program).unwrap();

    // Without the marker the copy is an ordinary one: its database goes to the
    // home folder's app data folder.
    run(&program, &home, &["init"]);
    assert!(home.join(".local/share/org.tavolo.app/tavolo.db").exists());
    std::fs::remove_dir_all(&home).unwrap();
    std::fs::create_dir_all(&home).unwrap();

    std::fs::write(stick.join("tavolo-portable"), "").unwrap();
    run(&program, &home, &["demo"]);
    run(&program, &home, &["backup", "create"]);
    let stats = run(&program, &home, &["stats", "--json"]);
    assert!(stats.contains("\"practices\""), "{stats}");
    let data = stick.join("tavolo-data");
    assert!(data.join("tavolo.db").exists());
    let backups = files_under(&data.join("tavolo-backups"));
    assert!(!backups.is_empty(), "the backup beside the database");
    assert_eq!(
        files_under(&home),
        Vec::<PathBuf>::new(),
        "nothing in the home folder"
    );
}
