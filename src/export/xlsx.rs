//! The Excel workbook for regional offices: one sheet per subject, Italian headers,
//! frozen header row with filters, real dates shown dd/mm/yyyy, numbers as numbers,
//! the record id in the first column so every row can be traced back.
//!
//! Every text is written with `write_string`, which never makes a formula, so a
//! name starting with "=" stays text. Texts over Excel's 32,767-character cell limit
//! are cut with a visible marker. Sheets are written in constant-memory mode, and
//! the file is written to a temporary name, synced and renamed, so a crash never
//! leaves a half-written workbook under the requested name.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::Connection;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::indicators::{self, Filter};

/// Excel's limit for the text of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Appended to a text cut at the limit.
pub const CUT_MARKER: &str = " […testo troncato]";

/// What a column holds, and so how its cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    /// ISO date text (YYYY-MM-DD), written as an Excel date.
    Date,
    /// Milliseconds since the epoch, written as an Excel date and time.
    Timestamp,
}

/// One data sheet: its name, its columns (header, kind, width) and the query that
/// fills it, in column order.
struct Sheet {
    name: &'static str,
    columns: &'static [(&'static str, Kind, f64)],
    sql: &'static str,
}

use Kind::{Date, Number, Text, Timestamp};

const SHEETS: &[Sheet] = &[
    Sheet {
        name: "Incontri",
        columns: &[
            ("ID", Text, 38.0),
            ("Titolo", Text, 45.0),
            ("Tipo", Text, 16.0),
            ("Tema", Text, 12.0),
            ("Territorio", Text, 20.0),
            ("Data", Date, 12.0),
            ("Inizio", Text, 8.0),
            ("Fine", Text, 8.0),
            ("Luogo", Text, 30.0),
            ("Stato", Text, 10.0),
            ("Presenze", Number, 10.0),
        ],
        sql: "SELECT m.id, m.title, m.kind, m.theme, t.name, m.date, m.start_time, m.end_time,
                     m.place, m.status,
                     (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.deleted = 0)
              FROM meetings m LEFT JOIN territories t ON t.id = m.territory_id
              WHERE m.deleted = 0 ORDER BY m.date, m.title, m.id",
    },
    Sheet {
        name: "Presenze",
        columns: &[
            ("ID", Text, 38.0),
            ("ID incontro", Text, 38.0),
            ("Incontro", Text, 40.0),
            ("Data", Date, 12.0),
            ("ID persona", Text, 38.0),
            ("Cognome", Text, 18.0),
            ("Nome", Text, 16.0),
            ("ID ente", Text, 38.0),
            ("Ente", Text, 40.0),
            ("Ruolo", Text, 12.0),
            ("Operatore pubblico", Text, 10.0),
        ],
        sql: "SELECT a.id, m.id, m.title, m.date, p.id, p.family_name, p.given_name, o.id, o.name,
                     a.role, CASE p.is_public_operator WHEN 1 THEN 'sì' ELSE 'no' END
              FROM attendance a JOIN meetings m ON m.id = a.meeting_id
              JOIN people p ON p.id = a.person_id
              LEFT JOIN organisations o ON o.id = a.organisation_id
              WHERE a.deleted = 0 AND m.deleted = 0 ORDER BY m.date, m.title, p.family_name, a.id",
    },
    Sheet {
        name: "Enti",
        columns: &[
            ("ID", Text, 38.0),
            ("Nome", Text, 50.0),
            ("Sigla", Text, 16.0),
            ("Tipo", Text, 18.0),
            ("Pubblico", Text, 9.0),
            ("Livello", Text, 10.0),
            ("Settori", Text, 28.0),
            ("Territorio", Text, 20.0),
            ("Paese", Text, 7.0),
            ("E-mail", Text, 28.0),
            ("Telefono", Text, 14.0),
            ("Note", Text, 30.0),
        ],
        sql: "SELECT o.id, o.name, o.short_name, o.kind,
                     CASE o.is_public WHEN 1 THEN 'sì' ELSE 'no' END, o.level, o.sectors, t.name,
                     o.country, o.email, o.phone, o.notes
              FROM organisations o LEFT JOIN territories t ON t.id = o.territory_id
              WHERE o.deleted = 0 ORDER BY o.name, o.id",
    },
    Sheet {
        name: "Persone",
        columns: &[
            ("ID", Text, 38.0),
            ("Cognome", Text, 18.0),
            ("Nome", Text, 16.0),
            ("ID ente", Text, 38.0),
            ("Ente", Text, 40.0),
            ("Ruolo", Text, 28.0),
            ("Categoria", Text, 18.0),
            ("Operatore pubblico", Text, 10.0),
            ("E-mail", Text, 28.0),
            ("Telefono", Text, 14.0),
        ],
        sql: "SELECT p.id, p.family_name, p.given_name, o.id, o.name, p.role, p.category,
                     CASE p.is_public_operator WHEN 1 THEN 'sì' ELSE 'no' END, p.email, p.phone
              FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
              WHERE p.deleted = 0 ORDER BY p.family_name, p.given_name, p.id",
    },
    Sheet {
        name: "Note",
        columns: &[
            ("ID", Text, 38.0),
            ("ID incontro", Text, 38.0),
            ("Incontro", Text, 40.0),
            ("Ora", Timestamp, 17.0),
            ("Tipo", Text, 14.0),
            ("Testo", Text, 80.0),
            ("Tag", Text, 20.0),
            ("ID relatore", Text, 38.0),
            ("Relatore", Text, 24.0),
        ],
        sql: "SELECT n.id, m.id, m.title, n.taken_at, n.kind, n.text, n.tags, p.id,
                     p.family_name || ' ' || p.given_name
              FROM notes n JOIN meetings m ON m.id = n.meeting_id
              LEFT JOIN people p ON p.id = n.speaker_id
              WHERE n.deleted = 0 ORDER BY m.date, m.id, n.position",
    },
];

