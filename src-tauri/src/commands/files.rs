//! Files the user asks for: the workbook, the calendar, the minutes, the map as
//! GraphML, PNG or SVG; and the system's save and open dialogs.

use tauri::State;

use tavolo::privacy::exports;
use tavolo::{OpenMode, Store};

use super::{internal, with_store, AppState, CommandResult};
use crate::dto::files::{ExportDoneDto, ExportProgressDto};
use crate::dto::indicators::{CountDto, FilterDto};
use crate::dto::map::MapFilterDto;
use crate::dto::CommandError;

/// Set by the end-to-end tests to the file the save dialog would return: the native
/// GTK dialog is outside what WebDriver can drive.
pub const SAVE_DIALOG_ANSWER: &str = "TAVOLO_SAVE_DIALOG_ANSWER";

/// Asks where to save (the system's save dialog), then writes the workbook there,
/// sending `export-progress` events. Returns `None` when the user cancels.
#[tauri::command]
pub async fn export_xlsx(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: FilterDto,
    pseudonymise: bool,
    export_date: String,
) -> CommandResult<Option<ExportDoneDto>> {
    use tauri::Emitter;

    let filter = filter.into_core().map_err(CommandError::from)?;
    let Some(path) =
        ask_save_path(&app, format!("tavolo-{export_date}.xlsx"), "Excel", "xlsx").await?
    else {
        return Ok(None);
    };
    // The pseudonym key is created (once) through the shared store; the workbook is
    // then written from a connection of its own, so the app stays usable meanwhile.
    let (db_path, key) = with_store(state, move |s| {
        let key = if pseudonymise {
            Some(s.write(|tx| tavolo::formats::workbook::write::pseudonym_key(tx.conn()))?)
        } else {
            None
        };
        Ok((s.path().to_owned(), key))
    })
    .await?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut reader = Store::open(&db_path, OpenMode::MustExist)?;
        let progress = |done: usize, total: usize| {
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            let _ = app.emit(
                "export-progress",
                ExportProgressDto {
                    done: n(done),
                    total: n(total),
                },
            );
        };
        let options = tavolo::formats::workbook::write::Options {
            filter,
            export_date,
            pseudonym_key: key,
            progress: Some(&progress),
        };
        let summary =
            reader.read(|c| tavolo::formats::workbook::write::export(c, &path, &options))?;
        let filter_text = exports::filter_text(&options.filter);
        reader.write(|tx| {
            exports::record(
                tx,
                exports::Kind::Workbook,
                &path,
                &filter_text,
                pseudonymise,
            )
        })?;
        Ok(Some(ExportDoneDto {
            path: path.display().to_string(),
            sheets: summary
                .rows
                .into_iter()
                .map(|(sheet, rows)| CountDto {
                    key: sheet.to_owned(),
                    count: u32::try_from(rows).unwrap_or(u32::MAX),
                })
                .collect(),
        }))
    })
    .await
    .map_err(|_| internal("the export stopped unexpectedly"))?
    .map_err(|e: tavolo::Error| CommandError::from(e))
}

/// The answer an E2E test gives in place of a system dialog, from the environment
/// variable `name`. Read only in debug builds, the tests' own: a release build a
/// user installs always asks.
pub(crate) fn test_answer(name: &str) -> Option<std::path::PathBuf> {
    #[cfg(debug_assertions)]
    {
        std::env::var_os(name).map(std::path::PathBuf::from)
    }
    #[cfg(not(debug_assertions))]
    {
        let _ = name;
        None
    }
}

/// The system's open dialog for one file (or, in tests,
/// `TAVOLO_OPEN_DIALOG_ANSWER`); `None` when the user cancels.
pub(crate) async fn ask_open_path(
    app: &tauri::AppHandle,
    kind: &'static str,
    extensions: &'static [&'static str],
) -> CommandResult<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Some(answer) = test_answer(OPEN_DIALOG_ANSWER) {
            return Some(answer);
        }
        app.dialog()
            .file()
            .add_filter(kind, extensions)
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(|_| internal("the open dialog stopped unexpectedly"))
}

