//! `tavolo backup create|list|restore`: copies of the database by SQLite's online
//! backup API, in the folder beside it (`<name>-backups/`) or another.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use tavolo::store::backup::{self, Reason};
use tavolo::Store;

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Back up the database now; prints the backup's file.
    Create {
        /// The folder to put it in (default: the one beside the database).
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// The backups beside the database, newest first: when, why, size, file.
    List,
    /// Put a backup in place of the database (the database as it is is backed up
    /// first); the next sync brings back what other laptops hold since.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(command: BackupCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        BackupCommand::Create { to } => {
            let made = store.backup(to.as_deref(), Reason::Manual)?;
            writeln!(out, "{}", made.path.display())?;
        }
        BackupCommand::List => {
            for b in backup::list(&store.backup_folder())? {
                writeln!(
                    out,
                    "{}\t{}\t{} KB\t{}",
                    b.taken.format("%d/%m/%Y %H:%M:%S"),
                    b.reason.code(),
                    b.bytes.div_ceil(1024),
                    b.path.display()
                )?;
            }
        }
        BackupCommand::Restore { file } => {
            let before = tavolo::privacy::erasure::restore(store, &file)?;
            writeln!(
                out,
                "restored {}; the database as it was is in {}",
                file.display(),
                before.path.display()
            )?;
        }
    }
    Ok(())
}
