//! `tavolo`: the command-line tool. Regional staff script it; tests drive the core
//! through it. Every error prints one line on stderr and exits with status 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tavolo::{demo, integrity, paths, OpenMode, Store};

#[derive(Parser)]
#[command(
    name = "tavolo",
    version,
    about = "Tavolo: the network-governance workspace, from the command line"
)]
struct Cli {
    /// Database file (default: $TAVOLO_DB, else the desktop app's own database).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database (or bring an existing one to the current schema).
    Init,
    /// Load the demonstration workspace into an empty database.
    Demo {
        /// Multiply organisations, people and meetings N times (for benchmarks).
        #[arg(long, default_value_t = 1, value_name = "N")]
        scale: u32,
    },
    /// Check the database's integrity and foreign keys; exit 1 if anything is wrong.
    Check,
    /// Count the records in each table.
    Stats {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tavolo: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let (path, is_default) = match cli.db {
        Some(p) => (p, false),
        None => (paths::default_db_path()?, true),
    };
    let creates = matches!(cli.command, Command::Init | Command::Demo { .. });
    if creates && is_default {
        paths::ensure_parent(&path)?;
    }
    let mode = if creates {
        OpenMode::CreateIfMissing
    } else {
        OpenMode::MustExist
    };
    let mut store = Store::open(&path, mode)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    use std::io::Write;
    match cli.command {
        Command::Init => {
            writeln!(out, "database ready: {}", path.display())?;
        }
        Command::Demo { scale } => {
            let s = demo::load(&mut store, scale)?;
            writeln!(
                out,
                "demo workspace loaded: {} territories, {} organisations, {} people, {} meetings, {} check-ins",
                s.territories, s.organisations, s.people, s.meetings, s.attendance
            )?;
        }
        Command::Check => {
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
        Command::Stats { json } => {
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
