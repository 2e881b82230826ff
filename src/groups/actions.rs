//! Co-design actions (coprogettazioni) of a work group: what the group agreed to
//! do, who leads it and with whom, its dates and funding, and the notes of the
//! meetings (recommendations, proposals, commitments) that motivated it, so an
//! action's page shows where it came from: note, table, meeting.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::notes::{self, Source};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::{ACTION_LINKS, GROUP_ACTIONS, NOTES, ORGANISATIONS};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::ActionStatus;

/// Funding sources offered as suggestions (the field takes any text).
pub const FUNDING_SUGGESTIONS: &[&str] =
    &["FAMI", "FSE+", "PNRR", "Fondi regionali", "Fondi comunali"];

/// What the form (or `tavolo group action add`) supplies.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    pub group_id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner_org_id: Option<String>,
    pub partner_org_ids: Vec<String>,
    /// Proposed when not given.
    pub status: Option<ActionStatus>,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
    pub funding: Option<String>,
    pub note_ids: Vec<String>,
}

/// What an edit may change. `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default)]
pub struct ActionEdit {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub owner_org_id: Option<Option<String>>,
    pub status: Option<ActionStatus>,
    pub start_date: Option<Option<String>>,
    pub due_date: Option<Option<String>>,
    pub funding: Option<Option<String>>,
}

/// An action as its page and the board show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: String,
    pub group_id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner_org_id: Option<String>,
    pub owner_name: Option<String>,
    /// Partner organisations (id, name), by name.
    pub partners: Vec<(String, String)>,
    pub status: ActionStatus,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
    pub funding: Option<String>,
    /// Due before `today` and neither done nor dropped.
    pub overdue: bool,
    /// The notes that motivated it, where they came from.
    pub sources: Vec<Source>,
}

fn optional_org(conn: &Connection, field: &str, id: Option<&str>) -> Result<Value> {
    match id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => {
            validate::reference(conn, field, &ORGANISATIONS, id)?;
            Ok(Value::Text(id.to_owned()))
        }
        None => Ok(Value::Null),
    }
}

fn optional_date(field: &str, value: Option<&str>) -> Result<Option<String>> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|d| validate::date(field, d))
        .transpose()
}

/// An action may not be due before it starts.
fn check_dates(start: Option<&str>, due: Option<&str>) -> Result<()> {
    if let (Some(start), Some(due)) = (start, due) {
        if due < start {
            return Err(Error::invalid(
                "due_date",
                Problem::BadFormat {
                    value: due.to_owned(),
                    expected: "a date on or after the start date",
                },
            ));
        }
    }
    Ok(())
}

/// The description: several lines as typed, `NULL` when empty.
fn description(value: Option<&str>) -> Result<Value> {
    let text = value
        .map(|d| validate::free_text("description", d, 5_000))
        .transpose()?;
    Ok(text
        .filter(|d| !d.is_empty())
        .map_or(Value::Null, Value::Text))
}

fn text_or_null(v: Option<String>) -> Value {
    v.map_or(Value::Null, Value::Text)
}

/// Adds an action to a group, with its partners and source notes, in one transaction.
pub fn add(tx: &mut WriteTx<'_>, new: &NewAction, today: &str) -> Result<Action> {
    super::get(tx.conn(), &new.group_id).map_err(|_| {
        Error::invalid(
            "group_id",
            Problem::MissingReference {
                id: new.group_id.clone(),
            },
        )
    })?;
    let title = validate::required("title", &new.title, 300)?;
    let description = description(new.description.as_deref())?;
    let owner = optional_org(tx.conn(), "owner_org_id", new.owner_org_id.as_deref())?;
    let start = optional_date("start_date", new.start_date.as_deref())?;
    let due = optional_date("due_date", new.due_date.as_deref())?;
    check_dates(start.as_deref(), due.as_deref())?;
    let funding = validate::optional("funding", new.funding.as_deref(), 200)?;
    let id = new_id();
    tx.insert(
        &GROUP_ACTIONS,
        &id,
        &[
            ("group_id", Value::Text(new.group_id.clone())),
            ("title", Value::Text(title)),
            ("description", description),
            ("owner_org_id", owner),
            (
                "status",
                Value::Text(new.status.unwrap_or(ActionStatus::Proposed).code().into()),
            ),
            ("start_date", text_or_null(start)),
            ("due_date", text_or_null(due)),
            ("funding", text_or_null(funding)),
        ],
    )?;
    for org in &new.partner_org_ids {
        add_partner(tx, &id, org)?;
    }
    for note in &new.note_ids {
        add_note(tx, &id, note)?;
    }
    get(tx.conn(), &id, today)
}

