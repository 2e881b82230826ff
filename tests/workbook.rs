//! The workbook round trip (export → import into an empty database → export gives
//! the same cells), pseudonyms, broken workbooks, and a second reader (openpyxl).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use tavolo::formats::workbook::write::{self as xlsx, Options};
use tavolo::groups;
use tavolo::notes::{self, NewNote};
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::vocabulary::{Level, MemberRole, OrgKind, Theme};
use tavolo::{demo, formats, meetings, store::integrity, Store};

use crate::util::{dump_rows, dump_schema, TestDb};

fn export(store: &Store, out: &Path, key: Option<String>) -> xlsx::ExportSummary {
    let options = Options {
        export_date: "2026-11-23".into(),
        pseudonym_key: key,
        ..Options::default()
    };
    store.read(|c| xlsx::export(c, out, &options)).unwrap()
}

/// Every cell of every sheet, by sheet name.
fn cells(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

fn round_trip(scale: u32) {
    let a = TestDb::new();
    let mut store = a.open();
    demo::load(&mut store, scale).unwrap();
    // Awkward values: formula-like text, accents, empty optional fields, a note
    // taken at a time with milliseconds.
    let meeting = store.read(meetings::list).unwrap().remove(0).id;
    store
        .write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation {
                    address: Some("=Via Roma 1, Città".into()),
                    tags: vec!["Rete Salute".into()],
                    influence: Some(2),
                    ..NewOrganisation::named(
                        "+Cooperativa «Perché no»",
                        OrgKind::ThirdSector,
                        Level::Local,
                    )
                },
            )
        })
        .unwrap();
    let new = NewNote {
        meeting_id: meeting,
        text: "@tutti: servono mediatori #mediazione".into(),
        ..NewNote::default()
    };
    let note = store.write(|tx| notes::add(tx, &new)).unwrap().id;
    // A work group with a member, a meeting and an action with a partner, a
    // source note and a description of two lines.
    store
        .write(|tx| {
            let territory = tx.conn().query_row(
                "SELECT territory_id FROM meetings WHERE id = ?1",
                [&new.meeting_id],
                |r| r.get(0),
            )?;
            let person: String = tx
                .conn()
                .query_row("SELECT id FROM people LIMIT 1", [], |r| r.get(0))?;
            let org: String =
                tx.conn()
                    .query_row("SELECT id FROM organisations LIMIT 1", [], |r| r.get(0))?;
            let group = groups::create(
                tx,
                &groups::NewGroup {
                    territory_id: territory,
                    name: "Gruppo «Salute» – Potenza".into(),
                    themes: vec![Theme::Health, Theme::Work],
                },
            )?;
            groups::add_member(tx, &group.id, &person, Some(MemberRole::Coordinator))?;
            groups::link_meeting(tx, &group.id, &new.meeting_id)?;
            groups::actions::add(
                tx,
                &groups::actions::NewAction {
                    group_id: group.id.clone(),
                    title: "=Sportello unico".into(),
                    description: Some("Due righe:\nla seconda".into()),
                    owner_org_id: Some(org.clone()),
                    partner_org_ids: vec![org],
                    start_date: Some("2024-04-01".into()),
                    due_date: Some("2024-09-30".into()),
                    funding: Some("FAMI".into()),
                    note_ids: vec![note.clone()],
                    ..Default::default()
                },
                "2026-11-23",
            )
        })
        .unwrap();

    let first = a.dir.path().join("first.xlsx");
    export(&store, &first, None);

    let b = TestDb::new();
    let mut copy = b.open();
    let summary = formats::workbook::read::import(&mut copy, &first).unwrap();
    let imported: usize = summary.rows.iter().map(|(_, n)| n).sum();
    assert!(imported > 0);
    assert!(copy.read(integrity::check).unwrap().is_ok());
    // The import drops the indexes to fill the tables and builds them again at
    // its end: the schema afterwards is the one a new database has.
    let fresh = TestDb::new();
    drop(fresh.open());
    assert_eq!(
        copy.read(|c| Ok(dump_schema(c))).unwrap(),
        dump_schema(&rusqlite::Connection::open(&fresh.path).unwrap()),
        "every index back after the import"
    );
    let second = b.dir.path().join("second.xlsx");
    export(&copy, &second, None);

    same_cells(&first, &second);

    // The import wrote through the rollback journal, alone on the file: the
    // database is back in write-ahead logging for the app.
    let (mode, wal, file) = journal_of(&copy, &b.path);
    assert_eq!(mode, "wal");
    assert!(
        wal < file / 4,
        "the rows went into the file, not through the log ({wal} bytes of log, {file} of file)"
    );

    // The change log the import wrote (in its own order) carries the whole
    // workspace: another laptop that receives it has the same workbook.
    let shared = b.dir.path().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    let bundle = tavolo::sync::export_to(&mut copy, &shared)
        .unwrap()
        .unwrap()
        .file;
    let c = TestDb::new();
    let mut laptop = c.open();
    tavolo::sync::import(&mut laptop, std::slice::from_ref(&bundle)).unwrap();
    let third = c.dir.path().join("third.xlsx");
    export(&laptop, &third, None);
    same_cells(&first, &third);
}

