-- Tavolo schema, version 1. Never edit this file once released: add a new migration.
--
-- Conventions:
--  * every row has a TEXT primary key holding a UUID (v7 for records, v5 of the two
--    ends for link rows such as attendance);
--  * `deleted` is the tombstone: rows are never removed by the application, so that
--    a deletion can travel to other laptops like any other change;
--  * every foreign key is indexed and says ON DELETE RESTRICT on purpose: nothing is
--    hard-deleted by the application, so a hard delete that would orphan rows is a
--    bug and must fail.

CREATE TABLE territories (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('region', 'province', 'municipality', 'district')),
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES territories (id) ON DELETE RESTRICT,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX territories_parent ON territories (parent_id);

CREATE TABLE organisations (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    short_name   TEXT,
    kind         TEXT NOT NULL,
    is_public    INTEGER NOT NULL CHECK (is_public IN (0, 1)),
    level        TEXT NOT NULL CHECK (level IN ('eu', 'national', 'regional', 'local')),
    -- Space-separated sector codes, e.g. 'health work'.
    sectors      TEXT NOT NULL DEFAULT '',
    territory_id TEXT REFERENCES territories (id) ON DELETE RESTRICT,
    -- ISO 3166-1 alpha-2 for foreign partners; NULL means Italy.
    country      TEXT,
    email        TEXT,
    phone        TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX organisations_territory ON organisations (territory_id);

CREATE TABLE people (
    id                 TEXT PRIMARY KEY NOT NULL,
    given_name         TEXT NOT NULL,
    family_name        TEXT NOT NULL,
    organisation_id    TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    role               TEXT,
    category           TEXT,
    is_public_operator INTEGER NOT NULL DEFAULT 0 CHECK (is_public_operator IN (0, 1)),
    email              TEXT,
    phone              TEXT,
    deleted            INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX people_organisation ON people (organisation_id);

CREATE TABLE meetings (
    id           TEXT PRIMARY KEY NOT NULL,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    theme        TEXT NOT NULL,
    territory_id TEXT REFERENCES territories (id) ON DELETE RESTRICT,
    -- ISO 8601 date (YYYY-MM-DD) and times (HH:MM), local time of the meeting.
    date         TEXT NOT NULL,
    start_time   TEXT,
    end_time     TEXT,
    place        TEXT,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX meetings_territory ON meetings (territory_id);
CREATE INDEX meetings_date ON meetings (date);

-- The tables (tavoli) of a meeting, each with its guiding questions.
CREATE TABLE meeting_tables (
    id          TEXT PRIMARY KEY NOT NULL,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX meeting_tables_meeting ON meeting_tables (meeting_id);

CREATE TABLE guiding_questions (
    id          TEXT PRIMARY KEY NOT NULL,
    table_id    TEXT NOT NULL REFERENCES meeting_tables (id) ON DELETE RESTRICT,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX guiding_questions_table ON guiding_questions (table_id);

-- Who came to a meeting. The id is a UUIDv5 of (meeting, person), so two laptops
-- checking in the same person produce the same row.
CREATE TABLE attendance (
    id              TEXT PRIMARY KEY NOT NULL,
    meeting_id      TEXT NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    person_id       TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    -- The organisation the person represented at that meeting.
    organisation_id TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    role            TEXT NOT NULL CHECK (role IN ('participant', 'facilitator', 'speaker', 'observer')),
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX attendance_meeting ON attendance (meeting_id);
CREATE INDEX attendance_person ON attendance (person_id);
CREATE INDEX attendance_organisation ON attendance (organisation_id);

-- The change log: one row per changed field, per write. Rows written on this laptop
-- carry this laptop's device id and a gap-free sequence; rows received from other
-- laptops keep theirs. `value` has no declared type so SQLite keeps each value's own
-- type (text, integer, real, NULL). The newest `hlc` for (tbl, row_id, field) is the
-- value the row holds.
CREATE TABLE change_log (
    device  TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    hlc     TEXT NOT NULL,
    tbl     TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    field   TEXT NOT NULL,
    value,
    PRIMARY KEY (device, seq, field)
) WITHOUT ROWID;
CREATE INDEX change_log_field ON change_log (tbl, row_id, field, hlc);
CREATE INDEX change_log_hlc ON change_log (hlc);

-- Facts about this copy of the database that never travel to other laptops
-- (its device id, above all).
CREATE TABLE local_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
