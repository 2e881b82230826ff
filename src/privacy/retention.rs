//! Retention (GDPR art. 5(1)(e)): personal data kept no longer than needed. Two
//! rules, each with a review list before anything happens and one action that
//! applies it: the contacts (e-mail, phone) of people not seen at a held meeting
//! for 24 months, and the names on notes (who spoke) after 5 years — the notes
//! keep their words and their organisation. Applying one blanks through the write
//! path (so it syncs), purges the old values from the change log and rewrites
//! the file, as an erasure does.

use rusqlite::types::Value;

use crate::error::Result;
use crate::store::purge::{rewrite, Kept};
use crate::store::schema::{NOTES, PEOPLE};
use crate::store::{Connection, Store};

/// A retention rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The e-mail and phone of people last seen at a held meeting (or, never
    /// seen, recorded) more than `months` months before today.
    ContactsUnseen { months: u32 },
    /// Who spoke, on notes of meetings more than `years` years before today.
    SpeakersOnOldNotes { years: u32 },
}

/// The rules Tavolo applies unless told otherwise.
pub const DEFAULT_RULES: [Rule; 2] = [
    Rule::ContactsUnseen { months: 24 },
    Rule::SpeakersOnOldNotes { years: 5 },
];

/// What a rule would touch: the ids of people (contacts) or notes (speakers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub rule: Rule,
    /// The day before which data falls under the rule (YYYY-MM-DD).
    pub before: String,
    pub ids: Vec<String>,
}

/// `today` moved back by `months` (the 31st becomes the month's last day).
fn months_before(today: &str, months: u32) -> Result<String> {
    let today = crate::validate::date("today", today)?;
    let day = crate::dates::parse_date(&today)
        .ok_or_else(|| crate::error::Error::Internal(format!("{today} passed the date check")))?;
    Ok(day
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(day)
        .format("%Y-%m-%d")
        .to_string())
}

/// What each rule would touch on `today`.
pub fn review(conn: &Connection, rules: &[Rule], today: &str) -> Result<Vec<Review>> {
    let mut out = Vec::new();
    for rule in rules {
        let (before, sql) = match *rule {
            Rule::ContactsUnseen { months } => (
                months_before(today, months)?,
                // Last seen: the latest held meeting attended; never seen: the day
                // the record was made (the first 15 digits of its first stamp).
                "SELECT p.id FROM people p
                 WHERE p.deleted = 0 AND (p.email IS NOT NULL OR p.phone IS NOT NULL)
                   AND coalesce(
                     (SELECT max(m.date) FROM attendance a JOIN meetings m ON m.id = a.meeting_id
                      WHERE a.person_id = p.id AND a.deleted = 0 AND m.status = 'held'),
                     (SELECT date(CAST(substr(min(l.hlc), 1, 15) AS INTEGER) / 1000, 'unixepoch')
                      FROM change_log l WHERE l.tbl = 'people' AND l.row_id = p.id)
                   ) < ?1
                 ORDER BY p.family_key, p.given_key, p.id",
            ),
            Rule::SpeakersOnOldNotes { years } => (
                months_before(today, years.saturating_mul(12))?,
                "SELECT n.id FROM notes n JOIN meetings m ON m.id = n.meeting_id
                 WHERE n.speaker_id IS NOT NULL AND n.deleted = 0 AND m.date < ?1
                 ORDER BY m.date, n.id",
            ),
        };
        let mut stmt = conn.prepare(sql)?;
        let ids = stmt
            .query_map([&before], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(Review {
            rule: *rule,
            before,
            ids,
        });
    }
    Ok(out)
}

/// Applies the rules on `today`: what [`review`] lists is blanked, its old
/// values purged, and the file rewritten. Returns the reviews applied.
pub fn apply(store: &mut Store, rules: &[Rule], today: &str) -> Result<Vec<Review>> {
    let reviews = store.read(|c| review(c, rules, today))?;
    let fields = |rule: Rule| -> (
        &'static crate::store::schema::Table,
        &'static [&'static str],
    ) {
        match rule {
            Rule::ContactsUnseen { .. } => (&PEOPLE, &["email", "phone"]),
            Rule::SpeakersOnOldNotes { .. } => (&NOTES, &["speaker_id"]),
        }
    };
    store.write(|tx| {
        for r in &reviews {
            let (table, names) = fields(r.rule);
            let blank: Vec<(&str, Value)> = names.iter().map(|f| (*f, Value::Null)).collect();
            for id in &r.ids {
                tx.update(table, id, &blank)?;
            }
        }
        Ok(())
    })?;
    let touched = reviews.iter().any(|r| !r.ids.is_empty());
    store.purge(|c| {
        for r in &reviews {
            let (table, names) = fields(r.rule);
            for id in &r.ids {
                for field in names {
                    rewrite(c, Kept::Log, table, id, field, &Value::Null)?;
                }
            }
        }
        Ok(())
    })?;
    if touched {
        store.compact()?;
    }
    Ok(reviews)
}
