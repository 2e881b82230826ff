//! Opening a figure to the rows that make it: as many rows as the figure says.

use crate::error::Result;
use crate::indicators::{selection, Filter, ATTENDED, ATTENDED_ORG, LIVE};
use rusqlite::Connection;

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

impl Figure {
    /// The figure with this code; an unknown code is an error naming `field`.
    pub fn parse(field: &str, code: &str) -> Result<Figure> {
        crate::validate::choice(
            field,
            code,
            &[
                ("meetings", Figure::Meetings),
                ("people", Figure::People),
                ("public_operators", Figure::PublicOperators),
                ("organisations", Figure::Organisations),
            ],
        )
    }
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
