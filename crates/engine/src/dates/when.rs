//! The future as a reminder reads it: a day ("tomorrow", "friday", "in 2 weeks",
//! "on 14 Dec", "14.12.", "2027-01-15"), maybe a time ("15:00", "at 9", "3pm") and maybe
//! a repeat ("every 3 months", "every year on 3 Mar", "monthly"). A day and month without
//! a year mean the next such day on or after today; a weekday the next one after today.
//! Everything else is read as `/log` reads it, so a day already past reads as that day
//! (and the caller refuses it). Pure: "today" is a parameter.

use chrono::{Days, Months, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{DateReading, Direction, Yearless, month_number, named, numeric_date, read_date};
use super::{shifted, weekday};
use kith_domain::intention::{Repeat, RepeatUnit};

/// When a follow-up is due: a day, maybe a time of day, maybe a repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub on: NaiveDate,
    pub at: Option<NaiveTime>,
    pub repeat: Option<Repeat>,
}

impl When {
    /// "Mon 14 Dec 2026", then " at 15:00" and ", every 3 months" when given.
    pub fn shown(&self) -> String {
        let mut text = self.on.format("%a %-d %b %Y").to_string();
        if let Some(at) = self.at {
            text.push_str(&at.format(" at %H:%M").to_string());
        }
        if let Some(repeat) = self.repeat {
            text.push_str(&format!(", {repeat}"));
        }
        text
    }
}

/// What a phrase for a reminder says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhenReading {
    When(When),
    /// A slash date both ways round (`3/5`): the day-first reading and the month-first day.
    Ambiguous {
        day_first: When,
        month_first: NaiveDate,
    },
    /// A day and month no calendar has: why, in words.
    Impossible(String),
    /// A time of day or a repeat that cannot be ("25:00", "every 0 days"): why, in words.
    Wrong(String),
    NotAWhen,
}

/// Reads a reminder's WHEN relative to `today`.
pub fn read_when(text: &str, today: NaiveDate) -> WhenReading {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(why) = wrong_time_or_repeat(&words) {
        return WhenReading::Wrong(why);
    }
    let Some((words, repeat)) = split_repeat(&words) else {
        return WhenReading::NotAWhen;
    };
    let Some((words, at)) = split_time(&words) else {
        return WhenReading::NotAWhen;
    };
    let (words, at) = match at {
        None => leading_time(&words),
        at => (words, at),
    };
    let words: &[&str] = match words.as_slice() {
        ["from" | "starting" | "on", rest @ ..] if repeat.is_some() => rest,
        other => other,
    };
    let reading = match (words, repeat, at) {
        ([], Some(repeat), _) => repeat
            .after(today)
            .map_or(DateReading::NotADate, DateReading::Date),
        ([], None, Some(_)) => DateReading::Date(today),
        ([], None, None) => DateReading::NotADate,
        (words, ..) => future_date(words, today),
    };
    let when = |on| When { on, at, repeat };
    match reading {
        DateReading::Date(on) => WhenReading::When(when(on)),
        DateReading::Ambiguous {
            day_first,
            month_first,
        } => WhenReading::Ambiguous {
            day_first: when(day_first),
            month_first,
        },
        DateReading::Impossible(why) => WhenReading::Impossible(why),
        DateReading::NotADate => WhenReading::NotAWhen,
    }
}

/// A day ahead: weekdays are the next one after today, days without a year the next on
/// or after today; anything else as `/log` reads it.
fn future_date(words: &[&str], today: NaiveDate) -> DateReading {
    let words: &[&str] = match words {
        ["on", rest @ ..] => rest,
        other => other,
    };
    let ahead = |days: u64| today.checked_add_days(Days::new(days));
    let date = match words {
        ["day", "after", "tomorrow"] => ahead(2),
        [day] | ["next" | "this", day] if weekday(day).is_some() => {
            weekday(day).and_then(|day| next_weekday(day, today))
        }
        ["next", "month"] => today.checked_add_months(Months::new(1)),
        ["next", "year"] => today.checked_add_months(Months::new(12)),
        ["in", amount] => amount
            .find(|c: char| !c.is_ascii_digit())
            .and_then(|split| shifted(&amount[..split], &amount[split..], today, Direction::Ahead)),
        [number, unit] if number.chars().all(|c| c.is_ascii_digit()) && unit_of(unit).is_some() => {
            shifted(number, unit, today, Direction::Ahead)
        }
        [month, day] | [month, day, _] if month_number(month).is_some() => {
            return named(words, month, day, Yearless::Next(today));
        }
        [day, month] | [day, month, _] if month_number(month).is_some() => {
            return named(words, month, day, Yearless::Next(today));
        }
        [numeric] if numeric.chars().any(|c| matches!(c, '.' | '/' | '-')) => {
            return numeric_date(numeric, Yearless::Next(today));
        }
        _ => return read_date(&words.join(" "), today),
    };
    date.map_or(DateReading::NotADate, DateReading::Date)
}

