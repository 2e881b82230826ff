//! Full-text search over the notes (FTS5 index `notes_fts`, kept by triggers):
//! accents ignored, every typed word a prefix, operators taken literally.

use crate::error::Result;
use crate::notes::Note;
use crate::text::fold;
use crate::vocabulary::NoteKind;
use rusqlite::{params, Connection};

/// How many of the most recent matching notes a search ranks by relevance.
pub const RECENT_WINDOW: usize = 1_000;

/// Narrows a search; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub meeting_id: Option<String>,
    pub kind: Option<NoteKind>,
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
        .map(|w| format!("\"{w}\"*"))
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
             AND (?6 IS NULL OR (' ' || {t}.tags || ' ') LIKE ?6 ESCAPE '\\')"
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
         ORDER BY rank LIMIT ?7",
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
            filter
                .tag
                .as_deref()
                .map(|t| crate::text::like_word(&fold(t))),
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
