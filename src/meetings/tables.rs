//! The tables (tavoli) of a meeting and their guiding questions, and the built-in
//! templates (seed 003's four tables).

use crate::error::Result;
use crate::store::ids::new_id;
use crate::store::schema::{GUIDING_QUESTIONS, MEETINGS, MEETING_TABLES};
use crate::store::WriteTx;
use crate::validate;
use rusqlite::types::Value;
use rusqlite::Connection;

/// The built-in table templates: the four tables of the TEAMS seminar (seed 003)
/// with their guiding questions, offered when planning a thematic meeting.
pub const TEMPLATE_TABLES: &[(&str, &[&str])] = &[
    (
        "Governance multilivello e multistakeholder",
        &[
            "In che misura i progetti sviluppati fanno fare passi avanti su una logica di programmazione integrata per progetti con target anche richiedenti asilo e persone con background migratorio?",
            "Quali raccomandazioni emergono intorno al tema della governance multilivello e multi stakeholder per future progettazioni territoriali di servizi e interventi che intercettino anche richiedenti asilo e persone con background migratorio?",
        ],
    ),
    (
        "Coinvolgimento delle comunità, degli utenti e cittadinanza attiva",
        &[
            "Che ruolo possono avere i percorsi di cittadinanza attiva nel coinvolgimento della comunità?",
            "In che misura i progetti sviluppati ci fanno fare passi avanti su percorsi di partecipazione territoriale che includano anche richiedenti asilo e persone con background migratorio?",
            "Come agire sui processi di cittadinanza attiva?",
        ],
    ),
    (
        "Metodi e strumenti di monitoraggio, valutazione e reporting",
        &[
            "In che misura i progetti sviluppati possono facilitare il pensiero rispetto allo sviluppo di strumenti di monitoraggio, valutazione e reporting?",
            "Quali elementi hanno funzionato, quali hanno funzionato poco?",
        ],
    ),
    (
        "Accessibilità dei servizi: universalismo e specificità",
        &[
            "Quali elementi emergono nella vostra esperienza progettuale rispetto alla tensione tra un approccio specialistico e l'ingresso della popolazione straniera all'interno dei servizi tradizionali?",
            "Quali elementi hanno funzionato? Quali punti di debolezza e possibili attenzioni?",
        ],
    ),
];

/// Adds a table (tavolo) with its guiding questions at the end of a meeting's tables.
/// Returns the new table's id.
pub fn add_table(
    tx: &mut WriteTx<'_>,
    meeting_id: &str,
    title: &str,
    questions: &[&str],
) -> Result<String> {
    validate::reference(tx.conn(), "meeting_id", &MEETINGS, meeting_id)?;
    let title = validate::required("title", title, 300)?;
    let position: i64 = tx.conn().query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM meeting_tables WHERE meeting_id = ?1",
        [meeting_id],
        |r| r.get(0),
    )?;
    let table_id = new_id();
    tx.insert(
        &MEETING_TABLES,
        &table_id,
        &[
            ("meeting_id", Value::Text(meeting_id.into())),
            ("position", Value::Integer(position)),
            ("title", Value::Text(title)),
        ],
    )?;
    for (i, q) in questions.iter().enumerate() {
        let text = validate::free_text("questions", q, 5_000)?;
        tx.insert(
            &GUIDING_QUESTIONS,
            &new_id(),
            &[
                ("table_id", Value::Text(table_id.clone())),
                ("position", Value::Integer(i as i64 + 1)),
                ("text", Value::Text(text)),
            ],
        )?;
    }
    Ok(table_id)
}

/// A table (tavolo) of a meeting with its guiding questions, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingTable {
    pub id: String,
    pub title: String,
    /// (id, text) of each guiding question.
    pub questions: Vec<(String, String)>,
}

/// The live tables of a meeting and their questions, in order.
pub fn tables(conn: &Connection, meeting_id: &str) -> Result<Vec<MeetingTable>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.title, q.id, q.text FROM meeting_tables k
         LEFT JOIN guiding_questions q ON q.table_id = k.id AND q.deleted = 0
         WHERE k.meeting_id = ?1 AND k.deleted = 0
         ORDER BY k.position, k.id, q.position, q.id",
    )?;
    let mut rows = stmt.query([meeting_id])?;
    let mut out: Vec<MeetingTable> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if out.last().map(|t| t.id != id).unwrap_or(true) {
            out.push(MeetingTable {
                id: id.clone(),
                title: r.get(1)?,
                questions: Vec::new(),
            });
        }
        if let (Some(q), Some(text), Some(table)) = (
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            out.last_mut(),
        ) {
            table.questions.push((q, text));
        }
    }
    Ok(out)
}

/// Gives a meeting the built-in tables and their questions ([`TEMPLATE_TABLES`]),
/// after any tables it already has.
pub fn add_template_tables(tx: &mut WriteTx<'_>, meeting_id: &str) -> Result<()> {
    for (title, questions) in TEMPLATE_TABLES {
        add_table(tx, meeting_id, title, questions)?;
    }
    Ok(())
}
