//! The regions side by side (issue 15): an indicators package holds no name,
//! e-mail, phone or id of the workspace and no count from 1 to 4; five packages
//! merged give, indicator by indicator, the sum of each region's own figures;
//! a tampered package, one from a newer Tavolo and one sent twice are named.

use serde_json::Value as Json;
use tavolo::indicators::{self, Filter};

use crate::util::TestDb;

const REGIONS: [&str; 5] = ["Basilicata", "Calabria", "Campania", "Puglia", "Sicilia"];

/// Every name, e-mail, phone and record id the workspace holds.
fn secrets(db: &TestDb) -> Vec<String> {
    db.open()
        .read(|c| {
            let mut out = Vec::new();
            for sql in [
                "SELECT given_name || ' ' || family_name FROM people",
                "SELECT family_name FROM people WHERE length(family_name) >= 4",
                "SELECT email FROM people WHERE email IS NOT NULL",
                "SELECT phone FROM people WHERE phone IS NOT NULL",
                "SELECT name FROM organisations",
                "SELECT email FROM organisations WHERE email IS NOT NULL",
                "SELECT phone FROM organisations WHERE phone IS NOT NULL",
                "SELECT value FROM local_meta WHERE key IN ('device_id', 'device_name', 'workspace_id')",
            ] {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            for table in tavolo::store::schema::TABLES {
                let mut stmt = c.prepare(&format!("SELECT id FROM {}", table.name))?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
                out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
            }
            Ok(out)
        })
        .unwrap()
}

fn payload(path: &std::path::Path) -> Json {
    let file: Json = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    serde_json::from_str(file["payload"].as_str().unwrap()).unwrap()
}

#[test]
fn a_package_holds_no_name_no_id_and_no_count_from_one_to_four() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let secrets = secrets(&db);
    assert!(secrets.len() > 500, "{}", secrets.len());
    for region in ["Basilicata", "Sicilia"] {
        let path = db.dir.path().join(format!("{region}.tavolo-indicators"));
        let out = db
            .cli(&[
                "federation",
                "export",
                path.to_str().unwrap(),
                "--region",
                region,
            ])
            .ok();
        assert!(
            out.contains(region) && out.contains("hidden as < 5"),
            "{out}"
        );
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for s in &secrets {
            assert!(
                !text.contains(s.as_str()),
                "{region}: the package holds {s:?}"
            );
        }
        let p = payload(&path);
        assert_eq!(p["region"], region);
        let rows = p["rows"].as_array().unwrap();
        assert!(rows.len() > 50, "{}", rows.len());
        let mut hidden = 0;
        for r in rows {
            match &r["value"] {
                Json::Number(n) => {
                    let n = n.as_i64().unwrap();
                    assert!(n == 0 || n >= 5, "{r}: a count from 1 to 4");
                }
                Json::String(s) => {
                    assert_eq!(s, "< 5");
                    hidden += 1;
                }
                other => panic!("{other}"),
            }
        }
        assert!(hidden > 0, "the demo has small counts, hidden");
        // No breakdown where one hidden cell could be worked out from the total
        // less the counts shown beside it.
        let mut groups = std::collections::BTreeMap::<(String, String), (usize, usize)>::new();
        for r in rows.iter().filter(|r| r["by"] != "total") {
            let key = (r["indicator"].to_string(), r["by"].to_string());
            let g = groups.entry(key).or_default();
            g.0 += usize::from(r["value"] == "< 5");
            g.1 += usize::from(r["value"].as_i64().is_some_and(|n| n > 0));
        }
        assert!(
            groups
                .values()
                .all(|&(hidden, shown)| hidden != 1 || shown == 0),
            "{groups:?}"
        );
    }
    // Without --region the demo (five regions) asks which.
    let err = db
        .cli(&[
            "federation",
            "export",
            db.dir.path().join("x.tavolo-indicators").to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(
        err.contains("region") && err.contains("Basilicata"),
        "{err}"
    );
    assert!(!db.dir.path().join("x.tavolo-indicators").exists());
}

#[test]
fn five_packages_merged_give_the_sum_of_each_region_s_own_figures() {
    let db = TestDb::new();
    db.cli(&["demo", "--scale", "3"]).ok();
    let mut files = Vec::new();
    for region in REGIONS {
        let path = db.dir.path().join(format!("{region}.tavolo-indicators"));
        db.cli(&[
            "federation",
            "export",
            path.to_str().unwrap(),
            "--region",
            region,
        ])
        .ok();
        files.push(path);
    }
    // Each region's own headline, from its territory.
    let store = db.open();
    let own: Vec<[(&str, i64); 8]> = REGIONS
        .iter()
        .map(|region| {
            store
                .read(|c| {
                    let id: String = c.query_row(
                        "SELECT id FROM territories WHERE name = ?1 AND kind = 'region'",
                        [region],
                        |r| r.get(0),
                    )?;
                    let f = Filter {
                        territory_id: Some(id),
                        ..Filter::default()
                    };
                    Ok(indicators::compute(c, &f)?.headline())
                })
                .unwrap()
        })
        .collect();
    // The same package twice is taken once.
    let twice = db.dir.path().join("Sicilia-again.tavolo-indicators");
    std::fs::copy(&files[4], &twice).unwrap();
    let book = db.dir.path().join("regioni.xlsx");
    let mut args = vec!["federation", "merge"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.push(twice.to_str().unwrap());
    args.push(book.to_str().unwrap());
    let out = crate::util::cli(&args).ok();
    assert!(
        out.contains("Sicilia-again.tavolo-indicators: ignored: the same package"),
        "{out}"
    );
    assert!(out.contains("5 regions side by side"), "{out}");

    let book_read = crate::util::read_xlsx(&book);
    let confronto = book_read["Confronto"].as_array().unwrap();
    let read = serde_json::json!({
        "head": confronto[0],
        "rows": confronto[1..].iter().filter(|r| !r[0].is_null()).collect::<Vec<_>>(),
        "sheets": book_read["_sheets"],
        "outcomes": book_read["Pacchetti"].as_array().unwrap()[1..].iter().map(|r| r[4].clone()).collect::<Vec<_>>(),
    });
    let head: Vec<&str> = read["head"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(head[1..6], REGIONS);
    assert_eq!(head[6], "Totale");
    assert_eq!(
        read["sheets"],
        serde_json::json!(["Confronto", "Dettaglio", "Pacchetti"])
    );
    assert_eq!(
        read["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o.as_str().unwrap().starts_with("Ignorato"))
            .count(),
        1
    );
    let mut compared = 0;
    for (i, (label, _)) in own[0].iter().enumerate() {
        let row = read["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == *label)
            .unwrap();
        let mut sum = 0;
        let mut hidden = false;
        for (r, region_own) in own.iter().enumerate() {
            let n = region_own[i].1;
            match &row[r + 1] {
                Json::Number(v) => {
                    assert_eq!(v.as_f64().unwrap(), n as f64, "{label} of {}", REGIONS[r]);
                    sum += n;
                }
                Json::String(s) => {
                    assert_eq!(s, "< 5");
                    assert!(
                        (1..=4).contains(&n),
                        "{label} of {}: {n} hidden",
                        REGIONS[r]
                    );
                    hidden = true;
                }
                other => panic!("{label}: {other}"),
            }
        }
        assert_eq!(row[6].as_f64().unwrap(), sum as f64, "{label}");
        if hidden {
            assert!(row[7].as_str().unwrap().contains("non comprende"), "{row}");
        } else {
            let all: i64 = own.iter().map(|o| o[i].1).sum();
            assert_eq!(sum, all, "{label}");
            compared += 1;
        }
    }
    assert!(
        compared >= 6,
        "most headline figures are compared whole: {compared}"
    );
}

#[test]
fn a_tampered_package_and_one_from_a_newer_tavolo_are_refused_by_name() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let good = db.dir.path().join("Puglia.tavolo-indicators");
    db.cli(&[
        "federation",
        "export",
        good.to_str().unwrap(),
        "--region",
        "Puglia",
    ])
    .ok();
    let mut file: Json = serde_json::from_slice(&std::fs::read(&good).unwrap()).unwrap();
    // Someone raises a figure on the way.
    let payload = file["payload"].as_str().unwrap().to_owned();
    let changed = payload.replacen("\"value\":0", "\"value\":50", 1);
    assert_ne!(changed, payload);
    file["payload"] = Json::String(changed);
    let tampered = db.dir.path().join("Puglia-changed.tavolo-indicators");
    std::fs::write(&tampered, serde_json::to_vec(&file).unwrap()).unwrap();
    let book = db.dir.path().join("out.xlsx");
    let err = crate::util::cli(&[
        "federation",
        "merge",
        good.to_str().unwrap(),
        tampered.to_str().unwrap(),
        book.to_str().unwrap(),
    ])
    .fails_with_one_line();
    assert!(
        err.contains("Puglia-changed.tavolo-indicators") && err.contains("signature"),
        "{err}"
    );
    assert!(!book.exists(), "nothing written");

    let mut newer: Json = serde_json::from_slice(&std::fs::read(&good).unwrap()).unwrap();
    newer["version"] = Json::from(2);
    let newer_path = db.dir.path().join("Puglia-v2.tavolo-indicators");
    std::fs::write(&newer_path, serde_json::to_vec(&newer).unwrap()).unwrap();
    let err = crate::util::cli(&[
        "federation",
        "merge",
        newer_path.to_str().unwrap(),
        book.to_str().unwrap(),
    ])
    .fails_with_one_line();
    assert!(
        err.contains("Puglia-v2.tavolo-indicators") && err.contains("newer Tavolo"),
        "{err}"
    );
    let err = crate::util::cli(&["federation", "merge", good.to_str().unwrap(), "out.csv"])
        .fails_with_one_line();
    assert!(err.contains(".xlsx"), "{err}");
    assert!(!book.exists());
}

#[test]
fn the_lead_region_keeps_one_package_per_region_the_latest() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let dir = db.dir.path();
    let first = dir.join("puglia-1.tavolo-indicators");
    db.cli(&[
        "federation",
        "export",
        first.to_str().unwrap(),
        "--region",
        "Puglia",
    ])
    .ok();
    // A second package a second later (made_at is to the second).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = dir.join("puglia-2.tavolo-indicators");
    db.cli(&[
        "federation",
        "export",
        second.to_str().unwrap(),
        "--region",
        "Puglia",
    ])
    .ok();
    let sicily = dir.join("sicilia.tavolo-indicators");
    db.cli(&[
        "federation",
        "export",
        sicily.to_str().unwrap(),
        "--region",
        "Sicilia",
    ])
    .ok();

    let lead = TestDb::new();
    lead.cli(&["init"]).ok();
    let mut store = lead.open();
    use tavolo::federation::kept::{self, Outcome};
    let mut import = |p: &std::path::Path| store.write(|tx| kept::import(tx, p)).map(|(_, o)| o);
    assert_eq!(import(&first).unwrap(), Outcome::Added);
    assert_eq!(import(&first).unwrap(), Outcome::Duplicate);
    assert_eq!(import(&second).unwrap(), Outcome::Replaced);
    assert_eq!(import(&first).unwrap(), Outcome::Older);
    assert_eq!(import(&sicily).unwrap(), Outcome::Added);
    let mut tampered: Json = serde_json::from_slice(&std::fs::read(&sicily).unwrap()).unwrap();
    let payload = tampered["payload"]
        .as_str()
        .unwrap()
        .replace("Sicilia", "Calabria");
    tampered["payload"] = Json::String(payload);
    let bad = dir.join("calabria.tavolo-indicators");
    std::fs::write(&bad, serde_json::to_vec(&tampered).unwrap()).unwrap();
    let err = import(&bad).unwrap_err();
    assert!(
        err.to_string().contains("calabria.tavolo-indicators"),
        "{err}"
    );
    let side = store.read(kept::side_by_side).unwrap();
    assert_eq!(
        side.regions,
        vec!["Puglia".to_owned(), "Sicilia".to_owned()]
    );
    // The kept packages give the same lines as the files merged.
    let files = tavolo::federation::merge::merge(&[second.clone(), sicily.clone()]).unwrap();
    assert_eq!(side.lines, files.lines);
}
