//! A person's personal data as the privacy panel shows it.

use serde::Serialize;
use ts_rs::TS;

use tavolo::privacy::consent::Consent;

/// One consent, purpose by purpose.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConsentDto {
    /// register, names, quotes, photos.
    pub purpose: String,
    pub given: bool,
    /// signed_sheet, verbal, form.
    pub how: Option<String>,
    /// dd/mm/yyyy.
    pub given_on: Option<String>,
    pub withdrawn_on: Option<String>,
}

impl From<Consent> for ConsentDto {
    fn from(c: Consent) -> Self {
        let shown = |d: Option<String>| d.map(|d| tavolo::dates::italian(&d));
        ConsentDto {
            purpose: c.purpose.code().to_owned(),
            given: c.given,
            how: c.how.map(|h| h.code().to_owned()),
            given_on: shown(c.given_on),
            withdrawn_on: shown(c.withdrawn_on),
        }
    }
}

/// What the privacy panel shows of a person.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PersonPrivacyDto {
    pub person_id: String,
    pub name: String,
    pub minor: bool,
    /// Whether the person was erased (nothing personal is left to show).
    pub erased: bool,
    /// Only the purposes with a record; no record is no consent.
    pub consents: Vec<ConsentDto>,
}

/// What an erasure did, and the files written before it that may hold the person.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErasedDto {
    pub notes_unattributed: u32,
    pub texts_changed: u32,
    pub values_purged: u32,
    /// "dd/mm/yyyy hh:mm — kind — file — laptop", one per file.
    pub files_before: Vec<String>,
}