/// The journal mode of `store` at `db`, and the sizes of its write-ahead log
/// and of the file, in bytes.
fn journal_of(store: &Store, db: &Path) -> (String, u64, u64) {
    let mode: String = store
        .read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?))
        .unwrap();
    let wal = std::fs::metadata(format!("{}-wal", db.display())).map_or(0, |m| m.len());
    (mode, wal, std::fs::metadata(db).unwrap().len())
}

fn same_cells(first: &Path, second: &Path) {
    let (one, two) = (cells(first), cells(second));
    assert_eq!(one.len(), two.len());
    for ((name, rows), (name2, rows2)) in one.iter().zip(&two) {
        assert_eq!(name, name2);
        assert_eq!(rows.len(), rows2.len(), "rows of {name}");
        for (i, (r1, r2)) in rows.iter().zip(rows2).enumerate() {
            assert_eq!(r1, r2, "sheet {name}, row {}", i + 1);
        }
    }
}

#[test]
fn a_workbook_imports_beside_another_connection_through_the_log() {
    let a = TestDb::new();
    let mut store = a.open();
    demo::load(&mut store, 1).unwrap();
    let first = a.dir.path().join("first.xlsx");
    export(&store, &first, None);

    // The app has the new workspace open while the CLI imports into it: the
    // journal cannot change, and the import goes through the write-ahead log.
    let b = TestDb::new();
    let mut copy = b.open();
    let app = Store::open(&b.path, tavolo::OpenMode::MustExist).unwrap();
    formats::workbook::read::import(&mut copy, &first).unwrap();
    let (mode, wal, file) = journal_of(&copy, &b.path);
    assert_eq!(mode, "wal");
    assert!(
        wal >= file / 4,
        "through the log: {wal} bytes of log, {file} of file"
    );
    let second = b.dir.path().join("second.xlsx");
    export(&app, &second, None);
    same_cells(&first, &second);
}

#[test]
fn export_import_export_gives_the_same_cells_on_the_demo() {
    round_trip(1);
}

#[test]
fn export_import_export_gives_the_same_cells_on_the_demo_at_scale() {
    // The full scale (100,000 notes) runs in `make bench`; here a few copies.
    round_trip(4);
}

