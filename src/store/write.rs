//! The one write path: [`WriteTx`], the only way replicated rows change. Every
//! call stamps the fields it changes with one hybrid-logical-clock value and
//! appends them to `change_log` in the same transaction.

use rusqlite::types::Value;
use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt::Write as _;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};
use crate::store::clock::{Clock, Hlc};
use crate::store::log;
use crate::store::schema::Table;

/// The one write transaction. Obtain it from [`Store::write`].
/// An IMMEDIATE write transaction, continuing this device's change sequence.
pub(super) fn begin<'a>(
    conn: &'a mut Connection,
    device: &'a str,
    clock: &'a dyn Clock,
    last: &Hlc,
) -> Result<WriteTx<'a>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // The queries below run at every write (a note's save among them): cached, so
    // they are not parsed again each time.
    let dev = log::device_no(&tx, device)?;
    let seq = log::last_seq(&tx, dev)?;
    // Another process (the CLI beside the app) may have written since this one
    // last did: the newest stamp in the file, read under the write lock, keeps
    // every stamp unique and increasing whoever writes.
    let newest: Option<String> = tx
        .prepare_cached(log::NEWEST_STAMP)?
        .query_row([], |r| r.get(0))?;
    let mut last = last.clone();
    if let Some(seen) = newest.and_then(|t| t.parse::<Hlc>().ok()) {
        if seen > last {
            last = seen;
        }
    }
    Ok(WriteTx {
        tx,
        device,
        dev,
        clock,
        last,
        seq,
    })
}

