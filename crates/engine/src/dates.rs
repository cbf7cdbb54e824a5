//! Dates as people type them: today, yesterday, weekday names, `3d ago`, `a week ago`,
//! `last week`, month names (`Nov 28`, `28 November 2025`), numeric dates (`31/12`,
//! `28.11.`, `12/31/2025`) and ISO dates. A numeric date whose day and month could be
//! swapped (`3/5`) is never guessed: it reads as ambiguous, with both readings. Pure:
//! "today" is always a parameter. Also the relative hints shown beside ISO dates in
//! replies ("3 weeks ago"). `when` reads the future as a reminder means it: a day,
//! maybe a time and a repeat.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

mod when;
pub use when::{When, WhenReading, read_when};

/// What a date phrase says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateReading {
    Date(NaiveDate),
    /// Day and month could be either way round: the day-first and the month-first reading.
    Ambiguous {
        day_first: NaiveDate,
        month_first: NaiveDate,
    },
    /// A day and month that no calendar has ("31/02", "Nov 31"): why, in words.
    Impossible(String),
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

/// Reads a date phrase relative to `today`. A bare weekday ("monday", "last monday")
/// means the most recent such day before today ("monday" on a Monday is a week ago);
/// "this friday" is the Friday of this week (Monday to Sunday), "next friday" the one a
/// week after. Months and years back are calendar arithmetic: a month before 31 March is
/// the last day of February, 100 years before 2026-12-02 is 1926-12-02.
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
        ["last", "week"] => shifted("1", "week", today, Direction::Back),
        ["last", "month"] => shifted("1", "month", today, Direction::Back),
        ["last", "year"] => shifted("1", "year", today, Direction::Back),
        ["next", "week"] => shifted("1", "week", today, Direction::Ahead),
        ["last", day] => weekday(day).and_then(|d| last_weekday(d, today)),
        ["this", day] => weekday(day).and_then(|d| this_weeks(d, today)),
        ["next", day] => weekday(day)
            .and_then(|d| this_weeks(d, today))
            .and_then(|d| d.checked_add_days(Days::new(7))),
        [amount, "ago"] => amount
            .find(|c: char| !c.is_ascii_digit())
            .and_then(|split| shifted(&amount[..split], &amount[split..], today, Direction::Back)),
        ["a" | "an" | "one", unit, "ago"] => shifted("1", unit, today, Direction::Back),
        [number, unit, "ago"] => shifted(number, unit, today, Direction::Back),
        ["in", "a" | "an" | "one", unit] => shifted("1", unit, today, Direction::Ahead),
        ["in", number, unit] => shifted(number, unit, today, Direction::Ahead),
        [month, day] | [month, day, _] if month_number(month).is_some() => {
            return named(words, month, day, Yearless::Past(today));
        }
        [day, month] | [day, month, _] if month_number(month).is_some() => {
            return named(words, month, day, Yearless::Past(today));
        }
        [numeric] => return numeric_date(numeric, Yearless::Past(today)),
        _ => None,
    };
    date.map_or(DateReading::NotADate, DateReading::Date)
}

/// Why a day and month make no date ("February has no 30th day"), when they are numbers a
/// date could have; `None` when they do make one (in `year`, or in a leap year).
fn impossible(day: u32, month: u32, year: Option<i32>) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let valid = match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day).is_some(),
        None => NaiveDate::from_ymd_opt(2024, month, day).is_some(),
    };
    if valid {
        return None;
    }
    let name = MONTHS[month as usize - 1];
    let suffix = match (day % 10, day % 100) {
        (1, d) if d != 11 => "st",
        (2, d) if d != 12 => "nd",
        (3, d) if d != 13 => "rd",
        _ => "th",
    };
    Some(match year {
        Some(year) if day <= 29 => format!("{name} {year} has no {day}{suffix} day"),
        _ => format!("{name} has no {day}{suffix} day"),
    })
}

fn month_number(word: &str) -> Option<u32> {
    kith_domain::text::month_number(word.trim_end_matches(['.', ',']))
}

/// Which year a day and month typed without one fall in.
#[derive(Clone, Copy)]
enum Yearless {
    /// The latest one at most two weeks ahead of this day (what happened: /log).
    Past(NaiveDate),
    /// The first one on or after this day (what is to come: a reminder).
    Next(NaiveDate),
}

impl Yearless {
    fn date(self, month: u32, day: u32) -> Option<NaiveDate> {
        match self {
            Yearless::Past(today) => yearless(month, day, today),
            Yearless::Next(today) => (0..=8)
                .filter_map(|ahead| NaiveDate::from_ymd_opt(today.year() + ahead, month, day))
                .find(|date| *date >= today),
        }
    }
}

/// "Nov 28", "28 November", "Nov 28 2025", "28 Nov, 2025".
fn named(words: &[&str], month: &str, day: &str, yearless: Yearless) -> DateReading {
    let Some(month) = month_number(month) else {
        return DateReading::NotADate;
    };
    let Ok(day) = day
        .trim_end_matches([',', '.'])
        .trim_end_matches("st")
        .trim_end_matches("nd")
        .trim_end_matches("rd")
        .trim_end_matches("th")
        .parse::<u32>()
    else {
        return DateReading::NotADate;
    };
    let year = match words.get(2).map(|y| y.trim_end_matches('.').parse::<i32>()) {
        Some(Ok(year)) => Some(year),
        Some(Err(_)) => return DateReading::NotADate,
        None => None,
    };
    if (1..=31).contains(&day)
        && let Some(why) = impossible(day, month, year)
    {
        return DateReading::Impossible(why);
    }
    let date = match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day),
        None => yearless.date(month, day),
    };
    date.map_or(DateReading::NotADate, DateReading::Date)
}

