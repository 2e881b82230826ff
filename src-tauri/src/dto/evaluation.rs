//! Interventions and the estimate of their effect; the regions' indicators
//! packages side by side.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A territory of an intervention.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UnitDto {
    pub territory_id: String,
    pub name: String,
    pub treated: bool,
}

/// An intervention in the list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct InterventionDto {
    pub id: String,
    pub title: String,
    pub description: String,
    pub start_period: String,
    pub units: Vec<UnitDto>,
    pub indicators: Vec<String>,
}

impl From<tavolo::evaluation::Intervention> for InterventionDto {
    fn from(i: tavolo::evaluation::Intervention) -> Self {
        InterventionDto {
            id: i.id,
            title: i.title,
            description: i.description,
            start_period: i.start_period,
            units: i
                .units
                .into_iter()
                .map(|u| UnitDto {
                    territory_id: u.territory_id,
                    name: u.name,
                    treated: u.treated,
                })
                .collect(),
            indicators: i.indicators,
        }
    }
}

/// What the new-intervention form sends.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewInterventionDto {
    pub title: String,
    pub description: String,
    pub start_period: String,
    pub treated: Vec<String>,
    pub comparison: Vec<String>,
}

/// One value typed in.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct OutcomeInputDto {
    pub indicator: String,
    pub territory_id: String,
    pub period: String,
    pub value: f64,
}

/// One territory before and after.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UnitChangeDto {
    pub name: String,
    pub treated: bool,
    pub before: f64,
    pub after: f64,
    pub change: f64,
}

/// The two groups' means in one period.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrendPointDto {
    pub period: String,
    pub before_start: bool,
    pub treated: Option<f64>,
    pub comparison: Option<f64>,
}

/// The estimate for one indicator, or why there is none.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EstimateDto {
    pub indicator: String,
    /// Set when the indicator cannot be estimated yet (no values before or after).
    pub problem: Option<String>,
    pub before_after: Option<f64>,
    pub comparison_change: Option<f64>,
    pub did: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub units: Vec<UnitChangeDto>,
    pub left_out: Vec<String>,
    pub trend: Vec<TrendPointDto>,
    pub wording: Vec<String>,
}

impl EstimateDto {
    pub fn failed(indicator: String, problem: String) -> Self {
        EstimateDto {
            indicator,
            problem: Some(problem),
            before_after: None,
            comparison_change: None,
            did: None,
            ci_low: None,
            ci_high: None,
            units: Vec::new(),
            left_out: Vec::new(),
            trend: Vec::new(),
            wording: Vec::new(),
        }
    }
}

impl From<tavolo::evaluation::estimate::Estimate> for EstimateDto {
    fn from(e: tavolo::evaluation::estimate::Estimate) -> Self {
        EstimateDto {
            indicator: e.indicator,
            problem: None,
            before_after: Some(e.before_after),
            comparison_change: e.comparison_change,
            did: e.did,
            ci_low: Some(e.interval.0),
            ci_high: Some(e.interval.1),
            units: e
                .units
                .into_iter()
                .map(|u| UnitChangeDto {
                    name: u.name,
                    treated: u.treated,
                    before: u.before,
                    after: u.after,
                    change: u.change,
                })
                .collect(),
            left_out: e
                .left_out
                .into_iter()
                .map(|(n, why)| format!("{n}: {why}"))
                .collect(),
            trend: e
                .trend
                .into_iter()
                .map(|t| TrendPointDto {
                    period: t.period,
                    before_start: t.before_start,
                    treated: t.treated,
                    comparison: t.comparison,
                })
                .collect(),
            wording: e.wording,
        }
    }
}

/// An intervention with its estimates.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EvaluationDto {
    pub intervention: InterventionDto,
    pub estimates: Vec<EstimateDto>,
    pub values: u32,
}

/// A region's package as the lead region keeps it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackageDto {
    pub region: String,
    pub fingerprint: String,
    pub made_at: String,
    pub digest: String,
}

/// One figure across the regions.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegionLineDto {
    pub indicator: String,
    pub by: String,
    pub key: String,
    /// Per region: the count, or null when hidden ("< 5") or absent.
    pub values: Vec<Option<f64>>,
    pub hidden: Vec<bool>,
    pub total: f64,
}

/// The regions side by side.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegionsDto {
    pub packages: Vec<PackageDto>,
    pub regions: Vec<String>,
    pub lines: Vec<RegionLineDto>,
}

/// What importing one package did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackageImportDto {
    pub region: String,
    /// added, replaced (an older package of that region), duplicate, older.
    pub outcome: String,
    pub regions: RegionsDto,
}
