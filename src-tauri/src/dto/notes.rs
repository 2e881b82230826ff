//! Notes, their edits and history, and search hits.

use serde::{Deserialize, Serialize};
use tavolo::vocabulary as v;
use ts_rs::TS;

/// A saved note. `taken_at_ms` is milliseconds since the Unix epoch.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteDto {
    pub id: String,
    pub table_id: Option<String>,
    pub question_id: Option<String>,
    pub speaker_id: Option<String>,
    pub kind: Option<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub taken_at_ms: f64,
}

impl From<tavolo::notes::Note> for NoteDto {
    fn from(n: tavolo::notes::Note) -> Self {
        NoteDto {
            id: n.id,
            table_id: n.table_id,
            question_id: n.question_id,
            speaker_id: n.speaker_id,
            kind: n.kind.map(|k| k.code().to_owned()),
            text: n.text,
            tags: n.tags,
            taken_at_ms: n.taken_at as f64,
        }
    }
}

/// A note as the console sends it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewNoteDto {
    pub meeting_id: String,
    pub table_id: Option<String>,
    pub question_id: Option<String>,
    pub speaker_id: Option<String>,
    pub kind: Option<String>,
    pub text: String,
}

impl NewNoteDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::notes::NewNote> {
        Ok(tavolo::notes::NewNote {
            meeting_id: self.meeting_id,
            table_id: self.table_id,
            question_id: self.question_id,
            speaker_id: self.speaker_id,
            kind: self
                .kind
                .filter(|k| !k.is_empty())
                .map(|k| v::NoteKind::parse("kind", &k))
                .transpose()?,
            text: self.text,
        })
    }
}

/// A note found by the search: the note, and its text cut into pieces, every odd
/// piece being a match (so the page can mark matches without parsing any HTML).
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteHitDto {
    pub note: NoteDto,
    pub pieces: Vec<String>,
}

/// A saved note as edited after the meeting: the four fields the editor shows.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct EditNoteDto {
    pub text: String,
    pub kind: Option<String>,
    pub speaker_id: Option<String>,
    pub table_id: Option<String>,
}

impl EditNoteDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::notes::NoteEdit> {
        Ok(tavolo::notes::NoteEdit {
            text: Some(self.text),
            kind: Some(
                self.kind
                    .filter(|k| !k.is_empty())
                    .map(|k| v::NoteKind::parse("kind", &k))
                    .transpose()?,
            ),
            speaker_id: Some(self.speaker_id.filter(|s| !s.is_empty())),
            table_id: Some(self.table_id.filter(|t| !t.is_empty())),
        })
    }
}

/// One earlier (or the current) text of a note, with when it was written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteVersionDto {
    pub at_ms: f64,
    pub text: String,
}
