//! No silent loss of text. When two laptops changed the same text field (a note,
//! an organisation's notes …) without either having seen the other's change, both
//! converge on the same value — the newer clock wins, as for every field — and the
//! other value is kept as a conflict, listed on every laptop, until someone keeps
//! one or writes a merged text. That resolution is an ordinary change: it knows
//! both values, so every laptop that receives it closes the conflict too.
//!
//! Whether a change knew another comes from `sync_seen`: device D's change at
//! sequence S knew peer P's change at sequence T when D had applied P's changes up
//! to T or beyond before writing S (a device's own changes know its earlier ones).

use std::collections::BTreeMap;

/// A value of the log (text, number, nothing), as conflicts carry them.
pub use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Problem, Result};
use crate::store::{schema, Change, Store};

/// The fields whose concurrent edits are kept as conflicts instead of one side
/// being dropped: the texts people write.
pub const TEXT_FIELDS: &[(&str, &str)] = &[
    ("notes", "text"),
    ("organisations", "notes"),
    ("organisations", "address"),
    ("meetings", "title"),
    ("meeting_tables", "title"),
    ("guiding_questions", "text"),
    ("agenda_items", "title"),
];

/// One side of a conflict: a change in the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub device: String,
    pub seq: i64,
    pub hlc: String,
    pub value: Value,
}

/// A text changed on two laptops apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: String,
    pub table: String,
    pub row_id: String,
    pub field: String,
    /// The value in the row (the newer clock).
    pub kept: Side,
    /// The value kept aside.
    pub other: Side,
}

/// Whether `device`'s change at `seq` was written knowing `peer`'s at `peer_seq`.
fn knew(conn: &Connection, device: &str, seq: i64, peer: &str, peer_seq: i64) -> Result<bool> {
    if device == peer {
        return Ok(seq >= peer_seq);
    }
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM sync_seen WHERE device = ?1 AND peer = ?2 AND up_to >= ?3 AND at_seq < ?4 LIMIT 1",
        )?
        .query_row(params![device, peer, peer_seq, seq], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The newest change to each text field among `incoming`.
fn last_text_changes(incoming: &[Change]) -> Vec<&Change> {
    let mut last: BTreeMap<(&str, &str, &str), &Change> = BTreeMap::new();
    for c in incoming {
        if !TEXT_FIELDS.contains(&(c.table.as_str(), c.field.as_str())) {
            continue;
        }
        let key = (c.table.as_str(), c.row_id.as_str(), c.field.as_str());
        if last.get(&key).is_none_or(|old| c.hlc > old.hlc) {
            last.insert(key, c);
        }
    }
    last.into_values().collect()
}

/// The change this database holds for a field (the newest), if any.
fn current(conn: &Connection, table: &str, row_id: &str, field: &str) -> Result<Option<Side>> {
    Ok(conn
        .prepare_cached(
            "SELECT device, seq, hlc, value FROM change_log
             WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 ORDER BY hlc DESC LIMIT 1",
        )?
        .query_row(params![table, row_id, field], |r| {
            Ok(Side {
                device: r.get(0)?,
                seq: r.get(1)?,
                hlc: r.get(2)?,
                value: r.get(3)?,
            })
        })
        .optional()?)
}

/// Before `incoming` (one device's changes, its `sync_seen` already recorded) is
/// applied: its text changes that are concurrent with what this database holds.
pub(crate) fn detect(conn: &Connection, incoming: &[Change]) -> Result<Vec<Conflict>> {
    let mut found = Vec::new();
    for c in last_text_changes(incoming) {
        // A row this database does not hold has no change either: nothing to
        // compare (most of a first sync; the row lookup is the cheaper one).
        let held = crate::store::schema::table(&c.table)
            .map(|t| crate::store::write::row_exists(conn, t, &c.row_id))
            .transpose()?
            .unwrap_or(false);
        if !held {
            continue;
        }
        let Some(local) = current(conn, &c.table, &c.row_id, &c.field)? else {
            continue;
        };
        if local.device == c.device
            || knew(conn, &c.device, c.seq, &local.device, local.seq)?
            || knew(conn, &local.device, local.seq, &c.device, c.seq)?
        {
            continue;
        }
        let theirs = Side {
            device: c.device.clone(),
            seq: c.seq,
            hlc: c.hlc.clone(),
            value: c.value.clone(),
        };
        let (kept, other) = if theirs.hlc > local.hlc {
            (theirs, local)
        } else {
            (local, theirs)
        };
        let id = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!(
                "tavolo-conflict|{}|{}|{}|{}",
                c.table, c.row_id, c.field, other.hlc
            )
            .as_bytes(),
        )
        .simple()
        .to_string();
        found.push(Conflict {
            id,
            table: c.table.clone(),
            row_id: c.row_id.clone(),
            field: c.field.clone(),
            kept,
            other,
        });
    }
    Ok(found)
}

/// After `incoming` is applied: the conflicts found are kept, and open ones whose
/// both sides one of the incoming changes knew are closed by it.
pub(crate) fn record(conn: &Connection, found: &[Conflict], incoming: &[Change]) -> Result<()> {
    for k in found {
        conn.execute(
            "INSERT OR IGNORE INTO sync_conflicts (id, tbl, row_id, field, kept_device, kept_seq,
               kept_hlc, other_device, other_seq, other_hlc, other_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                k.id,
                k.table,
                k.row_id,
                k.field,
                k.kept.device,
                k.kept.seq,
                k.kept.hlc,
                k.other.device,
                k.other.seq,
                k.other.hlc,
                k.other.value
            ],
        )?;
    }
    for c in last_text_changes(incoming) {
        close_known(
            conn, &c.table, &c.row_id, &c.field, &c.device, c.seq, &c.hlc,
        )?;
    }
    Ok(())
}

