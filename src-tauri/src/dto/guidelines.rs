//! The PIA guidelines of a territory, the notes cited as sources, and documents
//! (the guidelines, the synthesis report) as blocks the page lays out for printing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A note cited by a clause or an action: where it came from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SourceDto {
    pub note_id: String,
    pub text: String,
    pub kind: Option<String>,
    pub organisation: Option<String>,
    pub organisation_kind: Option<String>,
    pub table: Option<String>,
    pub table_number: Option<u32>,
    pub meeting_id: String,
    pub meeting_title: String,
    pub meeting_date: String,
    /// The note was deleted after it was cited.
    pub removed: bool,
    /// "Incontro …, 05/03/2024, tavolo 2 — Ente".
    pub citation: String,
}

impl From<tavolo::notes::Source> for SourceDto {
    fn from(s: tavolo::notes::Source) -> Self {
        let citation = s.citation();
        let (table, table_number) = match s.table {
            Some((t, n)) => (Some(t), u32::try_from(n).ok()),
            None => (None, None),
        };
        SourceDto {
            note_id: s.note_id,
            text: tavolo::notes::without_tags(&s.text),
            kind: s.kind.map(|k| k.code().to_owned()),
            organisation: s.organisation,
            organisation_kind: s.organisation_kind.map(|k| k.code().to_owned()),
            table,
            table_number,
            meeting_id: s.meeting_id,
            meeting_title: s.meeting_title,
            meeting_date: s.meeting_date,
            removed: s.removed,
            citation,
        }
    }
}

/// A comment on a clause.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommentDto {
    pub id: String,
    pub author: Option<String>,
    pub text: String,
    /// Milliseconds since the epoch.
    pub at: f64,
}

/// A clause.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ClauseDto {
    pub id: String,
    pub number: String,
    pub text: String,
    pub status: String,
    pub sources: Vec<SourceDto>,
    pub comments: Vec<CommentDto>,
}

/// A section and its clauses.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SectionDto {
    pub id: String,
    pub key: Option<String>,
    pub title: String,
    pub clauses: Vec<ClauseDto>,
}

/// A note set aside, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SetAsideDto {
    pub source: SourceDto,
    pub reason: String,
}

/// A kept version of the document.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VersionDto {
    pub id: String,
    pub status: String,
    pub taken_at: f64,
    pub clauses: u32,
}

/// The territory's guidelines, whole.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GuidelinesDto {
    pub id: String,
    pub title: String,
    pub status: String,
    pub sections: Vec<SectionDto>,
    pub set_aside: Vec<SetAsideDto>,
    pub versions: Vec<VersionDto>,
}

/// What the Linee guida page shows for a territory: the document (none before it
/// is started) and the recommendations and proposals no clause uses yet.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GuidelinesViewDto {
    pub territory_id: String,
    pub document: Option<GuidelinesDto>,
    pub unhandled: Vec<SourceDto>,
}

