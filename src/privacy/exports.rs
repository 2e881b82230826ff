//! The register of exports: every file Tavolo writes that may hold people's names
//! (a workbook, minutes, a person's data) — when, on which laptop, with which
//! filter, pseudonymised or not. It syncs, so after an erasure the office can say
//! which files written before it, on any laptop, held the person.

use rusqlite::types::Value;

use crate::error::Result;
use crate::store::schema::EXPORTS;
use crate::store::{Connection, WriteTx};

/// What was exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Minutes,
    Access,
    /// A REFI-QDA project (.qdpx): the notes with their speakers.
    Qdpx,
    /// The analysis workbook: coded passages with their speakers.
    Analysis,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Workbook => "workbook",
            Kind::Minutes => "minutes",
            Kind::Access => "access",
            Kind::Qdpx => "qdpx",
            Kind::Analysis => "analysis",
        }
    }
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub at_ms: i64,
    pub kind: String,
    pub file: String,
    pub filter: String,
    pub pseudonymised: bool,
    pub device_name: String,
}

/// A filter of the indicators as the register keeps it: "dal 2024-03-01, tema
/// health" ("" for everything).
pub fn filter_text(filter: &crate::indicators::Filter) -> String {
    let mut parts = Vec::new();
    if let Some(f) = &filter.from {
        parts.push(format!("dal {f}"));
    }
    if let Some(t) = &filter.to {
        parts.push(format!("al {t}"));
    }
    if let Some(t) = &filter.territory_id {
        parts.push(format!("territorio {t}"));
    }
    if let Some(t) = filter.theme {
        parts.push(format!("tema {}", t.code()));
    }
    if let Some(k) = filter.kind {
        parts.push(format!("tipo {}", k.code()));
    }
    if let Some(m) = &filter.meeting_id {
        parts.push(format!("incontro {m}"));
    }
    parts.join(", ")
}

/// Records a file just written: its name (without the folder), the filter as
/// the user chose it, whether pseudonymised.
pub fn record(
    tx: &mut WriteTx<'_>,
    kind: Kind,
    path: &std::path::Path,
    filter: &str,
    pseudonymised: bool,
) -> Result<()> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let device = crate::sync::identity::device_name(tx.conn())?;
    let at = i64::try_from(tx.now_millis()).unwrap_or(i64::MAX);
    let id = uuid::Uuid::new_v4().to_string();
    tx.insert(
        &EXPORTS,
        &id,
        &[
            ("at_ms", Value::Integer(at)),
            ("kind", Value::Text(kind.code().to_owned())),
            ("file", Value::Text(file)),
            ("filter", Value::Text(filter.to_owned())),
            ("pseudonymised", Value::Integer(i64::from(pseudonymised))),
            ("device_name", Value::Text(device)),
        ],
    )
}

/// The files written up to `until_ms` that are not pseudonymised: those that may
/// hold anyone's name, oldest first.
pub fn with_names_until(conn: &Connection, until_ms: i64) -> Result<Vec<Export>> {
    let mut stmt = conn.prepare(
        "SELECT at_ms, kind, file, filter, pseudonymised, device_name FROM exports
         WHERE deleted = 0 AND pseudonymised = 0 AND at_ms <= ?1 ORDER BY at_ms, id",
    )?;
    let rows = stmt
        .query_map([until_ms], |r| {
            Ok(Export {
                at_ms: r.get(0)?,
                kind: r.get(1)?,
                file: r.get(2)?,
                filter: r.get(3)?,
                pseudonymised: r.get(4)?,
                device_name: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
