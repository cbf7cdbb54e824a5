//! Stage two and the multi-step flows: resolving typed names to people by one rule
//! (`domain::pick`: a name that could mean two people is asked about with buttons, and
//! the original command finishes when one is pressed), and the questions a button can
//! leave open ("type a name"). All state lives in SQLite, keyed by chat.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::callback::{Callback, InteractionAsk, PersonAsk};
use super::command::Command;
use super::logline::parse_log_details;
use super::reply::{Button, Reply, Subject};
use super::widgets::noted_on;
use super::{Context, Engine};
use kith_domain::error::Refusal;
use kith_domain::model::{EmailAddress, EmailId, InteractionId, PersonId};
use kith_domain::pick::{Pick, pick};
use kith_domain::rank::{Match, MatchTarget};
use kith_store::Error;
use kith_store::Reach;

/// How long a question with candidate buttons stays answerable.
const PENDING_LIFETIME_DAYS: i64 = 7;
/// How many candidates an ambiguous name offers.
const MAX_CANDIDATES: usize = 8;

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
}

/// A command waiting for the owner to pick who a name meant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Pending {
    command: Command,
    resolved: Vec<PersonId>,
    candidates: Vec<PersonId>,
    /// The question whose answer asked (**+ Add someone**, **Edit ▸**): it stays open, so
    /// an address or `#number` typed next answers it, until a choice or an answer ends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    question: Option<Question>,
}

/// Who a typed name refers to.
pub(super) enum Resolution {
    Found(PersonId),
    Ambiguous(Vec<(PersonId, String)>),
    Missing,
}

/// What a command's names came to: everyone (`people`, in `person_names` order), a
/// "Which … do you mean?" asked, or the sentence for a name that is no one.
pub(super) enum Named {
    All(Vec<PersonId>),
    Asked(Reply),
    Missing(String),
}

