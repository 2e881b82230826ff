-- Tavolo schema, version 13: the notes' indexes on their optional references (table,
-- guiding question, speaker, speaker's organisation) hold only the notes that have
-- one. Most notes have none of some of them, and every saved note wrote a page of
-- each of the four indexes for a NULL no query looks up: a quarter of the pages a
-- save wrote to disk. A lookup by value (`table_id = ?`, the foreign keys' checks
-- included) implies IS NOT NULL, so SQLite uses these indexes as before.
-- Never edit this file once released: add a new migration.

DROP INDEX notes_table;
DROP INDEX notes_question;
DROP INDEX notes_speaker;
DROP INDEX notes_speaker_org;
CREATE INDEX notes_table ON notes (table_id) WHERE table_id IS NOT NULL;
CREATE INDEX notes_question ON notes (question_id) WHERE question_id IS NOT NULL;
CREATE INDEX notes_speaker ON notes (speaker_id) WHERE speaker_id IS NOT NULL;
CREATE INDEX notes_speaker_org ON notes (speaker_org_id) WHERE speaker_org_id IS NOT NULL;
