//! The daily digest: load (store) → compose (pure) → send (adapter). It opens with the
//! follow-ups due today and overdue (`digest_ahead`), asks only what a machine can't
//! answer — who are the new people at your meetings, and whom you wrote to on Telegram
//! who is no one in kith yet — with one-tap triage buttons, then
//! lists the dates ahead, yesterday's meetings and the people most overdue, each with
//! **Not now** and **See less often** (people with a namesake told apart, as everywhere).

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use super::address_book::{self, AddressBookDigest};
use super::callback::Callback;
use super::dates::dated;
use super::digest_ahead::{DIGEST_DUE, DateAhead, dates_section, due_section};
use super::duplicates::NamedDuplicate;
use super::reply::{Button, Reply};
use super::snoozes::overdue_buttons;
use super::telegram_identity::numbered_open_chat;
use super::telegram_partners::{PartnerTriage, partner_message};
use super::triage::{DigestUnknown, unknown_message};
use super::widgets::{button, plural, truncate};
use super::{ChatId, Context, Engine};
use kith_domain::intention::FollowUp;
use kith_domain::model::PersonId;
use kith_domain::preferences::DigestWhenEmpty;
use kith_domain::rank::StaleEntry;
use kith_store::Error;
use kith_store::{Interaction, StaleFilter, StaleQuery, TelegramIdentity};

/// The digest of a day with nothing in it.
pub(super) const NOTHING_NEW: &str =
    "Nothing new: nothing due, no unknown attendees, no meetings yesterday, no one overdue.";

/// Unknown attendees shown one by one; the rest are behind "More ▸".
pub const DIGEST_UNKNOWN: usize = 5;

/// People to reach out to.
pub const DIGEST_OVERDUE: usize = 5;

/// Telegram chat partners shown one by one; the rest are behind "More ▸".
pub const DIGEST_PARTNERS: usize = 5;

/// Newly found likely duplicates, one message each.
pub const DIGEST_DUPLICATES: usize = 3;

/// Everything a digest shows, loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestData {
    pub day: NaiveDate,
    /// Open follow-ups due today or overdue, the oldest first (at most `DIGEST_DUE`),
    /// and how many more there are.
    pub due: Vec<FollowUp>,
    pub more_due: usize,
    pub unknown: Vec<DigestUnknown>,
    pub more_unknown: usize,
    /// Telegram chat partners who are no one in kith yet and whom the owner wrote to
    /// since the last digest's day, the most days first (at most `DIGEST_PARTNERS`).
    pub partners: Vec<PartnerTriage>,
    pub more_partners: usize,
    /// Likely duplicates no digest has shown yet.
    pub duplicates: Vec<NamedDuplicate>,
    pub yesterday: Vec<Interaction>,
    pub overdue: Vec<StaleEntry>,
    /// The Telegram accounts of the people to reach out to who have one, for **Open chat**.
    pub chats: Vec<(PersonId, TelegramIdentity)>,
    /// Birthdays (of people with a tier) and important dates from today to
    /// `KITH_DATES_AHEAD_DAYS` ahead, soonest first.
    pub dates: Vec<DateAhead>,
    pub when_empty: DigestWhenEmpty,
    /// The address book's open questions and its offer of the people without a card.
    pub address_book: AddressBookDigest,
}

