//! The date reader's table tests: past phrases as /log reads them, future ones as a
//! reminder does.

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
        ("2 months ago", Some("2026-09-26")),
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
        ("31/02", None),
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
    // The future, as a reminder reads it.
    for (input, on, at, repeat) in future_phrases() {
        let read = match read_when(input, today) {
            WhenReading::When(when) => Some((
                when.on.to_string(),
                when.at.map(|t| t.format("%H:%M").to_string()),
                when.repeat.map(|r| r.stored()),
            )),
            _ => None,
        };
        let expected = on.map(|on| {
            (
                on.to_owned(),
                at.map(str::to_owned),
                repeat.map(str::to_owned),
            )
        });
        assert_eq!(read, expected, "{input:?}");
    }
    assert_eq!(
        read_when("3/5", today),
        WhenReading::Ambiguous {
            day_first: When {
                on: NaiveDate::from_ymd_opt(2027, 5, 3).unwrap(),
                at: None,
                repeat: None
            },
            month_first: NaiveDate::from_ymd_opt(2027, 3, 5).unwrap(),
        }
    );
    assert_eq!(
        read_when("31/02", today),
        WhenReading::Impossible("February has no 31st day".into())
    );
}

/// (typed, day, time, repeat) on Thursday 2026-11-26. A day and month without a year
/// are the next such day; a weekday the next one after today.
type Future = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

fn future_phrases() -> [Future; 37] {
    [
        ("tomorrow", Some("2026-11-27"), None, None),
        ("friday", Some("2026-11-27"), None, None),
        ("next friday", Some("2026-11-27"), None, None),
        ("thursday", Some("2026-12-03"), None, None),
        ("in 2 weeks", Some("2026-12-10"), None, None),
        ("in 3 days", Some("2026-11-29"), None, None),
        ("in 3 months", Some("2027-02-26"), None, None),
        ("in a month", Some("2026-12-26"), None, None),
        ("next week", Some("2026-12-03"), None, None),
        ("next month", Some("2026-12-26"), None, None),
        ("on 14 Dec", Some("2026-12-14"), None, None),
        ("14 Dec", Some("2026-12-14"), None, None),
        ("Nov 26", Some("2026-11-26"), None, None),
        ("Nov 25", Some("2027-11-25"), None, None),
        ("14.12.", Some("2026-12-14"), None, None),
        ("14/12", Some("2026-12-14"), None, None),
        ("3.5.", Some("2027-05-03"), None, None),
        ("2027-01-15", Some("2027-01-15"), None, None),
        ("tomorrow 15:00", Some("2026-11-27"), Some("15:00"), None),
        ("friday at 9", Some("2026-11-27"), Some("09:00"), None),
        ("9am", Some("2026-11-26"), Some("09:00"), None),
        ("3pm", Some("2026-11-26"), Some("15:00"), None),
        ("on 14 Dec at 3 pm", Some("2026-12-14"), Some("15:00"), None),
        ("every 3 months", Some("2027-02-26"), None, Some("3m")),
        ("every 2 weeks", Some("2026-12-10"), None, Some("2w")),
        ("every year on 3 Mar", Some("2027-03-03"), None, Some("1y")),
        ("monthly", Some("2026-12-26"), None, Some("1m")),
        ("yearly", Some("2027-11-26"), None, Some("1y")),
        (
            "every friday at 9:30",
            Some("2026-11-27"),
            Some("09:30"),
            Some("1w"),
        ),
        ("on 1 Dec every month", Some("2026-12-01"), None, Some("1m")),
        // Read, for the caller to refuse as past.
        ("yesterday", Some("2026-11-25"), None, None),
        ("2026-01-15", Some("2026-01-15"), None, None),
        ("at 25", None, None, None),
        ("every blue moon", None, None, None),
        ("soon", None, None, None),
        ("14 Dec 2026 every", None, None, None),
        ("Feb 30", None, None, None),
    ]
}

