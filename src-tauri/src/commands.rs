//! The Tauri commands: each converts its arguments, calls one core function and
//! converts the result. No SQL and no business rules live here.
//!
//! Commands are `async` and run their work with `spawn_blocking`, so a long write
//! (loading the demo) never blocks the window's event loop.

use std::sync::{Arc, Mutex};

use tauri::State;

use crate::dto::PeopleFilterDto;
use crate::dto::{
    AttendeeDto, CheckInNewDto, ConsoleDto, MeetingDto, NewNoteDto, NoteDto, PersonDto, TableDto,
};
use crate::dto::{
    CommandError, CountDto, DemoLoaded, DrillRowDto, ExportDoneDto, ExportProgressDto, FilterDto,
    IndicatorsDto, NewOrganisationDto, OrganisationDto, TerritoryDto, Vocabulary, WorkspaceStatus,
};
use crate::dto::{
    CoverageRowDto, MapClusterDto, MapClusterLinkDto, MapDto, MapEdgeDto, MapFilterDto, MapNodeDto,
    TerritoryMeasuresDto,
};
use crate::dto::{EditNoteDto, NewMeetingDto, NoteHitDto, NoteVersionDto, ThematicSeriesDto};
use crate::dto::{ImportReportDto, MergedDto, OrgListFilterDto, RegisterPreviewDto, SimilarDto};
use crate::dto::{NewPersonDto, NewRelationshipDto, OrganisationDetailDto, RelationshipDto};
use tavolo::formats::register_import::{self, Field, Subject};
use tavolo::indicators::{self, Figure};
use tavolo::register::duplicates::{self, Likeness};
use tavolo::{
    demo, register::organisations, register::territories, store::integrity, OpenMode, Store,
};

/// The open database, shared by the commands. SQLite connections are not `Sync`,
/// so the store sits behind a mutex; WAL keeps each hold of it short.
pub struct AppState {
    pub store: Arc<Mutex<Store>>,
    /// The register file the user last chose in the open dialog. The preview
    /// and the import read this one: the page never names a file, so a page
    /// that misbehaved could not make the app read another.
    pub register_file: Arc<Mutex<Option<std::path::PathBuf>>>,
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
                started_empty: tavolo::store::local_value(c, STARTED_EMPTY)?.is_some(),
            })
        })
    })
    .await
}

/// The `local_meta` key remembering that this laptop chose to start empty.
const STARTED_EMPTY: &str = "started_empty";

/// "Start empty" on the first-launch screen, remembered on this laptop.
#[tauri::command]
pub async fn start_empty(state: State<'_, AppState>) -> CommandResult<()> {
    with_store(state, |s| s.set_local_value(STARTED_EMPTY, "1")).await
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
    with_store(state, move |s| {
        let filter = filter.into_core()?;
        s.read(|c| organisations::list_filtered(c, &filter, limit as usize))
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
        let figure = match figure.as_str() {
            "meetings" => Figure::Meetings,
            "people" => Figure::People,
            "public_operators" => Figure::PublicOperators,
            "organisations" => Figure::Organisations,
            other => {
                return Err(tavolo::Error::invalid(
                    "figure",
                    tavolo::Problem::Unknown {
                        value: other.to_owned(),
                        accepted: "meetings, people, public_operators, organisations".into(),
                    },
                ))
            }
        };
        s.read(|c| indicators::drill_down(c, &filter, figure))
            .map(|rows| {
                rows.into_iter()
                    .map(|(id, name)| DrillRowDto { id, name })
                    .collect()
            })
    })
    .await
}

/// Set by the end-to-end tests to the file the save dialog would return: the native
/// GTK dialog is outside what WebDriver can drive.
pub const SAVE_DIALOG_ANSWER: &str = "TAVOLO_SAVE_DIALOG_ANSWER";

