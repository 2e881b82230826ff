//! Bringing REFI-QDA files back: a codebook from another tool merged into
//! Tavolo's (a code known by its GUID or its name is the same code; a new one
//! is added under its parent, keeping its GUID as its id, its description and
//! colour; Tavolo's own names and texts are never overwritten, only blanks
//! filled), and a project exported by Tavolo and coded elsewhere, whose codings
//! come back onto the same notes: a meeting is found by its source's GUID, a
//! note by its selection's GUID or by where the selection stands in the
//! meeting's text (by its words, when the notes changed since), a coding by its
//! GUID. What is planned is reported before anything is written, so
//! `--dry-run` and the real import tell the same story; the import itself is
//! one transaction.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::Connection;

use super::read::{FileCode, FileSelection, Project};
use crate::coding::codebook::{self, MAX_NAME};
use crate::coding::layout;
use crate::coding::passages;
use crate::error::Result;
use crate::store::schema::CODES;
use crate::store::WriteTx;

/// What an import found and did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Codes of the file that are codes of Tavolo (same GUID).
    pub codes_matched: usize,
    /// Codes matched by name (another GUID): `file name → Tavolo's name`.
    pub codes_by_name: Vec<String>,
    /// Codes added, by name.
    pub codes_new: Vec<String>,
    /// Codes of Tavolo whose empty description or colour the file fills.
    pub codes_filled: usize,
    /// Codings of the file Tavolo has already (same GUID, or the same code on
    /// the same words).
    pub codings_matched: usize,
    /// Codings added.
    pub codings_new: usize,
    /// What could not be placed, each with where it is in the file and why.
    pub not_placed: Vec<String>,
}

/// Characters `start..end` of a note; `None` for the whole note.
type Span = Option<(usize, usize)>;

struct NewCode {
    id: String,
    name: String,
    description: String,
    colour: String,
    parent: Option<String>,
}

struct NewCoding {
    id: String,
    note: String,
    code: String,
    span: Option<(usize, usize)>,
    coder: String,
    at: Option<i64>,
}

