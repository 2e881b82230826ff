//! Duplicate organisations and people: how names are compared, which records look
//! like the one being created or imported, and the merge of two records that moves
//! every reference to the one kept.
//!
//! Registers built from several offices' spreadsheets hold the same body under
//! several spellings: "Comune di Potenza", "COMUNE DI POTENZA " and "Comune Potenza"
//! are one municipality. They share a *name key*: the name folded (case and
//! accents), punctuation read as a space, and Italian articles and prepositions
//! left out.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::register::organisations::{self, Organisation};
use crate::register::people::{self, Person};
use crate::store::schema::{Table, ATTENDANCE, NOTES, ORGANISATIONS, PEOPLE, RELATIONSHIPS};
use crate::store::WriteTx;
use crate::text::fold;

/// Words that do not tell two names apart.
const FILLER: &[&str] = &[
    "a", "al", "alla", "alle", "agli", "d", "da", "dal", "dalla", "de", "dei", "del", "dell",
    "della", "delle", "dello", "degli", "di", "e", "ed", "gli", "i", "il", "in", "l", "la", "le",
    "lo", "nel", "nella", "per", "su", "and", "of", "the",
];

/// The words of a name that count, folded, in order.
fn key_words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .map(str::to_owned)
        .collect()
}

/// The name key: "Comune di Potenza", "COMUNE DI POTENZA " and "Comune Potenza"
/// all give "comune potenza".
pub fn name_key(name: &str) -> String {
    key_words(name).join(" ")
}

/// A person's key: the words of both names, sorted, so "Rossi Maria" and
/// "Maria Rossi" (columns swapped in someone's spreadsheet) are one person.
pub fn person_key(given_name: &str, family_name: &str) -> String {
    let mut words = key_words(&format!("{given_name} {family_name}"));
    words.sort();
    words.join(" ")
}

/// How close an existing record is to the one being entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    /// The same name key (or the same e-mail): almost surely the same record.
    Same,
    /// Every word of the shorter name is in the longer one ("ASP Potenza" and
    /// "ASP Potenza – Distretto sanitario"): worth a look.
    Similar,
}

fn likeness(a: &[String], b: &[String]) -> Option<Likeness> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(Likeness::Same);
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Names have a handful of words: a linear look-up, stopping at the first
    // word missing, is cheaper than building a set (this runs for every
    // organisation in the register, for every row an import reads).
    (short.len() >= 2 && short.iter().all(|w| long.contains(w))).then_some(Likeness::Similar)
}

/// The register's organisations with their name keys, read once: an import looks
/// up every row in it (and adds what it creates) instead of reading and folding
/// every name again for each row.
pub struct OrganisationIndex {
    /// Id, folded name (the order of suggestions), key words, short name's words.
    entries: Vec<(String, String, Vec<String>, Vec<String>)>,
}

impl OrganisationIndex {
    pub fn load(conn: &Connection) -> Result<OrganisationIndex> {
        let mut index = OrganisationIndex {
            entries: Vec::new(),
        };
        let mut stmt = conn
            .prepare_cached("SELECT id, name, short_name FROM organisations WHERE deleted = 0")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let short: Option<String> = row.get(2)?;
            index.add(row.get(0)?, &row.get::<_, String>(1)?, short.as_deref());
        }
        Ok(index)
    }

    pub fn add(&mut self, id: String, name: &str, short_name: Option<&str>) {
        self.entries.push((
            id,
            fold(name),
            key_words(name),
            short_name.map(key_words).unwrap_or_default(),
        ));
    }

    /// Ids of the organisations that look like `name`, the same first, then by
    /// name; leaving out `except`; at most `limit`.
    pub fn find(&self, name: &str, except: Option<&str>, limit: usize) -> Vec<(Likeness, String)> {
        let wanted = key_words(name);
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(Likeness, &str, &str)> = self
            .entries
            .iter()
            .filter(|(id, ..)| Some(id.as_str()) != except)
            .filter_map(|(id, folded, words, short)| {
                let l = if *short == wanted {
                    Some(Likeness::Same)
                } else {
                    likeness(&wanted, words)
                };
                l.map(|l| (l, folded.as_str(), id.as_str()))
            })
            .collect();
        found.sort();
        found
            .into_iter()
            .take(limit)
            .map(|(l, _, id)| (l, id.to_owned()))
            .collect()
    }
}

