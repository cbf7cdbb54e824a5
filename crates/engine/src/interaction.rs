//! The interaction card and its corrections: date and time, type, title, people (by hand
//! and through attendee addresses, each marked), the addresses with their answers, the
//! source, notes in full and flags — and a button for each thing that can be wrong.
//! A deleted interaction's card says so and offers **Restore**.

use super::callback::{Callback, InteractionAsk};
use super::command::{Command, Resolved};
use super::dates::{DateReading, read_date};
use super::interaction_card::{InteractionCard, compose_card};
use super::questions::{self, Question, answered, cancel_button};
use super::reply::Reply;
use super::resolve::{Named, resolve_names};
use super::widgets::{button, headed, truncate};
use super::{Context, Engine};
use chrono::NaiveDate;
use kith_domain::error::Refusal;
use kith_domain::model::{InteractionId, InteractionType, PersonId};
use kith_store::Error;

/// An interaction card's date edit waiting for **Move anyway** (the date is after today).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FutureMovePending {
    move_to: (InteractionId, NaiveDate),
}

impl Engine<'_> {
    /// An interaction's card: read, then composed.
    pub(super) fn interaction_card(
        &self,
        context: Context,
        id: InteractionId,
    ) -> Result<Reply, Error> {
        let mut interaction = match self.store.interaction(id) {
            Ok(interaction) => interaction,
            Err(Error::Refused(Refusal::NotFound { .. })) => return self.deleted_card(id),
            Err(other) => return Err(other),
        };
        self.tell_apart_in(std::slice::from_mut(&mut interaction))?;
        let removed = if interaction.attendees.is_empty() {
            Vec::new()
        } else {
            self.store.removed_attendees(id)?
        };
        let card = InteractionCard {
            marks: self.store.interaction_hand_marks(id)?,
            hand_linked: self.store.hand_linked_people(id)?,
            removed,
            interaction,
        };
        Ok(compose_card(
            &card,
            self.preferences.timezone,
            context.today,
        ))
    }

    /// The card of an interaction that is gone: deleted (with **Restore**), or unknown.
    fn deleted_card(&self, id: InteractionId) -> Result<Reply, Error> {
        match self.store.deletion_of(id)? {
            Some((change, on, title)) if change.undone_at.is_none() => {
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" “{title}”")
                };
                Ok(Reply::text(format!(
                    "This interaction of {on}{title} was deleted ({}). Restore brings it back as it was.",
                    self.preferences.local_time(&change.at)
                ))
                .with_row(vec![button("Restore", Callback::Undo(change.id))]))
            }
            _ => Ok(Reply::expired()),
        }
    }

    pub(super) fn interaction_ask(
        &mut self,
        context: Context,
        id: InteractionId,
        ask: InteractionAsk,
    ) -> Result<Reply, Error> {
        let interaction = self.store.interaction(id)?;
        let what = format!("the {} of {}", interaction.label(), interaction.occurred_on);
        let prompt = match ask {
            InteractionAsk::Date => {
                format!("When was {what}? For example: yesterday, Nov 28, 28.11. or 2026-11-28")
            }
            InteractionAsk::Title => format!("Type the new title of {what}."),
            InteractionAsk::AddNote => format!("Type the note to add to {what}."),
            InteractionAsk::ReplaceNotes => {
                format!("Type the notes that replace all of {what}'s notes.")
            }
            InteractionAsk::AddPerson => format!("Who else was at {what}? Type a name."),
        };
        questions::ask(
            self.store,
            context,
            &Question::Interaction {
                interaction: id,
                ask,
            },
            prompt,
        )
    }

    /// The answer to an interaction card's question.
    pub(super) fn interaction_answer(
        &mut self,
        context: Context,
        id: InteractionId,
        ask: InteractionAsk,
        text: &str,
    ) -> Result<Reply, Error> {
        let keep_waiting =
            |message: String| Ok(Reply::text(message).with_row(vec![cancel_button()]));
        match ask {
            InteractionAsk::Date => {
                let on = match read_date(text, context.today) {
                    DateReading::Date(on) => on,
                    DateReading::Ambiguous {
                        day_first,
                        month_first,
                    } => match self.preferences.date_as_set(day_first, month_first) {
                        Some(on) => on,
                        None => {
                            return keep_waiting(format!(
                                "{text:?} could be {} or {}. Write it with the month's name or as {}.",
                                day_first.format("%-d %B %Y"),
                                month_first.format("%-d %B %Y"),
                                day_first
                            ));
                        }
                    },
                    DateReading::Impossible(why) => {
                        return keep_waiting(format!("{text:?} is not a date: {why}."));
                    }
                    DateReading::NotADate => {
                        return keep_waiting(format!(
                            "I can't read the date {text:?}. For example: yesterday, Nov 28, 28.11. or 2026-11-28"
                        ));
                    }
                };
                self.store.clear_chat_state(context.chat)?;
                if on > context.today {
                    return self.ask_future_move(context, id, on);
                }
                self.move_interaction(context, id, on)
            }
            InteractionAsk::Title => {
                self.store.clear_chat_state(context.chat)?;
                let was = self.described(id)?;
                self.store.set_interaction_title(id, text)?;
                self.changed(context, id, &was, "Retitled {}.")
            }
            InteractionAsk::AddNote => {
                self.store.clear_chat_state(context.chat)?;
                let was = self.described(id)?;
                self.store.append_interaction_note(id, text)?;
                self.changed(context, id, &was, "Noted on {}.")
            }
            InteractionAsk::ReplaceNotes => {
                self.store.clear_chat_state(context.chat)?;
                let was = self.described(id)?;
                self.store.set_interaction_notes(id, text)?;
                self.changed(context, id, &was, "Replaced the notes of {}.")
            }
            InteractionAsk::AddPerson => self.add_person_answer(context, id, text),
        }
    }

    /// **+ Add someone**'s answer, its name resolved once: one person is added; several
    /// are asked about with buttons while the question stays open (an address or `#number`
    /// typed next adds that person instead); no one keeps the question waiting.
    fn add_person_answer(
        &mut self,
        context: Context,
        id: InteractionId,
        text: &str,
    ) -> Result<Reply, Error> {
        let question = Question::Interaction {
            interaction: id,
            ask: InteractionAsk::AddPerson,
        };
        let command = Command::AddToInteraction {
            interaction: id,
            name: text.trim().to_owned(),
        };
        match resolve_names(self, context, command, Vec::new(), Some(&question))? {
            Named::All(Resolved::AddToInteraction {
                interaction,
                person,
            }) => {
                answered(self.store, context, &question)?;
                self.add_to_interaction(context, interaction, person)
            }
            Named::All(other) => unreachable!("{other:?} is the answer's own command"),
            Named::Asked(reply) => Ok(reply),
            Named::Missing(why) => {
                let why = if text.trim().starts_with('#') || text.contains('@') {
                    format!("{why} Type another name, or press Cancel.")
                } else {
                    format!(
                        "I don't know anyone called {text:?}. Type another name, or add them first with /new {text}."
                    )
                };
                Ok(Reply::text(why).with_row(vec![cancel_button()]))
            }
        }
    }

    /// "Thursday 24 December 2026 is in the future (today is …) — move the coffee …
    /// there anyway?", as `/log` asks: a typo in a date does not move a meeting into days
    /// that have not come. **Move anyway** is a pending action taken once.
    fn ask_future_move(
        &mut self,
        context: Context,
        id: InteractionId,
        on: NaiveDate,
    ) -> Result<Reply, Error> {
        let pending = FutureMovePending { move_to: (id, on) };
        let json = serde_json::to_string(&pending).expect("pending actions serialise");
        let pending = self.store.save_pending(context.chat, &json, context.now)?;
        let was = self.described(id)?;
        Ok(Reply::text(format!(
            "{} is in the future (today is {}) — move {was} there anyway?",
            on.format("%A %-d %B %Y"),
            context.today.format("%-d %B %Y"),
        ))
        .with_row(vec![
            button("Move anyway", Callback::LogAnyway { pending }),
            cancel_button(),
        ]))
    }

    /// **Move anyway**: the move the question was about, once; `None` when the pending
    /// action is not such a move.
    pub(super) fn move_anyway(
        &mut self,
        context: Context,
        pending: i64,
    ) -> Result<Option<Reply>, Error> {
        match self.take_pending(context, pending)? {
            Some(FutureMovePending { move_to: (id, on) }) => {
                self.move_interaction(context, id, on).map(Some)
            }
            None => Ok(None),
        }
    }

    fn move_interaction(
        &mut self,
        context: Context,
        id: InteractionId,
        on: NaiveDate,
    ) -> Result<Reply, Error> {
        let was = self.described(id)?;
        self.store.set_interaction_date(id, on)?;
        self.changed(context, id, &was, &format!("Moved {{}} to {on}."))
    }

    /// **+ Add someone**, once the name names one person.
    pub(super) fn add_to_interaction(
        &mut self,
        context: Context,
        id: InteractionId,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let was = self.described(id)?;
        self.store.add_interaction_people(id, &[person])?;
        let name = self.told_apart_name(person)?;
        self.changed(context, id, &was, &format!("Added {name} to {{}}."))
    }

    /// "Moved the 1:1-vc with Alice Smith of 2026-09-10 to 2026-11-03." above the card
    /// it changed (`what` is said of the interaction as it was: `{}` stands for it).
    fn changed(
        &self,
        context: Context,
        id: InteractionId,
        was: &str,
        what: &str,
    ) -> Result<Reply, Error> {
        let card = self.interaction_card(context, id)?;
        Ok(headed(what.replace("{}", was), card))
    }

    /// "the 1:1-vc with Alice Smith of 2026-09-10": how an answer names an interaction.
    fn described(&self, id: InteractionId) -> Result<String, Error> {
        let mut interaction = self.store.interaction(id)?;
        self.tell_apart_in(std::slice::from_mut(&mut interaction))?;
        let names: Vec<&str> = interaction.people.iter().map(|(_, n)| n.as_str()).collect();
        let with = if names.is_empty() {
            String::new()
        } else {
            format!(" with {}", truncate(&names.join(", "), 60))
        };
        Ok(format!(
            "the {}{with} of {}",
            interaction.label(),
            interaction.occurred_on
        ))
    }

    pub(super) fn interaction_types(&self, id: InteractionId) -> Result<Reply, Error> {
        let interaction = self.store.interaction(id)?;
        let mut reply = Reply::text(format!(
            "What kind of interaction was the {} of {}?",
            interaction.label(),
            interaction.occurred_on
        ));
        for row in InteractionType::ALL.chunks(4) {
            reply = reply.with_row(
                row.iter()
                    .map(|kind| {
                        button(
                            kind.as_str(),
                            Callback::InteractionType {
                                interaction: id,
                                kind: *kind,
                            },
                        )
                    })
                    .collect(),
            );
        }
        Ok(reply.with_row(vec![button("◀ Back", Callback::Interaction(id))]))
    }

    pub(super) fn set_type(
        &mut self,
        context: Context,
        id: InteractionId,
        kind: InteractionType,
    ) -> Result<Reply, Error> {
        let was = self.described(id)?;
        self.store.set_interaction_type(id, kind)?;
        self.changed(context, id, &was, &format!("Made {{}} a {kind}."))
    }

    pub(super) fn set_happened(
        &mut self,
        context: Context,
        id: InteractionId,
        happened: bool,
    ) -> Result<Reply, Error> {
        let was = self.described(id)?;
        self.store.set_interaction_happened(id, happened)?;
        let what = if happened {
            "Marked {} as happened: it counts again."
        } else {
            "Marked {} as didn't happen: it no longer counts."
        };
        self.changed(context, id, &was, what)
    }

    pub(super) fn set_initiated(
        &mut self,
        context: Context,
        id: InteractionId,
        by_other: bool,
    ) -> Result<Reply, Error> {
        let was = self.described(id)?;
        self.store.set_interaction_initiated(id, by_other)?;
        let what = if by_other {
            "Marked {} as started by them."
        } else {
            "Marked {} as started by you."
        };
        self.changed(context, id, &was, what)
    }

    pub(super) fn interaction_people(&self, id: InteractionId) -> Result<Reply, Error> {
        let interaction = self.store.interaction(id)?;
        let mut reply = Reply::text(format!(
            "Who was at the {} of {}? Take someone off, or add someone.",
            interaction.label(),
            interaction.occurred_on
        ));
        for (person, name) in &interaction.people {
            reply = reply.with_row(vec![button(
                format!("− {}", truncate(name, 40)),
                Callback::TakeOff {
                    interaction: id,
                    person: *person,
                },
            )]);
        }
        Ok(reply.with_row(vec![
            button(
                "+ Add someone",
                Callback::InteractionAsk {
                    interaction: id,
                    ask: InteractionAsk::AddPerson,
                },
            ),
            button("◀ Back", Callback::Interaction(id)),
        ]))
    }

    pub(super) fn take_off(
        &mut self,
        context: Context,
        id: InteractionId,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let interaction = self.store.interaction(id)?;
        if !interaction.people.iter().any(|(p, _)| *p == person) {
            return Ok(Reply::expired());
        }
        let was = self.described(id)?;
        self.store.remove_interaction_person(id, person)?;
        let name = self.store.person(person)?.name();
        self.changed(context, id, &was, &format!("Took {name} off {{}}."))
    }

    pub(super) fn delete_interaction(&mut self, id: InteractionId) -> Result<Reply, Error> {
        let interaction = self.store.interaction(id)?;
        let was = self.described(id)?;
        self.store.delete_interaction(id)?;
        let synced = if interaction.calendar_event_id.is_some() {
            " The calendar will not bring it back."
        } else {
            ""
        };
        Ok(Reply::text(format!("Deleted {was}.{synced}")))
    }
}
