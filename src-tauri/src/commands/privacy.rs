//! A person's personal data (GDPR): consents by purpose, the minor flag, the
//! right of access (everything held, as a document or JSON, into a file chosen
//! in the save dialog) and erasure on request.

use tauri::State;
use tavolo::privacy::{access, consent, erasure, exports};
use tavolo::vocabulary::{ConsentHow, ConsentPurpose};
use tavolo::Store;

use super::{with_store, AppState, CommandResult};
use crate::dto::privacy::{ConsentDto, ErasedDto, PersonPrivacyDto};

fn privacy_of(store: &Store, person_id: &str) -> tavolo::Result<PersonPrivacyDto> {
    store.read(|c| {
        let p = tavolo::register::people::get(c, person_id)?;
        Ok(PersonPrivacyDto {
            person_id: p.id.clone(),
            name: format!("{} {}", p.given_name, p.family_name)
                .trim()
                .to_owned(),
            minor: p.minor,
            erased: p.family_name == erasure::ERASED,
            consents: consent::of_person(c, person_id)?
                .into_iter()
                .map(ConsentDto::from)
                .collect(),
        })
    })
}

/// What the privacy panel shows of a person.
#[tauri::command]
pub async fn person_privacy(
    state: State<'_, AppState>,
    person_id: String,
) -> CommandResult<PersonPrivacyDto> {
    with_store(state, move |s| privacy_of(s, &person_id)).await
}

/// Gives or withdraws a consent, dated today.
#[tauri::command]
pub async fn set_person_consent(
    state: State<'_, AppState>,
    person_id: String,
    purpose: String,
    given: bool,
    how: Option<String>,
) -> CommandResult<PersonPrivacyDto> {
    with_store(state, move |s| {
        let purpose = ConsentPurpose::parse("purpose", &purpose)?;
        let how = how
            .as_deref()
            .map(|h| ConsentHow::parse("how", h))
            .transpose()?;
        let today = tavolo::dates::today();
        s.write(|tx| consent::set(tx, &person_id, purpose, given, how, &today))?;
        privacy_of(s, &person_id)
    })
    .await
}

/// Marks a person a minor, or not.
#[tauri::command]
pub async fn set_person_minor(
    state: State<'_, AppState>,
    person_id: String,
    minor: bool,
) -> CommandResult<PersonPrivacyDto> {
    with_store(state, move |s| {
        s.write(|tx| consent::set_minor(tx, &person_id, minor))?;
        privacy_of(s, &person_id)
    })
    .await
}

/// Everything held about the person, into a file chosen in the save dialog:
/// `docx`, `odt` or `json`. Returns the file, or `None` if the user cancelled.
#[tauri::command]
pub async fn export_person_data(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    person_id: String,
    format: String,
) -> CommandResult<Option<String>> {
    let extension = tavolo::validate::choice(
        "format",
        &format,
        &[("docx", "docx"), ("odt", "odt"), ("json", "json")],
    )?;
    let Some(mut file) = super::files::ask_save_path(
        &app,
        format!("dati-personali.{extension}"),
        "Dati personali",
        extension,
    )
    .await?
    else {
        return Ok(None);
    };
    file.set_extension(extension);
    with_store(state, move |s| {
        access::export_to(s, &person_id, &file)?;
        Ok(Some(file.display().to_string()))
    })
    .await
}

/// Erases the person (GDPR art. 17) on every copy; returns what was done and the
/// files written before that may still hold them, for the office to chase.
#[tauri::command]
pub async fn erase_person(
    state: State<'_, AppState>,
    person_id: String,
) -> CommandResult<ErasedDto> {
    use tavolo::store::clock::Clock;
    with_store(state, move |s| {
        let done = erasure::erase(s, &person_id, &tavolo::dates::today())?;
        let now = tavolo::store::clock::SystemClock.now_millis();
        let before =
            s.read(|c| exports::with_names_until(c, i64::try_from(now).unwrap_or(i64::MAX)))?;
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Ok(ErasedDto {
            notes_unattributed: n(done.notes_unattributed),
            texts_changed: n(done.texts_changed),
            values_purged: n(done.values_purged),
            files_before: before
                .iter()
                .map(|e| {
                    format!(
                        "{} — {} — {} — {}",
                        tavolo::dates::local_date_time(u64::try_from(e.at_ms).unwrap_or(0))
                            .format("%d/%m/%Y %H:%M"),
                        e.kind,
                        e.file,
                        e.device_name
                    )
                })
                .collect(),
        })
    })
    .await
}