/// The digest as messages (the first, then its followups), or `None` when there is
/// nothing to say and the owner asked for silence. Pure.
pub fn compose(data: &DigestData) -> Option<Reply> {
    let title = format!("Digest for {} ({})", data.day, data.day.format("%A"));
    let mut messages = Vec::new();
    let (due, due_rows) = due_section(&data.due, data.more_due, data.day);
    if !due.is_empty() {
        let mut reply = Reply::titled(title.clone(), due.join("\n"));
        for row in due_rows {
            reply = reply.with_row(row);
        }
        messages.push(reply);
    }
    let unknown_title = messages.is_empty().then_some(title.as_str());
    messages.extend(unknown_messages(data, unknown_title));
    let partners_title = messages.is_empty().then_some(title.as_str());
    messages.extend(partner_messages(data, partners_title));
    let book_title = messages.is_empty().then_some(title.as_str());
    messages.extend(address_book::digest_messages(
        &data.address_book,
        book_title,
    ));
    for duplicate in &data.duplicates {
        let text = format!("Same person? {}.", duplicate.describe());
        let reply = if messages.is_empty() {
            Reply::titled(title.clone(), text)
        } else {
            Reply::text(text)
        };
        messages.push(reply.with_row(duplicate.buttons("")));
    }
    let (dates, remind_rows) = dates_section(&data.dates, data.day);
    let (met, open_buttons) = yesterday_section(data);
    let (overdue, reach_rows) = overdue_section(data);
    let sections: Vec<Vec<String>> = [dates, met, overdue]
        .into_iter()
        .filter(|section| !section.is_empty())
        .collect();
    if !sections.is_empty() {
        let text = sections.join(&String::new()).join("\n");
        let mut reply = if messages.is_empty() {
            Reply::titled(title.clone(), text)
        } else {
            Reply::text(text)
        };
        for row in remind_rows {
            reply = reply.with_row(row);
        }
        for row in open_buttons.chunks(5) {
            reply = reply.with_row(row.to_vec());
        }
        for row in reach_rows {
            reply = reply.with_row(row);
        }
        messages.push(reply);
    }
    if messages.is_empty() {
        return match data.when_empty {
            DigestWhenEmpty::Line => Some(Reply::titled(title, NOTHING_NEW)),
            DigestWhenEmpty::Silent => None,
        };
    }
    let mut first = messages.remove(0);
    first.followups = messages;
    Some(first)
}

/// "N new addresses since the last digest. Who …?", a message for each, and "More ▸".
/// The first is titled when `title` is given (nothing came before it).
fn unknown_messages(data: &DigestData, title: Option<&str>) -> Vec<Reply> {
    if data.unknown.is_empty() {
        return Vec::new();
    }
    let total = data.unknown.len() + data.more_unknown;
    let whose = match (
        data.unknown.iter().any(|u| u.attendee.meetings > 0),
        data.unknown.iter().any(|u| u.attendee.emails > 0),
    ) {
        (false, true) => "you emailed",
        (true, true) => "at your meetings and in mail you sent",
        _ => "at your meetings",
    };
    let question = format!(
        "{} {whose} since the last digest. Who {}?",
        plural(total, "new address", "new addresses"),
        if total == 1 { "is it" } else { "are they" }
    );
    let mut messages = vec![match title {
        Some(title) => Reply::titled(title, question),
        None => Reply::text(question),
    }];
    messages.extend(data.unknown.iter().map(unknown_message));
    if data.more_unknown > 0 {
        messages.push(
            Reply::text(format!(
                "{} more.",
                plural(data.more_unknown, "unknown attendee", "unknown attendees")
            ))
            .with_row(vec![button("More ▸", Callback::Unknown { offset: 0 })]),
        );
    }
    messages
}

/// "N people you wrote to on Telegram are no one in kith yet. Who …?", a message for
/// each, and "More ▸". The first is titled when `title` is given.
fn partner_messages(data: &DigestData, title: Option<&str>) -> Vec<Reply> {
    if data.partners.is_empty() {
        return Vec::new();
    }
    let total = data.partners.len() + data.more_partners;
    let question = format!(
        "{} you wrote to on Telegram {} no one in kith yet. Who {}?",
        plural(total, "person", "people"),
        if total == 1 { "is" } else { "are" },
        if total == 1 { "is it" } else { "are they" }
    );
    let mut messages = vec![match title {
        Some(title) => Reply::titled(title, question),
        None => Reply::text(question),
    }];
    messages.extend(data.partners.iter().map(partner_message));
    if data.more_partners > 0 {
        messages.push(
            Reply::text(format!("{} more on Telegram.", data.more_partners))
                .with_row(vec![button("More ▸", Callback::Partners { offset: 0 })]),
        );
    }
    messages
}

/// Yesterday's meetings that happened, each with its **Y1**… button.
fn yesterday_section(data: &DigestData) -> (Vec<String>, Vec<Button>) {
    let met: Vec<&Interaction> = data
        .yesterday
        .iter()
        .filter(|i| !i.did_not_happen)
        .collect();
    if met.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut tally = kith_domain::text::Tally::default();
    for interaction in &met {
        tally.add(interaction.kind, 1);
    }
    let yesterday = data.day - Days::new(1);
    let mut lines = vec![format!("Yesterday ({yesterday}): {tally}")];
    let mut buttons = Vec::new();
    for (index, interaction) in met.iter().enumerate() {
        buttons.push(button(
            format!("Y{}", index + 1),
            Callback::Interaction(interaction.id),
        ));
        let who: Vec<&str> = interaction
            .people
            .iter()
            .map(|(_, name)| name.as_str())
            .collect();
        let who = if who.is_empty() {
            "unknown attendees".to_owned()
        } else {
            who.join(", ")
        };
        let title = if interaction.title.is_empty() {
            String::new()
        } else {
            format!(" — {}", truncate(&interaction.title, 60))
        };
        lines.push(format!(
            "  Y{}. {} with {}{title}",
            index + 1,
            interaction.label(),
            truncate(&who, 120)
        ));
    }
    (lines, buttons)
}

