//! The register: territories, organisations, people, relationships, look-alikes
//! and merges, and the import of an office's spreadsheet.

use tauri::State;

use tavolo::formats::register_import::{self, Field, Subject};
use tavolo::register::duplicates::{self, Likeness};
use tavolo::register::{organisations, territories};
use tavolo::Store;

use super::{internal, with_store, AppState, CommandResult};
use crate::dto::meetings::MeetingDto;
use crate::dto::register::*;
use crate::dto::CommandError;

#[tauri::command]
pub async fn list_territories(state: State<'_, AppState>) -> CommandResult<Vec<TerritoryDto>> {
    with_store(state, |s| territories_of(s)).await
}

/// Every territory: the command's answer, and the first screen's.
pub(crate) fn territories_of(s: &Store) -> tavolo::Result<Vec<TerritoryDto>> {
    s.read(territories::list)
        .map(|ts| ts.into_iter().map(TerritoryDto::from).collect())
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

/// The people list with its filters and order.
#[tauri::command]
pub async fn list_people(
    state: State<'_, AppState>,
    filter: PeopleFilterDto,
    limit: u32,
) -> CommandResult<Vec<PersonDto>> {
    with_store(state, move |s| {
        let filter = filter.into_core()?;
        s.read(|c| tavolo::register::people::list_filtered(c, &filter, limit as usize))
            .map(|ps| ps.into_iter().map(PersonDto::from).collect())
    })
    .await
}

/// The register's list with its filters and order.
#[tauri::command]
pub async fn filter_organisations(
    state: State<'_, AppState>,
    filter: OrgListFilterDto,
    limit: u32,
) -> CommandResult<Vec<OrganisationDto>> {
    with_store(state, move |s| organisations_of(s, filter, limit)).await
}

/// The organisations `filter` selects, at most `limit`: the command's answer,
/// and the first screen's.
pub(crate) fn organisations_of(
    s: &Store,
    filter: OrgListFilterDto,
    limit: u32,
) -> tavolo::Result<Vec<OrganisationDto>> {
    let filter = filter.into_core()?;
    s.read(|c| organisations::list_filtered(c, &filter, limit as usize))
        .map(|os| os.into_iter().map(OrganisationDto::from).collect())
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

#[tauri::command]
pub async fn search_people(
    state: State<'_, AppState>,
    search: String,
    limit: u32,
) -> CommandResult<Vec<PersonDto>> {
    with_store(state, move |s| {
        s.read(|c| tavolo::register::people::search(c, &search, limit as usize))
            .map(|ps| ps.into_iter().map(PersonDto::from).collect())
    })
    .await
}

/// The organisation page: the organisation, its people, its links, its meetings.
#[tauri::command]
pub async fn organisation_detail(
    state: State<'_, AppState>,
    organisation_id: String,
) -> CommandResult<OrganisationDetailDto> {
    with_store(state, move |s| {
        s.read(|c| {
            Ok(OrganisationDetailDto {
                organisation: organisations::get(c, &organisation_id)?.into(),
                people: tavolo::register::people::of_organisation(c, &organisation_id)?
                    .into_iter()
                    .map(PersonDto::from)
                    .collect(),
                relationships: tavolo::register::relationships::of_organisation(
                    c,
                    &organisation_id,
                )?
                .into_iter()
                .map(RelationshipDto::from)
                .collect(),
                meetings: tavolo::meetings::attended_by_organisation(c, &organisation_id)?
                    .into_iter()
                    .map(MeetingDto::from)
                    .collect(),
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn create_person(
    state: State<'_, AppState>,
    input: NewPersonDto,
) -> CommandResult<PersonDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| tavolo::register::people::create(tx, &new))
            .map(PersonDto::from)
    })
    .await
}

#[tauri::command]
pub async fn create_relationship(
    state: State<'_, AppState>,
    input: NewRelationshipDto,
) -> CommandResult<RelationshipDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| tavolo::register::relationships::create(tx, &new))
            .map(RelationshipDto::from)
    })
    .await
}

/// Organisations that look like `name` (as the create form is typed, or on an
/// organisation's page to find its duplicates), leaving out `except`.
#[tauri::command]
pub async fn similar_organisations(
    state: State<'_, AppState>,
    name: String,
    except: Option<String>,
) -> CommandResult<Vec<SimilarDto>> {
    with_store(state, move |s| {
        s.read(|c| duplicates::similar_organisations(c, &name, except.as_deref(), 5))
            .map(|found| {
                found
                    .into_iter()
                    .map(|(l, o)| SimilarDto {
                        likeness: match l {
                            Likeness::Same => "same",
                            Likeness::Similar => "similar",
                        }
                        .to_owned(),
                        organisation: OrganisationDto::from(o),
                    })
                    .collect()
            })
    })
    .await
}

/// People already in the register with the same names (in any order) or e-mail:
/// shown under the add-a-person form so nobody is entered twice.
#[tauri::command]
pub async fn similar_people(
    state: State<'_, AppState>,
    given_name: String,
    family_name: String,
    email: Option<String>,
) -> CommandResult<Vec<PersonDto>> {
    with_store(state, move |s| {
        s.read(|c| {
            duplicates::similar_people(c, &given_name, &family_name, email.as_deref(), None, 5)
        })
        .map(|ps| ps.into_iter().map(PersonDto::from).collect())
    })
    .await
}

/// Merges organisation `gone` into `keep`, in one transaction.
#[tauri::command]
pub async fn merge_organisations(
    state: State<'_, AppState>,
    keep: String,
    gone: String,
) -> CommandResult<MergedDto> {
    with_store(state, move |s| {
        s.write(|tx| duplicates::merge_organisations(tx, &keep, &gone))
            .map(MergedDto::from)
    })
    .await
}

#[tauri::command]
pub async fn update_organisation(
    state: State<'_, AppState>,
    id: String,
    input: NewOrganisationDto,
) -> CommandResult<OrganisationDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| organisations::update(tx, &id, &new))
            .map(OrganisationDto::from)
    })
    .await
}

