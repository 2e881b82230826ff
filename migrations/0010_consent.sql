-- Tavolo schema, version 10: personal data as the law asks (issue 14).
--   * consents by purpose, one row per person and purpose (its id is the
--     name-based id of both, so two laptops recording one meet as one row):
--     kept in the network's register, name in minutes and reports, quotes,
--     photos; given or withdrawn, how (signed sheet, verbal, form) and when;
--   * a person may be marked a minor: never named in what Tavolo prints or
--     exports for others.
--   * erasures: a person erased on request (GDPR art. 17). The record travels to
--     the other laptops like any row; each one, on receiving it and after every
--     later sync or restore, blanks the person again and purges the old values
--     from its change log and search index (privacy/erasure.rs).
--   * the register of exports: every file written that may hold people's names
--     (a workbook, minutes, a person's data), when, on which laptop, with which
--     filter and whether pseudonymised — so that, after an erasure, the office
--     knows which files written before it held the person.
-- Purposes and ways are open lists (no CHECK), as in schema 9.
-- Never edit this file once released: add a new migration.

CREATE TABLE consents (
    id           TEXT PRIMARY KEY NOT NULL,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    -- register, names, quotes, photos.
    purpose      TEXT NOT NULL,
    -- 1 given, 0 withdrawn.
    given        INTEGER NOT NULL CHECK (given IN (0, 1)),
    -- signed_sheet, verbal, form.
    how          TEXT,
    -- ISO dates (YYYY-MM-DD).
    given_on     TEXT,
    withdrawn_on TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX consents_person ON consents (person_id);

ALTER TABLE people ADD COLUMN minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1));

CREATE TABLE erasures (
    -- The erased person's id: one erasure per person.
    id        TEXT PRIMARY KEY NOT NULL,
    -- ISO date.
    erased_on TEXT NOT NULL,
    -- Space-separated ids of the notes the erasure changed (the person's words
    -- no longer attributed to them, their name taken out of a text): where each
    -- laptop purges the old values.
    notes     TEXT NOT NULL DEFAULT '',
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE exports (
    id            TEXT PRIMARY KEY NOT NULL,
    -- Milliseconds since the Unix epoch.
    at_ms         INTEGER NOT NULL,
    -- workbook, minutes, access.
    kind          TEXT NOT NULL,
    -- The file's name, without its folder.
    file          TEXT NOT NULL,
    -- The filter, as the user chose it ("" for everything).
    filter        TEXT NOT NULL DEFAULT '',
    pseudonymised INTEGER NOT NULL DEFAULT 0 CHECK (pseudonymised IN (0, 1)),
    -- The name of the laptop that wrote it.
    device_name   TEXT NOT NULL DEFAULT '',
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX exports_at ON exports (at_ms);
