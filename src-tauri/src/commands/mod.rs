//! The Tauri commands, one file per domain: each converts its arguments, calls one
//! core function and converts the result. No SQL and no business rules live here.
//!
//! Commands are `async` and run their work with `spawn_blocking`, so a long write
//! (loading the demo) never blocks the window's event loop.

pub mod coding;
pub mod evaluation;
pub mod files;
pub mod first_screen;
pub mod groups;
pub mod guidelines;
pub mod indicators;
pub mod map;
pub mod meetings;
pub mod notes;
pub mod practices;
pub mod privacy;
pub mod recovery;
pub mod register;
pub mod sync;
pub mod updates;
pub mod workspace;

use std::sync::{Arc, Mutex};

use tauri::State;

use crate::dto::CommandError;
use tavolo::Store;

/// The open database, shared by the commands. SQLite connections are not `Sync`,
/// so the store sits behind a mutex: the app's commands use one connection and
/// wait for each other, reads included. (The Excel export opens a second,
/// read-only connection, which WAL lets read while the app writes.)
pub struct AppState {
    /// `None` while the database cannot be used (the recovery screen is shown).
    pub store: Arc<Mutex<Option<Store>>>,
    /// The database file the app opened (or failed to, or chose instead).
    pub db_path: Arc<Mutex<std::path::PathBuf>>,
    /// Why the database cannot be used, if it cannot: it failed to open, or the
    /// check at start found it damaged.
    pub problem: Arc<Mutex<Option<tavolo::store::recovery::Problem>>>,
    /// The register file the user last chose in the open dialog. The preview
    /// and the import read this one: the page never names a file, so a page
    /// that misbehaved could not make the app read another.
    pub register_file: Arc<Mutex<Option<std::path::PathBuf>>>,
}

pub(crate) type CommandResult<T> = Result<T, CommandError>;

/// Runs `f` with the store on a blocking thread.
pub(crate) async fn with_store<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&mut Store) -> tavolo::Result<T> + Send + 'static,
) -> CommandResult<T> {
    let store = Arc::clone(&state.store);
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store.lock().map_err(|_| CommandError {
            kind: "internal".into(),
            field: None,
            code: None,
            message: "the database is unavailable after an earlier failure; restart Tavolo".into(),
        })?;
        let Some(store) = guard.as_mut() else {
            return Err(CommandError {
                kind: "unavailable".into(),
                field: None,
                code: None,
                message: "the database cannot be used: see the recovery screen".into(),
            });
        };
        f(store).map_err(CommandError::from)
    })
    .await
    .map_err(|_| CommandError {
        kind: "internal".into(),
        field: None,
        code: None,
        message: "the operation stopped unexpectedly".into(),
    })?
}

pub(crate) fn internal(message: &str) -> CommandError {
    CommandError {
        kind: "internal".into(),
        field: None,
        code: None,
        message: message.into(),
    }
}
