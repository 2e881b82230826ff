//! `tavolo practice list|promote|review`, `tavolo evaluate` and `tavolo
//! federation export|merge`: the catalogue of good practices with its peer
//! review, the evaluation of an intervention, and the regions side by side.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;
use tavolo::evaluation::estimate::{self, Estimate};
use tavolo::federation::{self, merge};
use tavolo::practices::{self, review};
use tavolo::vocabulary::Criterion;
use tavolo::Store;

#[derive(Subcommand)]
pub enum PracticeCommand {
    /// The catalogue: id, status, place, panel's mean, title.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Make a good-practice note a practice of the catalogue; prints its id.
    Promote {
        #[arg(long, value_name = "ID")]
        note: String,
    },
    /// A reviewer's score (1 to 5) on one criterion: effectiveness,
    /// transferability, sustainability, innovation, participation.
    Review {
        #[arg(long, value_name = "ID")]
        practice: String,
        /// A person of the register (joins the panel if not on it).
        #[arg(long, value_name = "PERSON")]
        reviewer: String,
        #[arg(long, value_name = "C")]
        criterion: String,
        #[arg(long, value_name = "N")]
        score: i64,
        #[arg(long, value_name = "TEXT", default_value = "")]
        comment: String,
    },
}

#[derive(Subcommand)]
pub enum FederationCommand {
    /// Write this region's indicators package (aggregates only, small counts
    /// hidden, signed with this laptop's key).
    Export {
        #[arg(value_name = "OUT.tavolo-indicators")]
        out: PathBuf,
        /// The region the package is for (a region of the workspace narrows
        /// the package to it).
        #[arg(long, value_name = "NAME")]
        region: Option<String>,
    },
    /// Put the regions' packages side by side in a workbook.
    Merge {
        /// The packages, then the workbook to write.
        #[arg(value_name = "IN... OUT.xlsx", num_args = 2.., required = true)]
        files: Vec<PathBuf>,
    },
}

fn review_json(r: &review::Review) -> serde_json::Value {
    json!({
        "panel": r.panel.iter().map(|m| json!({
            "person": m.person_id, "name": m.name, "organisation": m.organisation,
        })).collect::<Vec<_>>(),
        "scores": r.scores.iter().map(|s| json!({
            "reviewer": s.reviewer_id, "criterion": s.criterion,
            "score": s.score, "comment": s.comment,
        })).collect::<Vec<_>>(),
        "criteria": r.criteria.iter().map(|c| json!({
            "criterion": c.criterion.code(), "count": c.count, "mean": c.mean,
            "min": c.min, "max": c.max, "agreement": c.agreement.map(|a| a.code()),
        })).collect::<Vec<_>>(),
        "complete": r.complete,
        "overall": r.overall,
        "pairs_within_one": r.pairs_within_one,
    })
}

