//! The evaluation of an intervention (issue 15): the difference-in-differences
//! estimate and its bootstrap interval from `tavolo evaluate --json`, against an
//! independent computation in Python with numpy (Debian's python3-numpy) from
//! the raw rows of the database.

use std::process::Command;

use serde_json::Value as Json;
use tavolo::evaluation::{self, NewIntervention, OutcomeValue};

use crate::util::TestDb;

/// Reads the raw rows itself, computes each territory's mean before and from
/// the start, the estimate, and a percentile bootstrap over territories with
/// numpy's own generator. Prints JSON: per indicator, did, before_after, lo,
/// hi and the bootstrap's standard deviation.
const NUMPY: &str = r#"
import json, sqlite3, sys
import numpy as np
db, iid, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect(db)
start = c.execute("SELECT start_period FROM interventions WHERE id = ?", (iid,)).fetchone()[0]
units = dict(c.execute(
    "SELECT territory_id, treated FROM intervention_units WHERE intervention_id = ? AND deleted = 0",
    (iid,)).fetchall())
rows = c.execute(
    "SELECT indicator, territory_id, period, value FROM outcome_values "
    "WHERE intervention_id = ? AND deleted = 0", (iid,)).fetchall()
out = {}
for ind in sorted({r[0] for r in rows}):
    change = {1: [], 0: []}
    for t, treated in units.items():
        pre = [v for (i, u, p, v) in rows if i == ind and u == t and p < start]
        post = [v for (i, u, p, v) in rows if i == ind and u == t and p >= start]
        if pre and post:
            change[treated].append(np.mean(post) - np.mean(pre))
    tr, co = np.array(change[1]), np.array(change[0])
    rng = np.random.default_rng(7)
    boot = (rng.choice(tr, size=(reps, len(tr))).mean(axis=1)
            - rng.choice(co, size=(reps, len(co))).mean(axis=1))
    lo, hi = np.percentile(boot, [2.5, 97.5])
    out[ind] = {"did": tr.mean() - co.mean(), "before_after": tr.mean(),
                "lo": lo, "hi": hi, "sd": boot.std()}
print(json.dumps(out))
"#;

