-- Tavolo schema, version 2: notes taken live in meetings, with full-text search.
-- Never edit this file once released: add a new migration.

CREATE TABLE notes (
    id             TEXT PRIMARY KEY NOT NULL,
    meeting_id     TEXT NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    table_id       TEXT REFERENCES meeting_tables (id) ON DELETE RESTRICT,
    question_id    TEXT REFERENCES guiding_questions (id) ON DELETE RESTRICT,
    speaker_id     TEXT REFERENCES people (id) ON DELETE RESTRICT,
    -- The organisation the speaker represented when the note was taken.
    speaker_org_id TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    kind           TEXT CHECK (kind IS NULL OR kind IN ('need', 'recommendation', 'good_practice',
                       'critical_issue', 'proposal', 'commitment', 'quote')),
    text           TEXT NOT NULL,
    -- Space-separated folded tags, from the #tags in the text.
    tags           TEXT NOT NULL DEFAULT '',
    -- Milliseconds since the Unix epoch, from the store's clock.
    taken_at       INTEGER NOT NULL,
    -- Order of the notes within the meeting; fractional so a note can be moved
    -- between two others without renumbering.
    position       REAL NOT NULL,
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX notes_meeting ON notes (meeting_id, position);
CREATE INDEX notes_table ON notes (table_id);
CREATE INDEX notes_question ON notes (question_id);
CREATE INDEX notes_speaker ON notes (speaker_id);
CREATE INDEX notes_speaker_org ON notes (speaker_org_id);

-- Full-text index of the notes, kept by triggers: accent-insensitive, prefix search.
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    text, tags,
    content = 'notes', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text, tags) VALUES ('delete', old.rowid, old.text, old.tags);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF text, tags ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, text, tags) VALUES ('delete', old.rowid, old.text, old.tags);
    INSERT INTO notes_fts (rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
END;
