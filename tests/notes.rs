//! Notes: adding, searching, and durability under SIGKILL.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use tavolo::notes::{self, NewNote, SearchFilter};
use tavolo::store::schema::NOTES;
use tavolo::vocabulary::NoteKind;
use tavolo::{demo, meetings, store::integrity, Store};

use crate::util::TestDb;

fn demo_store(db: &TestDb) -> (Store, String) {
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let meeting = store.read(meetings::list).unwrap().remove(0).id;
    (store, meeting)
}

fn add(store: &mut Store, meeting: &str, kind: Option<NoteKind>, text: &str) -> notes::Note {
    let new = NewNote {
        meeting_id: meeting.into(),
        kind,
        text: text.into(),
        ..NewNote::default()
    };
    store.write(|tx| notes::add(tx, &new)).unwrap()
}

fn search(store: &Store, query: &str, filter: &SearchFilter) -> Vec<String> {
    store
        .read(|c| notes::search(c, query, filter, 50, ("[", "]")))
        .unwrap()
        .into_iter()
        .map(|h| h.highlighted)
        .collect()
}

#[test]
fn search_ignores_accents_matches_prefixes_and_filters() {
    let db = TestDb::new();
    let (mut store, meeting) = demo_store(&db);
    add(
        &mut store,
        &meeting,
        Some(NoteKind::Need),
        "Serve più mediazione linguistica negli ambulatori #salute",
    );
    add(
        &mut store,
        &meeting,
        Some(NoteKind::Recommendation),
        "Aprire uno sportello unico per l'integrazione #casa",
    );
    add(
        &mut store,
        &meeting,
        Some(NoteKind::GoodPractice),
        "La città ha un tavolo permanente",
    );

    let any = SearchFilter::default();
    assert_eq!(
        search(&store, "piu mediaz", &any),
        vec!["Serve [più] [mediazione] linguistica negli ambulatori #salute"]
    );
    assert_eq!(
        search(&store, "CITTA", &any),
        vec!["La [città] ha un tavolo permanente"]
    );
    assert_eq!(search(&store, "integr", &any).len(), 1);
    let needs = SearchFilter {
        kind: Some(NoteKind::Need),
        ..SearchFilter::default()
    };
    assert!(search(&store, "sportello", &needs).is_empty());
    let tagged = SearchFilter {
        tag: Some("Casa".into()),
        ..SearchFilter::default()
    };
    assert_eq!(search(&store, "aprire", &tagged).len(), 1);
    for wild in ["%", "cas_", "c%"] {
        let filter = SearchFilter {
            tag: Some(wild.into()),
            ..SearchFilter::default()
        };
        assert!(
            search(&store, "aprire", &filter).is_empty(),
            "tag {wild:?} is taken literally"
        );
    }
    assert!(
        search(&store, "\"unbalanced OR", &any).is_empty(),
        "operators are taken literally"
    );
}

#[test]
fn markup_is_stored_as_typed_and_edits_reach_the_index() {
    let db = TestDb::new();
    let (mut store, meeting) = demo_store(&db);
    let text = "<script>alert('x')</script> & <b>grassetto</b>";
    let note = add(&mut store, &meeting, None, text);
    assert_eq!(store.read(|c| notes::get(c, &note.id)).unwrap().text, text);

    store
        .write(|tx| {
            tx.update(
                &NOTES,
                &note.id,
                &[(
                    "text",
                    rusqlite::types::Value::Text("testo corretto".into()),
                )],
            )
        })
        .unwrap();
    assert!(search(&store, "grassetto", &SearchFilter::default()).is_empty());
    assert_eq!(
        search(&store, "corretto", &SearchFilter::default()).len(),
        1
    );
    store.write(|tx| tx.delete(&NOTES, &note.id)).unwrap();
    assert!(search(&store, "corretto", &SearchFilter::default()).is_empty());
    assert!(store.read(integrity::check).unwrap().is_ok());
}

