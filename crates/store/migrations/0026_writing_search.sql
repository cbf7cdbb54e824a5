-- Full-text search over what the owner wrote: people's notes, interactions' titles and
-- notes, and topics, in one FTS5 index that /find reads after the names. Its rowid says
-- what a row is: id * 4 + 1 a person's notes, id * 4 + 2 an interaction, id * 4 + 3 a
-- topic. It keeps its own copy of the text (three tables are no one external content
-- table, and snippet() needs the text to quote). Only rows with text are held; triggers
-- keep it in step, and an update that leaves the text as it was touches nothing, so
-- writing the same again changes no byte of the database.
CREATE VIRTUAL TABLE writing_search USING fts5(
    title,
    body,
    tokenize = "unicode61 remove_diacritics 2"
);

INSERT INTO writing_search (rowid, title, body)
    SELECT id * 4 + 1, '', notes FROM people WHERE notes <> '';
INSERT INTO writing_search (rowid, title, body)
    SELECT id * 4 + 2, title, notes FROM interactions WHERE title <> '' OR notes <> '';
INSERT INTO writing_search (rowid, title, body)
    SELECT id * 4 + 3, '', text FROM topics;

CREATE TRIGGER writing_search_people_insert AFTER INSERT ON people WHEN new.notes <> '' BEGIN
    INSERT INTO writing_search (rowid, title, body) VALUES (new.id * 4 + 1, '', new.notes);
END;
CREATE TRIGGER writing_search_people_delete AFTER DELETE ON people BEGIN
    DELETE FROM writing_search WHERE rowid = old.id * 4 + 1;
END;
CREATE TRIGGER writing_search_people_update AFTER UPDATE OF notes ON people
    WHEN old.notes IS NOT new.notes BEGIN
    DELETE FROM writing_search WHERE rowid = old.id * 4 + 1;
    INSERT INTO writing_search (rowid, title, body)
        SELECT new.id * 4 + 1, '', new.notes WHERE new.notes <> '';
END;

CREATE TRIGGER writing_search_interactions_insert AFTER INSERT ON interactions
    WHEN new.title <> '' OR new.notes <> '' BEGIN
    INSERT INTO writing_search (rowid, title, body) VALUES (new.id * 4 + 2, new.title, new.notes);
END;
CREATE TRIGGER writing_search_interactions_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM writing_search WHERE rowid = old.id * 4 + 2;
END;
CREATE TRIGGER writing_search_interactions_update AFTER UPDATE OF title, notes ON interactions
    WHEN old.title IS NOT new.title OR old.notes IS NOT new.notes BEGIN
    DELETE FROM writing_search WHERE rowid = old.id * 4 + 2;
    INSERT INTO writing_search (rowid, title, body)
        SELECT new.id * 4 + 2, new.title, new.notes WHERE new.title <> '' OR new.notes <> '';
END;

CREATE TRIGGER writing_search_topics_insert AFTER INSERT ON topics BEGIN
    INSERT INTO writing_search (rowid, title, body) VALUES (new.id * 4 + 3, '', new.text);
END;
CREATE TRIGGER writing_search_topics_delete AFTER DELETE ON topics BEGIN
    DELETE FROM writing_search WHERE rowid = old.id * 4 + 3;
END;
CREATE TRIGGER writing_search_topics_update AFTER UPDATE OF text ON topics
    WHEN old.text IS NOT new.text BEGIN
    DELETE FROM writing_search WHERE rowid = old.id * 4 + 3;
    INSERT INTO writing_search (rowid, title, body) VALUES (new.id * 4 + 3, '', new.text);
END;
