//! Encryption at rest. The database file, its write-ahead log and its backups are
//! SQLCipher files (AES-256 pages with an HMAC each, the key stretched from the
//! workspace's passphrase by SQLCipher's PBKDF2-HMAC-SHA512, 256,000 rounds);
//! sync bundles are sealed with a key stretched from the same passphrase
//! ([`crate::sync::bundle`]). A file found on a USB stick shows random bytes and
//! nothing else.
//!
//! The passphrase is the workspace's: every laptop of a workspace uses the same
//! one, so they can read each other's bundles. It is kept in the operating
//! system's keyring ([`keyring`](crate::store::keyring)) where one answers, asked
//! at start where none does, and never written anywhere else, logged or passed on
//! a command line. Lose it and the data is gone: that is the point.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::error::{Error, Problem, Result};

/// The shortest passphrase accepted for a new encryption.
pub const MIN_CHARS: usize = 8;

/// A workspace passphrase. Printed as hidden, wiped from memory when dropped.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(hidden)")
    }
}

impl Passphrase {
    /// A passphrase to open an existing file (any non-empty text; a wrong one is
    /// found out when the file is read).
    pub fn given(text: &str) -> Result<Passphrase> {
        if text.is_empty() {
            return Err(Error::invalid("passphrase", Problem::Required));
        }
        Ok(Passphrase(Zeroizing::new(text.to_owned())))
    }

    /// A passphrase for a new encryption: at least [`MIN_CHARS`] characters.
    pub fn new_one(text: &str) -> Result<Passphrase> {
        if text.chars().count() < MIN_CHARS {
            return Err(Error::invalid(
                "passphrase",
                Problem::TooShort { min: MIN_CHARS },
            ));
        }
        Passphrase::given(text)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

/// The first 16 bytes of every plain SQLite file.
const PLAIN: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` looks like an encrypted database: whole pages
/// (SQLCipher writes 4096 bytes at a time) that do not start as a plain SQLite
/// file does (an encrypted one starts with its random salt). A plain database
/// whose first page was destroyed looks the same: only the passphrase tells the
/// two apart. A file that does not exist, is empty or is not made of pages (a
/// text file named `.db`) is not one.
pub fn is_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let size = file.metadata().map_or(0, |m| m.len());
    if size < 1024 || size % 512 != 0 {
        return false;
    }
    let mut head = [0u8; 16];
    if file.read_exact(&mut head).is_err() || &head == PLAIN {
        return false;
    }
    // A salt is 16 random bytes (nearly always 14 or more different values); a
    // first page overwritten by one byte over and over, or zeroed, is damage.
    let mut seen = [false; 256];
    head.iter().for_each(|b| seen[usize::from(*b)] = true);
    seen.iter().filter(|s| **s).count() >= 10
}

/// Each page's HMAC. SQLCipher 4's default is HMAC-SHA512; HMAC-SHA256 is as
/// sound a MAC and, on processors with SHA extensions (this machine's), about
/// twice as fast: it took a note's save from 1.4-1.6x the plain database's p95
/// to within 1.3x (ARCHITECTURE.md, Measured). The key stretching stays
/// SQLCipher's PBKDF2-HMAC-SHA512, 256,000 rounds. To open a Tavolo file with
/// the `sqlcipher` shell: `PRAGMA key = '…'; PRAGMA cipher_hmac_algorithm =
/// HMAC_SHA256;`.
const HMAC: &str = "HMAC_SHA256";

/// Settings for every encrypted database this process makes or opens, also
/// those attached (`export_encrypted`): quiet, and Tavolo's HMAC.
fn settings(conn: &Connection) -> Result<()> {
    // SQLCipher writes a wrong key's page errors to stderr; the error returned
    // says it in one line instead.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "cipher_default_hmac_algorithm", HMAC)?;
    Ok(())
}

/// Gives a just-opened connection its key (it must come before anything else
/// reads the file), then reads the schema once: a wrong key fails here.
pub(crate) fn unlock(conn: &Connection, pass: &Passphrase, path: &Path) -> Result<()> {
    settings(conn)?;
    conn.pragma_update(None, "key", pass.expose())?;
    conn.pragma_update(None, "cipher_hmac_algorithm", HMAC)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(wrong_passphrase(path))
        }
        Err(e) => Err(e.into()),
    }
}

