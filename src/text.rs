//! Text normalisation for search and for comparing names.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds text for diacritics- and case-insensitive matching: "Città" and "CITTA"
/// both become "citta". Also registered in SQLite as the function `fold(text)`.
pub fn fold(text: &str) -> String {
    // Most names are plain ASCII: no decomposition needed (the register's search
    // folds every name it looks at, so this is its hot path).
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `text` with `\\`, `%` and `_` escaped for a `LIKE … ESCAPE '\\'`.
fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A `LIKE` pattern that finds `text` anywhere, with `\\`, `%` and `_` taken
/// literally (use with `ESCAPE '\\'`): "50%" finds "50%", not "500".
pub fn like_anywhere(text: &str) -> String {
    format!("%{}%", like_literal(text))
}

/// A `LIKE` pattern that finds `word` as one whole word of a space-separated list
/// (tags, sectors, languages), with `\\`, `%` and `_` taken literally (use with
/// `ESCAPE '\\'` on `' ' || column || ' '`): the tag "lavoro_nero" finds only itself.
pub fn like_word(word: &str) -> String {
    format!("% {} %", like_literal(word))
}

/// Trims a user-supplied text and collapses runs of whitespace to one space;
/// `None` when nothing is left.
pub fn clean(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Text safe inside XML content and attributes: the five special characters
/// escaped, and the control characters XML 1.0 forbids dropped (tab, newline and
/// carriage return stay).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
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
    fn xml_escape_cases() {
        assert_eq!(
            xml_escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(xml_escape("bell\u{7}\tok\n"), "bell\tok\n");
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
