//! The workspace: what the first screen needs, the demo, "start empty". (The
//! closed lists reach the page at build time: `ui/src/lib/vocabulary.ts`.)

use tauri::State;

use super::{with_store, AppState, CommandResult};
use tavolo::store::integrity;
use tavolo::{demo, Store};

use crate::dto::workspace::{DemoLoaded, WorkspaceStatus};

#[tauri::command]
pub async fn workspace_status(state: State<'_, AppState>) -> CommandResult<WorkspaceStatus> {
    with_store(state, |s| {
        let db_path = s.path().display().to_string();
        s.read(integrity::overview)
            .map(|o| WorkspaceStatus::new(o, db_path))
    })
    .await
}

/// "Start empty" on the first-launch screen, remembered on this laptop.
#[tauri::command]
pub async fn start_empty(state: State<'_, AppState>) -> CommandResult<()> {
    with_store(state, Store::remember_started_empty).await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> CommandResult<DemoLoaded> {
    with_store(state, |s| demo::load(s, 1).map(DemoLoaded::from)).await
}
