//! Replaying a change log, this laptop's or another's, into rows: for every field
//! the value with the newest hybrid-logical-clock stamp wins.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Problem, Result};
use crate::store::clock::Hlc;
use crate::store::log::{check_stamp, Appender};
use crate::store::schema;
use crate::store::write::{insert_row, row_exists, update_row};
use crate::store::Store;

impl Store {
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
        self.apply_changes_and(changes, |_| Ok(()), |_, ()| Ok(()))
            .map(|(n, ())| n)
    }

    /// [`Store::apply_changes`] between `before` (which sees the rows as they were)
    /// and `after`, in one transaction: sync compares what arrives with what is
    /// held, and notes what it applied, so the rows and those notes never disagree.
    pub fn apply_changes_and<B, T>(
        &mut self,
        changes: &[Change],
        before: impl FnOnce(&rusqlite::Connection) -> Result<B>,
        after: impl FnOnce(&rusqlite::Connection, B) -> Result<T>,
    ) -> Result<(usize, T)> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let seen = before(&tx)?;
        // Rows may arrive children first; foreign keys are checked at commit.
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let mut sorted: Vec<&Change> = changes.iter().collect();
        sorted.sort_by(|a, b| (&a.hlc, &a.field).cmp(&(&b.hlc, &b.field)));

        // Winning value per (table, row, field) among the new changes, and the order
        // in which rows first appear.
        let mut winners: BTreeMap<RowKey, BTreeMap<String, Value>> = BTreeMap::new();
        // Whether each row was held before this batch, in the order rows first
        // appear. A row not held has no change in the log either (rows are never
        // removed, only marked deleted, and every logged change made or updated its
        // row in the same transaction), so among its changes the newest in this
        // batch wins without asking the log: most of a first sync is such rows.
        let mut row_order: Vec<(RowKey, bool)> = Vec::new();
        let mut held: HashMap<RowKey, bool> = HashMap::new();
        let mut newest = self.last.clone();
        let mut fresh = 0;
        let mut log = Appender::new(&tx)?;
        let mut newest_stamp = tx.prepare_cached(crate::store::log::NEWEST_OF_FIELD)?;
        for change in sorted {
            let (table, hlc) = resolve(change)?;
            if !log.append(change, hlc.millis, hlc.counter)? {
                continue;
            }
            fresh += 1;
            if hlc > newest {
                newest = hlc;
            }
            let key = (table.name, change.row_id.clone());
            let was_held = match held.get(&key) {
                Some(known) => *known,
                None => {
                    let known = row_exists(&tx, table, &change.row_id)?;
                    held.insert(key.clone(), known);
                    row_order.push((key.clone(), known));
                    known
                }
            };
            if was_held {
                let current: Option<String> = newest_stamp
                    .query_row(params![change.table, change.row_id, change.field], |r| {
                        r.get(0)
                    })
                    .optional()?
                    .flatten();
                if current.as_deref() != Some(change.hlc.as_str()) {
                    continue; // an older value than the one already held
                }
            }
            // Changes come in clock order: a later one for the same field replaces.
            winners
                .entry(key)
                .or_default()
                .insert(change.field.clone(), change.value.clone());
        }
        drop(log);
        drop(newest_stamp);
        for (key, was_held) in &row_order {
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
            if *was_held {
                update_row(&tx, table, &key.1, &values)?;
            } else {
                insert_row(&tx, table, &key.1, &values)?;
            }
        }
        let out = after(&tx, seen)?;
        tx.commit()?;
        self.last = newest;
        Ok((fresh, out))
    }
}

/// A replicated row: its table and id.
type RowKey = (&'static str, String);

/// The table a change names and its clock value, or why the change cannot be
/// applied by this version of Tavolo.
pub(super) fn resolve(change: &Change) -> Result<(&'static schema::Table, Hlc)> {
    let table = schema::table(&change.table).ok_or_else(|| {
        Error::invalid(
            "change",
            Problem::Unknown {
                value: change.table.clone(),
                accepted: "the tables of this version of Tavolo".into(),
            },
        )
    })?;
    if !table.has_field(&change.field) {
        return Err(Error::invalid(
            "change",
            Problem::Unknown {
                value: format!("{}.{}", change.table, change.field),
                accepted: "the fields of this version of Tavolo".into(),
            },
        ));
    }
    let hlc = change
        .hlc
        .parse()
        .map_err(|e: crate::store::clock::BadHlc| {
            Error::invalid(
                "change",
                Problem::BadFormat {
                    value: e.to_string(),
                    expected: "a clock value",
                },
            )
        })?;
    check_stamp(change, &hlc)?;
    Ok((table, hlc))
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
    /// A change from a `change_log` row (columns by name).
    pub fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
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
