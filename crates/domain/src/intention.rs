//! What the owner means to do: follow-ups (a date, maybe a time, maybe a repeat), things
//! to bring up next time (topics) and a person's important dates. Plain records and
//! their pure rules — when a repeating follow-up comes next, when a date falls next —
//! with no store and no clock: "today" is always a parameter.

use chrono::{Datelike, Months, NaiveDate, NaiveTime};
use serde::Serialize;

use crate::contact::Birthday;
use crate::model::PersonId;

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The row id of one ", $what, ".")]
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
        )]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(FollowUpId, "follow-up");
id_type!(TopicId, "topic");
id_type!(DateId, "important date");

/// The unit of a repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub enum RepeatUnit {
    Day,
    Week,
    Month,
    Year,
}

impl RepeatUnit {
    fn letter(self) -> char {
        match self {
            RepeatUnit::Day => 'd',
            RepeatUnit::Week => 'w',
            RepeatUnit::Month => 'm',
            RepeatUnit::Year => 'y',
        }
    }

    fn word(self) -> &'static str {
        match self {
            RepeatUnit::Day => "day",
            RepeatUnit::Week => "week",
            RepeatUnit::Month => "month",
            RepeatUnit::Year => "year",
        }
    }
}

/// How often a follow-up comes back once done: every `count` `unit`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct Repeat {
    pub count: u32,
    pub unit: RepeatUnit,
}

impl Repeat {
    /// The most of any unit a repeat may say (every 1,000 days, every 100 years).
    pub const MAX_COUNT: u32 = 1_000;

    pub fn new(count: u32, unit: RepeatUnit) -> Option<Repeat> {
        (1..=Repeat::MAX_COUNT)
            .contains(&count)
            .then_some(Repeat { count, unit })
    }

    /// As stored: "3m", "2w", "10d", "1y".
    pub fn stored(self) -> String {
        format!("{}{}", self.count, self.unit.letter())
    }

    /// From the stored form; `None` for anything else.
    pub fn from_stored(text: &str) -> Option<Repeat> {
        let (number, unit) = text.split_at_checked(text.len().checked_sub(1)?)?;
        let unit = match unit {
            "d" => RepeatUnit::Day,
            "w" => RepeatUnit::Week,
            "m" => RepeatUnit::Month,
            "y" => RepeatUnit::Year,
            _ => return None,
        };
        if number.starts_with('0') || !number.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Repeat::new(number.parse().ok()?, unit)
    }

    /// `date` moved on by one repeat (31 January plus a month is the last of February).
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            RepeatUnit::Day => date.checked_add_days(chrono::Days::new(u64::from(self.count))),
            RepeatUnit::Week => date.checked_add_days(chrono::Days::new(7 * u64::from(self.count))),
            RepeatUnit::Month => date.checked_add_months(Months::new(self.count)),
            RepeatUnit::Year => date.checked_add_months(Months::new(12 * self.count)),
        }
    }

    /// The first date after `today` this repeat reaches from `due` (a follow-up done
    /// late moves to its next date still ahead, never to one already past).
    pub fn next_after(self, due: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
        self.next_from(due, due, today)
    }

    /// The next date after both `due` (the date it stands at now) and `today`, counted
    /// from `anchor`, its first date: 31 January monthly goes 28 February, 31 March,
    /// 30 April — every date is a whole number of repeats from the anchor, so one short
    /// month never shifts the later ones.
    pub fn next_from(
        self,
        anchor: NaiveDate,
        due: NaiveDate,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let after = due.max(today);
        let mut steps = 1u32;
        loop {
            let next = Repeat {
                count: self.count.checked_mul(steps)?,
                unit: self.unit,
            }
            .after(anchor)?;
            if next > after {
                return Some(next);
            }
            steps = steps.checked_add(1)?;
        }
    }
}

impl std::fmt::Display for Repeat {
    /// "every 3 months", "every year", "every 2 weeks".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.count == 1 {
            write!(f, "every {}", self.unit.word())
        } else {
            write!(f, "every {} {}s", self.count, self.unit.word())
        }
    }
}

