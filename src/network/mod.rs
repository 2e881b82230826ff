//! The stakeholder map as a graph: organisations and the relationships between
//! them, with simple measures (degree, betweenness) for each actor and for each
//! territory; the coverage matrix (sectors × territories) and the power/interest
//! grid. Only live, non-archived organisations take part.

use std::collections::{BTreeMap, HashMap, VecDeque};

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::Result;
use crate::text::xml_escape;
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

/// Above this many nodes betweenness is not computed (it costs nodes × links).
pub const BETWEENNESS_LIMIT: usize = 3_000;

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
          AND (?2 IS NULL OR (' ' || o.sectors || ' ') LIKE '% ' || ?2 || ' %')
          AND (?3 IS NULL OR o.level = ?3)
          AND (?4 IS NULL OR o.kind = ?4)
        ORDER BY o.name, o.id";
    let text = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    let params = [
        text(filter.territory_id.as_deref()),
        text(filter.sector.map(|s| s.code())),
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

/// Above this many organisations the map is laid out here instead of by the
/// page's force-directed layout, which takes many seconds on thousands of nodes.
pub const PRESET_LAYOUT_ABOVE: usize = 1_500;

/// One territory's cluster on a large map.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub territory_id: Option<String>,
    /// Centre and radius, in the same pixels as the positions.
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub actors: usize,
}

/// A large map laid out by the core: a position per organisation and its
/// cluster (an index into `clusters`), the clusters, and the links between
/// clusters (indexes into `clusters`, how many links), which the page draws
/// instead of tens of thousands of single links.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterLayout {
    pub positions: Vec<(f64, f64)>,
    pub cluster_of: Vec<usize>,
    pub clusters: Vec<Cluster>,
    pub links: Vec<(usize, usize, usize)>,
}

/// Lays out a large map, in pixels: one cluster per territory, its organisations
/// on a sunflower spiral with the most linked at the centre; the clusters in
/// rows, largest first. Linear in the nodes and links (after a sort), so ten
/// thousand organisations take milliseconds, and a territory's actors stay
/// together, which is how regional staff read the network.
pub fn cluster_layout(graph: &Graph) -> ClusterLayout {
    const SPACING: f64 = 22.0;
    const GAP: f64 = 80.0;
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let mut groups: HashMap<Option<&str>, Vec<usize>> = HashMap::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        groups
            .entry(node.territory_id.as_deref())
            .or_default()
            .push(i);
    }
    let mut groups: Vec<(Option<&str>, Vec<usize>)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let radius = |n: usize| SPACING * (n as f64).sqrt() + SPACING;
    let area: f64 = groups
        .iter()
        .map(|(_, c)| (2.0 * radius(c.len()) + GAP).powi(2))
        .sum();
    let row_width = area.sqrt() * 1.3;
    let mut positions = vec![(0.0, 0.0); graph.nodes.len()];
    let mut cluster_of = vec![0usize; graph.nodes.len()];
    let mut clusters = Vec::with_capacity(groups.len());
    let (mut x, mut y, mut row_height) = (0.0f64, 0.0f64, 0.0f64);
    for (territory, mut members) in groups {
        let r = radius(members.len());
        if x > 0.0 && x + 2.0 * r > row_width {
            x = 0.0;
            y += row_height + GAP;
            row_height = 0.0;
        }
        let (cx, cy) = (x + r, y + r);
        members.sort_by(|a, b| {
            graph.nodes[*b]
                .degree
                .cmp(&graph.nodes[*a].degree)
                .then(graph.nodes[*a].id.cmp(&graph.nodes[*b].id))
        });
        for (k, &node) in members.iter().enumerate() {
            let d = SPACING * (k as f64).sqrt();
            let angle = k as f64 * golden;
            positions[node] = (cx + d * angle.cos(), cy + d * angle.sin());
            cluster_of[node] = clusters.len();
        }
        clusters.push(Cluster {
            territory_id: territory.map(str::to_owned),
            x: cx,
            y: cy,
            radius: r,
            actors: members.len(),
        });
        x += 2.0 * r + GAP;
        row_height = row_height.max(2.0 * r);
    }
    let index: HashMap<&str, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut between: HashMap<(usize, usize), usize> = HashMap::new();
    for edge in &graph.edges {
        if let (Some(&a), Some(&b)) = (index.get(edge.from.as_str()), index.get(edge.to.as_str())) {
            let (ca, cb) = (cluster_of[a], cluster_of[b]);
            if ca != cb {
                *between.entry((ca.min(cb), ca.max(cb))).or_default() += 1;
            }
        }
    }
    let mut links: Vec<(usize, usize, usize)> =
        between.into_iter().map(|((a, b), n)| (a, b, n)).collect();
    links.sort_unstable();
    ClusterLayout {
        positions,
        cluster_of,
        clusters,
        links,
    }
}

