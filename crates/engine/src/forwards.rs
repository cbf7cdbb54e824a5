//! A message forwarded to the bot: "Log a message with Ana Souza on 28 Nov?" with **Log**,
//! **Log with the text as a note**, **Someone else…** and **Cancel**; nothing is written
//! before a press. Messages forwarded together are grouped by sender, one proposal each;
//! the sender is found by Telegram id, else by username (only someone kith knows no
//! account of yet; someone whose account differs is offered, never picked), else offered
//! by the name shown (never silently one of two), else created. A bot, a group or a
//! channel is no person: the owner says who it was with. Each proposal is a pending
//! action its buttons take once; the presses are `forward_presses.rs`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::callback::Callback;
use super::reply::Reply;
use super::resolve::{Resolution, resolve_name};
use super::widgets::{button, truncate};
use super::{Context, Engine};
use kith_domain::model::PersonId;
use kith_domain::pick::{Pick, pick};
use kith_domain::rank::MatchTarget;
use kith_domain::telegram::{Forward, ForwardOrigin, TelegramUser};
use kith_store::{Error, Reach};

/// The owner's word kept beside a forwarded message's type.
pub(super) const TELEGRAM_WORD: &str = "Telegram";

/// At most this many characters of forwarded text become an interaction's note.
const MAX_NOTE_CHARS: usize = 4_000;

/// At most this many senders get a proposal from one batch of forwards.
const MAX_PROPOSALS: usize = 10;

/// How many people a name shown on a forward may be offered as.
const MAX_OFFERED: usize = 8;

/// Who a forwarded message came from, as the proposal keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Sender {
    /// A Telegram user whose account is linked to.
    User(TelegramUser),
    /// A user who hides their account: the name they show.
    Hidden(String),
    /// A group or a channel: not a person.
    Chat { title: String, channel: bool },
    /// A bot: not a person either, never created as one.
    Bot { name: String },
}

impl Sender {
    fn of(origin: &ForwardOrigin) -> Sender {
        match origin {
            ForwardOrigin::User(user) => Sender::User(user.clone()),
            ForwardOrigin::Bot(user) => Sender::Bot {
                name: Sender::User(user.clone()).name(),
            },
            ForwardOrigin::HiddenUser(name) => Sender::Hidden(clean(name)),
            ForwardOrigin::Chat { title } => Sender::Chat {
                title: clean(title),
                channel: false,
            },
            ForwardOrigin::Channel { title } => Sender::Chat {
                title: clean(title),
                channel: true,
            },
        }
    }

    /// The same sender: one Telegram account, one hidden name, one chat.
    fn same(&self, other: &Sender) -> bool {
        match (self, other) {
            (Sender::User(one), Sender::User(two)) => one.id == two.id,
            _ => self == other,
        }
    }

    /// The name to offer and to create a person with.
    pub(super) fn name(&self) -> String {
        match self {
            Sender::User(user) => {
                let name = format!(
                    "{} {}",
                    clean(&user.first_name),
                    clean(user.last_name.as_deref().unwrap_or_default())
                );
                match (name.trim(), &user.username) {
                    ("", Some(username)) => username.clone(),
                    ("", None) => format!("Telegram user {}", user.id),
                    (name, _) => name.to_owned(),
                }
            }
            Sender::Hidden(name) => name.clone(),
            Sender::Chat { title, .. } => title.clone(),
            Sender::Bot { name } => name.clone(),
        }
    }
}

/// Who the proposal logs the messages with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Who {
    /// Not settled: the people offered (buttons), and the name **Create** makes a person
    /// with, if it is offered. `learn` in each: the sender's Telegram account becomes the
    /// person's on **Log** (not when the owner named someone else).
    Asking {
        candidates: Vec<PersonId>,
        create: Option<String>,
        learn: bool,
    },
    /// A person to log with.
    Person { id: PersonId, learn: bool },
    /// A person created on **Log**.
    New { name: String, learn: bool },
}

/// Messages forwarded together from one sender, waiting for a press.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Proposal {
    pub from: Sender,
    /// The days they were sent on, in the owner's zone, earliest first.
    pub days: Vec<NaiveDate>,
    pub messages: usize,
    /// Each message's text with its day, without control characters.
    pub texts: Vec<(NaiveDate, String)>,
    pub who: Who,
    /// Asked already whether to log it again: **Log anyway** was shown.
    #[serde(default)]
    pub anyway: bool,
}

