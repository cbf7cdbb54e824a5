-- Owners Telegram would not deliver to (they blocked the bot, or the account is gone):
-- no scheduled message goes to them until they write again.
CREATE TABLE unreachable_owners (
    owner INTEGER PRIMARY KEY,
    since TEXT NOT NULL,
    reason TEXT NOT NULL
);

-- Each owner's copy of a day's digest, marked as it is delivered, so one failed send
-- neither stops the others nor is forgotten.
CREATE TABLE digest_deliveries (
    day TEXT NOT NULL,
    owner INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (day, owner)
);

-- Values computed in Rust and stored (people.name_key): which rules computed them, so
-- a newer kith recomputes them once when it opens an older file.
CREATE TABLE derived_versions (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
