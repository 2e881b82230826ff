//! Benchmark for issue 12's figure: with 100,000 notes in the database, proposing
//! a territory's PIA guidelines from its recommendations (one transaction, fsync
//! included) and exporting them as .docx must take under 2 s together.
//!
//! The demo workspace, then notes spread over its meetings (every kind in turn;
//! one note in three tagged, so some recommendations share tags and make one
//! clause). The territory is the demo's Provincia di Potenza, as in the issue.
//! Run with `make bench` (release build). `TAVOLO_BENCH_NOTES` changes the number
//! of notes (default 100000).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Instant;

use tavolo::guidelines::{propose, trace};
use tavolo::notes::{self, NewNote};
use tavolo::vocabulary::NoteKind;
use tavolo::{demo, meetings, OpenMode, Store};

const WORDS: &[&str] = &[
    "mediazione",
    "sportello",
    "integrazione",
    "casa",
    "lavoro",
    "scuola",
    "minori",
    "tirocinio",
    "residenza",
    "affitto",
    "formazione",
    "italiano",
    "servizi",
    "comunità",
    "rete",
    "accoglienza",
    "salute",
    "trasporti",
    "interpreti",
    "priorità",
];

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
    let mut seed = 7u64;
    let mut added = 0;
    while added < total {
        let batch = (total - added).min(5_000);
        store
            .write(|tx| {
                for i in 0..batch {
                    let n = added + i;
                    let mut text = sentence(&mut seed, 10 + n % 25);
                    if n % 3 == 0 {
                        text.push_str(&format!(" #{}", WORDS[(n / 7) % WORDS.len()]));
                    }
                    let new = NewNote {
                        meeting_id: meeting_ids[n % meeting_ids.len()].clone(),
                        kind: Some(kinds[n % kinds.len()]),
                        text,
                        ..NewNote::default()
                    };
                    notes::add(tx, &new)?;
                }
                Ok(())
            })
            .unwrap();
        added += batch;
    }
    let territory: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT id FROM territories WHERE name = 'Provincia di Potenza'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let candidates = store.read(|c| trace::unhandled(c, &territory)).unwrap();
    let recommendations = candidates
        .iter()
        .filter(|u| u.kind == "recommendation")
        .count();

    let out = dir.path().join("linee-guida.docx");
    let start = Instant::now();
    let proposal = store.write(|tx| propose::propose(tx, &territory)).unwrap();
    let proposed = start.elapsed();
    let export = store
        .read(|c| {
            tavolo::reports::guidelines::document(
                c,
                &territory,
                "Progetto",
                "Finanziatore",
                "2024-06-01",
            )
        })
        .unwrap();
    let built = start.elapsed();
    tavolo::formats::document::write(&export.document, &out).unwrap();
    let total_time = start.elapsed();
    let bytes = std::fs::metadata(&out).unwrap().len();

    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{total} notes; Potenza: {recommendations} recommendations, {} proposals",
        candidates.len() - recommendations
    );
    println!(
        "propose the guidelines (one transaction, fsync): {:.0} ms, {} clauses from {} notes",
        ms(proposed),
        proposal.clauses_added,
        proposal.notes_used
    );
    println!(
        "and export them as .docx ({} sources, {} KiB): {:.0} ms (the document read from the database {:.0} ms; docx-rs, zip and fsync {:.0} ms)",
        export.sources,
        bytes / 1024,
        ms(total_time - proposed),
        ms(built - proposed),
        ms(total_time - built)
    );
    println!(
        "together: {:.0} ms (limit 2000 ms) {}",
        ms(total_time),
        if total_time.as_secs_f64() < 2.0 {
            "within"
        } else {
            "OVER THE LIMIT"
        }
    );
}
