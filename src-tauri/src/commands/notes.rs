//! Notes: taken live, drafts, edits and their history, order, split, merge,
//! search.

use tauri::State;

use tavolo::Store;

use super::{with_store, AppState, CommandResult};
use crate::dto::notes::{EditNoteDto, NewNoteDto, NoteDto, NoteHitDto, NoteVersionDto};

/// Saves a note; when this returns, the note is on disk.
#[tauri::command]
pub async fn add_note(state: State<'_, AppState>, input: NewNoteDto) -> CommandResult<NoteDto> {
    with_store(state, move |s| {
        let new = input.into_core()?;
        s.write(|tx| tavolo::notes::add(tx, &new))
            .map(NoteDto::from)
    })
    .await
}

/// Saves what is typed in the note box, so a crash loses at most the last keystrokes.
#[tauri::command]
pub async fn save_draft(
    state: State<'_, AppState>,
    meeting_id: String,
    text: String,
) -> CommandResult<()> {
    with_store(state, move |s| {
        s.write(|tx| tavolo::notes::save_draft(tx, &meeting_id, &text))
    })
    .await
}

/// Edits a saved note; its earlier texts stay in its history.
#[tauri::command]
pub async fn edit_note(
    state: State<'_, AppState>,
    note_id: String,
    input: EditNoteDto,
) -> CommandResult<NoteDto> {
    with_store(state, move |s| {
        let change = input.into_core()?;
        s.write(|tx| tavolo::notes::edit(tx, &note_id, &change))
            .map(NoteDto::from)
    })
    .await
}

/// Every text a note has had, oldest first.
#[tauri::command]
pub async fn note_history(
    state: State<'_, AppState>,
    note_id: String,
) -> CommandResult<Vec<NoteVersionDto>> {
    with_store(state, move |s| {
        s.read(|c| tavolo::notes::history(c, &note_id)).map(|h| {
            h.into_iter()
                .map(|(at, text)| NoteVersionDto {
                    at_ms: at as f64,
                    text,
                })
                .collect()
        })
    })
    .await
}

/// The notes of a note's meeting, in order, after `change` (one transaction).
fn notes_after(
    s: &mut Store,
    note_id: &str,
    change: impl FnOnce(&mut tavolo::store::WriteTx<'_>) -> tavolo::Result<()>,
) -> tavolo::Result<Vec<NoteDto>> {
    s.write(|tx| {
        let meeting = tavolo::notes::get(tx.conn(), note_id)?.meeting_id;
        change(tx)?;
        tavolo::notes::of_meeting(tx.conn(), &meeting)
    })
    .map(|ns| ns.into_iter().map(NoteDto::from).collect())
}

/// Moves a note one place up or down; returns the meeting's notes in order.
#[tauri::command]
pub async fn move_note(
    state: State<'_, AppState>,
    note_id: String,
    up: bool,
) -> CommandResult<Vec<NoteDto>> {
    with_store(state, move |s| {
        notes_after(s, &note_id, |tx| {
            tavolo::notes::move_note(tx, &note_id, up).map(|_| ())
        })
    })
    .await
}

/// Splits a note at a character; returns the meeting's notes in order.
#[tauri::command]
pub async fn split_note(
    state: State<'_, AppState>,
    note_id: String,
    at: u32,
) -> CommandResult<Vec<NoteDto>> {
    with_store(state, move |s| {
        notes_after(s, &note_id, |tx| {
            tavolo::notes::split(tx, &note_id, at as usize).map(|_| ())
        })
    })
    .await
}

/// Merges the second note into the first; returns the meeting's notes in order.
#[tauri::command]
pub async fn merge_notes(
    state: State<'_, AppState>,
    first_id: String,
    second_id: String,
) -> CommandResult<Vec<NoteDto>> {
    with_store(state, move |s| {
        notes_after(s, &first_id, |tx| {
            tavolo::notes::merge(tx, &first_id, &second_id).map(|_| ())
        })
    })
    .await
}

/// Marks around matches: control characters that a note's text cannot contain
/// (they are not typed and the core keeps them out of search results' pieces).
const MATCH_START: char = '\u{1}';
const MATCH_END: char = '\u{2}';

/// Full-text search over the notes (accents ignored, every word a prefix), in one
/// meeting or all, optionally of one kind; best matches first.
#[tauri::command]
pub async fn search_notes(
    state: State<'_, AppState>,
    query: String,
    meeting_id: Option<String>,
    kind: Option<String>,
    limit: u32,
) -> CommandResult<Vec<NoteHitDto>> {
    with_store(state, move |s| {
        let filter = tavolo::notes::SearchFilter {
            meeting_id: meeting_id.filter(|m| !m.is_empty()),
            kind: kind
                .filter(|k| !k.is_empty())
                .map(|k| tavolo::vocabulary::NoteKind::parse("kind", &k))
                .transpose()?,
            ..Default::default()
        };
        let hits = s.read(|c| {
            let marks = (MATCH_START.to_string(), MATCH_END.to_string());
            tavolo::notes::search(c, &query, &filter, limit as usize, (&marks.0, &marks.1))
        })?;
        Ok(hits
            .into_iter()
            .map(|h| NoteHitDto {
                pieces: h
                    .highlighted
                    .split([MATCH_START, MATCH_END])
                    .map(str::to_owned)
                    .collect(),
                note: NoteDto::from(h.note),
            })
            .collect())
    })
    .await
}
