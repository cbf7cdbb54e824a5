//! The buttons of a forward's proposal: **Log** (with the text as a note, or not; "Already
//! logged …" asks **Log anyway** first), "It's Ana Souza", **Create**, **Someone else…**
//! (a name typed and resolved like /log) and **Cancel**. Each takes its proposal once, so
//! a second press or a stale one answers "expired". **Log** writes, as one change; so does
//! "It's Ana Souza" when it tells kith whose a Telegram account is (kept, with Undo,
//! whether or not the messages are logged; the chat days that waited are logged with her).

use chrono::NaiveDate;

use super::callback::Callback;
use super::dates::dated;
use super::forwards::{ForwardPending, Proposal, Sender, TELEGRAM_WORD, Who, drop_button};
use super::questions::Question;
use super::reply::{Reply, Subject};
use super::resolve::{Resolution, resolve_name};
use super::widgets::{button, truncate};
use super::{Context, Engine};
use kith_domain::model::{InteractionId, InteractionType, PersonId};
use kith_domain::telegram::TelegramUser;
use kith_store::{Error, NewInteraction, NewPerson, Reach, TelegramIdentity};

/// How long a proposal's buttons stay answerable.
const PROPOSAL_LIFETIME_DAYS: i64 = 7;

impl Engine<'_> {
    /// A button of a forward's or a free text's proposal.
    pub(super) fn proposal_pressed(
        &mut self,
        context: Context,
        callback: Callback,
    ) -> Result<Reply, Error> {
        match callback {
            Callback::ForwardLog { pending, note } => self.forward_log(context, pending, note),
            Callback::ForwardPerson { pending, person } => {
                self.forward_person(context, pending, person)
            }
            Callback::ForwardCreate { pending } => self.forward_create(context, pending),
            Callback::ForwardOther { pending } => self.forward_other(context, pending),
            Callback::DropProposal { pending } => self.drop_proposal(context, pending),
            Callback::FreeLog { pending } => self.free_log(context, pending),
            Callback::FreeEdit { pending } => self.free_edit(context, pending),
            Callback::FreePerson { pending, person } => self.free_person(context, pending, person),
            Callback::FreeDate {
                pending,
                month_first,
            } => self.free_date(context, pending, month_first),
            _ => Ok(Reply::expired()),
        }
    }

    /// **Log** / **Log with the text as a note** / **Log anyway**.
    pub(super) fn forward_log(
        &mut self,
        context: Context,
        pending: i64,
        note: bool,
    ) -> Result<Reply, Error> {
        let Some(ForwardPending { forward: proposal }) = self.take_pending(context, pending)?
        else {
            return Ok(Reply::expired());
        };
        self.forget_who_question(context, pending)?;
        if let Who::Person { id, .. } = proposal.who
            && !proposal.anyway
            && let Some(reply) = self.already_forwarded(context, &proposal, id, note)?
        {
            return Ok(reply);
        }
        let (person, first) = match &proposal.who {
            Who::Person { id, learn } => {
                let learned = *learn && self.learn_account(*id, &proposal.from)?;
                (*id, learned.then_some(Learned::Account))
            }
            Who::New { name, learn } => {
                let id = self.store.create_person(&NewPerson::named(name))?;
                if *learn {
                    self.learn_account(id, &proposal.from)?;
                }
                (id, Some(Learned::Created))
            }
            Who::Asking { .. } => return Ok(Reply::expired()),
        };
        let mut logged: Vec<(NaiveDate, InteractionId)> = Vec::new();
        for day in &proposal.days {
            let mut new = NewInteraction::manual(*day, InteractionType::Message, vec![person]);
            new.type_word = Some(TELEGRAM_WORD.to_owned());
            new.title = kith_store::CHAT_DAY_TITLE.to_owned();
            if note {
                new.notes = proposal.note_of(*day);
            }
            logged.push((*day, self.store.log_interaction(&new)?));
        }
        self.logged_forwards(context, person, &logged, first)
    }

    /// "Already logged a message with Ana Souza on 28 Nov. Log anyway?" when a message
    /// with them is logged on one of the days; `None` when none is.
    fn already_forwarded(
        &mut self,
        context: Context,
        proposal: &Proposal,
        person: PersonId,
        note: bool,
    ) -> Result<Option<Reply>, Error> {
        let mut existing = Vec::new();
        for day in &proposal.days {
            if let Some(found) = self.store.same_day_interaction(
                *day,
                InteractionType::Message,
                Some(TELEGRAM_WORD),
                &[person],
            )? {
                existing.push(found);
            }
        }
        let Some(first) = existing.first() else {
            return Ok(None);
        };
        let days: Vec<String> = existing
            .iter()
            .map(|found| super::forwards::short_day(found.occurred_on, context.today))
            .collect();
        let name = self.told_apart_name(person)?;
        let mut again = proposal.clone();
        again.anyway = true;
        let id = self.keep_proposal(context, again)?;
        Ok(Some(
            Reply::text(format!(
                "Already logged a message with {name} on {}. Log anyway?",
                days.join(" and ")
            ))
            .with_row(vec![
                button("Open it", Callback::Interaction(first.id)),
                button("Log anyway", Callback::ForwardLog { pending: id, note }),
            ])
            .with_row(vec![drop_button(id)]),
        ))
    }

    /// The sender's Telegram account becomes `person`'s, unless they have one already or
    /// it is someone else's (a username someone else has is left out). True when it did.
    fn learn_account(&mut self, person: PersonId, from: &Sender) -> Result<bool, Error> {
        let Sender::User(user) = from else {
            return Ok(false);
        };
        if self.store.telegram_identity(person)?.id.is_some()
            || self.store.person_by_telegram_id(user.id)?.is_some()
        {
            return Ok(false);
        }
        let username = self.free_username(person, user)?;
        self.store.set_telegram_identity(
            person,
            &TelegramIdentity {
                id: Some(user.id),
                username,
            },
        )?;
        Ok(true)
    }

    /// The user's username, unless another person has it.
    fn free_username(
        &self,
        person: PersonId,
        user: &TelegramUser,
    ) -> Result<Option<String>, Error> {
        let Some(username) = &user.username else {
            return Ok(None);
        };
        Ok(match self.store.person_by_telegram_username(username)? {
            Some(owner) if owner != person => None,
            _ => Some(username.clone()),
        })
    }

    /// "Logged a message with Ana Souza on 2026-11-25 (yesterday)." with their card and
    /// the interaction, then the follow-ups and topics a log asks about.
    fn logged_forwards(
        &mut self,
        context: Context,
        person: PersonId,
        logged: &[(NaiveDate, InteractionId)],
        first: Option<Learned>,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let with = if first == Some(Learned::Created) {
            "them"
        } else {
            name.as_str()
        };
        let when = match logged {
            [(day, _)] => format!("a message with {with} on {}", dated(*day, context.today)),
            many => format!(
                "messages with {with} on {} days: {}",
                many.len(),
                many.iter()
                    .map(|(day, _)| dated(*day, context.today))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let text = match first {
            Some(Learned::Created) => format!("Added {name} and logged {when}."),
            Some(Learned::Account) => {
                format!("Logged {when}. Their Telegram account is on {name}'s card now.")
            }
            None => format!("Logged {when}."),
        };
        let mut reply = Reply::text(text).with_row(vec![button(name, Callback::Person(person))]);
        reply = match logged {
            [(_, id)] => reply
                .about(Subject::Interaction(*id))
                .with_row(vec![button("Open ▸", Callback::Interaction(*id))]),
            many => reply.about(Subject::Person(person)).with_row(
                many.iter()
                    .take(4)
                    .map(|(day, id)| {
                        let label = super::forwards::short_day(*day, context.today);
                        button(format!("{label} ▸"), Callback::Interaction(*id))
                    })
                    .collect(),
            ),
        };
        if first == Some(Learned::Created) {
            let others = self.same_name(person)?;
            reply = self.note_same_name(reply, &others)?;
        }
        let last = logged.last().map_or(context.today, |(day, _)| *day);
        let reply = self.with_follow_ups_asked(context, last, &[person], reply)?;
        self.ask_topics_covered(&[person], last, reply)
    }

    /// "It's Ana Souza" (or a person picked for a name typed): the proposal with them.
    /// Saying who the sender is is kept whether or not the messages are logged: their
    /// Telegram account becomes the person's now (a change of its own, with Undo), and the
    /// chat days that waited for it are logged with them.
    pub(super) fn forward_person(
        &mut self,
        context: Context,
        pending: i64,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let Some(ForwardPending { mut forward }) = self.peek_proposal(context, pending)? else {
            return Ok(Reply::expired());
        };
        let Who::Asking {
            candidates, learn, ..
        } = &forward.who
        else {
            return Ok(Reply::expired());
        };
        if !candidates.contains(&person) {
            return Ok(Reply::expired());
        }
        let learn = *learn;
        self.end_proposal(context, pending)?;
        let waiting = match &forward.from {
            Sender::User(user) if learn => self
                .store
                .telegram_partner(user.id)?
                .map_or(0, |partner| partner.days),
            _ => 0,
        };
        let learned = learn && self.learn_account(person, &forward.from)?;
        forward.who = Who::Person {
            id: person,
            learn: false,
        };
        let mut reply = self.propose(context, forward)?;
        if learned {
            let name = self.told_apart_name(person)?;
            let days = if waiting > 0 {
                format!(
                    "; {} that waited {} logged with {name}",
                    kith_domain::text::plural(waiting, "chat day", "chat days"),
                    if waiting == 1 { "is" } else { "are" }
                )
            } else {
                String::new()
            };
            reply.body = format!(
                "Their Telegram account is on {name}'s card now{days}.\n\n{}",
                reply.body
            );
        }
        Ok(reply)
    }

    /// **Create NAME**: the proposal with a person made on **Log**.
    pub(super) fn forward_create(
        &mut self,
        context: Context,
        pending: i64,
    ) -> Result<Reply, Error> {
        let Some(ForwardPending { mut forward }) = self.peek_proposal(context, pending)? else {
            return Ok(Reply::expired());
        };
        let Who::Asking {
            create: Some(name),
            learn,
            ..
        } = &forward.who
        else {
            return Ok(Reply::expired());
        };
        self.end_proposal(context, pending)?;
        forward.who = Who::New {
            name: name.clone(),
            learn: *learn,
        };
        self.propose(context, forward)
    }

    /// **Someone else…**: asks who the messages were with.
    pub(super) fn forward_other(&mut self, context: Context, pending: i64) -> Result<Reply, Error> {
        if self.peek_proposal(context, pending)?.is_none() {
            return Ok(Reply::expired());
        }
        let json =
            serde_json::to_string(&Question::ForwardWho { pending }).expect("questions serialise");
        self.store.set_chat_state(context.chat, &json)?;
        // Its Cancel ends this proposal only: others forwarded with it stay open.
        Ok(
            Reply::text("Who was it with? Type their name, an address or #number.")
                .with_row(vec![drop_button(pending)]),
        )
    }

    /// The name typed after **Someone else…**, resolved like /log's: the proposal with
    /// them, "Which … do you mean?", or (no one) the name offered to create.
    pub(super) fn forward_who_answer(
        &mut self,
        context: Context,
        pending: i64,
        text: &str,
    ) -> Result<Reply, Error> {
        let Some(ForwardPending { mut forward }) = self.peek_proposal(context, pending)? else {
            self.store.clear_chat_state(context.chat)?;
            return Ok(Reply::text(
                "That forward's proposal is no longer open; forward the message again.",
            ));
        };
        let typed = text.trim();
        let resolution = resolve_name(self, typed, Reach::Everyone)?;
        self.end_proposal(context, pending)?;
        let candidates = match resolution {
            Resolution::Found(person) => {
                forward.who = Who::Person {
                    id: person,
                    learn: false,
                };
                return self.propose(context, forward);
            }
            Resolution::Ambiguous(candidates) => candidates,
            Resolution::Missing => Vec::new(),
        };
        let creatable = !typed.starts_with('#') && !typed.contains('@');
        forward.who = Who::Asking {
            candidates: candidates.iter().map(|(id, _)| *id).collect(),
            create: creatable.then(|| typed.to_owned()),
            learn: false,
        };
        let id = self.keep_proposal(context, forward)?;
        let mut reply = if candidates.is_empty() {
            // Still waiting: another name typed next answers the same question.
            let json = serde_json::to_string(&Question::ForwardWho { pending: id })
                .expect("questions serialise");
            self.store.set_chat_state(context.chat, &json)?;
            Reply::text(format!(
                "I don't know anyone called {typed:?}. Type another name, or create them."
            ))
        } else {
            Reply::text(format!("Which {typed:?} do you mean?"))
        };
        let labels = self.person_labels(&candidates, true)?;
        for ((person, _), label) in candidates.into_iter().zip(labels) {
            reply = reply.with_row(vec![button(
                label,
                Callback::ForwardPerson {
                    pending: id,
                    person,
                },
            )]);
        }
        if creatable {
            reply = reply.with_row(vec![button(
                format!("Create {}", truncate(typed, 40)),
                Callback::ForwardCreate { pending: id },
            )]);
        }
        Ok(reply.with_row(vec![drop_button(id)]))
    }

    /// A proposal of this chat still open, read without taking it.
    fn peek_proposal(
        &self,
        context: Context,
        pending: i64,
    ) -> Result<Option<ForwardPending>, Error> {
        let not_before = context.now - chrono::Duration::days(PROPOSAL_LIFETIME_DAYS);
        Ok(self
            .store
            .pending_action(context.chat, pending, not_before)?
            .and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// The proposal `pending` is done: its buttons expire, and so does the question
    /// **Someone else…** asked about it.
    fn end_proposal(&mut self, context: Context, pending: i64) -> Result<(), Error> {
        self.store.drop_pending(context.chat, pending)?;
        self.forget_who_question(context, pending)
    }

    /// The chat no longer waits for a name for the proposal `pending`.
    fn forget_who_question(&mut self, context: Context, pending: i64) -> Result<(), Error> {
        let waiting = self.store.chat_state(context.chat)?;
        let question = waiting.and_then(|json| serde_json::from_str::<Question>(&json).ok());
        if question == Some(Question::ForwardWho { pending }) {
            self.store.clear_chat_state(context.chat)?;
        }
        Ok(())
    }

    /// **Cancel** on one proposal (a forward's or a free text's): the others stay open.
    pub(super) fn drop_proposal(&mut self, context: Context, pending: i64) -> Result<Reply, Error> {
        let not_before = context.now - chrono::Duration::days(PROPOSAL_LIFETIME_DAYS);
        let Some(json) = self
            .store
            .pending_action(context.chat, pending, not_before)?
        else {
            return Ok(Reply::expired());
        };
        let ours = serde_json::from_str::<ForwardPending>(&json).is_ok()
            || super::freetext::is_free_text_pending(&json);
        if !ours {
            return Ok(Reply::expired());
        }
        self.end_proposal(context, pending)?;
        Ok(Reply::text("Cancelled."))
    }
}

/// What a **Log** did besides logging, for its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Learned {
    /// The sender's Telegram account became the person's.
    Account,
    /// The person was created.
    Created,
}
