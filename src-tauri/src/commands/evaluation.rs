//! The evaluation screen (interventions, their values typed in or imported from
//! an office's sheet, the estimate per indicator) and the regions screen (this
//! region's indicators package saved, the regions' packages imported and shown
//! side by side, the comparison saved as a workbook). Also the catalogue of
//! good practices saved as a booklet or a workbook.

use tauri::State;

use tavolo::evaluation::{self, estimate, import, NewIntervention, OutcomeValue};
use tavolo::federation::{self, kept, merge::Merged};

use super::files::{ask_open_path, ask_save_path};
use super::{with_store, AppState, CommandResult};
use crate::dto::evaluation::{
    EstimateDto, EvaluationDto, InterventionDto, NewInterventionDto, OutcomeInputDto, PackageDto,
    PackageImportDto, RegionLineDto, RegionsDto,
};

fn evaluation_of(c: &tavolo::store::Connection, id: &str) -> tavolo::Result<EvaluationDto> {
    let i = evaluation::get(c, id)?;
    let values = evaluation::values(c, id)?.len();
    let estimates = i
        .indicators
        .iter()
        .map(|name| {
            match estimate::estimate(
                c,
                id,
                name,
                estimate::DEFAULT_SEED,
                estimate::DEFAULT_REPLICATES,
            ) {
                Ok(e) => e.into(),
                Err(err) => EstimateDto::failed(name.clone(), err.to_string()),
            }
        })
        .collect();
    Ok(EvaluationDto {
        intervention: i.into(),
        estimates,
        values: u32::try_from(values).unwrap_or(u32::MAX),
    })
}

#[tauri::command]
pub async fn interventions(state: State<'_, AppState>) -> CommandResult<Vec<InterventionDto>> {
    with_store(state, |s| {
        s.read(evaluation::list)
            .map(|l| l.into_iter().map(Into::into).collect())
    })
    .await
}

#[tauri::command]
pub async fn create_intervention(
    state: State<'_, AppState>,
    input: NewInterventionDto,
) -> CommandResult<EvaluationDto> {
    with_store(state, move |s| {
        let new = NewIntervention {
            title: input.title,
            description: input.description,
            start_period: input.start_period,
            treated: input.treated,
            comparison: input.comparison,
        };
        s.write(|tx| {
            let i = evaluation::create(tx, &new)?;
            evaluation_of(tx.conn(), &i.id)
        })
    })
    .await
}

#[tauri::command]
pub async fn evaluate_intervention(
    state: State<'_, AppState>,
    intervention_id: String,
) -> CommandResult<EvaluationDto> {
    with_store(state, move |s| {
        s.read(|c| evaluation_of(c, &intervention_id))
    })
    .await
}

/// One value typed in (a value given again replaces the first).
#[tauri::command]
pub async fn record_outcome(
    state: State<'_, AppState>,
    intervention_id: String,
    value: OutcomeInputDto,
) -> CommandResult<EvaluationDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            evaluation::record(
                tx,
                &intervention_id,
                &OutcomeValue {
                    indicator: value.indicator,
                    territory_id: value.territory_id,
                    period: value.period,
                    value: value.value,
                },
            )?;
            evaluation_of(tx.conn(), &intervention_id)
        })
    })
    .await
}

/// The open dialog, then the sheet's values, all or none; `None` when cancelled.
#[tauri::command]
pub async fn import_outcomes(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    intervention_id: String,
    indicator: Option<String>,
) -> CommandResult<Option<EvaluationDto>> {
    let Some(path) = ask_open_path(
        &app,
        "Fogli di calcolo",
        &["xlsx", "xls", "ods", "csv", "txt"],
    )
    .await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let indicator = crate::dto::blank(indicator);
        s.write(|tx| {
            import::import(
                tx,
                &intervention_id,
                &path,
                None,
                indicator.as_deref(),
                true,
            )?;
            evaluation_of(tx.conn(), &intervention_id)
        })
        .map(Some)
    })
    .await
}

