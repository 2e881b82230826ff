//! `tavolo import workbook|organisations|people|qdc|qdpx`: a complete Tavolo
//! workbook into an empty database, an office's own register, or what
//! researchers coded in another tool.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use tavolo::formats::register_import::{self, Subject};
use tavolo::Store;

use crate::sheet_counts;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A complete workbook exported by Tavolo, into an empty workspace (ids are kept).
    Workbook { file: PathBuf },
    /// Organisations from an office's own spreadsheet (.xlsx, .xls, .ods or .csv):
    /// one row per organisation under a header row; prints a report row by row.
    Organisations(RegisterArgs),
    /// People from an office's own spreadsheet, as for organisations.
    People(RegisterArgs),
    /// A REFI-QDA codebook (.qdc) from another tool, merged into the codebook.
    Qdc { file: PathBuf },
    /// A REFI-QDA project (.qdpx) exported by Tavolo and coded elsewhere: its
    /// codes and coded selections come back onto the same notes.
    Qdpx {
        file: PathBuf,
        /// Print what would be imported without importing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Args)]
pub struct RegisterArgs {
    file: PathBuf,
    /// The sheet to read (default: the first one with data).
    #[arg(long)]
    sheet: Option<String>,
    /// A JSON file from column header to field, e.g. {"Denominazione": "name",
    /// "Comune": "territory", "Note interne": null}; columns it does not name keep
    /// the field guessed from their header.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Print the report without importing anything.
    #[arg(long)]
    dry_run: bool,
    /// People: leave the organisation empty when the one named is not in the
    /// register, instead of adding it.
    #[arg(long)]
    no_new_organisations: bool,
}

/// Runs an import. `path` is the database file and `existed` whether it was there
/// before this run: a refused workbook import leaves no new, empty database behind.
pub fn run(
    command: ImportCommand,
    mut store: Store,
    path: &Path,
    existed: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        ImportCommand::Organisations(args) => {
            import_register(&mut store, Subject::Organisations, &args, out)?;
        }
        ImportCommand::People(args) => {
            import_register(&mut store, Subject::People, &args, out)?;
        }
        ImportCommand::Qdc { file } => crate::refi::import_qdc(&mut store, &file, out)?,
        ImportCommand::Qdpx { file, dry_run } => {
            crate::refi::import_qdpx(&mut store, &file, dry_run, out)?;
        }
        ImportCommand::Workbook { file } => {
            let summary = match tavolo::formats::workbook::read::import(&mut store, &file) {
                Ok(summary) => summary,
                Err(e) => {
                    // A refused import leaves no new, empty database behind.
                    drop(store);
                    if !existed {
                        for suffix in ["", "-wal", "-shm"] {
                            let mut name = path.to_path_buf().into_os_string();
                            name.push(suffix);
                            let _ = std::fs::remove_file(name);
                        }
                    }
                    return Err(e.into());
                }
            };
            writeln!(
                out,
                "imported {}: {}",
                file.display(),
                sheet_counts(&summary.rows)
            )?;
        }
    }
    Ok(())
}

/// `tavolo import organisations|people`: reads the sheet, maps the columns, imports
/// in one transaction (or rehearses with `--dry-run`) and prints the report.
fn import_register(
    store: &mut Store,
    subject: Subject,
    args: &RegisterArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    let table = register_import::read_table(&args.file, args.sheet.as_deref())?;
    let mapping = match &args.mapping {
        Some(file) => {
            let json = std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("{}: cannot be read ({e})", file.display()))?;
            register_import::mapping_from_json(
                subject,
                &table.headers,
                &json,
                &file.display().to_string(),
            )?
        }
        None => register_import::guess_mapping(subject, &table.headers),
    };
    let sheet = if table.sheet.is_empty() {
        String::new()
    } else {
        format!(", sheet '{}'", table.sheet)
    };
    writeln!(
        out,
        "read {}{sheet}: header on row {}, {} rows ({} empty rows skipped, {} merged cells filled)",
        args.file.display(),
        table.header_row,
        table.rows.len(),
        table.empty_rows,
        table.merged_cells
    )?;
    let columns: Vec<String> = register_import::describe_mapping(&table.headers, &mapping)
        .into_iter()
        .map(|(h, f)| format!("{h} -> {}", f.unwrap_or_else(|| "(not imported)".into())))
        .collect();
    writeln!(out, "columns: {}", columns.join(", "))?;
    let options = register_import::Options {
        add_unknown_organisations: !args.no_new_organisations,
    };
    let report =
        register_import::import_into(store, subject, &table, &mapping, &options, args.dry_run)?;
    for row in &report.rows {
        let outcome = match row.outcome {
            register_import::Outcome::Imported => "imported",
            register_import::Outcome::Merged => "merged",
            register_import::Outcome::Rejected => "rejected",
        };
        let remarks: Vec<String> = row.remarks.iter().map(|r| r.english()).collect();
        let name = if row.name.is_empty() {
            "(no name)"
        } else {
            &row.name
        };
        if remarks.is_empty() {
            writeln!(out, "row {}: {outcome}: {name}", row.row)?;
        } else {
            writeln!(
                out,
                "row {}: {outcome}: {name}: {}",
                row.row,
                remarks.join("; ")
            )?;
        }
    }
    writeln!(
        out,
        "{} rows: {} imported, {} merged, {} rejected{}",
        report.rows.len(),
        report.imported,
        report.merged,
        report.rejected,
        if args.dry_run {
            " (dry run: nothing was written)"
        } else {
            ""
        }
    )?;
    Ok(())
}
