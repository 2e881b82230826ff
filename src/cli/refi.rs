//! `tavolo export qdpx|qdc` and `tavolo import qdc|qdpx`: the REFI-QDA files that
//! carry the notes and their coding to QualCoder, NVivo, ATLAS.ti and MAXQDA and
//! back.

use std::io::Write;
use std::path::Path;

use tavolo::coding::codebook;
use tavolo::formats::refi::{import, read, write};
use tavolo::privacy::exports;
use tavolo::store::clock::{Clock, SystemClock};
use tavolo::Store;

pub fn export_qdpx(store: &mut Store, file: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    store.write(codebook::from_tags)?;
    let now = i64::try_from(SystemClock.now_millis()).unwrap_or(i64::MAX);
    let written = store.read(|c| write::qdpx(c, file, now))?;
    store.write(|tx| exports::record(tx, exports::Kind::Qdpx, file, "", false))?;
    writeln!(
        out,
        "written {}: {} meetings, {} notes, {} codes, {} coded passages, {} codings, {} coders",
        file.display(),
        written.sources,
        written.notes,
        written.codes,
        written.passages,
        written.codings,
        written.users
    )?;
    if written.left_for_review > 0 {
        writeln!(
            out,
            "left out: {} passages marked for review (their words changed); see `tavolo code list`",
            written.left_for_review
        )?;
    }
    Ok(())
}

pub fn export_qdc(store: &mut Store, file: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    store.write(codebook::from_tags)?;
    let n = store.read(|c| write::qdc(c, file))?;
    writeln!(out, "written {}: {n} codes", file.display())?;
    Ok(())
}

fn print(report: &import::Report, dry_run: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let verb = if dry_run { "would add" } else { "added" };
    writeln!(
        out,
        "codes: {} matched, {} matched by name, {} {verb}{}",
        report.codes_matched,
        report.codes_by_name.len(),
        report.codes_new.len(),
        if report.codes_filled > 0 {
            format!(
                ", {} given the file's description or colour",
                report.codes_filled
            )
        } else {
            String::new()
        }
    )?;
    for n in &report.codes_by_name {
        writeln!(out, "  matched by name: {n}")?;
    }
    for n in &report.codes_new {
        writeln!(out, "  {verb}: {n}")?;
    }
    Ok(())
}

pub fn import_qdc(store: &mut Store, file: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let codes = read::codebook_file(file)?;
    store.write(codebook::from_tags)?;
    let plan = store.read(|c| import::plan_codebook(c, &codes))?;
    store.write(|tx| import::apply(tx, &plan))?;
    print(&plan.report, false, out)
}

pub fn import_qdpx(
    store: &mut Store,
    file: &Path,
    dry_run: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let project = read::project_file(file)?;
    if !dry_run {
        store.write(codebook::from_tags)?;
    }
    let plan = store.read(|c| import::plan_project(c, &project, "project.qde"))?;
    if !dry_run {
        store.write(|tx| import::apply(tx, &plan))?;
    }
    let r = &plan.report;
    print(r, dry_run, out)?;
    writeln!(
        out,
        "codings: {} matched, {} {}, {} not placed",
        r.codings_matched,
        r.codings_new,
        if dry_run { "would be added" } else { "added" },
        r.not_placed.len()
    )?;
    for n in &r.not_placed {
        writeln!(out, "  not placed: {n}")?;
    }
    if project.other_sources > 0 {
        writeln!(
            out,
            "left aside: {} sources that are not text (pictures, PDF, audio, video)",
            project.other_sources
        )?;
    }
    if dry_run {
        writeln!(out, "dry run: nothing was imported")?;
    }
    Ok(())
}
