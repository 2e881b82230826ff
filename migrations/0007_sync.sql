-- Schema 7: sync between laptops. Both tables are this laptop's own, like
-- local_meta: they never travel and are outside the change log.

-- What this laptop has applied of each other device's changes: every sequence
-- number up to last_seq (bundles are applied in order, so there are no gaps).
CREATE TABLE sync_peers (
    device     TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    last_seq   INTEGER NOT NULL,
    last_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Bundles read but not applied yet, and why: changes of a device that come
-- after a gap (the earlier bundle has not arrived), a newer schema, a clock
-- far ahead. They are tried again at every sync.
CREATE TABLE sync_held (
    file    TEXT PRIMARY KEY NOT NULL,
    device  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    at_ms   INTEGER NOT NULL
) WITHOUT ROWID;
