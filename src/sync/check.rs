//! Checking what another laptop sent before anything is written: every change names
//! a table and field this version knows and holds a value of the column's type.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::schema;
use crate::store::Change;

/// The declared type and NOT NULL of every replicated field, for checking values
/// that arrive from another laptop before they are written.
pub(crate) fn field_types(conn: &Connection) -> Result<HashMap<(String, String), (String, bool)>> {
    let mut out = HashMap::new();
    for table in schema::TABLES {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", table.name))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>("name")?,
                r.get::<_, String>("type")?,
                r.get::<_, bool>("notnull")?,
            ))
        })?;
        for row in rows {
            let (name, kind, not_null) = row?;
            out.insert(
                (table.name.to_owned(), name),
                (kind.to_uppercase(), not_null),
            );
        }
    }
    Ok(out)
}

/// Every change names a table and field this version knows and holds a value of
/// its type; else the error names the file, the change and the problem.
pub(crate) fn check_changes(
    path: &Path,
    changes: &[Change],
    types: &HashMap<(String, String), (String, bool)>,
) -> Result<()> {
    let bad = |i: usize, message: String| Error::File {
        path: path.display().to_string(),
        message: format!("change {}: {message}", i + 1),
    };
    for (i, c) in changes.iter().enumerate() {
        let table = schema::table(&c.table).ok_or_else(|| {
            bad(
                i,
                format!(
                    "names a table this version of Tavolo does not know ('{}')",
                    c.table
                ),
            )
        })?;
        if !table.has_field(&c.field) {
            return Err(bad(
                i,
                format!(
                    "names a field this version of Tavolo does not know ('{}.{}')",
                    c.table, c.field
                ),
            ));
        }
        if c.hlc.parse::<crate::store::clock::Hlc>().is_err() {
            return Err(bad(i, format!("'{}' is not a clock value", c.hlc)));
        }
        let Some((kind, not_null)) = types.get(&(c.table.clone(), c.field.clone())) else {
            continue;
        };
        let fits = match (&c.value, kind.as_str()) {
            (Value::Null, _) => !not_null,
            (Value::Text(_), "TEXT") | (Value::Integer(_), "INTEGER") => true,
            (Value::Integer(_) | Value::Real(_), "REAL") => true,
            (_, "") => true,
            _ => false,
        };
        if !fits {
            return Err(bad(
                i,
                format!(
                    "{}.{} holds a value of the wrong type (expected {})",
                    c.table,
                    c.field,
                    if kind.is_empty() { "any" } else { kind }
                ),
            ));
        }
    }
    Ok(())
}
