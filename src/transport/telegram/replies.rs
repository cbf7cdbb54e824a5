//! Sending a reply: one or more HTML messages with the keyboard on the last (sent again
//! without its chat links if Telegram refuses one), its file, its followups, and which
//! person or interaction each message is about, so a text reply to it becomes a note.

use std::sync::Arc;

use teloxide::RequestError;
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InputFile, MessageId, ParseMode};

use super::app::{App, KithBot};
use super::deliver::deliver;
use super::render;
use crate::engine::{Reply, Subject};

/// Sends a reply as one or more messages; the keyboard goes on the last one.
pub(super) async fn send_reply(
    bot: &KithBot,
    app: &Arc<App>,
    chat: ChatId,
    reply: Reply,
) -> Result<(), RequestError> {
    let reply = render::fitted(reply);
    let messages = render::html_messages(&reply);
    let last = messages.len() - 1;
    let mut sent_id = None;
    for (index, text) in messages.into_iter().enumerate() {
        let mut request = bot.send_message(chat, text).parse_mode(ParseMode::Html);
        if index == last
            && let Some(markup) = render::keyboard(&reply)
        {
            request = request.reply_markup(markup);
        }
        let sent = match deliver(request).await {
            Ok(sent) => sent,
            // Telegram refused a chat link (someone whose privacy forbids it): the message
            // goes without its links rather than not at all.
            Err(RequestError::Api(error))
                if index == last && render::without_links(&reply).is_some() =>
            {
                tracing::info!(%error, "a message with a chat link was refused; sent without links");
                let mut request = bot
                    .send_message(chat, render::html_messages(&reply)[last].clone())
                    .parse_mode(ParseMode::Html);
                if let Some(markup) = render::without_links(&reply)
                    .as_ref()
                    .and_then(render::keyboard)
                {
                    request = request.reply_markup(markup);
                }
                deliver(request).await?
            }
            Err(error) => return Err(error),
        };
        sent_id = Some(sent.id);
    }
    if let Some(file) = &reply.file {
        let input = InputFile::memory(file.bytes.clone()).file_name(file.name.clone());
        if file.mime.starts_with("image/") {
            deliver(bot.send_photo(chat, input)).await?;
        } else {
            deliver(bot.send_document(chat, input)).await?;
        }
    }
    if let Some(id) = sent_id {
        remember_subject(app, chat, id, reply.about).await;
    }
    for followup in reply.followups {
        Box::pin(send_reply(bot, app, chat, followup)).await?;
    }
    Ok(())
}

/// Keeps which person or interaction a message is about, so replying to it adds a note.
pub(super) async fn remember_subject(
    app: &Arc<App>,
    chat: ChatId,
    message: MessageId,
    about: Option<Subject>,
) {
    let (chat, message) = (chat.0, i64::from(message.0));
    let result = match about {
        Some(Subject::Person(id)) => {
            app.with_store(move |store| {
                store.remember_message_subject(chat, message, "person", id.0)
            })
            .await
        }
        Some(Subject::Interaction(id)) => {
            app.with_store(move |store| {
                store.remember_message_subject(chat, message, "interaction", id.0)
            })
            .await
        }
        None => {
            app.with_store(move |store| store.forget_message_subject(chat, message))
                .await
        }
    };
    if result.is_none() {
        tracing::warn!(chat, "could not remember what a message is about");
    }
}
