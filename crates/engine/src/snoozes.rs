//! "Not now" and "See less often" on someone overdue: a person left out of /stale and
//! the digest until a day, or their cadence doubled from the one they have; the list of
//! who is snoozed, each with **Unsnooze**; and the line /stale ends with when some are.

use chrono::NaiveDate;

use kith_domain::error::Refusal;
use kith_domain::model::{Cadence, PersonId};
use kith_domain::rank::StaleEntry;
use kith_store::{Error, StaleFilter};

use super::callback::{Callback, Later};
use super::dates::{dated, parse_date};
use super::questions::{Question, ask, cancel_button};
use super::reply::{Button, Subject};
use super::widgets::{button, no_more, page_note, pager};
use super::{Context, Engine, PAGE_SIZE, Reply};

/// The quick choices of **Not now**.
const NOT_NOW: [Later; 4] = [Later::Week, Later::Month, Later::ThreeMonths, Later::Pick];

/// A day as the snooze answers say it: "Thursday 3 December 2026 (in 7 days)".
fn the_day(day: NaiveDate, today: NaiveDate) -> String {
    format!(
        "{} ({})",
        day.format("%A %-d %B %Y"),
        super::dates::relative(day, today)
    )
}

/// The buttons of one overdue person in /stale and the digest: **Not now** and **See
/// less often** (naming the cadence it doubles, so a second press changes nothing).
pub(super) fn overdue_buttons(entry: &StaleEntry) -> [Button; 2] {
    let person = entry.person_id;
    [
        button("Not now", Callback::NotNow(person)),
        button(
            "Less often",
            Callback::SeeLessOften {
                person,
                from_days: entry.cadence_days,
            },
        ),
    ]
}

