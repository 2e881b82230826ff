-- Tavolo schema, version 14: the change log loses its index on the stamp alone.
-- It served one question, the newest stamp in the file, asked at every write; the
-- same answer comes from each device's last entry (a device's stamps grow with its
-- sequence, so its newest is at its highest sequence, found through the primary
-- key). The index was a third copy of every entry's stamp and key: a quarter of the
-- log's bytes, written at every save and at every entry of a workbook's import.
-- Never edit this file once released: add a new migration.

DROP INDEX change_log_hlc;
