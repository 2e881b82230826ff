//! Builders that keep each test a few lines: a database in a temporary folder, and
//! the real `tavolo` binary run against it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tavolo::store::clock::FixedClock;
use tavolo::{OpenMode, Store};

/// A temporary folder holding one database file, removed at the end of the test.
pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("tavolo.db");
        TestDb { dir, path }
    }

    /// Opens the database with the system clock.
    pub fn open(&self) -> Store {
        Store::open(&self.path, OpenMode::CreateIfMissing).expect("open the test database")
    }

    /// Opens the database with a fixed clock, so clock values are predictable.
    pub fn open_at(&self, millis: u64) -> Store {
        Store::open_with_clock(
            &self.path,
            OpenMode::CreateIfMissing,
            Box::new(FixedClock(millis)),
        )
        .expect("open the test database")
    }

    /// Runs `tavolo --db <this db> args...`.
    pub fn cli(&self, args: &[&str]) -> CliRun {
        let mut all = vec!["--db", self.path.to_str().expect("utf-8 path")];
        all.extend_from_slice(args);
        cli(&all)
    }
}

/// The outcome of one run of the `tavolo` binary.
pub struct CliRun {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for CliRun {
    fn from(o: Output) -> Self {
        CliRun {
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl CliRun {
    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(self.status, 0, "tavolo failed: {}", self.stderr);
        self.stdout
    }

    /// Asserts failure with exactly one line on stderr, and returns that line.
    #[track_caller]
    pub fn fails_with_one_line(self) -> String {
        assert_ne!(
            self.status, 0,
            "tavolo should have failed; stdout: {}",
            self.stdout
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "expected one line on stderr, got: {:?}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        lines[0].to_owned()
    }
}

/// Runs the `tavolo` binary with `args`, with no TAVOLO_DB from the environment.
pub fn cli(args: &[&str]) -> CliRun {
    Command::new(env!("CARGO_BIN_EXE_tavolo"))
        .args(args)
        .env_remove("TAVOLO_DB")
        .output()
        .expect("run tavolo")
        .into()
}

/// Runs the binary with a given environment variable.
pub fn cli_with_env(args: &[&str], key: &str, value: &Path) -> CliRun {
    Command::new(env!("CARGO_BIN_EXE_tavolo"))
        .args(args)
        .env(key, value)
        .output()
        .expect("run tavolo")
        .into()
}

/// Every row of every replicated table, as text, in a stable order: two databases
/// hold the same data exactly when their dumps are equal.
pub fn dump_rows(store: &Store) -> Vec<String> {
    store
        .read(|conn| {
            let mut out = Vec::new();
            for table in tavolo::store::schema::TABLES {
                let mut stmt =
                    conn.prepare(&format!("SELECT * FROM {} ORDER BY id", table.name))?;
                let n = stmt.column_count();
                let rows = stmt.query_map([], |r| {
                    let mut cells = Vec::with_capacity(n);
                    for i in 0..n {
                        let v: rusqlite::types::Value = r.get(i)?;
                        cells.push(format!("{v:?}"));
                    }
                    Ok(format!("{}: {}", table.name, cells.join(" | ")))
                })?;
                for row in rows {
                    out.push(row?);
                }
            }
            Ok(out)
        })
        .expect("dump rows")
}

/// The schema as SQLite stores it, in a stable order.
pub fn dump_schema(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
             WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("query");
    rows.map(|r| r.expect("row")).collect()
}

/// A table's rows of cells' text.
pub type Table = Vec<Vec<String>>;

/// Every paragraph of a .docx as (style name, text), and its tables' cells, as
/// python-docx reads them.
pub fn read_docx(path: &Path) -> (Vec<(String, String)>, Vec<Table>) {
    let out = std::process::Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import docx, json, sys
d = docx.Document(sys.argv[1])
print(json.dumps({'p': [[p.style.name, p.text] for p in d.paragraphs],
                  't': [[[c.text for c in r.cells] for r in t.rows] for t in d.tables]}))",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paragraphs = v["p"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let tables = serde_json::from_value(v["t"].clone()).unwrap();
    (paragraphs, tables)
}

/// LibreOffice, headless, turns the file into a PDF.
pub fn to_pdf(path: &Path) -> Vec<u8> {
    let dir = path.parent().unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(path)
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(path.with_extension("pdf")).unwrap()
}

/// Every sheet of a workbook as openpyxl (Debian's python3-openpyxl) reads it:
/// `{sheet name: [[cell, …], …]}`, the sheets in their order under `"_sheets"`.
pub fn read_xlsx(path: &Path) -> serde_json::Value {
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = {n: [list(r) for r in wb[n].iter_rows(values_only=True)] for n in wb.sheetnames}
out["_sheets"] = wb.sheetnames
print(json.dumps(out))
"#;
    let py = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("/usr/bin/python3 with python3-openpyxl");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    serde_json::from_slice(&py.stdout).unwrap()
}
