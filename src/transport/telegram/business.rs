//! Business updates (`KITH_TELEGRAM_BUSINESS`): a connection to an owner's account and the
//! messages of its private chats, handed to the engine, which logs who and when (never the
//! text) and says what an owner should know in their own chat with kith. With the setting
//! off, or from an account that is not an owner's, nothing is kept. A message a bot
//! wrote is not a person's chat: it is dropped here. A message of a connection kith never
//! heard of (made while the setting was off, or before a restore) has its connection
//! asked of Telegram (`getBusinessConnection`) first, so it is not lost for want of it.

use std::sync::Arc;

use teloxide::RequestError;
use teloxide::prelude::Requester;
use teloxide::types::{BusinessConnection, BusinessConnectionId, ChatId, Message};

use super::app::{App, KithBot};
use super::incoming;
use super::replies::send_reply;
use crate::engine::Engine;
use crate::engine::telegram_chats::BusinessUpdate;

pub(super) async fn on_connection(
    bot: KithBot,
    connection: BusinessConnection,
    app: Arc<App>,
) -> Result<(), RequestError> {
    handle(bot, app, incoming::connection_of(&connection)).await
}

pub(super) async fn on_message(
    bot: KithBot,
    message: Message,
    app: Arc<App>,
) -> Result<(), RequestError> {
    if written_by_a_bot(&message) {
        return Ok(());
    }
    match incoming::business_message_of(&message, false) {
        Some(update) => handle_message(bot, app, update).await,
        None => Ok(()),
    }
}

pub(super) async fn on_edited(
    bot: KithBot,
    message: Message,
    app: Arc<App>,
) -> Result<(), RequestError> {
    match incoming::business_message_of(&message, true) {
        Some(update) => handle_message(bot, app, update).await,
        None => Ok(()),
    }
}

/// A business message, after its connection when kith has none kept under its id.
async fn handle_message(
    bot: KithBot,
    app: Arc<App>,
    update: BusinessUpdate,
) -> Result<(), RequestError> {
    if let BusinessUpdate::Message { connection, .. } = &update
        && app.settings.telegram_business
    {
        let known = connection_kept(&app, connection).await;
        let foreign = |app: &App| {
            app.foreign_connections
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .contains(connection)
        };
        if !known && foreign(&app) {
            return Ok(());
        }
        if !known {
            match bot
                .get_business_connection(BusinessConnectionId(connection.clone()))
                .await
            {
                Ok(found) => {
                    handle(
                        bot.clone(),
                        Arc::clone(&app),
                        incoming::connection_of(&found),
                    )
                    .await?
                }
                Err(_) => tracing::info!(
                    "a business message of a connection Telegram would not describe; nothing kept"
                ),
            }
            // Not kept now (a stranger's, or not described): never asked about again.
            if !connection_kept(&app, connection).await {
                app.foreign_connections
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .insert(connection.clone());
                return Ok(());
            }
        }
    }
    handle(bot, app, update).await
}

/// Whether kith keeps the connection `id` (an owner's); a store it cannot read counts as
/// kept, so nothing is asked of Telegram then.
async fn connection_kept(app: &Arc<App>, id: &str) -> bool {
    let id = id.to_owned();
    app.with_store(move |store| Ok(store.telegram_connection(&id)?.is_some()))
        .await
        .unwrap_or(true)
}

/// A business message whose sender the Bot API marks as a bot.
fn written_by_a_bot(message: &Message) -> bool {
    message.from.as_ref().is_some_and(|user| user.is_bot)
}

async fn handle(bot: KithBot, app: Arc<App>, update: BusinessUpdate) -> Result<(), RequestError> {
    if !app.settings.telegram_business {
        tracing::info!("a business update arrived with KITH_TELEGRAM_BUSINESS off; nothing kept");
        return Ok(());
    }
    let owners = app.settings.owner_ids.clone();
    let worker = Arc::clone(&app);
    let told = app
        .with_store(move |store| {
            Engine::new(store, &worker.preferences).business(update, &owners, worker.clock.now())
        })
        .await
        .unwrap_or_default();
    for (chat, reply) in told {
        send_reply(&bot, &app, ChatId(chat), reply).await?;
    }
    Ok(())
}