/// Asks where to save (the system's save dialog), then writes the workbook there,
/// sending `export-progress` events. Returns `None` when the user cancels.
#[tauri::command]
pub async fn export_xlsx(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: FilterDto,
    pseudonymise: bool,
    export_date: String,
) -> CommandResult<Option<ExportDoneDto>> {
    use tauri::Emitter;

    let filter = filter.into_core().map_err(CommandError::from)?;
    let Some(path) =
        ask_save_path(&app, format!("tavolo-{export_date}.xlsx"), "Excel", "xlsx").await?
    else {
        return Ok(None);
    };
    // The pseudonym key is created (once) through the shared store; the workbook is
    // then written from a connection of its own, so the app stays usable meanwhile.
    let (db_path, key) = with_store(state, move |s| {
        let key = if pseudonymise {
            Some(s.write(|tx| tavolo::formats::workbook::write::pseudonym_key(tx.conn()))?)
        } else {
            None
        };
        Ok((s.path().to_owned(), key))
    })
    .await?;
    tauri::async_runtime::spawn_blocking(move || {
        let reader = Store::open(&db_path, OpenMode::MustExist)?;
        let progress = |done: usize, total: usize| {
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            let _ = app.emit(
                "export-progress",
                ExportProgressDto {
                    done: n(done),
                    total: n(total),
                },
            );
        };
        let options = tavolo::formats::workbook::write::Options {
            filter,
            export_date,
            pseudonym_key: key,
            progress: Some(&progress),
        };
        let summary =
            reader.read(|c| tavolo::formats::workbook::write::export(c, &path, &options))?;
        Ok(Some(ExportDoneDto {
            path: path.display().to_string(),
            sheets: summary
                .rows
                .into_iter()
                .map(|(sheet, rows)| CountDto {
                    key: sheet.to_owned(),
                    count: u32::try_from(rows).unwrap_or(u32::MAX),
                })
                .collect(),
        }))
    })
    .await
    .map_err(|_| internal("the export stopped unexpectedly"))?
    .map_err(|e: tavolo::Error| CommandError::from(e))
}

