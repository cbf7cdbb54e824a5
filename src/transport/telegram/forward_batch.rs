//! Messages forwarded together arrive as one update each: an owner's forwards are
//! collected per chat until about a second passes without another (a spawned task
//! answers them; the handler returns at once), then handed to the engine as one
//! `Input::Forwards`. Anything else from the chat — a command, text, a press — answers the
//! forwards waiting first, so the order is kept; stopping answers every batch left.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::RequestError;
use teloxide::types::ChatId;

use super::app::{App, KithBot};
use super::handlers::send_reply;
use crate::domain::telegram::Forward;
use crate::engine::Input;

/// How long a batch waits for another forward before it is answered.
pub(super) const QUIET: Duration = Duration::from_secs(1);

/// The forwards waiting in each chat, and the lock held while a batch is answered.
#[derive(Default)]
pub struct ForwardBatches {
    waiting: Mutex<HashMap<i64, Waiting>>,
    /// Held while a batch is answered, so what comes next from a chat waits for it.
    answering: tokio::sync::Mutex<()>,
}

/// One chat's forwards, and which forward came last (a timer answers only its own).
#[derive(Default)]
struct Waiting {
    forwards: Vec<Forward>,
    last: u64,
}

impl ForwardBatches {
    fn waiting(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Waiting>> {
        self.waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a forward to its chat's batch; the number it is known by there.
    fn add(&self, chat: i64, forward: Forward) -> u64 {
        let mut waiting = self.waiting();
        let batch = waiting.entry(chat).or_default();
        batch.forwards.push(forward);
        batch.last += 1;
        batch.last
    }

    /// The chat's batch, taken: any (`None`), or only while `last` is still its latest.
    fn take(&self, chat: i64, last: Option<u64>) -> Option<Vec<Forward>> {
        let mut waiting = self.waiting();
        let batch = waiting.get(&chat)?;
        if last.is_some_and(|last| last != batch.last) {
            return None;
        }
        waiting.remove(&chat).map(|batch| batch.forwards)
    }

    fn chats(&self) -> Vec<i64> {
        self.waiting().keys().copied().collect()
    }
}

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
