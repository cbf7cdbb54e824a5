//! What Telegram sends besides text, read into the engine's plain types: a forwarded
//! message's origin, a shared contact (its vCard read by the vCard importer), and the
//! business updates of an owner's connected account.

use teloxide::types::{
    BusinessConnection, Chat, Contact, Message, MessageKind, MessageOrigin, User,
};

use crate::domain::telegram::{Forward, ForwardOrigin, SharedContact, TelegramUser};
use crate::engine::telegram_chats::BusinessUpdate;

/// A Bot API user as kith keeps one.
pub(super) fn user_of(user: &User) -> TelegramUser {
    TelegramUser {
        id: i64::try_from(user.id.0).unwrap_or(i64::MAX),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        username: user.username.clone(),
    }
}

/// A private chat's other side, as kith keeps a user.
fn partner_of(chat: &Chat) -> TelegramUser {
    TelegramUser {
        id: chat.id.0,
        first_name: chat.first_name().unwrap_or_default().to_owned(),
        last_name: chat.last_name().map(str::to_owned),
        username: chat.username().map(str::to_owned),
    }
}

/// A forwarded message, or `None` when the message is not one.
pub(super) fn forward_of(message: &Message) -> Option<Forward> {
    let origin = message.forward_origin()?;
    let origin_kind = match origin {
        MessageOrigin::User { sender_user, .. } if sender_user.is_bot => {
            ForwardOrigin::Bot(user_of(sender_user))
        }
        MessageOrigin::User { sender_user, .. } => ForwardOrigin::User(user_of(sender_user)),
        MessageOrigin::HiddenUser {
            sender_user_name, ..
        } => ForwardOrigin::HiddenUser(sender_user_name.clone()),
        MessageOrigin::Chat { sender_chat, .. } => ForwardOrigin::Chat {
            title: sender_chat.title().unwrap_or_default().to_owned(),
        },
        MessageOrigin::Channel { chat, .. } => ForwardOrigin::Channel {
            title: chat.title().unwrap_or_default().to_owned(),
        },
    };
    Some(Forward {
        origin: origin_kind,
        sent: origin.date(),
        forwarded: message.date,
        text: message
            .text()
            .or_else(|| message.caption())
            .map(str::to_owned),
    })
}

/// A shared contact, its vCard (when Telegram sent one) read as an imported card.
pub(super) fn contact_of(contact: &Contact) -> SharedContact {
    let read = contact
        .vcard
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .map(crate::moving::import::vcard::shared::read_shared)
        .unwrap_or_default();
    let (card, card_problem) = (read.card, read.problem);
    SharedContact {
        phone: contact.phone_number.clone(),
        first_name: contact.first_name.clone(),
        last_name: contact.last_name.clone(),
        user_id: contact.user_id.and_then(|id| i64::try_from(id.0).ok()),
        card,
        card_problem,
    }
}

/// A business connection as the engine reads it.
pub(super) fn connection_of(connection: &BusinessConnection) -> BusinessUpdate {
    BusinessUpdate::Connection {
        id: connection.id.0.clone(),
        user: user_of(&connection.user),
        enabled: connection.is_enabled,
        can_read: connection
            .rights
            .as_ref()
            .is_some_and(|rights| rights.can_read_messages),
    }
}

/// A business message (new or edited) as the engine reads it; `None` for one that is not
/// in a private chat of a connection.
pub(super) fn business_message_of(message: &Message, edited: bool) -> Option<BusinessUpdate> {
    let MessageKind::Common(common) = &message.kind else {
        return None;
    };
    let connection = common.business_connection_id.as_ref()?.0.clone();
    if !message.chat.is_private() {
        return None;
    }
    Some(BusinessUpdate::Message {
        connection,
        partner: partner_of(&message.chat),
        from: message
            .from
            .as_ref()
            .map_or(0, |user| i64::try_from(user.id.0).unwrap_or(0)),
        sent: message.date,
        edited,
    })
}
