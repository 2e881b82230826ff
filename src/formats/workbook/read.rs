//! Reads back a workbook written by [`crate::formats::workbook::write`] into an empty database,
//! keeping every id, so that exporting the new database gives the same cells.
//!
//! The whole file is read and checked before anything is written, and every row goes
//! in one transaction: a broken workbook changes nothing.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use rusqlite::types::Value;

use crate::error::{Error, Result};
use crate::formats::workbook::sheets::{Kind, Sheet, ADDED_LATER, SHEETS};
use crate::formats::workbook::write::PSEUDONYMISED_LABEL;
use crate::store::integrity;
use crate::store::schema;
use crate::store::Store;
use crate::vocabulary::List;

/// Rows imported, per sheet, in workbook order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows: Vec<(&'static str, usize)>,
}

/// Parents before children, so the order of the inserts is the order of the tables.
const ORDER: &[&str] = &[
    "territories",
    "organisations",
    "people",
    "meetings",
    "meeting_tables",
    "guiding_questions",
    "attendance",
    "notes",
    "relationships",
    "work_groups",
    "group_members",
    "group_meetings",
    "group_actions",
    "action_links",
    "consents",
];

/// Imports the workbook at `path` into the (empty) database of `store`.
pub fn import(store: &mut Store, path: &Path) -> Result<ImportSummary> {
    let shown = path.display().to_string();
    let file_error = |message: String| Error::File {
        path: shown.clone(),
        message,
    };
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| file_error(format!("cannot be read as a spreadsheet ({e})")))?;
    let mut read = |name: &str| -> Result<Range<Data>> {
        workbook.worksheet_range(name).map_err(|_| {
            file_error(format!(
                "has no sheet '{name}': is it a workbook exported by Tavolo?"
            ))
        })
    };

    let figures = read("Indicatori")?;
    for row in figures.rows() {
        let label = text(row.first());
        let value = text(row.get(1));
        if label == PSEUDONYMISED_LABEL && value != "no" {
            return Err(file_error(
                "was exported with pseudonyms instead of names; only a complete export can be imported"
                    .into(),
            ));
        }
        if label.starts_with("Filtro:") && value != "tutti" {
            return Err(file_error(format!(
                "was exported with a filter ({label} {value}); only a complete export can be imported"
            )));
        }
    }

    // Every row of every sheet, converted and checked, before any write.
    let mut tables: Vec<(&Sheet, Vec<Row>)> = Vec::new();
    for sheet in SHEETS {
        let range = match read(sheet.name) {
            Ok(range) => range,
            // A workbook from an older Tavolo: nothing to import there.
            Err(_) if ADDED_LATER.contains(&sheet.name) => {
                tables.push((sheet, Vec::new()));
                continue;
            }
            Err(e) => return Err(e),
        };
        tables.push((sheet, rows_of(sheet, &range).map_err(&file_error)?));
    }

    if !store.read(integrity::is_empty)? {
        return Err(Error::Conflict(
            "the workspace already holds data; a workbook imports only into an empty workspace"
                .into(),
        ));
    }
    let mut summary = ImportSummary::default();
    store
        .write_alone(|tx| {
            tx.conn().execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let bulk = Bulk::begin(tx.conn())?;
            let mut sheets: Vec<&Sheet> = Vec::new();
            let mut filled: Vec<(&schema::Table, &[Row])> = Vec::new();
            for table_name in ORDER {
                for (sheet, rows) in tables.iter().filter(|(s, _)| s.table == *table_name) {
                    let table = schema::table(sheet.table).ok_or_else(|| {
                        Error::Conflict(format!("sheet {} names an unknown table", sheet.name))
                    })?;
                    sheets.push(sheet);
                    filled.push((table, rows));
                }
            }
            tx.insert_tables(&filled).map_err(|(t, n, e)| {
                file_error(format!("sheet {}, row {}: {e}", sheets[t].name, n + 2))
            })?;
            bulk.finish(tx.conn())
        })
        .map_err(|e| match e {
            Error::Storage(inner) => file_error(format!(
                "the rows do not fit together ({inner}); nothing was imported"
            )),
            other => other,
        })?;
    for (sheet, rows) in &tables {
        summary.rows.push((sheet.name, rows.len()));
    }
    Ok(summary)
}

