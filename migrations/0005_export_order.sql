-- Tavolo schema, version 5: indexes in the order the workbook lists its rows, so
-- the export streams the meetings, organisations and people sheets without sorting
-- them first (the sheet's writer starts at once instead of waiting for a sort).
-- Never edit this file once released: add a new migration.

CREATE INDEX meetings_order ON meetings(date, title, id);
CREATE INDEX organisations_name ON organisations(name, id);
CREATE INDEX people_name ON people(family_name, given_name, id);
