//! Erasure that reaches every copy (issue 14): after `person erase`, no byte of
//! the person's names, e-mail or phone is left in the database file or its
//! write-ahead log, in the notes search, in an export or a bundle made after it,
//! on a laptop that syncs, or in a backup from before once it is restored.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use tavolo::formats::workbook::write::{self as xlsx, Options};
use tavolo::notes::{self, NewNote, SearchFilter};
use tavolo::store::backup::Reason;
use tavolo::store::schema::PEOPLE;
use tavolo::{demo, meetings, sync, Store};

use crate::util::TestDb;

const GIVEN: &str = "Ilaria";
const FAMILY: &str = "Zappacosta";
const EMAIL: &str = "ilaria.zappacosta@comune.example.it";
const PHONE: &str = "+39 333 7654321";

/// What must not be found anywhere once she is erased.
fn traces() -> [&'static str; 4] {
    [FAMILY, "Ilaria Zappacosta", EMAIL, PHONE]
}

/// Which of the traces the bytes hold.
fn found_in(bytes: &[u8]) -> Vec<&'static str> {
    let lower = String::from_utf8_lossy(bytes).to_lowercase();
    traces()
        .into_iter()
        .filter(|t| lower.contains(&t.to_lowercase()))
        .collect()
}

/// The database file and its write-ahead log, read raw.
fn raw_files(db: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    [
        db.to_owned(),
        PathBuf::from(format!("{}-wal", db.display())),
    ]
    .into_iter()
    .filter(|p| p.exists())
    .map(|p| {
        let bytes = std::fs::read(&p).unwrap();
        (p, bytes)
    })
    .collect()
}

fn assert_clean(db: &Path, what: &str) {
    for (file, bytes) in raw_files(db) {
        let found = found_in(&bytes);
        assert!(
            found.is_empty(),
            "{what}: {} holds {found:?}",
            file.display()
        );
    }
}

/// A bundle's body, decompressed.
fn bundle_text(file: &Path) -> Vec<u8> {
    let bytes = std::fs::read(file).unwrap();
    let start = tavolo::sync::bundle::MAGIC.len();
    let end = start + bytes[start..].iter().position(|b| *b == b'\n').unwrap();
    zstd::decode_all(&bytes[end + 1..]).unwrap()
}

/// A demo person who spoke in meetings, renamed to the test's names and given an
/// e-mail and a phone; a note that names her and a draft that does too.
fn a_speaker_with_traces(store: &mut Store) -> String {
    let person: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT speaker_id FROM notes WHERE speaker_id IS NOT NULL GROUP BY speaker_id
                 ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    store
        .write(|tx| {
            tx.update(
                &PEOPLE,
                &person,
                &[
                    ("given_name", Value::Text(GIVEN.into())),
                    ("family_name", Value::Text(FAMILY.into())),
                    ("email", Value::Text(EMAIL.into())),
                    ("phone", Value::Text(PHONE.into())),
                ],
            )
        })
        .unwrap();
    let meeting = store.read(meetings::list).unwrap()[0].id.clone();
    let new = NewNote {
        meeting_id: meeting.clone(),
        text: format!("Come ricorda {GIVEN} {FAMILY}, lo sportello apre solo il lunedì"),
        ..NewNote::default()
    };
    store.write(|tx| notes::add(tx, &new)).unwrap();
    store
        .write(|tx| notes::save_draft(tx, &meeting, &format!("Chiamare {FAMILY} {GIVEN} domani")))
        .unwrap();
    person
}

