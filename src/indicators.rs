//! Indicators for regional offices and funders, computed from the rows, never typed
//! in: meetings held, distinct people involved, participations, public and private
//! operators, organisations involved, territories covered, notes by kind.
//! Every figure can be opened to the rows that make it ([`drill_down`]).

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::Result;
use crate::validate;
use crate::vocabulary::{MeetingKind, Theme};

/// Which meetings the figures count. Only meetings marked held count.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// First day included, YYYY-MM-DD.
    pub from: Option<String>,
    /// Last day included, YYYY-MM-DD.
    pub to: Option<String>,
    /// A territory (region, province, municipality or district) and everything in it.
    pub territory_id: Option<String>,
    pub theme: Option<Theme>,
    pub kind: Option<MeetingKind>,
}

/// The headline figures, and their breakdowns as (code or label, count), sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Indicators {
    pub meetings_held: i64,
    pub participations: i64,
    pub people: i64,
    pub public_operators: i64,
    pub private_operators: i64,
    pub organisations: i64,
    pub territories: i64,
    pub notes: i64,
    pub meetings_by_theme: Vec<(String, i64)>,
    pub meetings_by_kind: Vec<(String, i64)>,
    pub meetings_by_month: Vec<(String, i64)>,
    pub meetings_by_territory: Vec<(String, i64)>,
    pub people_by_theme: Vec<(String, i64)>,
    pub organisations_by_kind: Vec<(String, i64)>,
    pub organisations_by_level: Vec<(String, i64)>,
    pub notes_by_kind: Vec<(String, i64)>,
}

/// The CTE that selects the counted meetings as `sel(id)`, and its parameters.
fn selection(filter: &Filter) -> Result<(String, Vec<Value>)> {
    scope(filter, true)
}

/// The CTE that selects the meetings `filter` names as `sel(id)` (only those held
/// when `held_only`), and its five parameters.
pub(crate) fn scope(filter: &Filter, held_only: bool) -> Result<(String, Vec<Value>)> {
    let mut sql = String::from(
        "WITH RECURSIVE area(id) AS (
            SELECT ?1 WHERE ?1 IS NOT NULL
            UNION SELECT t.id FROM territories t JOIN area ON t.parent_id = area.id
         ),
         sel(id) AS (
            SELECT m.id FROM meetings m
            WHERE m.deleted = 0 AND (?6 = 0 OR m.status = 'held')
              AND (?1 IS NULL OR m.territory_id IN (SELECT id FROM area))
              AND (?2 IS NULL OR m.date >= ?2)
              AND (?3 IS NULL OR m.date <= ?3)
              AND (?4 IS NULL OR m.theme = ?4)
              AND (?5 IS NULL OR m.kind = ?5)
         ) ",
    );
    sql.push(' ');
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    let from = filter
        .from
        .as_deref()
        .map(|d| validate::date("from", d))
        .transpose()?;
    let to = filter
        .to
        .as_deref()
        .map(|d| validate::date("to", d))
        .transpose()?;
    Ok((
        sql,
        vec![
            text(filter.territory_id.clone()),
            text(from),
            text(to),
            text(filter.theme.map(|t| t.code().to_owned())),
            text(filter.kind.map(|k| k.code().to_owned())),
            Value::Integer(held_only.into()),
        ],
    ))
}

fn scalar(conn: &Connection, cte: &(String, Vec<Value>), body: &str) -> Result<i64> {
    let sql = format!("{}{body}", cte.0);
    Ok(conn.query_row(&sql, rusqlite::params_from_iter(cte.1.iter()), |r| r.get(0))?)
}

