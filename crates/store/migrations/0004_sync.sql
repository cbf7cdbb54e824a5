-- Where each calendar source stands: Google's nextSyncToken (NULL means "do a full
-- sync"), and the outcome of its last run. `position` advances only in the transaction
-- that applies the changes it covers.
CREATE TABLE sync_sources (
    source          TEXT PRIMARY KEY,   -- 'google:<calendar id>' or 'ics:<url or path>'
    position        TEXT,
    last_success_at TEXT,
    last_error      TEXT,
    updated_at      TEXT NOT NULL
) STRICT;

-- Pseudo-addresses that are never people: Google's birthday calendar lists "Contacts"
-- as …@virtual.
INSERT INTO ignore_rules (pattern, builtin, created_at) VALUES ('*@virtual', 1, '1970-01-01T00:00:00Z')
    ON CONFLICT DO NOTHING;
