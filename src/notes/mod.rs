//! Notes taken live at a meeting: attributed to a table, a question and a speaker,
//! classified by kind, tagged with `#tags`, and searchable (SQLite FTS5, accents
//! ignored, prefixes match).

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::{GUIDING_QUESTIONS, MEETINGS, MEETING_TABLES, NOTES};
use crate::store::WriteTx;
use crate::text::fold;
use crate::validate;
use crate::vocabulary::NoteKind;

/// How many of the most recent matching notes a search ranks by relevance.
pub const RECENT_WINDOW: usize = 1_000;

/// Longest note accepted: a long intervention transcribed whole.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// A note as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: String,
    pub meeting_id: String,
    pub table_id: Option<String>,
    pub question_id: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_org_id: Option<String>,
    pub kind: Option<NoteKind>,
    pub text: String,
    pub tags: Vec<String>,
    /// Milliseconds since the Unix epoch.
    pub taken_at: i64,
    pub position: f64,
}

impl Note {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
        let kind: Option<String> = row.get("kind")?;
        let tags: String = row.get("tags")?;
        Ok(Note {
            id: row.get("id")?,
            meeting_id: row.get("meeting_id")?,
            table_id: row.get("table_id")?,
            question_id: row.get("question_id")?,
            speaker_id: row.get("speaker_id")?,
            speaker_org_id: row.get("speaker_org_id")?,
            kind: kind.and_then(|k| NoteKind::parse("kind", &k).ok()),
            text: row.get("text")?,
            tags: tags.split_whitespace().map(str::to_owned).collect(),
            taken_at: row.get("taken_at")?,
            position: row.get("position")?,
        })
    }
}

/// What the console (or `tavolo note add`) supplies.
#[derive(Debug, Clone, Default)]
pub struct NewNote {
    pub meeting_id: String,
    pub table_id: Option<String>,
    pub question_id: Option<String>,
    pub speaker_id: Option<String>,
    pub kind: Option<NoteKind>,
    pub text: String,
}

