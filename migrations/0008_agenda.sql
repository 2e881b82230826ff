-- Tavolo schema, version 8: a meeting's agenda (programma), as seed 004's final
-- workshop shows it: 9:00 registration, institutional greetings, talks, the
-- morning's tables, the afternoon plenary. Each item has a start time, a title, a
-- kind and its speakers: people of the register, or a guest by name and role.
-- Both tables are replicated (change log, sync) like the rest.
-- Never edit this file once released: add a new migration.

CREATE TABLE agenda_items (
    id         TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    -- HH:MM, the meeting's local time, like meetings.start_time.
    at         TEXT NOT NULL,
    title      TEXT NOT NULL,
    -- registration, greetings, talk, tables, plenary, break, conclusions; an open
    -- list (no CHECK), so that a newer Tavolo's kind arrives as it is.
    kind       TEXT,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, at);

CREATE TABLE agenda_speakers (
    id        TEXT PRIMARY KEY NOT NULL,
    item_id   TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE RESTRICT,
    -- A person of the register, or else a guest by name (and role).
    person_id TEXT REFERENCES people (id) ON DELETE RESTRICT,
    name      TEXT,
    role      TEXT,
    position  INTEGER NOT NULL DEFAULT 0,
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX agenda_speakers_item ON agenda_speakers (item_id, position);
