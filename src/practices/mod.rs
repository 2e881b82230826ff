//! The catalogue of good practices (buone prassi, seed 002: "identificare e
//! condividere benchmark evoluti di buone pratiche"): what a practice is, who
//! runs it (foreign partners among them), where, for whom, when, at what cost,
//! with what evidence, and the notes where it came up. A good-practice note
//! becomes a practice in one step ([`promote`]), keeping the link. The panel's
//! scores are in [`review`]; practices side by side in [`compare`].

pub mod compare;
pub mod review;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::{not_found, Error, Problem, Result};
use crate::notes::{self, Source};
use crate::store::ids::{link_id, new_id};
use crate::store::schema::{NOTES, ORGANISATIONS, PRACTICES, PRACTICE_LINKS, TERRITORIES};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{NoteKind, PracticeStatus, Sector, TargetGroup, Theme};

/// What the form (or a promotion) supplies.
#[derive(Debug, Clone, Default)]
pub struct NewPractice {
    pub title: String,
    pub summary: String,
    /// A territory of the workspace, for a practice in Italy.
    pub territory_id: Option<String>,
    /// ISO 3166-1 alpha-2 (IT when not given).
    pub country: Option<String>,
    /// The region abroad ("Andalucía", "Attica"), for a foreign partner's practice.
    pub foreign_region: Option<String>,
    pub sectors: Vec<Sector>,
    pub targets: Vec<TargetGroup>,
    /// YYYY-MM-DD.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub cost_eur: Option<i64>,
    pub funding: Option<String>,
    /// Figures and documents named by reference (a title, a file name, a link).
    pub evidence: String,
    /// Who runs it.
    pub organisation_ids: Vec<String>,
    /// Where it came up.
    pub note_ids: Vec<String>,
}

/// A practice as the catalogue and its page show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub territory_id: Option<String>,
    pub territory_name: Option<String>,
    pub country: String,
    pub foreign_region: Option<String>,
    /// Codes (a newer Tavolo's code kept as it came).
    pub sectors: Vec<String>,
    pub targets: Vec<String>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub cost_eur: Option<i64>,
    pub funding: Option<String>,
    pub evidence: String,
    pub status: PracticeStatus,
    /// (id, name, country) of who runs it, by name.
    pub organisations: Vec<(String, String, Option<String>)>,
    /// The notes where it came up, with their meeting.
    pub sources: Vec<Source>,
}

impl Practice {
    /// Where it runs, in words: the territory, or the region and country abroad.
    pub fn place(&self) -> String {
        match (&self.territory_name, &self.foreign_region) {
            (Some(t), _) if self.country == "IT" => t.clone(),
            (_, Some(r)) => format!("{r} ({})", self.country),
            (Some(t), None) => format!("{t} ({})", self.country),
            (None, None) => self.country.clone(),
        }
    }
}

/// What the catalogue is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub sector: Option<Sector>,
    pub target: Option<TargetGroup>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub status: Option<PracticeStatus>,
}

fn codes(mut list: Vec<&'static str>) -> Value {
    list.sort_unstable();
    list.dedup();
    Value::Text(list.join(" "))
}

fn text_or_null(v: Option<String>) -> Value {
    v.map_or(Value::Null, Value::Text)
}

/// An ISO 3166-1 alpha-2 code: two letters, upper-cased.
fn country(value: Option<&str>) -> Result<String> {
    let v = value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("IT");
    if v.len() != 2 || !v.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Error::invalid(
            "country",
            Problem::BadFormat {
                value: v.to_owned(),
                expected: "a two-letter country code (IT, ES, DE, GR, PT, GB …)",
            },
        ));
    }
    Ok(v.to_ascii_uppercase())
}

fn optional_date(field: &str, value: Option<&str>) -> Result<Option<String>> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|d| validate::date(field, d))
        .transpose()
}

