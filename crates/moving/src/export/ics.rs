//! The iCalendar export (RFC 5545) a calendar app can subscribe to: every birthday and
//! important date of people not archived, and every open follow-up (archived people's
//! too: an intention beats archive, as in /reminders and the digest), one VEVENT each
//! with a UID that stays the same on every export (`birthday-<person>@kith`,
//! `date-<id>@kith`, `followup-<id>@kith`). Days are all-day DATE values; yearly ones
//! (and a follow-up's repeat) carry an RRULE that lands on the days kith itself names:
//! 29 February is `BYYEARDAY=60` (1 March in other years, as kith says), a monthly
//! follow-up anchored on the 29th–31st falls on the last day of shorter months.
//! A snoozed repeating follow-up is its snooze's day (an RDATE) and then its series from
//! where Done on that day moves it.
//! A follow-up with a time: a one-off is written in UTC (the exact instant); a repeating
//! one in floating local time, so it keeps its hour across daylight saving time in the
//! calendar of the owner, who subscribes in their own zone. No TZID is written, so the
//! file needs no VTIMEZONE (a hand-made copy of the zone's rules would be one more
//! thing to get wrong and to go stale). Every follow-up has a VALARM.
//! Lines end in CRLF, are folded at 75 octets and their text is escaped. Pure: computed
//! from the JSON export, the owner's zone and the moment it is made.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use serde_json::Value;

use super::{DateRow, FollowUpRow, PersonRow, person_name, rows};
use kith_domain::contact::Birthday;
use kith_domain::intention::{Repeat, RepeatUnit};

/// The file's name in the export folder.
pub const ICS_FILE: &str = "kith.ics";

/// The year a day without a year is written in: a leap year, so 29 February is a day.
const NO_YEAR: i32 = 2000;

/// The most octets a line holds before it is folded (RFC 5545 3.1), CRLF not counted.
const LINE_OCTETS: usize = 75;

/// The export as one iCalendar text; `stamp` is its DTSTAMP (when it was made).
pub fn ics_calendar(export: &Value, zone: chrono_tz::Tz, stamp: DateTime<Utc>) -> String {
    let people: Vec<PersonRow> = rows(export, "people");
    // Every person's name, for follow-ups; those not archived, for birthdays and dates.
    let everyone: HashMap<i64, String> = people
        .iter()
        .filter_map(|p| Some((p.id?, person_name(p))))
        .collect();
    let names: HashMap<i64, String> = people
        .iter()
        .filter(|p| p.archived != Some(1))
        .filter_map(|p| Some((p.id?, person_name(p))))
        .collect();
    let mut calendar = Calendar {
        text: String::new(),
        stamp: stamp.format("%Y%m%dT%H%M%SZ").to_string(),
    };
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kith//kith export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:kith",
    ] {
        calendar.line(line);
    }
    for person in &people {
        if let (Some(id), Some(name)) = (person.id, person.id.and_then(|id| names.get(&id)))
            && let Ok(on) = Birthday::parse(&person.birthday)
        {
            calendar.day_event(
                &format!("birthday-{id}@kith"),
                &format!("{name}'s birthday"),
                on,
                true,
            );
        }
    }
    for date in rows::<DateRow>(export, "important_dates") {
        if let (Some(id), Some(name)) = (date.id, date.person_id.and_then(|p| names.get(&p)))
            && let Ok(on) = Birthday::parse(&date.on_date)
        {
            let summary = format!("{name}: {}", date.label);
            calendar.day_event(
                &format!("date-{id}@kith"),
                &summary,
                on,
                date.yearly == Some(1),
            );
        }
    }
    for follow_up in rows::<FollowUpRow>(export, "follow_ups") {
        if let (Some(id), Some(name)) = (
            follow_up.id,
            follow_up.person_id.and_then(|p| everyone.get(&p)),
        ) && follow_up.done_at.is_empty()
        {
            calendar.follow_up(id, name, &follow_up, zone);
        }
    }
    calendar.line("END:VCALENDAR");
    calendar.text
}

/// The text being written, line by line.
struct Calendar {
    text: String,
    stamp: String,
}

