-- Tavolo schema, version 6: folded copies of the names the register searches and
-- sorts by (lower case, no accents, as text::fold makes them), kept by triggers on
-- every write, so a search compares plain text instead of folding every name on
-- every keystroke, and the lists walk an index instead of sorting.
-- The triggers call fold(), which every Tavolo connection registers
-- (schema::register_functions). The keys are derived, so the change log does not
-- carry them: a replica's triggers make them from the names it receives.
-- Never edit this file once released: add a new migration.

ALTER TABLE territories ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN short_key TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN family_key TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN given_key TEXT NOT NULL DEFAULT '';

UPDATE territories SET name_key = fold(name);
UPDATE organisations SET name_key = fold(name), short_key = fold(coalesce(short_name, ''));
UPDATE people SET family_key = fold(family_name), given_key = fold(given_name);

CREATE INDEX organisations_name_key ON organisations (name_key, id);
CREATE INDEX people_name_key ON people (family_key, given_key, id);

CREATE TRIGGER territories_key_insert AFTER INSERT ON territories BEGIN
    UPDATE territories SET name_key = fold(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER territories_key_update AFTER UPDATE OF name ON territories BEGIN
    UPDATE territories SET name_key = fold(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER organisations_key_insert AFTER INSERT ON organisations BEGIN
    UPDATE organisations
       SET name_key = fold(NEW.name), short_key = fold(coalesce(NEW.short_name, ''))
     WHERE id = NEW.id;
END;
CREATE TRIGGER organisations_key_update AFTER UPDATE OF name, short_name ON organisations BEGIN
    UPDATE organisations
       SET name_key = fold(NEW.name), short_key = fold(coalesce(NEW.short_name, ''))
     WHERE id = NEW.id;
END;
CREATE TRIGGER people_key_insert AFTER INSERT ON people BEGIN
    UPDATE people SET family_key = fold(NEW.family_name), given_key = fold(NEW.given_name)
     WHERE id = NEW.id;
END;
CREATE TRIGGER people_key_update AFTER UPDATE OF family_name, given_name ON people BEGIN
    UPDATE people SET family_key = fold(NEW.family_name), given_key = fold(NEW.given_name)
     WHERE id = NEW.id;
END;
