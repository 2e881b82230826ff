//! The console's note box, saved as it is typed: a draft per meeting, local to this
//! laptop (`note_drafts`, outside the change log), cleared when the note is saved.

use crate::error::Result;
use crate::notes::MAX_NOTE_CHARS;
use crate::store::schema::MEETINGS;
use crate::store::WriteTx;
use crate::validate;
use rusqlite::{params, Connection};

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
