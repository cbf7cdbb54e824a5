//! The parsers of `/topic` (something to bring up with a person next time) and `/date`
//! (a day that matters to them): what each line asks, with no store. A `/date` line's
//! name and label are told apart here only when a colon or quotes mark them; otherwise
//! the engine splits them by who exists.

use serde::{Deserialize, Serialize};

use super::{Args, Command, ParseError};
use crate::logline::split_notes;
use kith_domain::contact::Birthday;

/// What a `/date` line asks of a person's important dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateLine {
    /// Their dates, birthday included.
    List,
    /// A new date. `on` is the day as stored (`2015-06-20`, `--05-03`).
    Add {
        label: String,
        on: String,
        yearly: bool,
        /// Whether the name and the label were told apart (by a colon or quotes); when
        /// not, the name holds all the words before the date and the label is empty.
        split: bool,
    },
    /// Remove the date with this label.
    Remove(String),
}

/// `/topic NAME: TEXT` keeps a topic; `/topic NAME` lists them.
pub(super) fn topic(args: Args) -> Result<Command, ParseError> {
    if args.text.is_empty() {
        return Err(args.missing());
    }
    let Some((name, text)) = split_notes(args.text) else {
        return Ok(Command::Topic {
            name: args.text.to_owned(),
            text: None,
        });
    };
    if name.is_empty() || text.is_empty() {
        return Err(args.missing());
    }
    Ok(Command::Topic {
        name: name.to_owned(),
        text: Some(text.to_owned()),
    })
}

/// `/date NAME`, `/date NAME LABEL DATE [yearly]`, `/date NAME: LABEL DATE`,
/// `/date NAME "LABEL" DATE`, `/date NAME - LABEL`.
pub(super) fn date(args: Args) -> Result<Command, ParseError> {
    let text = args.text;
    if text.is_empty() {
        return Err(args.missing());
    }
    if text.ends_with(" -") {
        return Err(args.missing_that("a name, \" - \" and the label of the date to remove"));
    }
    if let Some((name, label)) = text.split_once(" - ") {
        let (name, label) = (name.trim(), unquoted(label.trim()));
        if name.is_empty() || label.is_empty() {
            return Err(args.missing());
        }
        return Ok(Command::Date {
            name: name.to_owned(),
            line: DateLine::Remove(label.to_owned()),
        });
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let (mut head, yearly_after) = without_yearly(&words);
    let Some((at, on)) = date_tail(head) else {
        if split_notes(text).is_some() || text.contains('"') {
            return Err(args.missing_that(
                "a date at the end that reads as one (20 June 2015, 3 May, 2027-03-03)",
            ));
        }
        return Ok(Command::Date {
            name: text.to_owned(),
            line: DateLine::List,
        });
    };
    head = &head[..at];
    if head.last().is_some_and(|w| w.eq_ignore_ascii_case("on")) {
        head = &head[..head.len() - 1];
    }
    let (head, yearly_before) = without_yearly(head);
    let (name, label, split) = name_and_label(&head.join(" ")).ok_or_else(|| args.missing())?;
    Ok(Command::Date {
        name,
        line: DateLine::Add {
            label,
            on: on.stored(),
            yearly: yearly_after || yearly_before,
            split,
        },
    })
}

/// The words without a trailing "yearly" or "every year", and whether one was there.
fn without_yearly<'a, 'w>(words: &'a [&'w str]) -> (&'a [&'w str], bool) {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match lower.as_slice() {
        [.., every, year] if every == "every" && year == "year" => {
            (&words[..words.len() - 2], true)
        }
        [.., yearly] if yearly == "yearly" => (&words[..words.len() - 1], true),
        _ => (words, false),
    }
}

/// The longest tail of up to three words that reads as a date, leaving at least one word
/// before it: where it starts and the date.
fn date_tail(words: &[&str]) -> Option<(usize, Birthday)> {
    (1..=3.min(words.len().saturating_sub(1)))
        .rev()
        .find_map(|size| {
            let at = words.len() - size;
            Birthday::parse(&words[at..].join(" "))
                .ok()
                .map(|on| (at, on))
        })
}

