//! Sync between laptops through bundles: two databases edited apart converge
//! whatever the order of exchange; a bundle twice changes nothing; a bundle after
//! a gap waits; the format-1 fixture still reads; every kind of bad file is refused
//! with one line naming it and the database unchanged.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rusqlite::types::Value;
use tavolo::formats::workbook::write::{self as xlsx, Options};
use tavolo::meetings;
use tavolo::notes::{self, NewNote};
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::store::clock::FixedClock;
use tavolo::sync::{self, bundle, conflicts, exchange};
use tavolo::vocabulary::{Level, OrgKind};
use tavolo::{demo, Store};

use crate::util::{dump_rows, TestDb};

/// Every cell of every sheet of a workbook exported from `store`.
fn workbook(store: &Store, dir: &Path, name: &str) -> Vec<(String, Vec<Vec<Data>>)> {
    let path = dir.join(name);
    let options = Options {
        export_date: "2026-12-01".into(),
        ..Options::default()
    };
    store.read(|c| xlsx::export(c, &path, &options)).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|n| {
            let rows = book
                .worksheet_range(&n)
                .unwrap()
                .rows()
                .map(|r| r.to_vec())
                .collect();
            (n, rows)
        })
        .collect()
}

fn add_note(store: &mut Store, text: &str) -> String {
    let meeting = store.read(meetings::list).unwrap()[0].id.clone();
    store
        .write(|tx| {
            notes::add(
                tx,
                &NewNote {
                    meeting_id: meeting.clone(),
                    table_id: None,
                    question_id: None,
                    speaker_id: None,
                    kind: None,
                    text: text.into(),
                },
            )
        })
        .unwrap()
        .id
}

fn bundles(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == bundle::EXTENSION))
        .collect();
    all.sort();
    all
}

/// Laptop A with the demo, laptop B joined through the folder.
fn two_laptops(folder: &Path) -> (TestDb, Store, TestDb, Store) {
    let (da, db) = (TestDb::new(), TestDb::new());
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let (written, _) = sync::folder(&mut a, folder).unwrap();
    assert!(written.is_some());
    let mut b = db.open();
    let (_, arrived) = sync::folder(&mut b, folder).unwrap();
    assert_eq!(arrived.bundles, 1);
    assert_eq!(dump_rows(&a), dump_rows(&b), "B holds A's workspace");
    (da, a, db, b)
}

#[test]
fn two_laptops_edited_apart_converge_in_any_order_and_give_identical_workbooks() {
    for a_first in [true, false] {
        let folder = tempfile::tempdir().unwrap();
        let (_da, mut a, _db, mut b) = two_laptops(folder.path());
        // Apart: A takes notes, B adds an organisation and a note.
        add_note(&mut a, "Serve un mediatore allo sportello #mediazione");
        add_note(&mut a, "Proposta: un tavolo permanente sulla casa");
        b.write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation::named(
                    "Cooperativa Nuova Rotta",
                    OrgKind::ThirdSector,
                    Level::Local,
                ),
            )
        })
        .unwrap();
        add_note(&mut b, "Mancano alloggi temporanei");
        // One laptop syncs, then the other, then the first again.
        let (x, y) = if a_first {
            (&mut a, &mut b)
        } else {
            (&mut b, &mut a)
        };
        sync::folder(x, folder.path()).unwrap();
        sync::folder(y, folder.path()).unwrap();
        sync::folder(x, folder.path()).unwrap();
        assert_eq!(dump_rows(&a), dump_rows(&b), "A first: {a_first}");
        let out = tempfile::tempdir().unwrap();
        assert_eq!(
            workbook(&a, out.path(), "a.xlsx"),
            workbook(&b, out.path(), "b.xlsx")
        );
        // A's history, then one bundle of each laptop's edits; the last sync had
        // nothing new to write.
        assert_eq!(
            bundles(folder.path()).len(),
            3,
            "one bundle per laptop per sync with news"
        );
    }
}

#[test]
fn the_same_bundle_twice_changes_nothing_and_nothing_new_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    assert!(
        sync::export_to(&mut a, folder.path()).unwrap().is_none(),
        "nothing new"
    );
    let before = dump_rows(&b);
    let again = sync::import(&mut b, &bundles(folder.path())).unwrap();
    assert_eq!((again.bundles, again.changes), (0, 0));
    assert_eq!(dump_rows(&b), before);
    let status = sync::status(&b).unwrap();
    assert_eq!(status.peers.len(), 1);
    assert_eq!(status.peers[0].device, a.device());
    assert_eq!(status.workspace, sync::status(&a).unwrap().workspace);
}

