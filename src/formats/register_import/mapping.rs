//! Which column holds which field: the fields of each subject, the guess from the
//! header's words, a mapping given as JSON (`--mapping`) or as codes (the app).

use super::Subject;
use crate::error::{Error, Result};
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A field a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    // Organisations.
    Name,
    ShortName,
    Kind,
    Public,
    Level,
    Sectors,
    Territory,
    Country,
    Address,
    Email,
    Phone,
    Tags,
    Influence,
    Interest,
    Notes,
    // People.
    GivenName,
    FamilyName,
    /// "Rossi Maria": the family name first.
    FamilyThenGiven,
    /// "Maria Rossi": the given name first.
    GivenThenFamily,
    Organisation,
    Role,
    Category,
    PublicOperator,
    Languages,
    Interpreter,
}

impl Field {
    /// The fields of a subject, in the order the mapping step lists them.
    pub fn of(subject: Subject) -> &'static [Field] {
        use Field::*;
        match subject {
            Subject::Organisations => &[
                Name, ShortName, Kind, Public, Level, Sectors, Territory, Country, Address, Email,
                Phone, Tags, Influence, Interest, Notes,
            ],
            Subject::People => &[
                FamilyName,
                GivenName,
                FamilyThenGiven,
                GivenThenFamily,
                Organisation,
                Role,
                Category,
                PublicOperator,
                Email,
                Phone,
                Languages,
                Interpreter,
            ],
        }
    }

    /// The code used in mapping files (`"Denominazione": "name"`).
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn parse(code: &str) -> Option<Field> {
        serde_json::from_value(serde_json::Value::String(code.trim().to_owned())).ok()
    }

    /// The field a code names, if it is one of `subject`'s.
    pub fn of_subject(subject: Subject, code: &str) -> Option<Field> {
        Field::parse(code).filter(|f| Field::of(subject).contains(f))
    }
}

/// Header words that name each field, folded; a header naming a field contains
/// one of them (checked in this order, so "nome ente" is the organisation before
/// "nome" is the given name).
pub(super) fn synonyms(subject: Subject) -> &'static [(Field, &'static [&'static str])] {
    use Field::*;
    match subject {
        Subject::Organisations => &[
            (
                ShortName,
                &["sigla", "acronimo", "short name", "abbreviazione"],
            ),
            (
                Kind,
                &["tipolog", "tipo", "natura", "categoria", "kind", "type"],
            ),
            (Public, &["pubblico", "privato", "public"]),
            (Level, &["livello", "level", "ambito territoriale"]),
            (
                Sectors,
                &["settor", "ambit", "area di intervento", "sector"],
            ),
            (
                Territory,
                &[
                    "territorio",
                    "comune",
                    "provincia",
                    "citta",
                    "sede",
                    "territory",
                    "localita",
                ],
            ),
            (Country, &["paese", "nazione", "stato", "country"]),
            (Address, &["indirizzo", "via", "address"]),
            (Email, &["e-mail", "email", "mail", "pec", "posta"]),
            (
                Phone,
                &["telefono", "tel", "cellulare", "phone", "recapito"],
            ),
            (Tags, &["tag", "etichett", "parole chiave"]),
            (Influence, &["influenza", "potere", "influence", "power"]),
            (Interest, &["interesse", "interest"]),
            (Notes, &["note", "osservazion", "descrizione", "notes"]),
            (
                Name,
                &[
                    "denominazione",
                    "ragione sociale",
                    "ente",
                    "nome",
                    "organizzazione",
                    "name",
                ],
            ),
        ],
        Subject::People => &[
            (
                FamilyThenGiven,
                &["cognome e nome", "nominativo", "cognome nome"],
            ),
            (
                GivenThenFamily,
                &["nome e cognome", "nome cognome", "full name"],
            ),
            (
                FamilyName,
                &["cognome", "family name", "surname", "last name"],
            ),
            (
                Organisation,
                &[
                    "ente",
                    "organizzazione",
                    "struttura",
                    "amministrazione",
                    "organisation",
                ],
            ),
            (
                Role,
                &["ruolo", "qualifica", "funzione", "incarico", "role"],
            ),
            (Category, &["categoria", "category"]),
            (
                PublicOperator,
                &["operatore pubblico", "pubblico", "public"],
            ),
            (Email, &["e-mail", "email", "mail", "pec"]),
            (Phone, &["telefono", "tel", "cellulare", "phone"]),
            (Languages, &["lingu", "language"]),
            (Interpreter, &["interprete", "mediatore", "interpreter"]),
            (GivenName, &["nome", "given name", "first name"]),
        ],
    }
}