/// A row for [`WriteTx::insert_tables`]: its id and its fields.
pub type Row = (String, Vec<(&'static str, Value)>);

/// What [`WriteTx::insert_tables`] returns: on failure, the place of the row
/// that failed (its table's in `tables`, its own in the table's rows), and why.
pub type RowsResult = std::result::Result<(), (usize, usize, Error)>;

pub struct WriteTx<'a> {
    pub(super) tx: rusqlite::Transaction<'a>,
    device: &'a str,
    /// This device's number in the file's log (`log_devices`).
    dev: i64,
    clock: &'a dyn Clock,
    pub(super) last: Hlc,
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

    fn log<V: Borrow<Value>>(
        &mut self,
        table: &Table,
        id: &str,
        fields: &[(&str, V)],
    ) -> Result<()> {
        if fields.is_empty() {
            return Ok(());
        }
        let (hlc, seq) = self.stamp();
        let millis = log::stamp_millis(hlc.millis);
        self.tx
            .prepare_cached(log::WRITE_SQL)?
            .execute(rusqlite::params![
                self.dev,
                seq,
                millis,
                hlc.counter,
                table.name,
                id
            ])?;
        // One statement for all the fields of the write: the write's key is
        // bound once, and the entries' b-tree is walked once, each field's entry
        // going in beside the one before (a statement each opened the table and
        // searched it again from the root every time).
        let mut stmt = self.tx.prepare_cached(&log::entries_sql(fields.len()))?;
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&self.dev, &seq];
        for (field, value) in fields {
            values.push(field);
            values.push(value.borrow());
        }
        stmt.execute(values.as_slice())?;
        Ok(())
    }

    /// Writes `fields` and logs every one, even those that already hold that value:
    /// a decision that must reach the other laptops as a change (a sync conflict
    /// resolved by keeping the text the row already shows).
    pub fn restate(&mut self, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<()> {
        check_fields(table, fields)?;
        if !row_exists(&self.tx, table, id)? {
            return Err(Error::NotFound {
                entity: table.name,
                id: id.to_owned(),
            });
        }
        update_row(&self.tx, table, id, fields)?;
        self.log(table, id, fields)
    }

    /// Inserts a new row with the given fields and logs every field.
    pub fn insert(&mut self, table: &Table, id: &str, fields: &[(&str, Value)]) -> Result<()> {
        let all = self.insert_unlogged(table, id, fields)?;
        self.log(table, id, &all)
    }

    /// The row of [`WriteTx::insert`], not yet logged: checked and written with
    /// its tombstone field, which is returned with it (the fields to log). An id
    /// already taken is refused by the primary key itself: one search of the id,
    /// not a lookup first and the key's own check after.
    fn insert_unlogged<'f>(
        &self,
        table: &Table,
        id: &str,
        fields: &'f [(&'f str, Value)],
    ) -> Result<Vec<(&'f str, &'f Value)>> {
        check_fields(table, fields)?;
        let all = with_deleted(fields);
        insert_row(&self.tx, table, id, &all).map_err(|e| match e {
            Error::Storage(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                Error::Conflict(format!("{} {id} already exists", table.name))
            }
            other => other,
        })?;
        Ok(all)
    }

    /// Inserts the new rows of several tables, as [`WriteTx::insert`] does each
    /// (a bulk import's): the tables in the order given (parents before
    /// children), each table's rows in theirs; then logs every field, in the
    /// order of the tables' names, the rows' ids and the fields' names. So the
    /// change log's entries arrive in the order of every one of its b-trees (the
    /// sequence, the stamp, and the table, row and field), each entry written at
    /// the end of each instead of at a random place; the rows
    /// themselves keep their order (the notes' is the order of recency in a
    /// search). A failure names the row: the table's place in `tables`, the
    /// row's in its rows.
    ///
    /// A row's tombstone at 0 is not logged when the row has other fields (about
    /// one entry in seven of an import): every laptop that receives the row makes it
    /// with `deleted` at its column's default, 0, and an entry older than every
    /// later change to the row could only matter against a change made before
    /// it, which no laptop can have made: the import goes into an empty
    /// workspace. ([`WriteTx::insert`] logs it: a link row's id comes from its
    /// two ends, so two laptops may make the same link, and a later making must
    /// win over an earlier deletion.)
    pub fn insert_tables(&mut self, tables: &[(&Table, &[Row])]) -> RowsResult {
        for (t, (table, rows)) in tables.iter().enumerate() {
            for (n, (id, fields)) in rows.iter().enumerate() {
                // The fields to log are made again below, row by row: kept
                // here, every value of the workspace would be held twice.
                self.insert_unlogged(table, id, fields)
                    .map_err(|e| (t, n, e))?;
            }
        }
        let mut order: Vec<(usize, usize)> = tables
            .iter()
            .enumerate()
            .flat_map(|(t, (_, rows))| (0..rows.len()).map(move |n| (t, n)))
            .collect();
        let key = |&(t, n): &(usize, usize)| (tables[t].0.name, tables[t].1[n].0.as_str());
        order.sort_by(|a, b| key(a).cmp(&key(b)));
        for (t, n) in order {
            let (table, rows) = tables[t];
            let (id, fields) = &rows[n];
            let mut all: Vec<(&str, &Value)> = if fields.is_empty() {
                with_deleted(fields)
            } else {
                fields.iter().map(|(f, v)| (*f, v)).collect()
            };
            all.sort_unstable_by(|a, b| a.0.cmp(b.0));
            self.log(table, id, &all).map_err(|e| (t, n, e))?;
        }
        Ok(())
    }

    /// Inserts the row with `fields`; when a row with this id is already there
    /// (a link made again: its id is derived from its two ends) brings it back,
    /// live, with `again` set instead.
    pub fn insert_or_revive(
        &mut self,
        table: &Table,
        id: &str,
        fields: &[(&str, Value)],
        again: &[(&str, Value)],
    ) -> Result<()> {
        if row_exists(&self.tx, table, id)? {
            self.revive(table, id, again).map(|_| ())
        } else {
            self.insert(table, id, fields)
        }
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

/// `fields` with the tombstone field a new row is written with, unless given: the
/// values borrowed, not copied (a workbook's import passes every value of the
/// workspace through here).
fn with_deleted<'f>(fields: &'f [(&'f str, Value)]) -> Vec<(&'f str, &'f Value)> {
    static LIVE: Value = Value::Integer(0);
    let mut all: Vec<(&str, &Value)> = Vec::with_capacity(fields.len() + 1);
    all.extend(fields.iter().map(|(f, v)| (*f, v)));
    if !fields.iter().any(|(f, _)| *f == "deleted") {
        all.push(("deleted", &LIVE));
    }
    all
}

fn check_fields(table: &Table, fields: &[(&str, Value)]) -> Result<()> {
    for (field, _) in fields {
        if !table.has_field(field) {
            // The domain modules name the fields: a wrong one is a bug in Tavolo.
            return Err(Error::Internal(format!(
                "{} has no field '{field}'",
                table.name
            )));
        }
    }
    Ok(())
}

pub(crate) fn row_exists(conn: &Connection, table: &Table, id: &str) -> Result<bool> {
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

pub(super) fn insert_row<V: Borrow<Value>>(
    conn: &Connection,
    table: &Table,
    id: &str,
    fields: &[(&str, V)],
) -> Result<()> {
    // The statement's text is its key in the cache: made in one string.
    let mut sql = format!("INSERT INTO {} (id", table.name);
    for (f, _) in fields {
        sql.push_str(", ");
        sql.push_str(f);
    }
    sql.push_str(") VALUES (?1");
    for i in 2..=fields.len() + 1 {
        // Writing into a String cannot fail.
        let _ = write!(sql, ", ?{i}");
    }
    sql.push(')');
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(fields.len() + 1);
    values.push(&id);
    values.extend(
        fields
            .iter()
            .map(|(_, v)| v.borrow() as &dyn rusqlite::ToSql),
    );
    stmt.execute(values.as_slice())?;
    Ok(())
}

pub(super) fn update_row(
    conn: &Connection,
    table: &Table,
    id: &str,
    fields: &[(&str, Value)],
) -> Result<()> {
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
