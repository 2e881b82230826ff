//! The change log's storage (schema 15): where it is written. A write is one row
//! of `change_writes` (its device by the small number this file gave it in
//! `log_devices`, its sequence, its stamp as two numbers, its table and row), and
//! each field it changed one row of `change_entries`; the stamp's device is the
//! write's own. The view `change_log` shows the entries as they travel (device id,
//! stamp as text, one row per field) and every read goes through it; every write
//! to the log comes through here, so a write's parts never disagree.

use std::collections::HashMap;

use rusqlite::{params, CachedStatement, Connection, OptionalExtension};

use crate::error::{Error, Problem, Result};
use crate::store::clock::Hlc;
use crate::store::replay::Change;

/// The number this file gives `device` in its log, made the first time the
/// device writes or is received. Asked once per write transaction: a number made
/// inside a transaction that is rolled back is gone with it, so none is kept
/// across transactions.
pub(crate) fn device_no(conn: &Connection, device: &str) -> Result<i64> {
    let known: Option<i64> = conn
        .prepare_cached("SELECT no FROM log_devices WHERE device = ?1")?
        .query_row([device], |r| r.get(0))
        .optional()?;
    if let Some(no) = known {
        return Ok(no);
    }
    conn.prepare_cached("INSERT INTO log_devices (device) VALUES (?1)")?
        .execute([device])?;
    Ok(conn.last_insert_rowid())
}

/// The highest sequence number `device` has in the log (0 when none).
pub(crate) fn last_seq(conn: &Connection, dev: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM change_writes WHERE dev = ?1")?
        .query_row([dev], |r| r.get(0))?)
}

/// The highest sequence number of the device named `?1` (0 when none). Asked of
/// the writes table itself: through the view, SQLite's newer planners walk every
/// write of the device to find the last (300 ms for a log of 850,000 entries, at
/// every sync).
pub(crate) const LAST_SEQ_OF_DEVICE: &str = "SELECT coalesce(max(seq), 0) FROM change_writes
     WHERE dev = (SELECT no FROM log_devices WHERE device = ?1)";

/// A device's entries after a sequence number (`?1` the device, `?2` the
/// sequence), in the order of its writes and their fields: what a bundle carries.
pub(crate) const ENTRIES_SINCE: &str =
    "SELECT device, seq, hlc, tbl, row_id, field, value FROM change_log
     WHERE device = ?1 AND seq > ?2 ORDER BY seq, field";

/// The newest stamp in the log, as text. A device's stamps grow with its
/// sequence (each write ticks past the newest stamp in the file, under the write
/// lock), so the newest of all is the newest of the devices' last entries: one
/// seek through the primary key for each of the handful of laptops of a network.
pub(crate) const NEWEST_STAMP: &str =
    "SELECT max((SELECT printf('%015d-%010d-%s', w.millis, w.counter, d.device)
                 FROM change_writes w WHERE w.dev = d.no ORDER BY w.seq DESC LIMIT 1))
     FROM log_devices d";

/// The newest stamp of one field of one row, as text: among the row's writes
/// that changed the field, the one of the highest stamp, ties of the two numbers
/// broken by the device's id as the text breaks them.
pub(crate) const NEWEST_OF_FIELD: &str =
    "SELECT printf('%015d-%010d-%s', w.millis, w.counter, d.device)
     FROM change_writes w
     JOIN change_entries e ON e.dev = w.dev AND e.seq = w.seq AND e.field = ?3
     JOIN log_devices d ON d.no = w.dev
     WHERE w.tbl = ?1 AND w.row_id = ?2
     ORDER BY w.millis DESC, w.counter DESC, d.device DESC LIMIT 1";

/// The write itself, before its fields ([`entries_sql`]).
pub(crate) const WRITE_SQL: &str =
    "INSERT INTO change_writes (dev, seq, millis, counter, tbl, row_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// The insert of one write's `n` fields: the device's number and the sequence
/// are `?1` and `?2`, each field's name and value the two parameters after.
///
/// `OR FAIL`: a statement of several rows that may stop half-way with ABORT
/// (SQLite's default) keeps a journal of its own to undo itself, a copy of every
/// page it changes (18% more instructions for a workbook's import). The one row it
/// can refuse is a field named twice in one write, a bug in Tavolo, and the error
/// fails the action and its transaction as any other.
/// Made once for each number of fields (the statement cache finds them by text).
pub(crate) fn entries_sql(n: usize) -> std::borrow::Cow<'static, str> {
    fn make(n: usize) -> String {
        let rows: Vec<String> = (0..n)
            .map(|i| format!("(?1, ?2, ?{}, ?{})", 3 + 2 * i, 4 + 2 * i))
            .collect();
        format!(
            "INSERT OR FAIL INTO change_entries (dev, seq, field, value) VALUES {}",
            rows.join(", ")
        )
    }
    static MADE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let made = MADE.get_or_init(|| (0..=64).map(make).collect());
    match made.get(n) {
        Some(sql) => std::borrow::Cow::Borrowed(sql.as_str()),
        None => std::borrow::Cow::Owned(make(n)),
    }
}

