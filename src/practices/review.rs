//! Peer review of a practice by a small panel (seed 002: "assessment
//! comparativo"): each reviewer scores it from 1 to 5 on named criteria with a
//! comment; the panel's agreement is shown per criterion and overall, and the
//! practice is "reviewed" once every member has scored every criterion. A score
//! has the name-based id of (practice, reviewer, criterion), so a reviewer on
//! another laptop scoring the same criterion again replaces the score there too.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{Error, Problem, Result};
use crate::store::ids::link_id;
use crate::store::schema::{PRACTICES, PRACTICE_PANEL, PRACTICE_REVIEWS};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{Criterion, PracticeStatus};

/// A reviewer on a practice's panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewer {
    pub person_id: String,
    pub name: String,
    pub organisation: Option<String>,
}

/// One reviewer's score on one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub reviewer_id: String,
    pub reviewer_name: String,
    /// A criterion's code (a newer Tavolo's kept as it came).
    pub criterion: String,
    pub score: u8,
    pub comment: String,
    /// Milliseconds since the Unix epoch.
    pub scored_at: i64,
}

/// How close the panel's scores on one criterion are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Every score within one point of every other.
    High,
    /// Two points between the lowest and the highest.
    Medium,
    /// Three points or more.
    Low,
}

impl Agreement {
    /// From the range of the scores.
    fn of(min: u8, max: u8) -> Agreement {
        match max - min {
            0 | 1 => Agreement::High,
            2 => Agreement::Medium,
            _ => Agreement::Low,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Agreement::High => "high",
            Agreement::Medium => "medium",
            Agreement::Low => "low",
        }
    }

    /// In Italian, for the booklet and the workbook.
    pub fn label(self) -> &'static str {
        match self {
            Agreement::High => "Alto",
            Agreement::Medium => "Medio",
            Agreement::Low => "Basso",
        }
    }
}

/// The panel's scores on one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionSummary {
    pub criterion: Criterion,
    pub count: usize,
    pub mean: Option<f64>,
    pub min: Option<u8>,
    pub max: Option<u8>,
    /// Only with two scores or more.
    pub agreement: Option<Agreement>,
}

/// Where a practice's review stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub practice_id: String,
    pub panel: Vec<Reviewer>,
    pub scores: Vec<Score>,
    /// Every criterion, in display order.
    pub criteria: Vec<CriterionSummary>,
    /// Every panel member has scored every criterion.
    pub complete: bool,
    /// The mean of the criteria's means.
    pub overall: Option<f64>,
    /// The share of pairs of reviewers, criterion by criterion, whose scores
    /// are within one point of each other (None with fewer than two reviewers
    /// on any criterion).
    pub pairs_within_one: Option<f64>,
}

fn practice(conn: &Connection, practice_id: &str) -> Result<()> {
    validate::reference(conn, "practice_id", &PRACTICES, practice_id)
}

/// Puts a person on a practice's panel (again, when taken off before).
pub fn add_reviewer(tx: &mut WriteTx<'_>, practice_id: &str, person_id: &str) -> Result<Review> {
    practice(tx.conn(), practice_id)?;
    validate::person(tx.conn(), "reviewer_id", person_id)?;
    join_panel(tx, practice_id, person_id)?;
    review(tx.conn(), practice_id)
}

fn join_panel(tx: &mut WriteTx<'_>, practice_id: &str, person_id: &str) -> Result<()> {
    tx.insert_or_revive(
        &PRACTICE_PANEL,
        &link_id("practice_panel", practice_id, person_id),
        &[
            ("practice_id", Value::Text(practice_id.into())),
            ("person_id", Value::Text(person_id.into())),
        ],
        &[],
    )
}

