//! kith's side written to the server. `plan` (with the store, no network) decides the
//! writes: the card of each linked person whose synced fields changed in kith (a field
//! asked about is left as the card has it), a new card for each person the owner added
//! (`If-None-Match: *`), a delete the owner pressed; a person gone from kith is asked
//! about, never their card deleted. `perform` makes one write with the ETag kith last
//! saw (`If-Match`); a `412 Precondition Failed` re-reads the card, merges it, and writes
//! again once. Every write is recorded as a change naming the person.

use std::collections::{HashMap, HashSet};

use super::client::{Client, Precondition, Written};
use super::error::CardDavError;
use super::incoming::{self, Links, shown};
use super::with_store;
use crate::error::SyncError;
use crate::run::SourceReport;
use kith_domain::actor::Actor;
use kith_domain::card::{CardFields, Field, text};
use kith_domain::model::PersonId;
use kith_store::{CardAsk, CardLink, LinkState, LinkWrite, SharedStore, Store};

/// One write to the server.
#[derive(Debug)]
pub enum Write {
    /// A linked card rewritten with kith's fields.
    Update {
        link: i64,
        href: String,
        etag: Option<String>,
        text: String,
        fields: CardFields,
        changed: Vec<Field>,
        person: PersonId,
    },
    /// A new card for a person the owner added.
    Create {
        link: i64,
        href: String,
        text: String,
        fields: CardFields,
        person: PersonId,
    },
    /// A card the owner asked to delete.
    Delete {
        link: i64,
        href: String,
        etag: Option<String>,
    },
}

/// The writes of one run, and what planning them said.
#[derive(Default)]
pub struct Writes {
    pub writes: Vec<Write>,
    pub warnings: Vec<String>,
}

/// Decides the writes of `book`, asking about people gone from kith on the way.
pub fn plan(store: &mut Store, book: &str, region: Option<&str>) -> Result<Writes, SyncError> {
    let mut writes = Writes::default();
    let kith: HashMap<i64, (PersonId, CardFields)> = store
        .linked_card_fields(book)?
        .into_iter()
        .map(|(link, person, fields)| (link, (person, fields)))
        .collect();
    let asked = open_conflicts(store)?;
    let path = book_path(book);
    for link in store.card_links(book)? {
        match (link.state, link.person, link.href.clone()) {
            // The person is gone from kith (the store marks the link when they go).
            (LinkState::Linked, None, _) | (LinkState::RemovedInKith, _, _) => {
                store.in_one_transaction(|store| {
                    store.set_card_link_state(link.id, LinkState::RemovedInKith)?;
                    store.ask_card_question(link.id, &CardAsk::RemovedInKith)
                })?;
            }
            (LinkState::Linked, Some(person), Some(href)) => {
                let Some((_, raw)) = kith.get(&link.id) else {
                    continue;
                };
                let none = HashSet::new();
                let asked = asked.get(&link.id).unwrap_or(&none);
                if let Some(write) = update(store, &link, (href, person), raw, asked, region)? {
                    writes.writes.push(write);
                }
            }
            (LinkState::ToAdd, Some(person), _) => {
                let fields = text::as_on_card(&store.person_card_fields(person)?);
                // A card put back is the card as kith last had it (its photo, labels and
                // other apps' fields) with kith's values; a new one is new.
                let kept = store
                    .card_text(link.id)?
                    .and_then(|old| text::read(&old, region).ok().map(|read| (old, read)));
                let text = match kept {
                    Some((old, read)) => {
                        text::rewrite(&old, &incoming::kinds_as(&fields, &read.fields), region)
                    }
                    None => text::new_card(&link.uid, &fields),
                };
                writes.writes.push(Write::Create {
                    link: link.id,
                    href: link
                        .href
                        .clone()
                        .unwrap_or_else(|| format!("{path}{}.vcf", path_safe(&link.uid))),
                    text,
                    fields,
                    person,
                });
            }
            (LinkState::ToDelete, _, Some(href)) => writes.writes.push(Write::Delete {
                link: link.id,
                href,
                etag: link.etag.clone(),
            }),
            _ => {}
        }
    }
    Ok(writes)
}

