//! The catalogue of good practices and its peer review (issue 15), through the
//! CLI as scripts use it and the rules a form relies on.

use serde_json::Value as Json;
use tavolo::practices::{self, compare, review, NewPractice};
use tavolo::vocabulary::{Criterion, PracticeStatus};

use crate::util::TestDb;

fn json(out: &str) -> Json {
    serde_json::from_str(out).unwrap()
}

/// A good-practice note not promoted in the demo, two people, a recommendation.
fn demo_ids(db: &TestDb) -> (String, Vec<String>, String) {
    db.open()
        .read(|c| {
            let note: String = c.query_row(
                "SELECT n.id FROM notes n WHERE n.kind = 'good_practice' AND n.deleted = 0
                 AND NOT EXISTS (SELECT 1 FROM practice_links l WHERE l.note_id = n.id)
                 ORDER BY n.id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare(
                "SELECT id FROM people WHERE deleted = 0 ORDER BY family_name DESC LIMIT 2",
            )?;
            let people = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            let rec: String = c.query_row(
                "SELECT id FROM notes WHERE kind = 'recommendation' ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            Ok((note, people, rec))
        })
        .unwrap()
}

#[test]
fn the_demo_has_practices_one_from_a_foreign_partner_with_reviews() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let list = json(&db.cli(&["practice", "list", "--json"]).ok());
    let list = list.as_array().unwrap();
    assert!(list.len() >= 3, "{list:?}");
    let foreign: Vec<&Json> = list.iter().filter(|p| p["country"] != "IT").collect();
    assert_eq!(foreign.len(), 1, "one practice from a foreign partner");
    assert_eq!(foreign[0]["country"], "ES");
    assert_eq!(foreign[0]["organisations"].as_array().unwrap().len(), 1);
    let reviewed = list.iter().filter(|p| p["status"] == "reviewed").count();
    assert!(reviewed >= 2, "{list:?}");
    for p in list {
        assert_eq!(p["review"]["panel"].as_array().unwrap().len(), 2);
        assert!(p["review"]["overall"].as_f64().unwrap() >= 1.0);
    }
    // Promoted ones keep their note.
    assert!(list
        .iter()
        .filter(|p| p["country"] == "IT")
        .all(|p| p["notes"].as_array().unwrap().len() == 1));
}

#[test]
fn a_good_practice_note_promotes_once_and_two_reviewers_score_it() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let (note, people, rec) = demo_ids(&db);
    let id = db.cli(&["practice", "promote", "--note", &note]).ok();
    let id = id.trim();
    let promoted = db.open().read(|c| practices::get(c, id)).unwrap();
    assert!(
        !promoted.title.contains('#') && !promoted.summary.contains('#'),
        "{promoted:?}"
    );
    assert_eq!(promoted.sources.len(), 1);
    assert_eq!(promoted.sources[0].note_id, note);
    // Promoting it again gives the same practice.
    assert_eq!(
        db.cli(&["practice", "promote", "--note", &note])
            .ok()
            .trim(),
        id
    );
    let err = db
        .cli(&["practice", "promote", "--note", &rec])
        .fails_with_one_line();
    assert!(
        err.contains("note_id") && err.contains("good_practice"),
        "{err}"
    );

    let criteria = [
        "effectiveness",
        "transferability",
        "sustainability",
        "innovation",
        "participation",
    ];
    for (r, person) in people.iter().enumerate() {
        for (c, criterion) in criteria.iter().enumerate() {
            let score = (2 + r + c % 3).to_string();
            db.cli(&[
                "practice",
                "review",
                "--practice",
                id,
                "--reviewer",
                person,
                "--criterion",
                criterion,
                "--score",
                &score,
            ])
            .ok();
            let status = store_status(&db, id);
            let expected = if c == criteria.len() - 1 {
                // Every panel member has scored every criterion.
                PracticeStatus::Reviewed
            } else {
                PracticeStatus::InReview
            };
            assert_eq!(
                status, expected,
                "after reviewer {r}, criterion {criterion}"
            );
        }
        let list = json(&db.cli(&["practice", "list", "--json"]).ok());
        let p = list
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(p["status"], "reviewed");
        assert_eq!(p["review"]["panel"].as_array().unwrap().len(), r + 1);
    }
    // A second score on one criterion replaces the first.
    db.cli(&[
        "practice",
        "review",
        "--practice",
        id,
        "--reviewer",
        &people[0],
        "--criterion",
        "effectiveness",
        "--score",
        "5",
        "--comment",
        "Dati solidi",
    ])
    .ok();
    let review = db.open().read(|c| review::review(c, id)).unwrap();
    assert_eq!(review.scores.len(), 10);
    let eff = &review.criteria[0];
    assert_eq!(eff.criterion, Criterion::Effectiveness);
    // Reviewer 1: 5 (was 2); reviewer 2: 3.
    assert_eq!((eff.min, eff.max, eff.mean), (Some(3), Some(5), Some(4.0)));
    assert_eq!(eff.agreement, Some(review::Agreement::Medium));
    assert!(review.complete);
    // Pairs within one point: criteria 1..4 differ by exactly 1; effectiveness by 2.
    assert_eq!(review.pairs_within_one, Some(0.8));

    // Bad input names the field; nothing is written.
    let before = tavolo_rows(&db);
    let err = db
        .cli(&[
            "practice",
            "review",
            "--practice",
            id,
            "--reviewer",
            &people[0],
            "--criterion",
            "effectiveness",
            "--score",
            "6",
        ])
        .fails_with_one_line();
    assert!(err.contains("score") && err.contains("1 to 5"), "{err}");
    let err = db
        .cli(&[
            "practice",
            "review",
            "--practice",
            id,
            "--reviewer",
            &people[0],
            "--criterion",
            "beauty",
            "--score",
            "3",
        ])
        .fails_with_one_line();
    assert!(
        err.contains("criterion") && err.contains("effectiveness"),
        "{err}"
    );
    let org: String = db
        .open()
        .read(|c| Ok(c.query_row("SELECT id FROM organisations LIMIT 1", [], |r| r.get(0))?))
        .unwrap();
    let err = db
        .cli(&[
            "practice",
            "review",
            "--practice",
            id,
            "--reviewer",
            &org,
            "--criterion",
            "innovation",
            "--score",
            "3",
        ])
        .fails_with_one_line();
    assert!(
        err.contains("reviewer_id") && err.contains("organisation"),
        "{err}"
    );
    assert_eq!(tavolo_rows(&db), before);
}

