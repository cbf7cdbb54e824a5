-- An id names one thing forever. Tables declared `id INTEGER PRIMARY KEY` hand the
-- largest id out again once its row is deleted, so a button made for a deleted meeting,
-- an undone person or an answered question acted on whatever took its id next. Every
-- table whose rows kith names by an id it handed out is rebuilt here with AUTOINCREMENT
-- (SQLite cannot add it in place), keeping every row and every id; `sqlite_sequence`
-- then remembers the highest id each table ever gave, so none is given twice.
--
-- Not rebuilt: ids kith does not hand out — chat_state (a Telegram chat), unreachable_owners
-- (a Telegram user), person_last_met and address_seen (a person's or an address's own id,
-- copied) — and the FTS5 shadow tables, which SQLite owns.
--
-- Each table is made anew, filled, the old one dropped and the new one renamed into its
-- place, the order that is safe whatever PRAGMA legacy_alter_table says (renaming the old
-- table away instead would, with it off, rewrite every REFERENCES to it to follow the old
-- table). A rename re-checks every view and trigger, and these name the tables being
-- rebuilt, so all of them are dropped first and made again at the end, word for word and
-- in their old order. The FTS5 tables (external content over people and organizations,
-- by rowid) need nothing: no rowid moves.
--
-- Migrations run with foreign keys off, so dropping a table cascades nothing. With them
-- on, dropping these would empty or unlink every row that refers to them: this refuses
-- to run then, unless there is no such row (an empty database).
CREATE TEMP TABLE migration_0022 (
    foreign_keys_off_or_nothing_to_cascade INTEGER CHECK (foreign_keys_off_or_nothing_to_cascade)
);
INSERT INTO migration_0022
    SELECT foreign_keys = 0 OR NOT (EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM organizations)
        OR EXISTS (SELECT 1 FROM emails) OR EXISTS (SELECT 1 FROM interactions)
        OR EXISTS (SELECT 1 FROM tags) OR EXISTS (SELECT 1 FROM changes))
    FROM pragma_foreign_keys;
DROP TABLE migration_0022;

-- The view and every trigger go first: each names tables rebuilt below.
DROP VIEW interaction_participants;
DROP TRIGGER people_search_insert;
DROP TRIGGER people_search_delete;
DROP TRIGGER people_search_update;
DROP TRIGGER emails_rule_on_insert;
DROP TRIGGER emails_rule_on_address;
DROP TRIGGER ignore_rule_added;
DROP TRIGGER ignore_rule_removed;
DROP TRIGGER organizations_search_insert;
DROP TRIGGER organizations_search_delete;
DROP TRIGGER organizations_search_update;
DROP TRIGGER last_met_people_insert;
DROP TRIGGER last_met_attendees_insert;
DROP TRIGGER last_met_people_delete;
DROP TRIGGER last_met_attendees_delete;
DROP TRIGGER last_met_attendees_update;
DROP TRIGGER last_met_email_owner;
DROP TRIGGER last_met_interaction_change;
DROP TRIGGER last_met_person_insert;
DROP TRIGGER last_met_person_update;
DROP TRIGGER last_met_row_insert;
DROP TRIGGER address_seen_email_insert;
DROP TRIGGER address_seen_email_update;
DROP TRIGGER address_seen_attendee_insert;
DROP TRIGGER address_seen_attendee_delete;
DROP TRIGGER address_seen_attendee_update;
DROP TRIGGER address_seen_interaction_change;

