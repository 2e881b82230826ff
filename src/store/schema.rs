//! The database schema: the migrations, and the list of replicated tables and their
//! fields that the one write path is allowed to touch.
//!
//! Migrations are SQL files under `migrations/`, applied in order, each in its own
//! transaction together with the new `user_version`, so a crash mid-upgrade leaves
//! the previous version intact. Released migrations are never edited; the test
//! `tests/migrations.rs` checks that upgrading every older version gives exactly the
//! schema of a fresh database.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The migrations, in order. Index `i` upgrades the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_notes.sql"),
    include_str!("../../migrations/0003_register.sql"),
    include_str!("../../migrations/0004_drafts.sql"),
    include_str!("../../migrations/0005_export_order.sql"),
    include_str!("../../migrations/0006_search_keys.sql"),
    include_str!("../../migrations/0007_sync.sql"),
    include_str!("../../migrations/0008_agenda.sql"),
    include_str!("../../migrations/0009_groups_guidelines.sql"),
    include_str!("../../migrations/0010_consent.sql"),
    include_str!("../../migrations/0011_coding.sql"),
    include_str!("../../migrations/0012_practices.sql"),
    include_str!("../../migrations/0013_partial_note_indexes.sql"),
    include_str!("../../migrations/0014_log_without_stamp_index.sql"),
    include_str!("../../migrations/0015_lean_change_log.sql"),
];

/// The schema whose migration rewrote the change log (0015): a file upgraded
/// across it is vacuumed once.
pub const LEAN_LOG: i64 = 15;

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of a database.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database to [`VERSION`]. Refuses a database written by a newer Tavolo.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, VERSION)
}

/// Registers the SQL functions the schema's triggers and the queries call:
/// `fold(text)`, [`crate::text::fold`] (lower case, no accents). Every connection
/// that writes needs it: the triggers of migration 0006 keep the folded name
/// keys with it.
pub fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            // Borrow the text from SQLite instead of copying it first.
            if let rusqlite::types::ValueRef::Text(bytes) = ctx.get_raw(0) {
                return Ok(Some(crate::text::fold(&String::from_utf8_lossy(bytes))));
            }
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| crate::text::fold(&t)))
        },
    )?;
    Ok(())
}

/// Brings the database to `target` (used by tests to build older schemas).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    register_functions(conn)?;
    let current = version(conn)?;
    if current > VERSION {
        return Err(Error::Conflict(format!(
            "this database was written by a newer version of Tavolo (schema {current}, this version knows up to {VERSION}); update Tavolo to open it"
        )));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let to = index as i64 + 1;
        if to <= current || to > target {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", to)?;
        tx.commit()?;
    }
    Ok(())
}

/// A replicated table: its name and the fields a write may set (besides `id`).
/// The change log names tables and fields as text, and changes received from
/// another laptop are untrusted input, so every name used in generated SQL is
/// checked against this list first.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub fields: &'static [&'static str],
}

impl Table {
    /// Whether `field` is a field of this table.
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.contains(&field)
    }
}

pub const TERRITORIES: Table = Table {
    name: "territories",
    fields: &["kind", "name", "parent_id", "deleted"],
};

pub const ORGANISATIONS: Table = Table {
    name: "organisations",
    fields: &[
        "name",
        "short_name",
        "kind",
        "is_public",
        "level",
        "sectors",
        "territory_id",
        "country",
        "email",
        "phone",
        "notes",
        "address",
        "tags",
        "influence",
        "interest",
        "archived",
        "deleted",
    ],
};

pub const PEOPLE: Table = Table {
    name: "people",
    fields: &[
        "given_name",
        "family_name",
        "organisation_id",
        "role",
        "category",
        "is_public_operator",
        "email",
        "phone",
        "languages",
        "needs_interpreter",
        "minor",
        "deleted",
    ],
};

pub const MEETINGS: Table = Table {
    name: "meetings",
    fields: &[
        "title",
        "kind",
        "theme",
        "territory_id",
        "date",
        "start_time",
        "end_time",
        "place",
        "status",
        "deleted",
    ],
};

pub const MEETING_TABLES: Table = Table {
    name: "meeting_tables",
    fields: &["meeting_id", "position", "title", "deleted"],
};

pub const GUIDING_QUESTIONS: Table = Table {
    name: "guiding_questions",
    fields: &["table_id", "position", "text", "deleted"],
};

pub const ATTENDANCE: Table = Table {
    name: "attendance",
    fields: &[
        "meeting_id",
        "person_id",
        "organisation_id",
        "role",
        "deleted",
    ],
};

pub const NOTES: Table = Table {
    name: "notes",
    fields: &[
        "meeting_id",
        "table_id",
        "question_id",
        "speaker_id",
        "speaker_org_id",
        "kind",
        "text",
        "tags",
        "taken_at",
        "position",
        "deleted",
    ],
};

pub const RELATIONSHIPS: Table = Table {
    name: "relationships",
    fields: &[
        "kind",
        "from_org_id",
        "from_person_id",
        "to_org_id",
        "strength",
        "since",
        "until",
        "notes",
        "deleted",
    ],
};

pub const AGENDA_ITEMS: Table = Table {
    name: "agenda_items",
    fields: &["meeting_id", "at", "title", "kind", "deleted"],
};

pub const AGENDA_SPEAKERS: Table = Table {
    name: "agenda_speakers",
    fields: &[
        "item_id",
        "person_id",
        "name",
        "role",
        "position",
        "deleted",
    ],
};

pub const TABLE_SYNTHESES: Table = Table {
    name: "table_syntheses",
    fields: &["table_id", "text", "deleted"],
};

pub const WORK_GROUPS: Table = Table {
    name: "work_groups",
    fields: &["territory_id", "name", "themes", "status", "deleted"],
};

