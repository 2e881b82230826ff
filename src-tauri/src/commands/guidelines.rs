//! The PIA guidelines of a territory (the page, each change to them, versions and
//! the document), and the synthesis report of a meeting with its tables'
//! paragraphs: shown for printing, saved as .docx or .odt.

use tauri::State;

use tavolo::guidelines::{self, clauses, propose, trace, versions};
use tavolo::vocabulary::{ClauseStatus, GuidelinesStatus};

use super::files::ask_save_path;
use super::{with_store, AppState, CommandResult};
use crate::dto::guidelines::{
    ComparedDto, DocumentDto, GuidelinesDto, GuidelinesOpDto, GuidelinesViewDto, SourceDto,
    SynthesisDto, TableSynthesisDto,
};

fn view(c: &tavolo::store::Connection, territory_id: &str) -> tavolo::Result<GuidelinesViewDto> {
    guidelines::territory(c, territory_id)?;
    let document = match guidelines::of_territory(c, territory_id)? {
        Some(g) => {
            let kept = versions::list(c, &g.id)?;
            Some(GuidelinesDto::of(g, kept))
        }
        None => None,
    };
    let mut unhandled = Vec::new();
    let reader = tavolo::notes::Reader::new(c)?;
    for u in trace::unhandled(c, territory_id)? {
        if let Some(s) = reader.get(&u.note_id)? {
            unhandled.push(SourceDto::from(s));
        }
    }
    Ok(GuidelinesViewDto {
        territory_id: territory_id.to_owned(),
        document,
        unhandled,
    })
}

#[tauri::command]
pub async fn guidelines_view(
    state: State<'_, AppState>,
    territory_id: String,
) -> CommandResult<GuidelinesViewDto> {
    with_store(state, move |s| s.read(|c| view(c, &territory_id))).await
}

fn index(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// One change to a territory's guidelines, then the page as it now is.
#[tauri::command]
pub async fn edit_guidelines(
    state: State<'_, AppState>,
    territory_id: String,
    op: GuidelinesOpDto,
) -> CommandResult<GuidelinesViewDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            let doc = || guidelines::id_of(&territory_id);
            match op {
                GuidelinesOpDto::Propose => {
                    propose::propose(tx, &territory_id)?;
                }
                GuidelinesOpDto::EditClause { clause_id, text } => {
                    clauses::edit(tx, &clause_id, &text)?
                }
                GuidelinesOpDto::SetClauseStatus { clause_id, status } => {
                    clauses::set_status(tx, &clause_id, ClauseStatus::parse("status", &status)?)?
                }
                GuidelinesOpDto::MoveClause {
                    clause_id,
                    section_id,
                    index: at,
                } => clauses::move_to(tx, &clause_id, &section_id, index(at))?,
                GuidelinesOpDto::MergeClauses { keep, other } => clauses::merge(tx, &keep, &other)?,
                GuidelinesOpDto::SplitClause { clause_id, at } => {
                    clauses::split(tx, &clause_id, index(at))?;
                }
                GuidelinesOpDto::RemoveClause { clause_id } => clauses::remove(tx, &clause_id)?,
                GuidelinesOpDto::AddClause {
                    section_id,
                    text,
                    note_ids,
                } => {
                    clauses::add(tx, &section_id, &text, &note_ids)?;
                }
                GuidelinesOpDto::AddSource { clause_id, note_id } => {
                    clauses::add_source(tx, &clause_id, &note_id)?
                }
                GuidelinesOpDto::RemoveSource { clause_id, note_id } => {
                    clauses::remove_source(tx, &clause_id, &note_id)?
                }
                GuidelinesOpDto::Comment {
                    clause_id,
                    author,
                    text,
                } => {
                    clauses::comment(tx, &clause_id, author.as_deref(), &text)?;
                }
                GuidelinesOpDto::SetAside { note_id, reason } => {
                    guidelines::open(tx, &territory_id)?;
                    guidelines::set_aside(tx, &doc(), &note_id, &reason)?;
                }
                GuidelinesOpDto::Restore { note_id } => guidelines::restore(tx, &doc(), &note_id)?,
                GuidelinesOpDto::SetStatus { status } => {
                    guidelines::set_status(tx, &doc(), GuidelinesStatus::parse("status", &status)?)?
                }
                GuidelinesOpDto::AddSection { title } => {
                    guidelines::open(tx, &territory_id)?;
                    guidelines::add_section(tx, &doc(), &title)?;
                }
                GuidelinesOpDto::RenameSection { section_id, title } => {
                    guidelines::rename_section(tx, &section_id, &title)?
                }
            }
            view(tx.conn(), &territory_id)
        })
    })
    .await
}

/// A kept version compared with the text as it is now, clause by clause.
#[tauri::command]
pub async fn compare_guidelines(
    state: State<'_, AppState>,
    territory_id: String,
    version_id: String,
) -> CommandResult<Vec<ComparedDto>> {
    with_store(state, move |s| {
        s.read(|c| {
            versions::compare(c, &guidelines::id_of(&territory_id), &version_id, None)
                .map(|lines| lines.into_iter().map(ComparedDto::from).collect())
        })
    })
    .await
}