/// Changes an action's fields.
pub fn edit(tx: &mut WriteTx<'_>, id: &str, edit: &ActionEdit, today: &str) -> Result<Action> {
    let current = get(tx.conn(), id, today)?;
    let mut fields = Vec::new();
    if let Some(title) = &edit.title {
        fields.push((
            "title",
            Value::Text(validate::required("title", title, 300)?),
        ));
    }
    if let Some(d) = &edit.description {
        fields.push(("description", description(d.as_deref())?));
    }
    if let Some(owner) = &edit.owner_org_id {
        fields.push((
            "owner_org_id",
            optional_org(tx.conn(), "owner_org_id", owner.as_deref())?,
        ));
    }
    if let Some(status) = edit.status {
        fields.push(("status", Value::Text(status.code().into())));
    }
    let start = match &edit.start_date {
        Some(d) => optional_date("start_date", d.as_deref())?,
        None => current.start_date.clone(),
    };
    let due = match &edit.due_date {
        Some(d) => optional_date("due_date", d.as_deref())?,
        None => current.due_date.clone(),
    };
    check_dates(start.as_deref(), due.as_deref())?;
    if edit.start_date.is_some() {
        fields.push(("start_date", text_or_null(start)));
    }
    if edit.due_date.is_some() {
        fields.push(("due_date", text_or_null(due)));
    }
    if let Some(f) = &edit.funding {
        fields.push((
            "funding",
            text_or_null(validate::optional("funding", f.as_deref(), 200)?),
        ));
    }
    tx.update(&GROUP_ACTIONS, id, &fields)?;
    get(tx.conn(), id, today)
}

