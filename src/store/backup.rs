//! Backups of the database, by SQLite's online backup API (a consistent copy made
//! while the app keeps working), into a folder beside the database
//! (`<name>-backups/`, e.g. `tavolo-backups/`) or one the user chooses: one
//! before every migration, one a day while the app runs (7 daily and 4 weekly
//! kept), one before a restore, and any made by hand (kept until removed by hand).
//!
//! A backup's file name says when it was taken and why —
//! `tavolo_20261202-160512345_daily.db` — so listing one needs no catalogue that
//! could itself be lost. A restored backup takes a new device id: changes this
//! laptop made after the backup, already on other laptops under the old id, come
//! back with the next sync instead of colliding with the new ones.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::store::cipher::{self, Passphrase};
use crate::store::{schema, Store};

/// Why a backup was taken (it is the last part of its file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The day's backup, taken when the app starts.
    Daily,
    /// Asked for (`tavolo backup create`, the app's button).
    Manual,
    /// Just before the schema was brought to a newer version.
    BeforeMigration,
    /// Just before another backup was restored over the database.
    BeforeRestore,
    /// Just before the database was encrypted (`tavolo encrypt`), itself
    /// encrypted.
    BeforeEncrypt,
    /// Just before an update of Tavolo was installed (`tavolo update install`,
    /// the app's Aggiornamenti).
    BeforeUpdate,
    /// A database that could not be opened, moved here when a backup took its
    /// place (kept, never removed by the rotation).
    Damaged,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeRestore => "before-restore",
            Reason::BeforeEncrypt => "before-encrypt",
            Reason::BeforeUpdate => "before-update",
            Reason::Damaged => "damaged",
        }
    }

    fn parse(code: &str) -> Option<Reason> {
        [
            Reason::Daily,
            Reason::Manual,
            Reason::BeforeMigration,
            Reason::BeforeRestore,
            Reason::BeforeEncrypt,
            Reason::BeforeUpdate,
            Reason::Damaged,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// How many backups of each kind are kept (manual ones are never removed).
const DAILY_DAYS: usize = 7;
const WEEKLY_WEEKS: usize = 4;
const BEFORE_KEPT: usize = 3;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// When it was taken, the laptop's wall clock.
    pub taken: NaiveDateTime,
    pub reason: Reason,
    pub bytes: u64,
}

/// The folder beside a database where its backups go: `tavolo.db` →
/// `tavolo-backups/`.
pub fn folder_for(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map_or_else(|| "tavolo".into(), |s| s.to_string_lossy().into_owned());
    db.with_file_name(format!("{stem}-backups"))
}

const STAMP: &str = "%Y%m%d-%H%M%S%3f";

pub(super) fn file_name(taken: NaiveDateTime, reason: Reason) -> String {
    format!("tavolo_{}_{}.db", taken.format(STAMP), reason.code())
}

fn parse_name(name: &str) -> Option<(NaiveDateTime, Reason)> {
    let stem = name.strip_prefix("tavolo_")?.strip_suffix(".db")?;
    let (stamp, reason) = stem.split_once('_')?;
    Some((
        NaiveDateTime::parse_from_str(stamp, STAMP).ok()?,
        Reason::parse(reason)?,
    ))
}

/// The backups in a folder, newest first (other files are left alone; a folder
/// that does not exist holds none).
pub fn list(dir: &Path) -> Result<Vec<Backup>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::File {
                path: dir.display().to_string(),
                message: format!("cannot be read ({e})"),
            })
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((taken, reason)) = parse_name(&name) else {
            continue;
        };
        out.push(Backup {
            path: entry.path(),
            taken,
            reason,
            bytes: entry.metadata().map_or(0, |m| m.len()),
        });
    }
    out.sort_by(|a, b| b.taken.cmp(&a.taken).then(b.path.cmp(&a.path)));
    Ok(out)
}

/// Copies the database `conn` holds into `file` by the online backup API,
/// atomically (a temporary name, fsync, rename); encrypted with `key` when the
/// database is (the copy is then as unreadable as the file it copies).
pub(super) fn copy_into(conn: &Connection, file: &Path, key: Option<&Passphrase>) -> Result<()> {
    crate::formats::files::with_temp(file, |temp| {
        let mut dst = Connection::open(temp).map_err(std::io::Error::other)?;
        if let Some(k) = key {
            cipher::unlock(&dst, k, temp).map_err(std::io::Error::other)?;
        }
        rusqlite::backup::Backup::new(conn, &mut dst)
            .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
            .map_err(std::io::Error::other)?;
        dst.close().map_err(|(_, e)| std::io::Error::other(e))
    })
}