#[test]
fn a_note_needs_text_and_a_table_of_its_own_meeting() {
    let db = TestDb::new();
    let (mut store, meeting) = demo_store(&db);
    let empty = NewNote {
        meeting_id: meeting.clone(),
        text: "  ".into(),
        ..NewNote::default()
    };
    assert_eq!(
        store
            .write(|tx| notes::add(tx, &empty))
            .unwrap_err()
            .to_string(),
        "text: is required"
    );
    let other_meeting = store.read(meetings::list).unwrap().remove(1).id;
    let other_table: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id FROM meeting_tables WHERE meeting_id = ?1",
                [&other_meeting],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let wrong = NewNote {
        meeting_id: meeting,
        table_id: Some(other_table),
        text: "x".into(),
        ..NewNote::default()
    };
    let err = store.write(|tx| notes::add(tx, &wrong)).unwrap_err();
    assert!(err.to_string().starts_with("table_id:"), "{err}");
}

#[test]
fn cli_adds_lists_and_searches() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let list = db.cli(&["meeting", "list"]).ok();
    assert_eq!(list.lines().count(), 12);
    let meeting = list.split_whitespace().next().unwrap().to_owned();
    assert!(list.contains("/03/2024"), "dates are dd/mm/yyyy: {list}");
    let id = db
        .cli(&[
            "note",
            "add",
            "--meeting",
            &meeting,
            "--kind",
            "proposal",
            "Un tavolo sull'abitare #casa",
        ])
        .ok();
    let found = db.cli(&["note", "search", "abitare"]).ok();
    assert!(found.starts_with(id.trim()), "{found}");
    assert!(found.contains("[abitare]"), "{found}");
    let line = db
        .cli(&["note", "add", "--meeting", &meeting, "--kind", "wish", "x"])
        .fails_with_one_line();
    assert!(line.contains("kind: 'wish' is not one of"), "{line}");
    let line = db
        .cli(&["note", "add", "--meeting", "nope", "x"])
        .fails_with_one_line();
    assert!(line.contains("meeting_id"), "{line}");
}

/// A small deterministic generator for the kill times.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn notes_whose_id_was_printed_survive_sigkill_a_hundred_times() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let meeting = db
        .cli(&["meeting", "list"])
        .ok()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let mut printed: Vec<String> = Vec::new();
    let mut seed = 0x5eed_u64;
    for round in 0..100 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tavolo"))
            .args([
                "--db",
                db.path.to_str().unwrap(),
                "note",
                "add",
                "--meeting",
                &meeting,
                "--stdin",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            for i in 0.. {
                if writeln!(stdin, "Nota {round}-{i}: intervento registrato #prova").is_err() {
                    break; // the process was killed
                }
            }
        });
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(5 + next(&mut seed) % 120));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        writer.join().unwrap();
        printed.extend(reader.join().unwrap());
    }
    assert!(
        printed.len() > 100,
        "the writer made progress: {} notes",
        printed.len()
    );
    let store = Store::open(&db.path, tavolo::OpenMode::MustExist).unwrap();
    for id in &printed {
        assert!(
            store.read(|c| notes::get(c, id)).is_ok(),
            "note {id} was printed but is missing"
        );
    }
    drop(store);
    assert_eq!(db.cli(&["check"]).ok().trim(), "ok");
}

#[test]
fn a_filtered_search_finds_old_notes_behind_many_recent_matches() {
    let db = TestDb::new();
    let (mut store, first) = demo_store(&db);
    let second = store.read(meetings::list).unwrap().remove(1).id;
    add(&mut store, &first, None, "alfa: la nota più vecchia");
    store
        .write(|tx| {
            for i in 0..notes::RECENT_WINDOW + 100 {
                let new = NewNote {
                    meeting_id: second.clone(),
                    text: format!("alfa recente {i}"),
                    ..NewNote::default()
                };
                notes::add(tx, &new)?;
            }
            Ok(())
        })
        .unwrap();
    let in_first = SearchFilter {
        meeting_id: Some(first),
        ..SearchFilter::default()
    };
    assert_eq!(
        search(&store, "alfa", &in_first),
        vec!["[alfa]: la nota più vecchia"]
    );
    let all = store
        .read(|c| notes::search(c, "alfa", &SearchFilter::default(), 50, ("", "")))
        .unwrap();
    assert_eq!(all.len(), 50);
    assert!(
        all.iter().all(|h| h.note.meeting_id == second),
        "the most recent matches come first"
    );
}