#[test]
fn a_bundle_after_a_gap_waits_for_the_one_before_it() {
    let (da, folder_1, folder_2) = (
        TestDb::new(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let first = sync::export_to(&mut a, folder_1.path())
        .unwrap()
        .unwrap()
        .file;
    add_note(&mut a, "Una nota dopo");
    // The second bundle goes to another folder that does not hold the first, so
    // it holds the whole history again; write one that starts after the first.
    std::fs::copy(&first, folder_2.path().join(first.file_name().unwrap())).unwrap();
    let second = sync::export_to(&mut a, folder_2.path())
        .unwrap()
        .unwrap()
        .file;
    let db = TestDb::new();
    let mut b = db.open();
    let arrived = sync::import(&mut b, std::slice::from_ref(&second)).unwrap();
    assert_eq!(arrived.bundles, 0);
    assert_eq!(arrived.held.len(), 1);
    assert!(
        arrived.held[0].1.contains("waits for the changes 1–"),
        "{}",
        arrived.held[0].1
    );
    assert!(dump_rows(&b).is_empty());
    assert_eq!(sync::status(&b).unwrap().held.len(), 1);
    // Both, in the wrong order on one command: applied in sequence.
    let arrived = sync::import(&mut b, &[second, first]).unwrap();
    assert_eq!(arrived.bundles, 2);
    assert_eq!(dump_rows(&a), dump_rows(&b));
    assert!(sync::status(&b).unwrap().held.is_empty());
}

#[test]
fn two_processes_writing_one_file_never_share_a_clock_stamp() {
    let db = TestDb::new();
    // The same fixed time for both, the worst case: only the counter can differ.
    let mut app = db.open_at(1_800_000_000_000);
    let mut cli = db.open_at(1_800_000_000_000);
    let id = app
        .write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation::named("Uno", OrgKind::Other, Level::Local),
            )
        })
        .unwrap()
        .id;
    for i in 0..20 {
        let store = if i % 2 == 0 { &mut cli } else { &mut app };
        let name = format!("Nome {i}");
        store
            .write(|tx| {
                let mut o = NewOrganisation::named(&name, OrgKind::Other, Level::Local);
                o.notes = name.clone();
                organisations::update(tx, &id, &o)
            })
            .unwrap();
    }
    let stamps: Vec<String> = app
        .changes()
        .unwrap()
        .into_iter()
        .filter(|c| c.row_id == id && c.field == "name")
        .map(|c| c.hlc)
        .collect();
    assert_eq!(stamps.len(), 21);
    let mut unique = stamps.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        stamps.len(),
        "two writes of one field share a stamp"
    );
    let current = app.read(|c| organisations::get(c, &id)).unwrap();
    assert_eq!(current.name, "Nome 19", "the last write wins");
}

#[test]
fn bundles_far_ahead_or_from_a_newer_schema_are_held_back() {
    let da = TestDb::new();
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let file = sync::export_to(&mut a, folder.path())
        .unwrap()
        .unwrap()
        .file;
    let db = TestDb::new();
    let mut b = db.open();
    // This laptop's clock is two days behind the bundle's.
    let behind = FixedClock(now_of(&file) - 2 * 24 * 3_600_000);
    let arrived =
        exchange::import_with_clock(&mut b, std::slice::from_ref(&file), &behind).unwrap();
    assert_eq!(arrived.bundles, 0);
    assert!(
        arrived.held[0]
            .1
            .contains("hours ahead of this laptop's clock"),
        "{}",
        arrived.held[0].1
    );
    assert!(dump_rows(&b).is_empty());
    assert_eq!(sync::status(&b).unwrap().held[0].kind, "clock");
    // Someone checks that laptop and accepts its clock: the next sync applies it.
    exchange::accept_clock(&mut b, a.device()).unwrap();
    let arrived =
        exchange::import_with_clock(&mut b, std::slice::from_ref(&file), &behind).unwrap();
    assert_eq!(arrived.bundles, 1);
    assert_eq!(dump_rows(&a), dump_rows(&b));
    assert!(sync::status(&b).unwrap().held.is_empty());
    let nothing = exchange::accept_clock(&mut b, "nessuno")
        .unwrap_err()
        .to_string();
    assert!(nothing.contains("nessuno"), "{nothing}");
    let b_db = TestDb::new();
    let mut b = b_db.open();
    // A newer schema: the header rewritten (and its checksum still right).
    let newer = rewrite_header(&file, folder.path(), "newer", |h| h.schema += 1);
    let arrived = sync::import(&mut b, &[newer]).unwrap();
    assert!(
        arrived.held[0].1.contains("update Tavolo on this laptop"),
        "{}",
        arrived.held[0].1
    );
    assert!(dump_rows(&b).is_empty());
}

/// The newest clock value of a bundle, in milliseconds.
fn now_of(file: &Path) -> u64 {
    let h = bundle::read_header(file).unwrap();
    h.max_hlc
        .parse::<tavolo::store::clock::Hlc>()
        .unwrap()
        .millis
}