#[tauri::command]
pub async fn set_organisation_archived(
    state: State<'_, AppState>,
    id: String,
    archived: bool,
) -> CommandResult<OrganisationDto> {
    with_store(state, move |s| {
        s.write(|tx| organisations::set_archived(tx, &id, archived))
            .map(OrganisationDto::from)
    })
    .await
}

/// The system's open dialog for a register spreadsheet; `None` when cancelled.
#[tauri::command]
pub async fn choose_register_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let path =
        super::files::ask_open_path(&app, "Fogli di calcolo", &["xlsx", "xls", "ods", "csv"])
            .await?;
    let Some(path) = path else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    *state
        .register_file
        .lock()
        .map_err(|_| internal("the chosen file is unavailable"))? = Some(path);
    Ok(Some(name))
}

/// The file chosen with [`choose_register_file`].
fn chosen_register_file(state: &AppState) -> CommandResult<std::path::PathBuf> {
    state
        .register_file
        .lock()
        .map_err(|_| internal("the chosen file is unavailable"))?
        .clone()
        .ok_or_else(|| {
            CommandError::from(tavolo::Error::invalid("file", tavolo::Problem::Required))
        })
}

/// The mapping step: reads the file and proposes a field for each column.
#[tauri::command]
pub async fn register_preview(
    state: State<'_, AppState>,
    subject: String,
    sheet: Option<String>,
) -> CommandResult<RegisterPreviewDto> {
    let file = chosen_register_file(&state)?;
    tauri::async_runtime::spawn_blocking(move || -> tavolo::Result<RegisterPreviewDto> {
        let subject = Subject::parse("subject", &subject)?;
        let table = register_import::read_table(&file, sheet.as_deref().filter(|s| !s.is_empty()))?;
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Ok(RegisterPreviewDto {
            file_name: file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            mapping: register_import::guess_mapping(subject, &table.headers)
                .into_iter()
                .map(|f| f.map(Field::code))
                .collect(),
            fields: Field::of(subject).iter().map(|f| f.code()).collect(),
            sheets: table.sheets,
            sheet: table.sheet,
            header_row: n(table.header_row),
            sample: table
                .rows
                .iter()
                .take(8)
                .map(|(row, cells)| {
                    let mut out = vec![row.to_string()];
                    out.extend(cells.iter().take(table.headers.len()).cloned());
                    out
                })
                .collect(),
            rows: n(table.rows.len()),
            empty_rows: n(table.empty_rows),
            merged_cells: n(table.merged_cells),
            headers: table.headers,
        })
    })
    .await
    .map_err(|_| internal("reading the file stopped unexpectedly"))?
    .map_err(CommandError::from)
}

/// Imports the file with the mapping chosen (one transaction), or with `dry_run`
/// only reports what would happen.
#[tauri::command]
pub async fn register_import(
    state: State<'_, AppState>,
    subject: String,
    sheet: Option<String>,
    mapping: Vec<Option<String>>,
    add_unknown_organisations: bool,
    dry_run: bool,
) -> CommandResult<ImportReportDto> {
    let file = chosen_register_file(&state)?;
    with_store(state, move |s| {
        let subject = Subject::parse("subject", &subject)?;
        let table = register_import::read_table(&file, sheet.as_deref().filter(|s| !s.is_empty()))?;
        let mapping = register_import::mapping_from_codes(subject, &mapping)?;
        let options = register_import::Options {
            add_unknown_organisations,
        };
        let report = register_import::import_into(s, subject, &table, &mapping, &options, dry_run)?;
        Ok(ImportReportDto::new(report, dry_run))
    })
    .await
}
