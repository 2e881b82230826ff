//! A [`Document`] as a Word file (.docx), through `docx-rs`: Word's own style ids
//! for the headings ("Heading1"… named "heading 1"…, with their outline levels),
//! so the navigator, the table of contents and python-docx see headings; tables
//! with a grid; the page number in the footer.

use docx_rs::{
    AlignmentType, Docx, Footer, PageNum, Paragraph, Run, RunFonts, Style, StyleType, Table,
    TableCell, TableRow,
};

use super::document::{Block, Document};
use crate::error::{Error, Result};

fn styles(docx: Docx) -> Docx {
    let fonts = || {
        RunFonts::new()
            .ascii("Liberation Sans")
            .hi_ansi("Liberation Sans")
    };
    let mut docx = docx
        .default_fonts(fonts())
        .default_size(22)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(52)
                .bold()
                .color("1F3A5F"),
        )
        .add_style(
            Style::new("Quote", StyleType::Paragraph)
                .name("Quote")
                .italic()
                .indent(Some(567), None, None, None),
        )
        .add_style(
            Style::new("ListBullet", StyleType::Paragraph)
                .name("List Bullet")
                .indent(
                    Some(567),
                    Some(docx_rs::SpecialIndentType::Hanging(283)),
                    None,
                    None,
                ),
        );
    // Half-points: 16, 14, 12, 11 pt.
    for (level, size) in [(1usize, 32usize), (2, 28), (3, 24), (4, 22)] {
        docx = docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .size(size)
                .bold()
                .color("1F3A5F")
                .outline_lvl(level - 1),
        );
    }
    docx
}

fn text_paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn table(header: &[String], rows: &[Vec<String>]) -> Table {
    let cell = |t: &str, bold: bool| {
        let run = Run::new().add_text(t);
        TableCell::new().add_paragraph(Paragraph::new().add_run(if bold {
            run.bold()
        } else {
            run
        }))
    };
    let mut all = vec![TableRow::new(
        header.iter().map(|h| cell(h, true)).collect(),
    )];
    for row in rows {
        all.push(TableRow::new(row.iter().map(|c| cell(c, false)).collect()));
    }
    // docx-rs draws every border of a new table (single lines); the grid (the
    // columns' widths, in twentieths of a point, over 16 cm) is what readers
    // such as python-docx find the cells by.
    let columns = header.len().max(1);
    Table::new(all).set_grid(vec![9070 / columns; columns])
}

/// The whole .docx file.
pub fn document(doc: &Document) -> Result<Vec<u8>> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(format!("{} ", doc.page_label)))
            .add_page_num(PageNum::new()),
    );
    let mut docx = styles(Docx::new()).footer(footer);
    let mut break_before = false;
    for block in &doc.blocks {
        let paragraph = match block {
            Block::PageBreak => {
                break_before = true;
                continue;
            }
            Block::Table(header, rows) => {
                docx = docx.add_table(table(header, rows));
                continue;
            }
            Block::Title(t) => text_paragraph(t).style("Title"),
            Block::Heading(level, t) => {
                text_paragraph(t).style(&format!("Heading{}", level.clamp(&1, &4)))
            }
            // Named, since docx-rs marks no paragraph style as the default.
            Block::Paragraph(t) => text_paragraph(t).style("Normal"),
            Block::Quote(t) => text_paragraph(t).style("Quote"),
            Block::Item(t) => Paragraph::new()
                .style("ListBullet")
                .add_run(Run::new().add_text(format!("•\t{t}"))),
        };
        let paragraph = if break_before {
            break_before = false;
            paragraph.page_break_before(true)
        } else {
            paragraph
        };
        docx = docx.add_paragraph(paragraph);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| Error::File {
        path: "(document)".into(),
        message: format!("the Word document could not be assembled ({e})"),
    })?;
    Ok(out.into_inner())
}
