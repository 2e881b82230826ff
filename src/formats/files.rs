//! Writing files the user asked for without ever leaving a half-written one: a
//! temporary name of its own in the same folder, fsync, rename, fsync of the folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: the file is either the old one or the new
/// one, never a mix, even after a crash.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    with_temp(path, |temp| {
        let mut file = std::fs::File::create(temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// Calls `write` with a temporary path next to `path`, then syncs it and renames it
/// over `path`. On any failure the temporary file is removed and the error names
/// `path`.
pub fn with_temp(path: &Path, write: impl FnOnce(&Path) -> std::io::Result<()>) -> Result<()> {
    let shown = path.display().to_string();
    let file_error = |message: String| Error::File {
        path: shown.clone(),
        message,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(file_error(format!(
            "the folder {} does not exist",
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .ok_or_else(|| file_error("is not a file name".into()))?
        .to_string_lossy()
        .into_owned();
    // A name of its own for every write, so two writes of one file at once (two
    // windows, the CLI beside the app) never write into each other's temporary
    // file: the last rename wins whole.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}-{n}.partial", std::process::id()));
    let written = write(&temp)
        .and_then(|()| std::fs::File::open(&temp).and_then(|f| f.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(file_error(format!("cannot be written ({e})")));
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
