//! The Tauri commands: each converts its arguments, calls one core function and
//! converts the result. No SQL and no business rules live here.
//!
//! Commands are `async` and run their work with `spawn_blocking`, so a long write
//! (loading the demo) never blocks the window's event loop.

use std::sync::{Arc, Mutex};

use tauri::State;

use crate::dto::{
    CommandError, DemoLoaded, NewOrganisationDto, OrganisationDto, TerritoryDto, Vocabulary,
    WorkspaceStatus,
};
use tavolo::{demo, integrity, organisations, territories, Store};

/// The open database, shared by the commands. SQLite connections are not `Sync`,
/// so the store sits behind a mutex; WAL keeps each hold of it short.
pub struct AppState {
    pub store: Arc<Mutex<Store>>,
}

type CommandResult<T> = Result<T, CommandError>;

/// Runs `f` with the store on a blocking thread.
async fn with_store<T: Send + 'static>(
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
        f(&mut guard).map_err(CommandError::from)
    })
    .await
    .map_err(|_| CommandError {
        kind: "internal".into(),
        field: None,
        code: None,
        message: "the operation stopped unexpectedly".into(),
    })?
}

#[tauri::command]
pub async fn workspace_status(state: State<'_, AppState>) -> CommandResult<WorkspaceStatus> {
    with_store(state, |s| {
        let db_path = s.path().display().to_string();
        s.read(|c| {
            let stats = integrity::stats(c)?;
            let count = |t: &str| {
                let n = stats.iter().find(|(n, _)| n == t).map_or(0, |(_, n)| *n);
                u32::try_from(n).unwrap_or(u32::MAX)
            };
            Ok(WorkspaceStatus {
                empty: integrity::is_empty(c)?,
                db_path,
                organisations: count("organisations"),
                people: count("people"),
                meetings: count("meetings"),
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> CommandResult<DemoLoaded> {
    with_store(state, |s| demo::load(s, 1).map(DemoLoaded::from)).await
}

#[tauri::command]
pub fn vocabulary() -> Vocabulary {
    Vocabulary::current()
}

#[tauri::command]
pub async fn list_territories(state: State<'_, AppState>) -> CommandResult<Vec<TerritoryDto>> {
    with_store(state, |s| {
        s.read(territories::list)
            .map(|ts| ts.into_iter().map(TerritoryDto::from).collect())
    })
    .await
}

#[tauri::command]
pub async fn list_organisations(
    state: State<'_, AppState>,
    search: String,
    limit: u32,
) -> CommandResult<Vec<OrganisationDto>> {
    with_store(state, move |s| {
        s.read(|c| organisations::list(c, &search, limit as usize))
            .map(|os| os.into_iter().map(OrganisationDto::from).collect())
    })
    .await
}

#[tauri::command]
pub async fn create_organisation(
    state: State<'_, AppState>,
    input: NewOrganisationDto,
) -> CommandResult<OrganisationDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| organisations::create(tx, &new))
            .map(OrganisationDto::from)
    })
    .await
}
