//! Changing saved notes after the meeting: edit (the earlier texts stay in the
//! change log, which is the history), move, split and merge.

use crate::error::{Error, Problem, Result};
use crate::notes::{get, speaker_organisation, tags_of, Note, MAX_NOTE_CHARS};
use crate::store::ids::new_id;
use crate::store::schema::NOTES;
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::NoteKind;
use rusqlite::types::Value;
use rusqlite::{params, Connection};

/// A change to a saved note (after the meeting: typos, the right speaker, the right
/// table). `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct NoteEdit {
    pub text: Option<String>,
    /// `Some(None)` removes the kind.
    pub kind: Option<Option<NoteKind>>,
    /// `Some(None)` removes the speaker.
    pub speaker_id: Option<Option<String>>,
    /// Moves the note to another table of its meeting (`Some(None)`: no table).
    pub table_id: Option<Option<String>>,
}

/// Edits a note. The previous values stay in the change log, so [`history`] can
/// show every earlier text.
pub fn edit(tx: &mut WriteTx<'_>, id: &str, change: &NoteEdit) -> Result<Note> {
    let note = get(tx.conn(), id)?;
    let mut fields: Vec<(&str, Value)> = Vec::new();
    if let Some(text) = &change.text {
        let text = validate::free_text("text", text, MAX_NOTE_CHARS)?;
        if text.is_empty() {
            return Err(Error::invalid("text", Problem::Required));
        }
        fields.push(("tags", Value::Text(tags_of(&text).join(" "))));
        fields.push(("text", Value::Text(text)));
    }
    if let Some(kind) = change.kind {
        fields.push((
            "kind",
            kind.map_or(Value::Null, |k| Value::Text(k.code().into())),
        ));
    }
    if let Some(speaker) = &change.speaker_id {
        let org = speaker_organisation(tx.conn(), speaker.as_deref())?;
        fields.push((
            "speaker_id",
            speaker.clone().map_or(Value::Null, Value::Text),
        ));
        fields.push(("speaker_org_id", org.map_or(Value::Null, Value::Text)));
    }
    if let Some(table) = change.table_id.as_ref().filter(|t| **t != note.table_id) {
        if let Some(t) = table {
            let of_meeting: bool = tx
                .conn()
                .query_row(
                    "SELECT meeting_id = ?2 FROM meeting_tables WHERE id = ?1 AND deleted = 0",
                    params![t, note.meeting_id],
                    |r| r.get(0),
                )
                .unwrap_or(false);
            if !of_meeting {
                return Err(Error::invalid(
                    "table_id",
                    Problem::MissingReference { id: t.clone() },
                ));
            }
        }
        fields.push(("table_id", table.clone().map_or(Value::Null, Value::Text)));
        // The question belonged to the old table.
        fields.push(("question_id", Value::Null));
    }
    tx.update(&NOTES, id, &fields)?;
    if let Some(text) = fields.iter().find_map(|(f, v)| match (f, v) {
        (&"text", Value::Text(t)) => Some(t.clone()),
        _ => None,
    }) {
        crate::coding::passages::reanchor(tx, id, &text)?;
    }
    get(tx.conn(), id)
}

