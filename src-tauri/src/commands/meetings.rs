//! Meetings: the calendar, planning, the console, attendance, status.

use tauri::State;

use super::{with_store, AppState, CommandResult};
use tavolo::meetings;

use crate::dto::meetings::{
    AgendaItemDto, AttendeeDto, CheckInNewDto, ConsentInputDto, ConsoleDto, MeetingDto,
    NewAgendaItemDto, NewMeetingDto, TableDto, ThematicSeriesDto,
};
use crate::dto::notes::NoteDto;

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
                agenda: meetings::agenda::of_meeting(c, &meeting_id)?
                    .into_iter()
                    .map(AgendaItemDto::from)
                    .collect(),
            })
        })
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

/// A consent given or withdrawn at the door (today), e.g. to be named in the
/// minutes; returns the meeting's attendees as they now show.
#[tauri::command]
pub async fn set_consent(
    state: State<'_, AppState>,
    input: ConsentInputDto,
) -> CommandResult<Vec<AttendeeDto>> {
    use tavolo::vocabulary::{ConsentHow, ConsentPurpose};
    with_store(state, move |s| {
        let purpose = ConsentPurpose::parse("purpose", &input.purpose)?;
        let how = input
            .how
            .as_deref()
            .map(|h| ConsentHow::parse("how", h))
            .transpose()?;
        let today = tavolo::dates::today();
        s.write(|tx| {
            tavolo::privacy::consent::set(tx, &input.person_id, purpose, input.given, how, &today)?;
            tavolo::meetings::attendees(tx.conn(), &input.meeting_id)
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
    with_store(state, move |s| {
        let arrival = input.into_core()?;
        s.write(|tx| meetings::check_in_new_person(tx, &arrival))
            .map(|a| a.into_iter().map(AttendeeDto::from).collect())
    })
    .await
}

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

/// Plans one meeting (with the built-in tables if asked), in one transaction.
#[tauri::command]
pub async fn create_meeting(
    state: State<'_, AppState>,
    input: NewMeetingDto,
) -> CommandResult<MeetingDto> {
    with_store(state, move |s| {
        let with_tables = input.with_template_tables;
        let new = input.into_core()?;
        s.write(|tx| meetings::plan(tx, &new, with_tables))
            .map(MeetingDto::from)
    })
    .await
}

/// Adds an item to a meeting's agenda (with its speakers, one transaction);
/// returns the whole agenda.
#[tauri::command]
pub async fn add_agenda_item(
    state: State<'_, AppState>,
    input: NewAgendaItemDto,
) -> CommandResult<Vec<AgendaItemDto>> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| {
            meetings::agenda::add(tx, &new)?;
            meetings::agenda::of_meeting(tx.conn(), &new.meeting_id)
        })
        .map(|a| a.into_iter().map(AgendaItemDto::from).collect())
    })
    .await
}

/// Removes an item from its meeting's agenda; returns the agenda left.
#[tauri::command]
pub async fn remove_agenda_item(
    state: State<'_, AppState>,
    item_id: String,
) -> CommandResult<Vec<AgendaItemDto>> {
    with_store(state, move |s| {
        s.write(|tx| {
            let meeting = meetings::agenda::get(tx.conn(), &item_id)?.meeting_id;
            meetings::agenda::remove(tx, &item_id)?;
            meetings::agenda::of_meeting(tx.conn(), &meeting)
        })
        .map(|a| a.into_iter().map(AgendaItemDto::from).collect())
    })
    .await
}
