//! Stage two's result: a command whose typed names are people. `execute` runs this typed
//! form, so each command's people are named fields, never places in a list.

use super::{Command, DateLine, Reminder};
use crate::editline::PersonEdit;
use crate::logline::LogRequest;
use kith_domain::model::{Cadence, InteractionId, PersonId};

/// A command with its people resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A command that names no one.
    Unnamed(Command),
    Person(PersonId),
    Log {
        request: LogRequest,
        people: Vec<PersonId>,
    },
    Note {
        person: PersonId,
        text: String,
    },
    Link {
        email: String,
        person: PersonId,
    },
    Tag {
        person: PersonId,
        add: Vec<String>,
        remove: Vec<String>,
    },
    Cadence {
        person: PersonId,
        cadence: Option<Cadence>,
    },
    Topic {
        person: PersonId,
        text: Option<String>,
    },
    Date {
        person: PersonId,
        line: DateLine,
    },
    Merge {
        keep: PersonId,
        other: PersonId,
    },
    History(PersonId),
    /// `introducer` is the person an `/intro … by NAME` names.
    Set {
        person: PersonId,
        edit: PersonEdit,
        introducer: Option<PersonId>,
    },
    Job {
        person: PersonId,
        organization: String,
        title: Option<String>,
        left: bool,
    },
    Archive {
        person: PersonId,
        archived: bool,
    },
    AddToInteraction {
        interaction: InteractionId,
        person: PersonId,
    },
    Remind {
        person: PersonId,
        reminder: Reminder,
    },
    RemindersOf(PersonId),
    TelegramLink {
        partner: i64,
        person: PersonId,
    },
}

impl Command {
    /// The command with `people`, one for each of `person_names` in order; `None` when
    /// their number is not the number of its names.
    pub fn resolved(self, people: &[PersonId]) -> Option<Resolved> {
        if let Command::Log(request) = self {
            return (people.len() == request.names.len()).then(|| Resolved::Log {
                request,
                people: people.to_vec(),
            });
        }
        if let (Command::Merge { .. }, [keep, other]) = (&self, people) {
            return Some(Resolved::Merge {
                keep: *keep,
                other: *other,
            });
        }
        match people {
            [] if self.person_names().is_empty() => Some(Resolved::Unnamed(self)),
            [person] => self.with_person(*person),
            [person, introducer] => match self {
                Command::Set {
                    edit: edit @ PersonEdit::Intro(Some(_)),
                    ..
                } => Some(Resolved::Set {
                    person: *person,
                    edit,
                    introducer: Some(*introducer),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// The command of one name, with its person.
    fn with_person(self, person: PersonId) -> Option<Resolved> {
        Some(match self {
            Command::Person(_) => Resolved::Person(person),
            Command::Note { text, .. } => Resolved::Note { person, text },
            Command::Link { email, .. } => Resolved::Link { email, person },
            Command::Tag { add, remove, .. } => Resolved::Tag {
                person,
                add,
                remove,
            },
            Command::Cadence { cadence, .. } => Resolved::Cadence { person, cadence },
            Command::History(_) => Resolved::History(person),
            Command::Topic { text, .. } => Resolved::Topic { person, text },
            Command::Date { line, .. } => Resolved::Date { person, line },
            Command::Set {
                edit: PersonEdit::Intro(Some(_)),
                ..
            } => return None,
            Command::Set { edit, .. } => Resolved::Set {
                person,
                edit,
                introducer: None,
            },
            Command::Job {
                organization,
                title,
                left,
                ..
            } => Resolved::Job {
                person,
                organization,
                title,
                left,
            },
            Command::Archive { archived, .. } => Resolved::Archive { person, archived },
            Command::AddToInteraction { interaction, .. } => Resolved::AddToInteraction {
                interaction,
                person,
            },
            Command::Remind { reminder, .. } => Resolved::Remind { person, reminder },
            Command::RemindersOf(_) => Resolved::RemindersOf(person),
            Command::TelegramLink { partner, .. } => Resolved::TelegramLink { partner, person },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::parse;
    use chrono::NaiveDate;

    fn command(text: &str) -> Command {
        parse(text, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).unwrap()
    }

    #[test]
    fn each_name_becomes_its_named_person() {
        let (a, b) = (PersonId(1), PersonId(2));
        assert_eq!(
            command("/merge Robert Smith, Bob Smith").resolved(&[a, b]),
            Some(Resolved::Merge { keep: a, other: b })
        );
        assert_eq!(
            command("/intro Jane Doe by Bob Jones").resolved(&[a, b]),
            Some(Resolved::Set {
                person: a,
                edit: PersonEdit::Intro(Some("Bob Jones".into())),
                introducer: Some(b),
            })
        );
        assert_eq!(
            command("/history Jane").resolved(&[a]),
            Some(Resolved::History(a))
        );
        assert_eq!(
            command("/tags").resolved(&[]),
            Some(Resolved::Unnamed(Command::Tags))
        );
    }

    #[test]
    fn a_wrong_number_of_people_resolves_nothing() {
        let (a, b) = (PersonId(1), PersonId(2));
        assert_eq!(command("/merge Robert, Bob").resolved(&[a]), None);
        assert_eq!(command("/person Jane").resolved(&[]), None);
        assert_eq!(command("/person Jane").resolved(&[a, b]), None);
        assert_eq!(command("/intro Jane by Bob").resolved(&[a]), None);
        assert_eq!(command("/tags").resolved(&[a]), None);
        assert_eq!(command("/log coffee with Ann and Bo").resolved(&[a]), None);
    }
}