/// The write of a linked card whose person changed in kith since the last sync: kith's
/// changed fields over the card (in the card's labels), fields asked about left as the
/// card has them; `None` when there is nothing to write.
fn update(
    store: &mut Store,
    link: &CardLink,
    (href, person): (String, PersonId),
    raw: &CardFields,
    asked: &HashSet<Field>,
    region: Option<&str>,
) -> Result<Option<Write>, SyncError> {
    // Most people are as last synced: compared as kith keeps them first, in
    // the card's form only when that differs.
    if *raw == link.synced {
        return Ok(None);
    }
    let fields = &text::as_on_card(raw);
    if *fields == link.synced {
        return Ok(None);
    }
    let card_text = store.card_text(link.id)?.unwrap_or_default();
    let Ok(on_card) = text::read(&card_text, region) else {
        return Ok(None);
    };
    // Compared in kith's kinds; written back in the card's own labels.
    let aligned = incoming::kinds_as(&on_card.fields, fields);
    let mut desired = aligned.clone();
    let mut changed = Vec::new();
    for field in fields.differing(&link.synced) {
        if !asked.contains(&field) && aligned.get(field) != fields.get(field) {
            desired.set(field, fields.get(field));
            changed.push(field);
        }
    }
    if changed.is_empty() {
        // kith moved to what the card already says: nothing to write.
        settle(store, link.id, &link.synced, fields, asked)?;
        return Ok(None);
    }
    // Once written, only the fields written count as synced at kith's values;
    // every other field keeps what it was synced at (a value kith refused to
    // take stays the card's, never written away by an unrelated edit).
    let mut after = link.synced.clone();
    for field in &changed {
        after.set(*field, fields.get(*field));
    }
    Ok(Some(Write::Update {
        link: link.id,
        href,
        etag: link.etag.clone(),
        text: text::rewrite(
            &card_text,
            &incoming::kinds_as(&desired, &on_card.fields),
            region,
        ),
        fields: after,
        changed,
        person,
    }))
}

/// The fields asked about, per link: left as the card has them until answered.
fn open_conflicts(store: &Store) -> Result<HashMap<i64, HashSet<Field>>, SyncError> {
    let mut asked: HashMap<i64, HashSet<Field>> = HashMap::new();
    let (_, questions) = store.open_card_questions(usize::MAX)?;
    for question in questions {
        if let CardAsk::Conflict { field, .. } = question.ask {
            asked.entry(question.link).or_default().insert(field);
        }
    }
    Ok(asked)
}

/// kith's values count as synced where the card already has them.
fn settle(
    store: &mut Store,
    link: i64,
    synced: &CardFields,
    kith: &CardFields,
    asked: &HashSet<Field>,
) -> Result<(), SyncError> {
    for field in kith.differing(synced) {
        if !asked.contains(&field) {
            store.settle_card_field(link, field, kith.get(field))?;
        }
    }
    Ok(())
}

/// Makes one write; what the server refused is a warning, a login refused or a server
/// out of reach stops the run.
pub async fn perform(
    client: &Client,
    store: &SharedStore,
    book: &str,
    write: Write,
    region: Option<&str>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    match attempt(client, store, book, &write, region, report).await {
        Ok(()) => Ok(()),
        Err(SyncError::CardDav(error @ CardDavError::Refused { .. })) => {
            report
                .warnings
                .push(format!("{}: {error}", describe(&write)));
            Ok(())
        }
        Err(error) => Err(error),
    }
}

fn describe(write: &Write) -> String {
    match write {
        Write::Update { href, .. } => format!("writing {href}"),
        Write::Create { href, .. } => format!("adding {href}"),
        Write::Delete { href, .. } => format!("deleting {href}"),
    }
}

