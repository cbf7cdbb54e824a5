//! The handlers of messages and button presses: owners only, private chats only (one
//! line otherwise, before any engine call), each input handed to the engine and its
//! `Reply` rendered back; answer-then-edit for presses, with Telegram's refusals of
//! late answers and uneditable messages handled; reply-to-message notes.

use std::sync::Arc;

use teloxide::payloads::{AnswerCallbackQuerySetters, EditMessageTextSetters};
use teloxide::prelude::Requester;
use teloxide::types::{CallbackQuery, ChatId, Message, MessageKind, ParseMode};
use teloxide::{ApiError, RequestError};

use super::app::{App, KithBot};
use super::deliver::deliver;
use super::forward_batch;
use super::render;
use super::replies::{remember_subject, send_reply};
use crate::calendar::sync::Mode;
use crate::domain::model::{InteractionId, PersonId};
use crate::engine::reply::Presentation;
use crate::engine::{Effect, Input, Reply, Subject};
use crate::sources::sync_all;

/// The one answer strangers get.
pub const REFUSAL: &str = "This is a private bot.";

/// The one line an owner gets in a group, supergroup or channel: the people there may
/// be in the CRM, so nothing of it is shown and nothing changes.
pub const PRIVATE_ONLY: &str = "kith only works in a private chat with you.";

pub(super) fn is_private(message: &Message) -> bool {
    message.chat.is_private()
}

pub(super) async fn on_message(
    bot: KithBot,
    message: Message,
    app: Arc<App>,
) -> Result<(), RequestError> {
    let chat = message.chat.id;
    // Service messages (pins, members joining, …) are not addressed to kith.
    if !matches!(message.kind, MessageKind::Common(_)) {
        return Ok(());
    }
    let text = message.text().map(str::to_owned);
    let owner = app.is_owner(message.from.as_ref());
    if !owner || !is_private(&message) {
        let user = message.from.as_ref().map_or(0, |u| u.id.0);
        // In a group only a command addresses the bot; other chatter is not ours to answer.
        let addressed = is_private(&message) || text.as_deref().is_some_and(|t| t.starts_with('/'));
        if owner {
            tracing::info!(
                chat = chat.0,
                answered = addressed,
                "an owner wrote outside a private chat; nothing shown there"
            );
        } else {
            tracing::info!(
                user,
                chat = chat.0,
                answered = addressed,
                "refused a message from someone who is not an owner"
            );
        }
        if addressed {
            let line = if owner { PRIVATE_ONLY } else { REFUSAL };
            deliver(bot.send_message(chat, line)).await?;
        }
        return Ok(());
    }
    owner_is_back(&app, chat.0).await;
    // A forward waits for the others forwarded with it, then proposes logging them.
    if let Some(forward) = super::incoming::forward_of(&message) {
        forward_batch::collect(&bot, &app, chat, forward);
        return Ok(());
    }
    // Anything else comes after the forwards sent before it.
    forward_batch::flush(&bot, &app, chat).await?;
    // A shared contact creates or completes a person.
    let shared = message
        .contact()
        .map(|c| Input::Contact(Box::new(super::incoming::contact_of(c))));
    if let Some(input) = shared {
        let reply = app.handle(chat.0, input).await;
        return send_reply(&bot, &app, chat, reply).await;
    }
    let Some(text) = text else {
        deliver(bot.send_message(
            chat,
            "I read text only: send a name to look someone up, or /help.",
        ))
        .await?;
        return Ok(());
    };
    let subject = match message.reply_to_message() {
        Some(original) if !text.starts_with('/') => {
            let (chat_id, message_id) = (chat.0, i64::from(original.id.0));
            app.with_store(move |store| store.message_subject(chat_id, message_id))
                .await
                .flatten()
                .and_then(|(kind, id)| match kind.as_str() {
                    "person" => Some(Subject::Person(PersonId(id))),
                    "interaction" => Some(Subject::Interaction(InteractionId(id))),
                    _ => None,
                })
        }
        _ => None,
    };
    let input = match subject {
        Some(subject) => Input::ReplyTo { subject, text },
        None => Input::Text(text),
    };
    let reply = app.handle(chat.0, input).await;
    let effect = reply.effect;
    send_reply(&bot, &app, chat, reply).await?;
    if let Some(Effect::Status) = effect {
        send_status(&bot, &app, chat).await?;
    }
    if let Some(Effect::Sync { full }) = effect {
        // The sync runs beside the conversation: the chat keeps answering meanwhile.
        let (bot, app) = (bot.clone(), Arc::clone(&app));
        tokio::spawn(async move {
            if let Err(error) = run_sync(&bot, &app, chat, full).await {
                // The logging writer removes the token from the error's URL.
                tracing::warn!(%error, "the sync report could not be sent");
            }
        });
    }
    Ok(())
}

/// Sends the health report (`kith status`): the database's facts read under the store's
/// lock, the backup folder and Litestream asked outside it.
async fn send_status(bot: &KithBot, app: &Arc<App>, chat: ChatId) -> Result<(), RequestError> {
    let facts = app.with_store(|store| crate::status::read(store)).await;
    let text = match facts {
        Some(facts) => {
            let (settings, now) = (app.settings.clone(), app.clock.now());
            tokio::task::spawn_blocking(move || {
                crate::status::assemble(&settings, facts, now).render()
            })
            .await
            .unwrap_or_else(|_| "The status could not be gathered.".to_owned())
        }
        None => "The status could not be read from the database.".to_owned(),
    };
    send_reply(bot, app, chat, Reply::titled("Status", text)).await
}