/// Closes the open conflicts of a field whose both sides the change
/// (`device`, `seq`, `hlc`) knew.
fn close_known(
    conn: &Connection,
    table: &str,
    row_id: &str,
    field: &str,
    device: &str,
    seq: i64,
    hlc: &str,
) -> Result<()> {
    let open: Vec<(String, String, i64, String, i64)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, kept_device, kept_seq, other_device, other_seq FROM sync_conflicts
             WHERE tbl = ?1 AND row_id = ?2 AND field = ?3 AND resolved_hlc IS NULL",
        )?;
        let rows = stmt.query_map(params![table, row_id, field], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, kd, ks, od, os) in open {
        if knew(conn, device, seq, &kd, ks)? && knew(conn, device, seq, &od, os)? {
            conn.execute(
                "UPDATE sync_conflicts SET resolved_hlc = ?2 WHERE id = ?1",
                params![id, hlc],
            )?;
        }
    }
    Ok(())
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Conflict> {
    Ok(Conflict {
        id: r.get("id")?,
        table: r.get("tbl")?,
        row_id: r.get("row_id")?,
        field: r.get("field")?,
        kept: Side {
            device: r.get("kept_device")?,
            seq: r.get("kept_seq")?,
            hlc: r.get("kept_hlc")?,
            value: r.get("kept_value")?,
        },
        other: Side {
            device: r.get("other_device")?,
            seq: r.get("other_seq")?,
            hlc: r.get("other_hlc")?,
            value: r.get("other_value")?,
        },
    })
}

const SELECT: &str = "SELECT k.*, (SELECT value FROM change_log c WHERE c.device = k.kept_device
       AND c.seq = k.kept_seq AND c.field = k.field) AS kept_value
     FROM sync_conflicts k";

/// The conflicts nobody has resolved yet, oldest first.
pub fn open(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE k.resolved_hlc IS NULL ORDER BY k.other_hlc, k.id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Which value a resolution keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keep {
    /// The side written on this laptop (the value in the row when neither was).
    Mine,
    /// The other side.
    Theirs,
    /// A text written from both.
    Merged(String),
}

impl Keep {
    /// "mine", "theirs" or "merged" (with the merged text); another code is an
    /// error naming `field`.
    pub fn parse(field: &str, code: &str, text: Option<String>) -> Result<Keep> {
        match (code, text) {
            ("mine", _) => Ok(Keep::Mine),
            ("theirs", _) => Ok(Keep::Theirs),
            ("merged", Some(t)) if !t.trim().is_empty() => Ok(Keep::Merged(t)),
            ("merged", _) => Err(Error::invalid("text", Problem::Required)),
            (other, _) => Err(Error::invalid(
                field,
                Problem::Unknown {
                    value: other.to_owned(),
                    accepted: "mine, theirs, merged".into(),
                },
            )),
        }
    }
}

/// Resolves a conflict by writing the value kept as an ordinary change (it knows
/// both sides, so it closes the conflict on every laptop that receives it).
pub fn resolve(store: &mut Store, id: &str, keep: &Keep) -> Result<()> {
    let conflict = store
        .read(|c| {
            let mut stmt = c.prepare(&format!("{SELECT} WHERE k.id = ?1"))?;
            Ok(stmt.query_row([id], from_row).optional()?)
        })?
        .ok_or_else(|| Error::NotFound {
            entity: "conflict",
            id: id.to_owned(),
        })?;
    let me = store.device().to_owned();
    let value = match keep {
        Keep::Merged(text) => Value::Text(text.clone()),
        Keep::Mine if conflict.other.device == me => conflict.other.value.clone(),
        Keep::Mine => conflict.kept.value.clone(),
        Keep::Theirs if conflict.other.device == me => conflict.kept.value.clone(),
        Keep::Theirs => conflict.other.value.clone(),
    };
    let table = schema::table(&conflict.table).ok_or_else(|| {
        Error::invalid(
            "conflict",
            Problem::Unknown {
                value: conflict.table.clone(),
                accepted: "the tables of this version of Tavolo".into(),
            },
        )
    })?;
    store.write(|tx| {
        let before = current(
            tx.conn(),
            &conflict.table,
            &conflict.row_id,
            &conflict.field,
        )?;
        let same = before.as_ref().is_some_and(|b| b.value == value);
        match &value {
            // A new text of a note goes through the notes' rules (its #tags).
            Value::Text(text) if !same && table.name == "notes" && conflict.field == "text" => {
                let edit = crate::notes::NoteEdit {
                    text: Some(text.clone()),
                    kind: None,
                    speaker_id: None,
                    table_id: None,
                };
                crate::notes::edit(tx, &conflict.row_id, &edit)?;
            }
            _ => tx.restate(
                table,
                &conflict.row_id,
                &[(conflict.field.as_str(), value.clone())],
            )?,
        }
        let written = current(
            tx.conn(),
            &conflict.table,
            &conflict.row_id,
            &conflict.field,
        )?
        .ok_or_else(|| Error::Internal("the resolution was not written".into()))?;
        // Written here, knowing both sides: closed on this laptop now, and on the
        // others when they receive it.
        tx.conn().execute(
            "UPDATE sync_conflicts SET resolved_hlc = ?2 WHERE id = ?1",
            params![conflict.id, written.hlc],
        )?;
        Ok(())
    })
}
