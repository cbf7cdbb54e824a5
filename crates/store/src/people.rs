//! People: create, edit any field, archive, append notes, look up by id or email.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{Store, bool_int, found};
use crate::Result;
use kith_domain::error::{Entity, Refusal};
use kith_domain::model::shown_name;
use kith_domain::model::{Cadence, EmailAddress, EmailKind, PersonId, Tier};
use kith_domain::text;

/// One person as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Person {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub display_name: Option<String>,
    /// Other names this person is known by, one per line (merged records, nicknames).
    pub aliases: String,
    pub closeness: Option<Tier>,
    /// Their own cadence, when it overrides the tier's.
    pub cadence: Option<Cadence>,
    pub introduced_by: Option<PersonId>,
    pub linkedin_url: Option<String>,
    pub location: Option<String>,
    pub notes: String,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
    /// Their Telegram account, as far as kith knows it.
    pub telegram: crate::TelegramIdentity,
}

impl Person {
    /// The name to show: the display name, else "given family".
    pub fn name(&self) -> String {
        shown_name(
            &self.given_name,
            &self.family_name,
            self.display_name.as_deref(),
        )
    }
}

/// Which rules `person_name_key` follows; raise it when they change, and every stored
/// key is recomputed at the next open (2: hyphens and apostrophes break words, German
/// spellings both ways; 3: every token's German spelling read back, "juergen" → "jurgen").
const NAME_KEY_VERSION: i64 = 3;

/// The search key: folded tokens of the shown name plus any given/family/alias tokens it lacks.
pub(super) fn person_name_key(
    given: &str,
    family: &str,
    display: Option<&str>,
    aliases: &str,
) -> String {
    let mut key = text::search_tokens(&shown_name(given, family, display));
    for token in text::search_tokens(&format!("{given} {family} {aliases}")) {
        if !key.contains(&token) {
            key.push(token);
        }
    }
    key.join(" ")
}

/// What a new person starts with. Only a name is required.
#[derive(Clone, Debug, Default)]
pub struct NewPerson {
    pub given_name: String,
    pub family_name: String,
    pub display_name: Option<String>,
    pub aliases: String,
    pub closeness: Option<Tier>,
    pub introduced_by: Option<PersonId>,
    pub linkedin_url: Option<String>,
    pub location: Option<String>,
    pub notes: String,
    /// Addresses to link in the same transaction; the first becomes the primary. An
    /// address that belongs to someone else refuses the whole creation.
    pub emails: Vec<(EmailAddress, EmailKind)>,
    /// Where they work now, recorded in the same transaction.
    pub current_organization: Option<kith_domain::model::OrganizationId>,
}

impl NewPerson {
    /// A person from one full name: the last word is the family name.
    pub fn named(full: &str) -> NewPerson {
        let (given_name, family_name) = kith_domain::text::split_full_name(full);
        NewPerson {
            given_name,
            family_name,
            ..NewPerson::default()
        }
    }
}

/// One field of a person, with its new value.
#[derive(Clone, Debug)]
pub enum PersonField {
    GivenName(String),
    FamilyName(String),
    DisplayName(Option<String>),
    Aliases(String),
    Closeness(Option<Tier>),
    IntroducedBy(Option<PersonId>),
    LinkedIn(Option<String>),
    Location(Option<String>),
    Notes(String),
}

pub(super) const PERSON_COLUMNS: &str = "id, given_name, family_name, display_name, closeness, \
     introduced_by, linkedin_url, location, notes, archived, created_at, updated_at, aliases, cadence_days, \
     telegram_id, telegram_username";

pub(super) fn person_from_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    let closeness: Option<i64> = row.get(4)?;
    Ok(Person {
        id: PersonId(row.get(0)?),
        given_name: row.get(1)?,
        family_name: row.get(2)?,
        display_name: row.get(3)?,
        closeness: closeness.and_then(|n| Tier::new(n).ok()),
        introduced_by: row.get::<_, Option<i64>>(5)?.map(PersonId),
        linkedin_url: row.get(6)?,
        location: row.get(7)?,
        notes: row.get(8)?,
        archived: row.get::<_, i64>(9)? != 0,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        aliases: row.get(12)?,
        cadence: Cadence::from_days(row.get(13)?),
        telegram: crate::TelegramIdentity {
            id: row.get(14)?,
            username: row.get(15)?,
        },
    })
}

