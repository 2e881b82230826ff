//! Territorial work groups (gruppi di lavoro, seed 000: "un gruppo di lavoro
//! specifico per ciascun territorio"): a name, a territory, themes, a status,
//! members (people of the register with a role), the group's own meetings, and
//! the co-design actions it carries ([`actions`]).

pub mod actions;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::{GROUP_MEETINGS, GROUP_MEMBERS, MEETINGS, TERRITORIES, WORK_GROUPS};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{ActionStatus, GroupStatus, MemberRole, Theme};

/// What the form (or `tavolo group create`) supplies.
#[derive(Debug, Clone)]
pub struct NewGroup {
    pub territory_id: String,
    pub name: String,
    pub themes: Vec<Theme>,
}

/// What an edit of a group may change (`None`: leave as it is).
#[derive(Debug, Clone, Default)]
pub struct GroupEdit {
    pub name: Option<String>,
    pub themes: Option<Vec<Theme>>,
    pub status: Option<GroupStatus>,
}

/// A group as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub territory_id: String,
    pub territory_name: String,
    pub name: String,
    /// Theme codes (a newer Tavolo's code kept as it came).
    pub themes: Vec<String>,
    pub status: GroupStatus,
    pub members: i64,
    pub meetings: i64,
    /// Actions per status, in [`ActionStatus::ALL`] order.
    pub actions: Vec<(ActionStatus, i64)>,
}

/// A member of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub group_id: String,
    pub person_id: String,
    /// "Given Family".
    pub name: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub role: MemberRole,
}

/// A meeting of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMeeting {
    pub link_id: String,
    pub meeting_id: String,
    pub title: String,
    pub date: String,
    pub status: String,
}

