//! The server's side taken into kith. Which cards to read (`Links::to_read`: a card whose
//! ETag is the one kith last saw is unchanged, whoever wrote it), each card read merged
//! with kith three ways (`take_cards`: the card's news taken as one address-book change
//! with Undo, kith's news left for `outgoing`, a field changed on both asked), a card
//! kith has no link for matched by UID, then email, phone or Telegram id — never by name
//! — or imported as the vCard importer does; a card removed on the server asked about
//! (`removed_on_server`), never removed in kith.

use std::collections::{HashMap, HashSet};

use super::client::{Changes, Listed, RemoteCard};
use crate::error::SyncError;
use crate::run::SourceReport;
use kith_domain::actor::Actor;
use kith_domain::card::{self, CardFields, Field, text};
use kith_domain::import::{Origin, Place};
use kith_domain::model::PersonId;
use kith_store::{CardAsk, CardLink, LinkState, LinkWrite, Store};

/// The book's links as the run knows them, by the card's path and by UID.
pub struct Links {
    pub book: String,
    by_href: HashMap<String, CardLink>,
    by_uid: HashMap<String, String>,
    unplaced: HashMap<String, CardLink>,
    /// Each person with a card in the book, and where (the path, else the UID).
    people: HashMap<PersonId, String>,
}

/// What to read of the server, and what is gone from it.
pub struct Reads {
    pub fetch: Vec<Listed>,
    pub removed: Vec<CardLink>,
    pub unchanged: usize,
}

impl Links {
    pub fn read(store: &Store, book: &str) -> Result<Links, SyncError> {
        let mut links = Links {
            book: book.to_owned(),
            by_href: HashMap::new(),
            by_uid: HashMap::new(),
            unplaced: HashMap::new(),
            people: HashMap::new(),
        };
        for link in store.card_links(book)? {
            links.keep(link);
        }
        Ok(links)
    }

    fn keep(&mut self, link: CardLink) {
        if let Some(person) = link.person {
            let at = link.href.clone().unwrap_or_else(|| link.uid.clone());
            self.people.insert(person, at);
        }
        match link.href.clone() {
            Some(href) => {
                self.by_uid.insert(link.uid.clone(), href.clone());
                self.by_href.insert(href, link);
            }
            None => {
                self.unplaced.insert(link.uid.clone(), link);
            }
        }
    }

    fn forget(&mut self, link: &CardLink) {
        if let Some(person) = link.person {
            self.people.remove(&person);
        }
        if let Some(href) = &link.href {
            self.by_href.remove(href);
        }
        self.by_uid.remove(&link.uid);
        self.unplaced.remove(&link.uid);
    }

    /// The link a card at `href` with `uid` belongs to: by its place, else by its UID.
    fn find(&self, href: &str, uid: &str) -> Option<CardLink> {
        if let Some(link) = self.by_href.get(href) {
            return Some(link.clone());
        }
        if uid.is_empty() {
            return None;
        }
        match self.by_uid.get(uid) {
            Some(at) => self.by_href.get(at).cloned(),
            None => self.unplaced.get(uid).cloned(),
        }
    }

    /// The cards to read (changed since kith last saw them), the links whose cards are
    /// gone, and how many listed cards are as kith last saw them.
    pub fn to_read(&self, changes: &Changes) -> Reads {
        let mut reads = Reads {
            fetch: Vec::new(),
            removed: Vec::new(),
            unchanged: 0,
        };
        let mut listed = HashSet::new();
        for card in &changes.changed {
            listed.insert(card.href.as_str());
            match self.by_href.get(&card.href) {
                Some(link) if link.etag.as_deref() == Some(card.etag.as_str()) => {
                    reads.unchanged += 1
                }
                _ => reads.fetch.push(card.clone()),
            }
        }
        let gone: HashSet<&str> = changes.removed.iter().map(String::as_str).collect();
        for (href, link) in &self.by_href {
            let missing = changes.complete && !listed.contains(href.as_str());
            if missing || gone.contains(href.as_str()) {
                reads.removed.push(link.clone());
            }
        }
        reads.removed.sort_by_key(|link| link.id);
        reads
    }
}

/// What reading cards did to kith.
#[derive(Default)]
pub struct Taken {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub warnings: Vec<String>,
}

impl Taken {
    pub fn add_to(self, report: &mut SourceReport) {
        report.created += self.created;
        report.updated += self.updated;
        report.unchanged += self.unchanged;
        report.warnings.extend(self.warnings);
    }
}