pub fn practice(
    command: PracticeCommand,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        PracticeCommand::List { json } => {
            let list =
                store.read(|c| practices::list_reviewed(c, &practices::Filter::default()))?;
            if json {
                let rows: Vec<serde_json::Value> = list
                    .iter()
                    .map(|(p, r)| {
                        json!({
                            "id": p.id,
                            "title": p.title,
                            "status": p.status.code(),
                            "territory": p.territory_id,
                            "country": p.country,
                            "foreign_region": p.foreign_region,
                            "place": p.place(),
                            "sectors": p.sectors,
                            "targets": p.targets,
                            "period_from": p.period_from,
                            "period_to": p.period_to,
                            "cost_eur": p.cost_eur,
                            "funding": p.funding,
                            "organisations": p.organisations.iter().map(|o| &o.0).collect::<Vec<_>>(),
                            "notes": p.sources.iter().map(|s| &s.note_id).collect::<Vec<_>>(),
                            "review": review_json(r),
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            } else {
                for (p, r) in &list {
                    let mean = r
                        .overall
                        .map_or("-".to_owned(), |m| format!("{m:.1}").replace('.', ","));
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        p.id,
                        p.status.code(),
                        p.place(),
                        mean,
                        p.title
                    )?;
                }
            }
        }
        PracticeCommand::Promote { note } => {
            let p = store.write(|tx| practices::promote(tx, &note))?;
            writeln!(out, "{}", p.id)?;
        }
        PracticeCommand::Review {
            practice,
            reviewer,
            criterion,
            score,
            comment,
        } => {
            let criterion = Criterion::parse("criterion", &criterion)?;
            let r = store
                .write(|tx| review::score(tx, &practice, &reviewer, criterion, score, &comment))?;
            let status = store.read(|c| practices::get(c, &practice))?.status;
            writeln!(
                out,
                "{}: {} of {} scores given; status {}",
                practice,
                r.scores.len(),
                r.panel.len() * Criterion::ALL.len(),
                status.code()
            )?;
        }
    }
    Ok(())
}

fn estimate_json(e: &Estimate) -> serde_json::Value {
    json!({
        "indicator": e.indicator,
        "start_period": e.start_period,
        "before_after": e.before_after,
        "comparison_change": e.comparison_change,
        "did": e.did,
        "ci_low": e.interval.0,
        "ci_high": e.interval.1,
        "seed": e.seed,
        "replicates": e.replicates,
        "units": e.units.iter().map(|u| json!({
            "territory": u.territory_id, "name": u.name, "treated": u.treated,
            "before": u.before, "after": u.after, "change": u.change,
        })).collect::<Vec<_>>(),
        "left_out": e.left_out.iter().map(|(n, why)| json!({"name": n, "why": why})).collect::<Vec<_>>(),
        "trend": e.trend.iter().map(|t| json!({
            "period": t.period, "before_start": t.before_start,
            "treated": t.treated, "comparison": t.comparison,
        })).collect::<Vec<_>>(),
        "pre_trend_gap": e.pre_trend_gap,
        "wording": e.wording,
    })
}

/// `tavolo evaluate --intervention ID [--json]`: every indicator's estimate.
pub fn evaluate(
    intervention: &str,
    seed: u64,
    replicates: usize,
    json: bool,
    store: &Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (i, estimates) = store.read(|c| {
        Ok((
            tavolo::evaluation::get(c, intervention)?,
            estimate::estimate_all(c, intervention, seed, replicates)?,
        ))
    })?;
    if json {
        let doc = json!({
            "id": i.id,
            "title": i.title,
            "start_period": i.start_period,
            "estimates": estimates.iter().map(estimate_json).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    writeln!(out, "{} (avvio {})", i.title, i.start_period)?;
    for e in &estimates {
        writeln!(out, "\n{}", e.indicator)?;
        for line in &e.wording {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// `tavolo federation export`.
pub fn federation_export(
    out_path: &std::path::Path,
    region: Option<&str>,
    store: &mut Store,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let done = federation::export(store, region, out_path)?;
    writeln!(
        out,
        "{}: package of {}, {} figures ({} hidden as < 5), signed by {}",
        out_path.display(),
        done.region,
        done.rows,
        done.suppressed,
        federation::fingerprint(&done.signer)
    )?;
    Ok(())
}

/// `tavolo federation merge IN... OUT.xlsx` (no database needed).
pub fn federation_merge(files: &[PathBuf], out: &mut impl Write) -> anyhow::Result<()> {
    let Some((target, inputs)) = files.split_last() else {
        anyhow::bail!("federation merge: give the packages, then the workbook to write");
    };
    if target.extension().and_then(|e| e.to_str()) != Some("xlsx") {
        anyhow::bail!(
            "{}: the last file is the workbook to write, and must end in .xlsx",
            target.display()
        );
    }
    let merged = merge::merge(inputs)?;
    merge::write(&merged, target)?;
    for t in &merged.files {
        match &t.ignored {
            None => writeln!(
                out,
                "{}: {} ({})",
                t.file.display(),
                t.region,
                t.fingerprint
            )?,
            Some(why) => writeln!(out, "{}: ignored: {why}", t.file.display())?,
        }
    }
    writeln!(
        out,
        "{}: {} regions side by side",
        target.display(),
        merged.regions.len()
    )?;
    Ok(())
}
