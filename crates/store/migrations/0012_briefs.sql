-- Meeting briefs sent, one per meeting instance: a moved meeting (a new start) gets a
-- new brief, and a restart never sends one twice.
CREATE TABLE briefs_sent (
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    starts_at      TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    PRIMARY KEY (interaction_id, starts_at)
) WITHOUT ROWID;
CREATE INDEX interactions_by_start ON interactions(occurred_at) WHERE occurred_at IS NOT NULL;