/// The field a header most likely names, if any.
pub fn guess_field(subject: Subject, header: &str) -> Option<Field> {
    let h = fold(header);
    let h = h.trim();
    if h.is_empty() {
        return None;
    }
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    synonyms(subject)
        .iter()
        .find(|(_, names)| {
            names.iter().any(|n| {
                if n.contains(' ') {
                    h.contains(n)
                } else {
                    // One word: the start of a word of the header ("settor" in
                    // "Settori"), never the middle ("nazione" in "Denominazione").
                    words.iter().any(|w| w.starts_with(n))
                }
            })
        })
        .map(|(f, _)| *f)
}

/// Column index → field: one field per column, each field at most once.
pub type Mapping = Vec<Option<Field>>;

/// The mapping proposed from the headers.
pub fn guess_mapping(subject: Subject, headers: &[String]) -> Mapping {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let f = guess_field(subject, h).filter(|f| !taken.contains(f))?;
            taken.push(f);
            Some(f)
        })
        .collect()
}

/// Reads a mapping file: a JSON object from header to field code, e.g.
/// `{"Denominazione": "name", "Comune": "territory"}`; a header set to null or
/// "" is left out. Columns the file does not name keep the proposed field.
pub fn mapping_from_json(
    subject: Subject,
    headers: &[String],
    json: &str,
    source: &str,
) -> Result<Mapping> {
    let bad = |message: String| Error::File {
        path: source.to_owned(),
        message,
    };
    let object: HashMap<String, Option<String>> = serde_json::from_str(json).map_err(|e| {
        bad(format!(
            "is not a mapping (a JSON object such as {{\"Denominazione\": \"name\"}}): {e}"
        ))
    })?;
    let mut mapping = guess_mapping(subject, headers);
    for (header, code) in &object {
        let Some(column) = headers.iter().position(|h| fold(h) == fold(header)) else {
            return Err(bad(format!(
                "names the column '{header}', which the sheet does not have (its columns: {})",
                headers.join(", ")
            )));
        };
        let field = match code.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => {
                let f = Field::of_subject(subject, code);
                Some(f.ok_or_else(|| {
                    bad(format!(
                        "maps '{header}' to '{code}', which is not a field of {}: use one of {}",
                        match subject {
                            Subject::Organisations => "organisations",
                            Subject::People => "people",
                        },
                        Field::of(subject)
                            .iter()
                            .map(|f| f.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?)
            }
        };
        // The named field leaves any other column that had it.
        if let Some(f) = field {
            for m in mapping.iter_mut() {
                if *m == Some(f) {
                    *m = None;
                }
            }
        }
        mapping[column] = field;
    }
    Ok(mapping)
}

/// Every column's field code, for the CLI's "mapping used" line.
pub fn describe_mapping(headers: &[String], mapping: &Mapping) -> Vec<(String, Option<String>)> {
    headers
        .iter()
        .zip(mapping.iter())
        .map(|(h, f)| (h.clone(), f.map(Field::code)))
        .collect()
}

/// The mapping the app sends: one field code per column, or nothing for a column
/// left out. An unknown code is an error naming it.
pub fn mapping_from_codes(subject: Subject, codes: &[Option<String>]) -> Result<Mapping> {
    codes
        .iter()
        .map(|code| match code.as_deref() {
            None | Some("") => Ok(None),
            Some(c) => Field::of_subject(subject, c).map(Some).ok_or_else(|| {
                Error::invalid(
                    "mapping",
                    crate::Problem::BadFormat {
                        value: c.to_owned(),
                        expected: "a field of the register",
                    },
                )
            }),
        })
        .collect()
}
