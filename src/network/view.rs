//! What the map screen draws, decided here so the page only draws it: a small map
//! sends every link; a large one (over [`PRESET_LAYOUT_ABOVE`] organisations) is
//! laid out by the core, opens as one disc per territory, and sends its links as
//! node indexes, which keeps the answer small.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::network::{
    cluster_layout, graph, territory_measures, Edge, MapFilter, Node, TerritoryMeasures,
    PRESET_LAYOUT_ABOVE,
};
use crate::register::territories;

/// The map for one filter, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MapView {
    pub nodes: Vec<MapNodeView>,
    /// A small map's links, one by one (empty on a large map).
    pub edges: Vec<Edge>,
    /// A large map's links as `[from, to, strength]` indexes into `nodes` (empty
    /// on a small map).
    pub links: Vec<[u32; 3]>,
    /// A large map's territories (empty on a small map).
    pub clusters: Vec<NamedCluster>,
    /// How many links join each pair of a large map's territories.
    pub cluster_links: Vec<NamedClusterLink>,
    pub territories: Vec<TerritoryMeasures>,
}

/// An organisation on the map, with its place when the core laid the map out.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNodeView {
    pub node: Node,
    /// `(x, y, index of its cluster)` on a large map.
    pub place: Option<(f64, f64, usize)>,
}

/// One territory's disc on a large map.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedCluster {
    /// `cluster:` and the territory's id (empty for organisations without one).
    pub id: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub actors: usize,
}

/// The links between two territories' discs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedClusterLink {
    pub from: String,
    pub to: String,
    pub links: usize,
}

/// The map the filter selects, as the screen draws it.
pub fn map_view(conn: &Connection, filter: &MapFilter) -> Result<MapView> {
    let graph = graph(conn, filter)?;
    let territories = territory_measures(conn, &graph)?;
    if graph.nodes.len() <= PRESET_LAYOUT_ABOVE {
        return Ok(MapView {
            nodes: graph
                .nodes
                .into_iter()
                .map(|node| MapNodeView { node, place: None })
                .collect(),
            edges: graph.edges,
            links: Vec::new(),
            clusters: Vec::new(),
            cluster_links: Vec::new(),
            territories,
        });
    }
    let layout = cluster_layout(&graph);
    let names: HashMap<String, String> = territories::list(conn)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let clusters: Vec<NamedCluster> = layout
        .clusters
        .iter()
        .map(|k| NamedCluster {
            id: format!("cluster:{}", k.territory_id.as_deref().unwrap_or_default()),
            name: k
                .territory_id
                .as_ref()
                .and_then(|t| names.get(t).cloned())
                .unwrap_or_default(),
            x: k.x,
            y: k.y,
            radius: k.radius,
            actors: k.actors,
        })
        .collect();
    let cluster_links = layout
        .links
        .iter()
        .filter_map(|(a, b, count)| {
            Some(NamedClusterLink {
                from: clusters.get(*a)?.id.clone(),
                to: clusters.get(*b)?.id.clone(),
                links: *count,
            })
        })
        .collect();
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    let index: HashMap<&str, u32> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.id.as_str(), n(i)))
        .collect();
    let links = graph
        .edges
        .iter()
        .filter_map(|e| {
            Some([
                *index.get(e.from.as_str())?,
                *index.get(e.to.as_str())?,
                u32::from(e.strength),
            ])
        })
        .collect();
    let nodes = graph
        .nodes
        .into_iter()
        .zip(layout.positions.into_iter().zip(layout.cluster_of))
        .map(|(node, ((x, y), k))| MapNodeView {
            node,
            place: Some((x, y, k)),
        })
        .collect();
    Ok(MapView {
        nodes,
        edges: Vec::new(),
        links,
        clusters,
        cluster_links,
        territories,
    })
}