/// A stamp's milliseconds as SQLite keeps them: its 15 digits always fit.
pub(crate) fn stamp_millis(millis: u64) -> i64 {
    i64::try_from(millis).unwrap_or(i64::MAX)
}

/// A received change's stamp must be its own device's: the log keeps one device
/// per entry. Every laptop stamps its writes with its own id, so a change whose
/// stamp names another was not written by Tavolo.
pub(crate) fn check_stamp(change: &Change, hlc: &Hlc) -> Result<()> {
    if hlc.device != change.device {
        return Err(Error::invalid(
            "change",
            Problem::BadFormat {
                value: change.hlc.clone(),
                expected: "a clock value of the device that made the change",
            },
        ));
    }
    Ok(())
}

/// Appends received changes (another laptop's, a joined or salvaged log's),
/// skipping those already held. A write's fields arrive as one change each, one
/// after the other: its row in `change_writes` is written with the first.
pub(crate) struct Appender<'c> {
    conn: &'c Connection,
    write: CachedStatement<'c>,
    entry: CachedStatement<'c>,
    held_write: CachedStatement<'c>,
    devices: HashMap<String, i64>,
    /// The write of the change before: its device's number and sequence.
    last: Option<(i64, i64)>,
}

impl<'c> Appender<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Appender {
            conn,
            write: conn.prepare_cached(
                "INSERT OR IGNORE INTO change_writes (dev, seq, millis, counter, tbl, row_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            entry: conn.prepare_cached(
                "INSERT OR IGNORE INTO change_entries (dev, seq, field, value) VALUES (?1, ?2, ?3, ?4)",
            )?,
            held_write: conn.prepare_cached(
                "SELECT millis, counter, tbl, row_id FROM change_writes WHERE dev = ?1 AND seq = ?2",
            )?,
            devices: HashMap::new(),
            last: None,
        })
    }

    /// Appends `change`, whose stamp's numbers are `millis` and `counter` (parsed
    /// from its text, and checked by [`check_stamp`], by the caller's
    /// `replay::resolve`). Returns whether it was new. A change of a write already
    /// held with another stamp, table or row is refused: one device wrote two
    /// different things under one sequence number, and keeping either would lose
    /// the other.
    pub(crate) fn append(&mut self, change: &Change, millis: u64, counter: u32) -> Result<bool> {
        let dev = match self.devices.get(&change.device) {
            Some(no) => *no,
            None => {
                let no = device_no(self.conn, &change.device)?;
                self.devices.insert(change.device.clone(), no);
                no
            }
        };
        let millis = stamp_millis(millis);
        if self.last != Some((dev, change.seq)) {
            let made = self.write.execute(params![
                dev,
                change.seq,
                millis,
                counter,
                change.table,
                change.row_id
            ])?;
            if made == 0 {
                let held: (i64, u32, String, String) =
                    self.held_write.query_row(params![dev, change.seq], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?;
                if held != (millis, counter, change.table.clone(), change.row_id.clone()) {
                    return Err(Error::Conflict(format!(
                        "change {} of device {} is held already with another stamp or row: two copies wrote under one device id",
                        change.seq, change.device
                    )));
                }
            }
            self.last = Some((dev, change.seq));
        }
        let inserted = self
            .entry
            .execute(params![dev, change.seq, change.field, change.value])?;
        Ok(inserted > 0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use rusqlite::StatementStatus;

    use super::*;
    use crate::store::{OpenMode, Store};

    /// The virtual machine's steps `sql` takes with `params`: a query that walks
    /// the log instead of seeking in it takes thousands here.
    fn steps(conn: &Connection, sql: &str, params: &[&dyn rusqlite::ToSql]) -> i32 {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows = stmt.query(params).unwrap();
        while rows.next().unwrap().is_some() {}
        drop(rows);
        stmt.get_status(StatementStatus::VmStep)
    }

    #[test]
    fn the_questions_asked_at_every_write_and_sync_seek_in_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db"), OpenMode::CreateIfMissing).unwrap();
        crate::demo::load(&mut store, 1).unwrap();
        let device = store.device().to_owned();
        store
            .read(|c| {
                let writes: i64 =
                    c.query_row("SELECT count(*) FROM change_writes", [], |r| r.get(0))?;
                assert!(writes > 500, "{writes}");
                let last: i64 = c.query_row(LAST_SEQ_OF_DEVICE, [&device], |r| r.get(0))?;
                assert_eq!(last, writes);
                let note: String = c.query_row("SELECT id FROM notes LIMIT 1", [], |r| r.get(0))?;
                for (what, sql, params) in [
                    (
                        "last sequence",
                        LAST_SEQ_OF_DEVICE,
                        vec![&device as &dyn rusqlite::ToSql],
                    ),
                    ("newest stamp", NEWEST_STAMP, vec![]),
                    (
                        "newest of a field",
                        NEWEST_OF_FIELD,
                        vec![&"notes" as &dyn rusqlite::ToSql, &note, &"text"],
                    ),
                    (
                        "a bundle with nothing new",
                        ENTRIES_SINCE,
                        vec![&device, &last],
                    ),
                ] {
                    let n = steps(c, sql, &params);
                    assert!(n < 200, "{what}: {n} steps");
                }
                Ok(())
            })
            .unwrap();
    }
}