/// What an import will write.
pub struct Plan {
    codes: Vec<NewCode>,
    fills: Vec<(String, Vec<(&'static str, String)>)>,
    codings: Vec<NewCoding>,
    pub report: Report,
}

/// The file's codes against the codebook: `file GUID → Tavolo code id`.
fn plan_codes(
    conn: &Connection,
    file: &[FileCode],
    plan: &mut Plan,
) -> Result<HashMap<String, String>> {
    let ours = codebook::list(conn)?;
    let by_id: HashMap<&str, &codebook::Code> = ours.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut taken: HashSet<String> = ours.iter().map(|c| crate::text::fold(&c.name)).collect();
    let mut map = HashMap::new();
    for f in file {
        let known = match by_id.get(f.guid.as_str()) {
            Some(c) => Some((*c, false)),
            None => codebook::by_name(conn, &f.name)?
                .and_then(|c| by_id.get(c.id.as_str()).copied())
                .map(|c| (c, true)),
        };
        if let Some((c, by_name)) = known {
            let target = codebook::effective(c).to_owned();
            if by_name {
                plan.report
                    .codes_by_name
                    .push(format!("{} → {}", f.name, c.name));
            } else {
                plan.report.codes_matched += 1;
            }
            let mut fill = Vec::new();
            if c.description.is_empty() && !f.description.is_empty() {
                fill.push(("description", f.description.clone()));
            }
            if c.colour.is_empty() && !f.colour.is_empty() {
                fill.push(("colour", f.colour.clone()));
            }
            if !fill.is_empty() {
                plan.report.codes_filled += 1;
                plan.fills.push((c.id.clone(), fill));
            }
            map.insert(f.guid.clone(), target);
            continue;
        }
        // A new code; two of the file's codes may share a name (in different
        // branches), Tavolo's names are one each.
        let base: String = f.name.chars().take(MAX_NAME - 5).collect();
        let mut name = base.clone();
        let mut k = 2;
        while !taken.insert(crate::text::fold(&name)) {
            name = format!("{base} ({k})");
            k += 1;
        }
        plan.report.codes_new.push(name.clone());
        plan.codes.push(NewCode {
            id: f.guid.clone(),
            name,
            description: f.description.clone(),
            colour: f.colour.clone(),
            parent: f.parent.as_ref().and_then(|p| map.get(p).cloned()),
        });
        map.insert(f.guid.clone(), f.guid.clone());
    }
    Ok(map)
}

/// Plans merging a codebook file's codes.
pub fn plan_codebook(conn: &Connection, file: &[FileCode]) -> Result<Plan> {
    let mut plan = empty();
    plan_codes(conn, file, &mut plan)?;
    Ok(plan)
}

fn empty() -> Plan {
    Plan {
        codes: Vec::new(),
        fills: Vec::new(),
        codings: Vec::new(),
        report: Report::default(),
    }
}

/// Where `start..end` of the file's text of a meeting stands in the meeting's
/// text now: the same place when the texts agree, else the same words nearest
/// to it.
fn place(ours: &str, theirs: Option<&str>, start: usize, end: usize) -> Option<(usize, usize)> {
    match theirs {
        Some(t) if t != ours => {
            let words = passages::slice(t, start, end);
            if words.is_empty() {
                return None;
            }
            let length = words.chars().count();
            ours.match_indices(words.as_str())
                .map(|(byte, _)| ours[..byte].chars().count())
                .min_by_key(|at| at.abs_diff(start))
                .map(|at| (at, at + length))
        }
        _ => Some((start, end)),
    }
}

/// Plans bringing a project's codes and codings back.
pub fn plan_project(conn: &Connection, project: &Project, entry: &str) -> Result<Plan> {
    let mut plan = empty();
    let codes = plan_codes(conn, &project.codes, &mut plan)?;
    let ours: HashMap<String, codebook::Code> = codebook::list(conn)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let new_codes: HashSet<&str> = plan.codes.iter().map(|c| c.id.as_str()).collect();
    let mut known_coding = conn.prepare("SELECT 1 FROM codings WHERE id = ?1")?;
    let mut coded_words = conn.prepare(
        "SELECT 1 FROM codings WHERE note_id = ?1 AND code_id = ?2 AND deleted = 0
         AND start_char IS ?3 AND end_char IS ?4",
    )?;
    let mut planned: HashSet<(String, String, Span)> = HashSet::new();
    let at = |line: u32| format!("{entry} line {line}");
    for source in &project.sources {
        let coded = source
            .selections
            .iter()
            .map(|s| s.codings.len())
            .sum::<usize>();
        if coded == 0 {
            continue;
        }
        let Some(meeting) = layout::sources(conn, Some(&source.guid))?.pop() else {
            plan.report.not_placed.push(format!(
                "{}: the source {:?} is not a meeting of this workspace; its {coded} codings were left aside",
                at(source.line),
                source.name
            ));
            continue;
        };
        for sel in &source.selections {
            let target = target(&meeting, source.text.as_deref(), sel);
            let (note, span) = match target {
                Ok(t) => t,
                Err(why) => {
                    for c in &sel.codings {
                        plan.report
                            .not_placed
                            .push(format!("{}: {why}", at(c.line)));
                    }
                    continue;
                }
            };
            for c in &sel.codings {
                if known_coding.exists([&c.guid])? {
                    plan.report.codings_matched += 1;
                    continue;
                }
                let code = match codes.get(&c.code) {
                    Some(id) => id.clone(),
                    None => match ours.get(&c.code) {
                        Some(code) => codebook::effective(code).to_owned(),
                        None => {
                            plan.report.not_placed.push(format!(
                                "{}: the coding names the code {}, which is in neither codebook",
                                at(c.line),
                                c.code
                            ));
                            continue;
                        }
                    },
                };
                if c.guid == super::tag_coding_guid(&note.note_id, &code) {
                    plan.report.codings_matched += 1;
                    continue;
                }
                if let Some(code) = ours.get(&code).filter(|c| c.retired) {
                    plan.report.not_placed.push(format!(
                        "{}: the code {:?} is retired in Tavolo; bring it back to import its codings",
                        at(c.line),
                        code.name
                    ));
                    continue;
                }
                let tagged = ours
                    .get(&code)
                    .and_then(|k| k.tag.as_deref())
                    .is_some_and(|t| {
                        span.is_none() && note.tags.split_whitespace().any(|n| n == t)
                    });
                let pos = |v: Option<usize>| v.map(|x| x as i64);
                let exists = !new_codes.contains(code.as_str())
                    && coded_words.exists(rusqlite::params![
                        note.note_id,
                        code,
                        pos(span.map(|s| s.0)),
                        pos(span.map(|s| s.1))
                    ])?;
                if tagged || exists || !planned.insert((note.note_id.clone(), code.clone(), span)) {
                    plan.report.codings_matched += 1;
                    continue;
                }
                plan.report.codings_new += 1;
                plan.codings.push(NewCoding {
                    id: c.guid.clone(),
                    note: note.note_id.clone(),
                    code,
                    span,
                    coder: c
                        .user
                        .as_deref()
                        .unwrap_or("REFI-QDA")
                        .chars()
                        .take(120)
                        .collect(),
                    at: c.at,
                });
            }
        }
    }
    Ok(plan)
}

/// The note a selection codes, and the part of it (`None`: the whole note).
fn target<'m>(
    meeting: &'m layout::Source,
    theirs: Option<&str>,
    sel: &FileSelection,
) -> std::result::Result<(&'m layout::NoteSpan, Span), String> {
    if sel.whole {
        return Err(
            "the coding is of the whole meeting; Tavolo codes notes and passages of them".into(),
        );
    }
    if let Some(n) = meeting.notes.iter().find(|n| n.note_id == sel.guid) {
        return Ok((n, None));
    }
    let (s, e) = place(&meeting.text, theirs, sel.start, sel.end).ok_or_else(|| {
        format!(
            "the words of the selection {}..{} are no longer in the meeting's notes",
            sel.start, sel.end
        )
    })?;
    let note = meeting.note_at(s, e).ok_or_else(|| {
        format!(
            "the selection {}..{} is not within the words of one note (a heading, or across notes)",
            sel.start, sel.end
        )
    })?;
    let span = (s - note.start, e - note.start);
    if span == (0, note.end - note.start) {
        Ok((note, None))
    } else {
        Ok((note, Some(span)))
    }
}

/// Writes what `plan` holds, in the caller's transaction.
pub fn apply(tx: &mut WriteTx<'_>, plan: &Plan) -> Result<()> {
    for c in &plan.codes {
        let fields = [
            ("name", Value::Text(c.name.clone())),
            ("description", Value::Text(c.description.clone())),
            ("colour", Value::Text(c.colour.clone())),
            (
                "parent_id",
                c.parent.clone().map_or(Value::Null, Value::Text),
            ),
            ("retired", Value::Integer(0)),
            ("merged_into", Value::Null),
        ];
        tx.insert_or_revive(&CODES, &c.id, &fields, &fields)?;
    }
    for (id, fill) in &plan.fills {
        let fields: Vec<(&str, Value)> = fill
            .iter()
            .map(|(f, v)| (*f, Value::Text(v.clone())))
            .collect();
        tx.update(&CODES, id, &fields)?;
    }
    for c in &plan.codings {
        passages::apply_as(tx, &c.note, &c.code, c.span, &c.coder, Some((&c.id, c.at)))?;
    }
    Ok(())
}
