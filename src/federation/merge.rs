//! The lead region's view: the regions' packages side by side, one column per
//! region and the total, in a table and a chart per indicator, in a workbook.
//! A package that cannot be read, was changed after signing or comes from a
//! newer Tavolo stops the merge, named, before anything is written; the same
//! package given twice is taken once, and of two packages of one region the
//! later is taken; both are said.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};

use super::aggregate::{label, Cell, INDICATORS, SUPPRESSED};
use super::{read, Package};
use crate::error::{Error, Problem, Result};
use crate::formats::workbook::write::{save_atomically, xl};

/// What happened to one file given to the merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub file: PathBuf,
    pub region: String,
    pub fingerprint: String,
    pub made_at: String,
    /// None when used; else why it was left out.
    pub ignored: Option<String>,
}

/// One figure across the regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub indicator: String,
    pub by: String,
    pub key: String,
    /// Per region, in the order of [`Merged::regions`].
    pub values: Vec<Option<Cell>>,
    /// The sum of the counts shown.
    pub total: i64,
    /// Regions whose count is hidden ("< 5"): the total leaves them out.
    pub hidden_in: Vec<String>,
}

/// The packages side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub regions: Vec<String>,
    pub files: Vec<Taken>,
    pub lines: Vec<Line>,
}

/// Reads and checks every file, then lines the regions up.
pub fn merge(files: &[PathBuf]) -> Result<Merged> {
    if files.is_empty() {
        return Err(Error::invalid("packages", Problem::Required));
    }
    let mut packages: Vec<(PathBuf, Package)> = Vec::new();
    for f in files {
        packages.push((f.clone(), read(f)?));
    }
    Ok(combine(packages))
}

/// Lines the regions of `packages` up (each named by its file, or by what the
/// caller gives).
pub fn combine(packages: Vec<(PathBuf, Package)>) -> Merged {
    let mut taken = Vec::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (file, p)) in packages.iter().enumerate() {
        let mut ignored = None;
        if let Some(j) = packages[..i].iter().position(|(_, q)| q.digest == p.digest) {
            ignored = Some(format!(
                "the same package as {} (sent twice)",
                packages[j].0.display()
            ));
        } else if let Some(&j) = used.get(&p.payload.region) {
            let earlier = &packages[j];
            if earlier.1.payload.made_at >= p.payload.made_at {
                ignored = Some(format!(
                    "an older package of {} than {}",
                    p.payload.region,
                    earlier.0.display()
                ));
            } else {
                let older: &mut Taken = &mut taken[j];
                older.ignored = Some(format!(
                    "an older package of {} than {}",
                    p.payload.region,
                    file.display()
                ));
                used.insert(p.payload.region.clone(), i);
            }
        } else {
            used.insert(p.payload.region.clone(), i);
        }
        taken.push(Taken {
            file: file.clone(),
            region: p.payload.region.clone(),
            fingerprint: p.fingerprint(),
            made_at: p.payload.made_at.clone(),
            ignored,
        });
    }
    let regions: Vec<String> = used.keys().cloned().collect();
    let mut cells: BTreeMap<(usize, String, String, String), Vec<Option<Cell>>> = BTreeMap::new();
    let order = |indicator: &str| {
        INDICATORS
            .iter()
            .position(|(c, _)| *c == indicator)
            .unwrap_or(INDICATORS.len())
    };
    for (r, region) in regions.iter().enumerate() {
        let p = &packages[used[region]].1;
        for row in &p.payload.rows {
            let by_rank = if row.by == "total" { 0 } else { 1 };
            let key = (
                by_rank * 1000 + order(&row.indicator),
                row.by.clone(),
                row.key.clone(),
                row.indicator.clone(),
            );
            cells
                .entry(key)
                .or_insert_with(|| vec![None; regions.len()])[r] = Some(row.value);
        }
    }
    let lines = cells
        .into_iter()
        .map(|((_, by, key, indicator), values)| {
            let total = values.iter().filter_map(|v| v.and_then(Cell::count)).sum();
            let hidden_in = values
                .iter()
                .zip(&regions)
                .filter(|(v, _)| **v == Some(Cell::Suppressed))
                .map(|(_, r)| r.clone())
                .collect();
            Line {
                indicator,
                by,
                key,
                values,
                total,
                hidden_in,
            }
        })
        .collect();
    Merged {
        regions,
        files: taken,
        lines,
    }
}

/// The Italian name of a breakdown.
fn breakdown(by: &str) -> &str {
    match by {
        "total" => "Totale",
        "territory" => "Territorio",
        "theme" => "Tema",
        "year" => "Anno",
        "org_kind" => "Tipo di ente",
        "category" => "Categoria di operatori",
        "note_kind" => "Tipo di nota",
        "action_status" => "Stato dell'azione",
        "practice_status" => "Stato della prassi",
        other => other,
    }
}

