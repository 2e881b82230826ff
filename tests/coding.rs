//! Analysing what was said (issue 13): the codebook made from the demo's tags,
//! passages kept on their words when a note is edited, the codes × territories
//! matrix against counts worked out from the raw rows, merging codes, and two
//! coders' agreement.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use tavolo::coding::{agreement, codebook, matrix, passages};
use tavolo::notes::{self, NewNote, NoteEdit};
use tavolo::{demo, meetings, Store};

use crate::util::TestDb;

fn demo_db() -> TestDb {
    let db = TestDb::new();
    demo::load(&mut db.open(), 1).unwrap();
    db
}

/// The notes of the demo that have a text, by id.
fn note_ids(store: &Store) -> Vec<String> {
    store
        .read(|c| {
            let mut out = Vec::new();
            for m in meetings::list(c)? {
                out.extend(notes::of_meeting(c, &m.id)?.into_iter().map(|n| n.id));
            }
            Ok(out)
        })
        .unwrap()
}

#[test]
fn the_demos_tags_become_a_codebook_once() {
    let db = demo_db();
    let mut store = db.open();
    let made = store.write(codebook::from_tags).unwrap();
    let raw = Connection::open(&db.path).unwrap();
    let tags: BTreeSet<String> = raw
        .prepare("SELECT tags FROM notes WHERE deleted = 0")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .flat_map(|t| {
            t.unwrap()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(tags.len() >= 10, "{tags:?}");
    assert_eq!(made, tags.len());
    let codes: BTreeSet<String> = store
        .read(codebook::list)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(codes, tags);
    assert_eq!(store.write(codebook::from_tags).unwrap(), 0, "once");
    // A new tag in a new note becomes a code too.
    let meeting = store.read(meetings::list).unwrap()[0].id.clone();
    store
        .write(|tx| {
            notes::add(
                tx,
                &NewNote {
                    meeting_id: meeting.clone(),
                    text: "Serve uno sportello unico #sportellounico".into(),
                    ..NewNote::default()
                },
            )
        })
        .unwrap();
    assert_eq!(store.write(codebook::from_tags).unwrap(), 1);
    let line = db.cli(&["code", "list"]).ok();
    assert!(line.contains("sportellounico"), "{line}");
}

#[test]
fn a_passage_follows_its_words_through_an_edit_or_asks_for_review() {
    let db = demo_db();
    let mut store = db.open();
    let meeting = store.read(meetings::list).unwrap()[0].id.clone();
    let note = store
        .write(|tx| {
            notes::add(
                tx,
                &NewNote {
                    meeting_id: meeting.clone(),
                    text: "Servono mediatori in questura e più orari".into(),
                    ..NewNote::default()
                },
            )
        })
        .unwrap();
    let code = store
        .write(|tx| codebook::add(tx, "Mediazione linguistica", None, "", "#aa3300"))
        .unwrap();
    // "mediatori in questura" = characters 8..29.
    let passage = store
        .write(|tx| passages::apply(tx, &note.id, &code.id, Some((8, 29)), "anna"))
        .unwrap();
    assert_eq!(passage.quote, "mediatori in questura");
    let edit = |store: &mut Store, text: &str| {
        store
            .write(|tx| {
                notes::edit(
                    tx,
                    &note.id,
                    &NoteEdit {
                        text: Some(text.into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        store.read(|c| passages::get(c, &passage.id)).unwrap()
    };
    // Words added before: the passage moves with its words (accented text too).
    let moved = edit(
        &mut store,
        "Già detto: servono mediatori in questura e più orari",
    );
    assert_eq!(moved.span, Some((19, 40)));
    assert!(!moved.review);
    let text = store.read(|c| notes::get(c, &note.id)).unwrap().text;
    assert_eq!(passages::slice(&text, 19, 40), "mediatori in questura");
    // Its words gone: marked for review, the span left as it was (not moved
    // onto other words).
    let gone = edit(
        &mut store,
        "Già detto: servono interpreti al comune e più orari",
    );
    assert!(gone.review);
    assert_eq!(gone.span, Some((19, 40)));
    // A passage outside the text, or backwards, is refused.
    let line = db
        .cli(&[
            "code",
            "apply",
            "--note",
            &note.id,
            "--code",
            "Mediazione linguistica",
            "--start",
            "5",
            "--end",
            "3",
        ])
        .fails_with_one_line();
    assert!(line.contains("end"), "{line}");
    let line = db
        .cli(&[
            "code",
            "apply",
            "--note",
            &note.id,
            "--code",
            "nessun codice così",
        ])
        .fails_with_one_line();
    assert!(
        line.contains("code") && line.contains("nessun codice così"),
        "{line}"
    );
}

/// The matrix from the CLI's JSON against one worked out here from the raw rows:
/// notes, their meetings' territories, their tags, and the passages coded.
#[test]
fn the_codes_by_territories_matrix_equals_the_raw_rows() {
    let db = demo_db();
    let store = db.open();
    let ids = note_ids(&store);
    drop(store);
    // Passages by hand on top of the tags: two codes, two coders, a whole note.
    db.cli(&["code", "add", "Reti informali"]).ok();
    for (i, note) in ids.iter().enumerate().take(30) {
        let code = if i % 3 == 0 { "Reti informali" } else { "casa" };
        let mut args = vec![
            "code", "apply", "--note", note, "--code", code, "--coder", "anna",
        ];
        if i % 2 == 0 {
            args.extend(["--start", "0", "--end", "4"]);
        }
        db.cli(&args).ok();
    }
    let out = db
        .cli(&[
            "code",
            "matrix",
            "--rows",
            "code",
            "--cols",
            "territory",
            "--json",
        ])
        .ok();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();

    // The same from the raw rows.
    let raw = Connection::open(&db.path).unwrap();
    let territory_of: BTreeMap<String, String> = raw
        .prepare(
            "SELECT n.id, coalesce(t.name, '(nessuno)') FROM notes n JOIN meetings m ON m.id = n.meeting_id
             LEFT JOIN territories t ON t.id = m.territory_id WHERE n.deleted = 0",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let code_name: BTreeMap<String, (String, Option<String>)> = raw
        .prepare("SELECT id, name, tag FROM codes WHERE deleted = 0")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut coded: BTreeSet<(String, String)> = BTreeSet::new(); // (code name, note)
    for (note, tags) in raw
        .prepare("SELECT id, tags FROM notes WHERE deleted = 0")
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap)
    {
        for tag in tags.split_whitespace() {
            for (name, t) in code_name.values() {
                if t.as_deref() == Some(tag) {
                    coded.insert((name.clone(), note.clone()));
                }
            }
        }
    }
    for (code, note) in raw
        .prepare("SELECT code_id, note_id FROM codings WHERE deleted = 0")
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap)
    {
        coded.insert((code_name[&code].0.clone(), note));
    }
    let mut expected: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (code, note) in &coded {
        *expected
            .entry((code.clone(), territory_of[note].clone()))
            .or_default() += 1;
    }
    let rows: Vec<String> = serde_json::from_value(json["rows"].clone()).unwrap();
    let cols: Vec<String> = serde_json::from_value(json["cols"].clone()).unwrap();
    let cells: Vec<Vec<u64>> = serde_json::from_value(json["cells"].clone()).unwrap();
    let mut got: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, col) in cols.iter().enumerate() {
            if cells[r][c] > 0 {
                got.insert((row.clone(), col.clone()), cells[r][c]);
            }
        }
    }
    assert!(got.len() > 10, "{got:?}");
    assert_eq!(got, expected);
    assert!(got.contains_key(&("Reti informali".to_owned(), territory_of[&ids[0]].clone())));

    // Every kind of case: each coded note stands in exactly one column, so a
    // row adds up to the notes coded with its code (the raw pairs above).
    for (cols, _) in matrix::Cases::ALL {
        let json: serde_json::Value = serde_json::from_str(
            &db.cli(&["code", "matrix", "--rows", "code", "--cols", cols, "--json"])
                .ok(),
        )
        .unwrap();
        let rows: Vec<String> = serde_json::from_value(json["rows"].clone()).unwrap();
        let cells: Vec<Vec<u64>> = serde_json::from_value(json["cells"].clone()).unwrap();
        for (r, row) in rows.iter().enumerate() {
            let expected = coded.iter().filter(|(code, _)| code == row).count() as u64;
            assert_eq!(cells[r].iter().sum::<u64>(), expected, "{cols}: {row}");
        }
    }
}

#[test]
fn merging_two_codes_moves_every_passage_and_tag() {
    let db = demo_db();
    let mut store = db.open();
    store.write(codebook::from_tags).unwrap();
    let ids = note_ids(&store);
    let (casa, scuola) = store
        .read(|c| {
            Ok((
                codebook::named(c, "x", "casa")?,
                codebook::named(c, "x", "scuola")?,
            ))
        })
        .unwrap();
    store
        .write(|tx| passages::apply(tx, &ids[0], &scuola.id, None, "anna"))
        .unwrap();
    let before = store.read(matrix::coded_notes).unwrap();
    let union: BTreeSet<String> = before[&casa.id]
        .iter()
        .chain(before[&scuola.id].iter())
        .cloned()
        .collect();
    store
        .write(|tx| codebook::merge(tx, &scuola.id, &casa.id))
        .unwrap();
    let after = store.read(matrix::coded_notes).unwrap();
    assert_eq!(
        after[&casa.id].iter().cloned().collect::<BTreeSet<_>>(),
        union
    );
    assert!(!after.contains_key(&scuola.id));
    let m = store
        .read(|c| matrix::matrix(c, matrix::Cases::Kind))
        .unwrap();
    assert!(m.rows.iter().all(|c| c.id != scuola.id), "merged away");
    let p = store.read(|c| passages::of_note(c, &ids[0])).unwrap();
    assert!(p.iter().all(|p| p.code_id == casa.id), "{p:?}");
    // A code cannot go under its own child.
    let child = store
        .write(|tx| codebook::add(tx, "Casa popolare", Some(&casa.id), "", ""))
        .unwrap();
    let err = store
        .write(|tx| codebook::move_to(tx, &casa.id, Some(&child.id)))
        .unwrap_err();
    assert!(err.to_string().contains("under itself"), "{err}");
}

#[test]
fn two_coders_agreement_counts_only_notes_either_coded() {
    let db = demo_db();
    let mut store = db.open();
    let ids = note_ids(&store);
    let code = store
        .write(|tx| codebook::add(tx, "Fiducia", None, "", ""))
        .unwrap();
    let other = store
        .write(|tx| codebook::add(tx, "Burocrazia", None, "", ""))
        .unwrap();
    // Anna: Fiducia on notes 0-4; Bruno: Fiducia on 2-5. Both also code note 6
    // with Burocrazia. Units: notes 0-6 (7); Fiducia both 3 (2,3,4), Anna only 2
    // (0,1), Bruno only 1 (5), neither 1 (6).
    store
        .write(|tx| {
            for n in &ids[0..5] {
                passages::apply(tx, n, &code.id, None, "anna")?;
            }
            for n in &ids[2..6] {
                passages::apply(tx, n, &code.id, None, "bruno")?;
            }
            passages::apply(tx, &ids[6], &other.id, None, "anna")?;
            passages::apply(tx, &ids[6], &other.id, None, "bruno")?;
            Ok(())
        })
        .unwrap();
    let rows = store
        .read(|c| agreement::between(c, "anna", "bruno"))
        .unwrap();
    let f = rows.iter().find(|r| r.code == "Fiducia").unwrap();
    assert_eq!(
        (f.both, f.first_only, f.second_only, f.neither),
        (3, 2, 1, 1)
    );
    // By hand: observed 4/7; yes 5/7 and 4/7; chance 20/49 + 6/49 = 26/49;
    // kappa (4/7 − 26/49)/(1 − 26/49) = (28 − 26)/(49 − 26) = 2/23.
    assert!((f.agreement - 4.0 / 7.0).abs() < 1e-12);
    assert!((f.kappa.unwrap() - 2.0 / 23.0).abs() < 1e-12, "{f:?}");
    let out = db
        .cli(&[
            "code",
            "agreement",
            "--coder",
            "anna",
            "--coder",
            "bruno",
            "--json",
        ])
        .ok();
    assert!(out.contains("\"Fiducia\""), "{out}");
    let line = db
        .cli(&["code", "agreement", "--coder", "anna", "--coder", "carla"])
        .fails_with_one_line();
    assert!(line.contains("carla"), "{line}");
}

/// The analysis workbook read back by openpyxl: every matrix sheet equals the
/// CLI's `code matrix --json` for its kind of case, the co-occurrence is
/// symmetric with the notes per code on its diagonal (the "Codici" sheet), and a
/// passage coded by hand is on "Passaggi" with its note around it.
#[test]
fn the_analysis_workbook_holds_every_view_as_the_core_counts_it() {
    let db = demo_db();
    let mut store = db.open();
    store.write(codebook::from_tags).unwrap();
    let ids = note_ids(&store);
    let code = store
        .write(|tx| codebook::add(tx, "Reti informali", None, "", ""))
        .unwrap();
    let text = store.read(|c| notes::get(c, &ids[0])).unwrap().text;
    store
        .write(|tx| passages::apply(tx, &ids[0], &code.id, Some((0, 5)), "anna"))
        .unwrap();
    drop(store);
    let out = db.dir.path().join("analisi.xlsx");
    let line = db.cli(&["export", "analysis", out.to_str().unwrap()]).ok();
    assert!(line.contains("10 sheets"), "{line}");
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {}
for ws in wb.worksheets:
    out[ws.title] = [[c for c in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps(out))
"#;
    let output = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .expect("/usr/bin/python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for (cols, cases) in matrix::Cases::ALL {
        let json: serde_json::Value = serde_json::from_str(
            &db.cli(&["code", "matrix", "--rows", "code", "--cols", cols, "--json"])
                .ok(),
        )
        .unwrap();
        let sheet = book[tavolo::formats::analysis::matrix_sheet(*cases)]
            .as_array()
            .unwrap();
        let header: Vec<String> = sheet[0].as_array().unwrap()[1..]
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(serde_json::json!(header), json["cols"], "{cols}");
        let rows: Vec<&str> = sheet[1..].iter().map(|r| r[0].as_str().unwrap()).collect();
        assert_eq!(serde_json::json!(rows), json["rows"], "{cols}");
        for (r, row) in sheet[1..].iter().enumerate() {
            let cells: Vec<u64> = row.as_array().unwrap()[1..]
                .iter()
                .map(|v| v.as_f64().unwrap() as u64)
                .collect();
            assert_eq!(serde_json::json!(cells), json["cells"][r], "{cols} row {r}");
        }
    }
    let per_code: BTreeMap<String, u64> = book["Codici"].as_array().unwrap()[1..]
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().to_owned(),
                r[4].as_f64().unwrap() as u64,
            )
        })
        .collect();
    let co = book["Co-occorrenze"].as_array().unwrap();
    let names: Vec<&str> = co[0].as_array().unwrap()[1..]
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut off_diagonal = 0;
    for (i, row) in co[1..].iter().enumerate() {
        let row = row.as_array().unwrap();
        assert_eq!(row[0].as_str().unwrap(), names[i]);
        for (j, v) in row[1..].iter().enumerate() {
            let n = v.as_f64().unwrap() as u64;
            let mirror = co[j + 1][i + 1].as_f64().unwrap() as u64;
            assert_eq!(n, mirror, "{} × {}", names[i], names[j]);
            if i == j {
                assert_eq!(n, per_code[names[i]], "{}", names[i]);
            } else {
                off_diagonal += n;
            }
        }
    }
    assert!(off_diagonal > 0, "the demo's notes carry several tags");
    let passages = book["Passaggi"].as_array().unwrap();
    let words: String = text.chars().take(5).collect();
    assert!(
        passages.iter().any(|r| r[0] == "Reti informali"
            && r[1] == words.as_str()
            && r[2] == text.as_str()
            && r[8] == "anna"),
        "the hand-coded passage with its note"
    );
}
