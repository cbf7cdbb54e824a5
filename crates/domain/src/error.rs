//! `Refusal`: each variant a specific, user-facing reason that nothing was changed;
//! `Display` is the sentence shown to the owner. Trouble with the database or a file is
//! the store's `Error`, which wraps a refusal; nothing here knows SQLite or a file.

use thiserror::Error;

use crate::actor::Actor;

/// What kind of record an id or name referred to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Person,
    Email,
    Organization,
    Interaction,
    Tag,
    Change,
    FollowUp,
    Topic,
    ImportantDate,
    /// A card of the address book linked to a person (`card_links`).
    CardLink,
    /// A question the address-book sync asked (`card_questions`).
    CardQuestion,
}

impl Entity {
    pub fn noun(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Email => "email address",
            Entity::Organization => "organization",
            Entity::Interaction => "interaction",
            Entity::Tag => "tag",
            Entity::Change => "change",
            Entity::FollowUp => "follow-up",
            Entity::Topic => "topic",
            Entity::ImportantDate => "important date",
            Entity::CardLink => "address book card",
            Entity::CardQuestion => "address book question",
        }
    }
}

#[derive(Debug, Error)]
pub enum Refusal {
    #[error("{text:?} is not a valid email address: {reason}")]
    InvalidEmail { text: String, reason: &'static str },
    #[error("{0:?} is not a closeness tier (use 1–7 or one of the tier names)")]
    UnknownTier(String),
    #[error(
        "{0:?} is not an interaction type (try 1:1 vc, 1:1 f2f, group vc, coffee, call, email…)"
    )]
    UnknownInteractionType(String),
    #[error(
        "the database {database} is not empty (it holds {holds}): a JSON export restores \
         only into a new one; name a new file with --db NEW_FILE"
    )]
    RestoreIntoNonEmpty { database: String, holds: String },
    #[error("not a kith export: {0} (expected a file written by `kith export --format json`)")]
    NotAnExport(String),
    #[error("{value:?} is not a valid {field}: expected {expected}")]
    InvalidValue {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error(
        "the message holds a control character (U+{:04X}), which kith never keeps in a \
         value; nothing was changed: send it again without it",
        u32::from(*.0)
    )]
    ControlCharacter(char),
    #[error("a {} needs a name", .0.noun())]
    EmptyName(Entity),
    #[error("a person cannot be introduced by themselves")]
    SelfIntroduction,
    #[error("cannot merge a person with themselves")]
    MergeWithSelf,
    #[error("no {} with id {id}", entity.noun())]
    NotFound { entity: Entity, id: i64 },
    #[error("no {} named {name:?}", entity.noun())]
    NotFoundByName { entity: Entity, name: String },
    #[error("{address} already belongs to {owner}")]
    EmailTaken { address: String, owner: String },
    /// A Telegram account (its id or username) names one person.
    #[error("{account} on Telegram is already {owner}'s")]
    TelegramTaken { account: String, owner: String },
    #[error("{address} is not an address of {person}")]
    EmailNotOwned { address: String, person: String },
    /// "left ORG" for an organization kith does not have.
    #[error("no organization is called {organization:?}; {person}'s jobs are on their card")]
    NoSuchEmployer {
        person: String,
        organization: String,
    },
    /// "left ORG" for an organization the person has no job at.
    #[error("{person} has no job at {organization}; their jobs are on their card")]
    NotEmployedAt {
        person: String,
        organization: String,
    },
    #[error("an organization named {0:?} already exists")]
    OrganizationExists(String),
    #[error("a tag named {0:?} already exists")]
    TagExists(String),
    #[error("{0:?} is not a valid ignore pattern (use name@host, *@domain or prefix@*)")]
    InvalidIgnorePattern(String),
    #[error("that change was already undone")]
    AlreadyUndone,
    /// A button of a question the address-book sync asked, pressed once it was answered.
    #[error("that question was already answered")]
    AlreadyAnswered,
    #[error("{0} can't be undone from the chat")]
    NotUndoable(String),
    /// `at` is the later change's RFC 3339 UTC time and `actor` who made it; the chat
    /// shows both in the owner's words and zone (`engine::history`).
    #[error("{}", undo_blocked(change, by, actor_in_words(*actor), at, actor.undoable()))]
    UndoBlocked {
        change: String,
        by: String,
        actor: Actor,
        at: String,
    },
    #[error(
        "can't undo “{0}”: what it changed was changed since by something kith has no record of (an edit of the database file itself)"
    )]
    UndoChangedSince(String),
    #[error("interaction {0} came from a calendar; its calendar event id cannot be reused")]
    EventIdConflict(String),
}

pub type Result<T, E = Refusal> = std::result::Result<T, E>;

/// Why an undo is refused, one wording wherever it is told: `who` made the later change
/// `by`, at `when` (the chat tells both in the owner's words and zone). A later change
/// that cannot be undone itself (the sync's) is not offered as the way out.
pub fn undo_blocked(change: &str, by: &str, who: &str, when: &str, undoable: bool) -> String {
    let way_out = if undoable {
        "Undo that first"
    } else {
        "What the sync wrote is corrected, not undone: open what it logged to change it, or archive or merge the person"
    };
    format!(
        "can't undo “{change}”: a later change depends on it — “{by}”, made by {who} on {when}. {way_out}"
    )
}

/// Who made a recorded change, in words: "the sync", "an import", "a chat", "the terminal".
pub fn actor_in_words(actor: Actor) -> &'static str {
    actor.in_words()
}
