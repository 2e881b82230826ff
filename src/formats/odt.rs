//! The minutes (verbale) of a meeting as an OpenDocument text (.odt) that
//! LibreOffice and Word open: the meeting, who was there, then each table with its
//! guiding questions and its notes grouped by kind, with the speaker. In Italian.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::{Error, Result};
use crate::meetings;
use crate::notes::{self, Note};
use crate::vocabulary::NoteKind;

/// The header printed on top (project name and funder), both optional.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub project: String,
    pub funder: String,
}

/// Italian label of a kind of note, as the minutes show it.
pub fn kind_label(kind: Option<NoteKind>) -> &'static str {
    match kind {
        Some(NoteKind::Need) => "Bisogni",
        Some(NoteKind::Recommendation) => "Raccomandazioni",
        Some(NoteKind::GoodPractice) => "Buone pratiche",
        Some(NoteKind::CriticalIssue) => "Criticità",
        Some(NoteKind::Proposal) => "Proposte",
        Some(NoteKind::Commitment) => "Impegni",
        Some(NoteKind::Quote) => "Citazioni",
        None => "Altre note",
    }
}

/// Text safe inside a paragraph: escaped, and line breaks made spaces (a line break
/// inside `text:p` is whitespace anyway).
fn xml(text: &str) -> String {
    crate::text::xml_escape(&text.replace(['\t', '\n', '\r'], " "))
}

fn heading(out: &mut String, level: u8, text: &str) {
    out.push_str(&format!(
        "<text:h text:style-name=\"Heading_20_{level}\" text:outline-level=\"{level}\">{}</text:h>",
        xml(text)
    ));
}

fn paragraph(out: &mut String, text: &str) {
    out.push_str(&format!("<text:p>{}</text:p>", xml(text)));
}

fn list(out: &mut String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str("<text:list>");
    for item in items {
        out.push_str(&format!(
            "<text:list-item><text:p>{}</text:p></text:list-item>",
            xml(item)
        ));
    }
    out.push_str("</text:list>");
}

/// The agenda as the programme's lines: "09:30 Saluti istituzionali – Maria
/// Rossi (Capo di Gabinetto); Luca Verdi (coordinatore)".
pub fn programme_lines(agenda: &[meetings::agenda::AgendaItem]) -> Vec<String> {
    agenda
        .iter()
        .map(|i| {
            let who: Vec<String> = i
                .speakers
                .iter()
                .map(meetings::agenda::speaker_line)
                .collect();
            if who.is_empty() {
                format!("{} {}", i.at, i.title)
            } else {
                format!("{} {} – {}", i.at, i.title, who.join("; "))
            }
        })
        .collect()
}

/// The body of the document (the `office:text` content).
pub fn minutes_body(conn: &Connection, meeting_id: &str, header: &Header) -> Result<String> {
    let meeting = meetings::get(conn, meeting_id)?;
    let attendees = meetings::attendees(conn, meeting_id)?;
    let tables = meetings::tables(conn, meeting_id)?;
    let all = notes::of_meeting(conn, meeting_id)?;
    let name_of = |id: &Option<String>| {
        attendees
            .iter()
            .find(|a| Some(&a.person_id) == id.as_ref())
            .map(|a| format!("{} {}", a.family_name, a.given_name))
    };

    let mut out = String::new();
    if !header.project.trim().is_empty() {
        paragraph(&mut out, header.project.trim());
    }
    if !header.funder.trim().is_empty() {
        paragraph(&mut out, header.funder.trim());
    }
    heading(&mut out, 1, "Verbale e sintesi dell'incontro");
    paragraph(&mut out, &meeting.title);
    let mut when = format!("Data: {}", italian(&meeting.date));
    if let Some(start) = &meeting.start_time {
        when.push_str(&format!(", ore {start}"));
        if let Some(end) = &meeting.end_time {
            when.push_str(&format!("–{end}"));
        }
    }
    if let Some(place) = &meeting.place {
        when.push_str(&format!(". Luogo: {place}"));
    }
    paragraph(&mut out, &when);

    let agenda = meetings::agenda::of_meeting(conn, meeting_id)?;
    if !agenda.is_empty() {
        heading(&mut out, 2, "Programma");
        list(&mut out, &programme_lines(&agenda));
    }

    heading(&mut out, 2, &format!("Presenti ({})", attendees.len()));
    let present: Vec<String> = attendees
        .iter()
        .map(|a| match &a.organisation_name {
            Some(org) => format!("{} {} ({org})", a.family_name, a.given_name),
            None => format!("{} {}", a.family_name, a.given_name),
        })
        .collect();
    list(&mut out, &present);

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
    let kinds: Vec<Option<NoteKind>> = NoteKind::ALL
        .iter()
        .map(|k| Some(*k))
        .chain(std::iter::once(None))
        .collect();
    for (table_id, title, questions) in &sections {
        heading(&mut out, 2, title);
        if !questions.is_empty() {
            paragraph(&mut out, "Domande guida:");
            list(&mut out, questions);
        }
        let of_table: Vec<&Note> = all.iter().filter(|n| &n.table_id == table_id).collect();
        for kind in &kinds {
            let items: Vec<String> = of_table
                .iter()
                .filter(|n| n.kind == *kind)
                .map(|n| {
                    // The tags apart from the words said; one dash style (the en
                    // dash, as in the times) throughout.
                    let mut line = crate::notes::without_tags(&n.text);
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
            if items.is_empty() {
                continue;
            }
            heading(
                &mut out,
                3,
                &format!("{} ({})", kind_label(*kind), items.len()),
            );
            list(&mut out, &items);
        }
    }
    Ok(out)
}

/// "2024-03-05" → "05/03/2024".
fn italian(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

/// The whole .odt file.
pub fn minutes(conn: &Connection, meeting_id: &str, header: &Header) -> Result<Vec<u8>> {
    let body = minutes_body(conn, meeting_id, header)?;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>{body}</office:text></office:body></office:document-content>
"#
    );
    let zip_error = |e: zip::result::ZipError| Error::File {
        path: "(minutes)".into(),
        message: format!("the document could not be assembled ({e})"),
    };
    let io_error = |e: std::io::Error| Error::File {
        path: "(minutes)".into(),
        message: format!("the document could not be assembled ({e})"),
    };
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // The mimetype comes first and uncompressed, so tools can recognise the file.
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).map_err(zip_error)?;
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .map_err(io_error)?;
    zip.start_file("META-INF/manifest.xml", deflated)
        .map_err(zip_error)?;
    zip.write_all(MANIFEST.as_bytes()).map_err(io_error)?;
    zip.start_file("content.xml", deflated).map_err(zip_error)?;
    zip.write_all(content.as_bytes()).map_err(io_error)?;
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

/// Writes the minutes to `path` atomically.
pub fn export(conn: &Connection, meeting_id: &str, path: &Path, header: &Header) -> Result<()> {
    let bytes = minutes(conn, meeting_id, header)?;
    crate::formats::files::write_atomically(path, &bytes)
}
