//! Dates as people type them: today, yesterday, weekday names, `3d ago`, `a week ago`,
//! `last week`, month names (`Nov 28`, `28 November 2025`), numeric dates (`31/12`,
//! `28.11.`, `12/31/2025`) and ISO dates. A numeric date whose day and month could be
//! swapped (`3/5`) is never guessed: it reads as ambiguous, with both readings. Pure:
//! "today" is always a parameter. Also the relative hints shown beside ISO dates in
//! replies ("3 weeks ago").

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// What a date phrase says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateReading {
    Date(NaiveDate),
    /// Day and month could be either way round: the day-first and the month-first reading.
    Ambiguous {
        day_first: NaiveDate,
        month_first: NaiveDate,
    },
    NotADate,
}

/// How far ahead a date without a year may be and still mean this year ("Nov 28" typed
/// on Nov 26 is this week; "Dec 24" typed in February is last December's).
const YEARLESS_AHEAD_DAYS: i64 = 14;

/// Parses a date phrase relative to `today`; `None` when it is not one date.
pub fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match read_date(text, today) {
        DateReading::Date(date) => Some(date),
        _ => None,
    }
}

/// Reads a date phrase relative to `today`. Weekday names mean the most recent such day
/// before today ("monday" on a Monday is a week ago).
pub fn read_date(text: &str, today: NaiveDate) -> DateReading {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words: &[&str] = match words.as_slice() {
        ["on", rest @ ..] => rest,
        other => other,
    };
    let date = match words {
        ["today"] => Some(today),
        ["yesterday"] => today.checked_sub_days(Days::new(1)),
        ["tomorrow"] => today.checked_add_days(Days::new(1)),
        [day] if weekday(day).is_some() => weekday(day).and_then(|d| last_weekday(d, today)),
        ["last", "week"] => today.checked_sub_days(Days::new(7)),
        ["last", "month"] => today.checked_sub_days(Days::new(30)),
        ["last", day] => weekday(day).and_then(|d| last_weekday(d, today)),
        [amount, "ago"] => amount
            .find(|c: char| !c.is_ascii_digit())
            .and_then(|split| ago(&amount[..split], &amount[split..], today)),
        ["a" | "an" | "one", unit, "ago"] => ago("1", unit, today),
        [number, unit, "ago"] => ago(number, unit, today),
        [month, day] | [month, day, _] if month_number(month).is_some() => {
            named(words, month, day, today)
        }
        [day, month] | [day, month, _] if month_number(month).is_some() => {
            named(words, month, day, today)
        }
        [numeric] => return numeric_date(numeric, today),
        _ => None,
    };
    date.map_or(DateReading::NotADate, DateReading::Date)
}

fn month_number(word: &str) -> Option<u32> {
    crate::domain::text::month_number(word.trim_end_matches(['.', ',']))
}

/// "Nov 28", "28 November", "Nov 28 2025", "28 Nov, 2025".
fn named(words: &[&str], month: &str, day: &str, today: NaiveDate) -> Option<NaiveDate> {
    let month = month_number(month)?;
    let day: u32 = day
        .trim_end_matches([',', '.'])
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th")
        .parse()
        .ok()?;
    match words.get(2) {
        Some(year) => NaiveDate::from_ymd_opt(year.trim_end_matches('.').parse().ok()?, month, day),
        None => yearless(month, day, today),
    }
}

/// A day and month without a year: this year's, unless that is more than two weeks
/// ahead, then last year's.
fn yearless(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(date) if (date - today).num_days() <= YEARLESS_AHEAD_DAYS => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
    }
}

/// "2026-11-01", "31/12", "12/31/2025", "28.11.", "28.11.2025". Dots are always day
/// first; a slash date is read the way only one order allows, or is ambiguous.
fn numeric_date(text: &str, today: NaiveDate) -> DateReading {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return DateReading::Date(date);
    }
    let dotted = text.contains('.');
    let parts: Vec<&str> = text.trim_end_matches('.').split(['.', '/']).collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return DateReading::NotADate;
    }
    let number = |index: usize| parts[index].parse::<u32>().ok();
    let (Some(first), Some(second)) = (number(0), number(1)) else {
        return DateReading::NotADate;
    };
    let year = match parts.get(2) {
        Some(year) => match year.parse::<i32>() {
            Ok(year) if year < 100 => Some(2000 + year),
            Ok(year) => Some(year),
            Err(_) => return DateReading::NotADate,
        },
        None => None,
    };
    let make = |day: u32, month: u32| match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day),
        None => yearless(month, day, today),
    };
    if dotted {
        return make(first, second).map_or(DateReading::NotADate, DateReading::Date);
    }
    match (make(first, second), make(second, first)) {
        (Some(day_first), Some(month_first)) if day_first != month_first => {
            DateReading::Ambiguous {
                day_first,
                month_first,
            }
        }
        (Some(date), _) | (None, Some(date)) => DateReading::Date(date),
        (None, None) => DateReading::NotADate,
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    let word = word.trim_end_matches('.');
    let days = [
        (Weekday::Mon, "monday"),
        (Weekday::Tue, "tuesday"),
        (Weekday::Wed, "wednesday"),
        (Weekday::Thu, "thursday"),
        (Weekday::Fri, "friday"),
        (Weekday::Sat, "saturday"),
        (Weekday::Sun, "sunday"),
    ];
    days.iter()
        .find(|(_, name)| word.len() >= 3 && name.starts_with(word))
        .map(|(day, _)| *day)
}

