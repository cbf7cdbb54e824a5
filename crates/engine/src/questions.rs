//! What a chat is waiting for, kept in SQLite so a restart loses nothing: the question
//! a plain message answers (`Question`), and a command waiting for a pick (`Pending`).
//! `ask` sets a question, `answered` ends it and the choices its answers asked.

use serde::{Deserialize, Serialize};

use super::Context;
use super::callback::{Callback, InteractionAsk, PersonAsk};
use super::command::Command;
use super::reply::{Button, Reply};
use kith_domain::intention::FollowUpId;
use kith_domain::model::{EmailId, InteractionId, PersonId};
use kith_store::{Error, Store};

/// What the next plain message in a chat answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Question {
    /// "What happened with …?" → a log line without names.
    Log { person: PersonId },
    /// "Type the note for …" → a note.
    Note { person: PersonId },
    /// "Type the name of the person … belongs to" → link.
    LinkName { email: EmailId },
    /// A value for an interaction card's button (a date, a title, notes, a person).
    Interaction {
        interaction: InteractionId,
        ask: InteractionAsk,
    },
    /// A value for a field of a person (**Edit ▸**).
    Edit { person: PersonId, ask: PersonAsk },
    /// **Remind ▸ A date…** → a WHEN, maybe with ": what to do".
    Remind { person: PersonId },
    /// A follow-up's **Snooze ▸ A date…** → the day it comes up.
    SnoozeFollowUp { follow_up: FollowUpId },
    /// "Until which day should … be left out?" (**Not now** → a date…) → a snooze.
    SnoozeUntil { person: PersonId },
    /// A forward's **Someone else…** → the name of who it was with.
    ForwardWho { pending: i64 },
    /// "Who is … on Telegram?" (**Link to…** on a chat partner) → link.
    TelegramLinkName { partner: i64 },
}

/// A command waiting for the owner to pick who a name meant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Pending {
    pub command: Command,
    pub resolved: Vec<PersonId>,
    pub candidates: Vec<PersonId>,
    /// The question whose answer asked (**+ Add someone**, **Edit ▸**): it stays open, so
    /// an address or `#number` typed next answers it, until a choice or an answer ends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
}

/// Asks `question` in words: the chat waits for its answer (or **Cancel**).
pub(super) fn ask(
    store: &mut Store,
    context: Context,
    question: &Question,
    prompt: String,
) -> Result<Reply, Error> {
    let json = serde_json::to_string(question).expect("questions serialise");
    store.set_chat_state(context.chat, &json)?;
    Ok(Reply::text(prompt).with_row(vec![cancel_button()]))
}

/// `question` is answered: the chat waits for it no longer, and the choices its
/// answers asked ("Which …?") expire.
pub(super) fn answered(
    store: &mut Store,
    context: Context,
    question: &Question,
) -> Result<(), Error> {
    let waiting = store.chat_state(context.chat)?;
    let open = waiting.and_then(|json| serde_json::from_str::<Question>(&json).ok());
    if open.as_ref() == Some(question) {
        store.clear_chat_state(context.chat)?;
    }
    for (id, json) in store.pending_actions_of(context.chat)? {
        let asked = serde_json::from_str::<Pending>(&json).ok();
        if asked.is_some_and(|pending| pending.question.as_ref() == Some(question)) {
            store.drop_pending(context.chat, id)?;
        }
    }
    Ok(())
}

/// The **Cancel** button: ends whatever the chat was asked.
pub(super) fn cancel_button() -> Button {
    Button::new("Cancel", Callback::Cancel)
}
