//! Where a note came from, as the things built on notes cite it: a clause of the
//! guidelines, a co-design action. The note's words, the kind and type of its
//! speaker's organisation (never the speaker's name: these lines travel in
//! documents), its table, its meeting and the day. A note deleted after it was
//! cited stays a source marked removed, never a dangling link.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::vocabulary::{NoteKind, OrgKind};

/// A cited note.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub note_id: String,
    /// The note's words (empty for a note that was removed).
    pub text: String,
    pub kind: Option<NoteKind>,
    /// The speaker's organisation, by name, and its type.
    pub organisation: Option<String>,
    pub organisation_kind: Option<OrgKind>,
    /// The table's title and its number in the meeting (1-based).
    pub table: Option<(String, i64)>,
    pub meeting_id: String,
    pub meeting_title: String,
    /// YYYY-MM-DD.
    pub meeting_date: String,
    /// The note (or its meeting) was deleted after it was cited.
    pub removed: bool,
}

impl Source {
    /// "Incontro Salute – Potenza, 05/03/2024, tavolo 2 — Cooperativa sociale Il
    /// Ponte", as a document's footnote gives it.
    pub fn citation(&self) -> String {
        let mut line = format!(
            "{}, {}",
            self.meeting_title,
            crate::dates::italian(&self.meeting_date)
        );
        if let Some((_, number)) = &self.table {
            line.push_str(&format!(", tavolo {number}"));
        }
        if let Some(org) = &self.organisation {
            line.push_str(&format!(" \u{2014} {org}"));
        }
        if self.removed {
            line.push_str(" (fonte rimossa)");
        }
        line
    }
}

/// The note `note_id` as a source; `None` only when no such note was ever held.
/// (Many notes at once: [`Reader`].)
pub fn source(conn: &Connection, note_id: &str) -> Result<Option<Source>> {
    Reader::new(conn)?.get(note_id)
}

/// Reads many sources: the tables' numbers in their meetings are read once.
pub struct Reader<'c> {
    conn: &'c Connection,
    /// Table id → its number in its meeting (1-based, live tables by position).
    numbers: HashMap<String, i64>,
}

impl<'c> Reader<'c> {
    pub fn new(conn: &'c Connection) -> Result<Reader<'c>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, row_number() OVER (PARTITION BY meeting_id ORDER BY position, id)
             FROM meeting_tables WHERE deleted = 0",
        )?;
        let numbers = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Reader { conn, numbers })
    }

    /// The notes `ids` as sources, in that order (a note never held is left out).
    pub fn get_all<S: AsRef<str>>(&self, ids: &[S]) -> Result<Vec<Source>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(source) = self.get(id.as_ref())? {
                out.push(source);
            }
        }
        Ok(out)
    }

    /// The note `note_id` as a source; `None` only when no such note was ever held.
    pub fn get(&self, note_id: &str) -> Result<Option<Source>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.id, n.text, n.kind, o.name, o.kind, k.title, k.id,
                    m.id, m.title, m.date, n.deleted OR m.deleted
             FROM notes n JOIN meetings m ON m.id = n.meeting_id
             LEFT JOIN organisations o ON o.id = n.speaker_org_id
             LEFT JOIN meeting_tables k ON k.id = n.table_id
             WHERE n.id = ?1",
        )?;
        let found = stmt
            .query_row([note_id], |r| {
                let kind: Option<String> = r.get(2)?;
                let org_kind: Option<String> = r.get(4)?;
                let table: Option<String> = r.get(5)?;
                let table_id: Option<String> = r.get(6)?;
                let removed: bool = r.get(10)?;
                let number = table_id
                    .and_then(|id| self.numbers.get(&id).copied())
                    .unwrap_or(0);
                Ok(Source {
                    note_id: r.get(0)?,
                    text: if removed { String::new() } else { r.get(1)? },
                    kind: kind.and_then(|k| NoteKind::parse("kind", &k).ok()),
                    organisation: r.get(3)?,
                    organisation_kind: org_kind.and_then(|k| OrgKind::parse("kind", &k).ok()),
                    table: table.map(|t| (t, number)),
                    meeting_id: r.get(7)?,
                    meeting_title: r.get(8)?,
                    meeting_date: r.get(9)?,
                    removed,
                })
            })
            .optional()?;
        Ok(found)
    }
}

/// After `from` was merged into `into`, what cited `from` cites `into`: the
/// clauses of the guidelines, the co-design actions, the set-aside lists. (A
/// merge made on another laptop before these links existed there leaves the
/// link on the deleted note, shown as a removed source.)
pub(crate) fn follow_merge(
    tx: &mut crate::store::WriteTx<'_>,
    from: &str,
    into: &str,
) -> Result<()> {
    use crate::store::ids::link_id;
    use crate::store::schema::{ACTION_LINKS, CLAUSE_SOURCES, SET_ASIDES};
    let ids = |tx: &crate::store::WriteTx<'_>, sql: &str| -> Result<Vec<(String, String)>> {
        let mut stmt = tx.conn().prepare(sql)?;
        let rows = stmt.query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let clauses = ids(
        tx,
        "SELECT s.clause_id, '' FROM clause_sources s JOIN clauses c ON c.id = s.clause_id
         WHERE s.note_id = ?1 AND s.deleted = 0 AND c.deleted = 0",
    )?;
    for (clause, _) in clauses {
        crate::guidelines::clauses::add_source(tx, &clause, into)?;
        tx.delete(&CLAUSE_SOURCES, &link_id("clause_source", &clause, from))?;
    }
    let actions = ids(
        tx,
        "SELECT l.action_id, '' FROM action_links l JOIN group_actions a ON a.id = l.action_id
         WHERE l.note_id = ?1 AND l.deleted = 0 AND a.deleted = 0",
    )?;
    for (action, _) in actions {
        crate::groups::actions::add_note(tx, &action, into)?;
        tx.delete(&ACTION_LINKS, &link_id("action_note", &action, from))?;
    }
    let asides = ids(
        tx,
        "SELECT guidelines_id, reason FROM set_asides WHERE note_id = ?1 AND deleted = 0",
    )?;
    for (guidelines, reason) in asides {
        let kept = link_id("set_aside", &guidelines, into);
        if crate::validate::reference(tx.conn(), "note_id", &SET_ASIDES, &kept).is_err() {
            crate::guidelines::set_aside(tx, &guidelines, into, &reason)?;
        }
        tx.delete(&SET_ASIDES, &link_id("set_aside", &guidelines, from))?;
    }
    Ok(())
}
