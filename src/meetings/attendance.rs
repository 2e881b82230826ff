//! Attendance: who came to a meeting, for which organisation, in which role.

use crate::error::Result;
use crate::privacy::consent::{unnamed, MAY_NAME};
use crate::register::organisations::{self, NewOrganisation};
use crate::register::people::{self, NewPerson};
use crate::store::ids::link_id;
use crate::store::schema::{ATTENDANCE, MEETINGS, ORGANISATIONS};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{AttendanceRole, Level, OrgKind};
use rusqlite::types::Value;
use rusqlite::Connection;

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
    /// The person's role in their organisation, from the register ("Psicologa").
    pub job: Option<String>,
    /// Consented to be named in minutes and reports, and not a minor.
    pub may_name: bool,
    pub minor: bool,
    /// How what others read shows them: the name, or "partecipante" and the kind
    /// of their organisation ([`crate::privacy::consent`]).
    pub shown_name: String,
}

/// The people checked in to a meeting, by family name.
pub fn attendees(conn: &Connection, meeting_id: &str) -> Result<Vec<Attendee>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.id, p.given_name, p.family_name, o.name, a.role, a.organisation_id,
                p.is_public_operator, p.role, {MAY_NAME}, p.minor, o.kind
         FROM attendance a JOIN people p ON p.id = a.person_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.meeting_id = ?1 AND a.deleted = 0 AND p.deleted = 0
         ORDER BY p.family_key, p.given_key, p.id"
    ))?;
    let rows = stmt.query_map([meeting_id], |r| {
        let role: String = r.get(4)?;
        let may_name: bool = r.get(8)?;
        let kind: Option<String> = r.get(10)?;
        let shown_name = if may_name {
            format!("{} {}", r.get::<_, String>(2)?, r.get::<_, String>(1)?)
        } else {
            unnamed(kind.and_then(|k| OrgKind::parse("kind", &k).ok()))
        };
        Ok(Attendee {
            may_name,
            minor: r.get(9)?,
            shown_name,
            person_id: r.get(0)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            organisation_id: r.get(5)?,
            organisation_name: r.get(3)?,
            role: AttendanceRole::parse("role", &role).unwrap_or(AttendanceRole::Participant),
            is_public_operator: r.get(6)?,
            job: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Someone at the door who is not in the register yet: their names, and either the
/// organisation they belong to or the name of a new one to add.
#[derive(Debug, Clone)]
pub struct NewArrival {
    pub meeting_id: String,
    pub given_name: String,
    pub family_name: String,
    /// An organisation already in the register.
    pub organisation_id: Option<String>,
    /// A new organisation to add (of type "other", local), when none was chosen.
    pub new_organisation_name: Option<String>,
    pub role: AttendanceRole,
}

/// Adds a person (and, if named, a new organisation) and checks them in, all in
/// the caller's transaction, so a refused name leaves nothing half-made. Returns
/// the meeting's attendees.
pub fn check_in_new_person(tx: &mut WriteTx<'_>, new: &NewArrival) -> Result<Vec<Attendee>> {
    let organisation_id = match (
        new.organisation_id.as_deref().filter(|o| !o.is_empty()),
        new.new_organisation_name
            .as_deref()
            .filter(|n| !n.trim().is_empty()),
    ) {
        (Some(id), _) => Some(id.to_owned()),
        (None, Some(name)) => Some(
            organisations::create(
                tx,
                &NewOrganisation::named(name, OrgKind::Other, Level::Local),
            )?
            .id,
        ),
        (None, None) => None,
    };
    let person = people::create(
        tx,
        &NewPerson {
            given_name: new.given_name.clone(),
            family_name: new.family_name.clone(),
            organisation_id,
            ..Default::default()
        },
    )?;
    check_in(tx, &new.meeting_id, &person.id, new.role)?;
    attendees(tx.conn(), &new.meeting_id)
}
