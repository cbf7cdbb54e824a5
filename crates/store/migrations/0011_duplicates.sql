-- Pairs the duplicate detector has suggested: when a digest first showed them, and
-- whether the owner said they are different people (then they are never suggested again).
CREATE TABLE duplicate_pairs (
    person_a INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    person_b INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    not_same INTEGER NOT NULL DEFAULT 0 CHECK (not_same IN (0, 1)),
    shown_at TEXT,
    decided_at TEXT,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) WITHOUT ROWID;
CREATE INDEX duplicate_pairs_b ON duplicate_pairs(person_b);
