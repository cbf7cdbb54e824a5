//! Who made a recorded change: a chat, the terminal, the sync, an import, an undo, or the
//! address book.
//! The store keeps it as text ("chat:<id>", "terminal", "sync", "import", "undo"), the
//! same text it always has, so databases written before this type read back unchanged.

use std::fmt;

/// Who made a recorded change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Actor {
    /// An owner's chat, by its Telegram chat id.
    Chat(i64),
    /// The terminal (`kith chat`).
    Terminal,
    /// A calendar or mail sync.
    Sync,
    /// An import of a file (or a mail import).
    Import,
    /// An undo, which takes another change back.
    Undo,
    /// The owner's address book (CardDAV): a change made on the phone, taken in.
    AddressBook,
}

impl Actor {
    /// The actor stored as `text`, if it is one.
    pub fn from_stored(text: &str) -> Option<Actor> {
        match text {
            "terminal" => Some(Actor::Terminal),
            "sync" => Some(Actor::Sync),
            "import" => Some(Actor::Import),
            "undo" => Some(Actor::Undo),
            "address book" => Some(Actor::AddressBook),
            _ => text
                .strip_prefix("chat:")
                .and_then(|id| id.parse().ok())
                .map(Actor::Chat),
        }
    }

    /// The text the store keeps for it.
    pub fn stored(self) -> String {
        self.to_string()
    }

    /// An owner at a keyboard: a chat or the terminal (not a sync, import or undo).
    pub fn is_owner(self) -> bool {
        matches!(self, Actor::Chat(_) | Actor::Terminal)
    }

    /// Whether its changes are recorded row by row, so they can be taken back: the
    /// chats', the terminal's and each import (one change, every field it filled among
    /// its rows). A sync is corrected by editing what it wrote, not undone wholesale.
    pub fn undoable(self) -> bool {
        matches!(
            self,
            Actor::Chat(_) | Actor::Terminal | Actor::Import | Actor::AddressBook
        )
    }

    /// Who made a change, in words: "the sync", "an import", "the terminal", "a chat".
    pub fn in_words(self) -> &'static str {
        match self {
            Actor::Sync => "the sync",
            Actor::Import => "an import",
            Actor::AddressBook => "the address book",
            Actor::Terminal => "the terminal",
            Actor::Chat(_) | Actor::Undo => "a chat",
        }
    }

    /// Who made a change, as /history shows it: "sync", "import", or "you".
    pub fn made_by(self) -> &'static str {
        match self {
            Actor::Sync => "sync",
            Actor::Import => "import",
            Actor::AddressBook => "address book",
            Actor::Chat(_) | Actor::Terminal | Actor::Undo => "you",
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Chat(id) => write!(f, "chat:{id}"),
            Actor::Terminal => f.write_str("terminal"),
            Actor::Sync => f.write_str("sync"),
            Actor::Import => f.write_str("import"),
            Actor::Undo => f.write_str("undo"),
            Actor::AddressBook => f.write_str("address book"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Actor;

    #[test]
    fn every_actor_reads_back_from_the_text_it_is_stored_as() {
        let cases = [
            (Actor::Chat(42), "chat:42"),
            (Actor::Chat(-1001), "chat:-1001"),
            (Actor::Terminal, "terminal"),
            (Actor::Sync, "sync"),
            (Actor::Import, "import"),
            (Actor::Undo, "undo"),
            (Actor::AddressBook, "address book"),
        ];
        for (actor, text) in cases {
            assert_eq!(actor.stored(), text);
            assert_eq!(Actor::from_stored(text), Some(actor));
        }
        for unknown in ["", "chat:", "chat:x", "Sync", "owner"] {
            assert_eq!(Actor::from_stored(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn words_and_undoability_follow_the_kind_of_actor() {
        let cases = [
            (Actor::Chat(7), "a chat", "you", true),
            (Actor::Terminal, "the terminal", "you", true),
            (Actor::Import, "an import", "import", true),
            (Actor::Sync, "the sync", "sync", false),
            (Actor::AddressBook, "the address book", "address book", true),
        ];
        for (actor, words, made_by, undoable) in cases {
            assert_eq!(actor.in_words(), words);
            assert_eq!(actor.made_by(), made_by);
            assert_eq!(actor.undoable(), undoable);
        }
    }
}
