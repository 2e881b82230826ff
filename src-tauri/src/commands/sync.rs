//! Sync between laptops: the shared folder chosen once, "sync now" (also run by
//! the page at start, after a meeting is closed and every few minutes), bundles
//! to and from a file for a USB stick or e-mail, and the conflicts.
//!
//! A sync runs on a connection of its own, so the app's other commands do not wait
//! for it behind the shared store's lock.

use tauri::State;
use tavolo::sync::conflicts::{self, Keep};
use tavolo::sync::identity;
use tavolo::{OpenMode, Store};

use super::files::OPEN_DIALOG_ANSWER;
use super::{internal, with_store, AppState, CommandResult};
use crate::dto::sync::{ConflictDto, SyncProgressDto, SyncReportDto, SyncStatusDto};
use crate::dto::CommandError;

/// Set in tests to the folder the folder dialog would return.
pub const FOLDER_DIALOG_ANSWER: &str = "TAVOLO_FOLDER_DIALOG_ANSWER";

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CommandResult<SyncStatusDto> {
    with_store(state, |s| {
        let status = tavolo::sync::status(s)?;
        let (folder, open) =
            s.read(|c| Ok((identity::sync_folder(c)?, conflicts::open(c)?.len())))?;
        Ok(SyncStatusDto::new(status, folder, open))
    })
    .await
}

/// The system's folder dialog (or, in tests, `TAVOLO_FOLDER_DIALOG_ANSWER`).
pub(super) async fn pick_folder(
    app: &tauri::AppHandle,
) -> CommandResult<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Some(answer) = super::files::test_answer(FOLDER_DIALOG_ANSWER) {
            return Some(answer);
        }
        app.dialog()
            .file()
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(|_| internal("the folder dialog stopped unexpectedly"))
}

/// Chooses the shared folder (Syncthing, Nextcloud, a USB stick), once.
#[tauri::command]
pub async fn choose_sync_folder(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let Some(dir) = pick_folder(&app).await? else {
        return Ok(None);
    };
    with_store(state, move |s| {
        identity::set_sync_folder(s, &dir)?;
        Ok(Some(dir.display().to_string()))
    })
    .await
}

/// Runs `f` on a connection of its own to the app's database, on a blocking thread.
async fn on_own_connection<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&mut Store) -> tavolo::Result<T> + Send + 'static,
) -> CommandResult<T> {
    let path = with_store(state, |s| Ok(s.path().to_owned())).await?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut store = Store::open(&path, OpenMode::MustExist)?;
        f(&mut store)
    })
    .await
    .map_err(|_| internal("the sync stopped unexpectedly"))?
    .map_err(CommandError::from)
}

/// Both ways through the shared folder, sending `sync-progress` events while a
/// large bundle is applied.
#[tauri::command]
pub async fn sync_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<SyncReportDto> {
    use tauri::Emitter;
    on_own_connection(state, move |s| {
        let dir = s
            .read(identity::sync_folder)?
            .ok_or_else(|| tavolo::Error::invalid("folder", tavolo::Problem::Required))?;
        let progress = |done: usize, total: usize| {
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            let _ = app.emit(
                "sync-progress",
                SyncProgressDto {
                    done: n(done),
                    total: n(total),
                },
            );
        };
        let (exported, arrived) = tavolo::sync::exchange::folder_with_progress(s, &dir, &progress)?;
        Ok(SyncReportDto::new(exported, arrived))
    })
    .await
}

/// "Esporta modifiche su file…": this laptop's changes that the chosen folder (a
/// USB stick) does not hold yet, as one bundle there.
#[tauri::command]
pub async fn export_changes(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<SyncReportDto>> {
    let Some(dir) = pick_folder(&app).await? else {
        return Ok(None);
    };
    on_own_connection(state, move |s| {
        let exported = tavolo::sync::export_to(s, &dir)?;
        Ok(Some(SyncReportDto::new(exported, Default::default())))
    })
    .await
}

/// "Importa modifiche da file…": bundles chosen in the open dialog (from a USB
/// stick, or saved from an e-mail), in any order.
#[tauri::command]
pub async fn import_changes(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<SyncReportDto>> {
    use tauri_plugin_dialog::DialogExt;
    let files = tauri::async_runtime::spawn_blocking(move || {
        if let Some(answer) = super::files::test_answer(OPEN_DIALOG_ANSWER) {
            return vec![answer];
        }
        app.dialog()
            .file()
            .add_filter("Tavolo", &[tavolo::sync::bundle::EXTENSION])
            .blocking_pick_files()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .collect()
    })
    .await
    .map_err(|_| internal("the open dialog stopped unexpectedly"))?;
    if files.is_empty() {
        return Ok(None);
    }
    on_own_connection(state, move |s| {
        let arrived = tavolo::sync::import(s, &files)?;
        Ok(Some(SyncReportDto::new(None, arrived)))
    })
    .await
}

#[tauri::command]
pub async fn sync_conflicts(state: State<'_, AppState>) -> CommandResult<Vec<ConflictDto>> {
    with_store(state, |s| {
        let me = s.device().to_owned();
        s.read(conflicts::open)
            .map(|ks| ks.into_iter().map(|k| ConflictDto::new(k, &me)).collect())
    })
    .await
}

/// Keeps this laptop's text ("mine"), the other ("theirs"), or a merged `text`.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: String,
    keep: String,
    text: Option<String>,
) -> CommandResult<()> {
    with_store(state, move |s| {
        let keep = Keep::parse("keep", &keep, text)?;
        conflicts::resolve(s, &id, &keep)
    })
    .await
}

/// Accepts the clock of a device whose bundles were held back for being far ahead.
#[tauri::command]
pub async fn accept_clock(state: State<'_, AppState>, device: String) -> CommandResult<()> {
    with_store(state, move |s| {
        tavolo::sync::exchange::accept_clock(s, &device)
    })
    .await
}