/// Brandes' algorithm on an unweighted, undirected graph (parallel links count
/// once per path), normalised to 0–1 by (n−1)(n−2)/2.
pub fn betweenness(adjacency: &[Vec<usize>]) -> Vec<f64> {
    let n = adjacency.len();
    let mut centrality = vec![0.0; n];
    let mut sigma = vec![0.0f64; n];
    let mut distance = vec![-1i64; n];
    let mut delta = vec![0.0f64; n];
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for source in 0..n {
        let mut stack = Vec::new();
        for v in 0..n {
            predecessors[v].clear();
            sigma[v] = 0.0;
            distance[v] = -1;
            delta[v] = 0.0;
        }
        sigma[source] = 1.0;
        distance[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adjacency[v] {
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 && !predecessors[w].contains(&v) {
                    sigma[w] += sigma[v];
                    predecessors[w].push(v);
                }
            }
        }
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != source {
                centrality[w] += delta[w];
            }
        }
    }
    // Each pair was counted from both ends.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    centrality.iter().map(|c| c / pairs).collect()
}

/// Per territory (by the organisation's own territory): actors, links among them
/// or to others, and actors without any link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoryMeasures {
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
            .unwrap_or_else(|| "(senza territorio)".to_owned())
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

/// One row of the coverage matrix: a province (or a region, for organisations
/// placed at regional level) and the number of active organisations per sector,
/// in the order of `Sector::ALL`. A zero is a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub territory_id: String,
    pub territory: String,
    pub counts: Vec<usize>,
}

/// The coverage matrix: every province and region × every sector.
pub fn coverage(conn: &Connection) -> Result<Vec<CoverageRow>> {
    // Each organisation rolled up to its province (municipalities and districts sit
    // under one), or kept at its region or province.
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN t.kind IN ('municipality', 'district') THEN t.parent_id ELSE t.id END,
                o.sectors
         FROM organisations o JOIN territories t ON t.id = o.territory_id
         WHERE o.deleted = 0 AND o.archived = 0",
    )?;
    let mut counts: HashMap<String, Vec<usize>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (territory, sectors) = row?;
        let Some(territory) = territory else { continue };
        let entry = counts
            .entry(territory)
            .or_insert_with(|| vec![0; Sector::ALL.len()]);
        for code in sectors.split_whitespace() {
            if let Some(i) = Sector::ALL.iter().position(|s| s.code() == code) {
                entry[i] += 1;
            }
        }
    }
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name FROM territories t LEFT JOIN territories r ON r.id = t.parent_id
         WHERE t.deleted = 0 AND t.kind IN ('region', 'province')
         ORDER BY coalesce(r.name, t.name), t.kind = 'province', t.name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name) = row?;
        let counts = counts
            .remove(&id)
            .unwrap_or_else(|| vec![0; Sector::ALL.len()]);
        out.push(CoverageRow {
            territory_id: id,
            territory: name,
            counts,
        });
    }
    Ok(out)
}

/// The graph as GraphML, which Gephi, yEd and Cytoscape desktop open: nodes with
/// name, type, level, degree and betweenness; directed edges with type and strength.
pub fn graphml(graph: &Graph) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="tipo" attr.type="string"/>
  <key id="level" for="node" attr.name="livello" attr.type="string"/>
  <key id="degree" for="node" attr.name="grado" attr.type="int"/>
  <key id="betweenness" for="node" attr.name="intermediazione" attr.type="double"/>
  <key id="rel" for="edge" attr.name="tipo" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="tavolo" edgedefault="directed">
"#,
    );
    for n in &graph.nodes {
        out.push_str(&format!(
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"kind\">{}</data><data key=\"level\">{}</data><data key=\"degree\">{}</data>",
            xml_escape(&n.id),
            xml_escape(&n.name),
            n.kind.code(),
            n.level.code(),
            n.degree
        ));
        if let Some(b) = n.betweenness {
            out.push_str(&format!("<data key=\"betweenness\">{b}</data>"));
        }
        out.push_str("</node>\n");
    }
    for e in &graph.edges {
        out.push_str(&format!(
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\"><data key=\"rel\">{}</data><data key=\"weight\">{}</data></edge>\n",
            xml_escape(&e.id),
            xml_escape(&e.from),
            xml_escape(&e.to),
            xml_escape(&e.kind),
            e.strength
        ));
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