/// The first `day` after `today` ("friday" on a Friday is a week ahead).
fn next_weekday(day: chrono::Weekday, today: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today.checked_add_days(Days::new(u64::from(ahead)))
}

fn unit_of(word: &str) -> Option<RepeatUnit> {
    Some(match word {
        "day" | "days" => RepeatUnit::Day,
        "week" | "weeks" => RepeatUnit::Week,
        "month" | "months" => RepeatUnit::Month,
        "year" | "years" => RepeatUnit::Year,
        _ => return None,
    })
}

/// A one-word repeat: "daily", "weekly", "monthly", "quarterly", "yearly".
fn frequency(word: &str) -> Option<Repeat> {
    let (count, unit) = match word {
        "daily" => (1, RepeatUnit::Day),
        "weekly" => (1, RepeatUnit::Week),
        "fortnightly" => (2, RepeatUnit::Week),
        "monthly" => (1, RepeatUnit::Month),
        "quarterly" => (3, RepeatUnit::Month),
        "yearly" | "annually" => (1, RepeatUnit::Year),
        _ => return None,
    };
    Repeat::new(count, unit)
}

/// "every 3 months", "every week", "every friday" (weekly, from the next Friday): the
/// repeat and how many words it took; a weekday stays for the date to read.
fn every(words: &[&str]) -> Option<(Repeat, usize, bool)> {
    match words {
        ["every", "other", unit, ..] => Some((Repeat::new(2, unit_of(unit)?)?, 3, false)),
        ["every", day, ..] if weekday(day).is_some() => {
            Some((Repeat::new(1, RepeatUnit::Week)?, 1, true))
        }
        ["every", unit, ..] if unit_of(unit).is_some() => {
            Some((Repeat::new(1, unit_of(unit)?)?, 2, false))
        }
        ["every", count, unit, ..] => {
            let count = count.parse().ok()?;
            Some((Repeat::new(count, unit_of(unit)?)?, 3, false))
        }
        _ => None,
    }
}

/// The repeat at the start or the end of `words`, and the words left; `None` when
/// "every" says no repeat that can be read (never a date read without its repeat).
fn split_repeat<'a>(words: &[&'a str]) -> Option<(Vec<&'a str>, Option<Repeat>)> {
    if let Some(first) = words.first().and_then(|w| frequency(w)) {
        return Some((words[1..].to_vec(), Some(first)));
    }
    if let Some(last) = words.last().and_then(|w| frequency(w)) {
        return Some((words[..words.len() - 1].to_vec(), Some(last)));
    }
    let Some(at) = words.iter().position(|w| *w == "every") else {
        return Some((words.to_vec(), None));
    };
    let (repeat, taken, keeps_day) = every(&words[at..])?;
    let after = &words[at + taken..];
    let mut rest = words[..at].to_vec();
    // "every year on 3 Mar" (the repeat first) or "on 3 Mar every year" (last, maybe
    // with a time after it).
    if at == 0 || keeps_day || after.iter().all(|w| is_time_word(w)) {
        rest.extend_from_slice(after);
        return Some((rest, Some(repeat)));
    }
    None
}

