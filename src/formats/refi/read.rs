//! Reading REFI-QDA files into plain values: a codebook (`.qdc`, or the codebook
//! of a project) and a project's text sources with their selections and codings
//! (`.qdpx`). Nothing is written here. A file that is not a zip, lacks its
//! `project.qde`, is not well-formed XML, is of another schema, or holds an
//! element Tavolo cannot read (a GUID that is not one, positions that are not
//! numbers) is refused with the file, the line and what is wrong.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};

use super::{CODEBOOK_NS, PROJECT_NS};
use crate::error::{Error, Result};

/// The largest `project.qde` or source text read (a zip can claim anything).
const MAX_ENTRY: u64 = 1 << 30;

/// A code of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCode {
    /// Lower-case, without braces.
    pub guid: String,
    pub name: String,
    pub description: String,
    /// `#rrggbb`, or "" (none, or not a colour).
    pub colour: String,
    pub parent: Option<String>,
    pub line: u32,
}

/// A coding of a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoding {
    pub guid: String,
    pub code: String,
    /// The coder's name, from the project's users.
    pub user: Option<String>,
    /// Milliseconds since the epoch.
    pub at: Option<i64>,
    pub line: u32,
}

/// A selection of a text source, in characters `start..end`; `whole` for codings
/// of the whole source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSelection {
    pub guid: String,
    pub start: usize,
    pub end: usize,
    pub whole: bool,
    pub codings: Vec<FileCoding>,
    pub line: u32,
}

/// A text source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSource {
    pub guid: String,
    pub name: String,
    /// Its plain text, when the file holds it.
    pub text: Option<String>,
    pub selections: Vec<FileSelection>,
    pub line: u32,
}

/// What Tavolo reads of a project.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    pub codes: Vec<FileCode>,
    pub sources: Vec<FileSource>,
    /// Sources other than text (pictures, PDF, audio, video): left aside.
    pub other_sources: usize,
}

struct Doc<'a> {
    path: String,
    entry: &'a str,
    doc: &'a Document<'a>,
}

impl Doc<'_> {
    fn line(&self, n: Node<'_, '_>) -> u32 {
        self.doc.text_pos_at(n.range().start).row
    }
    fn bad(&self, n: Node<'_, '_>, problem: impl std::fmt::Display) -> Error {
        Error::File {
            path: self.path.clone(),
            message: format!("{} line {}: {problem}", self.entry, self.line(n)),
        }
    }
    fn required<'n>(&self, n: Node<'n, '_>, attr: &str) -> Result<&'n str> {
        n.attribute(attr)
            .ok_or_else(|| self.bad(n, format!("<{}> has no {attr}", n.tag_name().name())))
    }
    fn guid(&self, n: Node<'_, '_>, attr: &str) -> Result<String> {
        let v = self.required(n, attr)?;
        normal_guid(v).ok_or_else(|| self.bad(n, format!("{attr} {v:?} is not a GUID")))
    }
    fn position(&self, n: Node<'_, '_>, attr: &str) -> Result<usize> {
        let v = self.required(n, attr)?;
        v.trim().parse::<usize>().map_err(|_| {
            self.bad(
                n,
                format!("{attr} {v:?} is not a position (a whole number from 0)"),
            )
        })
    }
}

/// A GUID as Tavolo keeps ids: lower case, hyphens, no braces.
pub fn normal_guid(v: &str) -> Option<String> {
    let t = v.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(t);
    uuid::Uuid::parse_str(t)
        .ok()
        .filter(|_| t.len() == 36)
        .map(|u| u.hyphenated().to_string())
}

