//! The store: one SQLite file, and the one write path.
//!
//! Every mutation in Tavolo goes through [`Store::write`], which opens an IMMEDIATE
//! transaction and hands the closure a [`WriteTx`]. `WriteTx::insert`, `update` and
//! `delete` are the only functions that change replicated rows: each stamps the
//! fields it changes with a fresh hybrid-logical-clock timestamp and appends them to
//! the change log in the same transaction, so the log and the rows never disagree.
//! [`Store::apply_changes`] plays changes from the log (this laptop's or another's)
//! back into rows, keeping for every field the value with the newest timestamp.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::clock::{Clock, Hlc, SystemClock};
use crate::error::{Error, Result};
use crate::schema::{self, Table};

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether [`Store::open`] may create a new database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file if it does not exist.
    CreateIfMissing,
    /// Fail with a clear message if the file does not exist.
    MustExist,
}

/// An open Tavolo database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    device: String,
    clock: Box<dyn Clock>,
    /// The newest clock value this database has seen (local or received).
    last: Hlc,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (and if needed creates and migrates) the database at `path`.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_with_clock(path, mode, Box::new(SystemClock))
    }

    /// Like [`Store::open`], with the given clock (tests use a fixed one).
    pub fn open_with_clock(path: &Path, mode: OpenMode, clock: Box<dyn Clock>) -> Result<Store> {
        let shown = path.display().to_string();
        let file_error = |message: String| Error::File {
            path: shown.clone(),
            message,
        };
        if path.is_dir() {
            return Err(file_error("is a folder, not a database file".into()));
        }
        if !path.exists() {
            if mode == OpenMode::MustExist {
                return Err(file_error(
                    "no database here (create one with `tavolo init`)".into(),
                ));
            }
            match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
                    return Err(file_error(format!(
                        "the folder {} does not exist",
                        dir.display()
                    )));
                }
                _ => {}
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| file_error(format!("cannot open the database ({e})")))?;
        configure(&conn).map_err(|e| match e {
            Error::Storage(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                file_error("is not a Tavolo database".into())
            }
            other => other,
        })?;
        schema::migrate(&mut conn)?;
        let device = device_id(&conn)?;
        let last = latest_hlc(&conn)?.unwrap_or_else(|| Hlc::zero(&device));
        Ok(Store {
            conn,
            path: path.to_owned(),
            device,
            clock,
            last,
        })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This database's device id (it appears in every clock value it writes).
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Runs `f` inside a read transaction, so it sees one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// Runs `f` inside one IMMEDIATE write transaction. Commits only if `f` returns
    /// `Ok`; with `synchronous=FULL` the data is on disk when this returns.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        let mut wtx = begin(
            &mut self.conn,
            &self.device,
            self.clock.as_ref(),
            &self.last,
        )?;
        let out = f(&mut wtx)?;
        let last = wtx.last.clone();
        wtx.tx.commit()?;
        self.last = last;
        Ok(out)
    }

    /// Runs `f` inside a write transaction and always rolls it back: what an action
    /// would do (an import's report before the user confirms it), without doing it.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        let mut wtx = begin(
            &mut self.conn,
            &self.device,
            self.clock.as_ref(),
            &self.last,
        )?;
        let out = f(&mut wtx);
        wtx.tx.rollback()?;
        out
    }

    /// Every change in the log, in clock order.
    pub fn changes(&self) -> Result<Vec<Change>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT device, seq, hlc, tbl, row_id, field, value FROM change_log ORDER BY hlc, field",
            )?;
            let rows = stmt.query_map([], Change::from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Plays `changes` (from this database's log or another's) into this database,
    /// in one transaction. For each field the value with the newest clock wins;
    /// changes already present are skipped, so applying twice is harmless.
    /// Returns how many changes were new.
    pub fn apply_changes(&mut self, changes: &[Change]) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Rows may arrive children first; foreign keys are checked at commit.
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let mut sorted: Vec<&Change> = changes.iter().collect();
        sorted.sort_by(|a, b| (&a.hlc, &a.field).cmp(&(&b.hlc, &b.field)));

        // Winning value per (table, row, field) among the new changes, and the order
        // in which rows first appear.
        let mut winners: BTreeMap<RowKey, BTreeMap<String, Value>> = BTreeMap::new();
        let mut row_order: Vec<RowKey> = Vec::new();
        let mut newest = self.last.clone();
        let mut fresh = 0;
        for change in sorted {
            let table = schema::table(&change.table).ok_or_else(|| {
                Error::Conflict(format!("change names an unknown table '{}'", change.table))
            })?;
            if !table.has_field(&change.field) {
                return Err(Error::Conflict(format!(
                    "change names an unknown field '{}.{}'",
                    change.table, change.field
                )));
            }
            let hlc: Hlc = change
                .hlc
                .parse()
                .map_err(|e: crate::clock::BadHlc| Error::Conflict(e.to_string()))?;
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO change_log (device, seq, hlc, tbl, row_id, field, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    change.device,
                    change.seq,
                    change.hlc,
                    change.table,
                    change.row_id,
                    change.field,
                    change.value
                ],
            )?;
            if inserted == 0 {
                continue;
            }
            fresh += 1;
            if hlc > newest {
                newest = hlc;
            }
            let current: Option<String> = tx
                .query_row(
                    "SELECT max(hlc) FROM change_log WHERE tbl = ?1 AND row_id = ?2 AND field = ?3",
                    params![change.table, change.row_id, change.field],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            if current.as_deref() != Some(change.hlc.as_str()) {
                continue; // an older value than the one already held
            }
            let key = (table.name, change.row_id.clone());
            let fields = winners.entry(key.clone()).or_insert_with(|| {
                row_order.push(key);
                BTreeMap::new()
            });
            fields.insert(change.field.clone(), change.value.clone());
        }
        for key in &row_order {
            let Some(fields) = winners.get(key) else {
                continue;
            };
            let Some(table) = schema::table(key.0) else {
                continue;
            };
            let values: Vec<(&str, Value)> = fields
                .iter()
                .map(|(f, v)| (f.as_str(), v.clone()))
                .collect();
            if row_exists(&tx, table, &key.1)? {
                update_row(&tx, table, &key.1, &values)?;
            } else {
                insert_row(&tx, table, &key.1, &values)?;
            }
        }
        tx.commit()?;
        self.last = newest;
        Ok(fresh)
    }
}

