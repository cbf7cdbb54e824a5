-- Scheduled jobs: the last slot each job ran (or skipped) for, so a missed run after
-- downtime happens once and a job never runs twice for one slot.
CREATE TABLE job_runs (
    job         TEXT PRIMARY KEY,       -- 'sync' or 'digest'
    last_slot   TEXT NOT NULL,          -- RFC 3339 UTC
    last_run_at TEXT NOT NULL,
    outcome     TEXT NOT NULL
) STRICT;

-- The days a digest went out (in the owner's time zone): never twice for one day.
CREATE TABLE digest_days (
    day     TEXT PRIMARY KEY CHECK (date(day) IS day),
    sent_at TEXT NOT NULL
) STRICT;
