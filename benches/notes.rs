//! Benchmark for issue 4's figures: with 100,000 notes in the database, the time
//! to save one note (its own transaction, fsync included) and the time for a
//! search to return its first page, as 50th and 95th percentiles.
//!
//! Run with `make bench` (release build). `TAVOLO_BENCH_NOTES` changes the number
//! of notes (default 100000).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use tavolo::notes::{self, NewNote, SearchFilter};
use tavolo::vocabulary::NoteKind;
use tavolo::{demo, meetings, OpenMode, Store};

const WORDS: &[&str] = &[
    "mediazione",
    "linguistica",
    "ambulatorio",
    "sportello",
    "integrazione",
    "casa",
    "lavoro",
    "scuola",
    "minori",
    "neomaggiorenni",
    "tirocinio",
    "permesso",
    "questura",
    "anagrafe",
    "residenza",
    "affitto",
    "caporalato",
    "formazione",
    "italiano",
    "servizi",
    "sociali",
    "comunità",
    "associazione",
    "rete",
    "territorio",
    "accoglienza",
    "salute",
    "vaccinazioni",
    "trasporti",
    "orari",
    "modulistica",
    "interpreti",
    "città",
    "perché",
    "priorità",
];

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn sentence(seed: &mut u64, len: usize) -> String {
    (0..len)
        .map(|_| {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            WORDS[(*seed % WORDS.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let total: usize = std::env::var("TAVOLO_BENCH_NOTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    demo::load(&mut store, 1).unwrap();
    let meeting_ids: Vec<String> = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    let kinds = NoteKind::ALL;

    let mut seed = 42u64;
    let fill_start = Instant::now();
    let mut added = 0;
    while added < total {
        let batch = (total - added).min(5_000);
        store
            .write(|tx| {
                for i in 0..batch {
                    let n = added + i;
                    let new = NewNote {
                        meeting_id: meeting_ids[n % meeting_ids.len()].clone(),
                        kind: Some(kinds[n % kinds.len()]),
                        text: format!(
                            "{} #{}",
                            sentence(&mut seed, 12 + n % 20),
                            WORDS[n % WORDS.len()]
                        ),
                        ..NewNote::default()
                    };
                    notes::add(tx, &new)?;
                }
                Ok(())
            })
            .unwrap();
        added += batch;
    }
    println!(
        "filled {total} notes in {:.1} s",
        fill_start.elapsed().as_secs_f64()
    );

    let mut saves = Vec::new();
    for i in 0..300 {
        let new = NewNote {
            meeting_id: meeting_ids[i % meeting_ids.len()].clone(),
            kind: Some(NoteKind::Need),
            text: sentence(&mut seed, 20),
            ..NewNote::default()
        };
        let start = Instant::now();
        store.write(|tx| notes::add(tx, &new)).unwrap();
        saves.push(start.elapsed());
    }

    let mut searches = Vec::new();
    let queries = [
        "mediaz",
        "casa affitto",
        "citta",
        "perche servizi",
        "integr",
        "vacc",
        "lavoro caporal",
    ];
    for i in 0..300 {
        let q = queries[i % queries.len()];
        let start = Instant::now();
        let hits = store
            .read(|c| notes::search(c, q, &SearchFilter::default(), 50, ("[", "]")))
            .unwrap();
        searches.push(start.elapsed());
        assert!(!hits.is_empty(), "query {q} found nothing");
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "save one note (own transaction, fsync): p50 {:.2} ms, p95 {:.2} ms",
        ms(percentile(&mut saves, 0.5)),
        ms(percentile(&mut saves, 0.95))
    );
    println!(
        "search, first page of 50:               p50 {:.2} ms, p95 {:.2} ms",
        ms(percentile(&mut searches, 0.5)),
        ms(percentile(&mut searches, 0.95))
    );
}
