-- What the owner means to do (issue: carry intentions forward).
--
-- A follow-up: a person, the day it is due (for a repeating one, its next date), the
-- first day it was due (a repeat's anchor, kept once it first moves on: every next date
-- is counted from it, so a monthly one on the 31st comes back on the 31st after
-- February; NULL while it has not moved, read as due_on), an
-- optional time of day in the owner's zone ("HH:MM"), what to do, a repeat ("3m", "2w",
-- "10d", "1y"), a snooze that pushes it back without moving its due day, and when it was
-- done (open while NULL). A topic: something to bring up next time, done or not. An
-- important date: a label and a day — `YYYY-MM-DD`, or `--MM-DD` without a year, which is
-- always yearly. Ids are never reused (AUTOINCREMENT), as everywhere a button names a row.
CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    due_on        TEXT NOT NULL CHECK (date(due_on) IS due_on),
    anchor_on     TEXT CHECK (anchor_on IS NULL OR date(anchor_on) IS anchor_on),
    due_at        TEXT CHECK (due_at IS NULL OR (length(due_at) = 5 AND time(due_at) IS due_at || ':00')),
    text          TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 1000),
    repeat        TEXT CHECK (repeat IS NULL OR repeat GLOB '[1-9]*[dwmy]'),
    snoozed_until TEXT CHECK (snoozed_until IS NULL OR date(snoozed_until) IS snoozed_until),
    done_at       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
-- Open follow-ups in the order they come up (/reminders, the digest), and a person's.
CREATE INDEX follow_ups_open ON follow_ups(coalesce(snoozed_until, due_on), due_at, id)
    WHERE done_at IS NULL;
CREATE INDEX follow_ups_person ON follow_ups(person_id, done_at);

CREATE TABLE topics (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 1000),
    done_at    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX topics_person ON topics(person_id, done_at);

CREATE TABLE important_dates (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    label      TEXT NOT NULL CHECK (length(trim(label)) > 0 AND length(label) <= 200),
    on_date    TEXT NOT NULL
        CHECK (date(on_date) IS on_date OR on_date GLOB '--[01][0-9]-[0-3][0-9]'),
    yearly     INTEGER NOT NULL CHECK (yearly IN (0, 1) AND (yearly = 1 OR on_date NOT GLOB '--*')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX important_dates_person ON important_dates(person_id);
CREATE INDEX important_dates_day ON important_dates(substr(on_date, -5));

-- "Not now": a person left out of /stale and the digest's reach-out lines until this day.
ALTER TABLE people ADD COLUMN snoozed_until TEXT
    CHECK (snoozed_until IS NULL OR date(snoozed_until) IS snoozed_until);
CREATE INDEX people_snoozed ON people(snoozed_until) WHERE snoozed_until IS NOT NULL;

-- A timed follow-up's message, sent once per due day and time (bookkeeping, like
-- digest_days): the scheduler catches up on one missed while it was down.
CREATE TABLE follow_up_sends (
    follow_up_id INTEGER NOT NULL,
    due_on       TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (follow_up_id, due_on)
) STRICT;
