//! The store: one SQLite file, and the one write path.
//!
//! Every mutation in Tavolo goes through [`Store::write`], which opens an IMMEDIATE
//! transaction and hands the closure a [`WriteTx`]. `WriteTx::insert`, `update` and
//! `delete` are the only functions that change replicated rows: each stamps the
//! fields it changes with a fresh hybrid-logical-clock timestamp and appends them to
//! the change log in the same transaction, so the log and the rows never disagree.
//! [`Store::apply_changes`] plays changes from the log (this laptop's or another's)
//! back into rows, keeping for every field the value with the newest timestamp.

pub mod backup;
pub mod cipher;
pub mod clock;
pub mod encrypt;
pub mod ids;
pub mod integrity;
pub(crate) mod join;
pub mod keyring;
pub mod local;
pub(crate) mod log;
pub mod paths;
pub mod purge;
pub mod recovery;
mod replay;
pub mod schema;
pub(crate) mod write;

pub use replay::Change;
/// The connection reads are given (named so callers need not depend on rusqlite).
pub use rusqlite::Connection;
pub use write::WriteTx;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{OpenFlags, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::cipher::Passphrase;
use crate::store::clock::{Clock, Hlc, SystemClock};
use crate::store::write::begin;

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
    /// The workspace's passphrase, when the file is encrypted.
    key: Option<Passphrase>,
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
    /// Opens (and if needed creates and migrates) the database at `path`. An
    /// encrypted file opens only if this process opened it before (with
    /// [`Store::open_keyed`]); otherwise the error says it needs its passphrase.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_keyed(path, mode, None)
    }

    /// Like [`Store::open`], unlocking an encrypted file with `key`; a new file
    /// made with a key is encrypted from its first page. A key given for a plain
    /// file is refused (`tavolo encrypt` encrypts one).
    pub fn open_keyed(path: &Path, mode: OpenMode, key: Option<Passphrase>) -> Result<Store> {
        Store::open_full(path, mode, Box::new(SystemClock), key)
    }

    /// Like [`Store::open`], with the given clock (tests use a fixed one).
    pub fn open_with_clock(path: &Path, mode: OpenMode, clock: Box<dyn Clock>) -> Result<Store> {
        Store::open_full(path, mode, clock, None)
    }

    fn open_full(
        path: &Path,
        mode: OpenMode,
        clock: Box<dyn Clock>,
        key: Option<Passphrase>,
    ) -> Result<Store> {
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
        let encrypted = cipher::is_encrypted(path);
        let fresh = !path.exists() || std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
        let key = match key {
            Some(_) if !encrypted && !fresh => {
                return Err(Error::Conflict(format!(
                    "{shown}: is not encrypted; encrypt it first with `tavolo encrypt`"
                )))
            }
            Some(k) => Some(k),
            None if encrypted => {
                Some(cipher::remembered(path).ok_or_else(|| cipher::needs_passphrase(path))?)
            }
            None => None,
        };
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| file_error(format!("cannot open the database ({e})")))?;
        if let Some(k) = &key {
            cipher::unlock(&conn, k, path)?;
        }
        configure(&conn).map_err(|e| match e {
            Error::Storage(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                file_error("is not a Tavolo database".into())
            }
            other => other,
        })?;
        // A file from an older Tavolo is copied aside before its schema changes.
        let from = schema::version(&conn)?;
        if from > 0 && from < schema::VERSION {
            backup::before_migration(&conn, path, clock.now_millis(), key.as_ref())?;
        }
        schema::migrate(&mut conn)?;
        // Schema 15 rewrote the change log in about a third of its pages; the
        // old ones are free pages the file keeps until new writes reuse them. The
        // file is written again without them once, at the upgrade (at scale 120
        // of the demo: 496 MB to 112 MB, in about a second), so backups and the
        // copies on USB sticks shrink at once.
        if from > 0 && from < schema::LEAN_LOG {
            conn.execute_batch("VACUUM")?;
        }
        let device = local::device_id(&conn, path)?;
        let last = latest_hlc(&conn)?.unwrap_or_else(|| Hlc::zero(&device));
        if let Some(k) = &key {
            cipher::remember(path, k);
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
            device,
            clock,
            last,
            key,
        })
    }

    /// The workspace's passphrase, when this database is encrypted.
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.key.as_ref()
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
        let _turn = WriterTurn::take();
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

    /// As [`Store::write`], for a write of a whole workspace (a workbook's
    /// import) into a file no other connection has open: for that one
    /// transaction SQLite's rollback journal takes the place of the write-ahead
    /// log, so each page goes into the file once (through the log, twice: into
    /// the log, then back into the file at the checkpoint after the commit; for
    /// a large workspace, a gigabyte more to write). The commit is as atomic
    /// either way: an import cut short is rolled back from the journal when the
    /// file is next opened. When another connection has the file open (the app
    /// beside the CLI) the mode cannot change, and the write goes through the
    /// log as any other.
    pub fn write_alone<T>(&mut self, f: impl FnOnce(&mut WriteTx<'_>) -> Result<T>) -> Result<T> {
        let journal = |conn: &Connection, mode: &str| -> Result<String> {
            Ok(conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))?)
        };
        let alone = journal(&self.conn, "DELETE").is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
        let out = self.write(f);
        if alone {
            let mode = journal(&self.conn, "WAL")?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Internal(format!(
                    "the database could not switch back to write-ahead logging (mode is {mode})"
                )));
            }
        }
        out
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
}

