-- Ranking inputs kept exact by triggers, so /stale and /unknown read one page in order
-- from an index instead of ranking everyone on each call. `kith check` recomputes both
-- in full and reports any difference.

-- /stale: every person has a person_last_met row (last_on NULL when never met) carrying
-- copies of what decides their cadence and whether they are listed. Within one cadence,
-- "most overdue relative to the cadence" is "met longest ago", so each cadence's most
-- overdue are the first rows of this index.
ALTER TABLE person_last_met ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE person_last_met ADD COLUMN own_cadence INTEGER;
ALTER TABLE person_last_met ADD COLUMN tier INTEGER;

INSERT INTO person_last_met (person_id, last_on) SELECT id, NULL FROM people WHERE true
    ON CONFLICT (person_id) DO NOTHING;
UPDATE person_last_met SET (archived, own_cadence, tier) =
    (SELECT p.archived, p.cadence_days, p.closeness FROM people p WHERE p.id = person_last_met.person_id);
CREATE INDEX person_last_met_due ON person_last_met(archived, own_cadence, tier, last_on);

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

-- A row the last-met triggers create for someone (they only know the date) takes the copies.
CREATE TRIGGER last_met_row_insert AFTER INSERT ON person_last_met BEGIN
    UPDATE person_last_met SET (archived, own_cadence, tier) =
        (SELECT p.archived, p.cadence_days, p.closeness FROM people p WHERE p.id = new.person_id)
        WHERE person_id = new.person_id;
END;

-- /unknown: per address, how many interactions it attended (and how many of them are
-- synced mail) and the latest day, with copies of what makes it unknown (no person, not
-- ignored by mark or by rule) and its text for the tie-break.
CREATE TABLE address_seen (
    email_id INTEGER PRIMARY KEY REFERENCES emails(id) ON DELETE CASCADE,
    address  TEXT NOT NULL,
    unknown  INTEGER NOT NULL,
    seen     INTEGER NOT NULL DEFAULT 0,
    emails   INTEGER NOT NULL DEFAULT 0,
    last_on  TEXT
) STRICT;

INSERT INTO address_seen (email_id, address, unknown, seen, emails, last_on)
    SELECT e.id, e.address, (e.person_id IS NULL AND e.ignored = 0 AND e.ignored_by_rule = 0),
           count(a.interaction_id), coalesce(sum(i.source IN ('gmail', 'imap', 'mbox')), 0), max(i.occurred_on)
    FROM emails e LEFT JOIN interaction_attendees a ON a.email_id = e.id
                  LEFT JOIN interactions i ON i.id = a.interaction_id
    GROUP BY e.id;
CREATE INDEX address_seen_unknown ON address_seen(seen DESC, last_on DESC, address)
    WHERE unknown = 1 AND seen > 0;

CREATE TRIGGER address_seen_email_insert AFTER INSERT ON emails BEGIN
    INSERT INTO address_seen (email_id, address, unknown)
        VALUES (new.id, new.address, (new.person_id IS NULL AND new.ignored = 0 AND new.ignored_by_rule = 0));
END;

CREATE TRIGGER address_seen_email_update AFTER UPDATE OF address, person_id, ignored, ignored_by_rule ON emails BEGIN
    UPDATE address_seen SET address = new.address,
        unknown = (new.person_id IS NULL AND new.ignored = 0 AND new.ignored_by_rule = 0)
        WHERE email_id = new.id;
END;

-- A new attendance row only adds.
CREATE TRIGGER address_seen_attendee_insert AFTER INSERT ON interaction_attendees BEGIN
    UPDATE address_seen SET seen = seen + 1,
        emails = emails + (SELECT i.source IN ('gmail', 'imap', 'mbox') FROM interactions i WHERE i.id = new.interaction_id),
        last_on = max(coalesce(last_on, ''), (SELECT i.occurred_on FROM interactions i WHERE i.id = new.interaction_id))
        WHERE email_id = new.email_id;
END;

-- Anything else recomputes the addresses it touched from their attendance rows.
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
