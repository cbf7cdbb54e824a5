-- Which person or interaction each message kith sent is about, so a text reply to that
-- message becomes a note there (even after a restart).
CREATE TABLE message_subjects (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    subject    TEXT NOT NULL CHECK (subject IN ('person', 'interaction')),
    subject_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) STRICT;
