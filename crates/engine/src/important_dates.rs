//! A person's important dates (`/date`): added, listed and removed from the chat (two
//! of one label asked about, a button each), and the card's "Dates:" lines (the birthday
//! among them), next occurrence first. Also the step before resolving `/topic` and
//! `/date` names: a `/date` line's name told apart from its label by who exists, a
//! listing line whose name is no one, or whose date does not read, explained; and the
//! name a hint tells the owner to type (`#id` when the name would not find them).

use chrono::{Datelike, NaiveDate};

use super::callback::Callback;
use super::command::{Command, DateLine, split_date_name};
use super::dates::{DateReading, read_date, relative};
use super::reply::{Reply, Subject};
use super::resolve::{Resolution, resolve_name};
use super::widgets::{button, truncate};
use super::{Context, Engine};
use kith_domain::contact::Birthday;
use kith_domain::intention::{DateId, ImportantDate, moved_day};
use kith_domain::model::PersonId;
use kith_store::{Error, Reach};

/// What a command is once the names of `/topic` and `/date` are ready to resolve.
pub(super) enum Prepared {
    Command(Command),
    Answer(Reply),
}

/// One line of a person's dates: the label, the day, whether yearly, and the next day
/// it falls on (`None`: a one-off already past).
struct Dated {
    label: String,
    on: Birthday,
    yearly: bool,
    next: Option<NaiveDate>,
}

/// "Dates:" and a line for each date (the birthday among them), next occurrence first,
/// past one-offs last; none when there are none.
pub(super) fn date_lines(
    name: &str,
    birthday: Option<Birthday>,
    dates: &[ImportantDate],
    today: NaiveDate,
) -> Vec<String> {
    if dates.is_empty() {
        return Vec::new();
    }
    let mut lines = vec!["Dates:".to_owned()];
    lines.extend(sorted_lines(birthday, dates, today, CARD_DATES));
    if let Some(last) = lines.last_mut()
        && last.starts_with("  …and")
    {
        *last = last.replace("/date NAME", &format!("/date {name}"));
    }
    lines
}

/// How many dates a card lists; `/date NAME` lists up to `LISTED_DATES`.
const CARD_DATES: usize = 8;
const LISTED_DATES: usize = 25;

/// A line for each date and the birthday, next occurrence first, past one-offs last.
fn sorted_lines(
    birthday: Option<Birthday>,
    dates: &[ImportantDate],
    today: NaiveDate,
    max: usize,
) -> Vec<String> {
    let mut all: Vec<Dated> = birthday
        .map(|on| Dated {
            label: "birthday".to_owned(),
            on,
            yearly: true,
            next: Some(on.next_on_or_after(today)),
        })
        .into_iter()
        .collect();
    all.extend(dates.iter().map(|date| Dated {
        label: date.label.clone(),
        on: date.on,
        yearly: date.yearly,
        next: date.next_on_or_after(today),
    }));
    all.sort_by_key(|d| (d.next.is_none(), d.next));
    let mut lines: Vec<String> = all
        .iter()
        .take(max)
        .map(|d| format!("  {}", dated_line(d, today)))
        .collect();
    if all.len() > max {
        lines.push(format!(
            "  …and {} more (/date NAME lists them)",
            all.len() - max
        ));
    }
    lines
}

/// "Sat 28 Nov 2026 (in 2 days) — birthday, turns 36", "Tue 3 Mar 2027 — moving to
/// Lisbon (once)", "3 March 2025 — moved (once, past)".
fn dated_line(date: &Dated, today: NaiveDate) -> String {
    let label = truncate(&date.label, 80);
    let Some(next) = date.next else {
        return format!("{} — {label} (once, past)", date.on.shown());
    };
    // The relative hint every reply uses ("in 2 weeks", "in 3 months"), and a word when
    // 29 February falls on another day this year.
    let soon = format!(
        " ({}){}",
        relative(next, today),
        moved_day(date.on.month, date.on.day, next)
    );
    let years = date
        .on
        .year
        .filter(|_| date.yearly)
        .map(|first| next.year() - first)
        .filter(|years| *years > 0);
    let about = match (years, date.label.as_str()) {
        (Some(age), "birthday") => format!(", turns {age}"),
        (Some(1), _) => ", 1 year".to_owned(),
        (Some(years), _) => format!(", {years} years"),
        (None, _) if !date.yearly => " (once)".to_owned(),
        (None, _) => String::new(),
    };
    format!("{}{soon} — {label}{about}", next.format("%a %-d %b %Y"))
}