CREATE TABLE people_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    given_name    TEXT NOT NULL DEFAULT '',
    family_name   TEXT NOT NULL DEFAULT '',
    display_name  TEXT,                       -- NULL: shown as "given family"
    aliases       TEXT NOT NULL DEFAULT '',   -- other names, one per line (merged records, nicknames)
    name_key      TEXT NOT NULL DEFAULT '',   -- accent-folded, lower-case names and aliases, for search
    closeness     INTEGER CHECK (closeness BETWEEN 1 AND 7),
    introduced_by INTEGER REFERENCES people(id) ON DELETE SET NULL
                  CHECK (introduced_by IS NULL OR introduced_by <> id),
    linkedin_url  TEXT,
    location      TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    import_key    TEXT,
    cadence_days  INTEGER CHECK (cadence_days IS NULL OR cadence_days BETWEEN 0 AND 3660),
    birthday      TEXT
                  CHECK (birthday IS NULL OR date(birthday) IS birthday OR birthday GLOB '--[01][0-9]-[0-3][0-9]'),
    CHECK (length(trim(given_name)) + length(trim(family_name)) + length(trim(coalesce(display_name, ''))) > 0)
) STRICT;
INSERT INTO people_new (id, given_name, family_name, display_name, aliases, name_key, closeness, introduced_by, linkedin_url, location, notes, archived, created_at, updated_at, import_key, cadence_days, birthday)
    SELECT id, given_name, family_name, display_name, aliases, name_key, closeness, introduced_by, linkedin_url, location, notes, archived, created_at, updated_at, import_key, cadence_days, birthday FROM people ORDER BY id;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
CREATE INDEX people_introduced_by ON people(introduced_by) WHERE introduced_by IS NOT NULL;
CREATE INDEX people_closeness ON people(closeness) WHERE archived = 0;
CREATE UNIQUE INDEX people_import_key ON people(import_key) WHERE import_key IS NOT NULL;
CREATE INDEX people_updated ON people(updated_at);
CREATE INDEX people_archived ON people(id) WHERE archived = 1;
CREATE INDEX people_birthday_day ON people(substr(birthday, -5))
    WHERE birthday IS NOT NULL AND archived = 0 AND closeness IS NOT NULL;

CREATE TABLE organizations_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key          TEXT NOT NULL UNIQUE,
    investor_interest TEXT NOT NULL DEFAULT 'none'
                      CHECK (investor_interest IN ('none', 'watching', 'interested', 'very-interested')),
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
INSERT INTO organizations_new (id, name, name_key, investor_interest, notes, created_at, updated_at)
    SELECT id, name, name_key, investor_interest, notes, created_at, updated_at FROM organizations ORDER BY id;
DROP TABLE organizations;
ALTER TABLE organizations_new RENAME TO organizations;

CREATE TABLE emails_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    address         TEXT NOT NULL UNIQUE CHECK (address = lower(trim(address)) AND address LIKE '_%@_%'),
    person_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    is_primary      INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    kind            TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('work', 'personal', 'other')),
    ignored         INTEGER NOT NULL DEFAULT 0 CHECK (ignored IN (0, 1)),
    display_name    TEXT,                     -- the name a calendar last gave this address
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    ignored_by_rule INTEGER NOT NULL DEFAULT 0 CHECK (ignored_by_rule IN (0, 1)),
    CHECK (is_primary = 0 OR person_id IS NOT NULL)
) STRICT;
INSERT INTO emails_new (id, address, person_id, is_primary, kind, ignored, display_name, created_at, updated_at, ignored_by_rule)
    SELECT id, address, person_id, is_primary, kind, ignored, display_name, created_at, updated_at, ignored_by_rule FROM emails ORDER BY id;
DROP TABLE emails;
ALTER TABLE emails_new RENAME TO emails;
CREATE INDEX emails_person ON emails(person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX emails_one_primary ON emails(person_id) WHERE is_primary = 1;
CREATE INDEX emails_unknown ON emails(id) WHERE person_id IS NULL AND ignored = 0 AND ignored_by_rule = 0;
CREATE INDEX emails_linked_updated ON emails(updated_at) WHERE person_id IS NOT NULL;
CREATE INDEX emails_created ON emails(created_at);

CREATE TABLE employment_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title           TEXT,
    is_current      INTEGER NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    left_on         TEXT CHECK (left_on IS NULL OR date(left_on) IS left_on),
    UNIQUE (person_id, organization_id)
) STRICT;
INSERT INTO employment_new (id, person_id, organization_id, title, is_current, created_at, updated_at, left_on)
    SELECT id, person_id, organization_id, title, is_current, created_at, updated_at, left_on FROM employment ORDER BY id;
