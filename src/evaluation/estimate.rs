//! The estimate of an intervention's effect on one indicator.
//!
//! Each territory's values are averaged before the start and from the start on;
//! its change is the second mean less the first. Before/after is the mean change
//! of the territories with the intervention; difference-in-differences is that
//! less the mean change of the comparison territories. The 95 % interval is a
//! percentile bootstrap over territories (those with the intervention and the
//! comparison ones resampled apart, with replacement), from a seeded generator so
//! the same data give the same interval; percentiles interpolate linearly between
//! order statistics (numpy's default). The trends before the start are shown
//! period by period, with the gap between their slopes, because the estimate
//! holds only if the two groups would have moved alike without the intervention.

use std::collections::BTreeMap;

use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use super::{get, values, Period};
use crate::error::{Error, Problem, Result};

/// The seed and the number of bootstrap replicates used unless asked otherwise.
pub const DEFAULT_SEED: u64 = 2024;
pub const DEFAULT_REPLICATES: usize = 2_000;

/// One territory's values before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitChange {
    pub territory_id: String,
    pub name: String,
    pub treated: bool,
    pub before: f64,
    pub after: f64,
    pub change: f64,
}

/// The means of the two groups in one period (the parallel-trends chart).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub period: String,
    pub before_start: bool,
    pub treated: Option<f64>,
    pub comparison: Option<f64>,
}

/// The estimate for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub indicator: String,
    pub start_period: String,
    pub units: Vec<UnitChange>,
    /// Territories left out, with why (no value before, or none after, the start).
    pub left_out: Vec<(String, &'static str)>,
    /// Mean change of the territories with the intervention.
    pub before_after: f64,
    /// Mean change of the comparison territories (None without any).
    pub comparison_change: Option<f64>,
    /// Difference-in-differences (None without comparison territories).
    pub did: Option<f64>,
    /// 95 % bootstrap interval of `did` (or of `before_after` without comparison).
    pub interval: (f64, f64),
    pub seed: u64,
    pub replicates: usize,
    pub trend: Vec<TrendPoint>,
    /// Slope per period before the start, treated less comparison (None with
    /// fewer than two periods before the start in either group).
    pub pre_trend_gap: Option<f64>,
    /// What the figure shows and does not show, in Italian.
    pub wording: Vec<String>,
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The `p`-th percentile (0–100) of sorted values, interpolated linearly.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64)
}

