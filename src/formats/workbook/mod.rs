//! The Excel workbook for offices and funders: its sheets (`sheets`), the writer
//! (`write`), and the reader that brings a complete export back (`read`).

pub mod read;
pub mod sheets;
pub mod write;
