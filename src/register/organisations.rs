//! Organisations of the stakeholder register.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::store::ids::new_id;
use crate::store::schema::{ORGANISATIONS, TERRITORIES};
use crate::store::WriteTx;
use crate::text::fold;
use crate::validate;
use crate::vocabulary::{Level, OrgKind, Sector};

/// An organisation as the register shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrgKind,
    pub is_public: bool,
    pub level: Level,
    pub sectors: Vec<Sector>,
    pub territory_id: Option<String>,
    /// Name of the territory, for display.
    pub territory_name: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub address: Option<String>,
    /// Folded tags, sorted.
    pub tags: Vec<String>,
    /// 1–5, for the power/interest grid; `None` when not assessed.
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub archived: bool,
}

impl Organisation {
    fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Organisation> {
        let kind: String = row.get("kind")?;
        let level: String = row.get("level")?;
        let sectors: String = row.get("sectors")?;
        Ok(Organisation {
            id: row.get("id")?,
            name: row.get("name")?,
            short_name: row.get("short_name")?,
            kind: OrgKind::parse("kind", &kind).unwrap_or(OrgKind::Other),
            is_public: row.get("is_public")?,
            level: Level::parse("level", &level).unwrap_or(Level::Local),
            sectors: sectors
                .split_whitespace()
                .filter_map(|s| Sector::parse("sectors", s).ok())
                .collect(),
            territory_id: row.get("territory_id")?,
            territory_name: row.get("territory_name")?,
            country: row.get("country")?,
            email: row.get("email")?,
            phone: row.get("phone")?,
            notes: row.get("notes")?,
            address: row.get("address")?,
            tags: row
                .get::<_, String>("tags")?
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            influence: row.get("influence")?,
            interest: row.get("interest")?,
            archived: row.get("archived")?,
        })
    }
}

/// What the create form (or an import) supplies.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrgKind,
    /// `None` takes the usual value for the kind.
    pub is_public: Option<bool>,
    pub level: Level,
    pub sectors: Vec<Sector>,
    pub territory_id: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub address: Option<String>,
    /// Free tags; stored folded ("Rete Salute" and "rete salute" are one tag).
    pub tags: Vec<String>,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
}

impl NewOrganisation {
    /// A new local organisation of the given kind with everything else empty.
    pub fn named(name: &str, kind: OrgKind, level: Level) -> Self {
        NewOrganisation {
            name: name.to_owned(),
            short_name: None,
            kind,
            is_public: None,
            level,
            sectors: Vec::new(),
            territory_id: None,
            country: None,
            email: None,
            phone: None,
            notes: String::new(),
            address: None,
            tags: Vec::new(),
            influence: None,
            interest: None,
        }
    }
}

