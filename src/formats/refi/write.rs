//! Writing REFI-QDA files: the project (`.qdpx`, a zip of `project.qde` and one
//! plain text per meeting under `Sources/`) and the codebook (`.qdc`).
//!
//! What goes where: each meeting is a `TextSource` (the text of [`crate::coding::layout`]);
//! each note is a `PlainTextSelection` over its own words (its GUID is the
//! note's id) carrying the note's whole-note codings, and a `Case` with the
//! note's variables pointing at that selection; each coded passage is a
//! selection of its own, its `Coding`s keeping the ids of Tavolo's rows, so an
//! import finds them again. A note tagged `#casa` is coded with the code of the
//! tag as a whole note, with a GUID made from the note and the code.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rusqlite::Connection;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{guid, tag_coding_guid, CODEBOOK_NS, PROJECT_NS};
use crate::coding::codebook::{self, Code};
use crate::coding::layout::{self, NoteCase, NoteSpan};
use crate::error::Result;

/// What a `.qdpx` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub sources: usize,
    pub notes: usize,
    pub codes: usize,
    /// Coded passages (selections of part of a note) written.
    pub passages: usize,
    /// Codings written, whole notes and passages, `#tags` included.
    pub codings: usize,
    pub users: usize,
    /// Passages marked for review (their words were lost in an edit): left out.
    pub left_for_review: usize,
}

/// One coding row of Tavolo, as the file carries it.
struct Row {
    guid: String,
    code: String,
    span: Option<(usize, usize)>,
    coder: String,
    at: i64,
}

/// The case variables, in the order of the file: name and XSD type.
const VARIABLES: &[(&str, &str)] = &[
    ("Territorio", "Text"),
    ("Tema", "Text"),
    ("Incontro", "Text"),
    ("Data", "Date"),
    ("Tavolo", "Text"),
    ("Tipo di nota", "Text"),
    ("Relatore", "Text"),
    ("Organizzazione", "Text"),
    ("Tipo di organizzazione", "Text"),
    ("Categoria dell'operatore", "Text"),
];

fn values(case: &NoteCase) -> [Option<&str>; 10] {
    [
        case.territory.as_deref(),
        case.theme.as_deref(),
        Some(case.meeting.as_str()),
        Some(case.date.as_str()).filter(|d| crate::dates::parse_date(d).is_some()),
        case.table.as_deref(),
        case.kind.as_deref(),
        case.speaker.as_deref(),
        case.organisation.as_deref(),
        case.org_kind.as_deref(),
        case.category.as_deref(),
    ]
}

/// The text without the characters XML 1.0 cannot hold (control characters other
/// than tab and line ends).
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        s.chars()
            .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            .collect()
    }
}

struct Xml<W: Write> {
    w: Writer<W>,
}

impl<W: Write> Xml<W> {
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> std::io::Result<()> {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, clean(v).as_ref()));
        }
        self.w.write_event(Event::Start(e))
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> std::io::Result<()> {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, clean(v).as_ref()));
        }
        self.w.write_event(Event::Empty(e))
    }
    fn end(&mut self, name: &str) -> std::io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }
    fn text(&mut self, name: &str, text: &str) -> std::io::Result<()> {
        self.start(name, &[])?;
        self.w
            .write_event(Event::Text(BytesText::new(clean(text).as_ref())))?;
        self.end(name)
    }
    fn decl(&mut self) -> std::io::Result<()> {
        self.w
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
    }
}

/// The codes the file carries: those not merged into another, the tree's order.
fn codes(conn: &Connection) -> Result<Vec<Code>> {
    Ok(codebook::list(conn)?
        .into_iter()
        .filter(|c| c.merged_into.is_none())
        .collect())
}

fn memo_guid(code: &Code) -> String {
    guid("memo", &code.id)
}