/// The answer to a `/topic` or `/date` line whose first `at` words name someone but
/// whose rest made no topic or date: what is wrong with the rest, with the line to type.
fn unread_rest(line: &str, at: usize, topic: bool, today: NaiveDate) -> Reply {
    let (name, rest) = split_date_name(line, at);
    if topic {
        return Reply::text(format!(
            "/topic needs a colon between the name and what to bring up: /topic {name}: {rest}"
        ));
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    for size in (1..=3.min(words.len())).rev() {
        let tail = words[words.len() - size..].join(" ");
        let why = match read_date(&tail, today) {
            DateReading::Impossible(why) => why,
            DateReading::Ambiguous { .. } => format!(
                "it could be read day-first or month-first; write the month as a word, like {}",
                "8 Dec"
            ),
            DateReading::Date(_) if size == words.len().min(3) || size == 1 => {
                "/date keeps a calendar day, written like 3 May, 20 June 2015 or 2027-03-03"
                    .to_owned()
            }
            _ => continue,
        };
        return Reply::text(format!(
            "{tail} is not a day I can keep: {why}. Nothing was saved."
        ));
    }
    Reply::text(format!(
        "I found no date at the end of {rest:?}. /date needs a label and a date: /date {name} anniversary 20 June 2015 (or 3 May, 2027-03-03; add \"yearly\" to keep it every year)."
    ))
}

impl Engine<'_> {
    /// Readies `/topic` and `/date` names for resolving: a `/date` line's words before
    /// its date become the longest leading name someone has and the label after it; a
    /// listing line (`/topic NAME`, `/date NAME`) whose name is no one, but has more
    /// words than a name, is answered with what the command needs.
    pub(super) fn prepared(&self, context: Context, command: Command) -> Result<Prepared, Error> {
        match command {
            Command::Date {
                name,
                line:
                    DateLine::Add {
                        label,
                        on,
                        yearly,
                        split: false,
                    },
            } => {
                let at = self.leading_name(&name)?.unwrap_or(1);
                let (name, rest) = split_date_name(&name, at);
                let label = if label.is_empty() { rest } else { label };
                let line = DateLine::Add {
                    label,
                    on,
                    yearly,
                    split: true,
                };
                Ok(Prepared::Command(Command::Date { name, line }))
            }
            Command::Topic {
                ref name,
                text: None,
            }
            | Command::Date {
                ref name,
                line: DateLine::List,
            } if name.split_whitespace().count() > 1
                && matches!(
                    resolve_name(self, name, Reach::Everyone)?,
                    Resolution::Missing
                ) =>
            {
                let topic = matches!(command, Command::Topic { .. });
                Ok(match self.leading_name(name)? {
                    Some(at) => Prepared::Answer(unread_rest(name, at, topic, context.today)),
                    None => self.nobody_named(command),
                })
            }
            other => Ok(Prepared::Command(other)),
        }
    }

    /// How many of the words of `line` (all but the last) make the longest leading name
    /// someone has, a `#number` included; `None` when no start does. A start ending in a
    /// word with no letter or digit ("Ana 🎂", "Ana &") is never a name: that word
    /// begins the label.
    fn leading_name(&self, line: &str) -> Result<Option<usize>, Error> {
        let words = line.split_whitespace().count();
        for size in (1..words).rev() {
            let (prefix, _) = split_date_name(line, size);
            let last = prefix.split_whitespace().last().unwrap_or_default();
            if !last.chars().any(char::is_alphanumeric) {
                continue;
            }
            if !matches!(
                resolve_name(self, &prefix, Reach::Everyone)?,
                Resolution::Missing
            ) {
                return Ok(Some(size));
            }
        }
        Ok(None)
    }

    /// A listing line whose name is no one and starts with no one's name either.
    fn nobody_named(&self, command: Command) -> Prepared {
        let name = match &command {
            Command::Topic { name, .. } | Command::Date { name, .. } => name.trim().to_owned(),
            _ => String::new(),
        };
        let first = name.split_whitespace().next().unwrap_or_default();
        if first.starts_with('#') && first[1..].parse::<i64>().is_ok() {
            return Prepared::Answer(Reply::text(format!("No one has the number {first}.")));
        }
        if name.split_whitespace().count() == 2 {
            // Perhaps a two-word name no one has: the resolver says so.
            return Prepared::Command(command);
        }
        let (word, example) = match command {
            Command::Topic { .. } => ("topic", "/topic Ana Souza: the Lisbon intro"),
            _ => ("date", "/date Ana Souza anniversary 20 June 2015"),
        };
        let what = if word == "topic" {
            "a colon between the name and what to bring up"
        } else {
            "a date at the end that reads as one (20 June 2015, 3 May, 2027-03-03)"
        };
        Prepared::Answer(Reply::text(format!(
            "I don't know anyone called {name:?}. If that was a {word}, /{word} needs {what}. For example: {example}"
        )))
    }

    /// The name to type in a command for `person`: their name when it finds them alone
    /// (and reads back whole), else their `#number`, which always does.
    pub(super) fn typed_name(&self, person: PersonId) -> Result<String, Error> {
        let name = self.store.person(person)?.name();
        let whole = !name.contains([':', '"', '#']) && !name.contains(" - ");
        Ok(match resolve_name(self, &name, Reach::Everyone)? {
            Resolution::Found(found) if found == person && whole => name,
            _ => format!("#{person}"),
        })
    }

    /// `/date NAME …`: list, add or remove one of a person's dates.
    pub(super) fn important_date(
        &mut self,
        context: Context,
        person: PersonId,
        line: DateLine,
    ) -> Result<Reply, Error> {
        let name = self.told_apart_name(person)?;
        let typed = self.typed_name(person)?;
        let reply = match line {
            DateLine::List => {
                let birthday = self.store.birthday_of(person)?;
                let dates = self.store.important_dates_of(person)?;
                let lines = sorted_lines(birthday, &dates, context.today, LISTED_DATES);
                if lines.is_empty() {
                    Reply::text(format!(
                        "No dates kept for {name}. Add one: /date {typed} anniversary 20 June 2015"
                    ))
                } else {
                    let remove = if dates.is_empty() {
                        format!("Add one: /date {typed} anniversary 20 June 2015")
                    } else {
                        format!("Remove one with /date {typed} - LABEL")
                    };
                    Reply::text(format!("{name}'s dates:\n{}\n{remove}", lines.join("\n")))
                }
            }
            DateLine::Add {
                label, on, yearly, ..
            } => self.add_date(context, person, (&name, &typed), (&label, &on, yearly))?,
            DateLine::Remove(label) => self.remove_date(context, person, &name, &label)?,
        };
        Ok(reply.about(Subject::Person(person)))
    }

    fn add_date(
        &mut self,
        context: Context,
        person: PersonId,
        (name, typed): (&str, &str),
        (label, on, yearly): (&str, &str, bool),
    ) -> Result<Reply, Error> {
        let on = Birthday::parse(on)?;
        if label.trim().eq_ignore_ascii_case("birthday") {
            return Ok(Reply::text(format!(
                "A birthday is kept on its own: /set {typed} birthday {}",
                on.shown()
            )));
        }
        let existing = self.store.important_dates_of(person)?;
        if let Some(same) = existing
            .iter()
            .find(|d| d.label.trim().eq_ignore_ascii_case(label.trim()))
        {
            return Ok(Reply::text(format!(
                "{name} already has a date called {:?} ({}). Remove it first with /date {typed} - {}",
                same.label,
                same.on.shown(),
                same.label
            )));
        }
        let id = self.store.add_important_date(person, label, on, yearly)?;
        let date = self
            .store
            .important_dates_of(person)?
            .into_iter()
            .find(|d| d.id == id)
            .expect("the date just added is the person's");
        let how = if date.yearly {
            "every year".to_owned()
        } else {
            "once".to_owned()
        };
        let next = match date.next_on_or_after(context.today) {
            Some(next) => format!(
                ", next on {}{}",
                next.format("%A %-d %B %Y"),
                moved_day(on.month, on.day, next)
            ),
            None => ". That day has passed: add \"yearly\" to keep it every year".to_owned(),
        };
        Ok(Reply::text(format!(
            "Date for {name}: {} — {}, {how}{next}.",
            truncate(label, 80),
            on.shown()
        )))
    }

    fn remove_date(
        &mut self,
        context: Context,
        person: PersonId,
        name: &str,
        label: &str,
    ) -> Result<Reply, Error> {
        let wanted = label.trim().to_lowercase();
        let dates = self.store.important_dates_of(person)?;
        let matching: Vec<&ImportantDate> = dates
            .iter()
            .filter(|d| d.label.trim().to_lowercase() == wanted)
            .collect();
        match matching.as_slice() {
            [] if wanted == "birthday" => {
                let typed = self.typed_name(person)?;
                Ok(Reply::text(format!(
                    "{name}'s birthday is not one of their dates: change it with /set {typed} birthday 14 March, or clear it with /set {typed} birthday -. Nothing changed."
                )))
            }
            [] => {
                let labels: Vec<String> = dates.iter().map(|d| format!("{:?}", d.label)).collect();
                Ok(Reply::text(if labels.is_empty() {
                    format!("{name} has no dates to remove.")
                } else {
                    format!(
                        "{name} has no date called {label:?}; theirs: {}.",
                        truncate(&labels.join(", "), 1_000)
                    )
                }))
            }
            [date] => {
                self.store.remove_important_date(date.id)?;
                Ok(removed_answer(name, date))
            }
            several => {
                // Two of one label (an older merge or an import made them): which one? The
                // question is a pending action, so answering it expires its other buttons.
                let ids: Vec<DateId> = several.iter().take(10).map(|d| d.id).collect();
                let json = serde_json::to_string(&RemoveDatePending { remove_date: ids })
                    .expect("pending actions serialise");
                let pending = self.store.save_pending(context.chat, &json, context.now)?;
                let mut reply = Reply::text(format!(
                    "{name} has {} dates called {label:?}. Which one should go?",
                    several.len()
                ));
                for date in several.iter().take(10) {
                    reply = reply.with_row(vec![button(
                        format!("Remove {}", date.on.shown()),
                        Callback::RemoveDate {
                            pending,
                            date: date.id,
                        },
                    )]);
                }
                Ok(reply)
            }
        }
    }

    /// **Remove …** on one of two dates of one label: the question is answered once, so
    /// pressed again, or another of its buttons pressed, the button has expired.
    pub(super) fn remove_date_pressed(
        &mut self,
        context: Context,
        pending: i64,
        date: DateId,
    ) -> Result<Reply, Error> {
        let Some(RemoveDatePending { remove_date: ids }) = self.take_pending(context, pending)?
        else {
            return Ok(Reply::expired());
        };
        if !ids.contains(&date) {
            return Ok(Reply::expired());
        }
        let date = self.store.important_date(date)?;
        let name = self.told_apart_name(date.person)?;
        self.store.remove_important_date(date.id)?;
        Ok(removed_answer(&name, &date).about(Subject::Person(date.person)))
    }
}

