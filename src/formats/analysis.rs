//! The analysis workbook: one sheet per view of the coding — the codebook with
//! how many notes each code is on ("Codici"), the codes × cases matrix for every
//! kind of case ("Matrice - Territorio" …), the co-occurrence of codes on one
//! note ("Co-occorrenze") and every coded passage with its note around it and
//! where it was said ("Passaggi"). Read-only figures for a report; the full
//! workbook (`workbook::write`) stays the one that imports back.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use crate::coding::codebook::{self, Code};
use crate::coding::layout;
use crate::coding::matrix::{self, Cases};
use crate::error::Result;
use crate::formats::workbook::write::{cell_text, save_atomically, xl};

/// What the workbook holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub codes: usize,
    pub passages: usize,
    pub sheets: usize,
}

/// The sheet name of the matrix of a kind of case.
pub fn matrix_sheet(cases: Cases) -> &'static str {
    match cases {
        Cases::Territory => "Matrice - Territorio",
        Cases::Theme => "Matrice - Tema",
        Cases::Meeting => "Matrice - Incontro",
        Cases::Table => "Matrice - Tavolo",
        Cases::Kind => "Matrice - Tipo di nota",
        Cases::OrgKind => "Matrice - Tipo di ente",
        Cases::Category => "Matrice - Categoria",
    }
}

fn header(ws: &mut Worksheet, names: &[&str], bold: &Format) -> Result<()> {
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, bold)
            .map_err(xl)?;
    }
    ws.set_freeze_panes(1, 1).map_err(xl)?;
    Ok(())
}

fn count(ws: &mut Worksheet, r: u32, c: u16, n: usize) -> Result<()> {
    ws.write_number(r, c, n as f64).map_err(xl)?;
    Ok(())
}

/// Writes the analysis workbook to `path`, atomically.
pub fn export(conn: &Connection, path: &Path) -> Result<Written> {
    let bold = Format::new()
        .set_bold()
        .set_background_color("#DCE6F0")
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut book = Workbook::new();
    let mut written = Written::default();
    let all = codebook::list(conn)?;
    let name_of: HashMap<&str, &str> = all
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();

    let ws = book.add_worksheet().set_name("Codici").map_err(xl)?;
    header(
        ws,
        &[
            "Codice",
            "Codice padre",
            "Descrizione",
            "Colore",
            "Note codificate",
            "Ritirato",
        ],
        &bold,
    )?;
    ws.set_column_width(0, 32).map_err(xl)?;
    ws.set_column_width(1, 24).map_err(xl)?;
    ws.set_column_width(2, 48).map_err(xl)?;
    for (r, (code, n)) in matrix::frequencies(conn)?.iter().enumerate() {
        let r = r as u32 + 1;
        let parent = code
            .parent_id
            .as_deref()
            .and_then(|p| name_of.get(p))
            .copied();
        ws.write_string(r, 0, &code.name).map_err(xl)?;
        ws.write_string(r, 1, parent.unwrap_or("")).map_err(xl)?;
        ws.write_string_with_format(r, 2, cell_text(&code.description), &wrap)
            .map_err(xl)?;
        ws.write_string(r, 3, &code.colour).map_err(xl)?;
        count(ws, r, 4, *n)?;
        ws.write_string(r, 5, if code.retired { "sì" } else { "" })
            .map_err(xl)?;
        written.codes += 1;
    }

    for (_, cases) in Cases::ALL {
        let m = matrix::matrix(conn, *cases)?;
        let ws = book
            .add_worksheet()
            .set_name(matrix_sheet(*cases))
            .map_err(xl)?;
        let mut names = vec!["Codice"];
        names.extend(m.cols.iter().map(String::as_str));
        header(ws, &names, &bold)?;
        ws.set_column_width(0, 32).map_err(xl)?;
        for (r, (code, row)) in m.rows.iter().zip(&m.cells).enumerate() {
            let r = r as u32 + 1;
            ws.write_string(r, 0, &code.name).map_err(xl)?;
            for (c, n) in row.iter().enumerate() {
                count(ws, r, c as u16 + 1, *n)?;
            }
        }
    }

    let co = matrix::co_occurrence(conn)?;
    let ws = book.add_worksheet().set_name("Co-occorrenze").map_err(xl)?;
    let mut names = vec!["Codice"];
    names.extend(co.codes.iter().map(|c| c.name.as_str()));
    header(ws, &names, &bold)?;
    ws.set_column_width(0, 32).map_err(xl)?;
    for (r, (code, row)) in co.codes.iter().zip(&co.counts).enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &code.name).map_err(xl)?;
        for (c, n) in row.iter().enumerate() {
            count(ws, r, c as u16 + 1, *n)?;
        }
    }

    written.passages = passages(conn, &mut book, &all, &bold, &wrap)?;
    written.sheets = 3 + Cases::ALL.len();
    save_atomically(&mut book, path)?;
    Ok(written)
}

