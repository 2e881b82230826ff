//! Indicators for regional offices and funders, computed from the rows, never typed
//! in: meetings held, distinct people involved, participations, public and private
//! operators, organisations involved, territories covered, notes by kind.
//! Every figure can be opened to the rows that make it ([`drill_down`]).

mod drill_down;

pub use drill_down::{drill_down, Figure};

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
    /// One meeting only (the synthesis report of a meeting).
    pub meeting_id: Option<String>,
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
    /// Work groups active in the filter's territory (all when none): groups are
    /// not dated, so the period, theme and kind of meeting do not narrow them.
    pub groups_active: i64,
    /// Distinct people in those active groups.
    pub group_members: i64,
    /// The co-design actions of every group of the territory, by status code.
    pub actions_by_status: Vec<(String, i64)>,
}

impl Indicators {
    /// The headline figures with their Italian labels, in the order the
    /// workbook's Indicatori sheet and the reports show them.
    pub fn headline(&self) -> [(&'static str, i64); 8] {
        [
            ("Incontri svolti", self.meetings_held),
            ("Partecipazioni (presenze)", self.participations),
            ("Persone coinvolte (distinte)", self.people),
            ("Operatori pubblici (distinti)", self.public_operators),
            ("Operatori privati (distinti)", self.private_operators),
            (
                "Enti e organizzazioni coinvolti (distinti)",
                self.organisations,
            ),
            ("Territori coperti", self.territories),
            ("Note raccolte", self.notes),
        ]
    }

    /// The work groups' figures with their Italian labels, as the Indicatori
    /// sheet shows them after the headline.
    pub fn groups_headline(&self) -> [(&'static str, i64); 2] {
        [
            ("Gruppi di lavoro attivi", self.groups_active),
            ("Membri dei gruppi attivi (distinti)", self.group_members),
        ]
    }
}

/// The CTE that selects the counted meetings as `sel(id)`, and its parameters.
pub(crate) fn selection(filter: &Filter) -> Result<(String, Vec<Value>)> {
    scope(filter, true)
}

/// The ids of the held meetings `filter` selects: the meetings the figures count.
pub fn held_meetings(conn: &Connection, filter: &Filter) -> Result<Vec<String>> {
    let cte = selection(filter)?;
    let mut stmt = conn.prepare(&format!("{}SELECT id FROM sel", cte.0))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(cte.1.iter()), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
}

/// The CTE that selects the meetings `filter` names as `sel(id)` (only those held
/// when `held_only`), and its parameters.
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
              AND (?7 IS NULL OR m.id = ?7)
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
            text(filter.meeting_id.clone()),
        ],
    ))
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
pub(crate) const ATTENDED: &str =
    "attendance a JOIN sel ON sel.id = a.meeting_id JOIN people p ON p.id = a.person_id";
/// The same, with the organisation represented (`o`).
pub(crate) const ATTENDED_ORG: &str = "attendance a JOIN sel ON sel.id = a.meeting_id
     JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = a.organisation_id";
/// Rows that count: neither the check-in nor the person deleted.
pub(crate) const LIVE: &str = "a.deleted = 0 AND p.deleted = 0";