/// Each card merged into kith: a part's cards in one transaction, each card all or nothing.
pub fn take_cards(
    store: &mut Store,
    links: &mut Links,
    cards: Vec<RemoteCard>,
    region: Option<&str>,
) -> Result<Taken, SyncError> {
    let mut taken = Taken::default();
    // One transaction per part of `READ_PART` cards (a chat waits for one part at most),
    // each card inside it all or nothing.
    store.in_one_transaction(|store| {
        for card in &cards {
            store.in_one_transaction(|store| take_card(store, links, card, region, &mut taken))?;
        }
        Ok(())
    })?;
    Ok(taken)
}

fn take_card(
    store: &mut Store,
    links: &mut Links,
    card: &RemoteCard,
    region: Option<&str>,
    taken: &mut Taken,
) -> kith_store::Result<()> {
    let read = match text::read(&card.text, region) {
        Ok(read) => read,
        Err(problem) => {
            taken.warnings.push(format!(
                "{} line {}: {} — the card is left as it is on the server",
                card.href, problem.line, problem.reason
            ));
            return Ok(());
        }
    };
    let uid = if read.uid.is_empty() {
        card.href.clone()
    } else {
        read.uid.clone()
    };
    let before = taken.created;
    let link = match links.find(&card.href, &uid) {
        Some(link) if link.href.as_ref().is_some_and(|at| *at != card.href) => {
            taken.warnings.push(format!(
                "{} ({}): its UID {uid} is already the card at {} — this one is left alone",
                card.href,
                read.name,
                link.href.unwrap_or_default()
            ));
            return Ok(());
        }
        Some(link) => link,
        None => match new_link(store, links, (card, region), &uid, taken)? {
            Some(link) => link,
            None => return Ok(()),
        },
    };
    let write = match (link.state, link.person) {
        (LinkState::Linked | LinkState::ToAdd | LinkState::RemovedOnCard, Some(person)) => {
            let mut outcome = Taken::default();
            let write = merged(store, &link, person, card, &read.fields, &mut outcome)?;
            taken.warnings.extend(outcome.warnings);
            // Each card is counted once: a person made from it is "created", whatever the
            // merge then did; otherwise the merge says whether kith changed.
            if taken.created == before {
                taken.updated += outcome.updated;
                taken.unchanged += outcome.unchanged;
            }
            write
        }
        // The owner asked for the card to be deleted, and the phone changed it since: the
        // change is not deleted unseen — the question is asked again, at the new version.
        (LinkState::ToDelete, _) => {
            store.ask_card_question(link.id, &CardAsk::RemovedInKith)?;
            taken.warnings.push(format!(
                "{} ({}) changed on the phone after you asked to delete it: not deleted, asked again",
                card.href, read.name
            ));
            at_card(&link, card, LinkState::RemovedInKith)
        }
        (LinkState::KithOnly, _) => {
            taken.warnings.push(format!(
                "{} ({}): a card with the UID of someone you keep out of the address book — left alone",
                card.href, read.name
            ));
            return Ok(());
        }
        _ => at_card(&link, card, link.state),
    };
    store.update_card_link(link.id, &write)?;
    links.forget(&link);
    links.keep(CardLink {
        id: link.id,
        book: links.book.clone(),
        person: write.person,
        href: write.href.clone(),
        uid: write.uid.clone(),
        etag: write.etag.clone(),
        synced: write.synced.clone(),
        state: write.state,
    });
    Ok(())
}

/// A link as it was, at the card's new version, in `state`: nothing taken into kith.
fn at_card(link: &CardLink, card: &RemoteCard, state: LinkState) -> LinkWrite {
    LinkWrite {
        person: link.person,
        href: Some(card.href.clone()),
        uid: link.uid.clone(),
        etag: Some(card.etag.clone()),
        synced: link.synced.clone(),
        card: Some(card.text.clone()),
        state,
    }
}

