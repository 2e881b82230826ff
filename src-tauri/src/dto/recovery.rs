//! The recovery screen and the backups panel.

use serde::Serialize;
use ts_rs::TS;

use tavolo::store::backup::Backup;
use tavolo::store::recovery::{Problem, Salvaged};

/// One backup, as the lists show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupDto {
    /// The file's name in the backups folder: what a restore names.
    pub name: String,
    /// When it was taken, dd/mm/yyyy hh:mm.
    pub taken: String,
    /// daily, manual, before-migration, before-restore, before-encrypt, before-update, damaged.
    pub reason: String,
    pub kb: u32,
}

impl From<&Backup> for BackupDto {
    fn from(b: &Backup) -> Self {
        BackupDto {
            name: b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            taken: b.taken.format("%d/%m/%Y %H:%M").to_string(),
            reason: b.reason.code().to_owned(),
            kb: u32::try_from(b.bytes.div_ceil(1024)).unwrap_or(u32::MAX),
        }
    }
}

/// Why the database cannot be used.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProblemDto {
    /// unopenable (no database at all), damaged (quick_check found damage),
    /// refused (sound, and still not usable: a newer Tavolo's schema …),
    /// locked (encrypted, and no keyring gave its passphrase).
    pub code: String,
    /// SQLite's or Tavolo's own words, in English.
    pub detail: String,
}

impl From<Problem> for ProblemDto {
    fn from(p: Problem) -> Self {
        ProblemDto {
            code: p.damage.code().to_owned(),
            detail: p.detail,
        }
    }
}

/// An encrypted database opened with the passphrase typed on the screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UnlockedDto {
    /// Whether a keyring now keeps the passphrase (so it is not asked again).
    pub kept_in_keyring: bool,
}

/// Whether the database can be used, and the backups there are.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecoveryStatusDto {
    /// Why the database cannot be used; `None` when all is well.
    pub problem: Option<ProblemDto>,
    pub db_path: String,
    pub backup_folder: String,
    /// Newest first.
    pub backups: Vec<BackupDto>,
    /// Whether the database file is encrypted.
    pub encrypted: bool,
}

/// A plain database encrypted from the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EncryptedDto {
    /// The backup taken first (its file name, in the backups folder).
    pub backup: String,
    /// The plain backups in the folder that were encrypted too.
    pub backups_sealed: u32,
    /// Whether a keyring keeps the passphrase (so it is not asked at start).
    pub kept_in_keyring: bool,
}

/// A backup put in place of the database.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoredDto {
    /// Where the database as it was went: a backup before the restore, or the
    /// damaged file moved aside.
    pub kept_aside: String,
}

/// One table of a salvage.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SalvagedTableDto {
    pub table: String,
    pub rows: u32,
    /// Reading stopped at a damaged page: rows after it were not copied.
    pub stopped: bool,
}

/// What a salvage copied, into which file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SalvageDto {
    pub file: String,
    pub tables: Vec<SalvagedTableDto>,
}

impl From<Salvaged> for SalvageDto {
    fn from(s: Salvaged) -> Self {
        SalvageDto {
            file: s.file.display().to_string(),
            tables: s
                .tables
                .into_iter()
                .map(|(table, rows, stopped)| SalvagedTableDto {
                    table,
                    rows: u32::try_from(rows).unwrap_or(u32::MAX),
                    stopped,
                })
                .collect(),
        }
    }
}
