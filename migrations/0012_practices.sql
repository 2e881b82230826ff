-- Tavolo schema, version 12: learning across territories and borders (issue 15).
--   * practices: the catalogue of good practices (buone prassi): a title, a
--     summary, where (a territory of the workspace, or a country and a region
--     abroad: a foreign partner's practice), sectors and target groups (space-
--     separated codes, as organisations.sectors), the period it ran, its cost in
--     euros and funding, its evidence (figures, documents named by reference),
--     and whether it is archived (status: candidate or archived; "in review"
--     and "reviewed" follow from the scores and are not stored).
--   * practice_links: who runs it (organisation_id) and the notes where it came
--     up (note_id), one of the two per row; the id is the name-based id of both
--     ends, so two laptops linking the same pair meet in one row.
--   * practice_panel: the reviewers of a practice (people of the register).
--   * practice_reviews: one score (1 to 5) with a comment per practice, reviewer
--     and criterion; the id is the name-based id of the three, so a reviewer's
--     second score on one criterion replaces the first on every laptop.
--   * interventions: a service or project evaluated before and after it began
--     (start_period), in the territories it runs in (intervention_units with
--     treated = 1) against comparison territories the user chose (treated = 0).
--   * outcome_values: an outcome indicator (people reached, job placements …)
--     of one unit in one period (YYYY, YYYY-Qn or YYYY-MM), one row per
--     intervention, indicator, territory and period (name-based id).
--   * federation_packages: the indicators packages of the regions, imported by
--     the lead region: the package's own digest as id (a package sent twice is
--     one row), its region, the public key that signed it, when it was made, and
--     its aggregates as JSON (no names, no ids).
-- Criteria, sectors, targets and statuses are open lists (no CHECK), as in schema 9.
-- Never edit this file once released: add a new migration.

CREATE TABLE practices (
    id             TEXT PRIMARY KEY NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    territory_id   TEXT REFERENCES territories (id) ON DELETE RESTRICT,
    -- ISO 3166-1 alpha-2 country code.
    country        TEXT NOT NULL DEFAULT 'IT',
    foreign_region TEXT,
    sectors        TEXT NOT NULL DEFAULT '',
    targets        TEXT NOT NULL DEFAULT '',
    -- ISO dates (YYYY-MM-DD).
    period_from    TEXT,
    period_to      TEXT,
    cost_eur       INTEGER,
    funding        TEXT,
    evidence       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'candidate',
    deleted        INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX practices_territory ON practices (territory_id);

CREATE TABLE practice_links (
    id              TEXT PRIMARY KEY NOT NULL,
    practice_id     TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE RESTRICT,
    note_id         TEXT REFERENCES notes (id) ON DELETE RESTRICT,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX practice_links_practice ON practice_links (practice_id);
CREATE INDEX practice_links_organisation ON practice_links (organisation_id);
CREATE INDEX practice_links_note ON practice_links (note_id);

CREATE TABLE practice_panel (
    id          TEXT PRIMARY KEY NOT NULL,
    practice_id TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
    person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX practice_panel_practice ON practice_panel (practice_id);
CREATE INDEX practice_panel_person ON practice_panel (person_id);

CREATE TABLE practice_reviews (
    id          TEXT PRIMARY KEY NOT NULL,
    practice_id TEXT NOT NULL REFERENCES practices (id) ON DELETE RESTRICT,
    reviewer_id TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    criterion   TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '',
    -- Milliseconds since the Unix epoch.
    scored_at   INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX practice_reviews_practice ON practice_reviews (practice_id);
CREATE INDEX practice_reviews_reviewer ON practice_reviews (reviewer_id);

CREATE TABLE interventions (
    id           TEXT PRIMARY KEY NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    -- The first period with the intervention running (YYYY, YYYY-Qn or YYYY-MM).
    start_period TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);

CREATE TABLE intervention_units (
    id              TEXT PRIMARY KEY NOT NULL,
    intervention_id TEXT NOT NULL REFERENCES interventions (id) ON DELETE RESTRICT,
    territory_id    TEXT NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
    treated         INTEGER NOT NULL CHECK (treated IN (0, 1)),
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX intervention_units_intervention ON intervention_units (intervention_id);
CREATE INDEX intervention_units_territory ON intervention_units (territory_id);

CREATE TABLE outcome_values (
    id              TEXT PRIMARY KEY NOT NULL,
    intervention_id TEXT NOT NULL REFERENCES interventions (id) ON DELETE RESTRICT,
    indicator       TEXT NOT NULL,
    territory_id    TEXT NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
    period          TEXT NOT NULL,
    value           REAL NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX outcome_values_intervention ON outcome_values (intervention_id);
CREATE INDEX outcome_values_territory ON outcome_values (territory_id);

CREATE TABLE federation_packages (
    id          TEXT PRIMARY KEY NOT NULL,
    region      TEXT NOT NULL,
    signer      TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    body        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