/// One follow-up as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub person: PersonId,
    /// The person's shown name, as lists need it.
    pub name: String,
    /// The day it is due (for a repeating one: its next date).
    pub due_on: NaiveDate,
    /// A repeating one's first due day, which every next date is counted from.
    pub anchor: NaiveDate,
    /// The time of day in the owner's zone, when one was given.
    pub due_at: Option<NaiveTime>,
    /// What to do; may be empty ("ping Bob").
    pub text: String,
    pub repeat: Option<Repeat>,
    /// Pushed back to this day, without moving its due date.
    pub snoozed_until: Option<NaiveDate>,
    /// When it was done; open while `None`.
    pub done: bool,
}

impl FollowUp {
    /// The day it comes up: the snooze's day, else its due day.
    pub fn comes_up_on(&self) -> NaiveDate {
        self.snoozed_until.unwrap_or(self.due_on)
    }

    /// Where it stands on `today`.
    pub fn standing(&self, today: NaiveDate) -> Standing {
        let on = self.comes_up_on();
        if on < today {
            Standing::Overdue
        } else if on == today {
            Standing::DueToday
        } else {
            Standing::Ahead
        }
    }

    /// " (29 Feb in 2029 falls on 28 Feb)" when a repeating one kept on 29 February
    /// comes up in a year without it; empty otherwise.
    pub fn moved_day(&self) -> String {
        if self.repeat.is_none() {
            return String::new();
        }
        moved_day(self.anchor.month(), self.anchor.day(), self.due_on)
    }

    /// What it is about, on one line (line breaks folded to spaces, as lists and
    /// buttons need it): its text, or "follow up" when it has none.
    pub fn what(&self) -> String {
        if self.text.trim().is_empty() {
            return "follow up".to_owned();
        }
        one_line(self.text.trim())
    }
}

/// " (29 Feb in 2027 falls on 1 Mar)": why `on` is not the day a yearly or monthly
/// thing is kept on (`month`, `day`), when the year lacks that day; empty otherwise.
pub fn moved_day(month: u32, day: u32, on: NaiveDate) -> String {
    if (month, day) != (2, 29) || (on.month(), on.day()) == (2, 29) {
        return String::new();
    }
    if !matches!((on.month(), on.day()), (2, 28) | (3, 1)) {
        return String::new();
    }
    format!(
        " (29 Feb in {} falls on {})",
        on.year(),
        on.format("%-d %b")
    )
}

/// `text` with each line break (and the spaces around it) folded into one space.
pub fn one_line(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_owned();
    }
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A follow-up's place in time on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Standing {
    Overdue,
    DueToday,
    Ahead,
}

/// Something to bring up next time with a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub id: TopicId,
    pub person: PersonId,
    pub text: String,
    pub done: bool,
}

/// A day that matters to a person: an anniversary, a child's birthday, a move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportantDate {
    pub id: DateId,
    pub person: PersonId,
    pub label: String,
    /// Day and month, the year when given.
    pub on: Birthday,
    /// Every year (always so without a year), or once.
    pub yearly: bool,
}

impl ImportantDate {
    /// The next day on or after `today` it falls on; `None` for a one-off already past.
    pub fn next_on_or_after(&self, today: NaiveDate) -> Option<NaiveDate> {
        if self.yearly {
            return Some(self.on.next_on_or_after(today));
        }
        let once = NaiveDate::from_ymd_opt(self.on.year?, self.on.month, self.on.day)?;
        (once >= today).then_some(once)
    }