impl Engine<'_> {
    /// Resolves a typed name among the people `reach` reads: `#12` is that person and a
    /// full address is its owner (archived or not); any other text names one person only
    /// when `pick` says no one else matches it alike, and is asked about when it could
    /// mean several. Never guesses.
    pub(super) fn resolve_name(&self, name: &str, reach: Reach) -> Result<Resolution, Error> {
        let name = name.trim();
        if let Some(id) = name.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return match self.store.person(PersonId(id)) {
                Ok(person) => Ok(Resolution::Found(person.id)),
                Err(Error::Refused(Refusal::NotFound { .. })) => Ok(Resolution::Missing),
                Err(error) => Err(error),
            };
        }
        if name.contains('@') {
            let owner = match EmailAddress::parse(name) {
                Ok(address) => self.store.person_by_email(&address)?,
                Err(_) => None,
            };
            return Ok(owner.map_or(Resolution::Missing, |person| Resolution::Found(person.id)));
        }
        let hits = self.store.people_called(name, MAX_CANDIDATES + 1, reach)?;
        let person = |hit: &Match| match hit.target {
            MatchTarget::Person(id) => id,
            MatchTarget::Organization(_) => unreachable!("people_called finds people"),
        };
        Ok(match pick(&hits) {
            Pick::Nothing => Resolution::Missing,
            Pick::One(index) => Resolution::Found(person(&hits[index])),
            Pick::Several => Resolution::Ambiguous(
                hits.iter()
                    .take(MAX_CANDIDATES)
                    .map(|hit| (person(hit), hit.label.clone()))
                    .collect(),
            ),
        })
    }

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
        match self.resolve_names(context, &command, resolved, question.as_ref())? {
            Named::All(people) => self.execute(context, command, &people),
            Named::Asked(reply) => Ok(reply),
            Named::Missing(why) => Ok(Reply::text(why)),
        }
    }

    /// Resolves the command's names after those already `resolved`, each once: a name
    /// that could mean several asks with a button each (a pending action that carries
    /// `question`, the answer's question left open, when there is one).
    pub(super) fn resolve_names(
        &mut self,
        context: Context,
        command: &Command,
        mut resolved: Vec<PersonId>,
        question: Option<&Question>,
    ) -> Result<Named, Error> {
        let names = command.person_names();
        let reach = reach_of(command);
        while resolved.len() < names.len() {
            let name = &names[resolved.len()];
            match self.resolve_name(name, reach)? {
                Resolution::Found(person) => resolved.push(person),
                Resolution::Missing => return Ok(Named::Missing(missing(name, reach))),
                Resolution::Ambiguous(candidates) => {
                    let pending = Pending {
                        command: command.clone(),
                        resolved,
                        candidates: candidates.iter().map(|(id, _)| *id).collect(),
                        question: question.cloned(),
                    };
                    let json = serde_json::to_string(&pending).expect("pending actions serialise");
                    let id = self.store.save_pending(context.chat, &json, context.now)?;
                    let mut reply = Reply::text(format!("Which {name:?} do you mean?"));
                    let labels = self.person_labels(&candidates, true)?;
                    for ((person, _), label) in candidates.into_iter().zip(labels) {
                        reply = reply.with_row(vec![Button {
                            label,
                            data: Callback::Choose {
                                pending: id,
                                person,
                            }
                            .encode(),
                        }]);
                    }
                    return Ok(Named::Asked(reply.with_row(vec![cancel_button()])));
                }
            }
        }
        Ok(Named::All(resolved))
    }

    /// `question` is answered: the chat waits for it no longer, and the choices its
    /// answers asked ("Which …?") expire.
    pub(super) fn answered(&mut self, context: Context, question: &Question) -> Result<(), Error> {
        let waiting = self.store.chat_state(context.chat)?;
        let open = waiting.and_then(|json| serde_json::from_str::<Question>(&json).ok());
        if open.as_ref() == Some(question) {
            self.store.clear_chat_state(context.chat)?;
        }
        for (id, json) in self.store.pending_actions_of(context.chat)? {
            let asked = serde_json::from_str::<Pending>(&json).ok();
            if asked.is_some_and(|pending| pending.question.as_ref() == Some(question)) {
                self.store.drop_pending(context.chat, id)?;
            }
        }
        Ok(())
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
            self.answered(context, question)?;
        }
        pending.resolved.push(person);
        self.name_and_run(context, pending.command, pending.resolved, None)
    }

    pub(super) fn ask(
        &mut self,
        context: Context,
        question: &Question,
        prompt: String,
    ) -> Result<Reply, Error> {
        let json = serde_json::to_string(question).expect("questions serialise");
        self.store.set_chat_state(context.chat, &json)?;
        Ok(Reply::text(prompt).with_row(vec![cancel_button()]))
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
        };
        Ok(Some(reply))
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

/// Whose names a command's names are looked up among: `/unarchive` reads only archived
/// people; every other command reads everyone, archived people included.
fn reach_of(command: &Command) -> Reach {
    match command {
        Command::Archive {
            archived: false, ..
        } => Reach::Archived,
        _ => Reach::Everyone,
    }
}

/// The answer when a typed name, number or address is no one kith has: `/new` is
/// suggested only for a name, and only when no one — archived or not — matches it.
fn missing(name: &str, reach: Reach) -> String {
    let name = name.trim();
    if let Some(number) = name.strip_prefix('#').filter(|n| n.parse::<i64>().is_ok()) {
        return format!("No one has the number #{number}.");
    }
    if name.contains('@') {
        return format!("No one has the address {name:?}. /link {name} NAME gives it to someone.");
    }
    match reach {
        Reach::Archived => format!(
            "No archived person is called {name:?}. /find {name} shows everyone by that name."
        ),
        Reach::Active | Reach::Everyone => format!(
            "I don't know anyone called {name:?}. Add them with /new {name}, or check the spelling."
        ),
    }
}

pub(super) fn cancel_button() -> Button {
    Button {
        label: "Cancel".into(),
        data: Callback::Cancel.encode(),
    }
}
