//! The catalogue of good practices for offices and partners: as a booklet
//! ("Catalogo delle buone prassi", .docx or .odt: a title page, a chapter per
//! practice with where and for whom it runs, its evidence, where it came up and
//! the panel's review; then the practices compared, criteria as rows) and as a
//! workbook (Buone prassi, Valutazioni, Confronto). Reviewers are counted, never
//! named: the review is the panel's, and the booklet travels abroad.

use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{Format, Workbook};

use crate::error::Result;
use crate::formats::document::{Block, Document};
use crate::formats::workbook::write::{save_atomically, xl};
use crate::practices::compare::{self, Comparison};
use crate::practices::review::Review;
use crate::practices::{self, Filter, Practice};
use crate::vocabulary::List;

/// What an export holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub practices: Vec<(Practice, Review)>,
    pub comparison: Option<Comparison>,
}

/// The practices `filter` selects, with their reviews, and the comparison of
/// `compare_ids` (two to four) when given.
pub fn catalogue(conn: &Connection, filter: &Filter, compare_ids: &[String]) -> Result<Catalogue> {
    let practices = practices::list_reviewed(conn, filter)?;
    let comparison = if compare_ids.is_empty() {
        None
    } else {
        Some(compare::compare(conn, compare_ids)?)
    };
    Ok(Catalogue {
        practices,
        comparison,
    })
}

fn labels(list: List, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| list.label_of(c).unwrap_or(c))
        .collect::<Vec<_>>()
        .join(", ")
}

fn mean(x: Option<f64>) -> String {
    x.map_or("–".into(), |m| format!("{m:.1}").replace('.', ","))
}

fn period(p: &Practice) -> Option<String> {
    match (&p.period_from, &p.period_to) {
        (None, None) => None,
        (f, t) => Some(format!(
            "{} – {}",
            f.as_deref().map_or("…".into(), crate::dates::italian),
            t.as_deref().map_or("…".into(), crate::dates::italian)
        )),
    }
}

fn cost(p: &Practice) -> Option<String> {
    p.cost_eur.map(|c| {
        let digits = c.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push('.');
            }
            out.push(ch);
        }
        format!("€ {out}")
    })
}

