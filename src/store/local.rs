//! This laptop's own facts about its copy of the workspace (`local_meta`): the
//! device id, the pseudonym key, the first-launch choice. Never replicated: these
//! rows are outside the change log and never travel to another laptop.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::store::Store;

/// A fact about this laptop's copy of the workspace (`local_meta`), never
/// replicated: `None` when it was never set.
pub fn local_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM local_meta WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

impl Store {
    /// Sets a fact about this laptop's copy (see [`local_value`]), in its own
    /// transaction. Not a record: it goes to no change log.
    pub fn set_local_value(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO local_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// This database's device id, created on first open.
pub(super) fn device_id(conn: &Connection) -> Result<String> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT value FROM local_meta WHERE key = 'device_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().simple().to_string();
    conn.execute(
        "INSERT INTO local_meta (key, value) VALUES ('device_id', ?1)",
        [&id],
    )?;
    Ok(id)
}

/// The `local_meta` key remembering that this laptop chose to start empty.
const STARTED_EMPTY: &str = "started_empty";

/// Whether someone chose "start empty" on this laptop.
pub fn started_empty(conn: &Connection) -> Result<bool> {
    Ok(local_value(conn, STARTED_EMPTY)?.is_some())
}

impl Store {
    /// Remembers, on this laptop only, that its user chose to start empty.
    pub fn remember_started_empty(&mut self) -> Result<()> {
        self.set_local_value(STARTED_EMPTY, "1")
    }
}

impl Store {
    /// Runs `f` in one IMMEDIATE transaction over this laptop's own tables (sync's
    /// bookkeeping): nothing it writes goes to the change log.
    pub fn with_local_tx<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}
