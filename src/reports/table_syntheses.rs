//! The synthesis paragraph a facilitator writes for each table of a meeting
//! (what the table said, in a few lines), kept with the report di sintesi: the
//! report prints it under the table's heading, before the notes. One row per
//! table, its id derived from the table's, so the paragraph written on two
//! laptops is one text after sync.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::store::ids::link_id;
use crate::store::schema::{MEETING_TABLES, TABLE_SYNTHESES};
use crate::store::WriteTx;
use crate::validate;

/// Longest paragraph accepted.
pub const MAX_CHARS: usize = 10_000;

fn id_of(table_id: &str) -> String {
    link_id("table_synthesis", table_id, "")
}

/// Writes (or clears, with an empty text) the synthesis of a table.
pub fn set(tx: &mut WriteTx<'_>, table_id: &str, text: &str) -> Result<()> {
    validate::reference(tx.conn(), "table_id", &MEETING_TABLES, table_id)?;
    let text = validate::free_text("text", text, MAX_CHARS)?;
    let id = id_of(table_id);
    if crate::store::write::row_exists(tx.conn(), &TABLE_SYNTHESES, &id)? {
        tx.revive(&TABLE_SYNTHESES, &id, &[("text", Value::Text(text))])?;
    } else if !text.is_empty() {
        tx.insert(
            &TABLE_SYNTHESES,
            &id,
            &[
                ("table_id", Value::Text(table_id.into())),
                ("text", Value::Text(text)),
            ],
        )?;
    }
    Ok(())
}

/// The synthesis of a table ("" when none was written).
pub fn of_table(conn: &Connection, table_id: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT text FROM table_syntheses WHERE id = ?1 AND deleted = 0")?
        .query_row([id_of(table_id)], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}
