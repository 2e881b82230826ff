//! A database that cannot be opened, or that fails SQLite's `quick_check`: what
//! the app's recovery screen offers. Put a backup in its place (the damaged file
//! is kept aside, never deleted), or copy out into a new file whatever rows can
//! still be read.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::store::backup::{self, Reason};
use crate::store::cipher::{self, Passphrase};
use crate::store::clock::Hlc;
use crate::store::log::{check_stamp, Appender};
use crate::store::{schema, Change, OpenMode, Store};

/// Why a database cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// It does not open as a database (its header is gone, or it is no database).
    Unopenable,
    /// It opens, and SQLite's `quick_check` finds damage.
    Damaged,
    /// It is sound, and Tavolo still cannot use it (a newer Tavolo's schema, a
    /// folder where the file should be …).
    Refused,
    /// It is encrypted and no keyring gave its passphrase (or gave a wrong one).
    Locked,
}

impl Damage {
    pub fn code(self) -> &'static str {
        match self {
            Damage::Unopenable => "unopenable",
            Damage::Damaged => "damaged",
            Damage::Refused => "refused",
            Damage::Locked => "locked",
        }
    }
}

/// What is wrong with a database file, with SQLite's own words for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub damage: Damage,
    pub detail: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.damage {
            Damage::Unopenable => write!(f, "cannot be opened ({})", self.detail),
            Damage::Damaged => write!(f, "is damaged ({})", self.detail),
            Damage::Refused => write!(f, "cannot be used ({})", self.detail),
            Damage::Locked => write!(f, "is encrypted ({})", self.detail),
        }
    }
}

/// What is wrong with the database at `path`, if anything: it cannot be opened
/// as a database, or SQLite's `quick_check` finds damage (the first line it
/// reports). Reads only.
pub fn problem(path: &Path) -> Option<Problem> {
    let found = |damage, detail: String| Some(Problem { damage, detail });
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => return found(Damage::Unopenable, e.to_string()),
    };
    // An encrypted file this process holds the passphrase of is checked inside.
    if cipher::is_encrypted(path) {
        if let Some(k) = cipher::remembered(path) {
            if let Err(e) = cipher::unlock(&conn, &k, path) {
                return found(Damage::Unopenable, e.to_string());
            }
        }
    }
    // A file that is no database at all fails at its first read.
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        return found(Damage::Unopenable, e.to_string());
    }
    match conn.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)) {
        Ok(line) if line == "ok" => None,
        Ok(line) => found(Damage::Damaged, line),
        Err(e) => found(Damage::Damaged, e.to_string()),
    }
}

/// Puts the backup `file` in place of the database at `db`, which cannot be
/// opened: the damaged file (and its write-ahead log) moves into the backup
/// folder as `…_damaged.db`, the backup is copied in, and the database is opened
/// with a new device id. Returns the open database and where the damaged file went.
pub fn restore_over(
    db: &Path,
    file: &Path,
    now_millis: u64,
    key: Option<&Passphrase>,
) -> Result<(Store, PathBuf)> {
    let source = backup::checked(file, key)?;
    let aside_dir = backup::folder_for(db);
    std::fs::create_dir_all(&aside_dir).map_err(|e| Error::File {
        path: aside_dir.display().to_string(),
        message: format!("cannot be made ({e})"),
    })?;
    let aside = aside_dir.join(backup::file_name(
        crate::dates::local_date_time(now_millis),
        Reason::Damaged,
    ));
    let moved = |from: &Path, to: &Path| -> Result<()> {
        if from.exists() {
            std::fs::rename(from, to).map_err(|e| Error::File {
                path: from.display().to_string(),
                message: format!("cannot be moved aside ({e})"),
            })?;
        }
        Ok(())
    };
    for suffix in ["-wal", "-shm"] {
        let side = |p: &Path| PathBuf::from(format!("{}{suffix}", p.display()));
        moved(&side(db), &side(&aside))?;
    }
    moved(db, &aside)?;
    backup::copy_into(&source, db, key)?;
    drop(source);
    let mut store = Store::open_keyed(db, OpenMode::MustExist, key.cloned())?;
    store.rekey()?;
    Ok((store, aside))
}

/// What [`salvage`] could read, table by table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salvaged {
    pub file: PathBuf,
    /// Per table: the rows copied, and whether reading it stopped at damage.
    pub tables: Vec<(String, usize, bool)>,
}

