//! The iCalendar export (RFC 5545) a calendar app can subscribe to: every birthday and
//! important date and every open follow-up of people not archived, one VEVENT each with
//! a UID that stays the same on every export (`birthday-<person>@kith`,
//! `date-<id>@kith`, `followup-<id>@kith`). Days are all-day DATE values; yearly ones
//! (and a follow-up's repeat) carry their RRULE; a follow-up with a time is a timed event
//! at that time in the owner's zone (TZID, its IANA name, or UTC), and every follow-up
//! has a VALARM.
//! Lines end in CRLF, are folded at 75 octets and their text is escaped. Pure: computed
//! from the JSON export, the owner's zone and the moment it is made.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
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
            follow_up.person_id.and_then(|p| names.get(&p)),
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
    /// day, or at its time in `zone`; its repeat as an RRULE; a VALARM to show it.
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
        let at = NaiveTime::parse_from_str(&row.due_at, "%H:%M")
            .ok()
            .map(|time| day.and_time(time));
        match at {
            // In the owner's zone by its IANA name, so a repeat keeps its hour across
            // daylight saving time; UTC as UTC.
            Some(at) if zone == chrono_tz::UTC => {
                self.line(&format!("DTSTART:{}", at.format("%Y%m%dT%H%M%SZ")));
            }
            Some(at) => {
                let start = at.format("%Y%m%dT%H%M%S");
                self.line(&format!("DTSTART;TZID={}:{start}", zone.name()));
            }
            None => self.line(&format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d"))),
        }
        if at.is_some() {
            self.line("DURATION:PT30M");
        }
        if let Some(repeat) = Repeat::from_stored(&row.repeat) {
            self.line(&repeat_rule(repeat));
        }
        self.line("BEGIN:VALARM");
        self.line("ACTION:DISPLAY");
        self.line(&format!("DESCRIPTION:{}", escaped(&summary)));
        // At its time; an all-day one at 09:00 of its day.
        self.line(if at.is_some() {
            "TRIGGER:PT0M"
        } else {
            "TRIGGER:PT9H"
        });
        self.line("END:VALARM");
        self.line("END:VEVENT");
    }
}

/// Every year on `day`; 29 February falls on the month's last day in other years.
fn yearly_rule(day: NaiveDate) -> String {
    if day.format("%m-%d").to_string() == "02-29" {
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1".to_owned()
    } else {
        "RRULE:FREQ=YEARLY".to_owned()
    }
}

fn repeat_rule(repeat: Repeat) -> String {
    let freq = match repeat.unit {
        RepeatUnit::Day => "DAILY",
        RepeatUnit::Week => "WEEKLY",
        RepeatUnit::Month => "MONTHLY",
        RepeatUnit::Year => "YEARLY",
    };
    if repeat.count == 1 {
        format!("RRULE:FREQ={freq}")
    } else {
        format!("RRULE:FREQ={freq};INTERVAL={}", repeat.count)
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
        let rule = |stored| repeat_rule(Repeat::from_stored(stored).unwrap());
        assert_eq!(rule("3m"), "RRULE:FREQ=MONTHLY;INTERVAL=3");
        assert_eq!(rule("1y"), "RRULE:FREQ=YEARLY");
        assert_eq!(rule("2w"), "RRULE:FREQ=WEEKLY;INTERVAL=2");
        assert_eq!(
            yearly_rule(NaiveDate::from_ymd_opt(2000, 2, 29).unwrap()),
            "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
        );
    }
}