/// The `#tags` of a text, folded (no accents, lower case), sorted, without repeats.
pub fn tags_of(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':' | '(' | ')'))
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| fold(t.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')))
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// The organisation the speaker represents, checked; none without a speaker.
pub fn speaker_organisation(conn: &Connection, speaker: Option<&str>) -> Result<Option<String>> {
    Ok(speaker
        .map(|p| crate::register::people::organisation_of(conn, "speaker_id", p))
        .transpose()?
        .flatten())
}

/// Adds a note at the end of its meeting. When this returns inside a committed
/// [`crate::Store::write`], the note is on disk.
pub fn add(tx: &mut WriteTx<'_>, new: &NewNote) -> Result<Note> {
    let text = validate::free_text("text", &new.text, MAX_NOTE_CHARS)?;
    if text.is_empty() {
        return Err(Error::invalid("text", Problem::Required));
    }
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, &new.meeting_id)?;
    if let Some(t) = &new.table_id {
        validate::reference(tx.conn(), "table_id", &MEETING_TABLES, t)?;
        let of_meeting: bool = tx.conn().query_row(
            "SELECT meeting_id = ?2 FROM meeting_tables WHERE id = ?1",
            params![t, new.meeting_id],
            |r| r.get(0),
        )?;
        if !of_meeting {
            return Err(Error::invalid(
                "table_id",
                Problem::MissingReference { id: t.clone() },
            ));
        }
    }
    if let Some(q) = &new.question_id {
        validate::reference(tx.conn(), "question_id", &GUIDING_QUESTIONS, q)?;
    }
    let speaker_org = speaker_organisation(tx.conn(), new.speaker_id.as_deref())?;
    let position: f64 = tx.conn().query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM notes WHERE meeting_id = ?1",
        [&new.meeting_id],
        |r| r.get(0),
    )?;
    let id = new_id();
    let taken_at = i64::try_from(tx.now_millis()).unwrap_or(i64::MAX);
    let opt = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    tx.insert(
        &NOTES,
        &id,
        &[
            ("meeting_id", Value::Text(new.meeting_id.clone())),
            ("table_id", opt(new.table_id.clone())),
            ("question_id", opt(new.question_id.clone())),
            ("speaker_id", opt(new.speaker_id.clone())),
            ("speaker_org_id", opt(speaker_org)),
            ("kind", opt(new.kind.map(|k| k.code().to_owned()))),
            ("tags", Value::Text(tags_of(&text).join(" "))),
            ("text", Value::Text(text)),
            ("taken_at", Value::Integer(taken_at)),
            ("position", Value::Real(position)),
        ],
    )?;
    tx.conn().execute(
        "DELETE FROM note_drafts WHERE meeting_id = ?1",
        [&new.meeting_id],
    )?;
    get(tx.conn(), &id)
}

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
/// with its neighbour. At either end nothing changes.
pub fn move_note(tx: &mut WriteTx<'_>, id: &str, up: bool) -> Result<Note> {
    use rusqlite::OptionalExtension;
    let note = get(tx.conn(), id)?;
    let sql = if up {
        "SELECT id, position FROM notes WHERE meeting_id = ?1 AND deleted = 0
           AND position < ?2 ORDER BY position DESC LIMIT 1"
    } else {
        "SELECT id, position FROM notes WHERE meeting_id = ?1 AND deleted = 0
           AND position > ?2 ORDER BY position LIMIT 1"
    };
    let neighbour: Option<(String, f64)> = tx
        .conn()
        .query_row(sql, params![note.meeting_id, note.position], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((other, position)) = neighbour {
        tx.update(&NOTES, &other, &[("position", Value::Real(note.position))])?;
        tx.update(&NOTES, id, &[("position", Value::Real(position))])?;
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
            ("text", Value::Text(first)),
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
            ("text", Value::Text(rest)),
            ("taken_at", Value::Integer(note.taken_at)),
            ("position", Value::Real(position)),
        ],
    )?;
    Ok((get(tx.conn(), id)?, get(tx.conn(), &new_id)?))
}

/// Merges `second` into `first` (same meeting): the texts are joined on a new line,
/// `second` is deleted. Returns the merged note.
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
    get(tx.conn(), first)
}

/// Saves the text being typed in a meeting's note box (an empty text removes the
/// draft). Drafts are this laptop's own: they are not in the change log.
pub fn save_draft(tx: &mut WriteTx<'_>, meeting_id: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        tx.conn().execute(
            "DELETE FROM note_drafts WHERE meeting_id = ?1",
            [meeting_id],
        )?;
        return Ok(());
    }
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, meeting_id)?;
    // Checked for length, kept exactly as typed (a trailing space is part of it).
    validate::free_text("text", text, MAX_NOTE_CHARS)?;
    let now = i64::try_from(tx.now_millis()).unwrap_or(i64::MAX);
    tx.conn().execute(
        "INSERT INTO note_drafts (meeting_id, text, saved_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (meeting_id) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at",
        params![meeting_id, text, now],
    )?;
    Ok(())
}

/// The draft left in a meeting's note box, if any.
pub fn draft(conn: &Connection, meeting_id: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT text FROM note_drafts WHERE meeting_id = ?1",
            [meeting_id],
            |r| r.get(0),
        )
        .optional()?)
}

const SELECT: &str = "SELECT id, meeting_id, table_id, question_id, speaker_id, speaker_org_id,
        kind, text, tags, taken_at, position FROM notes";

/// One live note.
pub fn get(conn: &Connection, id: &str) -> Result<Note> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id], Note::from_row)
        .map_err(not_found("note", id))
}