/// A backup of the database `conn` holds, into `dir` (made if missing).
fn take(
    conn: &Connection,
    dir: &Path,
    now_millis: u64,
    reason: Reason,
    key: Option<&Passphrase>,
) -> Result<Backup> {
    std::fs::create_dir_all(dir).map_err(|e| Error::File {
        path: dir.display().to_string(),
        message: format!("cannot be made ({e})"),
    })?;
    let taken = crate::dates::local_date_time(now_millis);
    let path = dir.join(file_name(taken, reason));
    copy_into(conn, &path, key)?;
    let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    prune(dir)?;
    Ok(Backup {
        path,
        taken,
        reason,
        bytes,
    })
}

/// Just before a migration, in `Store::open`: the file as it was, beside it.
pub(super) fn before_migration(
    conn: &Connection,
    db: &Path,
    now_millis: u64,
    key: Option<&Passphrase>,
) -> Result<Backup> {
    take(
        conn,
        &folder_for(db),
        now_millis,
        Reason::BeforeMigration,
        key,
    )
}

/// Removes the backups the rotation no longer keeps: of the daily ones, the
/// newest of each of the last 7 days that have one, then the newest of each of
/// the 4 weeks before; of those taken before a migration or a restore, the 3
/// newest of each kind. Manual ones stay. Returns what was removed.
pub fn prune(dir: &Path) -> Result<Vec<PathBuf>> {
    let all = list(dir)?;
    let mut keep: Vec<&Backup> = Vec::new();
    let daily: Vec<&Backup> = all.iter().filter(|b| b.reason == Reason::Daily).collect();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    let mut weekly = 0;
    for b in &daily {
        let day = b.taken.date();
        let week = (day.iso_week().year(), day.iso_week().week());
        if days.len() < DAILY_DAYS {
            if !days.contains(&day) {
                days.push(day);
                weeks.push(week);
                keep.push(b);
            }
        } else if !weeks.contains(&week) && weekly < WEEKLY_WEEKS {
            weeks.push(week);
            weekly += 1;
            keep.push(b);
        }
    }
    for reason in [
        Reason::BeforeMigration,
        Reason::BeforeRestore,
        Reason::BeforeEncrypt,
        Reason::BeforeUpdate,
    ] {
        keep.extend(all.iter().filter(|b| b.reason == reason).take(BEFORE_KEPT));
    }
    keep.extend(
        all.iter()
            .filter(|b| matches!(b.reason, Reason::Manual | Reason::Damaged)),
    );
    let mut removed = Vec::new();
    for b in &all {
        if keep.iter().any(|k| k.path == b.path) {
            continue;
        }
        std::fs::remove_file(&b.path).map_err(|e| Error::File {
            path: b.path.display().to_string(),
            message: format!("cannot be removed ({e})"),
        })?;
        removed.push(b.path.clone());
    }
    Ok(removed)
}

/// The backup `file`, opened read-only (unlocked with `key` if it is encrypted)
/// once it is known to be a readable Tavolo database of a schema this version
/// knows; otherwise why not, naming the file.
pub(super) fn checked(file: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let shown = file.display().to_string();
    let bad = |message: String| Error::File {
        path: shown.clone(),
        message,
    };
    if !file.is_file() {
        return Err(bad("no backup here".into()));
    }
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(format!("cannot be opened ({e})")))?;
    match (cipher::is_encrypted(file), key) {
        (true, Some(k)) => cipher::unlock(&source, k, file)?,
        (true, None) => {
            return Err(bad(
                "is encrypted and this database is not: encrypt this one first (`tavolo encrypt`) with the workspace's passphrase".into(),
            ))
        }
        (false, Some(_)) => {
            return Err(bad(
                "is a plain copy and this database is encrypted: a plain copy cannot be put in its place".into(),
            ))
        }
        (false, None) => {}
    }
    let check: String = source
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| bad(format!("is not a readable database ({e})")))?;
    if check != "ok" {
        return Err(bad(format!("is damaged ({check})")));
    }
    let version = schema::version(&source).map_err(|e| bad(e.to_string()))?;
    let has_log: bool = source
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'change_log'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| bad(e.to_string()))?;
    if !has_log || version < 1 {
        return Err(bad("is not a Tavolo database".into()));
    }
    if version > schema::VERSION {
        return Err(bad(format!(
            "was made by a newer Tavolo (schema {version}; this one knows up to {}): update Tavolo first",
            schema::VERSION
        )));
    }
    Ok(source)
}