fn store_status(db: &TestDb, id: &str) -> PracticeStatus {
    db.open().read(|c| practices::get(c, id)).unwrap().status
}

fn tavolo_rows(db: &TestDb) -> Vec<String> {
    crate::util::dump_rows(&db.open())
}

#[test]
fn two_to_four_practices_compare_criterion_by_criterion() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let store = db.open();
    let list = store
        .read(|c| practices::list(c, &practices::Filter::default()))
        .unwrap();
    let ids: Vec<String> = list.iter().take(2).map(|p| p.id.clone()).collect();
    let cmp = store.read(|c| compare::compare(c, &ids)).unwrap();
    assert_eq!(cmp.rows.len(), Criterion::ALL.len());
    for (i, row) in cmp.rows.iter().enumerate() {
        for (j, cell) in row.cells.iter().enumerate() {
            let expected = store.read(|c| review::review(c, &ids[j])).unwrap().criteria[i].mean;
            assert_eq!(cell.0, expected);
        }
        assert!(!row.best.is_empty());
    }
    let one = vec![ids[0].clone()];
    assert!(store.read(|c| compare::compare(c, &one)).is_err());
    let twice = vec![ids[0].clone(), ids[0].clone()];
    let err = store.read(|c| compare::compare(c, &twice)).unwrap_err();
    assert!(err.to_string().contains("practice_ids"), "{err}");
}

