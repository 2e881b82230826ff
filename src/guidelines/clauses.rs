//! Editing the clauses of the guidelines: write, rewrite, reorder, merge, split,
//! delete; the links to the notes follow every edit (a merged clause keeps the
//! sources of both, both halves of a split keep them all).

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Problem, Result};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::{CLAUSES, CLAUSE_COMMENTS, CLAUSE_SOURCES, GUIDELINE_SECTIONS, NOTES};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::ClauseStatus;

/// Longest clause accepted.
pub const MAX_CLAUSE_CHARS: usize = 10_000;

fn section_of(conn: &Connection, clause_id: &str) -> Result<String> {
    conn.query_row(
        "SELECT section_id FROM clauses WHERE id = ?1 AND deleted = 0",
        [clause_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        Error::invalid(
            "clause_id",
            Problem::MissingReference {
                id: clause_id.into(),
            },
        )
    })
}

/// The guidelines a clause belongs to.
pub fn guidelines_of(conn: &Connection, clause_id: &str) -> Result<String> {
    let section = section_of(conn, clause_id)?;
    Ok(conn.query_row(
        "SELECT guidelines_id FROM guideline_sections WHERE id = ?1",
        [&section],
        |r| r.get(0),
    )?)
}

fn next_position(conn: &Connection, section_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM clauses WHERE section_id = ?1 AND deleted = 0",
        [section_id],
        |r| r.get(0),
    )?)
}

