-- Where imported records came from, so importing the same export again changes nothing:
-- a stable key per imported person ("airtable:jane doe#1") and per interaction without a
-- calendar event id (a digest of its row).
ALTER TABLE people ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX people_import_key ON people(import_key) WHERE import_key IS NOT NULL;
ALTER TABLE interactions ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX interactions_import_key ON interactions(import_key) WHERE import_key IS NOT NULL;
