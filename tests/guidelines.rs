//! The PIA guidelines (issue 12): proposed from a territory's recommendations,
//! edited (merge, split, move) with the links to the notes following, every
//! recommendation used or set aside, versions, and the export read back by
//! python-docx and converted by LibreOffice.

use std::collections::BTreeSet;

use serde_json::Value as Json;
use tavolo::guidelines::{self, clauses, propose, trace, versions};
use tavolo::store::schema::NOTES;
use tavolo::store::Store;
use tavolo::vocabulary::{ClauseStatus, GuidelinesStatus};

use crate::util::{read_docx, to_pdf, TestDb};

fn potenza(db: &TestDb) -> String {
    let list: Json = serde_json::from_str(&db.cli(&["territory", "list", "--json"]).ok()).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Provincia di Potenza")
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .unwrap()
}

/// The territory's notes of `kind` in held meetings, by the database alone (the
/// territory and everything under it), for checking the trace against.
fn notes_of_kind(store: &Store, territory: &str, kind: &str) -> BTreeSet<String> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "WITH RECURSIVE area(id) AS (SELECT ?1 UNION
                   SELECT t.id FROM territories t JOIN area ON t.parent_id = area.id)
                 SELECT n.id FROM notes n JOIN meetings m ON m.id = n.meeting_id
                 WHERE n.deleted = 0 AND m.deleted = 0 AND m.status = 'held'
                   AND n.kind = ?2 AND m.territory_id IN (SELECT id FROM area)",
            )?;
            let rows = stmt.query_map([territory, kind], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<BTreeSet<String>>>()?)
        })
        .unwrap()
}

fn trace_json(db: &TestDb, territory: &str) -> Json {
    serde_json::from_str(
        &db.cli(&["guidelines", "trace", "--territory", territory, "--json"])
            .ok(),
    )
    .unwrap()
}

#[test]
fn a_potenza_draft_from_its_recommendations_exports_with_every_clause_sourced() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let territory = potenza(&db);
    let said = db
        .cli(&["guidelines", "draft", "--territory", &territory])
        .ok();
    assert!(said.contains("clause(s) proposed"), "{said}");
    let mut store = db.open();
    let recommendations = notes_of_kind(&store, &territory, "recommendation");
    let proposals = notes_of_kind(&store, &territory, "proposal");
    assert!(
        recommendations.len() >= 2,
        "the demo's Potenza has recommendations"
    );
    assert!(!proposals.is_empty(), "and proposals");

    // Set one proposal aside, with a reason; the others stay unhandled.
    let doc_id = guidelines::id_of(&territory);
    let aside = proposals.iter().next().unwrap().clone();
    store
        .write(|tx| guidelines::set_aside(tx, &doc_id, &aside, "Già coperta dal piano di zona"))
        .unwrap();

    // The trace: every clause has a source; every recommendation is used by a
    // clause or set aside; every proposal is used, set aside or listed unhandled.
    let t = trace_json(&db, &territory);
    let clauses = t["clauses"].as_array().unwrap();
    assert!(!clauses.is_empty());
    let mut used = BTreeSet::new();
    for c in clauses {
        let notes = c["notes"].as_array().unwrap();
        assert!(!notes.is_empty(), "clause {} has no source", c["number"]);
        used.extend(notes.iter().map(|n| n.as_str().unwrap().to_owned()));
    }
    let unused: Vec<&Json> = t["unused"].as_array().unwrap().iter().collect();
    let set_aside: BTreeSet<String> = unused
        .iter()
        .filter(|u| u["reason"].is_string())
        .map(|u| u["note"].as_str().unwrap().to_owned())
        .collect();
    let unhandled: BTreeSet<String> = unused
        .iter()
        .filter(|u| u["reason"].is_null())
        .map(|u| u["note"].as_str().unwrap().to_owned())
        .collect();
    for r in &recommendations {
        assert!(
            used.contains(r) || set_aside.contains(r),
            "recommendation {r} is neither used nor set aside"
        );
    }
    assert_eq!(set_aside, BTreeSet::from([aside.clone()]));
    let all: BTreeSet<String> = recommendations.union(&proposals).cloned().collect();
    let traced: BTreeSet<String> = used
        .union(&set_aside)
        .cloned()
        .collect::<BTreeSet<_>>()
        .union(&unhandled)
        .cloned()
        .collect();
    assert_eq!(
        traced, all,
        "the trace covers exactly the territory's notes"
    );
    assert_eq!(unhandled.len(), proposals.len() - 1);

    // The export: sections as heading styles, each clause numbered with its
    // sources' marks, the table of sources, the set-aside annex.
    let out = db.dir.path().join("linee-guida.docx");
    let said = db
        .cli(&[
            "guidelines",
            "export",
            "--territory",
            &territory,
            out.to_str().unwrap(),
        ])
        .ok();
    assert!(said.contains("1 set aside"), "{said}");
    let (paragraphs, tables) = read_docx(&out);
    assert!(paragraphs.iter().any(|(s, _)| s == "Title"));
    let headings: Vec<&str> = paragraphs
        .iter()
        .filter(|(s, _)| s == "Heading 1")
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(headings.contains(&"1. Salute"), "{headings:?}");
    assert!(headings.contains(&"Fonti"));
    assert!(headings.contains(&"Allegato – Raccomandazioni e proposte accantonate"));
    for c in clauses {
        let number = c["number"].as_str().unwrap();
        assert!(
            paragraphs
                .iter()
                .any(|(s, t)| s == "Normal" && t.starts_with(&format!("{number} "))),
            "clause {number} is not in the document"
        );
    }
    // Each source's mark stands after its clause's words.
    for k in 1..=used.len() {
        assert!(
            paragraphs
                .iter()
                .any(|(s, t)| s == "Normal" && t.contains(&format!("[{k}]"))),
            "mark [{k}] is not in the text"
        );
    }
    let sources = tables
        .iter()
        .find(|t| t[0][0] == "N.")
        .expect("the table of sources");
    assert_eq!(sources.len() - 1, used.len(), "one row per source");
    for row in &sources[1..] {
        assert!(row[2].starts_with("Fonte: Incontro"), "{row:?}");
        assert!(row[2].contains("/2024"), "dates as dd/mm/yyyy: {row:?}");
        assert!(!row[3].is_empty());
    }
    let annex = tables
        .iter()
        .find(|t| t[0] == ["Nota", "Fonte", "Motivo"])
        .expect("the set-aside annex");
    assert_eq!(annex.len(), 2);
    assert_eq!(annex[1][2], "Già coperta dal piano di zona");
    // No person's name in the document: the register's people are not cited.
    let names: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare("SELECT family_name FROM people")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .unwrap();
    let all_text: String = paragraphs
        .iter()
        .map(|(_, t)| t.clone())
        .chain(tables.iter().flatten().flatten().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    for name in names.iter().filter(|n| n.len() > 3) {
        assert!(
            !all_text.contains(&format!(" {name} ")),
            "{name} is in the document"
        );
    }
    assert!(to_pdf(&out).starts_with(b"%PDF"));
    // And as OpenDocument.
    let odt = db.dir.path().join("linee-guida.odt");
    db.cli(&[
        "guidelines",
        "export",
        "--territory",
        &territory,
        odt.to_str().unwrap(),
    ])
    .ok();
    assert!(to_pdf(&odt).starts_with(b"%PDF"));

    // Proposing again adds nothing: every recommendation is used.
    let again = store.write(|tx| propose::propose(tx, &territory)).unwrap();
    assert_eq!(again.clauses_added, 0);
}

