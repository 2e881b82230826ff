//! The catalogue of good practices: the list with the notes that could join it,
//! a practice's page with its review, a good-practice note promoted, a
//! reviewer's scores saved (all criteria in one transaction), practices side by
//! side.

use tauri::State;

use tavolo::practices::{self, compare, review};
use tavolo::vocabulary::{Criterion, PracticeStatus, Sector, TargetGroup};

use super::{with_store, AppState, CommandResult};
use crate::dto::blank;
use crate::dto::practices::{
    CatalogueDto, CompareRowDto, ComparisonDto, PracticeDetailDto, PracticeDto, PracticeFilterDto,
    ScoreInputDto,
};

fn filter(f: PracticeFilterDto) -> tavolo::Result<practices::Filter> {
    Ok(practices::Filter {
        sector: blank(f.sector)
            .map(|c| Sector::parse("sector", &c))
            .transpose()?,
        target: blank(f.target)
            .map(|c| TargetGroup::parse("target", &c))
            .transpose()?,
        country: blank(f.country),
        status: blank(f.status)
            .map(|c| PracticeStatus::parse("status", &c))
            .transpose()?,
    })
}

fn detail(c: &tavolo::store::Connection, id: &str) -> tavolo::Result<PracticeDetailDto> {
    let (p, r) = practices::get_reviewed(c, id)?;
    Ok(PracticeDetailDto {
        practice: PracticeDto::new(p, r.overall, r.panel.len()),
        review: r.into(),
    })
}

#[tauri::command]
pub async fn practice_catalogue(
    state: State<'_, AppState>,
    filter: PracticeFilterDto,
) -> CommandResult<CatalogueDto> {
    with_store(state, move |s| {
        let f = self::filter(filter)?;
        s.read(|c| {
            Ok(CatalogueDto {
                practices: practices::list_reviewed(c, &f)?
                    .into_iter()
                    .map(|(p, r)| PracticeDto::new(p, r.overall, r.panel.len()))
                    .collect(),
                candidates: practices::candidates(c)?
                    .into_iter()
                    .map(Into::into)
                    .collect(),
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn practice_detail(
    state: State<'_, AppState>,
    practice_id: String,
) -> CommandResult<PracticeDetailDto> {
    with_store(state, move |s| s.read(|c| detail(c, &practice_id))).await
}

/// A good-practice note becomes a practice (the same one when promoted before).
#[tauri::command]
pub async fn promote_note(
    state: State<'_, AppState>,
    note_id: String,
) -> CommandResult<PracticeDetailDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            let p = practices::promote(tx, &note_id)?;
            detail(tx.conn(), &p.id)
        })
    })
    .await
}

/// A reviewer's scores on the criteria given, in one transaction.
#[tauri::command]
pub async fn score_practice(
    state: State<'_, AppState>,
    practice_id: String,
    reviewer_id: String,
    scores: Vec<ScoreInputDto>,
) -> CommandResult<PracticeDetailDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            if scores.is_empty() {
                review::add_reviewer(tx, &practice_id, &reviewer_id)?;
            }
            for input in &scores {
                let criterion = Criterion::parse("criterion", &input.criterion)?;
                review::score(
                    tx,
                    &practice_id,
                    &reviewer_id,
                    criterion,
                    i64::from(input.score),
                    &input.comment(),
                )?;
            }
            detail(tx.conn(), &practice_id)
        })
    })
    .await
}

#[tauri::command]
pub async fn compare_practices(
    state: State<'_, AppState>,
    practice_ids: Vec<String>,
) -> CommandResult<ComparisonDto> {
    with_store(state, move |s| {
        s.read(|c| {
            let cmp = compare::compare(c, &practice_ids)?;
            let practices = cmp
                .practices
                .into_iter()
                .zip(&cmp.reviews)
                .map(|(p, r)| PracticeDto::new(p, r.overall, r.panel.len()))
                .collect();
            let rows = cmp
                .rows
                .into_iter()
                .map(|row| CompareRowDto {
                    criterion: row.criterion.code().to_owned(),
                    means: row.cells.iter().map(|c| c.0).collect(),
                    agreements: row
                        .cells
                        .iter()
                        .map(|c| c.1.map(|a| a.code().to_owned()))
                        .collect(),
                    best: row
                        .best
                        .into_iter()
                        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                        .collect(),
                })
                .collect();
            Ok(ComparisonDto { practices, rows })
        })
    })
    .await
}

/// A new practice (no id) or the form's fields for one already there.
#[tauri::command]
pub async fn save_practice(
    state: State<'_, AppState>,
    practice_id: Option<String>,
    input: crate::dto::practices::NewPracticeDto,
) -> CommandResult<PracticeDetailDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| {
            let p = match blank(practice_id) {
                Some(id) => practices::update(tx, &id, &new)?,
                None => practices::create(tx, &new)?,
            };
            detail(tx.conn(), &p.id)
        })
    })
    .await
}

/// Archives a practice (its review kept), or brings it back.
#[tauri::command]
pub async fn archive_practice(
    state: State<'_, AppState>,
    practice_id: String,
    archived: bool,
) -> CommandResult<PracticeDetailDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            practices::archive(tx, &practice_id, archived)?;
            detail(tx.conn(), &practice_id)
        })
    })
    .await
}
