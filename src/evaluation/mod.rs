//! Evaluation of an intervention (seed 002: "modelli valutativi controfattuali
//! degli interventi"): a service or project that began in some territories at a
//! given period, outcome indicators measured in those territories and in
//! comparison territories the user chose, period by period, and the estimate of
//! its effect ([`estimate`]: before/after, difference-in-differences with a
//! bootstrap interval, the trends before the start).

pub mod estimate;
pub mod import;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::{INTERVENTIONS, INTERVENTION_UNITS, OUTCOME_VALUES, TERRITORIES};
use crate::store::WriteTx;
use crate::validate;

/// A period of measurement: a year, a quarter or a month. The periods of one
/// intervention are all of the kind of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    /// Parses "2024", "2024-Q3" or "2024-07"; the error names `field`.
    pub fn parse(field: &str, text: &str) -> Result<Period> {
        let t = text.trim();
        let bad = || {
            Error::invalid(
                field,
                Problem::BadFormat {
                    value: t.to_owned(),
                    expected: "a period: YYYY, YYYY-Qn (quarter 1 to 4) or YYYY-MM",
                },
            )
        };
        let year = |y: &str| -> Result<i32> {
            (y.len() == 4)
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1900..=2200).contains(y))
                .ok_or_else(bad)
        };
        match t.split_once('-') {
            None => Ok(Period::Year(year(t)?)),
            Some((y, q)) if q.starts_with(['Q', 'q']) => {
                let q: u8 = q[1..].parse().map_err(|_| bad())?;
                if !(1..=4).contains(&q) {
                    return Err(bad());
                }
                Ok(Period::Quarter(year(y)?, q))
            }
            Some((y, m)) => {
                let m: u8 = (m.len() == 2)
                    .then(|| m.parse().ok())
                    .flatten()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?;
                Ok(Period::Month(year(y)?, m))
            }
        }
    }

    /// Whether two periods are of the same kind (years, quarters or months).
    pub fn same_kind(self, other: Period) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

/// What the form supplies.
#[derive(Debug, Clone, Default)]
pub struct NewIntervention {
    pub title: String,
    pub description: String,
    /// The first period with the intervention running.
    pub start_period: String,
    /// The territories it runs in.
    pub treated: Vec<String>,
    /// The comparison territories, without it.
    pub comparison: Vec<String>,
}

/// A territory of the evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub territory_id: String,
    pub name: String,
    pub treated: bool,
}

/// An intervention with its territories and the indicators measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    pub id: String,
    pub title: String,
    pub description: String,
    pub start_period: String,
    pub units: Vec<Unit>,
    /// The indicators with at least one value, by name.
    pub indicators: Vec<String>,
}

/// One measured value.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeValue {
    pub indicator: String,
    pub territory_id: String,
    pub period: String,
    pub value: f64,
}

/// Adds an intervention with its territories, in one transaction.
pub fn create(tx: &mut WriteTx<'_>, new: &NewIntervention) -> Result<Intervention> {
    create_as(tx, &new_id(), new)
}

/// [`create`] with a given id (the demo's fixed ids).
pub fn create_as(tx: &mut WriteTx<'_>, id: &str, new: &NewIntervention) -> Result<Intervention> {
    let title = validate::required("title", &new.title, 300)?;
    let description = validate::free_text("description", &new.description, 10_000)?;
    let start = Period::parse("start_period", &new.start_period)?;
    tx.insert(
        &INTERVENTIONS,
        id,
        &[
            ("title", Value::Text(title)),
            ("description", Value::Text(description)),
            ("start_period", Value::Text(start.to_string())),
        ],
    )?;
    set_units(tx, id, &new.treated, &new.comparison)?;
    get(tx.conn(), id)
}

