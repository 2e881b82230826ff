//! Typed relationships of the stakeholder map: from an organisation or a person to
//! an organisation (coordinates, collaborates with, refers users to, funds, member
//! of, formal agreement, other), with a strength 1–3 and optional dates.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::{ORGANISATIONS, PEOPLE, RELATIONSHIPS};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::RelationKind;

/// Where a relationship starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Organisation(String),
    Person(String),
}

/// What the link form (or an import) supplies.
#[derive(Debug, Clone)]
pub struct NewRelationship {
    pub kind: RelationKind,
    pub from: Source,
    pub to_org_id: String,
    /// 1 (weak) to 3 (strong).
    pub strength: u8,
    pub since: Option<String>,
    pub until: Option<String>,
    pub notes: String,
}

/// A relationship as lists show it, with the names of both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    pub kind: RelationKind,
    pub from: Source,
    pub from_name: String,
    pub to_org_id: String,
    pub to_name: String,
    pub strength: u8,
    pub since: Option<String>,
    pub until: Option<String>,
    pub notes: String,
}

/// Adds a relationship after checking every field.
pub fn create(tx: &mut WriteTx<'_>, new: &NewRelationship) -> Result<Relationship> {
    create_with_id(tx, &new_id(), new)
}

/// Like [`create`], with a given id (the demo workspace uses fixed ids).
pub fn create_with_id(
    tx: &mut WriteTx<'_>,
    id: &str,
    new: &NewRelationship,
) -> Result<Relationship> {
    let (from_org, from_person) = match &new.from {
        Source::Organisation(o) => {
            validate::reference(tx.conn(), "from_org_id", &ORGANISATIONS, o)?;
            if *o == new.to_org_id {
                return Err(Error::invalid(
                    "to_org_id",
                    Problem::BadFormat {
                        value: o.clone(),
                        expected: "an organisation other than the first one",
                    },
                ));
            }
            (Value::Text(o.clone()), Value::Null)
        }
        Source::Person(p) => {
            validate::reference(tx.conn(), "from_person_id", &PEOPLE, p)?;
            (Value::Null, Value::Text(p.clone()))
        }
    };
    validate::reference(tx.conn(), "to_org_id", &ORGANISATIONS, &new.to_org_id)?;
    if !(1..=3).contains(&new.strength) {
        return Err(Error::invalid(
            "strength",
            Problem::BadFormat {
                value: new.strength.to_string(),
                expected: "1, 2 or 3",
            },
        ));
    }
    let since = new
        .since
        .as_deref()
        .map(|d| validate::date("since", d))
        .transpose()?;
    let until = new
        .until
        .as_deref()
        .map(|d| validate::date("until", d))
        .transpose()?;
    let notes = validate::free_text("notes", &new.notes, 20_000)?;
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    tx.insert(
        &RELATIONSHIPS,
        id,
        &[
            ("kind", Value::Text(new.kind.code().into())),
            ("from_org_id", from_org),
            ("from_person_id", from_person),
            ("to_org_id", Value::Text(new.to_org_id.clone())),
            ("strength", Value::Integer(new.strength.into())),
            ("since", text(since)),
            ("until", text(until)),
            ("notes", Value::Text(notes)),
        ],
    )?;
    get(tx.conn(), id)
}

/// One live relationship.
pub fn get(conn: &Connection, id: &str) -> Result<Relationship> {
    let sql = format!("{SELECT} WHERE r.id = ?1 AND r.deleted = 0");
    conn.prepare_cached(&sql)?
        .query_row([id], from_row)
        .map_err(crate::error::not_found("relationship", id))
}

const SELECT: &str = "SELECT r.id, r.kind, r.from_org_id, r.from_person_id,
        coalesce(fo.name, fp.family_name || ' ' || fp.given_name), r.to_org_id, t.name,
        r.strength, r.since, r.until, r.notes
     FROM relationships r
     JOIN organisations t ON t.id = r.to_org_id
     LEFT JOIN organisations fo ON fo.id = r.from_org_id
     LEFT JOIN people fp ON fp.id = r.from_person_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Relationship> {
    let kind: String = r.get(1)?;
    let from_org: Option<String> = r.get(2)?;
    let from_person: Option<String> = r.get(3)?;
    Ok(Relationship {
        id: r.get(0)?,
        kind: RelationKind::parse("kind", &kind).unwrap_or(RelationKind::Other),
        from: match (from_org, from_person) {
            (Some(o), _) => Source::Organisation(o),
            (None, p) => Source::Person(p.unwrap_or_default()),
        },
        from_name: r.get(4)?,
        to_org_id: r.get(5)?,
        to_name: r.get(6)?,
        strength: r.get(7)?,
        since: r.get(8)?,
        until: r.get(9)?,
        notes: r.get(10)?,
    })
}

/// Live relationships touching an organisation: at either end, or starting from
/// one of its people; sorted by kind and names.
pub fn of_organisation(conn: &Connection, org: &str) -> Result<Vec<Relationship>> {
    let sql = format!(
        "{SELECT} WHERE r.deleted = 0 AND t.deleted = 0 AND coalesce(fo.deleted, fp.deleted) = 0
           AND r.id IN (SELECT id FROM relationships WHERE to_org_id = ?1
                        UNION SELECT id FROM relationships WHERE from_org_id = ?1
                        UNION SELECT r2.id FROM relationships r2 JOIN people p ON p.id = r2.from_person_id
                              WHERE p.organisation_id = ?1)
         ORDER BY r.kind, 5, t.name, r.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([org], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
