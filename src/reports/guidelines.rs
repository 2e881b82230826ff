//! The PIA guidelines as a document: a title page, a section per theme with its
//! numbered clauses, each clause pointing to its sources ([1], [2] …), the table
//! of sources (meeting, date, table, speaker's organisation — never a name — and
//! the note's words), the recommendations set aside and why as an annex, and
//! those still unhandled, if any, as a second annex.

use rusqlite::Connection;

use crate::error::Result;
use crate::formats::document::{Block, Document};
use crate::guidelines::{self, trace};

/// What the export wrote.
#[derive(Debug, Clone)]
pub struct Export {
    pub document: Document,
    pub clauses: usize,
    pub sources: usize,
    pub set_aside: usize,
    pub unhandled: usize,
}

/// The guidelines of `territory_id` as a document (started empty if they were not).
pub fn document(
    conn: &Connection,
    territory_id: &str,
    project: &str,
    funder: &str,
    today: &str,
) -> Result<Export> {
    guidelines::territory(conn, territory_id)?;
    let territory = crate::register::territories::get(conn, territory_id)?;
    let doc = guidelines::of_territory(conn, territory_id)?;
    let open = trace::unhandled(conn, territory_id)?;
    let mut out = Document::new("Pagina");
    for line in [project.trim(), funder.trim()] {
        if !line.is_empty() {
            out.push(Block::Paragraph(line.to_owned()));
        }
    }
    let title = doc.as_ref().map_or_else(
        || {
            format!(
                "Linee guida per il Piano di Inclusione Accogliente – {}",
                territory.name
            )
        },
        |d| d.title.clone(),
    );
    out.push(Block::Title(title));
    out.push(Block::Paragraph(format!("Territorio: {}", territory.name)));
    if let Some(d) = &doc {
        out.push(Block::Paragraph(format!(
            "Stato del documento: {}",
            d.status.label()
        )));
    }
    out.push(Block::Paragraph(format!(
        "Redatto il {}",
        crate::dates::italian(today)
    )));
    out.push(Block::PageBreak);

    let mut rows = Vec::new();
    let mut clause_count = 0;
    if let Some(d) = &doc {
        let mut number = 0;
        for section in d.sections.iter().filter(|s| !s.clauses.is_empty()) {
            number += 1;
            out.push(Block::Heading(1, format!("{number}. {}", section.title)));
            for clause in &section.clauses {
                clause_count += 1;
                let marks: Vec<String> = clause
                    .sources
                    .iter()
                    .map(|s| {
                        rows.push(vec![
                            format!("[{}]", rows.len() + 1),
                            clause.number.clone(),
                            format!("Fonte: {}", s.citation()),
                            if s.removed {
                                "La nota è stata eliminata dopo essere stata citata.".to_owned()
                            } else {
                                crate::notes::without_tags(&s.text)
                            },
                        ]);
                        format!("[{}]", rows.len())
                    })
                    .collect();
                let mut lines = clause.text.lines().filter(|l| !l.trim().is_empty());
                let first = lines.next().unwrap_or_default();
                let refs = if marks.is_empty() {
                    " (senza fonte)".to_owned()
                } else {
                    format!(" {}", marks.join(" "))
                };
                let rest: Vec<&str> = lines.collect();
                if rest.is_empty() {
                    out.push(Block::Paragraph(format!("{} {first}{refs}", clause.number)));
                } else {
                    out.push(Block::Paragraph(format!("{} {first}", clause.number)));
                    let last = rest.len() - 1;
                    for (i, line) in rest.iter().enumerate() {
                        out.push(Block::Paragraph(if i == last {
                            format!("{line}{refs}")
                        } else {
                            (*line).to_owned()
                        }));
                    }
                }
            }
        }
    }
    if clause_count == 0 {
        out.push(Block::Paragraph(
            "Il documento non contiene ancora clausole.".into(),
        ));
    }
    let source_count = rows.len();
    if !rows.is_empty() {
        out.push(Block::Heading(1, "Fonti".into()));
        out.push(Block::Table(
            vec![
                "N.".into(),
                "Clausola".into(),
                "Fonte".into(),
                "Testo della nota".into(),
            ],
            rows,
        ));
    }
    let set_aside = doc.as_ref().map_or(0, |d| d.set_aside.len());
    if let Some(d) = doc.as_ref().filter(|d| !d.set_aside.is_empty()) {
        out.push(Block::Heading(
            1,
            "Allegato – Raccomandazioni e proposte accantonate".into(),
        ));
        out.push(Block::Table(
            vec!["Nota".into(), "Fonte".into(), "Motivo".into()],
            d.set_aside
                .iter()
                .map(|a| {
                    vec![
                        crate::notes::without_tags(&a.source.text),
                        a.source.citation(),
                        a.reason.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if !open.is_empty() {
        out.push(Block::Heading(
            1,
            "Allegato – Raccomandazioni e proposte ancora da esaminare".into(),
        ));
        let mut rows = Vec::new();
        let reader = crate::notes::Reader::new(conn)?;
        for u in &open {
            if let Some(s) = reader.get(&u.note_id)? {
                rows.push(vec![crate::notes::without_tags(&s.text), s.citation()]);
            }
        }
        out.push(Block::Table(vec!["Nota".into(), "Fonte".into()], rows));
    }
    Ok(Export {
        document: out,
        clauses: clause_count,
        sources: source_count,
        set_aside,
        unhandled: open.len(),
    })
}
