//! `tavolo encrypt`: a plain database encrypted in place. The plain file is
//! copied page by page into a new encrypted file beside it (`sqlcipher_export`,
//! the schema version with it), the copy is checked, a backup of it is kept,
//! the plain backups beside the database are encrypted the same way, and only
//! then does the encrypted file take the plain one's name (one rename: a power
//! cut leaves one or the other, whole). The device id stays: the new file is
//! recorded as this database's own before it takes the name.
//!
//! What this cannot do: wipe the disk blocks the plain file used. On a laptop's
//! SSD they are freed, not overwritten; full-disk encryption is what covers them.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::store::backup::{self, Reason};
use crate::store::cipher::{self, Passphrase};
use crate::store::{local, OpenMode, Store};

/// What [`encrypt_in_place`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// The backup taken first (itself encrypted).
    pub backup: PathBuf,
    /// The plain backups beside the database that were encrypted too.
    pub backups_sealed: usize,
}

fn file_error(path: &Path, message: impl Into<String>) -> Error {
    Error::File {
        path: path.display().to_string(),
        message: message.into(),
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A temporary name beside `path`, of this process.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "tavolo.db".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.sealing", std::process::id()))
}

/// Writes an encrypted copy of the plain database `conn` holds into `to`,
/// synced, and checks it opens with `pass` and holds every row of the change log.
fn sealed_copy(conn: &Connection, to: &Path, pass: &Passphrase) -> Result<()> {
    let _ = std::fs::remove_file(to);
    cipher::export_encrypted(conn, to, pass)?;
    let copy = cipher::open(to, OpenFlags::SQLITE_OPEN_READ_WRITE, Some(pass))?;
    let count = |c: &Connection| -> Result<i64> {
        Ok(c.query_row("SELECT count(*) FROM change_entries", [], |r| r.get(0))?)
    };
    let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" || count(&copy)? != count(conn)? {
        drop(copy);
        let _ = std::fs::remove_file(to);
        return Err(Error::Internal(format!(
            "the encrypted copy of the database did not check out ({check}); the database is unchanged"
        )));
    }
    local::claim_file(&copy, to)?;
    copy.close().map_err(|(_, e)| e)?;
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(|e| file_error(to, format!("cannot be written ({e})")))
}

/// Encrypts the plain backups in `dir` in place; returns how many.
fn seal_backups(dir: &Path, pass: &Passphrase) -> Result<usize> {
    let mut sealed = 0;
    for b in backup::list(dir)? {
        if cipher::is_encrypted(&b.path) {
            continue;
        }
        // Read-write, create: the encrypted copy is attached through this connection.
        let plain = Connection::open_with_flags(&b.path, OpenFlags::default())
            .map_err(|e| file_error(&b.path, format!("cannot be opened ({e})")))?;
        let temp = temp_beside(&b.path);
        let _ = std::fs::remove_file(&temp);
        cipher::export_encrypted(&plain, &temp, pass)?;
        drop(plain);
        std::fs::File::open(&temp)
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&temp, &b.path))
            .map_err(|e| file_error(&b.path, format!("cannot be replaced ({e})")))?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Encrypts the plain database at `path` with `pass` (see the module's text).
/// Refuses a file already encrypted, and one another program holds open (its
/// write-ahead log would outlive the swap).
pub fn encrypt_in_place(path: &Path, pass: &Passphrase, now_millis: u64) -> Result<Encrypted> {
    if cipher::is_encrypted(path) {
        return Err(Error::Conflict(format!(
            "{}: is encrypted already (or its first page is damaged)",
            path.display()
        )));
    }
    let store = Store::open(path, OpenMode::MustExist)?;
    let temp = temp_beside(path);
    let out = (|| -> Result<Encrypted> {
        sealed_copy(&store.conn, &temp, pass)?;
        // The backup first: the database as it is, encrypted like the rest.
        let dir = store.backup_folder();
        std::fs::create_dir_all(&dir)
            .map_err(|e| file_error(&dir, format!("cannot be made ({e})")))?;
        let taken = dir.join(backup::file_name(
            crate::dates::local_date_time(now_millis),
            Reason::BeforeEncrypt,
        ));
        crate::formats::files::with_temp(&taken, |t| std::fs::copy(&temp, t).map(|_| ()))?;
        let backups_sealed = seal_backups(&dir, pass)?;
        Ok(Encrypted {
            backup: taken,
            backups_sealed,
        })
    })();
    // The plain connection closes before the swap: the last one out folds the
    // write-ahead log into the file and removes it.
    drop(store);
    let done = out.and_then(|report| {
        if side(path, "-wal").exists() {
            return Err(Error::Conflict(format!(
                "{}: is open in another program (the app?): close it and try again; nothing was changed",
                path.display()
            )));
        }
        let _ = std::fs::remove_file(side(path, "-shm"));
        std::fs::rename(&temp, path)
            .map_err(|e| file_error(path, format!("cannot be replaced ({e})")))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(report)
    });
    if done.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    done
}