/// A day and month without a year: this year's, unless that is more than two weeks
/// ahead, then the latest year before that has the day ("Feb 29" typed in 2026 is
/// 2024-02-29, the last one there was).
fn yearless(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    // Eight years back always reach a February 29th (1900 and 2100 are not leap years).
    (0..=8)
        .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, month, day))
        .find(|date| (*date - today).num_days() <= YEARLESS_AHEAD_DAYS)
}

/// "2026-11-01", "31/12", "12/31/2025", "28.11.", "28.11.2025". Dots are always day
/// first; a slash date is read the way only one order allows, or is ambiguous.
fn numeric_date(text: &str, yearless: Yearless) -> DateReading {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return DateReading::Date(date);
    }
    if let [year, month, day] = text.split('-').collect::<Vec<_>>()[..]
        && year.len() == 4
        && let (Ok(year), Ok(month), Ok(day)) = (year.parse(), month.parse(), day.parse())
    {
        return match impossible(day, month, Some(year)) {
            Some(why) if (1..=31).contains(&day) => DateReading::Impossible(why),
            _ => DateReading::NotADate,
        };
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
        None => yearless.date(month, day),
    };
    let why = |day: u32, month: u32| {
        impossible(day, month, year)
            .filter(|_| (1..=31).contains(&day))
            .map_or(DateReading::NotADate, DateReading::Impossible)
    };
    if dotted {
        return make(first, second).map_or_else(|| why(first, second), DateReading::Date);
    }
    match (make(first, second), make(second, first)) {
        (Some(day_first), Some(month_first)) if day_first != month_first => {
            DateReading::Ambiguous {
                day_first,
                month_first,
            }
        }
        (Some(date), _) | (None, Some(date)) => DateReading::Date(date),
        // Neither way round is a date: say why for the day-first reading (the one the
        // month-first reading cannot beat, as its month is over 12 or its day too large).
        (None, None) if second <= 12 => why(first, second),
        (None, None) => why(second, first),
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

/// The week (Monday to Sunday) of `today`'s `day`.
fn this_weeks(day: Weekday, today: NaiveDate) -> Option<NaiveDate> {
    let monday =
        today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))?;
    monday.checked_add_days(Days::new(u64::from(day.num_days_from_monday())))
}

#[derive(Clone, Copy)]
enum Direction {
    Back,
    Ahead,
}

/// `number` days, weeks, months or years before or after `today`, months and years by
/// the calendar (the day of the month kept, or the month's last day when it has fewer).
fn shifted(number: &str, unit: &str, today: NaiveDate, direction: Direction) -> Option<NaiveDate> {
    let n: u32 = number.parse().ok().filter(|n| *n <= 36_500)?;
    enum Step {
        Days(u64),
        Months(u32),
    }
    let step = match unit {
        "d" | "day" | "days" => Step::Days(u64::from(n)),
        "w" | "wk" | "week" | "weeks" => Step::Days(u64::from(n) * 7),
        "fortnight" | "fortnights" => Step::Days(u64::from(n) * 14),
        "m" | "mo" | "month" | "months" => Step::Months(n),
        "y" | "yr" | "year" | "years" => Step::Months(n.checked_mul(12)?),
        _ => return None,
    };
    match (step, direction) {
        (Step::Days(days), Direction::Back) => today.checked_sub_days(Days::new(days)),
        (Step::Days(days), Direction::Ahead) => today.checked_add_days(Days::new(days)),
        (Step::Months(months), Direction::Back) => today.checked_sub_months(Months::new(months)),
        (Step::Months(months), Direction::Ahead) => today.checked_add_months(Months::new(months)),
    }
}

/// "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago", "2 years ago", and
/// the same ahead: "in 3 days", "in 2 weeks", "in 3 months", "in 2 years".
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match (days, whole_months(date, today)) {
        (0, _) => "today".to_owned(),
        (1, _) => "yesterday".to_owned(),
        (-1, _) => "tomorrow".to_owned(),
        (d, _) if d > -14 && d < 0 => format!("in {}", plural(-d, "day")),
        (d, _) if d < 0 => match whole_months(today, date) {
            0 => format!("in {}", plural(-d / 7, "week")),
            months if months < 24 => format!("in {}", plural(months, "month")),
            months => format!("in {}", plural(months / 12, "year")),
        },
        (d, _) if d < 14 => format!("{} ago", plural(d, "day")),
        (d, 0) => format!("{} ago", plural(d / 7, "week")),
        (_, months) if months < 24 => format!("{} ago", plural(months, "month")),
        (_, months) => format!("{} ago", plural(months / 12, "year")),
    }
}

/// Whole calendar months from `date` to `today`, by the same arithmetic "1 month ago"
/// is read with: 2026-10-26 is 1 month before 2026-11-26, 2026-02-28 1 month before
/// 2026-03-31.
fn whole_months(date: NaiveDate, today: NaiveDate) -> i64 {
    let months = i64::from(today.year() - date.year()) * 12 + i64::from(today.month())
        - i64::from(date.month());
    let reached = u32::try_from(months)
        .ok()
        .and_then(|m| date.checked_add_months(Months::new(m)))
        .is_some_and(|shifted| shifted <= today);
    if reached { months } else { months - 1 }
}

/// An ISO date with its relative hint: "2026-11-05 (3 weeks ago)".
pub fn dated(date: NaiveDate, today: NaiveDate) -> String {
    format!("{date} ({})", relative(date, today))
}

#[cfg(test)]
mod tests;