/// A copy of `file` in `dir` with its header changed and its body kept.
fn rewrite_header(
    file: &Path,
    dir: &Path,
    tag: &str,
    change: impl FnOnce(&mut bundle::Header),
) -> PathBuf {
    let bytes = std::fs::read(file).unwrap();
    let start = bundle::MAGIC.len();
    let end = start + bytes[start..].iter().position(|b| *b == b'\n').unwrap();
    let mut header: bundle::Header = serde_json::from_slice(&bytes[start..end]).unwrap();
    change(&mut header);
    let mut out = bundle::MAGIC.to_vec();
    out.extend(serde_json::to_vec(&header).unwrap());
    out.extend_from_slice(&bytes[end..]);
    let path = dir.join(format!(
        "{tag}-{}",
        file.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&path, out).unwrap();
    path
}

/// A copy of `file` with its body replaced (and the header's sizes and checksum
/// made to match, so only the body's contents are wrong).
fn rewrite_body(
    file: &Path,
    dir: &Path,
    tag: &str,
    change: impl FnOnce(&mut serde_json::Value),
) -> PathBuf {
    let bundle = bundle::read(file, None).unwrap();
    let bytes = std::fs::read(file).unwrap();
    let start = bundle::MAGIC.len();
    let end = start + bytes[start..].iter().position(|b| *b == b'\n').unwrap();
    let raw = zstd::decode_all(&bytes[end + 1..]).unwrap();
    let mut body: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    change(&mut body);
    let raw = serde_json::to_vec(&body).unwrap();
    let compressed = zstd::encode_all(raw.as_slice(), 3).unwrap();
    let mut header = bundle.header;
    header.raw_bytes = raw.len() as u64;
    header.body_bytes = compressed.len() as u64;
    use sha2::Digest;
    header.sha256 = sha2::Sha256::digest(&compressed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out = bundle::MAGIC.to_vec();
    out.extend(serde_json::to_vec(&header).unwrap());
    out.push(b'\n');
    out.extend(compressed);
    let path = dir.join(format!(
        "{tag}-{}",
        file.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn every_kind_of_bad_bundle_is_refused_with_one_line_and_changes_nothing() {
    let da = TestDb::new();
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let good = sync::export_to(&mut a, folder.path())
        .unwrap()
        .unwrap()
        .file;
    let bytes = std::fs::read(&good).unwrap();
    let dir = folder.path();
    let write = |name: &str, b: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, b).unwrap();
        p
    };
    let mut flipped = bytes.clone();
    let at = flipped.len() - 100;
    flipped[at] ^= 0x10;
    let other_workspace = TestDb::new();
    let mut o = other_workspace.open();
    demo::load(&mut o, 1).unwrap();
    o.write(|tx| {
        organisations::create(
            tx,
            &NewOrganisation::named("Altro", OrgKind::Other, Level::Local),
        )
    })
    .unwrap();
    let cases: Vec<(&str, PathBuf, &str)> = vec![
        (
            "truncated",
            write("truncated.tavolo-bundle", &bytes[..bytes.len() / 2]),
            "cut short",
        ),
        (
            "a flipped bit",
            write("flipped.tavolo-bundle", &flipped),
            "checksum does not match",
        ),
        (
            "a wrong checksum",
            rewrite_header(&good, dir, "case1", |h| h.sha256 = "0".repeat(64)),
            "checksum does not match",
        ),
        (
            "an unknown format",
            rewrite_header(&good, dir, "case2", |h| h.format = 3),
            "bundle format 3",
        ),
        (
            "a gigabyte claimed",
            rewrite_header(&good, dir, "case3", |h| h.body_bytes = 1 << 30),
            "claims 1073741824 bytes",
        ),
        (
            "over the limit",
            rewrite_header(&good, dir, "case4", |h| h.raw_bytes = 3 << 30),
            "more than the",
        ),
        (
            "not a bundle",
            write("junk.tavolo-bundle", b"PK\x03\x04 not a bundle"),
            "is not a Tavolo change bundle",
        ),
        (
            "an unknown table",
            rewrite_body(&good, dir, "case5", |b| {
                b["changes"][0][2] = "passwords".into()
            }),
            "table this version of Tavolo does not know",
        ),
        (
            "an unknown field",
            rewrite_body(&good, dir, "case6", |b| {
                b["changes"][0][4] = "name = 'x'; --".into()
            }),
            "field this version of Tavolo does not know",
        ),
        (
            "a value of the wrong type",
            rewrite_body(&good, dir, "case7", |b| {
                let i = b["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|c| c[4] == "deleted")
                    .unwrap();
                b["changes"][i][5] = "sì".into();
            }),
            "wrong type",
        ),
        (
            "a code this version does not know, in a closed list",
            rewrite_body(&good, dir, "case9", |b| {
                let i = b["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|c| c[2] == "organisations" && c[4] == "level")
                    .unwrap();
                b["changes"][i][5] = "galactic".into();
            }),
            "organisations.level holds 'galactic', a code this version of Tavolo does not know",
        ),
        (
            "a flag that is neither 0 nor 1",
            rewrite_body(&good, dir, "case10", |b| {
                let i = b["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .position(|c| c[4] == "deleted")
                    .unwrap();
                b["changes"][i][5] = 5.into();
            }),
            "holds 5, outside 0\u{2013}1",
        ),
        (
            "a bad clock value",
            rewrite_body(&good, dir, "case8", |b| b["changes"][0][1] = "ieri".into()),
            "is not a clock value",
        ),
    ];
    // Another workspace: a bundle of the other database, to a database that is
    // already in A's workspace.
    let joined = TestDb::new();
    let mut b = joined.open();
    sync::import(&mut b, std::slice::from_ref(&good)).unwrap();
    let before = dump_rows(&b);
    let foreign_dir = tempfile::tempdir().unwrap();
    let foreign = sync::export_to(&mut o, foreign_dir.path())
        .unwrap()
        .unwrap()
        .file;
    let mut all = cases;
    all.push((
        "another workspace",
        foreign,
        "bundles are exchanged only within one workspace",
    ));
    for (what, file, expected) in all {
        let fresh = TestDb::new();
        // Through the real binary: one line naming the file, exit 1, nothing changed.
        if what == "another workspace" {
            let line = joined
                .cli(&["sync", "import", file.to_str().unwrap()])
                .fails_with_one_line();
            assert!(
                line.contains(&file.display().to_string()) && line.contains(expected),
                "{what}: {line}"
            );
            assert_eq!(dump_rows(&joined.open()), before, "{what}");
            continue;
        }
        let line = fresh
            .cli(&["sync", "import", file.to_str().unwrap()])
            .fails_with_one_line();
        assert!(
            line.contains(&file.display().to_string()),
            "{what}: the line names the file: {line}"
        );
        assert!(line.contains(expected), "{what}: {line}");
        assert!(
            dump_rows(&fresh.open()).is_empty(),
            "{what}: nothing was applied"
        );
    }
    drop(b);
}

#[test]
fn a_folder_that_vanished_is_named_and_nothing_changes() {
    let da = TestDb::new();
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let gone = da.dir.path().join("usb-stick");
    let before = dump_rows(&a);
    let err = sync::folder(&mut a, &gone).unwrap_err().to_string();
    assert!(err.contains("usb-stick"), "{err}");
    let err = sync::export_to(&mut a, &gone).unwrap_err().to_string();
    assert!(err.contains("usb-stick"), "{err}");
    assert_eq!(dump_rows(&a), before);
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bundle_v1.tavolo-bundle"
);

/// Format 1 is frozen: the fixture, written by the first version that wrote
/// bundles, still reads and applies. (`TAVOLO_WRITE_BUNDLE_FIXTURE=1` wrote it;
/// never again once committed.)
#[test]
fn the_format_1_fixture_still_reads_and_applies() {
    if std::env::var_os("TAVOLO_WRITE_BUNDLE_FIXTURE").is_some() {
        let da = TestDb::new();
        let mut a = da.open_at(1_764_000_000_000);
        a.write(|tx| {
            let mut o =
                NewOrganisation::named("Comune di Matera", OrgKind::Municipality, Level::Local);
            o.notes = "Tavolo \"casa\" — città".into();
            organisations::create(tx, &o)
        })
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = sync::export_to(&mut a, dir.path()).unwrap().unwrap().file;
        std::fs::copy(file, FIXTURE).unwrap();
    }
    let bundle = bundle::read(Path::new(FIXTURE), None).unwrap();
    assert_eq!(bundle.header.format, 1);
    assert_eq!(bundle.header.from_seq, 1);
    let db = TestDb::new();
    let mut b = db.open();
    let arrived = sync::import(&mut b, &[PathBuf::from(FIXTURE)]).unwrap();
    assert_eq!(arrived.bundles, 1);
    assert_eq!(arrived.records.get("organisations"), Some(&1));
    let orgs = b.read(|c| organisations::list(c, "", 10)).unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].name, "Comune di Matera");
    assert_eq!(orgs[0].notes, "Tavolo \"casa\" — città");
    assert_eq!(
        sync::status(&b).unwrap().workspace.as_deref(),
        Some(bundle.header.workspace.as_str())
    );
}

#[test]
fn the_command_line_syncs_through_a_folder_and_edits_a_note() {
    let (a, b) = (TestDb::new(), TestDb::new());
    a.cli(&["demo"]).ok();
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().to_str().unwrap();
    let written = a.cli(&["sync", "export", "--to", dir]).ok();
    assert!(written.trim().ends_with(".tavolo-bundle"), "{written}");
    assert_eq!(
        a.cli(&["sync", "export", "--to", dir]).ok(),
        "",
        "nothing new: nothing printed"
    );
    let joined = b.cli(&["sync", "folder", dir]).ok();
    assert!(
        joined.contains("arrived: 1 bundle(s)") && joined.contains("notes "),
        "{joined}"
    );
    // A note edited on B reaches A.
    let note = {
        let s = b.open();
        s.read(|c| notes::of_meeting(c, &meetings::list(c)?[0].id))
            .unwrap()[0]
            .id
            .clone()
    };
    assert_eq!(
        b.cli(&["note", "edit", "--note", &note, "Testo corretto #casa"])
            .ok()
            .trim(),
        note
    );
    b.cli(&["sync", "folder", dir]).ok();
    let arrived = a.cli(&["sync", "folder", dir]).ok();
    assert!(arrived.contains("notes 1"), "{arrived}");
    let text = a.open().read(|c| notes::get(c, &note)).unwrap().text;
    assert_eq!(text, "Testo corretto #casa");
    let status: serde_json::Value =
        serde_json::from_str(&a.cli(&["sync", "status", "--json"]).ok()).unwrap();
    assert_eq!(status["peers"].as_array().unwrap().len(), 1);
    assert_eq!(status["peers"][0]["device"], b.open().device());
    assert!(status["workspace"].as_str().is_some_and(|w| !w.is_empty()));
    assert_eq!(dump_rows(&a.open()), dump_rows(&b.open()));
}

/// The first note of the demo's first meeting.
fn first_note(store: &Store) -> String {
    store
        .read(|c| notes::of_meeting(c, &meetings::list(c)?[0].id))
        .unwrap()[0]
        .id
        .clone()
}

fn edit_text(store: &mut Store, note: &str, text: &str) {
    let edit = notes::NoteEdit {
        text: Some(text.into()),
        kind: None,
        speaker_id: None,
        table_id: None,
    };
    store.write(|tx| notes::edit(tx, note, &edit)).unwrap();
}

fn text_of(store: &Store, note: &str) -> String {
    store.read(|c| notes::get(c, note)).unwrap().text
}

#[test]
fn a_text_edited_on_two_laptops_keeps_both_until_resolved_and_the_resolution_syncs() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let note = first_note(&a);
    edit_text(&mut a, &note, "Versione di Anna: servono mediatori");
    edit_text(&mut b, &note, "Versione di Bruno: servono interpreti");
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    // Both converge on one text; both list the same conflict with the other text.
    assert_eq!(text_of(&a, &note), text_of(&b, &note));
    let (ka, kb) = (
        a.read(conflicts::open).unwrap(),
        b.read(conflicts::open).unwrap(),
    );
    assert_eq!(ka.len(), 1, "{ka:?}");
    assert_eq!(ka, kb, "every laptop finds the same conflict");
    let texts: Vec<String> = [&ka[0].kept.value, &ka[0].other.value]
        .iter()
        .map(|v| match v {
            Value::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(
        texts.contains(&"Versione di Anna: servono mediatori".to_owned()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Versione di Bruno: servono interpreti".to_owned()),
        "{texts:?}"
    );
    // Resolved on A with a merged text: after the next sync B has it, and no
    // laptop lists the conflict any more.
    let merged = "Servono mediatori e interpreti";
    conflicts::resolve(&mut a, &ka[0].id, &conflicts::Keep::Merged(merged.into())).unwrap();
    assert!(a.read(conflicts::open).unwrap().is_empty());
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    assert_eq!(text_of(&b, &note), merged);
    assert!(
        b.read(conflicts::open).unwrap().is_empty(),
        "the resolution closed it on B"
    );
    assert_eq!(dump_rows(&a), dump_rows(&b));
}

#[test]
fn keeping_the_text_already_shown_still_closes_the_conflict_everywhere() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let note = first_note(&a);
    edit_text(&mut a, &note, "Prima versione");
    edit_text(&mut b, &note, "Seconda versione");
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    let k = b.read(conflicts::open).unwrap().remove(0);
    // B keeps the side B wrote.
    conflicts::resolve(&mut b, &k.id, &conflicts::Keep::Mine).unwrap();
    assert_eq!(text_of(&b, &note), "Seconda versione");
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    assert_eq!(text_of(&a, &note), "Seconda versione");
    assert!(a.read(conflicts::open).unwrap().is_empty());
    assert!(b.read(conflicts::open).unwrap().is_empty());
}

#[test]
fn an_edit_made_after_seeing_the_other_is_no_conflict() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let note = first_note(&a);
    edit_text(&mut a, &note, "Prima di A");
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    assert_eq!(text_of(&b, &note), "Prima di A");
    edit_text(&mut b, &note, "Poi B, avendo letto A");
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    assert_eq!(text_of(&a, &note), "Poi B, avendo letto A");
    assert!(a.read(conflicts::open).unwrap().is_empty());
    assert!(b.read(conflicts::open).unwrap().is_empty());
}

#[test]
fn conflicts_are_listed_and_resolved_from_the_command_line() {
    let (a, b) = (TestDb::new(), TestDb::new());
    a.cli(&["demo"]).ok();
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().to_str().unwrap();
    a.cli(&["sync", "folder", dir]).ok();
    b.cli(&["sync", "folder", dir]).ok();
    let note = first_note(&a.open());
    a.cli(&["note", "edit", "--note", &note, "Testo di A"]).ok();
    b.cli(&["note", "edit", "--note", &note, "Testo di B"]).ok();
    for db in [&a, &b, &a] {
        db.cli(&["sync", "folder", dir]).ok();
    }
    let listed: serde_json::Value =
        serde_json::from_str(&b.cli(&["sync", "conflicts", "--json"]).ok()).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1);
    let id = listed[0]["id"].as_str().unwrap();
    b.cli(&["sync", "resolve", "--conflict", id, "--keep", "theirs"])
        .ok();
    assert_eq!(text_of(&b.open(), &note), "Testo di A", "B kept A's text");
    b.cli(&["sync", "folder", dir]).ok();
    a.cli(&["sync", "folder", dir]).ok();
    assert_eq!(a.cli(&["sync", "conflicts", "--json"]).ok().trim(), "[]");
    assert_eq!(text_of(&a.open(), &note), "Testo di A");
    let unknown = b
        .cli(&["sync", "resolve", "--conflict", "nessuno", "--keep", "mine"])
        .fails_with_one_line();
    assert!(unknown.contains("conflict nessuno not found"), "{unknown}");
}

#[test]
fn a_database_file_copied_to_another_laptop_takes_its_own_device_id_and_both_converge() {
    let (da, db) = (TestDb::new(), TestDb::new());
    let device = {
        let mut a = da.open();
        demo::load(&mut a, 1).unwrap();
        a.device().to_owned()
    };
    // The file carried on a USB stick (SQLite has folded its WAL in on close).
    std::fs::copy(&da.path, &db.path).unwrap();
    let mut b = db.open();
    let mut a = da.open();
    assert_eq!(a.device(), device, "the original keeps its id");
    assert_ne!(b.device(), device, "the copy takes a new one");
    assert_eq!(
        sync::status(&a).unwrap().workspace,
        sync::status(&b).unwrap().workspace
    );
    add_note(&mut a, "Scritta sull'originale");
    add_note(&mut b, "Scritta sulla copia");
    let folder = tempfile::tempdir().unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    assert_eq!(dump_rows(&a), dump_rows(&b));
    let texts: Vec<String> = a
        .read(|c| notes::search(c, "scritta", &Default::default(), 10, ("", "")))
        .unwrap()
        .into_iter()
        .map(|h| h.note.text)
        .collect();
    assert_eq!(texts.len(), 2, "both notes are on both laptops: {texts:?}");
}

#[test]
fn another_copy_writing_under_this_laptops_id_is_found_and_nothing_is_lost() {
    let (da, db) = (TestDb::new(), TestDb::new());
    let device = {
        let mut a = da.open();
        demo::load(&mut a, 1).unwrap();
        a.device().to_owned()
    };
    std::fs::copy(&da.path, &db.path).unwrap();
    // A copy made before copies were told apart: it still writes under A's id.
    {
        let b = db.open();
        drop(b);
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute(
            "UPDATE local_meta SET value = ?1 WHERE key = 'device_id'",
            [&device],
        )
        .unwrap();
    }
    let mut b = db.open();
    assert_eq!(b.device(), device);
    add_note(&mut b, "Scritta dalla copia con lo stesso id");
    let folder = tempfile::tempdir().unwrap();
    sync::export_to(&mut b, folder.path()).unwrap().unwrap();
    let mut a = da.open();
    let arrived = sync::folder(&mut a, folder.path()).unwrap().1;
    assert_eq!(arrived.bundles, 1);
    assert_ne!(
        a.device(),
        device,
        "A took a new id, so the two never collide again"
    );
    assert_eq!(dump_rows(&a), dump_rows(&b));
}

#[test]
fn two_syncs_of_one_database_at_once_take_turns() {
    let a = TestDb::new();
    a.cli(&["demo"]).ok();
    let folder = tempfile::tempdir().unwrap();
    let dir = folder.path().to_str().unwrap();
    let store = a.open();
    let before = dump_rows(&store);
    // The app is syncing (it holds the lock) when a script starts another.
    let held = tavolo::sync::lock::lock(&store).unwrap();
    let line = a.cli(&["sync", "folder", dir]).fails_with_one_line();
    assert!(
        line.contains("another sync of") && line.contains("is running"),
        "{line}"
    );
    assert!(
        bundles(folder.path()).is_empty(),
        "nothing written meanwhile"
    );
    assert_eq!(dump_rows(&store), before);
    drop(held);
    assert!(a.cli(&["sync", "folder", dir]).ok().contains("written"));
    assert_eq!(bundles(folder.path()).len(), 1);
}

#[test]
fn an_edit_waits_for_the_creation_it_was_written_on_even_from_another_device() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let org = a
        .write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation::named("Ente nuovo", OrgKind::Other, Level::Local),
            )
        })
        .unwrap()
        .id;
    let from_a = sync::export_to(&mut a, folder.path())
        .unwrap()
        .unwrap()
        .file;
    sync::import(&mut b, std::slice::from_ref(&from_a)).unwrap();
    b.write(|tx| {
        let mut o = NewOrganisation::named("Ente nuovo", OrgKind::Other, Level::Local);
        o.notes = "Aggiunto da B".into();
        organisations::update(tx, &org, &o)
    })
    .unwrap();
    let from_b = sync::export_to(&mut b, folder.path())
        .unwrap()
        .unwrap()
        .file;
    // C has A's history but not A's new organisation, and gets B's edit of it first.
    let first = bundles(folder.path())
        .into_iter()
        .find(|p| p != &from_a && p != &from_b)
        .unwrap();
    let dc = TestDb::new();
    let mut c = dc.open();
    sync::import(&mut c, &[first]).unwrap();
    let arrived = sync::import(&mut c, std::slice::from_ref(&from_b)).unwrap();
    assert_eq!(arrived.bundles, 0);
    assert!(
        arrived.held[0].1.contains("knowing changes"),
        "{}",
        arrived.held[0].1
    );
    // With A's bundle too, in the wrong order on one command: both apply.
    let arrived = sync::import(&mut c, &[from_b, from_a]).unwrap();
    assert_eq!(arrived.bundles, 2);
    assert_eq!(dump_rows(&c), dump_rows(&b));
    assert_eq!(
        c.read(|x| organisations::get(x, &org)).unwrap().notes,
        "Aggiunto da B"
    );
}