/// The system's save dialog (or, in tests, `TAVOLO_SAVE_DIALOG_ANSWER`); `None`
/// when the user cancels. The extension is added when the name has none.
pub(crate) async fn ask_save_path(
    app: &tauri::AppHandle,
    suggested: String,
    kind: &'static str,
    extension: &'static str,
) -> CommandResult<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let app = app.clone();
    let path = tauri::async_runtime::spawn_blocking(move || {
        if let Some(answer) = test_answer(SAVE_DIALOG_ANSWER) {
            return Some(answer);
        }
        app.dialog()
            .file()
            .add_filter(kind, &[extension])
            .set_file_name(&suggested)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(|_| internal("the save dialog stopped unexpectedly"))?;
    Ok(path.map(|mut p| {
        if p.extension().is_none() {
            p.set_extension(extension);
        }
        p
    }))
}

/// Asks where to save, then writes the calendar of every meeting (.ics).
/// Returns the path written, or `None` when the user cancels.
#[tauri::command]
pub async fn export_ics(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let Some(path) = ask_save_path(&app, "incontri-tavolo.ics".into(), "iCalendar", "ics").await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let stamp = tavolo::dates::ics_stamp(tavolo::store::clock::Clock::now_millis(
            &tavolo::store::clock::SystemClock,
        ));
        s.read(|c| tavolo::formats::ics::export(c, &path, &stamp))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Asks where to save, then writes the meeting's minutes as .odt. Returns the path
/// written, or `None` when the user cancels.
#[tauri::command]
pub async fn export_minutes_odt(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    meeting_id: String,
    project: String,
    funder: String,
) -> CommandResult<Option<String>> {
    let Some(path) = ask_save_path(&app, "verbale.odt".into(), "OpenDocument", "odt").await? else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let header = tavolo::reports::minutes::Header { project, funder };
        s.read(|c| tavolo::reports::minutes::export(c, &meeting_id, &path, &header))?;
        let filter = format!("incontro {meeting_id}");
        s.write(|tx| exports::record(tx, exports::Kind::Minutes, &path, &filter, false))?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Asks where to save, then writes the map (the current filter) as GraphML.
#[tauri::command]
pub async fn export_graphml(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    filter: MapFilterDto,
) -> CommandResult<Option<String>> {
    let filter = filter.into_core().map_err(CommandError::from)?;
    let Some(path) =
        ask_save_path(&app, "rete-tavolo.graphml".into(), "GraphML", "graphml").await?
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        let graph = s.read(|c| tavolo::network::graph(c, &filter))?;
        tavolo::formats::files::write_atomically(
            &path,
            tavolo::formats::graphml::document(&graph).as_bytes(),
        )?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Asks where to save, then writes the picture of the map the page drew (PNG,
/// base64-encoded by Cytoscape).
#[tauri::command]
pub async fn save_map_png(
    app: tauri::AppHandle,
    png_base64: String,
) -> CommandResult<Option<String>> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png_base64.trim_start_matches("data:image/png;base64,"))
        .map_err(|_| internal("the picture of the map could not be read"))?;
    if !bytes.starts_with(b"\x89PNG") {
        return Err(internal("the picture of the map is not a PNG"));
    }
    let Some(path) = ask_save_path(&app, "mappa-tavolo.png".into(), "PNG", "png").await? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        tavolo::formats::files::write_atomically(&path, &bytes)
            .map(|()| Some(path.display().to_string()))
            .map_err(CommandError::from)
    })
    .await
    .map_err(|_| internal("saving the picture stopped unexpectedly"))?
}

/// Asks where to save, then writes the map as the page drew it, as SVG (vector:
/// sharp at any size in a report).
#[tauri::command]
pub async fn save_map_svg(app: tauri::AppHandle, svg: String) -> CommandResult<Option<String>> {
    let head = svg.trim_start();
    if !(head.starts_with("<svg") || head.starts_with("<?xml")) || !svg.contains("</svg>") {
        return Err(internal("the drawing of the map is not an SVG image"));
    }
    let Some(path) = ask_save_path(&app, "mappa-tavolo.svg".into(), "SVG", "svg").await? else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        tavolo::formats::files::write_atomically(&path, svg.as_bytes())
            .map(|()| Some(path.display().to_string()))
            .map_err(CommandError::from)
    })
    .await
    .map_err(|_| internal("saving the drawing stopped unexpectedly"))?
}

/// Set in tests to the file the open dialog would return.
pub const OPEN_DIALOG_ANSWER: &str = "TAVOLO_OPEN_DIALOG_ANSWER";
