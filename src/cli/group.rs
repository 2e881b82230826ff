//! `tavolo group create|list|member add|action add|action list`: the territorial
//! work groups and their co-design actions.

use std::io::Write;

use clap::Subcommand;
use serde_json::json;
use tavolo::groups::{self, actions};
use tavolo::vocabulary::MemberRole;
use tavolo::Store;

#[derive(Subcommand)]
pub enum GroupCommand {
    /// Create a work group in a territory; prints its id.
    Create {
        #[arg(long, value_name = "ID")]
        territory: String,
        #[arg(long, value_name = "N")]
        name: String,
    },
    /// Every group: id, territory, status, members, actions, name.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A group's members.
    #[command(subcommand)]
    Member(MemberCommand),
    /// A group's co-design actions (coprogettazioni).
    #[command(subcommand)]
    Action(ActionCommand),
}

#[derive(Subcommand)]
pub enum MemberCommand {
    /// Add a person of the register to a group; prints the member's id.
    Add {
        #[arg(long, value_name = "ID")]
        group: String,
        #[arg(long, value_name = "ID")]
        person: String,
        /// coordinator, member (the default), observer.
        #[arg(long, value_name = "R")]
        role: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ActionCommand {
    /// Add an action to a group; prints its id.
    Add {
        #[arg(long, value_name = "ID")]
        group: String,
        #[arg(long, value_name = "T")]
        title: String,
        /// The organisation that leads it.
        #[arg(long, value_name = "ORG")]
        owner: Option<String>,
        /// When it is due.
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        /// A note that motivated it (repeat for several).
        #[arg(long = "note", value_name = "ID")]
        notes: Vec<String>,
    },
    /// A group's actions by due date.
    List {
        #[arg(long, value_name = "ID")]
        group: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: GroupCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        GroupCommand::Create { territory, name } => {
            let new = groups::NewGroup {
                territory_id: territory,
                name,
                themes: Vec::new(),
            };
            let group = store.write(|tx| groups::create(tx, &new))?;
            writeln!(out, "{}", group.id)?;
        }
        GroupCommand::List { json } => {
            let list = store.read(groups::list)?;
            if json {
                let rows: Vec<serde_json::Value> = list
                    .iter()
                    .map(|g| {
                        let actions: serde_json::Map<String, serde_json::Value> = g
                            .actions
                            .iter()
                            .map(|(s, n)| (s.code().to_owned(), json!(n)))
                            .collect();
                        json!({
                            "id": g.id,
                            "name": g.name,
                            "territory": g.territory_id,
                            "territory_name": g.territory_name,
                            "themes": g.themes,
                            "status": g.status.code(),
                            "members": g.members,
                            "meetings": g.meetings,
                            "actions": actions,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            } else {
                for g in &list {
                    let actions: i64 = g.actions.iter().map(|(_, n)| n).sum();
                    writeln!(
                        out,
                        "{}\t{}\t{}\tmembri {}\tazioni {}\t{}",
                        g.id,
                        g.territory_name,
                        g.status.code(),
                        g.members,
                        actions,
                        g.name
                    )?;
                }
            }
        }
        GroupCommand::Member(MemberCommand::Add {
            group,
            person,
            role,
        }) => {
            let role = role.map(|r| MemberRole::parse("role", &r)).transpose()?;
            let member = store.write(|tx| groups::add_member(tx, &group, &person, role))?;
            writeln!(out, "{}", member.id)?;
        }
        GroupCommand::Action(ActionCommand::Add {
            group,
            title,
            owner,
            due,
            notes,
        }) => {
            let new = actions::NewAction {
                group_id: group,
                title,
                owner_org_id: owner,
                due_date: due,
                note_ids: notes,
                ..Default::default()
            };
            let today = tavolo::dates::today();
            let action = store.write(|tx| actions::add(tx, &new, &today))?;
            writeln!(out, "{}", action.id)?;
        }
        GroupCommand::Action(ActionCommand::List { group, json }) => {
            let today = tavolo::dates::today();
            let list = store.read(|c| {
                groups::get(c, &group)?;
                actions::of_group(c, &group, &today)
            })?;
            if json {
                let rows: Vec<serde_json::Value> = list
                    .iter()
                    .map(|a| {
                        json!({
                            "id": a.id,
                            "title": a.title,
                            "description": a.description,
                            "owner": a.owner_org_id,
                            "owner_name": a.owner_name,
                            "partners": a.partners.iter().map(|(id, _)| id).collect::<Vec<_>>(),
                            "status": a.status.code(),
                            "start": a.start_date,
                            "due": a.due_date,
                            "funding": a.funding,
                            "overdue": a.overdue,
                            "notes": a.sources.iter().map(|s| &s.note_id).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            } else {
                for a in &list {
                    writeln!(
                        out,
                        "{}\t{}\t{}{}\t{}",
                        a.id,
                        a.status.code(),
                        a.due_date
                            .as_deref()
                            .map(tavolo::dates::italian)
                            .unwrap_or_default(),
                        if a.overdue { " (in ritardo)" } else { "" },
                        a.title
                    )?;
                }
            }
        }
    }
    Ok(())
}
