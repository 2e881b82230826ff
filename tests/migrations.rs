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
