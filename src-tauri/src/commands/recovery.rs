//! When the database cannot be used, and backups: the check at start (on a
//! connection of its own, then the day's backup), the recovery screen's actions
//! (restore a backup, open another file, copy out what can still be read), and
//! the backups panel (list, back up now, restore).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tauri::State;
use tavolo::store::backup::{self, Reason};
use tavolo::store::cipher::{self, Passphrase};
use tavolo::store::clock::{Clock, SystemClock};
use tavolo::store::{keyring, recovery};
use tavolo::{OpenMode, Store};

use super::{internal, with_store, AppState, CommandResult};
use crate::dto::recovery::{
    BackupDto, EncryptedDto, ProblemDto, RecoveryStatusDto, RestoredDto, SalvageDto, UnlockedDto,
};
use crate::dto::CommandError;

/// After the window opens: SQLite's `quick_check` on the whole file; if it finds
/// damage, the page hears `database-damaged` and shows the recovery screen;
/// otherwise the day's backup is taken (never a backup of a damaged file, which
/// the rotation would keep in place of good ones).
pub fn check_in_background(
    app: tauri::AppHandle,
    path: PathBuf,
    problem: Arc<Mutex<Option<recovery::Problem>>>,
) {
    std::thread::spawn(move || {
        use tauri::Emitter;
        if let Some(found) = recovery::problem(&path) {
            let code = found.damage.code();
            if let Ok(mut p) = problem.lock() {
                *p = Some(found);
            }
            let _ = app.emit("database-damaged", code);
            return;
        }
        if let Ok(store) = Store::open(&path, OpenMode::MustExist) {
            // A failed daily backup shows as an old date in the backups panel.
            let _ = store.daily_backup();
        }
    });
}

fn problem_of(state: &AppState) -> CommandResult<Option<recovery::Problem>> {
    Ok(state
        .problem
        .lock()
        .map_err(|_| internal("the database's state is unavailable"))?
        .clone())
}

fn db_path_of(state: &AppState) -> CommandResult<PathBuf> {
    Ok(state
        .db_path
        .lock()
        .map_err(|_| internal("the database's state is unavailable"))?
        .clone())
}

/// Whether the database can be used, and the backups beside it.
#[tauri::command]
pub async fn recovery_status(state: State<'_, AppState>) -> CommandResult<RecoveryStatusDto> {
    let problem = problem_of(&state)?;
    let db = db_path_of(&state)?;
    tauri::async_runtime::spawn_blocking(move || status_of(problem, &db))
        .await
        .map_err(|_| internal("the backups could not be listed"))?
        .map_err(CommandError::from)
}

/// Whether the database at `db` can be used (`problem` when not), and the
/// backups beside it: the command's answer, and the first screen's.
pub(crate) fn status_of(
    problem: Option<recovery::Problem>,
    db: &Path,
) -> tavolo::Result<RecoveryStatusDto> {
    let backups = backup::list(&backup::folder_for(db))?;
    Ok(RecoveryStatusDto {
        problem: problem.map(ProblemDto::from),
        db_path: db.display().to_string(),
        backup_folder: backup::folder_for(db).display().to_string(),
        backups: backups.iter().map(BackupDto::from).collect(),
        encrypted: cipher::is_encrypted(db),
    })
}

/// A backup now, into the folder beside the database.
#[tauri::command]
pub async fn create_backup(state: State<'_, AppState>) -> CommandResult<BackupDto> {
    with_store(state, |s| s.backup(None, Reason::Manual))
        .await
        .map(|b| BackupDto::from(&b))
}

/// Puts `file` in place of the database: through the open database when it is
/// healthy (the database as it is is backed up first), or, when it cannot be
/// used, by moving the damaged file aside and copying the backup in.
async fn restore(state: State<'_, AppState>, file: PathBuf) -> CommandResult<RestoredDto> {
    let damaged = problem_of(&state)?.is_some();
    let db = db_path_of(&state)?;
    let store = Arc::clone(&state.store);
    let problem = Arc::clone(&state.problem);
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .map_err(|_| internal("the database is unavailable; restart Tavolo"))?;
        let kept_aside = match guard.as_mut() {
            Some(s) if !damaged => {
                tavolo::privacy::erasure::restore(s, &file)
                    .map_err(CommandError::from)?
                    .path
            }
            _ => {
                // Closed first: the damaged file is moved, not written through.
                *guard = None;
                let key = cipher::remembered(&db);
                let (mut opened, aside) =
                    recovery::restore_over(&db, &file, SystemClock.now_millis(), key.as_ref())
                        .map_err(CommandError::from)?;
                tavolo::privacy::erasure::reapply(&mut opened).map_err(CommandError::from)?;
                *guard = Some(opened);
                aside
            }
        };
        *problem
            .lock()
            .map_err(|_| internal("the database's state is unavailable"))? = None;
        Ok(RestoredDto {
            kept_aside: kept_aside.display().to_string(),
        })
    })
    .await
    .map_err(|_| internal("the restore stopped unexpectedly"))?
}

