//! The layout of a large map, made in the core so the page only draws it: one
//! cluster per territory, its organisations on a sunflower spiral.

use crate::network::Graph;
use std::collections::HashMap;

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
