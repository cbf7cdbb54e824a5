//! Follow-ups from the chat: `/remind`, a card's **Remind ▸**, the **Done**, **Keep** and
//! **Snooze** buttons of every list that shows one, the typed answers their "A date…"
//! asks for, and the question after a log ("Done: 'ask about the surgery'?"). The list
//! itself, `/reminders`, is `reminders.rs`.

use kith_domain::error::Refusal;
use kith_domain::intention::{FollowUp, FollowUpId, one_line};
use kith_domain::model::PersonId;
use kith_store::{Error, Finished, MAX_INTENTION_TEXT, NewFollowUp};

use super::callback::{Callback, Later};
use super::command::{REMIND_EXAMPLE, Reminder, Typed};
use super::dates::{When, WhenReading, read_when};
use super::logline::split_notes;
use super::questions::{Question, answered, ask, cancel_button};
use super::reminders::shown_what;
use super::reply::{Reply, Subject};
use super::widgets::button;
use super::{Context, Engine};

/// How many open follow-ups a log asks about.
const ASKED_AFTER_LOG: usize = 3;

/// The quick choices of **Remind ▸**.
const REMIND_CHOICES: [Later; 4] = [
    Later::Week,
    Later::TwoWeeks,
    Later::Month,
    Later::ThreeMonths,
];

/// A day as replies say it: "Mon 14 Dec 2026".
pub(super) fn weekday_date(day: chrono::NaiveDate) -> String {
    day.format("%a %-d %b %Y").to_string()
}

/// 12345 as "12,345".
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

