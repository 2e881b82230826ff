//! Updates without internet (issue 16): a signed `.tavolo-update` file on a folder
//! or a USB stick. The real binary on a portable stick stands for the installed
//! AppImage ($APPIMAGE); the update's payload is the real binary too, signed as a
//! newer version with the tests' key (trusted by debug builds only).

use std::path::{Path, PathBuf};
use std::process::Command;

use tavolo::{OpenMode, Store};

use crate::util::dump_rows;

const TEST_KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/update-test.key"
);

struct Stick {
    _root: tempfile::TempDir,
    dir: PathBuf,
    home: PathBuf,
    program: PathBuf,
}

impl Stick {
    fn new() -> Stick {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("chiavetta");
        let home = root.path().join("casa");
        std::fs::create_dir_all(dir.join("aggiornamenti")).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let program = dir.join("Tavolo.AppImage");
        // The program on the stick is "the old build": the real binary with bytes
        // after its end (it runs the same), so it differs from the update's payload.
        let mut old = std::fs::read(env!("CARGO_BIN_EXE_tavolo")).unwrap();
        old.extend_from_slice(b"\0the old build");
        std::fs::write(&program, old).unwrap();
        let mut perms = std::fs::metadata(&program).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&program, perms).unwrap();
        std::fs::write(dir.join("tavolo-portable"), "").unwrap();
        Stick {
            _root: root,
            dir,
            home,
            program,
        }
    }

    fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("APPIMAGE", &self.program);
        command
    }

    /// Runs the program on the stick; returns (success, stdout, stderr).
    fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.command(&self.program, args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[track_caller]
    fn ok(&self, args: &[&str]) -> String {
        let (ok, stdout, stderr) = self.run(args);
        assert!(ok, "{args:?}: {stderr}");
        stdout
    }

    /// Fails with one line naming the file; returns that line.
    #[track_caller]
    fn refused(&self, args: &[&str]) -> String {
        let (ok, stdout, stderr) = self.run(args);
        assert!(!ok, "{args:?} should fail: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr.trim().to_owned()
    }

    fn db(&self) -> PathBuf {
        self.dir.join("tavolo-data/tavolo.db")
    }

    fn update(&self, name: &str) -> String {
        self.dir
            .join("aggiornamenti")
            .join(name)
            .display()
            .to_string()
    }

    /// Signs the real binary as `version` into the stick's update folder.
    fn make(&self, name: &str, version: &str, key: &str) -> String {
        let out = self.update(name);
        let payload = env!("CARGO_BIN_EXE_tavolo");
        let args = [
            "update",
            "make",
            payload,
            &out,
            "--version",
            version,
            "--kind",
            "appimage",
            "--key",
            key,
            "--notes",
            "Nuove funzioni",
        ];
        self.ok(&args);
        out
    }
}

fn dump(db: &Path) -> Vec<String> {
    dump_rows(&Store::open(db, OpenMode::MustExist).unwrap())
}

fn backups(stick: &Stick) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(stick.dir.join("tavolo-data/tavolo-backups"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_good_update_replaces_the_program_after_a_backup_and_keeps_every_record() {
    let stick = Stick::new();
    stick.ok(&["demo"]);
    let before = dump(&stick.db());
    assert!(
        before.len() > 100,
        "the demo workspace: {} rows",
        before.len()
    );
    let file = stick.make("Tavolo-9.0.0.tavolo-update", "9.0.0", TEST_KEY);
    let payload = std::fs::read(env!("CARGO_BIN_EXE_tavolo")).unwrap();
    let old = std::fs::read(&stick.program).unwrap();
    assert_ne!(old, payload);

    let offers: serde_json::Value =
        serde_json::from_str(&stick.ok(&["update", "check", "aggiornamenti", "--json"])).unwrap();
    assert_eq!(offers.as_array().unwrap().len(), 1, "{offers}");
    assert_eq!(offers[0]["version"], "9.0.0", "{offers}");
    assert_eq!(offers[0]["kind"], "appimage", "{offers}");
    assert_eq!(offers[0]["refused"], serde_json::Value::Null, "{offers}");

    let said = stick.ok(&["update", "install", &file]);
    assert!(said.contains("installed Tavolo 9.0.0"), "{said}");
    let taken = backups(&stick);
    assert!(
        taken.iter().any(|b| b.ends_with("_before-update.db")),
        "a backup before the update: {taken:?}"
    );
    let backup = stick.dir.join("tavolo-data/tavolo-backups").join(
        taken
            .iter()
            .find(|b| b.ends_with("_before-update.db"))
            .unwrap(),
    );
    assert_eq!(dump(&backup), before, "the backup holds every record");
    assert_eq!(
        std::fs::read(&stick.program).unwrap(),
        payload,
        "the new program"
    );
    let previous = stick.dir.join("Tavolo.AppImage.previous");
    assert_eq!(
        std::fs::read(&previous).unwrap(),
        old,
        "the old one kept beside it"
    );

    // The new program opens the database, checks it, and every record is there.
    stick.ok(&["check"]);
    assert_eq!(dump(&stick.db()), before, "every record kept");
    assert!(
        std::fs::read_dir(&stick.home).unwrap().next().is_none(),
        "nothing in the home folder"
    );
}

#[test]
fn a_bad_signature_an_altered_file_and_an_older_version_are_refused_and_change_nothing() {
    let stick = Stick::new();
    stick.ok(&["demo"]);
    let before = dump(&stick.db());
    let program = std::fs::read(&stick.program).unwrap();

    // Signed with a key Tavolo does not trust.
    let root = tempfile::tempdir().unwrap();
    let stranger = root.path().join("estraneo.key");
    let made = stick.ok(&["update", "keygen", stranger.to_str().unwrap()]);
    assert!(made.contains("public key: "), "{made}");
    let foreign = stick.make(
        "estraneo.tavolo-update",
        "9.0.0",
        stranger.to_str().unwrap(),
    );
    let why = stick.refused(&["update", "install", &foreign]);
    assert!(why.contains("estraneo.tavolo-update"), "{why}");
    assert!(
        why.contains("is not signed with the project's key"),
        "{why}"
    );

    // A signed file whose manifest was changed (a newer version written in).
    let altered = stick.make("alterato.tavolo-update", "9.0.0", TEST_KEY);
    let bytes = std::fs::read(&altered).unwrap();
    let at = bytes.windows(7).position(|w| w == b"\"9.0.0\"").unwrap();
    let mut changed = bytes.clone();
    changed[at + 1] = b'9';
    changed[at + 3] = b'9';
    std::fs::write(&altered, &changed).unwrap();
    let why = stick.refused(&["update", "install", &altered]);
    assert!(why.contains("was changed after it was signed"), "{why}");

    // A signed file with one byte of the program flipped (a bad copy).
    let damaged = stick.make("danneggiato.tavolo-update", "9.0.1", TEST_KEY);
    let mut bytes = std::fs::read(&damaged).unwrap();
    let last = bytes.len() - 100;
    bytes[last] ^= 0x20;
    std::fs::write(&damaged, &bytes).unwrap();
    let why = stick.refused(&["update", "install", &damaged]);
    assert!(why.contains("is incomplete or damaged"), "{why}");

    // Older, and the same version as the one running.
    let running = env!("CARGO_PKG_VERSION");
    let older = stick.make("vecchio.tavolo-update", "0.0.1", TEST_KEY);
    let why = stick.refused(&["update", "install", &older]);
    assert!(
        why.contains(&format!(
            "is version 0.0.1, older than the one installed ({running}): an update never goes back"
        )),
        "{why}"
    );
    let same = stick.make("uguale.tavolo-update", running, TEST_KEY);
    let why = stick.refused(&["update", "install", &same]);
    assert!(why.contains("the one already installed"), "{why}");

    // The folder lists every one of them as refused, with its reason.
    let listed: serde_json::Value =
        serde_json::from_str(&stick.ok(&["update", "check", "aggiornamenti", "--json"])).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert!(
        listed.iter().all(|f| f["refused"].is_string()),
        "{listed:?}"
    );

    assert_eq!(
        std::fs::read(&stick.program).unwrap(),
        program,
        "program unchanged"
    );
    assert!(!stick.dir.join("Tavolo.AppImage.previous").exists());
    assert!(
        !backups(&stick)
            .iter()
            .any(|b| b.ends_with("_before-update.db")),
        "no backup taken for a refused update"
    );
    assert_eq!(dump(&stick.db()), before, "database unchanged");
}

#[test]
fn an_update_for_the_deb_is_not_installed_over_an_appimage() {
    let stick = Stick::new();
    let out = stick.update("deb.tavolo-update");
    stick.ok(&[
        "update",
        "make",
        env!("CARGO_BIN_EXE_tavolo"),
        &out,
        "--version",
        "9.0.0",
        "--kind",
        "deb",
        "--key",
        TEST_KEY,
    ]);
    let why = stick.refused(&["update", "install", &out]);
    assert!(why.contains("this is a .deb update"), "{why}");
    let other = stick.update("windows.tavolo-update");
    stick.ok(&[
        "update",
        "make",
        env!("CARGO_BIN_EXE_tavolo"),
        &other,
        "--version",
        "9.0.0",
        "--kind",
        "appimage",
        "--key",
        TEST_KEY,
        "--platform",
        "windows-x86_64",
    ]);
    let why = stick.refused(&["update", "install", &other]);
    assert!(why.contains("is for windows-x86_64"), "{why}");
}