fn groups(conn: &Connection, cte: &(String, Vec<Value>), body: &str) -> Result<Vec<(String, i64)>> {
    let sql = format!("{}{body}", cte.0);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(cte.1.iter()), |r| {
        Ok((
            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            r.get(1)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Check-ins at the counted meetings, with the person (`a`, `p`).
const ATTENDED: &str =
    "attendance a JOIN sel ON sel.id = a.meeting_id JOIN people p ON p.id = a.person_id";
/// The same, with the organisation represented (`o`).
const ATTENDED_ORG: &str = "attendance a JOIN sel ON sel.id = a.meeting_id
     JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = a.organisation_id";
/// The same, with the meeting (`m`).
const ATTENDED_MEETING: &str = "attendance a JOIN sel ON sel.id = a.meeting_id
     JOIN people p ON p.id = a.person_id JOIN meetings m ON m.id = a.meeting_id";
/// Rows that count: neither the check-in nor the person deleted.
const LIVE: &str = "a.deleted = 0 AND p.deleted = 0";

/// Computes every figure for the meetings `filter` selects.
pub fn compute(conn: &Connection, filter: &Filter) -> Result<Indicators> {
    let cte = selection(filter)?;
    let people = scalar(
        conn,
        &cte,
        &format!("SELECT count(DISTINCT a.person_id) FROM {ATTENDED} WHERE {LIVE}"),
    )?;
    let public = scalar(
        conn,
        &cte,
        &format!(
            "SELECT count(DISTINCT a.person_id) FROM {ATTENDED} WHERE {LIVE} AND p.is_public_operator = 1"
        ),
    )?;
    Ok(Indicators {
        meetings_held: scalar(conn, &cte, "SELECT count(*) FROM sel")?,
        participations: scalar(conn, &cte, &format!("SELECT count(*) FROM {ATTENDED} WHERE {LIVE}"))?,
        people,
        public_operators: public,
        private_operators: people - public,
        organisations: scalar(
            conn,
            &cte,
            &format!("SELECT count(DISTINCT o.id) FROM {ATTENDED_ORG} WHERE {LIVE}"),
        )?,
        territories: scalar(
            conn,
            &cte,
            "SELECT count(DISTINCT m.territory_id) FROM meetings m JOIN sel ON sel.id = m.id",
        )?,
        notes: scalar(
            conn,
            &cte,
            "SELECT count(*) FROM notes n JOIN sel ON sel.id = n.meeting_id WHERE n.deleted = 0",
        )?,
        meetings_by_theme: groups(
            conn,
            &cte,
            "SELECT m.theme, count(*) FROM meetings m JOIN sel ON sel.id = m.id GROUP BY 1 ORDER BY 1",
        )?,
        meetings_by_kind: groups(
            conn,
            &cte,
            "SELECT m.kind, count(*) FROM meetings m JOIN sel ON sel.id = m.id GROUP BY 1 ORDER BY 1",
        )?,
        meetings_by_month: groups(
            conn,
            &cte,
            "SELECT substr(m.date, 1, 7), count(*) FROM meetings m JOIN sel ON sel.id = m.id GROUP BY 1 ORDER BY 1",
        )?,
        meetings_by_territory: groups(
            conn,
            &cte,
            "SELECT coalesce(t.name, ''), count(*) FROM meetings m JOIN sel ON sel.id = m.id
             LEFT JOIN territories t ON t.id = m.territory_id GROUP BY 1 ORDER BY 1",
        )?,
        people_by_theme: groups(
            conn,
            &cte,
            &format!(
                "SELECT m.theme, count(DISTINCT a.person_id) FROM {ATTENDED_MEETING} WHERE {LIVE}
                 GROUP BY 1 ORDER BY 1"
            ),
        )?,
        organisations_by_kind: groups(
            conn,
            &cte,
            &format!(
                "SELECT o.kind, count(DISTINCT o.id) FROM {ATTENDED_ORG} WHERE {LIVE} GROUP BY 1 ORDER BY 1"
            ),
        )?,
        organisations_by_level: groups(
            conn,
            &cte,
            &format!(
                "SELECT o.level, count(DISTINCT o.id) FROM {ATTENDED_ORG} WHERE {LIVE} GROUP BY 1 ORDER BY 1"
            ),
        )?,
        notes_by_kind: groups(
            conn,
            &cte,
            "SELECT coalesce(n.kind, ''), count(*) FROM notes n JOIN sel ON sel.id = n.meeting_id
             WHERE n.deleted = 0 GROUP BY 1 ORDER BY 1",
        )?,
    })
}

/// A figure that can be opened to its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The counted meetings.
    Meetings,
    /// The distinct people who attended them.
    People,
    /// The distinct public operators among them.
    PublicOperators,
    /// The distinct organisations they represented.
    Organisations,
}

/// The ids and names behind a figure, sorted by name: as many rows as the figure says.
pub fn drill_down(
    conn: &Connection,
    filter: &Filter,
    figure: Figure,
) -> Result<Vec<(String, String)>> {
    let cte = selection(filter)?;
    let body = match figure {
        Figure::Meetings => "SELECT m.id, m.title FROM meetings m JOIN sel ON sel.id = m.id ORDER BY m.date, m.title".to_owned(),
        Figure::People => format!(
            "SELECT DISTINCT p.id, p.family_name || ' ' || p.given_name FROM {ATTENDED}
             WHERE {LIVE} ORDER BY 2, 1"
        ),
        Figure::PublicOperators => format!(
            "SELECT DISTINCT p.id, p.family_name || ' ' || p.given_name FROM {ATTENDED}
             WHERE {LIVE} AND p.is_public_operator = 1 ORDER BY 2, 1"
        ),
        Figure::Organisations => format!(
            "SELECT DISTINCT o.id, o.name FROM {ATTENDED_ORG} WHERE {LIVE} ORDER BY 2, 1"
        ),
    };
    let sql = format!("{}{body}", cte.0);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(cte.1.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
