//! Benchmark for issue 3's figures: with about 10,000 organisations and 30,000
//! links (the demo at scale 185), how long the register's search takes (target:
//! under 50 ms) and how long the core takes to give the map its data (graph,
//! degrees, per-territory measures and the cluster layout). How long the map takes
//! to appear in the real app at this size is measured by the ignored end-to-end
//! test `the_map_opens_at_scale` (`make bench` runs both).
//!
//! `TAVOLO_BENCH_SCALE` changes the number of demo copies (default 185).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use tavolo::formats::register_import::{self, Subject};
use tavolo::network::{self, MapFilter};
use tavolo::{demo, register::organisations, OpenMode, Store};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let scale: u32 = std::env::var("TAVOLO_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(185);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.db"), OpenMode::CreateIfMissing).unwrap();
    let start = Instant::now();
    let sum = demo::load(&mut store, scale).unwrap();
    println!(
        "demo at scale {scale}: {} organisations, {} relationships, {} people (loaded in {:.1} s)",
        sum.organisations,
        sum.relationships,
        sum.people,
        start.elapsed().as_secs_f64()
    );
    store
        .read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))
        .unwrap();
    std::process::Command::new("sync").status().unwrap();

    // What people type in the register's search box: a few letters, a word, a
    // territory, without accents, something that matches nothing, and nothing.
    let queries = [
        "",
        "a",
        "com",
        "comune",
        "citta",
        "potenza",
        "asp",
        "coop",
        "cooperativa sociale",
        "migranti",
        "cpia bari",
        "xyz",
        "regione basilicata",
    ];
    let mut times = Vec::new();
    let mut found = 0;
    for round in 0..10 {
        for q in queries {
            let t = Instant::now();
            let rows = store.read(|c| organisations::list(c, q, 500)).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                found += rows.len();
            }
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "register search (first 500 rows, {} searches, {found} rows found per round): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1]
    );

    // An office's register of 1,000 rows, half of them bodies already in the
    // register written in capitals: read, mapped and imported (rehearsed, so the
    // database stays as it is).
    let names: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare("SELECT name FROM organisations ORDER BY id LIMIT 500")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    let mut csv = String::from("Denominazione;Tipologia;Comune;E-mail\n");
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!("{};;Potenza;\n", name.to_uppercase()));
        csv.push_str(&format!(
            "Associazione Nuova {i};associazione;Matera;info{i}@example.org\n"
        ));
    }
    let file = dir.path().join("registro.csv");
    std::fs::write(&file, csv).unwrap();
    let t = Instant::now();
    let table = register_import::read_table(&file, None).unwrap();
    let mapping = register_import::guess_mapping(Subject::Organisations, &table.headers);
    let report = store
        .rehearse(|tx| {
            register_import::import(
                tx,
                Subject::Organisations,
                &table,
                &mapping,
                &Default::default(),
            )
        })
        .unwrap();
    println!(
        "import of a 1,000-row register into it (rehearsed): {:.2} s ({} imported, {} merged, {} rejected)",
        t.elapsed().as_secs_f64(),
        report.imported,
        report.merged,
        report.rejected
    );

    let mut map_times = Vec::new();
    let mut sizes = (0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        let (nodes, edges) = store
            .read(|c| {
                let graph = network::graph(c, &MapFilter::default())?;
                let measures = network::territory_measures(c, &graph)?;
                let layout = network::cluster_layout(&graph);
                assert_eq!(layout.positions.len(), graph.nodes.len());
                assert!(!measures.is_empty());
                Ok((graph.nodes.len(), graph.edges.len()))
            })
            .unwrap();
        map_times.push(t.elapsed().as_secs_f64() * 1000.0);
        sizes = (nodes, edges);
    }
    map_times.sort_by(f64::total_cmp);
    println!(
        "map data in the core ({} organisations, {} links: graph, degrees, territory measures, layout): median {:.0} ms",
        sizes.0,
        sizes.1,
        map_times[2]
    );
}
