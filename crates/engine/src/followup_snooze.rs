//! A follow-up's **Snooze**: its quick choices, each counted from the later of today
//! and the day the follow-up came up when the button was made (a press once it comes up
//! on another day changes nothing), and the typed answer to its "A date…", which must
//! be after both today and that day.

use kith_domain::intention::{FollowUp, FollowUpId};
use kith_store::Error;

use super::callback::{Callback, Later};
use super::dates::{WhenReading, read_when};
use super::followups::weekday_date;
use super::questions::{Question, answered, ask, cancel_button};
use super::reply::Reply;
use super::widgets::button;
use super::{Context, Engine};

/// The quick choices of a follow-up's **Snooze**.
const SNOOZE_CHOICES: [Later; 3] = [Later::Day, Later::Week, Later::Month];

impl Engine<'_> {
    /// A follow-up's **Snooze**: the quick choices.
    pub(super) fn snooze_menu(
        &mut self,
        _context: Context,
        id: FollowUpId,
    ) -> Result<Reply, Error> {
        let follow_up = match self.open_follow_up(id)? {
            Ok(follow_up) => follow_up,
            Err(reply) => return Ok(reply),
        };
        let name = self.told_apart_name(follow_up.person)?;
        let choice = |later: Later| {
            button(
                later.label(),
                Callback::SnoozeFollowUp {
                    follow_up: id,
                    on: follow_up.comes_up_on(),
                    later,
                },
            )
        };
        Ok(Reply::text(format!(
            "Snooze \"{}\" with {name} until when?",
            follow_up.what()
        ))
        .with_row(SNOOZE_CHOICES.iter().map(|later| choice(*later)).collect())
        .with_row(vec![choice(Later::Pick), cancel_button()]))
    }

    /// A snooze's quick choice for the follow-up that came up on `on`: it comes up that
    /// much later than the later of today and `on` (or, for "A date…", the question for
    /// the day). Once it comes up on another day, the button changes nothing.
    pub(super) fn snooze_follow_up(
        &mut self,
        context: Context,
        (id, on): (FollowUpId, chrono::NaiveDate),
        later: Later,
    ) -> Result<Reply, Error> {
        let follow_up = match self.open_follow_up(id)? {
            Ok(follow_up) => follow_up,
            Err(reply) => return Ok(reply),
        };
        if follow_up.comes_up_on() != on {
            let name = self.told_apart_name(follow_up.person)?;
            return Ok(Reply::notice(format!(
                "\"{}\" with {name} now comes up on {} (this button was for {}). Nothing changed.",
                follow_up.what(),
                weekday_date(follow_up.comes_up_on()),
                weekday_date(on)
            ))
            .with_row(vec![
                button("Snooze", Callback::SnoozeMenu(id)),
                button(name, Callback::Person(follow_up.person)),
            ]));
        }
        let Some(until) = later.after(on.max(context.today)) else {
            let prompt = format!(
                "Until when should \"{}\" with {} wait? Type a day — \"monday\", \"in 10 days\", \"on 14 Dec\".",
                follow_up.what(),
                self.told_apart_name(follow_up.person)?
            );
            let question = Question::SnoozeFollowUp { follow_up: id };
            return ask(self.store, context, &question, prompt);
        };
        self.snooze_until(&follow_up, until)
    }

    fn snooze_until(
        &mut self,
        follow_up: &FollowUp,
        until: chrono::NaiveDate,
    ) -> Result<Reply, Error> {
        self.store.snooze_follow_up(follow_up.id, until)?;
        let name = self.told_apart_name(follow_up.person)?;
        Ok(Reply::text(format!(
            "Snoozed \"{}\" with {name} until {}.",
            follow_up.what(),
            weekday_date(until)
        ))
        .with_row(vec![
            button(name, Callback::Person(follow_up.person)),
            button("Reminders ▸", Callback::FollowUps { offset: 0 }),
        ]))
    }

    /// The typed answer to **Snooze ▸ A date…**: a day after today.
    pub(super) fn snooze_answer(
        &mut self,
        context: Context,
        id: FollowUpId,
        text: &str,
    ) -> Result<Reply, Error> {
        let follow_up = match self.open_follow_up(id)? {
            Ok(follow_up) => follow_up,
            Err(reply) => {
                self.store.clear_chat_state(context.chat)?;
                return Ok(reply);
            }
        };
        let again = |why: String| {
            Reply::text(format!(
                "{why}. Type a day after today — \"monday\", \"in 10 days\", \"on 14 Dec\" — or press Cancel."
            ))
            .with_row(vec![cancel_button()])
        };
        let text = text.trim();
        let comes_up = follow_up.comes_up_on();
        let until = match read_when(text, context.today) {
            WhenReading::When(when) if when.on > context.today && when.on <= comes_up => {
                return Ok(again(format!(
                    "\"{}\" already comes up on {}; pick a later day",
                    follow_up.what(),
                    weekday_date(comes_up)
                )));
            }
            WhenReading::When(when) if when.on > context.today => when.on,
            WhenReading::When(when) => {
                return Ok(again(format!(
                    "\"{text}\" is {}, not after today",
                    weekday_date(when.on)
                )));
            }
            WhenReading::Ambiguous {
                day_first,
                month_first,
            } => {
                return Ok(again(format!(
                    "\"{text}\" could be {} or {}: write the month as a word",
                    day_first.on.format("%-d %B %Y"),
                    month_first.format("%-d %B %Y")
                )));
            }
            WhenReading::Impossible(why) => {
                return Ok(again(format!("\"{text}\" is not a day: {why}")));
            }
            WhenReading::Wrong(why) => return Ok(again(why)),
            WhenReading::NotAWhen => return Ok(again(format!("I can't read \"{text}\" as a day"))),
        };
        answered(
            self.store,
            context,
            &Question::SnoozeFollowUp { follow_up: id },
        )?;
        self.snooze_until(&follow_up, until)
    }
}
