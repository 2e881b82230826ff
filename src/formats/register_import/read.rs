//! Reading an office's spreadsheet into a table of texts: .xlsx/.xls/.ods with
//! calamine, .csv with the csv crate (UTF-8 or Windows-1252; `;`, `,` or tab); the
//! header row found under titles, merged cells spread over the cells they cover.

use super::mapping::guess_field;
use super::Subject;
use crate::error::{Error, Result};
use calamine::{open_workbook_auto, Data, Reader, Sheets};
use serde::Serialize;
use std::path::Path;

/// The rows of one sheet under its header row, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// The sheets of the file (one, unnamed, for a CSV file).
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: String,
    /// The spreadsheet row number of the header row (1 = first row).
    pub header_row: usize,
    pub headers: Vec<String>,
    /// Each row with its spreadsheet row number; empty rows are left out.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Rows under the header with nothing in them.
    pub empty_rows: usize,
    /// Cells that were part of a merged range and took its value.
    pub merged_cells: usize,
}

pub(super) fn file_error(path: &Path, message: String) -> Error {
    Error::File {
        path: path.display().to_string(),
        message,
    }
}

/// Reads `sheet` (the first sheet with data when `None`) of the file at `path`.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    let (sheets, name, grid, blank, merged_cells) = if is_csv {
        let bytes =
            std::fs::read(path).map_err(|e| file_error(path, format!("cannot be read ({e})")))?;
        let grid = csv_grid(&bytes).map_err(|m| file_error(path, m))?;
        let blank = grid
            .iter()
            .map(|r: &Vec<String>| r.iter().all(|c| c.trim().is_empty()))
            .collect();
        (vec![String::new()], String::new(), grid, blank, 0)
    } else {
        spreadsheet_grid(path, sheet)?
    };
    table_of(path, sheets, name, grid, &blank, merged_cells)
}

/// Decodes CSV bytes (UTF-8 with or without BOM, else Windows-1252) and splits
/// them with the separator its first lines use most.
pub(super) fn csv_grid(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    if text.contains('\0') {
        return Err("is not a text file (CSV): it holds binary data".into());
    }
    // A title line may come before the header: the separator is the one some
    // line among the first 20 uses most.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let separator = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|s| {
            lines
                .iter()
                .map(|l| l.bytes().filter(|b| b == s).count())
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {} cannot be read as CSV ({e})", i + 1))?;
        grid.push(record.iter().map(str::to_owned).collect());
    }
    Ok(grid)
}

/// Sheet names, the sheet read, its cells, which rows were blank, merged cells filled.
pub(super) type Grid = (Vec<String>, String, Vec<Vec<String>>, Vec<bool>, usize);

pub(super) fn spreadsheet_grid(path: &Path, wanted: Option<&str>) -> Result<Grid> {
    let mut book = open_workbook_auto(path).map_err(|e| {
        file_error(
            path,
            format!("cannot be read as a spreadsheet (.xlsx, .xls, .ods or .csv): {e}"),
        )
    })?;
    let sheets = book.sheet_names();
    let mut ranges = Vec::new();
    match wanted {
        Some(name) => {
            if !sheets.iter().any(|s| s == name) {
                return Err(file_error(
                    path,
                    format!(
                        "has no sheet '{name}'; its sheets are: {}",
                        sheets.join(", ")
                    ),
                ));
            }
            ranges.push(name.to_owned());
        }
        None => ranges.extend(sheets.iter().cloned()),
    }
    for name in ranges {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| file_error(path, format!("sheet '{name}' cannot be read ({e})")))?;
        if range.is_empty() && wanted.is_none() {
            continue;
        }
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut grid: Vec<Vec<String>> = Vec::new();
        // Rows above the range's first are empty in the sheet: keep the numbering.
        grid.resize(top as usize, Vec::new());
        for row in range.rows() {
            let mut cells = vec![String::new(); left as usize];
            cells.extend(row.iter().map(cell_text));
            grid.push(cells);
        }
        // Rows empty before merged ranges are spread over them stay empty rows.
        let blank: Vec<bool> = grid
            .iter()
            .map(|r| r.iter().all(|c| c.trim().is_empty()))
            .collect();
        let merged = merged_regions(&mut book, &name);
        let mut filled = 0;
        for (start, end) in merged {
            let value = grid
                .get(start.0 as usize)
                .and_then(|r| r.get(start.1 as usize))
                .cloned()
                .unwrap_or_default();
            for r in start.0..=end.0 {
                for c in start.1..=end.1 {
                    if (r, c) == start {
                        continue;
                    }
                    if let Some(cell) = grid
                        .get_mut(r as usize)
                        .and_then(|row| row.get_mut(c as usize))
                    {
                        if cell.is_empty() && !value.is_empty() {
                            *cell = value.clone();
                            filled += 1;
                        }
                    }
                }
            }
        }
        return Ok((sheets, name, grid, blank, filled));
    }
    Err(file_error(path, "has no sheet with data".into()))
}

