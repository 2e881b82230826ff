//! The synthesis report (report di sintesi) of one meeting, or of a territory's
//! held meetings (a theme, a period): the attendance figures as the indicators
//! count them, then per meeting, table and guiding question the notes by kind —
//! recommendations, needs, critical issues, good practices, proposals,
//! commitments, quotes — with how many came from public and private
//! organisations and of which type. Speakers appear by their organisation, never
//! by name: the report travels beyond the room.

use std::collections::HashMap;

use rusqlite::Connection;

use super::{kind_label, kinds_in_order};
use crate::error::Result;
use crate::formats::document::{Block, Document};
use crate::indicators::{self, Filter};
use crate::meetings::{self, Meeting};
use crate::notes::{self, Note};
use crate::vocabulary::{NoteKind, OrgKind, Theme};

/// What the report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One meeting, whatever its status.
    Meeting(String),
    /// The held meetings of a territory and everything in it, optionally of one
    /// theme and between two days (YYYY-MM-DD, both included).
    Territory {
        territory_id: String,
        theme: Option<Theme>,
        from: Option<String>,
        to: Option<String>,
    },
}

/// A table of a meeting (none: the notes taken outside the tables), its title
/// and its guiding questions (id, text).
type Section = (Option<String>, String, Vec<(String, String)>);

/// A speaker's organisation as the report names it.
struct Org {
    name: String,
    kind: OrgKind,
    is_public: bool,
}