/// Source note ids of a clause, live links only.
pub fn source_ids(conn: &Connection, clause_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT note_id FROM clause_sources WHERE clause_id = ?1 AND deleted = 0 ORDER BY note_id",
    )?;
    let rows = stmt.query_map([clause_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes a clause at the end of a section, with its source notes. `id` lets the
/// proposal give a clause made from a note the same id on every laptop.
pub(crate) fn insert(
    tx: &mut WriteTx<'_>,
    id: &str,
    section_id: &str,
    text: &str,
    note_ids: &[String],
) -> Result<()> {
    validate::reference(tx.conn(), "section_id", &GUIDELINE_SECTIONS, section_id)?;
    let text = validate::required_free_text("text", text, MAX_CLAUSE_CHARS)?;
    let position = next_position(tx.conn(), section_id)?;
    let fields = [
        ("section_id", Value::Text(section_id.into())),
        ("position", Value::Integer(position)),
        ("text", Value::Text(text)),
        ("status", Value::Text(ClauseStatus::Draft.code().into())),
    ];
    tx.insert_or_revive(&CLAUSES, id, &fields, &fields)?;
    for note in note_ids {
        add_source(tx, id, note)?;
    }
    Ok(())
}

/// Adds a clause at the end of a section; returns its id.
pub fn add(
    tx: &mut WriteTx<'_>,
    section_id: &str,
    text: &str,
    note_ids: &[String],
) -> Result<String> {
    let id = new_id();
    insert(tx, &id, section_id, text, note_ids)?;
    Ok(id)
}

/// Rewrites a clause.
pub fn edit(tx: &mut WriteTx<'_>, clause_id: &str, text: &str) -> Result<()> {
    section_of(tx.conn(), clause_id)?;
    let text = validate::required_free_text("text", text, MAX_CLAUSE_CHARS)?;
    tx.update(&CLAUSES, clause_id, &[("text", Value::Text(text))])?;
    Ok(())
}

/// Marks a clause draft, discussed or agreed.
pub fn set_status(tx: &mut WriteTx<'_>, clause_id: &str, status: ClauseStatus) -> Result<()> {
    section_of(tx.conn(), clause_id)?;
    tx.update(
        &CLAUSES,
        clause_id,
        &[("status", Value::Text(status.code().into()))],
    )?;
    Ok(())
}

/// Moves a clause to `index` (0-based) within `section_id` (its own or another of
/// the same document); the section's other clauses close up around it.
pub fn move_to(
    tx: &mut WriteTx<'_>,
    clause_id: &str,
    section_id: &str,
    index: usize,
) -> Result<()> {
    let from = guidelines_of(tx.conn(), clause_id)?;
    let to: Option<String> = tx
        .conn()
        .query_row(
            "SELECT guidelines_id FROM guideline_sections WHERE id = ?1 AND deleted = 0",
            [section_id],
            |r| r.get(0),
        )
        .optional()?;
    if to.as_deref() != Some(from.as_str()) {
        return Err(Error::invalid(
            "section_id",
            Problem::MissingReference {
                id: section_id.into(),
            },
        ));
    }
    let mut order: Vec<String> = {
        let mut stmt = tx.conn().prepare(
            "SELECT id FROM clauses WHERE section_id = ?1 AND deleted = 0 AND id <> ?2
             ORDER BY position, id",
        )?;
        let rows = stmt.query_map([section_id, clause_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    order.insert(index.min(order.len()), clause_id.to_owned());
    tx.update(
        &CLAUSES,
        clause_id,
        &[("section_id", Value::Text(section_id.into()))],
    )?;
    for (position, id) in order.iter().enumerate() {
        tx.update(
            &CLAUSES,
            id,
            &[("position", Value::Integer(position as i64))],
        )?;
    }
    Ok(())
}

/// Merges `other` into `keep`: the text of `keep`, then that of `other`, and the
/// sources and comments of both. `other` is removed.
pub fn merge(tx: &mut WriteTx<'_>, keep: &str, other: &str) -> Result<()> {
    if keep == other {
        return Err(Error::invalid(
            "other",
            Problem::BadFormat {
                value: other.into(),
                expected: "a different clause from the one kept",
            },
        ));
    }
    if guidelines_of(tx.conn(), keep)? != guidelines_of(tx.conn(), other)? {
        return Err(Error::invalid(
            "other",
            Problem::BadFormat {
                value: other.into(),
                expected: "a clause of the same guidelines",
            },
        ));
    }
    let text = |id: &str| -> Result<String> {
        Ok(tx
            .conn()
            .query_row("SELECT text FROM clauses WHERE id = ?1", [id], |r| r.get(0))?)
    };
    let merged = format!("{}\n{}", text(keep)?.trim_end(), text(other)?.trim_start());
    edit(tx, keep, &merged)?;
    for note in source_ids(tx.conn(), other)? {
        add_source(tx, keep, &note)?;
        tx.delete(&CLAUSE_SOURCES, &link_id("clause_source", other, &note))?;
    }
    let comments: Vec<String> = {
        let mut stmt = tx
            .conn()
            .prepare("SELECT id FROM clause_comments WHERE clause_id = ?1 AND deleted = 0")?;
        let rows = stmt.query_map([other], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for c in comments {
        tx.update(
            &CLAUSE_COMMENTS,
            &c,
            &[("clause_id", Value::Text(keep.into()))],
        )?;
    }
    tx.delete(&CLAUSES, other)
}

/// Splits a clause at character `at` (of its text): the first part stays, the
/// rest becomes a new clause right after it. Both keep every source. Returns the
/// new clause's id.
pub fn split(tx: &mut WriteTx<'_>, clause_id: &str, at: usize) -> Result<String> {
    let section = section_of(tx.conn(), clause_id)?;
    let text: String =
        tx.conn()
            .query_row("SELECT text FROM clauses WHERE id = ?1", [clause_id], |r| {
                r.get(0)
            })?;
    let chars: Vec<char> = text.chars().collect();
    let first: String = chars.iter().take(at).collect();
    let second: String = chars.iter().skip(at).collect();
    if first.trim().is_empty() || second.trim().is_empty() {
        return Err(Error::invalid(
            "at",
            Problem::BadFormat {
                value: at.to_string(),
                expected: "a place inside the clause's text, with words on both sides",
            },
        ));
    }
    edit(tx, clause_id, first.trim())?;
    let sources = source_ids(tx.conn(), clause_id)?;
    let id = add(tx, &section, second.trim(), &sources)?;
    let index: i64 = tx.conn().query_row(
        "SELECT count(*) FROM clauses c, clauses me
         WHERE me.id = ?1 AND c.section_id = me.section_id AND c.deleted = 0
           AND (c.position < me.position OR (c.position = me.position AND c.id <= me.id))",
        [clause_id],
        |r| r.get(0),
    )?;
    move_to(tx, &id, &section, index as usize)?;
    Ok(id)
}

/// Removes a clause; its notes are unhandled again (unless another clause uses them).
pub fn remove(tx: &mut WriteTx<'_>, clause_id: &str) -> Result<()> {
    section_of(tx.conn(), clause_id)?;
    for note in source_ids(tx.conn(), clause_id)? {
        tx.delete(&CLAUSE_SOURCES, &link_id("clause_source", clause_id, &note))?;
    }
    tx.delete(&CLAUSES, clause_id)
}

/// Links a note to a clause as one of its sources.
pub fn add_source(tx: &mut WriteTx<'_>, clause_id: &str, note_id: &str) -> Result<()> {
    section_of(tx.conn(), clause_id)?;
    validate::reference(tx.conn(), "note_id", &NOTES, note_id)?;
    let id = link_id("clause_source", clause_id, note_id);
    tx.insert_or_revive(
        &CLAUSE_SOURCES,
        &id,
        &[
            ("clause_id", Value::Text(clause_id.into())),
            ("note_id", Value::Text(note_id.into())),
        ],
        &[],
    )?;
    Ok(())
}

/// Unlinks a note from a clause.
pub fn remove_source(tx: &mut WriteTx<'_>, clause_id: &str, note_id: &str) -> Result<()> {
    let id = link_id("clause_source", clause_id, note_id);
    validate::reference(tx.conn(), "note_id", &CLAUSE_SOURCES, &id)?;
    tx.delete(&CLAUSE_SOURCES, &id)
}

/// Adds a comment of the work group to a clause.
pub fn comment(
    tx: &mut WriteTx<'_>,
    clause_id: &str,
    author: Option<&str>,
    text: &str,
) -> Result<String> {
    section_of(tx.conn(), clause_id)?;
    let author = validate::optional("author", author, 200)?;
    let text = validate::required_free_text("text", text, 5_000)?;
    let id = new_id();
    let at = tx.now_millis() as i64;
    tx.insert(
        &CLAUSE_COMMENTS,
        &id,
        &[
            ("clause_id", Value::Text(clause_id.into())),
            ("author", author.map_or(Value::Null, Value::Text)),
            ("text", Value::Text(text)),
            ("at", Value::Integer(at)),
        ],
    )?;
    Ok(id)
}
