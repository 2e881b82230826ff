//! `tavolo sync export|import|folder|status|conflicts|resolve`: changes between laptops through
//! files (a USB stick, e-mail) or a folder a file-sync engine keeps in step.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use tavolo::sync::conflicts::{self, Keep};
use tavolo::sync::{self, Arrived};
use tavolo::Store;

#[derive(Subcommand)]
pub enum SyncCommand {
    /// Write this laptop's changes that DIR does not hold yet as one bundle; print
    /// its file (nothing when there is nothing new).
    Export {
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
    /// Apply bundles, in any order (the same bundle twice changes nothing).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Both ways through a shared folder: write this laptop's new bundle, apply
    /// every other device's bundle not applied yet; print what arrived.
    Folder { dir: PathBuf },
    /// The workspace, this device, each peer seen, the bundles held back and why.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Accept the clock of a device whose bundles were held back for being more
    /// than a day ahead (after checking that laptop): the next sync applies them.
    Accept {
        #[arg(long, value_name = "ID")]
        device: String,
    },
    /// Texts changed on two laptops apart: the value kept and the other one.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict: keep this laptop's text or the other laptop's, or write
    /// the merged text (the choice syncs like any change).
    Resolve {
        #[arg(long, value_name = "ID")]
        conflict: String,
        #[arg(
            long,
            value_enum,
            required_unless_present = "text",
            conflicts_with = "text"
        )]
        keep: Option<KeepArg>,
        /// The merged text to keep instead of either.
        #[arg(long)]
        text: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KeepArg {
    Mine,
    Theirs,
}

/// A value of the change log as text, for the command line.
fn shown(v: &rusqlite::types::Value) -> serde_json::Value {
    match v {
        rusqlite::types::Value::Text(t) => serde_json::Value::from(t.as_str()),
        rusqlite::types::Value::Integer(i) => serde_json::Value::from(*i),
        rusqlite::types::Value::Real(r) => serde_json::Value::from(*r),
        _ => serde_json::Value::Null,
    }
}

/// "2 bundles, 57 changes: attendance 30, notes 12" and the bundles held back.
fn report(arrived: &Arrived, out: &mut impl Write) -> std::io::Result<()> {
    let kinds: Vec<String> = arrived
        .records
        .iter()
        .map(|(table, n)| format!("{table} {n}"))
        .collect();
    if arrived.bundles == 0 {
        writeln!(out, "nothing arrived")?;
    } else {
        writeln!(
            out,
            "arrived: {} bundle(s), {} changes{}{}",
            arrived.bundles,
            arrived.changes,
            if kinds.is_empty() { "" } else { ": " },
            kinds.join(", ")
        )?;
    }
    for (file, reason) in &arrived.held {
        writeln!(out, "held back: {}: {reason}", file.display())?;
    }
    Ok(())
}

pub fn run(command: SyncCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        SyncCommand::Export { to } => {
            if let Some(e) = sync::export_to(store, &to)? {
                writeln!(out, "{}", e.file.display())?;
            }
        }
        SyncCommand::Import { files } => {
            let arrived = sync::import(store, &files)?;
            report(&arrived, out)?;
        }
        SyncCommand::Folder { dir } => {
            let (exported, arrived) = sync::folder(store, &dir)?;
            match exported {
                Some(e) => writeln!(out, "written {} ({} changes)", e.file.display(), e.changes)?,
                None => writeln!(out, "nothing new to write")?,
            }
            report(&arrived, out)?;
        }
        SyncCommand::Status { json } => {
            let s = sync::status(store)?;
            if json {
                let value = serde_json::json!({
                    "workspace": s.workspace,
                    "device": s.device,
                    "device_name": s.device_name,
                    "peers": s.peers.iter().map(|p| serde_json::json!({
                        "device": p.device, "name": p.name,
                        "last_seq": p.last_seq, "last_at_ms": p.last_at_ms,
                    })).collect::<Vec<_>>(),
                    "held": s.held.iter().map(|h| serde_json::json!({
                        "file": h.file, "device": h.device, "kind": h.kind, "reason": h.reason,
                    })).collect::<Vec<_>>(),
                });
                writeln!(out, "{value}")?;
            } else {
                writeln!(
                    out,
                    "workspace  {}",
                    s.workspace.as_deref().unwrap_or("(none yet)")
                )?;
                writeln!(out, "device     {} ({})", s.device_name, s.device)?;
                for p in &s.peers {
                    writeln!(
                        out,
                        "peer       {} ({}): up to change {}",
                        p.name, p.device, p.last_seq
                    )?;
                }
                for h in &s.held {
                    writeln!(out, "held back  {}: {}", h.file, h.reason)?;
                }
            }
        }
        SyncCommand::Accept { device } => {
            sync::exchange::accept_clock(store, &device)?;
            writeln!(
                out,
                "accepted the clock of {device}: its bundles apply at the next sync"
            )?;
        }
        SyncCommand::Conflicts { json } => {
            let open = store.read(conflicts::open)?;
            if json {
                let rows: Vec<serde_json::Value> = open
                    .iter()
                    .map(|k| {
                        serde_json::json!({
                            "id": k.id, "table": k.table, "row_id": k.row_id, "field": k.field,
                            "kept": shown(&k.kept.value), "kept_device": k.kept.device,
                            "other": shown(&k.other.value), "other_device": k.other.device,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(rows))?;
            } else {
                for k in &open {
                    writeln!(out, "{}  {}.{} of {}", k.id, k.table, k.field, k.row_id)?;
                    writeln!(out, "  kept:  {}", shown(&k.kept.value))?;
                    writeln!(out, "  other: {}", shown(&k.other.value))?;
                }
            }
        }
        SyncCommand::Resolve {
            conflict,
            keep,
            text,
        } => {
            let keep = match (keep, text) {
                (_, Some(t)) => Keep::Merged(t),
                (Some(KeepArg::Mine), None) => Keep::Mine,
                (Some(KeepArg::Theirs) | None, None) => Keep::Theirs,
            };
            conflicts::resolve(store, &conflict, &keep)?;
            writeln!(out, "resolved {conflict}")?;
        }
    }
    Ok(())
}
