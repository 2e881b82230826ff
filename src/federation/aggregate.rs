//! The aggregates of an indicators package and their suppression. Keys are
//! codes (themes, organisation types, categories, statuses), years and territory
//! names: never a person's or an organisation's name, never an id.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::indicators::{self, Filter, Indicators};
use crate::vocabulary::Theme;

/// A count as the package carries it: a number, or the text "< 5".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Count(i64),
    /// "< 5": a count from 1 to 4, or a cell hidden so that such a count cannot
    /// be worked out from the others.
    Suppressed,
}

/// How a hidden count is written.
pub const SUPPRESSED: &str = "< 5";

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Cell::Count(n) => s.serialize_i64(*n),
            Cell::Suppressed => s.serialize_str(SUPPRESSED),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .as_i64()
                .filter(|n| *n >= 0)
                .map(Cell::Count)
                .ok_or_else(|| D::Error::custom(format!("a count, not {n}"))),
            serde_json::Value::String(t) if t == SUPPRESSED => Ok(Cell::Suppressed),
            other => Err(D::Error::custom(format!(
                "a count or \"{SUPPRESSED}\", not {other}"
            ))),
        }
    }
}

impl Cell {
    pub fn count(self) -> Option<i64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Suppressed => None,
        }
    }
}

/// One aggregate: an indicator, the breakdown it is in (`total`, `territory`,
/// `theme`, `year`, `org_kind`, `category`, `note_kind`, `action_status`,
/// `practice_status`) and the key within it ("" for the total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub indicator: String,
    pub by: String,
    pub key: String,
    pub value: Cell,
}

/// The indicators of the package, with their Italian labels, in order.
pub const INDICATORS: &[(&str, &str)] = &[
    ("meetings_held", "Incontri svolti"),
    ("participations", "Partecipazioni (presenze)"),
    ("people", "Persone coinvolte (distinte)"),
    ("public_operators", "Operatori pubblici (distinti)"),
    ("private_operators", "Operatori privati (distinti)"),
    (
        "organisations",
        "Enti e organizzazioni coinvolti (distinti)",
    ),
    ("territories", "Territori coperti"),
    ("notes", "Note raccolte"),
    ("groups_active", "Gruppi di lavoro attivi"),
    ("group_members", "Membri dei gruppi attivi (distinti)"),
    ("actions", "Azioni di coprogettazione"),
    ("practices", "Buone prassi in catalogo"),
];

/// The Italian label of an indicator code (the code itself when unknown).
pub fn label(code: &str) -> &str {
    INDICATORS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, l)| l)
}

