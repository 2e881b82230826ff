//! `tavolo`: the command-line tool. Regional staff script it; tests drive the core
//! through it. Every error prints one line on stderr and exits with status 1.

mod backup;
mod code;
mod export;
mod group;
mod guidelines;
mod import;
mod indicators;
mod intervention;
mod meeting;
mod note;
mod passphrase;
mod person;
mod practice;
mod refi;
mod report;
mod sync;
mod update;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tavolo::store::{cipher, paths};
use tavolo::{OpenMode, Store};

use backup::BackupCommand;
use code::CodeCommand;
use export::ExportCommand;
use group::GroupCommand;
use guidelines::GuidelinesCommand;
use import::ImportCommand;
use indicators::FilterArgs;
use intervention::InterventionCommand;
use meeting::MeetingCommand;
use note::NoteCommand;
use person::{ConsentCommand, PersonCommand, RetentionCommand};
use practice::{FederationCommand, PracticeCommand};
use report::{ReportCommand, TerritoryCommand};
use sync::SyncCommand;
use update::UpdateCommand;
use workspace::WorkspaceCommand;

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
    Init {
        /// Encrypt the new database with a passphrase (TAVOLO_PASSPHRASE, or
        /// typed twice), kept in the keyring where one answers.
        #[arg(long)]
        encrypt: bool,
    },
    /// Encrypt an existing plain database in place (a backup first; the plain
    /// backups beside it are encrypted too).
    Encrypt,
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
    /// The figures for offices and funders (held meetings only).
    Indicators {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// Export the workspace.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Backups of the database: create, list, restore.
    #[command(subcommand)]
    Backup(BackupCommand),
    /// Import into the workspace.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Network meetings.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Notes taken at meetings.
    #[command(subcommand)]
    Note(NoteCommand),
    /// The codebook, coded passages, the codes x cases matrix, coders' agreement.
    #[command(subcommand)]
    Code(CodeCommand),
    /// The people of the register.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Consents by purpose (register, names, quotes, photos).
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Retention rules: review what they would blank, then apply them.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Changes between laptops: bundles through files or a shared folder.
    #[command(subcommand)]
    Sync(SyncCommand),
    /// Documents for offices and funders: the synthesis report.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The territories of the register.
    #[command(subcommand)]
    Territory(TerritoryCommand),
    /// Territorial work groups: members and co-design actions.
    #[command(subcommand)]
    Group(GroupCommand),
    /// The PIA guidelines of a territory: draft, trace, export.
    #[command(subcommand)]
    Guidelines(GuidelinesCommand),
    /// The catalogue of good practices and its peer review.
    #[command(subcommand)]
    Practice(PracticeCommand),
    /// Interventions to evaluate: their territories and outcome values.
    #[command(subcommand)]
    Intervention(InterventionCommand),
    /// The effect of an intervention: before/after and difference-in-differences
    /// against the comparison territories, with a 95 % bootstrap interval.
    Evaluate {
        #[arg(long, value_name = "ID")]
        intervention: String,
        /// The bootstrap's seed (the same seed gives the same interval).
        #[arg(long, default_value_t = tavolo::evaluation::estimate::DEFAULT_SEED)]
        seed: u64,
        /// How many bootstrap resamples.
        #[arg(long, default_value_t = tavolo::evaluation::estimate::DEFAULT_REPLICATES)]
        replicates: usize,
        #[arg(long)]
        json: bool,
    },
    /// The regions side by side: indicators packages, exported and merged.
    #[command(subcommand)]
    Federation(FederationCommand),
    /// Updates without internet: signed update files from a folder or a USB stick.
    #[command(subcommand)]
    Update(UpdateCommand),
}

