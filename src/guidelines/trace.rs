//! Traceability: each clause with the notes behind it, and each recommendation or
//! proposal of the territory that no clause uses, set aside with its reason or
//! still unhandled. What `tavolo guidelines trace --json` prints and the coverage
//! view lists.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::vocabulary::{ClauseStatus, GuidelinesStatus};

use super::{candidates, id_of, propose::handled};

/// A clause and its sources' note ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedClause {
    pub id: String,
    pub number: String,
    pub section: String,
    pub text: String,
    pub status: ClauseStatus,
    /// Every linked note, in the document's order.
    pub note_ids: Vec<String>,
    /// Those of `note_ids` whose note was deleted after it was cited.
    pub removed: Vec<String>,
}

/// A recommendation or proposal no clause uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    pub note_id: String,
    /// recommendation or proposal.
    pub kind: String,
    pub text: String,
    /// Why it was set aside; `None` while it is unhandled.
    pub reason: Option<String>,
}

/// A territory's guidelines traced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub territory_id: String,
    /// `None` while the territory's guidelines are not started.
    pub guidelines_id: Option<String>,
    pub status: Option<GuidelinesStatus>,
    pub clauses: Vec<TracedClause>,
    pub unused: Vec<Unused>,
}

/// The territory's recommendations and proposals that no clause uses and that are
/// not set aside, in meeting order.
pub fn unhandled(conn: &Connection, territory_id: &str) -> Result<Vec<Unused>> {
    let done = handled(conn, &id_of(territory_id))?;
    Ok(candidates(conn, territory_id)?
        .into_iter()
        .filter(|c| !done.contains(&c.note_id))
        .map(|c| Unused {
            note_id: c.note_id,
            kind: c.kind,
            text: c.text,
            reason: None,
        })
        .collect())
}

/// The trace of a territory's guidelines.
pub fn trace(conn: &Connection, territory_id: &str) -> Result<Trace> {
    super::territory(conn, territory_id)?;
    let Some(doc) = super::of_territory(conn, territory_id)? else {
        return Ok(Trace {
            territory_id: territory_id.to_owned(),
            guidelines_id: None,
            status: None,
            clauses: Vec::new(),
            unused: unhandled(conn, territory_id)?,
        });
    };
    let clauses = doc
        .sections
        .iter()
        .flat_map(|s| {
            s.clauses.iter().map(move |c| TracedClause {
                id: c.id.clone(),
                number: c.number.clone(),
                section: s.title.clone(),
                text: c.text.clone(),
                status: c.status,
                note_ids: c.sources.iter().map(|x| x.note_id.clone()).collect(),
                removed: c
                    .sources
                    .iter()
                    .filter(|x| x.removed)
                    .map(|x| x.note_id.clone())
                    .collect(),
            })
        })
        .collect();
    let reasons: HashMap<&str, &str> = doc
        .set_aside
        .iter()
        .map(|a| (a.source.note_id.as_str(), a.reason.as_str()))
        .collect();
    let used: std::collections::HashSet<&str> = doc
        .clauses()
        .flat_map(|c| c.sources.iter().map(|s| s.note_id.as_str()))
        .collect();
    let mut unused = Vec::new();
    for c in candidates(conn, territory_id)? {
        if used.contains(c.note_id.as_str()) {
            continue;
        }
        unused.push(Unused {
            reason: reasons.get(c.note_id.as_str()).map(|r| (*r).to_owned()),
            note_id: c.note_id,
            kind: c.kind,
            text: c.text,
        });
    }
    Ok(Trace {
        territory_id: territory_id.to_owned(),
        guidelines_id: Some(doc.id),
        status: Some(doc.status),
        clauses,
        unused,
    })
}