/// What the import sets aside to fill the tables, and puts back at its end, in
/// the same transaction (a failed import brings it back with everything else).
///
/// The secondary indexes of the tables a workbook fills: kept up to date row by
/// row, those keyed by random ids were written at random places; built at the
/// end, each is one sort (on two threads where SQLite may). Their SQL is read
/// from the database itself, so a migration that changes one is followed. The
/// change log's indexes stay: [`crate::store::WriteTx::insert_rows`] logs the
/// rows in the order of every one of them.
///
/// The full-text index of the notes, filled by a trigger note by note: set
/// aside, and built once from the notes at the end (FTS5's `rebuild`).
struct Bulk {
    indexes: Vec<String>,
    triggers: Vec<String>,
    threads: i64,
}

/// The full-text tables rebuilt at the end, and the triggers that fill them on
/// an insert.
const FULL_TEXT: &[(&str, &str)] = &[("notes_fts", "notes_fts_insert")];

impl Bulk {
    fn begin(conn: &rusqlite::Connection) -> Result<Bulk> {
        let placeholders = vec!["?"; ORDER.len()].join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({placeholders})"
        ))?;
        let found: Vec<(String, String)> = stmt
            .query_map(rusqlite::params_from_iter(ORDER), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &found {
            conn.execute_batch(&format!("DROP INDEX {}", quoted(name)))?;
        }
        let mut triggers = Vec::new();
        for (_, trigger) in FULL_TEXT {
            let sql: String = conn.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [trigger],
                |r| r.get(0),
            )?;
            conn.execute_batch(&format!("DROP TRIGGER {}", quoted(trigger)))?;
            triggers.push(sql);
        }
        let threads: i64 = conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
        conn.pragma_update(None, "threads", 2)?;
        Ok(Bulk {
            indexes: found.into_iter().map(|(_, sql)| sql).collect(),
            triggers,
            threads,
        })
    }

    fn finish(self, conn: &rusqlite::Connection) -> Result<()> {
        for (table, _) in FULL_TEXT {
            let t = quoted(table);
            conn.execute_batch(&format!("INSERT INTO {t} ({t}) VALUES ('rebuild')"))?;
        }
        for sql in self.triggers.iter().chain(&self.indexes) {
            conn.execute_batch(sql)?;
        }
        conn.pragma_update(None, "threads", self.threads)?;
        Ok(())
    }
}

/// A name from the schema as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The text of a cell ("" when empty or not text).
fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

use crate::store::write::Row;

/// The rows of one sheet; an error message names the sheet, the row and the column.
fn rows_of(sheet: &Sheet, range: &Range<Data>) -> std::result::Result<Vec<Row>, String> {
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| text(Some(c))).collect())
        .unwrap_or_default();
    for (i, column) in sheet.columns.iter().enumerate() {
        let found = header.get(i).map(String::as_str).unwrap_or("");
        if found != column.header {
            return Err(format!(
                "sheet {}: column {} should be '{}' but is '{}'",
                sheet.name,
                i + 1,
                column.header,
                found
            ));
        }
    }
    let mut out = Vec::new();
    for (n, row) in rows.enumerate() {
        let place = |header: &str| format!("sheet {}, row {}, column {header}", sheet.name, n + 2);
        if row.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        let id = text(row.first());
        if id.trim().is_empty() {
            return Err(format!("{}: the ID is empty", place("ID")));
        }
        let mut fields = Vec::new();
        for (i, column) in sheet.columns.iter().enumerate().skip(1) {
            let Some(field) = column.field else { continue };
            let cell = row.get(i).unwrap_or(&Data::Empty);
            let value = value_of(column.kind, cell)
                .map_err(|e| format!("{}: {e}", place(column.header)))?;
            if value == Value::Null {
                // Let the column's default apply (e.g. empty notes).
                continue;
            }
            fields.push((field, value));
        }
        out.push((id, fields));
    }
    Ok(out)
}

