//! People's Telegram accounts in the conversation: `/set NAME telegram @name` (a t.me
//! link too; `-` forgets it) and the **Open chat** link button a person with an account
//! gets on their card, their /stale line, their /reminders lines and briefs.

use super::reply::Button;
use super::{Engine, Error};
use kith_domain::model::PersonId;
use kith_store::{Person, TelegramIdentity};

/// **Open chat**: a link that opens a Telegram chat with them, when kith knows their
/// account.
pub(super) fn open_chat(person: &Person) -> Option<Button> {
    open_chat_with(&person.telegram)
}

/// **Open chat** for an account, when kith knows one.
pub(super) fn open_chat_with(identity: &TelegramIdentity) -> Option<Button> {
    identity
        .chat_url()
        .map(|url| Button::link("Open chat", url))
}

/// **N. Open chat**, on a row of its own under a list's full row for the Nth entry.
pub(super) fn numbered_open_chat(number: usize, identity: &TelegramIdentity) -> Option<Button> {
    open_chat_with(identity).map(|open| Button {
        label: format!("{number}. {}", open.label),
        ..open
    })
}

impl Engine<'_> {
    /// `/set NAME telegram @name|-`: their username set (an id kith knows stays), or
    /// their account forgotten; what it says it did. A username that is someone else's
    /// is refused, naming them.
    pub(super) fn set_telegram(
        &mut self,
        person: PersonId,
        name: &str,
        typed: Option<&str>,
    ) -> Result<String, Error> {
        let Some(typed) = typed else {
            if self.store.telegram_identity(person)?.is_empty() {
                return Ok(format!("kith knows no Telegram account of {name}."));
            }
            self.store.clear_telegram_identity(person)?;
            return Ok(format!("{name}'s Telegram account is forgotten."));
        };
        let username = kith_domain::telegram::username(typed)?;
        let identity = TelegramIdentity {
            id: None,
            username: Some(username.clone()),
        };
        self.store.set_telegram_identity(person, &identity)?;
        Ok(format!("{name}'s Telegram: @{username}."))
    }
}
