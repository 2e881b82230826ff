//! Erasure on request (GDPR art. 17) that reaches every copy. Erasing a person
//! blanks their personal fields (the row stays, as "Persona cancellata", so the
//! meetings' attendance figures stay true), takes their name off the notes they
//! spoke (each note keeps its text and its organisation) and out of any note
//! that wrote it, removes their consents, memberships and agenda slots and the
//! drafts that hold their name — all through the write path, so it syncs — and
//! records the erasure. Then, on this laptop and on every laptop the record
//! reaches, the old values are purged from the change log, the sync conflicts and
//! the search index, and the file is rewritten (`Store::compact`) so that neither
//! it nor its write-ahead log keeps a byte of them. After every sync and every
//! restore the erasures are applied again: an older bundle or backup cannot bring
//! the values back.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::store::purge::{clear_value, rewrite, Kept};
use crate::store::schema::{
    AGENDA_SPEAKERS, CONSENTS, ERASURES, GROUP_MEMBERS, NOTES, PEOPLE, PRACTICE_PANEL,
    PRACTICE_REVIEWS,
};
use crate::store::{Connection, Store, WriteTx};

/// The family name an erased person's row keeps.
pub const ERASED: &str = "Persona cancellata";
/// What takes the place of an erased person's name inside a note's text.
pub const NAME_REMOVED: &str = "[nome cancellato]";

/// What an erasure did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// Notes no longer attributed to the person.
    pub notes_unattributed: usize,
    /// Notes whose text named the person.
    pub texts_changed: usize,
    /// Consents, memberships and agenda slots removed.
    pub links_removed: usize,
    /// Old values rewritten in the change log and the sync conflicts.
    pub values_purged: usize,
    /// Whether the write-ahead log could be emptied (see `Store::compact`).
    pub compacted: bool,
}

/// The person's personal fields as an erasure leaves them.
fn blank() -> Vec<(&'static str, Value)> {
    vec![
        ("given_name", Value::Text(String::new())),
        ("family_name", Value::Text(ERASED.into())),
        ("role", Value::Null),
        ("email", Value::Null),
        ("phone", Value::Null),
        ("languages", Value::Text(String::new())),
        ("needs_interpreter", Value::Integer(0)),
    ]
}

/// `text` with every way of writing the person's name replaced, any case.
fn without_name(text: &str, given: &str, family: &str) -> String {
    let mut out = text.to_owned();
    for name in [format!("{given} {family}"), format!("{family} {given}")] {
        if name.trim().len() < 3 {
            continue;
        }
        let lower = out.to_lowercase();
        let needle = name.to_lowercase();
        // Byte offsets of `lower` match `out` only when lowering keeps lengths;
        // otherwise fall back to the exact spelling.
        if lower.len() == out.len() {
            let mut rebuilt = String::with_capacity(out.len());
            let mut rest = 0;
            for (at, _) in lower.match_indices(&needle) {
                rebuilt.push_str(&out[rest..at]);
                rebuilt.push_str(NAME_REMOVED);
                rest = at + needle.len();
            }
            rebuilt.push_str(&out[rest..]);
            out = rebuilt;
        } else {
            out = out.replace(&name, NAME_REMOVED);
        }
    }
    out
}