/// A "Which one should go?" question waiting for one of its buttons (the field name
/// keeps it apart from the other actions waiting in the chat).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RemoveDatePending {
    remove_date: Vec<DateId>,
}

/// "Removed Ana's date: anniversary — 20 June 2015."
fn removed_answer(name: &str, date: &ImportantDate) -> Reply {
    Reply::text(format!(
        "Removed {name}'s date: {} — {}.",
        truncate(&date.label, 80),
        date.on.shown()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(label: &str, on: &str, yearly: bool) -> ImportantDate {
        ImportantDate {
            id: DateId(1),
            person: PersonId(1),
            label: label.into(),
            on: Birthday::parse(on).unwrap(),
            yearly: yearly || !on.chars().next().is_some_and(|c| c.is_ascii_digit()),
        }
    }

    #[test]
    fn a_cards_dates_come_next_first_with_years_and_past_ones_last() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let dates = [
            date("moved to Porto", "2024-03-01", false),
            date("wedding", "2015-06-20", true),
            date("name day", "--11-27", false),
            date("leap", "--02-29", true),
        ];
        let birthday = Birthday::parse("1990-11-26").ok();
        assert_eq!(
            date_lines("Ana", birthday, &dates, today),
            [
                "Dates:",
                "  Thu 26 Nov 2026 (today) — birthday, turns 36",
                "  Fri 27 Nov 2026 (tomorrow) — name day",
                "  Mon 1 Mar 2027 (in 3 months) (29 Feb in 2027 falls on 1 Mar) — leap",
                "  Sun 20 Jun 2027 (in 6 months) — wedding, 12 years",
                "  1 March 2024 — moved to Porto (once, past)",
            ]
        );
        assert!(date_lines("Ana", birthday, &[], today).is_empty());
        let many: Vec<ImportantDate> = (0..CARD_DATES + 2)
            .map(|_| date("x", "--01-01", true))
            .collect();
        let lines = date_lines("Ana", None, &many, today);
        assert_eq!(lines.len(), CARD_DATES + 2);
        assert_eq!(
            lines.last().unwrap(),
            "  …and 2 more (/date Ana lists them)"
        );
    }
}
