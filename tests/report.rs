//! The synthesis report (issue 12, first part): read back by python-docx and
//! converted by LibreOffice, every note of the meeting under its table and kind,
//! the attendance figures equal to the indicators'.

use std::collections::BTreeMap;

use tavolo::indicators::{self, Filter};
use tavolo::reports::kind_label;
use tavolo::{meetings, notes};

use crate::util::{read_docx, to_pdf, TestDb};

#[test]
fn the_synthesis_of_a_held_meeting_lists_every_note_under_its_table_and_kind() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let store = db.open();
    let meeting = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.status == tavolo::vocabulary::MeetingStatus::Held)
        .unwrap();
    let docx = db.dir.path().join("sintesi.docx");
    let line = db
        .cli(&[
            "report",
            "synthesis",
            "--meeting",
            &meeting.id,
            docx.to_str().unwrap(),
        ])
        .ok();
    assert!(line.starts_with("written "), "{line}");

    let (paragraphs, tables) = read_docx(&docx);
    // Real heading styles: the meeting, its tables, questions and kinds.
    assert!(paragraphs
        .iter()
        .any(|(s, t)| s == "Heading 1" && t == &meeting.title));
    assert!(paragraphs.iter().any(|(s, _)| s == "Title"));

    // Every note under its table and kind, counted from the document.
    let mut table = String::new();
    let mut kind = String::new();
    let mut in_doc: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (style, text) in &paragraphs {
        match style.as_str() {
            "Heading 2" => table = text.clone(),
            "Heading 4" => kind = text.rsplit_once(" (").map(|(k, _)| k.to_owned()).unwrap(),
            "List Bullet" | "Quote" => {
                *in_doc.entry((table.clone(), kind.clone())).or_default() += 1
            }
            _ => {}
        }
    }
    let titles: BTreeMap<String, String> = store
        .read(|c| meetings::tables(c, &meeting.id))
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.title))
        .collect();
    let mut in_db: BTreeMap<(String, String), usize> = BTreeMap::new();
    let all = store.read(|c| notes::of_meeting(c, &meeting.id)).unwrap();
    for n in &all {
        let table = n
            .table_id
            .as_ref()
            .map_or("Note fuori dai tavoli".to_owned(), |t| titles[t].clone());
        *in_db
            .entry((table, kind_label(n.kind).to_owned()))
            .or_default() += 1;
    }
    assert!(all.len() >= 5, "{} notes", all.len());
    assert_eq!(in_doc, in_db);
    // Speakers by their organisation, never by name.
    let attendees = store.read(|c| meetings::attendees(c, &meeting.id)).unwrap();
    let body: String = paragraphs
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for a in &attendees {
        assert!(!body.contains(&format!("{} {}", a.family_name, a.given_name)));
    }

    // The attendance table says what the indicators say of that meeting.
    let figures = store
        .read(|c| {
            indicators::compute(
                c,
                &Filter {
                    meeting_id: Some(meeting.id.clone()),
                    ..Filter::default()
                },
            )
        })
        .unwrap();
    let cell = |label: &str| -> i64 {
        tables[0]
            .iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].parse().unwrap())
            .unwrap()
    };
    assert_eq!(figures.meetings_held, 1);
    assert_eq!(cell("Persone coinvolte (distinte)"), figures.people);
    assert_eq!(
        cell("Enti e organizzazioni coinvolti (distinti)"),
        figures.organisations
    );
    assert_eq!(
        cell("Operatori pubblici (distinti)"),
        figures.public_operators
    );
    assert_eq!(cell("Note raccolte"), all.len() as i64);
    assert_eq!(figures.people, meeting.attendees);

    // LibreOffice opens both files.
    let odt = db.dir.path().join("sintesi.odt");
    db.cli(&[
        "report",
        "synthesis",
        "--meeting",
        &meeting.id,
        odt.to_str().unwrap(),
    ])
    .ok();
    for file in [&docx, &odt] {
        let pdf = to_pdf(file);
        assert!(
            pdf.starts_with(b"%PDF") && pdf.len() > 5_000,
            "{} bytes",
            pdf.len()
        );
    }
    let _ = std::fs::create_dir_all("test-artifacts/reports");
    let _ = std::fs::copy(
        docx.with_extension("pdf"),
        "test-artifacts/reports/sintesi-incontro.pdf",
    );
}