/// Live organisations that look like `name` (the same first), leaving out
/// `except` (the record itself when editing); at most `limit`.
pub fn similar_organisations(
    conn: &Connection,
    name: &str,
    except: Option<&str>,
    limit: usize,
) -> Result<Vec<(Likeness, Organisation)>> {
    OrganisationIndex::load(conn)?
        .find(name, except, limit)
        .into_iter()
        .map(|(l, id)| Ok((l, organisations::get(conn, &id)?)))
        .collect()
}

/// The live organisation with the same name key as `name`, if there is one (the
/// first by name when the register already holds several).
pub fn same_organisation(conn: &Connection, name: &str) -> Result<Option<Organisation>> {
    Ok(similar_organisations(conn, name, None, 1)?
        .into_iter()
        .find(|(l, _)| *l == Likeness::Same)
        .map(|(_, o)| o))
}

/// The register's people with their keys, read once (see [`OrganisationIndex`]).
pub struct PeopleIndex {
    /// Id, folded "family given" (the order), name key, e-mail in lower case.
    entries: Vec<(String, String, String, Option<String>)>,
}

impl PeopleIndex {
    pub fn empty() -> PeopleIndex {
        PeopleIndex {
            entries: Vec::new(),
        }
    }

    pub fn load(conn: &Connection) -> Result<PeopleIndex> {
        let mut index = PeopleIndex::empty();
        let mut stmt = conn.prepare_cached(
            "SELECT id, given_name, family_name, email FROM people WHERE deleted = 0",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let email: Option<String> = row.get(3)?;
            index.add(
                row.get(0)?,
                &row.get::<_, String>(1)?,
                &row.get::<_, String>(2)?,
                email.as_deref(),
            );
        }
        Ok(index)
    }

    pub fn add(&mut self, id: String, given_name: &str, family_name: &str, email: Option<&str>) {
        self.entries.push((
            id,
            fold(&format!("{family_name} {given_name}")),
            person_key(given_name, family_name),
            email
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty()),
        ));
    }

    /// Ids of the people with the same names in any order, or the same e-mail.
    pub fn find(
        &self,
        given_name: &str,
        family_name: &str,
        email: Option<&str>,
        except: Option<&str>,
        limit: usize,
    ) -> Vec<String> {
        let wanted = person_key(given_name, family_name);
        let email = email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty());
        let mut found: Vec<(&str, &str)> = self
            .entries
            .iter()
            .filter(|(id, ..)| Some(id.as_str()) != except)
            .filter(|(_, _, key, their)| {
                (!wanted.is_empty() && *key == wanted) || (email.is_some() && *their == email)
            })
            .map(|(id, folded, ..)| (folded.as_str(), id.as_str()))
            .collect();
        found.sort();
        found
            .into_iter()
            .take(limit)
            .map(|(_, id)| id.to_owned())
            .collect()
    }
}

/// Live people who look like the one being entered: the same names in any order,
/// or the same e-mail address.
pub fn similar_people(
    conn: &Connection,
    given_name: &str,
    family_name: &str,
    email: Option<&str>,
    except: Option<&str>,
    limit: usize,
) -> Result<Vec<Person>> {
    PeopleIndex::load(conn)?
        .find(given_name, family_name, email, except, limit)
        .into_iter()
        .map(|id| people::get(conn, &id))
        .collect()
}

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Rows of other tables that now point to the record kept.
    pub references_moved: usize,
    /// Rows that became duplicates of the kept record's own and were deleted (the
    /// same person checked in twice at one meeting, a relationship of the record
    /// with itself or one it already had).
    pub duplicates_removed: usize,
    /// Fields of the kept record filled in from the other one.
    pub fields_filled: usize,
}

fn live_ids(tx: &WriteTx<'_>, table: &str, column: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT id FROM {table} WHERE {column} = ?1 AND deleted = 0 ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
}

fn check_pair(keep: &str, gone: &str) -> Result<()> {
    if keep == gone {
        return Err(Error::invalid(
            "gone",
            crate::Problem::BadFormat {
                value: gone.to_owned(),
                expected: "another record than the one kept",
            },
        ));
    }
    Ok(())
}

/// Fields that hold space-separated word lists: a merge joins them.
const WORD_LISTS: &[&str] = &["sectors", "tags", "languages"];