/// Writes the merged workbook: "Confronto" (the totals, region by region, with a
/// chart per indicator), "Dettaglio" (every breakdown) and "Pacchetti" (the
/// files, who signed them, and what was left out).
pub fn write(merged: &Merged, path: &Path) -> Result<()> {
    let bold = Format::new().set_bold().set_background_color("#DCE6F0");
    let mut book = Workbook::new();
    let n = merged.regions.len() as u16;
    let ws = book.add_worksheet().set_name("Confronto").map_err(xl)?;
    let mut head = vec!["Indicatore"];
    head.extend(merged.regions.iter().map(String::as_str));
    head.extend(["Totale", "Nota"]);
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    ws.set_column_width(0, 44).map_err(xl)?;
    ws.set_column_width(n + 2, 60).map_err(xl)?;
    let totals: Vec<&Line> = merged.lines.iter().filter(|l| l.by == "total").collect();
    for (r, line) in totals.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, label(&line.indicator)).map_err(xl)?;
        cells(ws, r, &line.values)?;
        ws.write_number(r, n + 1, line.total as f64).map_err(xl)?;
        ws.write_string(r, n + 2, note(line)).map_err(xl)?;
    }
    ws.set_freeze_panes(1, 1).map_err(xl)?;
    for (i, _) in totals.iter().enumerate() {
        let row = i as u32 + 1;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories(("Confronto", 0, 1, 0, n))
            .set_values(("Confronto", row, 1, row, n))
            .set_name(("Confronto", row, 0));
        chart.title().set_name(label(&totals[i].indicator));
        chart.legend().set_hidden();
        let at = totals.len() as u32 + 3 + (i as u32 / 2) * 16;
        ws.insert_chart(at, (i as u16 % 2) * 8, &chart)
            .map_err(xl)?;
    }

    let ws = book.add_worksheet().set_name("Dettaglio").map_err(xl)?;
    let mut head = vec!["Suddivisione", "Voce", "Indicatore"];
    head.extend(merged.regions.iter().map(String::as_str));
    head.extend(["Totale", "Nota"]);
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    ws.set_column_width(1, 28).map_err(xl)?;
    ws.set_column_width(2, 44).map_err(xl)?;
    for (r, line) in merged.lines.iter().filter(|l| l.by != "total").enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, breakdown(&line.by)).map_err(xl)?;
        ws.write_string(r, 1, &line.key).map_err(xl)?;
        ws.write_string(r, 2, label(&line.indicator)).map_err(xl)?;
        for (c, v) in line.values.iter().enumerate() {
            cell(ws, r, c as u16 + 3, *v)?;
        }
        ws.write_number(r, n + 3, line.total as f64).map_err(xl)?;
        ws.write_string(r, n + 4, note(line)).map_err(xl)?;
    }
    ws.set_freeze_panes(1, 3).map_err(xl)?;

    let ws = book.add_worksheet().set_name("Pacchetti").map_err(xl)?;
    for (c, h) in [
        "File",
        "Regione",
        "Firmato dalla chiave",
        "Preparato il",
        "Esito",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    ws.set_column_width(0, 40).map_err(xl)?;
    ws.set_column_width(4, 60).map_err(xl)?;
    for (r, t) in merged.files.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, t.file.display().to_string())
            .map_err(xl)?;
        ws.write_string(r, 1, &t.region).map_err(xl)?;
        ws.write_string(r, 2, &t.fingerprint).map_err(xl)?;
        ws.write_string(r, 3, &t.made_at).map_err(xl)?;
        let outcome = t
            .ignored
            .as_ref()
            .map_or("Usato".to_owned(), |why| format!("Ignorato: {why}"));
        ws.write_string(r, 4, &outcome).map_err(xl)?;
    }
    save_atomically(&mut book, path)
}

fn cells(ws: &mut rust_xlsxwriter::Worksheet, r: u32, values: &[Option<Cell>]) -> Result<()> {
    for (c, v) in values.iter().enumerate() {
        cell(ws, r, c as u16 + 1, *v)?;
    }
    Ok(())
}

fn cell(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: Option<Cell>) -> Result<()> {
    match v {
        Some(Cell::Count(n)) => ws.write_number(r, c, n as f64).map(|_| ()),
        Some(Cell::Suppressed) => ws.write_string(r, c, SUPPRESSED).map(|_| ()),
        None => Ok(()),
    }
    .map_err(xl)
}

fn note(line: &Line) -> String {
    let mut parts = Vec::new();
    if !line.hidden_in.is_empty() {
        parts.push(format!(
            "Il totale non comprende i valori nascosti (< 5) di {}.",
            line.hidden_in.join(", ")
        ));
    }
    let distinct: BTreeSet<&str> = [
        "people",
        "public_operators",
        "private_operators",
        "organisations",
        "group_members",
    ]
    .into_iter()
    .collect();
    if distinct.contains(line.indicator.as_str()) {
        parts.push(
            "Somma dei valori regionali: chi ha partecipato in più regioni è contato in ognuna."
                .into(),
        );
    }
    parts.join(" ")
}
