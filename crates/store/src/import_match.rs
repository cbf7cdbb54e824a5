//! Who in kith an entry of an import is: the people its import key, its addresses, its
//! LinkedIn profile, its Telegram account and its phone numbers belong to — never its
//! name alone — and the located problem of an entry that matches two or more.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::Result;
use kith_domain::import::{ImportBatch, ImportPerson, Place};
use kith_domain::model::EmailAddress;

fn person_id_by_key(tx: &Connection, key: &str) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM people WHERE import_key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()
}

fn person_id_by_email(tx: &Connection, address: &EmailAddress) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT person_id FROM emails WHERE address = ?1 AND person_id IS NOT NULL")?
        .query_row([address.as_str()], |row| row.get(0))
        .optional()
}

/// Someone in kith an entry of the file is, with what said so: its id, each of its
/// addresses that is theirs, its LinkedIn profile.
pub(super) struct Owner {
    pub id: i64,
    pub by: Vec<String>,
}

/// Everyone in kith an entry matches, in the order the entry names them: by its import
/// key, by each of its addresses (each looked up once), by its LinkedIn profile when
/// exactly one person has it, by its Telegram id and username, and by each of its phone
/// numbers (in the form kith keeps them, E.164 where the country is known). Never by a
/// name. One owner is the entry's match; two or more are a question kith does not answer
/// for the owner.
pub(super) fn people_matched(tx: &Connection, person: &ImportPerson) -> Result<Vec<Owner>> {
    let mut owners: Vec<Owner> = Vec::new();
    let mut add = |id: i64, by: String| match owners.iter_mut().find(|o| o.id == id) {
        Some(owner) => owner.by.push(by),
        None => owners.push(Owner { id, by: vec![by] }),
    };
    // An entry without a key (a shared contact) is matched by the rest alone.
    if !person.key.is_empty()
        && let Some(id) = person_id_by_key(tx, &person.key)?
    {
        add(id, "the same id".to_owned());
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(person.emails.len());
    for (address, _, _) in &person.emails {
        if seen.insert(address.as_str())
            && let Some(id) = person_id_by_email(tx, address)?
        {
            add(id, address.to_string());
        }
    }
    if let Some(url) = &person.linkedin_url {
        let ids: Vec<i64> = tx
            .prepare_cached(
                "SELECT id FROM people
                 WHERE replace(replace(replace(lower(rtrim(linkedin_url, '/')), 'https://', ''), 'http://', ''), 'www.', '')
                     = replace(replace(replace(lower(rtrim(?1, '/')), 'https://', ''), 'http://', ''), 'www.', '')
                 LIMIT 2",
            )?
            .query_map([url], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let [only] = ids.as_slice() {
            add(*only, "the same LinkedIn profile".to_owned());
        }
    }
    if let Some(id) = person.telegram_id
        && let Some(owner) = by_telegram_id(tx, id)?
    {
        add(owner, "the same Telegram account".to_owned());
    }
    if let Some(username) = &person.telegram_username
        && let Some(owner) = by_telegram_username(tx, username)?
    {
        add(owner, format!("@{username}"));
    }
    let mut numbers: HashSet<&str> = HashSet::with_capacity(person.phones.len());
    for (number, _) in &person.phones {
        if !numbers.insert(number.as_str()) {
            continue;
        }
        for owner in by_phone(tx, number)? {
            add(owner, number.clone());
        }
    }
    Ok(owners)
}

fn by_telegram_id(tx: &Connection, telegram_id: i64) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM people WHERE telegram_id = ?1")?
        .query_row([telegram_id], |row| row.get(0))
        .optional()
}

fn by_telegram_username(tx: &Connection, username: &str) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM people WHERE lower(telegram_username) = lower(?1)")?
        .query_row([username], |row| row.get(0))
        .optional()
}

/// Everyone who has this number (a shared landline is two people's).
fn by_phone(tx: &Connection, number: &str) -> rusqlite::Result<Vec<i64>> {
    tx.prepare_cached("SELECT DISTINCT person_id FROM phones WHERE number = ?1 ORDER BY person_id")?
        .query_map([number], |row| row.get(0))?
        .collect()
}

/// The problem of an entry that matches two or more people (`owners`): where it stands,
/// each person with what matched them, and that nothing of it was written.
pub(super) fn two_people(
    tx: &Connection,
    batch: &ImportBatch,
    person: &ImportPerson,
    owners: &[Owner],
) -> Result<String> {
    let (at, unit) = match &person.origin {
        Some(origin) => match origin.place {
            Place::Row(_) => (format!("{} {}", origin.file, origin.place), "row"),
            Place::Card(_) => (format!("{}: {}", origin.file, origin.place), "card"),
        },
        None => ("the import".to_owned(), "entry"),
    };
    let mut whom = Vec::with_capacity(owners.len());
    for owner in owners {
        let name: String = tx
            .prepare_cached(concat!(
                "SELECT ",
                shown_name!(),
                " FROM people p WHERE p.id = ?1"
            ))?
            .query_row([owner.id], |row| row.get(0))?;
        let more = match owner.by.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        whom.push(format!("{name} (by {}{more})", owner.by[0]));
    }
    let mut message = format!(
        "{at}: {:?} matches {} people in kith: {}; kith never guesses between two people, so nothing of this {unit} was imported (merge them, or take the address from the one it is not, and import again)",
        person.shown_name(),
        owners.len(),
        whom.join(", ")
    );
    let interactions = batch
        .interactions
        .iter()
        .filter(|i| i.people.contains(&person.key))
        .count();
    if interactions > 0 {
        message.push_str(&format!(
            "; {} of this file with them are imported without them",
            kith_domain::text::plural(interactions, "interaction", "interactions")
        ));
    }
    let introduced = batch
        .people
        .iter()
        .filter(|p| p.introduced_by.as_deref() == Some(person.key.as_str()))
        .count();
    if introduced > 0 {
        message.push_str(&format!(
            "; {} this file says they introduced get no introducer from it",
            kith_domain::text::plural(introduced, "person", "people")
        ));
    }
    Ok(message)
}
