//! The passphrase of an encrypted database, kept in the operating system's
//! keyring (the Secret Service of GNOME or KDE on Linux, the Credential Manager
//! on Windows, the Keychain on macOS) under the service `tavolo` and the
//! database file's full path, so the app opens it without asking. Where no
//! keyring answers (a laptop with no desktop session, a locked keyring) nothing
//! is kept and the passphrase is asked at start.
//!
//! `TAVOLO_KEYRING=off` leaves the keyring alone (tests, and offices whose rules
//! forbid keeping it there); so does a portable copy, whose keyring would be the
//! laptop's it happens to run on, in that laptop's home folder.

use std::path::{Path, PathBuf};

use crate::store::cipher::Passphrase;

const SERVICE: &str = "tavolo";

fn disabled() -> bool {
    std::env::var("TAVOLO_KEYRING").is_ok_and(|v| v.eq_ignore_ascii_case("off"))
        || crate::store::paths::portable_dir().is_some()
}

/// The keyring's name for a database: its full path.
fn account(db: &Path) -> String {
    let full: PathBuf = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_owned());
    full.display().to_string()
}

fn entry(db: &Path) -> Option<keyring::Entry> {
    if disabled() {
        return None;
    }
    keyring::Entry::new(SERVICE, &account(db)).ok()
}

/// The passphrase kept for the database at `db`, if a keyring answers and holds
/// one.
pub fn saved(db: &Path) -> Option<Passphrase> {
    let text = entry(db)?.get_password().ok()?;
    Passphrase::given(&text).ok()
}

/// Keeps `pass` for the database at `db`. Says whether a keyring took it
/// (`false`: none answers here, and the passphrase will be asked each time).
pub fn save(db: &Path, pass: &Passphrase) -> bool {
    entry(db).is_some_and(|e| e.set_password(pass.expose()).is_ok())
}

/// Forgets the passphrase kept for `db` (a wrong one found there).
pub fn forget(db: &Path) {
    if let Some(e) = entry(db) {
        let _ = e.delete_credential();
    }
}