#[test]
fn pseudonyms_are_stable_hide_names_and_drop_contacts() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    // A work group with two members: their names must be hidden there too.
    store
        .write(|tx| {
            let territory: String =
                tx.conn()
                    .query_row("SELECT id FROM territories LIMIT 1", [], |r| r.get(0))?;
            let group = groups::create(
                tx,
                &groups::NewGroup {
                    territory_id: territory,
                    name: "Gruppo".into(),
                    themes: vec![],
                },
            )?;
            for p in tavolo::register::people::search(tx.conn(), "", 2)? {
                groups::add_member(tx, &group.id, &p.id, None)?;
            }
            Ok(())
        })
        .unwrap();
    let key = store.write(|tx| xlsx::pseudonym_key(tx.conn())).unwrap();
    assert_eq!(
        store.write(|tx| xlsx::pseudonym_key(tx.conn())).unwrap(),
        key,
        "one key per workspace"
    );
    let one = db.dir.path().join("one.xlsx");
    let two = db.dir.path().join("two.xlsx");
    export(&store, &one, Some(key.clone()));
    export(&store, &two, Some(key));
    assert_eq!(
        cells(&one),
        cells(&two),
        "the same person gets the same pseudonym"
    );

    let names: Vec<(String, String, String)> = store
        .read(|c| {
            let mut s = c.prepare("SELECT id, given_name, family_name FROM people")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    let book = cells(&one);
    let sheet = |n: &str| book.iter().find(|(name, _)| name == n).unwrap().1.clone();
    // No family name appears anywhere in the workbook (given names like "Anna"
    // could be part of other words, so family names are the check).
    for (_, rows) in &book {
        for row in rows {
            for cell in row {
                let text = cell.to_string();
                for (_, _, family) in &names {
                    assert!(
                        !text.contains(family.as_str()),
                        "{family} appears in {text:?}"
                    );
                }
            }
        }
    }
    let persone = sheet("Persone");
    let headers: Vec<String> = persone[0].iter().map(|c| c.to_string()).collect();
    assert!(
        !headers.contains(&"E-mail".to_owned()) && !headers.contains(&"Telefono".to_owned()),
        "{headers:?}"
    );
    // One pseudonym per person, the same on every sheet.
    let mut by_person: HashMap<String, String> = HashMap::new();
    for row in persone.iter().skip(1) {
        by_person.insert(row[0].to_string(), row[1].to_string());
    }
    let distinct: HashSet<&String> = by_person.values().collect();
    assert_eq!(
        distinct.len(),
        names.len(),
        "different people, different pseudonyms"
    );
    for row in sheet("Presenze").iter().skip(1) {
        assert_eq!(by_person[&row[4].to_string()], row[5].to_string());
        assert_eq!(row[6], Data::Empty, "given name emptied");
    }
    let members = sheet("Membri dei gruppi");
    assert_eq!(members.len(), 3);
    for row in members.iter().skip(1) {
        assert_eq!(by_person[&row[3].to_string()], row[4].to_string());
        assert_eq!(row[5], Data::Empty, "given name emptied");
    }
    // And the workbook cannot be imported back as if it were complete.
    let b = TestDb::new();
    let mut copy = b.open();
    let err = formats::workbook::read::import(&mut copy, &one).unwrap_err();
    assert!(err.to_string().contains("pseudonyms"), "{err}");
}

#[test]
fn a_broken_workbook_changes_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let good = db.dir.path().join("good.xlsx");
    export(&store, &good, None);

    // Not a spreadsheet at all.
    let junk = db.dir.path().join("junk.xlsx");
    std::fs::write(&junk, b"not a zip").unwrap();
    // A spreadsheet, but not Tavolo's: one sheet with other headers.
    let foreign = db.dir.path().join("foreign.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .set_name("Indicatori")
        .unwrap()
        .write_string(0, 0, "Nome")
        .unwrap();
    wb.save(&foreign).unwrap();
    // Tavolo's workbook with one bad cell in the Persone sheet.
    let bad_cell = db.dir.path().join("bad.xlsx");
    rewrite(
        &good,
        &bad_cell,
        "Persone",
        3,
        "Operatore pubblico",
        "forse",
    );
    // A note whose meeting is not in the workbook: only the database can tell.
    let orphan = db.dir.path().join("orphan.xlsx");
    rewrite(
        &good,
        &orphan,
        "Note",
        5,
        "ID incontro",
        "0190f1d3-0000-7000-8000-000000000000",
    );

    // Two organisations with one ID: the second is refused, by its row.
    let twice = db.dir.path().join("twice.xlsx");
    let enti = cells(&good)
        .into_iter()
        .find(|(name, _)| name == "Enti")
        .unwrap()
        .1;
    let first_id = enti[1][0].to_string();
    rewrite(&good, &twice, "Enti", 3, "ID", &first_id);
    let twice_expected = format!("sheet Enti, row 3: organisations {first_id} already exists");

    for (file, expected) in [
        (&twice, twice_expected.as_str()),
        (&junk, "cannot be read as a spreadsheet"),
        (&foreign, "has no sheet 'Incontri'"),
        (
            &bad_cell,
            "sheet Persone, row 3, column Operatore pubblico: 'forse' should be sì or no",
        ),
        (&orphan, "nothing was imported"),
    ] {
        let b = TestDb::new();
        let mut copy = b.open();
        let err = formats::workbook::read::import(&mut copy, file)
            .expect_err(&file.display().to_string());
        assert!(
            err.to_string().contains(expected),
            "{}: {err}",
            file.display()
        );
        assert!(
            copy.read(integrity::is_empty).unwrap(),
            "{} left rows behind",
            file.display()
        );
        assert_eq!(dump_rows(&copy).len(), 0, "{}", file.display());
        let fresh = TestDb::new();
        drop(fresh.open());
        assert_eq!(
            copy.read(|c| Ok(dump_schema(c))).unwrap(),
            dump_schema(&rusqlite::Connection::open(&fresh.path).unwrap()),
            "{}: the indexes dropped for the import are back",
            file.display()
        );
    }
}

/// Copies a workbook cell by cell (as text, numbers and dates), changing one cell.
fn rewrite(from: &Path, to: &Path, sheet: &str, row: u32, header: &str, value: &str) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in cells(from) {
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let col = rows[0]
            .iter()
            .position(|c| *c == Data::String(header.to_owned()));
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                let (r, c16) = (r as u32, c as u16);
                if name == sheet && r + 1 == row && Some(c) == col {
                    ws.write_string(r, c16, value).unwrap();
                    continue;
                }
                match cell {
                    Data::String(s) => {
                        ws.write_string(r, c16, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c16, *f).unwrap();
                    }
                    Data::DateTime(d) => {
                        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
                        ws.write_number_with_format(r, c16, d.as_f64(), &format)
                            .unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save(to).unwrap();
}

#[test]
fn openpyxl_reads_dates_as_dates_and_finds_no_formula() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    store
        .write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation::named("=1+1", OrgKind::Other, Level::Local),
            )
        })
        .unwrap();
    let out = db.dir.path().join("uffici.xlsx");
    export(&store, &out, None);
    // Debian's python3 with python3-openpyxl, installed by `make test-deps`.
    let script = r#"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == 'f':
                sys.exit(f"formula in {ws.title}!{c.coordinate}: {c.value}")
