//! The conversation engine: one message or button press in, one `Reply` out, for every
//! transport. It parses text into a `Command` (stage one, pure), resolves names against
//! the store (stage two), acts through the store, and renders plain replies. Multi-step
//! flows and ambiguous names keep their state in SQLite, so a restart loses nothing.
//!
//! The files form layers, each using only those below it (and this file's `Engine`,
//! `Context`): `handle` and `press` here → `flows` (typed commands, picks, answers) →
//! `run` (a resolved command to its feature) → the features (`actions`, `edits`,
//! `interaction`, `triage`, `cards`, `lists`, `logging`, …) → `resolve` (names to
//! people), `questions` (what a chat waits for), `person_card` and the other pure
//! pieces (`widgets`, `reply`, `callback`, `command`).

pub mod callback;
pub mod command;
pub mod dates;
pub mod menu;
pub mod reply;

mod actions;
pub mod address_book;
mod address_book_answers;
pub mod brief;
mod cards;
pub mod chart;
mod contacts;
pub mod digest;
pub mod digest_ahead;
mod duplicates;
pub mod editline;
mod edits;
mod files;
mod flows;
mod followup_snooze;
mod followups;
mod forward_presses;
mod forwards;
mod freereading;
mod freetext;
mod hints;
mod history;
mod important_dates;
mod interaction;
mod interaction_card;
mod lists;
mod logging;
pub mod logline;
mod person_card;
mod questions;
mod reminders;
mod resolve;
mod run;
mod search;
mod snoozes;
pub mod telegram_chats;
mod telegram_identity;
pub mod telegram_partners;
mod timed;
mod topics;
mod triage;
mod widgets;

use chrono::{DateTime, NaiveDate, Utc};

use callback::Callback;
use command::Command;
use kith_domain::error::Refusal;
use kith_store::Error;
use kith_store::Store;
pub use reply::{Button, Effect, Reply, Subject, Target};

/// A conversation's id: the Telegram chat id, or 0 for the terminal.
pub type ChatId = i64;

/// About ten rows a page, as on a phone screen.
pub const PAGE_SIZE: usize = 10;

/// What arrives from a transport.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A typed message: a command, an answer to a question, or a search.
    Text(String),
    /// A button press, with its callback data.
    Press(String),
    /// A text reply to one of kith's messages about a person or an interaction.
    ReplyTo { subject: Subject, text: String },
    /// Messages forwarded to the bot together (one or several): a proposal to log them
    /// with their sender.
    Forwards(Vec<kith_domain::telegram::Forward>),
    /// A contact shared to the bot: a person created or completed.
    Contact(Box<kith_domain::telegram::SharedContact>),
}

/// Everything a handler needs to know about the moment and the chat.
#[derive(Clone, Copy, Debug)]
struct Context {
    chat: ChatId,
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Context {
    /// The moment and the chat, with "today" in the owner's zone.
    fn at(chat: ChatId, now: DateTime<Utc>, preferences: &Preferences) -> Context {
        Context {
            chat,
            now,
            today: now.with_timezone(&preferences.timezone).date_naive(),
        }
    }
}

pub use kith_domain::preferences::Preferences;

/// The engine over one store. Cheap to build per message.
pub struct Engine<'a> {
    store: &'a mut Store,
    preferences: &'a Preferences,
}