#[test]
fn a_territorys_synthesis_covers_the_meetings_the_indicators_count() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let list: serde_json::Value =
        serde_json::from_str(&db.cli(&["territory", "list", "--json"]).ok()).unwrap();
    let potenza = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Provincia di Potenza" || t["name"] == "Potenza")
        .unwrap();
    let id = potenza["id"].as_str().unwrap();
    assert!(potenza.get("kind").is_some() && potenza.get("parent").is_some());
    let out = db.dir.path().join("potenza.docx");
    db.cli(&[
        "report",
        "synthesis",
        "--territory",
        id,
        "--theme",
        "health",
        out.to_str().unwrap(),
    ])
    .ok();
    let (paragraphs, tables) = read_docx(&out);
    let store = db.open();
    let figures = store
        .read(|c| {
            indicators::compute(
                c,
                &Filter {
                    territory_id: Some(id.to_owned()),
                    theme: Some(tavolo::vocabulary::Theme::Health),
                    ..Filter::default()
                },
            )
        })
        .unwrap();
    let meetings_in_doc = paragraphs.iter().filter(|(s, _)| s == "Heading 1").count() - 1;
    assert!(figures.meetings_held >= 1);
    assert_eq!(meetings_in_doc as i64, figures.meetings_held);
    assert_eq!(tables[0][1][1], figures.meetings_held.to_string());
}

#[test]
fn a_wrong_file_name_or_meeting_is_said_and_nothing_is_written() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let txt = db.dir.path().join("sintesi.txt");
    let err = db
        .cli(&[
            "report",
            "synthesis",
            "--meeting",
            "nope",
            txt.to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(
        err.contains("out") && err.contains(".docx or .odt"),
        "{err}"
    );
    let docx = db.dir.path().join("sintesi.docx");
    let err = db
        .cli(&[
            "report",
            "synthesis",
            "--meeting",
            "nope",
            docx.to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(err.contains("nope"), "{err}");
    let missing = db.dir.path().join("no-such-folder").join("s.docx");
    let meeting = db.open().read(meetings::list).unwrap().remove(0);
    let err = db
        .cli(&[
            "report",
            "synthesis",
            "--meeting",
            &meeting.id,
            missing.to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(err.contains("no-such-folder"), "{err}");
    assert!(!txt.exists() && !docx.exists() && !missing.exists());
}

#[test]
fn the_synthesis_paragraph_of_a_table_is_kept_and_printed_under_its_table() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let mut store = db.open();
    let meeting = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.status == tavolo::vocabulary::MeetingStatus::Held)
        .unwrap();
    let tables = store.read(|c| meetings::tables(c, &meeting.id)).unwrap();
    let (first, second) = (&tables[0], &tables[1]);
    let words = "Il tavolo chiede uno sportello unico.\nServono mediatori nei servizi.";
    store
        .write(|tx| tavolo::reports::table_syntheses::set(tx, &first.id, words))
        .unwrap();
    assert_eq!(
        store
            .read(|c| tavolo::reports::table_syntheses::of_table(c, &first.id))
            .unwrap(),
        words
    );
    let docx = db.dir.path().join("sintesi.docx");
    db.cli(&[
        "report",
        "synthesis",
        "--meeting",
        &meeting.id,
        docx.to_str().unwrap(),
    ])
    .ok();
    let (paragraphs, _) = read_docx(&docx);
    let at = |style: &str, text: &str| {
        paragraphs
            .iter()
            .position(|(s, t)| s == style && t == text)
            .unwrap_or_else(|| panic!("{style} {text} not found"))
    };
    let heading = at("Heading 2", &first.title);
    let synthesis = at("Heading 3", "Sintesi del tavolo");
    let line = at("Normal", "Servono mediatori nei servizi.");
    assert!(heading < synthesis && synthesis < line && line < at("Heading 2", &second.title));
    // Only the table that has one: one such heading in the report.
    assert_eq!(
        paragraphs
            .iter()
            .filter(|(_, t)| t == "Sintesi del tavolo")
            .count(),
        1
    );
    // Emptied: it leaves the report.
    store
        .write(|tx| tavolo::reports::table_syntheses::set(tx, &first.id, "  "))
        .unwrap();
    db.cli(&[
        "report",
        "synthesis",
        "--meeting",
        &meeting.id,
        docx.to_str().unwrap(),
    ])
    .ok();
    let (paragraphs, _) = read_docx(&docx);
    assert!(paragraphs.iter().all(|(_, t)| t != "Sintesi del tavolo"));
    let err = store
        .write(|tx| tavolo::reports::table_syntheses::set(tx, "no-such-table", "x"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("table_id:"), "{err}");
}
