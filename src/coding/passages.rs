//! Coded passages: a note, or a part of it (characters `start..end` of its text,
//! counted from 0 as REFI-QDA counts them), coded with a code, by whom and when.
//! When a note's text is edited, each passage is found again by its words: where
//! they still stand, it stays; where they moved, it follows them (the nearest
//! place, if they occur more than once); where they are gone, it is marked for
//! review — never left on other words.

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::coding::codebook;
use crate::error::{Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::CODINGS;
use crate::store::WriteTx;

/// One coded passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub id: String,
    pub note_id: String,
    pub code_id: String,
    /// `None` for the whole note.
    pub span: Option<(usize, usize)>,
    pub quote: String,
    pub coder: String,
    pub coded_at: i64,
    pub review: bool,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Passage> {
    let start: Option<i64> = r.get(3)?;
    let end: Option<i64> = r.get(4)?;
    let span = match (start, end) {
        (Some(s), Some(e)) => Some((
            usize::try_from(s).unwrap_or(0),
            usize::try_from(e).unwrap_or(0),
        )),
        _ => None,
    };
    Ok(Passage {
        id: r.get(0)?,
        note_id: r.get(1)?,
        code_id: r.get(2)?,
        span,
        quote: r.get(5)?,
        coder: r.get(6)?,
        coded_at: r.get(7)?,
        review: r.get(8)?,
    })
}

const SELECT: &str =
    "SELECT id, note_id, code_id, start_char, end_char, quote, coder, coded_at, review
     FROM codings WHERE deleted = 0";

/// The characters `start..end` of `text` (by characters, not bytes).
pub fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Codes the note `note_id` with `code_id`: the whole note (`span` `None`) or
/// the characters `start..end`. The same code on the same words by the same
/// coder is one passage (coding it again changes nothing).
pub fn apply(
    tx: &mut WriteTx<'_>,
    note_id: &str,
    code_id: &str,
    span: Option<(usize, usize)>,
    coder: &str,
) -> Result<Passage> {
    apply_as(tx, note_id, code_id, span, coder, None)
}

/// As [`apply`], keeping the id and time a coding came with from another tool's
/// file (`given`: the id, and when it was coded if the file says).
pub fn apply_as(
    tx: &mut WriteTx<'_>,
    note_id: &str,
    code_id: &str,
    span: Option<(usize, usize)>,
    coder: &str,
    given: Option<(&str, Option<i64>)>,
) -> Result<Passage> {
    let text: String = tx
        .conn()
        .query_row(
            "SELECT text FROM notes WHERE id = ?1 AND deleted = 0",
            [note_id],
            |r| r.get(0),
        )
        .map_err(crate::error::not_found("note", note_id))?;
    let code = codebook::get(tx.conn(), code_id)?;
    if code.retired {
        return Err(Error::Conflict(format!(
            "the code {:?} is retired: bring it back or choose another",
            code.name
        )));
    }
    let length = text.chars().count();
    let quote = match span {
        None => String::new(),
        Some((start, end)) => {
            if start >= end || end > length {
                return Err(Error::invalid(
                    "end",
                    Problem::BadFormat {
                        value: format!("{start}..{end}"),
                        expected: "a passage inside the note's text (start before end, end at most its length)",
                    },
                ));
            }
            slice(&text, start, end)
        }
    };
    let coder = crate::validate::free_text("coder", coder, 120)?;
    let existing: Option<String> = tx
        .conn()
        .prepare_cached(
            "SELECT id FROM codings WHERE note_id = ?1 AND code_id = ?2 AND coder = ?3
             AND start_char IS ?4 AND end_char IS ?5 AND deleted = 0 LIMIT 1",
        )?
        .query_map(
            params![
                note_id,
                code_id,
                coder,
                span.map(|s| s.0 as i64),
                span.map(|s| s.1 as i64)
            ],
            |r| r.get(0),
        )?
        .next()
        .transpose()?;
    let id = match existing {
        Some(id) => id,
        None => {
            let now = i64::try_from(tx.now_millis()).unwrap_or(i64::MAX);
            let (id, at) = match given {
                Some((id, at)) => (id.to_owned(), at.unwrap_or(now)),
                None => (new_id(), now),
            };
            let pos = |v: Option<usize>| v.map_or(Value::Null, |x| Value::Integer(x as i64));
            tx.insert(
                &CODINGS,
                &id,
                &[
                    ("note_id", Value::Text(note_id.into())),
                    ("code_id", Value::Text(code_id.into())),
                    ("start_char", pos(span.map(|s| s.0))),
                    ("end_char", pos(span.map(|s| s.1))),
                    ("quote", Value::Text(quote)),
                    ("coder", Value::Text(coder)),
                    ("coded_at", Value::Integer(at)),
                ],
            )?;
            id
        }
    };
    get(tx.conn(), &id)
}

pub fn get(conn: &Connection, id: &str) -> Result<Passage> {
    conn.prepare_cached(&format!("{SELECT} AND id = ?1"))?
        .query_row([id], from_row)
        .map_err(crate::error::not_found("coding", id))
}

/// The passages coded on a note, in the order of the text.
pub fn of_note(conn: &Connection, note_id: &str) -> Result<Vec<Passage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} AND note_id = ?1 ORDER BY start_char, end_char, id"
    ))?;
    let out = stmt
        .query_map([note_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// Removes a coded passage.
pub fn remove(tx: &mut WriteTx<'_>, id: &str) -> Result<()> {
    get(tx.conn(), id)?;
    tx.delete(&CODINGS, id)
}

/// Where the words `quote` stand in `text` now, nearest to where they were
/// (`old_start`), in characters; `None` if they are gone.
fn find_again(text: &str, quote: &str, old_start: usize) -> Option<(usize, usize)> {
    if quote.is_empty() {
        return None;
    }
    let length = quote.chars().count();
    let mut best: Option<usize> = None;
    for (byte, _) in text.match_indices(quote) {
        let at = text[..byte].chars().count();
        if best.is_none_or(|b| at.abs_diff(old_start) < b.abs_diff(old_start)) {
            best = Some(at);
        }
    }
    best.map(|at| (at, at + length))
}

/// After the note `note_id`'s text became `text`: every passage on it is found
/// again (see the module's text). Returns how many were marked for review.
pub fn reanchor(tx: &mut WriteTx<'_>, note_id: &str, text: &str) -> Result<usize> {
    let mut review = 0;
    for p in of_note(tx.conn(), note_id)? {
        let Some((start, end)) = p.span else {
            continue;
        };
        if slice(text, start, end) == p.quote {
            continue;
        }
        match find_again(text, &p.quote, start) {
            Some((s, e)) => {
                tx.update(
                    &CODINGS,
                    &p.id,
                    &[
                        ("start_char", Value::Integer(s as i64)),
                        ("end_char", Value::Integer(e as i64)),
                        ("review", Value::Integer(0)),
                    ],
                )?;
            }
            None => {
                review += 1;
                tx.update(&CODINGS, &p.id, &[("review", Value::Integer(1))])?;
            }
        }
    }
    Ok(review)
}

/// A note split in two (`first` stays on `id`, `rest` went to `new_id`): each
/// passage goes with its words — to the new note when they are in `rest` and no
/// longer in `first` — or is marked for review. Whole-note codings go to both.
pub fn follow_split(
    tx: &mut WriteTx<'_>,
    id: &str,
    first: &str,
    new_id: &str,
    rest: &str,
) -> Result<()> {
    for p in of_note(tx.conn(), id)? {
        let Some((start, _)) = p.span else {
            apply(tx, new_id, &p.code_id, None, &p.coder)?;
            continue;
        };
        if find_again(first, &p.quote, start).is_none() {
            let first_chars = first.chars().count();
            if let Some((s, e)) = find_again(rest, &p.quote, start.saturating_sub(first_chars)) {
                tx.update(
                    &CODINGS,
                    &p.id,
                    &[
                        ("note_id", Value::Text(new_id.into())),
                        ("start_char", Value::Integer(s as i64)),
                        ("end_char", Value::Integer(e as i64)),
                    ],
                )?;
                continue;
            }
        }
    }
    reanchor(tx, id, first)?;
    Ok(())
}

/// Note `second` merged into `first` after `offset` characters (the first
/// note's text and a new line): its passages move with their words.
pub fn follow_merge(tx: &mut WriteTx<'_>, second: &str, first: &str, offset: usize) -> Result<()> {
    for p in of_note(tx.conn(), second)? {
        let mut fields = vec![("note_id", Value::Text(first.into()))];
        if let Some((s, e)) = p.span {
            fields.push(("start_char", Value::Integer((s + offset) as i64)));
            fields.push(("end_char", Value::Integer((e + offset) as i64)));
        }
        tx.update(&CODINGS, &p.id, &fields)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_again_nearest_to_where_they_were() {
        let text = "la casa, poi la casa popolare";
        assert_eq!(find_again(text, "casa", 0), Some((3, 7)));
        assert_eq!(find_again(text, "casa", 14), Some((16, 20)));
        assert_eq!(find_again("città e perché", "perché", 0), Some((8, 14)));
        assert_eq!(find_again(text, "scuola", 3), None);
        assert_eq!(slice("città e perché", 8, 14), "perché");
    }
}