pub const GROUP_MEMBERS: Table = Table {
    name: "group_members",
    fields: &["group_id", "person_id", "role", "deleted"],
};

pub const GROUP_MEETINGS: Table = Table {
    name: "group_meetings",
    fields: &["group_id", "meeting_id", "deleted"],
};

pub const GROUP_ACTIONS: Table = Table {
    name: "group_actions",
    fields: &[
        "group_id",
        "title",
        "description",
        "owner_org_id",
        "status",
        "start_date",
        "due_date",
        "funding",
        "deleted",
    ],
};

pub const ACTION_LINKS: Table = Table {
    name: "action_links",
    fields: &["action_id", "organisation_id", "note_id", "deleted"],
};

pub const GUIDELINES: Table = Table {
    name: "guidelines",
    fields: &["territory_id", "title", "status", "deleted"],
};

pub const GUIDELINE_SECTIONS: Table = Table {
    name: "guideline_sections",
    fields: &["guidelines_id", "key", "title", "position", "deleted"],
};

pub const CLAUSES: Table = Table {
    name: "clauses",
    fields: &["section_id", "position", "text", "status", "deleted"],
};

pub const CLAUSE_SOURCES: Table = Table {
    name: "clause_sources",
    fields: &["clause_id", "note_id", "deleted"],
};

pub const CLAUSE_COMMENTS: Table = Table {
    name: "clause_comments",
    fields: &["clause_id", "author", "text", "at", "deleted"],
};

pub const SET_ASIDES: Table = Table {
    name: "set_asides",
    fields: &["guidelines_id", "note_id", "reason", "deleted"],
};

pub const GUIDELINE_VERSIONS: Table = Table {
    name: "guideline_versions",
    fields: &["guidelines_id", "status", "taken_at", "snapshot", "deleted"],
};

pub const CONSENTS: Table = Table {
    name: "consents",
    fields: &[
        "person_id",
        "purpose",
        "given",
        "how",
        "given_on",
        "withdrawn_on",
        "deleted",
    ],
};

pub const ERASURES: Table = Table {
    name: "erasures",
    fields: &["erased_on", "notes", "deleted"],
};

pub const EXPORTS: Table = Table {
    name: "exports",
    fields: &[
        "at_ms",
        "kind",
        "file",
        "filter",
        "pseudonymised",
        "device_name",
        "deleted",
    ],
};

pub const CODES: Table = Table {
    name: "codes",
    fields: &[
        "name",
        "description",
        "colour",
        "memo",
        "parent_id",
        "tag",
        "merged_into",
        "retired",
        "deleted",
    ],
};

pub const CODINGS: Table = Table {
    name: "codings",
    fields: &[
        "note_id",
        "code_id",
        "start_char",
        "end_char",
        "quote",
        "coder",
        "coded_at",
        "review",
        "deleted",
    ],
};

pub const PRACTICES: Table = Table {
    name: "practices",
    fields: &[
        "title",
        "summary",
        "territory_id",
        "country",
        "foreign_region",
        "sectors",
        "targets",
        "period_from",
        "period_to",
        "cost_eur",
        "funding",
        "evidence",
        "status",
        "deleted",
    ],
};

pub const PRACTICE_LINKS: Table = Table {
    name: "practice_links",
    fields: &["practice_id", "organisation_id", "note_id", "deleted"],
};

pub const PRACTICE_PANEL: Table = Table {
    name: "practice_panel",
    fields: &["practice_id", "person_id", "deleted"],
};

pub const PRACTICE_REVIEWS: Table = Table {
    name: "practice_reviews",
    fields: &[
        "practice_id",
        "reviewer_id",
        "criterion",
        "score",
        "comment",
        "scored_at",
        "deleted",
    ],
};

pub const INTERVENTIONS: Table = Table {
    name: "interventions",
    fields: &["title", "description", "start_period", "deleted"],
};

pub const INTERVENTION_UNITS: Table = Table {
    name: "intervention_units",
    fields: &["intervention_id", "territory_id", "treated", "deleted"],
};

pub const OUTCOME_VALUES: Table = Table {
    name: "outcome_values",
    fields: &[
        "intervention_id",
        "indicator",
        "territory_id",
        "period",
        "value",
        "deleted",
    ],
};

pub const FEDERATION_PACKAGES: Table = Table {
    name: "federation_packages",
    fields: &["region", "signer", "made_at", "body", "deleted"],
};

/// Every replicated table, parents before children.
pub const TABLES: &[&Table] = &[
    &TERRITORIES,
    &ORGANISATIONS,
    &PEOPLE,
    &MEETINGS,
    &MEETING_TABLES,
    &GUIDING_QUESTIONS,
    &ATTENDANCE,
    &NOTES,
    &RELATIONSHIPS,
    &AGENDA_ITEMS,
    &AGENDA_SPEAKERS,
    &TABLE_SYNTHESES,
    &WORK_GROUPS,
    &GROUP_MEMBERS,
    &GROUP_MEETINGS,
    &GROUP_ACTIONS,
    &ACTION_LINKS,
    &GUIDELINES,
    &GUIDELINE_SECTIONS,
    &CLAUSES,
    &CLAUSE_SOURCES,
    &CLAUSE_COMMENTS,
    &SET_ASIDES,
    &GUIDELINE_VERSIONS,
    &CONSENTS,
    &ERASURES,
    &EXPORTS,
    &CODES,
    &CODINGS,
    &PRACTICES,
    &PRACTICE_LINKS,
    &PRACTICE_PANEL,
    &PRACTICE_REVIEWS,
    &INTERVENTIONS,
    &INTERVENTION_UNITS,
    &OUTCOME_VALUES,
    &FEDERATION_PACKAGES,
];

/// Looks a replicated table up by name.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.name == name)
}
