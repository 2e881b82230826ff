//! Benchmarking: two to four practices side by side, the review's criteria as
//! rows (the panel's mean and agreement for each practice), then where, for
//! whom, when and at what cost each runs.

use std::collections::HashSet;

use rusqlite::Connection;

use super::review::{Agreement, Review};
use super::Practice;
use crate::error::{Error, Problem, Result};
use crate::vocabulary::Criterion;

/// One criterion across the practices compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub criterion: Criterion,
    /// Per practice, in the order asked: the panel's mean, and its agreement.
    pub cells: Vec<(Option<f64>, Option<Agreement>)>,
    /// Which practices have the highest mean on this criterion (none when no
    /// practice has a score).
    pub best: Vec<usize>,
}

/// The practices side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub practices: Vec<Practice>,
    pub reviews: Vec<Review>,
    pub rows: Vec<Row>,
}

/// Compares two to four different practices, in the order given.
pub fn compare(conn: &Connection, ids: &[String]) -> Result<Comparison> {
    let distinct: HashSet<&String> = ids.iter().collect();
    if !(2..=4).contains(&ids.len()) || distinct.len() != ids.len() {
        return Err(Error::invalid(
            "practice_ids",
            Problem::BadFormat {
                value: ids.len().to_string(),
                expected: "two to four different practices",
            },
        ));
    }
    let (practices, reviews): (Vec<_>, Vec<_>) = ids
        .iter()
        .map(|id| super::get_reviewed(conn, id))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .unzip();
    let rows = Criterion::ALL
        .iter()
        .enumerate()
        .map(|(i, &criterion)| {
            let cells: Vec<(Option<f64>, Option<Agreement>)> = reviews
                .iter()
                .map(|r| (r.criteria[i].mean, r.criteria[i].agreement))
                .collect();
            let top = cells.iter().filter_map(|c| c.0).fold(f64::NAN, f64::max);
            let best = cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.0.is_some_and(|m| (m - top).abs() < 1e-9))
                .map(|(j, _)| j)
                .collect();
            Row {
                criterion,
                cells,
                best,
            }
        })
        .collect();
    Ok(Comparison {
        practices,
        reviews,
        rows,
    })
}