#[test]
fn a_delete_and_a_concurrent_edit_keep_the_row_deleted_and_the_edit_in_it() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let org = a
        .read(|c| organisations::list(c, "", 1))
        .unwrap()
        .remove(0)
        .id;
    // A deletes the organisation; B, not knowing, edits its notes.
    a.write(|tx| organisations::delete(tx, &org)).unwrap();
    b.write(|tx| {
        let cur = organisations::get(tx.conn(), &org)?;
        let mut new = NewOrganisation::named(&cur.name, cur.kind, cur.level);
        new.notes = "Nota scritta mentre l'ente veniva cancellato".into();
        organisations::update(tx, &org, &new)
    })
    .unwrap();
    for _ in 0..2 {
        sync::folder(&mut a, folder.path()).unwrap();
        sync::folder(&mut b, folder.path()).unwrap();
    }
    assert_eq!(dump_rows(&a), dump_rows(&b));
    let row = a
        .read(|c| {
            Ok(c.query_row(
                "SELECT deleted, notes FROM organisations WHERE id = ?1",
                [&org],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        row,
        (1, "Nota scritta mentre l'ente veniva cancellato".to_owned()),
        "deleted on both, and the edit is not lost"
    );
}

#[test]
fn the_same_person_checked_in_on_two_laptops_is_one_row() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let meeting = a.read(meetings::list).unwrap().remove(0).id;
    let person = a
        .read(|c| {
            Ok(c.query_row("SELECT id FROM people LIMIT 1", [], |r| {
                r.get::<_, String>(0)
            })?)
        })
        .unwrap();
    let count = |s: &Store| -> i64 {
        s.read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM attendance WHERE meeting_id = ?1 AND person_id = ?2 AND deleted = 0",
                [&meeting, &person],
                |r| r.get(0),
            )?)
        })
        .unwrap()
    };
    let before = count(&a);
    for s in [&mut a, &mut b] {
        s.write(|tx| {
            meetings::check_in(
                tx,
                &meeting,
                &person,
                tavolo::vocabulary::AttendanceRole::Participant,
            )
        })
        .unwrap();
    }
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    assert_eq!(dump_rows(&a), dump_rows(&b));
    assert_eq!(count(&a), 1.max(before), "one check-in, not two");
}

