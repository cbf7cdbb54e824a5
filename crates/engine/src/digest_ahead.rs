//! The digest's look ahead: the follow-ups overdue and due today that open it (each with
//! **Done**, **Snooze** and the person's card, capped, the rest behind /reminders), and
//! the birthdays and important dates of the next `KITH_DATES_AHEAD_DAYS` days as one
//! "Dates ahead" section, each with **Remind ▸**. Pure: the digest loads, this words.

use chrono::{Datelike, NaiveDate};

use super::callback::Callback;
use super::dates::relative;
use super::reply::Button;
use super::widgets::{button, truncate};
use kith_domain::contact::Birthday;
use kith_domain::intention::{FollowUp, ImportantDate, Standing};
use kith_domain::model::PersonId;

/// Follow-ups the digest shows; the rest are counted and left to /reminders.
pub const DIGEST_DUE: usize = 8;

/// Dates ahead the digest lists (each with a button); the rest are counted.
pub const DIGEST_DATES: usize = 10;

/// A day ahead that matters to someone: a birthday or an important date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateAhead {
    pub person: PersonId,
    pub name: String,
    pub what: Dated,
    /// The day it falls on.
    pub on: NaiveDate,
}

/// What a day ahead is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dated {
    /// A birthday, with the age it brings when the year is known.
    Birthday { turns: Option<i32> },
    /// An important date, with its years when it is yearly and has a first year.
    Important { label: String, years: Option<i32> },
}

impl DateAhead {
    pub fn birthday(person: PersonId, name: String, birthday: Birthday, on: NaiveDate) -> Self {
        DateAhead {
            person,
            name,
            what: Dated::Birthday {
                turns: birthday.year.map(|year| on.year() - year),
            },
            on,
        }
    }

    pub fn important(date: &ImportantDate, name: String, on: NaiveDate) -> Self {
        DateAhead {
            person: date.person,
            name,
            what: Dated::Important {
                label: date.label.clone(),
                years: date.years_on(on),
            },
            on,
        }
    }
}

/// "Overdue:" and "Due today:" (as /reminders orders them) with a line for each follow-up, "and N more — /reminders",
/// and a row of buttons for each: the card, **Done**, **Snooze**. Nothing when none is due.
pub(super) fn due_section(
    due: &[FollowUp],
    more: usize,
    day: NaiveDate,
) -> (Vec<String>, Vec<Vec<Button>>) {
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    let mut number = 0;
    for (standing, heading) in [
        (Standing::Overdue, "Overdue:"),
        (Standing::DueToday, "Due today:"),
    ] {
        let these: Vec<&FollowUp> = due.iter().filter(|f| f.standing(day) == standing).collect();
        if these.is_empty() {
            continue;
        }
        lines.push(heading.to_owned());
        for follow_up in these {
            number += 1;
            let at = follow_up
                .due_at
                .map(|t| format!(" at {}", t.format("%H:%M")))
                .unwrap_or_default();
            let since = match standing {
                Standing::Overdue => {
                    let on = follow_up.comes_up_on();
                    format!(" (due {on}, {})", relative(on, day))
                }
                _ => String::new(),
            };
            lines.push(format!(
                "  {number}. {} — {}{at}{since}",
                follow_up.name,
                truncate(&follow_up.what(), 120)
            ));
            rows.push(vec![
                button(
                    format!("{number}. {}", follow_up.name),
                    Callback::Person(follow_up.person),
                ),
                button("Done", Callback::done(follow_up)),
                button("Snooze", Callback::SnoozeMenu(follow_up.id)),
            ]);
        }
    }
    if more > 0 && !lines.is_empty() {
        lines.push(format!("  and {more} more — /reminders"));
    }
    (lines, rows)
}

/// "Dates ahead:" and a line for each birthday and important date (the first
/// `DIGEST_DATES`, then how many more), today's said so, each with **Remind NAME ▸**.
pub(super) fn dates_section(
    dates: &[DateAhead],
    day: NaiveDate,
) -> (Vec<String>, Vec<Vec<Button>>) {
    if dates.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut lines = vec!["Dates ahead:".to_owned()];
    let mut rows = Vec::new();
    for date in dates.iter().take(DIGEST_DATES) {
        let when = if date.on == day {
            "today".to_owned()
        } else {
            date.on.format("%A %-d %B").to_string()
        };
        lines.push(match &date.what {
            Dated::Birthday { turns } => {
                let age = turns.map(|n| format!(", turns {n}")).unwrap_or_default();
                format!("  🎂 {} — birthday {when}{age}", date.name)
            }
            Dated::Important { label, years } => {
                let years = years
                    .map(|n| {
                        format!(
                            " ({})",
                            kith_domain::text::plural(n as usize, "year", "years")
                        )
                    })
                    .unwrap_or_default();
                format!(
                    "  📅 {} — {}{years}, {when}",
                    date.name,
                    truncate(label, 80)
                )
            }
        });
        let row = vec![button(
            format!("Remind: {} ▸", date.name),
            Callback::RemindMenu(date.person),
        )];
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    if dates.len() > DIGEST_DATES {
        lines.push(format!("  and {} more", dates.len() - DIGEST_DATES));
    }
    (lines, rows)
}
