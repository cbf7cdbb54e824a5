//! The owner's address book as the store keeps it (bookkeeping, migration 0027): each
//! card's link to a person (`card_links`: where the card is, its UID and ETag, the synced
//! fields as both sides last had them, the card's text), the questions the sync asks
//! (`card_questions`), kith's side of a card (`person_card_fields`), and taking a card's
//! values into a person inside the change under way (`take_card_fields`). The types are
//! here; the store's calls are in the submodules, one part each: the links (`links`),
//! kith's side of a card (`fields`), taking a card's values (`take`, its addresses and
//! numbers in `take_lists`), the questions (`questions`), the people not in the book
//! (`outside`) and what `kith check` finds wrong (`checks`).

mod checks;
mod fields;
mod links;
mod outside;
mod questions;
mod take;
mod take_lists;

use kith_domain::card::{CardFields, Field};
use kith_domain::model::PersonId;

/// Where a link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Kept in step both ways.
    Linked,
    /// The owner asked for a card; the next sync writes it (`If-None-Match: *`).
    ToAdd,
    /// Never written to the address book: the owner said so.
    KithOnly,
    /// The person is gone from kith and the owner kept the card: left alone.
    CardOnly,
    /// The card was removed from the address book; asked, nothing removed in kith.
    RemovedOnCard,
    /// The person is gone from kith (merged away); asked, the card untouched.
    RemovedInKith,
    /// The owner pressed "Delete the card": the next sync deletes it (`If-Match`).
    ToDelete,
}

impl LinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Linked => "linked",
            LinkState::ToAdd => "to_add",
            LinkState::KithOnly => "kith_only",
            LinkState::CardOnly => "card_only",
            LinkState::RemovedOnCard => "removed_on_card",
            LinkState::RemovedInKith => "removed_in_kith",
            LinkState::ToDelete => "to_delete",
        }
    }

    pub fn from_stored(text: &str) -> Option<LinkState> {
        [
            LinkState::Linked,
            LinkState::ToAdd,
            LinkState::KithOnly,
            LinkState::CardOnly,
            LinkState::RemovedOnCard,
            LinkState::RemovedInKith,
            LinkState::ToDelete,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
    }
}

/// One card's link, as kept (the card's text is read apart: `card_text`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLink {
    pub id: i64,
    /// The address book's collection URL.
    pub book: String,
    /// `None` once the person is gone from kith.
    pub person: Option<PersonId>,
    /// The card's path on the server (`None` while still to be written).
    pub href: Option<String>,
    pub uid: String,
    /// The ETag kith last saw (`None`: never read or written).
    pub etag: Option<String>,
    /// The synced fields as both sides had them at the last sync.
    pub synced: CardFields,
    pub state: LinkState,
}

/// What to write of a link (a new one, or every column of one kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkWrite {
    pub person: Option<PersonId>,
    pub href: Option<String>,
    pub uid: String,
    pub etag: Option<String>,
    pub synced: CardFields,
    /// The card's text as last read or written.
    pub card: Option<String>,
    pub state: LinkState,
}

/// What a question asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardAsk {
    /// A field changed on both sides since the last sync.
    Conflict {
        field: Field,
        card: String,
        kith: String,
    },
    /// The card is gone from the address book; the person is still in kith.
    RemovedOnCard,
    /// The person is gone from kith; the card is still in the address book.
    RemovedInKith,
}

/// One question the sync asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardQuestion {
    pub id: i64,
    pub link: i64,
    pub person: Option<PersonId>,
    /// The person's shown name, else the card's name (from its text), else its UID.
    pub name: String,
    pub ask: CardAsk,
    /// RFC 3339 UTC.
    pub asked_at: String,
    /// The answer given (`None`: still open).
    pub answer: Option<String>,
}

/// What taking a card's values did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taken {
    /// Each field changed, in words ("mobile +351 912 345 678 added").
    pub changed: Vec<String>,
    /// What could not be taken ("ana@x.io is Bob Brown's in kith: left theirs").
    pub problems: Vec<String>,
    /// The fields not (wholly) taken, each named in `problems`: kith's value of them
    /// is not the card's.
    pub left: Vec<Field>,
}

impl Taken {
    fn problem(&mut self, field: Field, problem: String) {
        self.problems.push(problem);
        if !self.left.contains(&field) {
            self.left.push(field);
        }
    }
}
