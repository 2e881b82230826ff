//! Backups (issue 14): made by SQLite's online backup API beside the database or
//! in a chosen folder, one before every migration, listed, and restored with the
//! database as it was kept aside; a restored laptop gets back through sync what
//! it had written since the backup, under a new device id.

use rusqlite::Connection;
use tavolo::notes::{self, NewNote};
use tavolo::store::backup::{self, Reason};
use tavolo::store::recovery;
use tavolo::store::schema;
use tavolo::{demo, meetings, sync, OpenMode, Store};

use crate::util::{dump_rows, TestDb};

fn add_note(store: &mut Store, text: &str) -> String {
    let meeting = store.read(meetings::list).unwrap()[0].id.clone();
    let new = NewNote {
        meeting_id: meeting,
        text: text.into(),
        ..NewNote::default()
    };
    store.write(|tx| notes::add(tx, &new)).unwrap().id
}

fn has_note(store: &Store, id: &str) -> bool {
    store.read(|c| notes::get(c, id)).is_ok()
}

#[test]
fn a_backup_from_the_command_line_is_a_whole_copy_listed_beside_the_database() {
    let db = TestDb::new();
    demo::load(&mut db.open(), 1).unwrap();
    let printed = db.cli(&["backup", "create"]).ok();
    let file = std::path::PathBuf::from(printed.trim());
    assert_eq!(file.parent().unwrap(), db.dir.path().join("tavolo-backups"));
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("tavolo_") && name.ends_with("_manual.db"),
        "{name}"
    );
    let copy = Store::open(&file, OpenMode::MustExist).unwrap();
    assert_eq!(dump_rows(&copy), dump_rows(&db.open()), "the same rows");
    drop(copy);

    let listed = db.cli(&["backup", "list"]).ok();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 1, "{listed}");
    assert!(
        lines[0].contains("\tmanual\t") && lines[0].ends_with(&*file.display().to_string()),
        "{listed}"
    );

    // Into a chosen folder (a USB stick): made if missing.
    let stick = tempfile::tempdir().unwrap();
    let there = stick.path().join("Tavolo backup");
    let printed = db
        .cli(&["backup", "create", "--to", there.to_str().unwrap()])
        .ok();
    assert!(
        printed.trim().starts_with(&*there.display().to_string()),
        "{printed}"
    );
    assert_eq!(backup::list(&there).unwrap().len(), 1);
}

#[test]
fn restoring_a_backup_keeps_the_database_aside_and_sync_brings_back_what_came_after() {
    let db = TestDb::new();
    let folder = tempfile::tempdir().unwrap();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    sync::export_to(&mut store, folder.path()).unwrap();
    let device = store.device().to_owned();
    let taken = store.backup(None, Reason::Manual).unwrap();
    let after = add_note(&mut store, "Scritta dopo il backup");
    sync::export_to(&mut store, folder.path()).unwrap();
    let before_restore = dump_rows(&store);
    drop(store);

    let line = db
        .cli(&["backup", "restore", taken.path.to_str().unwrap()])
        .ok();
    assert!(line.contains("the database as it was is in"), "{line}");
    let mut store = db.open();
    assert!(
        !has_note(&store, &after),
        "the database is the backup again"
    );
    assert_ne!(
        store.device(),
        device,
        "a new device id: no sequence is reused"
    );
    let kept = backup::list(&store.backup_folder()).unwrap();
    let aside = kept
        .iter()
        .find(|b| b.reason == Reason::BeforeRestore)
        .unwrap();
    let old = Store::open(&aside.path, OpenMode::MustExist).unwrap();
    assert_eq!(
        dump_rows(&old),
        before_restore,
        "what was there is kept aside"
    );
    drop(old);

    // The note written after the backup is in the folder under the old id: the
    // next sync brings it back, and new writes go under the new id.
    sync::folder(&mut store, folder.path()).unwrap();
    assert!(has_note(&store, &after));
    let mine = add_note(&mut store, "Scritta dopo il ripristino");
    let written_by: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT device FROM change_log WHERE row_id = ?1 LIMIT 1",
                [&mine],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(written_by, store.device());
    db.cli(&["check"]).ok();
}

