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

/// A note's text without its `#tags` (for documents that show the tags apart):
/// a tag's trailing punctuation stays with the word before it, and the spaces
/// close up.
pub fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let kept = match word.strip_prefix('#') {
            Some(tag) => {
                let end = tag
                    .find(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')
                    .unwrap_or(tag.len());
                if end == 0 {
                    word // a lone "#": not a tag
                } else {
                    &tag[end..]
                }
            }
            None => word,
        };
        if kept.is_empty() {
            continue;
        }
        let punctuation = kept
            .chars()
            .all(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')'));
        if !out.is_empty() && !punctuation {
            out.push(' ');
        }
        out.push_str(kept);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_out_of_the_text_and_punctuation_stays() {
        assert_eq!(
            without_tags("Servono mediatori #casa, e orari lunghi #Mediazione."),
            "Servono mediatori, e orari lunghi."
        );
        assert_eq!(without_tags("#casa"), "");
        assert_eq!(without_tags("Punto # 3"), "Punto # 3");
        assert_eq!(
            tags_of("Servono #casa e #Mediazione."),
            ["casa", "mediazione"]
        );
    }
}
