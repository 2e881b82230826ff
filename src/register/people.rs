//! People: operators and participants, each usually belonging to an organisation.
//! Contact details are personal data: they are stored only when given, and exports
//! include them only when asked.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Result};
use crate::register::organisations;
use crate::store::ids::new_id;
use crate::store::schema::{ORGANISATIONS, PEOPLE};
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
    /// Folded, sorted.
    pub languages: Vec<String>,
    pub needs_interpreter: bool,
    /// Never named in what Tavolo prints or exports for others.
    pub minor: bool,
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
            languages: row
                .get::<_, String>("languages")?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            needs_interpreter: row.get("needs_interpreter")?,
            minor: row.get("minor")?,
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

/// The languages as typed in a form: separated by commas or semicolons.
pub fn languages_typed(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
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
    let phone = validate::phone("phone", new.phone.as_deref())?;
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
        o.name AS organisation_name, p.role, p.category, p.is_public_operator, p.email, p.phone,
        p.languages, p.needs_interpreter, p.minor
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
         ORDER BY p.family_key, p.given_key"
    ))?;
    let rows = stmt.query_map([organisation_id], Person::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Live people whose name or organisation contains every word of `search`
/// (ignoring case and accents), by family name; at most `limit`.
pub fn search(conn: &Connection, search: &str, limit: usize) -> Result<Vec<Person>> {
    list_filtered(
        conn,
        &ListFilter {
            search: search.to_owned(),
            ..ListFilter::default()
        },
        limit,
    )
}

/// The order of the people list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    Organisation,
    Category,
}

impl SortBy {
    /// The order a list's column header names ("" is by name).
    pub fn parse(field: &str, code: &str) -> Result<SortBy> {
        crate::validate::choice(
            field,
            code,
            &[
                ("", SortBy::Name),
                ("name", SortBy::Name),
                ("organisation", SortBy::Organisation),
                ("category", SortBy::Category),
            ],
        )
    }
}

/// The operator filter's codes: "" any, "public", "private".
pub fn operator_filter(field: &str, code: &str) -> Result<Option<bool>> {
    crate::validate::choice(
        field,
        code,
        &[("", None), ("public", Some(true)), ("private", Some(false))],
    )
}

/// What the people list shows: a search and filters, all optional.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Every word must be in the name or the organisation's name.
    pub search: String,
    pub category: Option<OperatorCategory>,
    pub public_operator: Option<bool>,
    /// Only people who need an interpreter.
    pub needs_interpreter: bool,
    /// A language spoken, as typed.
    pub language: Option<String>,
    pub sort: SortBy,
    pub descending: bool,
}

/// The live people the filter selects, in its order; at most `limit`.
pub fn list_filtered(conn: &Connection, filter: &ListFilter, limit: usize) -> Result<Vec<Person>> {
    let mut sql = format!("{SELECT} WHERE p.deleted = 0");
    let mut params: Vec<Value> = Vec::new();
    for word in crate::text::fold(&filter.search).split_whitespace().take(4) {
        params.push(Value::Text(crate::text::like_anywhere(word)));
        sql.push_str(&format!(
            " AND (p.family_key || ' ' || p.given_key || ' ' || coalesce(o.name_key, ''))
                 LIKE ?{} ESCAPE '\\'",
            params.len()
        ));
    }
    if let Some(c) = filter.category {
        params.push(Value::Text(c.code().to_owned()));
        sql.push_str(&format!(" AND p.category = ?{}", params.len()));
    }
    if let Some(public) = filter.public_operator {
        sql.push_str(if public {
            " AND p.is_public_operator = 1"
        } else {
            " AND p.is_public_operator = 0"
        });
    }
    if filter.needs_interpreter {
        sql.push_str(" AND p.needs_interpreter = 1");
    }
    if let Some(language) = filter
        .language
        .as_deref()
        .map(|l| crate::text::fold(l.trim()).replace(char::is_whitespace, "-"))
        .filter(|l| !l.is_empty())
    {
        params.push(Value::Text(crate::text::like_word(&language)));
        sql.push_str(&format!(
            " AND (' ' || p.languages || ' ') LIKE ?{} ESCAPE '\\'",
            params.len()
        ));
    }
    let direction = if filter.descending { "DESC" } else { "ASC" };
    let name = "p.family_key, p.given_key";
    let order = match filter.sort {
        SortBy::Name => format!("p.family_key {direction}, p.given_key {direction}"),
        SortBy::Organisation => {
            format!("o.name IS NULL, o.name_key {direction}, {name}")
        }
        SortBy::Category => format!("p.category IS NULL, p.category {direction}, {name}"),
    };
    sql.push_str(&format!(
        " ORDER BY {order}, p.id LIMIT {}",
        i64::try_from(limit).unwrap_or(i64::MAX)
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), Person::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