fn regions_of(m: Merged, packages: Vec<federation::Package>) -> RegionsDto {
    RegionsDto {
        packages: packages
            .iter()
            .map(|p| PackageDto {
                region: p.payload.region.clone(),
                fingerprint: p.fingerprint(),
                made_at: p.payload.made_at.clone(),
                digest: p.digest.clone(),
            })
            .collect(),
        regions: m.regions,
        lines: m
            .lines
            .into_iter()
            .map(|l| RegionLineDto {
                hidden: l
                    .values
                    .iter()
                    .map(|v| *v == Some(federation::Cell::Suppressed))
                    .collect(),
                values: l
                    .values
                    .iter()
                    .map(|v| v.and_then(federation::Cell::count).map(|n| n as f64))
                    .collect(),
                indicator: l.indicator,
                by: l.by,
                key: l.key,
                total: l.total as f64,
            })
            .collect(),
    }
}

fn regions_now(c: &tavolo::store::Connection) -> tavolo::Result<RegionsDto> {
    let packages = kept::kept(c)?;
    Ok(regions_of(kept::line_up(packages.clone()), packages))
}

#[tauri::command]
pub async fn regions(state: State<'_, AppState>) -> CommandResult<RegionsDto> {
    with_store(state, |s| s.read(regions_now)).await
}

/// The open dialog, then the package checked and kept; `None` when cancelled.
#[tauri::command]
pub async fn import_package(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<PackageImportDto>> {
    let Some(path) = ask_open_path(&app, "Pacchetto di indicatori", &["tavolo-indicators"]).await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        s.write(|tx| {
            let (p, outcome) = kept::import(tx, &path)?;
            Ok(Some(PackageImportDto {
                region: p.payload.region,
                outcome: outcome.code().to_owned(),
                regions: regions_now(tx.conn())?,
            }))
        })
    })
    .await
}

#[tauri::command]
pub async fn remove_package(
    state: State<'_, AppState>,
    digest: String,
) -> CommandResult<RegionsDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            kept::remove(tx, &digest)?;
            regions_now(tx.conn())
        })
    })
    .await
}

/// The save dialog, then this region's package; the path, or `None`.
#[tauri::command]
pub async fn export_package(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    region: String,
) -> CommandResult<Option<String>> {
    let suggested = format!("{}.tavolo-indicators", region.trim().to_lowercase());
    let Some(path) = ask_save_path(
        &app,
        suggested,
        "Pacchetto di indicatori",
        "tavolo-indicators",
    )
    .await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        federation::export(s, Some(&region), &path).map(|_| Some(path.display().to_string()))
    })
    .await
}

/// The save dialog, then the kept packages side by side as a workbook.
#[tauri::command]
pub async fn export_regions(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let Some(path) = ask_save_path(&app, "regioni.xlsx".into(), "Excel", "xlsx").await? else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let m = s.read(kept::side_by_side)?;
        federation::merge::write(&m, &path).map(|()| Some(path.display().to_string()))
    })
    .await
}

/// The save dialog, then the catalogue of good practices as a booklet (.docx)
/// or a workbook (.xlsx), with the practices `compare` side by side if given.
#[tauri::command]
pub async fn export_practices(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    format: String,
    compare: Vec<String>,
) -> CommandResult<Option<String>> {
    use tavolo::reports::practices as catalogue;
    let extension: &'static str = if format == "xlsx" { "xlsx" } else { "docx" };
    let kind = if extension == "xlsx" { "Excel" } else { "Word" };
    let suggested = format!("catalogo-buone-prassi.{extension}");
    let Some(path) = ask_save_path(&app, suggested, kind, extension).await? else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let today = tavolo::dates::today();
        let (cat, (project, funder)) = s.read(|c| {
            Ok((
                catalogue::catalogue(c, &Default::default(), &compare)?,
                tavolo::store::local::print_header(c)?,
            ))
        })?;
        if extension == "xlsx" {
            catalogue::workbook(&cat, &path)?;
        } else {
            let doc = catalogue::booklet(&cat, &project, &funder, &today);
            tavolo::formats::document::write(&doc, &path)?;
        }
        Ok(Some(path.display().to_string()))
    })
    .await
}