DROP TABLE employment;
ALTER TABLE employment_new RENAME TO employment;
CREATE INDEX employment_organization ON employment(organization_id);

CREATE TABLE tags_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO tags_new (id, name, name_key, created_at)
    SELECT id, name, name_key, created_at FROM tags ORDER BY id;
DROP TABLE tags;
ALTER TABLE tags_new RENAME TO tags;

CREATE TABLE phones_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    number     TEXT NOT NULL CHECK (length(trim(number)) > 0),
    kind       TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('mobile', 'work', 'home', 'other')),
    created_at TEXT NOT NULL,
    UNIQUE (person_id, number)
) STRICT;
INSERT INTO phones_new (id, person_id, number, kind, created_at)
    SELECT id, person_id, number, kind, created_at FROM phones ORDER BY id;
DROP TABLE phones;
ALTER TABLE phones_new RENAME TO phones;
CREATE INDEX phones_number ON phones(number);

CREATE TABLE interactions_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_on          TEXT NOT NULL CHECK (date(occurred_on) IS occurred_on),
    occurred_at          TEXT,                  -- start instant (RFC 3339 UTC) when known
    time_zone            TEXT,                  -- IANA zone the event was scheduled in
    type                 TEXT NOT NULL CHECK (type IN ('1:1-vc', '1:1-f2f', 'group-vc', 'group-f2f',
                             'email', 'text', 'phone', 'coffee', 'lunch', 'event', 'other')),
    type_set_by_hand     INTEGER NOT NULL DEFAULT 0 CHECK (type_set_by_hand IN (0, 1)),
    title                TEXT NOT NULL DEFAULT '',
    notes                TEXT NOT NULL DEFAULT '',
    source               TEXT NOT NULL CHECK (source IN ('manual', 'google', 'ics', 'import', 'gmail', 'imap', 'mbox')),
    calendar_event_id    TEXT UNIQUE,
    did_not_happen       INTEGER NOT NULL DEFAULT 0 CHECK (did_not_happen IN (0, 1)),
    initiated_by_other   INTEGER NOT NULL DEFAULT 0 CHECK (initiated_by_other IN (0, 1)),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    import_key           TEXT,
    date_set_by_hand     INTEGER NOT NULL DEFAULT 0 CHECK (date_set_by_hand IN (0, 1)),
    title_set_by_hand    INTEGER NOT NULL DEFAULT 0 CHECK (title_set_by_hand IN (0, 1)),
    happened_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (happened_set_by_hand IN (0, 1)),
    source_fingerprint   TEXT
) STRICT;
INSERT INTO interactions_new (id, occurred_on, occurred_at, time_zone, type, type_set_by_hand, title, notes, source, calendar_event_id, did_not_happen, initiated_by_other, created_at, updated_at, import_key, date_set_by_hand, title_set_by_hand, happened_set_by_hand, source_fingerprint)
    SELECT id, occurred_on, occurred_at, time_zone, type, type_set_by_hand, title, notes, source, calendar_event_id, did_not_happen, initiated_by_other, created_at, updated_at, import_key, date_set_by_hand, title_set_by_hand, happened_set_by_hand, source_fingerprint FROM interactions ORDER BY id;
DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;
CREATE INDEX interactions_occurred_on ON interactions(occurred_on);
CREATE UNIQUE INDEX interactions_import_key ON interactions(import_key) WHERE import_key IS NOT NULL;
CREATE INDEX interactions_by_start ON interactions(occurred_at) WHERE occurred_at IS NOT NULL;
CREATE INDEX interactions_mail ON interactions(source, occurred_on) WHERE source IN ('gmail', 'imap', 'mbox');

CREATE TABLE pending_actions_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id    INTEGER NOT NULL,
    action     TEXT NOT NULL CHECK (json_valid(action)),
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO pending_actions_new (id, chat_id, action, created_at)
    SELECT id, chat_id, action, created_at FROM pending_actions ORDER BY id;
DROP TABLE pending_actions;
ALTER TABLE pending_actions_new RENAME TO pending_actions;
CREATE INDEX pending_actions_chat ON pending_actions(chat_id);

