//! Analysing what was said (issue 13): a codebook of codes in a tree, built from
//! the notes' `#tags` and grown by hand; passages of notes coded with codes,
//! kept on their words when a note is edited; and the views researchers read —
//! code frequencies, codes × cases matrices, two coders' agreement.
//!
//! A note tagged `#casa` is coded with the code made from that tag as a whole,
//! without a row of its own (the tag is the coding); a passage coded by hand is a
//! row of `codings`, with who coded it and when.

pub mod agreement;
pub mod codebook;
pub mod layout;
pub mod matrix;
pub mod passages;
pub mod view;

pub use codebook::Code;
