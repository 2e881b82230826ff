//! Outcome values from an office's spreadsheet (.xlsx, .xls, .ods, .csv), read
//! by the register import's reader (header found under titles, merged cells,
//! Windows-1252 CSV). Two layouts, as offices keep them:
//!
//! - one row per value: columns for the territory, the period, the indicator
//!   (or `indicator` given) and the value;
//! - one row per territory (and indicator), one column per period: headers such
//!   as "2023", "2023-Q1", "2023 T1" or "2023-03".
//!
//! Territories are matched by name, without accents or case, among the
//! intervention's own. Every problem names its row and column; with any
//! problem nothing is written.

use std::path::Path;

use super::{get, record, OutcomeValue, Period};
use crate::error::{Error, Problem, Result};
use crate::formats::register_import::{column_letter, read_table};
use crate::store::WriteTx;
use crate::text::fold;

/// What an import found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub values: Vec<OutcomeValue>,
    /// "riga 7, colonna C: …", in the sheet's own numbering.
    pub problems: Vec<String>,
    pub indicators: Vec<String>,
}

fn header(headers: &[String], words: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = fold(h);
        words
            .iter()
            .any(|w| h == *w || h.starts_with(&format!("{w} ")))
    })
}

/// "2023 T1", "2023-T1", "T1 2023" and "2023/03" read as periods too.
fn period_of(text: &str) -> Option<Period> {
    let t = text.trim().replace(['/', ' '], "-").to_uppercase();
    let t = match t.split_once('-') {
        Some((a, b)) if a.starts_with('T') && b.len() == 4 => format!("{b}-Q{}", &a[1..]),
        Some((a, b)) if b.starts_with('T') => format!("{a}-Q{}", &b[1..]),
        _ => t,
    };
    Period::parse("period", &t).ok()
}

fn number(text: &str) -> Option<f64> {
    let t = text.trim().replace(' ', "");
    // "1.234,5" (Italian) and "1234.5" both.
    let t = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads the values of `file` for intervention `id` (nothing is written).
pub fn read(
    tx: &WriteTx<'_>,
    id: &str,
    file: &Path,
    sheet: Option<&str>,
    indicator: Option<&str>,
) -> Result<Imported> {
    let intervention = get(tx.conn(), id)?;
    let start = Period::parse("start_period", &intervention.start_period)?;
    let table = read_table(file, sheet)?;
    let h = &table.headers;
    let territory_col =
        header(h, &["territorio", "comune", "ambito", "territory"]).ok_or_else(|| Error::File {
            path: file.display().to_string(),
            message: "has no column for the territory (Territorio, Comune or Ambito)".into(),
        })?;
    let indicator_col = header(h, &["indicatore", "indicator"]);
    let value_col = header(h, &["valore", "value"]);
    let period_col = header(h, &["periodo", "anno", "trimestre", "mese", "period"]);
    let period_cols: Vec<(usize, Period)> = h
        .iter()
        .enumerate()
        .filter_map(|(i, t)| period_of(t).map(|p| (i, p)))
        .collect();
    let long = value_col.is_some() && period_col.is_some();
    if !long && period_cols.is_empty() {
        return Err(Error::File {
            path: file.display().to_string(),
            message: "has neither a Periodo and a Valore column nor a column per period (2023, 2023-Q1, 2023-03)".into(),
        });
    }
    let given = indicator.map(str::trim).filter(|s| !s.is_empty());
    if indicator_col.is_none() && given.is_none() {
        return Err(Error::invalid("indicator", Problem::Required));
    }
    let mut out = Imported::default();
    for (row, cells) in &table.rows {
        let at = |c: usize| format!("riga {row}, colonna {}", column_letter(c));
        let cell = |c: usize| cells.get(c).map(String::as_str).unwrap_or("");
        let name = cell(territory_col);
        let Some(unit) = intervention
            .units
            .iter()
            .find(|u| fold(&u.name) == fold(name))
        else {
            out.problems.push(format!(
                "{}: «{name}» is not a territory of this intervention",
                at(territory_col)
            ));
            continue;
        };
        let ind = match (
            indicator_col.map(cell).filter(|s| !s.trim().is_empty()),
            given,
        ) {
            (Some(i), _) => i.trim().to_owned(),
            (None, Some(g)) => g.to_owned(),
            (None, None) => {
                out.problems
                    .push(format!("{}: no indicator", at(indicator_col.unwrap_or(0))));
                continue;
            }
        };
        let push = |p: Period, c: usize, text: &str, out: &mut Imported| {
            if text.trim().is_empty() {
                return;
            }
            if !p.same_kind(start) {
                out.problems.push(format!(
                    "{}: {p} is not a period of the kind of the start ({start})",
                    at(c)
                ));
                return;
            }
            match number(text) {
                Some(value) => out.values.push(OutcomeValue {
                    indicator: ind.clone(),
                    territory_id: unit.territory_id.clone(),
                    period: p.to_string(),
                    value,
                }),
                None => out
                    .problems
                    .push(format!("{}: «{text}» is not a number", at(c))),
            }
        };
        if let (true, Some(pc), Some(vc)) = (long, period_col, value_col) {
            match period_of(cell(pc)) {
                Some(p) => push(p, vc, cell(vc), &mut out),
                None => out.problems.push(format!(
                    "{}: «{}» is not a period (2023, 2023-Q1, 2023-03)",
                    at(pc),
                    cell(pc)
                )),
            }
        } else {
            for (c, p) in &period_cols {
                push(*p, *c, cell(*c), &mut out);
            }
        }
    }
    let mut names: Vec<String> = out.values.iter().map(|v| v.indicator.clone()).collect();
    names.sort();
    names.dedup();
    out.indicators = names;
    Ok(out)
}

/// Reads the file and, when it has no problem and `write` is set, records every
/// value in this transaction. With a problem nothing is recorded and the error
/// lists the first ones.
pub fn import(
    tx: &mut WriteTx<'_>,
    id: &str,
    file: &Path,
    sheet: Option<&str>,
    indicator: Option<&str>,
    write: bool,
) -> Result<Imported> {
    let found = read(tx, id, file, sheet, indicator)?;
    if !found.problems.is_empty() {
        let shown: Vec<&str> = found.problems.iter().take(5).map(String::as_str).collect();
        let more = found.problems.len().saturating_sub(5);
        return Err(Error::File {
            path: file.display().to_string(),
            message: format!(
                "{}{}; nothing was imported",
                shown.join("; "),
                if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                }
            ),
        });
    }
    if write {
        for v in &found.values {
            record(tx, id, v)?;
        }
    }
    Ok(found)
}
