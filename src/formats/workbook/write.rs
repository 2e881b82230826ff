//! The Excel workbook for regional offices: one sheet per subject, Italian headers,
//! frozen header row with filters, real dates shown dd/mm/yyyy, numbers as numbers,
//! the record id in the first column so every row can be traced back.
//!
//! Every text is written with `write_string`, which never makes a formula, so a
//! name starting with "=" stays text. Texts over Excel's 32,767-character cell limit
//! are cut with a visible marker. Sheets are written in constant-memory mode, and
//! the file is written to a temporary name, synced and renamed, so a crash never
//! leaves a half-written workbook under the requested name.

use std::path::Path;

use std::sync::mpsc::TrySendError;

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::sheets::{Kind, Personal, Sheet, SHEETS};
use crate::error::{Error, Result};
use crate::indicators::{self, Filter};
use crate::vocabulary::List;

/// Excel's limit for the text of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Appended to a text cut at the limit.
pub const CUT_MARKER: &str = " […testo troncato]";

/// Counts of what was written, per sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub rows: Vec<(&'static str, usize)>,
}

pub(crate) fn xl(e: XlsxError) -> Error {
    Error::File {
        path: "(workbook)".into(),
        message: format!("the workbook could not be written ({e})"),
    }
}

/// A text as Excel can hold it: cut at the cell limit with a visible marker.
pub fn cell_text(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_owned();
    }
    let keep = MAX_CELL_CHARS - CUT_MARKER.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(CUT_MARKER);
    out
}

/// What to export, and how.
#[derive(Default)]
pub struct Options<'a> {
    /// Which meetings (and so which attendance, notes and tables) go in; the
    /// register sheets are always complete.
    pub filter: Filter,
    /// Written on the Indicatori sheet, YYYY-MM-DD.
    pub export_date: String,
    /// The workspace's pseudonym key ([`pseudonym_key`]): when given, people's names
    /// become stable pseudonyms and their contacts are left out.
    pub pseudonym_key: Option<String>,
    /// Called now and then with (rows written, rows in all).
    pub progress: Option<&'a dyn Fn(usize, usize)>,
}

/// Label of the Indicatori row that says whether names were pseudonymised.
pub const PSEUDONYMISED_LABEL: &str = "Nomi pseudonimizzati";

/// The key that makes pseudonyms stable within this workspace, created on first use.
/// It is kept with the device's local facts and never leaves the laptop, so a
/// pseudonym cannot be traced back to a person without this database.
pub fn pseudonym_key(conn: &Connection) -> Result<String> {
    use rusqlite::OptionalExtension;
    let existing: Option<String> = conn
        .query_row(
            "SELECT value FROM local_meta WHERE key = 'pseudonym_key'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(key) = existing {
        return Ok(key);
    }
    let key = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO local_meta (key, value) VALUES ('pseudonym_key', ?1)",
        [&key],
    )?;
    Ok(key)
}

/// The pseudonym of a person: "Persona " and sixteen hex digits (64 bits) of a
/// keyed SHA-1 (UUIDv5 with the workspace key as namespace) of the person's id.
pub fn pseudonym(key: &str, person_id: &str) -> String {
    let namespace = uuid::Uuid::parse_str(key).unwrap_or_default();
    let hash = uuid::Uuid::new_v5(&namespace, person_id.as_bytes())
        .simple()
        .to_string();
    format!("Persona {}", hash[..16].to_ascii_uppercase())
}

/// What a minor's name is in any workbook.
const MINOR: &str = "(minore)";

/// What an id becomes in a pseudonymised workbook: a UUIDv5 keyed by the
/// workspace key, the same on every sheet (rows still join) and carrying no
/// time (a UUIDv7 says when its record was made).
pub fn pseudonymous_id(key: &str, id: &str) -> String {
    let namespace = uuid::Uuid::parse_str(key).unwrap_or_default();
    uuid::Uuid::new_v5(&namespace, format!("id\n{id}").as_bytes()).to_string()
}

/// The registered people's names, to be found in free texts (notes, titles,
/// descriptions) and replaced by their pseudonyms.
struct Names {
    finder: aho_corasick::AhoCorasick,
    pseudonyms: Vec<String>,
}

