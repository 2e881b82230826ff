//! Who is syncing: the workspace (shared by every laptop of one network, adopted
//! by an empty database from the first bundles it imports) and this laptop's
//! device id and name. All three are this laptop's facts in `local_meta`.

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::local::{local_value, WORKSPACE_ID as WORKSPACE};
use crate::store::Store;

const DEVICE_NAME: &str = "device_name";

/// The workspace this database belongs to (every database opened by this version
/// has one from its first open).
pub fn workspace(conn: &Connection) -> Result<Option<String>> {
    local_value(conn, WORKSPACE)
}

/// The workspace of a database that has one (every database opened by this
/// version: it is made at the first open).
pub fn workspace_of(store: &Store) -> Result<String> {
    store
        .read(workspace)?
        .ok_or_else(|| Error::Internal("this database has no workspace id".into()))
}

/// Whether this database may take changes of `incoming`: yes if it is that
/// workspace, or if it holds nothing yet (a new laptop joining, which then adopts
/// it). Otherwise the error names both workspaces.
pub fn admit(store: &mut Store, incoming: &str, file: &str) -> Result<()> {
    let ours = store.read(workspace)?;
    if ours.as_deref() == Some(incoming) {
        return Ok(());
    }
    let held: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM change_entries", [], |r| r.get(0))?))?;
    if held == 0 {
        return store.set_local_value(WORKSPACE, incoming);
    }
    Err(Error::File {
        path: file.to_owned(),
        message: format!(
            "belongs to workspace {incoming}, and this database, which already holds data, to workspace {}: bundles are exchanged only within one workspace",
            ours.as_deref().unwrap_or("(none)")
        ),
    })
}

/// This laptop's name as peers see it: set with `TAVOLO_DEVICE_NAME` or
/// [`set_device_name`], else the computer's name.
pub fn device_name(conn: &Connection) -> Result<String> {
    if let Some(n) = local_value(conn, DEVICE_NAME)? {
        return Ok(n);
    }
    if let Some(n) = std::env::var_os("TAVOLO_DEVICE_NAME") {
        return Ok(n.to_string_lossy().into_owned());
    }
    let host = std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty());
    Ok(host.unwrap_or_else(|| "Tavolo".to_owned()))
}

/// Names this laptop for its peers.
pub fn set_device_name(store: &mut Store, name: &str) -> Result<()> {
    let name = crate::validate::required("name", name, 100)?;
    store.set_local_value(DEVICE_NAME, &name)
}

const FOLDER: &str = "sync_folder";

/// The shared folder this laptop syncs through (chosen once in the app).
pub fn sync_folder(conn: &Connection) -> Result<Option<std::path::PathBuf>> {
    Ok(local_value(conn, FOLDER)?.map(std::path::PathBuf::from))
}

/// Remembers the shared folder on this laptop; it must be a folder.
pub fn set_sync_folder(store: &mut Store, dir: &std::path::Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(Error::File {
            path: dir.display().to_string(),
            message: "is not a folder".into(),
        });
    }
    store.set_local_value(FOLDER, &dir.display().to_string())
}
