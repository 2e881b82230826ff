//! The documents a network hands to its offices and funders, built from what the
//! meetings captured: the synthesis report (report di sintesi), with the
//! paragraph written for each table, and the PIA guidelines. Each builds a
//! `formats::document::Document`, written as .docx or .odt.

pub mod guidelines;
pub mod synthesis;
pub mod table_syntheses;
