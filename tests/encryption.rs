//! Encryption at rest (issue 14): an encrypted database, its write-ahead log, its
//! backups and its bundles hold no name of the demo; the CLI opens it with
//! `TAVOLO_PASSPHRASE` or the keyring (a real GNOME keyring on a private D-Bus),
//! never with a wrong passphrase; `tavolo encrypt` encrypts a plain one in place
//! and loses nothing; sealed bundles (format 2) travel between laptops of one
//! passphrase only.

use std::path::{Path, PathBuf};
use std::process::Command;

use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::store::backup::{self, Reason};
use tavolo::store::cipher::{self, Passphrase};
use tavolo::sync::bundle;
use tavolo::vocabulary::{Level, OrgKind};
use tavolo::{demo, Error, OpenMode, Store};

use crate::util::{dump_rows, CliRun, TestDb};

const PASS: &str = "il tavolo di Caltanissetta";

/// `tavolo --db <db> args…` with the keyring left alone and the given
/// passphrase (or none) in TAVOLO_PASSPHRASE.
fn tavolo(db: &Path, pass: Option<&str>, args: &[&str]) -> CliRun {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tavolo"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("TAVOLO_DB")
        .env("TAVOLO_KEYRING", "off");
    match pass {
        Some(p) => cmd.env("TAVOLO_PASSPHRASE", p),
        None => cmd.env_remove("TAVOLO_PASSPHRASE"),
    };
    cmd.output().expect("run tavolo").into()
}

/// Names of the demo that must not appear in any encrypted file: every
/// person's family name and every organisation's name, read from a plain demo.
fn demo_names() -> Vec<String> {
    let plain = TestDb::new();
    demo::load(&mut plain.open(), 1).unwrap();
    let conn = rusqlite::Connection::open(&plain.path).unwrap();
    let mut names: Vec<String> = conn
        .prepare("SELECT family_name FROM people UNION SELECT name FROM organisations")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    names.retain(|n| n.chars().count() >= 5);
    assert!(names.len() > 20, "{names:?}");
    names
}

/// Which of `names` the raw bytes of `file` hold.
fn found(file: &Path, names: &[String]) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    names
        .iter()
        .filter(|n| text.contains(n.as_str()))
        .cloned()
        .collect()
}

fn side(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

#[test]
fn an_encrypted_database_reveals_no_name_and_opens_only_with_its_passphrase() {
    let names = demo_names();
    let db = TestDb::new();
    let said = tavolo(&db.path, Some(PASS), &["init", "--encrypt"]).ok();
    assert!(
        said.contains("encrypted; no keyring answered here"),
        "{said}"
    );
    tavolo(&db.path, Some(PASS), &["demo"]).ok();
    assert!(cipher::is_encrypted(&db.path));
    // A note written and left in the write-ahead log (the app running).
    let pass = Passphrase::given(PASS).unwrap();
    let mut store = Store::open_keyed(&db.path, OpenMode::MustExist, Some(pass.clone())).unwrap();
    store
        .write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation::named(
                    "Associazione Zappacosta",
                    OrgKind::MigrantAssociation,
                    Level::Local,
                ),
            )
        })
        .unwrap();
    let wal = side(&db.path, "-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the write is in the write-ahead log"
    );
    let mut names = names;
    names.push("Zappacosta".into());
    for file in [&db.path, &wal] {
        let held = found(file, &names);
        assert!(held.is_empty(), "{} holds {held:?}", file.display());
    }
    drop(store);

    // The right passphrase opens it; none, or a wrong one, does not, in one line
    // naming the file.
    let listed = tavolo(&db.path, Some(PASS), &["person", "list", "--json"]).ok();
    assert!(
        names.iter().any(|n| listed.contains(n.as_str())),
        "{listed}"
    );
    let line = tavolo(&db.path, None, &["stats"]).fails_with_one_line();
    assert!(
        line.contains("tavolo.db") && line.contains("TAVOLO_PASSPHRASE"),
        "{line}"
    );
    let line = tavolo(&db.path, Some("un'altra frase"), &["stats"]).fails_with_one_line();
    assert!(
        line.contains("tavolo.db") && line.contains("passphrase does not open it"),
        "{line}"
    );
    // The library says the same without the CLI (this process opened the file
    // itself, so a copy elsewhere is tried), and never opens it plain.
    let elsewhere = db.dir.path().join("copia.db");
    std::fs::copy(&db.path, &elsewhere).unwrap();
    let err = Store::open(&elsewhere, OpenMode::MustExist).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err}");

    // Its backups are encrypted with it, and one restores.
    let made = tavolo(&db.path, Some(PASS), &["backup", "create"]).ok();
    let copy = PathBuf::from(made.trim());
    assert!(cipher::is_encrypted(&copy));
    let held = found(&copy, &names);
    assert!(held.is_empty(), "the backup holds {held:?}");
    let before =
        dump_rows(&Store::open_keyed(&db.path, OpenMode::MustExist, Some(pass.clone())).unwrap());
    let restored = tavolo(
        &db.path,
        Some(PASS),
        &["backup", "restore", copy.to_str().unwrap()],
    )
    .ok();
    assert!(restored.starts_with("restored"), "{restored}");
    let after = dump_rows(&Store::open_keyed(&db.path, OpenMode::MustExist, Some(pass)).unwrap());
    assert_eq!(after, before);

    // A plain backup cannot be put in place of an encrypted database.
    let plain = TestDb::new();
    plain.open();
    let plain_copy = plain
        .open()
        .backup(Some(plain.dir.path()), Reason::Manual)
        .unwrap()
        .path;
    let line = tavolo(
        &db.path,
        Some(PASS),
        &["backup", "restore", plain_copy.to_str().unwrap()],
    )
    .fails_with_one_line();
    assert!(line.contains("is a plain copy"), "{line}");
}

