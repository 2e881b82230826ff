//! `tavolo person list` and `tavolo consent set`: the people of the register and
//! their consents, purpose by purpose.

use std::io::Write;

use clap::{ArgGroup, Subcommand};
use serde_json::json;
use tavolo::privacy::{access, consent, erasure, retention};
use tavolo::register::people::{self, ListFilter};
use tavolo::vocabulary::{ConsentHow, ConsentPurpose};
use tavolo::Store;

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Every person of the register: id, family and given name, organisation.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Everything Tavolo holds about a person (GDPR art. 15): OUT.json, or a
    /// document to read (OUT.docx, OUT.odt).
    Export {
        #[arg(long, value_name = "ID")]
        person: String,
        #[arg(value_name = "OUT")]
        out: std::path::PathBuf,
    },
    /// Mark a person a minor (never named in minutes, reports, sign-in sheets or
    /// workbooks), or no longer one.
    Minor {
        #[arg(long, value_name = "ID")]
        person: String,
        /// No longer a minor.
        #[arg(long)]
        unset: bool,
    },
    /// Erase a person on request (GDPR art. 17): their personal fields blanked,
    /// their name taken off their notes, the old values purged from the file; it
    /// reaches the other laptops with the next sync. Cannot be undone.
    Erase {
        #[arg(long, value_name = "ID")]
        person: String,
        /// Required: says that you mean it.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// What the retention rules would blank today: contacts of people not seen for
    /// 24 months, who spoke on notes older than 5 years.
    Review {
        #[arg(long)]
        json: bool,
    },
    /// Apply the rules: blank what the review lists, purge the old values, rewrite
    /// the file.
    Apply {
        /// Required: says that you mean it.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
pub enum ConsentCommand {
    /// Record that a person gave or withdrew consent for one purpose, today.
    #[command(group(ArgGroup::new("answer").required(true).args(["given", "withdrawn"])))]
    Set {
        #[arg(long, value_name = "ID")]
        person: String,
        /// register, names, quotes, photos.
        #[arg(long, value_name = "P")]
        purpose: String,
        #[arg(long)]
        given: bool,
        #[arg(long)]
        withdrawn: bool,
        /// How it was given: signed_sheet, verbal, form.
        #[arg(long, value_name = "H")]
        how: Option<String>,
    },
}

pub fn run(command: PersonCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        PersonCommand::List { json } => {
            let everyone =
                store.read(|c| people::list_filtered(c, &ListFilter::default(), usize::MAX))?;
            if json {
                let rows: Vec<serde_json::Value> = everyone
                    .iter()
                    .map(|p| {
                        json!({
                            "id": p.id,
                            "family_name": p.family_name,
                            "given_name": p.given_name,
                            "organisation_id": p.organisation_id,
                            "organisation": p.organisation_name,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            } else {
                for p in &everyone {
                    writeln!(
                        out,
                        "{}\t{} {}\t{}",
                        p.id,
                        p.family_name,
                        p.given_name,
                        p.organisation_name.as_deref().unwrap_or("")
                    )?;
                }
            }
        }
        PersonCommand::Export { person, out: file } => {
            access::export_to(store, &person, &file)?;
            writeln!(out, "{}", file.display())?;
        }
        PersonCommand::Minor { person, unset } => {
            store.write(|tx| consent::set_minor(tx, &person, !unset))?;
            writeln!(
                out,
                "{person}\t{}",
                if unset { "not a minor" } else { "minor" }
            )?;
        }
        PersonCommand::Erase { person, yes } => {
            if !yes {
                anyhow::bail!(
                    "erasing {person} cannot be undone: run it again with --yes to erase them"
                );
            }
            let done = erasure::erase(store, &person, &tavolo::dates::today())?;
            // The files written before that may hold them: for the office to chase.
            let now = tavolo::store::clock::Clock::now_millis(&tavolo::store::clock::SystemClock);
            let before = store.read(|c| {
                tavolo::privacy::exports::with_names_until(
                    c,
                    i64::try_from(now).unwrap_or(i64::MAX),
                )
            })?;
            writeln!(
                out,
                "erased {person}: {} notes no longer attributed, {} texts without the name, {} consents, memberships and agenda slots removed, {} old values purged{}",
                done.notes_unattributed,
                done.texts_changed,
                done.links_removed,
                done.values_purged,
                if done.compacted { "" } else { "; the file could not be fully rewritten now (another program was reading it): run it again" }
            )?;
            if !before.is_empty() {
                writeln!(
                    out,
                    "files written before, not pseudonymised, that may hold them:"
                )?;
            }
            for e in &before {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    tavolo::dates::local_date_time(u64::try_from(e.at_ms).unwrap_or(0))
                        .format("%d/%m/%Y %H:%M"),
                    e.kind,
                    e.file,
                    e.device_name,
                    e.filter
                )?;
            }
        }
    }
    Ok(())
}

pub fn consent(
    command: ConsentCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ConsentCommand::Set {
            person,
            purpose,
            given,
            withdrawn: _,
            how,
        } => {
            let purpose = ConsentPurpose::parse("purpose", &purpose)?;
            let how = how.map(|h| ConsentHow::parse("how", &h)).transpose()?;
            let today = tavolo::dates::today();
            let c = store.write(|tx| consent::set(tx, &person, purpose, given, how, &today))?;
            writeln!(
                out,
                "{}\t{}\t{}",
                c.person_id,
                c.purpose.code(),
                if c.given { "given" } else { "withdrawn" }
            )?;
        }
    }
    Ok(())
}

fn rule_text(rule: retention::Rule) -> String {
    match rule {
        retention::Rule::ContactsUnseen { months } => {
            format!("contacts of people not seen for {months} months")
        }
        retention::Rule::SpeakersOnOldNotes { years } => {
            format!("who spoke, on notes older than {years} years")
        }
    }
}

pub fn retention(
    command: RetentionCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = tavolo::dates::today();
    let reviews = match command {
        RetentionCommand::Review { json } => {
            let reviews =
                store.read(|c| retention::review(c, &retention::DEFAULT_RULES, &today))?;
            if json {
                let rows: Vec<serde_json::Value> = reviews
                    .iter()
                    .map(|r| json!({"rule": rule_text(r.rule), "before": r.before, "ids": r.ids}))
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
                return Ok(());
            }
            reviews
        }
        RetentionCommand::Apply { yes } => {
            if !yes {
                anyhow::bail!(
                    "applying the retention rules cannot be undone: run it again with --yes"
                );
            }
            retention::apply(store, &retention::DEFAULT_RULES, &today)?
        }
    };
    for r in &reviews {
        writeln!(
            out,
            "{}, before {}: {}",
            rule_text(r.rule),
            r.before,
            r.ids.len()
        )?;
    }
    Ok(())
}
