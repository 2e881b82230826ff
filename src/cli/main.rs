//! `tavolo`: the command-line tool. Regional staff script it; tests drive the core
//! through it. Every error prints one line on stderr and exits with status 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tavolo::formats::register_import::Subject;
use tavolo::notes::{self, NewNote, SearchFilter};
use tavolo::vocabulary::{MeetingKind, NoteKind, Theme};
use tavolo::{demo, indicators, meetings, store::integrity, store::paths, OpenMode, Store};

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
    Init,
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
    /// Import into the workspace.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Network meetings.
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Notes taken at meetings.
    #[command(subcommand)]
    Note(NoteCommand),
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The Excel workbook for offices: Indicatori, Incontri, Presenze, Enti, Persone,
    /// Relazioni, Note, Tavoli, Domande, Territori.
    Xlsx {
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
        /// Which meetings the figures count and the meeting sheets hold (the
        /// register sheets are always complete).
        #[command(flatten)]
        filter: FilterArgs,
        /// Replace people's names by stable pseudonyms and leave out their contacts.
        #[arg(long)]
        pseudonymise: bool,
        /// The export date written on the Indicatori sheet (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// The stakeholder map as GraphML (Gephi, yEd), all active organisations.
    Graphml {
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
    },
    /// The meetings as an iCalendar file (.ics) for e-mail and phone calendars.
    Ics {
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A complete workbook exported by Tavolo, into an empty workspace (ids are kept).
    Workbook { file: PathBuf },
    /// Organisations from an office's own spreadsheet (.xlsx, .xls, .ods or .csv):
    /// one row per organisation under a header row; prints a report row by row.
    Organisations(RegisterArgs),
    /// People from an office's own spreadsheet, as for organisations.
    People(RegisterArgs),
}

#[derive(clap::Args)]
struct RegisterArgs {
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

/// Which meetings the indicators count (held meetings only).
#[derive(clap::Args)]
struct FilterArgs {
    /// First day included (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Last day included (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// A territory id (region, province, municipality or district) and all within it.
    #[arg(long, value_name = "ID")]
    territory: Option<String>,
    /// health, education, work, housing, other
    #[arg(long)]
    theme: Option<String>,
    /// focus_group, thematic_table, workshop, seminar, training, final_workshop
    #[arg(long)]
    kind: Option<String>,
}

impl FilterArgs {
    fn into_filter(self) -> tavolo::Result<indicators::Filter> {
        Ok(indicators::Filter {
            from: self.from,
            to: self.to,
            territory_id: self.territory,
            theme: self.theme.map(|t| Theme::parse("theme", &t)).transpose()?,
            kind: self
                .kind
                .map(|k| MeetingKind::parse("kind", &k))
                .transpose()?,
        })
    }
}

#[derive(Subcommand)]
enum MeetingCommand {
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

#[derive(Subcommand)]
enum NoteCommand {
    /// Add a note; prints its id once it is safely on disk.
    Add {
        #[arg(long, value_name = "ID")]
        meeting: String,
        #[arg(long, value_name = "ID")]
        table: Option<String>,
        #[arg(long, value_name = "ID")]
        speaker: Option<String>,
        /// need, recommendation, good_practice, critical_issue, proposal, commitment, quote
        #[arg(long)]
        kind: Option<String>,
        /// Read one note per line from standard input instead (each id is printed
        /// as soon as that note is on disk).
        #[arg(long, conflicts_with = "text")]
        stdin: bool,
        /// The note's text; #words become tags.
        #[arg(required_unless_present = "stdin")]
        text: Option<String>,
    },
    /// Full-text search (accents ignored, words match as prefixes).
    Search {
        query: String,
        #[arg(long, value_name = "ID")]
        meeting: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

/// "Incontri 12, Presenze 55, …": rows per sheet, for export and import reports.
fn sheet_counts(rows: &[(&str, usize)]) -> String {
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
    let creates = matches!(
        cli.command,
        Command::Init | Command::Demo { .. } | Command::Import(ImportCommand::Workbook { .. })
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
    let mut store = Store::open(&path, mode)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    use std::io::Write;
    match cli.command {
        Command::Init => {
            writeln!(out, "database ready: {}", path.display())?;
        }
        Command::Demo { scale } => {
            let s = demo::load(&mut store, scale)?;
            writeln!(
                out,
                "demo workspace loaded: {} territories, {} organisations, {} people, {} meetings, {} check-ins, {} notes, {} relationships",
                s.territories, s.organisations, s.people, s.meetings, s.attendance, s.notes, s.relationships
            )?;
        }
        Command::Check => {
            let report = store.read(integrity::check)?;
            if report.is_ok() {
                writeln!(out, "ok")?;
            } else {
                for p in &report.problems {
                    eprintln!("tavolo: {p}");
                }
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Stats { json } => {
            let stats = store.read(integrity::stats)?;
            if json {
                let map: serde_json::Map<String, serde_json::Value> = stats
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::from(v)))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Object(map))?;
            } else {
                for (table, n) in stats {
                    writeln!(out, "{table:<20} {n:>10}")?;
                }
            }
        }
        Command::Indicators { filter, json } => {
            let filter = filter.into_filter()?;
            let i = store.read(|c| indicators::compute(c, &filter))?;
            let figures = [
                ("meetings_held", i.meetings_held),
                ("participations", i.participations),
                ("people", i.people),
                ("public_operators", i.public_operators),
                ("private_operators", i.private_operators),
                ("organisations", i.organisations),
                ("territories", i.territories),
                ("notes", i.notes),
            ];
            if json {
                let mut map: serde_json::Map<String, serde_json::Value> = figures
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
                    .collect();
                let group = |g: &[(String, i64)]| {
                    serde_json::Value::Object(
                        g.iter()
                            .map(|(k, v)| (k.clone(), serde_json::Value::from(*v)))
                            .collect(),
                    )
                };
                map.insert("meetings_by_theme".into(), group(&i.meetings_by_theme));
                map.insert("meetings_by_month".into(), group(&i.meetings_by_month));
                map.insert(
                    "organisations_by_kind".into(),
                    group(&i.organisations_by_kind),
                );
                map.insert("notes_by_kind".into(), group(&i.notes_by_kind));
                writeln!(out, "{}", serde_json::Value::Object(map))?;
            } else {
                for (k, v) in figures {
                    writeln!(out, "{k:<20} {v:>8}")?;
                }
            }
        }
        Command::Export(ExportCommand::Xlsx {
            out: file,
            filter,
            pseudonymise,
            date,
        }) => {
            let export_date = match date {
                Some(d) => tavolo::validate::date("date", &d)?,
                None => tavolo::store::clock::iso_date(tavolo::store::clock::Clock::now_millis(
                    &tavolo::store::clock::SystemClock,
                )),
            };
            let pseudonym_key = if pseudonymise {
                Some(store.write(|tx| tavolo::formats::workbook::write::pseudonym_key(tx.conn()))?)
            } else {
                None
            };
            let options = tavolo::formats::workbook::write::Options {
                filter: filter.into_filter()?,
                export_date,
                pseudonym_key,
                progress: None,
            };
            let summary =
                store.read(|c| tavolo::formats::workbook::write::export(c, &file, &options))?;
            writeln!(
                out,
                "written {}: {}",
                file.display(),
                sheet_counts(&summary.rows)
            )?;
        }
        Command::Export(ExportCommand::Graphml { out: file }) => {
            let graph = store.read(|c| tavolo::network::graph(c, &Default::default()))?;
            tavolo::formats::files::write_atomically(
                &file,
                tavolo::formats::graphml::document(&graph).as_bytes(),
            )?;
            writeln!(
                out,
                "written {}: {} organisations, {} links",
                file.display(),
                graph.nodes.len(),
                graph.edges.len()
            )?;
        }
        Command::Export(ExportCommand::Ics { out: file }) => {
            let stamp = tavolo::store::clock::ics_stamp(tavolo::store::clock::Clock::now_millis(
                &tavolo::store::clock::SystemClock,
            ));
            let n = store.read(|c| tavolo::formats::ics::export(c, &file, &stamp))?;
            writeln!(out, "written {}: {n} meetings", file.display())?;
        }
        Command::Import(ImportCommand::Organisations(args)) => {
            import_register(&mut store, Subject::Organisations, &args, &mut out)?;
        }
        Command::Import(ImportCommand::People(args)) => {
            import_register(&mut store, Subject::People, &args, &mut out)?;
        }
        Command::Import(ImportCommand::Workbook { file }) => {
            let summary = match tavolo::formats::workbook::read::import(&mut store, &file) {
                Ok(summary) => summary,
                Err(e) => {
                    // A refused import leaves no new, empty database behind.
                    drop(store);
                    if !existed {
                        for suffix in ["", "-wal", "-shm"] {
                            let mut name = path.clone().into_os_string();
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
        Command::Meeting(MeetingCommand::Minutes {
            meeting,
            out: file,
            project,
            funder,
        }) => {
            let header = tavolo::formats::odt::Header { project, funder };
            store.read(|c| tavolo::formats::odt::export(c, &meeting, &file, &header))?;
            writeln!(out, "written {}", file.display())?;
        }
        Command::Meeting(MeetingCommand::PlanThematic {
            territory,
            from,
            start,
            end,
            place,
            no_tables,
        }) => {
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
        Command::Meeting(MeetingCommand::List { json }) => {
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
        Command::Note(NoteCommand::Add {
            meeting,
            table,
            speaker,
            kind,
            stdin,
            text,
        }) => {
            let kind = kind.map(|k| NoteKind::parse("kind", &k)).transpose()?;
            let template = NewNote {
                meeting_id: meeting,
                table_id: table,
                question_id: None,
                speaker_id: speaker,
                kind,
                text: String::new(),
            };
            let mut add = |text: String| -> anyhow::Result<()> {
                let new = NewNote {
                    text,
                    ..template.clone()
                };
                let note = store.write(|tx| notes::add(tx, &new))?;
                // The transaction has committed with synchronous=FULL: the note is on
                // disk before its id is printed.
                writeln!(out, "{}", note.id)?;
                out.flush()?;
                Ok(())
            };
            if stdin {
                for (n, line) in std::io::stdin().lines().enumerate() {
                    let line = line?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    add(line).map_err(|e| anyhow::anyhow!("line {}: {e:#}", n + 1))?;
                }
            } else if let Some(text) = text {
                add(text)?;
            }
        }
        Command::Note(NoteCommand::Search {
            query,
            meeting,
            kind,
            limit,
            json,
        }) => {
            let filter = SearchFilter {
                meeting_id: meeting,
                kind: kind.map(|k| NoteKind::parse("kind", &k)).transpose()?,
                ..SearchFilter::default()
            };
            let hits = store.read(|c| notes::search(c, &query, &filter, limit, ("[", "]")))?;
            if json {
                let rows: Vec<serde_json::Value> = hits
                    .iter()
                    .map(|h| {
                        serde_json::json!({
                            "id": h.note.id, "meeting_id": h.note.meeting_id,
                            "kind": h.note.kind.map(|k| k.code()), "text": h.note.text,
                            "highlighted": h.highlighted, "tags": h.note.tags,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(rows))?;
            } else {
                for h in &hits {
                    writeln!(out, "{}  {}", h.note.id, h.highlighted.replace('\n', " "))?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "2024-03-05" → "05/03/2024".
fn italian_date(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// `tavolo import organisations|people`: reads the sheet, maps the columns, imports
/// in one transaction (or rehearses with `--dry-run`) and prints the report.
fn import_register(
    store: &mut Store,
    subject: Subject,
    args: &RegisterArgs,
    out: &mut impl std::io::Write,
) -> anyhow::Result<()> {
    use tavolo::formats::register_import;
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
