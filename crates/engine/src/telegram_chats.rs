//! The owner's Telegram chats through a business connection (`KITH_TELEGRAM_BUSINESS`):
//! one `message` interaction per private chat per day the owner wrote in, metadata only;
//! partners no one in kith is yet wait in the digest's triage; a connection's state is
//! told to the owner once. Updates are not an owner's chat with kith, so they are not
//! `Input`s: the transport hands each to `Engine::business`.
//!
//! Chats with bots: Telegram hands a business bot the account's private chats with
//! people only (a chat with a bot is not a business chat), so no rule here guesses bots
//! from names; a chat with oneself (Saved Messages) is never logged.

use chrono::{DateTime, SecondsFormat, Utc};
use kith_domain::actor::Actor;
use kith_domain::telegram::{ChatDay, TelegramUser};
use kith_store::{ConnectionState, Error, Store, TelegramConnection};

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

/// What the owner is told when their account is connected and kith may read.
pub const CONNECTED: &str = "kith now sees your Telegram chats: one 'message' per chat and day you write, who and when only — never the text. People you write to who are no one in kith yet wait in the digest and /telegram.";

/// What the owner is told when kith is connected without the right to read messages
/// (in the Bot API, the right to mark them read): the messages Telegram still delivers
/// are logged as any other.
pub const CANNOT_READ: &str = "kith is connected to your Telegram account without the right to read messages: Telegram may hold your chats back from kith, and kith logs the ones that reach it. To allow it: Settings → Telegram Business → Chatbots → kith, and switch on \"Read messages\" among its permissions. kith keeps who and when only — never the text.";

/// What the owner is told when the connection is disabled or removed.
pub const DISCONNECTED: &str =
    "kith no longer sees your Telegram chats; nothing logged is removed.";

impl Engine<'_> {
    /// What one business update changes, and what to tell which owner's chat. Each update
    /// is one transaction; what a message logs is recorded as a change of the sync.
    pub fn business(
        &mut self,
        update: BusinessUpdate,
        owners: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Vec<(ChatId, Reply)>, Error> {
        let zone = self.preferences.timezone;
        self.store.in_one_transaction(|store| match update {
            BusinessUpdate::Connection {
                id,
                user,
                enabled,
                can_read,
            } => {
                if !owners.contains(&user.id) {
                    tracing::info!(
                        account = user.id,
                        "a business connection from an account that is not an owner's; nothing kept"
                    );
                    return Ok(Vec::new());
                }
                let connection = TelegramConnection {
                    id,
                    user_id: user.id,
                    is_owner: true,
                    enabled,
                    can_read,
                    changed_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
                    reported: None,
                };
                connection_changed(store, &connection)
            }
            BusinessUpdate::Message {
                connection,
                partner,
                from,
                sent,
                edited,
            } => {
                let Some(account) = owners_connection(store, &connection, owners)? else {
                    return Ok(Vec::new());
                };
                let written = Written {
                    partner,
                    from,
                    day: sent.with_timezone(&zone).date_naive(),
                    edited,
                };
                message_arrived(store, account, written)?;
                Ok(Vec::new())
            }
        })
    }
}

/// Keeps an owner's connection, and says its state to them unless they were told it.
fn connection_changed(
    store: &mut Store,
    connection: &TelegramConnection,
) -> Result<Vec<(ChatId, Reply)>, Error> {
    let told = store
        .telegram_connection(&connection.id)?
        .and_then(|kept| kept.reported);
    store.keep_telegram_connection(connection)?;
    let state = connection.state();
    if told.as_deref() == Some(state.code()) {
        return Ok(Vec::new());
    }
    store.mark_telegram_connection_reported(&connection.id, state)?;
    let text = match state {
        ConnectionState::Reading => CONNECTED,
        ConnectionState::CannotRead => CANNOT_READ,
        ConnectionState::Disconnected => DISCONNECTED,
    };
    // An owner's id is their private chat with kith.
    Ok(vec![(connection.user_id, Reply::text(text))])
}

/// The account of connection `id` when it is kept as an owner's, alive, and its holder
/// is still an owner; `None` (and a log line naming only ids) otherwise.
fn owners_connection(store: &Store, id: &str, owners: &[i64]) -> Result<Option<i64>, Error> {
    match store.telegram_connection(id)? {
        Some(kept) if kept.is_owner && kept.enabled && owners.contains(&kept.user_id) => {
            Ok(Some(kept.user_id))
        }
        Some(kept) => {
            tracing::info!(
                account = kept.user_id,
                "a business message of a connection that is disabled or no owner's; nothing kept"
            );
            Ok(None)
        }
        None => {
            tracing::info!("a business message of an unknown connection; nothing kept");
            Ok(None)
        }
    }
}

/// One business message, read: who the chat is with, who wrote, on which day.
struct Written {
    partner: TelegramUser,
    from: i64,
    day: chrono::NaiveDate,
    edited: bool,
}

/// The owner's own message logs the chat's day (once); the partner's only brings a
/// waiting partner's names up to date; an edit is of a day already counted.
fn message_arrived(store: &mut Store, account: i64, written: Written) -> Result<(), Error> {
    let partner = &written.partner;
    if partner.id <= 0 || partner.id == account || written.edited {
        return Ok(());
    }
    if written.from == partner.id {
        store.refresh_partner(partner)?;
        return Ok(());
    }
    if written.from != account {
        return Ok(());
    }
    let day = ChatDay {
        partner: partner.clone(),
        day: written.day,
    };
    store.begin_change(Actor::Sync)?;
    let (report, touched) = store.log_chat_days_touching(std::slice::from_ref(&day))?;
    let summary = if report.logged > 0 {
        format!("Telegram: a chat on {} logged", written.day)
    } else {
        String::new()
    };
    store.finish_change_touching(&summary, &[], &touched)?;
    Ok(())
}
