//! Network meetings: planning, status, the calendar; their tables (`tables`), who
//! came (`attendance`), the agenda (`agenda`) and the thematic series (`series`).

pub mod agenda;
mod attendance;
mod series;
mod tables;

pub use attendance::{attendees, check_in, check_in_new_person, Attendee, NewArrival};
pub use series::{plan_thematic_series, NewThematicSeries};
pub use tables::{add_table, add_template_tables, tables, MeetingTable, TEMPLATE_TABLES};

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Result};
use crate::store::ids::new_id;
use crate::store::schema::{MEETINGS, TERRITORIES};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{MeetingKind, MeetingStatus, Theme};

/// A meeting as the calendar shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub id: String,
    pub title: String,
    pub kind: MeetingKind,
    pub theme: Theme,
    pub territory_id: Option<String>,
    pub territory_name: Option<String>,
    /// YYYY-MM-DD.
    pub date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub status: MeetingStatus,
    /// Number of people checked in.
    pub attendees: i64,
}

impl Meeting {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Meeting> {
        let kind: String = row.get("kind")?;
        let theme: String = row.get("theme")?;
        let status: String = row.get("status")?;
        Ok(Meeting {
            id: row.get("id")?,
            title: row.get("title")?,
            kind: MeetingKind::parse("kind", &kind).unwrap_or(MeetingKind::FocusGroup),
            theme: Theme::parse("theme", &theme).unwrap_or(Theme::Other),
            territory_id: row.get("territory_id")?,
            territory_name: row.get("territory_name")?,
            date: row.get("date")?,
            start_time: row.get("start_time")?,
            end_time: row.get("end_time")?,
            place: row.get("place")?,
            status: MeetingStatus::parse("status", &status).unwrap_or(MeetingStatus::Planned),
            attendees: row.get("attendees")?,
        })
    }
}

/// What is needed to plan a meeting.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub title: String,
    pub kind: MeetingKind,
    pub theme: Theme,
    pub territory_id: Option<String>,
    pub date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub status: MeetingStatus,
}

/// Plans a meeting after checking every field.
pub fn create(tx: &mut WriteTx<'_>, new: &NewMeeting) -> Result<Meeting> {
    create_with_id(tx, &new_id(), new)
}

/// Like [`create`], with a given id (the demo workspace uses fixed ids).
pub fn create_with_id(tx: &mut WriteTx<'_>, id: &str, new: &NewMeeting) -> Result<Meeting> {
    let title = validate::required("title", &new.title, 300)?;
    let date = validate::date("date", &new.date)?;
    let start = validate::time("start_time", new.start_time.as_deref())?;
    let end = validate::time("end_time", new.end_time.as_deref())?;
    let place = validate::optional("place", new.place.as_deref(), 300)?;
    if let Some(t) = &new.territory_id {
        validate::reference(tx.conn(), "territory_id", &TERRITORIES, t)?;
    }
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    tx.insert(
        &MEETINGS,
        id,
        &[
            ("title", Value::Text(title)),
            ("kind", Value::Text(new.kind.code().into())),
            ("theme", Value::Text(new.theme.code().into())),
            ("territory_id", text(new.territory_id.clone())),
            ("date", Value::Text(date)),
            ("start_time", text(start)),
            ("end_time", text(end)),
            ("place", text(place)),
            ("status", Value::Text(new.status.code().into())),
        ],
    )?;
    get(tx.conn(), id)
}

const SELECT: &str =
    "SELECT m.id, m.title, m.kind, m.theme, m.territory_id, t.name AS territory_name,
        m.date, m.start_time, m.end_time, m.place, m.status,
        (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.deleted = 0) AS attendees
     FROM meetings m LEFT JOIN territories t ON t.id = m.territory_id";

/// One live meeting.
pub fn get(conn: &Connection, id: &str) -> Result<Meeting> {
    conn.prepare_cached(&format!("{SELECT} WHERE m.id = ?1 AND m.deleted = 0"))?
        .query_row([id], Meeting::from_row)
        .map_err(not_found("meeting", id))
}

/// Every live meeting, by date.
pub fn list(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE m.deleted = 0 ORDER BY m.date, m.start_time, m.title"
    ))?;
    let rows = stmt.query_map([], Meeting::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Marks a meeting planned, held or cancelled. Only held meetings count in the
/// indicators, so the console offers this as soon as people are checked in.
pub fn set_status(
    tx: &mut WriteTx<'_>,
    meeting_id: &str,
    status: MeetingStatus,
) -> Result<Meeting> {
    get(tx.conn(), meeting_id)?;
    tx.update(
        &MEETINGS,
        meeting_id,
        &[("status", Value::Text(status.code().into()))],
    )?;
    get(tx.conn(), meeting_id)
}

/// Plans one meeting, with the built-in tables if asked (the "new meeting" form),
/// and returns it as stored.
pub fn plan(tx: &mut WriteTx<'_>, new: &NewMeeting, with_template_tables: bool) -> Result<Meeting> {
    let meeting = create(tx, new)?;
    if with_template_tables {
        add_template_tables(tx, &meeting.id)?;
    }
    get(tx.conn(), &meeting.id)
}

/// The live meetings at which someone represented the organisation, by date.
pub fn attended_by_organisation(conn: &Connection, organisation_id: &str) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE m.deleted = 0 AND m.id IN (
            SELECT a.meeting_id FROM attendance a
            WHERE a.organisation_id = ?1 AND a.deleted = 0)
         ORDER BY m.date, m.start_time, m.title"
    ))?;
    let rows = stmt.query_map([organisation_id], Meeting::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
