//! The sheets of the workbook: one per table, their Italian headers, how each column
//! is written, which database field it holds (so a workbook can be imported back)
//! and which columns are personal data.

/// What a column holds, and so how its cells are written and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// ISO date text (YYYY-MM-DD), written as an Excel date.
    Date,
    /// Milliseconds since the epoch, written as an Excel date and time (to the second).
    Timestamp,
    /// 0 or 1, written "sì" or "no".
    YesNo,
    /// A code of a closed list, written as its Italian label (read back from the
    /// label, or from the code that older workbooks carry).
    Coded(List),
    /// Several codes of a list separated by spaces, written as labels separated
    /// by "; ".
    CodedMany(List),
}

/// Personal data in a column, for `pseudonymise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    No,
    /// A person's name: replaced by the pseudonym of the person whose id is in the
    /// given column (left as is when that column is empty: an organisation's name).
    NameOf(usize),
    /// A person's given name: emptied (the pseudonym is in the family-name column).
    GivenName,
    /// A person's e-mail or phone: the column is left out.
    Contact,
}

/// One column: its header, kind, width, the database field it comes from (None for
/// a column shown for reading, e.g. the name of a linked record) and its personal data.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub kind: Kind,
    pub width: f64,
    pub field: Option<&'static str>,
    pub personal: Personal,
}

const fn col(header: &'static str, kind: Kind, width: f64, field: &'static str) -> Column {
    Column {
        header,
        kind,
        width,
        field: Some(field),
        personal: Personal::No,
    }
}

const fn shown(header: &'static str, width: f64) -> Column {
    Column {
        header,
        kind: Kind::Text,
        width,
        field: None,
        personal: Personal::No,
    }
}

const fn personal(column: Column, personal: Personal) -> Column {
    Column { personal, ..column }
}

/// One data sheet: its name, the table it holds, its columns and the query that
/// fills it in column order. `meetings` sheets are limited to the meetings of the
/// export's filter (the `sel` CTE); the register sheets are always complete.
pub struct Sheet {
    pub name: &'static str,
    pub table: &'static str,
    pub columns: &'static [Column],
    pub meetings: bool,
    /// The rows, in the order they are written. Where the order starts with the
    /// meeting's date and title, `+m.id IN (SELECT id FROM sel)` (the `+` keeps
    /// SQLite from driving the query by the selected ids) lets it walk the
    /// `meetings_order` index, so the rows stream out without a sort of the whole
    /// sheet first.
    pub sql: &'static str,
}

use crate::vocabulary::List;
use Kind::{Coded, CodedMany, Date, Number, Text, Timestamp, YesNo};

/// The sheets a workbook written by an older Tavolo lacks — before the work
/// groups (schema 9), before the consents (schema 10): importing such a workbook
/// reads them as empty.
pub const ADDED_LATER: &[&str] = &[
    "Gruppi di lavoro",
    "Membri dei gruppi",
    "Incontri dei gruppi",
    "Azioni",
    "Legami delle azioni",
    "Consensi",
];

