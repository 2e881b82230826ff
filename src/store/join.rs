//! A whole history applied into an empty database: how a new laptop joins a
//! workspace. Nothing is held yet, so nothing can be older or newer than what
//! arrives: every row is written once with its final values (the newest change of
//! each field), and the change log is filled in its own key's order with its two
//! secondary indexes built afterwards from sorted data, instead of being kept up
//! one insert at a time. All of it is one transaction: the laptop either holds
//! the whole history or, after a crash, nothing of it (the next sync applies it
//! again).

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::Result;
use crate::store::log::Appender;
use crate::store::replay::resolve;
use crate::store::write::insert_row;
use crate::store::{Change, Store};

/// How often the join says how far it has got (changes written to the log).
const PROGRESS_EVERY: usize = 2_000;

/// The notes' full-text index (an external-content FTS5 table over `notes`) and
/// the trigger that keeps it as notes are added (migration 0002).
const FTS_TABLE: &str = "notes_fts";
const FTS_TRIGGER: &str = "notes_fts_insert";

/// The SQL that made a schema object, if the file has it.
fn definition(conn: &Connection, kind: &str, name: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = ?1 AND name = ?2",
            [kind, name],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether the change log holds nothing: a database that has never been written.
pub(crate) fn log_is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM change_writes LIMIT 1", [], |_| Ok(()))
        .optional()?
        .is_none())
}

/// A row by table and id, borrowed from the changes.
type Key<'c> = (&'static str, &'c str);

impl Store {
    /// Applies `changes` into this database if its change log is empty, between
    /// `before` and `after` as [`Store::apply_changes_and`] does; `None`, with
    /// nothing done, when the log holds anything (the caller applies in batches).
    /// `progress` hears how many changes are in so far, now and then, before the
    /// commit.
    ///
    /// A write of this laptop made meanwhile waits for the commit (a few seconds
    /// for the demo at scale 100); an empty database has nothing to take notes in.
    pub(crate) fn apply_into_empty<B, T>(
        &mut self,
        changes: &[Change],
        progress: &dyn Fn(usize),
        before: impl FnOnce(&Connection) -> Result<B>,
        after: impl FnOnce(&Connection, B) -> Result<T>,
    ) -> Result<Option<(usize, T)>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !log_is_empty(&tx)? {
            return Ok(None);
        }
        let seen = before(&tx)?;
        // Rows may reference rows that arrive after them; checked at commit.
        tx.pragma_update(None, "defer_foreign_keys", true)?;

        // The newest change of every field of every row, rows in the order they
        // first appear (the sender's order of creation, so parents come first).
        let mut order: Vec<Key<'_>> = Vec::new();
        let mut rows: HashMap<Key<'_>, BTreeMap<&str, (&str, &Value)>> = HashMap::new();
        let mut newest = self.last.clone();
        // Each change's stamp as its two numbers, for the log below.
        let mut stamps: Vec<(u64, u32)> = Vec::with_capacity(changes.len());
        for change in changes {
            let (table, hlc) = resolve(change)?;
            stamps.push((hlc.millis, hlc.counter));
            if hlc > newest {
                newest = hlc;
            }
            let key = (table.name, change.row_id.as_str());
            let fields = rows.entry(key).or_insert_with(|| {
                order.push(key);
                BTreeMap::new()
            });
            let field = change.field.as_str();
            if fields
                .get(field)
                .is_none_or(|(h, _)| change.hlc.as_str() > *h)
            {
                fields.insert(field, (change.hlc.as_str(), &change.value));
            }
        }
        // The notes' full-text index is built once from the rows, as FTS5's
        // 'rebuild' makes it, instead of by its insert trigger: FTS5 writes its
        // pending terms out at every statement that touches it, so a trigger per
        // note makes thousands of tiny segments to merge.
        let fts_trigger = definition(&tx, "trigger", FTS_TRIGGER)?;
        if fts_trigger.is_some() {
            tx.execute_batch(&format!("DROP TRIGGER {FTS_TRIGGER}"))?;
        }
        for key in &order {
            let (Some(table), Some(fields)) = (crate::store::schema::table(key.0), rows.get(key))
            else {
                continue;
            };
            let values: Vec<(&str, Value)> = fields
                .iter()
                .map(|(f, (_, v))| (*f, (*v).clone()))
                .collect();
            insert_row(&tx, table, key.1, &values)?;
        }
        if let Some(sql) = fts_trigger {
            tx.execute_batch(&sql)?;
            tx.execute_batch(&format!(
                "INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')"
            ))?;
        }
        // The log without its secondary indexes, then the indexes as the schema
        // defines them (read back from the file, so they stay the migrations').
        let indexes: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND tbl_name IN ('change_writes', 'change_entries') AND sql IS NOT NULL",
            )?;
            let found = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            found
        };
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        let mut fresh = 0;
        {
            let mut log = Appender::new(&tx)?;
            for (i, (c, (millis, counter))) in changes.iter().zip(stamps).enumerate() {
                if i > 0 && i % PROGRESS_EVERY == 0 {
                    progress(i);
                }
                fresh += usize::from(log.append(c, millis, counter)?);
            }
        }
        for (_, sql) in &indexes {
            tx.execute_batch(sql)?;
        }
        let out = after(&tx, seen)?;
        tx.commit()?;
        self.last = newest;
        Ok(Some((fresh, out)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::register::territories::{self, NewTerritory};
    use crate::store::{OpenMode, Store};
    use crate::vocabulary::TerritoryKind;

    fn region(store: &mut Store, name: &str) {
        store
            .write(|tx| {
                territories::create(
                    tx,
                    &NewTerritory {
                        kind: TerritoryKind::Region,
                        name: name.into(),
                        parent_id: None,
                    },
                )
            })
            .unwrap();
    }

    #[test]
    fn a_database_that_holds_anything_is_left_to_the_batches_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Store::open(&dir.path().join("a.db"), OpenMode::CreateIfMissing).unwrap();
        region(&mut a, "Basilicata");
        let changes = a.changes().unwrap();
        let mut b = Store::open(&dir.path().join("b.db"), OpenMode::CreateIfMissing).unwrap();
        region(&mut b, "Calabria");
        let before = b.changes().unwrap();
        let out = b
            .apply_into_empty(&changes, &|_| {}, |_| Ok(()), |_, ()| Ok(()))
            .unwrap();
        assert!(out.is_none());
        assert_eq!(b.changes().unwrap(), before, "nothing was written");
        // Into an empty one, the same changes go in whole.
        let mut c = Store::open(&dir.path().join("c.db"), OpenMode::CreateIfMissing).unwrap();
        let out = c
            .apply_into_empty(&changes, &|_| {}, |_| Ok(()), |_, ()| Ok(()))
            .unwrap();
        assert_eq!(out, Some((changes.len(), ())));
        assert_eq!(c.changes().unwrap(), changes);
    }
}