impl Calendar {
    /// One content line: folded at 75 octets (never inside a character), ended by CRLF.
    fn line(&mut self, line: &str) {
        let mut room = LINE_OCTETS;
        for c in line.chars() {
            if c.len_utf8() > room {
                self.text.push_str("\r\n ");
                // The space that continues a line counts toward its 75 octets.
                room = LINE_OCTETS - 1;
            }
            self.text.push(c);
            room -= c.len_utf8();
        }
        self.text.push_str("\r\n");
    }

    fn begin_event(&mut self, uid: &str, summary: &str) {
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{uid}"));
        let stamp = format!("DTSTAMP:{}", self.stamp);
        self.line(&stamp);
        self.line(&format!("SUMMARY:{}", escaped(summary)));
    }

    /// An all-day event on `on` (a day without a year written in `NO_YEAR`), every year
    /// when `yearly`.
    fn day_event(&mut self, uid: &str, summary: &str, on: Birthday, yearly: bool) {
        let Some(day) = NaiveDate::from_ymd_opt(on.year.unwrap_or(NO_YEAR), on.month, on.day)
        else {
            return;
        };
        self.begin_event(uid, summary);
        self.line(&format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
        self.line("TRANSP:TRANSPARENT");
        if yearly || on.year.is_none() {
            self.line(&yearly_rule(day));
        }
        self.line("END:VEVENT");
    }

    /// An open follow-up on the day it comes up (its snooze's, else its due day): all
    /// day, or at its time (see the header); its repeat as an RRULE; a VALARM to show it.
    fn follow_up(&mut self, id: i64, name: &str, row: &FollowUpRow, zone: chrono_tz::Tz) {
        let comes_up = if row.snoozed_until.is_empty() {
            &row.due_on
        } else {
            &row.snoozed_until
        };
        let Ok(day) = NaiveDate::parse_from_str(comes_up, "%Y-%m-%d") else {
            return;
        };
        let summary = if row.text.trim().is_empty() {
            format!("Follow up with {name}")
        } else {
            format!("{name}: {}", row.text.trim())
        };
        self.begin_event(&format!("followup-{id}@kith"), &summary);
        let time = NaiveTime::parse_from_str(&row.due_at, "%H:%M").ok();
        let repeat = Repeat::from_stored(&row.repeat);
        let due = NaiveDate::parse_from_str(&row.due_on, "%Y-%m-%d").unwrap_or(day);
        // Every later day counts from the first (31 January monthly keeps the 31st).
        let anchor = NaiveDate::parse_from_str(&row.anchor_on, "%Y-%m-%d")
            .ok()
            .filter(|anchor| *anchor <= due)
            .unwrap_or(due);
        // A repeating one snoozed: its series goes on from the first day after the
        // snooze, where Done on that day moves it, and the snooze's day is one more date.
        let (start, snoozed) = match repeat.filter(|_| day != due) {
            Some(repeat) => match repeat.next_from(anchor, due, day) {
                Some(next) => (next, Some(day)),
                None => (day, None),
            },
            None => (day, None),
        };
        let value = |on: NaiveDate| start_value(on, time, repeat.is_some(), zone);
        self.line(&format!("DTSTART{}", value(start)));
        if time.is_some() {
            self.line("DURATION:PT30M");
        }
        if let Some(repeat) = repeat {
            // The day of the month it keeps is its first day's.
            self.line(&repeat_rule(repeat, anchor));
        }
        if let Some(snoozed) = snoozed {
            self.line(&format!("RDATE{}", value(snoozed)));
        }
        self.line("BEGIN:VALARM");
        self.line("ACTION:DISPLAY");
        self.line(&format!("DESCRIPTION:{}", escaped(&summary)));
        // At its time; an all-day one at 09:00 of its day.
        self.line(if time.is_some() {
            "TRIGGER:PT0M"
        } else {
            "TRIGGER:PT9H"
        });
        self.line("END:VALARM");
        self.line("END:VEVENT");
    }
}

/// A follow-up's start on `on` with its parameters and value: a day; else a repeating
/// one's local (floating) time, or a one-off's instant in UTC.
fn start_value(
    on: NaiveDate,
    time: Option<NaiveTime>,
    repeats: bool,
    zone: chrono_tz::Tz,
) -> String {
    match time.map(|time| on.and_time(time)) {
        None => format!(";VALUE=DATE:{}", on.format("%Y%m%d")),
        Some(at) if repeats => format!(":{}", at.format("%Y%m%dT%H%M%S")),
        Some(at) => format!(":{}", in_utc(at, zone).format("%Y%m%dT%H%M%SZ")),
    }
}

/// A wall-clock time in `zone` as a UTC instant; a time the clocks skip is read an hour
/// later (02:30 on the spring-forward night is 03:30).
fn in_utc(at: NaiveDateTime, zone: chrono_tz::Tz) -> DateTime<Utc> {
    zone.from_local_datetime(&at)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(at + TimeDelta::hours(1)))
                .earliest()
        })
        .map_or_else(|| at.and_utc(), |local| local.with_timezone(&Utc))
}