#[test]
fn notes_added_at_the_same_place_on_two_laptops_are_both_kept_in_one_order() {
    let folder = tempfile::tempdir().unwrap();
    let (_da, mut a, _db, mut b) = two_laptops(folder.path());
    let from_a = add_note(&mut a, "Detto al tavolo, scritto da A");
    let from_b = add_note(&mut b, "Detto al tavolo, scritto da B");
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    let order = |s: &Store| -> Vec<String> {
        s.read(|c| notes::of_meeting(c, &meetings::list(c)?[0].id))
            .unwrap()
            .into_iter()
            .map(|n| n.id)
            .collect()
    };
    let (oa, ob) = (order(&a), order(&b));
    assert_eq!(oa, ob, "the same order on both laptops");
    assert!(
        oa.contains(&from_a) && oa.contains(&from_b),
        "both notes kept"
    );
    // The two share a position; moving the later one up puts it first, on both.
    let later = oa.last().unwrap().clone();
    let earlier = oa[oa.len() - 2].clone();
    a.write(|tx| notes::move_note(tx, &later, true)).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    let (oa, ob) = (order(&a), order(&b));
    assert_eq!(oa, ob);
    assert_eq!(&oa[oa.len() - 2..], &[later, earlier]);
}

/// The change log, every row, in key order.
fn log_of(store: &Store) -> Vec<String> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT device, seq, field, hlc, tbl, row_id, quote(value) FROM change_log ORDER BY device, seq, field",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((0..7)
                    .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()?
                    .join(" | "))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

