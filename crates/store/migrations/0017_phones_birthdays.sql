-- Phone numbers (E.164 when the country is known, else as typed, tidied) with a kind, and
-- birthdays: `YYYY-MM-DD`, or `--MM-DD` when the year is not known (vCard's form).
CREATE TABLE phones (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    number     TEXT NOT NULL CHECK (length(trim(number)) > 0),
    kind       TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('mobile', 'work', 'home', 'other')),
    created_at TEXT NOT NULL,
    UNIQUE (person_id, number)
) STRICT;
CREATE INDEX phones_number ON phones(number);

ALTER TABLE people ADD COLUMN birthday TEXT
    CHECK (birthday IS NULL OR date(birthday) IS birthday OR birthday GLOB '--[01][0-9]-[0-3][0-9]');
