//! The owner's Telegram chats through a business connection (`KITH_TELEGRAM_BUSINESS`):
//! one `message` interaction per private chat per day the owner wrote in, metadata only;
//! partners no one in kith is yet wait in the digest's triage; a connection's state is
//! told to the owner once. Updates are not an owner's chat with kith, so they are not
//! `Input`s: the transport hands each to `Engine::business`.

use chrono::{DateTime, Utc};
use kith_domain::telegram::TelegramUser;
use kith_store::Error;

use super::{ChatId, Engine, Reply};

/// One business update, as the transport read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BusinessUpdate {
    /// The bot was connected to an account, or the connection changed or ended.
    Connection {
        id: String,
        /// Whose account it is.
        user: TelegramUser,
        enabled: bool,
        /// Whether the bot may read the account's messages.
        can_read: bool,
    },
    /// A message in a private chat of a connected account, new or edited.
    Message {
        connection: String,
        /// The other side of the chat (the chat itself: private chats are named by them).
        partner: TelegramUser,
        /// Who wrote it: the account's holder, or the partner.
        from: i64,
        sent: DateTime<Utc>,
        edited: bool,
    },
}

impl Engine<'_> {
    /// SKELETON: what one business update changes, and what to tell which owner's chat.
    pub fn business(
        &mut self,
        _update: BusinessUpdate,
        _owners: &[i64],
        _now: DateTime<Utc>,
    ) -> Result<Vec<(ChatId, Reply)>, Error> {
        Ok(Vec::new())
    }
}
