//! The core's error type.
//!
//! Every variant is something a caller can act on: show the named field as invalid,
//! tell the user a record is gone, ask them to retry, or report a storage fault.
//! The shell maps this enum to its one serializable command error; the command-line
//! tool prints its `Display` as a single line.

use std::fmt;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms the user interface can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record does not exist (or was deleted).
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },

    /// A value the user gave is not acceptable; `field` names it.
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: Problem },

    /// The action clashes with the current state (e.g. loading the demo into a
    /// workspace that already holds data, a database from a newer Tavolo).
    #[error("{0}")]
    Conflict(String),

    /// A file could not be opened or written; the message names the path.
    #[error("{path}: {message}")]
    File { path: String, message: String },

    /// The file is encrypted and no passphrase, or a wrong one, was given; the
    /// message says which, and the path names the file.
    #[error("{path}: {message}")]
    Locked { path: String, message: String },

    /// SQLite reported a fault. Its details may hold data, so the desktop shell
    /// shows only that the database failed; the command line prints them.
    #[error("database error: {0}")]
    Storage(#[from] rusqlite::Error),

    /// A fault in Tavolo itself or in what it runs on (not the user's doing):
    /// the message says what failed, for a bug report.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// Shorthand for an [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, problem: Problem) -> Self {
        Error::Invalid {
            field: field.into(),
            problem,
        }
    }

    /// A stable machine-readable name of the variant, for the shell and the UI.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Invalid { .. } => "invalid",
            Error::Conflict(_) => "conflict",
            Error::File { .. } => "file",
            Error::Locked { .. } => "locked",
            Error::Storage(_) => "storage",
            Error::Internal(_) => "internal",
        }
    }
}

/// Maps SQLite's "no row" to [`Error::NotFound`] for `entity` `id`, for use as
/// `.map_err(not_found("organisation", id))` after a `query_row`.
pub fn not_found<'a>(
    entity: &'static str,
    id: &'a str,
) -> impl FnOnce(rusqlite::Error) -> Error + 'a {
    move |e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
            entity,
            id: id.to_owned(),
        },
        other => other.into(),
    }
}

/// Why a value was rejected. Each variant has a stable `code` that the UI
/// translates; `Display` gives an English sentence for the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The field must not be empty.
    Required,
    /// The text is shorter than `min` characters.
    TooShort { min: usize },
    /// The text is longer than `max` characters.
    TooLong { max: usize },
    /// The value is not one of the accepted codes.
    Unknown { value: String, accepted: String },
    /// The value does not have the expected shape (e.g. a date).
    BadFormat {
        value: String,
        expected: &'static str,
    },
    /// The value refers to a record that does not exist.
    MissingReference { id: String },
}

impl Problem {
    /// Stable code for message catalogues.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooShort { .. } => "too_short",
            Problem::TooLong { .. } => "too_long",
            Problem::Unknown { .. } => "unknown_value",
            Problem::BadFormat { .. } => "bad_format",
            Problem::MissingReference { .. } => "missing_reference",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => write!(f, "is required"),
            Problem::TooShort { min } => write!(f, "is shorter than {min} characters"),
            Problem::TooLong { max } => write!(f, "is longer than {max} characters"),
            Problem::Unknown { value, accepted } => {
                write!(f, "'{value}' is not one of: {accepted}")
            }
            Problem::BadFormat { value, expected } => {
                write!(f, "'{value}' is not {expected}")
            }
            Problem::MissingReference { id } => write!(f, "refers to {id}, which does not exist"),
        }
    }
}