#[test]
fn the_catalogue_filters_by_sector_target_and_country_and_checks_its_fields() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let mut store = db.open();
    let spain = practices::Filter {
        country: Some("es".into()),
        ..Default::default()
    };
    let found = store.read(|c| practices::list(c, &spain)).unwrap();
    assert_eq!(found.len(), 1);
    assert!(found[0].place().contains("(ES)"), "{}", found[0].place());
    let families = practices::Filter {
        target: Some(tavolo::vocabulary::TargetGroup::Families),
        ..Default::default()
    };
    assert_eq!(
        store.read(|c| practices::list(c, &families)).unwrap().len(),
        1
    );
    let reviewed = practices::Filter {
        status: Some(PracticeStatus::Reviewed),
        ..Default::default()
    };
    assert!(store
        .read(|c| practices::list(c, &reviewed))
        .unwrap()
        .iter()
        .all(|p| p.status == PracticeStatus::Reviewed));

    let bad = NewPractice {
        title: "Prassi".into(),
        period_from: Some("2024-05-01".into()),
        period_to: Some("2024-01-01".into()),
        ..Default::default()
    };
    let err = store.write(|tx| practices::create(tx, &bad)).unwrap_err();
    assert!(err.to_string().contains("period_to"), "{err}");
    let bad = NewPractice {
        title: "Prassi".into(),
        country: Some("Spain".into()),
        ..Default::default()
    };
    let err = store.write(|tx| practices::create(tx, &bad)).unwrap_err();
    assert!(err.to_string().contains("country"), "{err}");
    let missing = NewPractice {
        title: "  ".into(),
        ..Default::default()
    };
    let err = store
        .write(|tx| practices::create(tx, &missing))
        .unwrap_err();
    assert!(err.to_string().contains("title"), "{err}");
}

