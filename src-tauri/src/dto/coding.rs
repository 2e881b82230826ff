//! The analysis screen: the codebook with how many notes each code is on, a
//! meeting's notes with their coded passages, the codes × cases matrix and the
//! notes of one of its cells.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

fn n(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// A code of the codebook, with the number of notes coded with it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CodeDto {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub colour: String,
    pub retired: bool,
    pub notes: u32,
}

impl CodeDto {
    pub fn new(c: tavolo::coding::Code, notes: usize) -> Self {
        CodeDto {
            id: c.id,
            name: c.name,
            parent_id: c.parent_id,
            colour: c.colour,
            retired: c.retired,
            notes: n(notes),
        }
    }
}

/// A coded passage. `start` and `end` count characters (code points) of the
/// note's text; both null for the whole note.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PassageDto {
    pub id: String,
    pub code_id: String,
    pub code_name: String,
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub quote: String,
    pub coder: String,
    pub review: bool,
}

/// A note as the coder reads it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CodingNoteDto {
    pub note_id: String,
    pub meeting: String,
    pub text: String,
    pub table: Option<String>,
    pub speaker: Option<String>,
    pub passages: Vec<PassageDto>,
    /// The codes the note's #tags give it as a whole.
    pub tag_codes: Vec<String>,
}

impl From<tavolo::coding::view::CodingNote> for CodingNoteDto {
    fn from(c: tavolo::coding::view::CodingNote) -> Self {
        CodingNoteDto {
            note_id: c.note_id,
            meeting: c.meeting,
            text: c.text,
            table: c.table,
            speaker: c.speaker,
            passages: c
                .passages
                .into_iter()
                .map(|p| PassageDto {
                    id: p.passage.id,
                    code_id: p.passage.code_id,
                    code_name: p.code_name,
                    start: p.passage.span.map(|s| n(s.0)),
                    end: p.passage.span.map(|s| n(s.1)),
                    quote: p.passage.quote,
                    coder: p.passage.coder,
                    review: p.passage.review,
                })
                .collect(),
            tag_codes: c.tag_codes,
        }
    }
}

/// A passage to code: the note, the code's name (a new name makes a code) and
/// the characters `start..end` (code points), or none for the whole note.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CodePassageDto {
    pub note_id: String,
    pub code_name: String,
    pub start: Option<u32>,
    pub end: Option<u32>,
}

/// The codes × cases matrix: `cells[r][c]` notes coded with `rows[r]` in the
/// case `cols[c]`; `cases` lists the case codes one may choose as columns.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CodeMatrixDto {
    pub cases: Vec<String>,
    pub rows: Vec<CodeDto>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<u32>>,
}

impl CodeMatrixDto {
    pub fn new(m: tavolo::coding::matrix::Matrix) -> Self {
        let totals: Vec<usize> = m.cells.iter().map(|r| r.iter().sum()).collect();
        CodeMatrixDto {
            cases: tavolo::coding::matrix::Cases::ALL
                .iter()
                .map(|(c, _)| (*c).to_owned())
                .collect(),
            rows: m
                .rows
                .into_iter()
                .zip(totals)
                .map(|(c, t)| CodeDto::new(c, t))
                .collect(),
            cols: m.cols,
            cells: m
                .cells
                .into_iter()
                .map(|r| r.into_iter().map(n).collect())
                .collect(),
        }
    }
}