fn runners(p: &Practice) -> String {
    p.organisations
        .iter()
        .map(|(_, name, country)| match country.as_deref() {
            Some(c) if c != "IT" => format!("{name} ({c})"),
            _ => name.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The booklet.
pub fn booklet(cat: &Catalogue, project: &str, funder: &str, today: &str) -> Document {
    let mut out = Document::new("Pagina");
    for line in [project.trim(), funder.trim()] {
        if !line.is_empty() {
            out.push(Block::Paragraph(line.to_owned()));
        }
    }
    out.push(Block::Title("Catalogo delle buone prassi".into()));
    out.push(Block::Paragraph(format!(
        "{} buone prassi · redatto il {}",
        cat.practices.len(),
        crate::dates::italian(today)
    )));
    out.push(Block::PageBreak);
    if cat.practices.is_empty() {
        out.push(Block::Paragraph(
            "Il catalogo non contiene buone prassi.".into(),
        ));
    }
    for (n, (p, r)) in cat.practices.iter().enumerate() {
        out.push(Block::Heading(1, format!("{}. {}", n + 1, p.title)));
        let mut facts = vec![("Dove", p.place()), ("Stato", p.status.label().to_owned())];
        for (label, value) in [
            ("Settori", labels(List::Sector, &p.sectors)),
            ("Destinatari", labels(List::TargetGroup, &p.targets)),
            ("Chi la realizza", runners(p)),
            ("Periodo", period(p).unwrap_or_default()),
            ("Costo", cost(p).unwrap_or_default()),
            ("Finanziamento", p.funding.clone().unwrap_or_default()),
        ] {
            if !value.is_empty() {
                facts.push((label, value));
            }
        }
        for (label, value) in facts {
            out.push(Block::Paragraph(format!("{label}: {value}")));
        }
        if !p.summary.trim().is_empty() {
            out.push(Block::Heading(2, "Descrizione".into()));
            out.push(Block::Paragraph(p.summary.clone()));
        }
        if !p.evidence.trim().is_empty() {
            out.push(Block::Heading(2, "Evidenze".into()));
            out.push(Block::Paragraph(p.evidence.clone()));
        }
        if !p.sources.is_empty() {
            out.push(Block::Heading(2, "Dove è emersa".into()));
            for s in &p.sources {
                out.push(Block::Item(format!("Fonte: {}", s.citation())));
            }
        }
        out.push(Block::Heading(2, "Valutazione tra pari".into()));
        if r.scores.is_empty() {
            out.push(Block::Paragraph("Non ancora valutata.".into()));
        } else {
            out.push(Block::Paragraph(format!(
                "{} valutatori; media complessiva {}{}",
                r.panel.len(),
                mean(r.overall),
                if r.complete {
                    ""
                } else {
                    " (valutazione in corso)"
                }
            )));
            out.push(Block::Table(
                vec![
                    "Criterio".into(),
                    "Media".into(),
                    "Punteggi (min–max)".into(),
                    "Accordo".into(),
                ],
                r.criteria
                    .iter()
                    .map(|c| {
                        vec![
                            c.criterion.label().to_owned(),
                            mean(c.mean),
                            match (c.min, c.max) {
                                (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                                _ => "–".into(),
                            },
                            c.agreement.map_or("–", |a| a.label()).to_owned(),
                        ]
                    })
                    .collect(),
            ));
        }
    }
    if let Some(cmp) = &cat.comparison {
        out.push(Block::PageBreak);
        out.push(Block::Heading(1, "Confronto".into()));
        let mut head = vec!["Criterio".to_owned()];
        head.extend(cmp.practices.iter().map(|p| p.title.clone()));
        let mut rows: Vec<Vec<String>> = cmp
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.criterion.label().to_owned()];
                cells.extend(row.cells.iter().enumerate().map(|(i, c)| {
                    let m = mean(c.0);
                    if row.best.contains(&i) {
                        format!("{m} ★")
                    } else {
                        m
                    }
                }));
                cells
            })
            .collect();
        let mut place = vec!["Dove".to_owned()];
        place.extend(cmp.practices.iter().map(Practice::place));
        rows.push(place);
        out.push(Block::Table(head, rows));
        out.push(Block::Paragraph(
            "★ la media più alta su quel criterio. Medie dei punteggi da 1 a 5 dei valutatori."
                .into(),
        ));
    }
    out
}

/// The workbook: Buone prassi (one row per practice), Valutazioni (one row per
/// practice and criterion) and, with a comparison, Confronto.
pub fn workbook(cat: &Catalogue, path: &Path) -> Result<()> {
    let bold = Format::new().set_bold().set_background_color("#DCE6F0");
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("Buone prassi").map_err(xl)?;
    let head = [
        "Titolo",
        "Stato",
        "Dove",
        "Paese",
        "Settori",
        "Destinatari",
        "Chi la realizza",
        "Dal",
        "Al",
        "Costo (€)",
        "Finanziamento",
        "Descrizione",
        "Evidenze",
        "Note di origine",
        "Valutatori",
        "Media complessiva",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    ws.set_column_width(0, 48).map_err(xl)?;
    for (r, (p, rev)) in cat.practices.iter().enumerate() {
        let r = r as u32 + 1;
        let text = [
            p.title.clone(),
            p.status.label().to_owned(),
            p.place(),
            p.country.clone(),
            labels(List::Sector, &p.sectors),
            labels(List::TargetGroup, &p.targets),
            runners(p),
            p.period_from.clone().unwrap_or_default(),
            p.period_to.clone().unwrap_or_default(),
        ];
        for (c, t) in text.iter().enumerate() {
            ws.write_string(r, c as u16, t).map_err(xl)?;
        }
        if let Some(cost) = p.cost_eur {
            ws.write_number(r, 9, cost as f64).map_err(xl)?;
        }
        ws.write_string(r, 10, p.funding.as_deref().unwrap_or(""))
            .map_err(xl)?;
        ws.write_string(r, 11, &p.summary).map_err(xl)?;
        ws.write_string(r, 12, &p.evidence).map_err(xl)?;
        ws.write_number(r, 13, p.sources.len() as f64).map_err(xl)?;
        ws.write_number(r, 14, rev.panel.len() as f64).map_err(xl)?;
        if let Some(m) = rev.overall {
            ws.write_number(r, 15, m).map_err(xl)?;
        }
    }
    ws.set_freeze_panes(1, 1).map_err(xl)?;

    let ws = book.add_worksheet().set_name("Valutazioni").map_err(xl)?;
    for (c, h) in [
        "Buona prassi",
        "Criterio",
        "Punteggi",
        "Media",
        "Minimo",
        "Massimo",
        "Accordo",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    ws.set_column_width(0, 48).map_err(xl)?;
    let mut r = 1;
    for (p, rev) in &cat.practices {
        for c in &rev.criteria {
            ws.write_string(r, 0, &p.title).map_err(xl)?;
            ws.write_string(r, 1, c.criterion.label()).map_err(xl)?;
            ws.write_number(r, 2, c.count as f64).map_err(xl)?;
            for (col, v) in [
                (3, c.mean),
                (4, c.min.map(f64::from)),
                (5, c.max.map(f64::from)),
            ] {
                if let Some(v) = v {
                    ws.write_number(r, col, v).map_err(xl)?;
                }
            }
            ws.write_string(r, 6, c.agreement.map_or("", |a| a.label()))
                .map_err(xl)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(1, 1).map_err(xl)?;

    if let Some(cmp) = &cat.comparison {
        let ws = book.add_worksheet().set_name("Confronto").map_err(xl)?;
        ws.write_string_with_format(0, 0, "Criterio", &bold)
            .map_err(xl)?;
        for (i, p) in cmp.practices.iter().enumerate() {
            ws.write_string_with_format(0, i as u16 + 1, &p.title, &bold)
                .map_err(xl)?;
        }
        ws.set_column_width(0, 30).map_err(xl)?;
        for (r, row) in cmp.rows.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, row.criterion.label()).map_err(xl)?;
            for (i, cell) in row.cells.iter().enumerate() {
                if let Some(m) = cell.0 {
                    ws.write_number(r, i as u16 + 1, m).map_err(xl)?;
                }
            }
        }
    }
    save_atomically(&mut book, path)
}