/// The code tree; `memos` adds a `NoteRef` to each memo (the project has them,
/// the codebook file does not).
fn code_tree<W: Write>(x: &mut Xml<W>, all: &[Code], memos: bool) -> std::io::Result<()> {
    fn walk<W: Write>(
        x: &mut Xml<W>,
        all: &[Code],
        parent: Option<&str>,
        memos: bool,
        depth: usize,
    ) -> std::io::Result<()> {
        for c in all.iter().filter(|c| {
            c.parent_id.as_deref() == parent
                || (parent.is_none()
                    && c.parent_id
                        .as_deref()
                        .is_some_and(|p| !all.iter().any(|o| o.id == p)))
        }) {
            let codable = if c.retired { "false" } else { "true" };
            let mut attrs = vec![
                ("guid", c.id.as_str()),
                ("name", c.name.as_str()),
                ("isCodable", codable),
            ];
            if !c.colour.is_empty() {
                attrs.push(("color", c.colour.as_str()));
            }
            x.start("Code", &attrs)?;
            if !c.description.is_empty() {
                x.text("Description", &c.description)?;
            }
            if memos && !c.memo.is_empty() {
                x.empty("NoteRef", &[("targetGUID", &memo_guid(c))])?;
            }
            if depth < 64 {
                walk(x, all, Some(&c.id), memos, depth + 1)?;
            }
            x.end("Code")?;
        }
        Ok(())
    }
    x.start("Codes", &[])?;
    walk(x, all, None, memos, 0)?;
    x.end("Codes")
}

/// The laptop's wall-clock time of `now`, as a zip entry's time (no zone).
fn zip_time(now: i64) -> zip::DateTime {
    use chrono::{Datelike, Timelike};
    let t = crate::dates::local_date_time(u64::try_from(now).unwrap_or(0));
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).unwrap_or(1980),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

