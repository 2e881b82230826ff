//! Where the CLI gets an encrypted database's passphrase: `TAVOLO_PASSPHRASE`
//! (scripts), else the keyring, else typed at the terminal when there is one.
//! Never an argument: a command line is seen by every user of the machine and
//! kept in shell histories.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{bail, Context};
use tavolo::store::cipher::Passphrase;
use tavolo::store::keyring;

const VAR: &str = "TAVOLO_PASSPHRASE";

fn from_env() -> Option<String> {
    std::env::var(VAR).ok().filter(|v| !v.is_empty())
}

/// The passphrase to open the encrypted database at `db`.
pub fn to_open(db: &Path) -> anyhow::Result<Passphrase> {
    if let Some(text) = from_env() {
        return Ok(Passphrase::given(&text)?);
    }
    if let Some(saved) = keyring::saved(db) {
        return Ok(saved);
    }
    if std::io::stdin().is_terminal() {
        let text = rpassword::prompt_password(format!("passphrase for {}: ", db.display()))
            .context("the passphrase could not be read")?;
        return Ok(Passphrase::given(&text)?);
    }
    bail!(
        "{}: is encrypted, or not a database at all (its first page is not SQLite's), and no keyring holds a passphrase for it: set {VAR} if it is encrypted, restore a backup if not (`tavolo backup list`)",
        db.display()
    )
}

/// A passphrase for a new encryption of `db`: `TAVOLO_PASSPHRASE`, or typed
/// twice at the terminal.
pub fn new_one(db: &Path) -> anyhow::Result<Passphrase> {
    if let Some(text) = from_env() {
        return Ok(Passphrase::new_one(&text)?);
    }
    if !std::io::stdin().is_terminal() {
        bail!("{}: no passphrase given: set {VAR}", db.display());
    }
    let first = rpassword::prompt_password("new passphrase (at least 8 characters): ")
        .context("the passphrase could not be read")?;
    let pass = Passphrase::new_one(&first)?;
    let again = rpassword::prompt_password("the same passphrase again: ")
        .context("the passphrase could not be read")?;
    if again != first {
        bail!("the two passphrases differ: nothing was changed");
    }
    Ok(pass)
}

/// Keeps `pass` in the keyring for `db`, and says where it is kept.
pub fn keep(db: &Path, pass: &Passphrase) -> &'static str {
    if keyring::save(db, pass) {
        "the passphrase is kept in this computer's keyring"
    } else {
        "no keyring answered here: the app asks for the passphrase at start, scripts give TAVOLO_PASSPHRASE"
    }
}
