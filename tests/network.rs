//! The stakeholder map: the graph and its measures, checked against independent
//! counts; betweenness on graphs whose answer is known; the coverage matrix.

use tavolo::demo;
use tavolo::network::{self, MapFilter};
use tavolo::vocabulary::Sector;

use crate::util::TestDb;

#[test]
fn betweenness_of_known_graphs() {
    // a - b - c: b is on the only path between a and c.
    let path = vec![vec![1], vec![0, 2], vec![1]];
    assert_eq!(network::betweenness(&path), vec![0.0, 1.0, 0.0]);
    // A star: the centre is on every path between leaves.
    let star = vec![vec![1, 2, 3, 4], vec![0], vec![0], vec![0], vec![0]];
    let b = network::betweenness(&star);
    assert!((b[0] - 1.0).abs() < 1e-9 && b[1..].iter().all(|x| *x == 0.0));
    // A square: two shortest paths between opposite corners, each carrying half.
    let square = vec![vec![1, 3], vec![0, 2], vec![1, 3], vec![2, 0]];
    let b = network::betweenness(&square);
    assert!(b.iter().all(|x| (x - 1.0 / 6.0).abs() < 1e-9), "{b:?}");
}

#[test]
fn the_demo_map_matches_the_rows() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let graph = store
        .read(|c| network::graph(c, &MapFilter::default()))
        .unwrap();
    let (orgs, links, isolated): (usize, usize, usize) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM organisations WHERE deleted = 0 AND archived = 0),
                        (SELECT count(*) FROM relationships WHERE deleted = 0 AND from_org_id IS NOT NULL),
                        (SELECT count(*) FROM organisations o WHERE deleted = 0 AND NOT EXISTS (
                            SELECT 1 FROM relationships r WHERE r.deleted = 0
                              AND (r.from_org_id = o.id OR r.to_org_id = o.id)))",
                [],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize)),
            )?)
        })
        .unwrap();
    assert_eq!(graph.nodes.len(), orgs);
    assert_eq!(graph.edges.len(), links);
    assert_eq!(
        graph.nodes.iter().filter(|n| n.degree == 0).count(),
        isolated
    );
    assert!(isolated > 0, "the demo has actors outside the network");
    let degrees: usize = graph.nodes.iter().map(|n| n.degree).sum();
    assert_eq!(degrees, 2 * links);
    assert!(graph.nodes.iter().all(|n| n.betweenness.is_some()));
    let hub = graph
        .nodes
        .iter()
        .max_by(|a, b| a.betweenness.partial_cmp(&b.betweenness).unwrap())
        .unwrap();
    assert!(
        hub.degree >= 5,
        "the most central actor is a hub: {}",
        hub.name
    );

    let measures = store
        .read(|c| network::territory_measures(c, &graph))
        .unwrap();
    assert_eq!(measures.iter().map(|m| m.actors).sum::<usize>(), orgs);
    assert_eq!(measures.iter().map(|m| m.isolated).sum::<usize>(), isolated);

    // Filters: one sector only.
    let health = store
        .read(|c| {
            network::graph(
                c,
                &MapFilter {
                    sector: Some(Sector::Health),
                    ..MapFilter::default()
                },
            )
        })
        .unwrap();
    assert!(!health.nodes.is_empty() && health.nodes.len() < orgs);
    let shown: std::collections::HashSet<&str> =
        health.nodes.iter().map(|n| n.id.as_str()).collect();
    assert!(health
        .edges
        .iter()
        .all(|e| shown.contains(e.from.as_str()) && shown.contains(e.to.as_str())));
}

#[test]
fn the_coverage_matrix_counts_active_organisations_and_shows_gaps() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let rows = store.read(network::coverage).unwrap();
    let provinces_and_regions: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM territories WHERE kind IN ('region', 'province')",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(rows.len() as i64, provinces_and_regions);
    assert!(rows.iter().all(|r| r.counts.len() == Sector::ALL.len()));
    assert!(
        rows.iter().any(|r| r.counts.contains(&0)),
        "at least one gap"
    );
    // Independent count: organisations with a territory, per sector they name.
    let total: usize = rows.iter().flat_map(|r| r.counts.iter()).sum();
    let expected: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT coalesce(sum(length(trim(sectors)) - length(replace(trim(sectors), ' ', '')) + (trim(sectors) <> '')), 0)
                 FROM organisations WHERE deleted = 0 AND archived = 0 AND territory_id IS NOT NULL",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(total as i64, expected);
}

#[test]
fn each_cell_of_the_coverage_matrix_opens_exactly_the_organisations_it_counts() {
    use tavolo::register::organisations::{list_filtered, ListFilter};
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let rows = store.read(network::coverage).unwrap();
    let mut region_rows_wider = 0;
    for row in &rows {
        for (sector, &n) in Sector::ALL.iter().zip(&row.counts) {
            let filter = ListFilter {
                territory_id: Some(row.territory_id.clone()),
                territory_as_coverage: true,
                sector: Some(*sector),
                archived: Some(false),
                ..ListFilter::default()
            };
            let opened = store.read(|c| list_filtered(c, &filter, 10_000)).unwrap();
            assert_eq!(opened.len(), n, "{} × {}", row.territory, sector.code());
            let everything_under = ListFilter {
                territory_as_coverage: false,
                ..filter
            };
            let wider = store
                .read(|c| list_filtered(c, &everything_under, 10_000))
                .unwrap();
            assert!(wider.len() >= n);
            if wider.len() > n {
                region_rows_wider += 1;
            }
        }
    }
    // A region's row counts only what is placed at the region itself: the
    // register's own territory filter (everything under it) would open more.
    assert!(region_rows_wider > 0);
}

