//! Where the database lives by default. The desktop app and the command-line tool
//! share this, so `tavolo stats` without `--db` reads the app's own database.
//!
//! A portable copy (a USB stick carried between the office and the village
//! hall): a file named `tavolo-portable` beside the program (beside the
//! AppImage file, for an AppImage) makes it keep everything in `tavolo-data/`
//! beside it — the database, its backups, and (in the desktop app) the
//! webview's storage and caches — and nothing in the home folder.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The application identifier; also `identifier` in `tauri.conf.json` (a test keeps
/// the two equal), which names the app data folder on every platform.
pub const APP_IDENTIFIER: &str = "org.tavolo.app";

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "TAVOLO_DB";

/// The database file name inside the app data folder.
pub const DB_FILE: &str = "tavolo.db";

/// The file beside the program that makes the copy portable.
pub const PORTABLE_MARKER: &str = "tavolo-portable";
/// The folder beside the program where a portable copy keeps everything.
pub const PORTABLE_DIR: &str = "tavolo-data";

/// `tavolo-data/` beside the program when the copy is portable (a
/// `tavolo-portable` file beside it; for an AppImage, beside the AppImage file
/// that `$APPIMAGE` names), else `None`.
pub fn portable_dir() -> Option<PathBuf> {
    let program = std::env::var_os("APPIMAGE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::current_exe().ok())?;
    let dir = program.parent()?;
    dir.join(PORTABLE_MARKER)
        .is_file()
        .then(|| dir.join(PORTABLE_DIR))
}

/// `$TAVOLO_DB` if set, else `tavolo-data/tavolo.db` beside a portable copy,
/// else the platform's app data folder (on Linux
/// `~/.local/share/org.tavolo.app/tavolo.db`).
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(dir) = portable_dir() {
        return Ok(dir.join(DB_FILE));
    }
    let base = dirs::data_dir().ok_or_else(|| Error::File {
        path: "(app data folder)".into(),
        message: format!("this system has no app data folder; set {DB_ENV} to a file path"),
    })?;
    Ok(base.join(APP_IDENTIFIER).join(DB_FILE))
}

/// Creates the app data folder when the default location is used.
pub fn ensure_parent(path: &std::path::Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::File {
            path: dir.display().to_string(),
            message: format!("cannot create the folder ({e})"),
        })?;
    }
    Ok(())
}
