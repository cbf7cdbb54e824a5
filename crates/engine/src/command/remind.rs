//! `/remind NAME WHEN[: TEXT]` read into a name and a `Reminder`: the WHEN is the
//! longest tail of the words before the colon that reads as one (a name is never
//! guessed: it is resolved later like every command's). A day already past, a day no
//! calendar has, or no WHEN at all is refused with what was read and an example.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Args, Command, ParseError};
use crate::dates::{When, WhenReading, read_when};
use crate::logline::split_notes;

/// What a follow-up is to be: when, and what about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// The day (its day-first reading when `month_first` is set), time and repeat.
    pub when: When,
    /// The month-first reading of a slash date that reads both ways (`3/5`): asked
    /// about, never guessed.
    pub month_first: Option<NaiveDate>,
    /// What to do; may be empty.
    pub text: String,
    /// The name and the WHEN as typed (empty when the WHEN came from a button or a
    /// question): a WHEN that is the end of the person's name is asked about.
    #[serde(default, skip_serializing_if = "Typed::is_empty")]
    pub typed: Typed,
}

/// The words of a `/remind` line read as the name and as the WHEN.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typed {
    pub name: String,
    pub when: String,
}

impl Typed {
    fn is_empty(&self) -> bool {
        self.when.is_empty()
    }
}

/// The example every refusal of `/remind` quotes.
pub const REMIND_EXAMPLE: &str = "/remind Bob in 2 weeks: ask about the move";

pub(super) fn remind(args: Args) -> Result<Command, ParseError> {
    let (head, text) = split_notes(args.text).unwrap_or((args.text, ""));
    let words: Vec<&str> = head.split_whitespace().collect();
    if words.len() < 2 {
        return Err(args.missing());
    }
    for length in (1..words.len()).rev() {
        let tail = words[words.len() - length..].join(" ");
        let name = words[..words.len() - length].join(" ");
        let reading = match read_when(&tail, args.today) {
            WhenReading::NotAWhen => continue,
            WhenReading::Impossible(why) => {
                return Err(ParseError::Invalid(format!(
                    "\"{tail}\" is not a day: {why}. For example: {REMIND_EXAMPLE}"
                )));
            }
            WhenReading::Wrong(why) => {
                return Err(ParseError::Invalid(format!(
                    "{why}. For example: {REMIND_EXAMPLE}"
                )));
            }
            WhenReading::When(when) => Reminder {
                when,
                month_first: None,
                text: text.to_owned(),
                typed: Typed::default(),
            },
            WhenReading::Ambiguous {
                day_first,
                month_first,
            } => Reminder {
                when: day_first,
                month_first: Some(month_first),
                text: text.to_owned(),
                typed: Typed::default(),
            },
        };
        let reading = Reminder {
            typed: Typed {
                name: name.clone(),
                when: tail.clone(),
            },
            ..reading
        };
        let past = |on: NaiveDate| on < args.today;
        if past(reading.when.on) && reading.month_first.is_none_or(past) {
            return Err(past_day(&tail, reading.when.on, args.today));
        }
        return Ok(Command::Remind {
            name,
            reminder: reading,
        });
    }
    Err(ParseError::Invalid(format!(
        "I found no day at the end of \"{head}\" (a name, then when: a date, \"tomorrow\", \"friday\", \"in 2 weeks\", \"every 3 months\"). For example: {REMIND_EXAMPLE}"
    )))
}

/// "\"yesterday\" is Wed 25 Nov 2026, already past (today is Thu 26 Nov 2026)."
pub(crate) fn past_day(typed: &str, on: NaiveDate, today: NaiveDate) -> ParseError {
    ParseError::Invalid(format!(
        "\"{typed}\" is {}, already past (today is {}). A follow-up needs a day from today on. For example: {REMIND_EXAMPLE}",
        on.format("%a %-d %b %Y"),
        today.format("%a %-d %b %Y"),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn read(text: &str) -> Result<(String, String, String), String> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        match parse(text, today) {
            Ok(Command::Remind { name, reminder }) => {
                Ok((name, reminder.when.shown(), reminder.text))
            }
            Ok(other) => Err(format!("{other:?}")),
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn the_longest_tail_that_reads_as_a_day_is_the_when_and_the_rest_the_name() {
        let cases = [
            (
                "/remind Zoë Müller on 14 Dec: ask how the surgery went",
                ("Zoë Müller", "Mon 14 Dec 2026", "ask how the surgery went"),
            ),
            ("/remind Bob in 2 weeks", ("Bob", "Thu 10 Dec 2026", "")),
            (
                "/remind Ana every 3 months: quarterly catch-up",
                (
                    "Ana",
                    "Fri 26 Feb 2027, every 3 months",
                    "quarterly catch-up",
                ),
            ),
            (
                "/remind Bob Marley tomorrow 15:00: call: about the gig",
                (
                    "Bob Marley",
                    "Fri 27 Nov 2026 at 15:00",
                    "call: about the gig",
                ),
            ),
            (
                "/remind May Smith friday at 9",
                ("May Smith", "Fri 27 Nov 2026 at 09:00", ""),
            ),
            (
                "/remind #4 every year on 3 Mar",
                ("#4", "Wed 3 Mar 2027, every year", ""),
            ),
        ];
        for (typed, (name, when, text)) in cases {
            assert_eq!(
                read(typed),
                Ok((name.to_owned(), when.to_owned(), text.to_owned())),
                "{typed}"
            );
        }
    }

    #[test]
    fn no_day_a_past_day_or_no_name_is_refused() {
        for typed in [
            "/remind",
            "/remind tomorrow",
            "/remind Bob soonish",
            "/remind Bob yesterday",
            "/remind Bob 31/02",
        ] {
            assert!(read(typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn a_fortnight_and_a_time_before_the_day_read() {
        let cases = [
            ("/remind Bob in a fortnight", ("Bob", "Thu 10 Dec 2026", "")),
            (
                "/remind Bob in 2 fortnights",
                ("Bob", "Thu 24 Dec 2026", ""),
            ),
            (
                "/remind Bob Tester at 9 tomorrow: call",
                ("Bob Tester", "Fri 27 Nov 2026 at 09:00", "call"),
            ),
            (
                "/remind Bob 15:00 friday",
                ("Bob", "Fri 27 Nov 2026 at 15:00", ""),
            ),
        ];
        for (typed, (name, when, text)) in cases {
            assert_eq!(
                read(typed),
                Ok((name.to_owned(), when.to_owned(), text.to_owned())),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_wrong_time_or_repeat_was_blamed_on_the_name() {
        let time = "\"25:00\" is not a time of day (hours go from 0 to 23, minutes from 00 to 59). For example: /remind Bob in 2 weeks: ask about the move";
        for typed in [
            "/remind Bob Tester 25:00 tomorrow",
            "/remind Bob Tester friday at 25:00",
            "/remind Bob Tester next friday at 25:00",
        ] {
            assert_eq!(read(typed), Err(time.to_owned()), "{typed}");
        }
        assert_eq!(
            read("/remind Bob friday 9:75"),
            Err("\"9:75\" is not a time of day (hours go from 0 to 23, minutes from 00 to 59). For example: /remind Bob in 2 weeks: ask about the move".to_owned())
        );
        assert_eq!(
            read("/remind Bob Tester every 0 days"),
            Err("\"every 0 days\" is not a repeat: it can be every 1 to 1000 days, weeks, months or years. For example: /remind Bob in 2 weeks: ask about the move".to_owned())
        );
    }
}
