//! Notes taken live at a meeting: attributed to a table, a question and a speaker,
//! classified by kind, tagged with `#tags`, and searchable (SQLite FTS5, accents
//! ignored, prefixes match).

mod drafts;
mod edits;
mod search;
mod sources;
mod tags;

pub use drafts::{draft, save_draft};
pub use edits::{edit, history, merge, move_note, split, NoteEdit};
pub use search::{fts_query, search, Hit, SearchFilter, RECENT_WINDOW};
pub use sources::{source, Reader, Source};
pub use tags::{tags_of, without_tags};

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::{GUIDING_QUESTIONS, MEETINGS, MEETING_TABLES, NOTES};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::NoteKind;

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
        let of_meeting: bool = tx
            .conn()
            .prepare_cached("SELECT meeting_id = ?2 FROM meeting_tables WHERE id = ?1")?
            .query_row(params![t, new.meeting_id], |r| r.get(0))?;
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
    // Every statement of a save is cached (a note is saved every few seconds in a
    // meeting: parsing them each time was a tenth of the save's work).
    let position: f64 = tx
        .conn()
        .prepare_cached("SELECT coalesce(max(position), 0) + 1 FROM notes WHERE meeting_id = ?1")?
        .query_row([&new.meeting_id], |r| r.get(0))?;
    let id = new_id();
    let taken_at = i64::try_from(tx.now_millis()).unwrap_or(i64::MAX);
    let mut fields = vec![("meeting_id", Value::Text(new.meeting_id.clone()))];
    // The optional references only when given: an absent one is NULL (the
    // columns have no other default) here and on every laptop that receives the
    // note, without a change-log row for each empty field.
    for (field, value) in [
        ("table_id", new.table_id.clone()),
        ("question_id", new.question_id.clone()),
        ("speaker_id", new.speaker_id.clone()),
        ("speaker_org_id", speaker_org),
        ("kind", new.kind.map(|k| k.code().to_owned())),
    ] {
        if let Some(v) = value {
            fields.push((field, Value::Text(v)));
        }
    }
    fields.extend([
        ("tags", Value::Text(tags_of(&text).join(" "))),
        ("text", Value::Text(text)),
        ("taken_at", Value::Integer(taken_at)),
        ("position", Value::Real(position)),
    ]);
    tx.insert(&NOTES, &id, &fields)?;
    tx.conn()
        .prepare_cached("DELETE FROM note_drafts WHERE meeting_id = ?1")?
        .execute([&new.meeting_id])?;
    get(tx.conn(), &id)
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
        "{SELECT} WHERE meeting_id = ?1 AND deleted = 0 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([meeting_id], Note::from_row)?;
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
