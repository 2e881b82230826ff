//! The files people exchange: the Excel workbook (written and read back), the
//! offices' own register spreadsheets, the calendar (.ics), the minutes (.odt), the
//! reports (.docx and .odt, from one `document::Document`) and the map for Gephi (GraphML), and the researchers' REFI-QDA projects and codebooks. Formats know the core's types, never the UI.

pub mod analysis;
pub mod document;
pub mod docx;
pub mod files;
pub mod graphml;
pub mod ics;
pub mod odt;
pub mod refi;
pub mod register_import;
pub mod workbook;