/// The live notes of a meeting, in order.
pub fn of_meeting(conn: &Connection, meeting_id: &str) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE meeting_id = ?1 AND deleted = 0 ORDER BY position"
    ))?;
    let rows = stmt.query_map([meeting_id], Note::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Narrows a search; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub meeting_id: Option<String>,
    pub kind: Option<NoteKind>,
    pub speaker_id: Option<String>,
    pub tag: Option<String>,
}

/// A search result: the note and its text with the matches between `mark_open`
/// and `mark_close` as given to [`search`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub note: Note,
    pub highlighted: String,
}

/// The FTS5 query for what a person typed: every word must match, each as a
/// prefix ("integr" finds "integrazione"); quotes and operators are taken literally.
pub fn fts_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Full-text search over live notes, best matches first, at most `limit`. Relevance
/// is judged among the [`RECENT_WINDOW`] most recent matching notes.
pub fn search(
    conn: &Connection,
    typed: &str,
    filter: &SearchFilter,
    limit: usize,
    marks: (&str, &str),
) -> Result<Vec<Hit>> {
    let Some(query) = fts_query(typed) else {
        return Ok(Vec::new());
    };
    // Ranking every match is what makes a broad search slow (bm25 over tens of
    // thousands of notes took 170 ms at p95 with 100,000 notes). So only the
    // RECENT_WINDOW most recent matching notes are ranked: the inner query walks
    // the index newest first and stops early, and its lowest rowid bounds the outer
    // one. When fewer notes match, all of them are ranked.
    let filters = |t: &str| {
        format!(
            "{t}.deleted = 0
             AND (?4 IS NULL OR {t}.meeting_id = ?4)
             AND (?5 IS NULL OR {t}.kind = ?5)
             AND (?6 IS NULL OR {t}.speaker_id = ?6)
             AND (?7 IS NULL OR (' ' || {t}.tags || ' ') LIKE '% ' || ?7 || ' %')"
        )
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT n.id, n.meeting_id, n.table_id, n.question_id, n.speaker_id, n.speaker_org_id,
                n.kind, n.text, n.tags, n.taken_at, n.position,
                highlight(notes_fts, 0, ?2, ?3) AS highlighted
         FROM notes_fts JOIN notes n ON n.rowid = notes_fts.rowid
         WHERE notes_fts MATCH ?1
           AND notes_fts.rowid >= coalesce((
               SELECT min(r) FROM (
                   SELECT notes_fts.rowid AS r FROM notes_fts JOIN notes m ON m.rowid = notes_fts.rowid
                   WHERE notes_fts MATCH ?1 AND {inner}
                   ORDER BY notes_fts.rowid DESC LIMIT {RECENT_WINDOW})), 0)
           AND {outer}
         ORDER BY rank LIMIT ?8",
        inner = filters("m"),
        outer = filters("n"),
    ))?;
    let rows = stmt.query_map(
        params![
            query,
            marks.0,
            marks.1,
            filter.meeting_id,
            filter.kind.map(|k| k.code()),
            filter.speaker_id,
            filter.tag.as_deref().map(fold),
            i64::try_from(limit).unwrap_or(i64::MAX)
        ],
        |r| {
            Ok(Hit {
                note: Note::from_row(r)?,
                highlighted: r.get("highlighted")?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_folded_and_unique() {
        assert_eq!(
            tags_of("Serve un mediatore #Mediazione, #casa e ancora #mediazione. #Città"),
            vec!["casa", "citta", "mediazione"]
        );
        assert!(tags_of("nessun tag qui, solo un # da solo").is_empty());
    }

    #[test]
    fn typed_text_becomes_a_safe_prefix_query() {
        assert_eq!(
            fts_query("integr casa").as_deref(),
            Some("\"integr\"* \"casa\"*")
        );
        assert_eq!(
            fts_query("\"a\" OR b*").as_deref(),
            Some("\"a\"* \"OR\"* \"b\"*")
        );
        assert_eq!(fts_query("  ;; "), None);
    }
}
