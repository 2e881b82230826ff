//! Benchmark for issue 13's matrix figure: with 100,000 notes and 300,000 coded
//! passages, the codes × territories matrix (target < 200 ms) beside the bare
//! read of the coded rows, and the `.qdpx` export of it all (target < 10 s).
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
    // `TAVOLO_BENCH_KEEP=FILE` fills FILE once and measures it again on later
    // runs (filling 100,000 notes takes a quarter of an hour on two cores).
    let kept = std::env::var_os("TAVOLO_BENCH_KEEP").map(std::path::PathBuf::from);
    let path = kept.clone().unwrap_or_else(|| dir.path().join("coding.db"));
    let reuse = kept.is_some() && path.exists();
    let mut store = Store::open(&path, OpenMode::CreateIfMissing).unwrap();
    if reuse {
        println!("measuring the kept {}", path.display());
        measure(&store, total, dir.path());
        return;
    }
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
    measure(&store, total, dir.path());
}

fn measure(store: &Store, total: usize, dir: &std::path::Path) {
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
    // Beside it, the bare reads it stands on: the coded rows and the notes'
    // territories, nothing counted.
    let start = Instant::now();
    let bare: usize = store
        .read(|c| {
            let mut n = 0;
            let mut stmt = c.prepare("SELECT note_id, code_id FROM codings WHERE deleted = 0")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let _: (String, String) = (r.get(0)?, r.get(1)?);
                n += 1;
            }
            Ok(n)
        })
        .unwrap();
    println!(
        "bare read of the {bare} coded rows: {:.1} ms",
        ms(start.elapsed())
    );

    // The REFI-QDA project of it all (target < 10 s).
    let out = dir.join("coding.qdpx");
    let mut qdpx: Vec<Duration> = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let written = store
            .read(|c| tavolo::formats::refi::write::qdpx(c, &out, 1_764_000_000_000))
            .unwrap();
        qdpx.push(start.elapsed());
        assert!(written.notes >= total && written.passages >= total);
    }
    qdpx.sort();
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        ".qdpx export: median {:.2} s of 3, {:.1} MB (target < 10 s)",
        qdpx[1].as_secs_f64(),
        size as f64 / 1e6
    );
}
