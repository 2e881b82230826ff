//! The right of access (GDPR art. 15): everything Tavolo holds about a person —
//! register fields, consents, check-ins, the notes they spoke, their work groups
//! and agenda slots, and whether they were erased — as JSON for another program
//! and as a document the person can read.

use serde_json::{json, Value as Json};

use crate::error::Result;
use crate::formats::document::{Block, Document};
use crate::privacy::consent;
use crate::store::Connection;

/// Rows of `sql` (one parameter: the person) as lists of texts, NULL as "".
fn rows(conn: &Connection, sql: &str, person_id: &str, width: usize) -> Result<Vec<Vec<String>>> {
    let mut stmt = conn.prepare(sql)?;
    let out = stmt
        .query_map([person_id], |r| {
            (0..width)
                .map(|i| {
                    Ok(match r.get::<_, rusqlite::types::Value>(i)? {
                        rusqlite::types::Value::Text(t) => t,
                        rusqlite::types::Value::Integer(n) => n.to_string(),
                        rusqlite::types::Value::Real(x) => x.to_string(),
                        _ => String::new(),
                    })
                })
                .collect::<rusqlite::Result<Vec<String>>>()
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

const PERSON: &str = "SELECT p.id, p.family_name, p.given_name, o.name, p.role, p.category,
        p.is_public_operator, p.email, p.phone, p.languages, p.needs_interpreter, p.minor
     FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?1";
const PERSON_FIELDS: [&str; 12] = [
    "id",
    "family_name",
    "given_name",
    "organisation",
    "role",
    "category",
    "is_public_operator",
    "email",
    "phone",
    "languages",
    "needs_interpreter",
    "minor",
];
const CHECK_INS: &str = "SELECT m.date, m.title, a.role FROM attendance a
     JOIN meetings m ON m.id = a.meeting_id
     WHERE a.person_id = ?1 AND a.deleted = 0 AND m.deleted = 0 ORDER BY m.date, m.title";
const SPOKEN: &str = "SELECT m.date, m.title, coalesce(n.kind, ''), n.text FROM notes n
     JOIN meetings m ON m.id = n.meeting_id
     WHERE n.speaker_id = ?1 AND n.deleted = 0 ORDER BY m.date, n.position, n.taken_at";
const GROUPS: &str =
    "SELECT g.name, x.role FROM group_members x JOIN work_groups g ON g.id = x.group_id
     WHERE x.person_id = ?1 AND x.deleted = 0 ORDER BY g.name";
const AGENDA: &str = "SELECT m.date, i.at, i.title FROM agenda_speakers s
     JOIN agenda_items i ON i.id = s.item_id JOIN meetings m ON m.id = i.meeting_id
     WHERE s.person_id = ?1 AND s.deleted = 0 AND i.deleted = 0 ORDER BY m.date, i.at";

const REVIEWS: &str = "SELECT p.title, r.criterion, r.score, r.comment FROM practice_reviews r
     JOIN practices p ON p.id = r.practice_id
     WHERE r.reviewer_id = ?1 AND r.deleted = 0 AND p.deleted = 0 ORDER BY p.title, r.criterion";

/// Everything held about the person, as JSON. NotFound for an unknown id.
pub fn as_json(conn: &Connection, person_id: &str) -> Result<Json> {
    let person = rows(conn, PERSON, person_id, PERSON_FIELDS.len())?;
    let Some(person) = person.into_iter().next() else {
        return Err(crate::error::Error::NotFound {
            entity: "people",
            id: person_id.to_owned(),
        });
    };
    let register: serde_json::Map<String, Json> = PERSON_FIELDS
        .iter()
        .zip(person)
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    let consents: Vec<Json> = consent::of_person(conn, person_id)?
        .into_iter()
        .map(|c| {
            json!({
                "purpose": c.purpose.code(),
                "given": c.given,
                "how": c.how.map(|h| h.code()),
                "given_on": c.given_on,
                "withdrawn_on": c.withdrawn_on,
            })
        })
        .collect();
    let list = |sql: &str, keys: &[&str]| -> Result<Vec<Json>> {
        Ok(rows(conn, sql, person_id, keys.len())?
            .into_iter()
            .map(|r| {
                Json::Object(
                    keys.iter()
                        .zip(r)
                        .map(|(k, v)| ((*k).to_owned(), json!(v)))
                        .collect(),
                )
            })
            .collect())
    };
    let erased: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT erased_on FROM erasures WHERE id = ?1 AND deleted = 0",
        [person_id],
        |r| r.get(0),
    ))?;
    Ok(json!({
        "register": register,
        "consents": consents,
        "check_ins": list(CHECK_INS, &["date", "meeting", "role"])?,
        "notes_spoken": list(SPOKEN, &["date", "meeting", "kind", "text"])?,
        "work_groups": list(GROUPS, &["group", "role"])?,
        "agenda": list(AGENDA, &["date", "at", "title"])?,
        "practice_reviews": list(REVIEWS, &["practice", "criterion", "score", "comment"])?,
        "erased_on": erased,
    }))
}

/// The Italian words for the keys of [`as_json`].
fn italian(key: &str) -> &str {
    match key {
        "id" => "Identificativo",
        "family_name" => "Cognome",
        "given_name" => "Nome",
        "organisation" => "Ente",
        "role" => "Ruolo",
        "category" => "Categoria",
        "is_public_operator" => "Operatore pubblico (1 sì, 0 no)",
        "email" => "E-mail",
        "phone" => "Telefono",
        "languages" => "Lingue",
        "needs_interpreter" => "Serve un interprete (1 sì, 0 no)",
        "minor" => "Minore (1 sì, 0 no)",
        "purpose" => "Finalità",
        "given" => "Dato",
        "how" => "Come",
        "given_on" => "Dato il",
        "withdrawn_on" => "Revocato il",
        "date" => "Data",
        "meeting" => "Incontro",
        "kind" => "Tipo",
        "text" => "Testo",
        "group" => "Gruppo",
        "at" => "Ora",
        "title" => "Titolo",
        "practice" => "Buona prassi",
        "criterion" => "Criterio",
        "score" => "Punteggio",
        "comment" => "Commento",
        other => other,
    }
}

/// The same as a document to read: a section per kind of data, in Italian.
pub fn document(conn: &Connection, person_id: &str) -> Result<Document> {
    let all = as_json(conn, person_id)?;
    let mut doc = Document::new("Pagina");
    doc.push(Block::Title("Dati personali conservati da Tavolo".into()));
    doc.push(Block::Paragraph(format!(
        "Accesso ai dati (art. 15 Reg. UE 2016/679), redatto il {}.",
        crate::dates::italian(&crate::dates::today())
    )));
    let text = |v: &Json| v.as_str().unwrap_or_default().to_owned();
    doc.push(Block::Heading(1, "Registro".into()));
    let register: Vec<Vec<String>> = all["register"]
        .as_object()
        .map(|m| {
            PERSON_FIELDS
                .iter()
                .map(|k| vec![italian(k).to_owned(), text(&m[*k])])
                .collect()
        })
        .unwrap_or_default();
    doc.push(Block::Table(vec!["Dato".into(), "Valore".into()], register));
    let sections: [(&str, &str, &[&str]); 6] = [
        (
            "Consensi",
            "consents",
            &["purpose", "given", "how", "given_on", "withdrawn_on"],
        ),
        (
            "Presenze agli incontri",
            "check_ins",
            &["date", "meeting", "role"],
        ),
        (
            "Note in cui ha preso la parola",
            "notes_spoken",
            &["date", "meeting", "kind", "text"],
        ),
        ("Gruppi di lavoro", "work_groups", &["group", "role"]),
        (
            "Interventi in programma",
            "agenda",
            &["date", "at", "title"],
        ),
        (
            "Valutazioni di buone prassi",
            "practice_reviews",
            &["practice", "criterion", "score", "comment"],
        ),
    ];
    for (title, key, columns) in sections {
        doc.push(Block::Heading(1, title.into()));
        let rows: Vec<Vec<String>> = all[key]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|item| {
                        columns
                            .iter()
                            .map(|c| match &item[*c] {
                                Json::String(s) => s.clone(),
                                Json::Null => String::new(),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        if rows.is_empty() {
            doc.push(Block::Paragraph("Nessuno.".into()));
        } else {
            doc.push(Block::Table(
                columns.iter().map(|c| (*c).to_owned()).collect(),
                rows,
            ));
        }
    }
    if let Some(on) = all["erased_on"].as_str() {
        doc.push(Block::Paragraph(format!(
            "Cancellato su richiesta il {}.",
            crate::dates::italian(on)
        )));
    }
    Ok(doc)
}

/// Writes everything held about the person into `file`: JSON for a `.json`
/// name, else the readable document (`.docx`, `.odt`), atomically; the export
/// is entered in the register of exports (it names the person).
pub fn export_to(
    store: &mut crate::store::Store,
    person_id: &str,
    file: &std::path::Path,
) -> Result<()> {
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let all = store.read(|c| as_json(c, person_id))?;
        let mut text = serde_json::to_string_pretty(&all)
            .map_err(|e| crate::error::Error::Internal(e.to_string()))?;
        text.push('\n');
        crate::formats::files::write_atomically(file, text.as_bytes())?;
    } else {
        let doc = store.read(|c| document(c, person_id))?;
        crate::formats::document::write(&doc, file)?;
    }
    store.write(|tx| {
        crate::privacy::exports::record(
            tx,
            crate::privacy::exports::Kind::Access,
            file,
            &format!("persona {person_id}"),
            false,
        )
    })
}
