//! The stakeholder map and the coverage matrix.

use tauri::State;

use super::{with_store, AppState, CommandResult};
use crate::dto::map::{CoverageRowDto, MapDto, MapFilterDto};

/// The stakeholder map for the filter: organisations, links, measures.
#[tauri::command]
pub async fn network_map(
    state: State<'_, AppState>,
    filter: MapFilterDto,
) -> CommandResult<MapDto> {
    with_store(state, move |s| {
        let filter = filter.into_core()?;
        let started = std::time::Instant::now();
        let view = s.read(|c| tavolo::network::map_view(c, &filter))?;
        let core_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
        Ok(MapDto::new(view, core_ms))
    })
    .await
}

/// The coverage matrix: provinces and regions × sectors.
#[tauri::command]
pub async fn coverage(state: State<'_, AppState>) -> CommandResult<Vec<CoverageRowDto>> {
    with_store(state, |s| {
        s.read(tavolo::network::coverage).map(|rows| {
            rows.into_iter()
                .map(|r| CoverageRowDto {
                    territory_id: r.territory_id,
                    territory: r.territory,
                    counts: r
                        .counts
                        .into_iter()
                        .map(|c| u32::try_from(c).unwrap_or(u32::MAX))
                        .collect(),
                })
                .collect()
        })
    })
    .await
}
