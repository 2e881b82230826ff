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
    -- wait: for changes not arrived yet; schema: newer Tavolo; clock: far ahead,
    -- until someone accepts that device's clock.
    kind    TEXT NOT NULL CHECK (kind IN ('wait', 'schema', 'clock')),
    reason  TEXT NOT NULL,
    at_ms   INTEGER NOT NULL
) WITHOUT ROWID;

-- What each device had applied of each other's changes, and when (its own
-- sequence at that moment): read from its bundles, written here for this
-- laptop's own. It tells an edit made knowing another from a concurrent one.
CREATE TABLE sync_seen (
    device  TEXT NOT NULL,
    peer    TEXT NOT NULL,
    up_to   INTEGER NOT NULL,
    at_seq  INTEGER NOT NULL,
    PRIMARY KEY (device, peer, up_to)
) WITHOUT ROWID;

-- Text fields changed on two laptops without either having seen the other's
-- change. The value that won by clock is in the row; the other is kept here until
-- someone keeps one or writes a merged text (that write, which knows both,
-- resolves it on every laptop). Every laptop finds the same conflicts.
CREATE TABLE sync_conflicts (
    id           TEXT PRIMARY KEY NOT NULL,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    field        TEXT NOT NULL,
    kept_device  TEXT NOT NULL,
    kept_seq     INTEGER NOT NULL,
    kept_hlc     TEXT NOT NULL,
    other_device TEXT NOT NULL,
    other_seq    INTEGER NOT NULL,
    other_hlc    TEXT NOT NULL,
    other_value,
    resolved_hlc TEXT
) WITHOUT ROWID;
CREATE INDEX sync_conflicts_field ON sync_conflicts (tbl, row_id, field);