/// The data sheets, in workbook order.
pub const SHEETS: &[Sheet] = &[
    Sheet {
        name: "Incontri",
        table: "meetings",
        meetings: true,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("Titolo", Text, 45.0, "title"),
            col("Tipo", Coded(List::MeetingKind), 16.0, "kind"),
            col("Tema", Coded(List::Theme), 12.0, "theme"),
            col("ID territorio", Text, 38.0, "territory_id"),
            shown("Territorio", 20.0),
            col("Data", Date, 12.0, "date"),
            col("Inizio", Text, 8.0, "start_time"),
            col("Fine", Text, 8.0, "end_time"),
            col("Luogo", Text, 30.0, "place"),
            col("Stato", Coded(List::MeetingStatus), 12.0, "status"),
            Column {
                kind: Number,
                ..shown("Presenze", 10.0)
            },
        ],
        sql: "SELECT m.id, m.title, m.kind, m.theme, m.territory_id, t.name, m.date, m.start_time,
                     m.end_time, m.place, m.status,
                     (SELECT count(*) FROM attendance a WHERE a.meeting_id = m.id AND a.deleted = 0)
              FROM meetings m JOIN sel ON sel.id = m.id
              LEFT JOIN territories t ON t.id = m.territory_id
              ORDER BY m.date, m.title, m.id",
    },
    Sheet {
        name: "Presenze",
        table: "attendance",
        meetings: true,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID incontro", Text, 38.0, "meeting_id"),
            shown("Incontro", 40.0),
            Column {
                kind: Date,
                ..shown("Data", 12.0)
            },
            col("ID persona", Text, 38.0, "person_id"),
            personal(shown("Cognome", 18.0), Personal::NameOf(4)),
            personal(shown("Nome", 16.0), Personal::GivenName),
            col("ID ente", Text, 38.0, "organisation_id"),
            shown("Ente", 40.0),
            col("Ruolo", Coded(List::AttendanceRole), 14.0, "role"),
            Column {
                kind: YesNo,
                ..shown("Operatore pubblico", 10.0)
            },
        ],
        sql: "SELECT a.id, m.id, m.title, m.date, p.id, p.family_name, p.given_name,
                     a.organisation_id, o.name, a.role, p.is_public_operator
              FROM meetings m JOIN attendance a ON a.meeting_id = m.id
              JOIN people p ON p.id = a.person_id
              LEFT JOIN organisations o ON o.id = a.organisation_id
              WHERE a.deleted = 0 AND +m.id IN (SELECT id FROM sel)
              ORDER BY m.date, m.title, m.id, p.family_name, a.id",
    },
    Sheet {
        name: "Enti",
        table: "organisations",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("Nome", Text, 50.0, "name"),
            col("Sigla", Text, 16.0, "short_name"),
            col("Tipo", Coded(List::OrgKind), 24.0, "kind"),
            col("Pubblico", YesNo, 9.0, "is_public"),
            col("Livello", Coded(List::Level), 10.0, "level"),
            col("Settori", CodedMany(List::Sector), 28.0, "sectors"),
            col("ID territorio", Text, 38.0, "territory_id"),
            shown("Territorio", 20.0),
            col("Paese", Text, 7.0, "country"),
            col("Indirizzo", Text, 30.0, "address"),
            col("E-mail", Text, 28.0, "email"),
            col("Telefono", Text, 14.0, "phone"),
            col("Tag", Text, 20.0, "tags"),
            col("Influenza", Number, 9.0, "influence"),
            col("Interesse", Number, 9.0, "interest"),
            col("Archiviato", YesNo, 9.0, "archived"),
            col("Note", Text, 30.0, "notes"),
        ],
        sql: "SELECT o.id, o.name, o.short_name, o.kind, o.is_public, o.level, o.sectors,
                     o.territory_id, t.name, o.country, o.address, o.email, o.phone, o.tags,
                     o.influence, o.interest, o.archived, o.notes
              FROM organisations o LEFT JOIN territories t ON t.id = o.territory_id
              WHERE o.deleted = 0 ORDER BY o.name, o.id",
    },
    Sheet {
        name: "Persone",
        table: "people",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            personal(
                col("Cognome", Text, 18.0, "family_name"),
                Personal::NameOf(0),
            ),
            personal(col("Nome", Text, 16.0, "given_name"), Personal::GivenName),
            col("ID ente", Text, 38.0, "organisation_id"),
            shown("Ente", 40.0),
            col("Ruolo", Text, 28.0, "role"),
            col("Categoria", Coded(List::OperatorCategory), 24.0, "category"),
            col("Operatore pubblico", YesNo, 10.0, "is_public_operator"),
            col("Lingue", Text, 12.0, "languages"),
            col("Interprete", YesNo, 10.0, "needs_interpreter"),
            personal(col("E-mail", Text, 28.0, "email"), Personal::Contact),
            personal(col("Telefono", Text, 14.0, "phone"), Personal::Contact),
        ],
        sql: "SELECT p.id, p.family_name, p.given_name, p.organisation_id, o.name, p.role,
                     p.category, p.is_public_operator, p.languages, p.needs_interpreter,
                     p.email, p.phone
              FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id
              WHERE p.deleted = 0 ORDER BY p.family_name, p.given_name, p.id",
    },
    Sheet {
        name: "Relazioni",
        table: "relationships",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("Tipo", Coded(List::RelationKind), 16.0, "kind"),
            col("ID ente di partenza", Text, 38.0, "from_org_id"),
            col("ID persona di partenza", Text, 38.0, "from_person_id"),
            personal(shown("Da", 40.0), Personal::NameOf(3)),
            col("ID ente di arrivo", Text, 38.0, "to_org_id"),
            shown("A", 40.0),
            col("Forza", Number, 7.0, "strength"),
            col("Dal", Date, 12.0, "since"),
            col("Al", Date, 12.0, "until"),
            col("Note", Text, 30.0, "notes"),
        ],
        sql: "SELECT r.id, r.kind, r.from_org_id, r.from_person_id,
                     coalesce(fo.name, fp.family_name || ' ' || fp.given_name), r.to_org_id,
                     t.name, r.strength, r.since, r.until, r.notes
              FROM relationships r JOIN organisations t ON t.id = r.to_org_id
              LEFT JOIN organisations fo ON fo.id = r.from_org_id
              LEFT JOIN people fp ON fp.id = r.from_person_id
              WHERE r.deleted = 0 ORDER BY r.kind, 5, t.name, r.id",
    },
    Sheet {
        name: "Note",
        table: "notes",
        meetings: true,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID incontro", Text, 38.0, "meeting_id"),
            shown("Incontro", 40.0),
            col("ID tavolo", Text, 38.0, "table_id"),
            col("ID domanda", Text, 38.0, "question_id"),
            col("Posizione", Number, 9.0, "position"),
            col("Ora", Timestamp, 17.0, "taken_at"),
            col("Tipo", Coded(List::NoteKind), 16.0, "kind"),
            col("Testo", Text, 80.0, "text"),
            col("Tag", Text, 20.0, "tags"),
            col("ID relatore", Text, 38.0, "speaker_id"),
            personal(shown("Relatore", 24.0), Personal::NameOf(10)),
            col("ID ente del relatore", Text, 38.0, "speaker_org_id"),
        ],
        sql: "SELECT n.id, m.id, m.title, n.table_id, n.question_id, n.position, n.taken_at,
                     n.kind, n.text, n.tags, n.speaker_id, p.family_name || ' ' || p.given_name,
                     n.speaker_org_id
              FROM meetings m CROSS JOIN notes n ON n.meeting_id = m.id
              LEFT JOIN people p ON p.id = n.speaker_id
              WHERE n.deleted = 0 AND +m.id IN (SELECT id FROM sel)
              ORDER BY m.date, m.title, m.id, n.position, n.id",
    },
    Sheet {
        name: "Tavoli",
        table: "meeting_tables",
        meetings: true,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID incontro", Text, 38.0, "meeting_id"),
            shown("Incontro", 40.0),
            col("Posizione", Number, 9.0, "position"),
            col("Titolo", Text, 50.0, "title"),
        ],
        sql: "SELECT k.id, m.id, m.title, k.position, k.title
              FROM meeting_tables k JOIN sel ON sel.id = k.meeting_id
              JOIN meetings m ON m.id = k.meeting_id
              WHERE k.deleted = 0 ORDER BY m.date, m.id, k.position, k.id",
    },
    Sheet {
        name: "Domande",
        table: "guiding_questions",
        meetings: true,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID tavolo", Text, 38.0, "table_id"),
            shown("Tavolo", 40.0),
            col("Posizione", Number, 9.0, "position"),
            col("Testo", Text, 80.0, "text"),
        ],
        sql: "SELECT q.id, k.id, k.title, q.position, q.text
              FROM guiding_questions q JOIN meeting_tables k ON k.id = q.table_id
              JOIN sel ON sel.id = k.meeting_id JOIN meetings m ON m.id = k.meeting_id
              WHERE q.deleted = 0 ORDER BY m.date, m.id, k.position, q.position, q.id",
    },
    Sheet {
        name: "Territori",
        table: "territories",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("Nome", Text, 40.0, "name"),
            col("Tipo", Coded(List::TerritoryKind), 16.0, "kind"),
            col("ID superiore", Text, 38.0, "parent_id"),
            shown("Superiore", 30.0),
        ],
        sql: "SELECT t.id, t.name, t.kind, t.parent_id, u.name
              FROM territories t LEFT JOIN territories u ON u.id = t.parent_id
              WHERE t.deleted = 0 ORDER BY t.name, t.id",
    },
    Sheet {
        name: "Gruppi di lavoro",
        table: "work_groups",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("Nome", Text, 40.0, "name"),
            col("ID territorio", Text, 38.0, "territory_id"),
            shown("Territorio", 24.0),
            col("Temi", CodedMany(List::Theme), 24.0, "themes"),
            col("Stato", Coded(List::GroupStatus), 12.0, "status"),
            Column {
                kind: Number,
                ..shown("Membri", 9.0)
            },
            Column {
                kind: Number,
                ..shown("Azioni", 9.0)
            },
        ],
        sql: "SELECT g.id, g.name, g.territory_id, t.name, g.themes, g.status,
                     (SELECT count(*) FROM group_members x JOIN people p ON p.id = x.person_id
                      WHERE x.group_id = g.id AND x.deleted = 0 AND p.deleted = 0),
                     (SELECT count(*) FROM group_actions a WHERE a.group_id = g.id AND a.deleted = 0)
              FROM work_groups g LEFT JOIN territories t ON t.id = g.territory_id
              WHERE g.deleted = 0 ORDER BY t.name, g.name, g.id",
    },
    Sheet {
        name: "Membri dei gruppi",
        table: "group_members",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID gruppo", Text, 38.0, "group_id"),
            shown("Gruppo", 36.0),
            col("ID persona", Text, 38.0, "person_id"),
            personal(shown("Cognome", 18.0), Personal::NameOf(3)),
            personal(shown("Nome", 16.0), Personal::GivenName),
            shown("Ente", 40.0),
            col("Ruolo", Coded(List::MemberRole), 14.0, "role"),
        ],
        sql: "SELECT x.id, g.id, g.name, p.id, p.family_name, p.given_name, o.name, x.role
              FROM group_members x JOIN work_groups g ON g.id = x.group_id
              JOIN people p ON p.id = x.person_id
              LEFT JOIN organisations o ON o.id = p.organisation_id
              WHERE x.deleted = 0 AND g.deleted = 0
              ORDER BY g.name, g.id, p.family_name, p.given_name, x.id",
    },
    Sheet {
        name: "Incontri dei gruppi",
        table: "group_meetings",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID gruppo", Text, 38.0, "group_id"),
            shown("Gruppo", 36.0),
            col("ID incontro", Text, 38.0, "meeting_id"),
            shown("Incontro", 40.0),
            Column {
                kind: Date,
                ..shown("Data", 12.0)
            },
        ],
        sql: "SELECT x.id, g.id, g.name, m.id, m.title, m.date
              FROM group_meetings x JOIN work_groups g ON g.id = x.group_id
              JOIN meetings m ON m.id = x.meeting_id
              WHERE x.deleted = 0 AND g.deleted = 0
              ORDER BY g.name, g.id, m.date, m.id",
    },
    Sheet {
        name: "Azioni",
        table: "group_actions",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID gruppo", Text, 38.0, "group_id"),
            shown("Gruppo", 36.0),
            col("Titolo", Text, 45.0, "title"),
            col("Descrizione", Text, 50.0, "description"),
            col("ID ente responsabile", Text, 38.0, "owner_org_id"),
            shown("Ente responsabile", 36.0),
            col("Stato", Coded(List::ActionStatus), 14.0, "status"),
            col("Inizio", Date, 12.0, "start_date"),
            col("Scadenza", Date, 12.0, "due_date"),
            col("Finanziamento", Text, 18.0, "funding"),
        ],
        sql: "SELECT a.id, g.id, g.name, a.title, a.description, a.owner_org_id, o.name,
                     a.status, a.start_date, a.due_date, a.funding
              FROM group_actions a JOIN work_groups g ON g.id = a.group_id
              LEFT JOIN organisations o ON o.id = a.owner_org_id
              WHERE a.deleted = 0 AND g.deleted = 0
              ORDER BY g.name, g.id, a.due_date IS NULL, a.due_date, a.title, a.id",
    },
    Sheet {
        name: "Legami delle azioni",
        table: "action_links",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID azione", Text, 38.0, "action_id"),
            shown("Azione", 40.0),
            col("ID ente partner", Text, 38.0, "organisation_id"),
            shown("Ente partner", 36.0),
            col("ID nota", Text, 38.0, "note_id"),
            shown("Nota", 60.0),
        ],
        sql: "SELECT l.id, a.id, a.title, l.organisation_id, o.name, l.note_id, n.text
              FROM action_links l JOIN group_actions a ON a.id = l.action_id
              LEFT JOIN organisations o ON o.id = l.organisation_id
              LEFT JOIN notes n ON n.id = l.note_id
              WHERE l.deleted = 0 AND a.deleted = 0
              ORDER BY a.title, a.id, l.note_id IS NOT NULL, o.name, l.id",
    },
    Sheet {
        name: "Consensi",
        table: "consents",
        meetings: false,
        columns: &[
            col("ID", Text, 38.0, "id"),
            col("ID persona", Text, 38.0, "person_id"),
            personal(shown("Cognome", 18.0), Personal::NameOf(1)),
            personal(shown("Nome", 16.0), Personal::GivenName),
            col("Finalità", Coded(List::ConsentPurpose), 30.0, "purpose"),
            col("Dato", YesNo, 8.0, "given"),
            col("Come", Coded(List::ConsentHow), 16.0, "how"),
            col("Dato il", Date, 12.0, "given_on"),
            col("Revocato il", Date, 12.0, "withdrawn_on"),
        ],
        sql: "SELECT c.id, p.id, p.family_name, p.given_name, c.purpose, c.given, c.how,
                     c.given_on, c.withdrawn_on
              FROM consents c JOIN people p ON p.id = c.person_id
              WHERE c.deleted = 0 AND p.deleted = 0
              ORDER BY p.family_key, p.given_key, p.id, c.purpose, c.id",
    },
];