#[test]
fn clauses_merge_split_and_move_with_their_sources_and_the_draft_is_final_only_when_all_is_handled()
{
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let territory = potenza(&db);
    let mut store = db.open();
    let proposal = store.write(|tx| propose::propose(tx, &territory)).unwrap();
    assert!(proposal.clauses_added >= 2);
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    let all: Vec<&guidelines::Clause> = doc.clauses().collect();
    let (a, b) = (all[0].clone(), all[1].clone());
    let sources = |c: &guidelines::Clause| -> BTreeSet<String> {
        c.sources.iter().map(|s| s.note_id.clone()).collect()
    };

    // Rewrite a, merge b into it: both texts, both sources, b gone.
    store
        .write(|tx| {
            clauses::edit(
                tx,
                &a.id,
                "Indicatori condivisi fin dall'avvio dei progetti.",
            )
        })
        .unwrap();
    store.write(|tx| clauses::merge(tx, &a.id, &b.id)).unwrap();
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    let merged = doc.clauses().find(|c| c.id == a.id).unwrap().clone();
    assert!(merged
        .text
        .starts_with("Indicatori condivisi fin dall'avvio"));
    assert!(merged.text.ends_with(b.text.as_str()));
    let both: BTreeSet<String> = sources(&a).union(&sources(&b)).cloned().collect();
    assert_eq!(sources(&merged), both, "a merged clause keeps both notes");
    assert!(doc.clauses().all(|c| c.id != b.id));

    // Split it again after the first sentence: both halves keep every source,
    // the new one right after.
    let at = merged.text.chars().position(|c| c == '\n').unwrap();
    let second = store
        .write(|tx| clauses::split(tx, &merged.id, at))
        .unwrap();
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    let section = doc
        .sections
        .iter()
        .find(|s| s.clauses.iter().any(|c| c.id == merged.id))
        .unwrap();
    let ids: Vec<&str> = section.clauses.iter().map(|c| c.id.as_str()).collect();
    let i = ids.iter().position(|id| *id == merged.id).unwrap();
    assert_eq!(ids[i + 1], second);
    for c in &section.clauses[i..=i + 1] {
        assert_eq!(sources(c), both);
    }
    // Move the new clause to the top of another section.
    let other = doc.sections.iter().find(|s| s.id != section.id).unwrap();
    store
        .write(|tx| clauses::move_to(tx, &second, &other.id, 0))
        .unwrap();
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    let moved_to = doc.sections.iter().find(|s| s.id == other.id).unwrap();
    assert_eq!(moved_to.clauses[0].id, second);
    assert!(moved_to.clauses[0].number.ends_with(".1"));

    // Comment, mark agreed.
    store
        .write(|tx| {
            clauses::comment(
                tx,
                &merged.id,
                Some("Gruppo di Potenza"),
                "Da condividere con l'ASP",
            )
        })
        .unwrap();
    store
        .write(|tx| clauses::set_status(tx, &merged.id, ClauseStatus::Agreed))
        .unwrap();

    // Discussed keeps a version; final is refused while proposals are unhandled.
    store
        .write(|tx| {
            guidelines::set_status(tx, &proposal.guidelines_id, GuidelinesStatus::Discussed)
        })
        .unwrap();
    let err = store
        .write(|tx| guidelines::set_status(tx, &proposal.guidelines_id, GuidelinesStatus::Final))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("status:"), "{err}");
    assert!(
        err.contains("neither used by a clause nor set aside"),
        "{err}"
    );
    let open = store.read(|c| trace::unhandled(c, &territory)).unwrap();
    assert!(!open.is_empty());
    for u in &open {
        store
            .write(|tx| {
                guidelines::set_aside(
                    tx,
                    &proposal.guidelines_id,
                    &u.note_id,
                    "Rinviata al gruppo di lavoro",
                )
            })
            .unwrap();
    }
    store
        .write(|tx| guidelines::set_status(tx, &proposal.guidelines_id, GuidelinesStatus::Final))
        .unwrap();
    let kept = store
        .read(|c| versions::list(c, &proposal.guidelines_id))
        .unwrap();
    assert_eq!(
        kept.iter().map(|v| v.status.as_str()).collect::<Vec<_>>(),
        ["discussed", "final"]
    );

    // Comparing the discussed version with the text now: the agreed clause has
    // changed status, the moved one has moved, nothing was added or removed.
    store
        .write(|tx| clauses::edit(tx, &second, "Testo riscritto dopo la plenaria."))
        .unwrap();
    let lines = store
        .read(|c| versions::compare(c, &proposal.guidelines_id, &kept[0].id, None))
        .unwrap();
    let change_of = |id: &str| {
        lines
            .iter()
            .find(|l| l.after.as_ref().is_some_and(|k| k.id == id))
            .unwrap()
            .change
    };
    assert_eq!(change_of(&second), versions::Change::Changed);
    assert!(lines
        .iter()
        .all(|l| l.change != versions::Change::Removed && l.change != versions::Change::Added));
}