    /// How many years since its first year, on `day` ("10 years"), for a yearly date
    /// with a year.
    pub fn years_on(&self, day: NaiveDate) -> Option<i32> {
        let first = self.on.year.filter(|_| self.yearly)?;
        Some(day.year() - first).filter(|years| *years > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// N6: the note said "this year" for a later year's 28 February (2029 seen in 2026).
    #[test]
    fn leap_day_note_said_this_year_for_a_later_year() {
        assert_eq!(
            moved_day(2, 29, day("2029-02-28")),
            " (29 Feb in 2029 falls on 28 Feb)"
        );
    }

    #[test]
    fn repeats_are_stored_and_read_back_one_way() {
        for stored in ["1d", "3m", "2w", "1y", "1000d"] {
            assert_eq!(Repeat::from_stored(stored).unwrap().stored(), stored);
        }
        for bad in ["", "m", "0m", "03m", "3x", "-3m", "1001d", "3 m", "3M"] {
            assert_eq!(Repeat::from_stored(bad), None, "{bad:?}");
        }
        assert_eq!(
            Repeat::from_stored("3m").unwrap().to_string(),
            "every 3 months"
        );
        assert_eq!(Repeat::from_stored("1y").unwrap().to_string(), "every year");
    }

    #[test]
    fn a_repeat_done_late_moves_to_its_next_date_still_ahead() {
        let monthly = Repeat::new(1, RepeatUnit::Month).unwrap();
        let due = day("2026-01-31");
        assert_eq!(monthly.next_after(due, due), Some(day("2026-02-28")));
        // Done in April: February and March are past, so the next is 30 April.
        assert_eq!(
            monthly.next_after(due, day("2026-04-10")),
            Some(day("2026-04-30"))
        );
        let quarterly = Repeat::new(3, RepeatUnit::Month).unwrap();
        assert_eq!(
            quarterly.next_after(day("2026-03-03"), day("2026-03-01")),
            Some(day("2026-06-03"))
        );
        let yearly = Repeat::new(1, RepeatUnit::Year).unwrap();
        assert_eq!(
            yearly.next_after(day("2024-02-29"), day("2024-02-29")),
            Some(day("2025-02-28"))
        );
    }

    #[test]
    fn a_monthly_repeat_on_the_31st_does_not_drift_to_the_28th_after_february() {
        let monthly = Repeat::new(1, RepeatUnit::Month).unwrap();
        let anchor = day("2027-01-31");
        let mut due = anchor;
        let mut seen = Vec::new();
        for _ in 0..4 {
            due = monthly.next_from(anchor, due, day("2026-12-07")).unwrap();
            seen.push(due.to_string());
        }
        assert_eq!(
            seen,
            ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]
        );
        // Done late, from the clamped 28 February: the next still ahead, from the anchor.
        assert_eq!(
            monthly.next_from(anchor, day("2027-02-28"), day("2027-04-05")),
            Some(day("2027-04-30"))
        );
    }

    #[test]
    fn a_follow_up_comes_up_on_its_snooze_day() {
        let mut follow_up = FollowUp {
            id: FollowUpId(1),
            person: PersonId(1),
            name: "Ana".into(),
            due_on: day("2026-12-07"),
            anchor: day("2026-12-07"),
            due_at: None,
            text: String::new(),
            repeat: None,
            snoozed_until: None,
            done: false,
        };
        assert_eq!(follow_up.standing(day("2026-12-07")), Standing::DueToday);
        assert_eq!(follow_up.standing(day("2026-12-08")), Standing::Overdue);
        follow_up.snoozed_until = Some(day("2026-12-14"));
        assert_eq!(follow_up.standing(day("2026-12-08")), Standing::Ahead);
        assert_eq!(follow_up.what(), "follow up");
        assert_eq!(follow_up.moved_day(), "");
        follow_up.repeat = Repeat::new(1, RepeatUnit::Year);
        (follow_up.anchor, follow_up.due_on) = (day("2028-02-29"), day("2029-02-28"));
        assert_eq!(follow_up.moved_day(), " (29 Feb in 2029 falls on 28 Feb)");
        assert_eq!(
            moved_day(2, 29, day("2027-03-01")),
            " (29 Feb in 2027 falls on 1 Mar)"
        );
        assert_eq!(moved_day(2, 29, day("2028-02-29")), "");
        follow_up.text = "ask about\r\n  the move\n\nand the flat".into();
        assert_eq!(follow_up.what(), "ask about the move and the flat");
    }

    #[test]
    fn a_one_off_date_passes_and_a_yearly_one_comes_back() {
        let mut date = ImportantDate {
            id: DateId(1),
            person: PersonId(1),
            label: "moving to Lisbon".into(),
            on: Birthday::parse("2027-03-03").unwrap(),
            yearly: false,
        };
        assert_eq!(
            date.next_on_or_after(day("2026-12-07")),
            Some(day("2027-03-03"))
        );
        assert_eq!(date.next_on_or_after(day("2027-03-04")), None);
        date.yearly = true;
        assert_eq!(
            date.next_on_or_after(day("2027-03-04")),
            Some(day("2028-03-03"))
        );
        assert_eq!(date.years_on(day("2037-03-03")), Some(10));
    }
}
