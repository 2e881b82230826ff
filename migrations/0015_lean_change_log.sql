-- Tavolo schema, version 15: a leaner change log. Every entry named its device by
-- its 32-character id and carried its stamp as 59 characters of text holding the
-- id again, and every field of a write repeated the write's device, stamp, table
-- and row, in the table and again in its index: about 320 bytes an entry, most of
-- the file (a workbook's import at 100,000 notes wrote 1.3 GB, of which the log
-- was nine tenths). Now:
-- - the file numbers its devices once (`log_devices`);
-- - a write is one row of `change_writes`: its device's number, its sequence, its
--   stamp as two numbers (milliseconds, counter; the stamp's device is the
--   write's own: Tavolo stamps every write with its own device, and from this
--   version on refuses a received change whose stamp names another), its table
--   and its row;
-- - each field it changed is one row of `change_entries`: the write's key, the
--   field and the value.
--
-- The view `change_log` shows the entries as they travel between laptops, with
-- the columns of the table it replaces: the device's id and the stamp's text,
-- which sorts as the clock does. Reads go through it; writes go to the tables
-- (src/store/log.rs, the only code that writes them).
--
-- No foreign keys between the three: the log is only ever appended to, by that
-- one module, which writes a device before its writes and a write before its
-- entries; a check of every entry's parent at every insert would cost a search
-- per field of a workbook's import for nothing.
-- Never edit this file once released: add a new migration.

CREATE TABLE log_devices (
    no     INTEGER PRIMARY KEY,
    device TEXT NOT NULL UNIQUE
);
INSERT INTO log_devices (device) SELECT DISTINCT device FROM change_log ORDER BY device;

CREATE TABLE change_writes (
    dev     INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    millis  INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    tbl     TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    PRIMARY KEY (dev, seq)
) WITHOUT ROWID;

CREATE TABLE change_entries (
    dev   INTEGER NOT NULL,
    seq   INTEGER NOT NULL,
    field TEXT NOT NULL,
    value,
    PRIMARY KEY (dev, seq, field)
) WITHOUT ROWID;

-- The stamp's text is 15 digits of milliseconds, a dash, 10 digits of counter, a
-- dash and the device (src/store/clock.rs). Every entry of one write has the same
-- stamp, table and row; the first of them gives the write's.
INSERT OR IGNORE INTO change_writes (dev, seq, millis, counter, tbl, row_id)
SELECT d.no, c.seq, CAST(substr(c.hlc, 1, 15) AS INTEGER), CAST(substr(c.hlc, 17, 10) AS INTEGER),
       c.tbl, c.row_id
FROM change_log c JOIN log_devices d ON d.device = c.device
ORDER BY d.no, c.seq, c.field;

INSERT INTO change_entries (dev, seq, field, value)
SELECT d.no, c.seq, c.field, c.value
FROM change_log c JOIN log_devices d ON d.device = c.device
ORDER BY d.no, c.seq, c.field;

DROP TABLE change_log;

-- A row's writes, for the newest entry of each of its fields (ties of the stamp's
-- two numbers broken by the device's id, as the stamp's text breaks them).
CREATE INDEX change_writes_row ON change_writes (tbl, row_id);

CREATE VIEW change_log (device, seq, hlc, tbl, row_id, field, value) AS
SELECT d.device, w.seq, printf('%015d-%010d-%s', w.millis, w.counter, d.device),
       w.tbl, w.row_id, e.field, e.value
FROM change_entries e
JOIN change_writes w ON w.dev = e.dev AND w.seq = e.seq
JOIN log_devices d ON d.no = e.dev;
