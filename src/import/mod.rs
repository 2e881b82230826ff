//! Imports: a workbook exported by Tavolo (the round trip that lets a regional office
//! merge territories that do not sync).

pub mod workbook;
