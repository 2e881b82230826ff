//! Where the database lives by default. The desktop app and the command-line tool
//! share this, so `tavolo stats` without `--db` reads the app's own database.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The application identifier; also `identifier` in `tauri.conf.json` (a test keeps
/// the two equal), which names the app data folder on every platform.
pub const APP_IDENTIFIER: &str = "org.tavolo.app";

/// The environment variable that overrides the database path.
pub const DB_ENV: &str = "TAVOLO_DB";

/// The database file name inside the app data folder.
pub const DB_FILE: &str = "tavolo.db";

/// `$TAVOLO_DB` if set, else the platform's app data folder (on Linux
/// `~/.local/share/org.tavolo.app/tavolo.db`).
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
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
