//! Import of organisations and people from the spreadsheets regional offices
//! already keep: .xlsx, .xls, .ods (calamine) and .csv (`;`, `,` or tab; UTF-8 or
//! Windows-1252, as Excel saves it on Italian Windows).
//!
//! Three steps, each usable on its own: [`read_table`] finds the header row and
//! the rows under it; [`guess_mapping`] proposes which column holds which field
//! (the user or `--mapping` can change it); [`import`] writes the rows in one
//! transaction and reports, row by row, what became of each: imported, merged with
//! a record that has the same name (see [`crate::register::duplicates`]), or rejected with
//! the reason. A file that cannot be read changes nothing; a rejected row does not
//! stop the others.

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, Sheets};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::register::duplicates::{self, Likeness, OrganisationIndex, PeopleIndex};
use crate::register::organisations::{self, NewOrganisation};
use crate::register::people::{self, NewPerson};
use crate::store::schema::{ORGANISATIONS, PEOPLE};
use crate::store::WriteTx;
use crate::text::{clean, fold};
use crate::vocabulary::{Level, OperatorCategory, OrgKind, Sector};

/// What the rows describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Organisations,
    People,
}

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

fn file_error(path: &Path, message: String) -> Error {
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
/// them with the separator the first line uses most.
fn csv_grid(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
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
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|s| first.bytes().filter(|b| b == s).count())
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
type Grid = (Vec<String>, String, Vec<Vec<String>>, Vec<bool>, usize);

fn spreadsheet_grid(path: &Path, wanted: Option<&str>) -> Result<Grid> {
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
fn merged_regions<RS: std::io::Read + std::io::Seek>(
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
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "sì" } else { "no" }.to_owned(),
        Data::DateTime(d) => match crate::formats::workbook::read::excel_millis(d.as_f64()) {
            Ok(ms) => {
                let iso = crate::store::clock::iso_date(ms);
                format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[..4])
            }
            Err(_) => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn table_of(
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

/// A field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    // Organisations.
    Name,
    ShortName,
    Kind,
    Public,
    Level,
    Sectors,
    Territory,
    Country,
    Address,
    Email,
    Phone,
    Tags,
    Influence,
    Interest,
    Notes,
    // People.
    GivenName,
    FamilyName,
    /// "Rossi Maria": the family name first.
    FamilyThenGiven,
    /// "Maria Rossi": the given name first.
    GivenThenFamily,
    Organisation,
    Role,
    Category,
    PublicOperator,
    Languages,
    Interpreter,
}

impl Field {
    /// The fields of a subject, in the order the mapping step lists them.
    pub fn of(subject: Subject) -> &'static [Field] {
        use Field::*;
        match subject {
            Subject::Organisations => &[
                Name, ShortName, Kind, Public, Level, Sectors, Territory, Country, Address, Email,
                Phone, Tags, Influence, Interest, Notes,
            ],
            Subject::People => &[
                FamilyName,
                GivenName,
                FamilyThenGiven,
                GivenThenFamily,
                Organisation,
                Role,
                Category,
                PublicOperator,
                Email,
                Phone,
                Languages,
                Interpreter,
            ],
        }
    }

    /// The code used in mapping files (`"Denominazione": "name"`).
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn parse(code: &str) -> Option<Field> {
        serde_json::from_value(serde_json::Value::String(code.trim().to_owned())).ok()
    }

    /// The field a code names, if it is one of `subject`'s.
    pub fn of_subject(subject: Subject, code: &str) -> Option<Field> {
        Field::parse(code).filter(|f| Field::of(subject).contains(f))
    }
}

/// Header words that name each field, folded; a header naming a field contains
/// one of them (checked in this order, so "nome ente" is the organisation before
/// "nome" is the given name).
fn synonyms(subject: Subject) -> &'static [(Field, &'static [&'static str])] {
    use Field::*;
    match subject {
        Subject::Organisations => &[
            (
                ShortName,
                &["sigla", "acronimo", "short name", "abbreviazione"],
            ),
            (
                Kind,
                &["tipolog", "tipo", "natura", "categoria", "kind", "type"],
            ),
            (Public, &["pubblico", "privato", "public"]),
            (Level, &["livello", "level", "ambito territoriale"]),
            (
                Sectors,
                &["settor", "ambit", "area di intervento", "sector"],
            ),
            (
                Territory,
                &[
                    "territorio",
                    "comune",
                    "provincia",
                    "citta",
                    "sede",
                    "territory",
                    "localita",
                ],
            ),
            (Country, &["paese", "nazione", "stato", "country"]),
            (Address, &["indirizzo", "via", "address"]),
            (Email, &["e-mail", "email", "mail", "pec", "posta"]),
            (
                Phone,
                &["telefono", "tel", "cellulare", "phone", "recapito"],
            ),
            (Tags, &["tag", "etichett", "parole chiave"]),
            (Influence, &["influenza", "potere", "influence", "power"]),
            (Interest, &["interesse", "interest"]),
            (Notes, &["note", "osservazion", "descrizione", "notes"]),
            (
                Name,
                &[
                    "denominazione",
                    "ragione sociale",
                    "ente",
                    "nome",
                    "organizzazione",
                    "name",
                ],
            ),
        ],
        Subject::People => &[
            (
                FamilyThenGiven,
                &["cognome e nome", "nominativo", "cognome nome"],
            ),
            (
                GivenThenFamily,
                &["nome e cognome", "nome cognome", "full name"],
            ),
            (
                FamilyName,
                &["cognome", "family name", "surname", "last name"],
            ),
            (
                Organisation,
                &[
                    "ente",
                    "organizzazione",
                    "struttura",
                    "amministrazione",
                    "organisation",
                ],
            ),
            (
                Role,
                &["ruolo", "qualifica", "funzione", "incarico", "role"],
            ),
            (Category, &["categoria", "category"]),
            (
                PublicOperator,
                &["operatore pubblico", "pubblico", "public"],
            ),
            (Email, &["e-mail", "email", "mail", "pec"]),
            (Phone, &["telefono", "tel", "cellulare", "phone"]),
            (Languages, &["lingu", "language"]),
            (Interpreter, &["interprete", "mediatore", "interpreter"]),
            (GivenName, &["nome", "given name", "first name"]),
        ],
    }
}

/// The field a header most likely names, if any.
pub fn guess_field(subject: Subject, header: &str) -> Option<Field> {
    let h = fold(header);
    let h = h.trim();
    if h.is_empty() {
        return None;
    }
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    synonyms(subject)
        .iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                if n.contains(' ') {
                    h.contains(n)
                } else {
                    // One word: the start of a word of the header ("settor" in
                    // "Settori"), never the middle ("nazione" in "Denominazione").
                    words.iter().any(|w| w.starts_with(n))
                }
            })
        })
        .map(|(f, _)| *f)
}

