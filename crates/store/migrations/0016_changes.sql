-- Every change to the network, recorded so it can be undone and shown in a person's
-- history: who made it (a chat, a sync, an import), when, and each row it touched with
-- the row before and after (JSON objects of its columns; NULL before = inserted, NULL
-- after = deleted). Rows are captured by triggers kith creates on each connection, for
-- the changes made in a chat (which can be undone); a sync or an import records who it
-- touched in change_people, not its rows.
CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,             -- 'chat:<id>', 'terminal', 'sync', 'import'
    summary   TEXT NOT NULL DEFAULT '',
    undone_at TEXT
) STRICT;
CREATE INDEX changes_actor ON changes(actor, id) WHERE undone_at IS NULL;

CREATE TABLE change_rows (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,             -- JSON object of the row's primary key
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX change_rows_change ON change_rows(change_id);
CREATE INDEX change_rows_row ON change_rows(tbl, row_key, change_id);

-- The people a change touched (kept after they are merged away or deleted).
CREATE TABLE change_people (
    person_id INTEGER NOT NULL,
    change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, change_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX change_people_change ON change_people(change_id);

-- What the owner set by hand on a synced interaction; a re-sync keeps it.
ALTER TABLE interactions ADD COLUMN date_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (date_set_by_hand IN (0, 1));
ALTER TABLE interactions ADD COLUMN title_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (title_set_by_hand IN (0, 1));
ALTER TABLE interactions ADD COLUMN happened_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (happened_set_by_hand IN (0, 1));
-- An attendee the owner took off a meeting (stored as declined): a re-sync keeps it off.
ALTER TABLE interaction_attendees ADD COLUMN removed_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (removed_by_hand IN (0, 1));

-- When someone left a job, as the owner said (`/job NAME left ORG`).
ALTER TABLE employment ADD COLUMN left_on TEXT CHECK (left_on IS NULL OR date(left_on) IS left_on);

-- Archived people are looked for only by /unarchive and /find's marked hits.
CREATE INDEX people_archived ON people(id) WHERE archived = 1;

-- Synced meetings the owner deleted: the next sync does not bring them back.
CREATE TABLE interaction_tombstones (
    calendar_event_id TEXT PRIMARY KEY,
    interaction_id    INTEGER NOT NULL,
    title             TEXT NOT NULL,
    occurred_on       TEXT NOT NULL,
    deleted_at        TEXT NOT NULL
) STRICT;
