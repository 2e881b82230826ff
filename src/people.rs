//! People: operators and participants, each usually belonging to an organisation.
//! Contact details are personal data: they are stored only when given, and exports
//! include them only when asked.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Result};
use crate::ids::new_id;
use crate::organisations;
use crate::schema::{ORGANISATIONS, PEOPLE};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::OperatorCategory;

/// A person as lists show them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub role: Option<String>,
    pub category: Option<OperatorCategory>,
    pub is_public_operator: bool,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Person {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
        let category: Option<String> = row.get("category")?;
        Ok(Person {
            id: row.get("id")?,
            given_name: row.get("given_name")?,
            family_name: row.get("family_name")?,
            organisation_id: row.get("organisation_id")?,
            organisation_name: row.get("organisation_name")?,
            role: row.get("role")?,
            category: category.and_then(|c| OperatorCategory::parse("category", &c).ok()),
            is_public_operator: row.get("is_public_operator")?,
            email: row.get("email")?,
            phone: row.get("phone")?,
        })
    }
}

/// What is needed to add a person.
#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub role: Option<String>,
    pub category: Option<OperatorCategory>,
    /// `None`: a public operator when the organisation is public.
    pub is_public_operator: Option<bool>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Languages spoken, as typed ("arabo", "inglese"); stored folded.
    pub languages: Vec<String>,
    pub needs_interpreter: bool,
}

/// Adds a person after checking every field.
pub fn create(tx: &mut WriteTx<'_>, new: &NewPerson) -> Result<Person> {
    create_with_id(tx, &new_id(), new)
}

/// Like [`create`], with a given id (the demo workspace uses fixed ids).
pub fn create_with_id(tx: &mut WriteTx<'_>, id: &str, new: &NewPerson) -> Result<Person> {
    let fields = validated(tx.conn(), new)?;
    tx.insert(&PEOPLE, id, &fields)?;
    get(tx.conn(), id)
}

/// The fields of a new person, each checked, as they are stored.
pub(crate) fn validated(conn: &Connection, new: &NewPerson) -> Result<Vec<(&'static str, Value)>> {
    let given = validate::required("given_name", &new.given_name, 100)?;
    let family = validate::required("family_name", &new.family_name, 100)?;
    let role = validate::optional("role", new.role.as_deref(), 200)?;
    let email = validate::email("email", new.email.as_deref())?;
    let phone = validate::optional("phone", new.phone.as_deref(), 40)?;
    let org_public = match &new.organisation_id {
        Some(org) => {
            validate::reference(conn, "organisation_id", &ORGANISATIONS, org)?;
            organisations::get(conn, org)?.is_public
        }
        None => false,
    };
    let is_public = new.is_public_operator.unwrap_or(org_public);
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    let mut languages: Vec<String> = new
        .languages
        .iter()
        .map(|l| crate::text::fold(l.trim()).replace(char::is_whitespace, "-"))
        .filter(|l| !l.is_empty())
        .collect();
    languages.sort();
    languages.dedup();
    Ok(vec![
        ("given_name", Value::Text(given)),
        ("family_name", Value::Text(family)),
        ("organisation_id", text(new.organisation_id.clone())),
        ("role", text(role)),
        ("category", text(new.category.map(|c| c.code().to_owned()))),
        ("is_public_operator", Value::Integer(is_public.into())),
        ("email", text(email)),
        ("phone", text(phone)),
        ("languages", Value::Text(languages.join(" "))),
        (
            "needs_interpreter",
            Value::Integer(new.needs_interpreter.into()),
        ),
    ])
}

const SELECT: &str = "SELECT p.id, p.given_name, p.family_name, p.organisation_id,
        o.name AS organisation_name, p.role, p.category, p.is_public_operator, p.email, p.phone
     FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id";

/// The organisation a person belongs to (the one they represent when checked in
/// or when they speak), after checking the person exists; `field` names the input
/// in the error.
pub fn organisation_of(conn: &Connection, field: &str, person_id: &str) -> Result<Option<String>> {
    validate::reference(conn, field, &PEOPLE, person_id)?;
    Ok(conn.query_row(
        "SELECT organisation_id FROM people WHERE id = ?1",
        [person_id],
        |r| r.get(0),
    )?)
}

/// One live person.
pub fn get(conn: &Connection, id: &str) -> Result<Person> {
    conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1 AND p.deleted = 0"))?
        .query_row([id], Person::from_row)
        .map_err(not_found("person", id))
}

/// The live people of an organisation, by family name.
pub fn of_organisation(conn: &Connection, organisation_id: &str) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE p.organisation_id = ?1 AND p.deleted = 0
         ORDER BY fold(p.family_name), fold(p.given_name)"
    ))?;
    let rows = stmt.query_map([organisation_id], Person::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Live people whose name or organisation contains every word of `search`
/// (ignoring case and accents), by family name; at most `limit`.
pub fn search(conn: &Connection, search: &str, limit: usize) -> Result<Vec<Person>> {
    let words: Vec<String> = crate::text::fold(search)
        .split_whitespace()
        .map(|w| {
            let literal = w
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{literal}%")
        })
        .take(4)
        .collect();
    let mut sql = format!("{SELECT} WHERE p.deleted = 0");
    for i in 0..words.len() {
        sql.push_str(&format!(
            " AND (fold(p.family_name || ' ' || p.given_name) LIKE ?{n} ESCAPE '\\'
                   OR fold(coalesce(o.name, '')) LIKE ?{n} ESCAPE '\\')",
            n = i + 1
        ));
    }
    sql.push_str(&format!(
        " ORDER BY fold(p.family_name), fold(p.given_name), p.id LIMIT {}",
        i64::try_from(limit).unwrap_or(i64::MAX)
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(words.iter()), Person::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