/// The fields of a practice, checked: every problem names its field.
fn fields(conn: &Connection, new: &NewPractice) -> Result<Vec<(&'static str, Value)>> {
    let title = validate::required("title", &new.title, 300)?;
    let summary = validate::free_text("summary", &new.summary, 10_000)?;
    let territory = match new.territory_id.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(id) => {
            validate::reference(conn, "territory_id", &TERRITORIES, id)?;
            Value::Text(id.to_owned())
        }
        None => Value::Null,
    };
    let country = country(new.country.as_deref())?;
    let foreign_region = validate::optional("foreign_region", new.foreign_region.as_deref(), 200)?;
    let from = optional_date("period_from", new.period_from.as_deref())?;
    let to = optional_date("period_to", new.period_to.as_deref())?;
    if let (Some(f), Some(t)) = (&from, &to) {
        if t < f {
            return Err(Error::invalid(
                "period_to",
                Problem::BadFormat {
                    value: t.clone(),
                    expected: "a date on or after the start of the period",
                },
            ));
        }
    }
    if new.cost_eur.is_some_and(|c| c < 0) {
        return Err(Error::invalid(
            "cost_eur",
            Problem::BadFormat {
                value: new.cost_eur.unwrap_or_default().to_string(),
                expected: "a cost in euros, 0 or more",
            },
        ));
    }
    let funding = validate::optional("funding", new.funding.as_deref(), 200)?;
    let evidence = validate::free_text("evidence", &new.evidence, 10_000)?;
    Ok(vec![
        ("title", Value::Text(title)),
        ("summary", Value::Text(summary)),
        ("territory_id", territory),
        ("country", Value::Text(country)),
        ("foreign_region", text_or_null(foreign_region)),
        (
            "sectors",
            codes(new.sectors.iter().map(|s| s.code()).collect()),
        ),
        (
            "targets",
            codes(new.targets.iter().map(|t| t.code()).collect()),
        ),
        ("period_from", text_or_null(from)),
        ("period_to", text_or_null(to)),
        ("cost_eur", new.cost_eur.map_or(Value::Null, Value::Integer)),
        ("funding", text_or_null(funding)),
        ("evidence", Value::Text(evidence)),
    ])
}

/// Adds a practice to the catalogue, a candidate, with who runs it and the
/// notes where it came up, in one transaction.
pub fn create(tx: &mut WriteTx<'_>, new: &NewPractice) -> Result<Practice> {
    create_as(tx, &new_id(), new)
}

/// [`create`] with a given id (the demo's fixed ids).
pub fn create_as(tx: &mut WriteTx<'_>, id: &str, new: &NewPractice) -> Result<Practice> {
    let mut values = fields(tx.conn(), new)?;
    values.push((
        "status",
        Value::Text(PracticeStatus::Candidate.code().into()),
    ));
    tx.insert(&PRACTICES, id, &values)?;
    set_links(tx, id, &new.organisation_ids, &new.note_ids)?;
    get(tx.conn(), id)
}

/// Replaces a practice's fields, who runs it and its notes with the form's.
pub fn update(tx: &mut WriteTx<'_>, id: &str, new: &NewPractice) -> Result<Practice> {
    get(tx.conn(), id)?;
    let values = fields(tx.conn(), new)?;
    tx.update(&PRACTICES, id, &values)?;
    set_links(tx, id, &new.organisation_ids, &new.note_ids)?;
    get(tx.conn(), id)
}

/// Archives a practice (its review kept), or brings it back. The other
/// statuses follow from the review ([`review::Review::status`]) and are not
/// stored, so two laptops scoring apart agree once their scores have met.
pub fn archive(tx: &mut WriteTx<'_>, id: &str, archived: bool) -> Result<Practice> {
    get(tx.conn(), id)?;
    let stored = if archived {
        PracticeStatus::Archived
    } else {
        PracticeStatus::Candidate
    };
    tx.update(
        &PRACTICES,
        id,
        &[("status", Value::Text(stored.code().into()))],
    )?;
    get(tx.conn(), id)
}