/// Why a word shaped like a time of day or a repeat cannot be one: "25:00 is not a
/// time of day", "every 0 days is not a repeat".
fn wrong_time_or_repeat(words: &[&str]) -> Option<String> {
    for (index, word) in words.iter().enumerate() {
        let shaped = word
            .trim_end_matches("am")
            .trim_end_matches("pm")
            .split_once(':')
            .is_some_and(|(h, m)| {
                !h.is_empty()
                    && h.len() <= 2
                    && m.len() == 2
                    && (h.to_owned() + m).bytes().all(|b| b.is_ascii_digit())
            });
        let after_at = index > 0
            && words[index - 1] == "at"
            && !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_digit());
        if (shaped && clock(word).is_none())
            || (after_at && word.parse::<u32>().map_or(true, |h| h > 23))
        {
            return Some(format!(
                "\"{word}\" is not a time of day (hours go from 0 to 23, minutes from 00 to 59)"
            ));
        }
    }
    for window in words.windows(3) {
        if let ["every", count, unit] = window
            && count.bytes().all(|b| b.is_ascii_digit())
            && let Some(unit) = unit_of(unit)
            && count
                .parse()
                .ok()
                .and_then(|n| Repeat::new(n, unit))
                .is_none()
        {
            return Some(format!(
                "\"every {count} {}\" is not a repeat: it can be every 1 to {} days, weeks, months or years",
                window[2],
                Repeat::MAX_COUNT
            ));
        }
    }
    None
}

/// A time of day before the day ("at 9 tomorrow", "15:00 friday", "9am on monday"), and
/// the words after it; `words` as they were when there is none.
fn leading_time<'a>(words: &[&'a str]) -> (Vec<&'a str>, Option<NaiveTime>) {
    let (words, at) = match words {
        ["at", rest @ ..] => (rest, true),
        other => (other, false),
    };
    let (time, taken) = match words {
        [number, half @ ("am" | "pm"), ..] => (clock(&format!("{number}{half}")), 2),
        // A bare number is an hour only after "at" ("14 Dec" is a day).
        [number, ..] if at && number.bytes().all(|b| b.is_ascii_digit()) => {
            (number.parse().ok().and_then(|h| hour_minute(h, 0)), 1)
        }
        [word, ..] => (clock(word), 1),
        [] => (None, 0),
    };
    match time {
        Some(time) if words.len() > taken => (words[taken..].to_vec(), Some(time)),
        _ => (words.to_vec(), None),
    }
}

fn is_time_word(word: &str) -> bool {
    word == "at" || word == "am" || word == "pm" || clock(word).is_some()
}

/// The time of day at the end of `words` ("15:00", "at 9", "9am", "3 pm", "at 9:30"),
/// and the words before it; `None` when a time there cannot be read ("at 25:00").
fn split_time<'a>(words: &[&'a str]) -> Option<(Vec<&'a str>, Option<NaiveTime>)> {
    let mut end = words.len();
    let time = match words {
        [.., number, half @ ("am" | "pm")] => {
            end -= 2;
            Some(clock(&format!("{number}{half}"))?)
        }
        [.., "at", number] if number.chars().all(|c| c.is_ascii_digit()) => {
            end -= 1;
            Some(hour_minute(number.parse().ok()?, 0)?)
        }
        [.., last] if clock(last).is_some() => {
            end -= 1;
            clock(last)
        }
        [.., "at", _] => return None,
        _ => None,
    };
    if time.is_some() && end > 0 && words[end - 1] == "at" {
        end -= 1;
    }
    Some((words[..end].to_vec(), time))
}

fn hour_minute(hour: u32, minute: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// "15:00", "9:30", "9am", "3pm", "12:30pm": a time of day; `None` for anything else
/// (a bare number is a time only after "at").
fn clock(word: &str) -> Option<NaiveTime> {
    let (digits, half) = match word.strip_suffix("am") {
        Some(digits) => (digits, Some(false)),
        None => match word.strip_suffix("pm") {
            Some(digits) => (digits, Some(true)),
            None => (word, None),
        },
    };
    let (hour, minute) = match digits.split_once(':') {
        Some((hour, minute)) if minute.len() == 2 => (hour, minute.parse().ok()?),
        Some(_) => return None,
        None if half.is_some() => (digits, 0),
        None => return None,
    };
    if hour.is_empty() || hour.len() > 2 || !hour.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hour: u32 = hour.parse().ok()?;
    let hour = match half {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    hour_minute(hour, minute)
}
