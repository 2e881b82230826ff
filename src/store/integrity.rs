//! Health of a database: the integrity check behind `tavolo check`, and the counts
//! behind `tavolo stats`.

use rusqlite::Connection;

use crate::error::Result;
use crate::store::schema::{self, TABLES};

/// Everything `check` found wrong; empty means healthy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// SQLite's integrity and foreign-key checks, the schema version, and that every
/// replicated row is backed by the change log (otherwise sync would lose it).
pub fn check(conn: &Connection) -> Result<CheckReport> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(format!("integrity: {line}"));
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (table, rowid, parent) = row?;
        let at = rowid.map_or_else(String::new, |r| format!(" (row {r})"));
        problems.push(format!(
            "foreign key: a row of {table}{at} refers to a missing row of {parent}"
        ));
    }
    if let Err(e) = conn.execute(
        "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)",
        [],
    ) {
        problems.push(format!("search index: {e}"));
    }
    let version = schema::version(conn)?;
    if version != schema::VERSION {
        problems.push(format!(
            "schema: version {version}, expected {}",
            schema::VERSION
        ));
    }
    for table in TABLES {
        let orphans: i64 = conn.query_row(
            &format!(
                "SELECT count(*) FROM {t} WHERE NOT EXISTS
                   (SELECT 1 FROM change_writes c WHERE c.tbl = '{t}' AND c.row_id = {t}.id)",
                t = table.name
            ),
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!(
                "change log: {orphans} row(s) of {} are missing from the change log",
                table.name
            ));
        }
    }
    Ok(CheckReport { problems })
}

/// Number of live (not deleted) rows per replicated table, then the change log.
pub fn stats(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for table in TABLES {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {} WHERE deleted = 0", table.name),
            [],
            |r| r.get(0),
        )?;
        out.push((table.name.to_owned(), n));
    }
    let n: i64 = conn.query_row("SELECT count(*) FROM change_entries", [], |r| r.get(0))?;
    out.push(("change_log".to_owned(), n));
    Ok(out)
}

/// Whether the workspace holds no records yet (the first-launch screen shows then).
pub fn is_empty(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM territories) + (SELECT count(*) FROM organisations)
              + (SELECT count(*) FROM people) + (SELECT count(*) FROM meetings)",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 0)
}

/// What the first screen needs to know about the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// No records yet: the first-launch screen is shown (unless `started_empty`).
    pub empty: bool,
    pub organisations: i64,
    pub people: i64,
    pub meetings: i64,
    /// Someone chose "start empty" on this laptop: an empty workspace then opens
    /// on the register, not on the first-launch screen again.
    pub started_empty: bool,
}

/// The workspace at a glance, for the first screen: the three counts it shows,
/// not [`stats`] (which counts every table and the whole change log, and the
/// window waited for it at every start).
pub fn overview(conn: &Connection) -> Result<Overview> {
    let count = |t: &str| -> Result<i64> {
        Ok(conn.query_row(
            &format!("SELECT count(*) FROM {t} WHERE deleted = 0"),
            [],
            |r| r.get(0),
        )?)
    };
    Ok(Overview {
        empty: is_empty(conn)?,
        organisations: count("organisations")?,
        people: count("people")?,
        meetings: count("meetings")?,
        started_empty: crate::store::local::started_empty(conn)?,
    })
}
