-- Tavolo schema, version 15: a leaner change log. Every entry named its device by
-- its 32-character id and carried its stamp as 59 characters of text that held the
-- device id again, in the table and again in its index: about 320 bytes an entry,
-- most of the file (a workbook's import at 100,000 notes wrote 1.3 GB, of which the
-- log was nine tenths). Now the file numbers its devices once (`log_devices`) and
-- an entry keeps its stamp as its two numbers, the stamp's device being the
-- entry's own (Tavolo writes every stamp with its own device, and from this
-- version on refuses a received change whose stamp names another).
--
-- The view `change_log` shows the entries as they travel between laptops, with
-- the same columns as the table it replaces: the device's id and the stamp's text,
-- which sorts as the clock does. Reads go through it; writes go to
-- `change_entries` (src/store/log.rs).
-- Never edit this file once released: add a new migration.

CREATE TABLE log_devices (
    no     INTEGER PRIMARY KEY,
    device TEXT NOT NULL UNIQUE
);
INSERT INTO log_devices (device) SELECT DISTINCT device FROM change_log ORDER BY device;

-- `dev` is indexed as the primary key's first column. A device is never deleted
-- from the log (its entries are the history other laptops sync against).
CREATE TABLE change_entries (
    dev     INTEGER NOT NULL REFERENCES log_devices (no) ON DELETE RESTRICT,
    seq     INTEGER NOT NULL,
    millis  INTEGER NOT NULL,
    counter INTEGER NOT NULL,
    tbl     TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    field   TEXT NOT NULL,
    value,
    PRIMARY KEY (dev, seq, field)
) WITHOUT ROWID;

-- The stamp's text is 15 digits of milliseconds, a dash, 10 digits of counter, a
-- dash and the device (src/store/clock.rs).
INSERT INTO change_entries (dev, seq, millis, counter, tbl, row_id, field, value)
SELECT d.no, c.seq, CAST(substr(c.hlc, 1, 15) AS INTEGER), CAST(substr(c.hlc, 17, 10) AS INTEGER),
       c.tbl, c.row_id, c.field, c.value
FROM change_log c JOIN log_devices d ON d.device = c.device
ORDER BY d.no, c.seq, c.field;

DROP TABLE change_log;

-- The newest entry of a field: the index's last for (tbl, row_id, field), ties
-- of the two numbers broken by the device's id as the stamp's text breaks them.
CREATE INDEX change_entries_field ON change_entries (tbl, row_id, field, millis, counter);

CREATE VIEW change_log (device, seq, hlc, tbl, row_id, field, value) AS
SELECT d.device, e.seq, printf('%015d-%010d-%s', e.millis, e.counter, d.device),
       e.tbl, e.row_id, e.field, e.value
FROM change_entries e JOIN log_devices d ON d.no = e.dev;