/// The change log's indexes as the file defines them.
fn log_indexes(store: &Store) -> Vec<(String, String)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT name, sql FROM sqlite_master WHERE tbl_name IN ('change_writes', 'change_entries') AND type = 'index' AND sql IS NOT NULL ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

#[test]
fn a_laptop_joining_gets_the_whole_history_at_once_rows_log_and_indexes_as_the_senders() {
    let (da, db, dc) = (TestDb::new(), TestDb::new(), TestDb::new());
    let mut a = da.open();
    demo::load(&mut a, 2).unwrap();
    // Edits after creation, so that rows' final values come from later changes.
    let note = first_note(&a);
    edit_text(&mut a, &note, "Il testo corretto dopo la riunione");
    let folder = tempfile::tempdir().unwrap();
    let history = sync::export_to(&mut a, folder.path())
        .unwrap()
        .unwrap()
        .file;
    let fresh_indexes = log_indexes(&dc.open());
    assert_eq!(fresh_indexes.len(), 1, "{fresh_indexes:?}");

    let mut b = db.open();
    let arrived = sync::import(&mut b, std::slice::from_ref(&history)).unwrap();
    assert_eq!(arrived.changes, log_of(&a).len());
    assert_eq!(dump_rows(&b), dump_rows(&a), "the same rows as the sender");
    assert_eq!(log_of(&b), log_of(&a), "the same change log");
    assert_eq!(
        log_indexes(&b),
        fresh_indexes,
        "the indexes as the schema has them"
    );
    assert_eq!(text_of(&b, &note), "Il testo corretto dopo la riunione");
    db.cli(&["check"]).ok();
    // The log is used as before: a new note and an edit on B reach A.
    let from_b = add_note(&mut b, "Scritta sul portatile che si è appena unito");
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    assert_eq!(
        text_of(&a, &from_b),
        "Scritta sul portatile che si è appena unito"
    );
    assert_eq!(dump_rows(&a), dump_rows(&b));
}