/// A proposal as kept in `pending_actions` (the field name keeps it apart from the other
/// actions waiting there).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ForwardPending {
    pub forward: Proposal,
}

impl Proposal {
    /// The note **Log with the text as a note** adds on `day`: that day's texts, each on
    /// its own line, capped.
    pub(super) fn note_of(&self, day: NaiveDate) -> String {
        let texts: Vec<&str> = self
            .texts
            .iter()
            .filter(|(on, _)| *on == day)
            .map(|(_, text)| text.as_str())
            .collect();
        truncate(&texts.join("\n"), MAX_NOTE_CHARS)
    }
}

impl Engine<'_> {
    /// The proposal for messages forwarded together: one per sender.
    pub(super) fn forwarded(
        &mut self,
        context: Context,
        forwards: Vec<Forward>,
    ) -> Result<Reply, Error> {
        let proposals = self.grouped(&forwards);
        if proposals.is_empty() {
            return Ok(Reply::text("Nothing was forwarded."));
        }
        let senders = proposals.len();
        let mut replies = Vec::new();
        for proposal in proposals.into_iter().take(MAX_PROPOSALS) {
            replies.push(self.first_step(context, proposal)?);
        }
        let mut replies = replies.into_iter();
        let mut reply = replies.next().expect("one proposal at least");
        if senders > 1 {
            let more = if senders > MAX_PROPOSALS {
                format!(
                    " (the first {MAX_PROPOSALS} are below; forward the others again to log them)"
                )
            } else {
                String::new()
            };
            reply.body = format!(
                "These forwards come from {senders} senders: one proposal each{more}.\n\n{}",
                reply.body
            );
        }
        reply.followups.extend(replies);
        Ok(reply)
    }

    /// Forwards grouped by sender, in the order their senders first appear.
    fn grouped(&self, forwards: &[Forward]) -> Vec<Proposal> {
        let zone = self.preferences.timezone;
        let mut proposals: Vec<Proposal> = Vec::new();
        for forward in forwards {
            let from = Sender::of(&forward.origin);
            let day = forward.sent.with_timezone(&zone).date_naive();
            let index = match proposals.iter().position(|p| p.from.same(&from)) {
                Some(index) => index,
                None => {
                    proposals.push(Proposal {
                        from,
                        days: Vec::new(),
                        messages: 0,
                        texts: Vec::new(),
                        who: Who::Asking {
                            candidates: Vec::new(),
                            create: None,
                            learn: false,
                        },
                        anyway: false,
                    });
                    proposals.len() - 1
                }
            };
            let proposal = &mut proposals[index];
            proposal.messages += 1;
            if !proposal.days.contains(&day) {
                proposal.days.push(day);
                proposal.days.sort();
            }
            let text = forward.text.as_deref().map(clean).unwrap_or_default();
            // Text past what a day's note keeps is not kept waiting either.
            let kept: usize = proposal
                .texts
                .iter()
                .filter(|(on, _)| *on == day)
                .map(|(_, text)| text.chars().count() + 1)
                .sum();
            if !text.trim().is_empty() && kept < MAX_NOTE_CHARS {
                proposal.texts.push((day, text));
            }
        }
        proposals
    }

    /// The first answer to one sender's forwards: the proposal when the sender is known,
    /// else who it could be.
    fn first_step(&mut self, context: Context, mut proposal: Proposal) -> Result<Reply, Error> {
        match proposal.from.clone() {
            // The owner's own message (their private chat's id is their user id).
            Sender::User(user) if user.id == context.chat => self.ask_who(context, proposal),
            Sender::User(user) => {
                if let Some(person) = self.store.person_by_telegram_id(user.id)? {
                    proposal.who = Who::Person {
                        id: person,
                        learn: false,
                    };
                    return self.propose(context, proposal);
                }
                // A username is a person's only while kith knows no account of theirs:
                // someone whose account is another one is offered, never picked.
                let mut offered = Vec::new();
                if let Some(username) = &user.username
                    && let Some(person) = self.store.person_by_telegram_username(username)?
                {
                    if self.store.telegram_identity(person)?.id.is_none() {
                        proposal.who = Who::Person {
                            id: person,
                            learn: true,
                        };
                        return self.propose(context, proposal);
                    }
                    offered.push(person);
                }
                let name = proposal.from.name();
                for person in self.named_like(&name)? {
                    if !offered.contains(&person) && offered.len() < MAX_OFFERED {
                        offered.push(person);
                    }
                }
                proposal.who = Who::Asking {
                    candidates: offered,
                    create: Some(name),
                    learn: true,
                };
                self.ask_who(context, proposal)
            }
            Sender::Hidden(name) => {
                proposal.who = match resolve_name(self, &name, Reach::Everyone)? {
                    Resolution::Found(person) => Who::Person {
                        id: person,
                        learn: false,
                    },
                    Resolution::Ambiguous(candidates) => Who::Asking {
                        candidates: candidates.into_iter().map(|(id, _)| id).collect(),
                        create: Some(name),
                        learn: false,
                    },
                    Resolution::Missing => Who::Asking {
                        candidates: Vec::new(),
                        create: Some(name),
                        learn: false,
                    },
                };
                match proposal.who {
                    Who::Person { .. } => self.propose(context, proposal),
                    _ => self.ask_who(context, proposal),
                }
            }
            Sender::Chat { .. } | Sender::Bot { .. } => self.ask_who(context, proposal),
        }
    }

    /// Everyone the name a Telegram user shows could be (`pick`'s candidates): one who
    /// matches is offered too, never taken silently, since a name is not an account.
    fn named_like(&self, name: &str) -> Result<Vec<PersonId>, Error> {
        let hits = self
            .store
            .people_called(name, MAX_OFFERED + 1, Reach::Everyone)?;
        let people = |hits: &[kith_domain::rank::Match]| -> Vec<PersonId> {
            hits.iter()
                .filter_map(|hit| match hit.target {
                    MatchTarget::Person(id) => Some(id),
                    MatchTarget::Organization(_) => None,
                })
                .take(MAX_OFFERED)
                .collect()
        };
        Ok(match pick(&hits) {
            Pick::Nothing => Vec::new(),
            Pick::One(index) => people(&hits[index..=index]),
            Pick::Several => people(&hits),
        })
    }

    /// Saves `proposal` as a pending action; its id for the buttons.
    pub(super) fn keep_proposal(
        &mut self,
        context: Context,
        proposal: Proposal,
    ) -> Result<i64, Error> {
        let json = serde_json::to_string(&ForwardPending { forward: proposal })
            .expect("pending actions serialise");
        self.store.save_pending(context.chat, &json, context.now)
    }

    /// "Log a message with Ana Souza on 28 Nov?" with the proposal's buttons.
    pub(super) fn propose(&mut self, context: Context, proposal: Proposal) -> Result<Reply, Error> {
        let (count, when) = messages_on(&proposal, context.today);
        let text = match &proposal.who {
            Who::Person { id, .. } => {
                let name = self.told_apart_name(*id)?;
                format!("Log {count} with {name} {when}?")
            }
            Who::New { name, learn } => {
                let account = match &proposal.from {
                    Sender::User(user) if *learn => match &user.username {
                        Some(username) => format!(" (Telegram @{username})"),
                        None => " (with their Telegram account)".to_owned(),
                    },
                    _ => String::new(),
                };
                format!("Add {name}{account} and log {count} with them {when}?")
            }
            Who::Asking { .. } => unreachable!("a proposal is made for someone"),
        };
        let has_text = !proposal.texts.is_empty();
        let preview = preview(&proposal);
        let id = self.keep_proposal(context, proposal)?;
        let mut log_row = vec![button(
            "Log",
            Callback::ForwardLog {
                pending: id,
                note: false,
            },
        )];
        if has_text {
            log_row.push(button(
                "Log with the text as a note",
                Callback::ForwardLog {
                    pending: id,
                    note: true,
                },
            ));
        }
        Ok(Reply::text(format!("{text}{preview}"))
            .with_row(log_row)
            .with_row(vec![
                button("Someone else…", Callback::ForwardOther { pending: id }),
                drop_button(id),
            ]))
    }

    /// Who the forwards are from, when kith cannot tell: the people the name shown could
    /// be ("It's Ana Souza"), **Create**, **Someone else…**, **Cancel**.
    pub(super) fn ask_who(&mut self, context: Context, proposal: Proposal) -> Result<Reply, Error> {
        let Who::Asking {
            candidates, create, ..
        } = proposal.who.clone()
        else {
            return self.propose(context, proposal);
        };
        let (count, when) = messages_on(&proposal, context.today);
        let what = format!("{count} {when}");
        let text = match &proposal.from {
            Sender::User(user) if user.id == context.chat => {
                format!("That is your own message ({what}). Who was it with?")
            }
            Sender::User(user) => {
                let handle = user
                    .username
                    .as_ref()
                    .map(|u| format!(" (@{u})"))
                    .unwrap_or_default();
                let known = if candidates.is_empty() {
                    " No one in kith has that name."
                } else {
                    ""
                };
                let waiting = self
                    .store
                    .telegram_partner(user.id)?
                    .map_or(0, |partner| partner.days);
                let account = if waiting > 0 {
                    format!(
                        " (waiting in /telegram: {})",
                        kith_domain::text::plural(waiting, "day", "days")
                    )
                } else {
                    ", whose Telegram account kith doesn't know yet".to_owned()
                };
                format!(
                    "Forwarded from {}{handle}{account} ({what}). Who is it?{known}",
                    proposal.from.name()
                )
            }
            Sender::Bot { name } => format!(
                "Forwarded from the bot {name:?}: a bot's message, not a person's ({what}). Who was it with?"
            ),
            Sender::Hidden(name) => {
                let known = match candidates.len() {
                    0 => " No one in kith is called that.",
                    1 => "",
                    _ => " Several people in kith could be meant.",
                };
                format!(
                    "Forwarded from {name:?}, who hides their Telegram account ({what}). Who is it?{known}"
                )
            }
            Sender::Chat { title, channel } => format!(
                "Forwarded from the {} {title:?}, not from a person ({what}). Who was it with?",
                if *channel { "channel" } else { "group" }
            ),
        };
        let pairs: Vec<(PersonId, String)> = candidates
            .iter()
            .map(|id| Ok((*id, self.store.person(*id)?.name())))
            .collect::<Result<_, Error>>()?;
        let labels = self.person_labels(&pairs, true)?;
        let pairs_empty = pairs.is_empty();
        let id = self.keep_proposal(context, proposal)?;
        let mut reply = Reply::text(text);
        for ((person, _), label) in pairs.into_iter().zip(labels) {
            reply = reply.with_row(vec![button(
                format!("It's {label}"),
                Callback::ForwardPerson {
                    pending: id,
                    person,
                },
            )]);
        }
        // No one proposed: the owner says who it was with.
        let other = if pairs_empty && create.is_none() {
            "Who was it with…"
        } else {
            "Someone else…"
        };
        if let Some(name) = create {
            reply = reply.with_row(vec![button(
                format!("Create {}", truncate(&name, 40)),
                Callback::ForwardCreate { pending: id },
            )]);
        }
        Ok(reply.with_row(vec![
            button(other, Callback::ForwardOther { pending: id }),
            drop_button(id),
        ]))
    }
}

