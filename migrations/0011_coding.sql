-- Tavolo schema, version 11: analysing what was said (issue 13).
--   * codes: the codebook, a tree (parent_id) of codes with a name, a
--     description, a colour (#rrggbb), a memo, and the #tag a code was made
--     from (folded, as notes.tags holds it): a note with that tag is coded with
--     the code as a whole, without a row of its own. A code made from a tag has
--     the name-based id of the tag, so two laptops building the codebook from
--     the same tags meet as one row. A code merged into another names it in
--     merged_into (its passages and its tag count for the other); a retired
--     code stays, offered no more.
--   * codings: a passage of a note (start_char and end_char in characters of
--     the text, counted from 0, the end excluded; both NULL for the whole note) coded with a code, by whom
--     and when, with the passage's words as they were (quote), so an edit of
--     the note can find them again, or mark the passage for review (review = 1)
--     when it cannot — never shifted silently onto other words.
-- Never edit this file once released: add a new migration.

CREATE TABLE codes (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colour      TEXT NOT NULL DEFAULT '',
    memo        TEXT NOT NULL DEFAULT '',
    parent_id   TEXT REFERENCES codes (id) ON DELETE RESTRICT,
    tag         TEXT,
    merged_into TEXT REFERENCES codes (id) ON DELETE RESTRICT,
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX codes_tag ON codes (tag);

CREATE TABLE codings (
    id       TEXT PRIMARY KEY NOT NULL,
    note_id  TEXT NOT NULL REFERENCES notes (id) ON DELETE RESTRICT,
    code_id  TEXT NOT NULL REFERENCES codes (id) ON DELETE RESTRICT,
    start_char INTEGER,
    end_char   INTEGER,
    quote    TEXT NOT NULL DEFAULT '',
    coder    TEXT NOT NULL DEFAULT '',
    -- Milliseconds since the Unix epoch.
    coded_at INTEGER NOT NULL,
    review   INTEGER NOT NULL DEFAULT 0 CHECK (review IN (0, 1)),
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX codings_note ON codings (note_id);
CREATE INDEX codings_code ON codings (code_id);