/// The system's save dialog (or, in tests, `TAVOLO_SAVE_DIALOG_ANSWER`); `None`
/// when the user cancels. The extension is added when the name has none.
async fn ask_save_path(
    app: &tauri::AppHandle,
    suggested: String,
    kind: &'static str,
    extension: &'static str,
) -> CommandResult<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let app = app.clone();
    let path = tauri::async_runtime::spawn_blocking(move || {
        if let Some(answer) = std::env::var_os(SAVE_DIALOG_ANSWER) {
            return Some(std::path::PathBuf::from(answer));
        }
        app.dialog()
            .file()
            .add_filter(kind, &[extension])
            .set_file_name(&suggested)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(|_| internal("the save dialog stopped unexpectedly"))?;
    Ok(path.map(|mut p| {
        if p.extension().is_none() {
            p.set_extension(extension);
        }
        p
    }))
}

/// Asks where to save, then writes the calendar of every meeting (.ics).
/// Returns the path written, or `None` when the user cancels.
#[tauri::command]
pub async fn export_ics(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let Some(path) = ask_save_path(&app, "incontri-tavolo.ics".into(), "iCalendar", "ics").await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let stamp = tavolo::store::clock::ics_stamp(tavolo::store::clock::Clock::now_millis(
            &tavolo::store::clock::SystemClock,
        ));
        s.read(|c| tavolo::formats::ics::export(c, &path, &stamp))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

fn internal(message: &str) -> CommandError {
    CommandError {
        kind: "internal".into(),
        field: None,
        code: None,
        message: message.into(),
    }
}

#[tauri::command]
pub async fn list_meetings(state: State<'_, AppState>) -> CommandResult<Vec<MeetingDto>> {
    with_store(state, |s| {
        s.read(tavolo::meetings::list)
            .map(|ms| ms.into_iter().map(MeetingDto::from).collect())
    })
    .await
}

#[tauri::command]
pub async fn meeting_console(
    state: State<'_, AppState>,
    meeting_id: String,
) -> CommandResult<ConsoleDto> {
    use tavolo::{meetings, notes};
    with_store(state, move |s| {
        s.read(|c| {
            Ok(ConsoleDto {
                meeting: meetings::get(c, &meeting_id)?.into(),
                tables: meetings::tables(c, &meeting_id)?
                    .into_iter()
                    .map(TableDto::from)
                    .collect(),
                attendees: meetings::attendees(c, &meeting_id)?
                    .into_iter()
                    .map(AttendeeDto::from)
                    .collect(),
                notes: notes::of_meeting(c, &meeting_id)?
                    .into_iter()
                    .map(NoteDto::from)
                    .collect(),
                draft: notes::draft(c, &meeting_id)?,
            })
        })
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

#[tauri::command]
pub async fn check_in(
    state: State<'_, AppState>,
    meeting_id: String,
    person_id: String,
    role: String,
) -> CommandResult<Vec<AttendeeDto>> {
    with_store(state, move |s| {
        let role = tavolo::vocabulary::AttendanceRole::parse("role", &role)?;
        s.write(|tx| {
            tavolo::meetings::check_in(tx, &meeting_id, &person_id, role)?;
            tavolo::meetings::attendees(tx.conn(), &meeting_id)
        })
        .map(|a| a.into_iter().map(AttendeeDto::from).collect())
    })
    .await
}

/// Adds a person (and, if named, a new organisation) and checks them in: one
/// transaction, so a refused name leaves nothing half-made.
#[tauri::command]
pub async fn check_in_new_person(
    state: State<'_, AppState>,
    input: CheckInNewDto,
) -> CommandResult<Vec<AttendeeDto>> {
    use tavolo::register::organisations::{self as orgs, NewOrganisation};
    use tavolo::vocabulary::{AttendanceRole, Level, OrgKind};
    with_store(state, move |s| {
        let role = AttendanceRole::parse("role", &input.role)?;
        s.write(|tx| {
            let organisation_id = match (
                input.organisation_id.filter(|o| !o.is_empty()),
                input.new_organisation_name.filter(|n| !n.trim().is_empty()),
            ) {
                (Some(id), _) => Some(id),
                (None, Some(name)) => Some(
                    orgs::create(
                        tx,
                        &NewOrganisation::named(&name, OrgKind::Other, Level::Local),
                    )?
                    .id,
                ),
                (None, None) => None,
            };
            let person = tavolo::register::people::create(
                tx,
                &tavolo::register::people::NewPerson {
                    given_name: input.given_name.clone(),
                    family_name: input.family_name.clone(),
                    organisation_id,
                    ..Default::default()
                },
            )?;
            tavolo::meetings::check_in(tx, &input.meeting_id, &person.id, role)?;
            tavolo::meetings::attendees(tx.conn(), &input.meeting_id)
        })
        .map(|a| a.into_iter().map(AttendeeDto::from).collect())
    })
    .await
}

/// Saves a note; when this returns, the note is on disk.
#[tauri::command]
pub async fn add_note(state: State<'_, AppState>, input: NewNoteDto) -> CommandResult<NoteDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| tavolo::notes::add(tx, &new))
            .map(NoteDto::from)
    })
    .await
}

/// Saves what is typed in the note box, so a crash loses at most the last keystrokes.
#[tauri::command]
pub async fn save_draft(
    state: State<'_, AppState>,
    meeting_id: String,
    text: String,
) -> CommandResult<()> {
    with_store(state, move |s| {
        s.write(|tx| tavolo::notes::save_draft(tx, &meeting_id, &text))
    })
    .await
}

/// Marks a meeting planned, held or cancelled.
#[tauri::command]
pub async fn set_meeting_status(
    state: State<'_, AppState>,
    meeting_id: String,
    status: String,
) -> CommandResult<MeetingDto> {
    with_store(state, move |s| {
        let status = tavolo::vocabulary::MeetingStatus::parse("status", &status)?;
        s.write(|tx| tavolo::meetings::set_status(tx, &meeting_id, status))
            .map(MeetingDto::from)
    })
    .await
}

/// Edits a saved note; its earlier texts stay in its history.
#[tauri::command]
pub async fn edit_note(
    state: State<'_, AppState>,
    note_id: String,
    input: EditNoteDto,
) -> CommandResult<NoteDto> {
    with_store(state, move |s| {
        let change = input.into_core()?;
        s.write(|tx| tavolo::notes::edit(tx, &note_id, &change))
            .map(NoteDto::from)
    })
    .await
}

/// Every text a note has had, oldest first.
#[tauri::command]
pub async fn note_history(
    state: State<'_, AppState>,
    note_id: String,
) -> CommandResult<Vec<NoteVersionDto>> {
    with_store(state, move |s| {
        s.read(|c| tavolo::notes::history(c, &note_id)).map(|h| {
            h.into_iter()
                .map(|(at, text)| NoteVersionDto {
                    at_ms: at as f64,
                    text,
                })
                .collect()
        })
    })
    .await
}

/// Plans the four thematic meetings of a territory (health, education, work,
/// housing), a week apart, in one transaction.
#[tauri::command]
pub async fn plan_thematic_series(
    state: State<'_, AppState>,
    input: ThematicSeriesDto,
) -> CommandResult<Vec<MeetingDto>> {
    with_store(state, move |s| {
        let new = tavolo::meetings::NewThematicSeries::from(input);
        s.write(|tx| tavolo::meetings::plan_thematic_series(tx, &new))
            .map(|ms| ms.into_iter().map(MeetingDto::from).collect())
    })
    .await
}

/// Asks where to save, then writes the meeting's minutes as .odt. Returns the path
/// written, or `None` when the user cancels.
#[tauri::command]
pub async fn export_minutes_odt(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    meeting_id: String,
    project: String,
    funder: String,
) -> CommandResult<Option<String>> {
    let Some(path) = ask_save_path(&app, "verbale.odt".into(), "OpenDocument", "odt").await? else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let header = tavolo::formats::odt::Header { project, funder };
        s.read(|c| tavolo::formats::odt::export(c, &meeting_id, &path, &header))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// The notes of a note's meeting, in order, after `change` (one transaction).
fn notes_after(
    s: &mut Store,
    note_id: &str,
    change: impl FnOnce(&mut tavolo::store::WriteTx<'_>) -> tavolo::Result<()>,
) -> tavolo::Result<Vec<NoteDto>> {
    s.write(|tx| {
        let meeting = tavolo::notes::get(tx.conn(), note_id)?.meeting_id;
        change(tx)?;
        tavolo::notes::of_meeting(tx.conn(), &meeting)
    })
    .map(|ns| ns.into_iter().map(NoteDto::from).collect())
}

/// Moves a note one place up or down; returns the meeting's notes in order.
#[tauri::command]
pub async fn move_note(
    state: State<'_, AppState>,
    note_id: String,
    up: bool,
) -> CommandResult<Vec<NoteDto>> {
    with_store(state, move |s| {
        notes_after(s, &note_id, |tx| {
            tavolo::notes::move_note(tx, &note_id, up).map(|_| ())
        })
    })
    .await
}

/// Splits a note at a character; returns the meeting's notes in order.
#[tauri::command]
pub async fn split_note(
    state: State<'_, AppState>,
    note_id: String,
    at: u32,
) -> CommandResult<Vec<NoteDto>> {
    with_store(state, move |s| {
        notes_after(s, &note_id, |tx| {
            tavolo::notes::split(tx, &note_id, at as usize).map(|_| ())
        })
    })
    .await
}

/// Merges the second note into the first; returns the meeting's notes in order.
#[tauri::command]
pub async fn merge_notes(
    state: State<'_, AppState>,
    first_id: String,
    second_id: String,
) -> CommandResult<Vec<NoteDto>> {
    with_store(state, move |s| {
        notes_after(s, &first_id, |tx| {
            tavolo::notes::merge(tx, &first_id, &second_id).map(|_| ())
        })
    })
    .await
}

/// Marks around matches: control characters that a note's text cannot contain
/// (they are not typed and the core keeps them out of search results' pieces).
const MATCH_START: char = '\u{1}';
const MATCH_END: char = '\u{2}';

/// Full-text search over the notes (accents ignored, every word a prefix), in one
/// meeting or all, optionally of one kind; best matches first.
#[tauri::command]
pub async fn search_notes(
    state: State<'_, AppState>,
    query: String,
    meeting_id: Option<String>,
    kind: Option<String>,
    limit: u32,
) -> CommandResult<Vec<NoteHitDto>> {
    with_store(state, move |s| {
        let filter = tavolo::notes::SearchFilter {
            meeting_id: meeting_id.filter(|m| !m.is_empty()),
            kind: kind
                .filter(|k| !k.is_empty())
                .map(|k| tavolo::vocabulary::NoteKind::parse("kind", &k))
                .transpose()?,
            ..Default::default()
        };
        let hits = s.read(|c| {
            let marks = (MATCH_START.to_string(), MATCH_END.to_string());
            tavolo::notes::search(c, &query, &filter, limit as usize, (&marks.0, &marks.1))
        })?;
        Ok(hits
            .into_iter()
            .map(|h| NoteHitDto {
                pieces: h
                    .highlighted
                    .split([MATCH_START, MATCH_END])
                    .map(str::to_owned)
                    .collect(),
                note: NoteDto::from(h.note),
            })
            .collect())
    })
    .await
}

/// Plans one meeting (with the built-in tables if asked), in one transaction.
#[tauri::command]
pub async fn create_meeting(
    state: State<'_, AppState>,
    input: NewMeetingDto,
) -> CommandResult<MeetingDto> {
    with_store(state, move |s| {
        let with_tables = input.with_template_tables;
        let new = input.into_core()?;
        s.write(|tx| {
            let m = tavolo::meetings::create(tx, &new)?;
            if with_tables {
                for (title, questions) in tavolo::meetings::TEMPLATE_TABLES {
                    tavolo::meetings::add_table(tx, &m.id, title, questions)?;
                }
            }
            tavolo::meetings::get(tx.conn(), &m.id)
        })
        .map(MeetingDto::from)
    })
    .await
}

/// The stakeholder map for the filter: organisations, links, measures.
#[tauri::command]
pub async fn network_map(
    state: State<'_, AppState>,
    filter: MapFilterDto,
) -> CommandResult<MapDto> {
    with_store(state, move |s| {
        let filter = filter.into_core()?;
        let started = std::time::Instant::now();
        s.read(|c| {
            let graph = tavolo::network::graph(c, &filter)?;
            let territories = tavolo::network::territory_measures(c, &graph)?;
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            let large = graph.nodes.len() > tavolo::network::PRESET_LAYOUT_ABOVE;
            let (positions, clusters, cluster_links) = if large {
                let layout = tavolo::network::cluster_layout(&graph);
                let names: std::collections::HashMap<String, String> = territories::list(c)?
                    .into_iter()
                    .map(|t| (t.id, t.name))
                    .collect();
                let cluster_id =
                    |t: &Option<String>| format!("cluster:{}", t.as_deref().unwrap_or_default());
                let clusters: Vec<MapClusterDto> = layout
                    .clusters
                    .iter()
                    .map(|k| MapClusterDto {
                        id: cluster_id(&k.territory_id),
                        name: k
                            .territory_id
                            .as_ref()
                            .and_then(|t| names.get(t).cloned())
                            .unwrap_or_default(),
                        x: k.x,
                        y: k.y,
                        radius: k.radius,
                        actors: n(k.actors),
                    })
                    .collect();
                let links = layout
                    .links
                    .iter()
                    .filter_map(|(a, b, count)| {
                        Some(MapClusterLinkDto {
                            from: clusters.get(*a)?.id.clone(),
                            to: clusters.get(*b)?.id.clone(),
                            links: n(*count),
                        })
                    })
                    .collect();
                let positions = layout
                    .positions
                    .into_iter()
                    .zip(layout.cluster_of)
                    .map(|((x, y), k)| (Some(x), Some(y), Some(n(k))))
                    .collect();
                (positions, clusters, links)
            } else {
                (
                    vec![(None, None, None); graph.nodes.len()],
                    Vec::new(),
                    Vec::new(),
                )
            };
            let links = if large {
                let index: std::collections::HashMap<&str, u32> = graph
                    .nodes
                    .iter()
                    .enumerate()
                    .map(|(i, node)| (node.id.as_str(), n(i)))
                    .collect();
                graph
                    .edges
                    .iter()
                    .filter_map(|e| {
                        Some([
                            *index.get(e.from.as_str())?,
                            *index.get(e.to.as_str())?,
                            u32::from(e.strength),
                        ])
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let edges = if large { Vec::new() } else { graph.edges };
            Ok(MapDto {
                links,
                core_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
                clusters,
                cluster_links,
                territories: territories
                    .into_iter()
                    .map(|t| TerritoryMeasuresDto {
                        territory: t.territory,
                        actors: n(t.actors),
                        links: n(t.links),
                        isolated: n(t.isolated),
                    })
                    .collect(),
                nodes: graph
                    .nodes
                    .into_iter()
                    .zip(positions)
                    .map(|(x, (px, py, cluster))| MapNodeDto {
                        id: x.id,
                        name: x.name,
                        kind: x.kind.code().to_owned(),
                        level: x.level.code().to_owned(),
                        influence: x.influence,
                        interest: x.interest,
                        degree: n(x.degree),
                        betweenness: x.betweenness,
                        x: px,
                        y: py,
                        cluster,
                    })
                    .collect(),
                edges: edges
                    .into_iter()
                    .map(|e| MapEdgeDto {
                        id: e.id,
                        from: e.from,
                        to: e.to,
                        kind: e.kind,
                        strength: e.strength,
                    })
                    .collect(),
            })
        })
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

/// Asks where to save, then writes the map (the current filter) as GraphML.
#[tauri::command]
pub async fn export_graphml(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: MapFilterDto,
) -> CommandResult<Option<String>> {
    let filter = filter.into_core().map_err(CommandError::from)?;
    let Some(path) =
        ask_save_path(&app, "rete-tavolo.graphml".into(), "GraphML", "graphml").await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let graph = s.read(|c| tavolo::network::graph(c, &filter))?;
        tavolo::formats::files::write_atomically(
            &path,
            tavolo::formats::graphml::document(&graph).as_bytes(),
        )?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Asks where to save, then writes the picture of the map the page drew (PNG,
/// base64-encoded by Cytoscape).
#[tauri::command]
pub async fn save_map_png(
    app: tauri::AppHandle,
    png_base64: String,
) -> CommandResult<Option<String>> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png_base64.trim_start_matches("data:image/png;base64,"))
        .map_err(|_| internal("the picture of the map could not be read"))?;
    if !bytes.starts_with(b"\x89PNG") {
        return Err(internal("the picture of the map is not a PNG"));
    }
    let Some(path) = ask_save_path(&app, "mappa-tavolo.png".into(), "PNG", "png").await? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        tavolo::formats::files::write_atomically(&path, &bytes)
            .map(|()| Some(path.display().to_string()))
            .map_err(CommandError::from)
    })
    .await
    .map_err(|_| internal("saving the picture stopped unexpectedly"))?
}

/// Asks where to save, then writes the map as the page drew it, as SVG (vector:
/// sharp at any size in a report).
#[tauri::command]
pub async fn save_map_svg(app: tauri::AppHandle, svg: String) -> CommandResult<Option<String>> {
    let head = svg.trim_start();
    if !(head.starts_with("<svg") || head.starts_with("<?xml")) || !svg.contains("</svg>") {
        return Err(internal("the drawing of the map is not an SVG image"));
    }
    let Some(path) = ask_save_path(&app, "mappa-tavolo.svg".into(), "SVG", "svg").await? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        tavolo::formats::files::write_atomically(&path, svg.as_bytes())
            .map(|()| Some(path.display().to_string()))
            .map_err(CommandError::from)
    })
    .await
    .map_err(|_| internal("saving the drawing stopped unexpectedly"))?
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

/// Set in tests to the file the open dialog would return.
pub const OPEN_DIALOG_ANSWER: &str = "TAVOLO_OPEN_DIALOG_ANSWER";

/// The system's open dialog for a register spreadsheet; `None` when cancelled.
#[tauri::command]
pub async fn choose_register_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let path = tauri::async_runtime::spawn_blocking(move || {
        if let Some(answer) = std::env::var_os(OPEN_DIALOG_ANSWER) {
            return Some(std::path::PathBuf::from(answer));
        }
        app.dialog()
            .file()
            .add_filter("Fogli di calcolo", &["xlsx", "xls", "ods", "csv"])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(|_| internal("the open dialog stopped unexpectedly"))?;
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

fn subject_of(code: &str) -> tavolo::Result<Subject> {
    match code {
        "organisations" => Ok(Subject::Organisations),
        "people" => Ok(Subject::People),
        other => Err(tavolo::Error::invalid(
            "subject",
            tavolo::Problem::BadFormat {
                value: other.to_owned(),
                expected: "organisations or people",
            },
        )),
    }
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
        let subject = subject_of(&subject)?;
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
        let subject = subject_of(&subject)?;
        let table = register_import::read_table(&file, sheet.as_deref().filter(|s| !s.is_empty()))?;
        let mapping = mapping
            .iter()
            .map(|code| match code.as_deref() {
                None | Some("") => Ok(None),
                Some(c) => Field::of_subject(subject, c).map(Some).ok_or_else(|| {
                    tavolo::Error::invalid(
                        "mapping",
                        tavolo::Problem::BadFormat {
                            value: c.to_owned(),
                            expected: "a field of the register",
                        },
                    )
                }),
            })
            .collect::<tavolo::Result<Vec<_>>>()?;
        let options = register_import::Options {
            add_unknown_organisations,
        };
        let report = register_import::import_into(s, subject, &table, &mapping, &options, dry_run)?;
        Ok(ImportReportDto::new(report, dry_run))
    })
    .await
}