/// Restores one of the backups the lists show, named by its file name (the page
/// names no path).
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    name: String,
) -> CommandResult<RestoredDto> {
    let folder = backup::folder_for(&db_path_of(&state)?);
    let file = backup::list(&folder)
        .map_err(CommandError::from)?
        .into_iter()
        .find(|b| {
            b.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == name)
        })
        .ok_or_else(|| {
            CommandError::from(tavolo::Error::NotFound {
                entity: "backup",
                id: name.clone(),
            })
        })?
        .path;
    restore(state, file).await
}

/// Restores a backup chosen in the open dialog (one kept on a USB stick).
#[tauri::command]
pub async fn restore_backup_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<RestoredDto>> {
    let Some(file) = super::files::ask_open_path(&app, "Tavolo", &["db"]).await? else {
        return Ok(None);
    };
    restore(state, file).await.map(Some)
}

/// Opens another database file chosen in the open dialog, for this session.
#[tauri::command]
pub async fn open_other_database(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let Some(file) = super::files::ask_open_path(&app, "Tavolo", &["db"]).await? else {
        return Ok(None);
    };
    let opened = tauri::async_runtime::spawn_blocking(move || open_checked(&file))
        .await
        .map_err(|_| internal("the database could not be opened"))??;
    let shown = opened.path().display().to_string();
    *state
        .db_path
        .lock()
        .map_err(|_| internal("the database's state is unavailable"))? = opened.path().to_owned();
    *state
        .store
        .lock()
        .map_err(|_| internal("the database is unavailable; restart Tavolo"))? = Some(opened);
    *state
        .problem
        .lock()
        .map_err(|_| internal("the database's state is unavailable"))? = None;
    Ok(Some(shown))
}

/// Opens the encrypted database with the passphrase typed on the recovery
/// screen, keeps it in the keyring if asked (and one answers), then runs the
/// check and the day's backup as a start does.
#[tauri::command]
pub async fn unlock_database(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    passphrase: String,
    remember: bool,
) -> CommandResult<UnlockedDto> {
    let db = db_path_of(&state)?;
    let pass = Passphrase::given(&passphrase).map_err(CommandError::from)?;
    drop(passphrase);
    let path = db.clone();
    let (opened, kept) = tauri::async_runtime::spawn_blocking(move || {
        let opened = Store::open_keyed(&path, OpenMode::MustExist, Some(pass.clone()))?;
        let kept = remember && keyring::save(&path, &pass);
        Ok::<_, tavolo::Error>((opened, kept))
    })
    .await
    .map_err(|_| internal("the database could not be opened"))?
    .map_err(CommandError::from)?;
    *state
        .store
        .lock()
        .map_err(|_| internal("the database is unavailable; restart Tavolo"))? = Some(opened);
    *state
        .problem
        .lock()
        .map_err(|_| internal("the database's state is unavailable"))? = None;
    check_in_background(app, db, Arc::clone(&state.problem));
    Ok(UnlockedDto {
        kept_in_keyring: kept,
    })
}

/// Encrypts the open plain database in place (`tavolo encrypt`): the app's own
/// connection is closed for it and the database opened again, encrypted, or
/// plain as before if anything failed (another program holding the file, say).
#[tauri::command]
pub async fn encrypt_database(
    state: State<'_, AppState>,
    passphrase: String,
    remember: bool,
) -> CommandResult<EncryptedDto> {
    let pass = Passphrase::new_one(&passphrase).map_err(CommandError::from)?;
    drop(passphrase);
    let store = Arc::clone(&state.store);
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .map_err(|_| internal("the database is unavailable; restart Tavolo"))?;
        let Some(open) = guard.take() else {
            return Err(internal(
                "the database cannot be used: see the recovery screen",
            ));
        };
        let db = open.path().to_owned();
        drop(open);
        let done = tavolo::store::encrypt::encrypt_in_place(&db, &pass, SystemClock.now_millis());
        let key = done.is_ok().then(|| pass.clone());
        *guard =
            Some(Store::open_keyed(&db, OpenMode::MustExist, key).map_err(CommandError::from)?);
        let done = done.map_err(CommandError::from)?;
        Ok(EncryptedDto {
            backup: done
                .backup
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            backups_sealed: u32::try_from(done.backups_sealed).unwrap_or(u32::MAX),
            kept_in_keyring: remember && keyring::save(&db, &pass),
        })
    })
    .await
    .map_err(|_| internal("the encryption stopped unexpectedly"))?
}

/// A database that opens and passes `quick_check`.
fn open_checked(file: &Path) -> CommandResult<Store> {
    if let Some(problem) = recovery::problem(file) {
        return Err(CommandError::from(tavolo::Error::File {
            path: file.display().to_string(),
            message: problem.to_string(),
        }));
    }
    Store::open(file, OpenMode::MustExist).map_err(CommandError::from)
}

/// Copies what can still be read of the database into a new file chosen in the
/// save dialog.
#[tauri::command]
pub async fn salvage_database(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<SalvageDto>> {
    let db = db_path_of(&state)?;
    let Some(to) =
        super::files::ask_save_path(&app, "tavolo-recuperato.db".into(), "Tavolo", "db").await?
    else {
        return Ok(None);
    };
    tauri::async_runtime::spawn_blocking(move || {
        recovery::salvage(&db, &to, cipher::remembered(&db).as_ref())
    })
    .await
    .map_err(|_| internal("the copy stopped unexpectedly"))?
    .map(|s| Some(SalvageDto::from(s)))
    .map_err(CommandError::from)
}