/// The error of a passphrase that does not open the file.
pub fn wrong_passphrase(path: &Path) -> Error {
    Error::Locked {
        path: path.display().to_string(),
        message: "the passphrase does not open it (or its first page is damaged)".into(),
    }
}

/// The error of an encrypted file opened with no passphrase.
pub fn needs_passphrase(path: &Path) -> Error {
    Error::Locked {
        path: path.display().to_string(),
        message: "is encrypted: give its passphrase (TAVOLO_PASSPHRASE for scripts; the keyring holds none for it)".into(),
    }
}

/// The passphrases of the databases this process has opened, by file, so a
/// second connection to the same file (the workbook's reader, a sync on its own
/// connection, the check at start) opens it too.
static OPENED: Mutex<Option<HashMap<PathBuf, Passphrase>>> = Mutex::new(None);

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// Remembers `pass` for the file at `path` for the rest of this process.
pub fn remember(path: &Path, pass: &Passphrase) {
    if let Ok(mut map) = OPENED.lock() {
        map.get_or_insert_with(HashMap::new)
            .insert(canonical(path), pass.clone());
    }
}

/// The passphrase this process opened the file at `path` with, if any.
pub fn remembered(path: &Path) -> Option<Passphrase> {
    let map = OPENED.lock().ok()?;
    map.as_ref()?.get(&canonical(path)).cloned()
}

/// Opens a connection to the file at `path`, unlocked with `pass` when it is
/// encrypted (or with the passphrase this process opened it with before).
pub fn open(path: &Path, flags: OpenFlags, pass: Option<&Passphrase>) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::File {
        path: path.display().to_string(),
        message: format!("cannot be opened ({e})"),
    })?;
    if is_encrypted(path) {
        let known = pass.cloned().or_else(|| remembered(path));
        match known {
            Some(p) => unlock(&conn, &p, path)?,
            None => return Err(needs_passphrase(path)),
        }
    }
    Ok(conn)
}

/// Copies the plain database `conn` holds into a new encrypted file `to` (which
/// must not exist), by SQLCipher's `sqlcipher_export`, schema version included.
pub(crate) fn export_encrypted(conn: &Connection, to: &Path, pass: &Passphrase) -> Result<()> {
    let target = to.display().to_string();
    settings(conn)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS sealed KEY ?2",
        rusqlite::params![target, pass.expose()],
    )?;
    let out = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('sealed')", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA sealed.user_version = {version}"))?;
        Ok(())
    })();
    let detached = conn.execute_batch("DETACH DATABASE sealed");
    out?;
    detached?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_passphrase_is_never_printed() {
        let p = Passphrase::given("il mare di Lampedusa").unwrap();
        assert_eq!(format!("{p:?}"), "Passphrase(hidden)");
        assert!(Passphrase::new_one("corta").is_err());
        assert!(Passphrase::given("").is_err());
    }

    #[test]
    fn a_key_opens_its_file_and_another_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let pass = Passphrase::given("una frase lunga").unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            unlock(&conn, &pass, &path).unwrap();
            conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('Mariam Diallo');")
                .unwrap();
        }
        assert!(is_encrypted(&path));
        let raw = std::fs::read(&path).unwrap();
        assert!(!raw.windows(6).any(|w| w == b"Mariam"), "no plain text");
        let conn = Connection::open(&path).unwrap();
        let wrong = unlock(&conn, &Passphrase::given("un'altra").unwrap(), &path);
        assert!(matches!(wrong, Err(Error::Locked { .. })), "{wrong:?}");
        let conn = Connection::open(&path).unwrap();
        unlock(&conn, &pass, &path).unwrap();
        let name: String = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(name, "Mariam Diallo");
    }
}
