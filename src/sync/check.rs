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
        if fits {
            if let Some(problem) = outside_the_rules(&c.table, &c.field, &c.value) {
                return Err(bad(i, problem));
            }
        }
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

/// What is wrong with a value the database's rules (its CHECKs) would refuse: a
/// code not in a closed list, a flag that is not 0 or 1, a score out of its range.
/// Checked before anything is written, so a bad bundle changes nothing.
fn outside_the_rules(table: &str, field: &str, value: &Value) -> Option<String> {
    let range = match (table, field) {
        (_, "deleted" | "archived" | "is_public" | "is_public_operator" | "needs_interpreter") => {
            Some((0, 1))
        }
        ("organisations", "influence" | "interest") => Some((1, 5)),
        ("relationships", "strength") => Some((1, 3)),
        _ => None,
    };
    match (value, range) {
        (Value::Integer(n), Some((low, high))) if !(low..=high).contains(n) => {
            return Some(format!(
                "{table}.{field} holds {n}, outside {low}\u{2013}{high}"
            ))
        }
        _ => {}
    }
    let codes = crate::vocabulary::closed_codes(table, field)?;
    match value {
        Value::Text(code) if !codes.contains(&code.as_str()) => Some(format!(
            "{table}.{field} holds '{code}', a code this version of Tavolo does not know ({})",
            codes.join(", ")
        )),
        _ => None,
    }
}