/// Removes a practice from the catalogue, its links and reviews with it.
pub fn remove(tx: &mut WriteTx<'_>, id: &str) -> Result<()> {
    get(tx.conn(), id)?;
    for (table, sql) in [
        (
            &PRACTICE_LINKS,
            "SELECT id FROM practice_links WHERE practice_id = ?1 AND deleted = 0",
        ),
        (
            &crate::store::schema::PRACTICE_PANEL,
            "SELECT id FROM practice_panel WHERE practice_id = ?1 AND deleted = 0",
        ),
        (
            &crate::store::schema::PRACTICE_REVIEWS,
            "SELECT id FROM practice_reviews WHERE practice_id = ?1 AND deleted = 0",
        ),
    ] {
        let ids: Vec<String> = {
            let mut stmt = tx.conn().prepare(sql)?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for row in ids {
            tx.delete(table, &row)?;
        }
    }
    tx.delete(&PRACTICES, id)
}

/// Makes the practice's organisations and notes exactly these.
fn set_links(tx: &mut WriteTx<'_>, id: &str, orgs: &[String], notes: &[String]) -> Result<()> {
    for (field, table, kind, wanted) in [
        ("organisation_id", &ORGANISATIONS, "practice_org", orgs),
        ("note_id", &NOTES, "practice_note", notes),
    ] {
        let current: Vec<String> = {
            let mut stmt = tx.conn().prepare(&format!(
                "SELECT {field} FROM practice_links
                 WHERE practice_id = ?1 AND {field} IS NOT NULL AND deleted = 0"
            ))?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for target in wanted.iter().filter(|t| !current.contains(t)) {
            validate::reference(tx.conn(), field, table, target)?;
            tx.insert_or_revive(
                &PRACTICE_LINKS,
                &link_id(kind, id, target),
                &[
                    ("practice_id", Value::Text(id.into())),
                    (field, Value::Text(target.clone())),
                ],
                &[],
            )?;
        }
        for gone in current.iter().filter(|t| !wanted.contains(t)) {
            tx.delete(&PRACTICE_LINKS, &link_id(kind, id, gone))?;
        }
    }
    Ok(())
}

/// The sector a meeting's theme is about, for a practice promoted from its note.
fn sector_of(theme: Theme) -> Option<Sector> {
    match theme {
        Theme::Health => Some(Sector::Health),
        Theme::Education => Some(Sector::Education),
        Theme::Work => Some(Sector::Work),
        Theme::Housing => Some(Sector::Housing),
        Theme::Other => None,
    }
}

/// The first words of a note, at most `max` characters, cut at a word.
fn title_of(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= max {
        return line.trim_end_matches(['.', ';', ':']).to_owned();
    }
    let cut: String = line.chars().take(max).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', ' ']))
}

/// Makes a good-practice note a practice in one step: its words as the summary,
/// its first words as the title, its meeting's territory and theme, its
/// speaker's organisation, and the note linked. The practice has the name-based
/// id of the note, so promoting it again (here or on another laptop) gives the
/// same practice, not a second one.
pub fn promote(tx: &mut WriteTx<'_>, note_id: &str) -> Result<Practice> {
    let row = tx
        .conn()
        .query_row(
            "SELECT n.kind, n.text, n.speaker_org_id, m.territory_id, m.theme
             FROM notes n JOIN meetings m ON m.id = n.meeting_id
             WHERE n.id = ?1 AND n.deleted = 0",
            [note_id],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .map_err(not_found("note", note_id))?;
    let (kind, text, org, territory, theme) = row;
    if kind.as_deref() != Some(NoteKind::GoodPractice.code()) {
        return Err(Error::invalid(
            "note_id",
            Problem::BadFormat {
                value: kind.unwrap_or_default(),
                expected: "a note of kind good_practice (buona pratica)",
            },
        ));
    }
    let id = link_id("practice_of_note", note_id, "");
    let alive: bool = tx.conn().query_row(
        "SELECT count(*) FROM practices WHERE id = ?1 AND deleted = 0",
        [&id],
        |r| r.get(0),
    )?;
    if alive {
        return get(tx.conn(), &id);
    }
    // The words, without the #tags that filed the note.
    let text = notes::without_tags(&text);
    let new = NewPractice {
        title: title_of(&text, 90),
        summary: text,
        territory_id: territory,
        sectors: Theme::parse("theme", &theme)
            .ok()
            .and_then(sector_of)
            .into_iter()
            .collect(),
        organisation_ids: org.into_iter().collect(),
        note_ids: vec![note_id.to_owned()],
        ..NewPractice::default()
    };
    let mut values = fields(tx.conn(), &new)?;
    values.push((
        "status",
        Value::Text(PracticeStatus::Candidate.code().into()),
    ));
    tx.insert_or_revive(&PRACTICES, &id, &values, &[])?;
    set_links(tx, &id, &new.organisation_ids, &new.note_ids)?;
    get(tx.conn(), &id)
}

const SELECT: &str = "SELECT p.id, p.title, p.summary, p.territory_id, t.name, p.country,
        p.foreign_region, p.sectors, p.targets, p.period_from, p.period_to, p.cost_eur,
        p.funding, p.evidence, p.status
     FROM practices p LEFT JOIN territories t ON t.id = p.territory_id
     WHERE p.deleted = 0";

fn split(codes: String) -> Vec<String> {
    codes.split_whitespace().map(str::to_owned).collect()
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Practice> {
    let status: String = r.get("status")?;
    Ok(Practice {
        id: r.get("id")?,
        title: r.get("title")?,
        summary: r.get("summary")?,
        territory_id: r.get("territory_id")?,
        territory_name: r.get("name")?,
        country: r.get("country")?,
        foreign_region: r.get("foreign_region")?,
        sectors: split(r.get("sectors")?),
        targets: split(r.get("targets")?),
        period_from: r.get("period_from")?,
        period_to: r.get("period_to")?,
        cost_eur: r.get("cost_eur")?,
        funding: r.get("funding")?,
        evidence: r.get("evidence")?,
        status: PracticeStatus::parse("status", &status).unwrap_or(PracticeStatus::Candidate),
        organisations: Vec::new(),
        sources: Vec::new(),
    })
}

/// Who runs it, its notes, and its review (whose status it takes unless archived).
fn complete(
    conn: &Connection,
    reader: &notes::Reader<'_>,
    mut p: Practice,
) -> Result<(Practice, review::Review)> {
    let r = review::review(conn, &p.id)?;
    if p.status != PracticeStatus::Archived {
        p.status = r.status();
    }
    let mut orgs = conn.prepare_cached(
        "SELECT o.id, o.name, o.country FROM practice_links l
         JOIN organisations o ON o.id = l.organisation_id
         WHERE l.practice_id = ?1 AND l.deleted = 0 ORDER BY o.name, o.id",
    )?;
    p.organisations = orgs
        .query_map([&p.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut notes_stmt = conn.prepare_cached(
        "SELECT l.note_id FROM practice_links l JOIN notes n ON n.id = l.note_id
         JOIN meetings m ON m.id = n.meeting_id
         WHERE l.practice_id = ?1 AND l.deleted = 0 ORDER BY m.date, n.position, n.id",
    )?;
    let ids: Vec<String> = notes_stmt
        .query_map([&p.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    p.sources = reader.get_all(&ids)?;
    Ok((p, r))
}

/// One practice.
pub fn get(conn: &Connection, id: &str) -> Result<Practice> {
    Ok(get_reviewed(conn, id)?.0)
}

/// One practice with its review.
pub fn get_reviewed(conn: &Connection, id: &str) -> Result<(Practice, review::Review)> {
    let p = conn
        .query_row(&format!("{SELECT} AND p.id = ?1"), [id], from_row)
        .map_err(not_found("practice", id))?;
    complete(conn, &notes::Reader::new(conn)?, p)
}

/// The catalogue, narrowed by `filter`, by title.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Practice>> {
    Ok(list_reviewed(conn, filter)?
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}

/// The catalogue with each practice's review (read once for both).
pub fn list_reviewed(
    conn: &Connection,
    filter: &Filter,
) -> Result<Vec<(Practice, review::Review)>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT}
           AND (?1 IS NULL OR (' ' || p.sectors || ' ') LIKE '% ' || ?1 || ' %')
           AND (?2 IS NULL OR (' ' || p.targets || ' ') LIKE '% ' || ?2 || ' %')
           AND (?3 IS NULL OR p.country = upper(?3))
         ORDER BY p.title COLLATE NOCASE, p.id"
    ))?;
    let rows = stmt.query_map(
        rusqlite::params![
            filter.sector.map(|s| s.code()),
            filter.target.map(|t| t.code()),
            filter.country.as_deref().map(str::trim),
        ],
        from_row,
    )?;
    let practices = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let reader = notes::Reader::new(conn)?;
    let mut out = Vec::with_capacity(practices.len());
    for p in practices {
        let (p, r) = complete(conn, &reader, p)?;
        if filter.status.is_none_or(|s| s == p.status) {
            out.push((p, r));
        }
    }
    Ok(out)
}

/// The good-practice notes no practice cites yet, newest meeting first: what
/// the catalogue offers to promote.
pub fn candidates(conn: &Connection) -> Result<Vec<Source>> {
    let ids: Vec<String> = conn
        .prepare(
            "SELECT n.id FROM notes n JOIN meetings m ON m.id = n.meeting_id
             WHERE n.kind = 'good_practice' AND n.deleted = 0 AND m.deleted = 0
               AND NOT EXISTS (SELECT 1 FROM practice_links l
                               WHERE l.note_id = n.id AND l.deleted = 0)
             ORDER BY m.date DESC, n.position, n.id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    notes::Reader::new(conn)?.get_all(&ids)
}
