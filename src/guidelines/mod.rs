//! The guidelines for a territory's PIA (linee guida per il Piano di Inclusione
//! Accogliente, seed 000): one document per territory, sections by theme, clauses
//! each linked to the notes behind it. Every recommendation and proposal of the
//! territory is either used by a clause or set aside with a reason, and the
//! document cannot be final while any is left ([`trace`]). Marking it discussed or
//! final keeps a snapshot of the whole text ([`versions`]).
//!
//! The document's id and its built-in sections' ids are derived from the
//! territory's, so two laptops that start the same territory's draft meet in one
//! document after sync.

pub mod clauses;
pub mod propose;
pub mod trace;
pub mod versions;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::notes::{self, Source};
use crate::store::ids::link_id;
use crate::store::schema::{GUIDELINES, GUIDELINE_SECTIONS, NOTES, SET_ASIDES, TERRITORIES};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{ClauseStatus, GuidelinesStatus};

/// The built-in sections, in order: the four themes, then the TEAMS seminar's
/// four tables (seed 003), then what fits neither. Titles are editable.
pub const SECTIONS: &[(&str, &str)] = &[
    ("health", "Salute"),
    ("education", "Istruzione"),
    ("work", "Lavoro"),
    ("housing", "Casa"),
    ("governance", "Governance multilivello e multistakeholder"),
    (
        "community",
        "Coinvolgimento delle comunità, degli utenti e cittadinanza attiva",
    ),
    (
        "monitoring",
        "Metodi e strumenti di monitoraggio, valutazione e reporting",
    ),
    (
        "accessibility",
        "Accessibilità dei servizi: universalismo e specificità",
    ),
    ("other", "Altri temi"),
];

/// The id of a territory's guidelines.
pub fn id_of(territory_id: &str) -> String {
    link_id("guidelines", territory_id, "")
}

fn section_id(guidelines_id: &str, key: &str) -> String {
    link_id("guideline_section", guidelines_id, key)
}

/// A comment of the work group on a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub author: Option<String>,
    pub text: String,
    /// Milliseconds since the epoch.
    pub at: i64,
}

/// A clause as the document shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub id: String,
    pub section_id: String,
    /// "2.3": the section's number and the clause's within it.
    pub number: String,
    pub text: String,
    pub status: ClauseStatus,
    pub sources: Vec<Source>,
    pub comments: Vec<Comment>,
}

/// A section and its clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    /// The built-in section's key, `None` for one the facilitator added.
    pub key: Option<String>,
    pub title: String,
    pub clauses: Vec<Clause>,
}

/// A note the document deliberately does not use, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    pub id: String,
    pub source: Source,
    pub reason: String,
}

/// A territory's guidelines, whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Guidelines {
    pub id: String,
    pub territory_id: String,
    pub territory_name: String,
    pub title: String,
    pub status: GuidelinesStatus,
    pub sections: Vec<Section>,
    pub set_aside: Vec<SetAside>,
}

impl Guidelines {
    /// Every clause, in document order.
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.sections.iter().flat_map(|s| s.clauses.iter())
    }
}

/// The territory's guidelines, started (with the built-in sections) when they do
/// not exist yet. Returns their id.
pub fn open(tx: &mut WriteTx<'_>, territory_id: &str) -> Result<String> {
    let territory = crate::register::territories::get(tx.conn(), territory_id).map_err(|_| {
        Error::invalid(
            "territory_id",
            Problem::MissingReference {
                id: territory_id.into(),
            },
        )
    })?;
    let id = id_of(territory_id);
    if crate::store::write::row_exists(tx.conn(), &GUIDELINES, &id)? {
        let live = validate::reference(tx.conn(), "guidelines", &GUIDELINES, &id).is_ok();
        if !live {
            tx.revive(&GUIDELINES, &id, &[])?;
        }
        return Ok(id);
    }
    tx.insert(
        &GUIDELINES,
        &id,
        &[
            ("territory_id", Value::Text(territory_id.into())),
            (
                "title",
                Value::Text(format!(
                    "Linee guida per il Piano di Inclusione Accogliente – {}",
                    territory.name
                )),
            ),
            ("status", Value::Text(GuidelinesStatus::Draft.code().into())),
        ],
    )?;
    for (position, (key, title)) in SECTIONS.iter().enumerate() {
        tx.insert(
            &GUIDELINE_SECTIONS,
            &section_id(&id, key),
            &[
                ("guidelines_id", Value::Text(id.clone())),
                ("key", Value::Text((*key).into())),
                ("title", Value::Text((*title).into())),
                ("position", Value::Integer(position as i64)),
            ],
        )?;
    }
    Ok(id)
}

/// The section of `key` in a document (started by [`open`]).
pub(crate) fn builtin_section(guidelines_id: &str, key: &str) -> String {
    section_id(guidelines_id, key)
}