/// `#rgb` or `#rrggbb` as `#rrggbb`; "" for anything else.
fn colour(v: Option<&str>) -> String {
    let Some(v) = v.map(str::trim).and_then(|v| v.strip_prefix('#')) else {
        return String::new();
    };
    if !v.chars().all(|c| c.is_ascii_hexdigit()) {
        return String::new();
    }
    match v.len() {
        6 => format!("#{}", v.to_ascii_lowercase()),
        3 => {
            let mut s = String::from("#");
            for c in v.to_ascii_lowercase().chars() {
                s.push(c);
                s.push(c);
            }
            s
        }
        _ => String::new(),
    }
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::File {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

fn parse<'a>(path: &Path, entry: &str, xml: &'a str) -> Result<Document<'a>> {
    Document::parse_with_options(
        xml,
        ParsingOptions {
            allow_dtd: false,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| file_error(path, format!("{entry} is not well-formed XML: {e}")))
}

fn children<'a, 'i>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn codes(
    d: &Doc<'_>,
    codes: Node<'_, '_>,
    parent: Option<&str>,
    out: &mut Vec<FileCode>,
) -> Result<()> {
    for c in children(codes, "Code") {
        let guid = d.guid(c, "guid")?;
        let name = d.required(c, "name")?.trim().to_owned();
        if name.is_empty() {
            return Err(d.bad(c, "a code has an empty name"));
        }
        let description = children(c, "Description")
            .next()
            .and_then(|n| n.text())
            .unwrap_or("")
            .trim()
            .to_owned();
        out.push(FileCode {
            guid: guid.clone(),
            name,
            description,
            colour: colour(c.attribute("color")),
            parent: parent.map(str::to_owned),
            line: d.line(c),
        });
        self::codes(d, c, Some(&guid), out)?;
    }
    Ok(())
}

/// The codes of a `.qdc` file, parents before children.
pub fn codebook_file(path: &Path) -> Result<Vec<FileCode>> {
    let bytes = std::fs::read(path).map_err(|e| file_error(path, e))?;
    let xml = std::str::from_utf8(&bytes)
        .map_err(|e| file_error(path, format!("is not UTF-8 text: {e}")))?;
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let doc = parse(path, "the codebook", xml)?;
    let d = Doc {
        path: path.display().to_string(),
        entry: "the codebook",
        doc: &doc,
    };
    let root = doc.root_element();
    let name = root.tag_name();
    if name.name() != "CodeBook" || name.namespace() != Some(CODEBOOK_NS) {
        return Err(d.bad(
            root,
            format!(
                "the root element is <{}> in {:?}, not <CodeBook> in {CODEBOOK_NS:?} (a REFI-QDA codebook)",
                name.name(),
                name.namespace().unwrap_or("no namespace")
            ),
        ));
    }
    let mut out = Vec::new();
    if let Some(c) = children(root, "Codes").next() {
        codes(&d, c, None, &mut out)?;
    }
    Ok(out)
}

fn read_entry(path: &Path, zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Result<String> {
    let entry = zip
        .by_name(name)
        .map_err(|e| file_error(path, format!("{name}: {e}")))?;
    let mut bytes = Vec::new();
    entry.take(MAX_ENTRY).read_to_end(&mut bytes).map_err(|e| {
        file_error(
            path,
            format!("{name} cannot be read (is the file truncated?): {e}"),
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| file_error(path, format!("{name} is not UTF-8 text: {e}")))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_owned(),
        None => text,
    })
}

fn codings(
    d: &Doc<'_>,
    n: Node<'_, '_>,
    users: &HashMap<String, String>,
) -> Result<Vec<FileCoding>> {
    let mut out = Vec::new();
    for c in children(n, "Coding") {
        let code = children(c, "CodeRef")
            .next()
            .ok_or_else(|| d.bad(c, "a <Coding> has no <CodeRef>"))?;
        out.push(FileCoding {
            guid: d.guid(c, "guid")?,
            code: d.guid(code, "targetGUID")?,
            user: c
                .attribute("creatingUser")
                .and_then(normal_guid)
                .and_then(|g| users.get(&g).cloned()),
            at: c
                .attribute("creationDateTime")
                .and_then(crate::dates::parse_xsd_date_time),
            line: d.line(c),
        });
    }
    Ok(out)
}

/// The codebook and text sources of a `.qdpx` file.
pub fn project_file(path: &Path) -> Result<Project> {
    let file = std::fs::File::open(path).map_err(|e| file_error(path, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| {
        file_error(
            path,
            format!(
                "is not a REFI-QDA project: a .qdpx is a zip file, and this one cannot be opened as one (truncated, or another kind of file): {e}"
            ),
        )
    })?;
    let entry = zip
        .file_names()
        .find(|n| n.eq_ignore_ascii_case("project.qde"))
        .map(str::to_owned)
        .ok_or_else(|| file_error(path, "holds no project.qde: it is not a REFI-QDA project"))?;
    let xml = read_entry(path, &mut zip, &entry)?;
    let doc = parse(path, &entry, &xml)?;
    let d = Doc {
        path: path.display().to_string(),
        entry: &entry,
        doc: &doc,
    };
    let root = doc.root_element();
    let name = root.tag_name();
    if name.name() != "Project" || name.namespace() != Some(PROJECT_NS) {
        return Err(d.bad(
            root,
            format!(
                "the root element is <{}> in {:?}, not <Project> in {PROJECT_NS:?} (a REFI-QDA project)",
                name.name(),
                name.namespace().unwrap_or("no namespace")
            ),
        ));
    }
    let mut users = HashMap::new();
    for list in children(root, "Users") {
        for u in children(list, "User") {
            let name = u.attribute("name").unwrap_or("").trim();
            if !name.is_empty() {
                users.insert(d.guid(u, "guid")?, name.to_owned());
            }
        }
    }
    let mut project = Project::default();
    for book in children(root, "CodeBook") {
        if let Some(c) = children(book, "Codes").next() {
            codes(&d, c, None, &mut project.codes)?;
        }
    }
    for list in children(root, "Sources") {
        for s in list.children().filter(Node::is_element) {
            if s.tag_name().name() != "TextSource" {
                project.other_sources += 1;
                continue;
            }
            let guid = d.guid(s, "guid")?;
            let text = match (
                s.attribute("plainTextPath"),
                children(s, "PlainTextContent").next(),
            ) {
                (_, Some(content)) => Some(content.text().unwrap_or("").to_owned()),
                (Some(p), None) => match p.strip_prefix("internal://") {
                    Some(inner) => {
                        let want = format!("Sources/{inner}");
                        let found = zip
                            .file_names()
                            .find(|n| n.eq_ignore_ascii_case(&want))
                            .map(str::to_owned);
                        match found {
                            Some(f) => Some(read_entry(path, &mut zip, &f)?),
                            None => {
                                return Err(d.bad(
                                    s,
                                    format!("the source's text {want} is not in the file"),
                                ))
                            }
                        }
                    }
                    None => None,
                },
                (None, None) => None,
            };
            let mut selections = Vec::new();
            for sel in children(s, "PlainTextSelection") {
                let start = d.position(sel, "startPosition")?;
                let end = d.position(sel, "endPosition")?;
                if end < start {
                    return Err(d.bad(
                        sel,
                        format!("the selection ends ({end}) before it starts ({start})"),
                    ));
                }
                selections.push(FileSelection {
                    guid: d.guid(sel, "guid")?,
                    start,
                    end,
                    whole: false,
                    codings: codings(&d, sel, &users)?,
                    line: d.line(sel),
                });
            }
            let whole = codings(&d, s, &users)?;
            if !whole.is_empty() {
                selections.push(FileSelection {
                    guid: guid.clone(),
                    start: 0,
                    end: 0,
                    whole: true,
                    codings: whole,
                    line: d.line(s),
                });
            }
            project.sources.push(FileSource {
                guid,
                name: s.attribute("name").unwrap_or("").to_owned(),
                text,
                selections,
                line: d.line(s),
            });
        }
    }
    Ok(project)
}