/// A card kith has no link for: the one person it matches (by email, phone, Telegram id,
/// never by name), or a new person imported from it; two or more is a located warning and
/// the card is left alone. The new link has nothing synced yet.
fn new_link(
    store: &mut Store,
    links: &mut Links,
    (card, region): (&RemoteCard, Option<&str>),
    uid: &str,
    taken: &mut Taken,
) -> kith_store::Result<Option<CardLink>> {
    let mut read = kith_moving::import::vcard::read(&card.href, &card.text);
    // Numbers in the form kith keeps, as `kith import vcard` keeps them; what the reader
    // could not take (a number that is no number, an address that is no address) is
    // named, whatever else the card gives.
    let tidied = kith_moving::import::tidy_phones(&mut read.batch, region, &card.href);
    taken.warnings.extend(
        read.problems
            .iter()
            .chain(tidied.iter())
            .map(|problem| problem.to_string()),
    );
    let Some(mut entry) = read.batch.people.into_iter().next() else {
        let what = if read.batch.organizations.is_empty() {
            "no name kith can use"
        } else {
            "a card of an organization, not a person (kith keeps people's cards)"
        };
        taken.warnings.push(format!(
            "{}: {what} — the card is left as it is on the server",
            card.href
        ));
        return Ok(None);
    };
    // The phone's own note stays on the phone: kith keeps only what is in kith's marked
    // block (the card's `Note` field), so nothing of the phone's is written back under it.
    entry.notes = text::read(&card.text, None)
        .map(|read| read.fields.get(Field::Note).to_owned())
        .unwrap_or_default();
    entry.key = format!("carddav:{uid}");
    entry.origin = Some(Origin {
        file: card.href.clone(),
        place: Place::Card(1),
    });
    let matches = store.people_matching(&entry)?;
    let person = match matches.as_slice() {
        [] => {
            store.begin_change(Actor::AddressBook)?;
            store.apply_contact(&entry)?;
            store.finish_change(&format!(
                "Address book: {} added from your address book",
                entry.shown_name()
            ))?;
            taken.created += 1;
            match store.people_matching(&entry)?.first() {
                Some((person, _)) => *person,
                None => return Ok(None),
            }
        }
        [(person, _)] => *person,
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|(person, by)| format!("{} ({by})", shown(store, *person)))
                .collect();
            taken.warnings.push(format!(
                "{} ({}): matches {} in kith — left alone; merge them (/dupes) or fix the card",
                card.href,
                entry.shown_name(),
                names.join(" and ")
            ));
            return Ok(None);
        }
    };
    if let Some(other) = links.people.get(&person) {
        taken.warnings.push(format!(
            "{} ({}): {} already has a card in the address book ({other}) — this one is left alone",
            card.href,
            entry.shown_name(),
            shown(store, person),
        ));
        return Ok(None);
    }
    let write = LinkWrite {
        person: Some(person),
        href: Some(card.href.clone()),
        uid: uid.to_owned(),
        etag: None,
        synced: CardFields::new(),
        card: Some(card.text.clone()),
        state: LinkState::Linked,
    };
    let id = store.insert_card_link(&links.book, &write)?;
    Ok(Some(CardLink {
        id,
        book: links.book.clone(),
        person: write.person,
        href: write.href,
        uid: write.uid,
        etag: None,
        synced: write.synced,
        state: LinkState::Linked,
    }))
}

/// The three-way merge of a linked card: the card's news taken into kith as one
/// address-book change, conflicts asked; the link's new state. The synced value of a
/// field kith must still write is the card's, so `outgoing` writes it even after a crash.
fn merged(
    store: &mut Store,
    link: &CardLink,
    person: PersonId,
    card: &RemoteCard,
    on_card: &CardFields,
    taken: &mut Taken,
) -> kith_store::Result<LinkWrite> {
    let kith = text::as_on_card(&store.person_card_fields(person)?);
    // An address or number both sides have is of the kind kith files it under: the card's
    // other label is left as it is, and neither side is rewritten for it.
    let on_card = &kinds_as(on_card, &kith);
    let merge = card::merge(&link.synced, on_card, &kith);
    let mut synced = merge.synced.clone();
    let mut left: Vec<Field> = Vec::new();
    if merge.to_kith.is_empty() {
        if merge.to_card.is_empty() {
            taken.unchanged += 1;
        }
    } else {
        let name = shown(store, person);
        store.begin_change(Actor::AddressBook)?;
        let result = store.take_card_fields(person, &merge.to_kith)?;
        store.finish_change(&format!(
            "Address book: {name}: {}",
            if result.changed.is_empty() {
                "the card read".to_owned()
            } else {
                result.changed.join(", ")
            }
        ))?;
        // What kith could not take stays as kith has it, so it is not written back either.
        let now = text::as_on_card(&store.person_card_fields(person)?);
        for (field, _) in &merge.to_kith {
            synced.set(*field, now.get(*field));
        }
        taken.updated += 1;
        taken
            .warnings
            .extend(result.problems.iter().map(|p| format!("{name}: {p}")));
        left = result.left;
    }
    // A field kith must still write counts as synced at the card's value, so the write
    // happens (and happens again after a crash) — set last, over what was taken.
    // (Not a field kith could not fully take: writing kith's value would remove from the
    // card what kith refused.)
    for field in merge.to_card.iter().filter(|f| !left.contains(f)) {
        synced.set(*field, on_card.get(*field));
    }
    settle_questions(store, link.id, &merge.conflicts)?;
    for conflict in merge.conflicts {
        store.ask_card_question(
            link.id,
            &CardAsk::Conflict {
                field: conflict.field,
                card: conflict.card,
                kith: conflict.kith,
            },
        )?;
    }
    Ok(LinkWrite {
        person: Some(person),
        href: Some(card.href.clone()),
        uid: link.uid.clone(),
        etag: Some(card.etag.clone()),
        synced,
        card: Some(card.text.clone()),
        state: LinkState::Linked,
    })
}

