//! `tavolo note add|edit|search`.

use std::io::Write;

use clap::Subcommand;
use tavolo::notes::{self, NewNote, SearchFilter};
use tavolo::vocabulary::NoteKind;
use tavolo::Store;

#[derive(Subcommand)]
pub enum NoteCommand {
    /// Add a note; prints its id once it is safely on disk.
    Add {
        #[arg(long, value_name = "ID")]
        meeting: String,
        #[arg(long, value_name = "ID")]
        table: Option<String>,
        #[arg(long, value_name = "ID")]
        speaker: Option<String>,
        /// need, recommendation, good_practice, critical_issue, proposal, commitment, quote
        #[arg(long)]
        kind: Option<String>,
        /// Read one note per line from standard input instead (each id is printed
        /// as soon as that note is on disk).
        #[arg(long, conflicts_with = "text")]
        stdin: bool,
        /// The note's text; #words become tags.
        #[arg(required_unless_present = "stdin")]
        text: Option<String>,
    },
    /// Change a saved note's text (its earlier texts stay in its history); prints
    /// its id once the change is on disk.
    Edit {
        #[arg(long, value_name = "ID")]
        note: String,
        /// The new text; #words become tags.
        text: String,
    },
    /// Full-text search (accents ignored, words match as prefixes).
    Search {
        query: String,
        #[arg(long, value_name = "ID")]
        meeting: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: NoteCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        NoteCommand::Add {
            meeting,
            table,
            speaker,
            kind,
            stdin,
            text,
        } => {
            let kind = kind.map(|k| NoteKind::parse("kind", &k)).transpose()?;
            let template = NewNote {
                meeting_id: meeting,
                table_id: table,
                question_id: None,
                speaker_id: speaker,
                kind,
                text: String::new(),
            };
            let mut add = |text: String| -> anyhow::Result<()> {
                let new = NewNote {
                    text,
                    ..template.clone()
                };
                let note = store.write(|tx| notes::add(tx, &new))?;
                // The transaction has committed with synchronous=FULL: the note is on
                // disk before its id is printed.
                writeln!(out, "{}", note.id)?;
                out.flush()?;
                Ok(())
            };
            if stdin {
                for (n, line) in std::io::stdin().lines().enumerate() {
                    let line = line?;
                    if line.trim().is_empty() {
                        continue;
                    }
                    add(line).map_err(|e| anyhow::anyhow!("line {}: {e:#}", n + 1))?;
                }
            } else if let Some(text) = text {
                add(text)?;
            }
        }
        NoteCommand::Edit { note, text } => {
            let change = notes::NoteEdit {
                text: Some(text),
                kind: None,
                speaker_id: None,
                table_id: None,
            };
            let edited = store.write(|tx| notes::edit(tx, &note, &change))?;
            writeln!(out, "{}", edited.id)?;
        }
        NoteCommand::Search {
            query,
            meeting,
            kind,
            limit,
            json,
        } => {
            let filter = SearchFilter {
                meeting_id: meeting,
                kind: kind.map(|k| NoteKind::parse("kind", &k)).transpose()?,
                ..SearchFilter::default()
            };
            let hits = store.read(|c| notes::search(c, &query, &filter, limit, ("[", "]")))?;
            if json {
                let rows: Vec<serde_json::Value> = hits
                    .iter()
                    .map(|h| {
                        serde_json::json!({
                            "id": h.note.id, "meeting_id": h.note.meeting_id,
                            "kind": h.note.kind.map(|k| k.code()), "text": h.note.text,
                            "highlighted": h.highlighted, "tags": h.note.tags,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(rows))?;
            } else {
                for h in &hits {
                    writeln!(out, "{}  {}", h.note.id, h.highlighted.replace('\n', " "))?;
                }
            }
        }
    }
    Ok(())
}
