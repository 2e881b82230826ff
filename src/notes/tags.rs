//! `#tags` in a note's text: found, folded (case and accents set aside) and unique.

use crate::text::fold;

/// The `#tags` of a text, folded (no accents, lower case), sorted, without repeats.
pub fn tags_of(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '.' | ':' | '(' | ')'))
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| fold(t.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')))
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}