#[test]
fn a_file_that_is_no_backup_is_refused_naming_it_and_nothing_changes() {
    let db = TestDb::new();
    demo::load(&mut db.open(), 1).unwrap();
    let before = dump_rows(&db.open());
    let junk = db.dir.path().join("foto.db");
    std::fs::write(&junk, b"not a database at all, just some bytes").unwrap();
    let other = db.dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = db.dir.path().join("newer.db");
    std::fs::copy(&db.path, &newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", schema::VERSION + 1)
        .unwrap();
    for (file, expected) in [
        (&junk, "not a readable database"),
        (&other, "is not a Tavolo database"),
        (&newer, "newer Tavolo"),
        (&db.dir.path().join("missing.db"), "no backup here"),
    ] {
        let line = db
            .cli(&["backup", "restore", file.to_str().unwrap()])
            .fails_with_one_line();
        assert!(
            line.contains(&*file.display().to_string()) && line.contains(expected),
            "{line}"
        );
    }
    assert_eq!(dump_rows(&db.open()), before);
    assert!(
        backup::list(&db.dir.path().join("tavolo-backups"))
            .unwrap()
            .is_empty(),
        "nothing was backed up for a restore that did not happen"
    );
}

#[test]
fn a_database_of_an_older_schema_is_backed_up_before_it_is_migrated() {
    let db = TestDb::new();
    let sql = std::fs::read_to_string(format!(
        "{}/tests/fixtures/schema_v8.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    {
        let conn = Connection::open(&db.path).unwrap();
        schema::register_functions(&conn).unwrap();
        conn.execute_batch(&sql).unwrap();
        conn.pragma_update(None, "user_version", 8).unwrap();
    }
    let store = db.open();
    assert_eq!(store.read(schema::version).unwrap(), schema::VERSION);
    let kept = backup::list(&store.backup_folder()).unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].reason, Reason::BeforeMigration);
    let old = Connection::open(&kept[0].path).unwrap();
    assert_eq!(schema::version(&old).unwrap(), 8, "the file as it was");
    drop(store);
    // Opening it again migrates nothing, so makes no other backup.
    drop(db.open());
    assert_eq!(
        backup::list(&db.dir.path().join("tavolo-backups"))
            .unwrap()
            .len(),
        1
    );
}

/// Overwrites a whole page of a closed database file with noise (page 1 holds
/// the header).
fn spoil_page(path: &std::path::Path, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let wal = std::fs::metadata(format!("{}-wal", path.display())).map_or(0, |m| m.len());
    assert_eq!(
        wal, 0,
        "the file holds every page: nothing left in the write-ahead log"
    );
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start((page - 1) * 4096)).unwrap();
    f.write_all(&[0xA5; 4096]).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn a_damaged_database_is_found_and_a_backup_takes_its_place_with_the_damaged_file_kept() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let good = dump_rows(&store);
    let device = store.device().to_owned();
    let taken = store.backup(None, Reason::Manual).unwrap();
    drop(store);
    assert_eq!(recovery::problem(&db.path), None, "healthy");

    // A page in the middle spoiled: the file opens, quick_check finds it.
    spoil_page(&db.path, 30);
    let problem = recovery::problem(&db.path).expect("the damage is found");
    assert_eq!(problem.damage, recovery::Damage::Damaged, "{problem}");
    assert!(problem.to_string().starts_with("is damaged ("), "{problem}");
    // The header spoiled: it does not open at all.
    let headless = db.dir.path().join("headless.db");
    std::fs::copy(&taken.path, &headless).unwrap();
    spoil_page(&headless, 1);
    let problem = recovery::problem(&headless).expect("no database at all");
    assert_eq!(problem.damage, recovery::Damage::Unopenable, "{problem}");

    let (store, aside) =
        recovery::restore_over(&db.path, &taken.path, 1_764_691_200_000, None).unwrap();
    assert_eq!(dump_rows(&store), good, "the backup's rows");
    assert_ne!(store.device(), device);
    assert!(
        aside.starts_with(db.dir.path().join("tavolo-backups")),
        "{aside:?}"
    );
    assert!(
        aside.to_string_lossy().ends_with("_damaged.db"),
        "{aside:?}"
    );
    assert!(
        recovery::problem(&aside).is_some(),
        "the damaged file is kept as it was"
    );
    drop(store);
    db.cli(&["check"]).ok();
    // The rotation never removes it.
    backup::prune(&db.dir.path().join("tavolo-backups")).unwrap();
    assert!(aside.exists());
}

#[test]
fn what_can_still_be_read_is_copied_out_table_by_table() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let good = dump_rows(&store);
    drop(store);
    // A healthy file: everything.
    let whole = db.dir.path().join("copia.db");
    let report = recovery::salvage(&db.path, &whole, None).unwrap();
    assert!(
        report.tables.iter().all(|(_, _, stopped)| !stopped),
        "{report:?}"
    );
    assert_eq!(
        dump_rows(&Store::open(&whole, OpenMode::MustExist).unwrap()),
        good
    );
    let again = recovery::salvage(&db.path, &whole, None).unwrap_err();
    assert!(again.to_string().contains("exists already"), "{again}");

    // A damaged one: what can be read, and where it stopped.
    spoil_page(&db.path, 30);
    let part = db.dir.path().join("recuperato.db");
    let report = recovery::salvage(&db.path, &part, None).unwrap();
    let copied: usize = report.tables.iter().map(|(_, n, _)| n).sum();
    assert!(copied > 0, "{report:?}");
    let rows = dump_rows(&Store::open(&part, OpenMode::MustExist).unwrap());
    assert!(rows.len() <= good.len());
    assert!(
        rows.iter().all(|r| good.contains(r)),
        "only rows that were there"
    );
}
