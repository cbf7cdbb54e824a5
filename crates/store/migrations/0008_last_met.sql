-- An incremental rollup for "who haven't I seen lately": each person's latest interaction
-- that happened (any date — future ones are corrected for at query time, being rare).
-- Kept exact by triggers on every table it depends on; `kith check` recomputes it in full
-- and reports any difference.
CREATE TABLE person_last_met (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    last_on   TEXT
) STRICT;

INSERT INTO person_last_met (person_id, last_on)
    SELECT ip.person_id, max(i.occurred_on)
    FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id
    WHERE i.did_not_happen = 0
    GROUP BY ip.person_id;

-- New links can only move a date later: no recomputation needed.
CREATE TRIGGER last_met_people_insert AFTER INSERT ON interaction_people BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT new.person_id, i.occurred_on FROM interactions i WHERE i.id = new.interaction_id AND i.did_not_happen = 0
        ON CONFLICT (person_id) DO UPDATE SET last_on = max(coalesce(last_on, ''), excluded.last_on);
END;
CREATE TRIGGER last_met_attendees_insert AFTER INSERT ON interaction_attendees
WHEN new.response_status <> 'declined' BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT e.person_id, i.occurred_on FROM emails e, interactions i
        WHERE e.id = new.email_id AND e.person_id IS NOT NULL AND i.id = new.interaction_id AND i.did_not_happen = 0
        ON CONFLICT (person_id) DO UPDATE SET last_on = max(coalesce(last_on, ''), excluded.last_on);
END;

-- Anything that can move a date earlier recomputes the people it touches. (The view
-- interaction_participants is spelled out: a UNION view is not narrowed to one person.)
CREATE TRIGGER last_met_people_delete AFTER DELETE ON interaction_people BEGIN
    INSERT INTO person_last_met (person_id, last_on)
        SELECT p.id, (SELECT max(i.occurred_on) FROM interactions i
                      WHERE i.did_not_happen = 0 AND i.id IN (
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
                      WHERE i.did_not_happen = 0 AND i.id IN (
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
                      WHERE i.did_not_happen = 0 AND i.id IN (
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
                      WHERE i.did_not_happen = 0 AND i.id IN (
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
                      WHERE i.did_not_happen = 0 AND i.id IN (
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