fn headline(i: &Indicators) -> [(&'static str, i64); 8] {
    let h = i.headline();
    let mut out = [("", 0); 8];
    for (slot, ((code, _), (_, n))) in out.iter_mut().zip(INDICATORS.iter().zip(h)) {
        *slot = (code, n);
    }
    out
}

/// The region the package speaks for and its territory in this workspace (None:
/// the whole workspace).
fn scope(conn: &Connection, region: Option<&str>) -> Result<(String, Option<String>)> {
    let regions: Vec<(String, String)> = conn
        .prepare(
            "SELECT id, name FROM territories WHERE kind = 'region' AND deleted = 0 ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match region.map(str::trim).filter(|r| !r.is_empty()) {
        Some(name) => Ok(regions
            .iter()
            .find(|(_, n)| n.to_lowercase() == name.to_lowercase())
            .map_or((name.to_owned(), None), |(id, n)| (n.clone(), Some(id.clone())))),
        None => match regions.as_slice() {
            [(id, name)] => Ok((name.clone(), Some(id.clone()))),
            _ => Err(Error::invalid(
                "region",
                Problem::BadFormat {
                    value: regions
                        .iter()
                        .map(|(_, n)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    expected: "the region the package is for (--region NAME): this workspace holds none or several",
                },
            )),
        },
    }
}

/// The rows of the package of `region` (see [`super::export`]), suppressed.
pub fn aggregate(conn: &Connection, region: Option<&str>) -> Result<(String, Vec<Row>)> {
    let (name, area) = scope(conn, region)?;
    let base = Filter {
        territory_id: area.clone(),
        ..Filter::default()
    };
    let all = indicators::compute(conn, &base)?;
    let mut rows = Vec::new();
    let mut push = |indicator: &str, by: &str, key: &str, n: i64| {
        rows.push(Row {
            indicator: indicator.to_owned(),
            by: by.to_owned(),
            key: key.to_owned(),
            value: Cell::Count(n),
        });
    };
    let actions: i64 = all.actions_by_status.iter().map(|(_, n)| n).sum();
    let practices = practices_by_status(conn, area.as_deref())?;
    for (code, n) in headline(&all) {
        push(code, "total", "", n);
    }
    push("groups_active", "total", "", all.groups_active);
    push("group_members", "total", "", all.group_members);
    push("actions", "total", "", actions);
    push(
        "practices",
        "total",
        "",
        practices.iter().map(|(_, n)| n).sum(),
    );
    // The headline by territory of the meetings, by theme, by year.
    for (territory_id, territory) in meeting_territories(conn, &base)? {
        let f = Filter {
            territory_id: Some(territory_id),
            ..Filter::default()
        };
        for (code, n) in headline(&indicators::compute(conn, &f)?) {
            push(code, "territory", &territory, n);
        }
    }
    for theme in Theme::ALL {
        let f = Filter {
            theme: Some(*theme),
            ..base.clone()
        };
        for (code, n) in headline(&indicators::compute(conn, &f)?) {
            push(code, "theme", theme.code(), n);
        }
    }
    for year in years(conn, &base)? {
        let f = Filter {
            from: Some(format!("{year}-01-01")),
            to: Some(format!("{year}-12-31")),
            ..base.clone()
        };
        for (code, n) in headline(&indicators::compute(conn, &f)?) {
            push(code, "year", &year, n);
        }
    }
    for (kind, n) in &all.organisations_by_kind {
        push("organisations", "org_kind", kind, *n);
    }
    for (category, n) in people_by_category(conn, &base)? {
        push("people", "category", &category, n);
    }
    for (kind, n) in &all.notes_by_kind {
        push("notes", "note_kind", kind, *n);
    }
    for (status, n) in &all.actions_by_status {
        push("actions", "action_status", status, *n);
    }
    for (status, n) in &practices {
        push("practices", "practice_status", status, *n);
    }
    suppress(&mut rows);
    Ok((name, rows))
}

/// Hides every count from 1 to 4; where a group (one indicator in one
/// breakdown) has exactly one hidden cell, hides its smallest other count too,
/// so that the hidden one cannot be worked out from the total.
pub fn suppress(rows: &mut [Row]) {
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        groups
            .entry((r.indicator.clone(), r.by.clone()))
            .or_default()
            .push(i);
    }
    for r in rows.iter_mut() {
        if matches!(r.value, Cell::Count(1..=4)) {
            r.value = Cell::Suppressed;
        }
    }
    for ((_, by), members) in groups {
        if by == "total" {
            continue;
        }
        let hidden = members
            .iter()
            .filter(|&&i| rows[i].value == Cell::Suppressed)
            .count();
        if hidden != 1 {
            continue;
        }
        let next = members
            .iter()
            .filter_map(|&i| match rows[i].value {
                Cell::Count(n) if n > 0 => Some((n, i)),
                _ => None,
            })
            .min();
        if let Some((_, i)) = next {
            rows[i].value = Cell::Suppressed;
        }
    }
}

fn meeting_territories(conn: &Connection, base: &Filter) -> Result<Vec<(String, String)>> {
    let (cte, params) = indicators::selection(base)?;
    let mut stmt = conn.prepare(&format!(
        "{cte}SELECT DISTINCT t.id, t.name FROM meetings m JOIN sel ON sel.id = m.id
         JOIN territories t ON t.id = m.territory_id ORDER BY t.name, t.id"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn years(conn: &Connection, base: &Filter) -> Result<Vec<String>> {
    let (cte, params) = indicators::selection(base)?;
    let mut stmt = conn.prepare(&format!(
        "{cte}SELECT DISTINCT substr(m.date, 1, 4) FROM meetings m JOIN sel ON sel.id = m.id
         ORDER BY 1"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn people_by_category(conn: &Connection, base: &Filter) -> Result<Vec<(String, i64)>> {
    let (cte, params) = indicators::selection(base)?;
    let mut stmt = conn.prepare(&format!(
        "{cte}SELECT coalesce(p.category, ''), count(DISTINCT p.id) FROM {}
         WHERE {} GROUP BY 1 ORDER BY 1",
        indicators::ATTENDED,
        indicators::LIVE
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn practices_by_status(conn: &Connection, area: Option<&str>) -> Result<Vec<(String, i64)>> {
    let inside: Option<std::collections::HashSet<String>> = match area {
        None => None,
        Some(root) => Some(
            conn.prepare(
                "WITH RECURSIVE area(id) AS (
                    SELECT ?1 UNION SELECT t.id FROM territories t JOIN area ON t.parent_id = area.id
                 ) SELECT id FROM area",
            )?
            .query_map([root], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        ),
    };
    let mut counts = BTreeMap::<String, i64>::new();
    for p in crate::practices::list(conn, &crate::practices::Filter::default())? {
        let here = match (&inside, &p.territory_id) {
            (None, _) => true,
            (Some(set), Some(t)) => set.contains(t),
            (Some(_), None) => false,
        };
        if here {
            *counts.entry(p.status.code().to_owned()).or_default() += 1;
        }
    }
    Ok(counts.into_iter().collect())
}