#[test]
fn the_catalogue_booklet_and_workbook_hold_every_practice_its_review_and_the_comparison() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let store = db.open();
    let list = store
        .read(|c| practices::list(c, &practices::Filter::default()))
        .unwrap();
    let reviewers: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT DISTINCT p.given_name || ' ' || p.family_name FROM practice_reviews r
                 JOIN people p ON p.id = r.reviewer_id",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .unwrap();
    assert_eq!(reviewers.len(), 2);
    let (a, b) = (list[0].id.clone(), list[1].id.clone());

    let booklet = db.dir.path().join("catalogo.docx");
    let out = db
        .cli(&[
            "export",
            "practices",
            booklet.to_str().unwrap(),
            "--compare",
            &a,
            "--compare",
            &b,
        ])
        .ok();
    assert!(
        out.contains(&format!("{} practices, compared", list.len())),
        "{out}"
    );
    let (paragraphs, tables) = crate::util::read_docx(&booklet);
    assert!(paragraphs
        .iter()
        .any(|(s, t)| s == "Title" && t == "Catalogo delle buone prassi"));
    let chapters: Vec<&String> = paragraphs
        .iter()
        .filter(|(s, _)| s == "Heading 1")
        .map(|(_, t)| t)
        .collect();
    // A chapter per practice, then the comparison.
    assert_eq!(chapters.len(), list.len() + 1, "{chapters:?}");
    for p in &list {
        assert!(
            chapters.iter().any(|c| c.ends_with(&p.title)),
            "{}",
            p.title
        );
    }
    assert!(paragraphs.iter().any(|(_, t)| t.contains("Valencia")));
    let comparison = tables.last().unwrap();
    assert_eq!(comparison[0].len(), 3, "criterion and the two practices");
    assert_eq!(comparison.len(), 1 + Criterion::ALL.len() + 1);
    let all_text: String = paragraphs
        .iter()
        .map(|(_, t)| t.clone())
        .chain(tables.iter().flatten().flatten().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    for name in &reviewers {
        assert!(
            !all_text.contains(name.as_str()),
            "the booklet names {name}"
        );
    }
    let pdf = crate::util::to_pdf(&booklet);
    assert!(pdf.starts_with(b"%PDF"));

    let book = db.dir.path().join("catalogo.xlsx");
    db.cli(&[
        "export",
        "practices",
        book.to_str().unwrap(),
        "--country",
        "ES",
    ])
    .ok();
    let sheets = crate::util::read_xlsx(&book);
    let rows = sheets["Buone prassi"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "the header and the one Spanish practice");
    assert_eq!(rows[1][3], "ES");
    assert_eq!(rows[1][9].as_f64(), Some(180_000.0));
    assert_eq!(
        sheets["Valutazioni"].as_array().unwrap().len(),
        1 + Criterion::ALL.len()
    );
    assert!(sheets.get("Confronto").is_none());
    let err = db
        .cli(&[
            "export",
            "practices",
            db.dir.path().join("x.pdf").to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(err.contains(".docx"), "{err}");
}

#[test]
fn a_reviewer_s_scores_are_in_their_access_export_and_go_with_their_erasure() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let (reviewer, practice): (String, String) = db
        .open()
        .read(|c| {
            Ok(c.query_row(
                "SELECT reviewer_id, practice_id FROM practice_reviews ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let file = db.dir.path().join("accesso.json");
    db.cli(&[
        "person",
        "export",
        "--person",
        &reviewer,
        file.to_str().unwrap(),
    ])
    .ok();
    let held: Json = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let scores = held["practice_reviews"].as_array().unwrap();
    assert!(scores.len() >= Criterion::ALL.len(), "{held}");
    db.cli(&["person", "erase", "--person", &reviewer, "--yes"])
        .ok();
    let review = db.open().read(|c| review::review(c, &practice)).unwrap();
    assert!(review.panel.iter().all(|m| m.person_id != reviewer));
    assert!(review.scores.iter().all(|s| s.reviewer_id != reviewer));
}

#[test]
fn two_reviewers_on_two_laptops_score_one_practice_and_both_see_it_reviewed() {
    let folder = tempfile::tempdir().unwrap();
    let (da, db) = (TestDb::new(), TestDb::new());
    let mut a = da.open();
    tavolo::demo::load(&mut a, 1).unwrap();
    tavolo::sync::folder(&mut a, folder.path()).unwrap();
    let mut b = db.open();
    tavolo::sync::folder(&mut b, folder.path()).unwrap();
    let (note, people, _) = demo_ids(&da);
    // Apart, each promotes the same note and scores it as a different reviewer.
    let pa = a.write(|tx| practices::promote(tx, &note)).unwrap();
    let pb = b.write(|tx| practices::promote(tx, &note)).unwrap();
    assert_eq!(pa.id, pb.id, "one practice for one note, on any laptop");
    for (store, reviewer, base) in [(&mut a, &people[0], 2), (&mut b, &people[1], 3)] {
        store
            .write(|tx| {
                for (i, c) in Criterion::ALL.iter().enumerate() {
                    review::score(tx, &pa.id, reviewer, *c, base + (i as i64 % 2), "")?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(
            store.read(|c| practices::get(c, &pa.id)).unwrap().status,
            PracticeStatus::Reviewed,
            "one reviewer who scored everything"
        );
    }
    // A second reviewer joins A's panel without scoring yet: in review there.
    a.write(|tx| review::add_reviewer(tx, &pa.id, &people[1]))
        .unwrap();
    assert_eq!(
        a.read(|c| practices::get(c, &pa.id)).unwrap().status,
        PracticeStatus::InReview
    );
    for _ in 0..2 {
        tavolo::sync::folder(&mut a, folder.path()).unwrap();
        tavolo::sync::folder(&mut b, folder.path()).unwrap();
    }
    assert_eq!(crate::util::dump_rows(&a), crate::util::dump_rows(&b));
    for store in [&a, &b] {
        let r = store.read(|c| review::review(c, &pa.id)).unwrap();
        assert_eq!(r.panel.len(), 2);
        assert_eq!(r.scores.len(), 2 * Criterion::ALL.len());
        assert_eq!(
            store.read(|c| practices::get(c, &pa.id)).unwrap().status,
            PracticeStatus::Reviewed,
            "B's scores have reached A"
        );
    }
    // Archived on one laptop, archived on both; its review stays.
    a.write(|tx| practices::archive(tx, &pa.id, true)).unwrap();
    tavolo::sync::folder(&mut a, folder.path()).unwrap();
    tavolo::sync::folder(&mut b, folder.path()).unwrap();
    let p = b.read(|c| practices::get(c, &pa.id)).unwrap();
    assert_eq!(p.status, PracticeStatus::Archived);
    assert_eq!(
        b.read(|c| review::review(c, &pa.id)).unwrap().scores.len(),
        10
    );
}
