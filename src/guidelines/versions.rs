//! Versions of the guidelines: a snapshot of the whole text each time the document
//! is marked discussed or final, and the comparison of two versions (or of one
//! with the text as it is now) clause by clause.

use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::json;

use crate::error::{not_found, Error, Result};
use crate::store::ids::new_id;
use crate::store::schema::GUIDELINE_VERSIONS;
use crate::store::WriteTx;
use crate::vocabulary::GuidelinesStatus;

use super::Guidelines;

/// A kept version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: String,
    pub status: String,
    /// Milliseconds since the epoch.
    pub taken_at: i64,
    pub clauses: usize,
}

/// One clause as a version holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub number: String,
    pub section: String,
    pub text: String,
    pub status: String,
    pub notes: Vec<String>,
}

/// How a clause differs between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    /// Its words, status or sources changed.
    Changed,
    /// Same words, another place (section or number).
    Moved,
    Same,
}

/// One line of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub change: Change,
    pub before: Option<Kept>,
    pub after: Option<Kept>,
}

fn kept_of(doc: &Guidelines) -> Vec<Kept> {
    doc.sections
        .iter()
        .flat_map(|s| {
            s.clauses.iter().map(move |c| Kept {
                id: c.id.clone(),
                number: c.number.clone(),
                section: s.title.clone(),
                text: c.text.clone(),
                status: c.status.code().to_owned(),
                notes: c.sources.iter().map(|x| x.note_id.clone()).collect(),
            })
        })
        .collect()
}

/// Keeps a snapshot of `doc` as marked `status`.
pub(crate) fn snapshot(
    tx: &mut WriteTx<'_>,
    doc: &Guidelines,
    status: GuidelinesStatus,
) -> Result<String> {
    let clauses: Vec<serde_json::Value> = kept_of(doc)
        .into_iter()
        .map(|k| {
            json!({
                "id": k.id, "number": k.number, "section": k.section, "text": k.text,
                "status": k.status, "notes": k.notes,
            })
        })
        .collect();
    let body = json!({ "format": 1, "title": doc.title, "clauses": clauses }).to_string();
    let id = new_id();
    let at = tx.now_millis() as i64;
    tx.insert(
        &GUIDELINE_VERSIONS,
        &id,
        &[
            ("guidelines_id", Value::Text(doc.id.clone())),
            ("status", Value::Text(status.code().into())),
            ("taken_at", Value::Integer(at)),
            ("snapshot", Value::Text(body)),
        ],
    )?;
    Ok(id)
}

fn parse(id: &str, body: &str) -> Result<Vec<Kept>> {
    let bad = || Error::Internal(format!("version {id} holds an unreadable snapshot"));
    let value: serde_json::Value = serde_json::from_str(body).map_err(|_| bad())?;
    let list = value["clauses"].as_array().ok_or_else(bad)?;
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    Ok(list
        .iter()
        .map(|c| Kept {
            id: text(c, "id"),
            number: text(c, "number"),
            section: text(c, "section"),
            text: text(c, "text"),
            status: text(c, "status"),
            notes: c["notes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|n| n.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

/// The versions kept of a document, oldest first.
pub fn list(conn: &Connection, guidelines_id: &str) -> Result<Vec<Version>> {
    let mut stmt = conn.prepare(
        "SELECT id, status, taken_at, snapshot FROM guideline_versions
         WHERE guidelines_id = ?1 AND deleted = 0 ORDER BY taken_at, id",
    )?;
    let rows: Vec<(String, String, i64, String)> = stmt
        .query_map([guidelines_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, status, taken_at, body)| {
            let clauses = parse(&id, &body)?.len();
            Ok(Version {
                id,
                status,
                taken_at,
                clauses,
            })
        })
        .collect()
}

/// The clauses a version holds.
pub fn clauses_of(conn: &Connection, version_id: &str) -> Result<Vec<Kept>> {
    let body: String = conn
        .query_row(
            "SELECT snapshot FROM guideline_versions WHERE id = ?1 AND deleted = 0",
            [version_id],
            |r| r.get(0),
        )
        .map_err(not_found("version", version_id))?;
    parse(version_id, &body)
}

/// Compares version `before` with version `after`, or with the document as it is
/// now when `after` is `None`: every clause of either, in the order of `after`
/// then the removed ones.
pub fn compare(
    conn: &Connection,
    guidelines_id: &str,
    before: &str,
    after: Option<&str>,
) -> Result<Vec<Compared>> {
    let old = clauses_of(conn, before)?;
    let new = match after {
        Some(v) => clauses_of(conn, v)?,
        None => kept_of(&super::get(conn, guidelines_id)?),
    };
    let mut out = Vec::new();
    for n in &new {
        let o = old.iter().find(|o| o.id == n.id);
        let change = match o {
            None => Change::Added,
            Some(o) if o.text != n.text || o.status != n.status || o.notes != n.notes => {
                Change::Changed
            }
            Some(o) if o.number != n.number || o.section != n.section => Change::Moved,
            Some(_) => Change::Same,
        };
        out.push(Compared {
            change,
            before: o.cloned(),
            after: Some(n.clone()),
        });
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        out.push(Compared {
            change: Change::Removed,
            before: Some(o.clone()),
            after: None,
        });
    }
    Ok(out)
}
