-- Email as a source: interactions synced from Gmail, an IMAP mailbox or an mbox archive.
-- SQLite cannot change a CHECK in place, so `interactions` is rebuilt with the wider
-- `source` list (migrations run before foreign keys are turned on, so dropping the old
-- table cascades nothing), with its indexes and the last-met triggers.
--
-- "Last met" is who the owner has *seen*: synced email does not count (the card shows
-- the last email beside it, and KITH_STALE_KINDS can include it for /stale).

DROP TRIGGER last_met_people_insert;
DROP TRIGGER last_met_attendees_insert;
DROP TRIGGER last_met_people_delete;
DROP TRIGGER last_met_attendees_delete;
DROP TRIGGER last_met_attendees_update;
DROP TRIGGER last_met_email_owner;
DROP TRIGGER last_met_interaction_change;

CREATE TABLE interactions_new (
    id                 INTEGER PRIMARY KEY,
    occurred_on        TEXT NOT NULL CHECK (date(occurred_on) IS occurred_on),
    occurred_at        TEXT,                  -- start instant (RFC 3339 UTC) when known
    time_zone          TEXT,                  -- IANA zone the event was scheduled in
    type               TEXT NOT NULL CHECK (type IN ('1:1-vc', '1:1-f2f', 'group-vc', 'group-f2f',
                           'email', 'text', 'phone', 'coffee', 'lunch', 'event', 'other')),
    type_set_by_hand   INTEGER NOT NULL DEFAULT 0 CHECK (type_set_by_hand IN (0, 1)),
    title              TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL CHECK (source IN ('manual', 'google', 'ics', 'import', 'gmail', 'imap', 'mbox')),
    calendar_event_id  TEXT UNIQUE,
    did_not_happen     INTEGER NOT NULL DEFAULT 0 CHECK (did_not_happen IN (0, 1)),
    initiated_by_other INTEGER NOT NULL DEFAULT 0 CHECK (initiated_by_other IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
, import_key TEXT, date_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (date_set_by_hand IN (0, 1)), title_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (title_set_by_hand IN (0, 1)), happened_set_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (happened_set_by_hand IN (0, 1))) STRICT;
INSERT INTO interactions_new (id, occurred_on, occurred_at, time_zone, type, type_set_by_hand, title, notes, source, calendar_event_id, did_not_happen, initiated_by_other, created_at, updated_at, import_key, date_set_by_hand, title_set_by_hand, happened_set_by_hand)
    SELECT id, occurred_on, occurred_at, time_zone, type, type_set_by_hand, title, notes, source, calendar_event_id, did_not_happen, initiated_by_other, created_at, updated_at, import_key, date_set_by_hand, title_set_by_hand, happened_set_by_hand FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;
CREATE INDEX interactions_occurred_on ON interactions(occurred_on);
CREATE UNIQUE INDEX interactions_import_key ON interactions(import_key) WHERE import_key IS NOT NULL;
CREATE INDEX interactions_by_start ON interactions(occurred_at) WHERE occurred_at IS NOT NULL;
-- Mail interactions by day and kind, for the card's "last email".
CREATE INDEX interactions_mail ON interactions(source, occurred_on) WHERE source IN ('gmail', 'imap', 'mbox');

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

DELETE FROM person_last_met;
INSERT INTO person_last_met (person_id, last_on)
    SELECT ip.person_id, max(i.occurred_on)
    FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id
    WHERE i.did_not_happen = 0 AND i.source NOT IN ('gmail', 'imap', 'mbox')
    GROUP BY ip.person_id;