/// Every year on `day`. 29 February is the 60th day of the year: 29 February in leap
/// years and 1 March in others, the day kith names for it then.
fn yearly_rule(day: NaiveDate) -> String {
    if (day.month(), day.day()) == (2, 29) {
        "RRULE:FREQ=YEARLY;BYYEARDAY=60".to_owned()
    } else {
        "RRULE:FREQ=YEARLY".to_owned()
    }
}

/// A follow-up's repeat from `anchor`, its first day. kith moves a month on by the same
/// day, or the month's last day when it is shorter (31 January, 28 February, 31 March):
/// anchored on the 31st that is the last day (`BYMONTHDAY=-1`); on the 29th or 30th, the
/// last of the days 28 up to the anchor the month has (`BYMONTHDAY=28,29,30;BYSETPOS=-1`);
/// a yearly one on 29 February is February's last day.
fn repeat_rule(repeat: Repeat, anchor: NaiveDate) -> String {
    let (freq, by) = match repeat.unit {
        RepeatUnit::Day => ("DAILY", String::new()),
        RepeatUnit::Week => ("WEEKLY", String::new()),
        RepeatUnit::Month => ("MONTHLY", month_end_rule(anchor.day())),
        RepeatUnit::Year if (anchor.month(), anchor.day()) == (2, 29) => {
            ("YEARLY", ";BYMONTH=2;BYMONTHDAY=-1".to_owned())
        }
        RepeatUnit::Year => ("YEARLY", String::new()),
    };
    let interval = if repeat.count == 1 {
        String::new()
    } else {
        format!(";INTERVAL={}", repeat.count)
    };
    format!("RRULE:FREQ={freq}{interval}{by}")
}

/// The BYMONTHDAY part of a monthly rule anchored on `day` of the month.
fn month_end_rule(day: u32) -> String {
    match day {
        31 => ";BYMONTHDAY=-1".to_owned(),
        29 | 30 => {
            let days: Vec<String> = (28..=day).map(|d| d.to_string()).collect();
            format!(";BYMONTHDAY={};BYSETPOS=-1", days.join(","))
        }
        _ => String::new(),
    }
}

/// A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(escaped("a,b;c\\d\r\ne\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        let mut calendar = Calendar {
            text: String::new(),
            stamp: String::new(),
        };
        let long = format!("SUMMARY:{}", "é".repeat(100));
        calendar.line(&long);
        for line in calendar.text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= LINE_OCTETS, "{} octets", line.len());
        }
        let unfolded = calendar.text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }

    #[test]
    fn a_repeat_is_its_rrule() {
        let on = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let rule = |stored| repeat_rule(Repeat::from_stored(stored).unwrap(), on("2026-12-01"));
        assert_eq!(rule("3m"), "RRULE:FREQ=MONTHLY;INTERVAL=3");
        assert_eq!(rule("1y"), "RRULE:FREQ=YEARLY");
        assert_eq!(rule("2w"), "RRULE:FREQ=WEEKLY;INTERVAL=2");
        assert_eq!(
            yearly_rule(NaiveDate::from_ymd_opt(2000, 2, 29).unwrap()),
            "RRULE:FREQ=YEARLY;BYYEARDAY=60"
        );
        let monthly = |anchor| repeat_rule(Repeat::from_stored("1m").unwrap(), on(anchor));
        assert_eq!(monthly("2027-01-31"), "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1");
        assert_eq!(
            monthly("2027-01-30"),
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"
        );
        assert_eq!(
            monthly("2027-01-29"),
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"
        );
        assert_eq!(monthly("2027-01-28"), "RRULE:FREQ=MONTHLY");
        assert_eq!(
            repeat_rule(Repeat::from_stored("4y").unwrap(), on("2028-02-29")),
            "RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=-1"
        );
    }
}