async fn attempt(
    client: &Client,
    store: &SharedStore,
    book: &str,
    write: &Write,
    region: Option<&str>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    match write {
        Write::Update {
            link,
            href,
            etag,
            text,
            fields,
            changed,
            person,
        } => {
            let precondition = match etag {
                Some(etag) => Precondition::IfMatch(etag.clone()),
                None => Precondition::IfNoneMatch,
            };
            match client.put(book, href, text, &precondition).await? {
                Written::Done { etag } => {
                    let words: Vec<String> = changed.iter().map(|f| f.in_words()).collect();
                    let done = Done {
                        link: *link,
                        href: href.clone(),
                        etag,
                        text: text.clone(),
                        fields: fields.clone(),
                        person: *person,
                        summary: words.join(", "),
                    };
                    with_store(store, move |store| done.record(store)).await?;
                    report.updated += 1;
                    Ok(())
                }
                Written::PreconditionFailed | Written::Gone => {
                    reread(client, store, book, href, region, report).await
                }
            }
        }
        Write::Create {
            link,
            href,
            text,
            fields,
            person,
        } => match client
            .put(book, href, text, &Precondition::IfNoneMatch)
            .await?
        {
            Written::Done { etag } => {
                let done = Done {
                    link: *link,
                    href: href.clone(),
                    etag,
                    text: text.clone(),
                    fields: fields.clone(),
                    person: *person,
                    summary: "added".into(),
                };
                with_store(store, move |store| done.record(store)).await?;
                report.created += 1;
                Ok(())
            }
            Written::PreconditionFailed | Written::Gone => {
                // A card is already there: read, it is found by its UID and merged.
                reread(client, store, book, href, region, report).await
            }
        },
        Write::Delete { link, href, etag } => {
            let outcome = match etag {
                Some(etag) => client.delete(book, href, etag).await?,
                None => Written::PreconditionFailed,
            };
            let link = *link;
            match outcome {
                Written::Done { .. } | Written::Gone => {
                    with_store(store, move |store| Ok(store.delete_card_link(link)?)).await?;
                    report.updated += 1;
                }
                Written::PreconditionFailed => {
                    report.warnings.push(format!(
                        "{href} changed on the server since you asked to delete it: not deleted, asked again"
                    ));
                    with_store(store, move |store| {
                        store.set_card_link_state(link, LinkState::RemovedInKith)?;
                        store.ask_card_question(link, &CardAsk::RemovedInKith)?;
                        Ok(())
                    })
                    .await?;
                }
            }
            Ok(())
        }
    }
}

/// A write someone else's change got in the way of: the card read again and merged (a
/// field changed on both sides is asked); the next run writes what is left to write.
async fn reread(
    client: &Client,
    store: &SharedStore,
    book: &str,
    href: &str,
    region: Option<&str>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let card = client.card(book, href).await?;
    let (book, region) = (book.to_owned(), region.map(str::to_owned));
    let taken = with_store(store, move |store| {
        let mut links = Links::read(store, &book)?;
        match card {
            Some(card) => incoming::take_cards(store, &mut links, vec![card], region.as_deref()),
            None => Ok(incoming::Taken::default()),
        }
    })
    .await?;
    taken.add_to(report);
    report.warnings.push(format!(
        "{href} changed on the server while kith wrote it: read again and merged; the rest is written at the next sync"
    ));
    Ok(())
}

/// A write the server took, recorded: the link at its new version, and a change naming
/// the person ("Address book: wrote Ana Souza's card (mobile, title)").
struct Done {
    link: i64,
    href: String,
    etag: Option<String>,
    text: String,
    fields: CardFields,
    person: PersonId,
    summary: String,
}

impl Done {
    fn record(self, store: &mut Store) -> Result<(), SyncError> {
        let name = shown(store, self.person);
        let uid = store
            .card_link(self.link)?
            .map(|link| link.uid)
            .unwrap_or_default();
        store.in_one_transaction(|store| {
            store.update_card_link(
                self.link,
                &LinkWrite {
                    person: Some(self.person),
                    href: Some(self.href.clone()),
                    uid,
                    etag: self.etag.clone(),
                    synced: self.fields.clone(),
                    card: Some(self.text.clone()),
                    state: LinkState::Linked,
                },
            )?;
            store.begin_change(Actor::Sync)?;
            store.finish_change_touching(
                &format!("Address book: wrote {name}'s card ({})", self.summary),
                &[self.person],
                &[],
            )?;
            Ok(())
        })?;
        Ok(())
    }
}

/// The path of a book's URL, ending in `/`: where new cards go.
fn book_path(book: &str) -> String {
    let path = url::Url::parse(book)
        .map(|url| url.path().to_owned())
        .unwrap_or_else(|_| "/".into());
    if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    }
}

/// A UID as a file name: letters, digits, `-`, `_`, `.` kept, everything else escaped.
fn path_safe(uid: &str) -> String {
    uid.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_card_goes_under_the_book_named_by_its_uid() {
        assert_eq!(book_path("https://d.io/ana/contacts/"), "/ana/contacts/");
        assert_eq!(book_path("https://d.io/ana/contacts"), "/ana/contacts/");
        assert_eq!(path_safe("kith-12-3"), "kith-12-3");
        assert_eq!(path_safe("a b/c@d"), "a%20b%2Fc%40d");
    }
}
