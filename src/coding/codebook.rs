//! The codebook: codes in a tree (name, description, colour, memo, parent),
//! made from the notes' `#tags` on first use — and whenever new tags appear —
//! and edited by hand: add, rename, move, merge two codes, retire.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Problem, Result};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::CODES;
use crate::store::WriteTx;
use crate::validate;

/// The longest code name.
pub const MAX_NAME: usize = 120;

/// One code of the codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `#rrggbb`, or "" for none.
    pub colour: String,
    pub memo: String,
    pub parent_id: Option<String>,
    /// The folded `#tag` the code was made from.
    pub tag: Option<String>,
    /// The code this one was merged into.
    pub merged_into: Option<String>,
    pub retired: bool,
}

const SELECT: &str =
    "SELECT id, name, description, colour, memo, parent_id, tag, merged_into, retired
     FROM codes WHERE deleted = 0";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Code> {
    Ok(Code {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        colour: r.get(3)?,
        memo: r.get(4)?,
        parent_id: r.get(5)?,
        tag: r.get(6)?,
        merged_into: r.get(7)?,
        retired: r.get(8)?,
    })
}

/// The id of the code made from `tag` (the same on every laptop).
pub fn tag_code_id(tag: &str) -> String {
    link_id("code-tag", tag, "")
}

/// Makes a code of every `#tag` of the notes that has none yet; returns how
/// many were made. The code is named as the tag.
pub fn from_tags(tx: &mut WriteTx<'_>) -> Result<usize> {
    let missing: Vec<String> = {
        let mut stmt = tx
            .conn()
            .prepare("SELECT DISTINCT tags FROM notes WHERE deleted = 0 AND tags != ''")?;
        let lists = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut tags: Vec<String> = lists
            .iter()
            .flat_map(|l| l.split_whitespace().map(str::to_owned))
            .collect();
        tags.sort();
        tags.dedup();
        let mut known = tx
            .conn()
            .prepare("SELECT 1 FROM codes WHERE tag = ?1 AND deleted = 0")?;
        let mut out = Vec::new();
        for t in tags {
            if !known.exists([&t])? {
                out.push(t);
            }
        }
        out
    };
    for tag in &missing {
        tx.insert_or_revive(
            &CODES,
            &tag_code_id(tag),
            &[
                ("name", Value::Text(tag.clone())),
                ("tag", Value::Text(tag.clone())),
            ],
            &[],
        )?;
    }
    Ok(missing.len())
}

/// Every code, the tree's order: parents before children, by name.
pub fn list(conn: &Connection) -> Result<Vec<Code>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY name COLLATE NOCASE, id"))?;
    let all = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::with_capacity(all.len());
    fn walk(all: &[Code], parent: Option<&str>, out: &mut Vec<Code>, depth: usize) {
        if depth > 64 {
            return;
        }
        for c in all.iter().filter(|c| c.parent_id.as_deref() == parent) {
            out.push(c.clone());
            walk(all, Some(&c.id), out, depth + 1);
        }
    }
    walk(&all, None, &mut out, 0);
    // A code whose parent is gone (deleted on another laptop) still shows.
    for c in &all {
        if !out.iter().any(|o| o.id == c.id) {
            out.push(c.clone());
        }
    }
    Ok(out)
}

/// The code named `name` (case and accents aside), if any.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Code>> {
    let folded = crate::text::fold(name.trim());
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} AND fold(name) = ?1 ORDER BY id LIMIT 1"))?;
    Ok(stmt.query_row([folded], from_row).optional()?)
}

