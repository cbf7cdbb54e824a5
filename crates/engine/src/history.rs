//! Undo and history: every reply that reports a change carries **Undo**, `/undo` takes
//! back the chat's latest change (or a later import), and `/history NAME` pages through what happened to a
//! person, newest first. The recording itself is the store's (`store::changes`).

use super::callback::Callback;
use super::hints::with_relative_hints;
use super::reply::{Button, Reply};
use super::widgets::{button, no_more, pager};
use super::{ChatId, Context, Engine, Input, PAGE_SIZE};
use kith_domain::actor::Actor;
use kith_domain::error::Refusal;
use kith_domain::model::{ChangeId, PersonId};
use kith_store::ChangeEntry;
use kith_store::Error;

/// Who a chat's changes are recorded as.
pub(super) fn actor(chat: ChatId) -> Actor {
    if chat == 0 {
        Actor::Terminal
    } else {
        Actor::Chat(chat)
    }
}

/// An undo is not itself recorded as a change (it takes one back).
pub(super) fn is_undo(input: &Input) -> bool {
    match input {
        Input::Press(data) => matches!(Callback::decode(data), Some(Callback::Undo(_))),
        Input::Text(text) => {
            let word = text.split_whitespace().next().unwrap_or_default();
            let word = word.split('@').next().unwrap_or_default();
            word.eq_ignore_ascii_case("/undo")
        }
        Input::ReplyTo { .. } | Input::Forwards(_) | Input::Contact(_) => false,
    }
}

/// The reply with an Undo button for the change it reports. A notice cannot carry a
/// button, so it becomes a message.
pub(super) fn with_undo(mut reply: Reply, change: ChangeId) -> Reply {
    reply.presentation = super::reply::Presentation::Message;
    reply.with_row(vec![button("↩ Undo", Callback::Undo(change))])
}

impl Engine<'_> {
    pub(super) fn undo(&mut self, context: Context, change: ChangeId) -> Result<Reply, Error> {
        let entry = self.store.change(change)?;
        if entry.actor != actor(context.chat) && entry.actor.is_owner() {
            // Another owner's (or the terminal's) change: theirs to take back.
            return Ok(Reply::expired());
        }
        match self.store.undo_change(change) {
            Ok(undone) => Ok(Reply::text(format!(
                "Undone: {}",
                with_relative_hints(&undone.summary, context.today)
            ))),
            Err(Error::Refused(Refusal::UndoBlocked {
                change,
                by,
                actor: later_actor,
                at,
            })) => Ok(Reply::text(super::capitalised(
                &kith_domain::error::undo_blocked(
                    &with_relative_hints(&change, context.today),
                    &with_relative_hints(&by, context.today),
                    self.who(context, later_actor),
                    &self.preferences.local_time(&at),
                    later_actor.undoable(),
                ),
            ))),
            Err(Error::Refused(Refusal::UndoChangedSince(change))) => {
                Err(Refusal::UndoChangedSince(with_relative_hints(&change, context.today)).into())
            }
            Err(other) => Err(other),
        }
    }

    /// Who made a change, as this chat's owner reads it: "you", "another owner", "the sync".
    fn who(&self, context: Context, made_by: Actor) -> &'static str {
        if made_by == actor(context.chat) {
            "you"
        } else if matches!(made_by, Actor::Chat(_)) {
            "another owner"
        } else {
            kith_domain::error::actor_in_words(made_by)
        }
    }

    pub(super) fn undo_latest(&mut self, context: Context) -> Result<Reply, Error> {
        match self.store.latest_undoable_change(actor(context.chat))? {
            Some(entry) => self.undo(context, entry.id),
            None => Ok(Reply::text(
                "Nothing to undo: you have made no change here that is not undone already.",
            )),
        }
    }

    /// A page of a person's history, each change's dates counted from `today`.
    pub(super) fn history_page(
        &self,
        today: chrono::NaiveDate,
        person: PersonId,
        offset: usize,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let entries = self.store.history_of(person, PAGE_SIZE + 1, offset)?;
        if entries.is_empty() && offset == 0 {
            return Ok(Reply::text(format!(
                "Nothing recorded for {name} yet: changes are recorded from the moment this kith was installed."
            )));
        }
        if entries.is_empty() {
            let total = self.store.count_history_of(person)?;
            return Ok(no_more(total, Callback::History { person, offset: 0 }));
        }
        let more = entries.len() > PAGE_SIZE;
        let shown: Vec<&ChangeEntry> = entries.iter().take(PAGE_SIZE).collect();
        let mut lines: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(at, entry)| {
                let undone = if entry.undone_at.is_some() {
                    " (undone)"
                } else {
                    ""
                };
                format!(
                    "{}. {} · {} · {}{undone}",
                    offset + at + 1,
                    self.preferences.local_time(&entry.at),
                    entry.made_by(),
                    with_relative_hints(&entry.summary, today)
                )
            })
            .collect();
        // Every change on the page that can still be taken back has its Undo (an
        // address-book change or an import is nobody's latest, so `/undo` never reaches it).
        let undo: Vec<Button> = shown
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.undone_at.is_none() && entry.actor.undoable())
            .map(|(at, entry)| {
                button(
                    format!("↩ Undo {}", offset + at + 1),
                    Callback::Undo(entry.id),
                )
            })
            .collect();
        if offset > 0 {
            lines.push(format!("(from change {} on)", offset + 1));
        }
        let total = offset + shown.len() + usize::from(more);
        let row = pager(offset, PAGE_SIZE, total, |offset| Callback::History {
            person,
            offset,
        });
        let mut reply = Reply::titled(format!("History of {name}"), lines.join("\n"));
        for buttons in undo.chunks(4) {
            reply = reply.with_row(buttons.to_vec());
        }
        Ok(reply
            .with_row(row)
            .with_row(vec![button(format!("{name} ▸"), Callback::Person(person))]))
    }
}