/// How many writes of people (a note, a check-in) are waiting for or holding the
/// write lock in this process. Work in the background (a sync applying a large
/// bundle) yields between its batches while any is, so typing a note never waits
/// behind it.
static WRITERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts one write in [`WRITERS`] while it lives.
struct WriterTurn;

impl WriterTurn {
    fn take() -> WriterTurn {
        WRITERS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        WriterTurn
    }
}

impl Drop for WriterTurn {
    fn drop(&mut self) {
        WRITERS.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Waits (a little at a time, at most `limit`) while a write of [`Store::write`]
/// is waiting or running in this process: background work calls it between
/// batches to let people's writes go first. Says whether anyone was writing.
pub fn yield_to_writers(limit: Duration) -> bool {
    let started = std::time::Instant::now();
    let mut waited = false;
    while WRITERS.load(std::sync::atomic::Ordering::SeqCst) > 0 && started.elapsed() < limit {
        waited = true;
        std::thread::sleep(Duration::from_millis(1));
    }
    waited
}

impl Store {
    /// Runs `f` with commits that wait for the disk only at a checkpoint
    /// (`synchronous = NORMAL`): for work that is safe to lose in a power cut
    /// because it is done again, such as a sync's batches before its last (the
    /// bundle stays unmarked until then, and what is in the log is skipped). The
    /// database stays consistent either way; every other write keeps FULL.
    pub(crate) fn with_lazy_commits<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let out = f(self);
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        out
    }
}

/// Per-connection settings. They are not part of the migrations because SQLite
/// forgets most of them when the connection closes.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets a second connection (the Excel export's reader) read while this one
    // writes; the app's own commands share one connection and take turns. FULL
    // makes a commit durable (fsync of the WAL) before it returns: a saved note
    // survives a power cut.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Internal(format!(
            "the database could not switch to write-ahead logging (mode is {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Rows are written with statements made for their table and fields (some
    // fifty kinds in all); the default cache of 16 kept preparing them again.
    conn.set_prepared_statement_cache_capacity(128);
    // 16 MiB of page cache (SQLite's default is 2): a search over 100,000 notes
    // reads its pages from here instead of the disk, and an encrypted database
    // decrypts each page once instead of at every search (with 2 MiB the
    // encrypted search's p95 was 1.30x the plain one's; with 16, 1.00x).
    conn.pragma_update(None, "cache_size", -16_384)?;
    // The SQL function fold() is registered by schema::migrate, which every open
    // runs next.
    Ok(())
}

fn latest_hlc(conn: &Connection) -> Result<Option<Hlc>> {
    let text: Option<String> = conn
        .query_row(log::NEWEST_STAMP, [], |r| r.get(0))
        .optional()?
        .flatten();
    match text {
        None => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|e: crate::store::clock::BadHlc| Error::Internal(e.to_string())),
    }
}