#[test]
fn a_clause_whose_only_note_is_deleted_keeps_a_visible_source_removed_mark() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let territory = potenza(&db);
    let mut store = db.open();
    let proposal = store.write(|tx| propose::propose(tx, &territory)).unwrap();
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    let clause = doc.clauses().next().unwrap().clone();
    assert_eq!(clause.sources.len(), 1);
    let note = clause.sources[0].note_id.clone();
    // The note is deleted (as a merge on another laptop deletes one).
    store.write(|tx| tx.delete(&NOTES, &note)).unwrap();
    let t = trace_json(&db, &territory);
    let traced = t["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == clause.id.as_str())
        .unwrap();
    assert_eq!(traced["notes"][0], note.as_str());
    assert_eq!(traced["removed"][0], note.as_str());
    let out = db.dir.path().join("g.docx");
    db.cli(&[
        "guidelines",
        "export",
        "--territory",
        &territory,
        out.to_str().unwrap(),
    ])
    .ok();
    let (_, tables) = read_docx(&out);
    let sources = tables.iter().find(|t| t[0][0] == "N.").unwrap();
    assert!(sources
        .iter()
        .any(|r| r[1] == clause.number && r[2].ends_with("(fonte rimossa)")));
}

#[test]
fn bad_guidelines_input_names_the_problem_and_writes_nothing() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let territory = potenza(&db);
    let line = db
        .cli(&["guidelines", "draft", "--territory", "no-such-territory"])
        .fails_with_one_line();
    assert!(line.contains("territory_id"), "{line}");
    let missing = db.dir.path().join("no-such-folder").join("g.docx");
    let line = db
        .cli(&[
            "guidelines",
            "export",
            "--territory",
            &territory,
            missing.to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(line.contains("no-such-folder"), "{line}");
    assert!(!missing.exists());
    let line = db
        .cli(&["guidelines", "export", "--territory", &territory, "g.pdf"])
        .fails_with_one_line();
    assert!(line.contains("out"), "{line}");
    // Nothing was started by the failed commands.
    let t = trace_json(&db, &territory);
    assert!(t["guidelines"].is_null());
    let mut store = db.open();
    let proposal = store.write(|tx| propose::propose(tx, &territory)).unwrap();
    let clause = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap()
        .clauses()
        .next()
        .unwrap()
        .id
        .clone();
    let err = store
        .write(|tx| clauses::edit(tx, &clause, "   "))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("text:"), "{err}");
    let err = store
        .write(|tx| guidelines::set_aside(tx, &proposal.guidelines_id, "no-such-note", "x"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("note_id:"), "{err}");
    let err = store
        .write(|tx| clauses::split(tx, &clause, 0))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("at:"), "{err}");
}

