-- Tavolo schema, version 9: what the meetings lead to (seed 000, seed 003).
--   * the synthesis paragraph a facilitator writes for each table of a meeting,
--     kept with the report di sintesi;
--   * the territorial work groups (gruppi di lavoro): members, their meetings, and
--     the co-design actions (coprogettazioni) with their partners and the notes
--     that motivated them;
--   * the guidelines for each territory's PIA (linee guida): sections, clauses,
--     each clause's source notes, the recommendations set aside with a reason,
--     the work group's comments and the snapshots of the whole document.
-- Every table is replicated (change log, sync) like the rest; links that two
-- laptops may make at once have name-based ids (store/ids.rs link_id), so they
-- meet as one row. Kinds and statuses are open lists (no CHECK), so that a newer
-- Tavolo's code arrives as it is; the code checks them when it writes.
-- Never edit this file once released: add a new migration.

CREATE TABLE table_syntheses (
    id       TEXT PRIMARY KEY NOT NULL,
    table_id TEXT NOT NULL REFERENCES meeting_tables (id) ON DELETE RESTRICT,
    text     TEXT NOT NULL DEFAULT '',
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX table_syntheses_table ON table_syntheses (table_id);

CREATE TABLE work_groups (
    id           TEXT PRIMARY KEY NOT NULL,
    territory_id TEXT NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
    name         TEXT NOT NULL,
    -- Space-separated theme codes (health education work housing other).
    themes       TEXT NOT NULL DEFAULT '',
    -- active, paused, closed.
    status       TEXT NOT NULL DEFAULT 'active',
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX work_groups_territory ON work_groups (territory_id);

CREATE TABLE group_members (
    id       TEXT PRIMARY KEY NOT NULL,
    group_id TEXT NOT NULL REFERENCES work_groups (id) ON DELETE RESTRICT,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    -- coordinator, member, observer.
    role     TEXT NOT NULL DEFAULT 'member',
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX group_members_group ON group_members (group_id);
CREATE INDEX group_members_person ON group_members (person_id);

CREATE TABLE group_meetings (
    id         TEXT PRIMARY KEY NOT NULL,
    group_id   TEXT NOT NULL REFERENCES work_groups (id) ON DELETE RESTRICT,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX group_meetings_group ON group_meetings (group_id);

CREATE TABLE group_actions (
    id           TEXT PRIMARY KEY NOT NULL,
    group_id     TEXT NOT NULL REFERENCES work_groups (id) ON DELETE RESTRICT,
    title        TEXT NOT NULL,
    description  TEXT,
    owner_org_id TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    -- proposed, agreed, in_progress, done, dropped.
    status       TEXT NOT NULL DEFAULT 'proposed',
    -- YYYY-MM-DD.
    start_date   TEXT,
    due_date     TEXT,
    -- Free text (FAMI, FSE+, PNRR, regional, municipal ...).
    funding      TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX group_actions_group ON group_actions (group_id);

-- What an action links to: a partner organisation, or a note that motivated it
-- (exactly one of the two).
CREATE TABLE action_links (
    id              TEXT PRIMARY KEY NOT NULL,
    action_id       TEXT NOT NULL REFERENCES group_actions (id) ON DELETE RESTRICT,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    note_id         TEXT REFERENCES notes (id) ON DELETE RESTRICT,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX action_links_action ON action_links (action_id);
CREATE INDEX action_links_note ON action_links (note_id);

-- One draft per territory (its id is derived from the territory's).
CREATE TABLE guidelines (
    id           TEXT PRIMARY KEY NOT NULL,
    territory_id TEXT NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
    title        TEXT NOT NULL,
    -- draft, discussed, final.
    status       TEXT NOT NULL DEFAULT 'draft',
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX guidelines_territory ON guidelines (territory_id);

CREATE TABLE guideline_sections (
    id            TEXT PRIMARY KEY NOT NULL,
    guidelines_id TEXT NOT NULL REFERENCES guidelines (id) ON DELETE RESTRICT,
    -- The built-in section's key (health ... accessibility), NULL for one added.
    key           TEXT,
    title         TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX guideline_sections_guidelines ON guideline_sections (guidelines_id, position);

CREATE TABLE clauses (
    id         TEXT PRIMARY KEY NOT NULL,
    section_id TEXT NOT NULL REFERENCES guideline_sections (id) ON DELETE RESTRICT,
    position   INTEGER NOT NULL DEFAULT 0,
    text       TEXT NOT NULL,
    -- draft, discussed, agreed.
    status     TEXT NOT NULL DEFAULT 'draft',
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX clauses_section ON clauses (section_id, position);

CREATE TABLE clause_sources (
    id        TEXT PRIMARY KEY NOT NULL,
    clause_id TEXT NOT NULL REFERENCES clauses (id) ON DELETE RESTRICT,
    note_id   TEXT NOT NULL REFERENCES notes (id) ON DELETE RESTRICT,
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX clause_sources_clause ON clause_sources (clause_id);
CREATE INDEX clause_sources_note ON clause_sources (note_id);

CREATE TABLE clause_comments (
    id        TEXT PRIMARY KEY NOT NULL,
    clause_id TEXT NOT NULL REFERENCES clauses (id) ON DELETE RESTRICT,
    -- Who commented, as they signed it (a name or a role).
    author    TEXT,
    text      TEXT NOT NULL,
    -- Milliseconds since the epoch.
    at        INTEGER NOT NULL,
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX clause_comments_clause ON clause_comments (clause_id, at);

-- A recommendation or proposal the draft deliberately does not use, and why.
CREATE TABLE set_asides (
    id            TEXT PRIMARY KEY NOT NULL,
    guidelines_id TEXT NOT NULL REFERENCES guidelines (id) ON DELETE RESTRICT,
    note_id       TEXT NOT NULL REFERENCES notes (id) ON DELETE RESTRICT,
    reason        TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX set_asides_guidelines ON set_asides (guidelines_id);

-- A snapshot of the whole document, taken when it is marked discussed or final.
CREATE TABLE guideline_versions (
    id            TEXT PRIMARY KEY NOT NULL,
    guidelines_id TEXT NOT NULL REFERENCES guidelines (id) ON DELETE RESTRICT,
    -- The status the document was marked with.
    status        TEXT NOT NULL,
    -- Milliseconds since the epoch.
    taken_at      INTEGER NOT NULL,
    -- JSON: the sections and their clauses (id, text, status, source note ids).
    snapshot      TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX guideline_versions_guidelines ON guideline_versions (guidelines_id, taken_at);