fn last_weekday(day: Weekday, today: NaiveDate) -> Option<NaiveDate> {
    let back = (7 + today.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    let back = if back == 0 { 7 } else { back };
    today.checked_sub_days(Days::new(u64::from(back)))
}

fn ago(number: &str, unit: &str, today: NaiveDate) -> Option<NaiveDate> {
    let n: u64 = number.parse().ok().filter(|n| *n <= 36_500)?;
    let days = match unit {
        "d" | "day" | "days" => n,
        "w" | "wk" | "week" | "weeks" => n * 7,
        "m" | "mo" | "month" | "months" => n * 30,
        "y" | "year" | "years" => n * 365,
        _ => return None,
    };
    today.checked_sub_days(Days::new(days))
}

/// "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago", "2 years ago", or
/// "in 3 days" for the future.
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        -1 => "tomorrow".to_owned(),
        d if d < 0 => format!("in {}", plural(-d, "day")),
        d if d < 14 => format!("{} ago", plural(d, "day")),
        d if d < 60 => format!("{} ago", plural(d / 7, "week")),
        d if d < 730 => format!("{} ago", plural(d / 30, "month")),
        d => format!("{} ago", plural(d / 365, "year")),
    }
}

/// An ISO date with its relative hint: "2026-11-05 (3 weeks ago)".
pub fn dated(date: NaiveDate, today: NaiveDate) -> String {
    format!("{date} ({})", relative(date, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_phrases() {
        // 2026-11-26 is a Thursday.
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let cases = [
            ("today", Some("2026-11-26")),
            ("Yesterday", Some("2026-11-25")),
            ("tomorrow", Some("2026-11-27")),
            ("monday", Some("2026-11-23")),
            ("on Mon", Some("2026-11-23")),
            ("thursday", Some("2026-11-19")),
            ("last friday", Some("2026-11-20")),
            ("3d ago", Some("2026-11-23")),
            ("3 days ago", Some("2026-11-23")),
            ("2w ago", Some("2026-11-12")),
            ("1 week ago", Some("2026-11-19")),
            ("2 months ago", Some("2026-09-27")),
            ("2026-11-01", Some("2026-11-01")),
            ("on 2026-11-01", Some("2026-11-01")),
            ("2026-02-30", None),
            ("a week ago", Some("2026-11-19")),
            ("last week", Some("2026-11-19")),
            ("an hour ago", None),
            ("Nov 28", Some("2026-11-28")),
            ("28 Nov", Some("2026-11-28")),
            ("on 3rd March", Some("2026-03-03")),
            ("December 24", Some("2025-12-24")),
            ("24 dec 2024", Some("2024-12-24")),
            ("Nov 31", None),
            ("31/12", Some("2025-12-31")),
            ("12/31/2025", Some("2025-12-31")),
            ("28.11.", Some("2026-11-28")),
            ("28.11.2025", Some("2025-11-28")),
            ("3.5.", Some("2026-05-03")),
            ("5/5", Some("2026-05-05")),
            ("13/13", None),
            ("soon", None),
            ("99999999 days ago", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_date(input, today).map(|d| d.to_string()).as_deref(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn a_slash_date_both_ways_round_is_ambiguous_never_guessed() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(
            read_date("3/5", today),
            DateReading::Ambiguous {
                day_first: day("2026-05-03"),
                month_first: day("2026-03-05"),
            }
        );
        assert_eq!(parse_date("3/5", today), None);
        assert_eq!(
            read_date("4/11/2026", today),
            DateReading::Ambiguous {
                day_first: day("2026-11-04"),
                month_first: day("2026-04-11"),
            }
        );
    }

    #[test]
    fn relative_hints() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let cases = [
            ("2026-11-26", "today"),
            ("2026-11-25", "yesterday"),
            ("2026-11-21", "5 days ago"),
            ("2026-11-05", "3 weeks ago"),
            ("2026-06-01", "5 months ago"),
            ("2023-11-01", "3 years ago"),
            ("2026-11-29", "in 3 days"),
        ];
        for (date, expected) in cases {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            assert_eq!(relative(date, today), expected);
        }
    }
}
