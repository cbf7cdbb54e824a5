//! People's Telegram identity: the user id Telegram gives them and their public username,
//! each naming one person; who has an id or a username; an import completing them.

use kith_domain::error::Refusal;
use kith_domain::import::{Conflicts, ImportPerson};
use kith_domain::model::PersonId;
use rusqlite::{OptionalExtension, params};

use crate::completion::Filling;
use crate::{Result, Store};

/// A person's Telegram account as kith knows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct TelegramIdentity {
    pub id: Option<i64>,
    /// Without the `@`.
    pub username: Option<String>,
}

impl TelegramIdentity {
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.username.is_none()
    }

    /// "@ana_souza", or "user 12345" when kith knows only their id.
    pub fn shown(&self) -> Option<String> {
        match (&self.username, self.id) {
            (Some(username), _) => Some(format!("@{username}")),
            (None, Some(id)) => Some(format!("user {id}")),
            (None, None) => None,
        }
    }

    /// The link that opens a chat with them, if kith knows how.
    pub fn chat_url(&self) -> Option<String> {
        kith_domain::telegram::open_chat_url(self.id, self.username.as_deref())
    }
}

impl Store {
    /// The person whose Telegram user id this is (archived people included).
    pub fn person_by_telegram_id(&self, telegram_id: i64) -> Result<Option<PersonId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM people WHERE telegram_id = ?1")?
            .query_row([telegram_id], |row| row.get(0))
            .optional()?
            .map(PersonId))
    }

    /// The person whose Telegram username this is, compared without case.
    pub fn person_by_telegram_username(&self, username: &str) -> Result<Option<PersonId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM people WHERE lower(telegram_username) = lower(?1)")?
            .query_row([username], |row| row.get(0))
            .optional()?
            .map(PersonId))
    }

    /// A person's Telegram account (both parts empty when kith knows none).
    pub fn telegram_identity(&self, person: PersonId) -> Result<TelegramIdentity> {
        self.person(person)?;
        Ok(self
            .conn
            .prepare_cached("SELECT telegram_id, telegram_username FROM people WHERE id = ?1")?
            .query_row([person.0], |row| {
                Ok(TelegramIdentity {
                    id: row.get(0)?,
                    username: row.get(1)?,
                })
            })?)
    }

    /// Sets a person's Telegram account: each part that is `Some` replaces theirs (the
    /// other is kept). An id or username that is someone else's is refused, naming them.
    pub fn set_telegram_identity(
        &mut self,
        person: PersonId,
        identity: &TelegramIdentity,
    ) -> Result<()> {
        let current = self.telegram_identity(person)?;
        let taken_by = |owner: Option<PersonId>| owner.filter(|owner| *owner != person);
        if let Some(id) = identity.id
            && let Some(owner) = taken_by(self.person_by_telegram_id(id)?)
        {
            return Err(Refusal::TelegramTaken {
                account: format!("user {id}"),
                owner: self.person(owner)?.name(),
            }
            .into());
        }
        if let Some(username) = &identity.username
            && let Some(owner) = taken_by(self.person_by_telegram_username(username)?)
        {
            return Err(Refusal::TelegramTaken {
                account: format!("@{username}"),
                owner: self.person(owner)?.name(),
            }
            .into());
        }
        let id = identity.id.or(current.id);
        let username = identity.username.clone().or(current.username);
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "UPDATE people SET telegram_id = ?2, telegram_username = ?3, updated_at = ?4
             WHERE id = ?1 AND (telegram_id IS NOT ?2 OR telegram_username IS NOT ?3)",
            params![person.0, id, username, now],
        )?;
        tx.commit()?;
        // Chat days that waited for this account are theirs now.
        if let Some(id) = identity.id {
            self.adopt_partner(id, person)?;
        }
        Ok(())
    }

    /// Forgets a person's Telegram account.
    pub fn clear_telegram_identity(&mut self, person: PersonId) -> Result<()> {
        self.person(person)?;
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "UPDATE people SET telegram_id = NULL, telegram_username = NULL, updated_at = ?2
             WHERE id = ?1 AND (telegram_id IS NOT NULL OR telegram_username IS NOT NULL)",
            params![person.0, now],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A matched person's Telegram account completed from an import entry: an empty id or
/// username filled; a different one kept (or, with `TakeFile`, replaced); each listed.
/// No one else has the entry's (it would have matched them too).
pub(super) fn complete_telegram(
    fill: &mut Filling,
    id: i64,
    person: &ImportPerson,
    conflicts: Conflicts,
) -> Result<()> {
    let (name, kith_id, kith_username): (String, Option<i64>, Option<String>) = fill.tx.query_row(
        concat!(
            "SELECT ",
            shown_name!(),
            ", p.telegram_id, p.telegram_username FROM people p WHERE p.id = ?1"
        ),
        [id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let parts = [
        (
            "telegram_id",
            "Telegram id",
            kith_id.map(|i| i.to_string()),
            person.telegram_id.map(|i| i.to_string()),
        ),
        (
            "telegram_username",
            "Telegram username",
            kith_username.map(|u| format!("@{u}")),
            person.telegram_username.as_ref().map(|u| format!("@{u}")),
        ),
    ];
    for (column, label, kith, file) in parts {
        let Some(file) = file else { continue };
        let take = match kith {
            None => {
                fill.fields.push(format!(
                    "{name}: {label} — kith has none, the file says {file:?}: filled"
                ));
                true
            }
            Some(kith) if kith.eq_ignore_ascii_case(&file) => false,
            Some(kith) if conflicts == Conflicts::KeepKith => {
                fill.fields.push(format!(
                    "{name}: {label} differs: kept {kith:?} (the file says {file:?})"
                ));
                false
            }
            Some(kith) => {
                fill.fields.push(format!(
                    "{name}: {label} differs: took the file's {file:?} (kith had {kith:?})"
                ));
                true
            }
        };
        if take {
            let value: rusqlite::types::Value = match column {
                "telegram_id" => person.telegram_id.into(),
                _ => person.telegram_username.clone().into(),
            };
            fill.tx.execute(
                &format!("UPDATE people SET {column} = ?2, updated_at = ?3 WHERE id = ?1"),
                params![id, value, fill.now],
            )?;
        }
    }
    Ok(())
}
