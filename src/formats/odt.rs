//! Any [`Document`] (the minutes, the synthesis report, the guidelines) as an
//! OpenDocument text (.odt) that LibreOffice and Word open: a zip with the
//! stored mimetype first, the manifest, the shared `styles.xml` (LibreOffice's
//! heading styles with their outline levels, the title, quotes, page numbers)
//! and the content.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::document::{Block, Document};
use crate::error::{Error, Result};

/// Text safe inside a paragraph: escaped, and line breaks made spaces (a line break
/// inside `text:p` is whitespace anyway).
fn xml(text: &str) -> String {
    crate::text::xml_escape(&text.replace(['\t', '\n', '\r'], " "))
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
