//! One sync of a database at a time: an operating-system lock on a file beside the
//! database, released on a crash.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::store::Store;

/// The lock one sync of a database holds (a file beside the database, locked by
/// the operating system, so a crash releases it): the app's sync every few minutes
/// and a `tavolo sync` in a terminal take turns instead of racing.
pub struct SyncLock {
    _file: std::fs::File,
}

/// How long a sync waits for another to finish before saying it is running.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);

/// Takes the sync lock of `store`'s database, or says another sync holds it.
pub fn lock(store: &Store) -> Result<SyncLock> {
    let mut name = store.path().as_os_str().to_owned();
    name.push(".sync-lock");
    let path = PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::File {
            path: path.display().to_string(),
            message: format!("cannot be opened ({e})"),
        })?;
    // A lock held for a moment is waited for: a process forked to run a program
    // shares the lock's file until it starts that program, so a lock just released
    // may still look held for a few milliseconds.
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(SyncLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_PATIENCE => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Conflict(format!(
                    "another sync of {} is running: try again when it has finished",
                    store.path().display()
                )))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::File {
                    path: path.display().to_string(),
                    message: format!("cannot be locked ({e})"),
                })
            }
        }
    }
}
