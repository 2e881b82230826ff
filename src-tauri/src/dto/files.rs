//! What an export reports: where it wrote, how far it is.

use serde::Serialize;
use ts_rs::TS;

use super::indicators::CountDto;

/// A finished export: where, and how many rows each sheet holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportDoneDto {
    pub path: String,
    pub sheets: Vec<CountDto>,
}

/// Sent as the `export-progress` event while a workbook is written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportProgressDto {
    pub done: u32,
    pub total: u32,
}