impl Store {
    /// The folder this database's backups go to by default.
    pub fn backup_folder(&self) -> PathBuf {
        folder_for(&self.path)
    }

    /// A backup now, into `dir` or the default folder.
    pub fn backup(&self, dir: Option<&Path>, reason: Reason) -> Result<Backup> {
        let dir = dir.map_or_else(|| self.backup_folder(), Path::to_owned);
        take(
            &self.conn,
            &dir,
            self.clock.now_millis(),
            reason,
            self.key.as_ref(),
        )
    }

    /// The day's backup, if none was taken today (the app calls it at start).
    pub fn daily_backup(&self) -> Result<Option<Backup>> {
        let today = crate::dates::local_date_time(self.clock.now_millis()).date();
        let done = list(&self.backup_folder())?
            .iter()
            .any(|b| b.reason == Reason::Daily && b.taken.date() == today);
        if done {
            return Ok(None);
        }
        self.backup(None, Reason::Daily).map(Some)
    }

    /// Puts `file` (a backup) in place of this database, after checking it and
    /// backing up the database as it is; the database is then brought to this
    /// version's schema and given a new device id. Returns the backup taken first.
    pub fn restore(&mut self, file: &Path) -> Result<Backup> {
        let source = checked(file, self.key.as_ref())?;
        let before = self.backup(None, Reason::BeforeRestore)?;
        rusqlite::backup::Backup::new(&source, &mut self.conn)
            .and_then(|b| b.run_to_completion(1024, std::time::Duration::ZERO, None))
            .map_err(|e| Error::File {
                path: file.display().to_string(),
                message: format!("could not be restored ({e})"),
            })?;
        drop(source);
        schema::migrate(&mut self.conn)?;
        self.last = super::latest_hlc(&self.conn)?
            .unwrap_or_else(|| crate::store::clock::Hlc::zero(&self.device));
        self.rekey()?;
        Ok(before)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn names_say_when_and_why_and_read_back() {
        let t = at("2026-12-02 16:05");
        let name = file_name(t, Reason::BeforeMigration);
        assert_eq!(name, "tavolo_20261202-160500000_before-migration.db");
        assert_eq!(parse_name(&name), Some((t, Reason::BeforeMigration)));
        assert_eq!(parse_name("tavolo_ieri_daily.db"), None);
        assert_eq!(parse_name("foto.db"), None);
    }

    #[test]
    fn rotation_keeps_seven_days_four_weeks_three_befores_and_every_manual_one() {
        let dir = tempfile::tempdir().unwrap();
        let touch = |t: NaiveDateTime, r: Reason| {
            std::fs::write(dir.path().join(file_name(t, r)), b"x").unwrap();
        };
        // Two a day for 60 days, from 2 December 2026 back.
        let end = at("2026-12-02 09:00");
        for d in 0..60 {
            let day = end - chrono::Duration::days(d);
            touch(day, Reason::Daily);
            touch(day + chrono::Duration::hours(8), Reason::Daily);
        }
        for h in 0..5 {
            touch(end + chrono::Duration::minutes(h), Reason::BeforeMigration);
        }
        touch(at("2025-01-01 10:00"), Reason::Manual);
        std::fs::write(dir.path().join("appunti.txt"), b"mine").unwrap();
        prune(dir.path()).unwrap();
        let left = list(dir.path()).unwrap();
        let daily: Vec<String> = left
            .iter()
            .filter(|b| b.reason == Reason::Daily)
            .map(|b| b.taken.format("%Y-%m-%d %H").to_string())
            .collect();
        // The evening one of each of the last 7 days, then one per ISO week for 4
        // more weeks (the newest of each).
        assert_eq!(
            daily,
            [
                "2026-12-02 17",
                "2026-12-01 17",
                "2026-11-30 17",
                "2026-11-29 17",
                "2026-11-28 17",
                "2026-11-27 17",
                "2026-11-26 17",
                "2026-11-22 17",
                "2026-11-15 17",
                "2026-11-08 17",
                "2026-11-01 17",
            ]
        );
        assert_eq!(
            left.iter()
                .filter(|b| b.reason == Reason::BeforeMigration)
                .count(),
            3
        );
        assert!(left.iter().any(|b| b.reason == Reason::Manual));
        assert!(dir.path().join("appunti.txt").exists(), "other files stay");
    }
}