impl<'a> Engine<'a> {
    pub fn new(store: &'a mut Store, preferences: &'a Preferences) -> Engine<'a> {
        Engine { store, preferences }
    }

    /// Answers one input. Never panics on user input and always answers. Everything it
    /// reads and writes is one transaction that takes the write lock first, so another
    /// process writing the same file cannot come between a read and the write it decides
    /// (a note appended, the "Already logged" check); an error rolls all of it back, so
    /// "nothing was changed" is true. What it changes is recorded as one change, and the
    /// reply that reports it carries **Undo**.
    pub fn handle(&mut self, chat: ChatId, input: Input, now: DateTime<Utc>) -> Reply {
        let pressed = matches!(input, Input::Press(_));
        let preferences = self.preferences;
        let outcome = self
            .store
            .in_one_transaction(|store| Engine { store, preferences }.recorded(chat, input, now));
        match outcome {
            Ok(reply) => reply,
            // A button whose person, address or question is gone has expired.
            Err(Error::Refused(Refusal::NotFound { .. })) if pressed => Reply::expired(),
            Err(error) => error_reply(&error),
        }
    }

    /// The answer to one input, with what it wrote recorded as one change (an undo is not
    /// itself recorded: it takes one back).
    fn recorded(&mut self, chat: ChatId, input: Input, now: DateTime<Utc>) -> Result<Reply, Error> {
        if history::is_undo(&input) {
            return self.answer(chat, input, now);
        }
        self.store.begin_change(history::actor(chat))?;
        let reply = self.answer(chat, input, now)?;
        // Kept with absolute dates: "(today)" is counted again whenever it is shown.
        let summary = reply.plain_text();
        let summary = hints::without_relative_hints(summary.lines().next().unwrap_or_default());
        Ok(match self.store.finish_change(&summary)? {
            Some(change) => history::with_undo(reply, change),
            None => reply,
        })
    }

    fn answer(&mut self, chat: ChatId, input: Input, now: DateTime<Utc>) -> Result<Reply, Error> {
        // Every typed value enters here: one holding a control character is refused.
        if let Input::Text(text) | Input::ReplyTo { text, .. } = &input
            && let Some(control) = text
                .chars()
                .find(|c| kith_domain::text::is_unkept_control(*c))
        {
            return Err(Refusal::ControlCharacter(control).into());
        }
        let context = Context::at(chat, now, self.preferences);
        match input {
            Input::Text(text) => self.text(context, &text),
            Input::Press(data) => match Callback::decode(&data) {
                Some(callback) => self.press(context, callback),
                None => Ok(Reply::expired()),
            },
            Input::ReplyTo { subject, text } => self.reply_note(context, subject, &text),
            Input::Forwards(forwards) => self.forwarded(context, forwards),
            Input::Contact(contact) => self.shared_contact(context, *contact),
        }
    }

    fn text(&mut self, context: Context, text: &str) -> Result<Reply, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Reply::text(
                "Send a name to look someone up, or /help for the commands.",
            ));
        }
        if text.starts_with('/') {
            // A command ends whatever the chat was waiting for.
            self.store.clear_chat_state(context.chat)?;
            return match command::parse(text, context.today) {
                Ok(command) => self.run(context, command),
                Err(error) => Ok(Reply::text(error.to_string())),
            };
        }
        if let Some(reply) = self.answer_question(context, text)? {
            return Ok(reply);
        }
        if let Some(reply) = self.free_text(context, text)? {
            return Ok(reply);
        }
        self.run(context, command::plain(text))
    }

    fn press(&mut self, context: Context, callback: Callback) -> Result<Reply, Error> {
        match callback {
            Callback::Person(person) => self.person_card(context, person),
            Callback::Organization(organization) => self.organization_card(context, organization),
            Callback::Interactions { person, offset } => {
                self.interactions_page(context, person, offset as usize)
            }
            Callback::LogFor(person) => self.ask_for_log(context, person),
            Callback::NoteFor(person) => self.ask_for_note(context, person),
            Callback::EditTier(person) => self.tier_choices(person),
            Callback::SetTier { person, tier } => self.set_tier(context, person, tier),
            Callback::Stale { key, offset } => self.stale_page(context, key, offset as usize),
            Callback::Unknown { offset } => self.unknown_page(offset as usize),
            Callback::LinkStart(email) => self.link_start(context, email),
            Callback::LinkTo { email, person } => self.link_to(context, email, person),
            Callback::Create(email) => self.create_from_unknown(context, email),
            Callback::Ignore(email) => self.ignore_address(email),
            Callback::IgnoreDomain(email) => self.ignore_domain(email),
            Callback::Choose { pending, person } => self.choose(context, pending, person),
            Callback::LogAnyway { pending } => self.log_anyway(context, pending),
            Callback::DateChoice {
                pending,
                month_first,
            } => self.date_chosen(context, pending, month_first),
            Callback::Notes { person, offset } => self.notes_page(person, offset as usize),
            Callback::Merge { keep, other } => self.merge(keep, other),
            Callback::MergeAsk { keep, other } => self.confirm_merge(keep, other),
            Callback::NotSame { first, second } => self.not_same(first, second),
            Callback::Recent { offset } => self.recent_page(context, PAGE_SIZE, offset as usize),
            Callback::Tags { offset } => self.tags_page(offset as usize),
            Callback::Undo(change) => self.undo(context, change),
            Callback::Interaction(_)
            | Callback::InteractionAsk { .. }
            | Callback::InteractionTypes(_)
            | Callback::InteractionType { .. }
            | Callback::Happened { .. }
            | Callback::Initiated { .. }
            | Callback::InteractionPeople(_)
            | Callback::TakeOff { .. }
            | Callback::Delete(_) => self.interaction_pressed(context, callback),
            Callback::Edit(person) => self.edit_menu(person),
            Callback::EditField { person, ask } => self.edit_field(context, person, ask),
            Callback::Archive { person, archived } => self.set_archived(person, archived),
            Callback::Ignored { offset } => self.ignored_page(offset as usize),
            Callback::UnignoreEmail(email) => self.unignore_email(email),
            Callback::UnignoreRule(fingerprint) => self.unignore_rule(fingerprint),
            Callback::History { person, offset } => {
                self.history_page(context.today, person, offset as usize)
            }
            Callback::RemindMenu(_)
            | Callback::RemindIn { .. }
            | Callback::FollowUpDone { .. }
            | Callback::FollowUpKeep { .. }
            | Callback::SnoozeMenu(_)
            | Callback::SnoozeFollowUp { .. }
            | Callback::FollowUps { .. }
            | Callback::NotNow(_)
            | Callback::SnoozePerson { .. }
            | Callback::SeeLessOften { .. }
            | Callback::Snoozed { .. }
            | Callback::Unsnooze(_)
            | Callback::TopicDone(_)
            | Callback::RemoveDate { .. } => self.intention_pressed(context, callback),
            Callback::ForwardLog { .. }
            | Callback::ForwardPerson { .. }
            | Callback::ForwardCreate { .. }
            | Callback::ForwardOther { .. }
            | Callback::DropProposal { .. }
            | Callback::FreeLog { .. }
            | Callback::FreeEdit { .. }
            | Callback::FreePerson { .. }
            | Callback::FreeDate { .. } => self.proposal_pressed(context, callback),
            Callback::WritingPage { pending, offset } => {
                self.writing_page(context, pending, offset as usize)
            }
            Callback::Partners { .. }
            | Callback::PartnerLinkStart(_)
            | Callback::PartnerLinkTo { .. }
            | Callback::PartnerCreate(_)
            | Callback::PartnerIgnore(_) => self.partner_pressed(context, callback),
            Callback::CardQuestions { .. }
            | Callback::CardKeepKith(_)
            | Callback::CardTakeCard(_)
            | Callback::CardArchive(_)
            | Callback::CardPutBack(_)
            | Callback::CardKithOnly(_)
            | Callback::CardDelete(_)
            | Callback::CardKeep(_) => self.card_question_pressed(callback),
            Callback::CardAddAll
            | Callback::CardChoose { .. }
            | Callback::CardAdd(_)
            | Callback::CardKeepOut(_) => self.card_offer_pressed(callback),
            Callback::Cancel => self.cancelled(context),
        }
    }

    /// The buttons of follow-ups, snoozes, topics and dates.
    fn intention_pressed(&mut self, context: Context, callback: Callback) -> Result<Reply, Error> {
        match callback {
            Callback::RemindMenu(person) => self.remind_menu(context, person),
            Callback::RemindIn { person, later } => self.remind_in(context, person, later),
            Callback::FollowUpDone { follow_up, due } => {
                self.follow_up_done(context, follow_up, due)
            }
            Callback::FollowUpKeep { follow_up, due } => {
                self.follow_up_keep(context, follow_up, due)
            }
            Callback::SnoozeMenu(id) => self.snooze_menu(context, id),
            Callback::SnoozeFollowUp {
                follow_up,
                on,
                later,
            } => self.snooze_follow_up(context, (follow_up, on), later),
            Callback::FollowUps { offset } => self.follow_ups_page(context, offset as usize),
            Callback::NotNow(person) => self.not_now(context, person),
            Callback::SnoozePerson { person, later } => self.snooze_person(context, person, later),
            Callback::SeeLessOften { person, from_days } => {
                self.see_less_often(context, person, from_days)
            }
            Callback::Snoozed { offset } => self.snoozed_page(context, offset as usize),
            Callback::Unsnooze(person) => self.unsnooze(context, person),
            Callback::TopicDone(topic) => self.topic_done(context, topic),
            Callback::RemoveDate { pending, date } => {
                self.remove_date_pressed(context, pending, date)
            }
            _ => Ok(Reply::expired()),
        }
    }

    /// The buttons of an interaction's card.
    fn interaction_pressed(
        &mut self,
        context: Context,
        callback: Callback,
    ) -> Result<Reply, Error> {
        match callback {
            Callback::Interaction(id) => self.interaction_card(context, id),
            Callback::InteractionAsk { interaction, ask } => {
                self.interaction_ask(context, interaction, ask)
            }
            Callback::InteractionTypes(id) => self.interaction_types(id),
            Callback::InteractionType { interaction, kind } => {
                self.set_type(context, interaction, kind)
            }
            Callback::Happened {
                interaction,
                happened,
            } => self.set_happened(context, interaction, happened),
            Callback::Initiated {
                interaction,
                by_other,
            } => self.set_initiated(context, interaction, by_other),
            Callback::InteractionPeople(id) => self.interaction_people(id),
            Callback::TakeOff {
                interaction,
                person,
            } => self.take_off(context, interaction, person),
            Callback::Delete(id) => self.delete_interaction(id),
            _ => Ok(Reply::expired()),
        }
    }

    /// Cancel ends everything the chat was asked: the question waiting for text and every
    /// choice still open ("Which …?", "Log anyway"), whose buttons expire.
    fn cancelled(&mut self, context: Context) -> Result<Reply, Error> {
        self.store.clear_chat_state(context.chat)?;
        self.store.finish_chat_pending(context.chat)?;
        Ok(Reply::text("Cancelled."))
    }

    /// Runs a parsed command: resolves its names, then acts.
    fn run(&mut self, context: Context, command: Command) -> Result<Reply, Error> {
        let command = match self.prepared(context, command)? {
            important_dates::Prepared::Command(command) => command,
            important_dates::Prepared::Answer(reply) => return Ok(reply),
        };
        self.resolve_and_run(context, command, Vec::new())
    }
}

/// The sentence a user sees for an error. Database trouble is logged, not shown.
fn error_reply(error: &Error) -> Reply {
    match error {
        Error::Database(_) | Error::Migration(_) => {
            tracing::error!(%error, "a message could not be handled");
            Reply::text(
                "Something went wrong with the database; nothing was changed. Please try again.",
            )
        }
        // A file kith writes for a reply (a backup, an export) could not be made.
        Error::File { .. } => {
            tracing::error!(%error, "a file for a reply could not be written");
            Reply::text("The file could not be written; nothing was changed. Please try again.")
        }
        other => Reply::text(capitalised(&other.to_string())),
    }
}

/// A sentence from an error message: a capital first letter (unless the message starts
/// with an address or a quoted value) and a full stop.
pub(crate) fn capitalised(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default();
    if first_word.contains('@') || first_word.starts_with('"') {
        return format!("{text}.");
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}