fn zip_error(e: zip::result::ZipError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Writes the codebook to `path` (`.qdc`); returns how many codes it holds.
pub fn qdc(conn: &Connection, path: &Path) -> Result<usize> {
    let all = codes(conn)?;
    let write = || -> std::io::Result<Vec<u8>> {
        let mut x = Xml {
            w: Writer::new_with_indent(Vec::new(), b' ', 2),
        };
        x.decl()?;
        x.start(
            "CodeBook",
            &[("xmlns", CODEBOOK_NS), ("origin", super::ORIGIN)],
        )?;
        if !all.is_empty() {
            code_tree(&mut x, &all, false)?;
        }
        x.end("CodeBook")?;
        Ok(x.w.into_inner())
    };
    let bytes = write().map_err(|e| crate::error::Error::Internal(e.to_string()))?;
    crate::formats::files::write_atomically(path, &bytes)?;
    Ok(all.len())
}

/// Every coding row by note (codes merged into others counted as the code they
/// went into), and how many passages wait for review.
fn rows_by_note(
    conn: &Connection,
    effective: &HashMap<String, String>,
) -> Result<(HashMap<String, Vec<Row>>, usize)> {
    let mut stmt = conn.prepare(
        "SELECT id, note_id, code_id, start_char, end_char, coder, coded_at, review
         FROM codings WHERE deleted = 0 ORDER BY note_id, start_char, end_char, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<String, Vec<Row>> = HashMap::new();
    let mut review = 0;
    while let Some(r) = rows.next()? {
        let code: String = r.get(2)?;
        let Some(code) = effective.get(&code) else {
            continue;
        };
        if r.get::<_, bool>(7)? {
            review += 1;
            continue;
        }
        let start: Option<i64> = r.get(3)?;
        let end: Option<i64> = r.get(4)?;
        let span = match (start, end) {
            (Some(s), Some(e)) if s >= 0 && e > s => Some((s as usize, e as usize)),
            (None, None) => None,
            _ => {
                review += 1;
                continue;
            }
        };
        out.entry(r.get(1)?).or_default().push(Row {
            guid: r.get(0)?,
            code: code.clone(),
            span,
            coder: r.get(5)?,
            at: r.get(6)?,
        });
    }
    Ok((out, review))
}

fn user_guid(coder: &str) -> String {
    guid("user", coder)
}

/// Writes the project to `path` (`.qdpx`), atomically; `now` stamps it.
pub fn qdpx(conn: &Connection, path: &Path, now: i64) -> Result<Written> {
    let all = codes(conn)?;
    let effective: HashMap<String, String> = codebook::list(conn)?
        .iter()
        .map(|c| (c.id.clone(), codebook::effective(c).to_owned()))
        .collect();
    let by_tag: HashMap<String, String> = codebook::list(conn)?
        .iter()
        .filter_map(|c| Some((c.tag.clone()?, codebook::effective(c).to_owned())))
        .collect();
    let sources = layout::sources(conn, None)?;
    let (mut rows, left_for_review) = rows_by_note(conn, &effective)?;
    // A passage must lie inside its note's text as it is now.
    let mut left = left_for_review;
    for s in &sources {
        for n in &s.notes {
            if let Some(list) = rows.get_mut(&n.note_id) {
                let length = n.end - n.start;
                let before = list.len();
                list.retain(|r| r.span.is_none_or(|(_, e)| e <= length));
                left += before - list.len();
            }
        }
    }
    let mut users: Vec<String> = rows
        .values()
        .flatten()
        .map(|r| r.coder.clone())
        .filter(|c| !c.is_empty())
        .collect();
    users.sort();
    users.dedup();
    let stamp = crate::dates::xsd_date_time(now);
    let mut written = Written {
        sources: sources.len(),
        codes: all.len(),
        users: users.len(),
        left_for_review: left,
        ..Written::default()
    };

    crate::formats::files::with_temp(path, |temp| {
        let file = std::fs::File::create(temp)?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 20, file));
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(true)
            .last_modified_time(zip_time(now));
        zip.start_file("project.qde", deflated).map_err(zip_error)?;
        {
            let mut x = Xml {
                w: Writer::new(BufWriter::with_capacity(1 << 20, &mut zip)),
            };
            x.decl()?;
            x.start(
                "Project",
                &[
                    ("xmlns", PROJECT_NS),
                    ("name", "Tavolo"),
                    ("origin", super::ORIGIN),
                    ("creationDateTime", &stamp),
                ],
            )?;
            if !users.is_empty() {
                x.start("Users", &[])?;
                for u in &users {
                    x.empty("User", &[("guid", &user_guid(u)), ("name", u)])?;
                }
                x.end("Users")?;
            }
            if !all.is_empty() {
                x.start("CodeBook", &[])?;
                code_tree(&mut x, &all, true)?;
                x.end("CodeBook")?;
            }
            let has_notes = sources.iter().any(|s| !s.notes.is_empty());
            if has_notes {
                x.start("Variables", &[])?;
                for (name, kind) in VARIABLES {
                    x.empty(
                        "Variable",
                        &[
                            ("guid", &guid("variable", name)),
                            ("name", name),
                            ("typeOfVariable", kind),
                        ],
                    )?;
                }
                x.end("Variables")?;
                x.start("Cases", &[])?;
                for s in &sources {
                    for (k, n) in s.notes.iter().enumerate() {
                        case(&mut x, s, k, n)?;
                    }
                }
                x.end("Cases")?;
            }
            if !sources.is_empty() {
                x.start("Sources", &[])?;
                for s in &sources {
                    let text_path = format!("internal://{}.txt", s.meeting_id);
                    x.start(
                        "TextSource",
                        &[
                            ("guid", &s.meeting_id),
                            ("name", &s.name),
                            ("plainTextPath", &text_path),
                            ("creationDateTime", &stamp),
                        ],
                    )?;
                    for n in &s.notes {
                        let mine = rows.remove(&n.note_id).unwrap_or_default();
                        selections(&mut x, n, mine, &by_tag, &mut written)?;
                    }
                    x.end("TextSource")?;
                }
                x.end("Sources")?;
            }
            let memos: Vec<&Code> = all.iter().filter(|c| !c.memo.is_empty()).collect();
            if !memos.is_empty() {
                x.start("Notes", &[])?;
                for c in memos {
                    let name = format!("Memo: {}", c.name);
                    x.start(
                        "Note",
                        &[
                            ("guid", &memo_guid(c)),
                            ("name", &name),
                            ("creationDateTime", &stamp),
                        ],
                    )?;
                    x.text("PlainTextContent", &c.memo)?;
                    x.end("Note")?;
                }
                x.end("Notes")?;
            }
            x.end("Project")?;
            x.w.into_inner().flush()?;
        }
        for s in &sources {
            zip.start_file(format!("Sources/{}.txt", s.meeting_id), deflated)
                .map_err(zip_error)?;
            zip.write_all(s.text.as_bytes())?;
        }
        let mut inner = zip.finish().map_err(zip_error)?;
        inner.flush()
    })?;
    written.notes = sources.iter().map(|s| s.notes.len()).sum();
    Ok(written)
}