impl Names {
    fn load(conn: &Connection, key: &str) -> Result<Option<Names>> {
        let mut stmt = conn.prepare(
            "SELECT id, given_name, family_name FROM people
             WHERE family_name <> '' AND length(given_name) + length(family_name) >= 5",
        )?;
        let people = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut patterns = Vec::new();
        let mut pseudonyms = Vec::new();
        for (id, given, family) in people {
            let p = pseudonym(key, &id);
            for name in [format!("{given} {family}"), format!("{family} {given}")] {
                patterns.push(name);
                pseudonyms.push(p.clone());
            }
        }
        if patterns.is_empty() {
            return Ok(None);
        }
        let finder = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Some(Names { finder, pseudonyms }))
    }

    /// `text` with every registered name replaced; `None` when it names nobody.
    fn replace(&self, text: &str) -> Option<String> {
        if !self.finder.is_match(text) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = 0;
        for m in self.finder.find_iter(text) {
            out.push_str(&text[rest..m.start()]);
            out.push_str(&self.pseudonyms[m.pattern().as_usize()]);
            rest = m.end();
        }
        out.push_str(&text[rest..]);
        Some(out)
    }
}

/// Writes the workbook to `path` atomically.
pub fn export(conn: &Connection, path: &Path, options: &Options<'_>) -> Result<ExportSummary> {
    let filter = &options.filter;
    // A second connection reads the rows on another thread while this one writes
    // the cells (the machine has two cores; reading and writing each take about
    // half the time). It reads in one transaction, so the figures and the sheets
    // are one snapshot of the database.
    let scope = indicators::scope(filter, false)?;
    // The names to take out of free texts, read before the reader starts; and
    // the minors, never exported by name.
    let names = match options.pseudonym_key.as_deref() {
        Some(key) => Names::load(conn, key)?,
        None => None,
    };
    let minors: std::collections::HashSet<String> = conn
        .prepare("SELECT id FROM people WHERE minor = 1")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Up to 64 batches (32,768 rows, a few tens of MB) wait for the writer: while
    // the writer is busy with the notes' long texts the reader gets that far
    // ahead, and spends the lead on the sheets whose queries cost more than their
    // cells (with 8 batches the writer waited for the reader 0.8 s at scale).
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Message>(64);
    let db_path = conn.path().filter(|p| !p.is_empty()).map(str::to_owned);
    std::thread::scope(|threads| -> Result<ExportSummary> {
        let reader = match &db_path {
            Some(db) => {
                let (db, filter, scope) = (db.clone(), filter.clone(), scope.clone());
                Some(threads.spawn(move || {
                    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
                    // An encrypted database opens with the passphrase this
                    // process opened it with.
                    match crate::store::cipher::open(std::path::Path::new(&db), flags, None) {
                        Ok(own) => read_all(&own, &filter, &scope, &sender),
                        Err(e) => {
                            let _ = sender.send(Message::Failed(e));
                        }
                    }
                }))
            }
            None => {
                return Err(Error::Internal(
                    "the export reads from a database file, not from memory".into(),
                ))
            }
        };
        let out = write_from(path, options, names.as_ref(), &minors, &receiver);
        drop(receiver);
        if let Some(handle) = reader {
            let _ = handle.join();
        }
        out
    })
}

/// What the reading thread sends: the figures, then each sheet's rows in batches.
enum Message {
    /// The rows to come in all (for the progress bar), first.
    Total(usize),
    /// The figures, last: the Indicatori sheet is filled after the data sheets, so
    /// computing them overlaps with writing cells.
    Figures(Box<indicators::Indicators>),
    /// The rows that follow belong to this sheet (an index into [`SHEETS`]).
    SheetStart(usize),
    Rows(Batch),
    SheetEnd,
    Failed(Error),
}

/// Rows read from SQLite, owned, to cross threads: the texts of all cells in one
/// buffer (one allocation per batch, not one per cell).
struct Batch {
    width: usize,
    text: String,
    cells: Vec<Slot>,
}

#[derive(Clone, Copy)]
enum Slot {
    Null,
    Integer(i64),
    Real(f64),
    /// Start and end of the text in the batch's buffer.
    Text(usize, usize),
}

impl Batch {
    fn new(width: usize) -> Batch {
        Batch {
            width,
            text: String::with_capacity(BATCH * width * 24),
            cells: Vec::with_capacity(BATCH * width),
        }
    }