fn organisations(conn: &Connection) -> Result<HashMap<String, Org>> {
    let mut stmt = conn.prepare("SELECT id, name, kind, is_public FROM organisations")?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(2)?;
        Ok((
            r.get::<_, String>(0)?,
            Org {
                name: r.get(1)?,
                kind: OrgKind::parse("kind", &kind).unwrap_or(OrgKind::Other),
                is_public: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

/// The meetings the scope covers, by date, and the indicators' filter for them.
fn selection(conn: &Connection, scope: &Scope) -> Result<(Vec<Meeting>, Filter, String)> {
    match scope {
        Scope::Meeting(id) => {
            let m = meetings::get(conn, id)?;
            let line = format!("{}, {}", m.title, crate::dates::italian(&m.date));
            let filter = Filter {
                meeting_id: Some(id.clone()),
                ..Filter::default()
            };
            Ok((vec![m], filter, line))
        }
        Scope::Territory {
            territory_id,
            theme,
            from,
            to,
        } => {
            let territory = crate::register::territories::get(conn, territory_id)?;
            let filter = Filter {
                from: from.clone(),
                to: to.clone(),
                territory_id: Some(territory_id.clone()),
                theme: *theme,
                ..Filter::default()
            };
            // The indicators' own selection of meetings, so the figures and the
            // sections below always cover the same meetings.
            let ids = indicators::held_meetings(conn, &filter)?;
            let mut list: Vec<Meeting> = ids
                .iter()
                .map(|id| meetings::get(conn, id))
                .collect::<Result<_>>()?;
            list.sort_by(|a, b| {
                (&a.date, &a.start_time, &a.title).cmp(&(&b.date, &b.start_time, &b.title))
            });
            let mut line = format!("Territorio: {}", territory.name);
            if let Some(t) = theme {
                line.push_str(&format!(" · Tema: {}", t.label()));
            }
            match (from, to) {
                (Some(f), Some(t)) => line.push_str(&format!(
                    " · dal {} al {}",
                    crate::dates::italian(f),
                    crate::dates::italian(t)
                )),
                (Some(f), None) => line.push_str(&format!(" · dal {}", crate::dates::italian(f))),
                (None, Some(t)) => {
                    line.push_str(&format!(" · fino al {}", crate::dates::italian(t)))
                }
                (None, None) => {}
            }
            Ok((list, filter, line))
        }
    }
}

/// "4 note · da enti pubblici 1, privati 3 · per tipo di ente: Comune 1; Terzo settore 3".
fn provenance(notes: &[&Note], orgs: &HashMap<String, Org>) -> String {
    let (mut public, mut private, mut none) = (0, 0, 0);
    let mut by_kind: Vec<(&'static str, usize)> = Vec::new();
    for n in notes {
        match n.speaker_org_id.as_ref().and_then(|id| orgs.get(id)) {
            Some(o) => {
                if o.is_public {
                    public += 1;
                } else {
                    private += 1;
                }
                match by_kind.iter_mut().find(|(l, _)| *l == o.kind.label()) {
                    Some((_, c)) => *c += 1,
                    None => by_kind.push((o.kind.label(), 1)),
                }
            }
            None => none += 1,
        }
    }
    let count = if notes.len() == 1 {
        "1 nota".to_owned()
    } else {
        format!("{} note", notes.len())
    };
    let mut line = format!("{count} · da enti pubblici {public}, privati {private}");
    if none > 0 {
        line.push_str(&format!(", senza ente {none}"));
    }
    if !by_kind.is_empty() {
        let kinds: Vec<String> = by_kind.iter().map(|(l, c)| format!("{l} {c}")).collect();
        line.push_str(&format!(" · per tipo di ente: {}", kinds.join("; ")));
    }
    line
}

/// A synthesis report: its document, and how many meetings and tables it covers.
#[derive(Debug, Clone)]
pub struct Report {
    pub document: Document,
    pub meetings: usize,
    pub tables: usize,
}

/// The report as a document. `project` and `funder` head the title page;
/// `today` (YYYY-MM-DD) is the date it was drawn up.
pub fn report(
    conn: &Connection,
    scope: &Scope,
    project: &str,
    funder: &str,
    today: &str,
) -> Result<Report> {
    let (list, filter, scope_line) = selection(conn, scope)?;
    let figures = indicators::compute(conn, &filter)?;
    let orgs = organisations(conn)?;
    let mut doc = Document::new("Pagina");
    let mut table_count = 0;

    // The title page.
    for line in [project.trim(), funder.trim()] {
        if !line.is_empty() {
            doc.push(Block::Paragraph(line.to_owned()));
        }
    }
    doc.push(Block::Title("Report di sintesi".into()));
    doc.push(Block::Paragraph(scope_line));
    doc.push(Block::Paragraph(format!(
        "Redatto il {}",
        crate::dates::italian(today)
    )));
    doc.push(Block::PageBreak);

    doc.push(Block::Heading(1, "Partecipazione".into()));
    doc.push(Block::Table(
        vec!["Indicatore".into(), "Valore".into()],
        figures
            .headline()
            .iter()
            .map(|(l, v)| vec![(*l).to_owned(), v.to_string()])
            .collect(),
    ));

    let kinds = kinds_in_order();
    for meeting in &list {
        doc.push(Block::Heading(1, meeting.title.clone()));
        let mut when = crate::dates::italian(&meeting.date);
        if let (Some(s), Some(e)) = (&meeting.start_time, &meeting.end_time) {
            when.push_str(&format!(", {s}–{e}"));
        }
        if let Some(place) = &meeting.place {
            when.push_str(&format!(" · {place}"));
        }
        when.push_str(&format!(
            " · {} {}",
            meeting.attendees,
            if meeting.attendees == 1 {
                "presente"
            } else {
                "presenti"
            }
        ));
        doc.push(Block::Paragraph(when));

        let all = notes::of_meeting(conn, &meeting.id)?;
        let mut tables: Vec<Section> = meetings::tables(conn, &meeting.id)?
            .into_iter()
            .map(|t| (Some(t.id), t.title, t.questions))
            .collect();
        if all.iter().any(|n| n.table_id.is_none()) {
            tables.push((None, "Note fuori dai tavoli".into(), Vec::new()));
        }
        table_count += tables.len();
        for (table_id, title, questions) in &tables {
            let of_table: Vec<&Note> = all.iter().filter(|n| &n.table_id == table_id).collect();
            doc.push(Block::Heading(2, title.clone()));
            let synthesis = match table_id {
                Some(id) => super::table_syntheses::of_table(conn, id)?,
                None => String::new(),
            };
            if !synthesis.trim().is_empty() {
                doc.push(Block::Heading(3, "Sintesi del tavolo".into()));
                for line in synthesis.lines().filter(|l| !l.trim().is_empty()) {
                    doc.push(Block::Paragraph(line.trim().to_owned()));
                }
            }
            if of_table.is_empty() {
                doc.push(Block::Paragraph(
                    "Nessuna nota raccolta a questo tavolo.".into(),
                ));
                continue;
            }
            doc.push(Block::Paragraph(provenance(&of_table, &orgs)));
            // Each guiding question with its notes, then the table's notes that
            // answer none of them.
            let mut groups: Vec<(String, Vec<&Note>)> = questions
                .iter()
                .map(|(qid, text)| {
                    (
                        text.clone(),
                        of_table
                            .iter()
                            .copied()
                            .filter(|n| n.question_id.as_deref() == Some(qid.as_str()))
                            .collect(),
                    )
                })
                .collect();
            let answered: Vec<&str> = questions.iter().map(|(q, _)| q.as_str()).collect();
            let rest: Vec<&Note> = of_table
                .iter()
                .copied()
                .filter(|n| {
                    n.question_id
                        .as_deref()
                        .is_none_or(|q| !answered.contains(&q))
                })
                .collect();
            groups.push(("Altre note del tavolo".into(), rest));
            for (question, group) in groups.iter().filter(|(_, g)| !g.is_empty()) {
                doc.push(Block::Heading(3, question.clone()));
                for kind in &kinds {
                    let of_kind: Vec<&&Note> = group.iter().filter(|n| n.kind == *kind).collect();
                    if of_kind.is_empty() {
                        continue;
                    }
                    doc.push(Block::Heading(
                        4,
                        format!("{} ({})", kind_label(*kind), of_kind.len()),
                    ));
                    for n in of_kind {
                        let words = notes::without_tags(&n.text);
                        let from = n
                            .speaker_org_id
                            .as_ref()
                            .and_then(|id| orgs.get(id))
                            .map(|o| o.name.as_str());
                        doc.push(match (*kind == Some(NoteKind::Quote), from) {
                            (true, Some(o)) => Block::Quote(format!("«{words}» – {o}")),
                            (true, None) => Block::Quote(format!("«{words}»")),
                            (false, Some(o)) => Block::Item(format!("{words} – {o}")),
                            (false, None) => Block::Item(words),
                        });
                    }
                }
            }
        }
    }
    Ok(Report {
        document: doc,
        meetings: list.len(),
        tables: table_count,
    })
}
