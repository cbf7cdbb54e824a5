-- Conversation state, so a restart loses nothing.
--
-- chat_state: what the next plain message in a chat answers ("type a name to link
-- jane@acme.io to"). One row per chat; JSON written and read by the engine.
CREATE TABLE chat_state (
    chat_id    INTEGER PRIMARY KEY,
    state      TEXT NOT NULL CHECK (json_valid(state)),
    updated_at TEXT NOT NULL
) STRICT;

-- pending_actions: a command waiting for the owner to pick among candidates (an
-- ambiguous name). Buttons carry the id; completing the action deletes the row, so a
-- second press of the same button finds nothing and changes nothing.
CREATE TABLE pending_actions (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    action     TEXT NOT NULL CHECK (json_valid(action)),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX pending_actions_chat ON pending_actions(chat_id);