/// A laptop with the demo and its whole history as one bundle in a folder.
fn demo_and_its_history() -> (TestDb, Store, tempfile::TempDir, sync::exchange::Exported) {
    let da = TestDb::new();
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let exported = sync::export_to(&mut a, folder.path()).unwrap().unwrap();
    (da, a, folder, exported)
}

#[test]
fn a_join_that_fails_at_its_commit_leaves_the_database_empty_with_its_indexes() {
    let (_da, a, folder, exported) = demo_and_its_history();
    let (db, good) = (TestDb::new(), exported.file);
    // A person of an organisation that exists nowhere: refused by the foreign key,
    // which is only checked when the whole history is in.
    let dangling = rewrite_body(&good, folder.path(), "dangling", |b| {
        let i = b["changes"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c[2] == "people" && c[4] == "organisation_id" && c[5].is_string())
            .unwrap();
        b["changes"][i][5] = "0190aaaa-0000-7000-8000-000000000000".into();
    });
    let mut b = db.open();
    let indexes = log_indexes(&b);
    let err = sync::import(&mut b, std::slice::from_ref(&dangling)).unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("foreign key"),
        "{err}"
    );
    assert!(dump_rows(&b).is_empty(), "no row of the history");
    assert!(log_of(&b).is_empty(), "nothing in the log");
    assert_eq!(log_indexes(&b), indexes, "the indexes are still there");
    // The good bundle still joins afterwards.
    sync::import(&mut b, std::slice::from_ref(&good)).unwrap();
    assert_eq!(dump_rows(&b), dump_rows(&a));
}

