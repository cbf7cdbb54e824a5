//! Messages forwarded together arrive as one update each: an owner's forwards are
//! collected per chat until about a second passes without another (a spawned task
//! answers them; the handler returns at once), then handed to the engine as one
//! `Input::Forwards`. Anything else from the chat — a command, text, a press — answers the
//! forwards waiting first, so the order is kept; stopping answers every batch left.

use std::sync::Arc;
use std::time::Duration;

use teloxide::RequestError;
use teloxide::types::ChatId;

use super::app::{App, KithBot};
use super::replies::send_reply;
use crate::domain::telegram::Forward;
use crate::engine::Input;

/// How long a batch waits for another forward before it is answered.
pub(super) const QUIET: Duration = Duration::from_secs(1);

/// Keeps a forward with the others of its chat; they are answered together once a
/// second passes without another.
pub(super) fn collect(bot: &KithBot, app: &Arc<App>, chat: ChatId, forward: Forward) {
    let last = app.forwards.add(chat.0, forward);
    let (bot, app) = (bot.clone(), Arc::clone(app));
    tokio::spawn(async move {
        tokio::time::sleep(QUIET).await;
        let _answering = app.forwards.answering.lock().await;
        if let Some(forwards) = app.forwards.take(chat.0, Some(last))
            && let Err(error) = answer(&bot, &app, chat, forwards).await
        {
            tracing::warn!(%error, "the answer to forwarded messages could not be sent");
        }
    });
}

/// Answers the forwards waiting in `chat` now (before something else from it).
pub(super) async fn flush(bot: &KithBot, app: &Arc<App>, chat: ChatId) -> Result<(), RequestError> {
    let _answering = app.forwards.answering.lock().await;
    match app.forwards.take(chat.0, None) {
        Some(forwards) => answer(bot, app, chat, forwards).await,
        None => Ok(()),
    }
}

/// Answers every batch still waiting (kith is stopping).
pub(super) async fn flush_all(bot: &KithBot, app: &Arc<App>) {
    for chat in app.forwards.chats() {
        if let Err(error) = flush(bot, app, ChatId(chat)).await {
            tracing::warn!(%error, "the answer to forwarded messages could not be sent");
        }
    }
}

async fn answer(
    bot: &KithBot,
    app: &Arc<App>,
    chat: ChatId,
    forwards: Vec<Forward>,
) -> Result<(), RequestError> {
    let reply = app.handle(chat.0, Input::Forwards(forwards)).await;
    send_reply(bot, app, chat, reply).await
}