/// The tags as typed in a form: separated by commas, spaces or semicolons.
pub fn tags_typed(text: &str) -> Vec<String> {
    text.split([',', ' ', ';'])
        .filter(|t| !t.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Adds an organisation after checking every field.
pub fn create(tx: &mut WriteTx<'_>, new: &NewOrganisation) -> Result<Organisation> {
    create_with_id(tx, &new_id(), new)
}

/// Like [`create`], with a given id (the demo workspace uses fixed ids).
pub fn create_with_id(
    tx: &mut WriteTx<'_>,
    id: &str,
    new: &NewOrganisation,
) -> Result<Organisation> {
    let mut fields = validated(tx.conn(), new)?;
    fields.push(("archived", Value::Integer(0)));
    tx.insert(&ORGANISATIONS, id, &fields)?;
    get(tx.conn(), id)
}

/// The fields of a new organisation, each checked, as they are stored.
pub(crate) fn validated(
    conn: &Connection,
    new: &NewOrganisation,
) -> Result<Vec<(&'static str, Value)>> {
    let name = validate::required("name", &new.name, 300)?;
    let short_name = validate::optional("short_name", new.short_name.as_deref(), 60)?;
    let email = validate::email("email", new.email.as_deref())?;
    let phone = validate::phone("phone", new.phone.as_deref())?;
    let notes = validate::free_text("notes", &new.notes, 20_000)?;
    let country = match validate::optional("country", new.country.as_deref(), 2)? {
        Some(c) if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
            Some(c.to_ascii_uppercase())
        }
        Some(c) => {
            return Err(Error::invalid(
                "country",
                Problem::BadFormat {
                    value: c,
                    expected: "a two-letter country code (e.g. ES)",
                },
            ))
        }
        None => None,
    };
    if let Some(t) = &new.territory_id {
        validate::reference(conn, "territory_id", &TERRITORIES, t)?;
    }
    let address = validate::optional("address", new.address.as_deref(), 300)?;
    let influence = score("influence", new.influence)?;
    let interest = score("interest", new.interest)?;
    let mut tags: Vec<String> = new
        .tags
        .iter()
        .map(|t| fold(t.trim().trim_start_matches('#')).replace(char::is_whitespace, "-"))
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    let mut sectors = new.sectors.clone();
    sectors.sort();
    sectors.dedup();
    let sectors = sectors
        .iter()
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(" ");
    let is_public = new.is_public.unwrap_or(new.kind.usually_public());
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    Ok(vec![
        ("name", Value::Text(name)),
        ("short_name", text(short_name)),
        ("kind", Value::Text(new.kind.code().into())),
        ("is_public", Value::Integer(is_public.into())),
        ("level", Value::Text(new.level.code().into())),
        ("sectors", Value::Text(sectors)),
        ("territory_id", text(new.territory_id.clone())),
        ("country", text(country)),
        ("email", text(email)),
        ("phone", text(phone)),
        ("notes", Value::Text(notes)),
        ("address", text(address)),
        ("tags", Value::Text(tags.join(" "))),
        ("influence", influence),
        ("interest", interest),
    ])
}

/// A 1–5 score, or NULL when not assessed.
fn score(field: &str, value: Option<u8>) -> Result<Value> {
    match value {
        None => Ok(Value::Null),
        Some(v @ 1..=5) => Ok(Value::Integer(v.into())),
        Some(v) => Err(Error::invalid(
            field,
            Problem::BadFormat {
                value: v.to_string(),
                expected: "a score from 1 to 5",
            },
        )),
    }
}

const SELECT: &str = "SELECT o.id, o.name, o.short_name, o.kind, o.is_public, o.level, o.sectors,
        o.territory_id, t.name AS territory_name, o.country, o.email, o.phone, o.notes,
        o.address, o.tags, o.influence, o.interest, o.archived
     FROM organisations o LEFT JOIN territories t ON t.id = o.territory_id";

/// One live organisation.
pub fn get(conn: &Connection, id: &str) -> Result<Organisation> {
    conn.prepare_cached(&format!("{SELECT} WHERE o.id = ?1 AND o.deleted = 0"))?
        .query_row([id], Organisation::from_row)
        .map_err(not_found("organisation", id))
}

/// Live organisations whose name, short name or territory contains `search`
/// (ignoring case and accents: "citta" finds "Città"), sorted by name.
pub fn list(conn: &Connection, search: &str, limit: usize) -> Result<Vec<Organisation>> {
    list_filtered(
        conn,
        &ListFilter {
            search: search.to_owned(),
            ..ListFilter::default()
        },
        limit,
    )
}

/// The order of the register's list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Name,
    Kind,
    Level,
    Territory,
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
                ("kind", SortBy::Kind),
                ("level", SortBy::Level),
                ("territory", SortBy::Territory),
            ],
        )
    }
}

/// The archive filter's codes: "" both, "active", "archived".
pub fn archived_filter(field: &str, code: &str) -> Result<Option<bool>> {
    crate::validate::choice(
        field,
        code,
        &[
            ("", None),
            ("active", Some(false)),
            ("archived", Some(true)),
        ],
    )
}

/// What the register's list shows: a search and filters, all optional.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub search: String,
    pub kind: Option<OrgKind>,
    pub level: Option<Level>,
    pub sector: Option<Sector>,
    /// This territory and every territory under it.
    pub territory_id: Option<String>,
    /// With `territory_id`: only the organisations the coverage matrix counts in
    /// that territory's row — placed in it, or in a municipality or district right
    /// under it — not those of the provinces under a region. What a cell of the
    /// matrix opens.
    pub territory_as_coverage: bool,
    /// A tag, as typed (folded before matching).
    pub tag: Option<String>,
    /// `Some(false)`: active only; `Some(true)`: archived only; `None`: both.
    pub archived: Option<bool>,
    pub sort: SortBy,
    pub descending: bool,
}

