//! Text normalisation for search and for comparing names.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text for diacritics- and case-insensitive matching: "Città" and "CITTA"
/// both become "citta". Also registered in SQLite as the function `fold(text)`.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Trims a user-supplied text and collapses runs of whitespace to one space;
/// `None` when nothing is left.
pub fn clean(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_cases() {
        for (input, expected) in [
            ("Città", "citta"),
            ("CITTÀ", "citta"),
            ("Perché", "perche"),
            ("Comune di Potenza", "comune di potenza"),
            ("", ""),
        ] {
            assert_eq!(fold(input), expected, "fold({input:?})");
        }
    }

    #[test]
    fn clean_cases() {
        assert_eq!(
            clean("  Comune   di\tPotenza "),
            Some("Comune di Potenza".into())
        );
        assert_eq!(clean(" \n "), None);
    }
}
