//! Updates without internet: a folder chosen in the system's dialog (a shared
//! drive, a USB stick), the update files there checked, one installed after a
//! backup, and the app started again. The page names a file only by its name in
//! the folder the user chose: it cannot make the app install from elsewhere.

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::State;
use tavolo::update;

use super::{internal, AppState, CommandResult};
use crate::dto::updates::{UpdateFileDto, UpdateInstalledDto, UpdatesDto};
use crate::dto::CommandError;

/// The folder last chosen for updates.
static CHOSEN: Mutex<Option<PathBuf>> = Mutex::new(None);

fn file_error(message: String) -> CommandError {
    CommandError {
        kind: "file".into(),
        field: None,
        code: None,
        message,
    }
}

/// Asks for a folder, then lists the update files in it (none when cancelled).
#[tauri::command]
pub async fn find_updates(app: tauri::AppHandle) -> CommandResult<Option<UpdatesDto>> {
    let Some(folder) = super::sync::pick_folder(&app).await? else {
        return Ok(None);
    };
    let found = {
        let folder = folder.clone();
        tauri::async_runtime::spawn_blocking(move || update::scan(&folder))
            .await
            .map_err(|_| internal("the updates could not be read"))?
            .map_err(CommandError::from)?
    };
    *CHOSEN
        .lock()
        .map_err(|_| internal("the chosen folder is unavailable"))? = Some(folder.clone());
    Ok(Some(UpdatesDto {
        folder: folder.display().to_string(),
        running: update::current_version().to_owned(),
        files: found.iter().map(UpdateFileDto::from).collect(),
    }))
}

/// Installs the update `name` from the folder chosen: checked again, the
/// database backed up, then the program replaced (AppImage) or installed by dpkg.
#[tauri::command]
pub async fn install_update(
    state: State<'_, AppState>,
    name: String,
) -> CommandResult<UpdateInstalledDto> {
    let folder = CHOSEN
        .lock()
        .map_err(|_| internal("the chosen folder is unavailable"))?
        .clone()
        .ok_or_else(|| file_error("choose the folder with the update first".into()))?;
    if name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(file_error(format!(
            "{name}: not a file of the chosen folder"
        )));
    }
    let path = folder.join(&name);
    let offer = tauri::async_runtime::spawn_blocking(move || update::check(&path))
        .await
        .map_err(|_| internal("the update could not be read"))?
        .map_err(CommandError::from)?;
    let target = update::target_here(offer.manifest.kind).map_err(CommandError::from)?;
    let done = super::with_store(state, move |store| {
        update::install(Some(store), &offer, &target)
    })
    .await?;
    Ok(UpdateInstalledDto {
        version: done.version,
        backup: done.backup.map(|p| p.display().to_string()),
    })
}

/// Starts Tavolo again (the new version, after an update).
#[tauri::command]
pub fn restart_app(app: tauri::AppHandle) {
    app.restart();
}