/// The code named `name`, or an error naming the field.
pub fn named(conn: &Connection, field: &str, name: &str) -> Result<Code> {
    by_name(conn, name)?.ok_or_else(|| {
        Error::invalid(
            field,
            Problem::MissingReference {
                id: name.to_owned(),
            },
        )
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Code> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} AND id = ?1"))?;
    stmt.query_row([id], from_row)
        .map_err(crate::error::not_found("code", id))
}

fn checked_name(conn: &Connection, name: &str, except: Option<&str>) -> Result<String> {
    let name = validate::required("name", name, MAX_NAME)?;
    if let Some(other) = by_name(conn, &name)? {
        if Some(other.id.as_str()) != except {
            return Err(Error::Conflict(format!(
                "a code named {:?} exists already",
                other.name
            )));
        }
    }
    Ok(name)
}

fn checked_colour(colour: &str) -> Result<String> {
    let c = colour.trim();
    let hex = c.strip_prefix('#').unwrap_or("");
    if c.is_empty() || (hex.len() == 6 && hex.chars().all(|x| x.is_ascii_hexdigit())) {
        Ok(c.to_ascii_lowercase())
    } else {
        Err(Error::invalid(
            "colour",
            Problem::BadFormat {
                value: c.to_owned(),
                expected: "a colour as #rrggbb",
            },
        ))
    }
}

/// A new code, under `parent` if given.
pub fn add(
    tx: &mut WriteTx<'_>,
    name: &str,
    parent: Option<&str>,
    description: &str,
    colour: &str,
) -> Result<Code> {
    let name = checked_name(tx.conn(), name, None)?;
    let colour = checked_colour(colour)?;
    if let Some(p) = parent {
        get(tx.conn(), p)?;
    }
    let id = new_id();
    tx.insert(
        &CODES,
        &id,
        &[
            ("name", Value::Text(name)),
            ("description", Value::Text(description.trim().to_owned())),
            ("colour", Value::Text(colour)),
            (
                "parent_id",
                parent.map_or(Value::Null, |p| Value::Text(p.into())),
            ),
        ],
    )?;
    get(tx.conn(), &id)
}

/// The code named `name` (case and accents aside), made if there is none: what
/// the coder's picker does when the name typed is new.
pub fn find_or_add(tx: &mut WriteTx<'_>, name: &str) -> Result<Code> {
    match by_name(tx.conn(), name)? {
        Some(c) => get(tx.conn(), effective(&c)),
        None => add(tx, name, None, "", ""),
    }
}

/// Renames a code.
pub fn rename(tx: &mut WriteTx<'_>, id: &str, name: &str) -> Result<Code> {
    let name = checked_name(tx.conn(), name, Some(id))?;
    tx.update(&CODES, id, &[("name", Value::Text(name))])?;
    get(tx.conn(), id)
}

/// Moves a code under `parent` (`None`: to the top). A code cannot go under
/// itself or one of its own descendants.
pub fn move_to(tx: &mut WriteTx<'_>, id: &str, parent: Option<&str>) -> Result<Code> {
    get(tx.conn(), id)?;
    if let Some(p) = parent {
        let mut at = Some(p.to_owned());
        let mut steps = 0;
        while let Some(here) = at {
            if here == id {
                return Err(Error::Conflict(
                    "a code cannot go under itself or one of its own codes".into(),
                ));
            }
            steps += 1;
            if steps > 64 {
                break;
            }
            at = get(tx.conn(), &here)?.parent_id;
        }
    }
    tx.update(
        &CODES,
        id,
        &[(
            "parent_id",
            parent.map_or(Value::Null, |p| Value::Text(p.into())),
        )],
    )?;
    get(tx.conn(), id)
}

/// Description, colour and memo.
pub fn describe(
    tx: &mut WriteTx<'_>,
    id: &str,
    description: &str,
    colour: &str,
    memo: &str,
) -> Result<Code> {
    let colour = checked_colour(colour)?;
    tx.update(
        &CODES,
        id,
        &[
            ("description", Value::Text(description.trim().to_owned())),
            ("colour", Value::Text(colour)),
            ("memo", Value::Text(memo.trim().to_owned())),
        ],
    )?;
    get(tx.conn(), id)
}

/// Merges `from` into `into`: every passage coded with `from` moves to `into`,
/// its children go under `into`, and `from` (and its tag's notes) count as
/// `into` from now on.
pub fn merge(tx: &mut WriteTx<'_>, from: &str, into: &str) -> Result<Code> {
    if from == into {
        return Err(Error::Conflict(
            "a code cannot be merged into itself".into(),
        ));
    }
    get(tx.conn(), from)?;
    get(tx.conn(), into)?;
    let passages: Vec<String> = tx
        .conn()
        .prepare("SELECT id FROM codings WHERE code_id = ?1 AND deleted = 0")?
        .query_map([from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for p in &passages {
        tx.update(
            &crate::store::schema::CODINGS,
            p,
            &[("code_id", Value::Text(into.into()))],
        )?;
    }
    let children: Vec<String> = tx
        .conn()
        .prepare("SELECT id FROM codes WHERE parent_id = ?1 AND deleted = 0")?
        .query_map([from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for c in &children {
        tx.update(&CODES, c, &[("parent_id", Value::Text(into.into()))])?;
    }
    // Codes merged into `from` before now count as `into` too.
    let earlier: Vec<String> = tx
        .conn()
        .prepare("SELECT id FROM codes WHERE merged_into = ?1 AND deleted = 0")?
        .query_map(params![from], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for c in earlier.iter().chain(std::iter::once(&from.to_owned())) {
        tx.update(
            &CODES,
            c,
            &[
                ("merged_into", Value::Text(into.into())),
                ("retired", Value::Integer(1)),
            ],
        )?;
    }
    get(tx.conn(), into)
}

/// Retires a code (or brings it back): it stays with its passages, and is no
/// longer offered for coding.
pub fn retire(tx: &mut WriteTx<'_>, id: &str, retired: bool) -> Result<Code> {
    tx.update(
        &CODES,
        id,
        &[("retired", Value::Integer(i64::from(retired)))],
    )?;
    get(tx.conn(), id)
}

/// The code a code counts as (itself, or the one it was merged into).
pub fn effective(code: &Code) -> &str {
    code.merged_into.as_deref().unwrap_or(&code.id)
}
