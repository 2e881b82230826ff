//! `tavolo report synthesis` (the synthesis report as .docx or .odt) and
//! `tavolo territory list`.

use std::io::Write;
use std::path::PathBuf;

use tavolo::reports::synthesis::{self, Scope};
use tavolo::vocabulary::Theme;
use tavolo::Store;

#[derive(clap::Subcommand)]
pub enum ReportCommand {
    /// The synthesis report (report di sintesi) of a meeting, or of a territory's
    /// held meetings, as a Word (.docx) or OpenDocument (.odt) file.
    #[command(group(clap::ArgGroup::new("scope").required(true).args(["meeting", "territory"])))]
    Synthesis {
        /// One meeting's id.
        #[arg(long, value_name = "ID")]
        meeting: Option<String>,
        /// A territory's id: its held meetings and those of everything in it.
        #[arg(long, value_name = "ID")]
        territory: Option<String>,
        /// With --territory: health, education, work, housing, other.
        #[arg(long, value_name = "T", requires = "territory")]
        theme: Option<String>,
        /// With --territory: first day included (YYYY-MM-DD).
        #[arg(long, value_name = "D", requires = "territory")]
        from: Option<String>,
        /// With --territory: last day included (YYYY-MM-DD).
        #[arg(long, value_name = "D", requires = "territory")]
        to: Option<String>,
        /// The file to write, ending in .docx or .odt (replaced atomically).
        out: PathBuf,
    },
}

#[derive(clap::Subcommand)]
pub enum TerritoryCommand {
    /// Every territory: id, name, kind, parent.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: ReportCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    let ReportCommand::Synthesis {
        meeting,
        territory,
        theme,
        from,
        to,
        out: path,
    } = command;
    let scope = match (meeting, territory) {
        (Some(id), _) => Scope::Meeting(id),
        (None, Some(territory_id)) => Scope::Territory {
            territory_id,
            theme: theme.map(|t| Theme::parse("theme", &t)).transpose()?,
            from: from
                .map(|d| tavolo::validate::date("from", &d))
                .transpose()?,
            to: to.map(|d| tavolo::validate::date("to", &d)).transpose()?,
        },
        (None, None) => anyhow::bail!("--meeting or --territory is required"),
    };
    // Checked before any work, so a wrong name is said at once.
    tavolo::formats::document::FileKind::of("out", &path)?;
    let today = tavolo::dates::today();
    let report = store.read(|c| {
        let (project, funder) = tavolo::store::local::print_header(c)?;
        synthesis::report(c, &scope, &project, &funder, &today)
    })?;
    tavolo::formats::document::write(&report.document, &path)?;
    writeln!(
        out,
        "written {}: {} meeting(s), {} table(s)",
        path.display(),
        report.meetings,
        report.tables
    )?;
    Ok(())
}

pub fn territories(
    command: TerritoryCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let TerritoryCommand::List { json } = command;
    let list = store.read(tavolo::register::territories::list)?;
    if json {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|t| {
                serde_json::json!({
                    "id": t.id,
                    "name": t.name,
                    "kind": t.kind.code(),
                    "parent": t.parent_id,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
    } else {
        for t in &list {
            writeln!(out, "{}\t{}\t{}", t.id, t.kind.code(), t.name)?;
        }
    }
    Ok(())
}