#[test]
fn init_encrypt_asks_a_real_passphrase_and_never_takes_over_a_plain_file() {
    let db = TestDb::new();
    let line = tavolo(&db.path, Some("corta"), &["init", "--encrypt"]).fails_with_one_line();
    assert!(line.contains("passphrase") && line.contains("8"), "{line}");
    assert!(!db.path.exists(), "nothing made");
    let line = tavolo(&db.path, None, &["init", "--encrypt"]).fails_with_one_line();
    assert!(line.contains("TAVOLO_PASSPHRASE"), "{line}");
    tavolo(&db.path, None, &["init"]).ok();
    let line = tavolo(&db.path, Some(PASS), &["init", "--encrypt"]).fails_with_one_line();
    assert!(line.contains("tavolo encrypt"), "{line}");
    assert!(
        !cipher::is_encrypted(&db.path),
        "the plain file is left as it was"
    );
}

#[test]
fn tavolo_encrypt_turns_a_plain_database_encrypted_in_place_and_loses_nothing() {
    let names = demo_names();
    let db = TestDb::new();
    let (before, device, old_backup) = {
        let mut store = db.open();
        demo::load(&mut store, 1).unwrap();
        let old = store.backup(None, Reason::Manual).unwrap().path;
        (dump_rows(&store), store.device().to_owned(), old)
    };
    assert!(
        !found(&old_backup, &names).is_empty(),
        "a plain backup shows names"
    );
    let said = tavolo(&db.path, Some(PASS), &["encrypt"]).ok();
    assert!(
        said.contains("encrypted:") && said.contains("plain backups encrypted: 1"),
        "{said}"
    );
    assert!(cipher::is_encrypted(&db.path));
    for file in [&db.path, &old_backup] {
        let held = found(file, &names);
        assert!(held.is_empty(), "{} holds {held:?}", file.display());
    }
    let kept = backup::list(&backup::folder_for(&db.path)).unwrap();
    let first = kept
        .iter()
        .find(|b| b.reason == Reason::BeforeEncrypt)
        .expect("a backup first");
    assert!(cipher::is_encrypted(&first.path));
    let pass = Passphrase::given(PASS).unwrap();
    let store = Store::open_keyed(&db.path, OpenMode::MustExist, Some(pass.clone())).unwrap();
    assert_eq!(dump_rows(&store), before, "every row as it was");
    assert_eq!(
        store.device(),
        device,
        "the same laptop, the same device id"
    );
    drop(store);
    let check = tavolo(&db.path, Some(PASS), &["check"]).ok();
    assert!(check.contains("ok"), "{check}");
    // The backup taken first holds the database as it was.
    let copy = Store::open_keyed(&first.path, OpenMode::MustExist, Some(pass)).unwrap();
    assert_eq!(dump_rows(&copy), before);

    let line = tavolo(&db.path, Some(PASS), &["encrypt"]).fails_with_one_line();
    assert!(line.contains("encrypted already"), "{line}");
}

