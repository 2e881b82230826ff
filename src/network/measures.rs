//! Per-territory measures of a map: actors, links, isolated actors.

use crate::error::Result;
use crate::network::Graph;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// Per territory (by the organisation's own territory): actors, links among them
/// or to others, and actors without any link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryMeasures {
    /// The territory's name; empty for organisations without one.
    pub territory: String,
    pub actors: usize,
    pub links: usize,
    pub isolated: usize,
}

/// The territory measures of a graph, by territory name.
pub fn territory_measures(conn: &Connection, graph: &Graph) -> Result<Vec<TerritoryMeasures>> {
    let names: HashMap<String, String> = {
        let mut stmt = conn.prepare("SELECT id, name FROM territories WHERE deleted = 0")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let name_of = |t: &Option<String>| {
        t.as_ref()
            .and_then(|t| names.get(t).cloned())
            .unwrap_or_default() // no territory: the page names it in its language
    };
    let territory_of: HashMap<&str, String> = graph
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), name_of(&n.territory_id)))
        .collect();
    let mut out: BTreeMap<String, TerritoryMeasures> = BTreeMap::new();
    for n in &graph.nodes {
        let name = name_of(&n.territory_id);
        let entry = out.entry(name.clone()).or_insert(TerritoryMeasures {
            territory: name,
            actors: 0,
            links: 0,
            isolated: 0,
        });
        entry.actors += 1;
        if n.degree == 0 {
            entry.isolated += 1;
        }
    }
    for e in &graph.edges {
        let a = territory_of.get(e.from.as_str());
        let b = territory_of.get(e.to.as_str());
        if let Some(a) = a {
            if let Some(m) = out.get_mut(a) {
                m.links += 1;
            }
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a != b {
                if let Some(m) = out.get_mut(b) {
                    m.links += 1;
                }
            }
        }
    }
    Ok(out.into_values().collect())
}
