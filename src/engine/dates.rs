//! Dates as people type them: today, yesterday, weekday names, `3d ago`, `2 weeks ago`,
//! ISO dates. Pure: "today" is always a parameter. Also the relative hints shown beside
//! ISO dates in replies ("3 weeks ago").

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Parses a date phrase relative to `today`. Weekday names mean the most recent such day
/// before today ("monday" on a Monday is a week ago).
pub fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words: &[&str] = match words.as_slice() {
        ["on", rest @ ..] => rest,
        other => other,
    };
    match words {
        ["today"] => Some(today),
        ["yesterday"] => today.checked_sub_days(Days::new(1)),
        ["tomorrow"] => today.checked_add_days(Days::new(1)),
        [day] if weekday(day).is_some() => last_weekday(weekday(day)?, today),
        ["last", day] => last_weekday(weekday(day)?, today),
        [amount, "ago"] => {
            let split = amount.find(|c: char| !c.is_ascii_digit())?;
            ago(&amount[..split], &amount[split..], today)
        }
        [number, unit, "ago"] => ago(number, unit, today),
        [iso] => NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok(),
        _ => None,
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
