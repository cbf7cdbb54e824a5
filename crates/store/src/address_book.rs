//! The owner's address book as the store keeps it (bookkeeping, migration 0027): each
//! card's link to a person (`card_links`: where the card is, its UID and ETag, the synced
//! fields as both sides last had them, the card's text), the questions the sync asks
//! (`card_questions`), kith's side of a card (`person_card_fields`), and taking a card's
//! values into a person inside the change under way (`take_card_fields`).
//! SKELETON: to be written.

use kith_domain::card::{CardFields, Field};
use kith_domain::model::PersonId;

use crate::{Result, Store};

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

impl Store {
    /// Every link of `book`, by id.
    pub fn card_links(&self, book: &str) -> Result<Vec<CardLink>> {
        let _ = book;
        Ok(Vec::new())
    }

    /// One link, whatever its book.
    pub fn card_link(&self, id: i64) -> Result<Option<CardLink>> {
        let _ = id;
        Ok(None)
    }

    /// A link's card text as last read or written.
    pub fn card_text(&self, link: i64) -> Result<Option<String>> {
        let _ = link;
        Ok(None)
    }

    /// The book of the last address-book sync (its `sync_positions` name is
    /// `carddav:<book>`), if there was one: what the chat's offers and questions are about.
    pub fn address_book(&self) -> Result<Option<String>> {
        Ok(None)
    }

    /// kith's side of a card: the person's names, addresses by kind, numbers by kind,
    /// birthday, current organization and title, and the first paragraph of the note.
    pub fn person_card_fields(&self, person: PersonId) -> Result<CardFields> {
        let _ = person;
        Ok(CardFields::new())
    }

    /// kith's side of every card of `book` linked to a person (state `linked`), in a few
    /// statements whatever the number: (link id, person, their fields).
    pub fn linked_card_fields(&self, book: &str) -> Result<Vec<(i64, PersonId, CardFields)>> {
        let _ = book;
        Ok(Vec::new())
    }

    /// A new link; its id.
    pub fn insert_card_link(&mut self, book: &str, link: &LinkWrite) -> Result<i64> {
        let _ = (book, link);
        Ok(0)
    }

    /// Every column of a link rewritten.
    pub fn update_card_link(&mut self, id: i64, link: &LinkWrite) -> Result<()> {
        let _ = (id, link);
        Ok(())
    }

    /// The owner's answer to a conflict: `field` counts as synced at `value`, so the
    /// next sync writes kith's value to the card (`value` the card's) or nothing (kith
    /// took the card's).
    pub fn settle_card_field(&mut self, link: i64, field: Field, value: &str) -> Result<()> {
        let _ = (link, field, value);
        Ok(())
    }

    /// A link moved to `state` by the owner's answer; `to_add` and `kith_only` forget the
    /// card's place (a card put back is written anew under the same UID).
    pub fn set_card_link_state(&mut self, link: i64, state: LinkState) -> Result<()> {
        let _ = (link, state);
        Ok(())
    }

    /// A link forgotten (its card deleted on the server by the owner's press).
    pub fn delete_card_link(&mut self, id: i64) -> Result<()> {
        let _ = id;
        Ok(())
    }

    /// Each of `changes`' fields made exactly its value in the person ("" clears it; a
    /// merge's `to_kith`), inside the change under way: names, a kind's addresses and numbers made exactly the card's (an address
    /// that is someone else's in kith is left theirs and named in the result's
    /// problems), birthday, organization and title (the current job), the note's first
    /// paragraph. Returns what changed, in words ("mobile +351 912 345 678 added").
    pub fn take_card_fields(
        &mut self,
        person: PersonId,
        changes: &[(Field, String)],
    ) -> Result<Taken> {
        let _ = (person, changes);
        Ok(Taken::default())
    }

    /// Asks a question about a link; `None` when the same one is already open.
    pub fn ask_card_question(&mut self, link: i64, ask: &CardAsk) -> Result<Option<i64>> {
        let _ = (link, ask);
        Ok(None)
    }

    /// The open questions, oldest first, at most `limit`, and how many are open.
    pub fn open_card_questions(&self, limit: usize) -> Result<(usize, Vec<CardQuestion>)> {
        let _ = limit;
        Ok((0, Vec::new()))
    }

    /// One question, open or answered.
    pub fn card_question(&self, id: i64) -> Result<Option<CardQuestion>> {
        let _ = id;
        Ok(None)
    }

    /// Records the answer to an open question (the caller carries it out).
    pub fn answer_card_question(&mut self, id: i64, answer: &str) -> Result<()> {
        let _ = (id, answer);
        Ok(())
    }

    /// Active people with no link to `book`, by name: how many, and the page.
    pub fn people_without_card(
        &self,
        book: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<(PersonId, String)>)> {
        let _ = (book, limit, offset);
        Ok((0, Vec::new()))
    }

    /// A `to_add` link (a new UID) for each of `people` who has none; how many.
    pub fn add_people_to_book(&mut self, book: &str, people: &[PersonId]) -> Result<usize> {
        let _ = (book, people);
        Ok(0)
    }

    /// A `kith_only` link for `person` (never offered or written again).
    pub fn keep_out_of_book(&mut self, book: &str, person: PersonId) -> Result<()> {
        let _ = (book, person);
        Ok(())
    }

    /// What `kith check` finds wrong with the address book's links and questions.
    pub fn address_book_problems(&self) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
}

/// What taking a card's values did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taken {
    /// Each field changed, in words ("mobile +351 912 345 678 added").
    pub changed: Vec<String>,
    /// What could not be taken ("ana@x.io is Bob Brown's in kith: left his").
    pub problems: Vec<String>,
}