/// Removes an action (its links go with it).
pub fn remove(tx: &mut WriteTx<'_>, id: &str) -> Result<()> {
    validate::reference(tx.conn(), "action_id", &GROUP_ACTIONS, id)?;
    let links: Vec<String> = {
        let mut stmt = tx
            .conn()
            .prepare("SELECT id FROM action_links WHERE action_id = ?1 AND deleted = 0")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for link in links {
        tx.delete(&ACTION_LINKS, &link)?;
    }
    tx.delete(&GROUP_ACTIONS, id)
}

fn link(
    tx: &mut WriteTx<'_>,
    id: &str,
    action_id: &str,
    field: &'static str,
    target: &str,
) -> Result<()> {
    tx.insert_or_revive(
        &ACTION_LINKS,
        id,
        &[
            ("action_id", Value::Text(action_id.into())),
            (field, Value::Text(target.into())),
        ],
        &[],
    )?;
    Ok(())
}

/// Adds a partner organisation to an action.
pub fn add_partner(tx: &mut WriteTx<'_>, action_id: &str, org_id: &str) -> Result<()> {
    validate::reference(tx.conn(), "action_id", &GROUP_ACTIONS, action_id)?;
    validate::reference(tx.conn(), "partner", &ORGANISATIONS, org_id)?;
    link(
        tx,
        &link_id("action_partner", action_id, org_id),
        action_id,
        "organisation_id",
        org_id,
    )
}

/// Takes a partner organisation off an action.
pub fn remove_partner(tx: &mut WriteTx<'_>, action_id: &str, org_id: &str) -> Result<()> {
    let id = link_id("action_partner", action_id, org_id);
    validate::reference(tx.conn(), "partner", &ACTION_LINKS, &id)?;
    tx.delete(&ACTION_LINKS, &id)
}

/// Makes `org_ids` the action's partners: adds the new ones, takes off the others.
pub fn set_partners(tx: &mut WriteTx<'_>, action_id: &str, org_ids: &[String]) -> Result<()> {
    validate::reference(tx.conn(), "action_id", &GROUP_ACTIONS, action_id)?;
    let current: Vec<String> = {
        let mut stmt = tx.conn().prepare(
            "SELECT organisation_id FROM action_links
             WHERE action_id = ?1 AND organisation_id IS NOT NULL AND deleted = 0",
        )?;
        let rows = stmt.query_map([action_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for org in org_ids.iter().filter(|o| !current.contains(o)) {
        add_partner(tx, action_id, org)?;
    }
    for org in current.iter().filter(|o| !org_ids.contains(o)) {
        remove_partner(tx, action_id, org)?;
    }
    Ok(())
}

/// Links a note that motivated the action.
pub fn add_note(tx: &mut WriteTx<'_>, action_id: &str, note_id: &str) -> Result<()> {
    validate::reference(tx.conn(), "action_id", &GROUP_ACTIONS, action_id)?;
    validate::reference(tx.conn(), "note_id", &NOTES, note_id)?;
    link(
        tx,
        &link_id("action_note", action_id, note_id),
        action_id,
        "note_id",
        note_id,
    )
}

/// Unlinks a note from the action.
pub fn remove_note(tx: &mut WriteTx<'_>, action_id: &str, note_id: &str) -> Result<()> {
    let id = link_id("action_note", action_id, note_id);
    validate::reference(tx.conn(), "note_id", &ACTION_LINKS, &id)?;
    tx.delete(&ACTION_LINKS, &id)
}

const ACTION_SELECT: &str =
    "SELECT a.id, a.group_id, a.title, a.description, a.owner_org_id, o.name,
        a.status, a.start_date, a.due_date, a.funding
     FROM group_actions a LEFT JOIN organisations o ON o.id = a.owner_org_id
     WHERE a.deleted = 0";

fn complete(conn: &Connection, mut action: Action, today: &str) -> Result<Action> {
    let mut partners = conn.prepare_cached(
        "SELECT o.id, o.name FROM action_links l JOIN organisations o ON o.id = l.organisation_id
         WHERE l.action_id = ?1 AND l.deleted = 0 ORDER BY o.name, o.id",
    )?;
    action.partners = partners
        .query_map([&action.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut notes_stmt = conn.prepare_cached(
        "SELECT l.note_id FROM action_links l JOIN notes n ON n.id = l.note_id
         JOIN meetings m ON m.id = n.meeting_id
         WHERE l.action_id = ?1 AND l.deleted = 0 ORDER BY m.date, n.position, n.id",
    )?;
    let ids: Vec<String> = notes_stmt
        .query_map([&action.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    action.sources = notes::Reader::new(conn)?.get_all(&ids)?;
    action.overdue = matches!(&action.due_date, Some(due) if due.as_str() < today)
        && !matches!(action.status, ActionStatus::Done | ActionStatus::Dropped);
    Ok(action)
}

fn action_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Action> {
    let status: String = r.get(6)?;
    Ok(Action {
        id: r.get(0)?,
        group_id: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        owner_org_id: r.get(4)?,
        owner_name: r.get(5)?,
        partners: Vec::new(),
        status: ActionStatus::parse("status", &status).unwrap_or(ActionStatus::Proposed),
        start_date: r.get(7)?,
        due_date: r.get(8)?,
        funding: r.get(9)?,
        overdue: false,
        sources: Vec::new(),
    })
}

/// One action; `today` (YYYY-MM-DD) decides whether it is overdue.
pub fn get(conn: &Connection, id: &str, today: &str) -> Result<Action> {
    let action = conn
        .query_row(
            &format!("{ACTION_SELECT} AND a.id = ?1"),
            [id],
            action_from_row,
        )
        .map_err(not_found("action", id))?;
    complete(conn, action, today)
}

/// A group's actions: by due date (none last), then title.
pub fn of_group(conn: &Connection, group_id: &str, today: &str) -> Result<Vec<Action>> {
    let mut stmt = conn.prepare(&format!(
        "{ACTION_SELECT} AND a.group_id = ?1
         ORDER BY a.due_date IS NULL, a.due_date, a.title, a.id"
    ))?;
    let actions = stmt
        .query_map([group_id], action_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    actions
        .into_iter()
        .map(|a| complete(conn, a, today))
        .collect()
}

/// The board: a group's actions in one column per status, in [`ActionStatus::ALL`] order.
pub fn board(
    conn: &Connection,
    group_id: &str,
    today: &str,
) -> Result<Vec<(ActionStatus, Vec<Action>)>> {
    let all = of_group(conn, group_id, today)?;
    Ok(ActionStatus::ALL
        .iter()
        .map(|s| (*s, all.iter().filter(|a| a.status == *s).cloned().collect()))
        .collect())
}
