//! Personal data as the law asks (issue 14): consents by purpose and who may be
//! named in what Tavolo prints and exports for others.

pub mod access;
pub mod consent;
pub mod erasure;
pub mod exports;
pub mod retention;
