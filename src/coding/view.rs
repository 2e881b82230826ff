//! What the app's analysis screen shows: a meeting's notes with their coded
//! passages and the codes of their `#tags`, and the notes of one cell of a
//! matrix with the words coded there.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::Connection;

use crate::coding::codebook::{self, Code};
use crate::coding::layout::{self, NoteSpan};
use crate::coding::matrix::{self, Cases};
use crate::coding::passages::{self, Passage};
use crate::error::Result;

/// A coded passage with its code's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    pub passage: Passage,
    pub code_name: String,
}

/// A note as the coder reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodingNote {
    pub note_id: String,
    pub meeting: String,
    pub text: String,
    pub table: Option<String>,
    pub speaker: Option<String>,
    pub passages: Vec<Coded>,
    /// The codes the note's `#tags` give it as a whole.
    pub tag_codes: Vec<String>,
}

fn names(conn: &Connection) -> Result<(HashMap<String, Code>, HashMap<String, String>)> {
    let all = codebook::list(conn)?;
    let by_id: HashMap<String, Code> = all.iter().map(|c| (c.id.clone(), c.clone())).collect();
    let by_tag: HashMap<String, String> = all
        .iter()
        .filter_map(|c| {
            let target = by_id.get(codebook::effective(c))?;
            Some((c.tag.clone()?, target.name.clone()))
        })
        .collect();
    Ok((by_id, by_tag))
}

fn coding_note(
    conn: &Connection,
    n: &NoteSpan,
    by_id: &HashMap<String, Code>,
    by_tag: &HashMap<String, String>,
) -> Result<CodingNote> {
    let passages = passages::of_note(conn, &n.note_id)?
        .into_iter()
        .map(|p| {
            let code_name = by_id
                .get(&p.code_id)
                .and_then(|c| by_id.get(codebook::effective(c)))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            Coded {
                passage: p,
                code_name,
            }
        })
        .collect();
    let mut tag_codes: Vec<String> = n
        .tags
        .split_whitespace()
        .filter_map(|t| by_tag.get(t).cloned())
        .collect();
    tag_codes.sort();
    tag_codes.dedup();
    Ok(CodingNote {
        note_id: n.note_id.clone(),
        meeting: n.case.meeting.clone(),
        text: n.text.clone(),
        table: n.case.table.clone(),
        speaker: n.case.speaker.clone(),
        passages,
        tag_codes,
    })
}

/// The notes of a meeting, in order, as the coder reads them.
pub fn meeting_notes(conn: &Connection, meeting_id: &str) -> Result<Vec<CodingNote>> {
    crate::meetings::get(conn, meeting_id)?;
    let (by_id, by_tag) = names(conn)?;
    let mut out = Vec::new();
    for source in layout::sources(conn, Some(meeting_id))? {
        for n in &source.notes {
            out.push(coding_note(conn, n, &by_id, &by_tag)?);
        }
    }
    Ok(out)
}

/// The notes of one cell of the codes × cases matrix, each with its passages
/// of that code (none when the note is coded as a whole).
pub fn cell(conn: &Connection, cases: Cases, code_id: &str, case: &str) -> Result<Vec<CodingNote>> {
    let (by_id, by_tag) = names(conn)?;
    let wanted: HashSet<String> = matrix::cell_notes(conn, cases, code_id, case)?
        .into_iter()
        .collect();
    let meetings: BTreeSet<String> = {
        let mut stmt = conn.prepare_cached("SELECT meeting_id FROM notes WHERE id = ?1")?;
        let mut out = BTreeSet::new();
        for id in &wanted {
            out.insert(stmt.query_row([id], |r| r.get::<_, String>(0))?);
        }
        out
    };
    let mut out = Vec::new();
    for m in &meetings {
        for source in layout::sources(conn, Some(m))? {
            for n in source.notes.iter().filter(|n| wanted.contains(&n.note_id)) {
                let mut c = coding_note(conn, n, &by_id, &by_tag)?;
                c.passages.retain(|p| {
                    by_id
                        .get(&p.passage.code_id)
                        .is_some_and(|k| codebook::effective(k) == code_id)
                });
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// One note as the coder reads it.
pub fn note(conn: &Connection, note_id: &str) -> Result<CodingNote> {
    let n = crate::notes::get(conn, note_id)?;
    meeting_notes(conn, &n.meeting_id)?
        .into_iter()
        .find(|c| c.note_id == note_id)
        .ok_or_else(|| crate::error::Error::NotFound {
            entity: "note",
            id: note_id.to_owned(),
        })
}

/// Codes the note with the code named `code_name` (made if new), the whole
/// note or its characters `span`, as this laptop's coder (its device name).
pub fn code_by_name(
    tx: &mut crate::store::WriteTx<'_>,
    note_id: &str,
    code_name: &str,
    span: Option<(usize, usize)>,
) -> Result<Passage> {
    let code = codebook::find_or_add(tx, code_name)?;
    let coder = crate::sync::identity::device_name(tx.conn())?;
    passages::apply(tx, note_id, &code.id, span, &coder)
}