/// The merged ranges of a sheet (.xlsx and .xls: the formats that have them).
pub(super) fn merged_regions<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<((u32, u32), (u32, u32))> {
    let dims = match book {
        Sheets::Xlsx(x) => x.worksheet_merge_cells(name).and_then(|r| r.ok()),
        Sheets::Xls(x) => x.worksheet_merge_cells(name),
        _ => None,
    };
    dims.unwrap_or_default()
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect()
}

/// A cell as text: whole numbers without ".0", dates as dd/mm/yyyy.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "sì" } else { "no" }.to_owned(),
        Data::DateTime(d) => match crate::formats::workbook::read::excel_millis(d.as_f64()) {
            Ok(ms) => {
                let iso = crate::dates::iso_date(ms);
                format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[..4])
            }
            Err(_) => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

pub(super) fn table_of(
    path: &Path,
    sheets: Vec<String>,
    sheet: String,
    grid: Vec<Vec<String>>,
    blank: &[bool],
    merged_cells: usize,
) -> Result<Table> {
    let filled = |row: &[String]| row.iter().filter(|c| !c.trim().is_empty()).count();
    // Distinct texts: a title merged across the columns is one text many times.
    let distinct = |row: &[String]| {
        let mut texts: Vec<&str> = row
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        texts.sort_unstable();
        texts.dedup();
        texts.len()
    };
    // The header is the first row, among the first 20, with at least two cells
    // and a name this import knows; else the first row with at least two cells
    // (a title or a blank line above the header is common).
    let known = |row: &[String]| {
        row.iter().any(|h| {
            guess_field(Subject::Organisations, h).is_some()
                || guess_field(Subject::People, h).is_some()
        })
    };
    let candidates: Vec<usize> = (0..grid.len().min(20))
        .filter(|i| distinct(&grid[*i]) >= 2)
        .collect();
    let header = candidates
        .iter()
        .copied()
        .find(|i| known(&grid[*i]))
        .or_else(|| candidates.first().copied())
        .ok_or_else(|| {
            file_error(
                path,
                "has no header row (a row naming the columns) in its first 20 rows".into(),
            )
        })?;
    let mut headers: Vec<String> = grid[header].iter().map(|h| h.trim().to_owned()).collect();
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    for (i, h) in headers.iter_mut().enumerate() {
        if h.is_empty() {
            *h = format!("Colonna {}", column_letter(i));
        }
    }
    let mut rows = Vec::new();
    let mut empty_rows = 0;
    for (i, row) in grid.iter().enumerate().skip(header + 1) {
        if filled(row) == 0 || blank.get(i).copied().unwrap_or(false) {
            empty_rows += 1;
            continue;
        }
        let mut cells: Vec<String> = row.iter().map(|c| c.trim().to_owned()).collect();
        cells.resize(headers.len().max(cells.len()), String::new());
        rows.push((i + 1, cells));
    }
    // Trailing empty rows are not "empty rows" anyone left in.
    let last = rows.last().map_or(header + 1, |(n, _)| *n);
    empty_rows = empty_rows.min(last.saturating_sub(header + 1 + rows.len()));
    Ok(Table {
        sheets,
        sheet,
        header_row: header + 1,
        headers,
        rows,
        empty_rows,
        merged_cells,
    })
}

/// "A", "B", … "Z", "AA" …: how a spreadsheet names column `i` (from 0).
pub fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
