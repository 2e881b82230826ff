//! The workspace: what the first screen needs, the demo, "start empty". (The
//! closed lists reach the page at build time: `ui/src/lib/vocabulary.ts`.)

use tauri::State;

use super::{with_store, AppState, CommandResult};
use tavolo::store::integrity;
use tavolo::{demo, Store};

use crate::dto::workspace::{DemoLoaded, PrintHeaderDto, WorkspaceStatus};

#[tauri::command]
pub async fn workspace_status(state: State<'_, AppState>) -> CommandResult<WorkspaceStatus> {
    with_store(state, |s| status_of(s)).await
}

/// What the first screen needs to know about the workspace: the command's
/// answer, and the first screen's.
pub(crate) fn status_of(s: &Store) -> tavolo::Result<WorkspaceStatus> {
    let db_path = s.path().display().to_string();
    s.read(integrity::overview)
        .map(|o| WorkspaceStatus::new(o, db_path))
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

/// The project and funder lines printed on the sign-in sheet and the minutes, as
/// last typed for this workspace.
#[tauri::command]
pub async fn print_header(state: State<'_, AppState>) -> CommandResult<PrintHeaderDto> {
    with_store(state, |s| {
        s.read(tavolo::store::local::print_header)
            .map(|(project, funder)| PrintHeaderDto { project, funder })
    })
    .await
}

/// Remembers the project and funder lines for this workspace.
#[tauri::command]
pub async fn set_print_header(
    state: State<'_, AppState>,
    project: String,
    funder: String,
) -> CommandResult<()> {
    with_store(state, move |s| s.set_print_header(&project, &funder)).await
}