    fn rows(&self) -> usize {
        self.cells.len() / self.width.max(1)
    }

    fn push(&mut self, value: ValueRef<'_>) {
        self.cells.push(match value {
            ValueRef::Null | ValueRef::Blob(_) => Slot::Null,
            ValueRef::Integer(n) => Slot::Integer(n),
            ValueRef::Real(n) => Slot::Real(n),
            ValueRef::Text(t) => {
                let start = self.text.len();
                self.text.push_str(&String::from_utf8_lossy(t));
                Slot::Text(start, self.text.len())
            }
        });
    }

    fn get(&self, row: usize, col: usize) -> Cell<'_> {
        match self.cells.get(row * self.width + col) {
            Some(Slot::Integer(n)) => Cell::Integer(*n),
            Some(Slot::Real(n)) => Cell::Real(*n),
            Some(Slot::Text(a, b)) => Cell::Text(self.text.get(*a..*b).unwrap_or("")),
            Some(Slot::Null) | None => Cell::Null,
        }
    }
}

const BATCH: usize = 512;

/// The order the reader goes through the sheets (indexes into [`SHEETS`]): the
/// notes first, as their query streams in index order and their cells keep the
/// writer busy longest, so the reader gets ahead; the relationships, whose query
/// must sort every row before the first one, when the reader is well ahead. The
/// sheets stay in [`SHEETS`] order in the workbook: constant-memory sheets can be
/// filled in any order, each from its first row to its last.
const READ_ORDER: [&str; 9] = [
    "Note",
    "Incontri",
    "Presenze",
    "Enti",
    "Persone",
    "Tavoli",
    "Domande",
    "Relazioni",
    "Territori",
];

fn read_order() -> impl Iterator<Item = usize> {
    let named = READ_ORDER
        .iter()
        .filter_map(|name| SHEETS.iter().position(|s| s.name == *name));
    // A sheet missing from READ_ORDER is still read, last.
    let rest = (0..SHEETS.len()).filter(|i| !READ_ORDER.contains(&SHEETS[*i].name));
    named.chain(rest)
}