/// "Reach out to:" the most overdue, each with a row: **Log NAME**, **Not now**, **Less
/// often**.
fn overdue_section(data: &DigestData) -> (Vec<String>, Vec<Vec<Button>>) {
    if data.overdue.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut lines = vec!["Reach out to:".to_owned()];
    let mut buttons = Vec::new();
    for (index, entry) in data.overdue.iter().enumerate() {
        let when = match entry.last_met {
            Some(day) => format!("last seen {}", dated(day, data.day)),
            None => "never seen".to_owned(),
        };
        lines.push(format!(
            "  {}. {} — {}, {when}",
            index + 1,
            entry.name,
            entry.pace()
        ));
        let mut row = vec![button(
            format!("Log {}", entry.name),
            Callback::LogFor(entry.person_id),
        )];
        row.extend(overdue_buttons(entry));
        buttons.push(row);
        // A full row: **Open chat** goes on one of its own, under theirs.
        let chat = data
            .chats
            .iter()
            .find(|(person, _)| *person == entry.person_id);
        if let Some(open) = chat.and_then(|(_, identity)| numbered_open_chat(index + 1, identity)) {
            buttons.push(vec![open]);
        }
    }
    (lines, buttons)
}

impl Engine<'_> {
    /// Loads what today's digest shows. New unknown attendees are those first seen since
    /// the last digest went out (all of them before the first one).
    pub(super) fn digest_data(&self, context: Context) -> Result<DigestData, Error> {
        let since: Option<DateTime<Utc>> = self.store.last_digest_at()?;
        let page = self.store.new_unknown_attendees(since, DIGEST_UNKNOWN)?;
        let mut unknown = Vec::new();
        for attendee in page.items.iter().cloned() {
            unknown.extend(self.triage(attendee)?);
        }
        let yesterday = context.today - Days::new(1);
        let mut yesterday_meetings: Vec<Interaction> = self
            .store
            .recent_interactions(yesterday, 50, 0)?
            .into_iter()
            .filter(|i| i.occurred_on == yesterday)
            .collect();
        self.tell_apart_in(&mut yesterday_meetings)?;
        let mut overdue = self
            .store
            .stale(
                &StaleQuery::new(
                    &StaleFilter::All,
                    &self.preferences.closeness,
                    context.today,
                )
                .counting(&self.preferences.stale_kinds)
                .page(0, DIGEST_OVERDUE),
            )?
            .items;
        // Only a change to someone can make a new pair: after the first digest, only the
        // people who changed since the last one are compared (with everyone).
        let focus = match since {
            Some(since) => Some(self.store.people_changed_since(since)?),
            None => None,
        };
        let shown = self.store.shown_duplicate_pairs()?;
        let duplicates = match &focus {
            Some(focus) if focus.is_empty() => Vec::new(),
            focus => {
                self.duplicate_candidates(focus.as_ref(), &shown, DIGEST_DUPLICATES)?
                    .0
            }
        };
        let people: Vec<_> = overdue
            .iter()
            .map(|entry| (entry.person_id, entry.name.clone()))
            .collect();
        for (entry, name) in overdue.iter_mut().zip(self.told_apart(&people)?) {
            entry.name = name;
        }
        let (due, due_total) = self.store.follow_ups_due(context.today, DIGEST_DUE)?;
        let due = self.follow_ups_told_apart(due)?;
        let (partners, partners_total) = self.digest_partners(since)?;
        let mut chats = Vec::new();
        for entry in &overdue {
            let identity = self.store.telegram_identity(entry.person_id)?;
            if !identity.is_empty() {
                chats.push((entry.person_id, identity));
            }
        }
        Ok(DigestData {
            more_partners: partners_total.saturating_sub(partners.len()),
            partners,
            day: context.today,
            more_due: due_total.saturating_sub(due.len()),
            due,
            dates: self.dates_ahead(context.today)?,
            more_unknown: page.total.saturating_sub(unknown.len()),
            unknown,
            duplicates,
            yesterday: yesterday_meetings,
            overdue,
            chats,
            when_empty: self.preferences.digest_when_empty,
            address_book: self.address_book_digest()?,
        })
    }

    /// The Telegram chat partners waiting whom the owner wrote to on or after the last
    /// digest's day or who began waiting since it (an import's, whatever their days'
    /// dates; every one before the first digest), and how many there are.
    fn digest_partners(
        &self,
        since: Option<DateTime<Utc>>,
    ) -> Result<(Vec<PartnerTriage>, usize), Error> {
        let since = since.map(|at| {
            (
                at.with_timezone(&self.preferences.timezone).date_naive(),
                at,
            )
        });
        let (page, total) = self.store.waiting_partners(since, 0, DIGEST_PARTNERS)?;
        let partners = page
            .into_iter()
            .map(|partner| self.partner_triage(partner))
            .collect::<Result<_, Error>>()?;
        Ok((partners, total))
    }

    /// The birthdays and important dates from `today` to `KITH_DATES_AHEAD_DAYS` ahead,
    /// soonest first, namesakes told apart.
    fn dates_ahead(&self, today: NaiveDate) -> Result<Vec<DateAhead>, Error> {
        let days = self.preferences.dates_ahead_days;
        let mut dates: Vec<DateAhead> = self
            .store
            .birthdays_between(today, days)?
            .into_iter()
            .map(|(person, name, birthday, on)| DateAhead::birthday(person, name, birthday, on))
            .collect();
        for (date, name, on) in self.store.important_dates_between(today, days)? {
            dates.push(DateAhead::important(&date, name, on));
        }
        dates.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.name.cmp(&b.name)));
        let people: Vec<_> = dates.iter().map(|d| (d.person, d.name.clone())).collect();
        for (date, name) in dates.iter_mut().zip(self.told_apart(&people)?) {
            date.name = name;
        }
        Ok(dates)
    }

    /// Follow-ups with their people's names told apart from namesakes.
    fn follow_ups_told_apart(&self, mut due: Vec<FollowUp>) -> Result<Vec<FollowUp>, Error> {
        let people: Vec<_> = due.iter().map(|f| (f.person, f.name.clone())).collect();
        for (follow_up, name) in due.iter_mut().zip(self.told_apart(&people)?) {
            follow_up.name = name;
        }
        Ok(due)
    }

    /// Today's digest for `chat`, or `None` when there is nothing and silence was asked for.
    /// Reads only.
    pub fn digest(&mut self, chat: ChatId, now: DateTime<Utc>) -> Result<Option<Reply>, Error> {
        let context = Context::at(chat, now, self.preferences);
        Ok(compose(&self.digest_data(context)?))
    }

    /// This morning's digest (the same for every owner) and the duplicate pairs it shows.
    /// Reads only: the scheduler marks the pairs shown (`Store::mark_duplicates_shown`)
    /// once every owner has it, so a send retried later shows the same pairs.
    pub fn digest_for_owners(&mut self, now: DateTime<Utc>) -> Result<ScheduledDigest, Error> {
        let data = self.digest_data(Context::at(0, now, self.preferences))?;
        let shown_pairs = data
            .duplicates
            .iter()
            .map(|d| (d.pair.first, d.pair.second))
            .collect();
        Ok(ScheduledDigest {
            reply: compose(&data),
            shown_pairs,
        })
    }

    /// This morning's digest with its duplicate pairs marked as shown, so the next digest
    /// shows only newer ones; `digest` alone changes nothing.
    pub fn digest_to_send(&mut self, now: DateTime<Utc>) -> Result<Option<Reply>, Error> {
        let digest = self.digest_for_owners(now)?;
        self.store.mark_duplicates_shown(&digest.shown_pairs)?;
        Ok(digest.reply)
    }
}

/// The scheduled digest: what every owner gets (nothing on a quiet day when silence was
/// asked for), and the likely-duplicate pairs it shows.
#[derive(Clone, Debug)]
pub struct ScheduledDigest {
    pub reply: Option<Reply>,
    pub shown_pairs: Vec<(kith_domain::model::PersonId, kith_domain::model::PersonId)>,
}

/// How late a missed digest may still go out.
pub fn max_lateness(hours: u32) -> Duration {
    Duration::hours(i64::from(hours))
}