CREATE TABLE changes_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,             -- 'chat:<id>', 'terminal', 'sync', 'import'
    summary   TEXT NOT NULL DEFAULT '',
    undone_at TEXT
) STRICT;
INSERT INTO changes_new (id, at, actor, summary, undone_at)
    SELECT id, at, actor, summary, undone_at FROM changes ORDER BY id;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
CREATE INDEX changes_actor ON changes(actor, id) WHERE undone_at IS NULL;

CREATE TABLE change_rows_new (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,             -- JSON object of the row's primary key
    before    TEXT,
    after     TEXT
) STRICT;
INSERT INTO change_rows_new (id, change_id, tbl, row_key, before, after)
    SELECT id, change_id, tbl, row_key, before, after FROM change_rows ORDER BY id;
DROP TABLE change_rows;
ALTER TABLE change_rows_new RENAME TO change_rows;
CREATE INDEX change_rows_change ON change_rows(change_id);
CREATE INDEX change_rows_row ON change_rows(tbl, row_key, change_id);

-- The view and the triggers again, exactly as they were and in the order they were
-- made (SQLite fires a table's triggers newest first, and some depend on that order).
CREATE VIEW interaction_participants (interaction_id, person_id) AS
    SELECT interaction_id, person_id FROM interaction_people
    UNION
    SELECT a.interaction_id, e.person_id
    FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
    WHERE e.person_id IS NOT NULL AND a.response_status <> 'declined';

CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_search (rowid, name_key) VALUES (new.id, new.name_key);
END;

CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
    INSERT INTO people_search (people_search, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;

CREATE TRIGGER people_search_update AFTER UPDATE OF name_key ON people BEGIN
    INSERT INTO people_search (people_search, rowid, name_key) VALUES ('delete', old.id, old.name_key);
    INSERT INTO people_search (rowid, name_key) VALUES (new.id, new.name_key);
END;

CREATE TRIGGER emails_rule_on_insert AFTER INSERT ON emails BEGIN
    UPDATE emails SET ignored_by_rule = 1
        WHERE id = new.id AND EXISTS (SELECT 1 FROM ignore_rules r WHERE new.address GLOB r.pattern);
END;

CREATE TRIGGER emails_rule_on_address AFTER UPDATE OF address ON emails BEGIN
    UPDATE emails SET ignored_by_rule = EXISTS (SELECT 1 FROM ignore_rules r WHERE new.address GLOB r.pattern)
        WHERE id = new.id;
END;

CREATE TRIGGER ignore_rule_added AFTER INSERT ON ignore_rules BEGIN
    UPDATE emails SET ignored_by_rule = 1 WHERE ignored_by_rule = 0 AND address GLOB new.pattern;
END;

CREATE TRIGGER ignore_rule_removed AFTER DELETE ON ignore_rules BEGIN
    UPDATE emails SET ignored_by_rule = EXISTS (SELECT 1 FROM ignore_rules r WHERE emails.address GLOB r.pattern)
        WHERE address GLOB old.pattern;
END;

CREATE TRIGGER organizations_search_insert AFTER INSERT ON organizations BEGIN
    INSERT INTO organizations_search (rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER organizations_search_delete AFTER DELETE ON organizations BEGIN
    INSERT INTO organizations_search (organizations_search, rowid, name) VALUES ('delete', old.id, old.name);
END;

CREATE TRIGGER organizations_search_update AFTER UPDATE OF name ON organizations BEGIN
    INSERT INTO organizations_search (organizations_search, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO organizations_search (rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER last_met_people_insert AFTER INSERT ON interaction_people BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT new.person_id, i.occurred_on FROM interactions i WHERE i.id = new.interaction_id AND i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox')
        ON CONFLICT (person_id) DO UPDATE SET last_on = max(coalesce(last_on, ''), excluded.last_on);
END;

CREATE TRIGGER last_met_attendees_insert AFTER INSERT ON interaction_attendees
WHEN new.response_status <> 'declined' BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT e.person_id, i.occurred_on FROM emails e, interactions i
        WHERE e.id = new.email_id AND e.person_id IS NOT NULL AND i.id = new.interaction_id AND i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox')
        ON CONFLICT (person_id) DO UPDATE SET last_on = max(coalesce(last_on, ''), excluded.last_on);
END;

CREATE TRIGGER last_met_people_delete AFTER DELETE ON interaction_people BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT p.id, (SELECT max(i.occurred_on) FROM interactions i
                      WHERE i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox') AND i.id IN (
                          SELECT interaction_id FROM interaction_people WHERE person_id = p.id
                          UNION ALL
                          SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                          WHERE e.person_id = p.id AND a.response_status <> 'declined'))
        FROM people p WHERE p.id = old.person_id
        ON CONFLICT (person_id) DO UPDATE SET last_on = excluded.last_on;
END;

CREATE TRIGGER last_met_attendees_delete AFTER DELETE ON interaction_attendees BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT p.id, (SELECT max(i.occurred_on) FROM interactions i
                      WHERE i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox') AND i.id IN (
                          SELECT interaction_id FROM interaction_people WHERE person_id = p.id
                          UNION ALL
                          SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                          WHERE e.person_id = p.id AND a.response_status <> 'declined'))
        FROM people p WHERE p.id = (SELECT person_id FROM emails WHERE id = old.email_id)
        ON CONFLICT (person_id) DO UPDATE SET last_on = excluded.last_on;
END;

CREATE TRIGGER last_met_attendees_update AFTER UPDATE OF response_status, email_id, interaction_id ON interaction_attendees BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT p.id, (SELECT max(i.occurred_on) FROM interactions i
                      WHERE i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox') AND i.id IN (
                          SELECT interaction_id FROM interaction_people WHERE person_id = p.id
                          UNION ALL
                          SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                          WHERE e.person_id = p.id AND a.response_status <> 'declined'))
        FROM people p WHERE p.id IN (SELECT person_id FROM emails WHERE id IN (old.email_id, new.email_id))
        ON CONFLICT (person_id) DO UPDATE SET last_on = excluded.last_on;
END;

CREATE TRIGGER last_met_email_owner AFTER UPDATE OF person_id ON emails
WHEN old.person_id IS NOT new.person_id BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT p.id, (SELECT max(i.occurred_on) FROM interactions i
                      WHERE i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox') AND i.id IN (
                          SELECT interaction_id FROM interaction_people WHERE person_id = p.id
                          UNION ALL
                          SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                          WHERE e.person_id = p.id AND a.response_status <> 'declined'))
        FROM people p WHERE p.id IN (old.person_id, new.person_id)
        ON CONFLICT (person_id) DO UPDATE SET last_on = excluded.last_on;
END;

CREATE TRIGGER last_met_interaction_change AFTER UPDATE OF occurred_on, did_not_happen ON interactions BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT p.id, (SELECT max(i.occurred_on) FROM interactions i
                      WHERE i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox') AND i.id IN (
                          SELECT interaction_id FROM interaction_people WHERE person_id = p.id
                          UNION ALL
                          SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                          WHERE e.person_id = p.id AND a.response_status <> 'declined'))
        FROM people p WHERE p.id IN (
            SELECT person_id FROM interaction_people WHERE interaction_id = new.id
            UNION ALL
            SELECT e.person_id FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
            WHERE a.interaction_id = new.id AND e.person_id IS NOT NULL)
        ON CONFLICT (person_id) DO UPDATE SET last_on = excluded.last_on;
