-- Tavolo schema, version 4: the draft of the note being typed in each meeting's
-- console, saved as the facilitator types so a crash loses at most a fraction of a
-- second. Drafts are this laptop's own and never travel (like local_meta), so the
-- table is not in the change log.
-- Never edit this file once released: add a new migration.

CREATE TABLE note_drafts (
    meeting_id TEXT PRIMARY KEY NOT NULL,
    text       TEXT NOT NULL,
    -- Milliseconds since the Unix epoch, from the store's clock.
    saved_at   INTEGER NOT NULL
);
