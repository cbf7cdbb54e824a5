-- Organization names are searched word by word: hyphens and apostrophes now break words
-- ("Müller-Quintana GmbH" is found by "quintana"), as they do in people's search keys.
DROP TRIGGER organizations_search_insert;
DROP TRIGGER organizations_search_delete;
DROP TRIGGER organizations_search_update;
DROP TABLE organizations_search;

CREATE VIRTUAL TABLE organizations_search USING fts5(
    name,
    content = 'organizations',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);
INSERT INTO organizations_search (organizations_search) VALUES ('rebuild');

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