/// Makes the intervention's territories exactly these: at least one with it, and
/// none both with it and a comparison.
pub fn set_units(
    tx: &mut WriteTx<'_>,
    id: &str,
    treated: &[String],
    comparison: &[String],
) -> Result<()> {
    validate::reference(tx.conn(), "intervention_id", &INTERVENTIONS, id)?;
    if treated.is_empty() {
        return Err(Error::invalid("treated", Problem::Required));
    }
    if let Some(both) = comparison.iter().find(|c| treated.contains(c)) {
        return Err(Error::invalid(
            "comparison",
            Problem::BadFormat {
                value: both.clone(),
                expected: "a territory without the intervention: it is also among those with it",
            },
        ));
    }
    let mut keep = Vec::new();
    for (field, list, flag) in [("treated", treated, 1), ("comparison", comparison, 0)] {
        for territory in list {
            validate::reference(tx.conn(), field, &TERRITORIES, territory)?;
            let unit = link_id("intervention_unit", id, territory);
            tx.insert_or_revive(
                &INTERVENTION_UNITS,
                &unit,
                &[
                    ("intervention_id", Value::Text(id.into())),
                    ("territory_id", Value::Text(territory.clone())),
                    ("treated", Value::Integer(flag)),
                ],
                &[("treated", Value::Integer(flag))],
            )?;
            keep.push(unit);
        }
    }
    let current: Vec<String> = {
        let mut stmt = tx.conn().prepare(
            "SELECT id FROM intervention_units WHERE intervention_id = ?1 AND deleted = 0",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for gone in current.iter().filter(|u| !keep.contains(u)) {
        tx.delete(&INTERVENTION_UNITS, gone)?;
    }
    Ok(())
}

/// Records the value of an indicator in one territory of the intervention for
/// one period (a value given again replaces the first, on every laptop).
pub fn record(tx: &mut WriteTx<'_>, id: &str, value: &OutcomeValue) -> Result<()> {
    let intervention = get(tx.conn(), id)?;
    let indicator = validate::required("indicator", &value.indicator, 200)?;
    if !intervention
        .units
        .iter()
        .any(|u| u.territory_id == value.territory_id)
    {
        return Err(Error::invalid(
            "territory_id",
            Problem::BadFormat {
                value: value.territory_id.clone(),
                expected: "a territory of the intervention (with it or a comparison)",
            },
        ));
    }
    let period = Period::parse("period", &value.period)?;
    let start = Period::parse("start_period", &intervention.start_period)?;
    if !period.same_kind(start) {
        return Err(Error::invalid(
            "period",
            Problem::BadFormat {
                value: value.period.clone(),
                expected: "a period of the same kind as the start (years, quarters or months)",
            },
        ));
    }
    if !value.value.is_finite() {
        return Err(Error::invalid(
            "value",
            Problem::BadFormat {
                value: value.value.to_string(),
                expected: "a number",
            },
        ));
    }
    let period = period.to_string();
    let row = link_id(
        "outcome_value",
        id,
        &format!("{indicator}\n{}\n{period}", value.territory_id),
    );
    tx.insert_or_revive(
        &OUTCOME_VALUES,
        &row,
        &[
            ("intervention_id", Value::Text(id.into())),
            ("indicator", Value::Text(indicator)),
            ("territory_id", Value::Text(value.territory_id.clone())),
            ("period", Value::Text(period)),
            ("value", Value::Real(value.value)),
        ],
        &[("value", Value::Real(value.value))],
    )
}

/// One intervention.
pub fn get(conn: &Connection, id: &str) -> Result<Intervention> {
    let (title, description, start_period) = conn
        .query_row(
            "SELECT title, description, start_period FROM interventions
             WHERE id = ?1 AND deleted = 0",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(not_found("intervention", id))?;
    let units = conn
        .prepare_cached(
            "SELECT u.territory_id, t.name, u.treated FROM intervention_units u
             JOIN territories t ON t.id = u.territory_id
             WHERE u.intervention_id = ?1 AND u.deleted = 0
             ORDER BY u.treated DESC, t.name, t.id",
        )?
        .query_map([id], |r| {
            Ok(Unit {
                territory_id: r.get(0)?,
                name: r.get(1)?,
                treated: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let indicators = conn
        .prepare_cached(
            "SELECT DISTINCT indicator FROM outcome_values
             WHERE intervention_id = ?1 AND deleted = 0 ORDER BY indicator",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Intervention {
        id: id.to_owned(),
        title,
        description,
        start_period,
        units,
        indicators,
    })
}

/// Every intervention, by title.
pub fn list(conn: &Connection) -> Result<Vec<Intervention>> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM interventions WHERE deleted = 0 ORDER BY title, id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter().map(|id| get(conn, id)).collect()
}

/// The values of an intervention's territories (live ones), by indicator,
/// territory and period.
pub fn values(conn: &Connection, id: &str) -> Result<Vec<OutcomeValue>> {
    get(conn, id)?;
    let rows = conn
        .prepare_cached(
            "SELECT v.indicator, v.territory_id, v.period, v.value FROM outcome_values v
             JOIN intervention_units u ON u.intervention_id = v.intervention_id
                  AND u.territory_id = v.territory_id AND u.deleted = 0
             WHERE v.intervention_id = ?1 AND v.deleted = 0
             ORDER BY v.indicator, v.territory_id, v.period",
        )?
        .query_map([id], |r| {
            Ok(OutcomeValue {
                indicator: r.get(0)?,
                territory_id: r.get(1)?,
                period: r.get(2)?,
                value: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
