//! `tavolo guidelines draft|trace|export`: the PIA guidelines of a territory.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use tavolo::guidelines::{propose, trace};
use tavolo::Store;

#[derive(Subcommand)]
pub enum GuidelinesCommand {
    /// Propose clauses from the territory's recommendations not yet used nor set
    /// aside (starting the territory's guidelines if needed).
    Draft {
        #[arg(long, value_name = "ID")]
        territory: String,
    },
    /// The clauses with their note ids, and the recommendations and proposals no
    /// clause uses, with the reason of those set aside.
    Trace {
        #[arg(long, value_name = "ID")]
        territory: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the guidelines as a Word (.docx) or OpenDocument (.odt) file, with
    /// each clause's sources and the set-aside recommendations as an annex.
    Export {
        #[arg(long, value_name = "ID")]
        territory: String,
        /// The file to write, ending in .docx or .odt (replaced atomically).
        out: PathBuf,
    },
}

pub fn run(
    command: GuidelinesCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        GuidelinesCommand::Draft { territory } => {
            let (proposal, open) = store.write(|tx| {
                let p = propose::propose(tx, &territory)?;
                let open = trace::unhandled(tx.conn(), &territory)?.len();
                Ok((p, open))
            })?;
            writeln!(
                out,
                "{}: {} clause(s) proposed from {} recommendation(s); {} recommendation(s) or proposal(s) neither used nor set aside",
                proposal.guidelines_id, proposal.clauses_added, proposal.notes_used, open
            )?;
        }
        GuidelinesCommand::Trace { territory, json } => {
            let t = store.read(|c| trace::trace(c, &territory))?;
            if json {
                let value = json!({
                    "territory": t.territory_id,
                    "guidelines": t.guidelines_id,
                    "status": t.status.map(|s| s.code()),
                    "clauses": t.clauses.iter().map(|c| json!({
                        "id": c.id,
                        "number": c.number,
                        "section": c.section,
                        "text": c.text,
                        "status": c.status.code(),
                        "notes": c.note_ids,
                        "removed": c.removed,
                    })).collect::<Vec<_>>(),
                    "unused": t.unused.iter().map(|u| json!({
                        "note": u.note_id,
                        "kind": u.kind,
                        "text": u.text,
                        "reason": u.reason,
                    })).collect::<Vec<_>>(),
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
            } else {
                for c in &t.clauses {
                    writeln!(
                        out,
                        "{}\t{}\t{}",
                        c.number,
                        c.note_ids.join(" "),
                        c.text.lines().next().unwrap_or_default()
                    )?;
                }
                for u in &t.unused {
                    match &u.reason {
                        Some(r) => writeln!(out, "accantonata\t{}\t{r}", u.note_id)?,
                        None => writeln!(out, "da esaminare\t{}\t{}", u.note_id, u.kind)?,
                    }
                }
            }
        }
        GuidelinesCommand::Export {
            territory,
            out: path,
        } => {
            tavolo::formats::document::FileKind::of("out", &path)?;
            let today = tavolo::dates::today();
            let export = store.read(|c| {
                let (project, funder) = tavolo::store::local::print_header(c)?;
                tavolo::reports::guidelines::document(c, &territory, &project, &funder, &today)
            })?;
            tavolo::formats::document::write(&export.document, &path)?;
            writeln!(
                out,
                "written {}: {} clause(s), {} source(s), {} set aside, {} unhandled",
                path.display(),
                export.clauses,
                export.sources,
                export.set_aside,
                export.unhandled
            )?;
        }
    }
    Ok(())
}