END;

CREATE TRIGGER last_met_person_insert AFTER INSERT ON people BEGIN
    INSERT INTO person_last_met (person_id, last_on, archived, own_cadence, tier)
        VALUES (new.id, NULL, new.archived, new.cadence_days, new.closeness)
        ON CONFLICT (person_id) DO UPDATE SET archived = excluded.archived,
            own_cadence = excluded.own_cadence, tier = excluded.tier;
END;

CREATE TRIGGER last_met_person_update AFTER UPDATE OF archived, cadence_days, closeness ON people BEGIN
    UPDATE person_last_met SET archived = new.archived, own_cadence = new.cadence_days, tier = new.closeness
        WHERE person_id = new.id;
END;

CREATE TRIGGER last_met_row_insert AFTER INSERT ON person_last_met BEGIN
    UPDATE person_last_met SET (archived, own_cadence, tier) =
        (SELECT p.archived, p.cadence_days, p.closeness FROM people p WHERE p.id = new.person_id)
        WHERE person_id = new.person_id;
END;

CREATE TRIGGER address_seen_email_insert AFTER INSERT ON emails BEGIN
    INSERT INTO address_seen (email_id, address, unknown)
        VALUES (new.id, new.address, (new.person_id IS NULL AND new.ignored = 0 AND new.ignored_by_rule = 0));
