-- The owner's address book over CardDAV. Both tables are bookkeeping, not the network:
-- an undo of a change the address book brought restores the person, and the next sync,
-- seeing kith differ from what was last synced, writes the card back.

-- A person ↔ a card of one address book (`book`, its collection URL): where the card is
-- (`href`, the path on the server; NULL while it is still to be written), its UID, the
-- ETag kith last saw, the synced fields as both sides had them at the last sync
-- (`CardFields::stored`, for the three-way merge), and the card's text as last read or
-- written (every line kith does not model is written back from it byte for byte).
CREATE TABLE card_links (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    book       TEXT NOT NULL CHECK (length(book) > 0),
    person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    href       TEXT,
    uid        TEXT NOT NULL CHECK (length(uid) > 0),
    etag       TEXT,
    synced     TEXT NOT NULL DEFAULT '',
    card       TEXT,
    -- linked: kept in step. to_add: the owner asked for a card, not written yet.
    -- kith_only: never written to the address book (the owner said so). card_only: the
    -- person is gone from kith and the owner kept the card; the card is left alone.
    -- removed_on_card / removed_in_kith: a deletion on one side, asked, not propagated.
    -- to_delete: the owner pressed "Delete the card"; the next sync deletes it.
    state      TEXT NOT NULL DEFAULT 'linked' CHECK (state IN ('linked', 'to_add', 'kith_only',
                   'card_only', 'removed_on_card', 'removed_in_kith', 'to_delete')),
    updated_at TEXT NOT NULL,
    CHECK (state IN ('to_add', 'kith_only') OR href IS NOT NULL),
    CHECK (state NOT IN ('linked', 'to_add', 'kith_only', 'removed_on_card') OR person_id IS NOT NULL),
    UNIQUE (book, uid)
) STRICT;
CREATE UNIQUE INDEX card_links_href ON card_links(book, href) WHERE href IS NOT NULL;
CREATE UNIQUE INDEX card_links_person ON card_links(book, person_id) WHERE person_id IS NOT NULL;

-- What the sync asks the owner, in the digest and /addressbook: a field changed on both
-- sides (`conflict`, with both values), a card removed on the server while its person is
-- in kith (`removed_on_card`), a person gone from kith while their card is on the server
-- (`removed_in_kith`). One open question per link, kind and field.
CREATE TABLE card_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    link_id     INTEGER NOT NULL REFERENCES card_links(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('conflict', 'removed_on_card', 'removed_in_kith')),
    field       TEXT NOT NULL DEFAULT '',
    card_value  TEXT NOT NULL DEFAULT '',
    kith_value  TEXT NOT NULL DEFAULT '',
    asked_at    TEXT NOT NULL,
    answered_at TEXT,
    answer      TEXT,
    CHECK (kind = 'conflict' OR field = ''),
    CHECK ((answered_at IS NULL) = (answer IS NULL))
) STRICT;
CREATE UNIQUE INDEX card_questions_open ON card_questions(link_id, kind, field)
    WHERE answered_at IS NULL;
CREATE INDEX card_questions_waiting ON card_questions(asked_at, id) WHERE answered_at IS NULL;

-- A person gone from kith (merged away, or their creation undone) leaves no link in a
-- state that needs them: a card not written yet, or kept out, is forgotten with its
-- questions; a card already gone from the server too is forgotten; a card still on the
-- server is `removed_in_kith`, for the sync to ask about, its open conflicts dropped.
-- Then `person_id` is set NULL.
CREATE TRIGGER card_links_person_gone BEFORE DELETE ON people
BEGIN
    DELETE FROM card_questions WHERE answered_at IS NULL AND kind = 'conflict'
        AND link_id IN (SELECT id FROM card_links WHERE person_id = old.id);
    DELETE FROM card_links WHERE person_id = old.id
        AND state IN ('to_add', 'kith_only', 'removed_on_card');
    UPDATE card_links SET state = 'removed_in_kith' WHERE person_id = old.id AND state = 'linked';
END;