/// The guidelines as the document the export writes, for the printable view.
#[tauri::command]
pub async fn guidelines_document(
    state: State<'_, AppState>,
    territory_id: String,
) -> CommandResult<DocumentDto> {
    with_store(state, move |s| {
        s.read(|c| guidelines_doc(c, &territory_id).map(Into::into))
    })
    .await
}

/// The territory's guidelines as the document the export writes, under the
/// workspace's project and funder lines.
fn guidelines_doc(
    c: &tavolo::store::Connection,
    territory_id: &str,
) -> tavolo::Result<tavolo::formats::document::Document> {
    let (project, funder) = tavolo::store::local::print_header(c)?;
    tavolo::reports::guidelines::document(
        c,
        territory_id,
        &project,
        &funder,
        &tavolo::dates::today(),
    )
    .map(|e| e.document)
}

/// A meeting's synthesis report as a document, under the project and funder lines.
fn meeting_report(
    c: &tavolo::store::Connection,
    meeting_id: &str,
) -> tavolo::Result<tavolo::formats::document::Document> {
    use tavolo::reports::synthesis;
    let (project, funder) = tavolo::store::local::print_header(c)?;
    let scope = synthesis::Scope::Meeting(meeting_id.to_owned());
    synthesis::report(c, &scope, &project, &funder, &tavolo::dates::today()).map(|r| r.document)
}

/// The document is written as its name says: a name chosen with another ending
/// ("relazione.finale") gets the format's own added ("relazione.finale.docx").
fn named_as(mut path: std::path::PathBuf, ext: &str) -> std::path::PathBuf {
    let matches = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if !matches {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{ext}"));
        path.set_file_name(name);
    }
    path
}

fn extension(format: &str) -> tavolo::Result<&'static str> {
    match format {
        "docx" => Ok("docx"),
        "odt" => Ok("odt"),
        other => Err(tavolo::Error::invalid(
            "format",
            tavolo::Problem::Unknown {
                value: other.to_owned(),
                accepted: "docx, odt".into(),
            },
        )),
    }
}

/// Asks where to save, then writes the guidelines as .docx or .odt. Returns the
/// path written, or `None` when the user cancels.
#[tauri::command]
pub async fn export_guidelines(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    territory_id: String,
    format: String,
) -> CommandResult<Option<String>> {
    let ext = extension(&format)?;
    let Some(path) =
        ask_save_path(&app, format!("linee-guida-pia.{ext}"), "Documento", ext).await?
    else {
        return Ok(None);
    };
    let path = named_as(path, ext);
    with_store(state, move |s| {
        let doc = s.read(|c| guidelines_doc(c, &territory_id))?;
        tavolo::formats::document::write(&doc, &path)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

fn synthesis(c: &tavolo::store::Connection, meeting_id: &str) -> tavolo::Result<SynthesisDto> {
    use tavolo::reports::table_syntheses;
    let document = meeting_report(c, meeting_id)?;
    let mut tables = Vec::new();
    for t in tavolo::meetings::tables(c, meeting_id)? {
        tables.push(TableSynthesisDto {
            text: table_syntheses::of_table(c, &t.id)?,
            table_id: t.id,
            title: t.title,
        });
    }
    Ok(SynthesisDto {
        document: document.into(),
        tables,
    })
}

/// The synthesis report of a meeting, for the printable view.
#[tauri::command]
pub async fn synthesis_report(
    state: State<'_, AppState>,
    meeting_id: String,
) -> CommandResult<SynthesisDto> {
    with_store(state, move |s| s.read(|c| synthesis(c, &meeting_id))).await
}

/// Writes (or clears) the synthesis paragraph of a table, then the report again.
#[tauri::command]
pub async fn set_table_synthesis(
    state: State<'_, AppState>,
    meeting_id: String,
    table_id: String,
    text: String,
) -> CommandResult<SynthesisDto> {
    with_store(state, move |s| {
        s.write(|tx| {
            tavolo::reports::table_syntheses::set(tx, &table_id, &text)?;
            synthesis(tx.conn(), &meeting_id)
        })
    })
    .await
}

/// Asks where to save, then writes the synthesis report of a meeting as .docx or .odt.
#[tauri::command]
pub async fn export_synthesis(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    meeting_id: String,
    format: String,
) -> CommandResult<Option<String>> {
    let ext = extension(&format)?;
    let Some(path) =
        ask_save_path(&app, format!("report-di-sintesi.{ext}"), "Documento", ext).await?
    else {
        return Ok(None);
    };
    let path = named_as(path, ext);
    with_store(state, move |s| {
        let doc = s.read(|c| meeting_report(c, &meeting_id))?;
        tavolo::formats::document::write(&doc, &path)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}