impl Engine<'_> {
    pub(super) fn not_now(&mut self, context: Context, person: PersonId) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let choices = NOT_NOW
            .iter()
            .map(|later| {
                button(
                    later.label(),
                    Callback::SnoozePerson {
                        person,
                        later: *later,
                    },
                )
            })
            .collect();
        let mut text = format!("Not now: leave {name} out of /stale and the digest for how long?");
        if let Some(until) = self.store.snoozed_until(person, context.today)? {
            text.push_str(&format!(
                "\n(Snoozed until {} now.)",
                dated(until, context.today)
            ));
        }
        Ok(Reply::text(text)
            .about(Subject::Person(person))
            .with_row(choices)
            .with_row(vec![button("Cancel", Callback::Cancel)]))
    }

    pub(super) fn snooze_person(
        &mut self,
        context: Context,
        person: PersonId,
        later: Later,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        match later.after(context.today) {
            Some(until) => self.snooze_person_until(context, person, until),
            None => ask(
                self.store,
                context,
                &Question::SnoozeUntil { person },
                format!(
                    "Until which day should {name} be left out? (\"in 5 weeks\", \"tomorrow\", \"2027-01-15\")"
                ),
            ),
        }
    }

    /// Leaves `person` out of /stale and the digest until `until` (a day after today).
    pub(super) fn snooze_person_until(
        &mut self,
        context: Context,
        person: PersonId,
        until: NaiveDate,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        if self.store.person(person)?.archived {
            return Err(Refusal::InvalidValue {
                field: "person",
                value: name,
                expected: "someone not archived (an archived person is never overdue)",
            }
            .into());
        }
        // Pressed twice (the same day from today): once is enough.
        let text = if self.store.snoozed_until(person, context.today)? == Some(until) {
            format!(
                "{name} is already left out of /stale and the digest until {}: nothing changed.",
                the_day(until, context.today)
            )
        } else {
            self.store.set_snoozed_until(person, Some(until))?;
            format!(
                "Not now: {name} is left out of /stale and the digest until {}.",
                the_day(until, context.today)
            )
        };
        Ok(Reply::text(text)
            .about(Subject::Person(person))
            .with_row(vec![
                button("Unsnooze", Callback::Unsnooze(person)),
                button("Card", Callback::Person(person)),
            ]))
    }

    /// The answer to "Until which day …?": a day after today, or asked again.
    pub(super) fn snooze_person_answer(
        &mut self,
        context: Context,
        person: PersonId,
        text: &str,
    ) -> Result<Reply, Error> {
        match parse_date(text, context.today) {
            Some(until) if until > context.today => {
                self.store.clear_chat_state(context.chat)?;
                self.snooze_person_until(context, person, until)
            }
            Some(day) => Ok(Reply::text(format!(
                "{} is not ahead: type a day after today (\"in 5 weeks\", \"2027-01-15\").",
                dated(day, context.today)
            ))
            .with_row(vec![cancel_button()])),
            None => Ok(Reply::text(format!(
                "\"{}\" is not a day I can read: try \"in 5 weeks\", \"tomorrow\" or \"2027-01-15\".",
                text.chars().take(40).collect::<String>()
            ))
            .with_row(vec![cancel_button()])),
        }
    }

    pub(super) fn unsnooze(&mut self, context: Context, person: PersonId) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        if self.store.snoozed_until(person, context.today)?.is_none() {
            return Ok(Reply::text(format!("{name} is not snoozed.")));
        }
        self.store.set_snoozed_until(person, None)?;
        Ok(
            Reply::text(format!("{name} is back in /stale and the digest."))
                .about(Subject::Person(person)),
        )
    }

    /// Doubles `person`'s cadence from `from_days`, the one the button was shown with;
    /// when it is no longer that (pressed twice, or changed since), says what it is now
    /// and changes nothing.
    pub(super) fn see_less_often(
        &mut self,
        _context: Context,
        person: PersonId,
        from_days: u32,
    ) -> Result<Reply, Error> {
        let record = self.store.person(person)?;
        let name = self.told_apart_name(person)?;
        let closeness = &self.preferences.closeness;
        let tier = record
            .closeness
            .and_then(|t| Some((closeness.label(t).to_owned(), closeness.cadence_days(t)?)));
        let (now, was) = match (record.cadence, tier) {
            (Some(Cadence::Every(days)), _) => (days, format!("the {days} before")),
            (None, Some((label, days))) => (days, format!("{label}'s {days}")),
            _ => {
                return Ok(Reply::text(format!(
                    "{name} has no cadence to slow down: /cadence #{} 3m sets one.",
                    person.0
                )));
            }
        };
        if now != from_days {
            return Ok(Reply::text(format!(
                "{name} is every {now} days now, not {from_days}: nothing changed."
            ))
            .about(Subject::Person(person))
            .with_row(vec![button("Card", Callback::Person(person))]));
        }
        let doubled = now.saturating_mul(2);
        if doubled > Cadence::MAX_DAYS {
            return Ok(Reply::text(format!(
                "{name} is already every {now} days; a cadence is at most {} days. /cadence #{} off stops it.",
                Cadence::MAX_DAYS,
                person.0
            )));
        }
        self.store
            .set_cadence(person, Some(Cadence::Every(doubled)))?;
        Ok(Reply::text(format!(
            "See less often: {name} every {doubled} days — twice {was}."
        ))
        .about(Subject::Person(person))
        .with_row(vec![button("Card", Callback::Person(person))]))
    }

    pub(super) fn snoozed_page(&mut self, context: Context, offset: usize) -> Result<Reply, Error> {
        let page = self
            .store
            .snoozed_people(context.today, offset, PAGE_SIZE)?;
        if page.items.is_empty() && offset > 0 {
            return Ok(no_more(page.total, Callback::Snoozed { offset: 0 }));
        }
        if page.items.is_empty() {
            return Ok(Reply::text("No one is snoozed."));
        }
        let people: Vec<_> = page
            .items
            .iter()
            .map(|s| (s.person, s.name.clone()))
            .collect();
        let names = self.told_apart(&people)?;
        let mut lines = Vec::new();
        let mut reply = Reply::text("");
        for ((index, snoozed), name) in page.items.iter().enumerate().zip(names) {
            let number = offset + index + 1;
            lines.push(format!(
                "{number}. {name} — until {}",
                dated(snoozed.until, context.today)
            ));
            reply = reply.with_row(vec![
                button(
                    format!("{number}. {name}"),
                    Callback::Person(snoozed.person),
                ),
                button("Unsnooze", Callback::Unsnooze(snoozed.person)),
            ]);
        }
        reply.title = Some("Snoozed: left out of /stale and the digest".to_owned());
        reply.body = lines.join("\n") + &page_note(offset, page.items.len(), page.total);
        Ok(reply.with_row(pager(offset, PAGE_SIZE, page.total, |o| {
            Callback::Snoozed { offset: o }
        })))
    }

    /// "3 snoozed" (of those `filter` lists) and the button listing everyone snoozed, for
    /// the end of /stale; nothing when no one is.
    pub(super) fn snoozed_note(
        &self,
        context: Context,
        filter: &StaleFilter,
    ) -> Result<Option<(String, Button)>, Error> {
        let total = self.store.snoozed_count(filter, context.today)?;
        Ok((total > 0).then(|| {
            (
                format!("{total} snoozed"),
                button("Snoozed ▸", Callback::Snoozed { offset: 0 }),
            )
        }))
    }
}