#[test]
fn dates_by_calendar_arithmetic_weekday_words_and_impossible_days() {
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let date = |text: &str| DateReading::Date(day(text));
    let impossible = |why: &str| DateReading::Impossible(why.to_owned());
    // (today, typed, read)
    let cases = [
        ("2026-12-02", "100 years ago", date("1926-12-02")),
        ("2026-12-02", "a year ago", date("2025-12-02")),
        ("2026-03-31", "1 month ago", date("2026-02-28")),
        ("2024-03-31", "a month ago", date("2024-02-29")),
        ("2026-03-31", "last month", date("2026-02-28")),
        ("2024-02-29", "1 year ago", date("2023-02-28")),
        ("2026-05-31", "3 months ago", date("2026-02-28")),
        ("2026-12-02", "6m ago", date("2026-06-02")),
        ("2026-12-02", "2 weeks ago", date("2026-11-18")),
        ("2026-12-02", "in 2 weeks", date("2026-12-16")),
        ("2026-12-02", "in 3 months", date("2027-03-02")),
        ("2026-12-02", "in a year", date("2027-12-02")),
        // 2026-12-02 is a Wednesday.
        ("2026-12-02", "monday", date("2026-11-30")),
        ("2026-12-02", "wednesday", date("2026-11-25")),
        ("2026-12-02", "last tuesday", date("2026-12-01")),
        ("2026-12-02", "this friday", date("2026-12-04")),
        ("2026-12-02", "this monday", date("2026-11-30")),
        ("2026-12-02", "next friday", date("2026-12-11")),
        ("2026-12-02", "next week", date("2026-12-09")),
        (
            "2026-12-02",
            "31/02",
            impossible("February has no 31st day"),
        ),
        (
            "2026-12-02",
            "30.02.",
            impossible("February has no 30th day"),
        ),
        (
            "2026-12-02",
            "Feb 30",
            impossible("February has no 30th day"),
        ),
        (
            "2026-12-02",
            "31 April",
            impossible("April has no 31st day"),
        ),
        (
            "2026-12-02",
            "2026-02-29",
            impossible("February 2026 has no 29th day"),
        ),
        (
            "2026-12-02",
            "29 Feb 2025",
            impossible("February 2025 has no 29th day"),
        ),
        ("2026-12-02", "13/13", impossible("there is no month 13")),
        ("2026-12-02", "29.02.2024", date("2024-02-29")),
        // February 29th without a year: the last one there was (or the coming one
        // when it is at most two weeks ahead, as for every date without a year).
        ("2026-12-02", "Feb 29", date("2024-02-29")),
        ("2026-12-02", "29 February", date("2024-02-29")),
        ("2026-12-02", "29.02.", date("2024-02-29")),
        ("2028-03-05", "Feb 29", date("2028-02-29")),
        ("2028-02-20", "Feb 29", date("2028-02-29")),
        ("2028-02-01", "Feb 29", date("2024-02-29")),
        ("2101-06-01", "Feb 29", date("2096-02-29")),
        ("2026-12-02", "45/45", DateReading::NotADate),
    ];
    for (today, typed, read) in cases {
        assert_eq!(read_date(typed, day(today)), read, "{typed:?} on {today}");
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
        ("2026-10-29", "4 weeks ago"),
        // A month is a calendar month, as "1 month ago" is read: never "4 weeks".
        ("2026-10-26", "1 month ago"),
        ("2026-10-20", "1 month ago"),
        ("2026-09-27", "1 month ago"),
        ("2026-09-26", "2 months ago"),
        ("2026-06-01", "5 months ago"),
        ("2024-11-27", "23 months ago"),
        ("2024-11-26", "2 years ago"),
        ("2023-11-01", "3 years ago"),
        ("2026-11-29", "in 3 days"),
        ("2026-12-09", "in 13 days"),
        ("2026-12-10", "in 2 weeks"),
        ("2026-12-25", "in 4 weeks"),
        ("2026-12-26", "in 1 month"),
        ("2027-02-26", "in 3 months"),
        ("2028-11-25", "in 23 months"),
        ("2028-11-26", "in 2 years"),
    ];
    for (date, expected) in cases {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        assert_eq!(relative(date, today), expected);
    }
}
