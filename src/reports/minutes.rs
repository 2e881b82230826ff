//! The minutes (verbale) of a meeting as a [`Document`], in the styles every
//! Tavolo document shares (headings 1–3, body text, bulleted items): the meeting,
//! its programme, who was there, then each table with its guiding questions and
//! its notes grouped by kind, with the speaker (the minutes stay with the
//! network: they name people, unlike the synthesis report — only those who
//! consented to it, and never a minor). In Italian.

use std::path::Path;

use rusqlite::Connection;

use super::{kind_label, kinds_in_order};
use crate::error::Result;
use crate::formats::document::{Block, Document};
use crate::meetings;
use crate::notes::{self, Note};
use crate::privacy::consent::Naming;

/// The header printed on top (project name and funder), both optional.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub project: String,
    pub funder: String,
}

/// The agenda as the programme's lines: "09:30 Saluti istituzionali – Maria
/// Rossi (Capo di Gabinetto); Luca Verdi (coordinatore)". A speaker of the
/// register without consent to be named shows as "partecipante" and the kind of
/// their organisation, without the role that would name them.
pub fn programme_lines(agenda: &[meetings::agenda::AgendaItem], naming: &Naming) -> Vec<String> {
    agenda
        .iter()
        .map(|i| {
            let who: Vec<String> = i
                .speakers
                .iter()
                .map(|s| match &s.person_id {
                    Some(p) if !naming.may_name(p) => naming.person(p, String::new()),
                    _ => meetings::agenda::speaker_line(s),
                })
                .collect();
            if who.is_empty() {
                format!("{} {}", i.at, i.title)
            } else {
                format!("{} {} – {}", i.at, i.title, who.join("; "))
            }
        })
        .collect()
}

/// The minutes of a meeting.
pub fn document(conn: &Connection, meeting_id: &str, header: &Header) -> Result<Document> {
    let meeting = meetings::get(conn, meeting_id)?;
    let attendees = meetings::attendees(conn, meeting_id)?;
    let tables = meetings::tables(conn, meeting_id)?;
    let all = notes::of_meeting(conn, meeting_id)?;
    // Named only with their consent (and never a minor): otherwise "partecipante"
    // and the kind of their organisation.
    let naming = Naming::load(conn)?;
    let name_of = |id: &Option<String>| {
        attendees
            .iter()
            .find(|a| Some(&a.person_id) == id.as_ref())
            .map(|a| a.shown_name.clone())
    };
    let mut doc = Document::new("Pagina");
    let items = |doc: &mut Document, lines: Vec<String>| {
        for line in lines {
            doc.push(Block::Item(line));
        }
    };

    for line in [header.project.trim(), header.funder.trim()] {
        if !line.is_empty() {
            doc.push(Block::Paragraph(line.to_owned()));
        }
    }
    doc.push(Block::Heading(1, "Verbale e sintesi dell'incontro".into()));
    doc.push(Block::Paragraph(meeting.title.clone()));
    let mut when = format!("Data: {}", crate::dates::italian(&meeting.date));
    if let Some(start) = &meeting.start_time {
        when.push_str(&format!(", ore {start}"));
        if let Some(end) = &meeting.end_time {
            when.push_str(&format!("–{end}"));
        }
    }
    if let Some(place) = &meeting.place {
        when.push_str(&format!(". Luogo: {place}"));
    }
    doc.push(Block::Paragraph(when));

    let agenda = meetings::agenda::of_meeting(conn, meeting_id)?;
    if !agenda.is_empty() {
        doc.push(Block::Heading(2, "Programma".into()));
        items(&mut doc, programme_lines(&agenda, &naming));
    }

    doc.push(Block::Heading(2, format!("Presenti ({})", attendees.len())));
    // Those who may be named by name (and organisation), then the others by the
    // kind of their organisation only: the list's order gives nobody away.
    let (named, others): (Vec<_>, Vec<_>) = attendees.iter().partition(|a| a.may_name);
    let mut lines: Vec<String> = named
        .iter()
        .map(|a| match &a.organisation_name {
            Some(org) => format!("{} ({org})", a.shown_name),
            None => a.shown_name.clone(),
        })
        .collect();
    let mut unnamed: Vec<String> = others.iter().map(|a| a.shown_name.clone()).collect();
    unnamed.sort();
    lines.extend(unnamed);
    items(&mut doc, lines);

    let mut sections: Vec<(Option<String>, String, Vec<String>)> = tables
        .iter()
        .map(|t| {
            (
                Some(t.id.clone()),
                t.title.clone(),
                t.questions.iter().map(|(_, q)| q.clone()).collect(),
            )
        })
        .collect();
    if all.iter().any(|n| n.table_id.is_none()) {
        sections.push((None, "Note fuori dai tavoli".into(), Vec::new()));
    }
    for (table_id, title, questions) in &sections {
        doc.push(Block::Heading(2, title.clone()));
        if !questions.is_empty() {
            doc.push(Block::Paragraph("Domande guida:".into()));
            items(&mut doc, questions.clone());
        }
        let of_table: Vec<&Note> = all.iter().filter(|n| &n.table_id == table_id).collect();
        for kind in kinds_in_order() {
            let lines: Vec<String> = of_table
                .iter()
                .filter(|n| n.kind == kind)
                .map(|n| {
                    // The tags apart from the words said; one dash style (the en
                    // dash, as in the times) throughout.
                    let mut line = notes::without_tags(&n.text);
                    if let Some(who) = name_of(&n.speaker_id) {
                        line.push_str(&format!(" – {who}"));
                    }
                    if !n.tags.is_empty() {
                        let tags: Vec<String> = n.tags.iter().map(|t| format!("#{t}")).collect();
                        line.push_str(&format!(" · {}", tags.join(" ")));
                    }
                    line
                })
                .collect();
            if lines.is_empty() {
                continue;
            }
            doc.push(Block::Heading(
                3,
                format!("{} ({})", kind_label(kind), lines.len()),
            ));
            items(&mut doc, lines);
        }
    }
    Ok(doc)
}

/// Writes the minutes to `path` as an .odt, atomically.
pub fn export(conn: &Connection, meeting_id: &str, path: &Path, header: &Header) -> Result<()> {
    let bytes = crate::formats::odt::document(&document(conn, meeting_id, header)?)?;
    crate::formats::files::write_atomically(path, &bytes)
}
