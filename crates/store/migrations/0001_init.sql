-- kith schema, version 1. Append-only: later changes go in new numbered files.
--
-- Table names are a documented interface (README "Schema"). Text columns that are
-- unique "case-insensitively" carry a `*_key` twin computed by kith (Unicode
-- lower-case, trimmed), because SQLite's NOCASE folds ASCII only.
-- Timestamps are RFC 3339 UTC text; dates are ISO `YYYY-MM-DD` in the owner's zone.

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
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
    CHECK (length(trim(given_name)) + length(trim(family_name)) + length(trim(coalesce(display_name, ''))) > 0)
) STRICT;
CREATE INDEX people_introduced_by ON people(introduced_by) WHERE introduced_by IS NOT NULL;
CREATE INDEX people_closeness ON people(closeness) WHERE archived = 0;

CREATE TABLE organizations (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key          TEXT NOT NULL UNIQUE,
    investor_interest TEXT NOT NULL DEFAULT 'none'
                      CHECK (investor_interest IN ('none', 'watching', 'interested', 'very-interested')),
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

-- The web/email domains of an organization ("acme.io"), used to suggest an employer.
CREATE TABLE organization_domains (
    domain          TEXT PRIMARY KEY CHECK (domain = lower(domain) AND length(domain) > 0),
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX organization_domains_org ON organization_domains(organization_id);

CREATE TABLE emails (
    id           INTEGER PRIMARY KEY,
    address      TEXT NOT NULL UNIQUE CHECK (address = lower(trim(address)) AND address LIKE '_%@_%'),
    person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    is_primary   INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    kind         TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('work', 'personal', 'other')),
    ignored      INTEGER NOT NULL DEFAULT 0 CHECK (ignored IN (0, 1)),
    display_name TEXT,                        -- the name a calendar last gave this address
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (is_primary = 0 OR person_id IS NOT NULL)
) STRICT;
CREATE INDEX emails_person ON emails(person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX emails_one_primary ON emails(person_id) WHERE is_primary = 1;

-- Addresses and patterns that are never people: `name@host`, `*@domain`, `prefix@*`
-- (SQLite GLOB syntax over the normalised address). Built-in rules have builtin = 1.
CREATE TABLE ignore_rules (
    pattern    TEXT PRIMARY KEY CHECK (pattern = lower(pattern) AND length(pattern) > 0),
    builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;
INSERT INTO ignore_rules (pattern, builtin, created_at) VALUES
    ('*@resource.calendar.google.com', 1, '1970-01-01T00:00:00Z'),
    ('*@group.calendar.google.com', 1, '1970-01-01T00:00:00Z'),
    ('*@group.v.calendar.google.com', 1, '1970-01-01T00:00:00Z'),
    ('*@import.calendar.google.com', 1, '1970-01-01T00:00:00Z'),
    ('noreply@*', 1, '1970-01-01T00:00:00Z'),
    ('no-reply@*', 1, '1970-01-01T00:00:00Z'),
    ('donotreply@*', 1, '1970-01-01T00:00:00Z'),
    ('do-not-reply@*', 1, '1970-01-01T00:00:00Z'),
    ('calendar-notification@*', 1, '1970-01-01T00:00:00Z'),
    ('*@calendar.google.com', 1, '1970-01-01T00:00:00Z');

CREATE TABLE employment (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title           TEXT,
    is_current      INTEGER NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (person_id, organization_id)
) STRICT;
CREATE INDEX employment_organization ON employment(organization_id);

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE person_tags (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tags_tag ON person_tags(tag_id);

CREATE TABLE organization_tags (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    tag_id          INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (organization_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX organization_tags_tag ON organization_tags(tag_id);

CREATE TABLE interactions (
    id                 INTEGER PRIMARY KEY,
    occurred_on        TEXT NOT NULL CHECK (date(occurred_on) IS occurred_on),
    occurred_at        TEXT,                  -- start instant (RFC 3339 UTC) when known
    time_zone          TEXT,                  -- IANA zone the event was scheduled in
    type               TEXT NOT NULL CHECK (type IN ('1:1-vc', '1:1-f2f', 'group-vc', 'group-f2f',
                           'email', 'text', 'phone', 'coffee', 'lunch', 'event', 'other')),
    type_set_by_hand   INTEGER NOT NULL DEFAULT 0 CHECK (type_set_by_hand IN (0, 1)),
    title              TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL CHECK (source IN ('manual', 'google', 'ics', 'import')),
    calendar_event_id  TEXT UNIQUE,
    did_not_happen     INTEGER NOT NULL DEFAULT 0 CHECK (did_not_happen IN (0, 1)),
    initiated_by_other INTEGER NOT NULL DEFAULT 0 CHECK (initiated_by_other IN (0, 1)),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX interactions_occurred_on ON interactions(occurred_on);

-- People logged by hand on an interaction (or matched by an import).
CREATE TABLE interaction_people (
    interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX interaction_people_person ON interaction_people(person_id);

-- Every attendee address of a calendar event, with its answer to the invitation.
CREATE TABLE interaction_attendees (
    interaction_id  INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    email_id        INTEGER NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
    response_status TEXT NOT NULL DEFAULT 'needs-action'
                    CHECK (response_status IN ('accepted', 'tentative', 'declined', 'needs-action')),
    PRIMARY KEY (interaction_id, email_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX interaction_attendees_email ON interaction_attendees(email_id);

-- Reconciliation is a property of the model: the people of an interaction are those
-- logged by hand plus those whose address attended (declined answers excluded).
-- Linking an address to a person is one UPDATE of emails.person_id.
CREATE VIEW interaction_participants (interaction_id, person_id) AS
    SELECT interaction_id, person_id FROM interaction_people
    UNION
    SELECT a.interaction_id, e.person_id
    FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
    WHERE e.person_id IS NOT NULL AND a.response_status <> 'declined';