/// Copies every row that can still be read from the database at `from` into a
/// new database at `to` (which must not exist): each replicated table, the
/// change log and this laptop's own facts, table by table, stopping a table at
/// the first damaged page. Foreign keys are not checked (a parent may be lost);
/// `tavolo check` on the copy says what is missing.
/// An encrypted file needs `key`, and its copy is encrypted with it too.
pub fn salvage(from: &Path, to: &Path, key: Option<&Passphrase>) -> Result<Salvaged> {
    if to.exists() {
        return Err(Error::File {
            path: to.display().to_string(),
            message: "exists already: choose a new file for what can be read".into(),
        });
    }
    let source =
        cipher::open(from, OpenFlags::SQLITE_OPEN_READ_ONLY, key).map_err(|e| match e {
            Error::File { .. } => Error::File {
                path: from.display().to_string(),
                message: "cannot be opened at all".into(),
            },
            other => other,
        })?;
    drop(Store::open_keyed(
        to,
        OpenMode::CreateIfMissing,
        key.cloned(),
    )?);
    let mut target = cipher::open(to, OpenFlags::default(), key)?;
    schema::register_functions(&target)?;
    target.pragma_update(None, "foreign_keys", false)?;
    let tx = target.transaction()?;
    // This laptop's own facts first: the copy keeps the workspace and device.
    tx.execute("DELETE FROM local_meta", [])?;
    let mut names: Vec<String> = vec!["local_meta".into()];
    names.extend(schema::TABLES.iter().map(|t| t.name.to_owned()));
    let mut tables = Vec::new();
    for name in names {
        let (copied, stopped) = copy_table(&source, &tx, &name);
        tables.push((name, copied, stopped));
    }
    let (copied, stopped) = copy_log(&source, &tx)?;
    tables.push(("change_log".into(), copied, stopped));
    tx.commit()?;
    Ok(Salvaged {
        file: to.to_owned(),
        tables,
    })
}

/// Copies the readable entries of the change log, read through `change_log` (the
/// table of schemas before 15, the view since), written as received changes are;
/// (entries copied, whether it stopped at damage). An entry that cannot be read
/// as a change is left out, as a damaged row of a table is.
fn copy_log(source: &Connection, target: &Connection) -> Result<(usize, bool)> {
    let mut log = Appender::new(target)?;
    let Ok(mut read) =
        source.prepare("SELECT device, seq, hlc, tbl, row_id, field, value FROM change_log")
    else {
        return Ok((0, true));
    };
    let Ok(mut rows) = read.query([]) else {
        return Ok((0, true));
    };
    let mut copied = 0;
    loop {
        match rows.next() {
            Ok(Some(row)) => {
                let Ok(change) = Change::from_row(row) else {
                    return Ok((copied, true));
                };
                let Ok(hlc) = change.hlc.parse::<Hlc>() else {
                    continue;
                };
                if check_stamp(&change, &hlc).is_err() {
                    continue;
                }
                if log
                    .append(&change, hlc.millis, hlc.counter)
                    .unwrap_or(false)
                {
                    copied += 1;
                }
            }
            Ok(None) => return Ok((copied, false)),
            Err(_) => return Ok((copied, true)),
        }
    }
}

/// Copies the readable rows of one table; (rows copied, whether it stopped at damage).
fn copy_table(source: &Connection, target: &Connection, table: &str) -> (usize, bool) {
    let columns_of = |conn: &Connection| -> rusqlite::Result<Vec<String>> {
        conn.prepare(&format!("PRAGMA table_info({table})"))?
            .query_map([], |r| r.get::<_, String>("name"))?
            .collect()
    };
    // The columns both have (the damaged file may be of an older schema).
    let (Ok(theirs), Ok(ours)) = (columns_of(source), columns_of(target)) else {
        return (0, true);
    };
    let columns: Vec<String> = ours.into_iter().filter(|c| theirs.contains(c)).collect();
    if columns.is_empty() {
        return (0, true);
    }
    let list = columns.join(", ");
    let marks = vec!["?"; columns.len()].join(", ");
    let Ok(mut read) = source.prepare(&format!("SELECT {list} FROM {table}")) else {
        return (0, true);
    };
    let Ok(mut write) = target.prepare(&format!(
        "INSERT OR IGNORE INTO {table} ({list}) VALUES ({marks})"
    )) else {
        return (0, true);
    };
    let Ok(mut rows) = read.query([]) else {
        return (0, true);
    };
    let mut copied = 0;
    loop {
        match rows.next() {
            Ok(Some(row)) => {
                let values: rusqlite::Result<Vec<Value>> =
                    (0..columns.len()).map(|i| row.get::<_, Value>(i)).collect();
                let Ok(values) = values else {
                    return (copied, true);
                };
                if write
                    .execute(rusqlite::params_from_iter(values.iter()))
                    .is_ok()
                {
                    copied += 1;
                }
            }
            Ok(None) => return (copied, false),
            Err(_) => return (copied, true),
        }
    }
}