#[test]
fn an_erased_person_leaves_no_byte_in_the_file_the_exports_a_peer_or_a_restored_backup() {
    let (da, db) = (TestDb::new(), TestDb::new());
    let folder = tempfile::tempdir().unwrap();
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let person = a_speaker_with_traces(&mut a);
    let spoke_before: i64 = a
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM notes WHERE speaker_id = ?1",
                [&person],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert!(spoke_before > 0);
    let backup = a.backup(None, Reason::Manual).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    // B holds her too, before the erasure.
    let mut b = db.open();
    sync::folder(&mut b, folder.path()).unwrap();
    drop(b);
    assert!(
        !found_in(&std::fs::read(&db.path).unwrap()).is_empty(),
        "B held her before"
    );
    drop(a);
    assert!(
        !found_in(&std::fs::read(&da.path).unwrap()).is_empty(),
        "the test's traces are there to find"
    );

    // Two workbooks written before: the full one may hold her, the other not.
    let full = da.dir.path().join("prima.xlsx");
    let pseudo = da.dir.path().join("pseudonimi.xlsx");
    da.cli(&["export", "xlsx", full.to_str().unwrap()]).ok();
    da.cli(&["export", "xlsx", pseudo.to_str().unwrap(), "--pseudonymise"])
        .ok();

    // Erasing asks to be sure.
    let line = da
        .cli(&["person", "erase", "--person", &person])
        .fails_with_one_line();
    assert!(line.contains("--yes"), "{line}");
    let done = da
        .cli(&["person", "erase", "--person", &person, "--yes"])
        .ok();
    assert!(
        done.contains(&format!("{spoke_before} notes no longer attributed")),
        "{done}"
    );
    assert!(done.contains("1 texts without the name"), "{done}");
    assert!(
        done.contains("files written before, not pseudonymised, that may hold them"),
        "{done}"
    );
    assert!(done.contains("\tworkbook\tprima.xlsx\t"), "{done}");
    assert!(!done.contains("pseudonimi.xlsx"), "{done}");
    assert_clean(&da.path, "A's file after the erasure");

    let mut a = da.open();
    // The notes keep their words and their organisation, not her.
    let (spoke, with_org): (i64, i64) = a
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*), count(speaker_org_id) FROM notes WHERE speaker_id = ?1",
                [&person],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((spoke, with_org), (0, 0));
    let hits = a
        .read(|c| notes::search(c, FAMILY, &SearchFilter::default(), 50, ("[", "]")))
        .unwrap();
    assert!(hits.is_empty(), "the search finds her no more");
    let hits = a
        .read(|c| {
            notes::search(
                c,
                "sportello lunedì",
                &SearchFilter::default(),
                50,
                ("[", "]"),
            )
        })
        .unwrap();
    assert_eq!(hits.len(), 1, "the note itself is still found");
    assert!(
        hits[0].note.text.contains("[nome cancellato]"),
        "{}",
        hits[0].note.text
    );

    // An export and a bundle made now hold none of her.
    let out = da.dir.path().join("dopo.xlsx");
    let options = Options {
        export_date: "2026-12-02".into(),
        ..Options::default()
    };
    a.read(|c| xlsx::export(c, &out, &options)).unwrap();
    let unzipped = std::process::Command::new("/usr/bin/python3")
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.stdout.buffer.write(b''.join(z.read(n) for n in z.namelist()))", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(unzipped.status.success());
    assert!(
        found_in(&unzipped.stdout).is_empty(),
        "the workbook: {:?}",
        found_in(&unzipped.stdout)
    );
    let fresh = tempfile::tempdir().unwrap();
    let history = sync::export_to(&mut a, fresh.path()).unwrap().unwrap().file;
    assert!(
        found_in(&bundle_text(&history)).is_empty(),
        "a bundle of the whole history"
    );

    // The erasure reaches B with the next sync, and B keeps none of her either.
    sync::folder(&mut a, folder.path()).unwrap();
    drop(a);
    let mut b = db.open();
    sync::folder(&mut b, folder.path()).unwrap();
    drop(b);
    assert_clean(&db.path, "B's file after its sync");

    // The backup from before, restored: reopened, it holds none of her.
    let line = da
        .cli(&["backup", "restore", backup.path.to_str().unwrap()])
        .ok();
    assert!(line.contains("restored"), "{line}");
    assert_clean(&da.path, "A's file after restoring the old backup");
    da.cli(&["check"]).ok();
}

#[test]
fn a_rewrite_that_cannot_finish_now_is_owed_and_the_next_sync_pays_it() {
    let da = TestDb::new();
    let folder = tempfile::tempdir().unwrap();
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let person = a_speaker_with_traces(&mut a);
    // Another program reading the file: the log cannot be emptied under it.
    let reader = rusqlite::Connection::open(&da.path).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    let done = tavolo::privacy::erasure::erase(&mut a, &person, "2026-12-02").unwrap();
    assert!(!done.compacted, "a reader kept the log's frames");
    reader.execute_batch("ROLLBACK").unwrap();
    drop(reader);
    // The next sync, with nothing new to apply, rewrites the file.
    sync::folder(&mut a, folder.path()).unwrap();
    let wal = std::fs::metadata(format!("{}-wal", da.path.display())).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the log emptied by the sync");
    drop(a);
    assert_clean(&da.path, "after the owed rewrite");
}
