//! A document as offices write them, whatever the file: a title page, headings
//! (real heading styles, so Word's and LibreOffice's navigator and table of
//! contents work), paragraphs, bulleted items, tables, page numbers in the footer.
//! Reports build one [`Document`]; `docx` and `odt` write it.

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title, on the title page.
    Title(String),
    /// A heading of level 1–4.
    Heading(u8, String),
    Paragraph(String),
    /// A paragraph set apart (a quote, in italics).
    Quote(String),
    /// One bulleted item.
    Item(String),
    /// A table: its header row, then its rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// The next block starts a new page.
    PageBreak,
}

/// A document: its blocks, and the words before the page number in the footer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// "Pagina" in Italian documents.
    pub page_label: String,
}

impl Document {
    pub fn new(page_label: &str) -> Document {
        Document {
            blocks: Vec::new(),
            page_label: page_label.to_owned(),
        }
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

/// The kind of file a document is written as, from the name it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Docx,
    Odt,
}

impl FileKind {
    /// `.docx` or `.odt` (any case); anything else is refused naming the field.
    pub fn of(field: &'static str, path: &std::path::Path) -> crate::Result<FileKind> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match ext.as_deref() {
            Some("docx") => Ok(FileKind::Docx),
            Some("odt") => Ok(FileKind::Odt),
            _ => Err(crate::Error::invalid(
                field,
                crate::error::Problem::Unknown {
                    value: path.display().to_string(),
                    accepted: "a file name ending in .docx or .odt".into(),
                },
            )),
        }
    }
}

/// Writes `doc` to `path` as its name says (.docx or .odt), atomically.
pub fn write(doc: &Document, path: &std::path::Path) -> crate::Result<()> {
    let bytes = match FileKind::of("out", path)? {
        FileKind::Docx => super::docx::document(doc)?,
        FileKind::Odt => super::odt::document(doc)?,
    };
    super::files::write_atomically(path, &bytes)
}
