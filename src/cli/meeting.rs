//! `tavolo meeting list|minutes|plan-thematic`.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use tavolo::{meetings, Store};

#[derive(Subcommand)]
pub enum MeetingCommand {
    /// List the meetings by date: id, date, status, people checked in, title.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write a meeting's minutes (verbale) as an OpenDocument text (.odt).
    Minutes {
        #[arg(long, value_name = "ID")]
        meeting: String,
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
        /// Project name for the header.
        #[arg(long, default_value = "")]
        project: String,
        /// Funder for the header.
        #[arg(long, default_value = "")]
        funder: String,
    },
    /// Plan the four thematic meetings (health, education, work, housing) of a
    /// territory, a week apart, with the built-in tables and questions.
    PlanThematic {
        #[arg(long, value_name = "ID")]
        territory: String,
        /// The first meeting's date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "HH:MM")]
        start: Option<String>,
        #[arg(long, value_name = "HH:MM")]
        end: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// Plan the meetings without the built-in tables.
        #[arg(long)]
        no_tables: bool,
    },
}

pub fn run(command: MeetingCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        MeetingCommand::Minutes {
            meeting,
            out: file,
            project,
            funder,
        } => {
            let header = tavolo::formats::odt::Header { project, funder };
            store.read(|c| tavolo::formats::odt::export(c, &meeting, &file, &header))?;
            writeln!(out, "written {}", file.display())?;
        }
        MeetingCommand::PlanThematic {
            territory,
            from,
            start,
            end,
            place,
            no_tables,
        } => {
            let new = meetings::NewThematicSeries {
                territory_id: territory,
                first_date: from,
                start_time: start,
                end_time: end,
                place,
                with_template_tables: !no_tables,
            };
            let planned = store.write(|tx| meetings::plan_thematic_series(tx, &new))?;
            for m in &planned {
                writeln!(out, "{}  {}  {}", m.id, italian_date(&m.date), m.title)?;
            }
        }
        MeetingCommand::List { json } => {
            let list = store.read(meetings::list)?;
            if json {
                let rows: Vec<serde_json::Value> = list
                    .iter()
                    .map(|m| {
                        serde_json::json!({
                            "id": m.id, "title": m.title, "date": m.date,
                            "kind": m.kind.code(), "theme": m.theme.code(),
                            "status": m.status.code(), "territory": m.territory_name,
                            "attendees": m.attendees,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(rows))?;
            } else {
                for m in &list {
                    writeln!(
                        out,
                        "{}  {}  {:<9}  {:>3}  {}",
                        m.id,
                        italian_date(&m.date),
                        m.status.code(),
                        m.attendees,
                        m.title
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// "2024-03-05" → "05/03/2024".
fn italian_date(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}