/// Fills the gaps of record `keep` with `values` (another record's, or an
/// imported row's): an empty field takes the value, word lists are joined, notes
/// not already there are appended; fields already set keep their value. Returns
/// how many fields changed.
pub(crate) fn fill_gaps(
    tx: &mut WriteTx<'_>,
    table: &Table,
    keep: &str,
    values: &[(&'static str, Value)],
) -> Result<usize> {
    let fields: Vec<&'static str> = values.iter().map(|(f, _)| *f).collect();
    let current: Vec<Value> = tx.conn().query_row(
        &format!(
            "SELECT {} FROM {} WHERE id = ?1",
            fields.join(", "),
            table.name
        ),
        [keep],
        |r| (0..fields.len()).map(|i| r.get::<_, Value>(i)).collect(),
    )?;
    let empty =
        |v: &Value| matches!(v, Value::Null) || matches!(v, Value::Text(t) if t.trim().is_empty());
    let mut changes = Vec::new();
    for ((field, new), old) in values.iter().zip(current) {
        if empty(new) || *field == "deleted" {
            continue;
        }
        let text = |v: &Value| match v {
            Value::Text(t) => t.clone(),
            _ => String::new(),
        };
        if WORD_LISTS.contains(field) {
            let joined = union_words(&text(&old), &text(new));
            if Value::Text(joined.clone()) != old {
                changes.push((*field, Value::Text(joined)));
            }
        } else if *field == "notes" {
            let (old, new) = (text(&old), text(new));
            if !old.contains(new.trim()) {
                let notes = if old.trim().is_empty() {
                    new.trim().to_owned()
                } else {
                    format!("{}\n\n{}", old.trim_end(), new.trim())
                };
                changes.push(("notes", Value::Text(notes)));
            }
        } else if empty(&old) {
            changes.push((*field, new.clone()));
        }
    }
    tx.update(table, keep, &changes)
}

/// Every replicated field of a stored record, for [`fill_gaps`].
fn stored_values(conn: &Connection, table: &Table, id: &str) -> Result<Vec<(&'static str, Value)>> {
    let fields: Vec<&'static str> = table
        .fields
        .iter()
        .copied()
        .filter(|f| *f != "deleted")
        .collect();
    let values: Vec<Value> = conn.query_row(
        &format!(
            "SELECT {} FROM {} WHERE id = ?1",
            fields.join(", "),
            table.name
        ),
        [id],
        |r| (0..fields.len()).map(|i| r.get::<_, Value>(i)).collect(),
    )?;
    Ok(fields.into_iter().zip(values).collect())
}

/// Space-separated word lists (sectors, tags, languages) joined without repeats.
fn union_words(a: &str, b: &str) -> String {
    let all: BTreeSet<&str> = a.split_whitespace().chain(b.split_whitespace()).collect();
    all.into_iter().collect::<Vec<_>>().join(" ")
}

/// Merges organisation `gone` into `keep`: every person, check-in, note and
/// relationship that pointed to `gone` points to `keep`; `keep`'s empty fields take
/// `gone`'s values, sectors and tags are joined, and `gone` is deleted. One
/// transaction (the caller's), every change in the change log.
pub fn merge_organisations(tx: &mut WriteTx<'_>, keep: &str, gone: &str) -> Result<Merged> {
    check_pair(keep, gone)?;
    organisations::get(tx.conn(), keep)?;
    organisations::get(tx.conn(), gone)?;
    let mut merged = Merged::default();
    let values = stored_values(tx.conn(), &ORGANISATIONS, gone)?;
    merged.fields_filled += fill_gaps(tx, &ORGANISATIONS, keep, &values)?;

    let to_keep = || Value::Text(keep.to_owned());
    for (table, column) in [
        (&PEOPLE, "organisation_id"),
        (&ATTENDANCE, "organisation_id"),
        (&NOTES, "speaker_org_id"),
    ] {
        for id in live_ids(tx, table.name, column, gone)? {
            tx.update(table, &id, &[(column, to_keep())])?;
            merged.references_moved += 1;
        }
    }
    for column in ["from_org_id", "to_org_id"] {
        for id in live_ids(tx, "relationships", column, gone)? {
            tx.update(&RELATIONSHIPS, &id, &[(column, to_keep())])?;
            merged.references_moved += 1;
        }
    }
    merged.duplicates_removed += drop_repeated_relationships(tx, keep)?;
    tx.delete(&ORGANISATIONS, gone)?;
    Ok(merged)
}

/// A relationship's id, kind, origin (organisation or person) and target.
type Link = (String, String, Option<String>, Option<String>, String);

/// After a merge: deletes the kept record's relationships with itself, and the
/// second of two relationships of the same kind between the same ends.
fn drop_repeated_relationships(tx: &mut WriteTx<'_>, id: &str) -> Result<usize> {
    let rows: Vec<Link> = {
        let mut stmt = tx.conn().prepare(
            "SELECT id, kind, from_org_id, from_person_id, to_org_id FROM relationships
             WHERE deleted = 0 AND (from_org_id = ?1 OR to_org_id = ?1 OR from_person_id = ?1)
             ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut seen = BTreeSet::new();
    let mut removed = 0;
    for (rel, kind, from_org, from_person, to) in rows {
        let to_itself = from_org.as_deref() == Some(to.as_str());
        if to_itself || !seen.insert((kind, from_org, from_person, to)) {
            tx.delete(&RELATIONSHIPS, &rel)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Merges person `gone` into `keep`: check-ins (one per meeting: where both came,
/// `gone`'s is deleted), notes they spoke and relationships move to `keep`;
/// `keep`'s empty fields take `gone`'s values, languages are joined, and `gone` is
/// deleted.
pub fn merge_people(tx: &mut WriteTx<'_>, keep: &str, gone: &str) -> Result<Merged> {
    check_pair(keep, gone)?;
    people::get(tx.conn(), keep)?;
    people::get(tx.conn(), gone)?;
    let mut merged = Merged::default();
    let values = stored_values(tx.conn(), &PEOPLE, gone)?;
    merged.fields_filled += fill_gaps(tx, &PEOPLE, keep, &values)?;

    for id in live_ids(tx, "attendance", "person_id", gone)? {
        let meeting: String = tx.conn().query_row(
            "SELECT meeting_id FROM attendance WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )?;
        let both_came: Option<String> = tx
            .conn()
            .query_row(
                "SELECT id FROM attendance WHERE meeting_id = ?1 AND person_id = ?2 AND deleted = 0",
                [&meeting, keep],
                |r| r.get(0),
            )
            .optional()?;
        if both_came.is_some() {
            tx.delete(&ATTENDANCE, &id)?;
            merged.duplicates_removed += 1;
        } else {
            tx.update(&ATTENDANCE, &id, &[("person_id", Value::Text(keep.into()))])?;
            merged.references_moved += 1;
        }
    }
    for id in live_ids(tx, "notes", "speaker_id", gone)? {
        tx.update(&NOTES, &id, &[("speaker_id", Value::Text(keep.into()))])?;
        merged.references_moved += 1;
    }
    for id in live_ids(tx, "relationships", "from_person_id", gone)? {
        tx.update(
            &RELATIONSHIPS,
            &id,
            &[("from_person_id", Value::Text(keep.into()))],
        )?;
        merged.references_moved += 1;
    }
    merged.duplicates_removed += drop_repeated_relationships(tx, keep)?;
    tx.delete(&PEOPLE, gone)?;
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_for_the_spellings_of_one_body() {
        let key = name_key("Comune di Potenza");
        assert_eq!(key, "comune potenza");
        assert_eq!(name_key("COMUNE DI POTENZA "), key);
        assert_eq!(name_key("Comune Potenza"), key);
        assert_eq!(name_key("Comune  di  Potenza."), key);
        assert_ne!(name_key("Comune di Matera"), key);
        assert_eq!(name_key("Città di Matera"), name_key("CITTA' DI MATERA"));
        assert_eq!(person_key("Maria", "Rossi"), person_key("ROSSI", "maria"));
    }

    #[test]
    fn likeness_of_word_lists() {
        let w = |s: &str| key_words(s);
        assert_eq!(
            likeness(&w("Comune di Potenza"), &w("comune potenza")),
            Some(Likeness::Same)
        );
        assert_eq!(
            likeness(&w("ASP Potenza"), &w("ASP Potenza – Distretto sanitario")),
            Some(Likeness::Similar)
        );
        // One shared word is not enough.
        assert_eq!(likeness(&w("Comune"), &w("Comune di Potenza")), None);
        assert_eq!(
            likeness(&w("Comune di Matera"), &w("Comune di Potenza")),
            None
        );
    }
}