d = wb["Incontri"]["G2"].value
if not isinstance(d, datetime.datetime):
    sys.exit(f"Incontri!G2 is {d!r}, not a date")
if wb["Enti"]["B1"].value != "Nome":
    sys.exit("Enti header")
names = [r[1].value for r in wb["Enti"].iter_rows(min_row=2)]
if "=1+1" not in names:
    sys.exit("formula-like name changed")
print(wb.sheetnames)
"#;
    let output = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .expect("/usr/bin/python3 (run `make test-deps`)");
    assert!(
        output.status.success(),
        "openpyxl: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Relazioni"));
}

#[test]
fn a_refused_import_leaves_no_new_database_behind() {
    let db = TestDb::new();
    let junk = db.dir.path().join("junk.xlsx");
    std::fs::write(&junk, b"not a zip").unwrap();
    let err = db
        .cli(&["import", "workbook", junk.to_str().unwrap()])
        .fails_with_one_line();
    assert!(err.contains("cannot be read as a spreadsheet"), "{err}");
    assert!(
        !db.path.exists(),
        "no empty database was left at {}",
        db.path.display()
    );
}

/// Runs the `tavolo` binary on `db` in Rome's time zone, as on the network's laptops.
fn in_rome(db: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tavolo"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TZ", "Europe/Rome")
        .env_remove("TAVOLO_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tavolo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_demo_workbook_speaks_italian_in_local_time_and_reads_back_the_same() {
    use tavolo::formats::workbook::sheets::{Kind, SHEETS};
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let (first, second) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    in_rome(&a, &["demo"]);
    let date = ["--date", "2026-11-23"];
    in_rome(
        &a,
        &[&["export", "xlsx", first.to_str().unwrap()][..], &date].concat(),
    );

    // Every coded column holds Italian labels, never the codes the database keeps.
    let book = cells(&first);
    let mut checked = 0;
    for sheet in SHEETS {
        let rows = &book.iter().find(|(n, _)| n == sheet.name).unwrap().1;
        for (c, column) in sheet.columns.iter().enumerate() {
            let (list, many) = match column.kind {
                Kind::Coded(list) => (list, false),
                Kind::CodedMany(list) => (list, true),
                _ => continue,
            };
            let labels: Vec<&str> = list.labels().iter().map(|&(_, l)| l).collect();
            for row in rows.iter().skip(1) {
                let Data::String(text) = &row[c] else {
                    continue;
                };
                let items: Vec<&str> = if many {
                    text.split("; ").filter(|i| !i.is_empty()).collect()
                } else {
                    vec![text.as_str()]
                };
                for item in items {
                    assert!(
                        labels.contains(&item),
                        "{} / {}: '{item}' is not an Italian label",
                        sheet.name,
                        column.header
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 400, "{checked} coded cells");
    let sheet = |name: &str| book.iter().find(|(n, _)| n == name).unwrap().1.clone();

    // The indicators' groups too: themes, types of organisation, kinds of note.
    use tavolo::vocabulary::List;
    let indicatori = sheet("Indicatori");
    let mut group: Option<List> = None;
    let mut grouped = 0;
    for row in &indicatori {
        let Data::String(first) = &row[0] else {
            group = None;
            continue;
        };
        match first.as_str() {
            "Incontri per tema" => group = Some(List::Theme),
            "Enti per tipo" => group = Some(List::OrgKind),
            "Note per tipo" => group = Some(List::NoteKind),
            "Incontri per mese" => group = None,
            key => {
                if let Some(list) = group {
                    assert!(
                        list.labels().iter().any(|&(_, l)| l == key),
                        "Indicatori: '{key}' is not an Italian label of {list:?}"
                    );
                    grouped += 1;
                }
            }
        }
    }
    assert!(grouped >= 15, "{grouped} grouped rows");
    let incontri = sheet("Incontri");
    let col = |rows: &[Vec<Data>], h: &str| {
        rows[0]
            .iter()
            .position(|c| c == &Data::String(h.into()))
            .unwrap()
    };
    assert!(incontri
        .iter()
        .any(|r| r[col(&incontri, "Stato")] == Data::String("Svolto".into())));
    let enti = sheet("Enti");
    assert!(enti
        .iter()
        .any(|r| matches!(&r[col(&enti, "Settori")], Data::String(s) if s.contains("; "))));

    // The first note of a 09:30 meeting reads 09:30, in Rome's time (08:30 UTC).
    let notes = sheet("Note");
    let ora = col(&notes, "Ora");
    let first_meeting = &incontri[1];
    assert_eq!(
        first_meeting[col(&incontri, "Inizio")],
        Data::String("09:30".into())
    );
    let of_first: Vec<&Vec<Data>> = notes
        .iter()
        .filter(|r| r[col(&notes, "ID incontro")] == first_meeting[0])
        .collect();
    let earliest = of_first
        .iter()
        .filter_map(|r| match &r[ora] {
            Data::DateTime(d) => Some(d.as_f64()),
            _ => None,
        })
        .fold(f64::MAX, f64::min);
    let minutes = ((earliest.fract() * 24.0 * 60.0).round()) as i64;
    assert_eq!((minutes / 60, minutes % 60), (9, 30));

    // Imported into an empty database and exported again: the same cells.
    in_rome(&b, &["import", "workbook", first.to_str().unwrap()]);
    in_rome(
        &b,
        &[&["export", "xlsx", second.to_str().unwrap()][..], &date].concat(),
    );
    let (one, two) = (cells(&first), cells(&second));
    assert_eq!(one.len(), two.len());
    for ((name, rows), (_, rows2)) in one.iter().zip(&two) {
        assert_eq!(rows.len(), rows2.len(), "rows of {name}");
        for (i, (r1, r2)) in rows.iter().zip(rows2).enumerate() {
            assert_eq!(r1, r2, "sheet {name}, row {}", i + 1);
        }
    }
    // And the database holds the codes.
    let copy = Store::open(&b, tavolo::OpenMode::MustExist).unwrap();
    let status: String = copy
        .read(|c| Ok(c.query_row("SELECT status FROM meetings LIMIT 1", [], |r| r.get(0))?))
        .unwrap();
    assert!(["planned", "held", "cancelled"].contains(&status.as_str()));
}

#[test]
fn an_older_workbook_with_codes_still_reads() {
    // Workbooks written before the labels carry codes: a sector list of codes
    // separated by spaces, a kind as a code. Both read back to the same codes.
    use tavolo::formats::workbook::sheets::Kind;
    use tavolo::vocabulary::List;
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let first = db.dir.path().join("labels.xlsx");
    export(&store, &first, None);
    let old = db.dir.path().join("codes.xlsx");
    let enti = tavolo::formats::workbook::sheets::SHEETS
        .iter()
        .find(|s| s.name == "Enti")
        .unwrap();
    assert!(matches!(
        enti.columns
            .iter()
            .find(|c| c.header == "Settori")
            .unwrap()
            .kind,
        Kind::CodedMany(List::Sector)
    ));
    rewrite(&first, &old, "Enti", 2, "Settori", "health social_services");
    let older = db.dir.path().join("codes2.xlsx");
    rewrite(&old, &older, "Enti", 2, "Tipo", "third_sector");
    let fresh = TestDb::new();
    let mut copy = fresh.open();
    formats::workbook::read::import(&mut copy, &older).unwrap();
    let id = match &cells(&older).iter().find(|(n, _)| n == "Enti").unwrap().1[1][0] {
        Data::String(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    let (kind, sectors): (String, String) = copy
        .read(|c| {
            Ok(c.query_row(
                "SELECT kind, sectors FROM organisations WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (kind.as_str(), sectors.as_str()),
        ("third_sector", "health social_services")
    );

    // A label that is not one names the cell and the labels accepted.
    let wrong = db.dir.path().join("wrong.xlsx");
    rewrite(&first, &wrong, "Incontri", 2, "Stato", "Fatto");
    let other = TestDb::new();
    let mut empty = other.open();
    let err = formats::workbook::read::import(&mut empty, &wrong)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Stato")
            && err.contains("'Fatto' is not one of: In programma, Svolto, Annullato"),
        "{err}"
    );
}

#[test]
fn a_full_and_a_pseudonymised_export_joined_re_identify_nobody() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    // A note that names a registered person in its text.
    let (given, family): (String, String) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT given_name, family_name FROM people ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let meeting = store.read(meetings::list).unwrap().remove(0).id;
    let new = NewNote {
        meeting_id: meeting,
        text: format!("Come propone {given} {family}, un mediatore al Comune"),
        ..NewNote::default()
    };
    store.write(|tx| notes::add(tx, &new)).unwrap();
    let key = store.write(|tx| xlsx::pseudonym_key(tx.conn())).unwrap();
    let full = db.dir.path().join("completo.xlsx");
    let pseudo = db.dir.path().join("pseudonimi.xlsx");
    export(&store, &full, None);
    export(&store, &pseudo, Some(key));

    // What the full export gives away: every id, every person's names.
    let mut ids: HashSet<String> = HashSet::new();
    for (_, rows) in cells(&full) {
        let Some(header) = rows.first() else { continue };
        for row in rows.iter().skip(1) {
            for (h, cell) in header.iter().zip(row) {
                if h.to_string().starts_with("ID") && !cell.to_string().is_empty() {
                    ids.insert(cell.to_string());
                }
            }
        }
    }
    assert!(ids.len() > 500, "{}", ids.len());
    let people: Vec<(String, String)> = store
        .read(|c| {
            let mut s = c.prepare("SELECT given_name, family_name FROM people")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();

    // Not one of them in any cell of the pseudonymised one: no id to join on, no
    // name, and no id that says when its record was made.
    let mut texts = 0;
    for (sheet, rows) in cells(&pseudo) {
        for row in rows.iter().skip(1) {
            for cell in row {
                let text = cell.to_string();
                assert!(
                    !ids.contains(&text),
                    "{sheet}: an id of the database: {text}"
                );
                for id in ids.iter().filter(|id| text.len() > id.len()) {
                    assert!(!text.contains(id.as_str()), "{sheet}: {text}");
                }
                if let Ok(uuid) = uuid::Uuid::parse_str(&text) {
                    assert_ne!(
                        uuid.get_version_num(),
                        7,
                        "{sheet}: a UUIDv7 tells the time: {text}"
                    );
                }
                for (g, f) in &people {
                    assert!(
                        !text.contains(&format!("{g} {f}")) && !text.contains(f.as_str()),
                        "{sheet}: {text}"
                    );
                }
                if text.contains("un mediatore al Comune") {
                    texts += 1;
                    let pseudonym = xlsx::pseudonym(
                        &store.write(|tx| xlsx::pseudonym_key(tx.conn())).unwrap(),
                        &store
                            .read(|c| {
                                Ok(c.query_row(
                                    "SELECT id FROM people ORDER BY id LIMIT 1",
                                    [],
                                    |r| r.get::<_, String>(0),
                                )?)
                            })
                            .unwrap(),
                    );
                    assert!(
                        text.contains(&pseudonym),
                        "the name in the text became the pseudonym: {text}"
                    );
                    assert_eq!(
                        pseudonym.len(),
                        "Persona ".len() + 16,
                        "64 bits: {pseudonym}"
                    );
                }
            }
        }
    }
    assert_eq!(texts, 1, "the note is in the pseudonymised workbook");
}
