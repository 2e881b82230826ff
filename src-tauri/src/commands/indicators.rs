//! The figures for offices and funders, and the rows behind each.

use tauri::State;
use tavolo::indicators::{self, Figure};

use super::{with_store, AppState, CommandResult};
use crate::dto::indicators::{DrillRowDto, FilterDto, IndicatorsDto};

#[tauri::command]
pub async fn indicators(
    state: State<'_, AppState>,
    filter: FilterDto,
) -> CommandResult<IndicatorsDto> {
    with_store(state, move |s| {
        let filter = filter.into_core()?;
        s.read(|c| indicators::compute(c, &filter))
            .map(IndicatorsDto::from)
    })
    .await
}

#[tauri::command]
pub async fn drill_down(
    state: State<'_, AppState>,
    filter: FilterDto,
    figure: String,
) -> CommandResult<Vec<DrillRowDto>> {
    with_store(state, move |s| {
        let filter = filter.into_core()?;
        let figure = Figure::parse("figure", &figure)?;
        s.read(|c| indicators::drill_down(c, &filter, figure))
            .map(|rows| {
                rows.into_iter()
                    .map(|(id, name)| DrillRowDto { id, name })
                    .collect()
            })
    })
    .await
}
