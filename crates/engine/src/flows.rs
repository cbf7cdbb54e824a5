//! The multi-step flows: running a typed command (its names resolved, then executed),
//! a pressed candidate finishing the command that asked, and the answers to the
//! questions a button left open ("type a name", **Edit ▸**, an interaction's values).
//! All state lives in SQLite, keyed by chat (`questions`).

use chrono::Duration;

use super::callback::PersonAsk;
use super::command::{Command, parse};
use super::edits::{ask_text, edit_line, reference, unreadable};
use super::logline::parse_log_details;
use super::questions::{Pending, Question, answered, cancel_button};
use super::reply::{Reply, Subject};
use super::resolve::{Named, resolve_names};
use super::run::execute;
use super::widgets::noted_on;
use super::{Context, Engine, capitalised};
use kith_domain::model::PersonId;
use kith_store::Error;

/// How long a question with candidate buttons stays answerable.
const PENDING_LIFETIME_DAYS: i64 = 7;

impl Engine<'_> {
    /// Resolves the command's names after those already `resolved`, then runs it.
    pub(super) fn resolve_and_run(
        &mut self,
        context: Context,
        command: Command,
        resolved: Vec<PersonId>,
    ) -> Result<Reply, Error> {
        self.name_and_run(context, command, resolved, None)
    }

    fn name_and_run(
        &mut self,
        context: Context,
        command: Command,
        resolved: Vec<PersonId>,
        question: Option<Question>,
    ) -> Result<Reply, Error> {
        match resolve_names(self, context, command, resolved, question.as_ref())? {
            Named::All(command) => execute(self, context, command),
            Named::Asked(reply) => Ok(reply),
            Named::Missing(why) => Ok(Reply::text(why)),
        }
    }

    /// A candidate was pressed: continue the command it belongs to, exactly once.
    pub(super) fn choose(
        &mut self,
        context: Context,
        pending_id: i64,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let not_before = context.now - Duration::days(PENDING_LIFETIME_DAYS);
        let Some(json) = self
            .store
            .pending_action(context.chat, pending_id, not_before)?
        else {
            return Ok(Reply::expired());
        };
        let Ok(mut pending) = serde_json::from_str::<Pending>(&json) else {
            return Ok(Reply::expired());
        };
        if !pending.candidates.contains(&person) {
            return Ok(Reply::expired());
        }
        self.store.finish_pending(pending_id, not_before)?;
        if let Some(question) = &pending.question {
            answered(self.store, context, question)?;
        }
        pending.resolved.push(person);
        self.name_and_run(context, pending.command, pending.resolved, None)
    }

    /// If the chat is waiting for an answer, this text is it.
    pub(super) fn answer_question(
        &mut self,
        context: Context,
        text: &str,
    ) -> Result<Option<Reply>, Error> {
        let Some(json) = self.store.chat_state(context.chat)? else {
            return Ok(None);
        };
        let Ok(question) = serde_json::from_str::<Question>(&json) else {
            self.store.clear_chat_state(context.chat)?;
            return Ok(None);
        };
        let reply = match question {
            Question::Log { person } => {
                let mut request = match parse_log_details(text, context.today) {
                    Ok(request) => request,
                    // Keep waiting: the owner can correct the line or press Cancel.
                    Err(error) => {
                        return Ok(Some(
                            Reply::text(error.to_string()).with_row(vec![cancel_button()]),
                        ));
                    }
                };
                // The person the question was about comes first; names typed in the
                // answer ("coffee with Bob yesterday") join them.
                let extra = std::mem::take(&mut request.names);
                request.names = std::iter::once(format!("#{person}")).chain(extra).collect();
                self.store.clear_chat_state(context.chat)?;
                self.resolve_and_run(context, Command::Log(request), Vec::new())?
            }
            Question::Note { person } => {
                self.store.clear_chat_state(context.chat)?;
                self.store.append_person_note(person, context.today, text)?;
                let name = self.store.person(person)?.name();
                Reply::text(noted_on(&name)).about(Subject::Person(person))
            }
            Question::LinkName { email } => {
                self.store.clear_chat_state(context.chat)?;
                let address = self.store.email_by_id(email)?;
                let command = Command::Link {
                    email: address.address,
                    name: text.to_owned(),
                };
                self.resolve_and_run(context, command, Vec::new())?
            }
            Question::Interaction { interaction, ask } => {
                self.interaction_answer(context, interaction, ask, text)?
            }
            Question::Edit { person, ask } => self.edit_answer(context, person, ask, text)?,
            Question::Remind { person } => self.remind_answer(context, person, text)?,
            Question::SnoozeFollowUp { follow_up } => {
                self.snooze_answer(context, follow_up, text)?
            }
            Question::SnoozeUntil { person } => self.snooze_person_answer(context, person, text)?,
            Question::ForwardWho { pending } => self.forward_who_answer(context, pending, text)?,
            Question::TelegramLinkName { partner } => {
                self.store.clear_chat_state(context.chat)?;
                let command = Command::TelegramLink {
                    partner,
                    name: text.to_owned(),
                };
                self.resolve_and_run(context, command, Vec::new())?
            }
        };
        Ok(Some(reply))
    }

    /// The answer to an **Edit ▸** question runs as the text command it stands for, in
    /// the bare wording ("Acme, CTO") or the command's own ("at Acme, CTO"). An answer
    /// that cannot be read, or that the command refuses, changes nothing and asks again:
    /// why, and what to type.
    pub(super) fn edit_answer(
        &mut self,
        context: Context,
        person: PersonId,
        ask: PersonAsk,
        text: &str,
    ) -> Result<Reply, Error> {
        let (_, what, template) = ask_text(ask);
        let line = edit_line(template, person, ask, text);
        let again = |why: String| {
            let why = why.trim_end_matches('.');
            Reply::text(format!("{why}. Type {what} — or press Cancel."))
                .with_row(vec![cancel_button()])
        };
        let command = match parse(&line, context.today) {
            Ok(command) => command,
            Err(error) => return Ok(again(capitalised(&error.to_string()))),
        };
        // The answer is the value alone: words that ran into the person's name (tags
        // without + or -) are not a name to look up.
        let named = command.person_names().first().cloned().unwrap_or_default();
        if named != reference(person) {
            let stray = named.strip_prefix(&reference(person)).unwrap_or(&named);
            return Ok(again(unreadable(ask, stray)));
        }
        let question = Question::Edit { person, ask };
        let command = match resolve_names(self, context, command, Vec::new(), Some(&question))? {
            Named::All(command) => command,
            // A name that could mean several asks; the question stays open meanwhile.
            Named::Asked(reply) => return Ok(reply),
            Named::Missing(why) => return Ok(again(why)),
        };
        let preferences = self.preferences;
        let outcome = self.store.in_one_transaction(|store| {
            let mut engine = Engine { store, preferences };
            answered(engine.store, context, &question)?;
            execute(&mut engine, context, command)
        });
        match outcome {
            Ok(reply) => Ok(reply),
            Err(error) if error.is_refusal() => Ok(again(capitalised(&error.to_string()))),
            Err(error) => Err(error),
        }
    }

    /// A text reply to a message about a person or an interaction is a note there.
    pub(super) fn reply_note(
        &mut self,
        context: Context,
        subject: Subject,
        text: &str,
    ) -> Result<Reply, Error> {
        if text.trim().is_empty() {
            return Ok(Reply::text("An empty reply adds nothing."));
        }
        match subject {
            Subject::Person(person) => {
                self.store.append_person_note(person, context.today, text)?;
                let name = self.store.person(person)?.name();
                Ok(Reply::text(noted_on(&name)).about(subject))
            }
            Subject::Interaction(interaction) => {
                self.store.append_interaction_note(interaction, text)?;
                let found = self.store.interaction(interaction)?;
                Ok(Reply::text(format!(
                    "Noted on the {} of {}.",
                    found.label(),
                    found.occurred_on
                ))
                .about(subject))
            }
        }
    }
}