#[test]
fn two_laptops_proposing_one_territorys_guidelines_meet_in_one_document() {
    let folder = tempfile::tempdir().unwrap();
    let (da, db) = (TestDb::new(), TestDb::new());
    let mut a = da.open();
    tavolo::demo::load(&mut a, 1).unwrap();
    tavolo::sync::folder(&mut a, folder.path()).unwrap();
    let mut b = db.open();
    tavolo::sync::folder(&mut b, folder.path()).unwrap();
    let territory = potenza(&da);
    // Apart, both propose the draft; B also sets a proposal aside.
    let pa = a.write(|tx| propose::propose(tx, &territory)).unwrap();
    let pb = b.write(|tx| propose::propose(tx, &territory)).unwrap();
    assert_eq!(pa.guidelines_id, pb.guidelines_id);
    let open = b.read(|c| trace::unhandled(c, &territory)).unwrap();
    b.write(|tx| guidelines::set_aside(tx, &pb.guidelines_id, &open[0].note_id, "Fuori tema"))
        .unwrap();
    tavolo::sync::folder(&mut a, folder.path()).unwrap();
    tavolo::sync::folder(&mut b, folder.path()).unwrap();
    tavolo::sync::folder(&mut a, folder.path()).unwrap();
    assert_eq!(crate::util::dump_rows(&a), crate::util::dump_rows(&b));
    let doc = a.read(|c| guidelines::get(c, &pa.guidelines_id)).unwrap();
    assert_eq!(doc.clauses().count(), pa.clauses_added, "no clause twice");
    assert_eq!(doc.set_aside.len(), 1);
    let built_in = doc.sections.iter().filter(|s| s.key.is_some()).count();
    assert_eq!(built_in, guidelines::SECTIONS.len(), "no section twice");
}

#[test]
fn merging_two_notes_in_the_console_moves_the_clauses_and_actions_that_cited_them() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let territory = potenza(&db);
    let mut store = db.open();
    let proposal = store.write(|tx| propose::propose(tx, &territory)).unwrap();
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    // A clause's note, and another note of the same meeting to merge it into.
    let clause = doc.clauses().next().unwrap().clone();
    let cited = clause.sources[0].clone();
    let first: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id FROM notes WHERE meeting_id = ?1 AND id <> ?2 AND deleted = 0
                 ORDER BY position LIMIT 1",
                [&cited.meeting_id, &cited.note_id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let made = store
        .write(|tx| {
            let g = tavolo::groups::create(
                tx,
                &tavolo::groups::NewGroup {
                    territory_id: territory.clone(),
                    name: "G".into(),
                    themes: vec![],
                },
            )?;
            tavolo::groups::actions::add(
                tx,
                &tavolo::groups::actions::NewAction {
                    group_id: g.id.clone(),
                    title: "Azione".into(),
                    note_ids: vec![cited.note_id.clone()],
                    ..Default::default()
                },
                "2024-01-01",
            )
        })
        .unwrap();
    store
        .write(|tx| tavolo::notes::merge(tx, &first, &cited.note_id))
        .unwrap();
    let doc = store
        .read(|c| guidelines::get(c, &proposal.guidelines_id))
        .unwrap();
    let after = doc.clauses().find(|c| c.id == clause.id).unwrap();
    let ids: Vec<&str> = after.sources.iter().map(|s| s.note_id.as_str()).collect();
    assert_eq!(ids, [first.as_str()]);
    assert!(after.sources.iter().all(|s| !s.removed));
    let action = store
        .read(|c| tavolo::groups::actions::get(c, &made.id, "2024-01-01"))
        .unwrap();
    assert_eq!(action.sources.len(), 1);
    assert_eq!(action.sources[0].note_id, first);
}