/// Adds a section at the end.
pub fn add_section(tx: &mut WriteTx<'_>, guidelines_id: &str, title: &str) -> Result<String> {
    validate::reference(tx.conn(), "guidelines_id", &GUIDELINES, guidelines_id)?;
    let title = validate::required("title", title, 300)?;
    let next: i64 = tx.conn().query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM guideline_sections WHERE guidelines_id = ?1",
        [guidelines_id],
        |r| r.get(0),
    )?;
    let id = crate::store::ids::new_id();
    tx.insert(
        &GUIDELINE_SECTIONS,
        &id,
        &[
            ("guidelines_id", Value::Text(guidelines_id.into())),
            ("key", Value::Null),
            ("title", Value::Text(title)),
            ("position", Value::Integer(next)),
        ],
    )?;
    Ok(id)
}

/// Renames a section.
pub fn rename_section(tx: &mut WriteTx<'_>, section_id: &str, title: &str) -> Result<()> {
    validate::reference(tx.conn(), "section_id", &GUIDELINE_SECTIONS, section_id)?;
    let title = validate::required("title", title, 300)?;
    tx.update(
        &GUIDELINE_SECTIONS,
        section_id,
        &[("title", Value::Text(title))],
    )?;
    Ok(())
}

/// The notes a territory's guidelines answer for: the recommendations and
/// proposals of the held meetings of the territory and everything in it, by
/// meeting date and position. Each: (note id, kind code, meeting theme, table title).
pub(crate) fn candidates(conn: &Connection, territory_id: &str) -> Result<Vec<Candidate>> {
    let filter = crate::indicators::Filter {
        territory_id: Some(territory_id.to_owned()),
        ..Default::default()
    };
    let (cte, params) = crate::indicators::scope(&filter, true)?;
    let sql = format!(
        "{cte} SELECT n.id, n.kind, m.theme, k.title, n.text, n.tags
         FROM sel JOIN meetings m ON m.id = sel.id
         JOIN notes n ON n.meeting_id = m.id
         LEFT JOIN meeting_tables k ON k.id = n.table_id
         WHERE n.deleted = 0 AND n.kind IN ('recommendation', 'proposal')
         ORDER BY m.date, m.start_time, m.id, n.position, n.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok(Candidate {
            note_id: r.get(0)?,
            kind: r.get(1)?,
            theme: r.get(2)?,
            table: r.get(3)?,
            text: r.get(4)?,
            tags: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A recommendation or proposal of the territory.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub note_id: String,
    pub kind: String,
    pub theme: Option<String>,
    pub table: Option<String>,
    pub text: String,
    /// Space-separated folded tags.
    pub tags: String,
}

/// Sets a recommendation or proposal aside, with the reason (required); setting
/// it aside again changes the reason.
pub fn set_aside(
    tx: &mut WriteTx<'_>,
    guidelines_id: &str,
    note_id: &str,
    reason: &str,
) -> Result<String> {
    validate::reference(tx.conn(), "guidelines_id", &GUIDELINES, guidelines_id)?;
    validate::reference(tx.conn(), "note_id", &NOTES, note_id)?;
    let reason = validate::required("reason", reason, 2_000)?;
    let id = link_id("set_aside", guidelines_id, note_id);
    tx.insert_or_revive(
        &SET_ASIDES,
        &id,
        &[
            ("guidelines_id", Value::Text(guidelines_id.into())),
            ("note_id", Value::Text(note_id.into())),
            ("reason", Value::Text(reason.clone())),
        ],
        &[("reason", Value::Text(reason))],
    )?;
    Ok(id)
}

/// Takes a note back from the set-aside list: it is unhandled again.
pub fn restore(tx: &mut WriteTx<'_>, guidelines_id: &str, note_id: &str) -> Result<()> {
    let id = link_id("set_aside", guidelines_id, note_id);
    validate::reference(tx.conn(), "note_id", &SET_ASIDES, &id)?;
    tx.delete(&SET_ASIDES, &id)
}

/// Marks the whole document draft, discussed or final. Discussed and final keep a
/// snapshot of the text; final is refused while any recommendation or proposal
/// is neither used nor set aside.
pub fn set_status(
    tx: &mut WriteTx<'_>,
    guidelines_id: &str,
    status: GuidelinesStatus,
) -> Result<()> {
    let doc = get(tx.conn(), guidelines_id)?;
    if status == GuidelinesStatus::Final {
        let open = trace::unhandled(tx.conn(), &doc.territory_id)?;
        if !open.is_empty() {
            return Err(Error::invalid(
                "status",
                Problem::BadFormat {
                    value: status.code().into(),
                    expected: if open.len() == 1 {
                        "draft or discussed: 1 recommendation or proposal is neither used by a clause nor set aside"
                    } else {
                        "draft or discussed: some recommendations or proposals are neither used by a clause nor set aside"
                    },
                },
            ));
        }
    }
    tx.update(
        &GUIDELINES,
        guidelines_id,
        &[("status", Value::Text(status.code().into()))],
    )?;
    if status != GuidelinesStatus::Draft {
        versions::snapshot(tx, &doc, status)?;
    }
    Ok(())
}

/// The guidelines of a territory, if started.
pub fn of_territory(conn: &Connection, territory_id: &str) -> Result<Option<Guidelines>> {
    let id = id_of(territory_id);
    if validate::reference(conn, "guidelines", &GUIDELINES, &id).is_err() {
        return Ok(None);
    }
    get(conn, &id).map(Some)
}

/// A document, whole: sections in order, clauses numbered, sources, comments, set-asides.
pub fn get(conn: &Connection, id: &str) -> Result<Guidelines> {
    let (territory_id, territory_name, title, status): (String, String, String, String) = conn
        .query_row(
            "SELECT g.territory_id, coalesce(t.name, ''), g.title, g.status
             FROM guidelines g LEFT JOIN territories t ON t.id = g.territory_id
             WHERE g.id = ?1 AND g.deleted = 0",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map_err(not_found("guidelines", id))?;
    let mut sections_stmt = conn.prepare_cached(
        "SELECT id, key, title FROM guideline_sections
         WHERE guidelines_id = ?1 AND deleted = 0 ORDER BY position, id",
    )?;
    let mut sections: Vec<Section> = sections_stmt
        .query_map([id], |r| {
            Ok(Section {
                id: r.get(0)?,
                key: r.get(1)?,
                title: r.get(2)?,
                clauses: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut clauses_stmt = conn.prepare_cached(
        "SELECT id, text, status FROM clauses WHERE section_id = ?1 AND deleted = 0
         ORDER BY position, id",
    )?;
    let mut sources_stmt = conn.prepare_cached(
        "SELECT s.note_id FROM clause_sources s JOIN notes n ON n.id = s.note_id
         JOIN meetings m ON m.id = n.meeting_id
         WHERE s.clause_id = ?1 AND s.deleted = 0 ORDER BY m.date, n.position, n.id",
    )?;
    let mut comments_stmt = conn.prepare_cached(
        "SELECT id, author, text, at FROM clause_comments WHERE clause_id = ?1 AND deleted = 0
         ORDER BY at, id",
    )?;
    let reader = notes::Reader::new(conn)?;
    // Sections without clauses keep no number, so the numbers in the document run on.
    let mut number = 0;
    for section in &mut sections {
        let rows: Vec<(String, String, String)> = clauses_stmt
            .query_map([&section.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if !rows.is_empty() {
            number += 1;
        }
        for (i, (cid, text, status)) in rows.into_iter().enumerate() {
            let note_ids: Vec<String> = sources_stmt
                .query_map([&cid], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut sources = Vec::new();
            for n in note_ids {
                if let Some(s) = reader.get(&n)? {
                    sources.push(s);
                }
            }
            let comments = comments_stmt
                .query_map([&cid], |r| {
                    Ok(Comment {
                        id: r.get(0)?,
                        author: r.get(1)?,
                        text: r.get(2)?,
                        at: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            section.clauses.push(Clause {
                id: cid,
                section_id: section.id.clone(),
                number: format!("{number}.{}", i + 1),
                text,
                status: ClauseStatus::parse("status", &status).unwrap_or(ClauseStatus::Draft),
                sources,
                comments,
            });
        }
    }
    let mut aside_stmt = conn.prepare_cached(
        "SELECT s.id, s.note_id, s.reason FROM set_asides s JOIN notes n ON n.id = s.note_id
         JOIN meetings m ON m.id = n.meeting_id
         WHERE s.guidelines_id = ?1 AND s.deleted = 0 ORDER BY m.date, n.position, n.id",
    )?;
    let asides: Vec<(String, String, String)> = aside_stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set_aside = Vec::new();
    for (aid, note, reason) in asides {
        if let Some(source) = reader.get(&note)? {
            set_aside.push(SetAside {
                id: aid,
                source,
                reason,
            });
        }
    }
    Ok(Guidelines {
        id: id.to_owned(),
        territory_id,
        territory_name,
        title,
        status: GuidelinesStatus::parse("status", &status).unwrap_or(GuidelinesStatus::Draft),
        sections,
        set_aside,
    })
}

/// Checks that `territory_id` names a territory (for the commands that take one).
pub fn territory(conn: &Connection, territory_id: &str) -> Result<()> {
    validate::reference(conn, "territory_id", &TERRITORIES, territory_id)
}
