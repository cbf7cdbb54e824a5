-- Telegram as a source. The `message` interaction type and the `telegram` source are
-- added to the interactions table's CHECK lists by this migration's hook (SQLite cannot
-- alter a CHECK; widening one leaves every stored row valid, so the table's text is
-- changed in place, as SQLite's documentation describes for dropping a constraint).

-- A person's Telegram identity: the user id Telegram gives them (what forwards, shared
-- contacts and chats name them by) and their public username. Each names one person.
ALTER TABLE people ADD COLUMN telegram_id INTEGER CHECK (telegram_id IS NULL OR telegram_id > 0);
ALTER TABLE people ADD COLUMN telegram_username TEXT
    CHECK (telegram_username IS NULL OR (length(telegram_username) BETWEEN 5 AND 32
        AND telegram_username NOT GLOB '*[^A-Za-z0-9_]*'));
CREATE UNIQUE INDEX people_telegram_id ON people(telegram_id) WHERE telegram_id IS NOT NULL;
CREATE UNIQUE INDEX people_telegram_username ON people(lower(telegram_username))
    WHERE telegram_username IS NOT NULL;

-- Someone the owner chats with on Telegram who is no one in kith yet (no person has their
-- user id): triaged like an unknown address (Link, Create, Ignore). An ignored one is
-- kept, so their chats are never logged. A row goes when its user becomes a person's.
CREATE TABLE telegram_partners (
    user_id       INTEGER PRIMARY KEY CHECK (user_id > 0),
    first_name    TEXT NOT NULL DEFAULT '',
    last_name     TEXT,
    username      TEXT,
    ignored       INTEGER NOT NULL DEFAULT 0 CHECK (ignored IN (0, 1)),
    first_seen_on TEXT NOT NULL CHECK (date(first_seen_on) IS first_seen_on),
    -- When kith began keeping them (RFC 3339 UTC): the digest asks about a partner kept
    -- since the last digest whatever their days' dates (an import's are old).
    added_at      TEXT
) STRICT;

-- The days the owner wrote to a partner not yet linked: logged as `message` interactions
-- (keyed `telegram:USER:DAY`) when the partner becomes a person. Never for an ignored one.
CREATE TABLE telegram_chat_days (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES telegram_partners(user_id) ON DELETE CASCADE,
    on_day  TEXT NOT NULL CHECK (date(on_day) IS on_day),
    UNIQUE (user_id, on_day)
) STRICT;

-- Business connections (bookkeeping, not the network): whose account, whether it is an
-- owner's, whether it is alive and may read, and when the owner was last told its state.
CREATE TABLE telegram_connections (
    connection_id TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL,
    is_owner      INTEGER NOT NULL CHECK (is_owner IN (0, 1)),
    enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    can_read      INTEGER NOT NULL CHECK (can_read IN (0, 1)),
    changed_at    TEXT NOT NULL,
    reported      TEXT
) STRICT;
