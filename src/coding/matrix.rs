//! The views researchers read: how often each code was used, and the codes ×
//! cases matrix — for each code and each case (a territory, a meeting, a theme,
//! a table, a note kind, the speaker's kind of organisation or operator
//! category), how many notes are coded with the code in that case, by a passage
//! or by the code's `#tag`. A cell's notes open its passages.
//!
//! Computed in memory from two reads (the notes with their case, the coded
//! passages), so a matrix of 100,000 notes and 300,000 passages needs no
//! temporary tables; see ARCHITECTURE.md, Measured.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::coding::codebook::{self, Code};
use crate::error::Result;
use crate::vocabulary::List;

/// What the columns of a matrix are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cases {
    Territory,
    Theme,
    Meeting,
    Table,
    Kind,
    OrgKind,
    Category,
}

impl Cases {
    pub const ALL: &'static [(&'static str, Cases)] = &[
        ("territory", Cases::Territory),
        ("theme", Cases::Theme),
        ("meeting", Cases::Meeting),
        ("table", Cases::Table),
        ("kind", Cases::Kind),
        ("org_kind", Cases::OrgKind),
        ("category", Cases::Category),
    ];

    /// Parses a code; the error names `field` and lists the codes.
    pub fn parse(field: &str, code: &str) -> Result<Cases> {
        crate::validate::choice(field, code, Cases::ALL)
    }

    /// The case of a note as SQL on `n` (the note), `m` (its meeting), `t` (its
    /// meeting's territory), `mt` (its table), `o` (its speaker's organisation),
    /// `p` (its speaker): a code or a name, NULL for none.
    fn sql(self) -> &'static str {
        match self {
            Cases::Territory => "t.name",
            Cases::Theme => "m.theme",
            Cases::Meeting => "m.date || ' ' || m.title",
            Cases::Table => "m.date || ' ' || m.title || ' — ' || mt.title",
            Cases::Kind => "n.kind",
            Cases::OrgKind => "o.kind",
            Cases::Category => "p.category",
        }
    }

    /// The list whose Italian labels name the cases, when the case is a code.
    fn list(self) -> Option<List> {
        match self {
            Cases::Theme => Some(List::Theme),
            Cases::Kind => Some(List::NoteKind),
            Cases::OrgKind => Some(List::OrgKind),
            Cases::Category => Some(List::OperatorCategory),
            _ => None,
        }
    }
}

/// The name of the column of notes that have no case (no territory, no table …).
pub const NONE: &str = "(nessuno)";

/// A matrix: `cells[r][c]` is the number of notes coded with `rows[r]` in the
/// case `cols[c]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub rows: Vec<Code>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<usize>>,
}

/// Every note's coding, code by code (merged codes counted as the code they went
/// into): `code id → the notes coded with it`, by passage or by tag.
pub fn coded_notes(conn: &Connection) -> Result<HashMap<String, HashSet<String>>> {
    let codes = codebook::list(conn)?;
    let effective: HashMap<&str, &str> = codes
        .iter()
        .map(|c| (c.id.as_str(), codebook::effective(c)))
        .collect();
    let by_tag: HashMap<&str, &str> = codes
        .iter()
        .filter_map(|c| Some((c.tag.as_deref()?, codebook::effective(c))))
        .collect();
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT c.note_id, c.code_id FROM codings c JOIN notes n ON n.id = c.note_id
         WHERE c.deleted = 0 AND n.deleted = 0",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(1)?;
        if let Some(e) = effective.get(code.as_str()) {
            out.entry((*e).to_owned()).or_default().insert(r.get(0)?);
        }
    }
    if !by_tag.is_empty() {
        let mut stmt =
            conn.prepare("SELECT id, tags FROM notes WHERE deleted = 0 AND tags != ''")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let tags: String = r.get(1)?;
            for tag in tags.split_whitespace() {
                if let Some(e) = by_tag.get(tag) {
                    out.entry((*e).to_owned()).or_default().insert(r.get(0)?);
                }
            }
        }
    }
    Ok(out)
}

/// How many notes each code is on (codes merged into others are left out).
pub fn frequencies(conn: &Connection) -> Result<Vec<(Code, usize)>> {
    let coded = coded_notes(conn)?;
    Ok(codebook::list(conn)?
        .into_iter()
        .filter(|c| c.merged_into.is_none())
        .map(|c| {
            let n = coded.get(&c.id).map_or(0, HashSet::len);
            (c, n)
        })
        .collect())
}

/// Each note's case: `note id → case name`.
pub fn case_of_notes(conn: &Connection, cases: Cases) -> Result<HashMap<String, String>> {
    let sql = format!(
        "SELECT n.id, {} FROM notes n
         JOIN meetings m ON m.id = n.meeting_id
         LEFT JOIN territories t ON t.id = m.territory_id
         LEFT JOIN meeting_tables mt ON mt.id = n.table_id
         LEFT JOIN organisations o ON o.id = n.speaker_org_id
         LEFT JOIN people p ON p.id = n.speaker_id
         WHERE n.deleted = 0",
        cases.sql()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let case: Option<String> = r.get(1)?;
        let name = match (case, cases.list()) {
            (None, _) => NONE.to_owned(),
            (Some(code), Some(list)) => list.label_of(&code).map_or(code, str::to_owned),
            (Some(name), None) => name,
        };
        out.insert(r.get(0)?, name);
    }
    Ok(out)
}

/// The codes × cases matrix: every code not merged into another (the tree's
/// order) against every case that has a coded note (by name; "(nessuno)" last).
pub fn matrix(conn: &Connection, cases: Cases) -> Result<Matrix> {
    let coded = coded_notes(conn)?;
    let case_of = case_of_notes(conn, cases)?;
    let rows: Vec<Code> = codebook::list(conn)?
        .into_iter()
        .filter(|c| c.merged_into.is_none())
        .collect();
    let mut counts: HashMap<(usize, &str), usize> = HashMap::new();
    let mut cols: Vec<String> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for (r, code) in rows.iter().enumerate() {
        for note in coded.get(&code.id).into_iter().flatten() {
            if let Some(case) = case_of.get(note) {
                *counts.entry((r, case.as_str())).or_default() += 1;
                if seen.insert(case.as_str()) {
                    cols.push(case.clone());
                }
            }
        }
    }
    cols.sort_by(|a, b| {
        (a == NONE)
            .cmp(&(b == NONE))
            .then_with(|| crate::text::fold(a).cmp(&crate::text::fold(b)))
    });
    let cells = (0..rows.len())
        .map(|r| {
            cols.iter()
                .map(|c| counts.get(&(r, c.as_str())).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    Ok(Matrix { rows, cols, cells })
}

/// The notes of one cell: coded with `code_id` in the case named `case`.
pub fn cell_notes(
    conn: &Connection,
    cases: Cases,
    code_id: &str,
    case: &str,
) -> Result<Vec<String>> {
    let coded = coded_notes(conn)?;
    let case_of = case_of_notes(conn, cases)?;
    let mut notes: Vec<String> = coded
        .get(code_id)
        .into_iter()
        .flatten()
        .filter(|n| case_of.get(*n).is_some_and(|c| c == case))
        .cloned()
        .collect();
    notes.sort();
    Ok(notes)
}