fn themes_value(themes: &[Theme]) -> Value {
    let mut codes: Vec<&str> = themes.iter().map(|t| t.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    Value::Text(codes.join(" "))
}

/// Creates a work group, active, in one transaction.
pub fn create(tx: &mut WriteTx<'_>, new: &NewGroup) -> Result<Group> {
    validate::reference(tx.conn(), "territory_id", &TERRITORIES, &new.territory_id)?;
    let name = validate::required("name", &new.name, 200)?;
    let id = new_id();
    tx.insert(
        &WORK_GROUPS,
        &id,
        &[
            ("territory_id", Value::Text(new.territory_id.clone())),
            ("name", Value::Text(name)),
            ("themes", themes_value(&new.themes)),
            ("status", Value::Text(GroupStatus::Active.code().into())),
        ],
    )?;
    get(tx.conn(), &id)
}

/// Changes a group's name, themes or status.
pub fn edit(tx: &mut WriteTx<'_>, id: &str, edit: &GroupEdit) -> Result<Group> {
    get(tx.conn(), id)?;
    let mut fields = Vec::new();
    if let Some(name) = &edit.name {
        fields.push(("name", Value::Text(validate::required("name", name, 200)?)));
    }
    if let Some(themes) = &edit.themes {
        fields.push(("themes", themes_value(themes)));
    }
    if let Some(status) = edit.status {
        fields.push(("status", Value::Text(status.code().into())));
    }
    tx.update(&WORK_GROUPS, id, &fields)?;
    get(tx.conn(), id)
}

const GROUP_SELECT: &str =
    "SELECT g.id, g.territory_id, coalesce(t.name, ''), g.name, g.themes, g.status,
        (SELECT count(*) FROM group_members x JOIN people p ON p.id = x.person_id
         WHERE x.group_id = g.id AND x.deleted = 0 AND p.deleted = 0),
        (SELECT count(*) FROM group_meetings x JOIN meetings m ON m.id = x.meeting_id
         WHERE x.group_id = g.id AND x.deleted = 0 AND m.deleted = 0)
     FROM work_groups g LEFT JOIN territories t ON t.id = g.territory_id
     WHERE g.deleted = 0";

fn group_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Group> {
    let themes: String = r.get(4)?;
    let status: String = r.get(5)?;
    Ok(Group {
        id: r.get(0)?,
        territory_id: r.get(1)?,
        territory_name: r.get(2)?,
        name: r.get(3)?,
        themes: themes.split_whitespace().map(str::to_owned).collect(),
        status: GroupStatus::parse("status", &status).unwrap_or(GroupStatus::Active),
        members: r.get(6)?,
        meetings: r.get(7)?,
        actions: Vec::new(),
    })
}

fn with_action_counts(conn: &Connection, mut group: Group) -> Result<Group> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM group_actions WHERE group_id = ?1 AND deleted = 0
         GROUP BY status",
    )?;
    let counts: Vec<(String, i64)> = stmt
        .query_map([&group.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    group.actions = ActionStatus::ALL
        .iter()
        .map(|s| {
            let n = counts
                .iter()
                .filter(|(c, _)| c == s.code())
                .map(|(_, n)| *n)
                .sum();
            (*s, n)
        })
        .collect();
    Ok(group)
}

/// One group by id.
pub fn get(conn: &Connection, id: &str) -> Result<Group> {
    let group = conn
        .query_row(
            &format!("{GROUP_SELECT} AND g.id = ?1"),
            [id],
            group_from_row,
        )
        .map_err(not_found("work group", id))?;
    with_action_counts(conn, group)
}

/// Every group, by territory and name.
pub fn list(conn: &Connection) -> Result<Vec<Group>> {
    let mut stmt = conn.prepare(&format!("{GROUP_SELECT} ORDER BY 3, g.name, g.id"))?;
    let groups = stmt
        .query_map([], group_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    groups
        .into_iter()
        .map(|g| with_action_counts(conn, g))
        .collect()
}

/// Adds a person to a group with a role (member when not given); a person
/// already in the group gets the new role, or keeps theirs when none is given. The same person added on two laptops
/// is one member after sync.
pub fn add_member(
    tx: &mut WriteTx<'_>,
    group_id: &str,
    person_id: &str,
    role: Option<MemberRole>,
) -> Result<Member> {
    get(tx.conn(), group_id).map_err(|_| {
        Error::invalid(
            "group_id",
            Problem::MissingReference {
                id: group_id.into(),
            },
        )
    })?;
    validate::person(tx.conn(), "person_id", person_id)?;
    let id = link_id("group_member", group_id, person_id);
    // Added again: back in the group, with the role given, else the one held.
    let again: Vec<(&str, Value)> = role
        .map(|r| ("role", Value::Text(r.code().into())))
        .into_iter()
        .collect();
    let role = Value::Text(role.unwrap_or(MemberRole::Member).code().into());
    tx.insert_or_revive(
        &GROUP_MEMBERS,
        &id,
        &[
            ("group_id", Value::Text(group_id.into())),
            ("person_id", Value::Text(person_id.into())),
            ("role", role),
        ],
        &again,
    )?;
    members(tx.conn(), group_id)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Error::Internal(format!("member {id} not found after writing it")))
}

/// Takes a person out of a group.
pub fn remove_member(tx: &mut WriteTx<'_>, member_id: &str) -> Result<()> {
    validate::reference(tx.conn(), "member_id", &GROUP_MEMBERS, member_id)?;
    tx.delete(&GROUP_MEMBERS, member_id)
}

/// A group's members: coordinators first, then by family name.
pub fn members(conn: &Connection, group_id: &str) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.id, x.group_id, x.person_id, p.given_name || ' ' || p.family_name,
                p.organisation_id, o.name, x.role
         FROM group_members x JOIN people p ON p.id = x.person_id
         LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE x.group_id = ?1 AND x.deleted = 0 AND p.deleted = 0
         ORDER BY CASE x.role WHEN 'coordinator' THEN 0 WHEN 'member' THEN 1 ELSE 2 END,
                  p.family_name, p.given_name, x.id",
    )?;
    let rows = stmt.query_map([group_id], |r| {
        let role: String = r.get(6)?;
        Ok(Member {
            id: r.get(0)?,
            group_id: r.get(1)?,
            person_id: r.get(2)?,
            name: r.get(3)?,
            organisation_id: r.get(4)?,
            organisation_name: r.get(5)?,
            role: MemberRole::parse("role", &role).unwrap_or(MemberRole::Member),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Counts a meeting among the group's own.
pub fn link_meeting(tx: &mut WriteTx<'_>, group_id: &str, meeting_id: &str) -> Result<()> {
    get(tx.conn(), group_id).map_err(|_| {
        Error::invalid(
            "group_id",
            Problem::MissingReference {
                id: group_id.into(),
            },
        )
    })?;
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, meeting_id)?;
    let id = link_id("group_meeting", group_id, meeting_id);
    tx.insert_or_revive(
        &GROUP_MEETINGS,
        &id,
        &[
            ("group_id", Value::Text(group_id.into())),
            ("meeting_id", Value::Text(meeting_id.into())),
        ],
        &[],
    )?;
    Ok(())
}

/// No longer counts a meeting among the group's own (the meeting stays).
pub fn unlink_meeting(tx: &mut WriteTx<'_>, group_id: &str, meeting_id: &str) -> Result<()> {
    let id = link_id("group_meeting", group_id, meeting_id);
    validate::reference(tx.conn(), "meeting_id", &GROUP_MEETINGS, &id)?;
    tx.delete(&GROUP_MEETINGS, &id)
}

/// A group's meetings, by date.
pub fn meetings(conn: &Connection, group_id: &str) -> Result<Vec<GroupMeeting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT x.id, m.id, m.title, m.date, m.status
         FROM group_meetings x JOIN meetings m ON m.id = x.meeting_id
         WHERE x.group_id = ?1 AND x.deleted = 0 AND m.deleted = 0
         ORDER BY m.date, m.start_time, m.title",
    )?;
    let rows = stmt.query_map([group_id], |r| {
        Ok(GroupMeeting {
            link_id: r.get(0)?,
            meeting_id: r.get(1)?,
            title: r.get(2)?,
            date: r.get(3)?,
            status: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