#[test]
fn a_large_bundle_into_a_laptop_that_holds_records_reports_its_progress_batch_by_batch() {
    let (_da, mut a, _folder, exported) = demo_and_its_history();
    let db = TestDb::new();
    let mut b = db.open();
    // B is no longer empty (it joined, then wrote): the history comes in batches.
    sync::import(&mut b, std::slice::from_ref(&exported.file)).unwrap();
    add_note(&mut b, "Una nota di B");
    let other = tempfile::tempdir().unwrap();
    // 600 notes: about 3,600 changes, more than one batch of 2,000.
    for _ in 0..600 {
        add_note(&mut a, "Un'altra nota di A");
    }
    // A's whole history again, in a new folder: B has its first part already.
    let more = sync::export_to(&mut a, other.path()).unwrap().unwrap();
    let seen = std::cell::RefCell::new(Vec::new());
    let report = |done: usize, total: usize| seen.borrow_mut().push((done, total));
    let (_, arrived) = exchange::folder_with_progress(&mut b, other.path(), &report).unwrap();
    let seen = seen.into_inner();
    assert!(seen.len() > 1, "more than one batch: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "it only grows");
    assert_eq!(more.changes, exported.changes + arrived.changes);
    assert_eq!(
        seen.last(),
        Some(&(arrived.changes, arrived.changes)),
        "the bar ends full: it counts only what is new to B"
    );
    assert_eq!(
        dump_rows(&a).len(),
        dump_rows(&b).len() - 1,
        "all but B's own note"
    );
}

#[test]
fn a_large_bundle_joining_an_empty_laptop_reports_its_progress_as_it_goes() {
    let (_da, _a, folder, exported) = demo_and_its_history();
    let db = TestDb::new();
    let mut b = db.open();
    let seen = std::cell::RefCell::new(Vec::new());
    let report = |done: usize, total: usize| seen.borrow_mut().push((done, total));
    exchange::folder_with_progress(&mut b, folder.path(), &report).unwrap();
    let seen = seen.into_inner();
    assert!(seen.len() > 1, "more than one batch: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "it only grows");
    assert_eq!(seen.last(), Some(&(exported.changes, exported.changes)));
}

#[test]
fn a_kind_or_sector_this_version_does_not_know_is_kept_as_it_came_through_an_edit() {
    // A newer Tavolo on A's laptop wrote a kind and a sector this version lacks.
    let da = TestDb::new();
    let mut a = da.open();
    let org = a
        .write(|tx| {
            let mut o = NewOrganisation::named("Fondazione Nuova", OrgKind::Other, Level::Local);
            o.sectors = vec![tavolo::vocabulary::Sector::Health];
            organisations::create(tx, &o)
        })
        .unwrap()
        .id;
    let folder = tempfile::tempdir().unwrap();
    let made = sync::export_to(&mut a, folder.path())
        .unwrap()
        .unwrap()
        .file;
    let newer = rewrite_body(&made, folder.path(), "newer", |b| {
        for c in b["changes"].as_array_mut().unwrap() {
            if c[3] == org.as_str() && c[4] == "kind" {
                c[5] = "foundation".into();
            }
            if c[3] == org.as_str() && c[4] == "sectors" {
                c[5] = "health future_sector".into();
            }
        }
    });
    let db = TestDb::new();
    let mut b = db.open();
    sync::import(&mut b, std::slice::from_ref(&newer)).unwrap();
    let raw = |s: &Store| -> (String, String) {
        s.read(|c| {
            Ok(c.query_row(
                "SELECT kind, sectors FROM organisations WHERE id = ?1",
                [&org],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
    };
    assert_eq!(
        raw(&b),
        ("foundation".into(), "health future_sector".into())
    );
    // This version shows it as "other", with the sectors it knows ...
    let shown = b.read(|c| organisations::get(c, &org)).unwrap();
    assert_eq!(shown.kind, OrgKind::Other);
    assert_eq!(shown.sectors, vec![tavolo::vocabulary::Sector::Health]);
    // ... and an edit of the name from that form leaves the codes as they came.
    b.write(|tx| {
        let mut form = NewOrganisation::named("Fondazione Nuova ETS", shown.kind, shown.level);
        form.sectors = shown.sectors.clone();
        organisations::update(tx, &org, &form)
    })
    .unwrap();
    assert_eq!(
        raw(&b),
        ("foundation".into(), "health future_sector".into())
    );
    let logged: Vec<String> = b
        .read(|c| {
            let mut stmt = c.prepare("SELECT field FROM change_log WHERE device = ?1")?;
            let rows = stmt
                .query_map([b.device()], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows)
        })
        .unwrap();
    assert_eq!(logged, ["name"], "only the name was written");
    // Choosing a kind in the form is a real change, and a sector removed is removed.
    b.write(|tx| {
        let form = NewOrganisation::named("Fondazione Nuova ETS", OrgKind::School, Level::Local);
        organisations::update(tx, &org, &form)
    })
    .unwrap();
    assert_eq!(raw(&b), ("school".into(), "future_sector".into()));
}

#[test]
fn a_change_whose_stamp_names_another_device_is_refused_and_changes_nothing() {
    let (da, db) = (TestDb::new(), TestDb::new());
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let mut changes = a.changes().unwrap();
    let mut b = db.open();
    let before = dump_rows(&b);
    // The stamp of the first change moved to another device's name.
    let c = &mut changes[0];
    c.hlc = format!("{}{}", &c.hlc[..27], "ffffffffffffffffffffffffffffffff");
    let err = b.apply_changes(&changes).unwrap_err().to_string();
    assert!(
        err.contains("clock value of the device that made the change"),
        "{err}"
    );
    assert_eq!(dump_rows(&b), before);
    assert!(b.changes().unwrap().is_empty());
}

#[test]
fn a_write_received_again_with_another_stamp_is_refused_and_changes_nothing() {
    let (da, db) = (TestDb::new(), TestDb::new());
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let changes = a.changes().unwrap();
    let mut b = db.open();
    b.apply_changes(&changes).unwrap();
    let before = (dump_rows(&b), b.changes().unwrap());
    // A's first write again under its sequence number, with a field it did not
    // change and a later stamp: another copy wrote under A's id.
    let mut other = changes[0].clone();
    other.field = "deleted".into();
    other.value = Value::Integer(1);
    other.hlc = format!("999999999999999-0000000000-{}", other.device);
    let err = b.apply_changes(&[other]).unwrap_err().to_string();
    assert!(
        err.contains("two copies wrote under one device id"),
        "{err}"
    );
    assert_eq!((dump_rows(&b), b.changes().unwrap()), before);
    // The same write as held is no news.
    assert_eq!(b.apply_changes(&changes[..1]).unwrap(), 0);
}