#[test]
fn tavolo_encrypt_leaves_a_database_another_program_holds_open_alone() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let before = dump_rows(&store);
    let line = tavolo(&db.path, Some(PASS), &["encrypt"]).fails_with_one_line();
    assert!(line.contains("open in another program"), "{line}");
    assert!(!cipher::is_encrypted(&db.path));
    drop(store);
    assert_eq!(dump_rows(&db.open()), before);
    let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".sealing"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn sealed_bundles_travel_between_laptops_of_one_passphrase_only() {
    let names = demo_names();
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().to_str().unwrap();
    let a = TestDb::new();
    tavolo(&a.path, Some(PASS), &["init", "--encrypt"]).ok();
    tavolo(&a.path, Some(PASS), &["demo"]).ok();
    let written = tavolo(&a.path, Some(PASS), &["sync", "export", "--to", dir]).ok();
    let file = PathBuf::from(written.trim());
    let header = bundle::read_header(&file).unwrap();
    assert_eq!(header.format, bundle::FORMAT_SEALED);
    let held = found(&file, &names);
    assert!(held.is_empty(), "the bundle holds {held:?}");

    // A laptop of the same workspace passphrase joins.
    let b = TestDb::new();
    tavolo(&b.path, Some(PASS), &["init", "--encrypt"]).ok();
    let joined = tavolo(&b.path, Some(PASS), &["sync", "folder", dir]).ok();
    assert!(joined.contains("arrived: 1 bundle(s)"), "{joined}");
    let pass = Passphrase::given(PASS).unwrap();
    let rows = |db: &TestDb| {
        dump_rows(&Store::open_keyed(&db.path, OpenMode::MustExist, Some(pass.clone())).unwrap())
    };
    assert_eq!(rows(&b), rows(&a));

    // A plain laptop, and one of another passphrase, cannot read it; each is told
    // why in one line naming the bundle, and holds nothing of it.
    let c = TestDb::new();
    c.open();
    let line = tavolo(&c.path, None, &["sync", "folder", dir]).fails_with_one_line();
    assert!(
        line.contains(".tavolo-bundle") && line.contains("sealed with the workspace's passphrase"),
        "{line}"
    );
    assert!(dump_rows(&c.open()).is_empty());
    let d = TestDb::new();
    tavolo(
        &d.path,
        Some("un'altra frase lunga"),
        &["init", "--encrypt"],
    )
    .ok();
    let line = tavolo(
        &d.path,
        Some("un'altra frase lunga"),
        &["sync", "folder", dir],
    )
    .fails_with_one_line();
    assert!(line.contains("another passphrase"), "{line}");

    // A bundle whose sealed body was changed is refused as damaged.
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0x55;
    let spoiled = folder.path().join("spoiled");
    std::fs::create_dir(&spoiled).unwrap();
    std::fs::write(spoiled.join(file.file_name().unwrap()), &bytes).unwrap();
    let e = TestDb::new();
    tavolo(&e.path, Some(PASS), &["init", "--encrypt"]).ok();
    let line = tavolo(
        &e.path,
        Some(PASS),
        &["sync", "folder", spoiled.to_str().unwrap()],
    )
    .fails_with_one_line();
    assert!(line.contains("checksum"), "{line}");
}

const FIXTURE_V2: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bundle_v2.tavolo-bundle"
);
const FIXTURE_PASS: &str = "la passphrase del tavolo";

/// Format 2 is frozen like format 1: the fixture (the format-1 fixture's
/// changes, sealed with FIXTURE_PASS by the first version that sealed bundles;
/// `TAVOLO_WRITE_BUNDLE_FIXTURE=1` wrote it) still reads, and only with its
/// passphrase.
#[test]
fn the_format_2_fixture_still_reads_and_only_with_its_passphrase() {
    let v1 = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/bundle_v1.tavolo-bundle"
    ));
    let pass = Passphrase::given(FIXTURE_PASS).unwrap();
    let plain = bundle::read(v1, None).unwrap();
    if std::env::var_os("TAVOLO_WRITE_BUNDLE_FIXTURE").is_some() {
        let bytes = bundle::encode(
            plain.header.clone(),
            &plain.changes,
            &plain.seen,
            Some(&pass),
        )
        .unwrap();
        bundle::write(Path::new(FIXTURE_V2), &bytes).unwrap();
    }
    let sealed = bundle::read(Path::new(FIXTURE_V2), Some(&pass)).unwrap();
    assert_eq!(sealed.header.format, 2);
    assert_eq!(sealed.changes, plain.changes);
    assert_eq!(sealed.seen, plain.seen);
    let err = bundle::read(Path::new(FIXTURE_V2), None).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err}");
    let other = Passphrase::given("un'altra").unwrap();
    let err = bundle::read(Path::new(FIXTURE_V2), Some(&other)).unwrap_err();
    assert!(err.to_string().contains("another passphrase"), "{err}");
    let text = String::from_utf8_lossy(&std::fs::read(FIXTURE_V2).unwrap()).into_owned();
    assert!(
        !text.contains("Matera"),
        "the organisation's name is sealed"
    );
}

/// The passphrase kept in a real keyring (GNOME's, on a D-Bus of this test's
/// own): after `init --encrypt`, the CLI opens the database with no
/// passphrase given.
#[test]
fn the_keyring_keeps_the_passphrase_so_no_one_types_it() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("tavolo.db");
    let script = format!(
        r#"set -e
printf 'keyring-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
TAVOLO_PASSPHRASE='{PASS}' "$TAVOLO" --db "$DB" init --encrypt
"$TAVOLO" --db "$DB" demo
"$TAVOLO" --db "$DB" stats
"#
    );
    let out = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", &script])
        .env("HOME", home.path())
        .env("XDG_RUNTIME_DIR", home.path())
        .env("TAVOLO", env!("CARGO_BIN_EXE_tavolo"))
        .env("DB", &db)
        .env_remove("TAVOLO_PASSPHRASE")
        .env_remove("TAVOLO_KEYRING")
        .env_remove("TAVOLO_DB")
        .output()
        .expect("dbus-run-session and gnome-keyring-daemon (make test-deps installs them)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("the passphrase is kept in this computer's keyring"),
        "{stdout}"
    );
    assert!(stdout.contains("demo workspace loaded"), "{stdout}");
    assert!(cipher::is_encrypted(&db));
    // Outside that session no keyring answers, and the file stays shut.
    let line = tavolo(&db, None, &["stats"]).fails_with_one_line();
    assert!(line.contains("TAVOLO_PASSPHRASE"), "{line}");
}
