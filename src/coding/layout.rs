//! The meetings laid out as texts, as REFI-QDA's text sources and the coding
//! screen read them: one plain text per meeting (its title and date, then each
//! note under a line naming its table, speaker and kind), and where each note's
//! own words stand in it, in characters counted from 0 (Unicode
//! code points, as QDA-XML counts `startPosition` and `endPosition`). Export and
//! import lay a meeting out the same way, so a selection made in another tool
//! finds its note again.

use rusqlite::Connection;

use crate::error::Result;
use crate::vocabulary::List;

/// What a note's case carries: the values the researcher's tool filters by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteCase {
    pub territory: Option<String>,
    pub theme: Option<String>,
    pub meeting: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub table: Option<String>,
    pub kind: Option<String>,
    pub speaker: Option<String>,
    pub organisation: Option<String>,
    pub org_kind: Option<String>,
    pub category: Option<String>,
}

/// One note in its meeting's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSpan {
    pub note_id: String,
    /// The note's own words: `start..end` of the source's text, in characters.
    pub start: usize,
    pub end: usize,
    /// The note's text, as in the database.
    pub text: String,
    /// The note's tags (folded, space-separated).
    pub tags: String,
    pub case: NoteCase,
}

/// One meeting as a text source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub meeting_id: String,
    pub name: String,
    pub text: String,
    pub notes: Vec<NoteSpan>,
}

impl Source {
    /// The note whose words hold `start..end` entirely.
    pub fn note_at(&self, start: usize, end: usize) -> Option<&NoteSpan> {
        self.notes
            .iter()
            .find(|n| n.start <= start && end <= n.end && start < end)
    }
}

const NOTES: &str = "SELECT m.id, m.title, m.date, t.name, m.theme, n.id, n.text, n.tags,
        mt.title, n.kind,
        CASE WHEN p.id IS NULL THEN NULL
             WHEN p.minor = 1 THEN '(minore)'
             ELSE trim(p.given_name || ' ' || p.family_name) END,
        o.name, o.kind, p.category
    FROM notes n
    JOIN meetings m ON m.id = n.meeting_id AND m.deleted = 0
    LEFT JOIN territories t ON t.id = m.territory_id
    LEFT JOIN meeting_tables mt ON mt.id = n.table_id
    LEFT JOIN organisations o ON o.id = n.speaker_org_id
    LEFT JOIN people p ON p.id = n.speaker_id
    WHERE n.deleted = 0";

fn label(list: List, code: Option<String>) -> Option<String> {
    code.filter(|c| !c.is_empty())
        .map(|c| list.label_of(&c).map_or(c.clone(), str::to_owned))
}

/// Every meeting with notes, oldest first; `only` limits them to one meeting.
pub fn sources(conn: &Connection, only: Option<&str>) -> Result<Vec<Source>> {
    let sql = match only {
        Some(_) => format!("{NOTES} AND m.id = ?1 ORDER BY m.date, m.id, n.position, n.id"),
        None => format!("{NOTES} ORDER BY m.date, m.id, n.position, n.id"),
    };
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = match only {
        Some(id) => stmt.query([id])?,
        None => stmt.query([])?,
    };
    let mut out: Vec<Source> = Vec::new();
    // The length of the current source's text in characters, kept as it grows.
    let mut length = 0usize;
    while let Some(r) = rows.next()? {
        let meeting_id: String = r.get(0)?;
        let title: String = r.get(1)?;
        let date: String = r.get(2)?;
        let territory: Option<String> = r.get(3)?;
        if out.last().is_none_or(|s| s.meeting_id != meeting_id) {
            let name = format!("{} {}", crate::dates::italian(&date), title);
            let mut text = format!("{title}\n{}", crate::dates::italian(&date));
            if let Some(t) = &territory {
                text.push_str(" · ");
                text.push_str(t);
            }
            text.push('\n');
            length = text.chars().count();
            out.push(Source {
                meeting_id: meeting_id.clone(),
                name,
                text,
                notes: Vec::new(),
            });
        }
        let case = NoteCase {
            territory,
            theme: label(List::Theme, r.get(4)?),
            meeting: title,
            date,
            table: r.get(8)?,
            kind: label(List::NoteKind, r.get(9)?),
            speaker: r.get(10)?,
            organisation: r.get(11)?,
            org_kind: label(List::OrgKind, r.get(12)?),
            category: label(List::OperatorCategory, r.get(13)?),
        };
        let note_text: String = r.get(6)?;
        let Some(source) = out.last_mut() else {
            continue;
        };
        let mut head = String::from("\n");
        let who = match (&case.speaker, &case.organisation) {
            (Some(s), Some(o)) => Some(format!("{s} ({o})")),
            (Some(s), None) => Some(s.clone()),
            (None, Some(o)) => Some(o.clone()),
            (None, None) => None,
        };
        let parts: Vec<&str> = [case.table.as_deref(), who.as_deref(), case.kind.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !parts.is_empty() {
            head.push('[');
            head.push_str(&parts.join(" · "));
            head.push_str("]\n");
        }
        source.text.push_str(&head);
        length += head.chars().count();
        let start = length;
        source.text.push_str(&note_text);
        length += note_text.chars().count();
        source.text.push('\n');
        source.notes.push(NoteSpan {
            note_id: r.get(5)?,
            start,
            end: length,
            text: note_text,
            tags: r.get(7)?,
            case,
        });
        length += 1;
    }
    Ok(out)
}
