//! Checks shared by the domain modules. Each returns a clean value or an
//! [`Error::Invalid`] naming the field.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Problem, Result};
use crate::store::schema::Table;
use crate::text::clean;

/// A required single-line text of at most `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String> {
    let value = clean(value).ok_or_else(|| Error::invalid(field, Problem::Required))?;
    check_length(field, value, max)
}

/// An optional single-line text of at most `max` characters.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.and_then(clean) {
        None => Ok(None),
        Some(v) => check_length(field, v, max).map(Some),
    }
}

/// A multi-line free text (notes): kept as typed, only trimmed at the ends.
pub fn free_text(field: &str, value: &str, max: usize) -> Result<String> {
    check_length(field, value.trim().to_owned(), max)
}

/// A required multi-line text (a clause, a comment): kept as typed, trimmed at the ends.
pub fn required_free_text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = free_text(field, value, max)?;
    if v.is_empty() {
        return Err(Error::invalid(field, Problem::Required));
    }
    Ok(v)
}

fn check_length(field: &str, value: String, max: usize) -> Result<String> {
    if value.chars().count() > max {
        return Err(Error::invalid(field, Problem::TooLong { max }));
    }
    Ok(value)
}

/// An optional e-mail address: something@something.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional(field, value, 254)? else {
        return Ok(None);
    };
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !v.contains(char::is_whitespace)
        }
        None => false,
    };
    if !ok {
        return Err(Error::invalid(
            field,
            Problem::BadFormat {
                value: v,
                expected: "an e-mail address",
            },
        ));
    }
    Ok(Some(v))
}

/// An optional phone number as people write them, Italian or international:
/// "0971 123456", "+39 333 123 4567", "(0971) 41.22.33", "0039-333-1234567" — digits
/// with spaces, dots, dashes, slashes or brackets between them, an optional
/// leading "+", 6 to 15 digits in all. Kept as typed.
pub fn phone(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = optional(field, value, 40)? else {
        return Ok(None);
    };
    let body = v.strip_prefix('+').unwrap_or(&v);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let ok = (6..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '/' | '(' | ')'))
        && body.starts_with(|c: char| c.is_ascii_digit() || c == '(');
    if !ok {
        return Err(Error::invalid(
            field,
            Problem::BadFormat {
                value: v,
                expected: "a phone number (e.g. 0971 123456 or +39 333 1234567)",
            },
        ));
    }
    Ok(Some(v))
}

/// A calendar date written as YYYY-MM-DD that exists (no 31 February).
pub fn date(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    let bad = || {
        Error::invalid(
            field,
            Problem::BadFormat {
                value: v.to_owned(),
                expected: "a date (YYYY-MM-DD)",
            },
        )
    };
    if crate::dates::parse_date(v).is_none() {
        return Err(bad());
    }
    Ok(v.to_owned())
}

/// An optional time of day written HH:MM.
pub fn time(field: &str, value: Option<&str>) -> Result<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ok = crate::dates::parse_time(v).is_some();
    if !ok {
        return Err(Error::invalid(
            field,
            Problem::BadFormat {
                value: v.to_owned(),
                expected: "a time (HH:MM)",
            },
        ));
    }
    Ok(Some(v.to_owned()))
}

/// Checks that `id` is a live row of `table`; the error names `field`.
pub fn reference(conn: &Connection, field: &str, table: &Table, id: &str) -> Result<()> {
    let sql = format!("SELECT 1 FROM {} WHERE id = ?1 AND deleted = 0", table.name);
    let found = conn
        .prepare_cached(&sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some();
    if found {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            Problem::MissingReference { id: id.to_owned() },
        ))
    }
}

/// One of a closed set of codes a screen sends (a sort order, a filter), as its
/// value; an unknown code is an error naming `field` and the codes accepted, never
/// a silent default.
pub fn choice<T: Copy>(field: &str, code: &str, options: &[(&str, T)]) -> Result<T> {
    options
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            Error::invalid(
                field,
                Problem::Unknown {
                    value: code.to_owned(),
                    accepted: options
                        .iter()
                        .map(|(c, _)| if c.is_empty() { "(none)" } else { c })
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            )
        })
}

/// Checks that `id` names a live person of the register; an organisation's id
/// (the usual slip when picking from the register) is named as such.
pub fn person(conn: &Connection, field: &str, id: &str) -> Result<()> {
    use crate::store::schema::{ORGANISATIONS, PEOPLE};
    if reference(conn, field, &PEOPLE, id).is_ok() {
        return Ok(());
    }
    if reference(conn, field, &ORGANISATIONS, id).is_ok() {
        return Err(Error::invalid(
            field,
            Problem::BadFormat {
                value: id.to_owned(),
                expected: "the id of a person: it is an organisation's",
            },
        ));
    }
    reference(conn, field, &PEOPLE, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for (input, ok) in [
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2024-02-31", false),
            ("2024-13-01", false),
            ("31/12/2024", false),
            ("2024-1-1", false),
            ("", false),
        ] {
            assert_eq!(date("date", input).is_ok(), ok, "date({input:?})");
        }
    }

    #[test]
    fn times() {
        assert_eq!(
            time("start", Some("09:30")).ok().flatten().as_deref(),
            Some("09:30")
        );
        assert!(time("start", Some("24:00")).is_err());
        assert!(time("start", Some("9.30")).is_err());
        assert_eq!(time("start", Some(" ")).ok(), Some(None));
    }

    #[test]
    fn phones_italian_and_international() {
        for ok in [
            "0971 123456",
            "+39 333 123 4567",
            "(0971) 41.22.33",
            "0039-333-1234567",
            "333/1234567",
        ] {
            assert_eq!(
                phone("phone", Some(ok)).ok().flatten().as_deref(),
                Some(ok),
                "{ok}"
            );
        }
        for bad in [
            "abc",
            "12345",
            "0971 123456 int. 4",
            "++39 333 1234567",
            "+39 333 1234567 8901 23",
            "-333 1234567",
        ] {
            assert!(phone("phone", Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(phone("phone", Some("  ")).ok(), Some(None));
    }

    #[test]
    fn emails() {
        assert!(email("email", Some("info@comune.potenza.it")).is_ok());
        assert!(email("email", Some("info at comune")).is_err());
        assert_eq!(email("email", Some("  ")).ok(), Some(None));
    }

    #[test]
    fn text_lengths() {
        assert!(required("name", "   ", 10).is_err());
        assert!(required("name", "abcdefghijk", 10).is_err());
        assert_eq!(required("name", " a  b ", 10).ok().as_deref(), Some("a b"));
    }
}
