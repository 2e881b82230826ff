//! The `tavolo` binary, run for real.

use crate::util::{cli, cli_with_env, TestDb};

#[test]
fn demo_check_stats_json() {
    let db = TestDb::new();
    let out = db.cli(&["demo"]).ok();
    assert!(out.starts_with("demo workspace loaded:"), "{out}");
    assert_eq!(db.cli(&["check"]).ok().trim(), "ok");
    let json: serde_json::Value = serde_json::from_str(&db.cli(&["stats", "--json"]).ok()).unwrap();
    assert_eq!(json["meetings"], 12);
    assert!(json["organisations"].as_i64().unwrap() >= 50);
    assert!(json["change_log"].as_i64().unwrap() > json["organisations"].as_i64().unwrap());
    let table = db.cli(&["stats"]).ok();
    assert!(
        table.lines().any(|l| l.starts_with("organisations")),
        "{table}"
    );
}

#[test]
fn demo_scale_multiplies_the_workspace() {
    let db = TestDb::new();
    db.cli(&["demo", "--scale", "3"]).ok();
    let json: serde_json::Value = serde_json::from_str(&db.cli(&["stats", "--json"]).ok()).unwrap();
    assert_eq!(json["meetings"], 36);
    assert_eq!(db.cli(&["check"]).ok().trim(), "ok");
}

#[test]
fn a_missing_folder_fails_with_one_clear_line() {
    let line = cli(&["--db", "/nonexistent/dir/x.db", "stats"]).fails_with_one_line();
    assert_eq!(
        line,
        "tavolo: /nonexistent/dir/x.db: no database here (create one with `tavolo init`)"
    );
    let line = cli(&["--db", "/nonexistent/dir/x.db", "init"]).fails_with_one_line();
    assert_eq!(
        line,
        "tavolo: /nonexistent/dir/x.db: the folder /nonexistent/dir does not exist"
    );
}

#[test]
fn user_mistakes_fail_cleanly() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let line = db.cli(&["demo"]).fails_with_one_line();
    assert!(line.contains("already holds data"), "{line}");
    let line = db.cli(&["demo", "--scale", "0"]).fails_with_one_line();
    assert!(line.contains("scale"), "{line}");

    let not_a_db = db.dir.path().join("notes.txt");
    std::fs::write(
        &not_a_db,
        "appunti del tavolo, non un database ".repeat(100),
    )
    .unwrap();
    let line = cli(&["--db", not_a_db.to_str().unwrap(), "stats"]).fails_with_one_line();
    assert!(line.ends_with("is not a Tavolo database"), "{line}");
    let line = cli(&["--db", db.dir.path().to_str().unwrap(), "stats"]).fails_with_one_line();
    assert!(line.ends_with("is a folder, not a database file"), "{line}");
}

#[test]
fn check_reports_a_broken_reference() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE people SET organisation_id = 'gone' WHERE rowid = (SELECT min(rowid) FROM people);",
        )
        .unwrap();
    }
    let run = db.cli(&["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("foreign key: a row of people"),
        "{}",
        run.stderr
    );
}

#[test]
fn tavolo_db_is_the_default_database() {
    let db = TestDb::new();
    cli_with_env(&["init"], "TAVOLO_DB", &db.path).ok();
    assert!(db.path.exists());
    cli_with_env(&["demo"], "TAVOLO_DB", &db.path).ok();
    assert_eq!(db.cli(&["check"]).ok().trim(), "ok");
}

#[test]
fn indicators_count_the_demo() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let json: serde_json::Value =
        serde_json::from_str(&db.cli(&["indicators", "--json"]).ok()).unwrap();
    // Three territories, four thematic meetings each, the housing ones still planned.
    assert_eq!(json["meetings_held"], 9);
    assert_eq!(json["territories"], 3);
    assert!(json["people"].as_i64().unwrap() > 10);
    let line = db
        .cli(&["indicators", "--from", "2024-13-01"])
        .fails_with_one_line();
    assert!(line.contains("from:"), "{line}");
}
