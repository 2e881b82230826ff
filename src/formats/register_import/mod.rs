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

mod mapping;
mod read;
mod rows;
mod words;

pub use mapping::{
    describe_mapping, guess_field, guess_mapping, mapping_from_codes, mapping_from_json, Field,
    Mapping,
};
pub use read::{column_letter, read_table, Table};
pub use words::kind_from_words;

use rows::{organisation_row, person_row, Known};

use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::register::duplicates::{OrganisationIndex, PeopleIndex};
use crate::store::WriteTx;
use crate::text::fold;

/// What the rows describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Organisations,
    People,
}

impl Subject {
    /// The subject with this code ("organisations" or "people"); another code is an
    /// error naming `field`.
    pub fn parse(field: &str, code: &str) -> Result<Subject> {
        match code {
            "organisations" => Ok(Subject::Organisations),
            "people" => Ok(Subject::People),
            other => Err(Error::invalid(
                field,
                crate::Problem::BadFormat {
                    value: other.to_owned(),
                    expected: "organisations or people",
                },
            )),
        }
    }
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
            "phone_bad" => format!("phone '{v}' is not a phone number: left out"),
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

pub(super) fn check_mapping(subject: Subject, mapping: &Mapping) -> Result<()> {
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
pub(super) fn reason(e: &Error) -> Remark {
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
pub(super) fn territory_names(conn: &Connection) -> Result<HashMap<String, String>> {
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