fn case<W: Write>(
    x: &mut Xml<W>,
    source: &layout::Source,
    k: usize,
    n: &NoteSpan,
) -> std::io::Result<()> {
    let name = format!("{} · nota {}", source.name, k + 1);
    x.start(
        "Case",
        &[("guid", &guid("case", &n.note_id)), ("name", &name)],
    )?;
    for ((var, kind), value) in VARIABLES.iter().zip(values(&n.case)) {
        let Some(value) = value else { continue };
        x.start("VariableValue", &[])?;
        x.empty("VariableRef", &[("targetGUID", &guid("variable", var))])?;
        x.text(
            if *kind == "Date" {
                "DateValue"
            } else {
                "TextValue"
            },
            value,
        )?;
        x.end("VariableValue")?;
    }
    x.empty("SelectionRef", &[("targetGUID", &n.note_id)])?;
    x.end("Case")
}

fn coding<W: Write>(x: &mut Xml<W>, r: &Row) -> std::io::Result<()> {
    let at = crate::dates::xsd_date_time(r.at);
    let user = user_guid(&r.coder);
    let mut attrs = vec![("guid", r.guid.as_str())];
    if r.at > 0 {
        attrs.push(("creationDateTime", at.as_str()));
    }
    if !r.coder.is_empty() {
        attrs.push(("creatingUser", user.as_str()));
    }
    x.start("Coding", &attrs)?;
    x.empty("CodeRef", &[("targetGUID", &r.code)])?;
    x.end("Coding")
}

/// The note's own selection (its whole-note codings, its `#tags`' codes) and one
/// selection per coded passage (every code on the same words together).
fn selections<W: Write>(
    x: &mut Xml<W>,
    n: &NoteSpan,
    mut rows: Vec<Row>,
    by_tag: &HashMap<String, String>,
    written: &mut Written,
) -> std::io::Result<()> {
    let mut tagged: Vec<&String> = n
        .tags
        .split_whitespace()
        .filter_map(|t| by_tag.get(t))
        .collect();
    tagged.sort();
    tagged.dedup();
    let (start, end) = (n.start.to_string(), n.end.to_string());
    x.start(
        "PlainTextSelection",
        &[
            ("guid", &n.note_id),
            ("name", &super::selection_name(&n.text)),
            ("startPosition", &start),
            ("endPosition", &end),
        ],
    )?;
    for code in tagged {
        coding(
            x,
            &Row {
                guid: tag_coding_guid(&n.note_id, code),
                code: code.clone(),
                span: None,
                coder: String::new(),
                at: 0,
            },
        )?;
        written.codings += 1;
    }
    rows.sort_by_key(|r| r.span);
    for r in rows.iter().filter(|r| r.span.is_none()) {
        coding(x, r)?;
        written.codings += 1;
    }
    x.end("PlainTextSelection")?;
    let mut i = 0;
    let passages: Vec<&Row> = rows.iter().filter(|r| r.span.is_some()).collect();
    while i < passages.len() {
        let span = passages[i].span.unwrap_or_default();
        let same = passages[i..]
            .iter()
            .take_while(|r| r.span == Some(span))
            .count();
        let (s, e) = (
            (n.start + span.0).to_string(),
            (n.start + span.1).to_string(),
        );
        let words = crate::coding::passages::slice(&n.text, span.0, span.1);
        x.start(
            "PlainTextSelection",
            &[
                ("guid", &super::passage_guid(&n.note_id, span)),
                ("name", &super::selection_name(&words)),
                ("startPosition", &s),
                ("endPosition", &e),
            ],
        )?;
        for r in &passages[i..i + same] {
            coding(x, r)?;
            written.codings += 1;
        }
        x.end("PlainTextSelection")?;
        written.passages += 1;
        i += same;
    }
    Ok(())
}