fn numpy(db: &TestDb, id: &str, reps: usize) -> Json {
    let out = Command::new("/usr/bin/python3")
        .args([
            "-c",
            NUMPY,
            db.path.to_str().unwrap(),
            id,
            &reps.to_string(),
        ])
        .output()
        .expect("run /usr/bin/python3 (python3-numpy)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Compares Tavolo's estimates with numpy's: the estimate to the last digits,
/// the interval's ends within a fifth of the bootstrap's standard deviation
/// (two generators, 20,000 resamples each: their percentiles differ by about
/// a thirtieth of it).
fn agree(tavolo: &Json, numpy: &Json) {
    let estimates = tavolo["estimates"].as_array().unwrap();
    assert_eq!(estimates.len(), numpy.as_object().unwrap().len());
    for e in estimates {
        let name = e["indicator"].as_str().unwrap();
        let py = &numpy[name];
        let f = |j: &Json| j.as_f64().unwrap();
        assert!(
            (f(&e["did"]) - f(&py["did"])).abs() < 1e-9,
            "{name}: {e} vs {py}"
        );
        assert!(
            (f(&e["before_after"]) - f(&py["before_after"])).abs() < 1e-9,
            "{name}"
        );
        let tol = 0.2 * f(&py["sd"]);
        assert!(tol > 0.0);
        assert!(
            (f(&e["ci_low"]) - f(&py["lo"])).abs() < tol,
            "{name}: low {e} vs {py}"
        );
        assert!(
            (f(&e["ci_high"]) - f(&py["hi"])).abs() < tol,
            "{name}: high {e} vs {py}"
        );
        assert!(f(&e["ci_low"]) < f(&e["did"]) && f(&e["did"]) < f(&e["ci_high"]));
    }
}

#[test]
fn the_demo_intervention_s_estimate_and_interval_match_numpy() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let id: String = db
        .open()
        .read(|c| Ok(c.query_row("SELECT id FROM interventions", [], |r| r.get(0))?))
        .unwrap();
    let reps = 20_000;
    let out = db
        .cli(&[
            "evaluate",
            "--intervention",
            &id,
            "--json",
            "--replicates",
            &reps.to_string(),
        ])
        .ok();
    let tavolo: Json = serde_json::from_str(&out).unwrap();
    agree(&tavolo, &numpy(&db, &id, reps));
    let e = &tavolo["estimates"][0];
    // Sixteen quarters, eight before the start, in the parallel-trends chart.
    let trend = e["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 16);
    assert_eq!(
        trend.iter().filter(|t| t["before_start"] == true).count(),
        8
    );
    // The same seed gives the same interval; the wording says what it shows.
    let again: Json = serde_json::from_str(
        &db.cli(&[
            "evaluate",
            "--intervention",
            &id,
            "--json",
            "--replicates",
            &reps.to_string(),
        ])
        .ok(),
    )
    .unwrap();
    assert_eq!(again, tavolo);
    let words = e["wording"].as_array().unwrap();
    assert!(words
        .iter()
        .any(|w| w.as_str().unwrap().contains("stesso andamento")));
    assert!(words
        .iter()
        .any(|w| w.as_str().unwrap().starts_with("Non prova")));
    // The plain text prints the same sentences.
    let text = db.cli(&["evaluate", "--intervention", &id]).ok();
    assert!(
        text.contains("Sportello lavoro") && text.contains("intervallo al 95 %"),
        "{text}"
    );
}

#[test]
fn many_territories_of_uneven_change_match_numpy_and_bad_input_names_its_field() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let mut store = db.open();
    let municipalities: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT id FROM territories WHERE kind = 'municipality' ORDER BY id LIMIT 14",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .unwrap();
    assert_eq!(municipalities.len(), 14);
    let (treated, comparison) = municipalities.split_at(6);
    let id = store
        .write(|tx| {
            let i = evaluation::create(
                tx,
                &NewIntervention {
                    title: "Mediazione a scuola".into(),
                    start_period: "2023".into(),
                    treated: treated.to_vec(),
                    comparison: comparison.to_vec(),
                    ..Default::default()
                },
            )?;
            for (u, t) in municipalities.iter().enumerate() {
                for year in 2019..2026 {
                    // Uneven levels, trends and effects; one territory has no
                    // value after the start and is left out.
                    if u == 13 && year >= 2023 {
                        continue;
                    }
                    let k = (u * 37 + year as usize * 11) % 17;
                    let effect = if u < 6 && year >= 2023 {
                        3.0 + u as f64 * 1.7
                    } else {
                        0.0
                    };
                    let value = 20.0
                        + u as f64 * 4.0
                        + (year - 2019) as f64 * (1.0 + u as f64 * 0.1)
                        + k as f64 * 0.6
                        + effect;
                    evaluation::record(
                        tx,
                        &i.id,
                        &OutcomeValue {
                            indicator: "Iscrizioni scolastiche".into(),
                            territory_id: t.clone(),
                            period: year.to_string(),
                            value,
                        },
                    )?;
                }
            }
            Ok(i.id)
        })
        .unwrap();
    let reps = 20_000;
    let out = db
        .cli(&[
            "evaluate",
            "--intervention",
            &id,
            "--json",
            "--replicates",
            &reps.to_string(),
        ])
        .ok();
    let tavolo: Json = serde_json::from_str(&out).unwrap();
    agree(&tavolo, &numpy(&db, &id, reps));
    assert_eq!(
        tavolo["estimates"][0]["left_out"].as_array().unwrap().len(),
        1
    );

    // A quarter in a yearly evaluation, a territory both with and without it,
    // an unknown intervention: each names its field, nothing is written.
    let before = crate::util::dump_rows(&store);
    let err = store
        .write(|tx| {
            evaluation::record(
                tx,
                &id,
                &OutcomeValue {
                    indicator: "Iscrizioni scolastiche".into(),
                    territory_id: treated[0].clone(),
                    period: "2024-Q1".into(),
                    value: 1.0,
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("period"), "{err}");
    let err = store
        .write(|tx| evaluation::set_units(tx, &id, treated, treated))
        .unwrap_err();
    assert!(err.to_string().contains("comparison"), "{err}");
    let err = store
        .write(|tx| {
            evaluation::create(
                tx,
                &NewIntervention {
                    title: "X".into(),
                    start_period: "2024-Q5".into(),
                    treated: treated.to_vec(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("start_period"), "{err}");
    assert_eq!(crate::util::dump_rows(&store), before);
    let err = db
        .cli(&["evaluate", "--intervention", "nope"])
        .fails_with_one_line();
    assert!(
        err.contains("intervention") && err.contains("nope"),
        "{err}"
    );
}

#[test]
fn an_office_s_sheet_of_values_imports_whole_or_not_at_all() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let ids: Vec<(String, String)> = db
        .open()
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT id, name FROM territories WHERE kind = 'municipality'
                 AND name IN ('Cosenza', 'Napoli', 'Salerno', 'Foggia') ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert_eq!(ids.len(), 4);
    let id = db
        .cli(&[
            "intervention",
            "create",
            "--title",
            "Mediatori nei consultori",
            "--start",
            "2024",
            "--treated",
            &ids[0].0,
            "--treated",
            &ids[1].0,
            "--comparison",
            &ids[2].0,
            "--comparison",
            &ids[3].0,
        ])
        .ok();
    let id = id.trim();

    // A column per year, Windows-1252 with `;` and decimal commas, as Excel
    // saves it in Italy; the territories written without accents' care.
    let csv = db.dir.path().join("valori.csv");
    let mut text = String::from(
        "Accessi ai consultori (fonte: ASP)\n\nComune;Indicatore;2022;2023;2024;2025\n",
    );
    for (n, (_, name)) in ids.iter().enumerate() {
        let base = 10.0 + n as f64 * 3.0;
        let effect = if n < 2 { 4.5 } else { 0.0 };
        text.push_str(&format!(
            "{};Accessi;{};{};{};{}\n",
            name.to_uppercase(),
            format!("{:.1}", base).replace('.', ","),
            format!("{:.1}", base + 1.0).replace('.', ","),
            format!("{:.1}", base + 2.0 + effect).replace('.', ","),
            format!("{:.1}", base + 3.0 + effect).replace('.', ","),
        ));
    }
    std::fs::write(&csv, &text).unwrap();
    let before = crate::util::dump_rows(&db.open());
    let dry = db
        .cli(&[
            "intervention",
            "import",
            "--intervention",
            id,
            csv.to_str().unwrap(),
            "--dry-run",
        ])
        .ok();
    assert!(dry.contains("16 values of Accessi (dry run"), "{dry}");
    assert_eq!(crate::util::dump_rows(&db.open()), before);
    db.cli(&[
        "intervention",
        "import",
        "--intervention",
        id,
        csv.to_str().unwrap(),
    ])
    .ok();
    let out: Json =
        serde_json::from_str(&db.cli(&["evaluate", "--intervention", id, "--json"]).ok()).unwrap();
    let e = &out["estimates"][0];
    assert_eq!(e["indicator"], "Accessi");
    // Each territory rises 2 from 2022-23 to 2024-25; those with it 4.5 more.
    assert!((e["did"].as_f64().unwrap() - 4.5).abs() < 1e-9, "{e}");
    assert!(
        (e["before_after"].as_f64().unwrap() - 6.5).abs() < 1e-9,
        "{e}"
    );

    // A territory not in the intervention and a word for a number: each named
    // by row and column, nothing imported.
    let bad = db.dir.path().join("sbagliato.csv");
    std::fs::write(
        &bad,
        format!(
            "Territorio;Periodo;Indicatore;Valore\n{};2024;Accessi;99\nPotenza;2024;Accessi;5\n{};2025;Accessi;molti\n",
            ids[0].1, ids[1].1
        ),
    )
    .unwrap();
    let rows = crate::util::dump_rows(&db.open());
    let err = db
        .cli(&[
            "intervention",
            "import",
            "--intervention",
            id,
            bad.to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(
        err.contains("riga 3, colonna A") && err.contains("Potenza"),
        "{err}"
    );
    assert!(
        err.contains("riga 4, colonna D") && err.contains("molti"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(crate::util::dump_rows(&db.open()), rows);
    let list: Json =
        serde_json::from_str(&db.cli(&["intervention", "list", "--json"]).ok()).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "the demo's and this one");
}
