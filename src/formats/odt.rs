//! The minutes (verbale) of a meeting as an OpenDocument text (.odt) that
//! LibreOffice and Word open: the meeting, who was there, then each table with its
//! guiding questions and its notes grouped by kind, with the speaker. In Italian.

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::document::{Block, Document};
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

/// The kinds of note in the order the minutes and the reports group them: the
/// vocabulary's, then the notes of no kind.
pub fn kinds_in_order() -> Vec<Option<NoteKind>> {
    NoteKind::ALL
        .iter()
        .map(|k| Some(*k))
        .chain(std::iter::once(None))
        .collect()
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
    let kinds = kinds_in_order();
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

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

const NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2""#;

/// The styles every Tavolo document shares: headings 1–4 with their outline
/// levels (LibreOffice's own names, so its navigator and table of contents see
/// them), the title, quotes, table cells, and a page with its number in the
/// footer ("Pagina 3").
fn styles(page_label: &str) -> String {
    let mut headings = String::new();
    for (level, size) in [(1, "16pt"), (2, "14pt"), (3, "12pt"), (4, "11pt")] {
        headings.push_str(&format!(
            r##"<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="{level}" style:class="text"><style:text-properties fo:font-size="{size}" fo:font-weight="bold" fo:color="#1f3a5f"/></style:style>"##
        ));
    }
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NAMESPACES}><office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" fo:font-family="'Liberation Sans'" fo:font-size="11pt" fo:language="it" fo:country="IT"/></style:default-style><style:style style:name="Standard" style:family="paragraph" style:class="text"/><style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0.2cm"/></style:style><style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body"><style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/></style:style>{headings}<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter"><style:paragraph-properties fo:margin-top="4cm"/><style:text-properties fo:font-size="26pt" fo:font-weight="bold" fo:color="#1f3a5f"/></style:style><style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="1cm" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-style="italic"/></style:style><style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="9pt"/></style:style></office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer><text:p text:style-name="Footer">{} <text:page-number text:select-page="current"/></text:p></style:footer></style:master-page></office:master-styles></office:document-styles>
"##,
        xml(page_label)
    )
}

/// The file around a body: content.xml (with `automatic` styles), styles.xml.
fn package(body: &str, automatic: &str, page_label: &str) -> Result<Vec<u8>> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NAMESPACES}><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>
"#
    );
    let zip_error = |e: zip::result::ZipError| Error::File {
        path: "(document)".into(),
        message: format!("the document could not be assembled ({e})"),
    };
    let io_error = |e: std::io::Error| Error::File {
        path: "(document)".into(),
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
    zip.start_file("styles.xml", deflated).map_err(zip_error)?;
    zip.write_all(styles(page_label).as_bytes())
        .map_err(io_error)?;
    zip.start_file("content.xml", deflated).map_err(zip_error)?;
    zip.write_all(content.as_bytes()).map_err(io_error)?;
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}

/// The whole .odt file of the minutes.
pub fn minutes(conn: &Connection, meeting_id: &str, header: &Header) -> Result<Vec<u8>> {
    let body = minutes_body(conn, meeting_id, header)?;
    package(&body, "", "Pagina")
}

/// A [`Document`] as an .odt file.
pub fn document(doc: &Document) -> Result<Vec<u8>> {
    let mut out = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut break_before = false;
    let flush = |out: &mut String, items: &mut Vec<String>| {
        list(out, items);
        items.clear();
    };
    // A page break is an automatic paragraph style on the block that follows.
    let opening = |break_before: &mut bool, style: &str| {
        if std::mem::take(break_before) {
            format!("P_{style}")
        } else {
            style.to_owned()
        }
    };
    let mut tables = 0;
    for block in &doc.blocks {
        if !matches!(block, Block::Item(_)) {
            flush(&mut out, &mut items);
        }
        match block {
            Block::PageBreak => break_before = true,
            Block::Item(t) => items.push(t.clone()),
            Block::Title(t) => out.push_str(&format!(
                "<text:p text:style-name=\"{}\">{}</text:p>",
                opening(&mut break_before, "Title"),
                xml(t)
            )),
            Block::Heading(level, t) => {
                let level = (*level).clamp(1, 4);
                out.push_str(&format!(
                    "<text:h text:style-name=\"{}\" text:outline-level=\"{level}\">{}</text:h>",
                    opening(&mut break_before, &format!("Heading_20_{level}")),
                    xml(t)
                ));
            }
            Block::Paragraph(t) => out.push_str(&format!(
                "<text:p text:style-name=\"{}\">{}</text:p>",
                opening(&mut break_before, "Text_20_body"),
                xml(t)
            )),
            Block::Quote(t) => out.push_str(&format!(
                "<text:p text:style-name=\"{}\">{}</text:p>",
                opening(&mut break_before, "Quotations"),
                xml(t)
            )),
            Block::Table(header, rows) => {
                tables += 1;
                out.push_str(&format!(
                    "<table:table table:name=\"Tabella{tables}\" table:style-name=\"Grid\"><table:table-column table:number-columns-repeated=\"{}\"/>",
                    header.len().max(1)
                ));
                let row = |out: &mut String, cells: &[String], bold: bool| {
                    out.push_str("<table:table-row>");
                    for c in cells {
                        out.push_str(&format!(
                            "<table:table-cell table:style-name=\"Cell\" office:value-type=\"string\"><text:p{}>{}</text:p></table:table-cell>",
                            if bold { " text:style-name=\"Strong\"" } else { "" },
                            xml(c)
                        ));
                    }
                    out.push_str("</table:table-row>");
                };
                row(&mut out, header, true);
                for r in rows {
                    row(&mut out, r, false);
                }
                out.push_str("</table:table>");
            }
        }
    }
    flush(&mut out, &mut items);
    let mut automatic = String::from(
        r##"<style:style style:name="Grid" style:family="table"><style:table-properties style:width="17cm" table:align="left"/></style:style><style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #808080"/></style:style><style:style style:name="Strong" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>"##,
    );
    for parent in [
        "Title",
        "Heading_20_1",
        "Heading_20_2",
        "Heading_20_3",
        "Heading_20_4",
        "Text_20_body",
        "Quotations",
    ] {
        automatic.push_str(&format!(
            r#"<style:style style:name="P_{parent}" style:family="paragraph" style:parent-style-name="{parent}"><style:paragraph-properties fo:break-before="page"/></style:style>"#
        ));
    }
    package(&out, &automatic, &doc.page_label)
}

/// Writes the minutes to `path` atomically.
pub fn export(conn: &Connection, meeting_id: &str, path: &Path, header: &Header) -> Result<()> {
    let bytes = minutes(conn, meeting_id, header)?;
    crate::formats::files::write_atomically(path, &bytes)
}