/// "Ana Souza: anniversary", `Ana "daughter's birthday"`, or (not split) "Ana Souza
/// anniversary" as the name with an empty label.
fn name_and_label(head: &str) -> Option<(String, String, bool)> {
    if let Some((name, label)) = split_notes(head) {
        let label = unquoted(label);
        return (!name.is_empty() && !label.is_empty())
            .then(|| (name.to_owned(), label.to_owned(), true));
    }
    if let Some(open) = head.find('"') {
        let (name, label) = (head[..open].trim(), unquoted(head[open..].trim()));
        return (!name.is_empty() && !label.is_empty() && head.ends_with('"'))
            .then(|| (name.to_owned(), label.to_owned(), true));
    }
    (head.split_whitespace().count() >= 2).then(|| (head.to_owned(), String::new(), false))
}

/// The text without the quotes around it.
fn unquoted(text: &str) -> &str {
    text.trim().trim_matches('"').trim()
}

/// A `/date` line whose name and label were not told apart, split after the first
/// `name_words` words.
pub fn split_date_name(name: &str, name_words: usize) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let at = name_words.clamp(1, words.len().saturating_sub(1).max(1));
    (words[..at].join(" "), words[at..].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::parse;
    use chrono::NaiveDate;

    fn command(text: &str) -> Result<Command, ParseError> {
        parse(text, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())
    }

    fn added(name: &str, label: &str, on: &str, yearly: bool, split: bool) -> Command {
        Command::Date {
            name: name.into(),
            line: DateLine::Add {
                label: label.into(),
                on: on.into(),
                yearly,
                split,
            },
        }
    }

    #[test]
    fn date_lines_read_their_date_from_the_end() {
        let cases = [
            (
                "/date Ana Souza anniversary 20 June 2015",
                added("Ana Souza anniversary", "", "2015-06-20", false, false),
            ),
            (
                "/date Bob moving to Lisbon on 3 Mar 2027",
                added("Bob moving to Lisbon", "", "2027-03-03", false, false),
            ),
            (
                "/date Ana daughter's birthday 3 May",
                added("Ana daughter's birthday", "", "--05-03", false, false),
            ),
            (
                "/date Ana: daughter's birthday 3.5. every year",
                added("Ana", "daughter's birthday", "--05-03", true, true),
            ),
            (
                "/date Ana Souza \"first day at Acme\" 2027-01-15 yearly",
                added("Ana Souza", "first day at Acme", "2027-01-15", true, true),
            ),
            (
                "/date Ana yearly wedding 20 June 2015",
                added("Ana yearly wedding", "", "2015-06-20", false, false),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(command(text).unwrap(), expected, "{text}");
        }
        assert_eq!(split_date_name("Ana Souza anniversary", 2).1, "anniversary");
        assert_eq!(
            split_date_name("Ana daughter's birthday", 1).1,
            "daughter's birthday"
        );
    }

    #[test]
    fn date_lines_list_remove_and_refuse() {
        assert_eq!(
            command("/date Ana Souza").unwrap(),
            Command::Date {
                name: "Ana Souza".into(),
                line: DateLine::List
            }
        );
        assert_eq!(
            command("/date Ana Souza - \"anniversary\"").unwrap(),
            Command::Date {
                name: "Ana Souza".into(),
                line: DateLine::Remove("anniversary".into())
            }
        );
        for bad in [
            "/date",
            "/date Ana - ",
            "/date Ana: 3 May",
            "/date Ana: birthday soon",
        ] {
            assert!(
                matches!(command(bad), Err(ParseError::Missing { .. })),
                "{bad}: {:?}",
                command(bad)
            );
        }
    }

    #[test]
    fn topic_lines_keep_text_after_the_colon() {
        assert_eq!(
            command("/topic Ana: the Lisbon intro").unwrap(),
            Command::Topic {
                name: "Ana".into(),
                text: Some("the Lisbon intro".into())
            }
        );
        assert_eq!(
            command("/topic Ana Souza").unwrap(),
            Command::Topic {
                name: "Ana Souza".into(),
                text: None
            }
        );
        for bad in ["/topic", "/topic Ana:", "/topic : the intro"] {
            assert!(
                matches!(command(bad), Err(ParseError::Missing { .. })),
                "{bad}"
            );
        }
    }
}
