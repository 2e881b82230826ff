//! A meeting's agenda (programma): items with a start time, a title, a kind and
//! their speakers, people of the register or guests by name and role (seed 004:
//! 9:00 registration, the institutional greetings of the Head of Cabinet and the
//! project coordinator, the introduction, the morning's tables, the afternoon
//! plenary). Printed as the programme and at the top of the minutes; the console
//! shows the item under way (`ui/src/lib/agenda.ts`).

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::{AGENDA_ITEMS, AGENDA_SPEAKERS, MEETINGS, PEOPLE};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::AgendaKind;

/// Who speaks at an item, as a form or the CLI gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewSpeaker {
    /// A person of the register, by id.
    Person(String),
    /// A guest who is not in the register: a name and, if known, a role
    /// ("Capo di Gabinetto della Prefettura").
    Guest { name: String, role: Option<String> },
}

/// What the agenda form (or `tavolo meeting agenda add`) supplies.
#[derive(Debug, Clone)]
pub struct NewAgendaItem {
    pub meeting_id: String,
    /// HH:MM.
    pub at: String,
    pub title: String,
    pub kind: Option<AgendaKind>,
    pub speakers: Vec<NewSpeaker>,
}

/// A speaker as the programme shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub id: String,
    /// Set for a person of the register.
    pub person_id: Option<String>,
    /// The person's "Given Family" or the guest's name.
    pub name: String,
    /// The guest's role, or the person's role and organisation.
    pub role: Option<String>,
}

/// An item of the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: String,
    pub meeting_id: String,
    pub at: String,
    pub title: String,
    /// `None` when not given, or a kind a newer Tavolo wrote (kept as it came).
    pub kind: Option<AgendaKind>,
    pub speakers: Vec<Speaker>,
}

/// Adds an item to a meeting's agenda, with its speakers, in one transaction.
pub fn add(tx: &mut WriteTx<'_>, new: &NewAgendaItem) -> Result<AgendaItem> {
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, &new.meeting_id)?;
    let at = validate::time("at", Some(&new.at))?.ok_or_else(|| {
        Error::invalid(
            "at",
            Problem::BadFormat {
                value: String::new(),
                expected: "a time (HH:MM)",
            },
        )
    })?;
    let title = validate::required("title", &new.title, 300)?;
    let id = new_id();
    tx.insert(
        &AGENDA_ITEMS,
        &id,
        &[
            ("meeting_id", Value::Text(new.meeting_id.clone())),
            ("at", Value::Text(at)),
            ("title", Value::Text(title)),
            (
                "kind",
                new.kind
                    .map_or(Value::Null, |k| Value::Text(k.code().into())),
            ),
        ],
    )?;
    for (position, speaker) in new.speakers.iter().enumerate() {
        let (person, name, role) = match speaker {
            NewSpeaker::Person(person_id) => {
                validate::reference(tx.conn(), "speaker", &PEOPLE, person_id)?;
                (Value::Text(person_id.clone()), Value::Null, Value::Null)
            }
            NewSpeaker::Guest { name, role } => (
                Value::Null,
                Value::Text(validate::required("speaker", name, 200)?),
                validate::optional("speaker_role", role.as_deref(), 200)?
                    .map_or(Value::Null, Value::Text),
            ),
        };
        tx.insert(
            &AGENDA_SPEAKERS,
            &new_id(),
            &[
                ("item_id", Value::Text(id.clone())),
                ("person_id", person),
                ("name", name),
                ("role", role),
                ("position", Value::Integer(position as i64)),
            ],
        )?;
    }
    get(tx.conn(), &id)
}

/// Removes an item (and its speakers) from the agenda.
pub fn remove(tx: &mut WriteTx<'_>, item_id: &str) -> Result<()> {
    get(tx.conn(), item_id)?;
    let speakers: Vec<String> = {
        let mut stmt = tx
            .conn()
            .prepare("SELECT id FROM agenda_speakers WHERE item_id = ?1 AND deleted = 0")?;
        let rows = stmt.query_map([item_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for s in speakers {
        tx.delete(&AGENDA_SPEAKERS, &s)?;
    }
    tx.delete(&AGENDA_ITEMS, item_id)
}

/// One item by id.
pub fn get(conn: &Connection, item_id: &str) -> Result<AgendaItem> {
    let meeting: String = conn
        .query_row(
            "SELECT meeting_id FROM agenda_items WHERE id = ?1 AND deleted = 0",
            [item_id],
            |r| r.get(0),
        )
        .map_err(not_found("agenda item", item_id))?;
    of_meeting(conn, &meeting)?
        .into_iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| Error::NotFound {
            entity: "agenda item",
            id: item_id.to_owned(),
        })
}

/// A meeting's agenda, by start time (items at the same time in the order they
/// were added).
pub fn of_meeting(conn: &Connection, meeting_id: &str) -> Result<Vec<AgendaItem>> {
    let mut stmt = conn.prepare(
        "SELECT id, meeting_id, at, title, kind FROM agenda_items
         WHERE meeting_id = ?1 AND deleted = 0 ORDER BY at, id",
    )?;
    let mut items = stmt
        .query_map([meeting_id], |r| {
            let kind: Option<String> = r.get(4)?;
            Ok(AgendaItem {
                id: r.get(0)?,
                meeting_id: r.get(1)?,
                at: r.get(2)?,
                title: r.get(3)?,
                kind: kind.and_then(|k| AgendaKind::parse("kind", &k).ok()),
                speakers: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut speakers = conn.prepare(
        "SELECT s.id, s.person_id,
                coalesce(p.given_name || ' ' || p.family_name, s.name, ''),
                CASE WHEN s.person_id IS NULL THEN s.role
                     ELSE nullif(trim(coalesce(p.role, '') ||
                          CASE WHEN p.role IS NOT NULL AND o.name IS NOT NULL THEN ', ' ELSE '' END ||
                          coalesce(o.name, '')), '') END
         FROM agenda_speakers s
         LEFT JOIN people p ON p.id = s.person_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE s.item_id = ?1 AND s.deleted = 0 ORDER BY s.position, s.id",
    )?;
    for item in &mut items {
        item.speakers = speakers
            .query_map([&item.id], |r| {
                Ok(Speaker {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    name: r.get(2)?,
                    role: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(items)
}

/// How a speaker reads in a programme: "Maria Rossi (Capo di Gabinetto)".
pub fn speaker_line(s: &Speaker) -> String {
    match &s.role {
        Some(role) => format!("{} ({role})", s.name),
        None => s.name.clone(),
    }
}
