//! The Excel workbook, read back with a real reader (calamine).

use calamine::{open_workbook, Data, Reader, Xlsx};
use rusqlite::types::Value;
use tavolo::export::xlsx::{cell_text, export, CUT_MARKER, MAX_CELL_CHARS};
use tavolo::indicators::{self, Filter};
use tavolo::notes::{self, NewNote};
use tavolo::organisations::{self, NewOrganisation};
use tavolo::schema::NOTES;
use tavolo::vocabulary::{Level, OrgKind};
use tavolo::{demo, integrity, meetings};

use crate::util::TestDb;

/// Names a spreadsheet would take for formulas if they were not written as text.
const FORMULA_LIKE: [&str; 5] = [
    "=SUM(A1:A9)",
    "+39 0971 1234",
    "-riservato-",
    "@ente",
    "=HYPERLINK(\"http://x\")",
];

#[test]
fn the_workbook_reads_back_with_dates_numbers_and_no_formulas() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    // Texts that a spreadsheet would take for formulas, and one too long for a cell.
    for name in FORMULA_LIKE {
        store
            .write(|tx| {
                organisations::create(
                    tx,
                    &NewOrganisation::named(name, OrgKind::Other, Level::Local),
                )
            })
            .unwrap();
    }
    let meeting = store.read(meetings::list).unwrap().remove(0).id;
    let new = NewNote {
        meeting_id: meeting,
        text: "nota".into(),
        ..NewNote::default()
    };
    let note = store.write(|tx| notes::add(tx, &new)).unwrap();
    let long = "x".repeat(MAX_CELL_CHARS + 10);
    store
        .write(|tx| tx.update(&NOTES, &note.id, &[("text", Value::Text(long))]))
        .unwrap();

    let out = db.dir.path().join("tavolo.xlsx");
    let summary = store
        .read(|c| export(c, &out, &Filter::default(), "2026-11-23"))
        .unwrap();
    assert!(
        !db.dir.path().join(".tavolo.xlsx.partial").exists(),
        "no temporary file left"
    );

    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "Indicatori",
            "Incontri",
            "Presenze",
            "Enti",
            "Persone",
            "Note"
        ]
    );
    let stats = store.read(integrity::stats).unwrap();
    let count = |t: &str| stats.iter().find(|(n, _)| n == t).unwrap().1 as usize;
    for (sheet, table) in [
        ("Incontri", "meetings"),
        ("Presenze", "attendance"),
        ("Enti", "organisations"),
        ("Persone", "people"),
        ("Note", "notes"),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(
            range.height() - 1,
            count(table),
            "one row per record in {sheet}"
        );
        assert_eq!(
            summary.rows.iter().find(|(s, _)| *s == sheet).unwrap().1,
            count(table)
        );
        assert_eq!(
            range.get((0, 0)),
            Some(&Data::String("ID".into())),
            "{sheet} header"
        );
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula in {sheet}"
        );
    }

    // Dates are real dates; counts are numbers.
    let incontri = book.worksheet_range("Incontri").unwrap();
    assert!(
        matches!(incontri.get((1, 5)), Some(Data::DateTime(_))),
        "{:?}",
        incontri.get((1, 5))
    );
    assert!(matches!(incontri.get((1, 10)), Some(Data::Float(_))));
    let note_sheet = book.worksheet_range("Note").unwrap();
    assert!(matches!(note_sheet.get((1, 3)), Some(Data::DateTime(_))));
    let text = match note_sheet.get((1, 5)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("note text is {other:?}"),
    };
    assert_eq!(text.chars().count(), MAX_CELL_CHARS);
    assert!(text.ends_with(CUT_MARKER));

    // Formula-looking names are plain text.
    let enti = book.worksheet_range("Enti").unwrap();
    let names: Vec<String> = enti.rows().skip(1).map(|r| r[1].to_string()).collect();
    for name in FORMULA_LIKE {
        assert!(
            names.iter().any(|n| n == name),
            "{name:?} missing or changed"
        );
    }

    // The Indicatori sheet holds the same figures as the core computes.
    let figures = store
        .read(|c| indicators::compute(c, &Filter::default()))
        .unwrap();
    let ind = book.worksheet_range("Indicatori").unwrap();
    let value = |label: &str| {
        ind.rows()
            .find(|r| r[0] == Data::String(label.to_owned()))
            .and_then(|r| match r[1] {
                Data::Float(f) => Some(f),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no figure {label}"))
    };
    assert_eq!(value("Incontri svolti") as i64, figures.meetings_held);
    assert_eq!(value("Persone coinvolte (distinte)") as i64, figures.people);
    assert_eq!(
        value("Operatori pubblici (distinti)") as i64,
        figures.public_operators
    );
    assert_eq!(
        value("Enti e organizzazioni coinvolti (distinti)") as i64,
        figures.organisations
    );
    // And the people figure is the number of distinct people on the Presenze sheet
    // of held meetings.
    let presenze = book.worksheet_range("Presenze").unwrap();
    let held: std::collections::HashSet<String> = incontri
        .rows()
        .skip(1)
        .filter(|r| r[9] == Data::String("held".to_owned()))
        .map(|r| r[0].to_string())
        .collect();
    let people: std::collections::HashSet<String> = presenze
        .rows()
        .skip(1)
        .filter(|r| held.contains(&r[1].to_string()))
        .map(|r| r[4].to_string())
        .collect();
    assert_eq!(people.len() as i64, figures.people);
}

#[test]
fn a_missing_folder_is_a_clear_error_and_writes_nothing() {
    let db = TestDb::new();
    let store = db.open();
    let err = store
        .read(|c| {
            export(
                c,
                std::path::Path::new("/nonexistent/dir/out.xlsx"),
                &Filter::default(),
                "2026-11-23",
            )
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "/nonexistent/dir/out.xlsx: the folder /nonexistent/dir does not exist"
    );
}

#[test]
fn long_texts_are_cut_with_a_marker() {
    assert_eq!(cell_text("breve"), "breve");
    let cut = cell_text(&"è".repeat(40_000));
    assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
    assert!(cut.ends_with(CUT_MARKER));
}

#[test]
fn cli_exports_a_workbook() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let out = db.dir.path().join("uffici.xlsx");
    let line = db.cli(&["export", "xlsx", out.to_str().unwrap()]).ok();
    assert!(line.starts_with("written "), "{line}");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.worksheet_range("Enti").unwrap().height(), 55);
}
