//! Email addresses: add, remove, set primary, link to a person and unlink, ignore.
//!
//! Linking is reconciliation: the people of an interaction include every person whose
//! address attended it (see the `interaction_participants` view), so linking an address
//! is one UPDATE of `emails.person_id` and every past meeting counts at once.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{Store, bool_int};
use crate::{Error, Result};
use kith_domain::error::{Entity, Refusal};
use kith_domain::model::{EmailAddress, EmailId, EmailKind, PersonId};

/// One address as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmailRecord {
    pub id: EmailId,
    pub address: String,
    pub person_id: Option<PersonId>,
    pub is_primary: bool,
    pub kind: EmailKind,
    pub ignored: bool,
    pub display_name: Option<String>,
}

/// What linking an address did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkOutcome {
    pub email_id: EmailId,
    /// The person it belonged to before, when it moved.
    pub previous_person: Option<PersonId>,
    /// Interactions the address attended (declined ones excluded) that now count for the
    /// person, by kind.
    pub attended: kith_domain::text::Tally,
}

fn kind_from_stored(text: &str) -> EmailKind {
    EmailKind::parse(text).unwrap_or_default()
}

const EMAIL_COLUMNS: &str = "id, address, person_id, is_primary, kind, ignored, display_name";

fn email_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EmailRecord> {
    Ok(EmailRecord {
        id: EmailId(row.get(0)?),
        address: row.get(1)?,
        person_id: row.get::<_, Option<i64>>(2)?.map(PersonId),
        is_primary: row.get::<_, i64>(3)? != 0,
        kind: kind_from_stored(&row.get::<_, String>(4)?),
        ignored: row.get::<_, i64>(5)? != 0,
        display_name: row.get(6)?,
    })
}

/// The row of `address`, created if new (counting it in `created`).
pub(super) fn ensure_counted(
    tx: &Connection,
    address: &EmailAddress,
    now: &str,
    created: &mut usize,
) -> Result<EmailId> {
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM emails WHERE address = ?1)")?
        .query_row([address.as_str()], |row| row.get(0))?;
    if !known {
        *created += 1;
    }
    ensure_email(tx, address, None, now)
}

/// Finds or creates the row of `address` inside `tx`; keeps the newest display name.
pub(super) fn ensure_email(
    tx: &Connection,
    address: &EmailAddress,
    display_name: Option<&str>,
    now: &str,
) -> Result<EmailId> {
    let display_name = display_name
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.eq_ignore_ascii_case(address.as_str()));
    // The row's own id when it exists (NULL makes a new one): AUTOINCREMENT counts every
    // id an insert draws, so an upsert that drew one and found the row would waste it.
    tx.prepare_cached(
        "INSERT INTO emails (id, address, display_name, created_at, updated_at)
         VALUES ((SELECT id FROM emails WHERE address = ?1), ?1, ?2, ?3, ?3)
         ON CONFLICT (id) DO UPDATE SET display_name = coalesce(excluded.display_name, display_name)
         WHERE excluded.display_name IS NOT NULL AND excluded.display_name IS NOT display_name",
    )?
    .execute(params![address.as_str(), display_name, now])?;
    let id = tx
        .prepare_cached("SELECT id FROM emails WHERE address = ?1")?
        .query_row([address.as_str()], |row| row.get(0))?;
    Ok(EmailId(id))
}

/// Makes `email` the primary of `person` when the person has no primary yet.
pub(super) fn promote_if_no_primary(tx: &Connection, person: PersonId) -> Result<()> {
    tx.execute(
        "UPDATE emails SET is_primary = 1
         WHERE id = (SELECT id FROM emails WHERE person_id = ?1 ORDER BY is_primary DESC, id LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM emails WHERE person_id = ?1 AND is_primary = 1)",
        [person.0],
    )?;
    Ok(())
}