END;

CREATE TRIGGER address_seen_email_update AFTER UPDATE OF address, person_id, ignored, ignored_by_rule ON emails BEGIN
    UPDATE address_seen SET address = new.address,
        unknown = (new.person_id IS NULL AND new.ignored = 0 AND new.ignored_by_rule = 0)
        WHERE email_id = new.id;
END;

CREATE TRIGGER address_seen_attendee_insert AFTER INSERT ON interaction_attendees BEGIN
    UPDATE address_seen SET seen = seen + 1,
        emails = emails + (SELECT i.source IN ('gmail', 'imap', 'mbox') FROM interactions i WHERE i.id = new.interaction_id),
        last_on = max(coalesce(last_on, ''), (SELECT i.occurred_on FROM interactions i WHERE i.id = new.interaction_id))
        WHERE email_id = new.email_id;
END;

CREATE TRIGGER address_seen_attendee_delete AFTER DELETE ON interaction_attendees BEGIN
    UPDATE address_seen SET (seen, emails, last_on) =
        (SELECT count(*), coalesce(sum(i.source IN ('gmail', 'imap', 'mbox')), 0), max(i.occurred_on)
         FROM interaction_attendees a JOIN interactions i ON i.id = a.interaction_id WHERE a.email_id = old.email_id)
        WHERE email_id = old.email_id;
END;

CREATE TRIGGER address_seen_attendee_update AFTER UPDATE OF email_id, interaction_id ON interaction_attendees BEGIN
    UPDATE address_seen SET (seen, emails, last_on) =
        (SELECT count(*), coalesce(sum(i.source IN ('gmail', 'imap', 'mbox')), 0), max(i.occurred_on)
         FROM interaction_attendees a JOIN interactions i ON i.id = a.interaction_id WHERE a.email_id = address_seen.email_id)
        WHERE email_id IN (old.email_id, new.email_id);
END;

CREATE TRIGGER address_seen_interaction_change AFTER UPDATE OF occurred_on, source ON interactions
WHEN old.occurred_on IS NOT new.occurred_on OR old.source IS NOT new.source BEGIN
    UPDATE address_seen SET (seen, emails, last_on) =
        (SELECT count(*), coalesce(sum(i.source IN ('gmail', 'imap', 'mbox')), 0), max(i.occurred_on)
         FROM interaction_attendees a JOIN interactions i ON i.id = a.interaction_id WHERE a.email_id = address_seen.email_id)
        WHERE email_id IN (SELECT email_id FROM interaction_attendees WHERE interaction_id = new.id);
END;

-- The highest id each table has ever handed out: its largest now, or a larger one the
-- record of changes, the tombstones or a sent message still names (a row deleted since).
-- Only integers count, and only well-formed JSON is read.
DELETE FROM sqlite_sequence WHERE name IN ('people', 'organizations', 'emails', 'employment', 'tags',
    'phones', 'interactions', 'pending_actions', 'changes', 'change_rows');
