-- Full-text search over people's folded names and aliases (people.name_key), so /find
-- looks only at likely candidates instead of every name. Kept in step by triggers.
CREATE VIRTUAL TABLE people_search USING fts5(
    name_key,
    content = 'people',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-'''"
);
INSERT INTO people_search (people_search) VALUES ('rebuild');

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

-- The same for organization names.
CREATE VIRTUAL TABLE organizations_search USING fts5(
    name,
    content = 'organizations',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 tokenchars '-'''"
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
