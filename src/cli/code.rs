//! `tavolo code …`: the codebook (made from the notes' `#tags` on first use),
//! coding a note or a passage of it, the codes × cases matrix and two coders'
//! agreement.

use std::io::Write;

use clap::Subcommand;
use serde_json::json;
use tavolo::coding::{agreement, codebook, matrix, passages};
use tavolo::Store;

#[derive(Subcommand)]
pub enum CodeCommand {
    /// The codebook in tree order: id, notes coded, name (indented under its parent).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a code; prints its id.
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        /// The code to put it under.
        #[arg(long, value_name = "NAME")]
        parent: Option<String>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        description: String,
        /// #rrggbb.
        #[arg(long, value_name = "COLOUR", default_value = "")]
        colour: String,
    },
    /// Rename a code.
    Rename {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "NEW")]
        new: String,
    },
    /// Move a code under another (or, with --top, to the top).
    Move {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "NAME", conflicts_with = "top")]
        parent: Option<String>,
        #[arg(long)]
        top: bool,
    },
    /// Merge a code into another: its passages and its tag's notes move there.
    Merge {
        #[arg(value_name = "FROM")]
        from: String,
        #[arg(value_name = "INTO")]
        into: String,
    },
    /// Retire a code (it keeps its passages and is offered no more); --undo brings it back.
    Retire {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long)]
        undo: bool,
    },
    /// A code's memo.
    Memo {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "TEXT")]
        text: String,
    },
    /// Code a note, or the characters START..END of its text (from 0, END
    /// excluded); prints the passage's id.
    Apply {
        #[arg(long, value_name = "ID")]
        note: String,
        #[arg(long, value_name = "NAME")]
        code: String,
        #[arg(long, value_name = "N", requires = "end")]
        start: Option<usize>,
        #[arg(long, value_name = "N", requires = "start")]
        end: Option<usize>,
        /// Who codes (default: $TAVOLO_CODER, else this laptop's name).
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
    },
    /// The codes × cases matrix: notes coded with each code in each case.
    Matrix {
        /// Always `code`.
        #[arg(long, value_name = "code")]
        rows: String,
        /// territory, theme, meeting, table, kind, org_kind, category.
        #[arg(long, value_name = "CASES")]
        cols: String,
        #[arg(long)]
        json: bool,
    },
    /// Two coders' agreement per code: Cohen's kappa and percentage, on notes.
    Agreement {
        /// The two coders.
        #[arg(long = "coder", value_name = "NAME", num_args = 1, required = true)]
        coders: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: CodeCommand, store: &mut Store, out: &mut impl Write) -> anyhow::Result<()> {
    // The codebook takes in any #tag that is not a code yet.
    store.write(codebook::from_tags)?;
    let named =
        |store: &Store, field: &str, name: &str| store.read(|c| codebook::named(c, field, name));
    match command {
        CodeCommand::List { json } => {
            let codes = store.read(matrix::frequencies)?;
            let all = store.read(codebook::list)?;
            let depth = |id: &str| {
                let mut d = 0;
                let mut at = all
                    .iter()
                    .find(|c| c.id == id)
                    .and_then(|c| c.parent_id.clone());
                while let Some(p) = at {
                    d += 1;
                    if d > 64 {
                        break;
                    }
                    at = all
                        .iter()
                        .find(|c| c.id == p)
                        .and_then(|c| c.parent_id.clone());
                }
                d
            };
            if json {
                let rows: Vec<_> = codes
                    .iter()
                    .map(|(c, n)| {
                        json!({
                            "id": c.id, "name": c.name, "parent_id": c.parent_id,
                            "description": c.description, "colour": c.colour, "memo": c.memo,
                            "tag": c.tag, "retired": c.retired, "notes": n,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
            } else {
                for (c, n) in &codes {
                    writeln!(
                        out,
                        "{}\t{n}\t{}{}{}",
                        c.id,
                        "  ".repeat(depth(&c.id)),
                        c.name,
                        if c.retired { " (retired)" } else { "" }
                    )?;
                }
            }
        }
        CodeCommand::Add {
            name,
            parent,
            description,
            colour,
        } => {
            let parent = parent.map(|p| named(store, "parent", &p)).transpose()?;
            let code = store.write(|tx| {
                codebook::add(
                    tx,
                    &name,
                    parent.as_ref().map(|p| p.id.as_str()),
                    &description,
                    &colour,
                )
            })?;
            writeln!(out, "{}", code.id)?;
        }
        CodeCommand::Rename { name, new } => {
            let code = named(store, "name", &name)?;
            store.write(|tx| codebook::rename(tx, &code.id, &new))?;
        }
        CodeCommand::Move { name, parent, top } => {
            let code = named(store, "name", &name)?;
            if parent.is_none() && !top {
                anyhow::bail!("say where: --parent NAME, or --top");
            }
            let parent = parent.map(|p| named(store, "parent", &p)).transpose()?;
            store.write(|tx| {
                codebook::move_to(tx, &code.id, parent.as_ref().map(|p| p.id.as_str()))
            })?;
        }
        CodeCommand::Merge { from, into } => {
            let from = named(store, "from", &from)?;
            let into = named(store, "into", &into)?;
            store.write(|tx| codebook::merge(tx, &from.id, &into.id))?;
        }
        CodeCommand::Retire { name, undo } => {
            let code = named(store, "name", &name)?;
            store.write(|tx| codebook::retire(tx, &code.id, !undo))?;
        }
        CodeCommand::Memo { name, text } => {
            let code = named(store, "name", &name)?;
            store.write(|tx| {
                codebook::describe(tx, &code.id, &code.description, &code.colour, &text)
            })?;
        }
        CodeCommand::Apply {
            note,
            code,
            start,
            end,
            coder,
        } => {
            let code = named(store, "code", &code)?;
            let coder = match coder.or_else(|| std::env::var("TAVOLO_CODER").ok()) {
                Some(c) => c,
                None => store.read(tavolo::sync::identity::device_name)?,
            };
            let span = start.zip(end);
            let passage = store.write(|tx| passages::apply(tx, &note, &code.id, span, &coder))?;
            writeln!(out, "{}", passage.id)?;
        }
        CodeCommand::Matrix { rows, cols, json } => {
            if rows != "code" {
                anyhow::bail!("--rows: '{rows}' is not one of: code");
            }
            let cases = matrix::Cases::parse("cols", &cols)?;
            let m = store.read(|c| matrix::matrix(c, cases))?;
            if json {
                let value = json!({
                    "rows": m.rows.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                    "cols": m.cols,
                    "cells": m.cells,
                });
                writeln!(out, "{}", serde_json::to_string(&value)?)?;
            } else {
                writeln!(out, "code\t{}", m.cols.join("\t"))?;
                for (code, row) in m.rows.iter().zip(&m.cells) {
                    let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
                    writeln!(out, "{}\t{}", code.name, cells.join("\t"))?;
                }
            }
        }
        CodeCommand::Agreement { coders, json } => {
            let [first, second] = coders.as_slice() else {
                anyhow::bail!("--coder: give exactly two coders (--coder A --coder B)");
            };
            let rows = store.read(|c| agreement::between(c, first, second))?;
            if json {
                let value: Vec<_> = rows
                    .iter()
                    .map(|r| {
                        json!({
                            "code": r.code, "both": r.both, "first_only": r.first_only,
                            "second_only": r.second_only, "neither": r.neither,
                            "agreement": r.agreement, "kappa": r.kappa,
                        })
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
            } else {
                writeln!(
                    out,
                    "code\tkappa\tagreement\tboth\tfirst only\tsecond only\tneither"
                )?;
                for r in &rows {
                    writeln!(
                        out,
                        "{}\t{}\t{:.0}%\t{}\t{}\t{}\t{}",
                        r.code,
                        r.kappa
                            .map_or_else(|| "—".to_owned(), |k| format!("{k:.2}")),
                        r.agreement * 100.0,
                        r.both,
                        r.first_only,
                        r.second_only,
                        r.neither
                    )?;
                }
            }
        }
    }
    Ok(())
}