impl Engine<'_> {
    /// Sets a follow-up on `person`, once its day reads one way (a slash date both ways
    /// round is asked about with a button for each reading). A day or a time already
    /// past is refused.
    pub(super) fn remind(
        &mut self,
        context: Context,
        person: PersonId,
        reminder: Reminder,
    ) -> Result<Reply, Error> {
        if let Some(why) = self.when_in_name(person, &reminder)? {
            return Ok(Reply::text(why));
        }
        let mut when = reminder.when;
        if let Some(other) = reminder.month_first {
            match self.preferences.date_as_set(when.on, other) {
                Some(day) => when.on = day,
                None => return self.ask_remind_date(context, person, reminder),
            }
        }
        if let Some(why) = self.already_past(context, &when) {
            return Ok(Reply::text(why));
        }
        let length = reminder.text.trim().chars().count();
        if length > MAX_INTENTION_TEXT {
            return Ok(Reply::text(format!(
                "A follow-up's text can be at most 1,000 characters (this one has {}). Nothing changed.",
                thousands(length)
            )));
        }
        let name = self.told_apart_name(person)?;
        let buttons = vec![
            button(name.clone(), Callback::Person(person)),
            button("Reminders ▸", Callback::FollowUps { offset: 0 }),
        ];
        if let Some(same) = self
            .store
            .same_follow_up(person, when.on, reminder.text.trim())?
        {
            return Ok(Reply::notice(format!(
                "Already set: \"{}\" with {name} on {}. Nothing changed.",
                same.what(),
                weekday_date(same.due_on)
            ))
            .with_row(buttons));
        }
        self.store.add_follow_up(&NewFollowUp {
            person,
            due_on: when.on,
            due_at: when.at,
            text: reminder.text.trim().to_owned(),
            repeat: when.repeat,
        })?;
        let what = match reminder.text.trim() {
            "" => String::new(),
            text => format!(": {}", one_line(text)),
        };
        let archived = if self.store.person(person)?.archived {
            format!(" ({name} is archived; the follow-up still comes up.)")
        } else {
            String::new()
        };
        Ok(Reply::text(format!(
            "Follow-up with {name} on {}{what}{archived}",
            when.shown()
        ))
        .about(Subject::Person(person))
        .with_row(buttons))
    }

    /// "'Friday' is part of Grace Friday's name — …": the words read as WHEN end the
    /// person's name, and the typed name stopped before them.
    fn when_in_name(&self, person: PersonId, reminder: &Reminder) -> Result<Option<String>, Error> {
        let typed = &reminder.typed;
        if typed.when.is_empty() {
            return Ok(None);
        }
        let name = self.store.person(person)?.name().to_owned();
        let (lower, said) = (name.to_lowercase(), typed.when.to_lowercase());
        let ends = lower.ends_with(&format!(" {said}"));
        if !ends || typed.name.to_lowercase().ends_with(said.as_str()) {
            return Ok(None);
        }
        Ok(Some(format!(
            "\"{}\" is part of {name}'s name — say when after it: /remind {name} on {}: {}",
            typed.when,
            typed.when,
            match reminder.text.trim() {
                "" => "what to do",
                text => text,
            }
        )))
    }

    /// Why `when` cannot be a follow-up's: its day is before today, or it is today at a
    /// time already gone in the owner's zone.
    fn already_past(&self, context: Context, when: &When) -> Option<String> {
        if when.on < context.today {
            return Some(format!(
                "{} is already past (today is {}). A follow-up needs a day from today on. For example: {REMIND_EXAMPLE}",
                weekday_date(when.on),
                weekday_date(context.today)
            ));
        }
        let now = context.now.with_timezone(&self.preferences.timezone).time();
        match when.at {
            Some(at) if when.on == context.today && at <= now => Some(format!(
                "{} today has already passed (it is {}). Give a later time or another day. For example: {REMIND_EXAMPLE}",
                at.format("%H:%M"),
                now.format("%H:%M")
            )),
            _ => None,
        }
    }

    /// "Which day did you mean: 3 May 2027 or 5 March 2027?", kept as a pending action.
    fn ask_remind_date(
        &mut self,
        context: Context,
        person: PersonId,
        reminder: Reminder,
    ) -> Result<Reply, Error> {
        let day_first = reminder.when.on;
        let Some(month_first) = reminder.month_first else {
            return Ok(Reply::expired());
        };
        let pending = RemindDatePending {
            remind_date: (person, reminder),
        };
        let json = serde_json::to_string(&pending).expect("pending actions serialise");
        let id = self.store.save_pending(context.chat, &json, context.now)?;
        let row = super::widgets::date_choices(
            day_first,
            month_first,
            self.preferences.month_first_first(),
            |month_first| Callback::DateChoice {
                pending: id,
                month_first,
            },
        );
        Ok(Reply::text(format!(
            "Which day did you mean: {} or {}? (KITH_DATE_ORDER=day-first or month-first makes kith read such dates one way without asking.)",
            day_first.format("%-d %B %Y"),
            month_first.format("%-d %B %Y"),
        ))
        .with_row(row)
        .with_row(vec![cancel_button()]))
    }

    /// The reading of a follow-up's day the owner picked (reached through `date_chosen`
    /// when the pending action is not a log's).
    pub(super) fn remind_date_chosen(
        &mut self,
        context: Context,
        pending: i64,
        month_first: bool,
    ) -> Result<Reply, Error> {
        let Some(RemindDatePending {
            remind_date: (person, mut reminder),
        }) = self.take_pending(context, pending)?
        else {
            return Ok(Reply::expired());
        };
        let Some(other) = reminder.month_first.take() else {
            return Ok(Reply::expired());
        };
        if month_first {
            reminder.when.on = other;
        }
        self.remind(context, person, reminder)
    }

    /// **Remind ▸** on a card: the quick choices.
    pub(super) fn remind_menu(
        &mut self,
        _context: Context,
        person: PersonId,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let choices = REMIND_CHOICES
            .iter()
            .map(|later| {
                let later = *later;
                button(later.label(), Callback::RemindIn { person, later })
            })
            .collect();
        let pick = Callback::RemindIn {
            person,
            later: Later::Pick,
        };
        Ok(
            Reply::text(format!("When should kith remind you of {name}?"))
                .with_row(choices)
                .with_row(vec![button(Later::Pick.label(), pick), cancel_button()]),
        )
    }

    /// A quick choice of **Remind ▸**: a follow-up that much later (or, for "A date…",
    /// the question for one).
    pub(super) fn remind_in(
        &mut self,
        context: Context,
        person: PersonId,
        later: Later,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let Some(on) = later.after(context.today) else {
            let prompt = format!(
                "When should kith remind you of {name}? Type a day — \"friday\", \"in 2 weeks\", \"on 14 Dec 15:00\", \"every 3 months\" — and, if you like, \": what to do\"."
            );
            return ask(self.store, context, &Question::Remind { person }, prompt);
        };
        let when = When {
            on,
            at: None,
            repeat: None,
        };
        let reminder = Reminder {
            when,
            month_first: None,
            text: String::new(),
            typed: Typed::default(),
        };
        self.remind(context, person, reminder)
    }

    /// The typed answer to **Remind ▸ A date…**: "WHEN[: what to do]". One that cannot
    /// be read, or is past, asks again and changes nothing.
    pub(super) fn remind_answer(
        &mut self,
        context: Context,
        person: PersonId,
        text: &str,
    ) -> Result<Reply, Error> {
        let (head, what) = split_notes(text).unwrap_or((text.trim(), ""));
        let again = |why: String| {
            Reply::text(format!(
                "{why}. Type when — \"in 2 weeks\", \"on 14 Dec: ask about the move\" — or press Cancel."
            ))
            .with_row(vec![cancel_button()])
        };
        let reminder = match read_when(head, context.today) {
            WhenReading::When(when) => Reminder {
                when,
                month_first: None,
                text: what.to_owned(),
                typed: Typed::default(),
            },
            WhenReading::Ambiguous {
                day_first,
                month_first,
            } => Reminder {
                when: day_first,
                month_first: Some(month_first),
                text: what.to_owned(),
                typed: Typed::default(),
            },
            WhenReading::Impossible(why) => {
                return Ok(again(format!("\"{head}\" is not a day: {why}")));
            }
            WhenReading::Wrong(why) => return Ok(again(why)),
            WhenReading::NotAWhen => return Ok(again(format!("I can't read \"{head}\" as a day"))),
        };
        let mut chosen = reminder.when;
        if let Some(other) = reminder.month_first
            && reminder.when.on < context.today
        {
            chosen.on = other;
        }
        if let Some(why) = self.already_past(context, &chosen) {
            let why = why.split(". ").next().unwrap_or_default().to_owned();
            return Ok(again(why));
        }
        answered(self.store, context, &Question::Remind { person })?;
        self.remind(context, person, reminder)
    }

    /// The follow-up a button is about, while it is open; else the notice saying it is
    /// done already or gone (undone, or its person merged away), and nothing changes.
    pub(super) fn open_follow_up(&self, id: FollowUpId) -> Result<Result<FollowUp, Reply>, Error> {
        match self.store.follow_up(id) {
            Ok(follow_up) if follow_up.done => Ok(Err(Reply::notice(format!(
                "Already done: \"{}\" with {}. Nothing changed.",
                follow_up.what(),
                follow_up.name
            )))),
            Ok(follow_up) => Ok(Ok(follow_up)),
            Err(Error::Refused(Refusal::NotFound { .. }))
                if self.store.follow_up_was_made(id)? =>
            {
                Ok(Err(Reply::notice(
                    "That follow-up is gone (it was undone or deleted). Nothing changed.",
                )))
            }
            Err(Error::Refused(Refusal::NotFound { .. })) => Ok(Err(Reply::expired())),
            Err(error) => Err(error),
        }
    }

    /// **Done**: the follow-up is closed, or a repeating one moves to its next date.
    pub(super) fn follow_up_done(
        &mut self,
        context: Context,
        id: FollowUpId,
        due: chrono::NaiveDate,
    ) -> Result<Reply, Error> {
        let follow_up = match self.open_occurrence(id, due)? {
            Ok(follow_up) => follow_up,
            Err(reply) => return Ok(reply),
        };
        let name = self.told_apart_name(follow_up.person)?;
        let text = match self.store.finish_follow_up(id, context.today)? {
            Finished::Done => format!("Done: \"{}\" with {name}.", follow_up.what()),
            Finished::MovedTo(next) => format!(
                "Done: \"{}\" with {name}. It comes back {}: next on {}{}.",
                follow_up.what(),
                follow_up
                    .repeat
                    .map(|repeat| repeat.to_string())
                    .unwrap_or_default(),
                weekday_date(next),
                FollowUp {
                    due_on: next,
                    ..follow_up.clone()
                }
                .moved_day()
            ),
        };
        Ok(Reply::text(text).with_row(vec![button(name, Callback::Person(follow_up.person))]))
    }

    /// The follow-up a **Done** or **Keep** is about, while the occurrence due on `due`
    /// is open; else what it is now ("Already done for Mon 14 Dec 2026 — next on …"),
    /// and nothing changes.
    fn open_occurrence(
        &self,
        id: FollowUpId,
        due: chrono::NaiveDate,
    ) -> Result<Result<FollowUp, Reply>, Error> {
        let follow_up = match self.open_follow_up(id)? {
            Ok(follow_up) => follow_up,
            Err(reply) => return Ok(Err(reply)),
        };
        if follow_up.due_on == due {
            return Ok(Ok(follow_up));
        }
        if follow_up.due_on < due {
            return Ok(Err(Reply::expired()));
        }
        let name = self.told_apart_name(follow_up.person)?;
        Ok(Err(Reply::notice(format!(
            "Already done for {}: \"{}\" with {name} — next on {}. Nothing changed.",
            weekday_date(due),
            follow_up.what(),
            weekday_date(follow_up.comes_up_on())
        ))))
    }

    /// **Keep** (after a log): the follow-up stays as it is.
    pub(super) fn follow_up_keep(
        &mut self,
        context: Context,
        id: FollowUpId,
        due: chrono::NaiveDate,
    ) -> Result<Reply, Error> {
        let follow_up = match self.open_occurrence(id, due)? {
            Ok(follow_up) => follow_up,
            Err(reply) => return Ok(reply),
        };
        let name = self.told_apart_name(follow_up.person)?;
        let _ = context;
        Ok(Reply::text(format!(
            "Kept: \"{}\" with {name} stays open, for {}.",
            follow_up.what(),
            weekday_date(follow_up.comes_up_on())
        ))
        .with_row(vec![
            button("Snooze", Callback::SnoozeMenu(id)),
            button(name, Callback::Person(follow_up.person)),
        ]))
    }

    /// `reply` (to a log on `day` with `people`) with a question for each of their open
    /// follow-ups, at most three: "Done: 'ask about the surgery' (Zoë Müller)?" with
    /// **Done** and **Keep**. A log of a day still ahead asks nothing.
    pub(super) fn with_follow_ups_asked(
        &mut self,
        context: Context,
        day: chrono::NaiveDate,
        people: &[PersonId],
        reply: Reply,
    ) -> Result<Reply, Error> {
        if day > context.today {
            return Ok(reply);
        }
        let mut open = Vec::new();
        for person in people {
            open.extend(self.store.follow_ups_made_by(*person, day)?);
        }
        let more = open.len().saturating_sub(ASKED_AFTER_LOG);
        open.truncate(ASKED_AFTER_LOG);
        let mut reply = reply;
        let several = open.len() > 1;
        for (index, follow_up) in open.iter().enumerate() {
            let number = if several {
                format!("{}. ", index + 1)
            } else {
                String::new()
            };
            let name = self.told_apart_name(follow_up.person)?;
            reply.body.push_str(&format!(
                "\n{}{number}Done: \"{}\" ({name})?",
                if index == 0 { "\n" } else { "" },
                shown_what(follow_up)
            ));
            reply = reply.with_row(vec![
                button(format!("{number}Done"), Callback::done(follow_up)),
                button(
                    format!("{number}Keep"),
                    Callback::FollowUpKeep {
                        follow_up: follow_up.id,
                        due: follow_up.due_on,
                    },
                ),
            ]);
        }
        if more > 0 {
            reply
                .body
                .push_str(&format!("\n…and {more} more open — /reminders"));
        }
        Ok(reply)
    }
}

/// A follow-up waiting for which way round its day was meant (kept in
/// `pending_actions`; the field name keeps it apart from a log's).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RemindDatePending {
    remind_date: (PersonId, Reminder),
}
