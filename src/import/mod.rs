//! Imports: a workbook exported by Tavolo (the round trip that lets a regional office
//! merge territories that do not sync), and the registers of organisations and
//! people that offices keep in their own spreadsheets.

pub mod register;
pub mod workbook;
