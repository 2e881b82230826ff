//! "Proponi dalle raccomandazioni": a first draft made from what the meetings
//! recommended. One clause per recommendation not yet used nor set aside, or one
//! per group of recommendations sharing the same tags (at most
//! [`MAX_PER_CLAUSE`]), filed under its meeting's
//! theme (or, for a meeting of no single theme, under its TEAMS table), with the
//! notes' words as the first wording and the notes linked.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::error::Result;
use crate::store::ids::link_id;
use crate::store::schema::CLAUSES;
use crate::store::WriteTx;

use super::{builtin_section, candidates, clauses, Candidate};

/// What a proposal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub guidelines_id: String,
    pub clauses_added: usize,
    pub notes_used: usize,
}

/// The most recommendations one proposed clause gathers.
pub const MAX_PER_CLAUSE: usize = 8;

/// The TEAMS tables' sections, in the order of `meetings::TEMPLATE_TABLES`.
const TABLE_SECTIONS: [&str; 4] = ["governance", "community", "monitoring", "accessibility"];

/// The built-in section a note is filed under.
fn section_key(c: &Candidate) -> &'static str {
    match c.theme.as_deref() {
        Some("health") => return "health",
        Some("education") => return "education",
        Some("work") => return "work",
        Some("housing") => return "housing",
        _ => {}
    }
    if let Some(title) = &c.table {
        for (i, (template, _)) in crate::meetings::TEMPLATE_TABLES.iter().enumerate() {
            if title.trim() == *template {
                return TABLE_SECTIONS.get(i).copied().unwrap_or("other");
            }
        }
    }
    "other"
}

/// The notes a document already handles: used by a live clause, or set aside.
pub(crate) fn handled(conn: &Connection, guidelines_id: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare(
        "SELECT s.note_id FROM clause_sources s
         JOIN clauses c ON c.id = s.clause_id AND c.deleted = 0
         JOIN guideline_sections g ON g.id = c.section_id AND g.deleted = 0
         WHERE g.guidelines_id = ?1 AND s.deleted = 0
         UNION
         SELECT note_id FROM set_asides WHERE guidelines_id = ?1 AND deleted = 0",
    )?;
    let rows = stmt.query_map([guidelines_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Proposes clauses from the territory's recommendations not yet used nor set
/// aside (starting the document if needed), in one transaction.
pub fn propose(tx: &mut WriteTx<'_>, territory_id: &str) -> Result<Proposal> {
    let guidelines_id = super::open(tx, territory_id)?;
    let done = handled(tx.conn(), &guidelines_id)?;
    let open: Vec<Candidate> = candidates(tx.conn(), territory_id)?
        .into_iter()
        .filter(|c| c.kind == "recommendation" && !done.contains(&c.note_id))
        .collect();
    // Groups in the order of their first note: by section, and by the same tags
    // when the note has any.
    let mut groups: Vec<(&'static str, Vec<&Candidate>)> = Vec::new();
    let mut by_tags: HashMap<(&'static str, String), usize> = HashMap::new();
    for c in &open {
        let section = section_key(c);
        let mut tags: Vec<&str> = c.tags.split_whitespace().collect();
        if tags.is_empty() {
            groups.push((section, vec![c]));
            continue;
        }
        tags.sort_unstable();
        let key = (section, tags.join(" "));
        // A group stays a clause one can read: a new one starts past
        // MAX_PER_CLAUSE notes or when the words would not fit in a clause.
        let fits = |members: &Vec<&Candidate>| {
            members.len() < MAX_PER_CLAUSE
                && members
                    .iter()
                    .map(|m| m.text.chars().count() + 1)
                    .sum::<usize>()
                    + c.text.chars().count()
                    <= clauses::MAX_CLAUSE_CHARS
        };
        match by_tags.get(&key) {
            Some(&i) if fits(&groups[i].1) => groups[i].1.push(c),
            _ => {
                by_tags.insert(key, groups.len());
                groups.push((section, vec![c]));
            }
        }
    }
    let mut notes_used = 0;
    for (section, members) in &groups {
        let text = members
            .iter()
            .map(|c| crate::notes::without_tags(&c.text))
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let text = if text.trim().is_empty() {
            // A note of tags only: its words are the tags.
            members
                .iter()
                .map(|c| c.text.trim())
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            text
        };
        let ids: Vec<String> = members.iter().map(|c| c.note_id.clone()).collect();
        // Derived from the first note, so the same proposal made on two laptops
        // is one clause after sync.
        let mut id = link_id("proposed_clause", &guidelines_id, &ids[0]);
        if crate::validate::reference(tx.conn(), "clause", &CLAUSES, &id).is_ok() {
            // That clause lives on without this note (its source was unlinked).
            id = crate::store::ids::new_id();
        }
        clauses::insert(
            tx,
            &id,
            &builtin_section(&guidelines_id, section),
            &text,
            &ids,
        )?;
        notes_used += ids.len();
    }
    Ok(Proposal {
        guidelines_id,
        clauses_added: groups.len(),
        notes_used,
    })
}
