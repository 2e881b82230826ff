//! The stakeholder map and the coverage matrix.

use serde::{Deserialize, Serialize};
use tavolo::vocabulary as v;
use ts_rs::TS;

use super::blank;

/// Which organisations the map shows (empty = all).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct MapFilterDto {
    pub territory_id: Option<String>,
    pub sector: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
}

impl MapFilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::network::MapFilter> {
        Ok(tavolo::network::MapFilter {
            territory_id: blank(self.territory_id),
            sector: blank(self.sector)
                .map(|s| v::Sector::parse("sector", &s))
                .transpose()?,
            level: blank(self.level)
                .map(|s| v::Level::parse("level", &s))
                .transpose()?,
            kind: blank(self.kind)
                .map(|s| v::OrgKind::parse("kind", &s))
                .transpose()?,
        })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapNodeDto {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub degree: u32,
    /// 0–1; null when the map is too large to compute it.
    pub betweenness: Option<f64>,
    /// Position laid out by the core for large maps (more than
    /// `network::PRESET_LAYOUT_ABOVE` organisations); null: the page lays it out.
    pub x: Option<f64>,
    pub y: Option<f64>,
    /// Large maps: the index of the organisation's territory in `MapDto::clusters`.
    pub cluster: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapEdgeDto {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub strength: u8,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TerritoryMeasuresDto {
    pub territory: String,
    pub actors: u32,
    pub links: u32,
    pub isolated: u32,
}

/// The map: organisations, links, and measures per territory.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MapDto {
    pub nodes: Vec<MapNodeDto>,
    pub edges: Vec<MapEdgeDto>,
    pub territories: Vec<TerritoryMeasuresDto>,
    /// Large maps only (laid out by the core): one cluster per territory, and
    /// the links between clusters, drawn instead of every single link.
    pub clusters: Vec<MapClusterDto>,
    pub cluster_links: Vec<MapClusterLinkDto>,
    /// Large maps only, instead of `edges` (then empty): each link as
    /// [from, to, strength], the first two indexes into `nodes`. Thirty thousand
    /// links as ids were two thirds of the map's JSON, and the page needs a link
    /// only when one of its ends is focused.
    pub links: Vec<[u32; 3]>,
    /// Milliseconds the core took (query, measures, layout), for the benchmark.
    pub core_ms: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapClusterDto {
    /// "cluster:" and the territory's id ("cluster:" alone: no territory).
    pub id: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub actors: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapClusterLinkDto {
    pub from: String,
    pub to: String,
    pub links: u32,
}

/// A row of the coverage matrix: counts per sector, in the vocabulary's order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CoverageRowDto {
    pub territory_id: String,
    pub territory: String,
    pub counts: Vec<u32>,
}

impl MapDto {
    /// The core's map view, with the milliseconds the core took.
    pub fn new(view: tavolo::network::MapView, core_ms: u32) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        MapDto {
            nodes: view
                .nodes
                .into_iter()
                .map(|v| MapNodeDto {
                    id: v.node.id,
                    name: v.node.name,
                    kind: v.node.kind.code().to_owned(),
                    level: v.node.level.code().to_owned(),
                    influence: v.node.influence,
                    interest: v.node.interest,
                    degree: n(v.node.degree),
                    betweenness: v.node.betweenness,
                    x: v.place.map(|p| p.0),
                    y: v.place.map(|p| p.1),
                    cluster: v.place.map(|p| n(p.2)),
                })
                .collect(),
            edges: view
                .edges
                .into_iter()
                .map(|e| MapEdgeDto {
                    id: e.id,
                    from: e.from,
                    to: e.to,
                    kind: e.kind,
                    strength: e.strength,
                })
                .collect(),
            territories: view
                .territories
                .into_iter()
                .map(|t| TerritoryMeasuresDto {
                    territory: t.territory,
                    actors: n(t.actors),
                    links: n(t.links),
                    isolated: n(t.isolated),
                })
                .collect(),
            clusters: view
                .clusters
                .into_iter()
                .map(|k| MapClusterDto {
                    id: k.id,
                    name: k.name,
                    x: k.x,
                    y: k.y,
                    radius: k.radius,
                    actors: n(k.actors),
                })
                .collect(),
            cluster_links: view
                .cluster_links
                .into_iter()
                .map(|l| MapClusterLinkDto {
                    from: l.from,
                    to: l.to,
                    links: n(l.links),
                })
                .collect(),
            links: view.links,
            core_ms,
        }
    }
}