/// A replicated row: its table and id.
type RowKey = (&'static str, String);

/// Per-connection settings. They are not part of the migrations because SQLite
/// forgets most of them when the connection closes.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets the UI read while a write is under way; FULL makes a commit durable
    // (fsync of the WAL) before it returns: a saved note survives a power cut.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Conflict(format!(
            "the database could not switch to write-ahead logging (mode is {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // The SQL function fold() is registered by schema::migrate, which every open
    // runs next.
    Ok(())
}

/// A fact about this laptop's copy of the workspace (`local_meta`), never
/// replicated: `None` when it was never set.
pub fn local_value(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
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
fn device_id(conn: &Connection) -> Result<String> {
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

fn latest_hlc(conn: &Connection) -> Result<Option<Hlc>> {
    let text: Option<String> = conn
        .query_row("SELECT max(hlc) FROM change_log", [], |r| r.get(0))
        .optional()?
        .flatten();
    match text {
        None => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|e: crate::clock::BadHlc| Error::Conflict(e.to_string())),
    }
}

/// One field change in the change log.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub device: String,
    pub seq: i64,
    pub hlc: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    pub value: Value,
}

impl Change {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
        Ok(Change {
            device: row.get("device")?,
            seq: row.get("seq")?,
            hlc: row.get("hlc")?,
            table: row.get("tbl")?,
            row_id: row.get("row_id")?,
            field: row.get("field")?,
            value: row.get("value")?,
        })
    }
}

/// The one write transaction. Obtain it from [`Store::write`].
/// An IMMEDIATE write transaction, continuing this device's change sequence.
fn begin<'a>(
    conn: &'a mut Connection,
    device: &'a str,
    clock: &'a dyn Clock,
    last: &Hlc,
) -> Result<WriteTx<'a>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seq: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) FROM change_log WHERE device = ?1",
        [device],
        |r| r.get(0),
    )?;
    Ok(WriteTx {
        tx,
        device,
        clock,
        last: last.clone(),
        seq,
    })
}

pub struct WriteTx<'a> {
    tx: rusqlite::Transaction<'a>,
    device: &'a str,
    clock: &'a dyn Clock,
    last: Hlc,
    seq: i64,
}

