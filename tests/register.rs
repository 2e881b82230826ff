//! Issue 3: importing the registers offices keep in their own spreadsheets, finding
//! duplicates, and merging two records so that every reference moves.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tavolo::formats::register_import::{self, Field, Outcome, Report, Subject};
use tavolo::meetings::{self, NewMeeting};
use tavolo::notes::{self, NewNote};
use tavolo::register::duplicates::{self, Likeness};
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::register::people::{self, NewPerson};
use tavolo::register::relationships::{self, NewRelationship, Source};
use tavolo::vocabulary::{
    AttendanceRole, Level, MeetingKind, MeetingStatus, OrgKind, RelationKind, Theme,
};
use tavolo::{demo, store::integrity, Store};

use crate::util::{dump_rows, TestDb};

/// A registry as an office keeps it: a title merged across the top, a blank row,
/// the header on row 3, the province merged down its rows, a blank row in the
/// middle, accents, a date, the same body written three ways, a row with no name,
/// a bad e-mail, and a second sheet of notes.
fn messy_registry(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Enti 2024").unwrap();
    let title = Format::new().set_bold();
    ws.merge_range(
        0,
        0,
        0,
        6,
        "Registro della rete territoriale – Provincia di Potenza",
        &title,
    )
    .unwrap();
    let headers = [
        "N.",
        "Denominazione",
        "Tipologia",
        "Provincia",
        "Comune",
        "Settori di intervento",
        "E-mail / PEC",
        "Data adesione",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows: &[[&str; 7]] = &[
        // Row 4 onwards.
        [
            "1",
            "Comune di Potenza",
            "Comune",
            "",
            "Potenza",
            "servizi sociali; casa",
            "protocollo@comune.potenza.it",
        ],
        [
            "2",
            "COMUNE DI POTENZA ",
            "",
            "",
            "Potenza (PZ)",
            "lavoro",
            "",
        ],
        ["3", "Comune Potenza", "", "", "", "", ""],
        ["", "", "", "", "", "", ""],
        [
            "4",
            "Associazione Donne Migranti Città Aperta",
            "associazione di migranti",
            "",
            "Melfi",
            "sanità, istruzione",
            "info@cittaperta.org",
        ],
        ["5", "", "Cooperativa", "", "Melfi", "", ""],
        [
            "6",
            "Cooperativa sociale Il Ponte",
            "cooperativa sociale",
            "",
            "",
            "",
            "",
        ],
        [
            "7",
            "ASSOCIAZIONE DONNE MIGRANTI CITTA' APERTA",
            "",
            "",
            "",
            "lavoro",
            "",
        ],
        [
            "8",
            "Parrocchia San Gerardo",
            "Parrocchia",
            "",
            "Atlantide",
            "accoglienza",
            "parrocchia.sangerardo",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, v) in row.iter().enumerate() {
            if c == 0 && !v.is_empty() {
                ws.write_number(r, 0, v.parse::<f64>().unwrap()).unwrap();
            } else if !v.is_empty() {
                ws.write_string(r, c as u16, *v).unwrap();
            }
        }
    }
    // The province, merged down the rows it covers.
    ws.merge_range(3, 3, 11, 3, "Potenza", &Format::new())
        .unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(7, 7, ExcelDateTime::from_ymd(2024, 3, 12).unwrap(), &date)
        .unwrap();
    let legend = wb.add_worksheet();
    legend.set_name("Legenda").unwrap();
    legend.write_string(0, 0, "Tipologie ammesse").unwrap();
    wb.save(path).unwrap();
}

fn outcomes(report: &Report) -> Vec<(usize, Outcome)> {
    report.rows.iter().map(|r| (r.row, r.outcome)).collect()
}

fn remark_codes(report: &Report, row: usize) -> Vec<&'static str> {
    report
        .rows
        .iter()
        .find(|r| r.row == row)
        .map(|r| r.remarks.iter().map(|m| m.code).collect())
        .unwrap_or_default()
}

