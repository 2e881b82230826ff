//! Taking old values out of the file for good, for an erasure (GDPR art. 17): the
//! change log keeps every past value of every field by design, so erasing a
//! person also rewrites those past values — the one place where history is
//! changed. The stamps, sequence numbers and rows stay, so sync still sees every
//! change it expects; only the values are replaced. Then [`Store::compact`]
//! rewrites the file so no freed page keeps a byte of them.

use rusqlite::params;
use rusqlite::types::Value;

use crate::error::Result;
use crate::store::schema::Table;
use crate::store::{Connection, Store};

/// Where old values are kept: the change log, or the other side of a sync
/// conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Log,
    Conflicts,
}

/// Sets every kept value of one field of one row to `value`. Returns how many
/// entries changed.
pub fn rewrite(
    conn: &Connection,
    kept: Kept,
    table: &Table,
    row_id: &str,
    field: &str,
    value: &Value,
) -> Result<usize> {
    let sql = match kept {
        Kept::Log => {
            "UPDATE change_entries SET value = ?4
             WHERE field = ?3 AND value IS NOT ?4
               AND (dev, seq) IN (SELECT dev, seq FROM change_writes WHERE tbl = ?1 AND row_id = ?2)"
        }
        Kept::Conflicts => {
            "UPDATE sync_conflicts SET other_value = ?4
             WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 AND other_value IS NOT ?4"
        }
    };
    Ok(conn.execute(sql, params![table.name, row_id, field, value])?)
}

/// Sets to NULL every logged value of `field` in `table` that equals `old` (a
/// note's speaker who was erased). Returns how many log entries changed.
pub fn clear_value(conn: &Connection, table: &Table, field: &str, old: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE change_entries SET value = NULL WHERE field = ?2 AND value = ?3
           AND (dev, seq) IN (SELECT dev, seq FROM change_writes WHERE tbl = ?1)",
        params![table.name, field, old],
    )?)
}

impl Store {
    /// Runs `f` in one IMMEDIATE transaction that may rewrite logged values (the
    /// functions above) and local tables; nothing is logged.
    pub fn purge<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "secure_delete", true)?;
        self.with_local_tx(f)
    }

    /// Rewrites the whole file so that no freed page, and no frame of the
    /// write-ahead log, keeps a byte of what was removed or overwritten:
    /// `secure_delete` on, a checkpoint that empties the log, `VACUUM`, and the
    /// log emptied again. Returns whether the log could be emptied (another
    /// connection reading at that moment keeps its frames until it is done).
    ///
    /// It does not wait for other connections: one writing makes it fail at once
    /// and one reading leaves the log unemptied (`Ok(false)`), and the caller owes
    /// it for later, rather than stall the app for the busy timeout twice.
    pub fn compact(&mut self) -> Result<bool> {
        self.conn.pragma_update(None, "secure_delete", true)?;
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let out = (|| -> Result<bool> {
            let empty = |conn: &Connection| -> Result<bool> {
                let busy: i64 =
                    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
                Ok(busy == 0)
            };
            empty(&self.conn)?;
            self.conn.execute_batch("VACUUM")?;
            empty(&self.conn)
        })();
        self.conn.busy_timeout(super::BUSY_TIMEOUT)?;
        out
    }
}
