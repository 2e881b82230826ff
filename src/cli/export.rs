//! `tavolo export xlsx|graphml|ics|qdpx|qdc|analysis`: the files offices and researchers
//! take away.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use tavolo::privacy::exports;
use tavolo::Store;

use crate::indicators::FilterArgs;
use crate::sheet_counts;

#[derive(Subcommand)]
pub enum ExportCommand {
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
    /// A REFI-QDA project (.qdpx) for QualCoder, NVivo, ATLAS.ti, MAXQDA: each
    /// meeting a text, the codebook, the coded passages, a case per note.
    Qdpx {
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
    },
    /// The analysis workbook (.xlsx): the codebook with its counts, the codes x
    /// cases matrix for every kind of case, the co-occurrence of codes, every
    /// coded passage with its note around it.
    Analysis {
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
    },
    /// The codebook as a REFI-QDA codebook file (.qdc).
    Qdc {
        /// The file to write (replaced atomically if it exists).
        out: PathBuf,
    },
    /// The catalogue of good practices: a booklet (.docx, .odt) or a workbook
    /// (.xlsx), with the practices compared when --compare is given.
    Practices {
        /// catalogo.docx, catalogo.odt or catalogo.xlsx.
        out: PathBuf,
        #[arg(long, value_name = "CODE")]
        sector: Option<String>,
        #[arg(long, value_name = "CODE")]
        target: Option<String>,
        /// ISO country code (IT, ES …).
        #[arg(long, value_name = "CC")]
        country: Option<String>,
        /// A practice to compare (two to four, repeated).
        #[arg(long = "compare", value_name = "ID")]
        compare: Vec<String>,
    },
}

pub fn run(command: ExportCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        ExportCommand::Xlsx {
            out: file,
            filter,
            pseudonymise,
            date,
        } => {
            let export_date = match date {
                Some(d) => tavolo::validate::date("date", &d)?,
                None => tavolo::dates::local_date(tavolo::store::clock::Clock::now_millis(
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
            store.write(|tx| {
                exports::record(
                    tx,
                    exports::Kind::Workbook,
                    &file,
                    &exports::filter_text(&options.filter),
                    pseudonymise,
                )
            })?;
            writeln!(
                out,
                "written {}: {}",
                file.display(),
                sheet_counts(&summary.rows)
            )?;
        }
        ExportCommand::Graphml { out: file } => {
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
        ExportCommand::Qdpx { out: file } => crate::refi::export_qdpx(store, &file, out)?,
        ExportCommand::Qdc { out: file } => crate::refi::export_qdc(store, &file, out)?,
        ExportCommand::Practices {
            out: file,
            sector,
            target,
            country,
            compare,
        } => {
            use tavolo::reports::practices as catalogue;
            let filter = tavolo::practices::Filter {
                sector: sector
                    .map(|c| tavolo::vocabulary::Sector::parse("sector", &c))
                    .transpose()?,
                target: target
                    .map(|c| tavolo::vocabulary::TargetGroup::parse("target", &c))
                    .transpose()?,
                country,
                status: None,
            };
            let xlsx = file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            if !xlsx {
                tavolo::formats::document::FileKind::of("out", &file)?;
            }
            let today = tavolo::dates::today();
            let (cat, header) = store.read(|c| {
                Ok((
                    catalogue::catalogue(c, &filter, &compare)?,
                    tavolo::store::local::print_header(c)?,
                ))
            })?;
            if xlsx {
                catalogue::workbook(&cat, &file)?;
            } else {
                let doc = catalogue::booklet(&cat, &header.0, &header.1, &today);
                tavolo::formats::document::write(&doc, &file)?;
            }
            writeln!(
                out,
                "written {}: {} practices{}",
                file.display(),
                cat.practices.len(),
                if cat.comparison.is_some() {
                    ", compared"
                } else {
                    ""
                }
            )?;
        }
        ExportCommand::Analysis { out: file } => {
            store.write(tavolo::coding::codebook::from_tags)?;
            let w = store.read(|c| tavolo::formats::analysis::export(c, &file))?;
            store.write(|tx| exports::record(tx, exports::Kind::Analysis, &file, "", false))?;
            writeln!(
                out,
                "written {}: {} sheets, {} codes, {} coded passages",
                file.display(),
                w.sheets,
                w.codes,
                w.passages
            )?;
        }
        ExportCommand::Ics { out: file } => {
            let stamp = tavolo::dates::ics_stamp(tavolo::store::clock::Clock::now_millis(
                &tavolo::store::clock::SystemClock,
            ));
            let n = store.read(|c| tavolo::formats::ics::export(c, &file, &stamp))?;
            writeln!(out, "written {}: {n} meetings", file.display())?;
        }
    }
    Ok(())
}