/// Computes every figure for the meetings `filter` selects: one pass over the
/// counted meetings, one over their check-ins, one over their notes (the distinct
/// counts are kept in sets here rather than asked of SQLite figure by figure).
pub fn compute(conn: &Connection, filter: &Filter) -> Result<Indicators> {
    use std::collections::{BTreeMap, HashSet};

    let cte = selection(filter)?;
    let params = rusqlite::params_from_iter(cte.1.iter());
    let mut out = Indicators::default();

    let mut by_theme = BTreeMap::<String, i64>::new();
    let mut by_kind = BTreeMap::<String, i64>::new();
    let mut by_month = BTreeMap::<String, i64>::new();
    let mut by_territory = BTreeMap::<String, i64>::new();
    let mut territories = HashSet::<String>::new();
    let mut stmt = conn.prepare(&format!(
        "{}SELECT m.theme, m.kind, substr(m.date, 1, 7), m.territory_id, coalesce(t.name, '')
         FROM meetings m JOIN sel ON sel.id = m.id
         LEFT JOIN territories t ON t.id = m.territory_id",
        cte.0
    ))?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        out.meetings_held += 1;
        *by_theme.entry(r.get(0)?).or_default() += 1;
        *by_kind.entry(r.get(1)?).or_default() += 1;
        *by_month.entry(r.get(2)?).or_default() += 1;
        if let Some(t) = r.get::<_, Option<String>>(3)? {
            territories.insert(t);
        }
        *by_territory.entry(r.get(4)?).or_default() += 1;
    }
    out.territories = territories.len() as i64;

    let mut people = HashSet::<String>::new();
    let mut public = HashSet::<String>::new();
    let mut orgs = HashSet::<String>::new();
    let mut people_theme = HashSet::<(String, String)>::new();
    let mut org_kind = HashSet::<(String, String)>::new();
    let mut org_level = HashSet::<(String, String)>::new();
    let mut stmt = conn.prepare(&format!(
        "{}SELECT a.person_id, p.is_public_operator, o.id, o.kind, o.level, m.theme
         FROM attendance a JOIN people p ON p.id = a.person_id
         JOIN meetings m ON m.id = a.meeting_id
         LEFT JOIN organisations o ON o.id = a.organisation_id
         WHERE a.meeting_id IN (SELECT id FROM sel) AND {LIVE}",
        cte.0
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(cte.1.iter()))?;
    while let Some(r) = rows.next()? {
        out.participations += 1;
        let person: String = r.get(0)?;
        if r.get::<_, bool>(1)? {
            public.insert(person.clone());
        }
        people_theme.insert((r.get(5)?, person.clone()));
        people.insert(person);
        if let Some(org) = r.get::<_, Option<String>>(2)? {
            org_kind.insert((r.get(3)?, org.clone()));
            org_level.insert((r.get(4)?, org.clone()));
            orgs.insert(org);
        }
    }
    out.people = people.len() as i64;
    out.public_operators = public.len() as i64;
    out.private_operators = out.people - out.public_operators;
    out.organisations = orgs.len() as i64;

    out.notes_by_kind = groups(
        conn,
        &cte,
        "SELECT coalesce(n.kind, ''), count(*) FROM notes n
         WHERE n.meeting_id IN (SELECT id FROM sel) AND n.deleted = 0 GROUP BY 1 ORDER BY 1",
    )?;
    out.notes = out.notes_by_kind.iter().map(|(_, n)| n).sum();

    let count_keys = |pairs: HashSet<(String, String)>| {
        let mut map = BTreeMap::<String, i64>::new();
        for (key, _) in pairs {
            *map.entry(key).or_default() += 1;
        }
        map.into_iter().collect::<Vec<_>>()
    };
    out.people_by_theme = count_keys(people_theme);
    out.organisations_by_kind = count_keys(org_kind);
    out.organisations_by_level = count_keys(org_level);
    out.meetings_by_theme = by_theme.into_iter().collect();
    out.meetings_by_kind = by_kind.into_iter().collect();
    out.meetings_by_month = by_month.into_iter().collect();
    out.meetings_by_territory = by_territory.into_iter().collect();
    work_groups(conn, filter, &mut out)?;
    Ok(out)
}

/// The work groups' figures: active groups and their distinct members, and the
/// actions by status, of the filter's territory and everything in it.
fn work_groups(conn: &Connection, filter: &Filter, out: &mut Indicators) -> Result<()> {
    let area = "WITH RECURSIVE area(id) AS (
            SELECT ?1 WHERE ?1 IS NOT NULL
            UNION SELECT t.id FROM territories t JOIN area ON t.parent_id = area.id
         ),
         grp(id, status) AS (
            SELECT g.id, g.status FROM work_groups g
            WHERE g.deleted = 0 AND (?1 IS NULL OR g.territory_id IN (SELECT id FROM area))
         ) ";
    let territory = filter.territory_id.clone();
    (out.groups_active, out.group_members) = conn.query_row(
        &format!(
            "{area}SELECT (SELECT count(*) FROM grp WHERE status = 'active'),
                    (SELECT count(DISTINCT x.person_id) FROM group_members x
                     JOIN grp ON grp.id = x.group_id AND grp.status = 'active'
                     JOIN people p ON p.id = x.person_id
                     WHERE x.deleted = 0 AND p.deleted = 0)"
        ),
        [&territory],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare(&format!(
        "{area}SELECT a.status, count(*) FROM group_actions a JOIN grp ON grp.id = a.group_id
         WHERE a.deleted = 0 GROUP BY 1 ORDER BY 1"
    ))?;
    let rows = stmt.query_map([&territory], |r| Ok((r.get(0)?, r.get(1)?)))?;
    out.actions_by_status = rows.collect::<rusqlite::Result<_>>()?;
    Ok(())
}
