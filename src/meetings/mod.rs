//! Network meetings, their tables (tavoli) and guiding questions, and attendance.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Result};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::{
    ATTENDANCE, GUIDING_QUESTIONS, MEETINGS, MEETING_TABLES, ORGANISATIONS, TERRITORIES,
};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{AttendanceRole, MeetingKind, MeetingStatus, Theme};

/// The built-in table templates: the four tables of the TEAMS seminar (seed 003)
/// with their guiding questions, offered when planning a thematic meeting.
pub const TEMPLATE_TABLES: &[(&str, &[&str])] = &[
    (
        "Governance multilivello e multistakeholder",
        &[
            "In che misura i progetti sviluppati fanno fare passi avanti su una logica di programmazione integrata per progetti con target anche richiedenti asilo e persone con background migratorio?",
            "Quali raccomandazioni emergono intorno al tema della governance multilivello e multi stakeholder per future progettazioni territoriali di servizi e interventi che intercettino anche richiedenti asilo e persone con background migratorio?",
        ],
    ),
    (
        "Coinvolgimento delle comunità, degli utenti e cittadinanza attiva",
        &[
            "Che ruolo possono avere i percorsi di cittadinanza attiva nel coinvolgimento della comunità?",
            "In che misura i progetti sviluppati ci fanno fare passi avanti su percorsi di partecipazione territoriale che includano anche richiedenti asilo e persone con background migratorio?",
            "Come agire sui processi di cittadinanza attiva?",
        ],
    ),
    (
        "Metodi e strumenti di monitoraggio, valutazione e reporting",
        &[
            "In che misura i progetti sviluppati possono facilitare il pensiero rispetto allo sviluppo di strumenti di monitoraggio, valutazione e reporting?",
            "Quali elementi hanno funzionato, quali hanno funzionato poco?",
        ],
    ),
    (
        "Accessibilità dei servizi: universalismo e specificità",
        &[
            "Quali elementi emergono nella vostra esperienza progettuale rispetto alla tensione tra un approccio specialistico e l'ingresso della popolazione straniera all'interno dei servizi tradizionali?",
            "Quali elementi hanno funzionato? Quali punti di debolezza e possibili attenzioni?",
        ],
    ),
];

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

/// Adds a table (tavolo) with its guiding questions at the end of a meeting's tables.
/// Returns the new table's id.
pub fn add_table(
    tx: &mut WriteTx<'_>,
    meeting_id: &str,
    title: &str,
    questions: &[&str],
) -> Result<String> {
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, meeting_id)?;
    let title = validate::required("title", title, 300)?;
    let position: i64 = tx.conn().query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM meeting_tables WHERE meeting_id = ?1",
        [meeting_id],
        |r| r.get(0),
    )?;
    let table_id = new_id();
    tx.insert(
        &MEETING_TABLES,
        &table_id,
        &[
            ("meeting_id", Value::Text(meeting_id.into())),
            ("position", Value::Integer(position)),
            ("title", Value::Text(title)),
        ],
    )?;
    for (i, q) in questions.iter().enumerate() {
        let text = validate::free_text("questions", q, 5_000)?;
        tx.insert(
            &GUIDING_QUESTIONS,
            &new_id(),
            &[
                ("table_id", Value::Text(table_id.clone())),
                ("position", Value::Integer(i as i64 + 1)),
                ("text", Value::Text(text)),
            ],
        )?;
    }
    Ok(table_id)
}

/// Checks a person in to a meeting (or changes their role if already there). The
/// attendance row's id depends only on the meeting and the person.
pub fn check_in(
    tx: &mut WriteTx<'_>,
    meeting_id: &str,
    person_id: &str,
    role: AttendanceRole,
) -> Result<String> {
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, meeting_id)?;
    let organisation = crate::register::people::organisation_of(tx.conn(), "person_id", person_id)?;
    if let Some(org) = &organisation {
        validate::reference(tx.conn(), "organisation_id", &ORGANISATIONS, org)?;
    }
    let id = link_id("attendance", meeting_id, person_id);
    let fields = [
        ("meeting_id", Value::Text(meeting_id.into())),
        ("person_id", Value::Text(person_id.into())),
        (
            "organisation_id",
            organisation.map_or(Value::Null, Value::Text),
        ),
        ("role", Value::Text(role.code().into())),
        ("deleted", Value::Integer(0)),
    ];
    let exists: bool = tx.conn().query_row(
        "SELECT count(*) > 0 FROM attendance WHERE id = ?1",
        [&id],
        |r| r.get(0),
    )?;
    if exists {
        // Also brings back a check-in that was undone (its tombstone is cleared).
        tx.revive(&ATTENDANCE, &id, &fields[2..])?;
    } else {
        tx.insert(&ATTENDANCE, &id, &fields)?;
    }
    Ok(id)
}