fn clean(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl Store {
    /// Creates a person. Needs a name; an introducer must exist.
    pub fn create_person(&mut self, new: &NewPerson) -> Result<PersonId> {
        let display = clean(new.display_name.clone());
        if shown_name(&new.given_name, &new.family_name, display.as_deref()).is_empty() {
            return Err(Refusal::EmptyName(Entity::Person).into());
        }
        if let Some(introducer) = new.introduced_by {
            self.person(introducer)?;
        }
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO people (given_name, family_name, display_name, name_key, closeness,
                 introduced_by, linkedin_url, location, notes, created_at, updated_at, aliases)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![
                new.given_name.trim(),
                new.family_name.trim(),
                display,
                person_name_key(
                    &new.given_name,
                    &new.family_name,
                    display.as_deref(),
                    &new.aliases
                ),
                new.closeness.map(|t| t.number()),
                new.introduced_by.map(|p| p.0),
                clean(new.linkedin_url.clone()),
                clean(new.location.clone()),
                new.notes.trim(),
                now,
                new.aliases.trim(),
            ],
        )?;
        let id = PersonId(tx.last_insert_rowid());
        for (index, (address, kind)) in new.emails.iter().enumerate() {
            let email = super::emails::ensure_email(&tx, address, None, &now)?;
            let owner: Option<(i64, String)> = tx
                .query_row(
                    concat!(
                        "SELECT p.id, ",
                        shown_name!(),
                        "
                     FROM emails e JOIN people p ON p.id = e.person_id WHERE e.id = ?1"
                    ),
                    [email.0],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            if let Some((_, owner)) = owner {
                return Err(Refusal::EmailTaken {
                    address: address.to_string(),
                    owner,
                }
                .into());
            }
            tx.execute(
                "UPDATE emails SET person_id = ?2, is_primary = ?3, kind = ?4, ignored = 0, updated_at = ?5 WHERE id = ?1",
                params![email.0, id.0, bool_int(index == 0), kind.as_str(), now],
            )?;
        }
        if let Some(organization) = new.current_organization {
            tx.execute(
                "INSERT INTO employment (person_id, organization_id, is_current, created_at, updated_at)
                 VALUES (?1, ?2, 1, ?3, ?3)",
                params![id.0, organization.0, now],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Sets (or, with `None`, removes) a person's own cadence.
    pub fn set_cadence(&mut self, id: PersonId, cadence: Option<Cadence>) -> Result<()> {
        let now = self.now_text();
        let changed = self.conn.execute(
            "UPDATE people SET cadence_days = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, cadence.map(Cadence::days), now],
        )?;
        if changed == 0 {
            return Err(Refusal::NotFound {
                entity: Entity::Person,
                id: id.0,
            }
            .into());
        }
        Ok(())
    }

    /// One person by id (archived ones included).
    pub fn person(&self, id: PersonId) -> Result<Person> {
        let result = self
            .conn
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1"
            ))?
            .query_row([id.0], person_from_row);
        found(result, Entity::Person, id.0)
    }

    /// The person an address belongs to, if any.
    pub fn person_by_email(&self, address: &EmailAddress) -> Result<Option<Person>> {
        let columns = PERSON_COLUMNS
            .split(", ")
            .map(|c| format!("p.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {columns} FROM people p JOIN emails e ON e.person_id = p.id WHERE e.address = ?1"
            ))?
            .query_row([address.as_str()], person_from_row)
            .optional()?)
    }

    /// Changes one field of a person: the row is read and written back in one transaction,
    /// so a change another process makes at the same time is not written over.
    pub fn set_person_field(&mut self, id: PersonId, field: PersonField) -> Result<()> {
        self.in_one_transaction(|store| store.set_person_field_in(id, field))
    }

    fn set_person_field_in(&mut self, id: PersonId, field: PersonField) -> Result<()> {
        let mut person = self.person(id)?;
        match field {
            PersonField::GivenName(v) => person.given_name = v.trim().to_owned(),
            PersonField::FamilyName(v) => person.family_name = v.trim().to_owned(),
            PersonField::DisplayName(v) => person.display_name = clean(v),
            PersonField::Aliases(v) => person.aliases = v.trim().to_owned(),
            PersonField::Closeness(v) => person.closeness = v,
            PersonField::IntroducedBy(Some(introducer)) if introducer == id => {
                return Err(Refusal::SelfIntroduction.into());
            }
            PersonField::IntroducedBy(v) => {
                if let Some(introducer) = v {
                    self.person(introducer)?;
                }
                person.introduced_by = v;
            }
            PersonField::LinkedIn(v) => person.linkedin_url = clean(v),
            PersonField::Location(v) => person.location = clean(v),
            PersonField::Notes(v) => person.notes = v.trim().to_owned(),
        }
        if person.name().is_empty() {
            return Err(Refusal::EmptyName(Entity::Person).into());
        }
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "UPDATE people SET given_name = ?2, family_name = ?3, display_name = ?4, name_key = ?5,
                 closeness = ?6, introduced_by = ?7, linkedin_url = ?8, location = ?9, notes = ?10,
                 updated_at = ?11, aliases = ?12
             WHERE id = ?1",
            params![
                id.0,
                person.given_name,
                person.family_name,
                person.display_name,
                person_name_key(
                    &person.given_name,
                    &person.family_name,
                    person.display_name.as_deref(),
                    &person.aliases,
                ),
                person.closeness.map(|t| t.number()),
                person.introduced_by.map(|p| p.0),
                person.linkedin_url,
                person.location,
                person.notes,
                now,
                person.aliases,
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Appends a dated line to a person's notes: "2026-11-26: text". One statement, so two
    /// processes appending at once both keep their line.
    pub fn append_person_note(&mut self, id: PersonId, on: NaiveDate, note: &str) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(Refusal::InvalidValue {
                field: "note",
                value: String::new(),
                expected: "some text",
            }
            .into());
        }
        let now = self.now_text();
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE people SET notes = CASE WHEN notes = '' THEN ?2 ELSE notes || char(10) || ?2 END,
                     updated_at = ?3
                 WHERE id = ?1",
            )?
            .execute(params![id.0, format!("{on}: {note}"), now])?;
        if changed == 0 {
            return Err(Refusal::NotFound {
                entity: Entity::Person,
                id: id.0,
            }
            .into());
        }
        Ok(())
    }

    /// Archives (hides from lists and search) or restores a person. Nothing is deleted.
    pub fn set_archived(&mut self, id: PersonId, archived: bool) -> Result<()> {
        self.person(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE people SET archived = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, bool_int(archived), now],
        )?;
        Ok(())
    }

    /// The search keys of every person not archived: (id, key, shown name).
    pub fn person_name_keys(&self) -> Result<Vec<(PersonId, String, String)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name_key, given_name, family_name, display_name FROM people WHERE archived = 0",
        )?;
        let rows = statement.query_map([], |row| {
            let given: String = row.get(2)?;
            let family: String = row.get(3)?;
            let display: Option<String> = row.get(4)?;
            Ok((
                PersonId(row.get(0)?),
                row.get(1)?,
                shown_name(&given, &family, display.as_deref()),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Recomputes values stored from Rust rules (each person's search key) when the file
    /// was written by an older kith: once, in one transaction, at open.
    pub(super) fn refresh_derived(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .prepare_cached(
                "SELECT coalesce((SELECT version FROM derived_versions WHERE name = 'people.name_key'), 0)",
            )?
            .query_row([], |row| row.get(0))?;
        if version >= NAME_KEY_VERSION {
            return Ok(());
        }
        let tx = self.write()?;
        {
            let mut read = tx.prepare(
                "SELECT id, given_name, family_name, display_name, aliases, name_key FROM people",
            )?;
            let rows = read
                .query_map([], |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut update = tx.prepare("UPDATE people SET name_key = ?2 WHERE id = ?1")?;
            for (id, given, family, display, aliases, old) in rows {
                let key = person_name_key(&given, &family, display.as_deref(), &aliases);
                if key != old {
                    update.execute(params![id, key])?;
                }
            }
        }
        tx.execute(
            "INSERT INTO derived_versions (name, version) VALUES ('people.name_key', ?1)
             ON CONFLICT (name) DO UPDATE SET version = excluded.version",
            [NAME_KEY_VERSION],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The shown names of several people, in the order given.
    pub fn person_names(&self, ids: &[PersonId]) -> Result<Vec<String>> {
        ids.iter().map(|id| Ok(self.person(*id)?.name())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fall_back_to_given_and_family() {
        assert_eq!(shown_name("Jane", "Doe", None), "Jane Doe");
        assert_eq!(shown_name("Jane", "Doe", Some("  ")), "Jane Doe");
        assert_eq!(shown_name("Robert", "Smith", Some("Bob")), "Bob");
        assert_eq!(
            person_name_key("Robert", "Smith", Some("Bob"), ""),
            "bob robert smith"
        );
        assert_eq!(
            person_name_key("Zoë", "Müller", None, "Zozo"),
            "zoe muller mueller zozo"
        );
    }

    #[test]
    fn a_full_name_splits_at_its_last_word() {
        let p = NewPerson::named("Mary Jane Watson");
        assert_eq!(
            (p.given_name.as_str(), p.family_name.as_str()),
            ("Mary Jane", "Watson")
        );
        let p = NewPerson::named("Cher");
        assert_eq!(
            (p.given_name.as_str(), p.family_name.as_str()),
            ("Cher", "")
        );
    }
}