/// "Passaggi": every coded passage (and every note coded as a whole, by hand or
/// by its #tag) with its words, the note around them and where it was said.
fn passages(
    conn: &Connection,
    book: &mut Workbook,
    all: &[Code],
    bold: &Format,
    wrap: &Format,
) -> Result<usize> {
    let by_id: HashMap<&str, &Code> = all.iter().map(|c| (c.id.as_str(), c)).collect();
    let effective = |id: &str| -> Option<&str> {
        let code = by_id.get(id)?;
        Some(by_id.get(codebook::effective(code))?.name.as_str())
    };
    let by_tag: HashMap<&str, &str> = all
        .iter()
        .filter_map(|c| Some((c.tag.as_deref()?, effective(&c.id)?)))
        .collect();
    let mut rows_of: HashMap<String, Vec<(String, String, String, bool)>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT note_id, code_id, start_char IS NULL, quote, coder, review
             FROM codings WHERE deleted = 0 ORDER BY note_id, start_char, id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let code: String = r.get(1)?;
            let Some(name) = effective(&code) else {
                continue;
            };
            let whole: bool = r.get(2)?;
            let words = if whole {
                "(tutta la nota)".to_owned()
            } else {
                r.get(3)?
            };
            rows_of.entry(r.get(0)?).or_default().push((
                name.to_owned(),
                words,
                r.get(4)?,
                r.get(5)?,
            ));
        }
    }
    let ws = book.add_worksheet().set_name("Passaggi").map_err(xl)?;
    header(
        ws,
        &[
            "Codice",
            "Parole codificate",
            "Nota (contesto)",
            "Incontro",
            "Data",
            "Territorio",
            "Tavolo",
            "Relatore",
            "Codificatore",
            "Da rivedere",
        ],
        bold,
    )?;
    for (c, w) in [
        (0, 28),
        (1, 40),
        (2, 60),
        (3, 32),
        (4, 11),
        (5, 16),
        (6, 28),
        (7, 24),
        (8, 16),
    ] {
        ws.set_column_width(c, w).map_err(xl)?;
    }
    let mut r = 0u32;
    for source in layout::sources(conn, None)? {
        for n in &source.notes {
            let mut list: Vec<(String, String, String, bool)> = n
                .tags
                .split_whitespace()
                .filter_map(|t| by_tag.get(t))
                .map(|name| {
                    (
                        (*name).to_owned(),
                        "(tutta la nota, dal #tag)".to_owned(),
                        String::new(),
                        false,
                    )
                })
                .collect();
            list.extend(rows_of.remove(&n.note_id).unwrap_or_default());
            for (code, words, coder, review) in list {
                r += 1;
                let cells = [
                    code.as_str(),
                    words.as_str(),
                    n.text.as_str(),
                    n.case.meeting.as_str(),
                    &crate::dates::italian(&n.case.date),
                    n.case.territory.as_deref().unwrap_or(""),
                    n.case.table.as_deref().unwrap_or(""),
                    n.case.speaker.as_deref().unwrap_or(""),
                    coder.as_str(),
                    if review { "sì" } else { "" },
                ];
                for (c, v) in cells.iter().enumerate() {
                    ws.write_string_with_format(r, c as u16, cell_text(v), wrap)
                        .map_err(xl)?;
                }
            }
        }
    }
    Ok(r as usize)
}