/// The bootstrap distribution of the estimate: `replicates` resamples of the
/// treated changes and, apart, of the comparison changes.
pub fn bootstrap(treated: &[f64], comparison: &[f64], seed: u64, replicates: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let draw = |xs: &[f64], rng: &mut ChaCha8Rng| -> f64 {
        (0..xs.len())
            .map(|_| xs[rng.gen_range(0..xs.len())])
            .sum::<f64>()
            / xs.len() as f64
    };
    let mut out: Vec<f64> = (0..replicates)
        .map(|_| {
            let t = draw(treated, &mut rng);
            if comparison.is_empty() {
                t
            } else {
                t - draw(comparison, &mut rng)
            }
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

/// Least-squares slope of `(x, y)` points.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
    let my = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// The estimate of intervention `id` on `indicator`.
pub fn estimate(
    conn: &Connection,
    id: &str,
    indicator: &str,
    seed: u64,
    replicates: usize,
) -> Result<Estimate> {
    let intervention = get(conn, id)?;
    let start = Period::parse("start_period", &intervention.start_period)?;
    let all = values(conn, id)?;
    if !all.iter().any(|v| v.indicator == indicator) {
        return Err(Error::invalid(
            "indicator",
            Problem::Unknown {
                value: indicator.to_owned(),
                accepted: intervention.indicators.join(", "),
            },
        ));
    }
    // Per territory, the values before and from the start; per period, per group.
    let mut by_unit: BTreeMap<&str, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut by_period: BTreeMap<Period, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for v in all.iter().filter(|v| v.indicator == indicator) {
        let Some(unit) = intervention
            .units
            .iter()
            .find(|u| u.territory_id == v.territory_id)
        else {
            continue;
        };
        let period = Period::parse("period", &v.period)?;
        let slot = by_unit.entry(&unit.territory_id).or_default();
        let side = if period < start {
            &mut slot.0
        } else {
            &mut slot.1
        };
        side.push(v.value);
        let group = by_period.entry(period).or_default();
        let side = if unit.treated {
            &mut group.0
        } else {
            &mut group.1
        };
        side.push(v.value);
    }
    let mut units = Vec::new();
    let mut left_out = Vec::new();
    for u in &intervention.units {
        match by_unit.get(u.territory_id.as_str()) {
            Some((b, a)) if !b.is_empty() && !a.is_empty() => units.push(UnitChange {
                territory_id: u.territory_id.clone(),
                name: u.name.clone(),
                treated: u.treated,
                before: mean(b),
                after: mean(a),
                change: mean(a) - mean(b),
            }),
            Some((b, _)) if !b.is_empty() => {
                left_out.push((u.name.clone(), "nessun valore dopo l'avvio"))
            }
            _ => left_out.push((u.name.clone(), "nessun valore prima dell'avvio")),
        }
    }
    let treated: Vec<f64> = units
        .iter()
        .filter(|u| u.treated)
        .map(|u| u.change)
        .collect();
    let comparison: Vec<f64> = units
        .iter()
        .filter(|u| !u.treated)
        .map(|u| u.change)
        .collect();
    if treated.is_empty() {
        return Err(Error::invalid(
            "indicator",
            Problem::BadFormat {
                value: indicator.to_owned(),
                expected: "values before and after the start in at least one territory with the intervention",
            },
        ));
    }
    let before_after = mean(&treated);
    let comparison_change = (!comparison.is_empty()).then(|| mean(&comparison));
    let did = comparison_change.map(|c| before_after - c);
    let replicates = replicates.max(1);
    let dist = bootstrap(&treated, &comparison, seed, replicates);
    let interval = (percentile(&dist, 2.5), percentile(&dist, 97.5));
    let trend: Vec<TrendPoint> = by_period
        .iter()
        .map(|(p, (t, c))| TrendPoint {
            period: p.to_string(),
            before_start: *p < start,
            treated: (!t.is_empty()).then(|| mean(t)),
            comparison: (!c.is_empty()).then(|| mean(c)),
        })
        .collect();
    let pre = |pick: fn(&TrendPoint) -> Option<f64>| -> Vec<(f64, f64)> {
        trend
            .iter()
            .enumerate()
            .filter(|(_, p)| p.before_start)
            .filter_map(|(i, p)| pick(p).map(|y| (i as f64, y)))
            .collect()
    };
    let pre_trend_gap = match (slope(&pre(|p| p.treated)), slope(&pre(|p| p.comparison))) {
        (Some(t), Some(c)) => Some(t - c),
        _ => None,
    };
    let mut e = Estimate {
        indicator: indicator.to_owned(),
        start_period: intervention.start_period.clone(),
        units,
        left_out,
        before_after,
        comparison_change,
        did,
        interval,
        seed,
        replicates,
        trend,
        pre_trend_gap,
        wording: Vec::new(),
    };
    e.wording = wording(&e, treated.len(), comparison.len());
    Ok(e)
}

/// Every indicator of an intervention.
pub fn estimate_all(
    conn: &Connection,
    id: &str,
    seed: u64,
    replicates: usize,
) -> Result<Vec<Estimate>> {
    get(conn, id)?
        .indicators
        .iter()
        .map(|i| estimate(conn, id, i, seed, replicates))
        .collect()
}

/// A number as an Italian reader writes it, with its sign.
fn signed(x: f64) -> String {
    let s = format!("{:+.1}", x).replace('.', ",");
    s.replace("-", "−")
}

fn wording(e: &Estimate, n_treated: usize, n_comparison: usize) -> Vec<String> {
    let mut out = vec![format!(
        "Nei {n_treated} territori con l'intervento «{}» è cambiato in media di {} tra prima e dopo l'avvio ({}).",
        e.indicator,
        signed(e.before_after),
        e.start_period
    )];
    let (lo, hi) = (signed(e.interval.0), signed(e.interval.1));
    match (e.did, e.comparison_change) {
        (Some(did), Some(c)) => {
            out.push(format!(
                "Nei {n_comparison} territori di confronto è cambiato di {}: la differenza, {} (intervallo al 95 %: da {lo} a {hi}), è la stima dell'effetto dell'intervento.",
                signed(c),
                signed(did)
            ));
            out.push(if e.interval.0 > 0.0 || e.interval.1 < 0.0 {
                "L'intervallo non comprende lo zero: con questi dati l'effetto non sembra dovuto al caso.".to_owned()
            } else {
                "L'intervallo comprende lo zero: con questi dati non si può escludere che l'intervento non abbia avuto effetto.".to_owned()
            });
        }
        _ => out.push(format!(
            "Senza territori di confronto questo è solo un confronto prima/dopo (intervallo al 95 %: da {lo} a {hi}): non separa l'intervento da ciò che è cambiato comunque nello stesso periodo."
        )),
    }
    out.push("La stima vale se, senza l'intervento, i due gruppi di territori avrebbero seguito lo stesso andamento: il grafico mostra gli andamenti prima dell'avvio.".to_owned());
    if let Some(gap) = e.pre_trend_gap {
        if gap.abs() > 0.25 * e.did.unwrap_or(e.before_after).abs().max(f64::EPSILON) {
            out.push(format!(
                "Attenzione: prima dell'avvio gli andamenti differivano già di {} per periodo; la stima può esserne falsata.",
                signed(gap)
            ));
        }
    }
    if n_treated < 3 || (n_comparison > 0 && n_comparison < 3) {
        out.push("Con meno di tre territori per gruppo l'intervallo è poco affidabile.".to_owned());
    }
    out.push("Non prova che l'effetto sia dovuto solo all'intervento: altri cambiamenti avvenuti negli stessi territori nello stesso periodo ne farebbero parte.".to_owned());
    out
}
