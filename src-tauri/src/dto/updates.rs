//! Updates without internet: the update files found in a folder, and an
//! installation's outcome.

use serde::Serialize;
use ts_rs::TS;

use tavolo::update::Found;

/// One update file in the chosen folder: what it offers, or why it is refused.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateFileDto {
    /// The file's name in the folder: what an installation names.
    pub name: String,
    /// The version offered (none when refused).
    pub version: Option<String>,
    /// What is new, in the publisher's words.
    pub notes: Option<String>,
    /// unreadable, unsigned, damaged, other-product, other-platform, not-newer.
    pub refused: Option<String>,
    /// The refusal in English (the page shows its own words for the code).
    pub detail: Option<String>,
}

impl From<&Found> for UpdateFileDto {
    fn from(f: &Found) -> Self {
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match &f.outcome {
            Ok(offer) => UpdateFileDto {
                name,
                version: Some(offer.manifest.version.clone()),
                notes: Some(offer.manifest.notes.clone()),
                refused: None,
                detail: None,
            },
            Err(r) => UpdateFileDto {
                name,
                version: None,
                notes: None,
                refused: Some(r.reason.code().to_owned()),
                detail: Some(r.message.clone()),
            },
        }
    }
}

/// The folder looked in and the update files there, newest offer first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdatesDto {
    pub folder: String,
    /// The version running now.
    pub running: String,
    pub files: Vec<UpdateFileDto>,
}

/// An update installed: start Tavolo again to use it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateInstalledDto {
    pub version: String,
    /// The backup of the database taken first.
    pub backup: Option<String>,
}
