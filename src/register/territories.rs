//! Territories: region > province > municipality or social district (ambito).

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::TERRITORIES;
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::TerritoryKind;

/// A territory as shown in lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    pub id: String,
    pub kind: TerritoryKind,
    pub name: String,
    pub parent_id: Option<String>,
}

impl Territory {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Territory> {
        let kind: String = row.get("kind")?;
        Ok(Territory {
            id: row.get("id")?,
            kind: TerritoryKind::parse("kind", &kind).unwrap_or(TerritoryKind::Municipality),
            name: row.get("name")?,
            parent_id: row.get("parent_id")?,
        })
    }
}

/// What is needed to add a territory.
#[derive(Debug, Clone)]
pub struct NewTerritory {
    pub kind: TerritoryKind,
    pub name: String,
    pub parent_id: Option<String>,
}

/// Adds a territory under its parent. A region has no parent; everything else must
/// sit under a territory of a higher level.
pub fn create(tx: &mut WriteTx<'_>, new: &NewTerritory) -> Result<Territory> {
    create_with_id(tx, &new_id(), new)
}

/// Like [`create`], with a given id (the demo workspace uses fixed ids).
pub fn create_with_id(tx: &mut WriteTx<'_>, id: &str, new: &NewTerritory) -> Result<Territory> {
    let name = validate::required("name", &new.name, 200)?;
    match (&new.parent_id, new.kind) {
        (None, TerritoryKind::Region) => {}
        (None, _) => return Err(Error::invalid("parent_id", Problem::Required)),
        (Some(parent), kind) => {
            let parent = get(tx.conn(), parent).map_err(|_| {
                Error::invalid(
                    "parent_id",
                    Problem::MissingReference { id: parent.clone() },
                )
            })?;
            if parent.kind >= kind || parent.kind >= TerritoryKind::Municipality {
                return Err(Error::invalid(
                    "parent_id",
                    Problem::BadFormat {
                        value: parent.name,
                        expected: "a territory of a higher level",
                    },
                ));
            }
        }
    }
    tx.insert(
        &TERRITORIES,
        id,
        &[
            ("kind", Value::Text(new.kind.code().into())),
            ("name", Value::Text(name)),
            (
                "parent_id",
                new.parent_id.clone().map_or(Value::Null, Value::Text),
            ),
        ],
    )?;
    get(tx.conn(), id)
}

/// One live territory.
pub fn get(conn: &Connection, id: &str) -> Result<Territory> {
    conn.prepare_cached(
        "SELECT id, kind, name, parent_id FROM territories WHERE id = ?1 AND deleted = 0",
    )?
    .query_row([id], Territory::from_row)
    .map_err(not_found("territory", id))
}

/// Every live territory, regions first, then by name.
pub fn list(conn: &Connection) -> Result<Vec<Territory>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, name, parent_id FROM territories WHERE deleted = 0
         ORDER BY CASE kind WHEN 'region' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, name_key",
    )?;
    let rows = stmt.query_map([], Territory::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
