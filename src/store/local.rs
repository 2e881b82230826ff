//! This laptop's own facts about its copy of the workspace (`local_meta`): the
//! device id, the pseudonym key, the first-launch choice. Never replicated: these
//! rows are outside the change log and never travel to another laptop.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

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

/// The `local_meta` keys of this copy's identity: its device id, the file it was
/// last opened as, and the workspace it belongs to.
const DEVICE_ID: &str = "device_id";
const DB_FILE: &str = "db_file";
pub(crate) const WORKSPACE_ID: &str = "workspace_id";

/// This database's device id, created on first open, and made anew when the file
/// turns out to be a copy (another computer, or another file on this one: a copy
/// on a USB stick, a backup restored). Two laptops must never write under one
/// device id, or their change sequences would collide; the new id carries on
/// knowing everything the old one had seen.
pub(super) fn device_id(conn: &Connection, path: &Path) -> Result<String> {
    let here = file_identity(path);
    // The usual open: everything already in place, nothing written, no write lock.
    if let (Some(id), Some(at), Some(_)) = (
        local_value(conn, DEVICE_ID)?,
        local_value(conn, DB_FILE)?,
        local_value(conn, WORKSPACE_ID)?,
    ) {
        if at == here {
            return Ok(id);
        }
    }
    // IMMEDIATE: it reads then writes, and a read upgraded to a write while another
    // connection writes fails at once instead of waiting its turn.
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let recorded = local_value(&tx, DB_FILE)?;
    let id = match local_value(&tx, DEVICE_ID)? {
        Some(old) if recorded.as_deref().is_none_or(|r| r == here) => old,
        Some(old) => successor(&tx, &old)?,
        None => {
            let new = uuid::Uuid::now_v7().simple().to_string();
            set(&tx, DEVICE_ID, &new)?;
            new
        }
    };
    set(&tx, DB_FILE, &here)?;
    // The workspace is born with the database, so a copy of the file belongs to
    // the same workspace as the original (an empty one adopts another's later).
    if local_value(&tx, WORKSPACE_ID)?.is_none() {
        set(
            &tx,
            WORKSPACE_ID,
            &uuid::Uuid::new_v4().simple().to_string(),
        )?;
    }
    tx.commit()?;
    Ok(id)
}

/// A new device id for this database, which knows the old id's changes and all
/// the old id had seen.
fn successor(conn: &Connection, old: &str) -> Result<String> {
    let new = uuid::Uuid::now_v7().simple().to_string();
    conn.execute(
        "INSERT OR IGNORE INTO sync_seen (device, peer, up_to, at_seq)
         SELECT ?2, peer, up_to, 0 FROM sync_seen WHERE device = ?1",
        params![old, new],
    )?;
    let written: i64 =
        conn.query_row(crate::store::log::LAST_SEQ_OF_DEVICE, [old], |r| r.get(0))?;
    if written > 0 {
        conn.execute(
            "INSERT OR IGNORE INTO sync_seen (device, peer, up_to, at_seq) VALUES (?2, ?1, ?3, 0)",
            params![old, new, written],
        )?;
    }
    set(conn, DEVICE_ID, &new)?;
    Ok(new)
}

impl Store {
    /// Gives this database a new device id (another copy was found writing under
    /// this one): from now on its writes cannot collide with the other copy's.
    pub fn rekey(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let new = successor(&tx, &self.device)?;
        tx.commit()?;
        self.device = new;
        Ok(())
    }
}

/// Records the file at `path` as this database's own, so a copy made for it
/// (the encrypted file `tavolo encrypt` puts in place of the plain one, under
/// the same name) keeps the device id instead of looking like a copy.
pub(super) fn claim_file(conn: &Connection, path: &Path) -> Result<()> {
    set(conn, DB_FILE, &file_identity(path))
}

fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO local_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The computer and the file on its disk: it changes when the file is copied
/// (a new file) or carried to another computer, not when it is renamed or moved.
fn file_identity(path: &Path) -> String {
    let machine = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|f| std::fs::read_to_string(f).ok())
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    let meta = std::fs::metadata(path).ok();
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::MetadataExt;
        meta.map(|m| format!("{}:{}", m.dev(), m.ino()))
            .unwrap_or_default()
    };
    #[cfg(not(unix))]
    let file = {
        let created = meta
            .and_then(|m| m.created().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let at = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        format!("{}|{created}", at.display())
    };
    format!("{machine}|{file}")
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

/// The `local_meta` keys of the lines printed on top of the sign-in sheet and
/// the minutes: the project's name and the funder's.
const PRINT_PROJECT: &str = "print_project";
const PRINT_FUNDER: &str = "print_funder";

/// The project and funder lines for printed documents, as last typed for this
/// workspace on this laptop (empty when never typed).
pub fn print_header(conn: &Connection) -> Result<(String, String)> {
    Ok((
        local_value(conn, PRINT_PROJECT)?.unwrap_or_default(),
        local_value(conn, PRINT_FUNDER)?.unwrap_or_default(),
    ))
}

impl Store {
    /// Remembers the project and funder lines for this workspace's printed
    /// documents (a line of up to 300 characters each).
    pub fn set_print_header(&mut self, project: &str, funder: &str) -> Result<()> {
        let project = crate::validate::free_text("project", project.trim(), 300)?;
        let funder = crate::validate::free_text("funder", funder.trim(), 300)?;
        self.set_local_value(PRINT_PROJECT, &project)?;
        self.set_local_value(PRINT_FUNDER, &funder)
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
