//! The pure middle of a mail sync: from the messages a source read and the rules (the
//! owner's addresses, the ignore patterns, the window, the broadcast limit), decide which
//! threads count — one `email` interaction per thread per day the owner wrote in it —
//! and who was in each: the To, Cc and Bcc of the owner's messages that day and the
//! senders of the messages they answered, never the owner, a list, a noreply address or
//! a role mailbox. No IO; tested as a table.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::key::thread_root;
use super::{Correspondent, MailMessage};
use crate::rules::{SharedRules, glob_matches};
use kith_domain::event::{Attendee, CalendarEvent};
use kith_domain::model::{EmailAddress, InteractionType, ResponseStatus};

/// What a plan needs to know besides the messages.
#[derive(Clone, Debug)]
pub struct MailRules {
    /// The source, zone, window (messages outside are skipped) and who counts as someone
    /// else: a message to more recipients than `max_attendees` is a broadcast.
    pub shared: SharedRules,
}

/// Why a message does not make (or add to) an interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MailSkip {
    /// Mail the owner only received.
    Received,
    /// A mailing list or bulk mail (List-Id, List-Unsubscribe, Precedence).
    List,
    Broadcast,
    /// Only to the owner, lists, noreply or role addresses.
    NoCorrespondents,
    OutsideWindow,
    NoDate,
}

impl MailSkip {
    pub fn describe(self) -> &'static str {
        match self {
            MailSkip::Received => "received, not written by you",
            MailSkip::List => "mailing list or bulk mail",
            MailSkip::Broadcast => "too many recipients (a broadcast)",
            MailSkip::NoCorrespondents => {
                "no one else to count (you, lists, noreply, role mailboxes)"
            }
            MailSkip::OutsideWindow => "outside the sync window",
            MailSkip::NoDate => "no date",
        }
    }
}

/// Every decision for one read of a mailbox.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MailPlan {
    /// One per thread and day, with everyone the owner wrote to that day.
    pub upserts: Vec<CalendarEvent>,
    pub skipped: BTreeMap<MailSkip, usize>,
    /// Addresses that could not be read, with the message they were in.
    pub bad_addresses: Vec<(String, String)>,
}

/// Local parts of shared mailboxes that are never one person.
const ROLE_MAILBOXES: &[&str] = &[
    "admin",
    "billing",
    "careers",
    "contact",
    "hello",
    "help",
    "info",
    "jobs",
    "mailer-daemon",
    "marketing",
    "newsletter",
    "news",
    "noreply",
    "no-reply",
    "notifications",
    "office",
    "postmaster",
    "press",
    "sales",
    "security",
    "support",
    "team",
    "webmaster",
];

/// Whether an address is a role mailbox (`support@`, `info@`, …) rather than a person.
pub fn is_role_mailbox(address: &EmailAddress) -> bool {
    let local = address.as_str().split('@').next().unwrap_or_default();
    ROLE_MAILBOXES.contains(&local)
}

/// "Re: Fwd: AW: Plans" → "Plans".
fn thread_title(subject: &str) -> String {
    let mut title = subject.trim();
    loop {
        let lower = title.to_lowercase();
        let prefix = ["re:", "fwd:", "fw:", "aw:", "wg:", "sv:", "vs:", "tr:"]
            .iter()
            .find(|p| lower.starts_with(**p));
        match prefix {
            Some(prefix) => title = title[prefix.len()..].trim_start(),
            None => break,
        }
    }
    if title.is_empty() {
        "(no subject)".to_owned()
    } else {
        title.chars().take(500).collect()
    }
}

/// Decides what every message means; `earlier` holds the senders of messages read
/// before these (an archive read in parts), by Message-ID. Pure.
pub fn plan_mail(
    messages: &[MailMessage],
    rules: &MailRules,
    earlier: &HashMap<String, Correspondent>,
) -> MailPlan {
    let mut plan = MailPlan::default();
    // Who wrote each message, for "the senders of the messages they answered".
    let senders: HashMap<&str, &Correspondent> = messages
        .iter()
        .filter_map(|m| Some((m.message_id.as_deref()?, m.from.as_ref()?)))
        .collect();
    let mut threads = Threads::default();
    for message in messages {
        let label = message
            .message_id
            .clone()
            .unwrap_or_else(|| message.subject.clone());
        let date = match triage(message, rules) {
            Ok(date) => date,
            Err(reason) => {
                *plan.skipped.entry(reason).or_insert(0) += 1;
                continue;
            }
        };
        let answered = message
            .in_reply_to
            .as_deref()
            .and_then(|id| senders.get(id).copied().or_else(|| earlier.get(id)));
        let people = people(message, answered, rules, &label, &mut plan.bad_addresses);
        if people.is_empty() {
            *plan.skipped.entry(MailSkip::NoCorrespondents).or_insert(0) += 1;
            continue;
        }
        threads.add(message, date, people, rules);
    }
    plan.upserts = threads.events;
    plan
}