/// Counts of what was written, per sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub rows: Vec<(&'static str, usize)>,
}

fn xl(e: XlsxError) -> Error {
    Error::File {
        path: "(workbook)".into(),
        message: format!("the workbook could not be written ({e})"),
    }
}

/// A text as Excel can hold it: cut at the cell limit with a visible marker.
pub fn cell_text(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_owned();
    }
    let keep = MAX_CELL_CHARS - CUT_MARKER.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(CUT_MARKER);
    out
}

/// Writes the workbook to `path` atomically. `export_date` (YYYY-MM-DD) is written
/// on the Indicatori sheet with the filters used.
pub fn export(
    conn: &Connection,
    path: &Path,
    filter: &Filter,
    export_date: &str,
) -> Result<ExportSummary> {
    let header = Format::new()
        .set_bold()
        .set_background_color("#DCE6F0")
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let stamp = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let bold = Format::new().set_bold();

    let mut workbook = Workbook::new();
    let mut summary = ExportSummary::default();

    // The figures first, with the filters and the date of the export on top.
    let figures = indicators::compute(conn, filter)?;
    {
        let ws = workbook
            .add_worksheet()
            .set_name("Indicatori")
            .map_err(xl)?;
        ws.set_column_width(0, 48).map_err(xl)?;
        ws.set_column_width(1, 14).map_err(xl)?;
        ws.write_string_with_format(0, 0, "Indicatori Tavolo", &bold)
            .map_err(xl)?;
        let when = ExcelDateTime::parse_from_str(export_date).map_err(xl)?;
        ws.write_string(1, 0, "Data dell'esportazione")
            .map_err(xl)?;
        ws.write_datetime_with_format(1, 1, &when, &date)
            .map_err(xl)?;
        let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "tutti".to_owned());
        let filters = [
            ("Dal", filter.from.clone()),
            ("Al", filter.to.clone()),
            ("Territorio (ID)", filter.territory_id.clone()),
            ("Tema", filter.theme.map(|t| t.code().to_owned())),
            ("Tipo di incontro", filter.kind.map(|k| k.code().to_owned())),
        ];
        let mut row = 2;
        for (label, value) in &filters {
            ws.write_string(row, 0, format!("Filtro: {label}"))
                .map_err(xl)?;
            ws.write_string(row, 1, shown(value)).map_err(xl)?;
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, "Indicatore", &header)
            .map_err(xl)?;
        ws.write_string_with_format(row, 1, "Valore", &header)
            .map_err(xl)?;
        row += 1;
        let headline = [
            ("Incontri svolti", figures.meetings_held),
            ("Partecipazioni (presenze)", figures.participations),
            ("Persone coinvolte (distinte)", figures.people),
            ("Operatori pubblici (distinti)", figures.public_operators),
            ("Operatori privati (distinti)", figures.private_operators),
            (
                "Enti e organizzazioni coinvolti (distinti)",
                figures.organisations,
            ),
            ("Territori coperti", figures.territories),
            ("Note raccolte", figures.notes),
        ];
        for (label, value) in headline {
            ws.write_string(row, 0, label).map_err(xl)?;
            ws.write_number(row, 1, value as f64).map_err(xl)?;
            row += 1;
        }
        for (title, groups) in [
            ("Incontri per tema", &figures.meetings_by_theme),
            ("Incontri per mese", &figures.meetings_by_month),
            ("Enti per tipo", &figures.organisations_by_kind),
            ("Note per tipo", &figures.notes_by_kind),
        ] {
            row += 1;
            ws.write_string_with_format(row, 0, title, &bold)
                .map_err(xl)?;
            row += 1;
            for (key, value) in groups.iter() {
                ws.write_string(row, 0, key).map_err(xl)?;
                ws.write_number(row, 1, *value as f64).map_err(xl)?;
                row += 1;
            }
        }
        summary.rows.push(("Indicatori", row as usize));
    }

    for sheet in SHEETS {
        let ws = workbook.add_worksheet_with_constant_memory();
        ws.set_name(sheet.name).map_err(xl)?;
        let n = write_sheet(conn, ws, sheet, &header, &date, &stamp)?;
        summary.rows.push((sheet.name, n));
    }

    save_atomically(&mut workbook, path)?;
    Ok(summary)
}