/// The organisations the filter selects, in its order; at most `limit`.
pub fn list_filtered(
    conn: &Connection,
    filter: &ListFilter,
    limit: usize,
) -> Result<Vec<Organisation>> {
    // The area: the territory and everything under it, or (as the coverage
    // matrix counts) the territory and its municipalities and districts only.
    let under = if filter.territory_as_coverage {
        "SELECT t.id FROM territories t
         WHERE t.parent_id = ?2 AND t.kind IN ('municipality', 'district')"
    } else {
        "SELECT t.id FROM territories t JOIN area ON t.parent_id = area.id"
    };
    let mut sql = format!(
        "WITH RECURSIVE area(id) AS (
            SELECT ?2 WHERE ?2 IS NOT NULL
            UNION {under}
         )
         {SELECT} WHERE o.deleted = 0
           AND (?2 IS NULL OR o.territory_id IN (SELECT id FROM area))"
    );
    let mut params: Vec<Value> = vec![
        Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)),
        filter
            .territory_id
            .clone()
            .filter(|t| !t.is_empty())
            .map_or(Value::Null, Value::Text),
    ];
    let search = fold(filter.search.trim());
    if !search.is_empty() {
        // Name, short name and territory together, in their folded keys (kept by
        // the schema's triggers): no folding per row at search time.
        params.push(Value::Text(crate::text::like_anywhere(&search)));
        sql.push_str(&format!(
            " AND (o.name_key || ' ' || o.short_key || ' ' || coalesce(t.name_key, ''))
                 LIKE ?{} ESCAPE '\\'",
            params.len()
        ));
    }
    let mut equal = |column: &str, value: Option<String>| {
        if let Some(v) = value {
            params.push(Value::Text(v));
            sql.push_str(&format!(" AND {column} = ?{}", params.len()));
        }
    };
    equal("o.kind", filter.kind.map(|k| k.code().to_owned()));
    equal("o.level", filter.level.map(|l| l.code().to_owned()));
    let mut word = |column: &str, value: Option<String>| {
        if let Some(v) = value {
            params.push(Value::Text(crate::text::like_word(&v)));
            sql.push_str(&format!(
                " AND (' ' || {column} || ' ') LIKE ?{} ESCAPE '\\'",
                params.len()
            ));
        }
    };
    word("o.sectors", filter.sector.map(|s| s.code().to_owned()));
    word(
        "o.tags",
        filter
            .tag
            .as_deref()
            .map(|t| fold(t.trim().trim_start_matches('#')).replace(char::is_whitespace, "-"))
            .filter(|t| !t.is_empty()),
    );
    if let Some(archived) = filter.archived {
        sql.push_str(if archived {
            " AND o.archived = 1"
        } else {
            " AND o.archived = 0"
        });
    }
    let direction = if filter.descending { "DESC" } else { "ASC" };
    let order = match filter.sort {
        SortBy::Name => format!("o.name_key {direction}"),
        SortBy::Kind => format!("o.kind {direction}, o.name_key"),
        SortBy::Level => format!(
            "CASE o.level WHEN 'eu' THEN 0 WHEN 'national' THEN 1 WHEN 'regional' THEN 2 ELSE 3 END {direction}, o.name_key"
        ),
        SortBy::Territory => format!(
            "t.name IS NULL, t.name_key {direction}, o.name_key"
        ),
    };
    sql.push_str(&format!(" ORDER BY {order}, o.id LIMIT ?1"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        rusqlite::params_from_iter(params.iter()),
        Organisation::from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Changes an organisation to what the edit form holds (every field checked as on
/// creation; whether it is archived does not change). One change-log entry per
/// field that actually changed.
pub fn update(tx: &mut WriteTx<'_>, id: &str, new: &NewOrganisation) -> Result<Organisation> {
    get(tx.conn(), id)?;
    let mut fields = validated(tx.conn(), new)?;
    keep_unknown_codes(tx.conn(), id, new, &mut fields)?;
    tx.update(&ORGANISATIONS, id, &fields)?;
    get(tx.conn(), id)
}

/// A kind or sector code that a newer Tavolo on another laptop wrote, and this
/// version does not know, reads as "other" and is missing from the sectors: an
/// edit of anything else must not write that reading back. The stored code stays
/// as it came unless the form chose another kind; unknown sectors stay beside the
/// form's.
fn keep_unknown_codes(
    conn: &Connection,
    id: &str,
    new: &NewOrganisation,
    fields: &mut [(&'static str, Value)],
) -> Result<()> {
    let (kind, sectors): (String, String) = conn.query_row(
        "SELECT kind, sectors FROM organisations WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let unknown: Vec<&str> = sectors
        .split_whitespace()
        .filter(|s| Sector::parse("sectors", s).is_err())
        .collect();
    for (field, value) in fields.iter_mut() {
        match *field {
            "kind" if new.kind == OrgKind::Other && OrgKind::parse("kind", &kind).is_err() => {
                *value = Value::Text(kind.clone());
            }
            "sectors" if !unknown.is_empty() => {
                let Value::Text(known) = value else { continue };
                let mut all: Vec<&str> = known.split_whitespace().collect();
                for u in &unknown {
                    if !all.contains(u) {
                        all.push(u);
                    }
                }
                let mut same: Vec<&str> = sectors.split_whitespace().collect();
                same.sort_unstable();
                let mut wanted = all.clone();
                wanted.sort_unstable();
                // The same sectors as stored: the stored text, in its own order.
                *value = Value::Text(if same == wanted {
                    sectors.clone()
                } else {
                    all.join(" ")
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Archives an organisation (it stays in the register, its history intact, but
/// is marked as no longer active) or brings it back.
pub fn set_archived(tx: &mut WriteTx<'_>, id: &str, archived: bool) -> Result<Organisation> {
    get(tx.conn(), id)?;
    tx.update(
        &ORGANISATIONS,
        id,
        &[("archived", Value::Integer(archived.into()))],
    )?;
    get(tx.conn(), id)
}

/// Deletes (tombstones) an organisation.
pub fn delete(tx: &mut WriteTx<'_>, id: &str) -> Result<()> {
    get(tx.conn(), id)?;
    tx.delete(&ORGANISATIONS, id)
}