/// Whether an address is the owner's.
fn mine(rules: &MailRules, address: &EmailAddress) -> bool {
    rules.shared.others.my_emails.contains(address.as_str())
}

/// When a message the owner wrote was sent, or why it does not count: received, a
/// list, undated, outside the window, or to too many people.
fn triage(message: &MailMessage, rules: &MailRules) -> Result<DateTime<Utc>, MailSkip> {
    let parse = |text: &str| EmailAddress::parse(text).ok();
    let from_owner = message.sent
        || message
            .from
            .as_ref()
            .and_then(|f| parse(&f.address))
            .is_some_and(|a| mine(rules, &a));
    if !from_owner {
        return Err(MailSkip::Received);
    }
    if message.bulk {
        return Err(MailSkip::List);
    }
    let date = message.date.ok_or(MailSkip::NoDate)?;
    let day = date.with_timezone(&rules.shared.timezone).date_naive();
    if day < rules.shared.window_start || day > rules.shared.window_end {
        return Err(MailSkip::OutsideWindow);
    }
    // The owner copying themselves does not make a broadcast.
    let others = recipients(message)
        .filter(|c| parse(&c.address).is_none_or(|a| !mine(rules, &a)))
        .count();
    if others > rules.shared.others.max_attendees {
        return Err(MailSkip::Broadcast);
    }
    Ok(date)
}

fn recipients(message: &MailMessage) -> impl Iterator<Item = &Correspondent> {
    message.to.iter().chain(&message.cc).chain(&message.bcc)
}

/// The people of a message: its To, Cc and Bcc and the sender it `answered`, each once,
/// never the owner, a role mailbox or a never-person; unreadable addresses go to `bad`.
fn people(
    message: &MailMessage,
    answered: Option<&Correspondent>,
    rules: &MailRules,
    label: &str,
    bad: &mut Vec<(String, String)>,
) -> Vec<Attendee> {
    let mut people: Vec<Attendee> = Vec::new();
    for correspondent in recipients(message).chain(answered) {
        let Ok(address) = EmailAddress::parse(&correspondent.address) else {
            bad.push((label.to_owned(), correspondent.address.clone()));
            continue;
        };
        let never = mine(rules, &address)
            || is_role_mailbox(&address)
            || rules
                .shared
                .others
                .ignore_patterns
                .iter()
                .any(|p| glob_matches(p, address.as_str()));
        if never || people.iter().any(|p| p.address == address) {
            continue;
        }
        people.push(Attendee {
            display_name: correspondent
                .name
                .clone()
                .filter(|n| !n.eq_ignore_ascii_case(address.as_str())),
            address,
            response: ResponseStatus::Accepted,
        });
    }
    people
}

/// One interaction per thread per day, in the order first written in.
#[derive(Default)]
struct Threads {
    events: Vec<CalendarEvent>,
    index: HashMap<String, usize>,
}

impl Threads {
    /// Adds a message's people to its thread's day, starting it if it is the first.
    fn add(
        &mut self,
        message: &MailMessage,
        date: DateTime<Utc>,
        people: Vec<Attendee>,
        rules: &MailRules,
    ) {
        let day = date.with_timezone(&rules.shared.timezone).date_naive();
        let key = format!("mail:{}:{day}", thread_root(message, date));
        if let Some(&at) = self.index.get(&key) {
            let event = &mut self.events[at];
            event.occurred_at = earliest(event.occurred_at, date);
            for person in people {
                if !event.attendees.iter().any(|a| a.address == person.address) {
                    event.attendees.push(person);
                }
            }
            return;
        }
        self.index.insert(key.clone(), self.events.len());
        self.events.push(CalendarEvent {
            event_id: key,
            source: rules.shared.source,
            occurred_on: day,
            occurred_at: Some(date),
            time_zone: Some(rules.shared.timezone.name().to_owned()),
            title: thread_title(&message.subject),
            kind: InteractionType::Email,
            did_not_happen: false,
            attendees: people,
        });
    }
}

fn earliest(current: Option<DateTime<Utc>>, date: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Some(current.map_or(date, |c| c.min(date)))
}

#[cfg(test)]
mod tests;