fn live_organisations(store: &Store) -> i64 {
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM organisations WHERE deleted = 0",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

#[test]
fn a_messy_registry_gives_a_row_by_row_report_and_merges_obvious_duplicates() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let file = db.dir.path().join("registro.xlsx");
    messy_registry(&file);
    let before = live_organisations(&store);
    let potenza = store
        .read(|c| duplicates::same_organisation(c, "Comune di Potenza"))
        .unwrap()
        .expect("the demo has the Comune di Potenza");

    let table = register_import::read_table(&file, None).unwrap();
    assert_eq!(table.sheet, "Enti 2024");
    assert_eq!(table.sheets, vec!["Enti 2024", "Legenda"]);
    assert_eq!(
        table.header_row, 3,
        "the title and the blank row are skipped"
    );
    assert_eq!(table.empty_rows, 1);
    assert!(
        table.merged_cells >= 8,
        "the province fills its merged rows"
    );
    assert!(table.rows.iter().all(|(_, cells)| cells[3] == "Potenza"));
    let date_row = table.rows.iter().find(|(n, _)| *n == 8).unwrap();
    assert_eq!(date_row.1[7], "12/03/2024", "a date cell reads as a date");

    let mapping = register_import::guess_mapping(Subject::Organisations, &table.headers);
    assert_eq!(mapping[1], Some(Field::Name));
    assert_eq!(mapping[2], Some(Field::Kind));
    assert_eq!(mapping[3], Some(Field::Territory), "Provincia");
    assert_eq!(
        mapping[4], None,
        "one column per field: Comune comes second"
    );
    assert_eq!(mapping[5], Some(Field::Sectors));
    assert_eq!(mapping[6], Some(Field::Email));
    // The office wants the town, not the province, and the date in the notes.
    let json = r#"{"Provincia": null, "Comune": "territory", "Data adesione": "notes"}"#;
    let mapping =
        register_import::mapping_from_json(Subject::Organisations, &table.headers, json, "m.json")
            .unwrap();

    let report = store
        .write(|tx| {
            register_import::import(
                tx,
                Subject::Organisations,
                &table,
                &mapping,
                &Default::default(),
            )
        })
        .unwrap();
    assert_eq!(
        outcomes(&report),
        vec![
            (4, Outcome::Merged),
            (5, Outcome::Merged),
            (6, Outcome::Merged),
            (8, Outcome::Imported),
            (9, Outcome::Rejected),
            (10, Outcome::Merged),
            (11, Outcome::Merged),
            (12, Outcome::Imported),
        ]
    );
    assert_eq!((report.imported, report.merged, report.rejected), (2, 5, 1));
    for row in [4, 5, 6] {
        assert_eq!(
            report.rows.iter().find(|r| r.row == row).unwrap().id,
            Some(potenza.id.clone())
        );
        assert_eq!(remark_codes(&report, row), vec!["same_organisation"]);
    }
    let rejected = &report.rows[4];
    assert_eq!(rejected.remarks[0].code, "invalid");
    assert_eq!(rejected.remarks[0].field.as_deref(), Some("name"));
    // The second spelling of the association merges with the row above it.
    assert_eq!(report.rows[6].id, report.rows[3].id);
    assert_eq!(
        remark_codes(&report, 12),
        vec!["sector_unknown", "territory_unknown", "email_bad"]
    );
    assert_eq!(live_organisations(&store), before + 2);

    store
        .read(|c| {
            let p = organisations::get(c, &potenza.id)?;
            // A field the register already had keeps its value; the sectors join.
            assert_eq!(p.email, potenza.email);
            assert!(potenza.email.is_some());
            let codes: Vec<&str> = p.sectors.iter().map(|s| s.code()).collect();
            for s in ["social_services", "housing", "work"] {
                assert!(codes.contains(&s), "{s} in {codes:?}");
            }
            let a = organisations::get(c, report.rows[3].id.as_deref().unwrap())?;
            assert_eq!(a.name, "Associazione Donne Migranti Città Aperta");
            assert_eq!(a.kind, OrgKind::MigrantAssociation);
            assert_eq!(a.territory_name.as_deref(), Some("Melfi"));
            assert_eq!(a.notes, "12/03/2024");
            let codes: Vec<&str> = a.sectors.iter().map(|s| s.code()).collect();
            assert_eq!(codes, vec!["education", "health", "work"]);
            let parish = organisations::get(c, report.rows[7].id.as_deref().unwrap())?;
            assert_eq!(parish.kind, OrgKind::Religious);
            assert_eq!(parish.email, None);
            assert!(integrity::check(c)?.is_ok());
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_broken_file_changes_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let before = dump_rows(&store);
    drop(store);
    let dir = db.dir.path();

    let junk = dir.join("enti.xlsx");
    std::fs::write(&junk, b"this is not a spreadsheet").unwrap();
    let binary = dir.join("enti.csv");
    std::fs::write(&binary, b"Denominazione;Tipo\n\0\0\x01\x02;x\n").unwrap();
    let good = dir.join("registro.xlsx");
    messy_registry(&good);
    let headless = dir.join("vuoto.csv");
    std::fs::write(&headless, "solo una colonna\n\nniente\n").unwrap();
    let bad_mapping = dir.join("m.json");
    std::fs::write(&bad_mapping, r#"{"Denominazione": "nome"}"#).unwrap();
    let no_name = dir.join("no-name.json");
    std::fs::write(&no_name, r#"{"Denominazione": null}"#).unwrap();

    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["organisations", junk.to_str().unwrap()],
            "cannot be read as a spreadsheet",
        ),
        (
            vec!["organisations", binary.to_str().unwrap()],
            "binary data",
        ),
        (
            vec![
                "organisations",
                good.to_str().unwrap(),
                "--sheet",
                "Foglio1",
            ],
            "has no sheet 'Foglio1'; its sheets are: Enti 2024, Legenda",
        ),
        (
            vec!["people", headless.to_str().unwrap()],
            "has no header row",
        ),
        (
            vec![
                "organisations",
                good.to_str().unwrap(),
                "--mapping",
                bad_mapping.to_str().unwrap(),
            ],
            "maps 'Denominazione' to 'nome', which is not a field of organisations",
        ),
        (
            vec![
                "organisations",
                good.to_str().unwrap(),
                "--mapping",
                no_name.to_str().unwrap(),
            ],
            "no column holds the organisation's name",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["import"];
        all.extend(args.iter().copied());
        let line = db.cli(&all).fails_with_one_line();
        assert!(line.contains(expected), "{args:?}: {line}");
        assert!(!line.contains("panicked"));
    }
    // A dry run writes nothing either.
    let out = db
        .cli(&[
            "import",
            "organisations",
            good.to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert!(out.contains("(dry run: nothing was written)"), "{out}");
    assert_eq!(dump_rows(&db.open()), before);
}

fn plan(tx: &mut tavolo::store::WriteTx<'_>, title: &str, date: &str) -> meetings::Meeting {
    meetings::create(
        tx,
        &NewMeeting {
            title: title.into(),
            kind: MeetingKind::FocusGroup,
            theme: Theme::Other,
            territory_id: None,
            date: date.into(),
            start_time: None,
            end_time: None,
            place: None,
            status: MeetingStatus::Held,
        },
    )
    .unwrap()
}

/// Windows-1252 bytes of a text (the characters used here are all in Latin-1).
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[test]
fn people_from_a_windows_csv_with_semicolons_through_the_command_line() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    // Someone already in the demo, written family name first and in capitals.
    let known = store.read(|c| people::search(c, "", 1)).unwrap().remove(0);
    drop(store);
    let csv = format!(
        "Cognome e nome;Ente di appartenenza;Ruolo;E-mail;Lingue parlate;Interprete\r\n\
         {} {};;Referente;;francese;no\r\n\
         Diallo Aminata;Associazione Donne Migranti Città Aperta;Mediatrice culturale;aminata@example.org;francese, wolof;no\r\n\
         ;Comune di Potenza;;;;\r\n\
         Nicolò Giusè;Comune di Potenza;Assistente sociale;non-una-mail;;sì\r\n",
        known.family_name.to_uppercase(),
        known.given_name.to_uppercase()
    );
    let file = db.dir.path().join("persone.csv");
    std::fs::File::create(&file)
        .unwrap()
        .write_all(&latin1(&csv))
        .unwrap();

    // An office that wants no new organisations from this file: rehearsed.
    let out = db
        .cli(&[
            "import",
            "people",
            file.to_str().unwrap(),
            "--no-new-organisations",
            "--dry-run",
        ])
        .ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[3].starts_with("row 3: imported: Diallo Aminata")
            && lines[3].contains("organisation 'Associazione Donne Migranti Città Aperta' is not in the register: left empty"),
        "{out}"
    );
    assert!(!out.contains("was not in the register: added"), "{out}");

    let out = db.cli(&["import", "people", file.to_str().unwrap()]).ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("header on row 1, 4 rows"), "{out}");
    assert!(
        lines[1].contains("Cognome e nome -> family_then_given"),
        "{out}"
    );
    assert!(
        lines[1].contains("Ente di appartenenza -> organisation"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("row 2: merged: ") && lines[2].contains("same person as"),
        "{out}"
    );
    assert!(
        lines[3].starts_with("row 3: imported: Diallo Aminata")
            && lines[3].contains("organisation 'Associazione Donne Migranti Città Aperta' was not in the register: added"),
        "{out}"
    );
    assert!(
        lines[4].starts_with("row 4: rejected: (no name): family_name"),
        "{out}"
    );
    assert!(
        lines[5].starts_with("row 5: imported: Nicolò Giusè")
            && lines[5].contains("e-mail 'non-una-mail' is not an address: left out"),
        "{out}"
    );
    assert_eq!(lines[6], "4 rows: 2 imported, 1 merged, 1 rejected");

    let store = db.open();
    store
        .read(|c| {
            let found = people::search(c, "diallo", 5)?;
            assert_eq!(found.len(), 1);
            let aminata = &found[0];
            assert_eq!(aminata.given_name, "Aminata");
            assert_eq!(
                aminata.organisation_name.as_deref(),
                Some("Associazione Donne Migranti Città Aperta")
            );
            let langs: String = c.query_row(
                "SELECT languages FROM people WHERE id = ?1",
                [&aminata.id],
                |r| r.get(0),
            )?;
            assert_eq!(langs, "francese wolof");
            let giuse = &people::search(c, "nicolo giuse", 5)?[0];
            // "Cognome e nome": the family name first; Windows-1252 accents kept.
            assert_eq!(
                (giuse.family_name.as_str(), giuse.given_name.as_str()),
                ("Nicolò", "Giusè")
            );
            assert_eq!(
                giuse.organisation_name.as_deref(),
                Some("Comune di Potenza")
            );
            let interpreter: bool = c.query_row(
                "SELECT needs_interpreter FROM people WHERE id = ?1",
                [&giuse.id],
                |r| r.get(0),
            )?;
            assert!(interpreter);
            // The people list's filters find them by what the import set.
            use tavolo::register::people::{list_filtered, ListFilter, SortBy};
            let needing = list_filtered(
                c,
                &ListFilter {
                    needs_interpreter: true,
                    ..ListFilter::default()
                },
                100,
            )?;
            assert!(needing.iter().any(|p| p.id == giuse.id));
            assert!(needing.iter().all(|p| p.needs_interpreter));
            let wolof = list_filtered(
                c,
                &ListFilter {
                    language: Some("Wolof".into()),
                    ..ListFilter::default()
                },
                100,
            )?;
            assert_eq!(wolof.len(), 1);
            assert_eq!(wolof[0].id, aminata.id);
            for wild in ["%", "_olof", "W%"] {
                let found = list_filtered(
                    c,
                    &ListFilter {
                        language: Some(wild.into()),
                        ..ListFilter::default()
                    },
                    100,
                )?;
                assert!(found.is_empty(), "language {wild:?}: {} found", found.len());
            }
            let by_org = list_filtered(
                c,
                &ListFilter {
                    sort: SortBy::Organisation,
                    ..ListFilter::default()
                },
                10_000,
            )?;
            let orgs: Vec<String> = by_org
                .iter()
                .filter_map(|p| p.organisation_name.as_deref().map(tavolo::text::fold))
                .collect();
            let mut sorted = orgs.clone();
            sorted.sort();
            assert_eq!(orgs, sorted);
            // The merged person gained the role, and is still one record.
            let again = people::get(c, &known.id)?;
            assert_eq!(
                again.role.as_deref().or(known.role.as_deref()),
                again.role.as_deref()
            );
            assert_eq!(
                people::search(c, &known.family_name, 50)?
                    .iter()
                    .filter(|p| p.given_name == known.given_name)
                    .count(),
                1
            );
            assert!(integrity::check(c)?.is_ok());
            Ok(())
        })
        .unwrap();
}

/// A minimal OpenDocument spreadsheet: the format LibreOffice saves by default.
fn ods(path: &Path, rows: &[&[&str]]) {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Enti">"#,
    );
    for row in rows {
        content.push_str("<table:table-row>");
        for cell in *row {
            content.push_str(&format!(
                r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                tavolo::text::xml_escape(cell)
            ));
        }
        content.push_str("</table:table-row>");
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn an_ods_registry_imports_like_the_others() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let file = db.dir.path().join("enti.ods");
    ods(
        &file,
        &[
            &[
                "Ragione sociale",
                "Sigla",
                "Livello",
                "Pubblico/privato",
                "Influenza",
                "Interesse",
            ],
            &[
                "Università degli Studi di Bari Aldo Moro",
                "UNIBA",
                "regionale",
                "pubblico",
                "4",
                "3",
            ],
            &[
                "Caritas diocesana",
                "",
                "locale",
                "privato",
                "2,0",
                "cinque",
            ],
        ],
    );
    let table = register_import::read_table(&file, None).unwrap();
    let mapping = register_import::guess_mapping(Subject::Organisations, &table.headers);
    let report = store
        .write(|tx| {
            register_import::import(
                tx,
                Subject::Organisations,
                &table,
                &mapping,
                &Default::default(),
            )
        })
        .unwrap();
    assert_eq!(
        outcomes(&report),
        vec![(2, Outcome::Imported), (3, Outcome::Imported)]
    );
    // "cinque" is not a number; the Caritas of Potenza is in the demo.
    assert_eq!(remark_codes(&report, 3), vec!["interest_bad", "looks_like"]);
    store
        .read(|c| {
            let u = organisations::get(c, report.rows[0].id.as_deref().unwrap())?;
            assert_eq!(
                (u.kind, u.level, u.is_public, u.influence, u.interest),
                (OrgKind::University, Level::Regional, true, Some(4), Some(3))
            );
            assert_eq!(u.short_name.as_deref(), Some("UNIBA"));
            let c2 = organisations::get(c, report.rows[1].id.as_deref().unwrap())?;
            assert_eq!(
                (c2.kind, c2.is_public, c2.influence, c2.interest),
                (OrgKind::Religious, false, Some(2), None)
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn similar_names_are_suggested_when_creating() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    store
        .read(|c| {
            // "Comune di Bari" is the short name of the Assessorato al Welfare.
            let bari = duplicates::similar_organisations(c, "COMUNE DI BARI", None, 5)?;
            assert_eq!(bari[0].0, Likeness::Same);
            assert_eq!(bari[0].1.name, "Comune di Bari – Assessorato al Welfare");
            for typed in ["COMUNE DI POTENZA ", "Comune Potenza", "comune di potenza"] {
                let found = duplicates::similar_organisations(c, typed, None, 5)?;
                assert_eq!(found[0].0, Likeness::Same, "{typed}");
                assert_eq!(found[0].1.name, "Comune di Potenza");
            }
            let found = duplicates::similar_organisations(c, "ASP Potenza distretto", None, 5)?;
            assert!(
                found.iter().any(|(l, o)| *l == Likeness::Similar
                    && o.short_name.as_deref() == Some("ASP Potenza"))
                    || found.is_empty(),
                "{found:?}"
            );
            assert!(duplicates::similar_organisations(c, "Comune di Lecce", None, 5)?.is_empty());
            Ok(())
        })
        .unwrap();
}

#[test]
fn merging_two_organisations_moves_every_reference() {
    let db = TestDb::new();
    let mut store = db.open();
    let (keep, gone, other, person, meeting) = store
        .write(|tx| {
            let mut a =
                NewOrganisation::named("Comune di Lauria", OrgKind::Municipality, Level::Local);
            a.tags = vec!["rete".into()];
            let keep = organisations::create(tx, &a)?;
            let mut b =
                NewOrganisation::named("COMUNE LAURIA", OrgKind::Municipality, Level::Local);
            b.email = Some("info@comune.lauria.pz.it".into());
            b.tags = vec!["sprar".into()];
            b.notes = "Referente: ufficio servizi sociali".into();
            let gone = organisations::create(tx, &b)?;
            let other = organisations::create(
                tx,
                &NewOrganisation::named("Prefettura di Potenza", OrgKind::Prefecture, Level::Local),
            )?;
            let person = people::create(
                tx,
                &NewPerson {
                    given_name: "Anna".into(),
                    family_name: "Lauria".into(),
                    organisation_id: Some(gone.id.clone()),
                    ..NewPerson::default()
                },
            )?;
            let meeting = plan(tx, "Tavolo", "2025-03-03");
            meetings::check_in(tx, &meeting.id, &person.id, AttendanceRole::Participant)?;
            notes::add(
                tx,
                &NewNote {
                    meeting_id: meeting.id.clone(),
                    speaker_id: Some(person.id.clone()),
                    text: "Servono mediatori".into(),
                    ..NewNote::default()
                },
            )?;
            let link = |from: &str, to: &str, kind| NewRelationship {
                kind,
                from: Source::Organisation(from.to_owned()),
                to_org_id: to.to_owned(),
                strength: 2,
                since: None,
                until: None,
                notes: String::new(),
            };
            relationships::create(tx, &link(&gone.id, &other.id, RelationKind::Coordinates))?;
            relationships::create(tx, &link(&keep.id, &other.id, RelationKind::Coordinates))?;
            relationships::create(tx, &link(&other.id, &gone.id, RelationKind::Funds))?;
            relationships::create(tx, &link(&keep.id, &gone.id, RelationKind::Collaborates))?;
            Ok((keep, gone, other, person, meeting))
        })
        .unwrap();

    let merged = store
        .write(|tx| duplicates::merge_organisations(tx, &keep.id, &gone.id))
        .unwrap();
    // People, check-in, note speaker's organisation, 3 relationship ends.
    assert_eq!(merged.references_moved, 6);
    // Lauria→Lauria, and the second "coordinates" Lauria→Prefettura.
    assert_eq!(merged.duplicates_removed, 2);
    store
        .read(|c| {
            let k = organisations::get(c, &keep.id)?;
            assert_eq!(k.email.as_deref(), Some("info@comune.lauria.pz.it"));
            assert_eq!(k.tags, vec!["rete", "sprar"]);
            assert_eq!(k.notes, "Referente: ufficio servizi sociali");
            assert!(
                organisations::get(c, &gone.id).is_err(),
                "the other is deleted"
            );
            let refs: i64 = c.query_row(
                "SELECT (SELECT count(*) FROM people WHERE organisation_id = ?1 AND deleted = 0)
                      + (SELECT count(*) FROM attendance WHERE organisation_id = ?1 AND deleted = 0)
                      + (SELECT count(*) FROM notes WHERE speaker_org_id = ?1 AND deleted = 0)
                      + (SELECT count(*) FROM relationships
                          WHERE (from_org_id = ?1 OR to_org_id = ?1) AND deleted = 0)",
                [&gone.id],
                |r| r.get(0),
            )?;
            assert_eq!(refs, 0, "nothing live points to the merged-away record");
            assert_eq!(
                people::get(c, &person.id)?.organisation_id,
                Some(keep.id.clone())
            );
            let attendees = meetings::attendees(c, &meeting.id)?;
            assert_eq!(attendees[0].organisation_id, Some(keep.id.clone()));
            let links = relationships::of_organisation(c, &keep.id)?;
            assert_eq!(links.len(), 2, "{links:?}");
            assert!(links.iter().all(
                |l| l.to_org_id == other.id || l.from == Source::Organisation(other.id.clone())
            ));
            assert!(integrity::check(c)?.is_ok());
            Ok(())
        })
        .unwrap();
    // The merge is in the change log like any edit: a replica replays to the same rows.
    let replica = TestDb::new();
    let mut copy = replica.open();
    copy.apply_changes(&store.changes().unwrap()).unwrap();
    assert_eq!(dump_rows(&copy), dump_rows(&store));
}

#[test]
fn merging_two_people_keeps_one_check_in_per_meeting() {
    let db = TestDb::new();
    let mut store = db.open();
    let (keep, gone, meeting) = store
        .write(|tx| {
            let person = |given: &str, email: Option<&str>| NewPerson {
                given_name: given.into(),
                family_name: "Esposito".into(),
                email: email.map(str::to_owned),
                ..NewPerson::default()
            };
            let keep = people::create(tx, &person("Lucia", None))?;
            let gone = people::create(tx, &person("LUCIA", Some("lucia@example.org")))?;
            let meeting = plan(tx, "Tavolo", "2025-03-03");
            let second = plan(tx, "Tavolo 2", "2025-03-10");
            meetings::check_in(tx, &meeting.id, &keep.id, AttendanceRole::Participant)?;
            meetings::check_in(tx, &meeting.id, &gone.id, AttendanceRole::Participant)?;
            meetings::check_in(tx, &second.id, &gone.id, AttendanceRole::Participant)?;
            Ok((keep, gone, meeting))
        })
        .unwrap();
    let found = store
        .read(|c| duplicates::similar_people(c, "lucia", "ESPOSITO", None, Some(&keep.id), 5))
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, gone.id);
    let merged = store
        .write(|tx| duplicates::merge_people(tx, &keep.id, &gone.id))
        .unwrap();
    assert_eq!((merged.references_moved, merged.duplicates_removed), (1, 1));
    store
        .read(|c| {
            assert_eq!(meetings::attendees(c, &meeting.id)?.len(), 1);
            let live: i64 = c.query_row(
                "SELECT count(*) FROM attendance WHERE person_id = ?1 AND deleted = 0",
                [&keep.id],
                |r| r.get(0),
            )?;
            assert_eq!(live, 2);
            assert_eq!(
                people::get(c, &keep.id)?.email.as_deref(),
                Some("lucia@example.org")
            );
            assert!(people::get(c, &gone.id).is_err());
            assert!(integrity::check(c)?.is_ok());
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_register_list_filters_and_sorts() {
    use tavolo::register::organisations::{list_filtered, ListFilter, SortBy};
    use tavolo::vocabulary::Sector;
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let tagged = store
        .write(|tx| {
            let mut o =
                NewOrganisation::named("Sportello Àncora", OrgKind::ThirdSector, Level::Local);
            o.tags = vec!["Rete Salute".into()];
            let made = organisations::create(tx, &o)?;
            organisations::set_archived(tx, &made.id, true)
        })
        .unwrap();
    store
        .read(|c| {
            let all = list_filtered(c, &ListFilter::default(), 10_000)?;
            let count: i64 =
                c.query_row("SELECT count(*) FROM organisations WHERE deleted = 0", [], |r| r.get(0))?;
            assert_eq!(all.len() as i64, count);
            let folded: Vec<String> = all.iter().map(|o| tavolo::text::fold(&o.name)).collect();
            let mut sorted = folded.clone();
            sorted.sort();
            assert_eq!(folded, sorted, "by name, accents and case aside");

            let towns = list_filtered(
                c,
                &ListFilter { kind: Some(OrgKind::Municipality), ..ListFilter::default() },
                10_000,
            )?;
            assert!(!towns.is_empty());
            assert!(towns.iter().all(|o| o.kind == OrgKind::Municipality));
            let expected: i64 = c.query_row(
                "SELECT count(*) FROM organisations WHERE deleted = 0 AND kind = 'municipality'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(towns.len() as i64, expected);

            let health = list_filtered(
                c,
                &ListFilter {
                    sector: Some(Sector::Health),
                    level: Some(Level::Local),
                    ..ListFilter::default()
                },
                10_000,
            )?;
            assert!(!health.is_empty());
            assert!(health
                .iter()
                .all(|o| o.sectors.contains(&Sector::Health) && o.level == Level::Local));

            // A province takes in the organisations of its towns.
            let province: String = c.query_row(
                "SELECT id FROM territories WHERE kind = 'province' AND name = 'Provincia di Potenza'",
                [],
                |r| r.get(0),
            )?;
            let in_province = list_filtered(
                c,
                &ListFilter { territory_id: Some(province), ..ListFilter::default() },
                10_000,
            )?;
            let names: Vec<Option<&str>> =
                in_province.iter().map(|o| o.territory_name.as_deref()).collect();
            assert!(names.contains(&Some("Melfi")), "{names:?}");
            assert!(
                names.iter().all(|n| n.is_some_and(|n| n.contains("Potenza") || n == "Melfi")),
                "{names:?}"
            );

            // Wildcards typed in the search are taken literally.
            assert!(organisations::list(c, "%", 10)?.is_empty());
            assert!(organisations::list(c, "_", 10)?.is_empty());
            let by_tag = list_filtered(
                c,
                &ListFilter { tag: Some("#rete salute".into()), ..ListFilter::default() },
                10,
            )?;
            assert_eq!(by_tag.len(), 1);
            assert_eq!(by_tag[0].id, tagged.id);
            // So are they in a tag: none is "anything" (it once returned every row).
            for wild in ["%", "_", "rete_salute", "rete%"] {
                let found = list_filtered(
                    c,
                    &ListFilter { tag: Some(wild.into()), ..ListFilter::default() },
                    10,
                )?;
                assert!(found.is_empty(), "tag {wild:?}: {} found", found.len());
            }
            let active = list_filtered(
                c,
                &ListFilter {
                    search: "ancora".into(),
                    archived: Some(false),
                    ..ListFilter::default()
                },
                10,
            )?;
            assert!(active.is_empty(), "archived ones can be left out");

            let by_territory = list_filtered(
                c,
                &ListFilter { sort: SortBy::Territory, ..ListFilter::default() },
                10_000,
            )?;
            let territories: Vec<String> = by_territory
                .iter()
                .filter_map(|o| o.territory_name.as_deref().map(tavolo::text::fold))
                .collect();
            let mut sorted = territories.clone();
            sorted.sort();
            assert_eq!(territories, sorted);
            assert!(by_territory.last().unwrap().territory_name.is_none() || territories.len() == by_territory.len());
            let descending = list_filtered(
                c,
                &ListFilter { descending: true, ..ListFilter::default() },
                3,
            )?;
            assert_eq!(descending[0].name, all.last().unwrap().name);
            Ok(())
        })
        .unwrap();
}