INSERT INTO sqlite_sequence (name, seq)
WITH history (tbl, row_key, before, after) AS (
    SELECT tbl,
           CASE WHEN json_valid(row_key) THEN row_key END,
           CASE WHEN json_valid(before) THEN before END,
           CASE WHEN json_valid(after) THEN after END
    FROM change_rows
),
named (name, id) AS (
    SELECT 'people', id FROM people
    UNION ALL SELECT 'people', json_extract(row_key, '$.id') FROM history WHERE tbl = 'people'
    UNION ALL SELECT 'people', json_extract(before, '$.introduced_by') FROM history WHERE tbl = 'people'
    UNION ALL SELECT 'people', json_extract(after, '$.introduced_by') FROM history WHERE tbl = 'people'
    UNION ALL SELECT 'people', json_extract(before, '$.person_id') FROM history
        WHERE tbl IN ('emails', 'phones', 'employment', 'person_tags', 'interaction_people')
    UNION ALL SELECT 'people', json_extract(after, '$.person_id') FROM history
        WHERE tbl IN ('emails', 'phones', 'employment', 'person_tags', 'interaction_people')
    UNION ALL SELECT 'people', json_extract(row_key, '$.person_a') FROM history WHERE tbl = 'duplicate_pairs'
    UNION ALL SELECT 'people', json_extract(row_key, '$.person_b') FROM history WHERE tbl = 'duplicate_pairs'
    UNION ALL SELECT 'people', person_id FROM change_people
    UNION ALL SELECT 'people', subject_id FROM message_subjects WHERE subject = 'person'
    UNION ALL SELECT 'organizations', id FROM organizations
    UNION ALL SELECT 'organizations', json_extract(row_key, '$.id') FROM history WHERE tbl = 'organizations'
    UNION ALL SELECT 'organizations', json_extract(before, '$.organization_id') FROM history
        WHERE tbl IN ('organization_domains', 'employment', 'organization_tags')
    UNION ALL SELECT 'organizations', json_extract(after, '$.organization_id') FROM history
        WHERE tbl IN ('organization_domains', 'employment', 'organization_tags')
    UNION ALL SELECT 'emails', id FROM emails
    UNION ALL SELECT 'emails', json_extract(row_key, '$.id') FROM history WHERE tbl = 'emails'
    UNION ALL SELECT 'emails', json_extract(row_key, '$.email_id') FROM history WHERE tbl = 'interaction_attendees'
    UNION ALL SELECT 'employment', id FROM employment
    UNION ALL SELECT 'employment', json_extract(row_key, '$.id') FROM history WHERE tbl = 'employment'
    UNION ALL SELECT 'tags', id FROM tags
    UNION ALL SELECT 'tags', json_extract(row_key, '$.id') FROM history WHERE tbl = 'tags'
    UNION ALL SELECT 'tags', json_extract(row_key, '$.tag_id') FROM history
        WHERE tbl IN ('person_tags', 'organization_tags')
    UNION ALL SELECT 'phones', id FROM phones
    UNION ALL SELECT 'phones', json_extract(row_key, '$.id') FROM history WHERE tbl = 'phones'
    UNION ALL SELECT 'interactions', id FROM interactions
    UNION ALL SELECT 'interactions', json_extract(row_key, '$.id') FROM history WHERE tbl = 'interactions'
    UNION ALL SELECT 'interactions', json_extract(row_key, '$.interaction_id') FROM history
        WHERE tbl IN ('interaction_people', 'interaction_attendees')
    UNION ALL SELECT 'interactions', json_extract(before, '$.interaction_id') FROM history
        WHERE tbl = 'interaction_tombstones'
    UNION ALL SELECT 'interactions', json_extract(after, '$.interaction_id') FROM history
        WHERE tbl = 'interaction_tombstones'
    UNION ALL SELECT 'interactions', interaction_id FROM interaction_tombstones
    UNION ALL SELECT 'interactions', subject_id FROM message_subjects WHERE subject = 'interaction'
    UNION ALL SELECT 'pending_actions', id FROM pending_actions
    UNION ALL SELECT 'changes', id FROM changes
    UNION ALL SELECT 'changes', change_id FROM change_rows
    UNION ALL SELECT 'changes', change_id FROM change_people
    UNION ALL SELECT 'change_rows', id FROM change_rows
)
SELECT name, max(id) FROM named WHERE typeof(id) = 'integer' GROUP BY name;
