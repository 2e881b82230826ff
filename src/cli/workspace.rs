//! `tavolo init`, `demo`, `check`, `stats`: the database itself.

use std::io::Write;
use std::process::ExitCode;

use tavolo::{demo, store::integrity, Store};

/// The workspace commands (they sit at the top level of `tavolo`).
pub enum WorkspaceCommand {
    Init,
    Demo { scale: u32 },
    Check,
    Stats { json: bool },
}

pub fn run(
    command: WorkspaceCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        WorkspaceCommand::Init => {
            writeln!(out, "database ready: {}", store.path().display())?;
        }
        WorkspaceCommand::Demo { scale } => {
            let s = demo::load(store, scale)?;
            writeln!(
                out,
                "demo workspace loaded: {} territories, {} organisations, {} people, {} meetings, {} check-ins, {} notes, {} relationships",
                s.territories, s.organisations, s.people, s.meetings, s.attendance, s.notes, s.relationships
            )?;
        }
        WorkspaceCommand::Check => {
            let report = store.read(integrity::check)?;
            if report.is_ok() {
                writeln!(out, "ok")?;
            } else {
                for p in &report.problems {
                    eprintln!("tavolo: {p}");
                }
                return Ok(ExitCode::FAILURE);
            }
        }
        WorkspaceCommand::Stats { json } => {
            let stats = store.read(integrity::stats)?;
            if json {
                let map: serde_json::Map<String, serde_json::Value> = stats
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::from(v)))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Object(map))?;
            } else {
                for (table, n) in stats {
                    writeln!(out, "{table:<20} {n:>10}")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
