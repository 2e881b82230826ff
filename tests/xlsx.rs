//! The Excel workbook, read back with a real reader (calamine).

use calamine::{open_workbook, Data, Reader, Xlsx};
use rusqlite::types::Value;
use std::collections::HashSet;
use tavolo::formats::workbook::write::{self as xlsx, cell_text, CUT_MARKER, MAX_CELL_CHARS};
use tavolo::indicators::{self, Filter};
use tavolo::notes::{self, NewNote};
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::store::schema::NOTES;
use tavolo::vocabulary::{Level, OrgKind};
use tavolo::{demo, meetings, store::integrity};

use crate::util::TestDb;

/// Names a spreadsheet would take for formulas if they were not written as text.
/// Exports everything (no filter, real names) with a fixed export date.
fn export(
    c: &rusqlite::Connection,
    out: &std::path::Path,
    filter: &Filter,
    date: &str,
) -> tavolo::Result<xlsx::ExportSummary> {
    let options = xlsx::Options {
        filter: filter.clone(),
        export_date: date.into(),
        ..xlsx::Options::default()
    };
    xlsx::export(c, out, &options)
}

/// A sheet as headers and rows, with cells found by header.
struct Sheet {
    headers: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl Sheet {
    fn read(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Sheet {
        let range = book.worksheet_range(name).unwrap();
        let mut rows = range.rows().map(|r| r.to_vec());
        let headers = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        Sheet {
            headers,
            rows: rows.collect(),
        }
    }

    fn col(&self, header: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header} in {:?}", self.headers))
    }

    /// The text of every row's cell under `header`.
    fn texts(&self, header: &str) -> Vec<String> {
        let c = self.col(header);
        self.rows.iter().map(|r| r[c].to_string()).collect()
    }
}

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
    let left: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "no temporary file left: {left:?}");

    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "Indicatori",
            "Incontri",
            "Presenze",
            "Enti",
            "Persone",
            "Relazioni",
            "Note",
            "Tavoli",
            "Domande",
            "Territori",
            "Gruppi di lavoro",
            "Membri dei gruppi",
            "Incontri dei gruppi",
            "Azioni",
            "Legami delle azioni",
            "Consensi"
        ]
    );
    let stats = store.read(integrity::stats).unwrap();
    let count = |t: &str| stats.iter().find(|(n, _)| n == t).unwrap().1 as usize;
    for (sheet, table) in [
        ("Incontri", "meetings"),
        ("Presenze", "attendance"),
        ("Enti", "organisations"),
        ("Persone", "people"),
        ("Relazioni", "relationships"),
        ("Note", "notes"),
        ("Tavoli", "meeting_tables"),
        ("Domande", "guiding_questions"),
        ("Territori", "territories"),
        ("Gruppi di lavoro", "work_groups"),
        ("Azioni", "group_actions"),
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
    let incontri = Sheet::read(&mut book, "Incontri");
    assert!(matches!(
        incontri.rows[0][incontri.col("Data")],
        Data::DateTime(_)
    ));
    assert!(matches!(
        incontri.rows[0][incontri.col("Presenze")],
        Data::Float(_)
    ));
    let note_sheet = Sheet::read(&mut book, "Note");
    assert!(matches!(
        note_sheet.rows[0][note_sheet.col("Ora")],
        Data::DateTime(_)
    ));
    let texts = note_sheet.texts("Testo");
    let text = texts
        .iter()
        .find(|t| t.starts_with("xxx"))
        .expect("the long note");
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
    // Every headline figure, recomputed from the rows of the data sheets alone.
    let presenze = Sheet::read(&mut book, "Presenze");
    let held: HashSet<String> = incontri
        .rows
        .iter()
        .filter(|r| r[incontri.col("Stato")] == Data::String("Svolto".into()))
        .map(|r| r[0].to_string())
        .collect();
    let at_held: Vec<&Vec<Data>> = presenze
        .rows
        .iter()
        .filter(|r| held.contains(&r[presenze.col("ID incontro")].to_string()))
        .collect();
    let distinct = |rows: &[&Vec<Data>], header: &str| -> HashSet<String> {
        let c = presenze.col(header);
        rows.iter()
            .map(|r| r[c].to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let people = distinct(&at_held, "ID persona");
    let public: Vec<&Vec<Data>> = at_held
        .iter()
        .copied()
        .filter(|r| r[presenze.col("Operatore pubblico")] == Data::String("sì".into()))
        .collect();
    let territories: HashSet<String> = incontri
        .rows
        .iter()
        .filter(|r| held.contains(&r[0].to_string()))
        .map(|r| r[incontri.col("ID territorio")].to_string())
        .collect();
    let notes_held = note_sheet
        .texts("ID incontro")
        .iter()
        .filter(|m| held.contains(*m))
        .count();
    assert_eq!(value("Incontri svolti") as usize, held.len());
    assert_eq!(value("Partecipazioni (presenze)") as usize, at_held.len());
    assert_eq!(value("Persone coinvolte (distinte)") as usize, people.len());
    let public_people = distinct(&public, "ID persona").len();
    assert_eq!(
        value("Operatori pubblici (distinti)") as usize,
        public_people
    );
    assert_eq!(
        value("Operatori privati (distinti)") as usize,
        people.len() - public_people
    );
    assert_eq!(
        value("Enti e organizzazioni coinvolti (distinti)") as usize,
        distinct(&at_held, "ID ente").len()
    );
    assert_eq!(value("Territori coperti") as usize, territories.len());
    assert_eq!(value("Note raccolte") as usize, notes_held);
    assert!(!held.is_empty() && notes_held > 0 && !people.is_empty());
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
