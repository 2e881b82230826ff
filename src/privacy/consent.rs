//! Consents, purpose by purpose (GDPR art. 6–7): to be kept in the network's
//! register, to be named in minutes and reports, to be quoted, to be
//! photographed. Each is given (how and when) or withdrawn (when); no record is
//! no consent. A person without consent to be named, or a minor, appears in
//! minutes and reports as "partecipante" and the kind of their organisation,
//! never by name.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use crate::error::{Error, Result};
use crate::store::ids::link_id;
use crate::store::schema::{CONSENTS, PEOPLE};
use crate::store::{Connection, WriteTx};
use crate::vocabulary::{ConsentHow, ConsentPurpose, OrgKind};

/// One person's consent for one purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub person_id: String,
    pub purpose: ConsentPurpose,
    pub given: bool,
    pub how: Option<ConsentHow>,
    /// ISO dates.
    pub given_on: Option<String>,
    pub withdrawn_on: Option<String>,
}

/// Gives (`given`) or withdraws a person's consent for `purpose` on `date`
/// (YYYY-MM-DD); `how` says how it was given (kept as it was when withdrawn).
pub fn set(
    tx: &mut WriteTx<'_>,
    person_id: &str,
    purpose: ConsentPurpose,
    given: bool,
    how: Option<ConsentHow>,
    date: &str,
) -> Result<Consent> {
    let date = crate::validate::date("date", date)?;
    let date = date.as_str();
    let live: Option<i64> = tx
        .conn()
        .query_row(
            "SELECT 1 FROM people WHERE id = ?1 AND deleted = 0",
            [person_id],
            |r| r.get(0),
        )
        .optional()?;
    if live.is_none() {
        return Err(Error::NotFound {
            entity: PEOPLE.name,
            id: person_id.to_owned(),
        });
    }
    let id = link_id("consent", person_id, purpose.code());
    let text = |v: Option<&str>| v.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    let mut fields: Vec<(&str, Value)> = vec![("given", Value::Integer(i64::from(given)))];
    if given {
        fields.push(("given_on", text(Some(date))));
        fields.push(("withdrawn_on", Value::Null));
        if let Some(h) = how {
            fields.push(("how", text(Some(h.code()))));
        }
    } else {
        fields.push(("withdrawn_on", text(Some(date))));
    }
    let mut all = vec![
        ("person_id", Value::Text(person_id.to_owned())),
        ("purpose", Value::Text(purpose.code().to_owned())),
    ];
    all.extend(fields.iter().cloned());
    tx.insert_or_revive(&CONSENTS, &id, &all, &fields)?;
    of_person(tx.conn(), person_id)?
        .into_iter()
        .find(|c| c.purpose == purpose)
        .ok_or_else(|| Error::Internal("the consent just written is missing".into()))
}

/// A person's consents, in the order of the purposes.
pub fn of_person(conn: &Connection, person_id: &str) -> Result<Vec<Consent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT purpose, given, how, given_on, withdrawn_on FROM consents
         WHERE person_id = ?1 AND deleted = 0",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, bool>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (purpose, given, how, given_on, withdrawn_on) = row?;
        // A purpose a newer Tavolo added is kept in the file, not shown here.
        let Ok(purpose) = ConsentPurpose::parse("purpose", &purpose) else {
            continue;
        };
        out.push(Consent {
            person_id: person_id.to_owned(),
            purpose,
            given,
            how: how.and_then(|h| ConsentHow::parse("how", &h).ok()),
            given_on,
            withdrawn_on,
        });
    }
    out.sort_by_key(|c| ConsentPurpose::ALL.iter().position(|p| *p == c.purpose));
    Ok(out)
}

/// The rule, as SQL on a person `p`: may be named in minutes and reports —
/// consent to be named given, and not a minor.
pub const MAY_NAME: &str = "(p.minor = 0 AND EXISTS (SELECT 1 FROM consents c
     WHERE c.person_id = p.id AND c.purpose = 'names' AND c.given = 1 AND c.deleted = 0))";

/// The people who may be named in minutes and reports: consent to be named
/// given, and not minors.
pub fn nameable(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT p.id FROM people p WHERE {MAY_NAME}"))?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<HashSet<_>>>()?;
    Ok(ids)
}

/// Who may be named, and the kinds of the organisations, read once for a
/// document: what a line about a person says.
pub struct Naming {
    nameable: HashSet<String>,
    kinds: HashMap<String, OrgKind>,
    /// Each person's organisation in the register.
    organisation_of: HashMap<String, String>,
}

impl Naming {
    pub fn load(conn: &Connection) -> Result<Naming> {
        let mut stmt = conn.prepare_cached("SELECT id, kind FROM organisations")?;
        let kinds = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .filter_map(|row| {
                let (id, kind) = row.ok()?;
                Some((id, OrgKind::parse("kind", &kind).ok()?))
            })
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT id, organisation_id FROM people WHERE organisation_id IS NOT NULL",
        )?;
        let organisation_of = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(Naming {
            nameable: nameable(conn)?,
            kinds,
            organisation_of,
        })
    }

    /// Whether the person may be named.
    pub fn may_name(&self, person_id: &str) -> bool {
        self.nameable.contains(person_id)
    }

    /// `name` when the person may be named; otherwise "partecipante" and the kind
    /// of their organisation.
    pub fn shown(&self, person_id: &str, name: String, organisation_id: Option<&str>) -> String {
        if self.may_name(person_id) {
            name
        } else {
            unnamed(organisation_id.and_then(|o| self.kinds.get(o)).copied())
        }
    }
}

impl Naming {
    /// A person of the register as a line may show them: `name` with consent,
    /// otherwise by the kind of the organisation the register gives them.
    pub fn person(&self, person_id: &str, name: String) -> String {
        let organisation = self.organisation_of.get(person_id).map(String::as_str);
        self.shown(person_id, name, organisation)
    }
}

/// How a person who may not be named appears: "partecipante (terzo settore)".
pub fn unnamed(org_kind: Option<OrgKind>) -> String {
    match org_kind {
        Some(kind) => format!("partecipante ({})", kind.label().to_lowercase()),
        None => "partecipante".to_owned(),
    }
}

/// Marks a person a minor, or no longer one.
pub fn set_minor(tx: &mut WriteTx<'_>, person_id: &str, minor: bool) -> Result<()> {
    tx.update(
        &PEOPLE,
        person_id,
        &[("minor", Value::Integer(i64::from(minor)))],
    )
    .map(|_| ())
}