/// Reads the figures and every sheet's rows, in one read transaction, and sends them.
fn read_all(
    conn: &Connection,
    filter: &Filter,
    scope: &(String, Vec<Value>),
    sender: &std::sync::mpsc::SyncSender<Message>,
) {
    let result = (|| -> Result<()> {
        conn.execute_batch("BEGIN")?;
        // The progress bar's length: the rows of each sheet's table (an upper bound,
        // as deleted rows and meetings left out by a filter are not written).
        let mut total = 0;
        for sheet in SHEETS {
            // No WHERE: counting from an index is instant, counting live rows reads
            // the whole table.
            let sql = format!("SELECT count(*) FROM {}", sheet.table);
            let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
            total += usize::try_from(n).unwrap_or(0);
        }
        if sender.send(Message::Total(total)).is_err() {
            return Ok(());
        }
        let mut figures = None;
        for index in read_order() {
            let sheet = &SHEETS[index];
            if sender.send(Message::SheetStart(index)).is_err() {
                return Ok(());
            }
            let sql = format!("{} {}", scope.0, sheet.sql);
            let mut stmt = conn.prepare(&sql)?;
            let width = sheet.columns.len();
            let mut rows = stmt.query(rusqlite::params_from_iter(scope.1.iter()))?;
            let mut batch = Batch::new(width);
            while let Some(row) = rows.next()? {
                for i in 0..width {
                    batch.push(row.get_ref(i)?);
                }
                if batch.rows() == BATCH {
                    let full = std::mem::replace(&mut batch, Batch::new(width));
                    match sender.try_send(Message::Rows(full)) {
                        Ok(()) => {}
                        Err(TrySendError::Full(message)) => {
                            // The writer is behind: a good moment for the figures,
                            // on this connection, in this snapshot.
                            if figures.is_none() {
                                figures = Some(indicators::compute(conn, filter)?);
                            }
                            if sender.send(message).is_err() {
                                return Ok(());
                            }
                        }
                        Err(TrySendError::Disconnected(_)) => return Ok(()),
                    }
                }
            }
            if batch.rows() > 0 && sender.send(Message::Rows(batch)).is_err() {
                return Ok(());
            }
            if sender.send(Message::SheetEnd).is_err() {
                return Ok(());
            }
        }
        let figures = match figures {
            Some(f) => f,
            None => indicators::compute(conn, filter)?,
        };
        if sender.send(Message::Figures(Box::new(figures))).is_err() {
            return Ok(());
        }
        conn.execute_batch("COMMIT")?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = sender.send(Message::Failed(e));
    }
}

fn write_from(
    path: &Path,
    options: &Options<'_>,
    names: Option<&Names>,
    minors: &std::collections::HashSet<String>,
    receiver: &std::sync::mpsc::Receiver<Message>,
) -> Result<ExportSummary> {
    let next = || -> Result<Message> {
        match receiver.recv() {
            Ok(Message::Failed(e)) => Err(e),
            Ok(m) => Ok(m),
            Err(_) => Err(Error::File {
                path: path.display().to_string(),
                message: "reading the database stopped unexpectedly".into(),
            }),
        }
    };
    let unexpected = |what: &str| Error::File {
        path: path.display().to_string(),
        message: format!("the export's reader sent {what} out of order"),
    };
    let total = match next()? {
        Message::Total(total) => total,
        _ => return Err(unexpected("rows")),
    };
    let header = Format::new()
        .set_bold()
        .set_background_color("#DCE6F0")
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let stamp = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let bold = Format::new().set_bold();

    let mut workbook = Workbook::new();
    let mut summary = ExportSummary::default();

    workbook
        .add_worksheet()
        .set_name("Indicatori")
        .map_err(xl)?;
    summary.rows.push(("Indicatori", 0));

    let mut done = 0;
    let writer = Writer {
        header: &header,
        date: &date,
        stamp: &stamp,
        key: options.pseudonym_key.as_deref(),
        names,
        minors,
        progress: options.progress,
        total,
    };
    for sheet in SHEETS {
        workbook
            .add_worksheet_with_constant_memory()
            .set_name(sheet.name)
            .map_err(xl)?;
        summary.rows.push((sheet.name, 0));
    }
    // The sheets come in the reader's order; the workbook keeps its own.
    let figures = loop {
        match next()? {
            Message::SheetStart(index) if index < SHEETS.len() => {
                let ws = workbook.worksheet_from_index(index + 1).map_err(xl)?;
                let n = writer.sheet(ws, &SHEETS[index], &next, &mut done)?;
                summary.rows[index + 1].1 = n;
            }
            Message::Figures(f) => break *f,
            _ => return Err(unexpected("rows")),
        }
    };
    {
        let ws = workbook.worksheet_from_index(0).map_err(xl)?;
        let rows = write_figures(ws, &figures, options, &header, &date, &bold)?;
        summary.rows[0].1 = rows;
    }
    if let Some(progress) = options.progress {
        progress(total, total);
    }

    save_atomically(&mut workbook, path)?;
    Ok(summary)
}

/// The Indicatori sheet: title, export date, pseudonyms, filters, then the figures.
fn write_figures(
    ws: &mut Worksheet,
    figures: &indicators::Indicators,
    options: &Options<'_>,
    header: &Format,
    date: &Format,
    bold: &Format,
) -> Result<usize> {
    let filter = &options.filter;
    let export_date = options.export_date.as_str();
    ws.set_column_width(0, 48).map_err(xl)?;
    ws.set_column_width(1, 14).map_err(xl)?;
    ws.write_string_with_format(0, 0, "Indicatori Tavolo", bold)
        .map_err(xl)?;
    let when = ExcelDateTime::parse_from_str(export_date).map_err(xl)?;
    ws.write_string(1, 0, "Data dell'esportazione")
        .map_err(xl)?;
    ws.write_datetime_with_format(1, 1, &when, date)
        .map_err(xl)?;
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "tutti".to_owned());
    let filters = [
        ("Dal", filter.from.clone()),
        ("Al", filter.to.clone()),
        ("Territorio (ID)", filter.territory_id.clone()),
        ("Tema", filter.theme.map(|t| t.label().to_owned())),
        (
            "Tipo di incontro",
            filter.kind.map(|k| k.label().to_owned()),
        ),
    ];
    ws.write_string(2, 0, PSEUDONYMISED_LABEL).map_err(xl)?;
    ws.write_string(
        2,
        1,
        if options.pseudonym_key.is_some() {
            "sì"
        } else {
            "no"
        },
    )
    .map_err(xl)?;
    let mut row = 3;
    for (label, value) in &filters {
        ws.write_string(row, 0, format!("Filtro: {label}"))
            .map_err(xl)?;
        ws.write_string(row, 1, shown(value)).map_err(xl)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Indicatore", header)
        .map_err(xl)?;
    ws.write_string_with_format(row, 1, "Valore", header)
        .map_err(xl)?;
    row += 1;
    for (label, value) in figures
        .headline()
        .into_iter()
        .chain(figures.groups_headline())
    {
        ws.write_string(row, 0, label).map_err(xl)?;
        ws.write_number(row, 1, value as f64).map_err(xl)?;
        row += 1;
    }
    // Each group's keys in the labels the app shows (a code this version does not
    // know, from a newer laptop, as it came).
    for (title, groups, list) in [
        (
            "Incontri per tema",
            &figures.meetings_by_theme,
            Some(List::Theme),
        ),
        ("Incontri per mese", &figures.meetings_by_month, None),
        (
            "Enti per tipo",
            &figures.organisations_by_kind,
            Some(List::OrgKind),
        ),
        (
            "Note per tipo",
            &figures.notes_by_kind,
            Some(List::NoteKind),
        ),
        (
            "Azioni dei gruppi per stato",
            &figures.actions_by_status,
            Some(List::ActionStatus),
        ),
    ] {
        row += 1;
        ws.write_string_with_format(row, 0, title, bold)
            .map_err(xl)?;
        row += 1;
        for (key, value) in groups.iter() {
            let shown = list.and_then(|l| l.label_of(key)).unwrap_or(key);
            ws.write_string(row, 0, shown).map_err(xl)?;
            ws.write_number(row, 1, *value as f64).map_err(xl)?;
            row += 1;
        }
    }
    Ok(row as usize)
}

/// How data sheets are written: the shared formats, pseudonyms, progress.
struct Writer<'a> {
    header: &'a Format,
    date: &'a Format,
    stamp: &'a Format,
    key: Option<&'a str>,
    names: Option<&'a Names>,
    /// People never exported by name, pseudonyms or not.
    minors: &'a std::collections::HashSet<String>,
    progress: Option<&'a dyn Fn(usize, usize)>,
    total: usize,
}