fn write_sheet(
    conn: &Connection,
    ws: &mut Worksheet,
    sheet: &Sheet,
    header: &Format,
    date: &Format,
    stamp: &Format,
) -> Result<usize> {
    for (col, (title, _, width)) in sheet.columns.iter().enumerate() {
        ws.set_column_width(col as u16, *width).map_err(xl)?;
        ws.write_string_with_format(0, col as u16, *title, header)
            .map_err(xl)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xl)?;
    let mut stmt = conn.prepare(sheet.sql)?;
    let mut rows = stmt.query([])?;
    let mut r: u32 = 0;
    while let Some(row) = rows.next()? {
        r += 1;
        for (col, (_, kind, _)) in sheet.columns.iter().enumerate() {
            let c = col as u16;
            match (kind, row.get::<_, Value>(col)?) {
                (_, Value::Null) => {}
                (Kind::Date, Value::Text(iso)) => match ExcelDateTime::parse_from_str(&iso) {
                    Ok(d) => {
                        ws.write_datetime_with_format(r, c, &d, date).map_err(xl)?;
                    }
                    Err(_) => {
                        ws.write_string(r, c, cell_text(&iso)).map_err(xl)?;
                    }
                },
                (Kind::Timestamp, Value::Integer(ms)) => {
                    let d = ExcelDateTime::from_timestamp(ms.div_euclid(1000)).map_err(xl)?;
                    ws.write_datetime_with_format(r, c, &d, stamp).map_err(xl)?;
                }
                (Kind::Number, Value::Integer(n)) => {
                    ws.write_number(r, c, n as f64).map_err(xl)?;
                }
                (Kind::Number, Value::Real(n)) => {
                    ws.write_number(r, c, n).map_err(xl)?;
                }
                (_, Value::Text(t)) => {
                    ws.write_string(r, c, cell_text(&t)).map_err(xl)?;
                }
                (_, Value::Integer(n)) => {
                    ws.write_string(r, c, n.to_string()).map_err(xl)?;
                }
                (_, Value::Real(n)) => {
                    ws.write_string(r, c, n.to_string()).map_err(xl)?;
                }
                (_, Value::Blob(_)) => {}
            }
        }
    }
    let last_col = sheet.columns.len() as u16 - 1;
    ws.autofilter(0, 0, r, last_col).map_err(xl)?;
    Ok(r as usize)
}

/// Saves next to `path` under a temporary name, syncs, then renames over `path`.
fn save_atomically(workbook: &mut Workbook, path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let file_error = |message: String| Error::File {
        path: shown.clone(),
        message,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(file_error(format!(
            "the folder {} does not exist",
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .ok_or_else(|| file_error("is not a file name".into()))?
        .to_string_lossy()
        .into_owned();
    let temp = dir.join(format!(".{name}.partial"));
    workbook
        .save(&temp)
        .map_err(|e| file_error(format!("cannot write the workbook ({e})")))?;
    let synced = std::fs::File::open(&temp).and_then(|f| f.sync_all());
    if let Err(e) = synced.and_then(|_| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(file_error(format!("cannot write the workbook ({e})")));
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
