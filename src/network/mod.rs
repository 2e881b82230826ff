//! The stakeholder map as a graph: organisations and the relationships between
//! them, with simple measures (degree, betweenness) for each actor and for each
//! territory; the coverage matrix (sectors × territories) and the power/interest
//! grid. Only live, non-archived organisations take part.

mod centrality;
mod coverage;
mod layout;
mod measures;
mod view;

pub use centrality::{betweenness, BETWEENNESS_LIMIT};
pub use coverage::{coverage, CoverageRow};
pub use layout::{cluster_layout, Cluster, ClusterLayout, PRESET_LAYOUT_ABOVE};
pub use measures::{territory_measures, TerritoryMeasures};
pub use view::{map_view, MapNodeView, MapView, NamedCluster, NamedClusterLink};

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::Result;
use crate::vocabulary::{Level, OrgKind, Sector};

/// Which organisations the map shows; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct MapFilter {
    /// A territory and everything inside it.
    pub territory_id: Option<String>,
    pub sector: Option<Sector>,
    pub level: Option<Level>,
    pub kind: Option<OrgKind>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    pub level: Level,
    pub territory_id: Option<String>,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    /// Links to other shown organisations, both directions.
    pub degree: usize,
    /// Normalised betweenness (0–1), when the graph is small enough to compute it
    /// exactly (see [`BETWEENNESS_LIMIT`]).
    pub betweenness: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub strength: u8,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// The organisations the filter selects and the links among them.
pub fn graph(conn: &Connection, filter: &MapFilter) -> Result<Graph> {
    let sql = "WITH RECURSIVE area(id) AS (
            SELECT ?1 WHERE ?1 IS NOT NULL
            UNION SELECT t.id FROM territories t JOIN area ON t.parent_id = area.id
        )
        SELECT o.id, o.name, o.kind, o.level, o.territory_id, o.influence, o.interest
        FROM organisations o
        WHERE o.deleted = 0 AND o.archived = 0
          AND (?1 IS NULL OR o.territory_id IN (SELECT id FROM area))
          AND (?2 IS NULL OR (' ' || o.sectors || ' ') LIKE ?2 ESCAPE '\\')
          AND (?3 IS NULL OR o.level = ?3)
          AND (?4 IS NULL OR o.kind = ?4)
        ORDER BY o.name, o.id";
    let text = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    let params = [
        text(filter.territory_id.as_deref()),
        filter.sector.map_or(Value::Null, |s| {
            Value::Text(crate::text::like_word(s.code()))
        }),
        text(filter.level.map(|l| l.code())),
        text(filter.kind.map(|k| k.code())),
    ];
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        let kind: String = r.get(2)?;
        let level: String = r.get(3)?;
        Ok(Node {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: OrgKind::parse("kind", &kind).unwrap_or(OrgKind::Other),
            level: Level::parse("level", &level).unwrap_or(Level::Local),
            territory_id: r.get(4)?,
            influence: r.get(5)?,
            interest: r.get(6)?,
            degree: 0,
            betweenness: None,
        })
    })?;
    let mut nodes = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.clone(), i))
        .collect();

    let mut stmt = conn.prepare(
        "SELECT r.id, r.from_org_id, r.to_org_id, r.kind, r.strength FROM relationships r
         WHERE r.deleted = 0 AND r.from_org_id IS NOT NULL ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Edge {
            id: r.get(0)?,
            from: r.get(1)?,
            to: r.get(2)?,
            kind: r.get(3)?,
            strength: r.get(4)?,
        })
    })?;
    let mut edges = Vec::new();
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for edge in rows {
        let edge = edge?;
        if let (Some(&a), Some(&b)) = (index.get(&edge.from), index.get(&edge.to)) {
            adjacency[a].push(b);
            adjacency[b].push(a);
            edges.push(edge);
        }
    }
    for (i, node) in nodes.iter_mut().enumerate() {
        node.degree = adjacency[i].len();
    }
    if nodes.len() <= BETWEENNESS_LIMIT {
        for (node, b) in nodes.iter_mut().zip(betweenness(&adjacency)) {
            node.betweenness = Some(b);
        }
    }
    Ok(Graph { nodes, edges })
}
