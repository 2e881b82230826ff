//! The documents a network hands to its offices and funders, built from what the
//! meetings captured: the minutes, the synthesis report (report di sintesi), with the
//! paragraph written for each table, and the PIA guidelines. Each builds a
//! `formats::document::Document`, written as .docx or .odt.

use crate::vocabulary::NoteKind;

pub mod guidelines;
pub mod minutes;
pub mod practices;
pub mod synthesis;
pub mod table_syntheses;

/// Italian label of a kind of note, as the minutes show it.
pub fn kind_label(kind: Option<NoteKind>) -> &'static str {
    match kind {
        Some(NoteKind::Need) => "Bisogni",
        Some(NoteKind::Recommendation) => "Raccomandazioni",
        Some(NoteKind::GoodPractice) => "Buone pratiche",
        Some(NoteKind::CriticalIssue) => "Criticità",
        Some(NoteKind::Proposal) => "Proposte",
        Some(NoteKind::Commitment) => "Impegni",
        Some(NoteKind::Quote) => "Citazioni",
        None => "Altre note",
    }
}

/// The kinds of note in the order the minutes and the reports group them: the
/// vocabulary's, then the notes of no kind.
pub fn kinds_in_order() -> Vec<Option<NoteKind>> {
    NoteKind::ALL
        .iter()
        .map(|k| Some(*k))
        .chain(std::iter::once(None))
        .collect()
}
