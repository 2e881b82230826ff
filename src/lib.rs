//! Tavolo's core: the store, the domain, the file formats.
//!
//! This crate knows nothing of Tauri, windows or any wire format. The desktop shell
//! (`src-tauri/`) and the `tavolo` command-line tool (`src/cli/`) are thin callers
//! of it. Every change to the data goes through [`store::Store::write`].
//!
//! The folders are the map: `store` is the machinery (one SQLite file, the write
//! path, the change log, the clock); `register`, `meetings`, `notes`, `network` and
//! `indicators` are the domain, and what the meetings lead to: `groups` (the
//! territorial work groups and their co-design actions) and `guidelines` (the
//! PIA guidelines, every clause traced to its notes), and what the network learns:
//! `practices` (the catalogue of good practices and its peer review),
//! `evaluation` (an intervention's effect) and `federation` (the regions'
//! indicators packages side by side); `formats` reads and writes the files people
//! exchange; `sync` exchanges changes between laptops; `demo` is the demo
//! workspace.

pub mod coding;
pub mod dates;
pub mod demo;
pub mod error;
pub mod evaluation;
pub mod federation;
pub mod formats;
pub mod groups;
pub mod guidelines;
pub mod indicators;
pub mod meetings;
pub mod network;
pub mod notes;
pub mod practices;
pub mod privacy;
pub mod register;
pub mod reports;
pub mod store;
pub mod sync;
pub mod text;
pub mod update;
pub mod validate;
pub mod vocabulary;

pub use error::{Error, Problem, Result};
pub use store::{OpenMode, Store};
