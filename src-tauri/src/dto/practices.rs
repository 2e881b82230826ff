//! The catalogue of good practices, a practice's page with its peer review, and
//! practices side by side.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::blank;
use super::guidelines::SourceDto;

/// The catalogue's filters (codes; empty for all).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct PracticeFilterDto {
    pub sector: Option<String>,
    pub target: Option<String>,
    pub country: Option<String>,
    pub status: Option<String>,
}

/// Who runs a practice.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RunnerDto {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
}

/// A practice as the catalogue shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PracticeDto {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub territory_id: Option<String>,
    pub country: String,
    pub foreign_region: Option<String>,
    /// The territory, or the region and country abroad.
    pub place: String,
    pub sectors: Vec<String>,
    pub targets: Vec<String>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub cost_eur: Option<f64>,
    pub funding: Option<String>,
    pub evidence: String,
    pub status: String,
    pub organisations: Vec<RunnerDto>,
    pub sources: Vec<SourceDto>,
    /// The mean of the criteria's means, once scored.
    pub overall: Option<f64>,
    pub reviewers: u32,
}

impl PracticeDto {
    pub fn new(p: tavolo::practices::Practice, overall: Option<f64>, reviewers: usize) -> Self {
        let place = p.place();
        PracticeDto {
            id: p.id,
            title: p.title,
            summary: p.summary,
            territory_id: p.territory_id,
            country: p.country,
            foreign_region: p.foreign_region,
            place,
            sectors: p.sectors,
            targets: p.targets,
            period_from: p.period_from,
            period_to: p.period_to,
            cost_eur: p.cost_eur.map(|c| c as f64),
            funding: p.funding,
            evidence: p.evidence,
            status: p.status.code().to_owned(),
            organisations: p
                .organisations
                .into_iter()
                .map(|(id, name, country)| RunnerDto { id, name, country })
                .collect(),
            sources: p.sources.into_iter().map(Into::into).collect(),
            overall,
            reviewers: u32::try_from(reviewers).unwrap_or(u32::MAX),
        }
    }
}

/// A reviewer on the panel.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewerDto {
    pub person_id: String,
    pub name: String,
    pub organisation: Option<String>,
}

/// One score.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScoreDto {
    pub reviewer_id: String,
    pub reviewer_name: String,
    pub criterion: String,
    pub score: u8,
    pub comment: String,
}

/// The panel's scores on one criterion.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CriterionDto {
    pub criterion: String,
    pub count: u32,
    pub mean: Option<f64>,
    pub min: Option<u8>,
    pub max: Option<u8>,
    /// high, medium, low; none with fewer than two scores.
    pub agreement: Option<String>,
}

/// The review of a practice.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewDto {
    pub panel: Vec<ReviewerDto>,
    pub scores: Vec<ScoreDto>,
    pub criteria: Vec<CriterionDto>,
    pub complete: bool,
    pub overall: Option<f64>,
    pub pairs_within_one: Option<f64>,
}

impl From<tavolo::practices::review::Review> for ReviewDto {
    fn from(r: tavolo::practices::review::Review) -> Self {
        ReviewDto {
            panel: r
                .panel
                .into_iter()
                .map(|m| ReviewerDto {
                    person_id: m.person_id,
                    name: m.name,
                    organisation: m.organisation,
                })
                .collect(),
            scores: r
                .scores
                .into_iter()
                .map(|s| ScoreDto {
                    reviewer_id: s.reviewer_id,
                    reviewer_name: s.reviewer_name,
                    criterion: s.criterion,
                    score: s.score,
                    comment: s.comment,
                })
                .collect(),
            criteria: r.criteria.into_iter().map(Into::into).collect(),
            complete: r.complete,
            overall: r.overall,
            pairs_within_one: r.pairs_within_one,
        }
    }
}

impl From<tavolo::practices::review::CriterionSummary> for CriterionDto {
    fn from(c: tavolo::practices::review::CriterionSummary) -> Self {
        CriterionDto {
            criterion: c.criterion.code().to_owned(),
            count: u32::try_from(c.count).unwrap_or(u32::MAX),
            mean: c.mean,
            min: c.min,
            max: c.max,
            agreement: c.agreement.map(|a| a.code().to_owned()),
        }
    }
}

/// A practice's page.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PracticeDetailDto {
    pub practice: PracticeDto,
    pub review: ReviewDto,
}

/// The catalogue and the good-practice notes that could join it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogueDto {
    pub practices: Vec<PracticeDto>,
    pub candidates: Vec<SourceDto>,
}

/// A reviewer's scores as the form sends them: one per criterion given.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ScoreInputDto {
    pub criterion: String,
    pub score: u8,
    pub comment: Option<String>,
}

/// One criterion across the practices compared.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CompareRowDto {
    pub criterion: String,
    /// Per practice, in the order asked.
    pub means: Vec<Option<f64>>,
    pub agreements: Vec<Option<String>>,
    /// Indexes of the practices with the highest mean.
    pub best: Vec<u32>,
}

/// Practices side by side.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComparisonDto {
    pub practices: Vec<PracticeDto>,
    pub rows: Vec<CompareRowDto>,
}

impl ScoreInputDto {
    pub fn comment(&self) -> String {
        blank(self.comment.clone()).unwrap_or_default()
    }
}

/// What the practice form sends (codes for sectors and targets).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewPracticeDto {
    pub title: String,
    pub summary: String,
    pub territory_id: Option<String>,
    pub country: Option<String>,
    pub foreign_region: Option<String>,
    pub sectors: Vec<String>,
    pub targets: Vec<String>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub cost_eur: Option<f64>,
    pub funding: Option<String>,
    pub evidence: String,
    pub organisation_ids: Vec<String>,
    /// The notes where it came up (kept as they are when editing).
    pub note_ids: Vec<String>,
}

impl NewPracticeDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::practices::NewPractice> {
        use tavolo::vocabulary::{Sector, TargetGroup};
        let cost_eur = match self.cost_eur {
            Some(c) if c.is_finite() && c >= 0.0 && c.fract() == 0.0 && c < 1e15 => Some(c as i64),
            Some(c) => {
                return Err(tavolo::Error::invalid(
                    "cost_eur",
                    tavolo::Problem::BadFormat {
                        value: c.to_string(),
                        expected: "a whole number of euros, 0 or more",
                    },
                ))
            }
            None => None,
        };
        Ok(tavolo::practices::NewPractice {
            title: self.title,
            summary: self.summary,
            territory_id: blank(self.territory_id),
            country: blank(self.country),
            foreign_region: blank(self.foreign_region),
            sectors: self
                .sectors
                .iter()
                .map(|c| Sector::parse("sectors", c))
                .collect::<tavolo::Result<_>>()?,
            targets: self
                .targets
                .iter()
                .map(|c| TargetGroup::parse("targets", c))
                .collect::<tavolo::Result<_>>()?,
            period_from: blank(self.period_from),
            period_to: blank(self.period_to),
            cost_eur,
            funding: blank(self.funding),
            evidence: self.evidence,
            organisation_ids: self.organisation_ids,
            note_ids: self.note_ids,
        })
    }
}