impl Store {
    /// One address, if kith has seen it.
    pub fn email(&self, address: &EmailAddress) -> Result<Option<EmailRecord>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {EMAIL_COLUMNS} FROM emails WHERE address = ?1"
            ))?
            .query_row([address.as_str()], email_from_row)
            .optional()?)
    }

    /// One address by id.
    pub fn email_by_id(&self, id: EmailId) -> Result<EmailRecord> {
        let result = self
            .conn
            .prepare_cached(&format!("SELECT {EMAIL_COLUMNS} FROM emails WHERE id = ?1"))?
            .query_row([id.0], email_from_row);
        super::found(result, Entity::Email, id.0)
    }

    /// A person's addresses, primary first.
    pub fn emails_of(&self, person: PersonId) -> Result<Vec<EmailRecord>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {EMAIL_COLUMNS} FROM emails WHERE person_id = ?1 ORDER BY is_primary DESC, address"
        ))?;
        let rows = statement.query_map([person.0], email_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds an address to a person. An address kith knows without a person is linked
    /// (reconciling its meetings); one that belongs to someone else is refused. The first
    /// address of a person becomes the primary.
    pub fn add_email(
        &mut self,
        person: PersonId,
        address: &EmailAddress,
        kind: EmailKind,
    ) -> Result<LinkOutcome> {
        let owner = self.person(person)?;
        if let Some(existing) = self.email(address)?
            && let Some(current) = existing.person_id
            && current != person
        {
            return Err(Refusal::EmailTaken {
                address: address.to_string(),
                owner: self.person(current)?.name(),
            }
            .into());
        }
        let outcome = self.link_email(address, owner.id)?;
        self.conn.execute(
            "UPDATE emails SET kind = ?2 WHERE id = ?1",
            params![outcome.email_id.0, kind.as_str()],
        )?;
        Ok(outcome)
    }

    /// Links an address to a person, creating the address if it is new, moving it if it
    /// belonged to someone else, and clearing an "ignored" mark. Every past meeting the
    /// address attended counts for the person from now on.
    pub fn link_email(&mut self, address: &EmailAddress, person: PersonId) -> Result<LinkOutcome> {
        self.person(person)?;
        let now = self.now_text();
        let tx = self.write()?;
        let email_id = ensure_email(&tx, address, None, &now)?;
        let previous: Option<i64> = tx.query_row(
            "SELECT person_id FROM emails WHERE id = ?1",
            [email_id.0],
            |row| row.get(0),
        )?;
        let previous_person = previous.map(PersonId).filter(|p| *p != person);
        if previous_person.is_some() || previous.is_none() {
            tx.execute(
                "UPDATE emails SET person_id = ?2, is_primary = 0, ignored = 0, updated_at = ?3 WHERE id = ?1",
                params![email_id.0, person.0, now],
            )?;
        }
        promote_if_no_primary(&tx, person)?;
        if let Some(previous) = previous_person {
            promote_if_no_primary(&tx, previous)?;
        }
        let attended = tx.query_row(
            &format!(
                "SELECT {} FROM interaction_attendees a JOIN interactions i ON i.id = a.interaction_id
                 WHERE a.email_id = ?1 AND a.response_status <> 'declined'",
                super::queries::TALLY_COLUMNS
            ),
            [email_id.0],
            |row| super::queries::tally_from(row, 0),
        )?;
        tx.commit()?;
        Ok(LinkOutcome {
            email_id,
            previous_person,
            attended,
        })
    }

    /// Detaches an address from its person: its meetings stop counting for them, and it
    /// becomes an unknown attendee again. Returns the person it belonged to.
    pub fn unlink_email(&mut self, address: &EmailAddress) -> Result<PersonId> {
        let record = self.known_email(address)?;
        let Some(person) = record.person_id else {
            return Err(Refusal::InvalidValue {
                field: "link",
                value: address.to_string(),
                expected: "an address that belongs to someone",
            }
            .into());
        };
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "UPDATE emails SET person_id = NULL, is_primary = 0, updated_at = ?2 WHERE id = ?1",
            params![record.id.0, now],
        )?;
        promote_if_no_primary(&tx, person)?;
        tx.commit()?;
        Ok(person)
    }

    /// Removes an address from a person. An address that attended meetings is kept (so
    /// their history is not lost) but no longer belongs to the person; any other is deleted.
    /// Returns the interactions it was in, which stay: none when it was deleted.
    pub fn remove_email(
        &mut self,
        person: PersonId,
        address: &EmailAddress,
    ) -> Result<kith_domain::text::Tally> {
        let record = self.owned_email(person, address)?;
        let attended = self
            .conn
            .prepare_cached(&format!(
                "SELECT {}
                 FROM interaction_attendees a JOIN interactions i ON i.id = a.interaction_id
                 WHERE a.email_id = ?1",
                super::queries::TALLY_COLUMNS
            ))?
            .query_row([record.id.0], |row| super::queries::tally_from(row, 0))?;
        if !attended.is_empty() {
            self.unlink_email(address)?;
            return Ok(attended);
        }
        let tx = self.write()?;
        tx.execute("DELETE FROM emails WHERE id = ?1", [record.id.0])?;
        promote_if_no_primary(&tx, person)?;
        tx.commit()?;
        Ok(attended)
    }

    /// Makes `address` the person's one primary address.
    pub fn set_primary_email(&mut self, person: PersonId, address: &EmailAddress) -> Result<()> {
        let record = self.owned_email(person, address)?;
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "UPDATE emails SET is_primary = 0 WHERE person_id = ?1 AND is_primary = 1",
            [person.0],
        )?;
        tx.execute(
            "UPDATE emails SET is_primary = 1, updated_at = ?2 WHERE id = ?1",
            params![record.id.0, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks an address as not a person (a room, a list, a bot): it leaves the unknown list.
    pub fn set_email_ignored(&mut self, address: &EmailAddress, ignored: bool) -> Result<()> {
        let now = self.now_text();
        let tx = self.write()?;
        let id = super::emails::ensure_email(&tx, address, None, &now)?;
        let person: Option<i64> = tx.query_row(
            "SELECT person_id FROM emails WHERE id = ?1",
            [id.0],
            |row| row.get(0),
        )?;
        if ignored && person.is_some() {
            return Err(Refusal::InvalidValue {
                field: "ignore",
                value: address.to_string(),
                expected: "an address that belongs to no one (unlink it first)",
            }
            .into());
        }
        tx.execute(
            "UPDATE emails SET ignored = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, bool_int(ignored), now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds an ignore rule: `name@host`, `*@domain` or `prefix@*`.
    pub fn add_ignore_rule(&mut self, pattern: &str) -> Result<String> {
        let pattern = normalize_ignore_pattern(pattern)?;
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO ignore_rules (pattern, created_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![pattern, now],
        )?;
        Ok(pattern)
    }

    /// Removes a rule the owner added (built-in rules stay).
    pub fn remove_ignore_rule(&mut self, pattern: &str) -> Result<bool> {
        let pattern = normalize_ignore_pattern(pattern)?;
        let removed = self.conn.execute(
            "DELETE FROM ignore_rules WHERE pattern = ?1 AND builtin = 0",
            [pattern],
        )?;
        Ok(removed > 0)
    }

    /// Every ignore rule, built-in ones first.
    pub fn ignore_rules(&self) -> Result<Vec<(String, bool)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT pattern, builtin FROM ignore_rules ORDER BY builtin DESC, pattern",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? != 0)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether an address is ignored, by its own mark or by a rule.
    pub fn is_ignored(&self, address: &EmailAddress) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM emails WHERE address = ?1 AND ignored = 1)
                 OR EXISTS (SELECT 1 FROM ignore_rules WHERE ?1 GLOB pattern)",
            [address.as_str()],
            |row| row.get(0),
        )?)
    }

    fn known_email(&self, address: &EmailAddress) -> Result<EmailRecord> {
        self.email(address)?.ok_or_else(|| {
            Error::from(Refusal::NotFoundByName {
                entity: Entity::Email,
                name: address.to_string(),
            })
        })
    }

    fn owned_email(&self, person: PersonId, address: &EmailAddress) -> Result<EmailRecord> {
        let owner = self.person(person)?;
        let record = self.known_email(address)?;
        if record.person_id != Some(person) {
            return Err(Refusal::EmailNotOwned {
                address: address.to_string(),
                person: owner.name(),
            }
            .into());
        }
        Ok(record)
    }
}

/// `Jane@Acme.io` → `jane@acme.io`; `@acme.io` or `acme.io` → `*@acme.io`; `noreply@*` stays.
pub fn normalize_ignore_pattern(pattern: &str) -> Result<String> {
    Ok(kith_domain::email::normalize_ignore_pattern(pattern)?)
}

#[cfg(test)]
mod tests {
    use super::normalize_ignore_pattern;

    #[test]
    fn ignore_patterns() {
        let cases = [
            ("Jane@Acme.io", Some("jane@acme.io")),
            ("@acme.io", Some("*@acme.io")),
            ("acme.io", Some("*@acme.io")),
            ("noreply@*", Some("noreply@*")),
            ("bounce*@*", Some("bounce*@*")),
            ("*@*", None),
            ("a b@c", None),
            ("[x]@y", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                normalize_ignore_pattern(input).ok().as_deref(),
                expected,
                "{input:?}"
            );
        }
    }
}