impl GuidelinesDto {
    pub fn of(
        g: tavolo::guidelines::Guidelines,
        versions: Vec<tavolo::guidelines::versions::Version>,
    ) -> Self {
        GuidelinesDto {
            id: g.id,
            title: g.title,
            status: g.status.code().to_owned(),
            sections: g
                .sections
                .into_iter()
                .map(|s| SectionDto {
                    id: s.id,
                    key: s.key,
                    title: s.title,
                    clauses: s
                        .clauses
                        .into_iter()
                        .map(|c| ClauseDto {
                            id: c.id,
                            number: c.number,
                            text: c.text,
                            status: c.status.code().to_owned(),
                            sources: c.sources.into_iter().map(SourceDto::from).collect(),
                            comments: c
                                .comments
                                .into_iter()
                                .map(|m| CommentDto {
                                    id: m.id,
                                    author: m.author,
                                    text: m.text,
                                    at: m.at as f64,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            set_aside: g
                .set_aside
                .into_iter()
                .map(|a| SetAsideDto {
                    source: a.source.into(),
                    reason: a.reason,
                })
                .collect(),
            versions: versions
                .into_iter()
                .map(|v| VersionDto {
                    id: v.id,
                    status: v.status,
                    taken_at: v.taken_at as f64,
                    clauses: u32::try_from(v.clauses).unwrap_or(u32::MAX),
                })
                .collect(),
        }
    }
}

/// One change to the guidelines made from their page.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum GuidelinesOpDto {
    /// "Proponi dalle raccomandazioni".
    Propose,
    EditClause {
        clause_id: String,
        text: String,
    },
    SetClauseStatus {
        clause_id: String,
        status: String,
    },
    MoveClause {
        clause_id: String,
        section_id: String,
        index: u32,
    },
    MergeClauses {
        keep: String,
        other: String,
    },
    SplitClause {
        clause_id: String,
        at: u32,
    },
    RemoveClause {
        clause_id: String,
    },
    AddClause {
        section_id: String,
        text: String,
        note_ids: Vec<String>,
    },
    AddSource {
        clause_id: String,
        note_id: String,
    },
    RemoveSource {
        clause_id: String,
        note_id: String,
    },
    Comment {
        clause_id: String,
        author: Option<String>,
        text: String,
    },
    SetAside {
        note_id: String,
        reason: String,
    },
    Restore {
        note_id: String,
    },
    SetStatus {
        status: String,
    },
    AddSection {
        title: String,
    },
    RenameSection {
        section_id: String,
        title: String,
    },
}

/// One line of a comparison of two versions.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ComparedDto {
    /// added, removed, changed, moved, same.
    pub change: String,
    pub before_number: Option<String>,
    pub before_text: Option<String>,
    pub after_number: Option<String>,
    pub after_text: Option<String>,
}

impl From<tavolo::guidelines::versions::Compared> for ComparedDto {
    fn from(c: tavolo::guidelines::versions::Compared) -> Self {
        use tavolo::guidelines::versions::Change;
        ComparedDto {
            change: match c.change {
                Change::Added => "added",
                Change::Removed => "removed",
                Change::Changed => "changed",
                Change::Moved => "moved",
                Change::Same => "same",
            }
            .to_owned(),
            before_number: c.before.as_ref().map(|k| k.number.clone()),
            before_text: c.before.map(|k| k.text),
            after_number: c.after.as_ref().map(|k| k.number.clone()),
            after_text: c.after.map(|k| k.text),
        }
    }
}

/// One block of a document, as the printable view lays it out.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockDto {
    Title {
        text: String,
    },
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
    },
    Quote {
        text: String,
    },
    Item {
        text: String,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    PageBreak,
}

/// A document to show and print.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DocumentDto {
    pub blocks: Vec<BlockDto>,
}

impl From<tavolo::formats::document::Document> for DocumentDto {
    fn from(d: tavolo::formats::document::Document) -> Self {
        use tavolo::formats::document::Block;
        DocumentDto {
            blocks: d
                .blocks
                .into_iter()
                .map(|b| match b {
                    Block::Title(text) => BlockDto::Title { text },
                    Block::Heading(level, text) => BlockDto::Heading { level, text },
                    Block::Paragraph(text) => BlockDto::Paragraph { text },
                    Block::Quote(text) => BlockDto::Quote { text },
                    Block::Item(text) => BlockDto::Item { text },
                    Block::Table(header, rows) => BlockDto::Table { header, rows },
                    Block::PageBreak => BlockDto::PageBreak,
                })
                .collect(),
        }
    }
}

/// The synthesis report of a meeting as the page shows it: the document, and each
/// table with the synthesis paragraph written for it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SynthesisDto {
    pub document: DocumentDto,
    pub tables: Vec<TableSynthesisDto>,
}

/// A table of the meeting and its synthesis paragraph ("" when none).
#[derive(Debug, Clone, Serialize, TS)]
pub struct TableSynthesisDto {
    pub table_id: String,
    pub title: String,
    pub text: String,
}
