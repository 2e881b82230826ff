//! `tavolo update keygen|make|check|install`: updates without internet. An office
//! makes a signed `.tavolo-update` file and puts it on a shared folder or a USB
//! stick; each laptop checks it and installs it, after a backup of its database.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;
use tavolo::update::{self, Kind, Target};

#[derive(Subcommand)]
pub enum UpdateCommand {
    /// Make a new signing key in KEYFILE (never overwritten; keep it off the
    /// laptops) and print its public half, to build into the program.
    Keygen {
        #[arg(value_name = "KEYFILE")]
        key: PathBuf,
    },
    /// Sign PAYLOAD (the new AppImage or .deb) into the update file OUT.
    Make {
        #[arg(value_name = "PAYLOAD")]
        payload: PathBuf,
        #[arg(value_name = "OUT")]
        out: PathBuf,
        /// The new version, like 0.2.0.
        #[arg(long, value_name = "X.Y.Z")]
        version: String,
        /// What PAYLOAD is: appimage or deb.
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// The signing key made by `tavolo update keygen`.
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
        /// The system it is for (default: this one, like linux-x86_64).
        #[arg(long, value_name = "PLATFORM")]
        platform: Option<String>,
        /// What is new, shown before installing.
        #[arg(long, default_value = "", value_name = "TEXT")]
        notes: String,
    },
    /// The update files in FOLDER: which one would be installed, and why the
    /// others are refused.
    Check {
        #[arg(value_name = "FOLDER")]
        folder: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Install the update FILE: a backup of the database, then the new program in
    /// place of the AppImage this runs from (or --target), or through dpkg.
    Install {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The program file to replace (default: $APPIMAGE, or dpkg for a .deb).
        #[arg(long, value_name = "PATH")]
        target: Option<PathBuf>,
    },
}

#[derive(Serialize)]
struct FoundJson {
    file: String,
    version: Option<String>,
    kind: Option<Kind>,
    notes: Option<String>,
    refused: Option<String>,
}

/// Runs an update command; `db` is the database to back up before installing
/// (opened only by `install`, and only when it exists).
pub fn run(command: UpdateCommand, db: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        UpdateCommand::Keygen { key } => {
            let public = update::keygen(&key)?;
            writeln!(
                out,
                "signing key: {} (keep it off the laptops)",
                key.display()
            )?;
            writeln!(out, "public key: {public}")?;
        }
        UpdateCommand::Make {
            payload,
            out: file,
            version,
            kind,
            key,
            platform,
            notes,
        } => {
            let kind = Kind::parse(&kind)
                .ok_or_else(|| anyhow::anyhow!("--kind {kind}: expected appimage or deb"))?;
            let key = update::read_signing_key(&key)?;
            let platform = platform.unwrap_or_else(update::platform);
            let made = update::make(&payload, &file, &version, kind, &platform, &notes, &key)?;
            writeln!(
                out,
                "{}: Tavolo {} for {}, {} KB, signed",
                file.display(),
                made.version,
                made.platform,
                made.size.div_ceil(1024)
            )?;
        }
        UpdateCommand::Check { folder, json } => check(&folder, json, out)?,
        UpdateCommand::Install { file, target } => {
            let offer = update::check(&file)?;
            let target = match target {
                Some(path) => Target::File(path),
                None => update::target_here(offer.manifest.kind)?,
            };
            let store = open_if_there(db)?;
            let done = update::install(store.as_ref(), &offer, &target)?;
            writeln!(out, "installed Tavolo {}", done.version)?;
            if let Some(backup) = &done.backup {
                writeln!(out, "database backed up first: {}", backup.display())?;
            }
            if let Some(previous) = &done.previous {
                writeln!(out, "the old program is kept in {}", previous.display())?;
            }
            writeln!(
                out,
                "start Tavolo again: the new version brings the database to its schema"
            )?;
        }
    }
    Ok(())
}

fn check(folder: &Path, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let found = update::scan(folder)?;
    if json {
        let rows: Vec<FoundJson> = found
            .iter()
            .map(|f| {
                let ok = f.outcome.as_ref().ok();
                FoundJson {
                    file: f.path.display().to_string(),
                    version: ok.map(|o| o.manifest.version.clone()),
                    kind: ok.map(|o| o.manifest.kind),
                    notes: ok.map(|o| o.manifest.notes.clone()),
                    refused: f.outcome.as_ref().err().map(|r| r.message.clone()),
                }
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    if found.is_empty() {
        writeln!(
            out,
            "no update in {} (files ending in .{})",
            folder.display(),
            update::EXTENSION
        )?;
    }
    for f in &found {
        match &f.outcome {
            Ok(offer) => writeln!(
                out,
                "{}\tTavolo {} ({:?})\t{}",
                f.path.display(),
                offer.manifest.version,
                offer.manifest.kind,
                offer.manifest.notes
            )?,
            Err(why) => writeln!(out, "{}\trefused: {}", f.path.display(), why.message)?,
        }
    }
    Ok(())
}

/// The database, when there is one, opened to be backed up.
fn open_if_there(db: &Path) -> anyhow::Result<Option<tavolo::Store>> {
    if !db.is_file() {
        return Ok(None);
    }
    let key = if tavolo::store::cipher::is_encrypted(db) {
        Some(super::passphrase::to_open(db)?)
    } else {
        None
    };
    Ok(Some(tavolo::Store::open_keyed(
        db,
        tavolo::OpenMode::MustExist,
        key,
    )?))
}