/// The link's open questions the card no longer gives cause for: a conflict on a field
/// the two sides now agree on (or that is asked again with new values), a removal of a
/// card that is back. Each is answered as settled, so it stops holding its field back.
fn settle_questions(
    store: &mut Store,
    link: i64,
    conflicts: &[card::Conflict],
) -> kith_store::Result<()> {
    for question in store.open_card_questions_of(link)? {
        let settled = match &question.ask {
            CardAsk::Conflict { field, .. } => !conflicts.iter().any(|c| c.field == *field),
            CardAsk::RemovedOnCard => true,
            CardAsk::RemovedInKith => false,
        };
        if settled {
            store.answer_card_question(question.id, "settled: the two sides agree now")?;
        }
    }
    Ok(())
}

/// `fields`' addresses and numbers each under the kind `reference` files it under, where
/// `reference` has it. The card's side put in kith's kinds: a work address the phone
/// labels "home" is the same item, not one removed and one added (which would move it
/// to the phone's kind without asking); and back, what kith writes keeps the card's
/// labels for what the card already has.
pub(super) fn kinds_as(on_card: &CardFields, kith: &CardFields) -> CardFields {
    let lists: Vec<Field> = Field::all().into_iter().filter(|f| f.is_list()).collect();
    let kith_kind = |item: &str, like: Field| {
        lists.iter().copied().find(|field| {
            std::mem::discriminant(field) == std::mem::discriminant(&like)
                && kith.items(*field).contains(&item)
        })
    };
    let mut aligned = on_card.clone();
    for field in &lists {
        for item in on_card.items(*field) {
            if let Some(kind) = kith_kind(item, *field)
                && kind != *field
            {
                let rest: Vec<String> = aligned
                    .items(*field)
                    .into_iter()
                    .filter(|i| *i != item)
                    .map(str::to_owned)
                    .collect();
                aligned.set_list(*field, rest.iter().map(String::as_str));
                aligned.push(kind, item);
            }
        }
    }
    aligned
}

/// Cards gone from the server: a linked person's is asked about ("Removed from your
/// address book"), nothing removed in kith; a card kith kept apart, or was to delete, is
/// forgotten. Returns what the report says.
pub fn removed_on_server(
    store: &mut Store,
    removed: &[CardLink],
) -> Result<Vec<String>, SyncError> {
    let mut said = Vec::new();
    for link in removed {
        store.in_one_transaction(|store| {
            match link.state {
                LinkState::Linked => {
                    store.set_card_link_state(link.id, LinkState::RemovedOnCard)?;
                    store.ask_card_question(link.id, &CardAsk::RemovedOnCard)?;
                    if let Some(person) = link.person {
                        said.push(format!(
                            "{}'s card was removed from the address book — asked in the digest; nothing removed in kith",
                            shown(store, person)
                        ));
                    }
                }
                LinkState::CardOnly | LinkState::ToDelete | LinkState::RemovedInKith => {
                    store.delete_card_link(link.id)?;
                }
                _ => {}
            }
            Ok(())
        })?;
    }
    Ok(said)
}

/// A person's shown name, or their id when it cannot be read.
pub(super) fn shown(store: &Store, person: PersonId) -> String {
    store
        .person(person)
        .map(|p| p.name())
        .unwrap_or_else(|_| format!("person {}", person.0))
}
