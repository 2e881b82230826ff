//! The analysis screen: the codebook, coding a passage of a note by keyboard,
//! the codes × cases matrix and a cell's notes. Each change is one transaction.

use tauri::State;

use tavolo::coding::matrix::{self, Cases};
use tavolo::coding::{codebook, passages, view};

use super::{with_store, AppState, CommandResult};
use crate::dto::coding::{CodeDto, CodeMatrixDto, CodePassageDto, CodingNoteDto};

/// The codebook (made from the notes' #tags first, when new ones appeared),
/// the tree's order, with how many notes each code is on.
#[tauri::command]
pub async fn codebook(state: State<'_, AppState>) -> CommandResult<Vec<CodeDto>> {
    with_store(state, |s| {
        s.write(codebook::from_tags)?;
        s.read(|c| {
            Ok(matrix::frequencies(c)?
                .into_iter()
                .map(|(code, n)| CodeDto::new(code, n))
                .collect())
        })
    })
    .await
}

/// A meeting's notes, as the coder reads them.
#[tauri::command]
pub async fn coding_notes(
    state: State<'_, AppState>,
    meeting_id: String,
) -> CommandResult<Vec<CodingNoteDto>> {
    with_store(state, move |s| {
        s.read(|c| view::meeting_notes(c, &meeting_id))
            .map(|l| l.into_iter().map(Into::into).collect())
    })
    .await
}

/// Codes a passage (or the whole note); resolves to the note once on disk.
#[tauri::command]
pub async fn code_passage(
    state: State<'_, AppState>,
    input: CodePassageDto,
) -> CommandResult<CodingNoteDto> {
    with_store(state, move |s| {
        let span = match (input.start, input.end) {
            (Some(a), Some(b)) => Some((a as usize, b as usize)),
            _ => None,
        };
        s.write(|tx| view::code_by_name(tx, &input.note_id, &input.code_name, span))?;
        s.read(|c| view::note(c, &input.note_id)).map(Into::into)
    })
    .await
}

/// Removes a coded passage; resolves to its note.
#[tauri::command]
pub async fn remove_passage(
    state: State<'_, AppState>,
    passage_id: String,
) -> CommandResult<CodingNoteDto> {
    with_store(state, move |s| {
        let note = s.read(|c| passages::get(c, &passage_id))?.note_id;
        s.write(|tx| passages::remove(tx, &passage_id))?;
        s.read(|c| view::note(c, &note)).map(Into::into)
    })
    .await
}

/// The codes × cases matrix, `cols` one of the case codes.
#[tauri::command]
pub async fn coding_matrix(
    state: State<'_, AppState>,
    cols: String,
) -> CommandResult<CodeMatrixDto> {
    with_store(state, move |s| {
        let cases = Cases::parse("cols", &cols)?;
        s.write(codebook::from_tags)?;
        s.read(|c| matrix::matrix(c, cases)).map(CodeMatrixDto::new)
    })
    .await
}

/// The notes of one cell, with the passages of its code.
#[tauri::command]
pub async fn coding_cell(
    state: State<'_, AppState>,
    cols: String,
    code_id: String,
    case: String,
) -> CommandResult<Vec<CodingNoteDto>> {
    with_store(state, move |s| {
        let cases = Cases::parse("cols", &cols)?;
        s.read(|c| view::cell(c, cases, &code_id, &case))
            .map(|l| l.into_iter().map(Into::into).collect())
    })
    .await
}

/// Asks where to save, then writes the analysis workbook (the codebook, every
/// matrix, the co-occurrence, the passages). Returns the path written, or
/// `None` when the user cancels.
#[tauri::command]
pub async fn export_analysis(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let Some(path) =
        super::files::ask_save_path(&app, "analisi-tavolo.xlsx".into(), "Excel", "xlsx").await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        s.write(codebook::from_tags)?;
        s.read(|c| tavolo::formats::analysis::export(c, &path))?;
        s.write(|tx| {
            tavolo::privacy::exports::record(
                tx,
                tavolo::privacy::exports::Kind::Analysis,
                &path,
                "",
                false,
            )
        })?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
