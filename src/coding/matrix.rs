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

fn text_or_null<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<Option<&'r str>> {
    r.get_ref(i)?
        .as_str_or_null()
        .map_err(|e| crate::error::Error::Internal(format!("column {i}: {e}")))
}

fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    Ok(text_or_null(r, i)?.unwrap_or(""))
}

/// The codes × cases matrix: every code not merged into another (the tree's
/// order) against every case that has a coded note (by name; "(nessuno)" last).
///
/// Counted on integers: each note gets an index and its case's index as the
/// notes are read once, each coded row (and each note's `#tags`) becomes a pair
/// (code row, note index), the pairs are sorted and deduplicated, and each pair
/// adds one to its cell. No text is copied per coded row.
pub fn matrix(conn: &Connection, cases: Cases) -> Result<Matrix> {
    let all = codebook::list(conn)?;
    let rows: Vec<Code> = all
        .iter()
        .filter(|c| c.merged_into.is_none())
        .cloned()
        .collect();
    let row_index: HashMap<&str, u32> = rows
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i as u32))
        .collect();
    // Any code (merged ones too) to the row it counts in.
    let row_of: HashMap<&str, u32> = all
        .iter()
        .filter_map(|c| Some((c.id.as_str(), *row_index.get(codebook::effective(c))?)))
        .collect();
    let by_tag: HashMap<&str, u32> = all
        .iter()
        .filter_map(|c| Some((c.tag.as_deref()?, *row_of.get(c.id.as_str())?)))
        .collect();

    let mut note_index: HashMap<String, u32> = HashMap::new();
    let mut note_case: Vec<u32> = Vec::new();
    let mut case_names: Vec<String> = Vec::new();
    let mut case_index: HashMap<String, u32> = HashMap::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    {
        let sql = format!(
            "SELECT n.id, n.tags, {} FROM notes n
             JOIN meetings m ON m.id = n.meeting_id
             LEFT JOIN territories t ON t.id = m.territory_id
             LEFT JOIN meeting_tables mt ON mt.id = n.table_id
             LEFT JOIN organisations o ON o.id = n.speaker_org_id
             LEFT JOIN people p ON p.id = n.speaker_id
             WHERE n.deleted = 0",
            cases.sql()
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let case = text_or_null(r, 2)?.unwrap_or(NONE);
            let ci = match case_index.get(case) {
                Some(&i) => i,
                None => {
                    let name = match cases.list() {
                        Some(list) if case != NONE => {
                            list.label_of(case).unwrap_or(case).to_owned()
                        }
                        _ => case.to_owned(),
                    };
                    // Two cases of one name (two territories called alike) are
                    // one column, as the reader sees them.
                    let i = match case_names.iter().position(|n| *n == name) {
                        Some(i) => i as u32,
                        None => {
                            case_names.push(name);
                            (case_names.len() - 1) as u32
                        }
                    };
                    case_index.insert(case.to_owned(), i);
                    i
                }
            };
            let ni = note_case.len() as u32;
            note_case.push(ci);
            for tag in text(r, 1)?.split_whitespace() {
                if let Some(&row) = by_tag.get(tag) {
                    pairs.push((row, ni));
                }
            }
            note_index.insert(r.get(0)?, ni);
        }
    }
    {
        let mut stmt = conn.prepare("SELECT note_id, code_id FROM codings WHERE deleted = 0")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(&row) = row_of.get(text(r, 1)?) else {
                continue;
            };
            // A note deleted (or never read) has no index: not counted.
            if let Some(&ni) = note_index.get(text(r, 0)?) {
                pairs.push((row, ni));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![vec![0usize; case_names.len()]; rows.len()];
    let mut used = vec![false; case_names.len()];
    for (row, ni) in pairs {
        let ci = note_case[ni as usize] as usize;
        counts[row as usize][ci] += 1;
        used[ci] = true;
    }
    let mut order: Vec<usize> = (0..case_names.len()).filter(|&c| used[c]).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&case_names[a], &case_names[b]);
        (a == NONE)
            .cmp(&(b == NONE))
            .then_with(|| crate::text::fold(a).cmp(&crate::text::fold(b)))
    });
    let cols = order.iter().map(|&c| case_names[c].clone()).collect();
    let cells = counts
        .iter()
        .map(|r| order.iter().map(|&c| r[c]).collect())
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

/// How often two codes are on one note: `counts[i][j]` notes coded with both
/// `codes[i]` and `codes[j]` (the diagonal: notes coded with the code at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoOccurrence {
    pub codes: Vec<Code>,
    pub counts: Vec<Vec<usize>>,
}

/// The co-occurrence of every code not merged into another, on notes.
pub fn co_occurrence(conn: &Connection) -> Result<CoOccurrence> {
    let coded = coded_notes(conn)?;
    let codes: Vec<Code> = codebook::list(conn)?
        .into_iter()
        .filter(|c| c.merged_into.is_none())
        .collect();
    let index: HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut by_note: HashMap<&str, Vec<usize>> = HashMap::new();
    for (code, notes) in &coded {
        if let Some(&i) = index.get(code.as_str()) {
            for n in notes {
                by_note.entry(n.as_str()).or_default().push(i);
            }
        }
    }
    let mut counts = vec![vec![0usize; codes.len()]; codes.len()];
    for list in by_note.values() {
        for &a in list {
            for &b in list {
                counts[a][b] += 1;
            }
        }
    }
    Ok(CoOccurrence { codes, counts })
}
