//! Two coders' agreement, code by code, on units of one note: a coder "says
//! yes" to a code on a note when they coded any passage of it (or the whole
//! note) with the code. Only notes that at least one of the two coded with
//! anything count — notes neither touched say nothing about agreement (a kappa
//! over uncoded text is inflated by it). Cohen's kappa and the percentage of
//! notes on which they agree. Tags are nobody's coding and are left out.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::coding::codebook;
use crate::error::{Error, Problem, Result};

/// The agreement on one code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeAgreement {
    pub code: String,
    /// Notes both coded with it, only the first, only the second, neither (of
    /// the notes either coded with anything).
    pub both: usize,
    pub first_only: usize,
    pub second_only: usize,
    pub neither: usize,
    /// Share of the notes on which they agree, 0–1.
    pub agreement: f64,
    /// Cohen's kappa; `None` when chance agreement is total (both coders said
    /// the same on every note, e.g. neither used the code), where kappa is
    /// undefined.
    pub kappa: Option<f64>,
}

/// Cohen's kappa and the observed agreement from the four counts.
pub fn kappa(
    both: usize,
    first_only: usize,
    second_only: usize,
    neither: usize,
) -> (f64, Option<f64>) {
    let n = (both + first_only + second_only + neither) as f64;
    if n == 0.0 {
        return (0.0, None);
    }
    let observed = (both + neither) as f64 / n;
    let first_yes = (both + first_only) as f64 / n;
    let second_yes = (both + second_only) as f64 / n;
    let chance = first_yes * second_yes + (1.0 - first_yes) * (1.0 - second_yes);
    if (1.0 - chance).abs() < 1e-12 {
        return (observed, None);
    }
    (observed, Some((observed - chance) / (1.0 - chance)))
}

/// The agreement of coders `first` and `second` on every code either used.
pub fn between(conn: &Connection, first: &str, second: &str) -> Result<Vec<CodeAgreement>> {
    if first == second {
        return Err(Error::invalid(
            "coder",
            Problem::BadFormat {
                value: second.to_owned(),
                expected: "another coder than the first",
            },
        ));
    }
    let codes = codebook::list(conn)?;
    let effective: HashMap<&str, &str> = codes
        .iter()
        .map(|c| (c.id.as_str(), codebook::effective(c)))
        .collect();
    let name: HashMap<&str, &str> = codes
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    // coder → code → notes
    let mut by: [HashMap<String, HashSet<String>>; 2] = [HashMap::new(), HashMap::new()];
    let mut units: HashSet<String> = HashSet::new();
    let mut stmt = conn.prepare(
        "SELECT c.coder, c.code_id, c.note_id FROM codings c JOIN notes n ON n.id = c.note_id
         WHERE c.deleted = 0 AND n.deleted = 0 AND c.coder IN (?1, ?2)",
    )?;
    let mut rows = stmt.query([first, second])?;
    while let Some(r) = rows.next()? {
        let coder: String = r.get(0)?;
        let code: String = r.get(1)?;
        let note: String = r.get(2)?;
        let Some(code) = effective.get(code.as_str()) else {
            continue;
        };
        let i = usize::from(coder != first);
        by[i]
            .entry((*code).to_owned())
            .or_default()
            .insert(note.clone());
        units.insert(note);
    }
    for (coder, i) in [(first, 0), (second, 1)] {
        if by[i].is_empty() {
            return Err(Error::invalid(
                "coder",
                Problem::MissingReference {
                    id: format!("{coder} (no passage coded by them)"),
                },
            ));
        }
    }
    let empty = HashSet::new();
    let mut used: Vec<&String> = by[0].keys().chain(by[1].keys()).collect();
    used.sort();
    used.dedup();
    let mut out: Vec<CodeAgreement> = used
        .into_iter()
        .map(|code| {
            let a = by[0].get(code).unwrap_or(&empty);
            let b = by[1].get(code).unwrap_or(&empty);
            let both = a.intersection(b).count();
            let first_only = a.len() - both;
            let second_only = b.len() - both;
            let neither = units.len() - both - first_only - second_only;
            let (agreement, kappa) = kappa(both, first_only, second_only, neither);
            CodeAgreement {
                code: name
                    .get(code.as_str())
                    .map_or_else(|| code.clone(), |n| (*n).to_owned()),
                both,
                first_only,
                second_only,
                neither,
                agreement,
                kappa,
            }
        })
        .collect();
    out.sort_by_key(|x| crate::text::fold(&x.code));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: 20 notes, both yes on 6, first only 2, second only 3,
    /// neither 9. Observed (6+9)/20 = 0.75; first yes 8/20 = 0.4, second yes
    /// 9/20 = 0.45; chance 0.4·0.45 + 0.6·0.55 = 0.18 + 0.33 = 0.51; kappa
    /// (0.75 − 0.51)/(1 − 0.51) = 0.24/0.49 = 0.4898…
    #[test]
    fn kappa_matches_a_case_worked_by_hand() {
        let (observed, k) = kappa(6, 2, 3, 9);
        assert!((observed - 0.75).abs() < 1e-12);
        let k = k.unwrap_or(f64::NAN);
        assert!((k - 0.24 / 0.49).abs() < 1e-12, "{k}");
        // Total agreement on a code both always used: kappa undefined.
        assert_eq!(kappa(5, 0, 0, 0).1, None);
        // Perfect agreement with variation: 1.
        assert_eq!(kappa(3, 0, 0, 7).1, Some(1.0));
    }
}