/// The texts a note has had, oldest first, each with the time (milliseconds since
/// the epoch) it was written. Read from the change log.
pub fn history(conn: &Connection, id: &str) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT hlc, value FROM change_log
         WHERE tbl = 'notes' AND row_id = ?1 AND field = 'text' ORDER BY hlc",
    )?;
    let rows = stmt.query_map([id], |r| {
        let hlc: String = r.get(0)?;
        let millis = hlc
            .split('-')
            .next()
            .and_then(|m| m.parse::<i64>().ok())
            .unwrap_or(0);
        Ok((millis, r.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Moves a note one place earlier (`up`) or later in its meeting, swapping positions
/// with its neighbour in the order (position, id). Two notes can share a position
/// (added at the same place on two laptops): the moved one then takes a position
/// between the neighbour and the next distinct one. At either end nothing changes.
pub fn move_note(tx: &mut WriteTx<'_>, id: &str, up: bool) -> Result<Note> {
    use rusqlite::OptionalExtension;
    let note = get(tx.conn(), id)?;
    let (neighbour_sql, beyond_sql) = if up {
        (
            "SELECT id, position FROM notes WHERE meeting_id = ?1 AND deleted = 0
               AND (position < ?2 OR (position = ?2 AND id < ?3))
             ORDER BY position DESC, id DESC LIMIT 1",
            "SELECT max(position) FROM notes WHERE meeting_id = ?1 AND deleted = 0 AND position < ?2",
        )
    } else {
        (
            "SELECT id, position FROM notes WHERE meeting_id = ?1 AND deleted = 0
               AND (position > ?2 OR (position = ?2 AND id > ?3))
             ORDER BY position, id LIMIT 1",
            "SELECT min(position) FROM notes WHERE meeting_id = ?1 AND deleted = 0 AND position > ?2",
        )
    };
    let neighbour: Option<(String, f64)> = tx
        .conn()
        .query_row(
            neighbour_sql,
            params![note.meeting_id, note.position, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match neighbour {
        Some((other, position)) if position != note.position => {
            tx.update(&NOTES, &other, &[("position", Value::Real(note.position))])?;
            tx.update(&NOTES, id, &[("position", Value::Real(position))])?;
        }
        Some(_) => {
            // A tie: go halfway to the next distinct position past the neighbour.
            let beyond: Option<f64> =
                tx.conn()
                    .query_row(beyond_sql, params![note.meeting_id, note.position], |r| {
                        r.get(0)
                    })?;
            let step = if up { -1.0 } else { 1.0 };
            let target = beyond.unwrap_or(note.position + step);
            tx.update(
                &NOTES,
                id,
                &[("position", Value::Real((note.position + target) / 2.0))],
            )?;
        }
        None => {}
    }
    get(tx.conn(), id)
}

/// Splits a note at character `at`: the first part stays, the rest becomes a new
/// note right after it, with the same table, question, speaker and kind. Returns
/// both.
pub fn split(tx: &mut WriteTx<'_>, id: &str, at: usize) -> Result<(Note, Note)> {
    use rusqlite::OptionalExtension;
    let note = get(tx.conn(), id)?;
    let first: String = note.text.chars().take(at).collect();
    let rest: String = note.text.chars().skip(at).collect();
    let (first, rest) = (first.trim().to_owned(), rest.trim().to_owned());
    if first.is_empty() || rest.is_empty() {
        return Err(Error::invalid(
            "at",
            Problem::BadFormat {
                value: at.to_string(),
                expected: "a place inside the text, with words on both sides",
            },
        ));
    }
    let next: Option<f64> = tx
        .conn()
        .query_row(
            "SELECT min(position) FROM notes WHERE meeting_id = ?1 AND deleted = 0 AND position > ?2",
            params![note.meeting_id, note.position],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let position = match next {
        Some(n) => (note.position + n) / 2.0,
        None => note.position + 1.0,
    };
    tx.update(
        &NOTES,
        id,
        &[
            ("tags", Value::Text(tags_of(&first).join(" "))),
            ("text", Value::Text(first.clone())),
        ],
    )?;
    let new_id = new_id();
    let opt = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    tx.insert(
        &NOTES,
        &new_id,
        &[
            ("meeting_id", Value::Text(note.meeting_id.clone())),
            ("table_id", opt(note.table_id.clone())),
            ("question_id", opt(note.question_id.clone())),
            ("speaker_id", opt(note.speaker_id.clone())),
            ("speaker_org_id", opt(note.speaker_org_id.clone())),
            ("kind", opt(note.kind.map(|k| k.code().to_owned()))),
            ("tags", Value::Text(tags_of(&rest).join(" "))),
            ("text", Value::Text(rest.clone())),
            ("taken_at", Value::Integer(note.taken_at)),
            ("position", Value::Real(position)),
        ],
    )?;
    crate::coding::passages::follow_split(tx, id, &first, &new_id, &rest)?;
    Ok((get(tx.conn(), id)?, get(tx.conn(), &new_id)?))
}

/// Merges `second` into `first` (same meeting): the texts are joined on a new line,
/// `second` is deleted; the clauses, actions and set-aside lists that cited it
/// cite `first`. Returns the merged note.
pub fn merge(tx: &mut WriteTx<'_>, first: &str, second: &str) -> Result<Note> {
    let a = get(tx.conn(), first)?;
    let b = get(tx.conn(), second)?;
    if a.id == b.id || a.meeting_id != b.meeting_id {
        return Err(Error::invalid(
            "second",
            Problem::BadFormat {
                value: second.to_owned(),
                expected: "another note of the same meeting",
            },
        ));
    }
    let text = validate::free_text("text", &format!("{}\n{}", a.text, b.text), MAX_NOTE_CHARS)?;
    tx.update(
        &NOTES,
        first,
        &[
            ("tags", Value::Text(tags_of(&text).join(" "))),
            ("text", Value::Text(text)),
        ],
    )?;
    tx.delete(&NOTES, second)?;
    super::sources::follow_merge(tx, second, first)?;
    crate::coding::passages::follow_merge(tx, second, first, a.text.chars().count() + 1)?;
    get(tx.conn(), first)
}