/// A person's (given, family) names, deleted from the register or not.
fn names_of(conn: &Connection, person_id: &str) -> Result<(String, String)> {
    conn.query_row(
        "SELECT given_name, family_name FROM people WHERE id = ?1",
        [person_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| crate::error::Error::NotFound {
        entity: PEOPLE.name,
        id: person_id.to_owned(),
    })
}

/// The ids of live rows of `sql` (one parameter: the person).
fn ids(conn: &Connection, sql: &str, person_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([person_id], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The write-path part: blanks, unattributes, removes and records. Returns what
/// it did and the notes it changed.
fn blank_in(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    today: &str,
) -> Result<(Erased, BTreeSet<String>)> {
    let (given, family) = names_of(tx.conn(), person_id)?;
    let mut done = Erased::default();
    let mut changed: BTreeSet<String> = BTreeSet::new();
    tx.update(&PEOPLE, person_id, &blank())?;
    for note in ids(
        tx.conn(),
        "SELECT id FROM notes WHERE speaker_id = ?1",
        person_id,
    )? {
        tx.update(&NOTES, &note, &[("speaker_id", Value::Null)])?;
        done.notes_unattributed += 1;
        changed.insert(note);
    }
    if family != ERASED {
        let mut stmt = tx.conn().prepare(
            "SELECT id, text FROM notes WHERE instr(lower(text), lower(?1)) > 0
             OR instr(lower(text), lower(?2)) > 0",
        )?;
        let named: Vec<(String, String)> = stmt
            .query_map(
                [format!("{given} {family}"), format!("{family} {given}")],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        for (note, text) in named {
            let clean = without_name(&text, &given, &family);
            if clean != text {
                tx.update(&NOTES, &note, &[("text", Value::Text(clean))])?;
                done.texts_changed += 1;
                changed.insert(note);
            }
        }
    }
    for (table, sql) in [
        (
            &CONSENTS,
            "SELECT id FROM consents WHERE person_id = ?1 AND deleted = 0",
        ),
        (
            &GROUP_MEMBERS,
            "SELECT id FROM group_members WHERE person_id = ?1 AND deleted = 0",
        ),
        (
            &AGENDA_SPEAKERS,
            "SELECT id FROM agenda_speakers WHERE person_id = ?1 AND deleted = 0",
        ),
        // A reviewer's seat on a practice's panel, and their scores and comments.
        (
            &PRACTICE_PANEL,
            "SELECT id FROM practice_panel WHERE person_id = ?1 AND deleted = 0",
        ),
        (
            &PRACTICE_REVIEWS,
            "SELECT id FROM practice_reviews WHERE reviewer_id = ?1 AND deleted = 0",
        ),
    ] {
        for id in ids(tx.conn(), sql, person_id)? {
            tx.delete(table, &id)?;
            done.links_removed += 1;
        }
    }
    // The record keeps every note any erasure of this person changed.
    let before: String = tx
        .conn()
        .query_row(
            "SELECT notes FROM erasures WHERE id = ?1",
            [person_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    changed.extend(before.split_whitespace().map(str::to_owned));
    let notes = changed.iter().cloned().collect::<Vec<_>>().join(" ");
    let fields = [
        ("erased_on", Value::Text(today.to_owned())),
        ("notes", Value::Text(notes.clone())),
    ];
    tx.insert_or_revive(
        &ERASURES,
        person_id,
        &fields,
        &[("notes", Value::Text(notes))],
    )?;
    Ok((done, changed))
}

/// [`blank_in`] in its own write, and this laptop's drafts that hold the name
/// deleted: every erasure's first part, wherever it runs.
fn blank_here(store: &mut Store, person_id: &str, on: &str) -> Result<Erased> {
    let (given, family) = store.read(|c| names_of(c, person_id))?;
    let (done, _) = store.write(|tx| blank_in(tx, person_id, on))?;
    if family != ERASED {
        let names = [format!("{given} {family}"), format!("{family} {given}")];
        store.purge(|c| {
            for name in &names {
                c.execute(
                    "DELETE FROM note_drafts WHERE instr(lower(text), lower(?1)) > 0",
                    [name],
                )?;
            }
            Ok(())
        })?;
    }
    Ok(done)
}

/// Erases a person (see the module's text), on `today` (YYYY-MM-DD).
pub fn erase(store: &mut Store, person_id: &str, today: &str) -> Result<Erased> {
    let today = crate::validate::date("date", today)?;
    let today = today.as_str();
    let mut done = blank_here(store, person_id, today)?;
    done.values_purged = purge_all(store)?;
    done.compacted = compact_or_owe(store)?;
    Ok(done)
}

/// Rewrites the old values of every erasure in the log and the conflicts, and
/// rebuilds the search index if any changed. Returns how many values changed.
fn purge_all(store: &mut Store) -> Result<usize> {
    store.purge(|c| {
        let mut stmt = c.prepare("SELECT id, notes FROM erasures WHERE deleted = 0")?;
        let erasures = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        let mut changed = 0;
        for (person, notes) in &erasures {
            for (field, value) in blank() {
                changed += rewrite(c, Kept::Log, &PEOPLE, person, field, &value)?;
            }
            changed += clear_value(c, &NOTES, "speaker_id", person)?;
            for note in notes.split_whitespace() {
                let text: Option<String> = c
                    .query_row("SELECT text FROM notes WHERE id = ?1", [note], |r| r.get(0))
                    .optional()?;
                if let Some(text) = text {
                    let value = Value::Text(text);
                    for kept in [Kept::Log, Kept::Conflicts] {
                        changed += rewrite(c, kept, &NOTES, note, "text", &value)?;
                    }
                }
            }
        }
        if changed > 0 {
            // The index keeps a deleted text's words until its segments merge.
            c.execute_batch("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")?;
        }
        Ok(changed)
    })
}

/// The erasures again, after a sync or a restore brought rows or old values in:
/// a person's row that shows anything but the blanks is blanked again (a laptop
/// that had not heard of the erasure edited it), notes still attributed to them
/// lose the attribution, and the old values are purged; the file is rewritten
/// when anything changed. Returns how many values changed.
pub fn reapply(store: &mut Store) -> Result<usize> {
    let owed = store
        .read(|c| crate::store::local::local_value(c, COMPACT_OWED))?
        .as_deref()
        == Some("1");
    let erased: Vec<(String, String)> = store.read(|c| {
        let mut stmt = c.prepare("SELECT id, erased_on FROM erasures WHERE deleted = 0")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })?;
    if erased.is_empty() && !owed {
        return Ok(0);
    }
    let mut changed = 0;
    for (person, on) in &erased {
        let blanked: Option<bool> = store.read(|c| {
            Ok(c.query_row(
                "SELECT given_name = '' AND family_name = ?2 AND email IS NULL AND phone IS NULL
                        AND role IS NULL AND languages = ''
                        AND NOT EXISTS (SELECT 1 FROM notes WHERE speaker_id = ?1)
                 FROM people WHERE id = ?1",
                [person.as_str(), ERASED],
                |r| r.get(0),
            )
            .optional()?)
        })?;
        if blanked == Some(false) {
            let done = blank_here(store, person, on)?;
            changed += done.notes_unattributed + done.texts_changed + done.links_removed + 1;
        }
    }
    changed += purge_all(store)?;
    if changed > 0 || owed {
        compact_or_owe(store)?;
    }
    Ok(changed)
}

/// The rewrite of the file owed since an earlier erasure or sync, if any: done
/// now (a sync with nothing new calls it; it reads one local fact otherwise).
pub fn settle(store: &mut Store) -> Result<()> {
    let owed = store.read(|c| crate::store::local::local_value(c, COMPACT_OWED))?;
    if owed.as_deref() == Some("1") {
        compact_or_owe(store)?;
    }
    Ok(())
}

/// The local fact that a rewrite of the file is owed: one could not run (another
/// connection was writing or reading), so the next sync tries again.
const COMPACT_OWED: &str = "compact_owed";

/// [`Store::compact`], or, when it cannot be done now, the debt remembered.
/// Returns whether the file was rewritten and its log emptied.
fn compact_or_owe(store: &mut Store) -> Result<bool> {
    // Paid before the rewrite, so a rewrite that works leaves the log empty.
    store.set_local_value(COMPACT_OWED, "0")?;
    let done = store.compact().unwrap_or(false);
    if !done {
        store.set_local_value(COMPACT_OWED, "1")?;
    }
    Ok(done)
}

/// Restores a backup (`Store::restore`) and applies again every erasure this
/// database held, including those made after the backup was taken: a backup
/// brings back no erased person.
pub fn restore(store: &mut Store, file: &std::path::Path) -> Result<crate::store::backup::Backup> {
    let before = store.read(list)?;
    let kept = store.restore(file)?;
    let now = store.read(list)?;
    for (person, on) in before.iter().filter(|e| !now.contains(e)) {
        let known = store.read(|c| names_of(c, person)).is_ok();
        if known {
            blank_here(store, person, on)?;
        }
    }
    reapply(store)?;
    Ok(kept)
}

/// The erasures this database holds: (person id, date).
pub fn list(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn
        .prepare("SELECT id, erased_on FROM erasures WHERE deleted = 0 ORDER BY erased_on, id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_leaves_a_text_in_either_order_and_any_case() {
        assert_eq!(
            without_name(
                "Come ha detto Maria Rossi, e ROSSI MARIA ripete",
                "Maria",
                "Rossi"
            ),
            "Come ha detto [nome cancellato], e [nome cancellato] ripete"
        );
        assert_eq!(
            without_name("Nessun nome qui", "Maria", "Rossi"),
            "Nessun nome qui"
        );
    }
}