/// ("a message", "on 28 Nov"), ("3 messages", "on 27 Nov and 28 Nov (one interaction per
/// day)"): what a proposal logs and when, for the person to go between.
fn messages_on(proposal: &Proposal, today: NaiveDate) -> (String, String) {
    let count = match proposal.messages {
        1 => "a message".to_owned(),
        n => format!("{n} messages"),
    };
    let days: Vec<String> = proposal.days.iter().map(|d| short_day(*d, today)).collect();
    let days = match days.as_slice() {
        [] => String::new(),
        [one] => format!("on {one}"),
        [first, .., last] if days.len() > 5 => {
            format!("on {} days from {first} to {last}", days.len())
        }
        [rest @ .., last] => format!("on {} and {last}", rest.join(", ")),
    };
    let per_day = if proposal.days.len() > 1 {
        " (one interaction per day)"
    } else {
        ""
    };
    (count, format!("{days}{per_day}"))
}

/// "28 Nov", with the year when it is not this year's.
pub(super) fn short_day(day: NaiveDate, today: NaiveDate) -> String {
    use chrono::Datelike;
    if day.year() == today.year() {
        day.format("%-d %b").to_string()
    } else {
        day.format("%-d %b %Y").to_string()
    }
}

/// The first forwarded text, quoted and shortened, on its own line.
fn preview(proposal: &Proposal) -> String {
    let Some((_, first)) = proposal.texts.first() else {
        return String::new();
    };
    let line = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let more = match proposal.texts.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    format!("\n“{}”{more}", truncate(&line, 100))
}

/// Text as kith keeps it: without control characters (line breaks and tabs stay).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !kith_domain::text::is_unkept_control(*c))
        .collect()
}

/// **Cancel** on one proposal: the others forwarded with it stay open.
pub(super) fn drop_button(pending: i64) -> super::reply::Button {
    button("Cancel", Callback::DropProposal { pending })
}
