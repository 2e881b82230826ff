//! REFI-QDA exchange (QDA-XML 1.0, namespace `urn:QDA-XML:project:1.0`): the
//! project file (`.qdpx`) and the codebook (`.qdc`) that QualCoder, NVivo,
//! ATLAS.ti and MAXQDA read and write. [`write`] hands the notes over with their
//! codes and cases; [`read`] takes such a file apart, saying what is wrong and
//! where; [`import`] brings its codes and coded selections back onto the notes.
//!
//! Every GUID is a real UUID: Tavolo's own ids where the thing is a row of
//! Tavolo (a meeting, a note, a code, a coding), otherwise a name-based UUID of
//! what it stands for, so the same export gives the same GUIDs.

pub mod import;
pub mod read;
pub mod write;

use crate::store::ids::link_id;

pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
/// The `origin` of the files Tavolo writes.
pub const ORIGIN: &str = concat!("Tavolo ", env!("CARGO_PKG_VERSION"));

/// A name-based GUID for something that is not a row of Tavolo.
pub fn guid(kind: &str, of: &str) -> String {
    link_id(&format!("qdpx-{kind}"), of, "")
}

/// The GUID of the whole-note coding a note's `#tag` stands for.
pub fn tag_coding_guid(note_id: &str, code_id: &str) -> String {
    link_id("qdpx-tag-coding", note_id, code_id)
}

/// The GUID of the selection of a note's characters `span`.
pub fn passage_guid(note_id: &str, span: (usize, usize)) -> String {
    link_id("qdpx-passage", note_id, &format!("{}-{}", span.0, span.1))
}

/// A selection's name: its first words, as the tools list it.
pub fn selection_name(words: &str) -> String {
    let flat: String = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 60 {
        flat
    } else {
        let mut s: String = flat.chars().take(59).collect();
        s.push('…');
        s
    }
}
