-- Tavolo schema, version 3: the rest of the stakeholder register (address, tags,
-- influence and interest, archiving; people's languages) and typed relationships
-- between organisations and between people and organisations.
-- Never edit this file once released: add a new migration.

ALTER TABLE organisations ADD COLUMN address TEXT;
-- Space-separated folded tags.
ALTER TABLE organisations ADD COLUMN tags TEXT NOT NULL DEFAULT '';
-- Scores 1-5 for the power/interest grid; NULL means not assessed.
ALTER TABLE organisations ADD COLUMN influence INTEGER CHECK (influence IS NULL OR influence BETWEEN 1 AND 5);
ALTER TABLE organisations ADD COLUMN interest INTEGER CHECK (interest IS NULL OR interest BETWEEN 1 AND 5);
-- Archived organisations stay in the register and in past meetings, out of lists.
ALTER TABLE organisations ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));

-- Space-separated language codes or names, e.g. 'it en ar'.
ALTER TABLE people ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN needs_interpreter INTEGER NOT NULL DEFAULT 0 CHECK (needs_interpreter IN (0, 1));

-- A typed link from an organisation or a person to an organisation.
CREATE TABLE relationships (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('coordinates', 'collaborates', 'refers', 'funds',
                      'member_of', 'agreement', 'other')),
    from_org_id   TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    from_person_id TEXT REFERENCES people (id) ON DELETE RESTRICT,
    to_org_id     TEXT NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    strength      INTEGER NOT NULL DEFAULT 2 CHECK (strength BETWEEN 1 AND 3),
    -- ISO dates, YYYY-MM-DD.
    since         TEXT,
    until         TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    deleted       INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    CHECK ((from_org_id IS NULL) <> (from_person_id IS NULL))
);
CREATE INDEX relationships_from_org ON relationships (from_org_id);
CREATE INDEX relationships_from_person ON relationships (from_person_id);
CREATE INDEX relationships_to_org ON relationships (to_org_id);