/// "Incontri 12, Presenze 55, …": rows per sheet, for export and import reports.
pub(crate) fn sheet_counts(rows: &[(&str, usize)]) -> String {
    rows.iter()
        .map(|(sheet, n)| format!("{sheet} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
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
    if matches!(cli.command, Command::Encrypt) {
        let pass = passphrase::new_one(&path)?;
        let now = tavolo::store::clock::Clock::now_millis(&tavolo::store::clock::SystemClock);
        let done = tavolo::store::encrypt::encrypt_in_place(&path, &pass, now)?;
        println!("encrypted: {}", path.display());
        println!(
            "backup first: {}; plain backups encrypted: {}",
            done.backup.display(),
            done.backups_sealed
        );
        println!("{}", passphrase::keep(&path, &pass));
        return Ok(ExitCode::SUCCESS);
    }
    if matches!(cli.command, Command::Update(_)) {
        // Checking and making updates needs no database; installing backs it up
        // when there is one.
        if let Command::Update(c) = cli.command {
            update::run(c, &path, &mut std::io::stdout().lock())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Federation(FederationCommand::Merge { files }) = &cli.command {
        // The lead region's workbook needs only the packages, no database.
        let out = std::io::stdout();
        practice::federation_merge(files, &mut out.lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    let creates = matches!(
        cli.command,
        Command::Init { .. }
            | Command::Demo { .. }
            | Command::Import(ImportCommand::Workbook { .. })
            // A new laptop joins a workspace by importing its bundles.
            | Command::Sync(SyncCommand::Import { .. } | SyncCommand::Folder { .. })
    );
    if creates && is_default {
        paths::ensure_parent(&path)?;
    }
    let mode = if creates {
        OpenMode::CreateIfMissing
    } else {
        OpenMode::MustExist
    };
    let existed = path.exists();
    let encrypt = matches!(cli.command, Command::Init { encrypt: true });
    let key = if cipher::is_encrypted(&path) {
        Some(passphrase::to_open(&path)?)
    } else if encrypt {
        if existed && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            anyhow::bail!(
                "{}: exists and is not encrypted: `tavolo encrypt` encrypts it in place",
                path.display()
            );
        }
        Some(passphrase::new_one(&path)?)
    } else {
        None
    };
    let mut store = Store::open_keyed(&path, mode, key)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    match cli.command {
        Command::Init { encrypt } => {
            let code = workspace::run(WorkspaceCommand::Init, &mut store, &mut out)?;
            if let (true, Some(pass)) = (encrypt, store.passphrase()) {
                use std::io::Write;
                writeln!(out, "encrypted; {}", passphrase::keep(&path, pass))?;
            }
            Ok(code)
        }
        Command::Encrypt => handled_before_open("encrypt"),
        Command::Demo { scale } => {
            workspace::run(WorkspaceCommand::Demo { scale }, &mut store, &mut out)
        }
        Command::Check => workspace::run(WorkspaceCommand::Check, &mut store, &mut out),
        Command::Stats { json } => {
            workspace::run(WorkspaceCommand::Stats { json }, &mut store, &mut out)
        }
        Command::Indicators { filter, json } => {
            indicators::run(filter, json, &store, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Export(c) => export::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Backup(c) => backup::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Import(c) => {
            import::run(c, store, &path, existed, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Meeting(c) => meeting::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Note(c) => note::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Code(c) => code::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Person(c) => person::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Consent(c) => person::consent(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Retention(c) => {
            person::retention(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Sync(c) => sync::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Report(c) => report::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Territory(c) => {
            report::territories(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Group(c) => group::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS),
        Command::Guidelines(c) => {
            guidelines::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Practice(c) => {
            practice::practice(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Intervention(c) => {
            intervention::run(c, &mut store, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Evaluate {
            intervention,
            seed,
            replicates,
            json,
        } => practice::evaluate(&intervention, seed, replicates, json, &store, &mut out)
            .map(|()| ExitCode::SUCCESS),
        Command::Federation(FederationCommand::Export { out: file, region }) => {
            practice::federation_export(&file, region.as_deref(), &mut store, &mut out)
                .map(|()| ExitCode::SUCCESS)
        }
        Command::Federation(FederationCommand::Merge { .. }) => {
            handled_before_open("federation merge")
        }
        Command::Update(_) => handled_before_open("update"),
    }
}

/// `tavolo encrypt` and `tavolo federation merge` are done before any database
/// is opened, above.
fn handled_before_open(command: &str) -> anyhow::Result<ExitCode> {
    anyhow::bail!("internal: {command} is handled before the database is opened")
}