/// Column index → field: one field per column, each field at most once.
pub type Mapping = Vec<Option<Field>>;

/// The mapping proposed from the headers.
pub fn guess_mapping(subject: Subject, headers: &[String]) -> Mapping {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let f = guess_field(subject, h).filter(|f| !taken.contains(f))?;
            taken.push(f);
            Some(f)
        })
        .collect()
}

/// Reads a mapping file: a JSON object from header to field code, e.g.
/// `{"Denominazione": "name", "Comune": "territory"}`; a header set to null or
/// "" is left out. Columns the file does not name keep the proposed field.
pub fn mapping_from_json(
    subject: Subject,
    headers: &[String],
    json: &str,
    source: &str,
) -> Result<Mapping> {
    let bad = |message: String| Error::File {
        path: source.to_owned(),
        message,
    };
    let object: HashMap<String, Option<String>> = serde_json::from_str(json).map_err(|e| {
        bad(format!(
            "is not a mapping (a JSON object such as {{\"Denominazione\": \"name\"}}): {e}"
        ))
    })?;
    let mut mapping = guess_mapping(subject, headers);
    for (header, code) in &object {
        let Some(column) = headers.iter().position(|h| fold(h) == fold(header)) else {
            return Err(bad(format!(
                "names the column '{header}', which the sheet does not have (its columns: {})",
                headers.join(", ")
            )));
        };
        let field = match code.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => {
                let f = Field::of_subject(subject, code);
                Some(f.ok_or_else(|| {
                    bad(format!(
                        "maps '{header}' to '{code}', which is not a field of {}: use one of {}",
                        match subject {
                            Subject::Organisations => "organisations",
                            Subject::People => "people",
                        },
                        Field::of(subject)
                            .iter()
                            .map(|f| f.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?)
            }
        };
        // The named field leaves any other column that had it.
        if let Some(f) = field {
            for m in mapping.iter_mut() {
                if *m == Some(f) {
                    *m = None;
                }
            }
        }
        mapping[column] = field;
    }
    Ok(mapping)
}

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Imported,
    /// Same name as a record already in the register (or earlier in the file):
    /// its empty fields were filled in from the row.
    Merged,
    Rejected,
}

/// A remark on a row: what was left out or guessed, what it was merged with, why
/// it was rejected. `code` is stable (the app translates it); [`Remark::english`]
/// is the command line's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remark {
    pub code: &'static str,
    /// The cell's text, or the name of the record it matched.
    pub value: String,
    /// For `invalid`: the field, and the problem's code.
    pub field: Option<String>,
    pub problem: Option<String>,
}

impl Remark {
    fn new(code: &'static str, value: impl Into<String>) -> Remark {
        Remark {
            code,
            value: value.into(),
            field: None,
            problem: None,
        }
    }

    pub fn english(&self) -> String {
        let v = &self.value;
        match self.code {
            "same_organisation" => format!("same organisation as '{v}' already in the register"),
            "same_person" => format!("same person as '{v}' already in the register"),
            "looks_like" => {
                format!("looks like '{v}' already in the register: check whether it is the same")
            }
            "kind_unknown" => format!("type '{v}' not recognised: taken from the name, or 'other'"),
            "level_unknown" => format!("level '{v}' not recognised: set from the type"),
            "public_unknown" => format!("public/private '{v}' not recognised: set from the type"),
            "sector_unknown" => format!("sector '{v}' not recognised: left out"),
            "territory_unknown" => {
                format!("territory '{v}' is not in the list of territories: left empty")
            }
            "country_bad" => format!("country '{v}' is not a two-letter code: left out"),
            "email_bad" => format!("e-mail '{v}' is not an address: left out"),
            "influence_bad" => format!("influence '{v}' is not a score from 1 to 5: left out"),
            "interest_bad" => format!("interest '{v}' is not a score from 1 to 5: left out"),
            "category_unknown" => format!("category '{v}' not recognised: left empty"),
            "public_operator_unknown" => {
                format!("public operator '{v}' not recognised: set from the organisation")
            }
            "organisation_added" => {
                format!("organisation '{v}' was not in the register: added")
            }
            "organisation_unknown" => {
                format!("organisation '{v}' is not in the register: left empty")
            }
            _ => v.clone(),
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowReport {
    /// The spreadsheet row number.
    pub row: usize,
    pub outcome: Outcome,
    /// The name the row gave (empty when it gave none).
    pub name: String,
    /// The record the row went into.
    pub id: Option<String>,
    /// Why it was rejected, what it was merged with, what was left out.
    pub remarks: Vec<Remark>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub rows: Vec<RowReport>,
    pub imported: usize,
    pub merged: usize,
    pub rejected: usize,
    pub empty_rows: usize,
    pub merged_cells: usize,
}

/// Imports the table's rows in one transaction of `store`, or with `dry_run`
/// rehearses it (the same report, nothing written): the command line's
/// `--dry-run` and the app's preview.
pub fn import_into(
    store: &mut crate::Store,
    subject: Subject,
    table: &Table,
    mapping: &Mapping,
    options: &Options,
    dry_run: bool,
) -> Result<Report> {
    let run = |tx: &mut WriteTx<'_>| import(tx, subject, table, mapping, options);
    if dry_run {
        store.rehearse(run)
    } else {
        store.write(run)
    }
}

/// Choices an import leaves to the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// People: an organisation named on a row and not in the register is added
    /// to it (reported per row); when false the person is imported without an
    /// organisation and the row says which name was not found.
    pub add_unknown_organisations: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            add_unknown_organisations: true,
        }
    }
}

/// Imports the table's rows into the register, in the caller's transaction (one
/// per import: a failure of the database rolls back every row).
pub fn import(
    tx: &mut WriteTx<'_>,
    subject: Subject,
    table: &Table,
    mapping: &Mapping,
    options: &Options,
) -> Result<Report> {
    check_mapping(subject, mapping)?;
    let territories = territory_names(tx.conn())?;
    // Read once: every row is compared with the register and with the rows before.
    let mut known = Known {
        organisations: OrganisationIndex::load(tx.conn())?,
        people: match subject {
            Subject::People => PeopleIndex::load(tx.conn())?,
            Subject::Organisations => PeopleIndex::empty(),
        },
        add_unknown_organisations: options.add_unknown_organisations,
    };
    let mut rows = Vec::with_capacity(table.rows.len());
    for (number, cells) in &table.rows {
        let mut values: HashMap<Field, String> = HashMap::new();
        for (i, field) in mapping.iter().enumerate() {
            let (Some(field), Some(cell)) = (field, cells.get(i)) else {
                continue;
            };
            if !cell.trim().is_empty() {
                values.insert(*field, cell.trim().to_owned());
            }
        }
        let mut report = RowReport {
            row: *number,
            outcome: Outcome::Imported,
            name: String::new(),
            id: None,
            remarks: Vec::new(),
        };
        let result = match subject {
            Subject::Organisations => {
                organisation_row(tx, &values, &territories, &mut known, &mut report)
            }
            Subject::People => person_row(tx, &values, &mut known, &mut report),
        };
        if let Err(e) = result {
            match e {
                // Only the database failing stops the import (and rolls it back).
                Error::Storage(_) => return Err(e),
                other => {
                    report.outcome = Outcome::Rejected;
                    report.id = None;
                    report.remarks.insert(0, reason(&other));
                }
            }
        }
        rows.push(report);
    }
    let count = |o: Outcome| rows.iter().filter(|r| r.outcome == o).count();
    Ok(Report {
        imported: count(Outcome::Imported),
        merged: count(Outcome::Merged),
        rejected: count(Outcome::Rejected),
        empty_rows: table.empty_rows,
        merged_cells: table.merged_cells,
        rows,
    })
}

fn check_mapping(subject: Subject, mapping: &Mapping) -> Result<()> {
    let has = |f: Field| mapping.contains(&Some(f));
    let ok = match subject {
        Subject::Organisations => has(Field::Name),
        Subject::People => {
            (has(Field::FamilyName) && has(Field::GivenName))
                || has(Field::FamilyThenGiven)
                || has(Field::GivenThenFamily)
        }
    };
    if ok {
        return Ok(());
    }
    Err(Error::Conflict(match subject {
        Subject::Organisations => {
            "no column holds the organisation's name: map one column to 'name'".into()
        }
        Subject::People => "no columns hold the people's names: map 'family_name' and 'given_name', or one column to 'family_then_given' or 'given_then_family'".into(),
    }))
}

/// A rejection reason as a remark.
fn reason(e: &Error) -> Remark {
    match e {
        Error::Invalid { field, problem } => Remark {
            code: "invalid",
            value: format!("{field}: {problem}"),
            field: Some(field.clone()),
            problem: Some(problem.code().to_owned()),
        },
        other => Remark::new("invalid", other.to_string()),
    }
}

/// Folded territory name → id (the names of the register's territories).
fn territory_names(conn: &Connection) -> Result<HashMap<String, String>> {
    // Where a province and its chief town share a name, the town wins: a
    // registry's "Potenza" is the address of an office.
    let mut stmt = conn.prepare(
        "SELECT name, id FROM territories WHERE deleted = 0
         ORDER BY CASE kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1
                            WHEN 'province' THEN 2 ELSE 3 END, id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (name, id) = row?;
        out.entry(fold(&name)).or_insert(id);
    }
    Ok(out)
}

/// The type of an organisation from the words offices use ("ASP", "Comune",
/// "Cooperativa sociale" …), or from its code.
pub fn kind_from_words(text: &str) -> Option<OrgKind> {
    if let Ok(k) = OrgKind::parse("kind", text.trim()) {
        return Some(k);
    }
    let t = format!(
        " {} ",
        fold(text).replace(|c: char| !c.is_alphanumeric(), " ")
    );
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    use OrgKind::*;
    let kind = if has(&[" regione ", " regionale "]) && !has(&[" ufficio scolastico "]) {
        Region
    } else if has(&[
        " asl ",
        " asp ",
        " asm ",
        " azienda sanitaria",
        " sanitari",
        " ospedal",
        " consultorio",
        " ausl ",
        " health",
    ]) {
        HealthAgency
    } else if has(&[
        " prefettura",
        " questura",
        " polizia",
        " carabinieri",
        " police",
    ]) {
        Prefecture
    } else if has(&[
        " centro per l impiego",
        " centri per l impiego",
        " cpi ",
        " impiego ",
    ]) {
        JobCentre
    } else if has(&[" universita", " university", " ateneo"]) {
        University
    } else if has(&[
        " scuola",
        " cpia ",
        " istituto comprensivo",
        " liceo",
        " istituto ",
        " ufficio scolastico",
        " school",
    ]) {
        School
    } else if has(&[
        " comune ",
        " municipio",
        " unione dei comuni",
        " citta di",
        " municipality",
    ]) {
        Municipality
    } else if has(&[" migranti", " comunita ", " diaspora", " stranieri"]) && has(&[" associazion"])
    {
        MigrantAssociation
    } else if has(&[
        " sindacat",
        " cgil ",
        " cisl ",
        " uil ",
        " ugl ",
        " trade union",
    ]) {
        TradeUnion
    } else if has(&[
        " caritas",
        " diocesi",
        " parrocchia",
        " chiesa",
        " religios",
        " moschea",
    ]) {
        Religious
    } else if has(&[
        " cooperativ",
        " associazion",
        " terzo settore",
        " ets ",
        " aps ",
        " odv ",
        " onlus",
        " fondazion",
        " volontariato",
    ]) {
        ThirdSector
    } else if has(&[
        " impresa",
        " azienda",
        " srl ",
        " s r l ",
        " spa ",
        " s p a ",
        " datore",
        " confindustria",
        " coldiretti",
        " confagricoltura",
    ]) {
        Employer
    } else if has(&[" partner estero", " estero", " foreign"]) {
        ForeignPartner
    } else if has(&[" altro ", " other "]) {
        Other
    } else {
        return None;
    };
    Some(kind)
}

fn level_from_words(text: &str) -> Option<Level> {
    if let Ok(l) = Level::parse("level", text.trim()) {
        return Some(l);
    }
    let t = fold(text);
    if t.contains("europ") || t.trim() == "ue" {
        Some(Level::Eu)
    } else if t.contains("nazional") || t.contains("national") {
        Some(Level::National)
    } else if t.contains("regional") {
        Some(Level::Regional)
    } else if ["local", "provincial", "comunal", "territorial", "distrett"]
        .iter()
        .any(|w| t.contains(w))
    {
        Some(Level::Local)
    } else {
        None
    }
}

/// The usual level of an organisation of this type.
fn usual_level(kind: OrgKind) -> Level {
    match kind {
        OrgKind::Region => Level::Regional,
        OrgKind::ForeignPartner => Level::Eu,
        _ => Level::Local,
    }
}

fn sector_from_words(text: &str) -> Option<Sector> {
    if let Ok(s) = Sector::parse("sectors", text.trim()) {
        return Some(s);
    }
    let t = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Some(if has(&["sanit", "salute", "health"]) {
        Sector::Health
    } else if has(&[
        "servizi social",
        "sociale",
        "social",
        "welfare",
        "assistenz",
    ]) {
        Sector::SocialServices
    } else if has(&["formazion", "training"]) {
        Sector::Training
    } else if has(&["istruzion", "scuol", "educa"]) {
        Sector::Education
    } else if has(&["lavor", "occupa", "impiego", "work"]) {
        Sector::Work
    } else if has(&["casa", "abitat", "allogg", "housing"]) {
        Sector::Housing
    } else if has(&["sicurezz", "ordine pubblico", "security"]) {
        Sector::Security
    } else {
        return None;
    })
}

fn category_from_words(text: &str) -> Option<OperatorCategory> {
    if let Ok(c) = OperatorCategory::parse("category", text.trim()) {
        return Some(c);
    }
    let t = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    use OperatorCategory::*;
    Some(if has(&["dirigent", "apical", "manager", "responsabil"]) {
        SeniorManager
    } else if has(&["animator"]) {
        ServicesAnimator
    } else if has(&["servizi social", "assistente social", "social"]) {
        SocialServices
    } else if has(&["sanit", "medic", "infermier", "salute"]) {
        Health
    } else if has(&["sicurezz", "polizia", "forze dell", "prefettur", "questur"]) {
        Security
    } else if has(&["scuol", "formazion", "docent", "insegnant", "istruzion"]) {
        SchoolTraining
    } else if has(&["terzo settore", "cooperativ", "associazion", "volontar"]) {
        ThirdSector
    } else if has(&["produttiv", "impres", "aziend", "datori"]) {
        ProductiveSystem
    } else {
        return None;
    })
}

/// Yes/no as spreadsheets write it; `None` when it is neither.
fn yes_no(text: &str) -> Option<bool> {
    match fold(text).trim() {
        "si" | "s" | "x" | "1" | "vero" | "true" | "yes" | "y" | "pubblico" | "pubblica"
        | "public" => Some(true),
        "no" | "n" | "0" | "falso" | "false" | "privato" | "privata" | "private" => Some(false),
        _ => None,
    }
}

/// A list cell ("sanità, lavoro; casa") split into its items.
fn items(text: &str) -> Vec<String> {
    text.split([',', ';', '/', '|', '\n'])
        .flat_map(|part| part.split(" e "))
        .filter_map(clean)
        .collect()
}

/// A 1–5 score written as a number ("4", "4,0").
fn score(text: &str) -> Option<u8> {
    let n: f64 = text.trim().replace(',', ".").parse().ok()?;
    (n.fract() == 0.0 && (1.0..=5.0).contains(&n)).then_some(n as u8)
}

/// The territory a cell names: its name, or a name followed by "(PZ)" or "- PZ".
fn territory_of(text: &str, territories: &HashMap<String, String>) -> Option<String> {
    let folded = fold(text);
    let candidates = [
        folded.trim().to_owned(),
        folded
            .split(['(', '-', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_owned(),
        folded
            .trim_start_matches("comune di ")
            .trim_start_matches("provincia di ")
            .trim_start_matches("regione ")
            .trim()
            .to_owned(),
    ];
    candidates
        .iter()
        .find_map(|c| territories.get(c.as_str()).cloned())
}

/// The register as the import goes: what was there, plus what it has added.
struct Known {
    organisations: OrganisationIndex,
    people: PeopleIndex,
    add_unknown_organisations: bool,
}

fn organisation_row(
    tx: &mut WriteTx<'_>,
    values: &HashMap<Field, String>,
    territories: &HashMap<String, String>,
    known: &mut Known,
    report: &mut RowReport,
) -> Result<()> {
    let get = |f: Field| values.get(&f).map(String::as_str);
    let name = get(Field::Name).and_then(clean).unwrap_or_default();
    report.name = name.clone();
    if name.is_empty() {
        return Err(Error::invalid("name", crate::error::Problem::Required));
    }
    let mut note = |code: &'static str, value: &str| report.remarks.push(Remark::new(code, value));
    let kind = match get(Field::Kind) {
        Some(k) => kind_from_words(k).unwrap_or_else(|| {
            let guessed = kind_from_words(&name);
            note("kind_unknown", k);
            guessed.unwrap_or(OrgKind::Other)
        }),
        None => kind_from_words(&name).unwrap_or(OrgKind::Other),
    };
    let level = match get(Field::Level) {
        Some(l) => level_from_words(l).unwrap_or_else(|| {
            note("level_unknown", l);
            usual_level(kind)
        }),
        None => usual_level(kind),
    };
    let is_public = get(Field::Public).and_then(|p| {
        let v = yes_no(p);
        if v.is_none() {
            note("public_unknown", p);
        }
        v
    });
    let mut sectors = Vec::new();
    for item in get(Field::Sectors).map(items).unwrap_or_default() {
        match sector_from_words(&item) {
            Some(s) => sectors.push(s),
            None => note("sector_unknown", &item),
        }
    }
    let territory_id = get(Field::Territory).and_then(|t| {
        let id = territory_of(t, territories);
        if id.is_none() {
            note("territory_unknown", t);
        }
        id
    });
    let country = get(Field::Country).and_then(|c| {
        let c = c.trim();
        if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            Some(c.to_ascii_uppercase())
        } else if fold(c) == "italia" || fold(c) == "italy" {
            Some("IT".into())
        } else {
            note("country_bad", c);
            None
        }
    });
    let email = get(Field::Email).and_then(|e| {
        let first = items(e).into_iter().next().unwrap_or_default();
        match crate::validate::email("email", Some(&first)) {
            Ok(v) => v,
            Err(_) => {
                note("email_bad", e);
                None
            }
        }
    });
    let mut scored = |f: Field, code: &'static str| {
        get(f).and_then(|s| match score(s) {
            Some(v) => Some(v),
            None => {
                note(code, s);
                None
            }
        })
    };
    let influence = scored(Field::Influence, "influence_bad");
    let interest = scored(Field::Interest, "interest_bad");
    let new = NewOrganisation {
        name: name.clone(),
        short_name: get(Field::ShortName).map(str::to_owned),
        kind,
        is_public,
        level,
        sectors,
        territory_id,
        country,
        email,
        phone: get(Field::Phone).map(str::to_owned),
        notes: get(Field::Notes).unwrap_or_default().to_owned(),
        address: get(Field::Address).map(str::to_owned),
        tags: get(Field::Tags)
            .map(|t| t.split([',', ';', ' ']).map(str::to_owned).collect())
            .unwrap_or_default(),
        influence,
        interest,
    };

    let found = known.organisations.find(&name, None, 1).into_iter().next();
    let found = match found {
        Some((l, id)) => Some((l, organisations::get(tx.conn(), &id)?)),
        None => None,
    };
    match found {
        Some((Likeness::Same, existing)) => {
            let values = organisations::validated(tx.conn(), &new)?;
            duplicates::fill_gaps(tx, &ORGANISATIONS, &existing.id, &values)?;
            report.outcome = Outcome::Merged;
            report
                .remarks
                .insert(0, Remark::new("same_organisation", &existing.name));
            report.id = Some(existing.id);
        }
        similar => {
            let made = organisations::create(tx, &new)?;
            known
                .organisations
                .add(made.id.clone(), &made.name, made.short_name.as_deref());
            if let Some((_, like)) = similar {
                report.remarks.push(Remark::new("looks_like", &like.name));
            }
            report.id = Some(made.id);
        }
    }
    Ok(())
}

fn person_row(
    tx: &mut WriteTx<'_>,
    values: &HashMap<Field, String>,
    known: &mut Known,
    report: &mut RowReport,
) -> Result<()> {
    let get = |f: Field| values.get(&f).map(String::as_str);
    let (given, family) = if let Some(both) = get(Field::FamilyThenGiven) {
        let mut words = both.split_whitespace();
        let family = words.next().unwrap_or_default().to_owned();
        (words.collect::<Vec<_>>().join(" "), family)
    } else if let Some(both) = get(Field::GivenThenFamily) {
        let mut words: Vec<&str> = both.split_whitespace().collect();
        let family = words.pop().unwrap_or_default().to_owned();
        (words.join(" "), family)
    } else {
        (
            get(Field::GivenName).unwrap_or_default().to_owned(),
            get(Field::FamilyName).unwrap_or_default().to_owned(),
        )
    };
    report.name = format!("{family} {given}").trim().to_owned();
    if family.trim().is_empty() {
        return Err(Error::invalid(
            "family_name",
            crate::error::Problem::Required,
        ));
    }
    if given.trim().is_empty() {
        return Err(Error::invalid(
            "given_name",
            crate::error::Problem::Required,
        ));
    }
    let mut note = |code: &'static str, value: &str| report.remarks.push(Remark::new(code, value));
    let organisation_id = match get(Field::Organisation) {
        None => None,
        Some(org) => match known
            .organisations
            .find(org, None, 1)
            .into_iter()
            .find(|(l, _)| *l == Likeness::Same)
        {
            Some((_, id)) => Some(id),
            None if !known.add_unknown_organisations => {
                note("organisation_unknown", org);
                None
            }
            None => {
                let kind = kind_from_words(org).unwrap_or(OrgKind::Other);
                let made = organisations::create(
                    tx,
                    &NewOrganisation::named(org, kind, usual_level(kind)),
                )?;
                known
                    .organisations
                    .add(made.id.clone(), &made.name, made.short_name.as_deref());
                note("organisation_added", org);
                Some(made.id)
            }
        },
    };
    let category = get(Field::Category).and_then(|c| {
        let v = category_from_words(c);
        if v.is_none() {
            note("category_unknown", c);
        }
        v
    });
    let is_public_operator = get(Field::PublicOperator).and_then(|p| {
        let v = yes_no(p);
        if v.is_none() {
            note("public_operator_unknown", p);
        }
        v
    });
    let email = get(Field::Email).and_then(|e| match crate::validate::email("email", Some(e)) {
        Ok(v) => v,
        Err(_) => {
            note("email_bad", e);
            None
        }
    });
    let needs_interpreter = get(Field::Interpreter).and_then(yes_no).unwrap_or(false);
    let new = NewPerson {
        given_name: given.clone(),
        family_name: family.clone(),
        organisation_id,
        role: get(Field::Role).map(str::to_owned),
        category,
        is_public_operator,
        email: email.clone(),
        phone: get(Field::Phone).map(str::to_owned),
        languages: get(Field::Languages).map(items).unwrap_or_default(),
        needs_interpreter,
    };
    let same = known
        .people
        .find(&given, &family, email.as_deref(), None, 1)
        .into_iter()
        .next();
    match same {
        Some(id) => {
            let existing = people::get(tx.conn(), &id)?;
            let values = people::validated(tx.conn(), &new)?;
            duplicates::fill_gaps(tx, &PEOPLE, &existing.id, &values)?;
            report.outcome = Outcome::Merged;
            let name = format!("{} {}", existing.family_name, existing.given_name);
            report.remarks.insert(0, Remark::new("same_person", name));
            report.id = Some(existing.id);
        }
        None => {
            let made = people::create(tx, &new)?;
            known.people.add(
                made.id.clone(),
                &made.given_name,
                &made.family_name,
                made.email.as_deref(),
            );
            report.id = Some(made.id);
        }
    }
    Ok(())
}

/// Every column's field code, for the CLI's "mapping used" line.
pub fn describe_mapping(headers: &[String], mapping: &Mapping) -> Vec<(String, Option<String>)> {
    headers
        .iter()
        .zip(mapping.iter())
        .map(|(h, f)| (h.clone(), f.map(Field::code)))
        .collect()
}