fn value_of(kind: Kind, cell: &Data) -> std::result::Result<Value, String> {
    let serial = |cell: &Data| match cell {
        Data::DateTime(d) => Some(d.as_f64()),
        Data::Float(f) => Some(*f),
        _ => None,
    };
    Ok(match (kind, cell) {
        (_, Data::Empty) => Value::Null,
        (Kind::Text, Data::String(s)) if s.is_empty() => Value::Text(String::new()),
        (Kind::Text, c) => Value::Text(text(Some(c))),
        (Kind::Number, Data::Float(f)) if f.fract() == 0.0 => Value::Integer(*f as i64),
        (Kind::Number, Data::Float(f)) => Value::Real(*f),
        (Kind::Number, Data::Int(i)) => Value::Integer(*i),
        (Kind::Coded(list), Data::String(s)) => Value::Text(coded(list, s)?),
        (Kind::CodedMany(list), Data::String(s)) => {
            let items: Vec<&str> = if s.contains(';') {
                s.split(';')
                    .map(str::trim)
                    .filter(|i| !i.is_empty())
                    .collect()
            } else if s.split_whitespace().all(|i| list.code_of(i).is_some()) {
                // An older workbook: codes separated by spaces.
                s.split_whitespace().collect()
            } else {
                vec![s.trim()]
                    .into_iter()
                    .filter(|i| !i.is_empty())
                    .collect()
            };
            let codes = items
                .into_iter()
                .map(|i| coded(list, i))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Value::Text(codes.join(" "))
        }
        (Kind::YesNo, Data::String(s)) => match s.trim() {
            "sì" | "si" => Value::Integer(1),
            "no" => Value::Integer(0),
            other => return Err(format!("'{other}' should be sì or no")),
        },
        (Kind::Date, Data::String(s)) => {
            Value::Text(crate::validate::date("date", s).map_err(|e| e.to_string())?)
        }
        (Kind::Date, c) => match serial(c) {
            Some(days) => Value::Text(crate::dates::iso_date(excel_millis(days)?)),
            None => return Err("is not a date".into()),
        },
        (Kind::Timestamp, c) => match serial(c) {
            // The cell holds the wall-clock time of the laptop's zone.
            Some(days) => Value::Integer(crate::dates::instant_of_local_wall(
                i64::try_from(excel_millis(days)?).unwrap_or(i64::MAX),
            )),
            None => return Err("is not a date and time".into()),
        },
        (_, other) => return Err(format!("unexpected value {other}")),
    })
}

/// The code of a coded cell: an Italian label (any case) or a code. A value that
/// has the shape of a code but that this version does not know (a newer Tavolo's)
/// is kept as it came; anything else is refused, naming the labels accepted.
fn coded(list: List, text: &str) -> std::result::Result<String, String> {
    if let Some(code) = list.code_of(text) {
        return Ok(code.to_owned());
    }
    let t = text.trim();
    if !list.is_closed() && !t.is_empty() && t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        return Ok(t.to_owned());
    }
    let accepted: Vec<&str> = list.labels().iter().map(|&(_, l)| l).collect();
    Err(format!("'{t}' is not one of: {}", accepted.join(", ")))
}

/// Milliseconds since the Unix epoch of an Excel serial date, to the second.
pub(crate) fn excel_millis(days: f64) -> std::result::Result<u64, String> {
    let seconds = ((days - 25_569.0) * 86_400.0).round();
    if seconds < 0.0 || !seconds.is_finite() {
        return Err("is a date before 1970".into());
    }
    Ok(seconds as u64 * 1000)
}
