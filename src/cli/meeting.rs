//! `tavolo meeting list|minutes|plan-thematic|agenda`.

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
    /// A meeting's agenda (programma): add an item, list them.
    #[command(subcommand)]
    Agenda(AgendaCommand),
}

#[derive(Subcommand)]
pub enum AgendaCommand {
    /// Add an item; prints its id once it is on disk.
    Add {
        #[arg(long, value_name = "ID")]
        meeting: String,
        /// The item's start time.
        #[arg(long, value_name = "HH:MM")]
        at: String,
        #[arg(long, value_name = "T")]
        title: String,
        /// A speaker from the register (repeat for several, in order).
        #[arg(long = "speaker", value_name = "ID")]
        speakers: Vec<String>,
        /// A guest who is not in the register, as "Name" or "Name, role" (repeat
        /// for several; listed after the register's speakers).
        #[arg(long = "guest", value_name = "NAME[, ROLE]")]
        guests: Vec<String>,
        /// registration, greetings, talk, tables, plenary, break, conclusions
        #[arg(long, value_name = "K")]
        kind: Option<String>,
    },
    /// The agenda by start time: time, kind, title, speakers.
    List {
        #[arg(long, value_name = "ID")]
        meeting: String,
        #[arg(long)]
        json: bool,
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
            let header = tavolo::reports::minutes::Header { project, funder };
            store.read(|c| tavolo::reports::minutes::export(c, &meeting, &file, &header))?;
            store.write(|tx| {
                tavolo::privacy::exports::record(
                    tx,
                    tavolo::privacy::exports::Kind::Minutes,
                    &file,
                    &format!("incontro {meeting}"),
                    false,
                )
            })?;
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
                writeln!(
                    out,
                    "{}  {}  {}",
                    m.id,
                    tavolo::dates::italian(&m.date),
                    m.title
                )?;
            }
        }
        MeetingCommand::Agenda(command) => agenda(command, store, out)?,
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
                        tavolo::dates::italian(&m.date),
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

fn agenda(command: AgendaCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    use meetings::agenda::{self, NewAgendaItem, NewSpeaker};
    match command {
        AgendaCommand::Add {
            meeting,
            at,
            title,
            speakers,
            guests,
            kind,
        } => {
            let kind = kind
                .map(|k| tavolo::vocabulary::AgendaKind::parse("kind", &k))
                .transpose()?;
            let mut list: Vec<NewSpeaker> = speakers.into_iter().map(NewSpeaker::Person).collect();
            for guest in guests {
                let (name, role) = match guest.split_once(',') {
                    Some((name, role)) => (name.trim().to_owned(), Some(role.trim().to_owned())),
                    None => (guest.trim().to_owned(), None),
                };
                list.push(NewSpeaker::Guest { name, role });
            }
            let new = NewAgendaItem {
                meeting_id: meeting,
                at,
                title,
                kind,
                speakers: list,
            };
            let item = store.write(|tx| agenda::add(tx, &new))?;
            writeln!(out, "{}", item.id)?;
        }
        AgendaCommand::List { meeting, json } => {
            let items = store.read(|c| {
                meetings::get(c, &meeting)?;
                agenda::of_meeting(c, &meeting)
            })?;
            if json {
                let rows: Vec<serde_json::Value> = items
                    .iter()
                    .map(|i| {
                        serde_json::json!({
                            "id": i.id, "at": i.at, "title": i.title,
                            "kind": i.kind.map(|k| k.code()),
                            "speakers": i.speakers.iter().map(|s| serde_json::json!({
                                "person_id": s.person_id, "name": s.name, "role": s.role,
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(rows))?;
            } else {
                for i in &items {
                    let who: Vec<String> = i.speakers.iter().map(agenda::speaker_line).collect();
                    writeln!(
                        out,
                        "{}  {:<22}  {}{}",
                        i.at,
                        i.kind.map_or("", |k| k.label()),
                        i.title,
                        if who.is_empty() {
                            String::new()
                        } else {
                            format!(" – {}", who.join("; "))
                        }
                    )?;
                }
            }
        }
    }
    Ok(())
}