#[test]
fn graphml_that_a_real_xml_parser_reads_back() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let out = db.dir.path().join("rete.graphml");
    let line = db.cli(&["export", "graphml", out.to_str().unwrap()]).ok();
    assert!(line.contains("54 organisations"), "{line}");
    let script = r#"
import sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
graph = root.find("g:graph", ns)
nodes = {n.get("id") for n in graph.findall("g:node", ns)}
edges = graph.findall("g:edge", ns)
assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
labels = [d.text for d in graph.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == "label"]
print(len(nodes), len(edges), 'Istituto Comprensivo "Città di Palermo"' in labels)
"#;
    let output = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let store = db.open();
    let graph = store
        .read(|c| network::graph(c, &MapFilter::default()))
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("{} {} True", graph.nodes.len(), graph.edges.len())
    );
}

#[test]
fn a_large_map_is_laid_out_as_one_separate_cluster_per_territory() {
    let db = TestDb::new();
    let mut store = db.open();
    // 28 copies of the demo: just over the size where the core lays the map out.
    demo::load(&mut store, 28).unwrap();
    let graph = store
        .read(|c| network::graph(c, &MapFilter::default()))
        .unwrap();
    assert!(graph.nodes.len() > network::PRESET_LAYOUT_ABOVE);
    let layout = network::cluster_layout(&graph);
    let positions = layout.positions.clone();
    assert_eq!(positions.len(), graph.nodes.len());
    // The links between clusters add up to the links between territories.
    let territory: std::collections::HashMap<&str, Option<&str>> = graph
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.territory_id.as_deref()))
        .collect();
    let across = graph
        .edges
        .iter()
        .filter(|e| territory[e.from.as_str()] != territory[e.to.as_str()])
        .count();
    assert!(across > 0);
    assert_eq!(layout.links.iter().map(|l| l.2).sum::<usize>(), across);
    assert_eq!(
        layout.clusters.iter().map(|c| c.actors).sum::<usize>(),
        graph.nodes.len()
    );
    // Every organisation lies in the circle of its own cluster, which is its
    // territory's (the page opens a territory by these).
    assert_eq!(layout.cluster_of.len(), graph.nodes.len());
    for ((node, &(x, y)), &k) in graph.nodes.iter().zip(&positions).zip(&layout.cluster_of) {
        let cluster = &layout.clusters[k];
        assert_eq!(
            cluster.territory_id.as_deref(),
            node.territory_id.as_deref()
        );
        assert!(
            (x - cluster.x).hypot(y - cluster.y) <= cluster.radius,
            "{} outside its cluster",
            node.name
        );
    }
    for (k, cluster) in layout.clusters.iter().enumerate() {
        let members = layout.cluster_of.iter().filter(|&&c| c == k).count();
        assert_eq!(members, cluster.actors);
    }
    assert!(positions
        .iter()
        .all(|(x, y)| x.is_finite() && y.is_finite()));
    let mut distinct: Vec<(i64, i64)> = positions
        .iter()
        .map(|(x, y)| ((x * 100.0) as i64, (y * 100.0) as i64))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        positions.len(),
        "no two organisations on one spot"
    );

    // Each territory's organisations within a circle that no other territory's
    // circle overlaps.
    let mut groups: std::collections::HashMap<Option<&str>, Vec<(f64, f64)>> =
        std::collections::HashMap::new();
    for (node, p) in graph.nodes.iter().zip(&positions) {
        groups
            .entry(node.territory_id.as_deref())
            .or_default()
            .push(*p);
    }
    let circles: Vec<((f64, f64), f64)> = groups
        .values()
        .map(|ps| {
            let n = ps.len() as f64;
            let c = (
                ps.iter().map(|p| p.0).sum::<f64>() / n,
                ps.iter().map(|p| p.1).sum::<f64>() / n,
            );
            let r = ps
                .iter()
                .map(|p| ((p.0 - c.0).powi(2) + (p.1 - c.1).powi(2)).sqrt())
                .fold(0.0, f64::max);
            (c, r)
        })
        .collect();
    assert!(circles.len() > 10);
    for (i, (a, ra)) in circles.iter().enumerate() {
        for (b, rb) in &circles[i + 1..] {
            let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            assert!(d > ra + rb, "two territories' clusters overlap");
        }
    }
    // The most linked organisation of a territory sits at its centre.
    let (territory, _) = groups.iter().max_by_key(|(_, ps)| ps.len()).unwrap();
    let hub = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.territory_id.as_deref() == *territory)
        .max_by(|(_, a), (_, b)| a.degree.cmp(&b.degree).then(b.id.cmp(&a.id)))
        .unwrap()
        .0;
    let members = &groups[territory];
    let c = circles
        .iter()
        .min_by(|x, y| {
            let dx = (x.0 .0 - positions[hub].0).hypot(x.0 .1 - positions[hub].1);
            let dy = (y.0 .0 - positions[hub].0).hypot(y.0 .1 - positions[hub].1);
            dx.total_cmp(&dy)
        })
        .unwrap();
    let hub_distance = (positions[hub].0 - c.0 .0).hypot(positions[hub].1 - c.0 .1);
    let mean: f64 = members
        .iter()
        .map(|p| (p.0 - c.0 .0).hypot(p.1 - c.0 .1))
        .sum::<f64>()
        / members.len() as f64;
    assert!(
        hub_distance < mean,
        "the hub is nearer the centre than the average"
    );
}
