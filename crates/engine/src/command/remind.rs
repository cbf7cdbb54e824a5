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
            WhenReading::When(when) => Reminder {
                when,
                month_first: None,
                text: text.to_owned(),
            },
            WhenReading::Ambiguous {
                day_first,
                month_first,
            } => Reminder {
                when: day_first,
                month_first: Some(month_first),
                text: text.to_owned(),
            },
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
