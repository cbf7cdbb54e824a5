//! `/reminders`: the open follow-ups a page at a time, overdue and due today first
//! (marked), then those ahead; each line the person, what, the day with its relative
//! hint, a time and a repeat, with **Done**, **Snooze** and the person's card (and
//! **Open chat** for someone whose Telegram account kith knows).

use chrono::NaiveDate;

use kith_domain::intention::{FollowUp, Standing};
use kith_domain::model::PersonId;

use super::callback::Callback;
use super::dates::dated;
use super::reply::{Button, Reply, Subject};
use super::telegram_identity::{numbered_open_chat, open_chat_with};
use super::widgets::{button, no_more, page_note, pager, truncate};
use super::{Context, Engine, PAGE_SIZE};
use kith_store::{Error, TelegramIdentity};

/// What `/reminders` says when nothing is open.
const NONE_OPEN: &str = "No open follow-ups. Add one with /remind NAME WHEN[: TEXT], for example /remind Bob in 2 weeks: ask about the move.";

/// How much of a follow-up's text a list line or a question shows.
pub(super) const SHOWN_CHARS: usize = 120;

/// What a follow-up is about, cut to `SHOWN_CHARS` for a list or a question.
pub(super) fn shown_what(follow_up: &FollowUp) -> String {
    truncate(&follow_up.what(), SHOWN_CHARS)
}

/// One follow-up as a list shows it, after its person's `name`:
/// "Overdue · Zoë Müller — ask about the surgery · 2026-11-20 (6 days ago)".
pub(super) fn follow_up_line(follow_up: &FollowUp, name: &str, today: NaiveDate) -> String {
    let mark = match follow_up.standing(today) {
        Standing::Overdue => "Overdue · ",
        Standing::DueToday => "Today · ",
        Standing::Ahead => "",
    };
    let mut line = format!(
        "{mark}{name} — {} · {}",
        shown_what(follow_up),
        dated(follow_up.comes_up_on(), today)
    );
    line.push_str(&follow_up.moved_day());
    if let Some(at) = follow_up.due_at {
        line.push_str(&at.format(" at %H:%M").to_string());
    }
    if let Some(repeat) = follow_up.repeat {
        line.push_str(&format!(" · {repeat}"));
    }
    if follow_up.snoozed_until.is_some() {
        line.push_str(&format!(" · snoozed (due {})", follow_up.due_on));
    }
    line
}

/// Each follow-up's line, numbered from `offset + 1`, and its row of buttons (and, for
/// someone whose Telegram account kith knows, a row with **Open chat** under it). Each
/// of `people` is a follow-up's person: the name it shows and their account.
fn numbered(
    follow_ups: &[FollowUp],
    people: Vec<(String, TelegramIdentity)>,
    offset: usize,
    today: NaiveDate,
) -> (Vec<String>, Vec<Vec<Button>>) {
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    for ((index, follow_up), (name, account)) in follow_ups.iter().enumerate().zip(people) {
        let number = offset + index + 1;
        lines.push(format!(
            "{number}. {}",
            follow_up_line(follow_up, &name, today)
        ));
        rows.push(vec![
            button(format!("{number}. Done"), Callback::done(follow_up)),
            button("Snooze", Callback::SnoozeMenu(follow_up.id)),
            button(name, Callback::Person(follow_up.person)),
        ]);
        rows.extend(numbered_open_chat(number, &account).map(|open| vec![open]));
    }
    (lines, rows)
}

impl Engine<'_> {
    /// `/reminders NAME`: one person's open follow-ups, the soonest `PAGE_SIZE` (the
    /// rest counted, the whole list a `/reminders` away).
    pub(super) fn follow_ups_of(
        &mut self,
        context: Context,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let open = self.store.follow_ups_of(person)?;
        if open.is_empty() {
            return Ok(Reply::text(format!(
                "No open follow-ups with {name}. Add one with /remind {name} WHEN[: TEXT]."
            ))
            .with_row(vec![
                button("Remind ▸", Callback::RemindMenu(person)),
                button(name, Callback::Person(person)),
            ]));
        }
        let shown = &open[..open.len().min(PAGE_SIZE)];
        let account = self.store.telegram_identity(person)?;
        let people = vec![(name.clone(), TelegramIdentity::default()); shown.len()];
        let (mut lines, mut rows) = numbered(shown, people, 0, context.today);
        // One person's list: **Open chat** once, under it all.
        rows.extend(open_chat_with(&account).map(|open| vec![open]));
        if open.len() > shown.len() {
            lines.push(format!(
                "…and {} more — /reminders lists everyone's",
                open.len() - shown.len()
            ));
        }
        let mut reply = Reply::titled(
            format!("Follow-ups with {name}: {} open", open.len()),
            lines.join("\n"),
        )
        .about(Subject::Person(person));
        for row in rows {
            reply = reply.with_row(row);
        }
        Ok(reply)
    }

    /// A page of the open follow-ups, from `offset`.
    pub(super) fn follow_ups_page(
        &mut self,
        context: Context,
        offset: usize,
    ) -> Result<Reply, Error> {
        let page = self.store.open_follow_ups(offset, PAGE_SIZE)?;
        if page.items.is_empty() && offset > 0 {
            return Ok(no_more(page.total, Callback::FollowUps { offset: 0 }));
        }
        if page.items.is_empty() {
            return Ok(Reply::text(NONE_OPEN));
        }
        let (_, due) = self.store.follow_ups_due(context.today, 0)?;
        let people: Vec<_> = page
            .items
            .iter()
            .map(|follow_up| (follow_up.person, follow_up.name.clone()))
            .collect();
        let mut accounts = Vec::with_capacity(people.len());
        for (person, _) in &people {
            accounts.push(self.store.telegram_identity(*person)?);
        }
        let names = self.told_apart(&people)?;
        let people = names.into_iter().zip(accounts).collect();
        let (lines, rows) = numbered(&page.items, people, offset, context.today);
        let title = match due {
            0 => format!("Follow-ups: {} open", page.total),
            due => format!("Follow-ups: {} open, {due} due or overdue", page.total),
        };
        let body = lines.join("\n") + &page_note(offset, page.items.len(), page.total);
        let mut reply = Reply::titled(title, body);
        for row in rows {
            reply = reply.with_row(row);
        }
        Ok(reply.with_row(pager(offset, PAGE_SIZE, page.total, |o| {
            Callback::FollowUps { offset: o }
        })))
    }
}
