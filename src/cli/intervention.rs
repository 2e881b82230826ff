//! `tavolo intervention list|create|import`: the interventions an office
//! evaluates, their territories, and their outcome values from a spreadsheet
//! (`tavolo evaluate` then estimates the effect).

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use tavolo::evaluation::{self, import, NewIntervention};
use tavolo::Store;

#[derive(Subcommand)]
pub enum InterventionCommand {
    /// Every intervention: id, start, territories with it and in comparison, title.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A new intervention; prints its id.
    Create {
        #[arg(long, value_name = "T")]
        title: String,
        /// The first period with it running: YYYY, YYYY-Qn or YYYY-MM.
        #[arg(long, value_name = "PERIOD")]
        start: String,
        /// A territory where it runs (repeat for several).
        #[arg(long = "treated", value_name = "ID", required = true)]
        treated: Vec<String>,
        /// A comparison territory, without it (repeat for several).
        #[arg(long = "comparison", value_name = "ID")]
        comparison: Vec<String>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        description: String,
    },
    /// Outcome values from an office's spreadsheet (.xlsx, .xls, .ods, .csv):
    /// one row per value (Territorio, Periodo, Indicatore, Valore) or a column
    /// per period. With any problem nothing is imported.
    Import {
        #[arg(long, value_name = "ID")]
        intervention: String,
        file: PathBuf,
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// The indicator, when the sheet has no Indicatore column.
        #[arg(long, value_name = "NAME")]
        indicator: Option<String>,
        /// Read and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(
    command: InterventionCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        InterventionCommand::List { json } => {
            let list = store.read(evaluation::list)?;
            if json {
                let rows: Vec<serde_json::Value> = list
                    .iter()
                    .map(|i| {
                        json!({
                            "id": i.id,
                            "title": i.title,
                            "start_period": i.start_period,
                            "treated": i.units.iter().filter(|u| u.treated).map(|u| &u.territory_id).collect::<Vec<_>>(),
                            "comparison": i.units.iter().filter(|u| !u.treated).map(|u| &u.territory_id).collect::<Vec<_>>(),
                            "indicators": i.indicators,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            } else {
                for i in &list {
                    let treated = i.units.iter().filter(|u| u.treated).count();
                    writeln!(
                        out,
                        "{}\t{}\t{} con, {} di confronto\t{}",
                        i.id,
                        i.start_period,
                        treated,
                        i.units.len() - treated,
                        i.title
                    )?;
                }
            }
        }
        InterventionCommand::Create {
            title,
            start,
            treated,
            comparison,
            description,
        } => {
            let new = NewIntervention {
                title,
                description,
                start_period: start,
                treated,
                comparison,
            };
            let i = store.write(|tx| evaluation::create(tx, &new))?;
            writeln!(out, "{}", i.id)?;
        }
        InterventionCommand::Import {
            intervention,
            file,
            sheet,
            indicator,
            dry_run,
        } => {
            let found = store.write(|tx| {
                import::import(
                    tx,
                    &intervention,
                    &file,
                    sheet.as_deref(),
                    indicator.as_deref(),
                    !dry_run,
                )
            })?;
            writeln!(
                out,
                "{}: {} values of {}{}",
                file.display(),
                found.values.len(),
                found.indicators.join(", "),
                if dry_run {
                    " (dry run: nothing written)"
                } else {
                    ""
                }
            )?;
        }
    }
    Ok(())
}
