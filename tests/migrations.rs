//! Migrations: every older schema, upgraded, must equal a fresh database, and the
//! released schemas are frozen in `tests/fixtures/schema_vN.sql`.

use rusqlite::Connection;
use tavolo::store::schema::{self, VERSION};

use crate::util::dump_schema;

fn fresh() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    schema::migrate(&mut conn).unwrap();
    conn
}

#[test]
fn upgrading_from_every_version_equals_a_fresh_database() {
    let expected = dump_schema(&fresh());
    for start in 0..VERSION {
        let mut conn = Connection::open_in_memory().unwrap();
        schema::migrate_to(&mut conn, start).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), start);
        schema::migrate(&mut conn).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), VERSION);
        assert_eq!(dump_schema(&conn), expected, "upgrade from version {start}");
    }
}

#[test]
fn frozen_schemas_upgrade_to_the_current_one() {
    let expected = dump_schema(&fresh());
    for version in 1..=VERSION {
        let path = format!(
            "{}/tests/fixtures/schema_v{version}.sql",
            env!("CARGO_MANIFEST_DIR")
        );
        let sql = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{path} is missing: freeze each released schema"));
        let mut conn = Connection::open_in_memory().unwrap();
        // Schema 6's triggers and key backfill call fold(), as Tavolo's connections do.
        schema::register_functions(&conn).unwrap();
        conn.execute_batch(&sql).unwrap();
        conn.pragma_update(None, "user_version", version).unwrap();
        schema::migrate(&mut conn).unwrap();
        assert_eq!(
            dump_schema(&conn),
            expected,
            "from frozen version {version}"
        );
    }
}

#[test]
fn migrating_twice_changes_nothing_and_newer_databases_are_refused() {
    let mut conn = fresh();
    let before = dump_schema(&conn);
    schema::migrate(&mut conn).unwrap();
    assert_eq!(dump_schema(&conn), before);
    conn.pragma_update(None, "user_version", VERSION + 1)
        .unwrap();
    let err = schema::migrate(&mut conn).unwrap_err();
    assert!(err.to_string().contains("newer version of Tavolo"), "{err}");
}

/// Every entry of a log, through the view every read uses, in key order.
fn log_rows(conn: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn
        .prepare(
            "SELECT device, seq, hlc, tbl, row_id, field, value FROM change_log
             ORDER BY device, seq, field",
        )
        .unwrap();
    stmt.query_map([], |r| (0..7).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_change_log_of_schema_14_reads_the_same_after_schema_15_and_writes_go_on_after_it() {
    // The demo's log, as a laptop of schema 15 keeps it.
    let dir = tempfile::tempdir().unwrap();
    let mut demo = tavolo::Store::open(
        &dir.path().join("demo.db"),
        tavolo::OpenMode::CreateIfMissing,
    )
    .unwrap();
    tavolo::demo::load(&mut demo, 1).unwrap();
    let mut entries = demo.read(|c| Ok(log_rows(c))).unwrap();
    let device = demo.device().to_owned();
    drop(demo);
    // Another laptop's entry with the same milliseconds and counter as one of the
    // demo's: the tie is broken by the device's id, as the stamp's text breaks it.
    let tied = entries[0][2].clone();
    let rusqlite::types::Value::Text(text) = &tied else {
        panic!("{tied:?}")
    };
    let other = "ffffffffffffffffffffffffffffffff";
    let stamp = format!("{}{other}", &text[..27]);
    entries.push(vec![
        other.to_owned().into(),
        1i64.into(),
        stamp.clone().into(),
        "organisations".to_owned().into(),
        "org-of-the-other-laptop".to_owned().into(),
        "name".to_owned().into(),
        "Comune di Matera".to_owned().into(),
    ]);
    entries.sort_by(|a, b| {
        format!("{:?}{:?}{:?}", a[0], a[1], a[5]).cmp(&format!("{:?}{:?}{:?}", b[0], b[1], b[5]))
    });

    // The same entries in a file of schema 14, then opened by this version.
    let old = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&old).unwrap();
        schema::migrate_to(&mut conn, 14).unwrap();
        let tx = conn.transaction().unwrap();
        for e in &entries {
            tx.execute(
                "INSERT INTO change_log (device, seq, hlc, tbl, row_id, field, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params_from_iter(e.iter()),
            )
            .unwrap();
        }
        // The file is the demo laptop's own: the same device goes on writing.
        tx.execute(
            "INSERT INTO local_meta (key, value) VALUES ('device_id', ?1)",
            [&device],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let mut store = tavolo::Store::open(&old, tavolo::OpenMode::MustExist).unwrap();
    // The old log's pages are not kept as free pages of the file.
    let free: i64 = store
        .read(|c| Ok(c.query_row("PRAGMA freelist_count", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(free, 0);
    let upgraded = store.read(|c| Ok(log_rows(c))).unwrap();
    assert_eq!(upgraded.len(), entries.len());
    let sort_key = |e: &Vec<rusqlite::types::Value>| format!("{:?}{:?}{:?}", e[0], e[1], e[5]);
    let mut upgraded_sorted = upgraded.clone();
    upgraded_sorted.sort_by_key(sort_key);
    assert_eq!(
        upgraded_sorted, entries,
        "every entry, its device and stamp as before"
    );
    // The newest of the tied field is the other laptop's: its id sorts last.
    let newest: String = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT hlc FROM change_log WHERE tbl = 'organisations' AND row_id = 'org-of-the-other-laptop'
                 ORDER BY hlc DESC LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(newest, stamp);
    // A write after the upgrade is stamped after every entry and continues this
    // laptop's sequence.
    let newest_before = entries
        .iter()
        .filter_map(|e| match &e[2] {
            rusqlite::types::Value::Text(t) => Some(t.clone()),
            _ => None,
        })
        .max()
        .unwrap();
    let own_last = entries
        .iter()
        .filter(|e| e[0] == rusqlite::types::Value::Text(device.clone()))
        .filter_map(|e| match e[1] {
            rusqlite::types::Value::Integer(n) => Some(n),
            _ => None,
        })
        .max()
        .unwrap();
    let region = store
        .write(|tx| {
            tavolo::register::territories::create(
                tx,
                &tavolo::register::territories::NewTerritory {
                    kind: tavolo::vocabulary::TerritoryKind::Region,
                    name: "Basilicata".into(),
                    parent_id: None,
                },
            )
        })
        .unwrap();
    let (stamp, seq, dev): (String, i64, String) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT hlc, seq, device FROM change_log WHERE row_id = ?1 LIMIT 1",
                [&region.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert!(stamp > newest_before, "{stamp} after {newest_before}");
    assert_eq!((seq, dev), (own_last + 1, device));
}