/// Someone checked in to a meeting, as the console's attendee list shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub person_id: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub role: AttendanceRole,
    pub is_public_operator: bool,
}

/// The people checked in to a meeting, by family name.
pub fn attendees(conn: &Connection, meeting_id: &str) -> Result<Vec<Attendee>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.given_name, p.family_name, o.name, a.role, a.organisation_id,
                p.is_public_operator
         FROM attendance a JOIN people p ON p.id = a.person_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.meeting_id = ?1 AND a.deleted = 0 AND p.deleted = 0
         ORDER BY p.family_key, p.given_key, p.id",
    )?;
    let rows = stmt.query_map([meeting_id], |r| {
        let role: String = r.get(4)?;
        Ok(Attendee {
            person_id: r.get(0)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            organisation_id: r.get(5)?,
            organisation_name: r.get(3)?,
            role: AttendanceRole::parse("role", &role).unwrap_or(AttendanceRole::Participant),
            is_public_operator: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A table (tavolo) of a meeting with its guiding questions, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingTable {
    pub id: String,
    pub title: String,
    /// (id, text) of each guiding question.
    pub questions: Vec<(String, String)>,
}

/// The live tables of a meeting and their questions, in order.
pub fn tables(conn: &Connection, meeting_id: &str) -> Result<Vec<MeetingTable>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.title, q.id, q.text FROM meeting_tables k
         LEFT JOIN guiding_questions q ON q.table_id = k.id AND q.deleted = 0
         WHERE k.meeting_id = ?1 AND k.deleted = 0
         ORDER BY k.position, k.id, q.position, q.id",
    )?;
    let mut rows = stmt.query([meeting_id])?;
    let mut out: Vec<MeetingTable> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if out.last().map(|t| t.id != id).unwrap_or(true) {
            out.push(MeetingTable {
                id: id.clone(),
                title: r.get(1)?,
                questions: Vec::new(),
            });
        }
        if let (Some(q), Some(text), Some(table)) = (
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            out.last_mut(),
        ) {
            table.questions.push((q, text));
        }
    }
    Ok(out)
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

/// What is needed to plan the four thematic meetings of a territory.
#[derive(Debug, Clone)]
pub struct NewThematicSeries {
    pub territory_id: String,
    /// The first meeting's date; the others follow weekly.
    pub first_date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    /// Give each meeting the built-in tables and questions ([`TEMPLATE_TABLES`]).
    pub with_template_tables: bool,
}

/// Plans the four thematic focus groups (health, education, work, housing) of a
/// territory in one step, a week apart, as the projects do.
pub fn plan_thematic_series(tx: &mut WriteTx<'_>, new: &NewThematicSeries) -> Result<Vec<Meeting>> {
    let territory: String = tx
        .conn()
        .query_row(
            "SELECT name FROM territories WHERE id = ?1 AND deleted = 0",
            [&new.territory_id],
            |r| r.get(0),
        )
        .map_err(|_| {
            crate::Error::invalid(
                "territory_id",
                crate::Problem::MissingReference {
                    id: new.territory_id.clone(),
                },
            )
        })?;
    let first = validate::date("first_date", &new.first_date)?;
    let themes = [
        (Theme::Health, "Salute"),
        (Theme::Education, "Istruzione"),
        (Theme::Work, "Lavoro"),
        (Theme::Housing, "Casa"),
    ];
    let mut out = Vec::new();
    for (i, (theme, label)) in themes.iter().enumerate() {
        let meeting = create(
            tx,
            &NewMeeting {
                title: format!("Incontro di rete – {label} – {territory}"),
                kind: MeetingKind::FocusGroup,
                theme: *theme,
                territory_id: Some(new.territory_id.clone()),
                date: crate::store::clock::add_days(&first, 7 * i as u32),
                start_time: new.start_time.clone(),
                end_time: new.end_time.clone(),
                place: new.place.clone(),
                status: MeetingStatus::Planned,
            },
        )?;
        if new.with_template_tables {
            for (title, questions) in TEMPLATE_TABLES {
                add_table(tx, &meeting.id, title, questions)?;
            }
        }
        out.push(get(tx.conn(), &meeting.id)?);
    }
    Ok(out)
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