/// Takes a person off the panel; their scores go with them.
pub fn remove_reviewer(tx: &mut WriteTx<'_>, practice_id: &str, person_id: &str) -> Result<Review> {
    practice(tx.conn(), practice_id)?;
    let id = link_id("practice_panel", practice_id, person_id);
    validate::reference(tx.conn(), "reviewer_id", &PRACTICE_PANEL, &id)?;
    tx.delete(&PRACTICE_PANEL, &id)?;
    let scores: Vec<String> = {
        let mut stmt = tx.conn().prepare(
            "SELECT id FROM practice_reviews
             WHERE practice_id = ?1 AND reviewer_id = ?2 AND deleted = 0",
        )?;
        let rows = stmt.query_map([practice_id, person_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for score in scores {
        tx.delete(&PRACTICE_REVIEWS, &score)?;
    }
    review(tx.conn(), practice_id)
}

/// A reviewer's score (1 to 5) on one criterion, with a comment; a reviewer not
/// yet on the panel joins it. A second score on the same criterion replaces the
/// first. The practice is "in review" from its first score and "reviewed" when
/// the panel has scored every criterion ([`Review::status`]; an archived
/// practice stays archived).
pub fn score(
    tx: &mut WriteTx<'_>,
    practice_id: &str,
    reviewer_id: &str,
    criterion: Criterion,
    score: i64,
    comment: &str,
) -> Result<Review> {
    let now = i64::try_from(tx.now_millis()).unwrap_or(i64::MAX);
    score_at(
        tx,
        practice_id,
        reviewer_id,
        criterion,
        (score, comment),
        now,
    )
}

/// [`score`] at a given time (milliseconds since the Unix epoch: the demo's
/// fixed times).
pub fn score_at(
    tx: &mut WriteTx<'_>,
    practice_id: &str,
    reviewer_id: &str,
    criterion: Criterion,
    (score, comment): (i64, &str),
    at_ms: i64,
) -> Result<Review> {
    practice(tx.conn(), practice_id)?;
    validate::person(tx.conn(), "reviewer_id", reviewer_id)?;
    if !(1..=5).contains(&score) {
        return Err(Error::invalid(
            "score",
            Problem::BadFormat {
                value: score.to_string(),
                expected: "a score from 1 to 5",
            },
        ));
    }
    let comment = validate::free_text("comment", comment, 4_000)?;
    join_panel(tx, practice_id, reviewer_id)?;
    let at = Value::Integer(at_ms);
    tx.insert_or_revive(
        &PRACTICE_REVIEWS,
        &link_id(
            "practice_review",
            practice_id,
            &format!("{reviewer_id}/{}", criterion.code()),
        ),
        &[
            ("practice_id", Value::Text(practice_id.into())),
            ("reviewer_id", Value::Text(reviewer_id.into())),
            ("criterion", Value::Text(criterion.code().into())),
            ("score", Value::Integer(score)),
            ("comment", Value::Text(comment.clone())),
            ("scored_at", at.clone()),
        ],
        &[
            ("score", Value::Integer(score)),
            ("comment", Value::Text(comment)),
            ("scored_at", at),
        ],
    )?;
    review(tx.conn(), practice_id)
}

impl Review {
    /// Where the practice stands by its review: reviewed once every panel
    /// member has scored every criterion, in review from the first score, a
    /// candidate before. Derived, never stored, so two laptops scoring apart
    /// agree once their scores have met.
    pub fn status(&self) -> PracticeStatus {
        if self.complete {
            PracticeStatus::Reviewed
        } else if self.scores.is_empty() {
            PracticeStatus::Candidate
        } else {
            PracticeStatus::InReview
        }
    }
}

/// The panel, the scores and their summary.
pub fn review(conn: &Connection, practice_id: &str) -> Result<Review> {
    practice(conn, practice_id)?;
    let panel: Vec<Reviewer> = conn
        .prepare_cached(
            "SELECT p.id, p.given_name || ' ' || p.family_name, o.name
             FROM practice_panel x JOIN people p ON p.id = x.person_id
             LEFT JOIN organisations o ON o.id = p.organisation_id
             WHERE x.practice_id = ?1 AND x.deleted = 0 AND p.deleted = 0
             ORDER BY p.family_name, p.given_name, p.id",
        )?
        .query_map([practice_id], |r| {
            Ok(Reviewer {
                person_id: r.get(0)?,
                name: r.get(1)?,
                organisation: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let scores: Vec<Score> = conn
        .prepare_cached(
            "SELECT s.reviewer_id, p.given_name || ' ' || p.family_name, s.criterion,
                    s.score, s.comment, s.scored_at
             FROM practice_reviews s JOIN people p ON p.id = s.reviewer_id
             WHERE s.practice_id = ?1 AND s.deleted = 0 AND p.deleted = 0
             ORDER BY s.criterion, p.family_name, p.given_name, p.id",
        )?
        .query_map([practice_id], |r| {
            Ok(Score {
                reviewer_id: r.get(0)?,
                reviewer_name: r.get(1)?,
                criterion: r.get(2)?,
                score: r.get(3)?,
                comment: r.get(4)?,
                scored_at: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(summarise(practice_id, panel, scores))
}

fn summarise(practice_id: &str, panel: Vec<Reviewer>, scores: Vec<Score>) -> Review {
    let mut criteria = Vec::new();
    let (mut pairs, mut close) = (0_usize, 0_usize);
    let mut complete = !panel.is_empty();
    for &criterion in Criterion::ALL {
        let given: Vec<u8> = scores
            .iter()
            .filter(|s| s.criterion == criterion.code())
            .map(|s| s.score)
            .collect();
        complete &= panel.iter().all(|m| {
            scores
                .iter()
                .any(|s| s.criterion == criterion.code() && s.reviewer_id == m.person_id)
        });
        for (i, a) in given.iter().enumerate() {
            for b in &given[i + 1..] {
                pairs += 1;
                close += usize::from(a.abs_diff(*b) <= 1);
            }
        }
        let (min, max) = (given.iter().min().copied(), given.iter().max().copied());
        criteria.push(CriterionSummary {
            criterion,
            count: given.len(),
            mean: mean(&given),
            min,
            max,
            agreement: match (min, max) {
                (Some(lo), Some(hi)) if given.len() > 1 => Some(Agreement::of(lo, hi)),
                _ => None,
            },
        });
    }
    let means: Vec<f64> = criteria.iter().filter_map(|c| c.mean).collect();
    let overall = (!means.is_empty()).then(|| means.iter().sum::<f64>() / means.len() as f64);
    Review {
        practice_id: practice_id.to_owned(),
        panel,
        scores,
        criteria,
        complete,
        overall,
        pairs_within_one: (pairs > 0).then(|| close as f64 / pairs as f64),
    }
}

fn mean(scores: &[u8]) -> Option<f64> {
    (!scores.is_empty())
        .then(|| scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len() as f64)
}