/// Runs a sync asked for with /sync and sends its report; one sync at a time.
pub(super) async fn run_sync(
    bot: &KithBot,
    app: &Arc<App>,
    chat: ChatId,
    full: bool,
) -> Result<(), RequestError> {
    let Ok(_running) = app.sync_running.try_lock() else {
        deliver(bot.send_message(
            chat,
            "A sync is already running; try again when it has finished.",
        ))
        .await?;
        return Ok(());
    };
    let mode = if full { Mode::Full } else { Mode::Incremental };
    let report = sync_all(&app.settings, app.store_for_sync(), mode, app.clock.now()).await;
    let reply = Reply::titled("Calendar sync", report.render());
    send_reply(bot, app, chat, reply).await
}

pub(super) async fn on_callback(
    bot: KithBot,
    query: CallbackQuery,
    app: Arc<App>,
) -> Result<(), RequestError> {
    if !app.is_owner(Some(&query.from)) {
        tracing::info!(
            user = query.from.id.0,
            "refused a button press from someone who is not an owner"
        );
        answer_press(&bot, &query, Some(REFUSAL.to_owned())).await;
        return Ok(());
    }
    // A press on a message outside the owner's private chat (a group, a channel, an
    // inline message) acts on nothing.
    let Some(message) = query
        .message
        .as_ref()
        .filter(|message| message.chat().is_private())
    else {
        tracing::info!("an owner pressed a button outside a private chat; refused");
        answer_press(&bot, &query, Some(PRIVATE_ONLY.to_owned())).await;
        return Ok(());
    };
    let chat = message.chat().id;
    owner_is_back(&app, chat.0).await;
    forward_batch::flush(&bot, &app, chat).await?;
    let Some(data) = query.data.clone() else {
        answer_press(&bot, &query, Some(crate::engine::reply::EXPIRED.to_owned())).await;
        return Ok(());
    };
    let message_id = message.id();
    let editable = message.regular_message().is_some();
    let reply = render::fitted(app.handle(chat.0, Input::Press(data)).await);
    if reply.presentation == Presentation::Notice {
        // A press answered too late (kith was down or slow) cannot show a notice; the
        // action happened all the same, so it is said in a message instead.
        if !answer_press(&bot, &query, Some(reply.plain_text())).await {
            return send_reply(&bot, &app, chat, reply).await;
        }
        return Ok(());
    }
    // Answer first, so the button stops spinning, then replace the message it belongs to.
    // An answer Telegram refuses (the press is too old) does not stop the action.
    answer_press(&bot, &query, None).await;
    let messages = render::html_messages(&reply);
    if !editable || messages.len() > 1 || reply.file.is_some() {
        return send_reply(&bot, &app, chat, reply).await;
    }
    let mut edit = bot
        .edit_message_text(chat, message_id, messages[0].clone())
        .parse_mode(ParseMode::Html);
    if let Some(markup) = render::keyboard(&reply) {
        edit = edit.reply_markup(markup);
    }
    match deliver(edit).await {
        Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
        // The message was deleted, or is too old to edit: the answer comes as a new one.
        Err(RequestError::Api(ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited)) => {
            return send_reply(&bot, &app, chat, reply).await;
        }
        // Telegram refused a chat link (someone whose privacy forbids it): without links.
        Err(RequestError::Api(error)) if render::without_links(&reply).is_some() => {
            tracing::info!(%error, "a message with a chat link was refused; sent without links");
            let plain = render::without_links(&reply);
            let mut edit = bot
                .edit_message_text(chat, message_id, messages[0].clone())
                .parse_mode(ParseMode::Html);
            if let Some(markup) = plain.as_ref().and_then(render::keyboard) {
                edit = edit.reply_markup(markup);
            }
            match deliver(edit).await {
                Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => {}
                Err(error) => return Err(error),
            }
        }
        Err(error) => return Err(error),
    }
    remember_subject(&app, chat, message_id, reply.about).await;
    Ok(())
}

/// Answers a button press (with a notice, or just to stop its spinner); false when
/// Telegram did not take the answer. A press older than Telegram allows ("query is too
/// old") is refused; that is expected after downtime and not worth more than a debug line.
pub(super) async fn answer_press(
    bot: &KithBot,
    query: &CallbackQuery,
    text: Option<String>,
) -> bool {
    let mut request = bot.answer_callback_query(query.id.clone());
    if let Some(text) = text {
        request = request.text(text);
    }
    match deliver(request).await {
        Ok(_) => true,
        Err(RequestError::Api(ApiError::InvalidQueryId)) => {
            tracing::debug!("a button press was answered too late; its result is shown anyway");
            false
        }
        Err(error) => {
            tracing::warn!(%error, "a button press could not be answered");
            false
        }
    }
}

/// An owner wrote (or pressed) in their private chat: scheduled messages reach them again.
pub(super) async fn owner_is_back(app: &Arc<App>, owner: i64) {
    if app
        .with_store(move |store| store.clear_owner_unreachable(owner))
        .await
        == Some(true)
    {
        tracing::info!(
            owner,
            "an owner who could not be reached wrote again; scheduled messages resume"
        );
    }
}
