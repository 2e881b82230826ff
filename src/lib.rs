//! Tavolo's core: the domain, the store and (later) exports and sync.
//!
//! This crate knows nothing of Tauri, windows or any wire format. The desktop shell
//! (`src-tauri/`) and the `tavolo` command-line tool are thin callers of it.
//! Every change to the data goes through [`store::Store::write`].

pub mod clock;
pub mod demo;
pub mod duplicates;
pub mod error;
pub mod export;
pub mod files;
pub mod ids;
pub mod import;
pub mod indicators;
pub mod integrity;
pub mod meetings;
pub mod network;
pub mod notes;
pub mod organisations;
pub mod paths;
pub mod people;
pub mod relationships;
pub mod schema;
pub mod store;
pub mod territories;
pub mod text;
pub mod validate;
pub mod vocabulary;

pub use error::{Error, Problem, Result};
pub use store::{OpenMode, Store};
