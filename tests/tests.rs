//! Integration tests of the core and of the `tavolo` binary: a real SQLite file in
//! a temporary folder, the real binary. One test binary, several modules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

mod agenda;
mod backups;
mod calendar;
mod cli;
mod coding;
mod console;
mod convergence;
mod encryption;
mod erasure;
mod evaluation;
mod federation;
mod files;
mod groups;
mod guidelines;
mod indicators;
mod layout;
mod migrations;
mod minutes;
mod network;
mod notes;
mod portable;
mod practices;
mod privacy;
mod refi;
mod register;
mod replay;
mod report;
mod store_story;
mod sync;
mod syncthing;
mod update;
mod workbook;
mod xlsx;
