//! Benchmark for issue 13's matrix figure: with 100,000 notes and 300,000 coded
//! passages, the codes × territories matrix (target < 200 ms). The `.qdpx`
//! export's figure comes with the export.
//!
//! Run with `make bench` (release build). `TAVOLO_BENCH_NOTES` changes the number
//! of notes (default 100000); passages are three per note.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use tavolo::coding::{codebook, matrix, passages};
use tavolo::notes::{self, NewNote};
use tavolo::{demo, meetings, OpenMode, Store};

fn main() {
    let total: usize = std::env::var("TAVOLO_BENCH_NOTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("coding.db"), OpenMode::CreateIfMissing).unwrap();
    demo::load(&mut store, 1).unwrap();
    let meeting_ids: Vec<String> = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    let codes: Vec<String> = store
        .write(|tx| {
            (0..40)
                .map(|i| codebook::add(tx, &format!("Codice {i:02}"), None, "", "").map(|c| c.id))
                .collect()
        })
        .unwrap();
    let fill = Instant::now();
    let mut added = 0;
    while added < total {
        let batch = (total - added).min(5_000);
        store
            .write(|tx| {
                for i in 0..batch {
                    let n = added + i;
                    let note = notes::add(
                        tx,
                        &NewNote {
                            meeting_id: meeting_ids[n % meeting_ids.len()].clone(),
                            text: format!(
                                "servono mediatori e orari lunghi, nota {n} #tag{}",
                                n % 25
                            ),
                            ..NewNote::default()
                        },
                    )?;
                    for k in 0..3 {
                        let code = &codes[(n * 7 + k * 13) % codes.len()];
                        passages::apply(tx, &note.id, code, Some((k * 4, k * 4 + 3)), "anna")?;
                    }
                }
                Ok(())
            })
            .unwrap();
        added += batch;
    }
    store.write(codebook::from_tags).unwrap();
    println!(
        "filled {total} notes and {} passages in {:.1} s",
        total * 3,
        fill.elapsed().as_secs_f64()
    );
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let m = store
            .read(|c| matrix::matrix(c, matrix::Cases::Territory))
            .unwrap();
        times.push(start.elapsed());
        assert!(m.rows.len() >= 40 && !m.cols.is_empty());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "codes x territories matrix: median {:.1} ms, max {:.1} ms (target < 200 ms)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}