impl Writer<'_> {
    fn sheet(
        &self,
        ws: &mut Worksheet,
        sheet: &Sheet,
        next: &dyn Fn() -> Result<Message>,
        done: &mut usize,
    ) -> Result<usize> {
        // The columns that go in, with their place in the query.
        let columns: Vec<(usize, &super::sheets::Column)> = sheet
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| self.key.is_none() || c.personal != Personal::Contact)
            .collect();
        for (out, (_, column)) in columns.iter().enumerate() {
            let c = out as u16;
            ws.set_column_width(c, column.width).map_err(xl)?;
            ws.write_string_with_format(0, c, column.header, self.header)
                .map_err(xl)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xl)?;
        let mut r: u32 = 0;
        loop {
            let rows = match next()? {
                Message::Rows(rows) => rows,
                Message::SheetEnd => break,
                Message::Total(_)
                | Message::SheetStart(_)
                | Message::Figures(_)
                | Message::Failed(_) => {
                    return Err(Error::Internal(format!(
                        "the export's reader sent something unexpected in sheet {}",
                        sheet.name
                    )))
                }
            };
            for row in 0..rows.rows() {
                r += 1;
                // A minor's names: "(minore)" and nothing, in every workbook.
                let mut minor = false;
                for (out, (index, column)) in columns.iter().enumerate() {
                    let mut value = rows.get(row, *index);
                    let replaced;
                    match column.personal {
                        Personal::NameOf(id_col) => {
                            if let Cell::Text(id) = rows.get(row, id_col) {
                                minor = self.minors.contains(id);
                            }
                            if minor {
                                value = Cell::Text(MINOR);
                            }
                        }
                        Personal::GivenName if minor => value = Cell::Null,
                        _ => {}
                    }
                    let names_a_person =
                        matches!(column.personal, Personal::NameOf(_) | Personal::GivenName);
                    if minor && names_a_person {
                        self.cell(ws, r, out as u16, column.kind, value)?;
                        continue;
                    }
                    if let Some(key) = self.key {
                        match (column.personal, value) {
                            (Personal::NameOf(id_col), _) => {
                                if let Cell::Text(id) = rows.get(row, id_col) {
                                    replaced = pseudonym(key, id);
                                    value = Cell::Text(&replaced);
                                }
                            }
                            (Personal::GivenName, _) => value = Cell::Null,
                            // Every id (a column named "ID …"), keyed: no id of
                            // the database, and no time of making, leaves.
                            (Personal::No, Cell::Text(id))
                                if column.header.starts_with("ID") && !id.is_empty() =>
                            {
                                replaced = pseudonymous_id(key, id);
                                value = Cell::Text(&replaced);
                            }
                            (Personal::No, Cell::Text(text)) if column.kind == Kind::Text => {
                                if let Some(clean) = self.names.and_then(|n| n.replace(text)) {
                                    replaced = clean;
                                    value = Cell::Text(&replaced);
                                }
                            }
                            _ => {}
                        }
                    }
                    self.cell(ws, r, out as u16, column.kind, value)?;
                }
                *done += 1;
                if (*done).is_multiple_of(20_000) {
                    if let Some(progress) = self.progress {
                        progress(*done, self.total);
                    }
                }
            }
        }
        let last_col = columns.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, r, last_col).map_err(xl)?;
        Ok(r as usize)
    }

    fn cell(&self, ws: &mut Worksheet, r: u32, c: u16, kind: Kind, value: Cell<'_>) -> Result<()> {
        match (kind, value) {
            (_, Cell::Null) => {}
            (Kind::Date, Cell::Text(iso)) => match ExcelDateTime::parse_from_str(iso) {
                Ok(d) => {
                    ws.write_datetime_with_format(r, c, &d, self.date)
                        .map_err(xl)?;
                }
                Err(_) => {
                    ws.write_string(r, c, cell_text(iso)).map_err(xl)?;
                }
            },
            (Kind::Timestamp, Cell::Integer(ms)) => {
                // The wall-clock time of the laptop's zone: the 09:30 meeting's first
                // note reads 09:30 in Potenza, not the 08:30 of UTC.
                let wall = crate::dates::local_wall_millis(ms);
                let d = ExcelDateTime::from_timestamp(wall.div_euclid(1000)).map_err(xl)?;
                ws.write_datetime_with_format(r, c, &d, self.stamp)
                    .map_err(xl)?;
            }
            (Kind::Coded(list), Cell::Text(code)) => {
                // A code this version does not know is written as it came.
                ws.write_string(r, c, list.label_of(code).unwrap_or(code))
                    .map_err(xl)?;
            }
            (Kind::CodedMany(list), Cell::Text(codes)) => {
                let labels: Vec<&str> = codes
                    .split_whitespace()
                    .map(|code| list.label_of(code).unwrap_or(code))
                    .collect();
                ws.write_string(r, c, labels.join("; ")).map_err(xl)?;
            }
            (Kind::YesNo, Cell::Integer(n)) => {
                ws.write_string(r, c, if n != 0 { "sì" } else { "no" })
                    .map_err(xl)?;
            }
            (Kind::Number, Cell::Integer(n)) => {
                ws.write_number(r, c, n as f64).map_err(xl)?;
            }
            (Kind::Number, Cell::Real(n)) => {
                ws.write_number(r, c, n).map_err(xl)?;
            }
            (_, Cell::Text(t)) if t.len() <= MAX_CELL_CHARS => {
                // At most 32,767 bytes is at most 32,767 characters: no need to count.
                ws.write_string(r, c, t).map_err(xl)?;
            }
            (_, Cell::Text(t)) => {
                ws.write_string(r, c, cell_text(t)).map_err(xl)?;
            }
            (_, Cell::Integer(n)) => {
                ws.write_string(r, c, n.to_string()).map_err(xl)?;
            }
            (_, Cell::Real(n)) => {
                ws.write_string(r, c, n.to_string()).map_err(xl)?;
            }
        }
        Ok(())
    }
}

/// A cell's value as read from SQLite, borrowed.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
}

/// Saves the workbook next to `path` under a temporary name, syncs, then renames
/// it over `path`.
pub(crate) fn save_atomically(workbook: &mut Workbook, path: &Path) -> Result<()> {
    crate::formats::files::with_temp(path, |temp| {
        workbook
            .save(temp)
            .map_err(|e| std::io::Error::other(format!("the workbook: {e}")))
    })
}