impl WriteTx<'_> {
    /// Read access inside the transaction (sees the writes made so far).
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The store clock's current time in milliseconds (for timestamps in rows).
    pub fn now_millis(&self) -> u64 {
        self.clock.now_millis()
    }

    fn stamp(&mut self) -> (Hlc, i64) {
        let hlc = self.last.tick(self.clock.now_millis(), self.device);
        self.last = hlc.clone();
        self.seq += 1;
        (hlc, self.seq)
    }

    fn log(&mut self, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<()> {
        if fields.is_empty() {
            return Ok(());
        }
        let (hlc, seq) = self.stamp();
        let hlc = hlc.to_string();
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO change_log (device, seq, hlc, tbl, row_id, field, value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (field, value) in fields {
            stmt.execute(params![self.device, seq, hlc, table.name, id, field, value])?;
        }
        Ok(())
    }

    /// Inserts a new row with the given fields and logs every field.
    pub fn insert(&mut self, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<()> {
        check_fields(table, fields)?;
        let mut all = fields.to_vec();
        if !fields.iter().any(|(f, _)| *f == "deleted") {
            all.push(("deleted", Value::Integer(0)));
        }
        if row_exists(&self.tx, table, id)? {
            return Err(Error::Conflict(format!(
                "{} {id} already exists",
                table.name
            )));
        }
        insert_row(&self.tx, table, id, &all)?;
        self.log(table, id, &all)
    }

    /// Updates the given fields of a live row; logs only the fields whose value
    /// actually changes. Returns how many fields changed.
    pub fn update(&mut self, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<usize> {
        check_fields(table, fields)?;
        let current = row_values(&self.tx, table, id, false)?.ok_or_else(|| Error::NotFound {
            entity: table.name,
            id: id.to_owned(),
        })?;
        self.apply_diff(table, id, &current, fields)
    }

    /// Brings back a deleted row, setting the given fields and clearing its
    /// tombstone. Returns how many fields changed.
    pub fn revive(&mut self, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<usize> {
        check_fields(table, fields)?;
        let current = row_values(&self.tx, table, id, true)?.ok_or_else(|| Error::NotFound {
            entity: table.name,
            id: id.to_owned(),
        })?;
        let mut wanted = fields.to_vec();
        if !wanted.iter().any(|(f, _)| *f == "deleted") {
            wanted.push(("deleted", Value::Integer(0)));
        }
        self.apply_diff(table, id, &current, &wanted)
    }

    fn apply_diff(
        &mut self,
        table: &Table,
        id: &str,
        current: &HashMap<String, Value>,
        fields: &[(&str, Value)],
    ) -> Result<usize> {
        let changed: Vec<(&str, Value)> = fields
            .iter()
            .filter(|(f, v)| current.get(*f) != Some(v))
            .cloned()
            .collect();
        if changed.is_empty() {
            return Ok(0);
        }
        update_row(&self.tx, table, id, &changed)?;
        self.log(table, id, &changed)?;
        Ok(changed.len())
    }

    /// Deletes a row by writing its tombstone (`deleted = 1`).
    pub fn delete(&mut self, table: &Table, id: &str) -> Result<()> {
        self.update(table, id, &[("deleted", Value::Integer(1))])
            .map(|_| ())
    }
}

fn check_fields(table: &Table, fields: &[(&str, Value)]) -> Result<()> {
    for (field, _) in fields {
        if !table.has_field(field) {
            return Err(Error::Conflict(format!(
                "{} has no field '{field}'",
                table.name
            )));
        }
    }
    Ok(())
}

fn row_exists(conn: &Connection, table: &Table, id: &str) -> Result<bool> {
    let sql = format!("SELECT 1 FROM {} WHERE id = ?1", table.name);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The current values of a row by field name; deleted rows only when asked.
fn row_values(
    conn: &Connection,
    table: &Table,
    id: &str,
    include_deleted: bool,
) -> Result<Option<HashMap<String, Value>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1{}",
        table.fields.join(", "),
        table.name,
        if include_deleted {
            ""
        } else {
            " AND deleted = 0"
        }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = stmt
        .query_row([id], |r| {
            let mut map = HashMap::new();
            for (i, f) in table.fields.iter().enumerate() {
                map.insert((*f).to_owned(), r.get::<_, Value>(i)?);
            }
            Ok(map)
        })
        .optional()?;
    Ok(row)
}

// The two functions below build SQL from names. Every name comes from `schema`'s
// constant table list (checked by `check_fields` or `schema::table`), never from input.

fn insert_row(conn: &Connection, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<()> {
    let names: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
    let marks: Vec<String> = (2..=fields.len() + 1).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO {} (id, {}) VALUES (?1, {})",
        table.name,
        names.join(", "),
        marks.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![&id];
    values.extend(fields.iter().map(|(_, v)| v as &dyn rusqlite::ToSql));
    stmt.execute(values.as_slice())?;
    Ok(())
}

fn update_row(conn: &Connection, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<()> {
    let sets: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, (f, _))| format!("{f} = ?{}", i + 2))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ?1",
        table.name,
        sets.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![&id];
    values.extend(fields.iter().map(|(_, v)| v as &dyn rusqlite::ToSql));
    stmt.execute(values.as_slice())?;
    Ok(())
}
